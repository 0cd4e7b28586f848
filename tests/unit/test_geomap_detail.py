"""The coarse level of detail of metrics.geo for national maps of thousands of counties (issue 11): a national
county map is a fraction of the full detail's size, one province keeps the full detail, province borders
are drawn over a county map, the colour range can be fixed, and every code keeps its boundary."""
from __future__ import annotations

import json

import pytest

from metrics import geo


@pytest.fixture(scope="module")
def counties():
    return sorted(c for c, u in geo.units().items() if u.level == "county")


def test_detail_for_picks_coarse_only_for_national_maps_of_many_units(counties):
    assert geo.detail_for(counties) == "coarse"
    assert geo.detail_for(geo.counties_of("320000")) == "fine"            # one province: full detail
    assert geo.detail_for(counties[:geo.COARSE_ABOVE]) == "fine"          # few units
    assert geo.detail_for(["110000", "440000"]) == "fine"


def test_coarse_boundaries_have_every_unit_and_are_much_smaller(counties):
    fine, coarse = geo.boundaries("fine")["geometries"], geo.boundaries("coarse")["geometries"]
    assert set(coarse) == set(fine)                                        # nothing dropped by the coarser cut
    size = lambda g: len(json.dumps([g[c] for c in counties if c in g], separators=(",", ":")))  # noqa: E731
    assert size(coarse) < 0.3 * size(fine)
    assert size(coarse) < 1_500_000                                         # what a browser gets for 2,840 counties
    g = coarse["320106"]
    ring = g["coordinates"][0] if g["type"] == "Polygon" else g["coordinates"][0][0]
    assert all(round(x, geo.COARSE_DIGITS) == x for p in ring for x in p)
    with pytest.raises(ValueError):
        geo.boundaries("medium")


def test_national_county_map_uses_coarse_detail_and_province_borders(counties):
    fig, missing = geo.choropleth(counties + ["990001"], [1.0] * len(counties) + [2.0], zmin=0, zmax=5,
                                  hover_text=["x"] * (len(counties) + 1))
    assert missing == ["990001"]
    kinds = [t.type for t in fig.data]
    assert kinds == ["scattergeo", "choropleth", "choropleth", "scattergeo", "scattergeo"]
    data = fig.data[2]
    assert len(data.locations) == len(counties) and (data.zmin, data.zmax) == (0, 5)
    assert data.hoverinfo == "text" and data.hovertext[0] == "x"
    coarse = geo.boundaries("coarse")["geometries"]
    assert data.geojson["features"][0]["geometry"] == coarse[data.locations[0]]
    borders = fig.data[3]
    assert sum(v is None for v in borders.lon) >= 31                        # one ring or more per province
    assert len(fig.to_json()) < 2_500_000                                   # was ~6 MB at full detail


def test_one_province_keeps_full_detail_without_borders_or_base_layer():
    jiangsu = geo.counties_of("320000")
    fig, missing = geo.choropleth(jiangsu, range(len(jiangsu)))
    assert missing == [] and [t.type for t in fig.data] == ["scattergeo", "choropleth"]
    fine = geo.boundaries("fine")["geometries"]
    assert fig.data[1].geojson["features"][0]["geometry"] == fine[jiangsu[0]]


def test_outline_lists_rings_separated_by_gaps():
    lon, lat = geo.outline(["320000", "999999"], "coarse")
    assert len(lon) == len(lat) > 10 and lon[-1] is None
    pts = [(x, y) for x, y in zip(lon, lat) if x is not None]
    assert all(116 < x < 122.5 and 30.5 < y < 35.5 for x, y in pts)        # Jiangsu's extent


def test_as_dict_gives_the_same_figure_without_copying_the_geometry(counties):
    fig, missing = geo.choropleth(counties[:500] + ["990001"], range(501))
    spec, missing2 = geo.choropleth(counties[:500] + ["990001"], range(501), as_dict=True)
    assert missing == missing2 == ["990001"]
    assert json.loads(fig.to_json()) == json.loads(json.dumps(spec, default=list))
    coarse = geo.boundaries(geo.detail_for(counties[:500]))["geometries"]
    assert spec["data"][2]["geojson"]["features"][0]["geometry"] is coarse[counties[0]]  # shared, not copied
