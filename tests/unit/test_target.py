"""Path to target (metrics.target): known answers, unreachable targets, re-assessment, properties."""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import Dataset, Spec, assess, load_framework
from metrics import normalize as norm
from metrics.data import IndicatorData
from metrics.synergy import coupling_coordination
from metrics.target import Target, TargetSolver, coordination, reassess
from tests.conftest import ROOT

REGIONS = ["LOW", "R1", "MID", "TOP"]


def tiny_framework(dim_weights=(2, 1)):
    """INDEX <- A (weight 2), B (weight 1); A <- A1 <- a1, a2 (days, direction -1); B <- B1 <- b1, b2."""
    return load_framework(pd.DataFrame({
        "iCode": ["a1", "a2", "b1", "b2", "A1", "B1", "A", "B", "INDEX"],
        "Parent": ["A1", "A1", "B1", "B1", "A", "B", "INDEX", "INDEX", ""],
        "Level": [1, 1, 1, 1, 2, 2, 3, 3, 4],
        "Type": ["Indicator"] * 4 + ["Aggregate"] * 5,
        "Direction": [1, -1, 1, 1, 1, 1, 1, 1, 1],
        "Weight": [1, 1, 1, 1, 1, 1, dim_weights[0], dim_weights[1], 1],
        "unit": ["count", "days", "%", "%", "", "", "", "", ""]}))


def tiny_data(**override) -> pd.DataFrame:
    cols = {"a1": [0, 20, 50, 100], "a2": [30, 24, 15, 0], "b1": [0, 40, 50, 100], "b2": [0, 40, 50, 100]}
    cols.update(override)
    idx = pd.MultiIndex.from_product([REGIONS, [2024]], names=["region", "year"])
    return pd.DataFrame(cols, index=idx).astype(float)


def tiny(spec=None, dim_weights=(2, 1), **override):
    ds = Dataset(tiny_framework(dim_weights), IndicatorData(tiny_data(**override)), None, None)
    return assess(ds, spec or Spec())


@pytest.fixture(scope="module")
def sample_a():
    return assess(Dataset.sample())


# --------------------------------------------------------------------------- targets
def test_target_parsing_and_errors():
    assert Target.parse("level:4") == Target("level", 4)
    assert Target.parse("level:next").value == "next"
    assert Target.parse("band:good").value == 9 and Target.parse("band:良好协调").value == 9
    assert Target.parse("band:Good coordination").value == 9 and Target.parse("band:10").value == 10
    assert Target.parse("benchmark:group") == Target("benchmark", "group")
    assert Target.parse("rank:10").value == 10 and Target.parse("score:80").value == 80.0
    assert Target.parse("band:9").text == "band:good"
    for bad in ("level:0", "band:11", "band:great", "rank:-1", "score:abc", "height:3", "level"):
        with pytest.raises(ValueError) as e:
            Target.parse(bad)
        assert "目标" in str(e.value) and "target" in str(e.value)


def test_coordination_equals_the_synergy_module():
    u = np.array([[0.2, 0.7, 0.9], [0.5, 0.5, 0.5], [0.0, 0.4, 0.8], [1.0, 0.3, 0.6]])
    ref = coupling_coordination(pd.DataFrame(u, columns=list("abc")), scale=1.0)["D"].to_numpy()
    assert [coordination(r) for r in u] == pytest.approx(ref, abs=1e-12)


