"""The charts of a report, built from a :class:`~export.content.ReportContent`.

Every chart reuses a builder of :mod:`charts` (one template and CJK font for
the screen and the exports); only the coordination-band strip is drawn here,
compact enough for a slide.  Sizes are layout pixels at :data:`PX_PER_IN`
pixels per inch of the box a chart fills on a slide or page, so text keeps a
readable size there; images are rendered at ``scale`` 3 for sharpness.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

import charts

from .content import RegionReport, ReportContent, fmt_num

PX_PER_IN = 110
SCALE = 3
CHOSEN_COLOR = charts.OKABE_ITO[1]   # orange
OTHER_COLOR = charts.OKABE_ITO[0]    # blue


def px(inches: float) -> int:
    return int(round(inches * PX_PER_IN))


def finish(fig: go.Figure, top: int = 96) -> go.Figure:
    """Title and subtitle anchored to the top-left corner of the image, never clipped."""
    fig.update_layout(title=dict(yref="container", y=1.0, yanchor="top", xref="container", x=0.0, xanchor="left",
                                 pad=dict(t=28, l=8)))
    fig.update_layout(margin=dict(t=top))
    return fig


def overview_map(c: ReportContent, height: int | None = None) -> go.Figure | None:
    """Tile map of the index (``None`` when the region table has no tile positions).

    ``height`` (layout pixels of the image) sizes the tiles so that neighbours do not overlap.
    """
    if c.tiles is None or c.tiles.empty:
        return None
    fig = charts.tile_map(c.tiles, "value", c.t("map_title"), c.t("map_sub", year=c.year_text),
                          colorbar=c.names.get(c.root, c.t("col_index")), label="label", hover="hover")
    top, bottom = 96, 10
    fig.update_layout(margin=dict(l=10, r=10, b=bottom))
    if height and fig.data:
        rows = float(c.tiles["row"].max() - c.tiles["row"].min()) + 1.4
        fig.data[0].marker.size = max(20, int(0.93 * (height - top - bottom) / rows))
    return finish(fig, top)


def geo_map(c: ReportContent) -> go.Figure:
    """Geographic choropleth of the index from administrative boundaries (:mod:`metrics.geo`); regions
    without a boundary are named under the map.  For illustration: publish the tile map (``map``)."""
    from metrics import geo

    r = c.ranking.dropna(subset=["index"])
    fig, missing = geo.choropleth(list(r["code"]), list(r["index"].astype(float)), names=list(r["name"]),
                                  title=c.t("map_title"), colorbar=c.names.get(c.root, c.t("col_index")), lang=c.lang)
    fig.update_layout(title=dict(subtitle=dict(text=c.year_text)))
    if missing:
        shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        note = (f"无边界、未画出的地区 {len(missing)} 个：{shown}" if c.lang == "zh"
                else f"{len(missing)} regions have no boundary and are not drawn: {shown}")
        fig.add_annotation(text=note, showarrow=False, xref="paper", yref="paper", x=0, y=-0.04, yanchor="top",
                           font=dict(size=11, color="#666"))
    return finish(fig, 96)


def ranking_chart(c: ReportContent) -> go.Figure:
    """Horizontal bars, best at the top: for a tall box (a page)."""
    r = c.ranking.dropna(subset=["index"])
    colors = [CHOSEN_COLOR if code in c.chosen else OTHER_COLOR for code in r["code"]]
    fig = charts.ranking_bar(list(r["name"]), list(r["index"].astype(float)), c.t("ranking_title"),
                             c.t("ranking_sub", year=c.year_text), c.t("index_axis"), colors=colors)
    fig.update_layout(margin=dict(l=10, r=30, b=50), bargap=0.2,
                      xaxis=dict(range=[0, max(100.0, float(r["index"].max()) * 1.08)]),
                      yaxis=dict(tickfont=dict(size=13), dtick=1))
    return finish(fig, 96)


def ranking_columns(c: ReportContent) -> go.Figure:
    """Vertical bars, best on the left: for a wide box (a slide); every region is labelled."""
    r = c.ranking.dropna(subset=["index"])
    names = [charts.plain(n) for n in r["name"]]
    v = r["index"].astype(float).to_numpy()
    colors = [CHOSEN_COLOR if code in c.chosen else OTHER_COLOR for code in r["code"]]
    longest = max((len(n) for n in names), default=0)
    fig = go.Figure(go.Bar(x=names, y=v, marker_color=colors, text=[fmt_num(x) for x in v], textposition="outside",
                           textfont=dict(size=11), cliponaxis=False, hovertemplate="%{x}: %{y:.2f}<extra></extra>"))
    fig.update_layout(title=charts._title(c.t("ranking_title"), c.t("ranking_sub", year=c.year_text)),
                      yaxis=dict(title=charts.plain(c.t("index_axis")), range=[0, max(100.0, float(np.nanmax(v)) * 1.1)
                                                                                 if len(v) else 100]),
                      xaxis=dict(type="category", tickangle=0 if (c.lang == "zh" and longest <= 4) else -50,
                                 tickfont=dict(size=13)),
                      bargap=0.25, margin=dict(l=10, r=10, b=10))
    return finish(fig, 96)


def region_radar(c: ReportContent, r: RegionReport) -> go.Figure:
    d = r.subdims
    series = {r.name: list(d["score"].astype(float)), c.t("mean_all"): list(d["mean"].astype(float))}
    fig = charts.radar(list(d["name"]), series, c.t("profile"), c.t("profile_sub", name=r.name, year=c.year_text))
    # long spoke labels on two lines ("Collaboration<br>awareness"), so they stay inside the image
    wrapped = [_wrap(n) for n in d["name"]]
    for tr in fig.data:
        tr.theta = wrapped + wrapped[:1]
    side = 75 if c.lang == "zh" else 95
    fig.update_layout(margin=dict(l=side, r=side, b=70 if c.lang == "en" else 50),
                      legend=dict(orientation="h", y=-0.12 if c.lang == "en" else -0.08, yanchor="top", x=0.5,
                                  xanchor="center"),
                      polar=dict(angularaxis=dict(tickfont=dict(size=13), rotation=90, direction="clockwise"),
                                 # the radial axis between the first two spokes, clear of their labels
                                 radialaxis=dict(angle=90 - 180 / max(len(d), 1), tickangle=90 - 180 / max(len(d), 1),
                                                 tickfont=dict(size=11))))
    return finish(fig, 104)


def _wrap(label: str, width: int = 13) -> str:
    """A label as escaped text, broken at the space nearest its middle when longer than ``width``."""
    text = str(label)
    if len(text) <= width or " " not in text:
        return charts.plain(text)
    mid = len(text) / 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - mid))
    return charts.plain(text[:cut]) + "<br>" + charts.plain(text[cut + 1:])


def region_gaps(c: ReportContent, r: RegionReport) -> go.Figure:
    d = r.subdims.dropna(subset=["gap"])
    fig = charts.diverging_bars(list(d["name"]), list(d["gap"].astype(float)), c.t("gaps"),
                                c.t("gaps_sub", year=c.year_text), c.t("gap_axis"))
    m = float(np.nanmax(np.abs(d["gap"].to_numpy(dtype=float)))) if len(d) else 1.0
    fig.update_layout(margin=dict(l=10, r=20, b=50), yaxis=dict(autorange="reversed", tickfont=dict(size=13)),
                      xaxis=dict(range=[-m * 1.3 - 1, m * 1.3 + 1]))
    return finish(fig, 100)


def band_strip(c: ReportContent, markers: dict[str, float]) -> go.Figure:
    """The ten coordination bands of D on [0, 1], with a marker for each value in ``markers`` (first emphasised)."""
    from metrics.synergy import BANDS

    en = c.lang == "en"
    cols = sample_colorscale(charts.SEQUENTIAL, [i / 9 for i in range(10)])
    fig = go.Figure()
    for i, b in enumerate(BANDS):
        name = b[3] if en else b[2]
        label = "<br>".join(charts.plain(name).split(" ", 1)) if en else charts.plain(name)
        fig.add_trace(go.Bar(x=[b[1] - b[0]], base=[b[0]], y=[0], width=[0.9], orientation="h", marker_color=cols[i],
                             marker_line=dict(color="white", width=1.5), text=[label], textposition="inside",
                             insidetextanchor="middle", textangle=0,
                             textfont=dict(size=11 if en else 12, color="white" if i < 5 else "#111"),
                             hoverinfo="skip", showlegend=False))
    for k, (label, v) in enumerate(markers.items()):
        if v is None or not np.isfinite(v):
            continue
        fig.add_trace(go.Scatter(
            x=[v], y=[0.62], mode="markers+text", text=[f"{charts.plain(label)} {v:.3f}"],
            textposition="top center", cliponaxis=False,
            textfont=dict(size=14 if k == 0 else 12, color="#111" if k == 0 else "#4b5563"),
            marker=dict(symbol="triangle-down", size=18 if k == 0 else 13,
                        color=charts.OKABE_ITO[5] if k == 0 else "#4b5563", line=dict(color="white", width=1)),
            hoverinfo="skip", showlegend=False))
    fig.update_layout(barmode="overlay", bargap=0, height=px(1.15), showlegend=False,
                      margin=dict(l=10, r=10, t=6, b=26),
                      xaxis=dict(range=[0, 1], dtick=0.1, showgrid=False, tickfont=dict(size=11), zeroline=False,
                                 fixedrange=True),
                      yaxis=dict(visible=False, range=[-0.5, 1.75]))
    return fig


def region_band(c: ReportContent, r: RegionReport) -> go.Figure:
    return band_strip(c, {r.name: r.synergy["D"], c.t("mean_all"): c.mean_synergy["D"]})


def comparison_chart(c: ReportContent) -> go.Figure:
    comp = c.comparison
    series = {c.names[d]: list(comp[d].astype(float)) for d in c.dims}
    series[c.names.get(c.root, c.t("col_index"))] = list(comp["index"].astype(float))
    colors = {c.names[d]: charts.DIMENSION_COLORS.get(d, charts.OKABE_ITO[i % 8]) for i, d in enumerate(c.dims)}
    colors[c.names.get(c.root, c.t("col_index"))] = "#374151"
    fig = charts.grouped_bar(list(comp["name"]), series, c.t("compare_title"), c.t("compare_sub", year=c.year_text),
                             c.t("score_axis"), colors=colors)
    fig.update_layout(margin=dict(l=10, r=10, b=40), yaxis=dict(range=[0, 105]),
                      legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
                      xaxis=dict(tickangle=-30 if len(comp) > 6 else 0))
    return finish(fig, 118)


def trend_chart(c: ReportContent) -> go.Figure | None:
    if c.trend.empty or len(c.trend) < 2:
        return None
    df = c.trend.reset_index().rename(columns={"index": "year"})
    df.columns = ["year"] + list(c.trend.columns)
    cols = list(c.trend.columns)
    fig = charts.lines(df, "year", cols, {k: k for k in cols}, c.t("trend_title"),
                       c.t("trend_sub", years=c.years_text), c.t("year"), c.t("index_axis"))
    fig.update_layout(margin=dict(l=10, r=10, b=40))
    return finish(fig, 100)


def chart(c: ReportContent, kind: str, region: str | None = None, height: int | None = None) -> go.Figure | None:
    """One chart by name: ``map``, ``geomap``, ``ranking``, ``ranking_columns``, ``radar``, ``gaps``, ``band``,
    ``comparison``, ``trend`` (``height``: the image's layout height, used by the map's tile size)."""
    if kind == "map":
        return overview_map(c, height)
    if kind in ("radar", "gaps", "band"):
        rr = next((r for r in c.regions if r.code == region), c.regions[0] if c.regions else None)
        if rr is None:
            return None
        return {"radar": region_radar, "gaps": region_gaps, "band": region_band}[kind](c, rr)
    return {"map": overview_map, "geomap": geo_map, "ranking": ranking_chart, "ranking_columns": ranking_columns,
            "comparison": comparison_chart,
            "trend": trend_chart}[kind](c)


CHARTS = ("map", "geomap", "ranking", "ranking_columns", "radar", "gaps", "band", "comparison", "trend")
