"""metrics.assessment: the whole pipeline on hand-made data, the TAI data, the bundled sample,
and property tests (hypothesis)."""
from __future__ import annotations

import csv
import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import Dataset, Spec, assess, load_framework
from metrics.aggregate import AggregationError
from metrics.assessment import SAMPLE_DIR
from metrics.data import IndicatorData
from metrics.weights import entropy_weights
from tests.conftest import TAI

# --------------------------------------------------------------------------- the hand example
# a, b -> P (weights 1, 3); c -> Q; P, Q -> I (weights 2, 1); b is "less is better".
HAND_FW = pd.DataFrame({"iCode": ["a", "b", "c", "P", "Q", "I"], "Parent": ["P", "P", "Q", "I", "I", ""],
                        "Weight": [1, 3, 1, 2, 1, 1], "Direction": [1, -1, 1, 1, 1, 1],
                        "Type": ["Indicator"] * 3 + ["Aggregate"] * 3})
HAND_DATA = pd.DataFrame({"region": ["r1", "r2", "r3"], "a": ["0", "5", "10"], "b": ["2", "4", "6"],
                          "c": ["1", "3", "2"]})


@pytest.fixture(scope="module")
def hand():
    return Dataset.load(HAND_DATA, framework=load_framework(HAND_FW))


def test_hand_example_arithmetic(hand):
    a = assess(hand)
    # min-max [0, 100]:  a = 0, 5, 10        -> 0, 50, 100
    #                    b = 2, 4, 6 (dir -1) -> flipped -2, -4, -6 -> 100, 50, 0
    #                    c = 1, 3, 2         -> 0, 100, 50
    assert a.normalised.xs(0, level="year").to_dict("list") == {
        "a": [0.0, 50.0, 100.0], "b": [100.0, 50.0, 0.0], "c": [0.0, 100.0, 50.0]}
    s = a.scores.xs(0, level="year")
    # P = (1 a + 3 b) / 4: r1 (0 + 300)/4 = 75, r2 (50 + 150)/4 = 50, r3 (100 + 0)/4 = 25;  Q = c
    assert s["P"].tolist() == [75.0, 50.0, 25.0]
    assert s["Q"].tolist() == [0.0, 100.0, 50.0]
    # I = (2 P + Q) / 3: r1 150/3 = 50, r2 (100 + 100)/3 = 66.67, r3 (50 + 50)/3 = 33.33
    assert s["I"].tolist() == pytest.approx([50.0, 200 / 3, 100 / 3])
    # overall weights: a = 1/4 * 2/3 = 1/6, b = 3/4 * 2/3 = 1/2, c = 1/3
    assert a.indicator_weights.to_dict() == pytest.approx({"a": 1 / 6, "b": 0.5, "c": 1 / 3})
    assert a.weights.to_dict() == pytest.approx({"a": 0.25, "b": 0.75, "c": 1.0, "P": 2 / 3, "Q": 1 / 3, "I": 1.0})
    assert a.ranks().xs(0, level="year").tolist() == [2.0, 1.0, 3.0]
    assert (a.coverage == 1.0).all().all()


def test_hand_example_geometric(hand):
    a = assess(hand, Spec(scale=(1, 100), aggregate="geometric"))
    # min-max [1, 100]: a = 1, 50.5, 100; b = 100, 50.5, 1; c = 1, 100, 50.5
    s = a.scores.xs(0, level="year")
    # P = a^(1/4) b^(3/4): r1 100^(3/4) = 31.6228, r2 50.5, r3 100^(1/4) = 3.1623
    assert s["P"].tolist() == pytest.approx([10 ** 1.5, 50.5, 10 ** 0.5])
    # I = P^(2/3) Q^(1/3): r1 (10^1.5)^(2/3) * 1^(1/3) = 10
    #                      r2 50.5^(2/3) * 100^(1/3) = 13.661 * 4.642 = 63.415
    #                      r3 (10^0.5)^(2/3) * 50.5^(1/3) = (10 * 50.5)^(1/3) = 505^(1/3) = 7.958
    assert s["I"].tolist() == pytest.approx([10.0, 50.5 ** (2 / 3) * 100 ** (1 / 3), 505 ** (1 / 3)])