# --------------------------------------------------------------------------- a linear case by hand
def test_linear_case_solved_by_hand():
    # effective weights: a1, a2 = 2/3 * 1/2 = 1/3 each; b1, b2 = 1/3 * 1/2 = 1/6 each.  R1 is 20, 20, 40, 40 on
    # the min-max scale: index 26.67.  To reach 60 (+33.33) at cost 1 per point of a1, 1.5 of a2, 1 of b:
    # a1 gives 1/3 index per unit cost, a2 2/9, b 1/6, so a1 goes to its bound (+80 = +26.67), then a2 takes
    # the remaining 6.67 / (1/3) = +20 points; total 100 points, cost 80 + 1.5 * 20 = 110.
    a = tiny()
    p = TargetSolver(a).solve("R1", 2024, "score:60", cost={"a2": 1.5})
    assert p.before.index == pytest.approx(80 / 3)
    assert p.reached and not p.already and p.method == "lp"
    ch = {c.code: c for c in p.changes}
    assert set(ch) == {"a1", "a2"}
    assert ch["a1"].normalised_before == pytest.approx(20) and ch["a1"].normalised_after == pytest.approx(100)
    assert ch["a2"].normalised_after == pytest.approx(40, abs=1e-4)
    # raw units through the inverse min-max: a1 from 20 to 100; a2 (days, direction -1) from 24 to 30 - 0.4 * 30
    assert ch["a1"].raw_before == pytest.approx(20) and ch["a1"].raw_after == pytest.approx(100)
    assert ch["a2"].raw_before == pytest.approx(24) and ch["a2"].raw_after == pytest.approx(18, abs=1e-4)
    assert ch["a2"].unit == "days" and ch["a2"].direction == -1
    assert p.points == pytest.approx(100, abs=1e-3) and p.cost == pytest.approx(110, abs=1e-3)
    assert p.subdimension_changes == pytest.approx({"A1": 50}, abs=1e-3)
    assert p.dimension_changes == pytest.approx({"A": 50, "B": 0}, abs=1e-3)
    assert p.after.index == pytest.approx(60, abs=1e-4) and p.after.index >= 60
    assert p.after.rank == 2 and p.before.rank == 3 and p.after.level == 4 and p.before.level == 2
    # re-assessed with the planned raw values: the bounds of min-max do not move (R1 holds no extreme
    # before, and 100 is already TOP's value), so the re-assessment gives the same index
    assert p.reassessed.index == pytest.approx(p.after.index, abs=1e-9) and p.reassessed_reached
    assert p.reassessed.rank == 2 and p.reassessed.level == 4
    assert "what-if" in p.limits_en and "假设推演" in p.limits_zh and "not a forecast" in p.limits_en


def test_unreachable_target_says_how_close_it_gets():
    # only b1 and b2 may move: the index can reach 1/3*20 + 1/3*20 + 1/6*100 * 2 = 46.67 < 50
    a = tiny()
    p = TargetSolver(a).solve("R1", 2024, "score:50", plan="actionable", actionable=["b1", "b2"])
    assert not p.reached and p.method == "unreachable"
    assert p.achieved == pytest.approx(140 / 3)
    assert {c.code for c in p.changes} == {"b1", "b2"}
    assert all(c.normalised_after == pytest.approx(100) for c in p.changes)
    assert "46.7" in p.note_en and "short of 50.0" in p.note_en and "无法达标" in p.note_zh
    # and the other plans reach it
    assert TargetSolver(a).solve("R1", 2024, "score:50").reached


def test_region_already_above_target_needs_no_change():
    a = tiny()
    s = TargetSolver(a)
    for t in ("score:50", "level:3", "rank:2", "benchmark:mean", "benchmark:best"):
        p = s.solve("TOP", 2024, t)
        assert p.reached and p.already and p.changes == [] and p.points == 0
        assert p.after == p.before and p.method == "none"
    assert s.solve("TOP", 2024, "level:next").already   # level 5 is the top; nothing above it


