"""Plotly figure builders with one template for the screen and the exports.

* Font: Noto Sans CJK SC first (Debian's ``fonts-noto-cjk``; kaleido renders
  Chinese with it), then common Chinese system fonts.
* Colours: the Okabe-Ito palette for categories and cividis / a blue-orange
  diverging scale for values, all readable with colour-vision deficiency.
* Sizes: titles 22 px, labels 15 px, so charts read from the back of a room.

Every builder takes plain data (DataFrames, dicts) and labels already in the
chosen language, and returns a ``plotly.graph_objects.Figure``; none reads
Streamlit state, so exports (issue 6) reuse them unchanged.  Region and
indicator names are passed as data, never as HTML: Plotly renders text as
text except for a small tag whitelist, so :func:`plain` escapes ``<`` ``>``
and ``&`` in every label taken from data.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, Arial, sans-serif"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "Cividis"
DIVERGING = [[0.0, "#B35806"], [0.25, "#F1A340"], [0.5, "#F7F7F7"], [0.75, "#998EC3"], [1.0, "#542788"]]
DIMENSION_COLORS = {"ORG": "#0072B2", "MEC": "#E69F00", "AWA": "#009E73"}
GROUP_COLORS = {"东部": "#0072B2", "中部": "#E69F00", "西部": "#009E73", "东北": "#CC79A7"}

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=15, color="#1f2430"),
        title=dict(font=dict(size=22), x=0.0, xanchor="left", y=0.97),
        colorway=OKABE_ITO,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=30, t=80, b=60),
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        xaxis=dict(gridcolor="#e5e7eb", zerolinecolor="#9ca3af", title=dict(font=dict(size=15)), automargin=True),
        yaxis=dict(gridcolor="#e5e7eb", zerolinecolor="#9ca3af", title=dict(font=dict(size=15)), automargin=True),
        legend=dict(font=dict(size=14)),
    )
)
pio.templates["synergy"] = TEMPLATE
pio.templates.default = "plotly_white+synergy"


def plain(text: object) -> str:
    """Label text from data, escaped so Plotly shows it literally (``<b>`` stays ``<b>``)."""
    return html.escape(str(text), quote=False)


def _title(title: str, subtitle: str | None = None) -> dict:
    text = plain(title)
    if subtitle:
        text += f"<br><span style='font-size:14px;color:#4b5563'>{plain(subtitle)}</span>"
    return dict(text=text)


def tile_map(df: pd.DataFrame, value: str, title: str, subtitle: str, colorbar: str,
             label: str = "label", hover: str = "hover", zmin: float | None = 0, zmax: float | None = 100,
             colorscale=SEQUENTIAL) -> go.Figure:
    """Tile-grid cartogram: one square per region at its ``row``/``col``.

    ``df`` needs ``row``, ``col``, ``value``, a short ``label`` and a ``hover`` text.
    """
    d = df.dropna(subset=["row", "col"]).copy()
    fig = go.Figure()
    if d.empty:
        return fig
    v = d[value].to_numpy(dtype=float)
    lo = np.nanmin(v) if zmin is None else zmin
    hi = np.nanmax(v) if zmax is None else zmax
    fig.add_trace(go.Scatter(
        x=d["col"], y=d["row"], mode="markers+text",
        marker=dict(symbol="square", size=62, color=v, colorscale=colorscale, cmin=lo, cmax=hi,
                    line=dict(color="white", width=2),
                    colorbar=dict(title=dict(text=plain(colorbar)), thickness=16, len=0.8)),
        text=[f"{plain(a)}<br>{b:.0f}" if np.isfinite(b) else f"{plain(a)}<br>—" for a, b in zip(d[label], v)],
        textfont=dict(size=13, color=["white" if (np.isfinite(x) and (x - lo) / ((hi - lo) or 1) < 0.55) else "#111"
                                      for x in v]),
        hovertext=[plain(h) for h in d[hover]], hoverinfo="text", showlegend=False,
    ))
    fig.update_layout(title=_title(title, subtitle), height=620,
                      xaxis=dict(visible=False, range=[d["col"].min() - 0.7, d["col"].max() + 0.7]),
                      yaxis=dict(visible=False, autorange="reversed", scaleanchor="x",
                                 range=[d["row"].max() + 0.7, d["row"].min() - 0.7]))
    return fig


def ranking_bar(names: list[str], values: list[float], title: str, subtitle: str, xlabel: str,
                colors: list[str] | None = None, highlight: str | None = None) -> go.Figure:
    """Horizontal bars, best at the top."""
    order = np.argsort(np.asarray(values, dtype=float))
    n = [plain(names[i]) for i in order]
    v = [values[i] for i in order]
    c = [colors[i] for i in order] if colors else [OKABE_ITO[0]] * len(v)
    if highlight is not None:
        c = [OKABE_ITO[5] if names[i] == highlight else c[k] for k, i in enumerate(order)]
    fig = go.Figure(go.Bar(x=v, y=n, orientation="h", marker_color=c,
                           text=[f"{x:.1f}" if np.isfinite(x) else "—" for x in v], textposition="outside",
                           hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
    fig.update_layout(title=_title(title, subtitle), height=max(360, 26 * len(v) + 140),
                      xaxis_title=plain(xlabel), yaxis=dict(tickfont=dict(size=14)), bargap=0.25)
    return fig


def grouped_bar(categories: list[str], series: dict[str, list[float]], title: str, subtitle: str,
                ylabel: str, colors: dict[str, str] | None = None) -> go.Figure:
    fig = go.Figure()
    for i, (name, vals) in enumerate(series.items()):
        fig.add_trace(go.Bar(name=plain(name), x=[plain(c) for c in categories], y=vals,
                             marker_color=(colors or {}).get(name, OKABE_ITO[i % len(OKABE_ITO)]),
                             hovertemplate="%{x}: %{y:.1f}<extra>" + plain(name) + "</extra>"))
    fig.update_layout(barmode="group", title=_title(title, subtitle), yaxis_title=plain(ylabel), height=480,
                      legend=dict(orientation="h", y=-0.18))
    return fig


def radar(axes: list[str], series: dict[str, list[float]], title: str, subtitle: str,
          rmax: float = 100.0) -> go.Figure:
    """Radar (polar) chart of several series over the same axes."""
    fig = go.Figure()
    theta = [plain(a) for a in axes] + [plain(axes[0])]
    dashes = ["solid", "dash", "dot", "dashdot"]
    for i, (name, vals) in enumerate(series.items()):
        r = list(vals) + [vals[0]]
        fig.add_trace(go.Scatterpolar(r=r, theta=theta, name=plain(name), fill="toself" if i == 0 else "none",
                                      opacity=0.85, line=dict(width=3, dash=dashes[i % 4],
                                                              color=OKABE_ITO[i % len(OKABE_ITO)]),
                                      hovertemplate="%{theta}: %{r:.1f}<extra>" + plain(name) + "</extra>"))
    fig.update_layout(title=_title(title, subtitle), height=520,
                      polar=dict(radialaxis=dict(range=[0, rmax], tickfont=dict(size=12)),
                                 angularaxis=dict(tickfont=dict(size=14))),
                      legend=dict(orientation="h", y=-0.1))
    return fig


def diverging_bars(labels: list[str], gaps: list[float], title: str, subtitle: str, xlabel: str) -> go.Figure:
    """Gaps to a benchmark: below (orange) and above (purple) zero."""
    order = np.argsort(np.asarray(gaps, dtype=float))[::-1]
    lab = [plain(labels[i]) for i in order]
    g = [gaps[i] for i in order]
    fig = go.Figure(go.Bar(x=g, y=lab, orientation="h",
                           marker_color=["#542788" if x >= 0 else "#B35806" for x in g],
                           text=[f"{x:+.1f}" for x in g], textposition="outside",
                           hovertemplate="%{y}: %{x:+.2f}<extra></extra>"))
    fig.update_layout(title=_title(title, subtitle), xaxis_title=plain(xlabel),
                      height=max(360, 28 * len(g) + 140))
    fig.add_vline(x=0, line_color="#374151", line_width=1)
    return fig


def heatmap(z: pd.DataFrame, title: str, subtitle: str, colorbar: str, diverging: bool = True,
            zmid: float | None = 0.0) -> go.Figure:
    vals = z.to_numpy(dtype=float)
    m = np.nanmax(np.abs(vals)) if diverging and np.isfinite(vals).any() else None
    fig = go.Figure(go.Heatmap(
        z=vals, x=[plain(c) for c in z.columns], y=[plain(r) for r in z.index],
        colorscale=DIVERGING if diverging else SEQUENTIAL, zmid=zmid if diverging else None,
        zmin=-m if m else None, zmax=m if m else None,
        text=np.vectorize(lambda v: "" if not np.isfinite(v) else f"{v:+.0f}" if diverging else f"{v:.0f}")(vals),
        texttemplate="%{text}", textfont=dict(size=13),
        colorbar=dict(title=dict(text=plain(colorbar))),
        hovertemplate="%{y} · %{x}: %{z:.1f}<extra></extra>"))
    fig.update_layout(title=_title(title, subtitle), height=max(360, 48 * len(z.index) + 200),
                      xaxis=dict(tickangle=-35))
    return fig


def scatter(df: pd.DataFrame, x: str, y: str, label: str, color: str | None, title: str, subtitle: str,
            xlabel: str, ylabel: str, color_map: dict | None = None, diagonal: bool = True) -> go.Figure:
    fig = go.Figure()
    groups = [(None, df)] if color is None else list(df.groupby(color, sort=False))
    for i, (g, d) in enumerate(groups):
        fig.add_trace(go.Scatter(
            x=d[x], y=d[y], mode="markers+text", name=plain(g) if g is not None else "",
            text=[plain(v) for v in d[label]], textposition="top center", textfont=dict(size=12),
            marker=dict(size=13, color=(color_map or {}).get(g, OKABE_ITO[i % len(OKABE_ITO)]),
                        line=dict(color="white", width=1)),
            hovertemplate="%{text}: (%{x:.1f}, %{y:.1f})<extra></extra>", showlegend=g is not None))
    if diagonal and len(df):
        lo = float(np.nanmin(df[[x, y]].to_numpy()))
        hi = float(np.nanmax(df[[x, y]].to_numpy()))
        fig.add_trace(go.Scatter(x=[lo, hi], y=[lo, hi], mode="lines", line=dict(dash="dot", color="#9ca3af"),
                                 hoverinfo="skip", showlegend=False))
    fig.update_layout(title=_title(title, subtitle), xaxis_title=plain(xlabel), yaxis_title=plain(ylabel),
                      height=560)
    return fig


def lines(df: pd.DataFrame, x: str, series: list[str], names: dict[str, str], title: str, subtitle: str,
          xlabel: str, ylabel: str, colors: dict | None = None) -> go.Figure:
    fig = go.Figure()
    for i, s in enumerate(series):
        fig.add_trace(go.Scatter(x=df[x], y=df[s], mode="lines+markers", name=plain(names.get(s, s)),
                                 line=dict(width=3, color=(colors or {}).get(s, OKABE_ITO[i % len(OKABE_ITO)])),
                                 marker=dict(size=8),
                                 hovertemplate="%{x}: %{y:.1f}<extra>" + plain(names.get(s, s)) + "</extra>"))
    fig.update_layout(title=_title(title, subtitle), xaxis_title=plain(xlabel), yaxis_title=plain(ylabel),
                      height=440, xaxis=dict(dtick=1), legend=dict(orientation="h", y=-0.2))
    return fig


def rank_intervals(names: list[str], nominal: list[float], median: list[float], p05: list[float],
                   p95: list[float], title: str, subtitle: str, xlabel: str, labels: tuple[str, str]) -> go.Figure:
    """Rank intervals from uncertainty analysis: bars from p05 to p95, dots at nominal and median."""
    order = np.argsort(np.asarray(nominal, dtype=float))[::-1]
    y = [plain(names[i]) for i in order]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[median[i] for i in order], y=y, mode="markers", name=plain(labels[1]),
        marker=dict(size=10, color=OKABE_ITO[1], symbol="diamond"),
        error_x=dict(type="data", symmetric=False, array=[p95[i] - median[i] for i in order],
                     arrayminus=[median[i] - p05[i] for i in order], color="#6b7280", thickness=2),
        hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[nominal[i] for i in order], y=y, mode="markers", name=plain(labels[0]),
                             marker=dict(size=9, color=OKABE_ITO[0]), hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_layout(title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), autorange="reversed"),
                      height=max(400, 24 * len(y) + 160), legend=dict(orientation="h", y=-0.08))
    return fig


def box_by_group(df: pd.DataFrame, value: str, group: str, title: str, subtitle: str, ylabel: str,
                 label: str = "label", color_map: dict | None = None) -> go.Figure:
    fig = go.Figure()
    for i, (g, d) in enumerate(df.groupby(group, sort=False)):
        fig.add_trace(go.Box(y=d[value], name=plain(g), boxpoints="all", jitter=0.35, pointpos=0,
                             text=[plain(v) for v in d[label]],
                             marker=dict(size=9, color=(color_map or {}).get(g, OKABE_ITO[i % len(OKABE_ITO)])),
                             hovertemplate="%{text}: %{y:.1f}<extra></extra>"))
    fig.update_layout(title=_title(title, subtitle), yaxis_title=plain(ylabel), height=460, showlegend=False)
    return fig
