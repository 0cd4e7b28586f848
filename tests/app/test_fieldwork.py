"""The fieldwork monitor on the Data page, and the warning on pages whose score rests on a survey cell below the
target.  The sample has four cells under 30 responses: social organisations in Tianjin 2022 (26), Jilin 2021
(28), Guizhou 2023 (28) and Guangdong 2021 (29)."""
from __future__ import annotations

import json

from tests.app.test_data import data_app, frame_with, lang_outside_runs, router, run, texts  # noqa: F401


def warnings(at) -> list[str]:
    return [str(w.value) for w in at.warning]


def test_data_page_heat_map_short_cells_and_target(lang_outside_runs):
    at = data_app("en")
    assert "Target: at least 30 responses per cell. 4 of 744 cells are below it." in texts(at, "caption")
    short = frame_with(at, "Responses")
    assert list(zip(short["Region"], short["Year"], short["Group"], short["Responses"])) == [
        ("Tianjin", "2022", "Social organisations", 26), ("Jilin", "2021", "Social organisations", 28),
        ("Guizhou", "2023", "Social organisations", 28), ("Guangdong", "2021", "Social organisations", 29)]
    heat = next(c for c in at.get("plotly_chart") if "Fieldwork" in c.proto.spec)
    assert '"zmid":1' in heat.proto.spec.replace(" ", "")
    at.number_input(key="fw_n").set_value(25)
    run(at)
    assert "Every cell meets the target." in texts(at, "success")
    at.radio(key="fw_kind").set_value("margin")
    run(at)
    assert any("±5% at 95% confidence. 744 of 744" in c for c in texts(at, "caption"))   # 385 needed per cell
    at.number_input(key="fw_margin").set_value(20.0)
    run(at)
    assert any("±20% at 95% confidence. 0 of 744" in c for c in texts(at, "caption"))    # 25 needed


def test_profile_warns_when_its_score_rests_on_a_short_cell(lang_outside_runs):
    at = data_app("en", page="views/profile.py")
    at.query_params["region"] = "120000"
    at.query_params["year"] = "2022"
    at = run(at)
    [w] = [w for w in warnings(at) if "fieldwork target" in w]
    assert "Tianjin" in w and "Social organisations 26/30" in w and "2022" in w
    at.query_params["year"] = "2024"
    at = run(at)
    assert not [w for w in warnings(at) if "fieldwork target" in w]


def test_overview_names_the_regions_resting_on_short_cells(lang_outside_runs):
    at = data_app("zh", page="views/overview.py")
    at.query_params["year"] = "2021"
    at = run(at)
    [w] = [w for w in warnings(at) if "调查目标" in w]
    assert "有 2 个地区" in w and "吉林" in w and "广东" in w


def test_county_monitor_sums_by_province_and_opens_one(lang_outside_runs):
    """300 counties: one heat-map row per province (cells below the target / region cells), and a province
    chosen under 'Show' lists its own counties only."""
    from metrics.hierarchy import region_hierarchy
    from tests.app.county import county_dataset
    from ui import state

    ds = county_dataset(300)
    state.REGISTRY["fw_counties"] = ds
    try:
        at = data_app("en")
        at.query_params["dataset"] = "fw_counties"
        at = run(at)
        h = region_hierarchy(list(ds.regions.table.index), ds.regions)
        provinces = list(dict.fromkeys(h["province_en"]))
        heat = next(c for c in at.get("plotly_chart") if "by area" in c.proto.spec)
        fig = json.loads(heat.proto.spec)
        assert list(fig["data"][0]["y"]) == provinces and len(provinces) > 20
        # 3-5 respondents per cell: every cell is short of the default 30; each row reads "short/cells"
        first = h[h["province_en"] == provinces[0]]
        assert fig["data"][0]["text"][0][0] == f"{len(first)}/{len(first)}"
        assert not any("by area" not in c.proto.spec and "Fieldwork" in c.proto.spec for c in at.get("plotly_chart"))
        assert any("under 'Show' to list" in c for c in texts(at, "caption"))  # not 3,600 short cells at once
        assert not [d for d in at.dataframe if "Responses" in d.value.columns]
        at.selectbox(key="fw_area").set_value(provinces[0])
        at = run(at)
        fig = json.loads(next(c for c in at.get("plotly_chart") if "Fieldwork" in c.proto.spec).proto.spec)
        assert set(fig["data"][0]["y"]) == {ds.regions.name(c, "en") for c in first.index}
        short = frame_with(at, "Responses")
        assert set(short["Region"]) == {ds.regions.name(c, "en") for c in first.index}
    finally:
        state.REGISTRY.pop("fw_counties", None)