def test_geometric_on_0_100_names_the_zero():
    ds = Dataset.load(HAND_DATA, framework=load_framework(HAND_FW))
    with pytest.raises(AggregationError) as e:
        assess(ds, Spec(aggregate="geometric"))  # min-max onto [0, 100] has zeros
    assert "r1/0" in str(e.value)


def test_topsis_in_pipeline(hand):
    a = assess(hand, Spec(aggregate="topsis"))
    s = a.scores.xs(0, level="year")
    # Q has one indicator c (0, 100, 50): closeness = (x - 0) / 100 -> 0, 100, 50
    assert s["Q"].tolist() == pytest.approx([0.0, 100.0, 50.0])
    # P over a, b with overall weights 1/6, 1/2 -> per-row weights 1/4, 3/4 on (a, b) in [0, 100]:
    # r1 (0, 100): d+ = 1/4 * 100 = 25, d- = 3/4 * 100 = 75 -> 75
    assert s.at["r1", "P"] == pytest.approx(75.0)


def test_coverage_when_one_indicator_is_missing():
    data = HAND_DATA.copy()
    data.loc[1, "c"] = ""  # r2 has no c
    a = assess(Dataset.load(data, framework=load_framework(HAND_FW)))
    cov = a.coverage.xs(0, level="year")
    # r2: P has a and b (1); Q has nothing (0); I has a + b = 1/6 + 1/2 = 2/3 of its weight
    assert cov.loc["r2"].tolist() == pytest.approx([1.0, 0.0, 2 / 3])
    assert cov.loc[["r1", "r3"]].to_numpy().tolist() == [[1.0, 1.0, 1.0]] * 2
    s = a.scores.xs(0, level="year")
    # c = 1, -, 2 -> 0, -, 100;  r2: Q missing, I = P alone = 50 (weights re-normalised)
    assert math.isnan(s.at["r2", "Q"])
    assert s["I"].tolist() == pytest.approx([50.0, 50.0, (2 * 25 + 100) / 3])


def test_spec_replace_changes_only_the_named_setting():
    s = Spec(normalize="zscore", weights="entropy", treat="winsorize", seed=3)
    t = s.replace(weights="critic")
    ds, dt = dataclasses.asdict(s), dataclasses.asdict(t)
    assert {k for k in ds if ds[k] != dt[k]} == {"weights"}
    assert s.weights == "entropy" and t.weights == "critic"  # the original is untouched
    assert Spec.from_dict(t.to_dict()) == t
    with pytest.raises(ValueError):
        s.replace(weights="magic")
    w = Spec().with_weights({"P": 2}).with_weights({"Q": 5})
    assert w.weight_overrides == (("P", 2.0), ("Q", 5.0))


def test_regenerate_changes_only_the_named_setting(hand):
    a = assess(hand, Spec(normalize="minmax", aggregate="arithmetic"))
    b = a.regenerate(weights="equal")
    assert b.spec == a.spec.replace(weights="equal")
    assert a.spec.weights == "framework"
    # normalisation is unaffected by the weights; the index changes:
    # equal weights: P = (a + b)/2 = 50, 50, 50; I = (P + Q)/2 = 25, 75, 50
    assert b.normalised.equals(a.normalised)
    assert b.scores.xs(0, level="year")["I"].tolist() == pytest.approx([25.0, 75.0, 50.0])


def test_weight_overrides_change_ranking_in_expected_direction(hand):
    base = assess(hand)
    # r1 leads on P (75 vs 50, 25) and trails on Q (0); raising P's raw weight from 2 to 10:
    # I = (10 P + Q) / 11: r1 750/11 = 68.18, r2 600/11 = 54.55, r3 300/11 = 27.27
    more_p = assess(hand, Spec(weight_overrides=(("P", 10),)))
    s = more_p.scores.xs(0, level="year")["I"]
    assert s.tolist() == pytest.approx([750 / 11, 600 / 11, 300 / 11])
    assert base.ranks().xs(0, level="year")["r1"] == 2 and more_p.ranks().xs(0, level="year")["r1"] == 1
    # the opposite: all weight on Q puts r2 (Q = 100) on top and r1 last
    more_q = assess(hand, Spec(weight_overrides=(("P", 0),)))
    assert more_q.scores.xs(0, level="year")["I"].tolist() == pytest.approx([0.0, 100.0, 50.0])
    assert more_q.ranks().xs(0, level="year").tolist() == [3.0, 1.0, 2.0]
    with pytest.raises(ValueError):
        assess(hand, Spec(weight_overrides=(("nope", 1),)))


