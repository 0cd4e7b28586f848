"""Issue 10, officials' items 1, 3, 4, 5 and 6, as AppTests (the browser halves are in
``tests/e2e/test_officials.py``):

1. every page's state is in the URL as codes, the language always;
3. numbers are formatted for the method's scale (z-scores), the synergy ranking follows the
   unrounded D, one number format per table;
4. texts and charts follow the framework in use (two dimensions: no fixed subtitle, bars for a radar);
5. one format for the paper's sections; the Data page says the uploaders' limits in the page's language;
6. every chart has its PNG and SVG downloads.
"""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from metrics import Dataset, Spec, assess
from metrics import diagnostics as D
from tests.app.conftest import METHODS_TABS, figures, method_query, open_tab, run_app, shape_key, table_with
from tests.app.test_overview import markdown_texts, unescape_md
from ui.i18n import TEXT

PROFILE, COMPARE, SYNERGY, OVERVIEW = "views/profile.py", "views/compare.py", "views/synergy.py", "views/overview.py"
ZSCORE = method_query("zscore", Dataset.sample().framework)


def tr(key: str, lang: str, **kw) -> str:
    text = TEXT[key][lang == "en"]
    return text.format(**kw) if kw else text


def query(at) -> dict:
    return dict(at.query_params)


# ------------------------------------------------------------------ 1. the URL names the view, as codes
def test_profile_choices_are_codes_in_the_url_and_the_language_is_always_there():
    at = run_app(page=PROFILE, lang="zh", query={"region": "500000"})
    q = query(at)
    # the browser's language (AppTest has none: Chinese) is written too, and the deep link's region stays
    assert q["lang"] == "zh" and q["region"] == "500000" and q["benchmark"] == "mean"
    at.selectbox(key="benchmark").set_value("best").run()
    assert query(at)["benchmark"] == "best"               # not '最佳地区'
    assert query(at)["region"] == "500000"                # still there after another change
    at.selectbox(key="region").set_value("320000").run()
    assert query(at)["region"] == "320000"                # not '江苏'
    assert at.header[0].value == "江苏"
    at = open_tab(at, "pf_tabs", "pf_tab_measures", "zh")   # only the open tab runs
    at.radio(key="by").set_value("gap").run()
    assert query(at)["by"] == "gap"


def test_a_copied_profile_link_opens_the_same_view_in_the_other_language_session():
    at = run_app(page=PROFILE, lang="zh", query={"region": "500000"})
    at.selectbox(key="benchmark").set_value("best").run()
    link = query(at)
    fresh = run_app(page=PROFILE, lang=link.pop("lang"), query=link)
    assert fresh.header[0].value == "重庆"
    assert fresh.selectbox(key="benchmark").value == "best"


def test_compare_synergy_and_overview_choices_are_codes_in_the_url():
    at = run_app(page=COMPARE, lang="en")
    at.segmented_control(key="view").set_value("sub").run()
    at = open_tab(at, "section", "cmp_gap_heading", "en")   # the benchmark is chosen in the gaps section
    at.segmented_control(key="bench").set_value("best").run()
    at.multiselect(key="regions").set_value(["110000", "500000"]).run()
    q = query(at)
    assert (q["view"], q["bench"], q["regions"], q["section"], q["lang"]) == \
        ("sub", "best", "110000,500000", "gaps", "en")

    at = run_app(page=SYNERGY, lang="zh")
    at.selectbox(key="x").set_value("AWA").run()
    assert (query(at)["x"], query(at)["y"]) == ("AWA", "MEC")

    at = run_app(lang="zh")
    at.radio(key="node").set_value("MEC").run()
    assert query(at)["node"] == "MEC"


def test_links_with_codes_open_those_views():
    at = run_app(page=COMPARE, lang="zh", query={"view": "par", "bench": "best", "regions": "110000,500000"})
    assert at.segmented_control(key="view").value == "par"
    assert at.multiselect(key="regions").value == ["110000", "500000"]
    assert open_tab(at, "section", "cmp_gap_heading", "zh").segmented_control(key="bench").value == "best"
    at = run_app(page=COMPARE, lang="zh", query={"section": "gaps", "bench": "group", "regions": "110000,500000"})
    assert at.segmented_control(key="bench").value == "group"
    at = run_app(page=SYNERGY, lang="en", query={"x": "AWA", "y": "ORG"})
    assert (at.selectbox(key="x").value, at.selectbox(key="y").value) == ("AWA", "ORG")


