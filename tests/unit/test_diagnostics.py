"""Diagnostics on the sample data: gaps, obstacles, measures, change, disparity, synergy."""
import numpy as np
import pandas as pd
import pytest

from metrics import Dataset, Spec, assess
from metrics.data import IndicatorData
from metrics.diagnostics import (benchmark_profile, change, diagnose, disparity, disparity_over_time, gaps,
                                 load_measures, obstacles, recommend, scale_checks, strengths_weaknesses, synergy)


@pytest.fixture(scope="module")
def sample():
    return Dataset.sample()


@pytest.fixture(scope="module")
def a(sample):
    return assess(sample)


def test_synergy_matches_formula_on_dimension_scores(a):
    s = synergy(a, year=2024)
    dims = a.scores.xs(2024, level="year")[["ORG", "MEC", "AWA"]] / 100
    u = dims.loc["110000"].to_numpy()
    c = 3 * np.prod(u) ** (1 / 3) / u.sum()
    t = u.mean()
    row = s.xs(2024, level="year").loc["110000"]
    assert row["C"] == pytest.approx(c, abs=1e-12)
    assert row["T"] == pytest.approx(t, abs=1e-12)
    assert row["D"] == pytest.approx(np.sqrt(c * t), abs=1e-12)
    assert row["band"] == int(np.sqrt(c * t) * 10) + 1


def test_an_unbalanced_region_has_lower_coupling_than_a_balanced_one():
    from metrics.synergy import coupling_coordination
    df = pd.DataFrame({"ORG": [60, 90], "MEC": [60, 45], "AWA": [60, 45]}, index=["balanced", "lopsided"])
    out = coupling_coordination(df)
    assert out.loc["balanced", "C"] == pytest.approx(1.0)
    assert out.loc["lopsided", "C"] < 0.98
    assert out.loc["lopsided", "T"] == out.loc["balanced", "T"]  # same average
    assert out.loc["lopsided", "D"] < out.loc["balanced", "D"]


def test_gaps_to_every_benchmark(a):
    year = 2024
    s = a.all_scores.xs(year, level="year")
    g = gaps(a, "110000", year, "mean")
    assert g.at["INDEX", "gap"] == pytest.approx(s.at["110000", "INDEX"] - s["INDEX"].mean())
    best = s["INDEX"].idxmax()
    gb = gaps(a, best, year, "best")
    assert gb.at["INDEX", "gap"] == pytest.approx(0.0)
    east = [r for r in s.index if a.dataset.region_groups().get(r) == "东部"]
    gg = gaps(a, "110000", year, "group")
    assert gg.at["ORG", "benchmark"] == pytest.approx(s.loc[east, "ORG"].mean())
    gp = gaps(a, "110000", year, "440000")
    assert gp.at["MEC", "benchmark"] == pytest.approx(s.at["440000", "MEC"])
    gt = gaps(a, "110000", year, "target")
    # each indicator's target goes through the same min-max as the data (pooled over years), clipped
    raw = a.treated["MEC1_fulfil_days"] * -1  # direction -1: sign flip first
    target = -a.framework.table.at["MEC1_fulfil_days", "target"]
    expected = min(100.0, max(0.0, (target - raw.min()) / (raw.max() - raw.min()) * 100))
    assert gt.at["MEC1_fulfil_days", "benchmark"] == pytest.approx(expected)
    assert gt["benchmark"].between(0, 100).all()


def test_target_benchmark_of_a_region_at_every_target_is_zero_gap():
    # a region that sits exactly on every indicator target has no gap to the target benchmark
    ds = Dataset.sample()
    fw = ds.framework
    vals = ds.indicators.values.copy()
    meta = fw.table.loc[vals.columns]
    vals.loc[("110000", 2024)] = meta["target"].to_numpy()
    ds2 = Dataset(fw, IndicatorData(vals), None, ds.regions)
    a2 = assess(ds2)
    g = gaps(a2, "110000", 2024, "target")
    assert g.loc[g["level"] >= 2, "gap"].abs().max() == pytest.approx(0.0, abs=1e-9)


def test_strengths_and_weaknesses(a):
    g = gaps(a, "110000", 2024, "mean")
    strong, weak = strengths_weaknesses(g)
    assert (strong["gap"] > 0).all() and (weak["gap"] < 0).all()
    sub = g[g["level"] == 2]
    assert weak.index[0] == sub["gap"].idxmin()
    assert strong.index[0] == sub["gap"].idxmax()


def test_obstacles_sum_to_one_and_group_sums(a):
    od = obstacles(a, 2024)
    assert np.allclose(od.sum(axis=1), 1.0)
    sub = obstacles(a, 2024, level=2)
    dim = obstacles(a, 2024, level=3)
    assert np.allclose(sub.sum(axis=1), 1.0) and np.allclose(dim.sum(axis=1), 1.0)
    assert sub.loc["110000", ["ORG1", "ORG2", "ORG3", "ORG4", "ORG5"]].sum() == pytest.approx(dim.at["110000", "ORG"])


