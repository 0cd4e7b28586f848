"""The overview on county data (issue 11): a geographic map of every county with a drill-down to one province
kept in the URL, regions without a boundary listed under the map, a paged ranking with search and a
province filter, headline cards whose value is a score (the name under it), and charts that aggregate
(top and bottom N and a histogram of the changes, box plots without thousands of dots).

The county data: 300 of China's real county-level units (GB/T 2260 codes and names) plus two synthetic
codes that no boundary has, with generated scores, registered as the dataset ``ov_counties``.
"""

import numpy as np
import pytest

from metrics.hierarchy import province_of
from tests.app.conftest import array, figures, page_problems, run_app
from tests.app.county import county_dataset

KEY = "ov_counties"
FAKE = {"990001": "模拟县甲", "990002": "模拟县乙"}
FAKE_EN = ("Fake County A", "Fake County B")


@pytest.fixture(scope="module")
def county():
    """(dataset, assessment) registered under ``ov_counties``."""
    from metrics import assess
    from ui import state

    ds = county_dataset(300, fake=tuple((code, zh, en) for (code, zh), en in zip(FAKE.items(), FAKE_EN)))
    state.REGISTRY[KEY] = ds
    yield ds, assess(ds)
    state.REGISTRY.pop(KEY, None)


def open_overview(lang="zh", **query):
    return run_app(lang=lang, query={"dataset": KEY, **query})


def geo_figure(at) -> dict:
    return next(f for f in figures(at) if any(t["type"] == "choropleth" for t in f["data"]))


def data_trace(fig: dict) -> dict:
    return [t for t in fig["data"] if t["type"] == "choropleth"][-1]


def biggest_province(codes) -> str:
    provs = [province_of(c) for c in codes if province_of(c)]
    return max(set(provs), key=lambda p: (provs.count(p), p))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_map_is_geographic_and_lists_regions_without_a_boundary(county, lang):
    ds, a = county
    at = open_overview(lang)
    assert page_problems(at) == []
    fig = geo_figure(at)
    assert not any(t["type"] == "heatmap" for f in figures(at) for t in f["data"])  # no tile grid for counties
    trace = data_trace(fig)
    drawn = list(trace["locations"])
    assert len(drawn) == 300 and not set(drawn) & set(FAKE)
    idx = a.node_scores(a.root, a.latest_year)
    z = array(trace["z"]).astype(float)
    assert np.allclose(z, idx.reindex(drawn).to_numpy(dtype=float))
    # a national map: provinces in grey beneath, province borders over the counties, the coarse geometry
    assert len([t for t in fig["data"] if t["type"] == "choropleth"]) == 2
    assert "illustration" in fig["layout"]["annotations"][0]["text"] or "示意" in fig["layout"]["annotations"][0]["text"]
    # the two synthetic codes are counted and named, never dropped silently
    captions = " ".join(c.value for c in at.caption)
    assert ("2 个地区在行政区划边界中找不到" if lang == "zh" else "2 regions are not in the administrative boundaries") \
        in captions
    listed = " ".join(m.value for e in at.expander for m in e.markdown)
    for code in FAKE:
        assert code in listed and ds.region_name(code, lang) in listed.replace("\\", "")
    # the province select of the map starts on the whole country
    assert at.selectbox(key="province").value == "all"


@pytest.mark.parametrize("lang", ["en"])
def test_drill_down_from_the_url_shows_only_that_province(county, lang):
    ds, a = county
    prov = biggest_province(ds.regions.table.index)
    at = open_overview(lang, province=prov)
    fig = geo_figure(at)
    drawn = list(data_trace(fig)["locations"])
    expected = sorted(c for c in ds.regions.table.index if province_of(c) == prov)
    assert sorted(drawn) == expected and len(drawn) >= 5
    assert len([t for t in fig["data"] if t["type"] == "choropleth"]) == 1  # no national base layer
    assert at.query_params["province"] == [prov] or at.query_params["province"] == prov
    assert any(b.label == "Back to the whole country" for b in at.button)
    at.button(key="ov_map_back").click().run()
    assert not at.exception
    assert len(data_trace(geo_figure(at))["locations"]) == 300
    assert at.selectbox(key="province").value == "all"


