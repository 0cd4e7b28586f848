"""The compare page shows the chosen regions' scores, ranks, gaps and measures as metrics computes
them, in Chinese and English; regions can be chosen in the URL; names from uploads stay literal.  Scores,
gaps and the side-by-side table are three lazy tabs (only the open one runs; ``?section=`` opens one)."""
import numpy as np
import pandas as pd
import pytest

from metrics import Dataset, assess
from metrics import diagnostics as D
from tests.app.conftest import figures, open_tab, run_app
from charts import plain
from tests.app.test_overview import (BOLD, IMG, arr, assert_no_live_markup, title_of, unescape_md,  # noqa: F401
                                     xss)

PAGE = "views/compare.py"
SCORE = {"zh": "{} 得分", "en": "{} score"}
RANK = {"zh": "{} 排名", "en": "{} rank"}


@pytest.fixture(scope="module")
def sample():
    ds = Dataset.sample()
    return ds, assess(ds)


def measure_texts(at) -> str:
    return "\n".join(unescape_md(m.value) for m in at.markdown)


#: The page's three sections, lazy tabs: their codes (the URL's ``section``) and label keys, in order.
SECTIONS = {"scores": "cmp_sec_scores", "gaps": "cmp_gap_heading", "table": "cmp_table_heading"}


def section(at, code: str, lang: str):
    """Open the section ``code`` (a lazy tab) and rerun."""
    return open_tab(at, "section", SECTIONS[code], lang)


def measure_tabs(at) -> list:
    """The measures' tabs, one per region (after the three section tabs)."""
    return list(at.tabs)[len(SECTIONS):]


def side_table(at, lang) -> pd.DataFrame:
    """The side-by-side table (its section opened)."""
    col = "维度 / 子维度" if lang == "zh" else "Dimension / sub-dimension"
    at = section(at, "table", lang)
    return next(d.value for d in at.dataframe if col in d.value.columns).set_index("代码" if lang == "zh" else "Code")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_default_is_the_top_three_with_their_scores_and_ranks(sample, lang):
    ds, a = sample
    year = a.latest_year
    res = a.results(year=year)
    top3 = list(res["region"][:3])
    at = run_app(page=PAGE, lang=lang)
    assert at.title[0].value == ("地区对比" if lang == "zh" else "Compare regions")
    assert at.multiselect(key="regions").value == top3
    scores = a.all_scores.xs(year, level="year")
    # the grouped bar (the section open at first): the three dimensions and the index for each region, in the
    # chosen order
    fig = figures(at)[0]
    assert [tr["name"] for tr in fig["data"]] == [plain(ds.framework.name_of(n, lang))
                                                  for n in ("ORG", "MEC", "AWA", "INDEX")]
    assert list(fig["data"][0]["x"]) == [plain(ds.region_name(c, lang)) for c in top3]
    assert arr(fig["data"][3]["y"]) == pytest.approx([scores.at[c, "INDEX"] for c in top3])
    assert "2024" in title_of(fig) and ("示例数据" if lang == "zh" else "Sample data") in title_of(fig)
    side = side_table(at, lang)
    nodes = ["INDEX", "ORG", "MEC", "AWA"] + a.framework.level_codes(2)
    assert list(side.index) == nodes
    for code in top3:
        name = ds.region_name(code, lang)
        for node in nodes:
            assert side.at[node, SCORE[lang].format(name)] == round(scores.at[code, node], 1)
            assert side.at[node, RANK[lang].format(name)] == a.ranks(node).xs(year, level="year")[code]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_regions_chosen_in_the_url_show_their_measures(sample, lang):
    ds, a = sample
    year = a.latest_year
    # the URL holds region codes, comma-joined, so one link works in both languages
    at = run_app(page=PAGE, lang=lang, query={"regions": "110000,650000,500000"})
    assert at.multiselect(key="regions").value == ["110000", "650000", "500000"]
    side = side_table(at, lang)
    for code in ("110000", "650000", "500000"):
        name = ds.region_name(code, lang)
        assert side.at["INDEX", SCORE[lang].format(name)] == round(a.node_scores("INDEX", year)[code], 1)
    tabs = [unescape_md(tab.label) for tab in measure_tabs(at)]
    assert tabs == [ds.region_name(c, lang) for c in ("110000", "650000", "500000")]
    key = "text_zh" if lang == "zh" else "text_en"
    for code in ("110000", "650000", "500000"):
        # one region's measures at a time: the open tab runs
        at.session_state["cmp_mtabs"] = measure_tabs(at)[("110000", "650000", "500000").index(code)].label
        at.run()
        text = measure_texts(at)
        rec = D.recommend(a, code, year)
        assert rec.items, code
        first = rec.items[0]
        assert first["measures"][0][key] in text
        sub = first["name_zh"] if lang == "zh" else first["name_en"]
        assert f"1. {sub}" in text and f"({first['subdim']})" in text.replace("（", "(").replace("）", ")")
        # every measure names its section of the paper
        assert f"§{first['measures'][0]['source'].split(';')[0].strip()}" in text
        # and the region's profile opens on its measures tab (what triggers each, the table to download)
        link = [ln for ln in at.get("page_link") if "profile" in ln.proto.page]
        assert len(link) == 1 and ds.region_name(code, lang) in unescape_md(link[0].proto.label)
        assert f"region={code}" in link[0].proto.query_string and "tab=measures" in link[0].proto.query_string


