"""Unit tests for metrics.reliability (Cronbach's alpha, KMO, Bartlett)."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from metrics.reliability import (
    alpha_report,
    bartlett_sphericity,
    cronbach_alpha,
    kmo,
    kmo_label,
    scale_check,
)

# 5 respondents x 3 items (a small textbook-style example)
ITEMS = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5], "q3": [1, 3, 3, 4, 4]})


def test_alpha_hand_computed():
    # sample variances (n - 1 = 4):
    #   q1: 1..5, mean 3, squares 4+1+0+1+4 = 10            -> 2.5
    #   q2: mean 3.4, squares 1.96+1.96+0.16+2.56+2.56 = 9.2 -> 2.3
    #   q3: mean 3, squares 4+0+0+1+1 = 6                    -> 1.5
    #   sum of item variances = 6.3
    # totals 4, 7, 9, 13, 14: mean 9.4, squares 29.16+5.76+0.16+12.96+21.16 = 69.2 -> 17.3
    # alpha = 3/2 * (1 - 6.3/17.3) = 1.5 * 11/17.3 = 16.5/17.3 = 0.953757
    assert cronbach_alpha(ITEMS) == pytest.approx(16.5 / 17.3, abs=1e-14)
    assert cronbach_alpha(ITEMS) == pytest.approx(0.953757, abs=1e-6)


def test_alpha_equals_hoyt_anova():
    # Independent path: Hoyt (1941) two-way ANOVA, alpha = 1 - MS_residual / MS_persons.
    rng = np.random.default_rng(3)
    f = rng.normal(size=40)
    X = np.column_stack([np.round(3 + f + rng.normal(size=40)) for _ in range(5)])
    n, k = X.shape
    grand = X.mean()
    ss_p = k * ((X.mean(axis=1) - grand) ** 2).sum()
    ss_i = n * ((X.mean(axis=0) - grand) ** 2).sum()
    ss_res = ((X - grand) ** 2).sum() - ss_p - ss_i
    hoyt = 1 - (ss_res / ((n - 1) * (k - 1))) / (ss_p / (n - 1))
    assert cronbach_alpha(pd.DataFrame(X)) == pytest.approx(hoyt, abs=1e-12)


def test_alpha_listwise_deletion():
    with_gap = pd.concat([ITEMS, pd.DataFrame({"q1": [np.nan], "q2": [1.0], "q3": [5.0]})],
                         ignore_index=True)
    assert cronbach_alpha(with_gap) == pytest.approx(cronbach_alpha(ITEMS), abs=1e-15)
    assert alpha_report(with_gap).attrs["n"] == 5


def test_alpha_report_hand_values():
    rep = alpha_report(ITEMS)
    # q1 deleted: q2, q3 variances 2.3 + 1.5 = 3.8; rest totals 3,5,6,9,9 -> var 27.2/4 = 6.8
    # alpha = 2 * (1 - 3.8/6.8) = 0.882353
    assert rep.loc["q1", "alpha_if_deleted"] == pytest.approx(2 * (1 - 3.8 / 6.8), abs=1e-14)
    for item in ITEMS:
        rest = ITEMS.drop(columns=item)
        assert rep.loc[item, "alpha_if_deleted"] == pytest.approx(cronbach_alpha(rest), abs=1e-12)
        r = np.corrcoef(ITEMS[item], rest.sum(axis=1))[0, 1]
        assert rep.loc[item, "item_total_r"] == pytest.approx(r, abs=1e-12)
    assert rep["alpha"].iloc[0] == pytest.approx(0.953757, abs=1e-6)
    assert rep.attrs["k"] == 3 and not rep.attrs["low_alpha"]
    # q3 deleted: q1, q2 variances 2.5 + 2.3 = 4.8; rest totals 3,4,6,9,10 (mean 6.4),
    # squares 11.56+5.76+0.16+6.76+12.96 = 37.2 -> 9.3 ; alpha = 2*(1 - 4.8/9.3) = 0.967742 > 0.953757
    assert rep.loc["q3", "alpha_if_deleted"] == pytest.approx(2 * (1 - 4.8 / 9.3), abs=1e-14)
    assert rep["raises_alpha"].tolist() == [False, False, True]


def test_alpha_flags_low_and_two_items():
    rng = np.random.default_rng(0)
    noise = pd.DataFrame(rng.integers(1, 6, size=(30, 4)), columns=list("abcd"))
    rep = alpha_report(noise)
    assert rep.attrs["low_alpha"] and rep["low_alpha"].all()
    two = alpha_report(ITEMS[["q1", "q2"]])
    assert two["alpha_if_deleted"].isna().all()


def test_alpha_degenerate_and_validation():
    assert math.isnan(cronbach_alpha(pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]})))
    with pytest.raises(ValueError, match="at least 2 item"):
        cronbach_alpha(ITEMS[["q1"]])
    with pytest.raises(ValueError, match="complete rows"):
        cronbach_alpha(pd.DataFrame({"a": [1, np.nan], "b": [np.nan, 2]}))
    with pytest.raises(ValueError, match="numeric"):
        cronbach_alpha(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}))


# ---------------------------------------------------------------- KMO / Bartlett

R3 = np.array([[1.0, 0.5, 0.4], [0.5, 1.0, 0.3], [0.4, 0.3, 1.0]])


def data_with_corr(R, n, seed=0):
    """Data whose *sample* correlation matrix is exactly R (whiten, then colour)."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, R.shape[0]))
    Z -= Z.mean(axis=0)
    L = np.linalg.cholesky(np.cov(Z, rowvar=False))
    W = Z @ np.linalg.inv(L).T  # sample covariance = I
    return pd.DataFrame(W @ np.linalg.cholesky(R).T, columns=["x1", "x2", "x3"])


