"""Dagum's between-group terms from sorted arrays (O(n log n)) equal the pairwise definition
``S_jh = sum_i sum_r |y_ji - y_hr|`` (O(n^2) pairs) on any data, to rounding."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics import disparity
from metrics.disparity import _abs_diff_sum, _abs_diff_sum_pairs, dagum_gini

values = st.floats(min_value=0.0, max_value=1e4, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(values, min_size=1, max_size=40), st.lists(values, min_size=1, max_size=40))
def test_sorted_sum_of_absolute_differences_is_the_pairwise_sum(a, b):
    a, b = np.array(a), np.array(b)
    ref = _abs_diff_sum_pairs(a, b)
    assert _abs_diff_sum(a, b) == pytest.approx(ref, rel=1e-12, abs=1e-9)


def test_ties_and_repeated_values():
    a = np.array([1.0, 2.0, 2.0, 3.0])
    # unordered pairs: |1-2| + |1-2| + |1-3| + |2-2| + |2-3| + |2-3| = 6; every pair twice
    assert _abs_diff_sum(a, a) == _abs_diff_sum_pairs(a, a) == 12.0
    assert _abs_diff_sum(np.array([5.0]), np.array([5.0, 5.0])) == 0.0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=0.01, max_value=100.0), st.sampled_from("abcd")),
                min_size=2, max_size=60))
def test_dagum_decomposition_is_unchanged(rows):
    y = np.array([v for v, _ in rows])
    g = np.array([k for _, k in rows], dtype=object)
    fast = dagum_gini(y, g)
    orig = disparity._abs_diff_sum
    disparity._abs_diff_sum = lambda a, b, b_sorted=False: _abs_diff_sum_pairs(a, b)
    try:
        slow = dagum_gini(y, g)
    finally:
        disparity._abs_diff_sum = orig
    for k in ("G", "Gw", "Gnb", "Gt", "Gb"):
        assert fast[k] == pytest.approx(slow[k], rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(fast["G_jh"].to_numpy(), slow["G_jh"].to_numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast["D_jh"].to_numpy(), slow["D_jh"].to_numpy(), rtol=1e-9, atol=1e-9)
    assert fast["Gw"] + fast["Gnb"] + fast["Gt"] == pytest.approx(fast["G"], rel=1e-9, abs=1e-12)


def test_a_county_sized_decomposition_equals_the_pairwise_one():
    rng = np.random.default_rng(3)
    y = rng.gamma(4.0, 10.0, 2844)
    g = rng.choice(np.array(["东部", "中部", "西部", "东北"], dtype=object), 2844)
    fast = dagum_gini(y, g)
    a, b = y[g == "东部"], y[g == "西部"]
    assert _abs_diff_sum(a, b) == pytest.approx(_abs_diff_sum_pairs(a, b), rel=1e-12)
    assert fast["Gw"] + fast["Gnb"] + fast["Gt"] == pytest.approx(fast["G"], rel=1e-12)