def test_unknown_codes_in_the_url_are_ignored(sample):
    at = run_app(page=PAGE, query={"regions": "310000,999999,110000"})
    assert at.multiselect(key="regions").value == ["310000", "110000"]
    at = run_app(page=PAGE, query={"regions": "nonsense"})
    top3 = list(sample[1].results(year=2024)["region"][:3])
    assert at.multiselect(key="regions").value == top3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fewer_than_two_regions_asks_for_more(lang):
    at = run_app(page=PAGE, lang=lang, query={"regions": "310000"})
    assert at.multiselect(key="regions").value == ["310000"]
    msg = "请至少选择两个地区进行对比。" if lang == "zh" else "Choose at least two regions to compare."
    assert [i.value for i in at.info] == [msg]
    assert not figures(at)
    assert len(at.dataframe) == 0


def test_at_most_six_regions():
    at = run_app(page=PAGE)
    assert at.multiselect(key="regions").proto.max_selections == 6


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sub_dimension_views(sample, lang):
    ds, a = sample
    year = a.latest_year
    at = run_app(page=PAGE, lang=lang, query={"regions": "110000,440000"})
    subs = a.framework.level_codes(2)
    scores = a.all_scores.xs(year, level="year")
    at.segmented_control(key="view").set_value("sub").run()
    assert not at.exception
    fig = figures(at)[0]
    assert list(fig["data"][0]["x"]) == [plain(ds.framework.name_of(c, lang)) for c in subs]
    assert [tr["name"] for tr in fig["data"]] == [plain(ds.region_name(c, lang)) for c in ("110000", "440000")]
    assert arr(fig["data"][1]["y"]) == pytest.approx([scores.at["440000", c] for c in subs])
    at.segmented_control(key="view").set_value("par").run()
    fig = figures(at)[0]
    assert len(fig["data"]) == 2 and len(fig["data"][0]["x"]) == 15
    assert arr(fig["data"][0]["y"]) == pytest.approx([scores.at["110000", c] for c in subs])


@pytest.mark.parametrize("bench", ["mean", "best", "group"])
def test_gap_heat_map_matches_diagnostics(sample, bench):
    ds, a = sample
    year = a.latest_year
    # a link opens the gaps section (?section=gaps)
    at = run_app(page=PAGE, query={"regions": "110000,650000,230000", "section": "gaps"})
    assert not figures(at) or all(f["data"][0]["type"] == "heatmap" for f in figures(at))   # the only chart
    if bench != "mean":
        at.segmented_control(key="bench").set_value(bench).run()
    fig = next(f for f in figures(at) if f["data"][0]["type"] == "heatmap")
    z = arr(fig["data"][0]["z"]).astype(float)
    assert list(fig["data"][0]["y"]) == ["北京", "新疆", "黑龙江"]
    subs = a.framework.level_codes(2)
    assert list(fig["data"][0]["x"]) == [plain(ds.framework.name_of(c, "zh")) for c in subs]
    for i, code in enumerate(("110000", "650000", "230000")):
        g = D.gaps(a, code, year, bench)["gap"].reindex(subs).to_numpy()
        assert z[i] == pytest.approx(g)
    if bench == "best":
        assert any("最佳地区为 上海" in unescape_md(c.value) for c in at.caption)


def test_tables_can_be_downloaded():
    at = run_app(page=PAGE)
    keys = {b.key for b in at.download_button}
    assert {"cmp_dl_measures_csv", "cmp_dl_measures_xlsx"} <= keys
    assert {"cmp_dl_gaps_csv", "cmp_dl_gaps_xlsx"} <= {b.key for b in section(at, "gaps", "zh").download_button}
    assert {"cmp_dl_side_csv", "cmp_dl_side_xlsx"} <= {b.key for b in section(at, "table", "zh").download_button}


def test_names_from_uploads_are_shown_literally(xss):
    ds, best, worst = xss
    at = run_app(page=PAGE, query={"dataset": "xss", "regions": f"{best},{worst}"})
    assert at.multiselect(key="regions").value == [best, worst]
    side = side_table(at, "zh")
    assert f"{IMG} 得分" in side.columns and f"{BOLD} 得分" in side.columns
    assert [unescape_md(tab.label) for tab in measure_tabs(at)] == [IMG, BOLD]
    assert all(tab.label != unescape_md(tab.label) for tab in measure_tabs(at))
    for code in SECTIONS:
        at = section(at, code, "zh")
        assert_no_live_markup(at, IMG, BOLD)
        for fig in figures(at):
            text = str(fig["data"])
            assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert np.isfinite(side.at["INDEX", f"{IMG} 得分"])


def test_the_open_section_is_in_the_url_and_survives_a_change_of_language():
    """Only the open section runs; the URL names it (a copied link reopens it) and it stays open when the
    language changes (the tabs' labels change, their code does not)."""
    at = run_app(page=PAGE, lang="zh")
    assert at.query_params["section"] in (["scores"], "scores")
    assert [f["data"][0]["type"] for f in figures(at)] == ["bar"] and not at.dataframe
    at = section(at, "gaps", "zh")
    assert at.query_params["section"] in (["gaps"], "gaps")
    assert [f["data"][0]["type"] for f in figures(at)] == ["heatmap"]
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.query_params["section"] in (["gaps"], "gaps")
    assert [f["data"][0]["type"] for f in figures(at)] == ["heatmap"]
    assert "Gaps to a benchmark" in [tab.label for tab in at.tabs]
    at = run_app(page=PAGE, lang="en", query={"section": "table", "regions": "110000,650000"})
    assert not figures(at) and len(at.dataframe) == 1
    at = run_app(page=PAGE, lang="en", query={"section": "nonsense"})   # an unknown section: the first one
    assert [f["data"][0]["type"] for f in figures(at)] == ["bar"]