def test_kmo_hand_three_variables():
    # r12 = .5, r13 = .4, r23 = .3 ; partial correlations (first-order formula):
    #  p12.3 = (.5 - .4*.3) / sqrt((1-.16)(1-.09)) = .38 / .874300 = .434634 ; sq .188906
    #  p13.2 = (.4 - .5*.3) / sqrt((1-.25)(1-.09)) = .25 / .826136 = .302614 ; sq .091575
    #  p23.1 = (.3 - .5*.4) / sqrt((1-.25)(1-.16)) = .10 / .793725 = .125988 ; sq .015873
    #  sum r^2 = .25 + .16 + .09 = .5 ; sum p^2 = .296354
    #  KMO = .5 / (.5 + .296354) = .627861
    #  item 1: (.25+.16) / (.41 + .188906 + .091575) = .593789
    df = data_with_corr(R3, 50)
    overall, per = kmo(df)
    assert overall == pytest.approx(0.627861, abs=1e-6)
    assert per["x1"] == pytest.approx(0.593789, abs=1e-6)
    assert per["x2"] == pytest.approx(0.624106, abs=1e-6)
    assert per["x3"] == pytest.approx(0.699402, abs=1e-6)
    assert per.attrs["low"] == ["x1"]


def test_kmo_against_regression_partials():
    # Independent path: partial correlation of (i, j) = correlation of the residuals of
    # x_i and x_j regressed (with intercept) on all other items.
    rng = np.random.default_rng(7)
    f = rng.normal(size=(120, 2))
    X = np.column_stack([f[:, 0] + rng.normal(size=120), f[:, 0] + rng.normal(size=120),
                         f[:, 1] + rng.normal(size=120), f[:, 1] + rng.normal(size=120),
                         f.sum(axis=1) + rng.normal(size=120)])
    p = X.shape[1]
    R = np.corrcoef(X, rowvar=False)
    P = np.zeros((p, p))
    for i in range(p):
        for j in range(i + 1, p):
            others = np.column_stack([np.ones(len(X))] + [X[:, m] for m in range(p) if m not in (i, j)])
            ri = X[:, i] - others @ np.linalg.lstsq(others, X[:, i], rcond=None)[0]
            rj = X[:, j] - others @ np.linalg.lstsq(others, X[:, j], rcond=None)[0]
            P[i, j] = P[j, i] = np.corrcoef(ri, rj)[0, 1]
    off = ~np.eye(p, dtype=bool)
    r2, p2 = np.where(off, R ** 2, 0), P ** 2
    overall, per = kmo(pd.DataFrame(X))
    assert overall == pytest.approx(r2.sum() / (r2.sum() + p2.sum()), abs=1e-10)
    assert per.to_numpy() == pytest.approx(r2.sum(0) / (r2.sum(0) + p2.sum(0)), abs=1e-10)


def test_bartlett_hand():
    # |R| = 1 + 2(.5)(.4)(.3) - .25 - .16 - .09 = 0.62 ; ln 0.62 = -0.478036
    # chi2 = -(50 - 1 - (2*3 + 5)/6) * ln|R| = 47.166667 * 0.478036 = 22.547355
    # dof = 3*2/2 = 3 ; p = chi2.sf(22.547355, 3) = 5.0178e-05
    chi2, dof, p = bartlett_sphericity(data_with_corr(R3, 50))
    assert chi2 == pytest.approx(-(49 - 11 / 6) * math.log(0.62), abs=1e-9)
    assert chi2 == pytest.approx(22.547355, abs=1e-6)
    assert dof == 3
    assert p == pytest.approx(stats.chi2.sf(22.547355, 3), rel=1e-6)


def test_singular_matrix_uses_pinv_with_warning():
    df = data_with_corr(R3, 40)
    df["x4"] = df["x1"] + df["x2"]  # exact linear combination
    with pytest.warns(RuntimeWarning, match="pseudo-inverse"):
        overall, per = kmo(df)
    assert np.isfinite(overall) and len(per) == 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        chi2, dof, p = bartlett_sphericity(df)
    assert chi2 == math.inf or chi2 > 1e3


def test_constant_item_rejected():
    df = data_with_corr(R3, 20)
    df["c"] = 3.0
    with pytest.raises(ValueError, match="zero variance"):
        kmo(df)


def test_kmo_label_and_scale_check():
    assert kmo_label(0.95) == ("极好", "marvelous")
    assert kmo_label(0.6)[1] == "mediocre"
    assert kmo_label(0.3)[1] == "unacceptable"
    rng = np.random.default_rng(0)
    f = rng.normal(size=300)
    good = pd.DataFrame({f"q{i}": f + 0.7 * rng.normal(size=300) for i in range(5)})
    res = scale_check(good)
    assert res["trusted"] and not res["low_kmo"] and res["bartlett_p"] < 1e-6
    noise = pd.DataFrame(rng.normal(size=(300, 5)))
    res = scale_check(noise)
    assert res["low_alpha"] and res["low_kmo"] and not res["trusted"]