def test_ahp_weights_in_pipeline(hand):
    a = assess(hand, Spec(weights="ahp", ahp=(("I", "P", "Q", "3"),)))
    # P 3x as important as Q: 0.75, 0.25 -> I = .75 P + .25 Q: r1 56.25, r2 62.5, r3 31.25
    assert a.weights["P"] == pytest.approx(0.75)
    assert a.scores.xs(0, level="year")["I"].tolist() == pytest.approx([56.25, 62.5, 31.25])


def test_entropy_weights_reach_indicator_weights(hand):
    a = assess(hand, Spec(weights="entropy"))
    fw = a.framework
    expected = entropy_weights(a.raw[fw.indicators], fw.table.loc[fw.indicators, "direction"])
    assert a.indicator_weights.to_dict() == pytest.approx(expected.to_dict(), abs=1e-12)
    # by hand: a -> z = 0, .5, 1 ; b (dir -1) -> z = 1, .5, 0 ; c -> z = 0, 1, .5: the same entropy
    # for all three -> 1/3 each
    assert a.indicator_weights.tolist() == pytest.approx([1 / 3] * 3)


def test_results_columns_and_order(hand):
    r = assess(hand).results()
    # no year column in the data -> no year in the results
    assert r.columns.tolist() == ["region", "name", "P", "Q", "I", "rank"]
    assert r["region"].tolist() == ["r2", "r1", "r3"] and r["rank"].tolist() == [1, 2, 3]


# --------------------------------------------------------------------------- TAI (OECD/JRC Handbook)
def test_tai_minmax_arithmetic_equal_weights():
    """23 countries, 8 indicators (all "more is better"), equal weights, min-max, arithmetic.

    The expected index is recomputed here with plain Python from the CSV.  Finland is first.
    Note: the CSV's TAI_rank_2001 (United States 2nd) is the UNDP ranking, made with goalposts
    over 72 countries; min-max over these 23 puts Sweden 2nd and the United States 3rd
    (0.7187, 0.6883, 0.6803 on [0, 1]).
    """
    rows = list(csv.DictReader(open(TAI, encoding="utf-8")))
    inds = [c for c in rows[0] if c not in ("TAI_rank_2001", "country")]
    assert len(rows) == 23 and len(inds) == 8
    # independent reference: mean over indicators of (x - min) / (max - min) * 100
    cols = {i: [float(r[i]) for r in rows] for i in inds}
    ref = {r["country"]: sum((float(r[i]) - min(cols[i])) / (max(cols[i]) - min(cols[i])) for i in inds) / 8 * 100
           for r in rows}

    fw = load_framework(pd.DataFrame({"iCode": inds + ["TAI"], "Parent": ["TAI"] * 8 + [""],
                                      "Level": [1] * 8 + [2], "Weight": [1] * 9, "Direction": [1] * 9,
                                      "Type": ["Indicator"] * 8 + ["Aggregate"]}))
    data = pd.read_csv(TAI, dtype=str, keep_default_na=False).drop(columns="TAI_rank_2001")
    a = assess(Dataset.load(data.rename(columns={"country": "region"}), framework=fw), Spec(weights="equal"))
    res = a.results()
    assert res.columns.tolist() == ["region", "name", "TAI", "rank"]
    got = dict(zip(res["region"], res["TAI"]))
    assert got == pytest.approx(ref, abs=1e-9)
    assert res["region"].tolist()[:3] == ["Finland", "Sweden", "United States"]
    assert res["rank"].tolist()[:3] == [1, 2, 3]
    assert got["Finland"] == pytest.approx(71.867, abs=1e-3)
    assert res["region"].iloc[-1] == "Hungary"


# --------------------------------------------------------------------------- the bundled sample
@pytest.fixture(scope="module")
def sample():
    if not (SAMPLE_DIR / "indicators.csv").exists():
        pytest.skip("data/sample not generated yet")
    return Dataset.sample()


@pytest.fixture(scope="module")
def sample_assessment(sample):
    return assess(sample)