def test_rank_and_benchmark_targets_are_the_others_scores():
    a = tiny()
    s = TargetSolver(a)
    # rank 1 for R1: TOP's 100 (others fixed); rank 2: MID's 50; the mean of the others (0, 50, 100) is 50
    assert s.threshold(Target.parse("rank:1"), "R1", 2024) == ("index", pytest.approx(100))
    assert s.threshold(Target.parse("rank:2"), "R1", 2024) == ("index", pytest.approx(50))
    assert s.threshold(Target.parse("benchmark:mean"), "R1", 2024) == ("index", pytest.approx(50))
    assert s.threshold(Target.parse("benchmark:MID"), "R1", 2024) == ("index", pytest.approx(50))
    # level 4 starts at 60 on [0, 100]
    assert s.threshold(Target.parse("level:4"), "R1", 2024) == ("index", pytest.approx(60))
    p = s.solve("R1", 2024, "rank:2")
    assert p.reached and p.after.rank == 2 and p.reassessed.rank == 2
    with pytest.raises(ValueError, match="no group"):
        s.solve("R1", 2024, "benchmark:group")


def test_missing_indicator_is_skipped_and_weights_renormalised():
    # R1 has no a2: A1 = a1 alone, so a1's effective weight is 2/3 and the plan never fills in a2
    a = tiny(a2=[30, np.nan, 15, 0])
    p = TargetSolver(a).solve("R1", 2024, "score:50")
    assert p.before.index == pytest.approx(2 / 3 * 20 + 1 / 3 * 40)
    assert {c.code for c in p.changes} == {"a1"}
    assert p.changes[0].normalised_after == pytest.approx(20 + (50 - p.before.index) / (2 / 3), abs=1e-4)
    assert p.reassessed.index == pytest.approx(50, abs=1e-4)


# --------------------------------------------------------------------------- other normalisations and aggregations
def test_zscore_spec_plans_in_z_units_and_reports_the_shift():
    a = tiny(Spec(normalize="zscore"))
    p = TargetSolver(a).solve("R1", 2024, "score:0.5")
    assert p.reached and p.after.index == pytest.approx(0.5, abs=1e-5)
    raw = tiny_data()
    for c in p.changes:
        d = c.direction
        v = raw[c.code] * d
        # inverse z-score with the sample SD: raw = d * (mean + z * sd)
        assert c.raw_after == pytest.approx(d * (v.mean() + c.normalised_after * v.std(ddof=1)), abs=1e-9)
        assert c.normalised_after <= ((v - v.mean()) / v.std(ddof=1)).max() + 1e-9   # never above the best
    # the new value moves the indicator's mean and SD: re-assessed, a raised value counts less (with four
    # regions, a lot); both numbers are reported
    assert p.reassessed.index < p.after.index - 1e-3 and p.reassessed_reached is False
    assert "mean and standard deviation" in p.limits_en and "均值和标准差" in p.limits_zh


def test_zscore_shift_is_small_on_the_pooled_sample(sample_a):
    a = assess(sample_a.dataset, Spec(normalize="zscore"))
    p = TargetSolver(a).solve("620000", 2024, "rank:10")
    assert p.reached and p.changes
    assert p.reassessed.index != pytest.approx(p.after.index, abs=1e-9)
    assert abs(p.reassessed.index - p.after.index) < 0.02     # 186 pooled region-years: the SD hardly moves


def test_geometric_mean_plan_satisfies_the_optimality_conditions():
    # min sum dz s.t. sum e_i log z_i >= log t: Lagrange gives z_i = mu * e_i for every indicator the plan
    # raises (below its bound), and z0_i >= mu * e_i for those it leaves alone
    a = tiny(Spec(aggregate="geometric", scale=(1, 100)))
    s = TargetSolver(a)
    p = s.solve("R1", 2024, "score:45")
    assert p.reached and p.method == "slsqp" and p.after.index == pytest.approx(45, abs=1e-3)
    e = {"a1": 1 / 3, "a2": 1 / 3, "b1": 1 / 6, "b2": 1 / 6}
    moved = {c.code: c.normalised_after for c in p.changes if c.normalised_after < 100 - 1e-6}
    mus = [v / e[k] for k, v in moved.items()]
    assert len(mus) >= 1 and max(mus) == pytest.approx(min(mus), rel=1e-3)
    z0 = a.normalised.loc[("R1", 2024)]
    for k in set(e) - {c.code for c in p.changes}:
        assert z0[k] >= mus[0] * e[k] * (1 - 1e-3)
    assert p.reassessed.index == pytest.approx(p.after.index, abs=1e-6)
    # cheaper than the straight path (every indicator the same share of its headroom)
    straight = s.solve("R1", 2024, "score:45", plan="balanced")
    assert p.cost <= straight.cost + 1e-6


