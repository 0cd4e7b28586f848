"""Sensitivity indices by SALib (issue 9 item 3), checked on known and enumerable cases.

Before, a hand-written Saltelli estimator ran on raw (uncentred) ranks: on the sample data it gave
first-order indices from -2.54 to 4.33, sums of S up to 6.72 and S above ST in many regions.
"""
import itertools

import numpy as np
import pytest
from SALib.analyze import sobol as salib_sobol

from metrics import Dataset, Spec
from metrics.uncertainty import naive_ranks, sobol_design, sobol_indices, uncertainty

# Ishigami function, a = 7, b = 0.1, x_i ~ U(-pi, pi): analytic indices (Ishigami & Homma 1990;
# Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §4.9)
ISHIGAMI_S = np.array([0.3139, 0.4424, 0.0])
ISHIGAMI_ST = np.array([0.5576, 0.4424, 0.2437])


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_ishigami_analytic_indices():
    u = sobol_design(["x1", "x2", "x3"], 4096, seed=1)
    assert u.shape == (4096 * 5, 3)
    y = ishigami(u * 2 * np.pi - np.pi)
    S, ST = sobol_indices(y[:, None], 3)
    np.testing.assert_allclose(S[:, 0], ISHIGAMI_S, atol=0.03)
    np.testing.assert_allclose(ST[:, 0], ISHIGAMI_ST, atol=0.03)


def test_indices_equal_salib_analyze():
    # the same numbers as SALib's own analysis of the same outputs
    u = sobol_design(["x1", "x2", "x3"], 512, seed=3)
    y = ishigami(u * 2 * np.pi - np.pi)
    S, ST = sobol_indices(y[:, None], 3)
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * 3}
    ref = salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=10, seed=1)
    np.testing.assert_allclose(S[:, 0], ref["S1"], atol=1e-12)
    np.testing.assert_allclose(ST[:, 0], ref["ST"], atol=1e-12)


def test_additive_model_with_a_group_of_variables():
    # y = x1 + x2 + 2 x3, x ~ U(0, 1): Var = (1 + 1 + 4) / 12; the group {x1, x2} explains 2/6, x3 4/6,
    # with no interaction (S = ST)
    u = sobol_design(["g", "g", "h"], 2048, seed=5)
    assert u.shape == (2048 * 4, 3)
    y = u[:, 0] + u[:, 1] + 2 * u[:, 2]
    S, ST = sobol_indices(y[:, None], 2)
    np.testing.assert_allclose(S[:, 0], [1 / 3, 2 / 3], atol=0.02)
    np.testing.assert_allclose(ST[:, 0], [1 / 3, 2 / 3], atol=0.02)


def _exact_indices(r):
    """First-order and total indices of each output over a full factorial r[a, b, unit] of equiprobable levels."""
    v = r.reshape(-1, r.shape[-1]).var(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):   # a rank that never moves: 0 / 0
        s_a = r.mean(axis=1).var(axis=0) / v          # Var_a(E[f | a]) / V
        s_b = r.mean(axis=0).var(axis=0) / v
        st_a = r.var(axis=0).mean(axis=0) / v         # E_b(Var[f | b]) / V
        st_b = r.var(axis=1).mean(axis=0) / v
    return (s_a, st_a), (s_b, st_b), v


@pytest.fixture(scope="module")
def sample():
    return Dataset.sample()


def test_two_discrete_factors_exact_by_enumeration(sample):
    norms, aggs = ("minmax", "rank"), ("arithmetic", "geometric")
    r = uncertainty(sample, runs=1024, seed=1, weight_noise=0.0, normalize=norms, aggregate=aggs, year=2023)
    assert r.factors == ["normalize", "aggregate"]
    cells = list(itertools.product(norms, aggs))
    ranks = naive_ranks(sample, Spec(), np.repeat(r.weight_pool[:1], len(cells), axis=0), r.nodes,
                        [c[0] for c in cells], [c[1] for c in cells], r.year)
    grid = ranks.reshape(len(norms), len(aggs), -1)
    (s_n, st_n), (s_a, st_a), v = _exact_indices(grid)
    ok = v > 0
    assert ok.sum() >= 10
    est = r.sensitivity
    # 1024 = 2^10 scrambled Sobol' points balance the levels of both factors: the estimates come out exact
    np.testing.assert_allclose(est["S_normalize"].to_numpy()[ok], s_n[ok], atol=0.01)
    np.testing.assert_allclose(est["ST_normalize"].to_numpy()[ok], st_n[ok], atol=0.01)
    np.testing.assert_allclose(est["S_aggregate"].to_numpy()[ok], s_a[ok], atol=0.01)
    np.testing.assert_allclose(est["ST_aggregate"].to_numpy()[ok], st_a[ok], atol=0.01)
    # regions whose rank never moves have no variance to apportion
    assert est.loc[~ok, "S_normalize"].isna().all()


def test_indices_are_sane_on_the_issue_example(sample):
    # python -m metrics uncertainty ... --runs 500 --seed 1 --normalize minmax,zscore --sensitivity
    r = uncertainty(sample, runs=500, seed=1, weight_noise=0.25, normalize=("minmax", "zscore"))
    est = r.sensitivity.dropna()
    assert len(est) >= 20
    for f in r.factors:
        assert est[f"S_{f}"].between(-0.1, 1.1).all(), f
        assert est[f"ST_{f}"].between(-0.02, 1.2).all(), f
        assert (est[f"S_{f}"] <= est[f"ST_{f}"] + 0.1).all(), f
    s_sum = est[[f"S_{f}" for f in r.factors]].sum(axis=1)
    assert (s_sum <= 1.15).all()
    assert r.summary["S"].between(0, 1).all() and r.summary["ST"].between(0, 1.05).all()
    assert (r.summary["S"] <= r.summary["ST"] + 0.05).all()
