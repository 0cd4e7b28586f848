"""Unit tests for metrics.disparity (Theil, Dagum Gini, coefficient of variation)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.disparity import coefficient_of_variation, dagum_gini, gini, theil

FAST = settings(max_examples=60, deadline=None)
ln = math.log


# ---------------------------------------------------------------- Theil

def test_theil_hand_value_four_values():
    # y = 1, 2, 3, 4 ; mean 2.5 ; y/mean = 0.4, 0.8, 1.2, 1.6
    #  0.4 ln 0.4 = 0.4 * -0.916291 = -0.366516
    #  0.8 ln 0.8 = 0.8 * -0.223144 = -0.178515
    #  1.2 ln 1.2 = 1.2 *  0.182322 =  0.218786
    #  1.6 ln 1.6 = 1.6 *  0.470004 =  0.752006
    #  sum = 0.425761 ; T = sum / 4 = 0.106440
    exact = (0.4 * ln(0.4) + 0.8 * ln(0.8) + 1.2 * ln(1.2) + 1.6 * ln(1.6)) / 4
    r = theil([1, 2, 3, 4])
    assert r["total"] == pytest.approx(exact, abs=1e-15)
    assert r["total"] == pytest.approx(0.106440, abs=1e-6)
    assert r["between"] == 0.0 and r["within"] == r["total"]


def test_theil_hand_decomposition():
    # groups a = {1, 2} (mean 1.5), b = {3, 4} (mean 3.5); population shares P = 0.5, 0.5
    # income shares Y_a = 0.5 * 1.5 / 2.5 = 0.3, Y_b = 0.7
    # between = 0.3 ln(1.5/2.5) + 0.7 ln(3.5/2.5) = 0.3*-0.510826 + 0.7*0.336472 = 0.082283
    # T_a = (2/3 ln 2/3 + 4/3 ln 4/3) / 2 = (-0.270310 + 0.383576) / 2 = 0.056633
    # T_b = (6/7 ln 6/7 + 8/7 ln 8/7) / 2 = (-0.132129 + 0.152606) / 2 = 0.010238
    # within = 0.3 * 0.056633 + 0.7 * 0.010238 = 0.016990 + 0.007167 = 0.024157
    # total = 0.082283 + 0.024157 = 0.106440 (same as without groups)
    r = theil([1, 2, 3, 4], groups=["a", "a", "b", "b"])
    T_a = (2 / 3 * ln(2 / 3) + 4 / 3 * ln(4 / 3)) / 2
    T_b = (6 / 7 * ln(6 / 7) + 8 / 7 * ln(8 / 7)) / 2
    assert r["between"] == pytest.approx(0.3 * ln(0.6) + 0.7 * ln(1.4), abs=1e-15)
    assert r["between"] == pytest.approx(0.082283, abs=1e-6)
    assert r["within"] == pytest.approx(0.3 * T_a + 0.7 * T_b, abs=1e-15)
    assert r["within"] == pytest.approx(0.024157, abs=1e-6)
    assert r["within_by_group"]["a"] == pytest.approx(0.3 * T_a, abs=1e-15)
    assert r["theil_by_group"]["b"] == pytest.approx(T_b, abs=1e-15)
    assert abs(r["between"] + r["within"] - r["total"]) < 1e-12
    assert r["between_share"] == pytest.approx(0.082283 / 0.106440, abs=1e-5)


def test_theil_population_weights_equal_replication():
    # y = (1, 2) with populations (3, 1): s = 0.75, 0.25 ; mean = 0.75 + 0.5 = 1.25
    # T = 0.75 * 0.8 ln 0.8 + 0.25 * 1.6 ln 1.6 = -0.133886 + 0.188001 = 0.054115
    r = theil([1, 2], weights=[3, 1])
    assert r["total"] == pytest.approx(0.75 * 0.8 * ln(0.8) + 0.25 * 1.6 * ln(1.6), abs=1e-15)
    assert r["total"] == pytest.approx(0.054115, abs=1e-6)
    assert r["total"] == pytest.approx(theil([1, 1, 1, 2])["total"], abs=1e-15)


def test_theil_equal_values_zero_and_nan_dropped_with_label():
    assert theil([5, 5, 5])["total"] == pytest.approx(0.0, abs=1e-15)
    r = theil(pd.Series([1.0, np.nan, 3.0]), groups=["a", "b", "a"])
    assert r["n"] == 2 and list(r["within_by_group"].index) == ["a"]
    assert r["between"] == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("vals", [[0, 1, 2], [-1, 2, 3]])
def test_theil_needs_positive_values(vals):
    with pytest.raises(ValueError, match=r"strictly positive.*\[1, 100\]"):
        theil(vals)


def test_theil_validation():
    with pytest.raises(ValueError, match="labels"):
        theil([1, 2, 3], groups=["a", "b"])
    with pytest.raises(ValueError, match="missing labels"):
        theil([1, 2, 3], groups=["a", None, "b"])
    with pytest.raises(ValueError, match="weights"):
        theil([1, 2, 3], weights=[1, 0, 1])
    with pytest.raises(ValueError, match="no non-missing"):
        theil([np.nan])


# ---------------------------------------------------------------- Dagum

def brute_gini(y):
    y = np.asarray(y, float)
    return np.abs(y[:, None] - y[None, :]).sum() / (2 * y.size ** 2 * y.mean())


def test_dagum_hand_values_overlapping_groups():
    # a = {1, 3} (mean 2), b = {2, 6} (mean 4); all: 1, 2, 3, 6 (mean 3), n = 4
    # G: unordered |diffs| 1,2,5,1,4,3 = 16, ordered 32 -> 32 / (2*16*3) = 1/3
    # G_aa = 2*|1-3| / (2*2^2*2) = 4/16 = 0.25 ; G_bb = 2*|2-6| / (2*2^2*4) = 8/32 = 0.25
    # p = (0.5, 0.5) ; s_a = 2*2/(4*3) = 1/3, s_b = 2/3
    # Gw = 0.25*0.5*(1/3) + 0.25*0.5*(2/3) = 0.125
    # S_ab = |1-2|+|1-6|+|3-2|+|3-6| = 10 ; G_ab = 10 / (2*2*(2+4)) = 5/12
    # weight p_b s_a + p_a s_b = 0.5/3 + 0.5*2/3 = 0.5 -> Gb = 5/24
    # d_ba = (1 + 0 + 5 + 3)/4 = 2.25 ; p_ba = (0 + 1 + 0 + 0)/4 = 0.25 ; D_ba = 2/2.5 = 0.8
    # Gnb = 5/24 * 0.8 = 1/6 ; Gt = 5/24 * 0.2 = 1/24 ; 1/8 + 1/6 + 1/24 = 1/3
    r = dagum_gini([1, 3, 2, 6], ["a", "a", "b", "b"])
    assert r["G"] == pytest.approx(1 / 3, abs=1e-15)
    assert r["Gw"] == pytest.approx(1 / 8, abs=1e-15)
    assert r["Gnb"] == pytest.approx(1 / 6, abs=1e-15)
    assert r["Gt"] == pytest.approx(1 / 24, abs=1e-15)
    assert r["Gb"] == pytest.approx(5 / 24, abs=1e-15)
    assert r["G_jj"].tolist() == pytest.approx([0.25, 0.25])
    assert r["G_jh"].loc["a", "b"] == pytest.approx(5 / 12)
    assert r["G_jh"].loc["b", "a"] == pytest.approx(5 / 12)
    assert r["D_jh"].loc["b", "a"] == pytest.approx(0.8)
    assert r["D_jh"].loc["a", "b"] == pytest.approx(-0.8)
    assert r["groups"] == ["a", "b"]
    assert r["shares"].sum() == pytest.approx(1.0)


def test_dagum_disjoint_groups_no_transvariation():
    # a = {1, 2}, b = {3, 4}: no overlap, so D = 1, Gt = 0
    # G = 20 / (2*16*2.5) = 0.25 ; Gw = (1/6)(.5)(.3) + (1/14)(.5)(.7) = 0.05 ; Gnb = 8/40 = 0.2
    r = dagum_gini([1, 2, 3, 4], ["a", "a", "b", "b"])
    assert (r["G"], r["Gw"], r["Gnb"], r["Gt"]) == pytest.approx((0.25, 0.05, 0.2, 0.0), abs=1e-15)


def test_dagum_orders_groups_by_mean():
    vals = [9, 8, 1, 2, 4, 5]
    labs = ["east", "east", "west", "west", "mid", "mid"]
    r = dagum_gini(vals, labs)
    assert r["groups"] == ["west", "mid", "east"]
    assert r["mean_j"].is_monotonic_increasing
    assert (r["D_jh"].to_numpy()[np.tril_indices(3, -1)] >= 0).all()
    assert r["G"] == pytest.approx(brute_gini(vals), abs=1e-15)


def test_dagum_single_group_is_all_within():
    r = dagum_gini([1, 5, 2], ["x"] * 3)
    assert r["Gw"] == pytest.approx(r["G"], abs=1e-15) and r["Gnb"] == 0 and r["Gt"] == 0


def test_gini_plain():
    # 1,2,3,4: ordered sum of |diffs| = 20 ; 20 / (2 * 16 * 2.5) = 0.25
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25, abs=1e-15)
    assert gini([3, 3, 3]) == 0.0


def test_dagum_validation():
    with pytest.raises(ValueError, match="non-negative"):
        dagum_gini([-1, 2], ["a", "b"])
    with pytest.raises(ValueError, match="positive mean"):
        dagum_gini([0, 0, 2], ["a", "a", "b"])
    with pytest.raises(ValueError, match="group label"):
        dagum_gini([1, 2], None)


def test_dagum_nan_dropped_with_label():
    r = dagum_gini([1.0, np.nan, 2.0, 3.0], ["a", "b", "a", "c"])
    assert r["groups"] == ["a", "c"] and r["n_j"].tolist() == [2, 1]


# ---------------------------------------------------------------- CV

def test_cv_hand():
    # mean 2.5 ; sample var (2.25 + 0.25 + 0.25 + 2.25)/3 = 5/3 ; sd 1.290994 ; CV 0.516398
    assert coefficient_of_variation([1, 2, 3, 4]) == pytest.approx(math.sqrt(5 / 3) / 2.5)
    assert coefficient_of_variation([1, 2, 3, 4]) == pytest.approx(0.516398, abs=1e-6)
    # population var 5/4 ; sd 1.118034 ; CV 0.447214
    assert coefficient_of_variation([1, 2, 3, 4], ddof=0) == pytest.approx(0.447214, abs=1e-6)
    assert coefficient_of_variation([1, np.nan, 3]) == pytest.approx(math.sqrt(2) / 2)


def test_cv_validation():
    with pytest.raises(ValueError, match="positive mean"):
        coefficient_of_variation([-1, 1])
    with pytest.raises(ValueError, match="more than ddof"):
        coefficient_of_variation([3])


# ---------------------------------------------------------------- properties

pos = st.floats(0.01, 1000.0, allow_nan=False)
data_groups = st.integers(2, 30).flatmap(
    lambda n: st.tuples(st.lists(pos, min_size=n, max_size=n),
                        st.lists(st.sampled_from("ABCD"), min_size=n, max_size=n),
                        st.lists(st.floats(0.1, 100.0), min_size=n, max_size=n)))


@FAST
@given(data_groups)
def test_theil_identity_and_sign(d):
    y, g, w = d
    for weights in (None, w):
        r = theil(y, groups=g, weights=weights)
        assert r["total"] >= -1e-15
        assert r["between"] >= -1e-15 and r["within"] >= -1e-15
        assert abs(r["between"] + r["within"] - r["total"]) < 1e-12
        assert abs(r["within_by_group"].sum() - r["within"]) < 1e-12


@FAST
@given(data_groups)
def test_dagum_identity(d):
    y, g, _ = d
    r = dagum_gini(y, g)
    assert abs(r["Gw"] + r["Gnb"] + r["Gt"] - r["G"]) < 1e-12
    assert abs(r["G"] - brute_gini(y)) < 1e-12
    assert r["Gnb"] >= -1e-15 and r["Gt"] >= -1e-15
    D = r["D_jh"].to_numpy()
    assert np.all(np.abs(D) <= 1 + 1e-12)
    assert np.allclose(D, -D.T, atol=1e-12)
