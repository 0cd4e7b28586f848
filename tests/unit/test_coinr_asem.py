"""Agreement with COINr 1.1.14 on its ASEM example (tests/fixtures/asem).

The expected values are computed here by a deliberately plain, loop-based
re-statement of COINr's documented conventions (tests/fixtures/README.md), sharing
no code with ``metrics``:

* direction -1 is applied by multiplying by -1 before normalising;
* min-max on [l, u]: ``l + (x - min) / (max - min) * (u - l)``;
* z-score with the sample standard deviation;
* rank normalisation: ``rank(x, ties.method = "min")`` after the flip, NA kept;
* arithmetic/geometric aggregation skipping NA with weights re-normalised;
* result ranks: ``rank(-score, ties.method = "min")``.
"""
from __future__ import annotations

import csv
import math

import pytest

from metrics import Dataset, Spec, assess, load_framework
from tests.conftest import ASEM


def _num(s: str):
    return None if s in ("", "NA") else float(s)


def _load():
    meta = list(csv.DictReader(open(ASEM / "ASEM_iMeta.csv", encoding="utf-8")))
    data = list(csv.DictReader(open(ASEM / "ASEM_iData.csv", encoding="utf-8")))
    nodes = [m for m in meta if m["Type"] in ("Indicator", "Aggregate")]
    return nodes, data


def _reference(norm: str, lo: float, hi: float, aggregation: str):
    nodes, data = _load()
    units = [d["uCode"] for d in data]
    inds = [m for m in nodes if m["Type"] == "Indicator"]
    values: dict[str, list] = {}
    for m in inds:
        col = [_num(d[m["iCode"]]) for d in data]
        col = [None if v is None else v * float(m["Direction"]) for v in col]
        present = [v for v in col if v is not None]
        if norm == "minmax":
            mn, mx = min(present), max(present)
            out = [None if v is None else lo + (v - mn) / (mx - mn) * (hi - lo) for v in col]
        elif norm == "zscore":
            n = len(present)
            mean = sum(present) / n
            sd = math.sqrt(sum((v - mean) ** 2 for v in present) / (n - 1))
            out = [None if v is None else (v - mean) / sd for v in col]
        else:  # rank, ties.method = "min"
            out = [None if v is None else float(1 + sum(1 for u in present if u < v)) for v in col]
        values[m["iCode"]] = out
    for level in sorted({int(m["Level"]) for m in nodes if m["Type"] == "Aggregate"}):
        for m in [m for m in nodes if m["Type"] == "Aggregate" and int(m["Level"]) == level]:
            kids = [k for k in nodes if k["Parent"] == m["iCode"]]
            out = []
            for i in range(len(units)):
                pairs = [(values[k["iCode"]][i], float(k["Weight"])) for k in kids if values[k["iCode"]][i] is not None]
                if not pairs:
                    out.append(None)
                    continue
                wsum = sum(w for _, w in pairs)
                if aggregation == "arithmetic":
                    out.append(sum(v * w for v, w in pairs) / wsum)
                else:
                    out.append(math.exp(sum(w * math.log(v) for v, w in pairs) / wsum))
            values[m["iCode"]] = out
    aggs = [m["iCode"] for m in nodes if m["Type"] == "Aggregate"]
    index = values["Index"]
    ranks = [1 + sum(1 for u in index if u > v) for v in index]
    return units, {a: values[a] for a in aggs}, ranks


@pytest.fixture(scope="module")
def dataset():
    fw = load_framework(ASEM / "ASEM_iMeta.csv")
    return Dataset.load(ASEM / "ASEM_iData.csv", framework=fw)


CASES = [
    ("minmax", 0.0, 100.0, "arithmetic", Spec()),
    ("zscore", 0.0, 1.0, "arithmetic", Spec(normalize="zscore")),
    ("minmax", 1.0, 100.0, "geometric", Spec(scale=(1, 100), aggregate="geometric")),
    ("rank", 0.0, 0.0, "arithmetic", Spec(normalize="rank")),
]


@pytest.mark.parametrize("norm,lo,hi,aggregation,spec", CASES, ids=[c[0] + "-" + c[3] for c in CASES])
def test_every_aggregate_and_rank_matches_coinr(dataset, norm, lo, hi, aggregation, spec):
    units, expected, ranks = _reference(norm, lo, hi, aggregation)
    a = assess(dataset, spec)
    got = a.scores.xs(2018, level="year")
    assert len(expected) == 11  # 8 pillars, 2 sub-indices, the index
    for node, col in expected.items():
        for unit, want in zip(units, col):
            have = got.at[unit, node]
            if want is None:
                assert math.isnan(have), (node, unit)
            else:
                assert have == pytest.approx(want, abs=1e-9, rel=0), (node, unit)
    got_rank = a.ranks().xs(2018, level="year")
    assert [int(got_rank[u]) for u in units] == ranks


def test_asem_framework_is_read_as_coinr_imeta(dataset):
    fw = dataset.framework
    assert len(fw.indicators) == 49
    assert fw.root == "Index" and fw.max_level == 4
    assert set(fw.group_columns) == {"GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"}
    assert set(fw.denominators) == {"Area", "Energy", "GDP", "Population"}
    assert int(dataset.raw().isna().values.sum()) == 63
    assert (fw.table.loc[fw.indicators, "direction"] == -1).sum() == 14
    assert list(dataset.indicators.groups.columns) == ["GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"]
