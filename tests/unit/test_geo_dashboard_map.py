"""The dashboard's boundary map (ui.geomap) at national county scale (issue 11): all 2,840 real counties draw as
the painted map (a figure of well under 1 MB, hover per county, a click on any of its markers drills down
to the county's province), one province's counties keep the detailed choropleth, regions without a boundary
are listed, and another colouring repaints the fill on the shared geometry."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

from metrics import geo


@pytest.fixture(scope="module")
def gm():
    import ui.geomap
    return ui.geomap


@pytest.fixture(scope="module")
def counties():
    return sorted(c for c, u in geo.units().items() if u.level == "county")


def _ctx(lang="zh"):
    units = geo.units()
    return SimpleNamespace(dataset_key="test_geo_dashboard", lang=lang,
                           region_name=lambda c: units[c].name if c in units else f"模拟{c}")


def _figure(gm, codes, values, province="all", lang="zh", zmin=0.0, zmax=100.0):
    v = pd.Series(values, index=codes, dtype=float)
    return gm._geo_figure(_ctx(lang), v, [c for c in codes if province == "all" or c[:2] == province[:2]], None,
                          "得分", ".1f", zmin, zmax, province, True)


def test_national_county_map_is_painted_light_and_lists_codes_without_boundary(gm, counties):
    codes = counties + ["990001"]
    spec, missing, points, i = _figure(gm, codes, [float(k % 90) for k in range(len(codes))])
    assert missing == ["990001"] and set(points) == set(counties)
    assert [t["type"] for t in spec["data"]] == ["scatter", "scatter", "scatter"] and i == 2
    assert len(json.dumps(spec, separators=(",", ":"), ensure_ascii=False).encode()) < 700_000   # was ~1.6 MB
    trace = spec["data"][i]
    k = points.index(counties[3])
    assert trace["hovertext"][k] == f"{geo.units()[counties[3]].name} ({counties[3]}) · 3.0"
    assert trace["marker"]["color"][k] == 3.0 and (trace["marker"]["cmin"], trace["marker"]["cmax"]) == (0, 100)
    assert trace["marker"]["colorbar"]["title"]["text"] == "得分" and trace["marker"]["colorbar"]["orientation"] == "h"
    assert spec["layout"]["images"][0]["source"].startswith("data:image/png;base64,")
    assert spec["layout"]["height"] == 600 and spec["layout"]["dragmode"] is False
    assert "示意" in spec["layout"]["annotations"][0]["text"]


def test_a_click_on_any_marker_of_a_county_drills_down_to_its_province(gm, counties, monkeypatch):
    spec, _, points, i = _figure(gm, counties, [50.0] * len(counties))
    xinjiang = max((c for c in counties if c.startswith("65")), key=lambda c: len(geo.hover_points(c)))
    extra = [k for k, c in enumerate(points) if c == xinjiang][-1]                 # not its first marker
    assert extra != points.index(xinjiang)
    state = {"m": {"selection": {"points": [{"curve_number": i, "point_index": extra}]}}}
    monkeypatch.setattr(gm, "st", SimpleNamespace(session_state=state))
    gm._drill_callback("m", "province", points, {c[:2] + "0000" for c in counties}, i)()
    assert state["province"] == "650000"


def test_another_colouring_repaints_on_the_same_geometry(gm, counties):
    first, _, _, _ = _figure(gm, counties, [10.0] * len(counties))
    second, _, _, _ = _figure(gm, counties, [90.0] * len(counties))
    assert first["data"][0] is second["data"][0]                                   # borders: built once, shared
    assert first["layout"]["images"][0]["source"] != second["layout"]["images"][0]["source"]
    again, _, _, _ = _figure(gm, counties, [10.0] * len(counties))
    assert again["layout"]["images"][0]["source"] is first["layout"]["images"][0]["source"]   # painted once


def test_one_province_keeps_the_detailed_choropleth(gm, counties):
    jiangsu = [c for c in counties if c.startswith("32")]
    spec, missing, points, i = _figure(gm, counties, [1.0] * len(counties), province="320000", lang="en")
    assert missing == [] and sorted(points) == jiangsu
    assert [t["type"] for t in spec["data"]] == ["scattergeo", "choropleth"] and i == 1
    fine = geo.boundaries("fine")["geometries"]
    feature = spec["data"][i]["geojson"]["features"][0]
    assert feature["geometry"] == fine[feature["id"]]                              # full detail, not the coarse cut
    assert "审图号" in spec["layout"]["annotations"][0]["text"]                    # the note, in either language
