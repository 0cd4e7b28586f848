"""Unit tests for metrics.obstacles (obstacle degree 障碍度)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.obstacles import obstacle_by_group, obstacle_degree, top_obstacles

FAST = settings(max_examples=60, deadline=None)


def test_hand_values():
    # weights (1, 1, 2) -> (0.25, 0.25, 0.5)
    # region P: x = (0.5, 0.0, 1.0) -> deviations 1 - x = (0.5, 1.0, 0.0)
    #   w * dev = (0.125, 0.25, 0.0), sum 0.375 -> O = (1/3, 2/3, 0)
    # region R: x = (0.2, 0.6, 0.8) -> dev (0.8, 0.4, 0.2) -> w*dev = (0.2, 0.1, 0.1), sum 0.4
    #   -> O = (0.5, 0.25, 0.25)
    x = pd.DataFrame({"a": [50.0, 20.0], "b": [0.0, 60.0], "c": [100.0, 80.0]}, index=["P", "R"])
    o = obstacle_degree(x, pd.Series({"a": 1, "b": 1, "c": 2}))
    assert o.loc["P"].tolist() == pytest.approx([1 / 3, 2 / 3, 0.0], abs=1e-15)
    assert o.loc["R"].tolist() == pytest.approx([0.5, 0.25, 0.25], abs=1e-15)
    assert o.sum(axis=1).tolist() == pytest.approx([1.0, 1.0], abs=1e-15)
    assert o.index.equals(x.index) and o.columns.equals(x.columns)


def test_weight_scaling_is_irrelevant():
    x = pd.DataFrame({"a": [10.0, 90.0], "b": [30.0, 40.0]})
    o1 = obstacle_degree(x, pd.Series({"a": 0.3, "b": 0.7}))
    o2 = obstacle_degree(x, pd.Series({"a": 3.0, "b": 7.0, "unused": 5.0}))
    pd.testing.assert_frame_equal(o1, o2)


def test_other_scale():
    # on [1, 100]: x = (v - 1)/99 ; v = (1, 100) -> x = (0, 1) -> all obstacle on a
    x = pd.DataFrame({"a": [1.0], "b": [100.0]})
    o = obstacle_degree(x, {"a": 1, "b": 1}, scale=(1, 100))
    assert o.loc[0].tolist() == [1.0, 0.0]


def test_zero_deviation_row_is_all_zero():
    x = pd.DataFrame({"a": [100.0], "b": [100.0]})
    o = obstacle_degree(x, {"a": 1, "b": 2})
    assert o.loc[0].tolist() == [0.0, 0.0]


def test_missing_indicator_left_out():
    # x = (NaN, 0.2, 0.6), w = (1, 1, 2)/4: a is left out; w*dev = (-, 0.2, 0.2) -> (NaN, .5, .5)
    x = pd.DataFrame({"a": [np.nan], "b": [20.0], "c": [60.0]})
    o = obstacle_degree(x, {"a": 1, "b": 1, "c": 2})
    assert np.isnan(o.loc[0, "a"])
    assert o.loc[0, ["b", "c"]].tolist() == pytest.approx([0.5, 0.5])
    assert o.sum(axis=1).iloc[0] == pytest.approx(1.0)
    all_missing = obstacle_degree(pd.DataFrame({"a": [np.nan], "b": [np.nan]}), {"a": 1, "b": 1})
    assert all_missing.isna().all(axis=None)


def test_by_group_sums():
    x = pd.DataFrame({"a": [50.0, 20.0], "b": [0.0, 60.0], "c": [100.0, 80.0]}, index=["P", "R"])
    o = obstacle_degree(x, pd.Series({"a": 1, "b": 1, "c": 2}))
    sub = obstacle_by_group(o, {"a": "ORG1", "b": "ORG2", "c": "ORG1"})
    assert list(sub.columns) == ["ORG1", "ORG2"]
    # P: ORG1 = 1/3 + 0 ; ORG2 = 2/3.  R: ORG1 = 0.5 + 0.25 ; ORG2 = 0.25
    assert sub.loc["P"].tolist() == pytest.approx([1 / 3, 2 / 3])
    assert sub.loc["R"].tolist() == pytest.approx([0.75, 0.25])
    dim = obstacle_by_group(o, pd.Series({"a": "ORG", "b": "ORG", "c": "ORG"}))
    assert dim["ORG"].tolist() == pytest.approx([1.0, 1.0])
    with pytest.raises(ValueError, match="without a group"):
        obstacle_by_group(o, {"a": "ORG1"})


def test_top_obstacles():
    o = pd.DataFrame({"a": [0.2, 0.0], "b": [0.5, 0.0], "c": [0.3, 0.0]}, index=["Z", "A"])
    top = top_obstacles(o, 2)
    assert top["region"].tolist() == ["Z", "Z"]
    assert top["factor"].tolist() == ["b", "c"] and top["rank"].tolist() == [1, 2]


@pytest.mark.parametrize(
    "frame, weights, kw, match",
    [
        (pd.DataFrame({"a": [101.0]}), {"a": 1}, {}, "scale"),
        (pd.DataFrame({"a": [-1.0]}), {"a": 1}, {}, "scale"),
        (pd.DataFrame({"a": [50.0], "b": [50.0]}), {"a": 1}, {}, "no weight"),
        (pd.DataFrame({"a": [50.0]}), {"a": -1}, {}, "non-negative"),
        (pd.DataFrame({"a": [50.0]}), {"a": 0}, {}, "all be zero"),
        (pd.DataFrame({"a": [50.0]}), {"a": 1}, {"scale": (100, 0)}, "hi > lo"),
        (pd.DataFrame({"a": ["x"]}), {"a": 1}, {}, "numeric"),
    ],
)
def test_validation(frame, weights, kw, match):
    with pytest.raises(ValueError, match=match):
        obstacle_degree(frame, weights, **kw)


# ---------------------------------------------------------------- properties

cell = st.one_of(st.floats(0.0, 100.0), st.just(np.nan))


@FAST
@given(st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.lists(st.lists(cell, min_size=k, max_size=k), min_size=1, max_size=6),
    st.lists(st.floats(0.01, 10.0), min_size=k, max_size=k))))
def test_rows_sum_to_one(d):
    rows, w = d
    cols = [f"i{j}" for j in range(len(w))]
    x = pd.DataFrame(rows, columns=cols)
    o = obstacle_degree(x, pd.Series(w, index=cols))
    sums = o.sum(axis=1, min_count=1)
    for i, s in sums.items():
        avail = x.loc[i].notna()
        if not avail.any():
            assert np.isnan(s)
        elif (x.loc[i][avail] >= 100).all():
            assert s == 0.0
        else:
            assert s == pytest.approx(1.0, abs=1e-12)
    assert (o.fillna(0) >= 0).all(axis=None)
    grp = obstacle_by_group(o, {c: ("G1" if j % 2 else "G2") for j, c in enumerate(cols)})
    assert np.allclose(grp.sum(axis=1, min_count=1).fillna(-1), sums.fillna(-1), atol=1e-12)
