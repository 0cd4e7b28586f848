"""One region profile for the page, the exports and the CLI (issue 12): the Region profile page's view model
(viewmodels.profile), the exports' RegionReport (export.content) and diagnose() are read from the same
metrics.diagnostics.RegionProfile, so they give the same gaps, obstacles and measures, and those are the
values of the metrics functions."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from export.content import build_content, region_report
from metrics import Dataset, assess
from metrics import diagnostics as dg
from viewmodels import compare, profile

REGIONS = ["110000", "650000"]


@pytest.fixture(scope="module")
def sample():
    return assess(Dataset.sample())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("region", REGIONS)
def test_page_model_and_report_agree(sample, region, lang):
    year = 2023
    m = profile.build(sample, region, year, lang)
    r = build_content(sample, year=year, regions=[region], lang=lang, target=None).regions[0]
    # the same gaps to the mean of all regions, for every dimension and sub-dimension
    for frame in (r.dims, r.subdims):
        assert list(frame["gap"]) == pytest.approx(list(m.gaps.loc[frame.index, "gap"]))
        assert list(frame["mean"]) == pytest.approx(list(m.gaps.loc[frame.index, "benchmark"]))
    # the same obstacles: the report keeps the five largest of the page's list, in its order
    obst = profile.obstacles_tab(m)
    assert list(r.obstacles.index) == list(obst.sub_table[m.t("col_code")])[:5]
    assert list(r.obstacles["pct"].round(1)) == list(obst.sub_table[m.t("obstacle_axis")])[:5]
    assert list(r.obstacles_ind.index) == list(obst.ind_table[m.t("col_code")])[:5]
    # the same measures, sub-dimension by sub-dimension and text by text
    tab = profile.measures_tab(m)
    assert tab.blocks and [b.subdim for b in tab.blocks] == [it["subdim"] for it in r.measures]
    assert [t for b in tab.blocks for t, _ in b.measures] == [x["text"] for it in r.measures for x in it["measures"]]
    assert tab.strong == r.strong
    # the same strengths and weaknesses, the same rank and coordination degree
    assert [n for n, _ in m.strengths] == r.strengths and [n for n, _ in m.weaknesses] == r.weaknesses
    assert m.core.rank == r.rank and m.core.synergy["D"] == pytest.approx(r.synergy["D"])


def test_page_model_values_are_the_metrics_functions(sample):
    year, region = 2024, "440000"
    m = profile.build(sample, region, year, "zh", "best")
    g = dg.gaps(sample, region, year, "best")
    pd.testing.assert_frame_equal(m.gaps, g)
    best = g.attrs["benchmark_label"]
    assert m.bench.short == sample.dataset.region_name(best, "zh")
    # the index card: the score and its gap to the best region, rank of the year
    ranks = sample.ranks().xs(year, level="year")
    assert m.cards[0].value == f"{g.at['INDEX', 'score']:.1f}"
    assert m.cards[0].delta == f"{g.at['INDEX', 'gap']:+.1f} 对比{m.bench.short}"
    assert m.cards[1].value == f"第 {int(ranks[region])} / {int(ranks.notna().sum())} 名"
    # the scores table: score, benchmark and gap of every node as metrics gives them, rounded as shown
    table = profile.scores_table(m).set_index("代码")
    for code in ["INDEX", "ORG", "MEC", "AWA", "ORG1", "AWA5"]:
        assert table.at[code, "差距"] == round(g.at[code, "gap"], 1)
        assert table.at[code, "基准"] == round(g.at[code, "benchmark"], 1)
    # obstacles as shares of 100, largest first
    od = dg.obstacle_ranking(sample, region, year, level=2)
    sub = profile.obstacles_tab(m).sub_table
    assert list(sub["代码"]) == list(od.index)
    assert list(sub["障碍度（%）"]) == list((od["obstacle"] * 100).round(1))
    # measures in the order and with the texts of recommend()
    rec = dg.recommend(sample, region, year)
    assert list(profile.measures_tab(m).table["措施"]) == list(rec.to_frame()["text_zh"])
    # coordination against every region of the year
    syn = dg.synergy(sample, year=year)
    sy = profile.synergy_tab(m, syn)
    assert sy.D == f"{syn.xs(year, level='year').at[region, 'D']:.3f}"
    assert sy.table["D"].iloc[1] == round(float(syn.xs(year, level="year")["D"].mean()), 3)


def test_measures_ordered_by_gap_follow_the_benchmark(sample):
    m = profile.build(sample, "110000", 2024, "en", "peer", "310000")
    rec = dg.recommend(sample, "110000", 2024, by="gap", benchmark="peer", peer="310000")
    tab = profile.measures_tab(m, rec)
    assert tab.blocks and [b.subdim for b in tab.blocks] == [it["subdim"] for it in rec.items]
    assert [b.trigger for b in tab.blocks] == [f"{abs(it['value']):.1f} points below the benchmark · score "
                                               f"{it['score']:.1f}" for it in rec.items]


def test_a_benchmark_that_cannot_be_formed_falls_back_to_the_mean(sample):
    m = profile.build(sample, "110000", 2024, "en", "peer", "999999")
    assert m.bench.kind == "mean" and m.bench.warning[0] == "pf_bench_error" and "999999" in m.bench.warning[1]
    pd.testing.assert_frame_equal(m.gaps, dg.gaps(sample, "110000", 2024, "mean"))


@pytest.mark.parametrize("bench, by", [("mean", "obstacle"), ("310000", "gap"), ("target", "gap")])
def test_diagnose_is_the_profile_as_a_dict(sample, bench, by):
    benchmark = bench
    d = dg.diagnose(sample, "440000", 2022, benchmark, by=by, lang="en")
    core = dg.region_profile(sample, "440000", 2022, benchmark, by=by)
    assert d == json.loads(json.dumps(core.to_dict(sample, "en")))
    g = dg.gaps(sample, "440000", 2022, benchmark)
    assert d["gaps"]["ORG"] == pytest.approx(g.at["ORG", "gap"])
    assert d["benchmark"]["kind"] == ("peer" if benchmark == "310000" else benchmark)
    assert [it["subdim"] for it in d["measures"]["items"]] == [
        it["subdim"] for it in dg.recommend(sample, "440000", 2022, by=by, benchmark=d["benchmark"]["kind"],
                                            peer="310000" if benchmark == "310000" else None).items]
    assert list(d["obstacles_subdim"]) == list(dg.obstacle_ranking(sample, "440000", 2022, level=2).index)


def test_report_built_from_a_given_core_is_the_same(sample):
    core = dg.region_profile(sample, "650000", 2024, n_measures=3, n_indicators=5)
    a = region_report(sample, "650000", 2024, "zh", core=core)
    b = region_report(sample, "650000", 2024, "zh")
    pd.testing.assert_frame_equal(a.subdims, b.subdims)
    assert a.measures == b.measures and a.notes == b.notes
    assert a.index == pytest.approx(float(sample.all_scores.xs(2024, level="year").at["650000", "INDEX"]))


def test_export_comparison_is_the_compare_models_table(sample):
    c = build_content(sample, year=2024, regions=REGIONS, lang="en", target=None)
    pd.testing.assert_frame_equal(c.comparison, compare.focus_table(sample, REGIONS, 2024, "en"))
    s = sample.all_scores.xs(2024, level="year")
    assert list(c.comparison["index"][:2]) == pytest.approx(list(s.loc[REGIONS, "INDEX"]))
    assert c.comparison["index"].iloc[-1] == pytest.approx(float(s["INDEX"].dropna().mean()))
    assert np.isfinite(c.comparison["D"]).all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_whole_profile_workbook_is_every_tabs_table(sample, lang):
    """``profile.sheets``: the "download all" workbook, one sheet per table of the tabs, in the tabs' order,
    each the table its tab shows (built from the same tab builders, with the library's diagnostics)."""
    from texts import t

    year = 2024
    m = profile.build(sample, "440000", year, lang)
    calls = []

    def compute(fn, **kw):
        calls.append(fn.__name__)
        return fn(sample, **kw)
    book = profile.sheets(m, compute)
    names = ["pf_tab_scores", "pf_tab_measures", "pf_obst_sub_table", "pf_obst_ind_table", "pf_tab_synergy",
             "pf_tab_trend", "pf_tab_views"]
    assert list(book) == [t(k, lang) for k in names]
    obst = profile.obstacles_tab(m)
    pv = dg.perception(sample, year=year, region="440000")
    expected = [profile.scores_table(m), profile.measures_tab(m).table, obst.sub_table, obst.ind_table,
                profile.synergy_tab(m, dg.synergy(sample, year=year)).table,
                profile.trend_tab(m, dg.synergy(sample)).table,
                profile.views_tab(m, pv, dg.item_names(sample, lang=lang)).table]
    for got, want in zip(book.values(), expected):
        pd.testing.assert_frame_equal(got, want)
    assert set(calls) == {"synergy", "perception", "item_names"}
    # the measures shown in another order (by gap) are the ones in the workbook
    rec = dg.recommend(sample, "440000", year, by="gap")
    pd.testing.assert_frame_equal(profile.sheets(m, compute, by="gap")[t("pf_tab_measures", lang)],
                                  profile.measures_tab(m, rec).table)
    assert profile.sheets(m, compute, by="obstacle")[t("pf_tab_measures", lang)].equals(
        book[t("pf_tab_measures", lang)])   # the profile's own order: the same sheet as by default
    assert profile.sheets(m, compute, by="<script>")[t("pf_tab_measures", lang)].equals(
        book[t("pf_tab_measures", lang)])   # a link's nonsense: the default order


def test_the_workbook_leaves_out_tabs_without_a_table(sample):
    """No survey answers: no stakeholder views sheet (the other six are there)."""
    import dataclasses

    from texts import t

    ds = Dataset.sample()
    one = assess(dataclasses.replace(ds, survey=None, label="x", _cache={}))
    m = profile.build(one, "440000", 2024, "en")
    book = profile.sheets(m, lambda fn, **kw: fn(one, **kw))
    assert t("pf_tab_views", "en") not in book and len(book) == 6
