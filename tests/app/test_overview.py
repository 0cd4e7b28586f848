"""The overview page shows what metrics computes: headline figures, maturity levels, the tile map,
the ranking (sortable, searchable) and the change on the previous year, in Chinese and English;
names from uploads are shown literally."""
import base64
import html
import math
import re

import numpy as np
import pytest

from metrics import Dataset, Regions, assess
from metrics import diagnostics as D
from metrics.levels import level_name
from tests.app.conftest import figures, open_tab, run_app

LANG_COLS = {
    "zh": dict(region="地区", index="协同治理指数", rank="排名", group="区域", level="成熟度", band="协调等级",
               coverage="数据覆盖率", change="较上年变化"),
    "en": dict(region="Region", index="Synergy index", rank="Rank", group="Region group", level="Maturity",
               band="Coordination band", coverage="Data coverage", change="Change on last year"),
}
GROUPS = {"zh": {"东部": "东部地区", "中部": "中部地区", "西部": "西部地区", "东北": "东北地区"},
          "en": {"东部": "Eastern", "中部": "Central", "西部": "Western", "东北": "Northeast"}}
IMG = "<img src=x onerror=alert(1)>"
BOLD = "**bold**"


# ------------------------------------------------------------------ helpers shared with test_compare
@pytest.fixture(scope="module")
def sample():
    ds = Dataset.sample()
    return ds, assess(ds)


@pytest.fixture
def lang_outside_runs(monkeypatch):
    """Pin the language AppTest sees *between* script runs.

    AppTest rebuilds widget states by calling each widget's ``format_func`` outside a script run;
    the sidebar's format functions call ``t()``, whose ``lang()`` then finds no session and falls
    back to Chinese, so rerunning an English page fails ("... is not in list").  Inside runs the
    real ``lang()`` is used unchanged.
    """
    import ui.i18n as i18n
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    real = i18n.lang
    state = {"lang": "zh"}
    monkeypatch.setattr(i18n, "lang", lambda: real() if get_script_run_ctx(suppress_warning=True) else state["lang"])
    return state


def unescape_md(text: str) -> str:
    """What Streamlit's Markdown shows for text escaped by the pages (:func:`ui.i18n.md`: backslash
    before ASCII punctuation, entities for ``< > &``, an invisible word joiner after ``:`` and ``@``)."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)).replace("\u2060", "")


def markdown_texts(at) -> list[str]:
    """Every string on the page that Streamlit renders as Markdown."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "success", "error"):
        out += [str(e.value) for e in at.get(kind)]
    for m in at.metric:
        out += [m.label, str(m.value), str(m.delta or "")]
    out += [tab.label for tab in at.tabs]
    return out


def assert_no_live_markup(at, *raw):
    """No Markdown body carries an unescaped ``<img`` tag or ``**`` emphasis from data."""
    for text in markdown_texts(at):
        assert not re.search(r"(?<!\\)<img", text), text
        for r in raw:
            if r.startswith("**"):
                assert r not in text, text


@pytest.fixture
def xss():
    """:func:`xss_dataset` registered as ``?dataset=xss`` for one test, then removed (the registry is
    process-wide: other tests must not see it)."""
    from ui import state

    ds, best, worst = xss_dataset()
    state.register_dataset("xss", ds)
    yield ds, best, worst
    state.REGISTRY.pop("xss", None)
    state.clear_caches()


def xss_dataset():
    """The sample with the best region renamed to an HTML tag and the weakest to Markdown."""
    ds0 = Dataset.sample()
    res = assess(ds0).results(year=2024)
    best, worst = res["region"].iloc[0], res["region"].iloc[-1]
    table = ds0.regions.table.copy()
    table.loc[best, ["name_zh", "name_en"]] = IMG
    table.loc[worst, ["name_zh", "name_en"]] = BOLD
    ds = Dataset(ds0.framework, ds0.indicators, ds0.survey, Regions(table), label="xss <b>set</b> **x**",
                 synthetic=True)
    return ds, best, worst


def arr(v) -> np.ndarray:
    """A Plotly JSON array (a list, or Plotly 7's typed array ``{"dtype", "bdata", "shape"}``) as numpy."""
    if isinstance(v, dict) and "bdata" in v:
        out = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        shape = [int(x) for x in str(v.get("shape", len(out))).split(",")]
        return out.reshape(shape)
    return np.asarray(v)


