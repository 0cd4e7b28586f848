"""``python -m export image --chart geomap``: the index on administrative boundaries (metrics.geo), with the
regions that have no boundary named under the map rather than dropped."""
from __future__ import annotations

import dataclasses

from export.content import build_content
from export.figures import CHARTS, chart
from metrics import Dataset, assess


def test_geomap_draws_every_province_and_names_the_regions_without_a_boundary():
    assert "geomap" in CHARTS
    c = build_content(assess(Dataset.sample()), lang="en")
    fig = chart(c, "geomap")
    data = [t for t in fig.data if t.type == "choropleth"][-1]
    assert len(data.locations) == 31 and set(data.locations) == set(c.ranking["code"])
    assert not any("no boundary" in a.text for a in fig.layout.annotations)
    odd = dataclasses.replace(c, ranking=c.ranking.assign(code=["X1"] + list(c.ranking["code"][1:])))
    fig = chart(odd, "geomap")
    assert len([t for t in fig.data if t.type == "choropleth"][-1].locations) == 30
    assert any("1 regions have no boundary and are not drawn: X1" in a.text for a in fig.layout.annotations)