def test_topsis_plan_reaches_target_and_unreachable_is_reported(sample_a):
    a = assess(sample_a.dataset, Spec(aggregate="topsis"))
    s = TargetSolver(a)
    region = "620000"
    before = a.scores.at[(region, 2024), "INDEX"]
    p = s.solve(region, 2024, f"score:{before + 3:.3f}")
    assert p.reached and p.method in ("slsqp", "bisection")
    assert p.after.index >= before + 3 - 1e-6
    assert p.reassessed.index == pytest.approx(p.after.index, abs=1e-6)   # ideal points unchanged
    q = s.solve(region, 2024, "score:99.9", plan="actionable")
    assert not q.reached and q.achieved < 99.9 and q.method == "unreachable"


# --------------------------------------------------------------------------- coordination bands
def test_band_target_raises_the_weakest_dimension_first():
    # equal dimension weights; R1 is 20 on A and 40 on B.  d log GM / d U_k = 1 / (n U_k): a point on A is
    # worth twice a point on B, so the cheapest way one band up raises A alone
    a = tiny(dim_weights=(1, 1))
    s = TargetSolver(a)
    p0 = s.solve("R1", 2024, "level:1")
    assert p0.before.band == 6                                   # D = sqrt(sqrt(0.2 * 0.4)) = 0.532
    p = s.solve("R1", 2024, "band:primary")
    assert p.reached and p.after.band == 7 and p.after.D >= 0.6 - 1e-9
    assert p.dimension_changes["A"] > 1 and p.dimension_changes["B"] == pytest.approx(0, abs=1e-6)
    # by hand: D >= 0.6 needs U_A * U_B >= 0.6**4 with U_B = 0.4, so A = 100 * 0.6**4 / 0.4 = 32.4
    assert p.after.dimensions["A"] == pytest.approx(32.4, abs=1e-3)
    assert p.reassessed.band == 7 and p.reassessed_reached
    # a target above what A alone can give moves B too, A still more
    q = s.solve("R1", 2024, "band:good")
    assert q.reached and q.dimension_changes["A"] > q.dimension_changes["B"] > 0


def test_band_targets_on_the_sample_lift_the_weakest_dimension_most(sample_a):
    s = TargetSolver(sample_a)
    dims = ["ORG", "MEC", "AWA"]
    seen = 0
    for region in sample_a.scores.xs(2024, level="year").index:
        p = s.solve(region, 2024, "band:excellent", verify=False)
        if not p.reached or p.already:
            continue
        weakest = min(dims, key=lambda d: p.before.dimensions[d])
        assert p.dimension_changes[weakest] >= max(p.dimension_changes.values()) - 1e-6 or \
            p.after.dimensions[weakest] >= min(p.after.dimensions.values()) - 1e-6
        seen += 1
    assert seen >= 3


# --------------------------------------------------------------------------- verification on the sample
def test_reassessing_the_planned_values_reproduces_the_target(sample_a):
    s = TargetSolver(sample_a)
    checked = 0
    for region in ["110000", "440000", "620000", "650000", "520000"]:
        for target in ("level:next", "rank:3", "benchmark:best"):
            for plan in ("cheapest", "balanced", "actionable"):
                p = s.solve(region, 2024, target, plan)
                if not p.reached or p.already:
                    continue
                # min-max: no value above the best observed, so only a region holding an indicator's lowest value
                # could move a bound
                holds_min = any(c.normalised_before <= 1e-9 for c in p.changes)
                if not holds_min:
                    assert p.reassessed.index == pytest.approx(p.after.index, abs=1e-6)
                    assert p.reassessed_reached
                    checked += 1
                assert all(c.normalised_after <= 100 + 1e-9 for c in p.changes)
    assert checked >= 10