def title_of(fig: dict) -> str:
    """A figure's title and subtitle."""
    t = fig["layout"].get("title", {})
    return t.get("text", "") + " | " + t.get("subtitle", {}).get("text", "")


def enum_name(proto, field: str) -> str:
    return proto.DESCRIPTOR.fields_by_name[field].enum_type.values_by_number[getattr(proto, field)].name


def tile_figure(at) -> dict:
    return next(f for f in figures(at) if f["data"] and f["data"][0]["type"] == "heatmap")


# ------------------------------------------------------------------ the ranking
def test_overview_ranking_matches_metrics_in_chinese(sample):
    at = run_app()
    ds, a = sample
    year = a.latest_year
    expected = a.results(lang="zh", year=year)
    table = at.dataframe[0].value
    assert list(table["地区"]) == list(expected["name"])
    assert table["协同治理指数"].iloc[0] == round(expected["INDEX"].iloc[0], 1)
    assert list(table["协同治理指数"]) == [round(v, 1) for v in expected["INDEX"]]
    assert list(table["排名"]) == list(expected["rank"])
    assert len(table) == 31
    labels = [m.label for m in at.metric]
    assert "地区数" in labels


def test_overview_in_english_uses_english_names():
    at = run_app(lang="en")
    table = at.dataframe[0].value
    assert "Region" in table.columns
    assert "Shanghai" in set(table["Region"])
    assert at.title[0].value == "Data Governance Synergy"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ranking_columns_match_metrics(sample, lang):
    ds, a = sample
    year = a.latest_year
    c = LANG_COLS[lang]
    at = run_app(lang=lang)
    table = at.dataframe[0].value.set_index(c["region"])
    res = a.results(lang=lang, year=year).set_index("name")
    syn = D.synergy(a, year=year).xs(year, level="year")
    chg = D.change(a, year - 1, year)
    levels = a.levels().xs(year, level="year")
    cov = a.coverage.xs(year, level="year")["INDEX"]
    for name, row in res.iterrows():
        code = row["region"]
        shown = table.loc[name]
        assert shown[c["rank"]] == row["rank"]
        assert shown[c["index"]] == round(row["INDEX"], 1)
        for dim in ("ORG", "MEC", "AWA"):
            assert shown[ds.framework.name_of(dim, lang)] == round(row[dim], 1)
        assert shown[c["level"]] == level_name(levels[code], lang)
        assert shown[c["band"]] == syn.at[code, "band_zh" if lang == "zh" else "band_en"]
        assert shown[c["coverage"]] == round(cov[code] * 100)
        assert shown[c["change"]] == round(chg.at[code, "change"], 1)
        assert shown[c["group"]] == GROUPS[lang][ds.regions.table.at[code, "group"]]
    # the first rows are the best regions, in the order metrics ranks them
    assert list(table.index[:3]) == list(res.index[:3])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headline_metrics_and_maturity_levels(sample, lang):
    ds, a = sample
    year = a.latest_year
    idx = a.node_scores("INDEX", year)
    at = run_app(lang=lang)
    m = {x.label: x for x in at.metric}
    names = {"zh": ("地区数", "指数均值", "标准差", "最高", "最低"),
             "en": ("Regions", "Mean index", "Standard deviation", "Highest", "Lowest")}[lang]
    assert m[names[0]].value == "31"
    assert m[names[1]].value == f"{idx.mean():.1f}"
    assert m[names[2]].value == f"{idx.std(ddof=1):.1f}"
    best, worst = idx.idxmax(), idx.idxmin()
    # the score is the value, the region's name under it (a long name never in the big value font), the
    # full name and code in the card's help
    assert m[names[3]].value == f"{idx.max():.1f}" and m[names[4]].value == f"{idx.min():.1f}"
    assert unescape_md(m[names[3]].delta) == ds.region_name(best, lang)
    assert unescape_md(m[names[4]].delta) == ds.region_name(worst, lang)
    assert ds.region_name(best, lang) in unescape_md(m[names[3]].help) and best in m[names[3]].help
    # the best and weakest get no up/down arrow and no colour
    for k in (3, 4):
        assert enum_name(m[names[k]].proto, "direction") == "NONE"
        assert enum_name(m[names[k]].proto, "color") == "GRAY"
    # regions per maturity level 1..5, each card naming its level; the count alone as the value (it fits a
    # narrow card), the sentence in the card's help
    counts = a.levels().xs(year, level="year").value_counts()
    for k in range(1, 6):
        card = m[f"{k} 级地区数" if lang == "zh" else f"Regions at level {k}"]
        n = int(counts.get(float(k), 0))
        assert card.value == str(n)
        assert card.delta == level_name(k, lang)
        assert card.help == (f"{n} 个地区处于 {k} 级（{level_name(k, lang)}）" if lang == "zh"
                             else f"{n} regions at level {k} ({level_name(k, lang)})")
    assert sum(int(counts.get(float(k), 0)) for k in range(1, 6)) == 31