def test_a_link_with_an_unknown_code_falls_back_to_the_default():
    at = run_app(page=PROFILE, lang="zh", query={"region": "999999", "benchmark": "最佳地区"})
    a = assess(Dataset.sample())
    top = a.node_scores(year=a.latest_year).idxmax()
    assert at.selectbox(key="region").value == top and at.selectbox(key="benchmark").value == "mean"
    assert (query(at)["region"], query(at)["benchmark"]) == (top, "mean")


# ------------------------------------------------------------------ 3. numbers for the scale in use
def _tile_values(fig) -> list[str]:
    return [m for row in fig["data"][0]["text"] for cell in row for m in re.findall(r"<b>(.*?)</b>", cell)]


def test_z_scores_read_with_one_decimal_on_tiles_and_rounded_thresholds():
    at = run_app(lang="zh", query=ZSCORE)
    tiles = next(f for f in figures(at) if f["data"] and f["data"][0].get("type") == "heatmap")
    values = _tile_values(tiles)
    assert len(values) == 31
    assert all(re.fullmatch(r"-?\d+\.\d", v) for v in values), values          # not "-0", "0", "1"
    assert "-0.0" not in values
    caption = next(c.value for c in at.caption if c.value.startswith(tr("ov_levels_note", "zh", method="")[:6]))
    edges = re.findall(r"-?\d+\.\d+", caption.split("分数段")[1])
    assert edges and all(len(e.split(".")[1]) <= 2 for e in edges), caption   # not -1.47596
    axis = tiles["data"][0]["colorbar"]["title"]["text"]
    assert not re.search(r"\d\.\d{3}", axis), axis


def test_synergy_ranking_rows_follow_the_unrounded_coordination_degree():
    # entropy weights, 2024: two D values round to the same three decimals (rows went 1, 2, 4, 3)
    at = run_app(page=SYNERGY, lang="zh", query={"method": "entropy"})
    table = table_with(at, tr("col_D", "zh"))
    ranks = table[tr("syn_col_rank", "zh")].tolist()
    assert ranks == sorted(ranks)
    a = assess(Dataset.sample(), Spec(weights="entropy"))
    syn = D.synergy(a, year=a.latest_year).xs(a.latest_year, level="year")["D"]
    assert table[tr("col_code", "zh")].tolist() == list(syn.sort_values(ascending=False, kind="stable").index)


def test_the_profile_score_table_has_one_number_format_per_column():
    at = open_tab(run_app(page=PROFILE, lang="zh", query={"region": "500000"}), "pf_tabs", "pf_tab_gaps", "zh")
    frame = next(d for d in at.dataframe if tr("col_bench", "zh") in d.value.columns)
    config = json.loads(frame.proto.columns)
    for col in ("col_score", "col_bench", "col_gap"):
        assert config[tr(col, "zh")]["type_config"]["format"] in ("%.1f", "%+.1f"), (col, config)


def test_every_float_column_of_a_profile_table_has_a_format():
    at = run_app(page=PROFILE, lang="en", query={"region": "110000"})
    frames = []
    for tab in ("pf_tab_gaps", "pf_tab_measures", "pf_tab_obstacles", "pf_tab_synergy", "pf_tab_trend",
                "pf_tab_views"):   # lazy tabs: each one's tables when open
        frames += open_tab(at, "pf_tabs", tab, "en").dataframe
    assert len(frames) >= 6
    for frame in frames:
        config = json.loads(frame.proto.columns or "{}")
        for c in frame.value.columns:
            if pd.api.types.is_float_dtype(frame.value[c]):
                assert config.get(str(c), {}).get("type_config", {}).get("format"), (c, list(frame.value.columns))


