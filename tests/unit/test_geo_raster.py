"""The painted national map of metrics.geo (issue 11): a national county map the browser draws in well under a
second.  Every real county keeps its region (a hover marker inside it, several inside large ones), codes
without a boundary are listed, the picture has each county's colour where the county is, the figure is a
fraction of the coarse choropleth's size, and nothing in it needs the network."""
from __future__ import annotations

import base64
import io
import json
import math

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon

from metrics import geo


@pytest.fixture(scope="module")
def counties():
    return sorted(c for c, u in geo.units().items() if u.level == "county")


@pytest.fixture(scope="module")
def national(counties):
    """The painted map of every real county plus one code without a boundary; value = position in the list."""
    values = [float(k % 100) for k in range(len(counties))] + [5.0]
    return geo.raster_map(counties + ["990001"], values, zmin=0, zmax=99, hover_format=".0f"), values


def _shape(code: str):
    return MultiPolygon([Polygon(p[0], p[1:]) for p in geo._projected("coarse")[code]])


def test_every_county_has_a_marker_and_unknown_codes_are_listed(counties, national):
    (spec, missing, points), _ = national
    assert missing == ["990001"]
    assert set(points) == set(counties) and len(counties) > 2800           # none dropped by the painting
    trace = spec["data"][-1]
    assert trace["type"] == "scatter" and trace["mode"] == "markers"
    assert len(trace["x"]) == len(trace["y"]) == len(trace["hovertext"]) == len(trace["marker"]["color"]) == len(points)
    assert len(points) > len(counties)                                     # large counties have more than one
    for k in range(0, len(points), 97):                                    # each marker lies inside its county
        assert _shape(points[k]).buffer(1e-6).contains(Point(trace["x"][k], trace["y"][k])), points[k]


def test_the_national_figure_is_small_and_has_borders_sea_line_and_note(national):
    (spec, _, _), _ = national
    size = len(json.dumps(spec, separators=(",", ":"), ensure_ascii=False).encode())
    assert size < 700_000                                                   # the coarse choropleth: ~1.6 MB
    borders, sea, data = spec["data"]
    assert borders["mode"] == sea["mode"] == "lines" and borders["hoverinfo"] == sea["hoverinfo"] == "skip"
    assert sum(v is None for v in borders["x"]) >= 31                      # a ring or more per province
    assert data["marker"]["opacity"] == 0 and data["marker"]["maxdisplayed"] == 1   # no SVG path per marker
    assert (data["marker"]["cmin"], data["marker"]["cmax"]) == (0, 99) and data["marker"]["showscale"]
    image = spec["layout"]["images"][0]
    assert image["source"].startswith("data:image/png;base64,") and image["xref"] == "x"   # no URL fetched
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"                   # one degree as long on both axes
    assert "示意" in spec["layout"]["annotations"][0]["text"]


def test_hover_names_the_county_and_its_value(counties, national):
    (spec, _, points), values = national
    data = spec["data"][-1]
    k = points.index(counties[7])
    assert data["hovertext"][k] == f"{geo.units()[counties[7]].name} ({counties[7]})<br>7"
    assert data["marker"]["color"][k] == values[7]


def test_the_picture_has_each_county_in_its_colour_where_it_lies(counties, national):
    from PIL import Image

    (spec, _, points), values = national
    img = Image.open(io.BytesIO(base64.b64decode(spec["layout"]["images"][0]["source"].split(",", 1)[1])))
    img = img.convert("RGBA")
    x0, y0, x1, y1 = geo.national_frame()
    scale = img.width / (x1 - x0)
    assert abs(img.height - (y1 - y0) * scale) <= 1                        # the frame's aspect, undistorted
    big = sorted(counties, key=lambda c: -_shape(c).area)[:20]             # large counties: far from an edge
    for code in big:
        rep = _shape(code).representative_point()
        pixel = img.getpixel((int((rep.x - x0) * scale), int((y1 - rep.y) * scale)))
        want = geo.colours([values[counties.index(code)]], spec["data"][-1]["marker"]["colorscale"], 0, 99)[0]
        assert max(abs(int(a) - int(b)) for a, b in zip(pixel, want)) <= 3, code  # within a colour step
    assert img.getpixel((0, 0))[3] == 0                                    # transparent outside China


def test_a_county_without_a_value_is_left_grey_and_a_colouring_is_repainted(counties):
    xinjiang = [c for c in counties if c.startswith("65")]
    spec, _, points = geo.raster_map(xinjiang + ["110101"], [math.nan] + [50.0] * len(xinjiang), zmin=0, zmax=100)
    assert spec["data"][-1]["marker"]["color"][points.index(xinjiang[0])] is None
    again = geo.raster_values(spec, points, {c: 10.0 for c in points}, {}, 0, 100)
    assert again["layout"]["images"][0]["source"] != spec["layout"]["images"][0]["source"]
    assert again["data"][0] is spec["data"][0]                            # the geometry is shared, not copied
    from PIL import Image

    img = Image.open(io.BytesIO(base64.b64decode(spec["layout"]["images"][0]["source"].split(",", 1)[1])))
    x0, _, x1, y1 = geo.national_frame()
    scale = img.width / (x1 - x0)
    rep = _shape(xinjiang[0]).representative_point()
    assert img.convert("RGBA").getpixel((int((rep.x - x0) * scale), int((y1 - rep.y) * scale))) == geo.RASTER_BASE
    with pytest.raises(ValueError):
        geo.raster_map(["110101"], [1.0, 2.0])


def test_hover_markers_are_few_and_only_large_counties_get_more(counties):
    beijing = geo.hover_points("110101")                                   # 东城区: a few km across
    assert len(beijing) == 1
    large = max(counties, key=lambda c: _shape(c).area)
    assert len(geo.hover_points(large)) > 10
    assert geo.hover_points("999999") == ()


def test_preparing_the_national_map_keeps_what_the_first_map_needs():
    """``prepare_national_map`` (a server's warm-up) leaves the frame, the pixels and every city's and
    county's hover points cached: the first painted map builds none of them again."""
    geo.prepare_national_map()
    wanted = [c for c, u in geo.units().items() if u.level in ("city", "county")]
    before = geo.hover_points.cache_info()
    for code in wanted:
        geo.hover_points(code)
    after = geo.hover_points.cache_info()
    assert after.misses == before.misses and after.hits - before.hits == len(wanted)
    assert geo._pixels.cache_info().currsize >= 1 and geo.national_frame.cache_info().currsize == 1