def test_click_on_a_county_drills_down_to_its_province(county, monkeypatch):
    """The chart's selection callback (what a click on the map sends: the point's location, or its trace
    and index) sets the map's province select before the rerun."""
    from types import SimpleNamespace

    import ui.geomap as gm

    ds, _ = county
    code = next(c for c in ds.regions.table.index if province_of(c))
    state = {"m": {"selection": {"points": [{"location": code, "curve_number": 2, "point_index": 0}]}}}
    monkeypatch.setattr(gm, "st", SimpleNamespace(session_state=state))
    gm._drill_callback("m", "province", [code], {province_of(code)}, 2)()
    assert state["province"] == province_of(code)
    state.update(province="all", m={"selection": {"points": [{"curve_number": 2, "point_index": 0}]}})
    gm._drill_callback("m", "province", [code], {province_of(code)}, 2)()
    assert state["province"] == province_of(code)
    state.update(province="all", m={"selection": {"points": [{"curve_number": 1, "point_index": 0}]}})
    gm._drill_callback("m", "province", [code], {province_of(code)}, 2)()  # the grey base layer: nothing
    assert state["province"] == "all"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ranking_is_paged_and_search_and_province_narrow_it(county, lang):
    ds, a = county
    col = "地区" if lang == "zh" else "Region"
    at = open_overview(lang)
    table = at.dataframe[0].value
    assert len(table) == 25  # a page, not 302 rows
    ranks = list(table["排名" if lang == "zh" else "Rank"])
    assert ranks == sorted(ranks) and ranks[0] == 1
    # page 2 continues the ranking
    page = next(n for n in at.number_input if n.key.startswith("ov_page_"))
    page.set_value(2).run()
    assert list(at.dataframe[0].value["排名" if lang == "zh" else "Rank"])[0] == 26
    # a province narrows the table to its counties
    prov = biggest_province(ds.regions.table.index)
    at.selectbox(key="ov_rank_province").set_value(prov).run()
    codes = list(at.dataframe[0].value["代码" if lang == "zh" else "Code"])
    n_prov = sum(province_of(c) == prov for c in ds.regions.table.index)
    assert all(province_of(c) == prov for c in codes) and len(codes) == min(n_prov, 25)
    # the search finds a county by code, in either language
    code = codes[0]
    at.selectbox(key="ov_rank_province").set_value("all").run()
    at.text_input(key="ov_search").input(code).run()
    assert list(at.dataframe[0].value[col]) == [ds.region_name(code, lang)]
    other = ds.region_name(code, "en" if lang == "zh" else "zh")
    at.text_input(key="ov_search").input(other).run()
    assert ds.region_name(code, lang) in list(at.dataframe[0].value[col])


@pytest.mark.parametrize("lang", ["en"])
def test_headline_cards_carry_the_score_and_the_name_underneath(county, lang):
    ds, a = county
    idx = a.node_scores(a.root, a.latest_year).dropna()
    at = open_overview(lang)
    m = {x.label: x for x in at.metric}
    assert m["Highest"].value == f"{idx.max():.1f}" and m["Lowest"].value == f"{idx.min():.1f}"
    for label, code in (("Highest", idx.idxmax()), ("Lowest", idx.idxmin())):
        name = ds.region_name(code, "en")
        shown = m[label].delta.replace("\\", "")
        assert shown == name or (shown.endswith("…") and name.startswith(shown[:-1].rstrip()))
        assert name in m[label].help.replace("\\", "") and code in m[label].help


@pytest.mark.parametrize("lang", ["en"])
def test_charts_aggregate_with_many_regions(county, lang):
    ds, a = county
    at = open_overview(lang, tab="change")   # the change on the previous year: its tab, opened by a link
    figs = figures(at)
    bars = next(f for f in figs if "largest rises and falls" in f["layout"]["title"]["text"])
    assert len(bars["data"][0]["y"]) == 20  # the 10 largest rises and the 10 largest falls, not 302 bars
    hist = next(f for f in figs if f["layout"]["title"]["text"].startswith("How "))
    from metrics import diagnostics as D
    assert int(array(hist["data"][0]["y"]).sum()) == int(D.change(a, 2023, 2024)["change"].notna().sum())
    box = next(f for f in figs if f["data"] and f["data"][0]["type"] == "box")
    assert all(t["boxpoints"] == "outliers" for t in box["data"])
    # each group's count under its name, the names' angle fixed (never Plotly's own, which can stick)
    counts = [int(tr["name"].rsplit("<br>(", 1)[1].rstrip(")")) for tr in box["data"]]
    assert sum(counts) == sum(len(array(tr["y"])) for tr in box["data"])
    assert box["layout"]["xaxis"]["tickangle"] in (0, -30, -90)