# ------------------------------------------------------------------ map, distribution, change
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tile_map_has_31_tiles_with_scores(sample, lang):
    ds, a = sample
    at = run_app(lang=lang)
    fig = tile_figure(at)
    z = arr(fig["data"][0]["z"]).astype(float)
    assert np.isfinite(z).sum() == 31
    idx = a.node_scores("INDEX", a.latest_year)
    table = ds.regions.table
    for code in ("310000", "500000", "230000"):
        r, c = int(table.at[code, "row"]), int(table.at[code, "col"])
        i, j = list(arr(fig["data"][0]["y"])).index(r), list(arr(fig["data"][0]["x"])).index(c)
        assert z[i][j] == pytest.approx(idx[code])
        text = fig["data"][0]["text"][i][j]
        assert f"<b>{idx[code]:.0f}</b>" in text
        assert ds.region_name(code, lang).split()[0] in text
    title = title_of(fig)
    assert ("方块地图" if lang == "zh" else "tile map") in title and "2024" in title
    assert ("示例数据（合成）" if lang == "zh" else "Sample data (synthetic)") in title


def test_colour_by_a_dimension_recolours_map_and_distribution(sample, lang_outside_runs):
    ds, a = sample
    at = run_app()
    at.radio(key="node").set_value("MEC").run()
    assert not at.exception
    fig = tile_figure(at)
    z = arr(fig["data"][0]["z"]).astype(float)
    mec = a.node_scores("MEC", a.latest_year)
    r, c = int(ds.regions.table.at["110000", "row"]), int(ds.regions.table.at["110000", "col"])
    i, j = list(arr(fig["data"][0]["y"])).index(r), list(arr(fig["data"][0]["x"])).index(c)
    assert z[i][j] == pytest.approx(mec["110000"])
    box = next(f for f in figures(at) if f["data"] and f["data"][0]["type"] == "box")
    assert "机制协同" in title_of(box)
    assert [t["name"] for t in box["data"]] == ["东部地区", "中部地区", "西部地区", "东北地区"]
    assert sorted(v for t in box["data"] for v in arr(t["y"])) == pytest.approx(sorted(mec.to_numpy()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_change_since_previous_year_largest_risers_first(sample, lang):
    ds, a = sample
    at = run_app(lang=lang)
    assert not any("2023 → 2024" in title_of(f) for f in figures(at))   # a lazy tab: built when opened
    at = open_tab(at, "tab", "ov_change_heading", lang)
    assert at.query_params["tab"] in ("change", ["change"])
    assert not at.dataframe                                             # the ranking's tab is closed
    chg = D.change(a, 2023, 2024)["change"].sort_values(ascending=False)
    fig = next(f for f in figures(at) if "2023 → 2024" in title_of(f))
    bar = fig["data"][0]
    # horizontal bars list the smallest first (bottom): the top bar is the largest riser
    assert bar["y"][-1] == ds.region_name(chg.index[0], lang)
    assert bar["y"][0] == ds.region_name(chg.index[-1], lang)
    assert arr(bar["x"])[-1] == pytest.approx(chg.iloc[0])
    assert len(bar["y"]) == 31


def test_change_hidden_with_a_note_for_the_first_year():
    assert "较上年变化" not in run_app(query={"year": "2019"}).dataframe[0].value.columns
    at = run_app(query={"year": "2019", "tab": "change"})   # a link to the change's tab
    assert not any("→" in title_of(f) for f in figures(at))
    assert any("2019 年是数据中最早的年份" in i.value for i in at.info)


# ------------------------------------------------------------------ search
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_filters_by_name_or_code_case_insensitively(lang, lang_outside_runs):
    lang_outside_runs["lang"] = lang
    col = LANG_COLS[lang]["region"]
    at = run_app(lang=lang)
    at.text_input(key="ov_search").input("SHANG").run()
    assert not at.exception
    names = list(at.dataframe[0].value[col])
    assert names == (["上海"] if lang == "zh" else ["Shanghai"])  # English names match in Chinese too
    at.text_input(key="ov_search").input("江").run()
    names = set(at.dataframe[0].value[col])
    expected = {"zh": {"江苏", "浙江", "江西", "黑龙江"}, "en": {"Jiangsu", "Zhejiang", "Jiangxi", "Heilongjiang"}}
    assert names == expected[lang]
    at.text_input(key="ov_search").input("4400").run()
    assert list(at.dataframe[0].value[col]) == (["广东"] if lang == "zh" else ["Guangdong"])
    # plain text, not a regular expression
    at.text_input(key="ov_search").input(".*").run()
    assert not at.exception
    assert len(at.dataframe) == 0
    assert any(("没有与搜索内容匹配" if lang == "zh" else "No region matches") in i.value for i in at.info)
    at.text_input(key="ov_search").input("").run()
    assert len(at.dataframe[0].value) == 31


def test_search_offers_profile_links(lang_outside_runs):
    at = run_app()
    at.text_input(key="ov_search").input("广").run()
    links = at.get("page_link")
    assert {unescape_md(link.proto.label) for link in links} == {"广东", "广西"}
    assert all("profile" in link.proto.page for link in links)


# ------------------------------------------------------------------ names from uploads
def test_names_from_uploads_are_shown_literally(xss):
    at = run_app(query={"dataset": "xss"})
    table = at.dataframe[0].value
    assert table["地区"].iloc[0] == IMG
    assert table["地区"].iloc[-1] == BOLD
    m = {x.label: x for x in at.metric}
    assert unescape_md(m["最高"].delta) == IMG[:15] + "…" and "<img" not in m["最高"].delta  # one line, escaped
    assert IMG in unescape_md(m["最高"].help) and "<img" not in m["最高"].help
    assert unescape_md(m["最低"].delta) == BOLD
    assert_no_live_markup(at, IMG, BOLD)
    assert not any("<b>set</b>" in s for s in markdown_texts(at))
    # charts carry the names as escaped text
    tiles = json_text(tile_figure(at))
    assert "&lt;img src=x onerror=alert(1)&gt;" in tiles and "<img" not in tiles
    for fig in figures(at):  # the dataset's label reaches every subtitle escaped
        assert "xss &lt;b&gt;set&lt;/b&gt; **x**" in title_of(fig) and "<b>set" not in title_of(fig)


def json_text(fig: dict) -> str:
    import json
    return json.dumps(fig["data"], ensure_ascii=False)


def test_rerun_reuses_the_cached_assessment(lang_outside_runs, monkeypatch):
    """A rerun of the overview must not recompute the assessment (speed is measured in bench/)."""
    import ui.state as state
    at = run_app()
    calls = []
    real = state.assess
    monkeypatch.setattr(state, "assess", lambda *a, **k: calls.append(1) or real(*a, **k))
    at.run()
    assert calls == []
    assert not math.isnan(float(at.metric[1].value))


def test_colour_by_keeps_its_choice_in_the_url(sample, lang_outside_runs):
    """The radio and what it drives are a fragment (issue 11); its URL parameter still follows the choice,
    and a link with ``node`` opens the page coloured by that node."""
    at = run_app()
    at.radio(key="node").set_value("AWA").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.query_params["node"] in ("AWA", ["AWA"])
    box = next(f for f in figures(at) if f["data"] and f["data"][0]["type"] == "box")
    assert "认识与文化协同" in title_of(box)
    linked = run_app(query={"node": "MEC"})
    assert linked.radio(key="node").value == "MEC"
