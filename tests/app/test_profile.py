"""The Region profile page (地区画像) shows what metrics computes for one region, in both languages."""
from __future__ import annotations

import dataclasses
import functools

import pandas as pd
import pytest

from metrics import Dataset, assess
from metrics.diagnostics import gaps, recommend
from metrics.levels import level_name
from tests.app.conftest import figures, open_page, open_tab, run_app
from ui.i18n import t_in as tr_text
from tests.app.test_overview import unescape_md
from charts import plain

PAGE = "views/profile.py"
NAMES = {"110000": ("北京", "Beijing"), "440000": ("广东", "Guangdong"), "310000": ("上海", "Shanghai")}


@pytest.fixture(autouse=True)
def _stable_language(monkeypatch):
    """Between two runs AppTest calls widgets' ``format_func`` outside the script, where ``ui.i18n.lang()``
    cannot see the session and falls back to Chinese; the sidebar's method selectbox formats its options
    with ``t()`` at call time, so an English AppTest fails on its second run.  Outside a script run, answer
    with the language of the last run."""
    import ui.i18n as i18n
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    orig, last = i18n.lang, {"lang": "zh"}

    def lang() -> str:
        if get_script_run_ctx(suppress_warning=True) is None:
            return last["lang"]
        last["lang"] = orig()
        return last["lang"]

    monkeypatch.setattr(i18n, "lang", lang)


@functools.lru_cache(maxsize=None)
def sample_assessment():
    return assess(Dataset.sample())