def test_sample_results_shape_and_columns(sample_assessment):
    a = sample_assessment
    fw = a.framework
    r = a.results()
    level2 = fw.level_codes(2)
    assert r.columns.tolist() == ["region", "name", "year", *level2, "ORG", "MEC", "AWA", "INDEX", "rank"]
    assert fw.aggregates == [*level2, "ORG", "MEC", "AWA", "INDEX"]
    assert len(r) == 31 * 6 and a.years == [2019, 2020, 2021, 2022, 2023, 2024]
    # ranks 1..31 within each year, best first
    for _, g in r.groupby("year"):
        assert g["rank"].min() == 1 and g["rank"].max() <= 31
        assert g["INDEX"].is_monotonic_decreasing
    # names come from the region table
    assert r.loc[r["region"] == "110000", "name"].iloc[0] == "北京"
    assert a.results(lang="en").loc[lambda d: d["region"] == "110000", "name"].iloc[0] == "Beijing"


def test_sample_scores_in_range_and_weights(sample_assessment):
    a = sample_assessment
    v = a.scores.to_numpy()
    assert np.nanmin(v) >= 0.0 and np.nanmax(v) <= 100.0
    assert not a.scores["INDEX"].isna().any()
    assert a.indicator_weights.sum() == pytest.approx(1.0)
    assert ((a.coverage >= 0) & (a.coverage <= 1 + 1e-12)).all().all()
    # the sample has missing cells, so some aggregate is not fully covered
    assert a.raw.isna().values.any() and (a.coverage < 1).values.any()
    lv = a.levels()
    assert set(lv.dropna().unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}


def test_sample_entropy_weights_equal_entropy_of_raw(sample, sample_assessment):
    e = sample_assessment.regenerate(weights="entropy")
    fw = e.framework
    expected = entropy_weights(e.raw[fw.indicators], fw.table.loc[fw.indicators, "direction"])
    assert e.indicator_weights.to_dict() == pytest.approx(expected.to_dict(), abs=1e-12)
    # only the weights changed: normalised data identical, the index not
    assert e.normalised.equals(sample_assessment.normalised)
    assert not np.allclose(e.scores["INDEX"], sample_assessment.scores["INDEX"])


def test_sample_by_year_normalisation(sample_assessment):
    b = sample_assessment.regenerate(by_year=True)
    n = b.normalised
    for _, g in n.groupby(level="year"):
        present = g.dropna(axis=1, how="all")
        assert np.allclose(present.min(), 0.0) and np.allclose(present.max(), 100.0)


# --------------------------------------------------------------------------- property tests
PROP_FW = load_framework(pd.DataFrame({"iCode": ["i1", "i2", "i3", "i4", "A", "B", "T"],
                                       "Parent": ["A", "A", "B", "B", "T", "T", ""],
                                       "Type": ["Indicator"] * 4 + ["Aggregate"] * 3}))
IND = PROP_FW.indicators
NODES = list(PROP_FW.table.index)


def _dataset(values: np.ndarray, fw=PROP_FW, regions=None) -> Dataset:
    n = values.shape[0]
    regions = regions or [f"r{i}" for i in range(n)]
    idx = pd.MultiIndex.from_arrays([regions, [0] * n], names=["region", "year"])
    return Dataset(fw, IndicatorData(pd.DataFrame(values, index=idx, columns=fw.indicators), has_year=False))


# values with one decimal: either equal or at least 0.1 apart, so min-max is well conditioned
values_st = st.integers(min_value=3, max_value=8).flatmap(
    lambda n: st.lists(st.lists(st.integers(-1000, 1000).map(lambda v: v / 10), min_size=4, max_size=4),
                       min_size=n, max_size=n)).map(lambda rows: np.array(rows, dtype=float))
weights_st = st.lists(st.floats(0.1, 10.0), min_size=len(NODES), max_size=len(NODES))
PROP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROP_2 = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _overrides(w):
    return tuple(zip(NODES, w))


@PROP
@given(values=values_st, w=weights_st, lo=st.floats(-50, 50), span=st.floats(1, 200))
def test_prop_minmax_scores_within_scale(values, w, lo, span):
    hi = lo + span
    a = assess(_dataset(values), Spec(scale=(lo, hi), weight_overrides=_overrides(w)))
    for frame in (a.normalised, a.scores):
        v = frame.to_numpy()
        v = v[~np.isnan(v)]
        assert (v >= lo - 1e-9 * span).all() and (v <= hi + 1e-9 * span).all()


