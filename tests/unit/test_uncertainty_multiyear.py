"""Uncertainty analysis on multi-year data, and on every combination of methods (issue 9 items 2 and 6).

ASEM has one year, so the ASEM tests could not see that the vectorised TOPSIS took its ideal points
from the analysed year only while ``assess`` pools them over all years.  The sample data has six.
"""
import subprocess
import sys

import numpy as np
import pytest

from metrics import Dataset, Spec, assess
from metrics.uncertainty import naive_ranks, uncertainty
from tests.conftest import ROOT

IND = str(ROOT / "data/sample/indicators.csv")
SRV = str(ROOT / "data/sample/survey.csv")


@pytest.fixture(scope="module")
def sample():
    return Dataset.sample()


@pytest.mark.parametrize("spec", [Spec(aggregate="topsis"), Spec(weights="entropy", aggregate="topsis"),
                                  Spec(aggregate="topsis", by_year=True), Spec(aggregate="geometric", scale=(1, 100)),
                                  Spec(normalize="zscore")])
def test_nothing_varied_gives_the_nominal_rank_on_multi_year_data(sample, spec):
    # the reproduction: TOPSIS with --weight-noise 0 put 9 of 31 regions away from their nominal rank
    for year in (2019, 2022, None):
        r = uncertainty(sample, spec, runs=20, weight_noise=0.0, year=year, sensitivity=False)
        assert r.factors == []
        np.testing.assert_array_equal(r.ranks["p05_rank"].to_numpy(), r.ranks["nominal_rank"].to_numpy())
        np.testing.assert_array_equal(r.ranks["p95_rank"].to_numpy(), r.ranks["nominal_rank"].to_numpy())


@pytest.mark.parametrize("aggs", [("topsis",), ("arithmetic", "topsis"), ("arithmetic", "geometric")])
def test_vectorised_ranks_equal_rerunning_assess_on_multi_year_data(sample, aggs):
    r = uncertainty(sample, runs=10, seed=4, weight_noise=0.3, normalize=("minmax", "zscore"), aggregate=aggs,
                    year=2021, sensitivity=False)
    d = r.design
    naive = naive_ranks(sample, Spec(), r.weight_pool[d["weights"].to_numpy()], r.nodes, list(d["normalize"]),
                        list(d["aggregate"]), r.year)
    np.testing.assert_array_equal(r.samples, naive)


def test_topsis_with_vector_normalisation_matches_assess(sample):
    spec = Spec(weights="entropy", aggregate="topsis", topsis_norm="vector")
    r = uncertainty(sample, spec, runs=8, seed=2, weight_noise=0.2, sensitivity=False)
    d = r.design
    naive = naive_ranks(sample, spec, r.weight_pool[d["weights"].to_numpy()], r.nodes, list(d["normalize"]),
                        list(d["aggregate"]), r.year)
    np.testing.assert_array_equal(r.samples, naive)
    r0 = uncertainty(sample, spec, runs=5, weight_noise=0.0, sensitivity=False)
    np.testing.assert_array_equal(r0.ranks["p95_rank"].to_numpy(), r0.ranks["nominal_rank"].to_numpy())


def test_geometric_runs_on_any_normalisation_by_a_documented_shift(sample):
    # the README's example draws z-scores and the geometric mean together: every combination is valid
    r = uncertainty(sample, runs=40, seed=1, weight_noise=0.25, normalize=("minmax", "zscore", "rank", "goalposts"),
                    aggregate=("arithmetic", "geometric"), sensitivity=False)
    combos = r.combinations
    assert set(zip(combos["normalize"], combos["aggregate"])) <= {
        (n, g) for n in ("minmax", "zscore", "rank", "goalposts") for g in ("arithmetic", "geometric")}
    assert combos["runs"].sum() == r.runs
    assert np.isfinite(r.samples).all()
    z = combos.set_index(["normalize", "aggregate"])
    assert "shift" in z.columns
    d = r.design
    naive = naive_ranks(sample, Spec(), r.weight_pool[d["weights"].to_numpy()], r.nodes, list(d["normalize"]),
                        list(d["aggregate"]), r.year)
    np.testing.assert_array_equal(r.samples, naive)


def test_readme_uncertainty_example_runs(tmp_path):
    out = tmp_path / "ranks.csv"
    r = subprocess.run([sys.executable, "-m", "metrics", "uncertainty", "--data", IND, "--survey", SRV,
                        "--runs", "500", "--seed", "1", "--weight-noise", "0.25", "--normalize", "minmax,zscore",
                        "--aggregate", "arithmetic,geometric", "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert out.exists()
    # the CLI says how many runs each combination of methods got
    assert "zscore" in r.stderr and "geometric" in r.stderr


def test_topsis_nominal_and_interval_agree_with_assess_ranks(sample):
    spec = Spec(weights="entropy", aggregate="topsis")
    r = uncertainty(sample, spec, runs=20, weight_noise=0.0, year=2020, sensitivity=False)
    nominal = assess(sample, spec).ranks().xs(2020, level="year").reindex(r.ranks.index)
    np.testing.assert_array_equal(r.ranks["median_rank"].to_numpy(), nominal.to_numpy(dtype=float))