# ------------------------------------------------------------------ 4. texts and charts follow the framework
def test_two_dimensions_subtitle_names_them_and_the_profile_draws_bars(shapes):
    ds = shapes("two_dims")
    dims = ds.framework.children[ds.framework.root]
    assert len(dims) == 2
    at = run_app(lang="zh", query={"dataset": shape_key("two_dims")})
    subtitle = next(unescape_md(c.value) for c in at.caption if c.value.startswith(tr("app_subtitle", "zh", dims="")))
    assert all(ds.framework.name_of(d, "zh") in subtitle for d in dims)
    assert "认识" not in subtitle, subtitle          # the third dimension of the default framework

    at = run_app(page=PROFILE, lang="en", query={"dataset": shape_key("two_dims")})
    first = figures(at)[0]
    assert {t["type"] for t in first["data"]} == {"bar"}, [t["type"] for t in first["data"]]
    assert list(first["data"][0]["y"]) == [ds.framework.name_of(d, "en") for d in dims]
    assert not any(t["type"] == "scatterpolar" and len(t["r"]) < 4 for f in figures(at) for t in f["data"])

    at = run_app(page=SYNERGY, lang="en", query={"dataset": shape_key("two_dims")})
    intro = next(unescape_md(c.value) for c in at.caption if c.value.startswith(tr("syn_intro", "en", dims="")[:40]))
    assert all(ds.framework.name_of(d, "en") in intro for d in dims)


def test_three_dimensions_keep_the_radar():
    at = run_app(page=PROFILE, lang="zh", query={"region": "110000"})
    first = figures(at)[0]
    assert first["data"][0]["type"] == "scatterpolar" and len(first["data"][0]["r"]) == 4


# ------------------------------------------------------------------ 5. one language, one format
SECTIONS = re.compile(r"§\d+(?:\.\d+)*(?:, §\d+(?:\.\d+)*)*")


def _section_refs(texts: list[str]) -> list[str]:
    """Every run of paper-section references in ``texts`` (from the first § to the last digit)."""
    return [m.group(0) for text in texts for m in re.finditer(r"§[\d.]+(?:[^\w\n]{1,3}[\d.]+)*", text)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_paper_sections_are_written_one_way_on_every_page(lang):
    refs = []
    at = open_tab(run_app(page=PROFILE, lang=lang, query={"region": "650000"}), "pf_tabs", "pf_tab_measures", lang)
    refs += _section_refs([unescape_md(t) for t in markdown_texts(at)])
    frame = table_with(at, tr("col_source", lang))
    refs += list(frame[tr("col_source", lang)])
    at = run_app(page=COMPARE, lang=lang)
    refs += _section_refs([unescape_md(t) for t in markdown_texts(at)])
    at = run_app(page="views/present.py", lang=lang, query={"play": "1", "deck": "measures", "regions": "650000"})
    refs += _section_refs([unescape_md(t) for t in markdown_texts(at)])
    multi = [r for r in refs if r.count("§") > 1 or re.search(r"[;、]", r)]
    assert multi, refs                                   # the sample's measures cite two sections at times
    bad = sorted({r for r in refs if not SECTIONS.fullmatch(r)})
    assert not bad, bad                                  # not "§3.2、§4.2", "§3.3; §4.3", "§3.3; 4.3"


def test_the_measures_library_writes_sections_one_way():
    table = pd.read_csv(D.MEASURES_FILE, dtype=str)
    assert table["source"].str.fullmatch(r"\d+(\.\d+)*(; \d+(\.\d+)*)*").all(), table["source"].unique()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_data_page_states_the_upload_limits_in_its_language(lang):
    at = run_app(page="views/data.py", lang=lang)
    assert tr("data_drop_hint", lang, mb=200) in [c.value for c in at.caption]
    css = "".join(h.proto.body for h in at.get("html"))
    assert 'stFileUploaderDropzoneInstructions' in css and tr("upload_button", lang) in css


# ------------------------------------------------------------------ 6. every chart can be downloaded
@pytest.mark.parametrize("page,query_", [(OVERVIEW, {}), (COMPARE, {}), (PROFILE, {"region": "110000"}),
                                         (SYNERGY, {}), ("views/methods.py", {})])
def test_every_chart_has_png_and_svg_downloads(page, query_):
    at = run_app(page=None if page == OVERVIEW else page, lang="zh", query=query_)
    # lazy tabs: each one's charts when open
    lazy = {"views/methods.py": ("mt_tab", METHODS_TABS),
            COMPARE: ("section", ("cmp_sec_scores", "cmp_gap_heading", "cmp_table_heading"))}
    key, tabs = lazy.get(page, (None, (None,)))
    total = 0
    for tab in tabs:
        view = open_tab(at, key, tab, "zh") if tab else at
        n = len(view.get("plotly_chart"))
        keys = [b.key for b in view.get("download_button")]
        assert sum(k.startswith("img_png_") for k in keys) == n, keys
        assert sum(k.startswith("img_svg_") for k in keys) == n, keys
        total += n
    assert total >= 2