def test_reassess_replaces_only_the_region_values(sample_a):
    a2 = reassess(sample_a, "110000", 2024, {"MEC1_open_datasets": 1e6})
    assert a2.raw.at[("110000", 2024), "MEC1_open_datasets"] == 1e6
    other = a2.raw.drop(index=[("110000", 2024)])
    assert other.equals(sample_a.raw.drop(index=[("110000", 2024)]))
    assert a2.spec == sample_a.spec


def test_plans_report_measures_raw_units_and_survey_points(sample_a):
    s = TargetSolver(sample_a)
    plans = s.plans("650000", 2024, "level:next", verify=False)
    assert set(plans) == {"cheapest", "balanced", "actionable"}
    cheap, bal, act = plans["cheapest"], plans["balanced"], plans["actionable"]
    assert cheap.cost <= bal.cost + 1e-6 and cheap.cost <= act.cost + 1e-6
    # balanced: no dimension rises more than in the cheapest plan's largest
    assert max(bal.dimension_changes.values()) <= max(cheap.dimension_changes.values()) + 1e-6
    # actionable (default): administrative indicators only
    srv = set(sample_a.framework.survey_indicators)
    assert not ({c.code for c in act.changes} & srv) and set(act.movable).isdisjoint(srv)
    moved_subs = {c.subdimension for c in cheap.changes}
    assert {m["subdim"] for m in cheap.measures} == moved_subs
    assert all(m["measures"] and m["measures"][0]["text_zh"] for m in cheap.measures)
    for c in cheap.changes + bal.changes:
        if c.answer_scale:     # a survey item: 0..100 back to the 1..5 answer scale
            assert c.answer_change == pytest.approx((c.raw_after - c.raw_before) / 100 * (c.answer_scale - 1))
    assert any(c.answer_scale == 5 for c in bal.changes)
    d = cheap.to_dict()
    json.dumps(d)
    for k in ("index", "level", "band", "rank"):
        assert k in d["before"] and k in d["after"]


def test_denormalize_inverts_every_normalisation():
    x = pd.DataFrame({"a": [3.0, 7.0, 1.0, 7.0, 12.0], "b": [40.0, 10.0, 25.0, 5.0, 0.0]})
    meta = pd.DataFrame({"direction": [1, -1], "goal_min": [0.0, 0.0], "goal_max": [20.0, 50.0],
                         "target": [np.nan, np.nan]}, index=["a", "b"])
    for method, scale in (("minmax", None), ("minmax", (1, 100)), ("zscore", None), ("zscore", (50, 10)),
                          ("goalposts", None), ("rank", None), ("rank", (0, 100))):
        z = norm.normalize(x, method, meta, scale)
        back = norm.denormalize(z, x, method, meta, scale)
        assert back.to_numpy() == pytest.approx(x.to_numpy(), abs=1e-9), method


