"""The method registry (metrics.methods) is the one list of methods: Spec, the CLI and the exports read it."""
import argparse

import pytest

from metrics import Dataset, Spec, assess, methods
from metrics.assessment import METHOD_NAMES
from metrics.cli import make_parser


def test_every_entry_is_complete():
    for kind in methods.KINDS:
        assert methods.keys(kind), kind
        for key, m in methods.REGISTRY[kind].items():
            assert (m.kind, m.key) == (kind, key)
            zh, en = m.names
            assert zh and en and zh != en, (kind, key)
            if key not in ("none", "framework", "equal"):
                assert callable(m.function), (kind, key)
                assert m.formula and m.reference, (kind, key)
            for o in m.options:
                assert o.cli.startswith("--") and o.help[0] and o.help[1], o
                assert not o.choices or o.default in o.choices or o.default is None, o


def test_no_two_methods_share_a_name():
    for kind in methods.KINDS:
        for lang in (0, 1):
            names = [m.names[lang] for m in methods.REGISTRY[kind].values()]
            assert len(names) == len(set(names)), (kind, names)


def test_spec_is_checked_against_the_registry():
    for kind in methods.KINDS:
        for key in methods.keys(kind):
            assert getattr(Spec(**{kind: key}), kind) == key
        with pytest.raises(ValueError, match=f"unknown {methods.KIND_NAMES[kind][1]} 'nope'"):
            Spec(**{kind: "nope"})
    with pytest.raises(ValueError, match="topsis_norm must be one of spec, vector"):
        Spec(topsis_norm="cosine")
    with pytest.raises(ValueError, match="pca_retain"):
        Spec(pca_retain="scree")


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = make_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[name]


def test_cli_choices_and_help_come_from_the_registry():
    p = _subparser("assess")
    by_flag = {s: a for a in p._actions for s in a.option_strings}
    assert tuple(by_flag["--normalize"].choices) == methods.keys("normalize")
    assert tuple(by_flag["--aggregate"].choices) == methods.keys("aggregate")
    assert tuple(by_flag["--treat"].choices) == methods.keys("treat")
    assert tuple(by_flag["--pca-retain"].choices) == methods.options("weights", "pca")[0].choices
    assert tuple(by_flag["--topsis-norm"].choices) == methods.options("aggregate", "topsis")[0].choices
    for kind in ("weights", "impute"):  # free text (ahp:FILE, group-mean:COL): every method named in the help
        for key in methods.keys(kind):
            assert key in by_flag[f"--{kind}"].help, (kind, key)


def test_names_and_default_scales_are_the_registrys():
    assert METHOD_NAMES == methods.names()
    assert Spec(weights="critic", aggregate="topsis").describe("en").split(" · ")[1:] == [
        "CRITIC weights", "TOPSIS closeness"]
    a = assess(Dataset.sample(), Spec(normalize="goalposts"))
    assert a.normalised.min().min() >= 0 and a.normalised.max().max() <= 100  # goalposts' default [0, 100]
    assert methods.default_scale("zscore") == (0.0, 1.0)


@pytest.mark.parametrize("kind,key", [(k, m) for k in methods.KINDS for m in methods.keys(k)])
def test_every_method_runs_on_the_sample(kind, key):
    spec = {kind: key}
    if key == "geometric":  # its requirement, as the registry states it: a scale above 0
        assert "[1, 100]" in methods.get(kind, key).requires[1]
        spec["scale"] = (1.0, 100.0)
    if key.startswith("group-"):
        spec["impute_group"] = "group"
    ds = Dataset.sample()
    if key == "ahp":  # its requirement: pairwise judgements of all of a node's children (here: consistent ones)
        fw = ds.framework
        d1, d2, d3 = fw.children[fw.root]
        spec["ahp"] = ((fw.root, d1, d2, 2.0), (fw.root, d1, d3, 4.0), (fw.root, d2, d3, 2.0))
    a = assess(ds, Spec(**spec))
    assert a.scores.notna().any().all()
