"""AHP consistency on any BLAS, PCA weights with varimax (Kaiser normalisation) and factor retention, and
TOPSIS with classic vector normalisation (issue 9 items 4 and 5).

References: the varimax rotation is checked against factor_analyzer's ``Rotator`` (the same algorithm as
R's ``stats::varimax``: Kaiser normalisation, SVD updates); AHP against Saaty's random index table.
"""
import json

import numpy as np
import pandas as pd
import pytest

import metrics.weights as W
from metrics import Dataset, Spec, assess
from metrics.aggregate import topsis, vector_normalise
from metrics.weights import ahp_weights, pca_weights, varimax

factor_analyzer = pytest.importorskip("factor_analyzer")
from factor_analyzer.rotator import Rotator  # noqa: E402


# =========================================================================== AHP
def _equal(n):
    return pd.DataFrame(np.ones((n, n)), index=list("abcdefghijklmnopqrstuvwxyz"[:n]),
                        columns=list("abcdefghijklmnopqrstuvwxyz"[:n]))


def test_ahp_consistency_is_never_negative(monkeypatch):
    # some BLAS builds give lambda_max = 2.999999999999999 for equal judgements: CR = -0.000 on the page
    real = np.linalg.eig

    def eig(a):
        vals, vecs = real(a)
        k = int(np.argmax(vals.real))
        vals = vals.copy()
        vals[k] = 2.999999999999999
        return vals, vecs

    monkeypatch.setattr(W.np.linalg, "eig", eig)
    r = ahp_weights(_equal(3))
    assert r.ci == 0.0 and r.cr == 0.0
    assert f"{r.cr:.3f}" == "0.000"
    assert r.lambda_max == pytest.approx(3.0)


@pytest.mark.parametrize("n", range(3, 16))
def test_ahp_consistent_matrices_have_zero_ci(n):
    rng = np.random.default_rng(n)
    w = rng.uniform(1, 9, n)
    m = pd.DataFrame(w[:, None] / w[None, :], index=[f"k{i}" for i in range(n)], columns=[f"k{i}" for i in range(n)])
    r = ahp_weights(m)
    assert r.ci >= 0.0 and r.cr >= 0.0
    assert r.cr == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(r.weights.to_numpy(), w / w.sum(), atol=1e-12)
    assert r.ri == W.RANDOM_INDEX[n]


def test_ahp_more_than_15_elements_is_refused():
    with pytest.raises(ValueError, match="15"):
        ahp_weights(_equal(16))


# =========================================================================== varimax
@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("seed", range(5))
def test_varimax_equals_factor_analyzer(normalize, seed):
    rng = np.random.default_rng(seed)
    load = rng.uniform(-1, 1, size=(12, 3))
    ref = Rotator(method="varimax", normalize=normalize, max_iter=1000, tol=1e-12).fit_transform(load)
    ours = varimax(load, normalize=normalize)
    np.testing.assert_allclose(ours, ref, atol=1e-8)


def test_pca_weights_on_the_sample_use_kaiser_normalised_varimax():
    # the whole chain (eigen-decomposition, retention, rotation, weights) against factor_analyzer's rotation
    a = assess(Dataset.sample())
    fw = a.framework
    x = a.treated[fw.indicators]
    d = fw.table.loc[fw.indicators, "direction"]
    v = (x * d.to_numpy()).to_numpy(dtype=float)
    v = np.where(np.isnan(v), np.nanmean(v, axis=0), v)
    ok = v.std(axis=0, ddof=1) > 0
    corr = np.corrcoef(v[:, ok], rowvar=False)
    vals, vecs = np.linalg.eigh(corr)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    k = int((vals > 1).sum())
    load = Rotator(method="varimax", normalize=True, max_iter=1000, tol=1e-12).fit_transform(
        vecs[:, :k] * np.sqrt(vals[:k]))
    sq = load ** 2
    scaled = sq / sq.sum(axis=0)
    share = sq.sum(axis=0) / sq.sum()
    best = scaled.argmax(axis=1)
    w = scaled[np.arange(len(best)), best] * share[best]
    expected = pd.Series(0.0, index=x.columns)
    expected[np.asarray(x.columns)[ok]] = w / w.sum()
    got = pca_weights(x, d)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), atol=1e-8)
    assert got.attrs["factors"] == k and got.attrs["kaiser"] is True
    # without Kaiser normalisation the weights differ (by up to ~0.02 on the sample)
    raw = pca_weights(x, d, kaiser=False)
    assert 0.001 < float((raw - got).abs().max()) < 0.05