def metric(at, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, (label, [m.label for m in at.metric])
    return found[0]


def frame_with(at, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, (column, [list(d.value.columns) for d in at.dataframe])
    return found[0]


def radar(at, n_axes: int) -> dict:
    found = [f for f in figures(at) if f["data"] and f["data"][0].get("type") == "scatterpolar"
             and len(f["data"][0]["r"]) == n_axes + 1]
    assert found, "no radar with %d axes" % n_axes
    return found[0]


def profile_tab(at, tab: str, lang: str):
    """Open the profile's tab ``tab`` (a text key, e.g. ``pf_tab_measures``): only the open tab runs."""
    return open_tab(at, "pf_tabs", tab, lang)


#: Every tab of the page, in order.
PROFILE_TABS = ("pf_tab_scores", "pf_tab_gaps", "pf_tab_measures", "pf_tab_obstacles", "pf_tab_synergy",
                "pf_tab_trend", "pf_tab_views")


def measure_headings(at) -> list[str]:
    return [unescape_md(m.value[len("#### 1. "):]) for m in at.markdown if m.value.startswith("#### ")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_shows_the_region_with_its_index_rank_and_level(lang):
    a = sample_assessment()
    year = a.latest_year
    li = 0 if lang == "zh" else 1
    at = run_app(page=PAGE, lang=lang, query={"region": "110000"})
    assert at.selectbox(key="region").value == "110000"
    assert at.header[0].value == NAMES["110000"][li]
    index = a.node_scores(year=year)
    rank = int(a.ranks().xs(year, level="year")["110000"])
    level = int(a.levels().xs(year, level="year")["110000"])
    if lang == "zh":
        assert metric(at, "协同治理指数").value == f"{index['110000']:.1f}"
        assert metric(at, "排名").value == f"第 {rank} / 31 名"
        assert metric(at, "成熟度").value == f"{level} 级"
        assert metric(at, "成熟度").delta == level_name(level, "zh")
        assert metric(at, "数据覆盖率").value == f"{a.coverage.loc[('110000', year), 'INDEX'] * 100:.0f}%"
    else:
        assert metric(at, "Synergy index").value == f"{index['110000']:.1f}"
        assert metric(at, "Rank").value == f"{rank} of 31"
        assert metric(at, "Maturity level").delta == level_name(level, "en")
        assert "Beijing" in at.selectbox(key="region").format_func("110000")
    # the gap to the mean of all regions is the delta of the index card
    g = gaps(a, "110000", year, "mean")
    delta = metric(at, "协同治理指数" if lang == "zh" else "Synergy index").delta
    assert delta.startswith(f"{g.at['INDEX', 'gap']:+.1f}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_radars_show_the_metrics_scores_of_region_and_benchmark(lang):
    a = sample_assessment()
    year = a.latest_year
    fw = a.framework
    at = run_app(page=PAGE, lang=lang, query={"region": "110000"})
    scores = a.all_scores.xs(year, level="year")
    dims = fw.children["INDEX"]
    subs = [s for d in dims for s in fw.children[d]]
    fig = radar(at, len(dims))
    assert fig["data"][0]["r"][:-1] == pytest.approx(scores.loc["110000", dims].tolist())
    assert fig["data"][1]["r"][:-1] == pytest.approx(scores[dims].mean().tolist())
    assert fig["data"][0]["theta"][:-1] == [plain(fw.name_of(d, lang)) for d in dims]   # "&" -> "&amp;"
    assert fig["data"][0]["name"] == NAMES["110000"][0 if lang == "zh" else 1]
    fig = radar(at, len(subs))
    assert len(subs) == 15
    assert fig["data"][0]["r"][:-1] == pytest.approx(scores.loc["110000", subs].tolist())
    assert fig["data"][0]["theta"][:-1] == [plain(fw.name_of(s, lang)) for s in subs]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_recommended_measures_appear_in_the_order_metrics_gives(lang):
    a = sample_assessment()
    rec = recommend(a, "110000")
    assert not rec.strong and rec.items
    at = profile_tab(run_app(page=PAGE, lang=lang, query={"region": "110000"}), "pf_tab_measures", lang)
    assert measure_headings(at) == [it["name_zh" if lang == "zh" else "name_en"] for it in rec.items]
    table = frame_with(at, "措施" if lang == "zh" else "Measure")
    col = "text_zh" if lang == "zh" else "text_en"
    assert table["措施" if lang == "zh" else "Measure"].tolist() == rec.to_frame()[col].tolist()
    # the first measure is written out with its priority and the paper's section
    first = rec.items[0]["measures"][0]
    body = next(m.value for m in at.markdown if first[col][:12] in m.value)
    assert "§" + first["source"].split(";")[0].strip().replace(".", "\\.") in body


def test_ordering_measures_by_gap_uses_the_benchmark():
    a = sample_assessment()
    at = profile_tab(run_app(page=PAGE, lang="zh", query={"region": "110000"}), "pf_tab_measures", "zh")
    at.radio(key="by").set_value("gap").run()
    rec = recommend(a, "110000", by="gap")
    assert measure_headings(at) == [it["name_zh"] for it in rec.items]
    # triggers are gaps in points below the benchmark
    assert any(c.value.startswith("低于基准") for c in at.caption)


def test_benchmark_best_turns_every_gap_of_the_top_node_negative():
    a = sample_assessment()
    year = a.latest_year
    at = profile_tab(run_app(page=PAGE, lang="zh", query={"region": "110000"}), "pf_tab_gaps", "zh")
    mean_gaps = frame_with(at, "差距")["差距"].tolist()
    at.selectbox(key="benchmark").set_value("best").run()
    assert not at.exception
    best = a.node_scores(year=year).idxmax()
    table = frame_with(at, "差距")
    assert table["差距"].tolist() != mean_gaps
    assert table.loc[table["代码"] == "INDEX", "差距"].iloc[0] <= 0
    expected = gaps(a, "110000", year, "best")
    assert table.loc[table["代码"] == "INDEX", "差距"].iloc[0] == round(expected.at["INDEX", "gap"], 1)
    assert metric(at, "协同治理指数").delta.endswith("对比" + a.dataset.region_name(best, "zh"))
    # the best region against itself: every gap is zero
    at.selectbox(key="region").set_value(best).run()
    assert (frame_with(at, "差距")["差距"] == 0).all()
    assert any(m.value.endswith("\n\n没有低于基准的子维度。") for m in at.markdown)   # under the box's heading


def test_peer_benchmark_from_the_url():
    a = sample_assessment()
    at = run_app(page=PAGE, lang="en", query={"region": "110000", "benchmark": "peer", "peer": "310000"})
    assert at.selectbox(key="benchmark").value == "peer"
    assert at.selectbox(key="peer").value == "310000"
    assert metric(at, "Synergy index").delta.endswith("vs Shanghai")
    g = gaps(a, "110000", a.latest_year, "peer", "310000")
    at = profile_tab(at, "pf_tab_gaps", "en")
    assert frame_with(at, "Gap")["Gap"].tolist()[:4] == [round(v, 1) for v in g.loc[["INDEX", "ORG", "MEC", "AWA"],
                                                                                        "gap"]]


def test_changing_the_region_changes_the_content():
    a = sample_assessment()
    at = run_app(page=PAGE, lang="zh", query={"region": "110000"})
    before = metric(at, "协同治理指数").value
    at.selectbox(key="region").set_value("440000").run()
    assert not at.exception
    assert at.header[0].value == "广东"
    assert metric(at, "协同治理指数").value == f"{a.node_scores(year=a.latest_year)['440000']:.1f}" != before
    assert radar(at, 3)["data"][0]["name"] == "广东"
    at = profile_tab(at, "pf_tab_measures", "zh")
    assert measure_headings(at) == [it["name_zh"] for it in recommend(a, "440000").items]


def test_default_region_is_the_top_ranked_one():
    a = sample_assessment()
    at = run_app(page=PAGE, lang="zh")
    top = a.node_scores(year=a.latest_year).idxmax()
    assert at.selectbox(key="region").value == top
    assert at.header[0].value == a.dataset.region_name(top, "zh")


def test_every_table_has_a_download_button():
    at = run_app(page=PAGE, lang="zh", query={"region": "110000"})
    n_tables = 0
    for tab in PROFILE_TABS:   # each tab's tables, as it is opened
        at = profile_tab(at, tab, "zh")
        buttons = [b for b in at.get("download_button") if not b.key.startswith("img_")]  # not the charts' images
        assert len(buttons) == len(at.dataframe) + 1   # one per table, plus the whole profile as Excel
        n_tables += len(at.dataframe)
    assert n_tables >= 6


def test_the_whole_profile_can_be_downloaded_from_every_tab():
    """Only the open tab runs, but the "download all" button is there on every tab, under the same label
    (its workbook is built from the library when pressed: tests/unit/test_viewmodel_profile.py)."""
    at = run_app(page=PAGE, lang="en", query={"region": "440000"})
    for tab in PROFILE_TABS:
        at = profile_tab(at, tab, "en")
        whole = [b for b in at.get("download_button") if b.key == "pf_dl_all"]
        assert len(whole) == 1 and whole[0].proto.label == "Download this profile (Excel, every table)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_open_tab_is_in_the_url_and_a_link_opens_it(lang):
    at = profile_tab(run_app(page=PAGE, lang=lang, query={"region": "440000"}), "pf_tab_measures", lang)
    assert at.query_params["tab"] in ("measures", ["measures"])
    at = open_page(PAGE, lang, region="440000", tab="trend")   # a shared link
    assert at.session_state["pf_tabs"] == tr_text(lang, "pf_tab_trend")
    year = tr_text(lang, "year")
    assert frame_with(at, year)[year].tolist() == sample_assessment().years
    assert not [f for f in figures(at) if f["data"] and f["data"][0].get("type") == "scatterpolar"]  # lazy
    at = open_page(PAGE, lang, region="440000", tab="change")   # another page's tab: the first one
    assert at.session_state["pf_tabs"] == tr_text(lang, "pf_tab_scores") and not at.exception


def test_overview_and_profile_each_keep_their_own_last_tab():
    at = open_tab(run_app(lang="en"), "tab", "ov_change_heading", "en")   # the overview's change
    at.switch_page(PAGE).run()
    at = profile_tab(at, "pf_tab_trend", "en")
    assert at.query_params["tab"] in ("trend", ["trend"])
    at.switch_page("views/overview.py").run()
    assert at.session_state["tab"] == tr_text("en", "ov_change_heading")
    at.switch_page(PAGE).run()
    assert at.session_state["pf_tabs"] == tr_text("en", "pf_tab_trend") and not at.exception


def test_trend_and_stakeholder_views_show_the_data():
    a = sample_assessment()
    at = profile_tab(run_app(page=PAGE, lang="en", query={"region": "440000"}), "pf_tab_trend", "en")
    trend = frame_with(at, "Year")
    assert trend["Year"].tolist() == a.years
    hist = a.scores.xs("440000", level="region")["INDEX"]
    assert trend["Synergy index"].tolist() == [round(v, 1) for v in hist.loc[a.years]]
    at = profile_tab(at, "pf_tab_views", "en")
    views = frame_with(at, "Statement")
    assert {"Government", "Enterprises", "Social organisations", "Citizens", "Significant"} <= set(views.columns)
    assert set(views["Significant"]) <= {"yes", "no", ""}
    dots = [f for f in figures(at) if f["layout"]["title"]["text"].startswith("Guangdong: how much each group")]
    assert dots and {t["name"] for t in dots[0]["data"] if t.get("name")} == {
        "Government", "Enterprises", "Social organisations", "Citizens"}


# --------------------------------------------------------------------------- crafted datasets
@pytest.fixture
def register():
    """Register crafted datasets for one test and remove them afterwards (the registry is per process)."""
    from ui import state

    keys = []

    def add(key: str, ds: Dataset) -> None:
        keys.append(key)
        state.register_dataset(key, ds)

    yield add
    for k in keys:
        state.REGISTRY.pop(k, None)
    state.clear_caches()


def weakened(region: str, subdim: str) -> Dataset:
    """The sample with ``region``'s indicators of ``subdim`` set to the worst value observed, every year."""
    ds = Dataset.sample()
    fw = ds.framework
    values = ds.indicators.values.copy()
    inds = [c for c in fw.leaves_of[subdim] if c in values.columns]
    assert inds and all(fw.table.at[c, "source"] == "ind" for c in inds)
    rows = values.index.get_level_values("region") == region
    for c in inds:
        values.loc[rows, c] = values[c].min() if fw.table.at[c, "direction"] > 0 else values[c].max()
    return dataclasses.replace(ds, indicators=dataclasses.replace(ds.indicators, values=values), label="weak",
                               _cache={})


def test_weakening_one_subdimension_puts_its_measures_first(register):
    ds = weakened("110000", "ORG3")
    assert recommend(assess(ds), "110000").items[0]["subdim"] == "ORG3"
    assert recommend(sample_assessment(), "110000").items[0]["subdim"] != "ORG3"
    register("weak", ds)
    at = profile_tab(run_app(page=PAGE, lang="zh", query={"dataset": "weak", "region": "110000"}),
                     "pf_tab_measures", "zh")
    assert at.session_state["dataset"] == "weak"
    assert measure_headings(at)[0] == ds.framework.name_of("ORG3", "zh")
    table = frame_with(at, "措施")
    assert table["子维度"].iloc[0] == "首席数据官"
    assert table["措施"].iloc[0] == recommend(assess(ds), "110000").items[0]["measures"][0]["text_zh"]


def test_a_dataset_without_survey_says_so(register):
    ds = Dataset.sample()
    register("nosurvey", dataclasses.replace(ds, survey=None, label="nosurvey", _cache={}))
    at = profile_tab(run_app(page=PAGE, lang="en", query={"dataset": "nosurvey", "region": "440000"}),
                     "pf_tab_views", "en")
    assert any("has no survey data" in i.value for i in at.info)


def test_region_names_from_data_are_escaped_in_markdown(register):
    ds = Dataset.sample()
    table = ds.regions.table.copy()
    table.loc["110000", "name_zh"] = "[点我](https://example.com) **粗体** <b>x</b>"
    hostile = dataclasses.replace(ds, regions=dataclasses.replace(ds.regions, table=table), label="hostile",
                                  _cache={})
    register("hostile", hostile)
    at = run_app(page=PAGE, lang="zh", query={"dataset": "hostile", "region": "110000"})
    header = at.header[0].value
    assert "\\[点我\\]\\(https" in header and "\\*\\*粗体\\*\\*" in header and "&lt;b&gt;" in header
    # charts get the name as plain text (Plotly's tags escaped)
    assert radar(at, 3)["data"][0]["name"] == "[点我](https://example.com) **粗体** &lt;b&gt;x&lt;/b&gt;"


def test_region_set_by_another_page_before_switching_is_shown():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "zh"
    at.run()
    at.session_state["region"] = "440000"   # what the overview does before st.switch_page
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert at.selectbox(key="region").value == "440000"
    assert at.header[0].value == "广东"


@pytest.mark.parametrize("kind, suffix", [("group", "对比东部地区均值"), ("target", "对比目标值")])
def test_group_and_target_benchmarks(kind, suffix):
    a = sample_assessment()
    at = run_app(page=PAGE, lang="zh", query={"region": "440000", "benchmark": kind})
    assert at.selectbox(key="benchmark").value == kind
    assert metric(at, "协同治理指数").delta.endswith(suffix)
    g = gaps(a, "440000", a.latest_year, kind)
    table = frame_with(profile_tab(at, "pf_tab_gaps", "zh"), "差距")
    assert table.loc[table["代码"] == "INDEX", "基准"].iloc[0] == round(g.at["INDEX", "benchmark"], 1)


def test_a_single_year_says_there_is_no_trend(register):
    ds = Dataset.sample()
    values = ds.indicators.values
    one = values[values.index.get_level_values("year") == 2024]
    frame = ds.survey.frame[ds.survey.frame["year"] == 2024]
    register("oneyear", dataclasses.replace(
        ds, indicators=dataclasses.replace(ds.indicators, values=one),
        survey=dataclasses.replace(ds.survey, frame=frame), label="oneyear", _cache={}))
    at = profile_tab(run_app(page=PAGE, lang="en", query={"dataset": "oneyear", "region": "440000"}),
                     "pf_tab_trend", "en")
    assert any("only one year (2024)" in i.value for i in at.info)
    assert not any(m.label == "Rank" and m.delta for m in at.metric)


def test_region_views_are_memoised_in_their_own_cache_and_dropped_with_the_others():
    """The profile's models and tabs (ui.state.region_memo): built once per key, shared, and gone after
    clear_caches (a deleted dataset's key may name other data afterwards)."""
    from ui import state

    calls = []

    def build():
        calls.append(1)
        return object()

    first = state.region_memo("test", ("k", 0), build)
    assert state.region_memo("test", ("k", 0), build) is first and len(calls) == 1
    assert state.memo("test", ("k", 0), build) is not first and len(calls) == 2   # a cache of its own
    state.clear_caches()
    assert state.region_memo("test", ("k", 0), build) is not first and len(calls) == 3