def test_measures_follow_the_weakest_subdimension(sample):
    """Weaken one sub-dimension of one region: its measures must come first."""
    fw = sample.framework
    base = assess(sample)
    region, year, target = "320000", 2024, "MEC2"
    before = recommend(base, region, year)
    assert before.items and before.items[0]["subdim"] != target or True
    raw = base.raw.copy()
    inds = [c for c in fw.leaves_of[target]]
    meta = fw.table.loc[inds]
    worst = raw[inds].min().where(meta["direction"] > 0, raw[inds].max())
    raw.loc[(region, year), inds] = worst.to_numpy()
    survey_inds = [c for c in raw.columns if fw.table.at[c, "source"] == "srv"]
    ds = Dataset(fw, IndicatorData(raw.drop(columns=survey_inds).join(raw[survey_inds])), None, sample.regions)
    a = assess(ds)
    rec = recommend(a, region, year, by="obstacle")
    assert rec.items[0]["subdim"] == target
    lib = load_measures()
    expected = lib[lib["subdim"] == target].sort_values("priority")["text_zh"].tolist()
    assert [m["text_zh"] for m in rec.items[0]["measures"]] == expected
    assert all(m["source"] for m in rec.items[0]["measures"])
    rec_gap = recommend(a, region, year, by="gap")
    assert rec_gap.items[0]["subdim"] == target
    assert rec_gap.items[0]["value"] < 0


def test_a_region_strong_everywhere_gets_a_short_answer(sample):
    fw = sample.framework
    raw = assess(sample).raw.copy()
    meta = fw.table.loc[raw.columns]
    best = raw.max().where(meta["direction"] > 0, raw.min())
    raw.loc[("110000", 2024)] = best.to_numpy()
    a = assess(Dataset(fw, IndicatorData(raw), None, sample.regions))
    rec = recommend(a, "110000", 2024)
    assert rec.strong and rec.items == []
    assert "无需" in rec.message_zh and "no measure" in rec.message_en
    assert recommend(a, "110000", 2024, by="gap").strong


def test_every_subdimension_has_measures_with_sections():
    lib = load_measures()
    from metrics import default_framework
    assert set(default_framework().level_codes(2)) <= set(lib["subdim"])
    assert lib["source"].str.match(r"^\d\.\d").all()


def test_change_and_cagr(a):
    c = change(a, 2019, 2024)
    s = a.scores["INDEX"]
    r = "110000"
    assert c.at[r, "change"] == pytest.approx(s[(r, 2024)] - s[(r, 2019)])
    assert c.at[r, "cagr"] == pytest.approx((s[(r, 2024)] / s[(r, 2019)]) ** (1 / 5) - 1)
    assert c.attrs["flags"] == []
    other = a.regenerate(weights="equal")
    assert "spec_differs" in change(a, 2019, 2024, other=other).attrs["flags"]
    assert "normalised_by_year" in change(a.regenerate(by_year=True), 2019, 2024).attrs["flags"]


def test_disparity_parts_add_up(a):
    d = disparity(a, year=2024)
    t, g = d["theil"], d["dagum"]
    assert t["between"] + t["within"] == pytest.approx(t["total"], abs=1e-12)
    assert g["Gw"] + g["Gnb"] + g["Gt"] == pytest.approx(g["G"], abs=1e-12)
    table = disparity_over_time(a)
    assert list(table["year"]) == a.years


def test_scale_checks_flag_alpha_and_kmo(a):
    sc = scale_checks(a)
    assert not sc["alpha"].empty and (sc["alpha"]["alpha"] > 0.7).all()
    assert set(sc["kmo"]["group"]) >= {"gov", "ent", "org", "cit", "all"}


def test_diagnose_returns_everything_for_each_province(a):
    for region in a.scores.xs(2024, level="year").index:
        d = diagnose(a, region)
        assert d["rank"] >= 1 and d["synergy"]["band"] in range(1, 11)
        assert abs(sum(d["obstacles_subdim"].values()) - 1) < 1e-9
        first = d["measures"]["items"][0]["subdim"] if d["measures"]["items"] else None
        if first:
            top = max(d["obstacles_subdim"], key=d["obstacles_subdim"].get)
            assert first == top


def test_disparity_of_zscores_and_without_groups_reports_instead_of_raising(sample):
    z = assess(sample, Spec(normalize="zscore"))
    table = disparity_over_time(z)
    assert len(table) == len(z.years)          # no exception; undefined parts are missing
    assert table["theil"].isna().all()
    nogroups = Dataset(sample.framework, sample.indicators, None, None)
    d = disparity(assess(nogroups))
    assert d["theil"] is None and "group" in d["error"]


def test_obstacles_are_computed_once_per_year_and_level_and_each_caller_gets_a_copy(sample):
    """Assessment.derived keeps a year's obstacle degrees (a profile reads them three times); a caller that
    changes its table changes no one else's, and a new assessment computes its own."""
    from metrics import diagnostics as D
    from metrics.obstacles import obstacle_by_group, obstacle_degree

    a = assess(sample)
    year = a.latest_year
    first = D.obstacles(a, year, 2)
    assert ("obstacles", year, 2) in a.derived and ("obstacles", year, 1) in a.derived
    fresh = obstacle_degree(D._unit_scores(a, year), a.indicator_weights, scale=(0.0, 1.0))
    pd.testing.assert_frame_equal(D.obstacles(a, year), fresh)
    pd.testing.assert_frame_equal(first, obstacle_by_group(fresh, {c: a.framework.ancestor_at(c, 2)
                                                                   for c in fresh.columns}))
    first.iloc[:, :] = -1.0                                   # the caller's own copy
    assert (D.obstacles(a, year, 2).to_numpy() >= 0).all()
    assert "obstacles" not in str(list(assess(sample).derived))  # a new assessment: nothing kept yet
