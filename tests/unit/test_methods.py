"""Normalisation, aggregation, weighting, imputation, outlier treatment and levels: hand-checked values."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from metrics.aggregate import AggregationError, topsis, weighted_geometric, weighted_mean
from metrics.levels import band_levels, kmeans_levels, level_name
from metrics.normalize import goalposts, minmax, normalize, rank, zscore
from metrics.treat import impute, kurt, skew, treat_column, treat_outliers
from metrics.weights import (ConsistencyError, ahp_matrices_from_long, ahp_weights, critic_weights,
                             entropy_weights, pca_weights)


def col(df: pd.DataFrame, c: str = "a") -> list:
    return df[c].tolist()


def nan_list(v) -> list:
    """NaN-aware list for equality checks (NaN -> None)."""
    return [None if (isinstance(x, float) and math.isnan(x)) else x for x in np.asarray(v, dtype=float).tolist()]


# =========================================================================== normalisation
def test_minmax_0_100():
    # (x - 1) / (5 - 1) * 100 -> 0, 25, 100
    assert col(minmax(pd.DataFrame({"a": [1.0, 2.0, 5.0]}))) == [0.0, 25.0, 100.0]


def test_minmax_1_100_direction_minus_one():
    # x = 10, 20, 40 flipped to -10, -20, -40; min -40, max -10, span 30
    # 1 + (v + 40) / 30 * 99 -> 1 + 30/30*99 = 100, 1 + 20/30*99 = 67, 1 + 0 = 1
    out = minmax(pd.DataFrame({"a": [10.0, 20.0, 40.0]}), pd.Series({"a": -1}), lo=1, hi=100)
    assert col(out) == pytest.approx([100.0, 67.0, 1.0])


def test_minmax_constant_column_is_nan_and_nan_kept():
    out = minmax(pd.DataFrame({"a": [3.0, 3.0, 3.0], "b": [0.0, np.nan, 4.0]}))
    assert nan_list(out["a"]) == [None, None, None]  # COINr: 0/0
    assert nan_list(out["b"]) == [0.0, None, 100.0]


def test_zscore_uses_sample_sd():
    # mean 4; sample SD sqrt(((-2)^2 + 0 + 2^2) / (3 - 1)) = 2 -> -1, 0, 1
    # (the population SD 1.633 would give -1.2247, 0, 1.2247)
    assert col(zscore(pd.DataFrame({"a": [2.0, 4.0, 6.0]}))) == [-1.0, 0.0, 1.0]
    # custom mean/sd: 10 + 2 z -> 8, 10, 12; direction -1 flips the sign
    out = zscore(pd.DataFrame({"a": [2.0, 4.0, 6.0]}), pd.Series({"a": -1}), mean=10, sd=2)
    assert col(out) == [12.0, 10.0, 8.0]


def test_zscore_constant_is_nan():
    assert nan_list(zscore(pd.DataFrame({"a": [5.0, 5.0]}))["a"]) == [None, None]


def test_rank_ties_min_and_nan_kept():
    # 5, NaN, 1, 5, 3: ascending ranks with ties.method = "min": 1 -> 1, 3 -> 2, 5, 5 -> 3, 3; NaN stays
    x = pd.DataFrame({"a": [5.0, np.nan, 1.0, 5.0, 3.0]})
    assert nan_list(rank(x)["a"]) == [3.0, None, 1.0, 3.0, 2.0]
    # direction -1: flipped -5, NaN, -1, -5, -3 -> -5, -5 share rank 1, -3 is 3rd, -1 is 4th
    assert nan_list(rank(x, pd.Series({"a": -1}))["a"]) == [1.0, None, 4.0, 1.0, 3.0]


def test_rank_with_scale():
    # ranks 3, NaN, 1, 3, 2 with n = 4 present values: 0 + (r - 1) / (4 - 1) * 100
    # -> 66.67, NaN, 0, 66.67, 33.33  (ties at the top do not reach 100)
    x = pd.DataFrame({"a": [5.0, np.nan, 1.0, 5.0, 3.0]})
    out = nan_list(rank(x, scale=(0, 100))["a"])
    assert out[1] is None
    assert [out[i] for i in (0, 2, 3, 4)] == pytest.approx([200 / 3, 0.0, 200 / 3, 100 / 3])


def _meta(**cols) -> pd.DataFrame:
    base = {"direction": [1], "goal_min": [np.nan], "goal_max": [np.nan], "target": [np.nan]}
    base.update({k: [v] for k, v in cols.items()})
    return pd.DataFrame(base, index=["a"])


def test_goalposts_min_max_and_clipping():
    # (x - 0) / (50 - 0), clipped: -10 -> 0, 25 -> 0.5, 80 -> 1 (above), onto [0, 100]
    out = goalposts(pd.DataFrame({"a": [-10.0, 25.0, 80.0]}), _meta(goal_min=0.0, goal_max=50.0))
    assert col(out) == [0.0, 50.0, 100.0]
    # onto [1, 100]: 1 + 0.5 * 99 = 50.5
    out = goalposts(pd.DataFrame({"a": [-10.0, 25.0, 80.0]}), _meta(goal_min=0.0, goal_max=50.0), lo=1, hi=100)
    assert col(out) == [1.0, 50.5, 100.0]


def test_goalposts_target_stands_in_for_missing_goal_max():
    # good end = target 40 (goal_max empty), bad end = goal_min 0: 10 / 40 = 0.25 -> 25
    out = goalposts(pd.DataFrame({"a": [10.0, 40.0, 60.0]}), _meta(goal_min=0.0, target=40.0))
    assert col(out) == [25.0, 100.0, 100.0]


def test_goalposts_direction_minus_one():
    # "days to fulfil": good = target 3 (goal_min empty), bad = goal_max 30
    # frac = (x - 30) / (3 - 30): 3 -> 1, 16.5 -> 0.5, 30 -> 0, 40 -> -0.37 -> 0, 0 -> 1.11 -> 1
    meta = _meta(direction=-1, goal_max=30.0, target=3.0)
    out = goalposts(pd.DataFrame({"a": [3.0, 16.5, 30.0, 40.0, 0.0]}), meta)
    assert col(out) == pytest.approx([100.0, 50.0, 0.0, 0.0, 100.0])
    # "incidents", goal_min 0 is the good end, goal_max 20 the bad end: 5 -> (5 - 20) / (0 - 20) = 0.75
    meta = _meta(direction=-1, goal_min=0.0, goal_max=20.0, target=0.0)
    assert col(goalposts(pd.DataFrame({"a": [5.0]}), meta)) == [75.0]


def test_goalposts_fall_back_to_observed_range():
    # no goal posts: bad = observed min 2, good = observed max 6 -> like min-max
    assert col(goalposts(pd.DataFrame({"a": [2.0, 3.0, 6.0]}), _meta())) == [0.0, 25.0, 100.0]
    # direction -1 without goal posts: good = min 2, bad = max 6: (3 - 6) / (2 - 6) = 0.75
    assert col(goalposts(pd.DataFrame({"a": [2.0, 3.0, 6.0]}), _meta(direction=-1))) == [100.0, 75.0, 0.0]


def test_normalize_dispatch_and_by_group():
    meta = pd.DataFrame({"direction": [1]}, index=["a"])
    x = pd.DataFrame({"a": [0.0, 10.0, 100.0, 300.0]})
    # pooled: (x - 0) / 300 * 100 -> 0, 3.33, 33.33, 100
    assert col(normalize(x, "minmax", meta)) == pytest.approx([0.0, 100 / 30, 100 / 3, 100.0])
    # per group {0, 10} and {100, 300}: 0, 100, 0, 100
    by = np.array([2020, 2020, 2021, 2021])
    assert col(normalize(x, "minmax", meta, by=by)) == [0.0, 100.0, 0.0, 100.0]
    with pytest.raises(ValueError, match="unknown normalisation"):
        normalize(x, "log", meta)


# =========================================================================== aggregation
def test_weighted_mean_skips_nan_and_renormalises():
    x = np.array([[1.0, np.nan, 3.0], [2.0, 4.0, 6.0], [np.nan, np.nan, np.nan]])
    w = np.array([1.0, 1.0, 3.0])
    out = weighted_mean(x, w)
    # row 1: (1*1 + 3*3) / (1 + 3) = 10/4 = 2.5; row 2: (2 + 4 + 18) / 5 = 4.8; row 3: all missing -> NaN
    assert out[:2].tolist() == pytest.approx([2.5, 4.8])
    assert np.isnan(out[2])


def test_weighted_geometric_by_hand():
    # exp((1 ln 4 + 3 ln 16) / 4) = 4^(1/4) * 16^(3/4) = sqrt(2) * 8 = 11.3137
    out = weighted_geometric(np.array([[4.0, 16.0], [np.nan, 9.0]]), np.array([1.0, 3.0]))
    assert out[0] == pytest.approx(8 * math.sqrt(2))
    assert out[1] == pytest.approx(9.0)  # missing skipped: only 9 with its weight re-normalised


def test_weighted_geometric_zero_names_unit_and_column():
    x = np.array([[4.0, 16.0], [2.0, 0.0]])
    with pytest.raises(AggregationError) as e:
        weighted_geometric(x, np.array([1.0, 1.0]), labels=["北京/2020", "上海/2020"], columns=["a", "b"])
    msg = str(e.value)
    assert "上海/2020" in msg and "b" in msg and "0" in msg
    assert "b of 上海/2020 is 0" in msg
    with pytest.raises(AggregationError):
        weighted_geometric(np.array([[-1.0]]), np.array([1.0]))


def test_topsis_3x2_by_hand():
    # weights 1, 1 -> 0.5, 0.5; best column values (4, 3), worst (0, 1)
    # row 1 (4, 1): d+ = 0.5 sqrt(0 + 2^2) = 1,          d- = 0.5 sqrt(4^2 + 0) = 2   -> 2/3
    # row 2 (2, 3): d+ = 0.5 sqrt(2^2 + 0) = 1,          d- = 0.5 sqrt(2^2 + 2^2) = sqrt 2 -> sqrt2/(1+sqrt2)
    # row 3 (0, 2): d+ = 0.5 sqrt(4^2 + 1^2) = sqrt17/2, d- = 0.5 sqrt(0 + 1) = 1/2 -> 1/(1 + sqrt 17)
    x = np.array([[4.0, 1.0], [2.0, 3.0], [0.0, 2.0]])
    out = topsis(x, np.array([1.0, 1.0]))
    assert out.tolist() == pytest.approx([2 / 3, math.sqrt(2) / (1 + math.sqrt(2)), 1 / (1 + math.sqrt(17))])


def test_topsis_unequal_weights_and_missing():
    # weights 0.75, 0.25; x+ = (1, 1), x- = (0, 0)
    # row (1, 0): d+ = 0.25, d- = 0.75 -> 0.75; row (0, 1): d+ = 0.75, d- = 0.25 -> 0.25
    # row (NaN, 0.5): only column 2, weight renormalised to 1: d+ = 0.5, d- = 0.5 -> 0.5
    x = np.array([[1.0, 0.0], [0.0, 1.0], [np.nan, 0.5]])
    assert topsis(x, np.array([0.75, 0.25])).tolist() == pytest.approx([0.75, 0.25, 0.5])
    # all present values equal: no spread -> NaN
    assert np.isnan(topsis(np.array([[1.0], [1.0]]), np.array([1.0]))).all()


# =========================================================================== weights
def test_entropy_weights_by_hand():
    # a = 0, 0, 1 -> z = 0, 0, 1 -> p = 0, 0, 1 -> e_a = 0 (0 ln 0 = 0, 1 ln 1 = 0) -> d_a = 1
    # b = 0, 1, 2 -> z = 0, .5, 1 -> p = 0, 1/3, 2/3
    #   e_b = -(1/3 ln 1/3 + 2/3 ln 2/3) / ln 3 = (0.366204 + 0.270310) / 1.098612 = 0.579380
    #   d_b = 0.420620
    # w = d / (1 + 0.420620) -> 0.703918, 0.296082
    x = pd.DataFrame({"a": [0.0, 0.0, 1.0], "b": [0.0, 1.0, 2.0]})
    e_b = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(3)
    d_b = 1 - e_b
    w = entropy_weights(x)
    assert w["a"] == pytest.approx(1 / (1 + d_b)) and w["b"] == pytest.approx(d_b / (1 + d_b))
    assert round(w["a"], 6) == 0.703918
    # direction -1 on b gives z = 1, .5, 0: the same p up to order, the same weights
    assert entropy_weights(x, pd.Series({"a": 1, "b": -1})).tolist() == pytest.approx(w.tolist())


def test_entropy_constant_column_gets_zero_and_nan_skipped():
    # c is constant -> weight 0; a has a missing value: n_a = 2, z = 0, 1 -> p = 0, 1 -> e = 0 -> d = 1
    # b = 0, 1, 2 as above -> d_b = 0.420620
    x = pd.DataFrame({"a": [0.0, np.nan, 1.0], "b": [0.0, 1.0, 2.0], "c": [7.0, 7.0, 7.0]})
    w = entropy_weights(x)
    e_b = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(3)
    assert w.tolist() == pytest.approx([1 / (2 - e_b), (1 - e_b) / (2 - e_b), 0.0])


def test_critic_weights_three_columns_by_hand():
    # z (min-max on [0, 1]): a = 0, .5, 1; b = 0, 1, .5; c = 1, 0, .5 -> every sample SD = 0.5
    # centred a = (-.5, 0, .5), b = (-.5, .5, 0), c = (.5, -.5, 0), each sum of squares 0.5
    # r_ab = 0.25 / 0.5 = 0.5, r_ac = -0.25 / 0.5 = -0.5, r_bc = -0.5 / 0.5 = -1
    # C_a = 0.5 ((1 - .5) + (1 + .5)) = 1; C_b = 0.5 ((1 - .5) + (1 + 1)) = 1.25; C_c = 0.5 (1.5 + 2) = 1.75
    # w = C / 4 = 0.25, 0.3125, 0.4375
    x = pd.DataFrame({"a": [0.0, 1.0, 2.0], "b": [0.0, 2.0, 1.0], "c": [2.0, 0.0, 1.0]})
    assert critic_weights(x).tolist() == pytest.approx([0.25, 0.3125, 0.4375])


def test_critic_weights_sd_effect_by_hand():
    # z_a = 0, 1/3, 2/3, 1: SD = sqrt((5/9) / 3) = sqrt(5/27); z_b = 0, 0, 0, 1: SD = sqrt(0.75 / 3) = 1/2
    # with two columns both C's share the factor (1 - r): w_a = SD_a / (SD_a + SD_b)
    x = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0], "b": [0.0, 0.0, 0.0, 1.0]})
    sa = math.sqrt(5 / 27)
    w = critic_weights(x)
    assert w["a"] == pytest.approx(sa / (sa + 0.5))  # 0.462557
    assert w.sum() == pytest.approx(1.0)


def test_pca_weights_perfectly_correlated_are_equal():
    # b = 2a + 1: correlation matrix [[1, 1], [1, 1]], eigenvalues 2, 0 -> one factor,
    # loadings (1, 1) -> squared and scaled 0.5, 0.5
    x = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [3.0, 5.0, 7.0, 9.0]})
    assert pca_weights(x).tolist() == pytest.approx([0.5, 0.5])
    # a constant third indicator gets weight 0 and the rest stay equal
    x["c"] = 5.0
    assert pca_weights(x).tolist() == pytest.approx([0.5, 0.5, 0.0])


def test_pca_weights_sum_to_one():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.normal(size=(40, 5)), columns=list("abcde"))
    w = pca_weights(x)
    assert w.sum() == pytest.approx(1.0) and (w >= 0).all()


SAATY = pd.DataFrame([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], index=list("abc"), columns=list("abc"))


def test_ahp_saaty_classic():
    r = ahp_weights(SAATY)
    assert r.weights.round(3).tolist() == [0.637, 0.258, 0.105]
    # lambda_max 3.0385; CI = (3.0385 - 3) / 2 = 0.0193; RI(3) = 0.58; CR = 0.0332
    assert r.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert r.ci == pytest.approx((r.lambda_max - 3) / 2)
    assert r.ri == 0.58
    assert r.cr == pytest.approx(0.0332, abs=1e-4)


def test_ahp_inconsistent_matrix():
    # circulant a > b (9), b > c (9), c > a (9): every row sums to 1 + 9 + 1/9 = 10.111 = lambda_max
    # CI = (10.111 - 3) / 2 = 3.5556, CR = 3.5556 / 0.58 = 6.130, over 0.10 by 6.030
    m = pd.DataFrame([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], index=list("abc"), columns=list("abc"))
    with pytest.raises(ConsistencyError) as e:
        ahp_weights(m)
    msg = str(e.value)
    assert "CR = 6.130" in msg
    assert "over by 6.030" in msg and "超出 6.030" in msg


def test_ahp_rejects_non_reciprocal_and_non_positive():
    with pytest.raises(ValueError, match="reciprocal"):
        ahp_weights(pd.DataFrame([[1, 3], [3, 1]], index=list("ab"), columns=list("ab")))
    with pytest.raises(ValueError, match="positive"):
        ahp_weights(pd.DataFrame([[1, 0], [0, 1]], index=list("ab"), columns=list("ab")))




def test_ahp_matrices_from_long_with_reciprocal_strings():
    # "z vs b = 1/3" means b is 3x as important as z; the matrix is the Saaty one with labels a, b, z
    table = pd.DataFrame({"parent": ["P", "P", "P"], "a": ["a", "a", "z"], "b": ["b", "z", "b"],
                          "value": ["3", "5", "1/3"]})
    mats = ahp_matrices_from_long(table)
    m = mats["P"]
    # labels in order of first appearance, column a then column b: a, z, b
    assert list(m.index) == ["a", "z", "b"] and list(m.columns) == ["a", "z", "b"]
    m = m.loc[["a", "b", "z"], ["a", "b", "z"]]
    assert np.allclose(m.to_numpy(), [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    assert ahp_weights(m).weights.round(3).tolist() == [0.637, 0.258, 0.105]


def test_ahp_matrices_from_long_missing_pair():
    table = pd.DataFrame({"parent": ["P", "P"], "a": ["a", "a"], "b": ["b", "c"], "value": [3, 5]})
    with pytest.raises(ValueError, match="lacks comparisons"):
        ahp_matrices_from_long(table)


# =========================================================================== imputation
X_IMP = pd.DataFrame({"a": [1.0, np.nan, 3.0, 10.0, np.nan, 30.0], "b": [2.0, 4.0, np.nan, 20.0, 40.0, np.nan]})
YEARS = np.array([2020, 2020, 2020, 2021, 2021, 2021])
GROUPS = pd.Series(["E", "E", "W", "E", "W", "W"])


def test_impute_mean_and_median_pooled():
    f, m = impute(X_IMP, "mean")
    # a: mean(1, 3, 10, 30) = 11; b: mean(2, 4, 20, 40) = 16.5
    assert col(f) == [1.0, 11.0, 3.0, 10.0, 11.0, 30.0]
    assert col(f, "b") == [2.0, 4.0, 16.5, 20.0, 40.0, 16.5]
    assert int(m.values.sum()) == 4 and m["a"].tolist() == [False, True, False, False, True, False]
    f, _ = impute(X_IMP, "median")
    # a: median(1, 3, 10, 30) = 6.5; b: median(2, 4, 20, 40) = 12
    assert col(f) == [1.0, 6.5, 3.0, 10.0, 6.5, 30.0]
    assert col(f, "b") == [2.0, 4.0, 12.0, 20.0, 40.0, 12.0]


def test_impute_mean_per_year():
    f, _ = impute(X_IMP, "mean", by=YEARS)
    # 2020: a = mean(1, 3) = 2, b = mean(2, 4) = 3; 2021: a = mean(10, 30) = 20, b = mean(20, 40) = 30
    assert col(f) == [1.0, 2.0, 3.0, 10.0, 20.0, 30.0]
    assert col(f, "b") == [2.0, 4.0, 3.0, 20.0, 40.0, 30.0]


def test_impute_group_mean_pooled_and_per_year():
    f, _ = impute(X_IMP, "group-mean", groups=GROUPS)
    # pooled: a in E = mean(1, 10) = 5.5, a in W = mean(3, 30) = 16.5; b in W = mean(40) = 40
    assert col(f) == [1.0, 5.5, 3.0, 10.0, 16.5, 30.0]
    assert col(f, "b") == [2.0, 4.0, 40.0, 20.0, 40.0, 40.0]
    f, m = impute(X_IMP, "group-mean", groups=GROUPS, by=YEARS)
    # 2020: a in E = 1; b in W has no data in 2020 -> stays missing (not imputed)
    # 2021: a in W = 30; b in W = 40
    assert col(f) == [1.0, 1.0, 3.0, 10.0, 30.0, 30.0]
    assert nan_list(f["b"]) == [2.0, 4.0, None, 20.0, 40.0, 40.0]
    assert m["b"].tolist() == [False, False, False, False, False, True]


def test_impute_group_needs_groups_and_unknown_method():
    with pytest.raises(ValueError):
        impute(X_IMP, "group-mean")
    with pytest.raises(ValueError, match="unknown imputation"):
        impute(X_IMP, "mice")


def test_impute_knn_by_hand():
    # scaled to [0, 1]: a -> 0, .1, 1, .9; b (min 0, span 20) -> 0, .1, 1, NaN
    # row 4 distances on a: to row 3 = 0.1, row 2 = 0.8, row 1 = 0.9
    # k = 1: b = row 3's 1.0 -> 20; k = 2: (1.0 + 0.1) / 2 = 0.55 -> 11
    x = pd.DataFrame({"a": [0.0, 1.0, 10.0, 9.0], "b": [0.0, 2.0, 20.0, np.nan]})
    f, m = impute(x, "knn", k=1)
    assert col(f, "b") == pytest.approx([0.0, 2.0, 20.0, 20.0])
    assert m["b"].tolist() == [False, False, False, True] and not m["a"].any()
    f, _ = impute(x, "knn", k=2)
    assert f.at[3, "b"] == pytest.approx(11.0)


def test_impute_knn_per_year():
    # year 2: the same data doubled, the neighbours come from year 2 only: row 4 of year 2 -> 40
    x = pd.DataFrame({"a": [0.0, 1.0, 10.0, 9.0, 0.0, 2.0, 20.0, 18.0],
                      "b": [0.0, 2.0, 20.0, np.nan, 0.0, 4.0, 40.0, np.nan]})
    f, _ = impute(x, "knn", k=1, by=np.array([1, 1, 1, 1, 2, 2, 2, 2]))
    assert col(f, "b") == pytest.approx([0.0, 2.0, 20.0, 20.0, 0.0, 4.0, 40.0, 40.0])


# =========================================================================== outliers
def test_skew_kurt_match_e1071_type2():
    rng = np.random.default_rng(7)
    for x in (np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100.0]), rng.lognormal(size=25), rng.normal(size=9)):
        assert skew(x) == pytest.approx(stats.skew(x, bias=False), rel=1e-12)
        assert kurt(x) == pytest.approx(stats.kurtosis(x, fisher=True, bias=False), rel=1e-12)
    # NaN ignored; too few values -> NaN; constant -> 0
    assert skew(np.array([1.0, 2.0, 9.0, np.nan])) == pytest.approx(stats.skew([1.0, 2.0, 9.0], bias=False))
    assert np.isnan(skew(np.array([1.0, 2.0]))) and np.isnan(kurt(np.array([1.0, 2.0, 3.0])))
    assert skew(np.ones(5)) == 0.0 and kurt(np.ones(5)) == 0.0


def test_treat_column_coinr_example_winsorises_one_point():
    # COINr's documented example x = c(1:10, 30, 100): skew 3.06 >= 2 and kurtosis 9.74 >= 3.5 -> fails;
    # winsorising the single highest point (100 -> 30) gives skew 1.71 < 2 -> passes
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], dtype=float)
    y, info = treat_column(x)
    assert y.tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 30]
    assert info["winsorised"] == 1 and info["points"] == [11] and info["log"] is False
    assert info["skew_before"] == pytest.approx(3.0632, abs=1e-4)
    assert info["kurt_before"] == pytest.approx(9.7414, abs=1e-4)
    assert info["skew_after"] == pytest.approx(stats.skew(y, bias=False))
    assert info["skew_after"] < 2


def test_treat_column_negative_skew_winsorises_low_end():
    x = -np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], dtype=float)
    y, info = treat_column(x)
    assert y[-1] == -30.0 and info["winsorised"] == 1


def test_treat_column_passing_column_untouched():
    x = np.arange(1.0, 11.0)
    y, info = treat_column(x)
    assert y.tolist() == x.tolist() and info["winsorised"] == 0 and info["log"] is False


def test_treat_column_falls_back_to_log_ct():
    # 60 zeros and 1000..1005: winsorising 5 points (1005 -> 1004 -> ... -> 1000, six values tied at 1000)
    # still leaves a 0/1000 two-point distribution with skew ~2.85 and kurtosis ~6.1 -> fails ->
    # log_CT of the ORIGINAL values: log(x - min + 0.01 (max - min)) = log(x - 0 + 0.01 * 1005) = log(x + 10.05)
    x = np.r_[np.zeros(60), np.arange(1000.0, 1006.0)]
    y, info = treat_column(x)
    assert info["log"] is True and info["winsorised"] == 0 and info["points"] == []
    assert y[0] == pytest.approx(math.log(10.05))            # 2.307573
    assert y[-1] == pytest.approx(math.log(1005 + 10.05))    # 6.922693
    assert y.tolist() == pytest.approx(np.log(x + 10.05).tolist())


def test_treat_outliers_frame_and_log():
    x = pd.DataFrame({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100.0], "b": np.arange(12.0)})
    out, log = treat_outliers(x)
    assert out["a"].max() == 30.0 and out["b"].tolist() == list(range(12))
    assert log[["indicator", "winsorised", "log"]].to_dict("records") == [
        {"indicator": "a", "winsorised": 1, "log": False}]
    same, log0 = treat_outliers(x, "none")
    assert same.equals(x) and len(log0) == 0


# =========================================================================== levels
def test_band_levels_edges():
    s = pd.Series([0, 19.999, 20, 39.9, 40, 59.99, 60, 79.99, 80, 100, np.nan])
    # a score on an edge goes up
    assert nan_list(band_levels(s)) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, None]
    assert band_levels(pd.Series([10.0, 50.0, 90.0]), edges=(50, 90)).tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError):
        band_levels(s, edges=(20, 20, 60))
    assert level_name(1) == "初始级" and level_name(5, "en") == "Optimising" and level_name(float("nan")) == "—"


def test_kmeans_levels_seeded_and_reproducible():
    s = pd.Series([1, 2, 50, 51, 99, 98.0, np.nan])
    a = kmeans_levels(s, k=3, seed=0)
    b = kmeans_levels(s, k=3, seed=0)
    # tiers numbered by centre: {1, 2} -> 1, {50, 51} -> 2, {98, 99} -> 3; NaN stays NaN
    assert nan_list(a) == [1, 1, 2, 2, 3, 3, None]
    assert a.equals(b)
    # more tiers asked than distinct values: k is reduced to 2
    assert kmeans_levels(pd.Series([5.0, 5.0, 9.0]), k=5).tolist() == [1.0, 1.0, 2.0]