# --------------------------------------------------------------------------- property: the LP plan
@st.composite
def lp_cases(draw):
    n_reg = draw(st.integers(4, 7))
    vals = draw(st.lists(st.lists(st.floats(0, 100, allow_nan=False), min_size=4, max_size=4),
                         min_size=n_reg, max_size=n_reg))
    w = draw(st.lists(st.floats(0.2, 5), min_size=2, max_size=2))
    cost = draw(st.lists(st.floats(0.5, 3), min_size=4, max_size=4))
    frac = draw(st.floats(0.05, 1.2))
    return np.array(vals), w, cost, frac


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lp_cases())
def test_lp_plan_stays_in_bounds_and_is_never_costlier_than_a_random_feasible_plan(case):
    vals, w, cost, frac = case
    regions = [f"R{i}" for i in range(len(vals))]
    idx = pd.MultiIndex.from_product([regions, [2024]], names=["region", "year"])
    data = pd.DataFrame(vals, index=idx, columns=["a1", "a2", "b1", "b2"])
    if (data.max() - data.min()).min() < 1e-6:
        return  # a constant indicator has no min-max score
    a = assess(Dataset(tiny_framework(tuple(w)), IndicatorData(data), None, None))
    z0 = a.normalised.loc[("R0", 2024)].to_numpy()
    e = np.array([w[0] / 2, w[0] / 2, w[1] / 2, w[1] / 2]) / sum(w)
    before = float(e @ z0)
    top = float(e @ np.full(4, 100.0))
    goal = before + frac * (top - before)
    costs = dict(zip(["a1", "a2", "b1", "b2"], cost))
    p = TargetSolver(a).solve("R0", 2024, f"score:{goal!r}", cost=costs, verify=False)
    after = z0.copy()
    for c in p.changes:
        k = ["a1", "a2", "b1", "b2"].index(c.code)
        after[k] = c.normalised_after
        assert z0[k] - 1e-9 <= c.normalised_after <= 100 + 1e-9                      # bounds in points
        lo, hi = data[c.code].min(), data[c.code].max()
        assert lo - 1e-6 <= c.raw_after <= hi + 1e-6                                   # and in raw units
    if goal > top + 1e-9 or p.already:
        assert p.reached == (goal <= before + 1e-9)
        return
    assert p.reached and e @ after >= goal - 1e-6
    plan_cost = sum(c.points * c.cost for c in p.changes)
    rng = np.random.default_rng(len(vals))
    span = 100.0 - z0
    cvec = np.array(cost)
    for _ in range(20):   # random directions, scaled to just reach the goal: feasible, never cheaper
        r = rng.random(4)
        gain = e @ (r * span)
        if gain <= 0 or before + gain < goal:
            continue
        t = (goal - before) / gain
        assert plan_cost <= cvec @ (t * r * span) + 1e-3   # (the plan aims 1e-5 above the goal)


# --------------------------------------------------------------------------- command line
def test_cli_target_writes_the_plan(tmp_path):
    out = tmp_path / "plan.json"
    r = subprocess.run([sys.executable, "-m", "metrics", "target", "--data", str(ROOT / "data/sample/indicators.csv"),
                        "--survey", str(ROOT / "data/sample/survey.csv"), "--region", "650000",
                        "--target", "level:next", "--year", "2024", "--plan", "balanced", "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["region"] == "650000" and d["target"] == "level:next" and d["reached"] is True
    for k in ("index", "level", "band", "rank"):
        assert k in d["before"] and k in d["after"]
    assert d["after"]["level"] == d["before"]["level"] + 1
    assert d["changes"] and {"code", "normalised_before", "normalised_after", "raw_before", "raw_after"} <= set(
        d["changes"][0])
    assert d["plan"] == "balanced" and d["reassessed"]["index"] > d["before"]["index"]
    assert d["limits"]["zh"] and d["limits"]["en"]
    bad = subprocess.run([sys.executable, "-m", "metrics", "target", "--data", str(ROOT / "data/sample/indicators.csv"),
                          "--region", "999999", "--target", "level:4", "--out", str(tmp_path / "x.json")],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "999999" in bad.stderr and "地区" in bad.stderr


def test_reassess_keeps_the_survey_respondents_the_spec_excluded():
    """With straight-liners excluded (3 % of the sample's respondents), re-assessing a region with no
    change reproduces the assessment, not the scores of the full survey (2.1 points apart in 310000)."""
    from metrics.survey_quality import RULES

    ds = Dataset.sample()
    a = assess(ds, Spec(survey_exclude=tuple(RULES)))
    full = assess(ds, Spec())
    gap = (a.scores["INDEX"] - full.scores["INDEX"]).abs()
    region, year = gap.idxmax()
    assert gap.max() > 1
    again = reassess(a, region, int(year), {})
    assert again.scores.loc[(region, year), "INDEX"] == pytest.approx(a.scores.loc[(region, year), "INDEX"], abs=1e-9)
