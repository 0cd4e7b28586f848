"""Uncertainty analysis: the vectorised path equals re-running assess; reproducible; ASEM band width."""
import numpy as np
import pytest

from metrics import Dataset, Spec, load_framework
from metrics.uncertainty import naive_ranks, uncertainty
from tests.conftest import ASEM


@pytest.fixture(scope="module")
def asem():
    return Dataset.load(ASEM / "ASEM_iData.csv", framework=load_framework(ASEM / "ASEM_iMeta.csv"))


@pytest.mark.parametrize("aggs", [("arithmetic",), ("arithmetic", "geometric"), ("arithmetic", "topsis")])
def test_vectorised_ranks_equal_rerunning_assess(asem, aggs):
    r = uncertainty(asem, runs=12, seed=3, weight_noise=0.25, normalize=("minmax",) if "geometric" in aggs
                    else ("minmax", "zscore"), aggregate=aggs, sensitivity=False)
    d = r.design
    naive = naive_ranks(asem, Spec(), r.weight_pool[d["weights"].to_numpy()], r.nodes, list(d["normalize"]),
                        list(d["aggregate"]), r.year)
    np.testing.assert_array_equal(r.samples, naive)


def test_same_seed_same_result_and_other_seed_differs(asem):
    a = uncertainty(asem, runs=60, seed=7, normalize=("minmax", "zscore"))
    b = uncertainty(asem, runs=60, seed=7, normalize=("minmax", "zscore"))
    c = uncertainty(asem, runs=60, seed=8, normalize=("minmax", "zscore"))
    np.testing.assert_array_equal(a.samples, b.samples)
    assert a.sensitivity.equals(b.sensitivity)
    assert not np.array_equal(a.samples, c.samples)


def test_asem_500_runs_band_like_coinr(asem):
    # COINr's ASEM example (noise 0.25 on pillar and sub-index weights, min-max or z-score):
    # a mean 5-95% rank band of about 4 ranks.
    r = uncertainty(asem, runs=500, seed=1, weight_noise=0.25, normalize=("minmax", "zscore"))
    assert 3.0 <= r.mean_band <= 5.5
    assert (r.ranks["p05_rank"] <= r.ranks["median_rank"]).all()
    assert (r.ranks["median_rank"] <= r.ranks["p95_rank"]).all()
    assert r.evaluations == 500 * 4  # A, B and one hybrid per factor (2 factors)
    # indices are shares of variance: total >= first order (up to sampling error), summary in [0, 1]
    assert set(r.summary["factor"]) == {"weights", "normalize"}
    assert r.summary["ST"].between(0, 1.05).all()
    assert (r.summary["ST"] >= r.summary["S"] - 0.05).all()


def test_no_uncertainty_gives_the_nominal_rank(asem):
    r = uncertainty(asem, runs=20, weight_noise=0.0, sensitivity=True)
    assert r.factors == []
    assert (r.ranks["p05_rank"] == r.ranks["nominal_rank"]).all()
    assert (r.ranks["p95_rank"] == r.ranks["nominal_rank"]).all()


def test_a_dominant_factor_gets_the_variance():
    # only normalisation varies: it must carry all of the rank variance
    r = uncertainty(Dataset.sample(), runs=200, seed=2, weight_noise=0.0, normalize=("minmax", "rank"))
    row = r.summary.set_index("factor").loc["normalize"]
    assert row["ST"] == pytest.approx(1.0, abs=0.1)
    assert row["S"] == pytest.approx(1.0, abs=0.15)


def test_geometric_with_zscore_runs_by_a_shift(asem):
    # formerly refused ("geometric cannot be combined with z-scores"): now the z-scores are shifted to start at 1
    r = uncertainty(asem, runs=8, normalize=("zscore",), aggregate=("geometric", "arithmetic"), sensitivity=False)
    assert set(r.combinations["shift"]) == {"z - min z + 1"}
    d = r.design
    naive = naive_ranks(asem, Spec(), r.weight_pool[d["weights"].to_numpy()], r.nodes, list(d["normalize"]),
                        list(d["aggregate"]), r.year)
    np.testing.assert_array_equal(r.samples, naive)