@PROP_2
@given(values=values_st, w=weights_st, data=st.data())
def test_prop_raising_a_value_never_lowers_the_index_minmax(values, w, data):
    n = values.shape[0]
    i = data.draw(st.integers(0, n - 1), label="region")
    j = data.draw(st.integers(0, 3), label="indicator")
    t = data.draw(st.floats(0.0, 1.0), label="fraction of the way to the column max")
    spec = Spec(weight_overrides=_overrides(w))
    before = assess(_dataset(values), spec).scores["T"].to_numpy()
    raised = values.copy()
    # raise towards the column max, never beyond it
    raised[i, j] = values[i, j] + t * (values[:, j].max() - values[i, j])
    after = assess(_dataset(raised), spec).scores["T"].to_numpy()
    if np.isnan(before[i]):
        return
    assert after[i] >= before[i] - 1e-9


GOAL_FW = load_framework(pd.DataFrame({"iCode": ["i1", "i2", "i3", "i4", "A", "B", "T"],
                                       "Parent": ["A", "A", "B", "B", "T", "T", ""],
                                       "goal_min": ["-100", "-100", "-100", "-100", "", "", ""],
                                       "goal_max": ["100", "100", "100", "100", "", "", ""],
                                       "Type": ["Indicator"] * 4 + ["Aggregate"] * 3}))


@PROP_2
@given(values=values_st, w=weights_st, data=st.data())
def test_prop_raising_a_value_never_lowers_the_index_goalposts(values, w, data):
    # goal posts fixed at [-100, 100]: raising any value by any amount (even past the goal) never hurts
    n = values.shape[0]
    i = data.draw(st.integers(0, n - 1), label="region")
    j = data.draw(st.integers(0, 3), label="indicator")
    delta = data.draw(st.floats(0.0, 300.0), label="delta")
    spec = Spec(normalize="goalposts", weight_overrides=_overrides(w))
    before = assess(_dataset(values, GOAL_FW), spec).scores["T"].to_numpy()
    raised = values.copy()
    raised[i, j] += delta
    after_a = assess(_dataset(raised, GOAL_FW), spec)
    after = after_a.scores["T"].to_numpy()
    assert after[i] >= before[i] - 1e-9
    # and with fixed goal posts nobody else moves
    others = np.arange(n) != i
    assert np.allclose(after[others], before[others])


@PROP_2
@given(values=values_st, data=st.data())
def test_prop_region_order_does_not_matter(values, data):
    n = values.shape[0]
    names = [f"r{i}" for i in range(n)]
    perm = data.draw(st.permutations(list(range(n))), label="permutation")
    a = assess(_dataset(values, regions=names)).scores
    b = assess(_dataset(values[perm], regions=[names[k] for k in perm])).scores
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index(), check_exact=False, rtol=1e-12, atol=1e-9)


@PROP_2
@given(values=values_st, j=st.integers(0, 3), scale=st.floats(0.1, 100.0), shift=st.floats(-1e4, 1e4))
def test_prop_minmax_invariant_to_positive_affine_rescaling(values, j, scale, shift):
    base = assess(_dataset(values))
    moved = values.copy()
    moved[:, j] = scale * moved[:, j] + shift
    other = assess(_dataset(moved))
    pd.testing.assert_frame_equal(base.normalised, other.normalised, check_exact=False, rtol=0, atol=1e-7)
    pd.testing.assert_frame_equal(base.scores, other.scores, check_exact=False, rtol=0, atol=1e-7)


@pytest.mark.parametrize("method", ["equal", "framework", "entropy", "critic", "pca"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=values_st, w=weights_st)
def test_prop_weights_sum_to_one(method, values, w):
    fw = PROP_FW.with_weights(dict(zip(NODES, w)))
    a = assess(_dataset(values, fw), Spec(weights=method))
    assert a.indicator_weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert (a.indicator_weights >= 0).all()
    per_parent = a.weights.groupby(fw.table["parent"].fillna("__root__")).sum()
    assert per_parent.to_numpy() == pytest.approx([1.0] * len(per_parent), abs=1e-12)
    if method == "equal":
        assert a.indicator_weights.tolist() == pytest.approx([0.25] * 4)
    if method == "framework":
        assert a.indicator_weights.to_dict() == pytest.approx(fw.global_weights().to_dict())
