"""Unit tests for metrics.synergy (coupling-coordination degree)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from metrics.synergy import BANDS, STAGES, band_of, coupling_coordination, stage_of

FAST = settings(max_examples=60, deadline=None)


def cc(rows, **kw):
    df = pd.DataFrame(rows, columns=[f"S{i}" for i in range(len(rows[0]))])
    return coupling_coordination(df, scale=kw.pop("scale", 1.0), **kw)


# ---------------------------------------------------------------- hand values

def test_equal_scores_give_full_coupling():
    # U = (0.6, 0.6, 0.6): geometric mean 0.6, sum 1.8 -> C = 3 * 0.6 / 1.8 = 1
    # T = (0.6 + 0.6 + 0.6) / 3 = 0.6 ; D = sqrt(1 * 0.6) = 0.774597 -> band 8
    out = cc([(0.6, 0.6, 0.6)])
    assert out.loc[0, "C"] == 1.0  # exactly, not just approximately
    assert out.loc[0, "T"] == pytest.approx(0.6, abs=1e-15)
    assert out.loc[0, "D"] == pytest.approx(math.sqrt(0.6), abs=1e-15)
    assert out.loc[0, "band"] == 8
    assert out.loc[0, "band_zh"] == "中级协调"
    assert out.loc[0, "band_en"] == "Intermediate coordination"
    assert out.loc[0, "stage"] == 4
    assert out.loc[0, "stage_zh"] == "高水平耦合"


def test_unbalanced_three_subsystems():
    # U = (0.9, 0.1, 0.1): prod = 0.009, cube root = 0.2080084, sum = 1.1
    # C = 3 * 0.2080084 / 1.1 = 0.5672956
    # T = 1.1 / 3 = 0.3666667
    # D = sqrt(C * T) = sqrt(0.2080084) = 0.4560794  (equal weights: C*T = geometric mean)
    out = cc([(0.9, 0.1, 0.1)])
    g = 0.009 ** (1 / 3)
    assert out.loc[0, "C"] == pytest.approx(3 * g / 1.1, rel=1e-13)
    assert out.loc[0, "C"] == pytest.approx(0.5672956, abs=1e-7)
    assert out.loc[0, "T"] == pytest.approx(0.3666667, abs=1e-7)
    assert out.loc[0, "D"] == pytest.approx(0.4560794, abs=1e-7)
    assert out.loc[0, "band"] == 5 and out.loc[0, "band_zh"] == "濒临失调"
    assert out.loc[0, "stage"] == 3 and out.loc[0, "stage_en"] == "Running-in"


def test_two_subsystems():
    # U = (0.8, 0.2): C = 2 * sqrt(0.16) / 1.0 = 0.8 ; T = 0.5 ; D = sqrt(0.4) = 0.632456
    out = cc([(0.8, 0.2)])
    assert out.loc[0, "C"] == pytest.approx(0.8, abs=1e-15)
    assert out.loc[0, "T"] == pytest.approx(0.5)
    assert out.loc[0, "D"] == pytest.approx(math.sqrt(0.4))
    assert out.loc[0, "band"] == 7          # [0.6, 0.7) 初级协调
    assert out.loc[0, "stage"] == 3         # C = 0.8 is in (0.5, 0.8] 磨合


def test_weights_affect_T_only():
    # a = (2, 1, 1) / 4 = (0.5, 0.25, 0.25); U = (0.9, 0.1, 0.1)
    # T = 0.45 + 0.025 + 0.025 = 0.5 ; C = 0.5672956 (unchanged) ; D = sqrt(0.2836478) = 0.5325860
    out = cc([(0.9, 0.1, 0.1)], weights=[2, 1, 1])
    assert out.loc[0, "T"] == pytest.approx(0.5)
    assert out.loc[0, "C"] == pytest.approx(0.5672956, abs=1e-7)
    assert out.loc[0, "D"] == pytest.approx(0.5325860, abs=1e-7)
    by_name = cc([(0.9, 0.1, 0.1)], weights={"S0": 2, "S1": 1, "S2": 1})
    pd.testing.assert_frame_equal(out, by_name)


def test_scale_100_and_index_kept():
    df = pd.DataFrame({"ORG": [60.0, 90.0], "MEC": [60.0, 10.0], "AWA": [60.0, 10.0]},
                      index=pd.Index(["110000", "650000"], name="code"))
    out = coupling_coordination(df)
    assert out.index.equals(df.index)
    assert list(out.columns) == ["C", "T", "D", "band", "band_zh", "band_en",
                                 "stage", "stage_zh", "stage_en"]
    assert out.loc["110000", "T"] == pytest.approx(0.6)
    assert out.loc["650000", "C"] == pytest.approx(0.5672956, abs=1e-7)


def test_zero_rows():
    # all zero: C = 0/0 defined as 0 -> T = D = 0, band 1, stage 1
    # one zero: prod = 0 -> C = 0, T = (0 + 0.5 + 0.5)/3, D = 0
    out = cc([(0.0, 0.0, 0.0), (0.0, 0.5, 0.5)])
    assert out["C"].tolist() == [0.0, 0.0]
    assert out.loc[0, "T"] == 0.0 and out.loc[1, "T"] == pytest.approx(1 / 3)
    assert out["D"].tolist() == [0.0, 0.0]
    assert out["band"].tolist() == [1, 1]
    assert out["stage_zh"].tolist() == ["低水平耦合", "低水平耦合"]


def test_nan_propagates_to_whole_row():
    out = cc([(0.5, np.nan, 0.5), (0.5, 0.5, 0.5)])
    assert np.isnan(out.loc[0, ["C", "T", "D"]].astype(float)).all()
    assert pd.isna(out.loc[0, "band"]) and pd.isna(out.loc[0, "stage"])
    assert pd.isna(out.loc[0, "band_zh"]) and pd.isna(out.loc[0, "stage_en"])
    assert out.loc[1, "C"] == 1.0
    assert str(out["band"].dtype) == "Int64"


def test_tolerance_is_clipped():
    out = cc([(100 + 1e-8, 50.0)], scale=100.0)
    assert out.loc[0, "C"] <= 1.0


# ---------------------------------------------------------------- bands

def test_band_edges():
    assert band_of(0.1) == 2
    assert band_of(0.0999) == 1
    assert band_of(1.0) == 10
    assert band_of(0.0) == 1
    assert band_of(0.9999999) == 10
    for k in range(1, 10):  # k/10 opens band k+1 (e.g. 0.3 -> 4, 0.7 -> 8)
        assert band_of(k / 10) == k + 1
        assert band_of(np.nextafter(k / 10, 0)) == k


def test_band_vectorised_and_series():
    arr = band_of([0.05, 0.55, np.nan, 1.0])
    assert arr.tolist()[:2] == [1, 6] and pd.isna(arr[2]) and arr[3] == 10
    s = band_of(pd.Series([0.15, 0.95], index=["a", "b"]))
    assert s.index.tolist() == ["a", "b"] and s.tolist() == [2, 10]
    assert pd.isna(band_of(float("nan")))


def test_band_table():
    assert len(BANDS) == 10
    assert [b[2] for b in BANDS] == ["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
                                     "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"]
    assert BANDS[0][3] == "Extreme imbalance" and BANDS[-1][3] == "Excellent coordination"
    for (lo, hi, _, _), (lo2, _, _, _) in zip(BANDS, BANDS[1:]):
        assert hi == lo2
    assert BANDS[0][0] == 0.0 and BANDS[-1][1] == 1.0


def test_stage_edges():
    # [0, 0.3] low, (0.3, 0.5] antagonism, (0.5, 0.8] running-in, (0.8, 1] high
    assert [stage_of(c) for c in (0.0, 0.3, 0.3001, 0.5, 0.5001, 0.8, 0.8001, 1.0)] == \
        [1, 1, 2, 2, 3, 3, 4, 4]
    assert [s[2] for s in STAGES] == ["低水平耦合", "拮抗", "磨合", "高水平耦合"]


@pytest.mark.parametrize("bad", [1.2, -0.1, float("inf")])
def test_band_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        band_of(bad)


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize(
    "kwargs, frame, match",
    [
        ({}, pd.DataFrame({"a": [101.0], "b": [50.0]}), "must lie in"),
        ({}, pd.DataFrame({"a": [-1.0], "b": [50.0]}), "must lie in"),
        ({}, pd.DataFrame({"a": [50.0]}), "at least 2"),
        ({}, pd.DataFrame({"a": ["x"], "b": [1.0]}), "numeric"),
        ({"weights": [1, -1]}, pd.DataFrame({"a": [1.0], "b": [1.0]}), "non-negative"),
        ({"weights": [0, 0]}, pd.DataFrame({"a": [1.0], "b": [1.0]}), "all be zero"),
        ({"weights": [1, 1, 1]}, pd.DataFrame({"a": [1.0], "b": [1.0]}), "3 values"),
        ({"weights": {"a": 1, "z": 1}}, pd.DataFrame({"a": [1.0], "b": [1.0]}), "missing"),
        ({"scale": 0}, pd.DataFrame({"a": [1.0], "b": [1.0]}), "scale"),
        ({}, pd.DataFrame({"a": [np.inf], "b": [1.0]}), "infinite"),
    ],
)
def test_validation(kwargs, frame, match):
    with pytest.raises(ValueError, match=match):
        coupling_coordination(frame, **kwargs)


def test_rejects_non_frame():
    with pytest.raises(ValueError, match="DataFrame"):
        coupling_coordination(np.ones((2, 3)))


# ---------------------------------------------------------------- properties

unit = st.floats(0.0, 1.0, allow_nan=False)


@FAST
@given(st.lists(st.lists(unit, min_size=3, max_size=3), min_size=1, max_size=8),
       st.lists(st.floats(0.0, 10.0), min_size=3, max_size=3).filter(lambda w: sum(w) > 0.01))
def test_ranges(rows, w):
    out = cc(rows, weights=w)
    for col in ("C", "T", "D"):
        assert ((out[col] >= 0) & (out[col] <= 1)).all()
    assert out["band"].between(1, 10).all() and out["stage"].between(1, 4).all()


@FAST
@given(st.floats(1e-6, 1.0), st.integers(2, 6))
def test_equal_positive_gives_C_one(u, n):
    out = cc([tuple([u] * n)])
    assert out.loc[0, "C"] == 1.0
    assert out.loc[0, "D"] == pytest.approx(math.sqrt(u), rel=1e-12)


@FAST
@given(st.lists(st.floats(1e-3, 1.0), min_size=2, max_size=6))
def test_C_one_only_if_equal(us):
    c = cc([tuple(us)]).loc[0, "C"]
    if max(us) / min(us) > 1 + 1e-4:
        assert c < 1.0
    # C is the ratio geometric / arithmetic mean (independent check via scipy)
    assert c == pytest.approx(stats.gmean(us) / np.mean(us), rel=1e-12)


@FAST
@given(st.lists(st.floats(1e-3, 1.0), min_size=2, max_size=6))
def test_D_squared_is_geometric_mean_with_equal_weights(us):
    # C * T = [n gmean / sum] * [sum / n] = gmean
    d = cc([tuple(us)]).loc[0, "D"]
    assert d ** 2 == pytest.approx(stats.gmean(us), rel=1e-12)