def test_pca_retention_rules():
    rng = np.random.default_rng(0)
    f = rng.normal(size=(200, 2))
    x = pd.DataFrame(np.column_stack([f[:, 0] + 0.3 * rng.normal(size=200) for _ in range(3)] +
                                     [f[:, 1] + 0.3 * rng.normal(size=200) for _ in range(3)] +
                                     [rng.normal(size=200) for _ in range(2)]), columns=list("abcdefgh"))
    vals = np.sort(np.linalg.eigvalsh(np.corrcoef(x.to_numpy(), rowvar=False)))[::-1]
    share = np.cumsum(vals) / vals.sum()
    assert pca_weights(x).attrs["factors"] == int((vals > 1).sum())
    assert pca_weights(x, retain="eigenvalue", threshold=1.5).attrs["factors"] == int((vals > 1.5).sum())
    assert pca_weights(x, retain="variance", threshold=0.6).attrs["factors"] == int(np.argmax(share >= 0.6) + 1)
    assert pca_weights(x, retain="variance", threshold=0.9).attrs["factors"] == int(np.argmax(share >= 0.9) + 1)
    w3 = pca_weights(x, retain="count", threshold=3)
    assert w3.attrs["factors"] == 3 and w3.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError):
        pca_weights(x, retain="variance", threshold=1.5)
    with pytest.raises(ValueError):
        pca_weights(x, retain="other")


def test_pca_options_reach_the_assessment():
    ds = Dataset.sample()
    a = assess(ds, Spec(weights="pca"))
    b = assess(ds, Spec(weights="pca", pca_kaiser=False))
    c = assess(ds, Spec(weights="pca", pca_retain="count", pca_threshold=3))
    assert not np.allclose(a.indicator_weights, b.indicator_weights)
    assert not np.allclose(a.indicator_weights, c.indicator_weights)
    log = {e["step"]: e for e in c.log if e["step"] == "weights"}["weights"]
    assert log["factors"] == 3 and log["retain"] == "count" and log["kaiser"] is True


# =========================================================================== TOPSIS
def test_vector_normalisation_by_hand():
    x = pd.DataFrame({"a": [3.0, 4.0, np.nan], "b": [1.0, 2.0, 2.0]})
    v = vector_normalise(x, pd.Series({"a": 1, "b": -1}))
    assert v["a"].tolist()[:2] == pytest.approx([0.6, 0.8])
    assert np.isnan(v["a"].iloc[2])
    assert v["b"].tolist() == pytest.approx([-1 / 3, -2 / 3, -2 / 3])


def test_classic_topsis_by_hand():
    # Hwang & Yoon (1981): r = x / ||x||, v = w r, ideal = best of each column; benefit a, cost b
    raw = pd.DataFrame({"a": [250.0, 200.0, 300.0], "b": [16.0, 16.0, 32.0]})
    w = np.array([0.6, 0.4])
    r = raw / np.sqrt((raw ** 2).sum())
    v = r * w
    ideal = np.array([v["a"].max(), v["b"].min()])
    anti = np.array([v["a"].min(), v["b"].max()])
    dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
    expected = (dm / (dp + dm)).to_numpy()
    got = topsis(vector_normalise(raw, pd.Series({"a": 1, "b": -1})).to_numpy(), w)
    np.testing.assert_allclose(got, expected, atol=1e-12)


def test_topsis_vector_option_in_assess_differs_from_the_spec_normalisation():
    ds = Dataset.sample()
    a = assess(ds, Spec(weights="entropy", aggregate="topsis"))
    b = assess(ds, Spec(weights="entropy", aggregate="topsis", topsis_norm="vector"))
    # indicator scores (the normalised stage) are the spec's in both; only the aggregation input differs
    pd.testing.assert_frame_equal(a.normalised, b.normalised)
    assert not np.allclose(a.scores["INDEX"], b.scores["INDEX"])
    # the top node by hand: vector-normalised treated data (pooled over years), overall weights
    fw = b.framework
    meta = fw.table.loc[fw.indicators]
    xv = vector_normalise(b.treated[fw.indicators], meta["direction"])
    exp = topsis(xv.to_numpy(), b.indicator_weights[fw.indicators].to_numpy()) * 100
    np.testing.assert_allclose(b.scores["INDEX"].to_numpy(), exp, atol=1e-9)


def test_old_saved_specs_load_with_the_new_fields_at_their_defaults():
    old = {"normalize": "minmax", "scale": None, "weights": "pca", "ahp": [], "weight_overrides": [],
           "aggregate": "topsis", "impute": "none", "impute_group": None, "treat": "none", "group_weights": "equal",
           "by_year": False, "maturity": "bands", "bands": [20.0, 40.0, 60.0, 80.0], "seed": 0}
    s = Spec.from_dict(old)
    assert s == Spec(weights="pca", aggregate="topsis", bands=(20.0, 40.0, 60.0, 80.0))
    assert s.pca_kaiser is True and s.pca_retain == "eigenvalue" and s.topsis_norm == "spec"
    new = Spec(weights="pca", pca_retain="variance", pca_threshold=0.7, pca_kaiser=False, topsis_norm="vector")
    assert Spec.from_dict(json.loads(json.dumps(new.to_dict()))) == new


def test_spec_validates_the_new_options():
    with pytest.raises(ValueError):
        Spec(pca_retain="scree")
    with pytest.raises(ValueError):
        Spec(topsis_norm="l1")
    with pytest.raises(ValueError):
        Spec(pca_retain="count")          # a count needs a number
    with pytest.raises(ValueError):
        Spec(pca_retain="count", pca_threshold=1.5)
