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

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from charts import margins
from charts.names import TILE, plain, short, width  # noqa: F401 - plain: charts.plain for pages and exports
from .numbers import number

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
# merged once: a "plotly_white+synergy" default would be re-merged for every figure (~75 ms each)
pio.templates["synergy_full"] = pio.templates.merge_templates(pio.templates["plotly_white"], TEMPLATE)
pio.templates.default = "synergy_full"


_SUB_OPEN, _SUB_CLOSE = "<br><span style='font-size:14px;color:#4b5563'>", "</span>"
#: A title written by :func:`_title` with its subtitle: groups (title, subtitle).
SUBTITLE = re.compile("^(.*?)" + re.escape(_SUB_OPEN) + "(.*)" + re.escape(_SUB_CLOSE) + "$", re.S)


def _title(title: str, subtitle: str | None = None) -> dict:
    text = plain(title)
    if subtitle:
        text += f"{_SUB_OPEN}{plain(subtitle)}{_SUB_CLOSE}"
    return dict(text=text)


def label_room(values, share: float = 0.22) -> list[float]:
    """An axis range for horizontal bars with their values written outside the bar ends: ``share`` of the
    span is added on each side that has bars, so a label stays inside the plot (not on the category
    names, not beyond the edge) even when a phone leaves the plot 200 px wide.

    >>> label_room([-10, 30]), label_room([2, 8])
    ([-18.8, 38.8], [0.0, 9.76])
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    lo, hi = min(0.0, float(v.min(initial=0.0))), max(0.0, float(v.max(initial=0.0)))
    span = (hi - lo) or 1.0
    return [lo - share * span if lo < 0 else lo, hi + share * span if hi > 0 else hi]


def wrap_label(text: object, limit: int = 14) -> str:
    """A category label for a tight place (a radar's axes), escaped, on two lines when it is wider than
    ``limit`` display columns: broken at the space nearest the middle, or in the middle of a word
    without spaces (Chinese).

    >>> wrap_label("Awareness & culture synergy"), wrap_label("组织协同"), wrap_label("数据治理委员会成员占比")
    ('Awareness &amp;<br>culture synergy', '组织协同', '数据治理委<br>员会成员占比')
    """
    t = str(text)
    if width(t) <= limit:
        return plain(t)
    spaces = [k for k, ch in enumerate(t) if ch == " "]
    if spaces:
        k = min(spaces, key=lambda k: abs(k - len(t) / 2))
        return plain(t[:k]) + "<br>" + plain(t[k + 1:])
    return plain(t[:len(t) // 2]) + "<br>" + plain(t[len(t) // 2:])


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
        text=[f"{plain(short(a, TILE))}<br>{b:.0f}" if np.isfinite(b) else f"{plain(short(a, TILE))}<br>—"
              for a, b in zip(d[label], v)],
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
                colors: list[str] | None = None, highlight: str | None = None, fmt: str = ".1f") -> go.Figure:
    """Horizontal bars, best at the top; each labelled with its value in the format spec ``fmt``."""
    order = np.argsort(np.asarray(values, dtype=float))
    n = [plain(names[i]) for i in order]
    v = [values[i] for i in order]
    c = [colors[i] for i in order] if colors else [OKABE_ITO[0]] * len(v)
    if highlight is not None:
        c = [OKABE_ITO[5] if names[i] == highlight else c[k] for k, i in enumerate(order)]
    return go.Figure(go.Bar(x=v, y=n, orientation="h", marker_color=c,
                            text=[number(x, fmt) for x in v], textposition="outside",
                            hovertemplate="%{y}: %{x:" + fmt + "}<extra></extra>"),
                     layout=dict(title=_title(title, subtitle), height=max(360, 26 * len(v) + 140),
                                 xaxis=dict(title=dict(text=wrap_label(xlabel, 28))),
                                 yaxis=dict(tickfont=dict(size=14)), bargap=0.25))


def grouped_bar(categories: list[str], series: dict[str, list[float]], title: str, subtitle: str,
                ylabel: str, colors: dict[str, str] | None = None, fmt: str = ".1f") -> go.Figure:
    x = [plain(c) for c in categories]
    bars = [go.Bar(name=plain(name), x=x, y=vals, marker_color=(colors or {}).get(name, OKABE_ITO[i % len(OKABE_ITO)]),
                   hovertemplate="%{x}: %{y:" + fmt + "}<extra>" + plain(name) + "</extra>")
            for i, (name, vals) in enumerate(series.items())]
    return go.Figure(bars, layout=dict(barmode="group", title=_title(title, subtitle),
                                       yaxis=dict(title=dict(text=plain(ylabel))), height=480,
                                       legend=dict(orientation="h", y=-0.18)))


def radar(axes: list[str], series: dict[str, list[float]], title: str, subtitle: str,
          rmax: float = 100.0, fmt: str = ".1f", rrange: tuple[float, float] | None = None,
          angle: float | None = None) -> go.Figure:
    """Radar (polar) chart of several series over the same axes, values on ``rrange`` (``0..rmax`` by
    default); ``angle`` turns the radial axis (degrees).

    A radar needs three axes to enclose an area (with two it collapses to a line, with one to a point):
    with fewer, the same series are drawn as grouped horizontal bars (:func:`profile_bars`).
    """
    rrange = list(rrange) if rrange is not None else [0, rmax]
    if len(axes) < 3:
        fig = profile_bars(axes, series, title, subtitle, fmt)
        fig.update_layout(xaxis_range=rrange)
        return fig
    theta = [plain(a) for a in axes] + [plain(axes[0])]
    labels = [wrap_label(a) for a in axes]  # long ones on two lines, with side margins that hold them
    side = max(60, int(max(margins.label_px(x, 14) for x in labels)) + 24)  # (plotly leaves no room for them)
    dashes = ["solid", "dash", "dot", "dashdot"]
    traces = [go.Scatterpolar(r=list(vals) + [vals[0]], theta=theta, name=plain(name),
                              fill="toself" if i == 0 else "none", opacity=0.85,
                              line=dict(width=3, dash=dashes[i % 4], color=OKABE_ITO[i % len(OKABE_ITO)]),
                              hovertemplate="%{theta}: %{r:" + fmt + "}<extra>" + plain(name) + "</extra>")
              for i, (name, vals) in enumerate(series.items())]
    # one constructor, not add_trace and update_layout: ~3 ms a radar instead of ~10-20 (plotly validates
    # every property again on each update; a new region's profile builds two)
    return go.Figure(traces, layout=dict(
        title=_title(title, subtitle), height=520,
        polar=dict(radialaxis=dict(range=rrange, tickfont=dict(size=12), **({} if angle is None else {"angle": angle})),
                   angularaxis=dict(tickfont=dict(size=14), tickvals=theta[:-1], ticktext=labels)),
        margin=dict(l=side, r=side, b=70), legend=dict(orientation="h", y=-0.1)))


def profile_bars(axes: list[str], series: dict[str, list[float]], title: str, subtitle: str,
                 fmt: str = ".1f") -> go.Figure:
    """A radar's data as grouped horizontal bars (for fewer than three axes): one group per axis, the
    first at the top, one bar per series with its value written at its end (and a hatch for the
    second series, readable without colour)."""
    fig = go.Figure()
    y = [plain(a) for a in axes]
    for i, (name, vals) in enumerate(series.items()):
        fig.add_trace(go.Bar(x=list(vals), y=y, orientation="h", name=plain(name),
                             marker=dict(color=OKABE_ITO[i % len(OKABE_ITO)],
                                         pattern=dict(shape=["", "/", ".", "x"][i % 4], fgcolor="white")),
                             text=[number(v, fmt) for v in vals], textposition="outside", cliponaxis=False,
                             hovertemplate="%{y}: %{x:" + fmt + "}<extra>" + plain(name) + "</extra>"))
    fig.update_layout(barmode="group", title=_title(title, subtitle),
                      height=max(360, 70 * len(axes) * max(len(series), 1) + 200), bargap=0.3,
                      yaxis=dict(autorange="reversed", tickfont=dict(size=15)),
                      legend=dict(orientation="h", y=-0.15, traceorder="normal"))
    return fig


#: The line at zero of a chart of gaps or changes (horizontal bars, a histogram): a vertical line across the
#: plot's height (what ``fig.add_vline(x=0)`` adds), given as the shape itself so a figure can be built in one
#: constructor.
ZERO_LINE = dict(type="line", x0=0, x1=0, xref="x", y0=0, y1=1, yref="y domain", line=dict(color="#374151", width=1))


def diverging_bars(labels: list[str], gaps: list[float], title: str, subtitle: str, xlabel: str,
                   fmt: str = "+.1f") -> go.Figure:
    """Gaps to a benchmark: below (orange) and above (purple) zero."""
    order = np.argsort(np.asarray(gaps, dtype=float))[::-1]
    lab = [plain(labels[i]) for i in order]
    g = [gaps[i] for i in order]
    return go.Figure(go.Bar(x=g, y=lab, orientation="h",
                            marker_color=["#542788" if x >= 0 else "#B35806" for x in g],
                            text=[number(x, fmt) for x in g], textposition="outside",
                            hovertemplate="%{y}: %{x:" + fmt + "}<extra></extra>"),
                     layout=dict(title=_title(title, subtitle),
                                 xaxis=dict(title=dict(text=wrap_label(xlabel, 36)), range=label_room(g)),
                                 height=max(360, 28 * len(g) + 140), shapes=[ZERO_LINE]))


def heatmap(z: pd.DataFrame, title: str, subtitle: str, colorbar: str, diverging: bool = True,
            zmid: float | None = 0.0, fmt: str | None = None, hover_fmt: str = ".1f") -> go.Figure:
    """A heat map with each cell's value written in it (``fmt``; signed whole numbers by default when
    ``diverging``, whole numbers otherwise), the colours diverging around ``zmid`` or sequential."""
    fmt = fmt or ("+.0f" if diverging else ".0f")
    vals = z.to_numpy(dtype=float)
    m = np.nanmax(np.abs(vals)) if diverging and np.isfinite(vals).any() else None
    return go.Figure(go.Heatmap(
        z=vals, x=[plain(c) for c in z.columns], y=[plain(r) for r in z.index],
        colorscale=DIVERGING if diverging else SEQUENTIAL, zmid=zmid if diverging else None,
        zmin=-m if m else None, zmax=m if m else None,
        text=[["" if not np.isfinite(v) else number(v, fmt) for v in row] for row in vals],
        texttemplate="%{text}", textfont=dict(size=13),
        colorbar=dict(title=dict(text=plain(colorbar))),
        hovertemplate="%{y} · %{x}: %{z:" + hover_fmt + "}<extra></extra>"),
        layout=dict(title=_title(title, subtitle), height=max(360, 48 * len(z.index) + 200), xaxis=dict(tickangle=-35)))


def scatter(df: pd.DataFrame, x: str, y: str, label: str, color: str | None, title: str, subtitle: str,
            xlabel: str, ylabel: str, color_map: dict | None = None, diagonal: bool = True, fmt: str = ".1f",
            always: tuple = ()) -> go.Figure:
    """Points with their names, coloured by ``color``; the dotted diagonal marks x = y.

    Names are written only where they fit: :func:`label_positions` places them, the most telling
    points first (far from the diagonal, at the top and bottom, and any in ``always``), beside their
    point without covering another name or point; the dense corner keeps the rest on hover.
    """
    fig = go.Figure()
    xs, ys = df[x].to_numpy(dtype=float), df[y].to_numpy(dtype=float)
    both = np.concatenate([xs, ys])
    both = both[np.isfinite(both)]

    def span(v):  # the axis range, as Plotly's autorange would pad it; both axes cover the diagonal
        v = v[np.isfinite(v)]
        lo, hi = (float(both.min()), float(both.max())) if diagonal and len(both) else \
            (float(v.min()), float(v.max())) if len(v) else (0.0, 1.0)
        pad = (hi - lo) * 0.06 or 1.0
        return [lo - pad, hi + pad]

    xr, yr = span(xs), span(ys)
    placed = label_positions(xs, ys, [str(v) for v in df[label]], priority_points(df, x, y, label, always), xr, yr)
    df = df.assign(_pos=placed)
    groups = [(None, df)] if color is None else list(df.groupby(color, sort=False))
    for i, (g, d) in enumerate(groups):
        fig.add_trace(go.Scatter(
            x=d[x], y=d[y], mode="markers+text", name=plain(g) if g is not None else "",
            text=[plain(v) if isinstance(p, str) else "" for v, p in zip(d[label], d["_pos"])],
            textposition=[p if isinstance(p, str) else "top center" for p in d["_pos"]], textfont=dict(size=12),
            customdata=[plain(v) for v in d[label]],
            marker=dict(size=13, color=(color_map or {}).get(g, OKABE_ITO[i % len(OKABE_ITO)]),
                        line=dict(color="white", width=1)),
            hovertemplate="%{customdata}: (%{x:" + fmt + "}, %{y:" + fmt + "})<extra></extra>",
            showlegend=g is not None))
    if diagonal and len(df):
        lo = float(np.nanmin(df[[x, y]].to_numpy()))
        hi = float(np.nanmax(df[[x, y]].to_numpy()))
        fig.add_trace(go.Scatter(x=[lo, hi], y=[lo, hi], mode="lines", line=dict(dash="dot", color="#9ca3af"),
                                 hoverinfo="skip", showlegend=False))
    fig.update_layout(title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), range=xr),
                      yaxis=dict(title=plain(ylabel), range=yr), height=560,
                      margin_r=70)  # a name placed right of a point at the edge stays in the chart
    return fig


def priority_points(df: pd.DataFrame, x: str, y: str, label: str, always: tuple = ()) -> list[float]:
    """How much each point's name tells (larger first): the distance from the diagonal and from the
    middle along it (the most unbalanced, the best and the worst regions), infinite for ``always``."""
    xs, ys = df[x].to_numpy(dtype=float), df[y].to_numpy(dtype=float)

    def scaled(v):
        v = np.nan_to_num(v - np.nanmean(v))
        return np.abs(v) / (np.nanmax(np.abs(v)) or 1.0)

    p = np.maximum(scaled(xs - ys), scaled(xs + ys))
    return [np.inf if str(n) in always else float(v) for n, v in zip(df[label], p)]


#: Plot area the label layout assumes (px): a full-width chart on a 1024 px screen with the sidebar open,
#: smaller than on wider screens, so names placed apart here stay apart there.
_PLOT_W, _PLOT_H, _MARKER_R, _FONT = 560.0, 380.0, 7.0, 12.0


def label_positions(xs, ys, labels: list[str], priority: list[float], xrange: list[float],
                    yrange: list[float]) -> list[str | None]:
    """A Plotly ``textposition`` for each point whose name fits, ``None`` for the others.

    Greedy in order of ``priority``: each name takes the first of above, below, right, left of its
    point where its box (estimated from the text's length, in the pixels of a plot area of
    ``_PLOT_W`` x ``_PLOT_H`` showing ``xrange`` x ``yrange``) overlaps no name placed before and no
    other point, and stays inside.
    """
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    out: list[str | None] = [None] * len(xs)
    if not ok.any():
        return out
    px = (xs - xrange[0]) / ((xrange[1] - xrange[0]) or 1.0) * _PLOT_W
    py = (yrange[1] - ys) / ((yrange[1] - yrange[0]) or 1.0) * _PLOT_H
    h, gap = _FONT + 3, _MARKER_R + 1
    boxes: list[tuple[float, float, float, float]] = []

    def free(b, own: int) -> bool:
        l, t, r, btm = b
        if l < -20 or r > _PLOT_W + 20 or t < -10 or btm > _PLOT_H + 10:
            return False
        if any(l < bb[2] and bb[0] < r and t < bb[3] and bb[1] < btm for bb in boxes):
            return False
        near = (px > l - _MARKER_R) & (px < r + _MARKER_R) & (py > t - _MARKER_R) & (py < btm + _MARKER_R) & ok
        near[own] = False
        return not near.any()

    for i in sorted(np.flatnonzero(ok), key=lambda k: -priority[k]):
        w = margins.label_px(labels[i], _FONT)
        cx, cy = px[i], py[i]
        for pos, b in (("top center", (cx - w / 2, cy - gap - h, cx + w / 2, cy - gap)),
                       ("bottom center", (cx - w / 2, cy + gap, cx + w / 2, cy + gap + h)),
                       ("middle right", (cx + gap, cy - h / 2, cx + gap + w, cy + h / 2)),
                       ("middle left", (cx - gap - w, cy - h / 2, cx - gap, cy + h / 2))):
            if free(b, i):
                boxes.append(b)
                out[i] = pos
                break
    return out


def lines(df: pd.DataFrame, x: str, series: list[str], names: dict[str, str], title: str, subtitle: str,
          xlabel: str, ylabel: str, colors: dict | None = None, fmt: str = ".1f") -> go.Figure:
    fig = go.Figure()
    for i, s in enumerate(series):
        fig.add_trace(go.Scatter(x=df[x], y=df[s], mode="lines+markers", name=plain(names.get(s, s)),
                                 line=dict(width=3, color=(colors or {}).get(s, OKABE_ITO[i % len(OKABE_ITO)])),
                                 marker=dict(size=8),
                                 hovertemplate="%{x}: %{y:" + fmt + "}<extra>" + plain(names.get(s, s))
                                 + "</extra>"))
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
                 label: str = "label", color_map: dict | None = None, fmt: str = ".1f",
                 many: bool = False) -> go.Figure:
    """One box of ``value`` per ``group`` (in the order the groups first appear), each region a jittered
    dot named by ``label``; ``many`` (thousands of regions, whose dots would hide the boxes): the outliers
    only, and each group's count under its name.

    The names' angle is fixed (:func:`charts.margins.tick_angle`) for the narrowest width a chart in a
    column is drawn at, never left to Plotly: a slanted angle Plotly chose once stays when the chart is
    drawn wider again, and with it a grown margin."""
    fig = go.Figure()
    for i, (g, d) in enumerate(df.groupby(group, sort=False)):
        fig.add_trace(go.Box(y=d[value], name=plain(g) + (f"<br>({len(d)})" if many else ""),
                             boxpoints="outliers" if many else "all", jitter=0 if many else 0.35, pointpos=0,
                             text=[plain(v) for v in d[label]],
                             marker=dict(size=5 if many else 9,
                                         color=(color_map or {}).get(g, OKABE_ITO[i % len(OKABE_ITO)])),
                             hovertemplate="%{text}: %{y:" + fmt + "}<extra></extra>"))
    fig.update_layout(title=_title(title, subtitle), yaxis_title=plain(ylabel), height=460, showlegend=False)
    sides = {**margins.DEFAULT_MARGIN, **(margins.reserve_margins(fig.to_dict()).get("margin") or {})}
    fig.update_xaxes(tickangle=margins.tick_angle([tr.name for tr in fig.data],
                                                  margins.CHART_MIN_PX - sides["l"] - sides["r"]))
    return fig


def dot_plot(labels: list[str], series: dict[str, list[float]], title: str, subtitle: str, xlabel: str,
             xrange: tuple[float, float] | None = None, colors: dict[str, str] | None = None) -> go.Figure:
    """Cleveland dot plot: one row per label, one marker per series (for example four groups' mean answers).

    A grey line joins the lowest and highest marker of each row, so wide disagreements stand out; each
    series has its own colour and marker shape (readable without colour).  The first label is at the top.
    """
    y = [plain(v) for v in labels]
    vals = np.array([np.asarray(v, dtype=float) for v in series.values()]) if series else np.empty((0, len(y)))
    seg_x, seg_y = [], []
    for j, lab in enumerate(y):
        col = vals[:, j][np.isfinite(vals[:, j])] if len(vals) else np.array([])
        if len(col) >= 2:
            seg_x += [float(col.min()), float(col.max()), None]
            seg_y += [lab, lab, None]
    traces = [go.Scatter(x=seg_x, y=seg_y, mode="lines", line=dict(color="#9ca3af", width=3),
                         hoverinfo="skip", showlegend=False)]
    symbols = ["circle", "diamond", "square", "triangle-up", "cross", "x"]
    for i, (name, v) in enumerate(series.items()):
        traces.append(go.Scatter(x=list(v), y=y, mode="markers", name=plain(name),
                                 marker=dict(size=14, symbol=symbols[i % len(symbols)],
                                             color=(colors or {}).get(name, OKABE_ITO[i % len(OKABE_ITO)]),
                                             line=dict(color="white", width=1)),
                                 hovertemplate="%{y}: %{x:.2f}<extra>" + plain(name) + "</extra>"))
    return go.Figure(data=traces, layout=dict(
        title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), range=xrange),
        yaxis=dict(autorange="reversed", tickfont=dict(size=14)), margin=dict(t=130),
        height=max(380, 34 * len(y) + 200), legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0)))


def band_strip(bands: list[tuple[float, float, str]], markers: dict[str, float], title: str, subtitle: str,
               xlabel: str) -> go.Figure:
    """A value on a scale cut into named bands (for example D among the ten coordination bands).

    ``bands`` are ``(lo, hi, name)``; ``markers`` maps a label to a value, drawn as a marker with its label
    above the strip (the first marker is emphasised).
    """
    from plotly.colors import sample_colorscale

    n = len(bands)
    names = [plain(b[2]) for b in bands]
    strip = go.Bar(x=[hi - lo for lo, hi, _ in bands], base=[lo for lo, _, _ in bands], y=[0] * n, width=[0.8] * n,
                   orientation="h", marker_color=sample_colorscale(SEQUENTIAL, [i / max(n - 1, 1) for i in range(n)]),
                   text=["<br>".join(nm.split(" ", 1)) for nm in names], textposition="inside",
                   insidetextanchor="middle", textangle=0,
                   textfont=dict(size=13, color=["white" if i < n / 2 else "#111" for i in range(n)]),
                   customdata=[f"{nm}: {lo:g}–{hi:g}" for nm, (lo, hi, _) in zip(names, bands)],
                   hovertemplate="%{customdata}<extra></extra>", showlegend=False)
    shown = [(k, label, float(v)) for k, (label, v) in enumerate(markers.items())
             if v is not None and np.isfinite(v)]
    marks = go.Scatter(x=[v for _, _, v in shown], y=[0.55] * len(shown), mode="markers+text",
                       text=[f"{plain(label)}<br>{v:.3f}" for _, label, v in shown], textposition="top center",
                       cliponaxis=False,
                       textfont=dict(size=[15 if k == 0 else 13 for k, _, _ in shown],
                                     color=["#111" if k == 0 else "#374151" for k, _, _ in shown]),
                       marker=dict(symbol="triangle-down", size=[22 if k == 0 else 15 for k, _, _ in shown],
                                   color=[OKABE_ITO[5] if k == 0 else "#374151" for k, _, _ in shown],
                                   line=dict(color="white", width=1.5)),
                       hovertemplate="%{text}<extra></extra>", showlegend=False)
    lo, hi = bands[0][0], bands[-1][1]
    return go.Figure(data=[strip, marks], layout=dict(
        title=_title(title, subtitle), barmode="overlay", bargap=0.1, height=300,
        xaxis=dict(title=plain(xlabel), range=[lo, hi], dtick=(hi - lo) / n, showgrid=False, zeroline=False),
        yaxis=dict(visible=False, range=[-0.45, 1.35]), margin=dict(t=110, b=60)))


def change_bars(names: list[str], changes: list[float], title: str, subtitle: str, xlabel: str,
                fmt: str = "+.1f") -> go.Figure:
    """Change per region as horizontal bars, largest rise at the top; rises blue, falls vermillion,
    each bar labelled with its signed value (readable without colour)."""
    v = np.asarray(changes, dtype=float)
    keep = np.isfinite(v)
    n = [plain(x) for x, k in zip(names, keep) if k]
    v = v[keep]
    order = np.argsort(v, kind="stable")
    y = [n[i] for i in order]
    x = v[order]
    fig = go.Figure(go.Bar(x=x, y=y, orientation="h", marker_color=[OKABE_ITO[0] if d >= 0 else OKABE_ITO[5]
                                                                   for d in x],
                           text=[number(d, fmt) for d in x], textposition="outside", cliponaxis=False,
                           textfont=dict(size=14, color="#1f2430"),
                           hovertemplate="%{y}: %{x:" + fmt + "}<extra></extra>"))
    fig.add_shape(ZERO_LINE)
    fig.update_layout(title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), range=label_room(x)),
                      height=max(360, 26 * len(y) + 160), yaxis=dict(tickfont=dict(size=14)), bargap=0.25)
    return fig


def parallel_coords(df: pd.DataFrame, title: str, subtitle: str, value_range: tuple[float, float] = (0, 100),
                    colors: list[str] | None = None, ylabel: str = "", fmt: str = ".1f") -> go.Figure:
    """Parallel coordinates on a shared scale: one line per row of ``df`` (index = series name), one
    vertical axis per column.

    Drawn with line traces rather than ``go.Parcoords`` (1-px lines, no legend, a tick scale on every
    axis): thick lines, a dash style and a marker shape per series (readable without colour), a real
    legend and hover labels, so it reads on a projector.
    """
    fig = go.Figure()
    x = [plain(c) for c in df.columns]
    dashes = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
    symbols = ["circle", "diamond", "square", "triangle-up", "cross", "x"]
    for i, (name, row) in enumerate(df.iterrows()):
        c = (colors or OKABE_ITO)[i % len(colors or OKABE_ITO)]
        fig.add_trace(go.Scatter(x=x, y=row.to_numpy(dtype=float), mode="lines+markers", name=plain(name),
                                 line=dict(color=c, width=3.5, dash=dashes[i % len(dashes)]),
                                 marker=dict(size=11, symbol=symbols[i % len(symbols)], color=c,
                                             line=dict(color="white", width=1)),
                                 hovertemplate="%{x}: %{y:" + fmt + "}<extra>" + plain(name) + "</extra>"))
    fig.update_layout(title=_title(title, subtitle), height=580, yaxis=dict(title=plain(ylabel), range=value_range),
                      xaxis=dict(tickangle=-30, showgrid=True, gridcolor="#9ca3af", gridwidth=1),
                      legend=dict(orientation="h", x=1, xanchor="right", y=1.02, yanchor="bottom"),
                      margin=dict(t=120), hovermode="x unified")
    return fig

def heatmap_text(z: pd.DataFrame, title: str, subtitle: str, colorbar: str, fmt: str = "{:.2f}",
                 row_height: int = 30) -> go.Figure:
    """Sequential (cividis) heat map with cell values written with ``fmt``; blank cells for missing values."""
    vals = z.to_numpy(dtype=float)
    fig = heatmap(z, title, subtitle, colorbar, diverging=False)
    fig.data[0].text = [["" if not np.isfinite(v) else fmt.format(v) for v in row] for row in vals]
    fig.data[0].hovertemplate = "%{y} · %{x}: %{text}<extra></extra>"
    fig.update_layout(height=max(380, row_height * len(z.index) + 240), yaxis=dict(autorange="reversed"))
    return fig


def count_bar(categories: list[str], counts: list[int], title: str, subtitle: str, xlabel: str, ylabel: str,
              sequential: bool = True) -> go.Figure:
    """Vertical bars of counts in a fixed category order (for example regions per band), each bar labelled."""
    from plotly.colors import sample_colorscale

    n = len(categories)
    colors = (sample_colorscale(SEQUENTIAL, [i / max(n - 1, 1) for i in range(n)]) if sequential
              else [OKABE_ITO[0]] * n)
    fig = go.Figure(go.Bar(x=[plain(c) for c in categories], y=list(counts), marker_color=colors,
                           marker_line=dict(color="#374151", width=1), text=[str(int(c)) for c in counts],
                           textposition="outside", cliponaxis=False, hovertemplate="%{x}: %{y}<extra></extra>"))
    top = max([int(c) for c in counts] + [1])
    fig.update_layout(title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), tickangle=-30, type="category"),
                      yaxis=dict(title=plain(ylabel), range=[0, top * 1.18 + 0.5], dtick=max(1, round(top / 6))),
                      height=480, bargap=0.2)
    return fig


def stacked_bar(categories: list, series: dict[str, list[float]], title: str, subtitle: str, xlabel: str,
                ylabel: str, colors: dict[str, str] | None = None, fmt: str = ".3f") -> go.Figure:
    """Stacked vertical bars: the parts of a total per category (for example Dagum's Gw, Gnb, Gt per year)."""
    fig = go.Figure()
    patterns = ["", "/", "."]
    for i, (name, vals) in enumerate(series.items()):
        fig.add_trace(go.Bar(name=plain(name), x=[str(c) for c in categories], y=list(vals),
                             marker=dict(color=(colors or {}).get(name, OKABE_ITO[i % len(OKABE_ITO)]),
                                         pattern=dict(shape=patterns[i % len(patterns)], fgcolor="white")),
                             hovertemplate="%{x}: %{y:" + fmt + "}<extra>" + plain(name) + "</extra>"))
    fig.update_layout(barmode="stack", title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), type="category"),
                      yaxis_title=plain(ylabel), height=460, legend=dict(orientation="h", y=-0.22))
    return fig


def threshold_bars(names: list[str], values: list[float], threshold: float, title: str, subtitle: str,
                   xlabel: str, threshold_label: str, fmt: str = "{:.2f}",
                   xrange: tuple[float, float] | None = (0.0, 1.0)) -> go.Figure:
    """Horizontal bars against a threshold (for example Cronbach's alpha against 0.7), first name at the top.

    Bars below the threshold are vermillion with a hatch, the others blue, so the flag reads without colour.
    """
    v = np.asarray(values, dtype=float)
    low = ~(v >= threshold)
    fig = go.Figure(go.Bar(
        x=v, y=[plain(n) for n in names], orientation="h",
        marker=dict(color=[OKABE_ITO[5] if b else OKABE_ITO[0] for b in low],
                    pattern=dict(shape=["x" if b else "" for b in low], fgcolor="white")),
        text=[fmt.format(x) if np.isfinite(x) else "—" for x in v], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.3f}<extra></extra>"))
    fig.add_vline(x=threshold, line=dict(color="#111", width=2, dash="dash"),
                  annotation=dict(text=plain(threshold_label), font=dict(size=13)), annotation_position="top")
    fig.update_layout(title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), range=xrange),
                      yaxis=dict(autorange="reversed", tickfont=dict(size=14)),
                      height=max(320, 40 * len(names) + 170))
    return fig


def weights_sunburst(ids: list[str], labels: list[str], parents: list[str], values: list[float], title: str,
                     subtitle: str, maxdepth: int = 2) -> go.Figure:
    """Sunburst of overall weights down the framework (``values`` sum up the tree; top nodes have parent "").

    Each top node (dimension) has its colour, paler on the rings below it; click a sector to zoom in.
    """
    par = dict(zip(ids, parents))
    top = [c for c in ids if not par.get(c)]
    base = {c: DIMENSION_COLORS.get(c, OKABE_ITO[i % len(OKABE_ITO)]) for i, c in enumerate(top)}

    def colour(c):
        depth, node = 0, c
        while par.get(node):
            node, depth = par[node], depth + 1
        h = base.get(node, "#9ca3af").lstrip("#")
        r, g, b = (int(h[k:k + 2], 16) for k in (0, 2, 4))
        return f"rgba({r},{g},{b},{max(0.35, 1.0 - 0.3 * depth):.2f})"

    fig = go.Figure(go.Sunburst(
        ids=ids, labels=[plain(x) for x in labels], parents=parents, values=values, branchvalues="total",
        maxdepth=maxdepth, insidetextorientation="horizontal", textfont=dict(size=14, color="#111"),
        marker=dict(colors=[colour(c) for c in ids], line=dict(color="white", width=2)),
        hovertemplate="%{label}: %{value:.1%}<extra></extra>"))
    fig.update_layout(title=_title(title, subtitle), height=620, margin=dict(t=90, l=10, r=10, b=10))
    return fig


def tile_grid(df: pd.DataFrame, value: str, title: str, subtitle: str, colorbar: str, label: str = "label",
              hover: str = "hover", zmin: float | None = None, zmax: float | None = None, fmt: str = ".0f",
              colorscale=SEQUENTIAL, height: int = 640) -> go.Figure:
    """Tile-grid cartogram drawn as a heat map on the ``row``/``col`` grid (Overview page).

    Unlike :func:`tile_map` (fixed-size markers), the square cells scale with the figure and never
    overlap (they stretch to the figure's width, so long English names fit); a label with spaces wraps
    onto lines ("Inner Mongolia"), the value sits under it, the text colour contrasts with each cell, and
    the colour bar lies under the grid.  Rows without ``row``/``col`` are left out.
    """
    d = df.dropna(subset=["row", "col"])
    fig = go.Figure()
    if d.empty:
        return fig
    r0, c0 = int(d["row"].min()), int(d["col"].min())
    nr, nc = int(d["row"].max()) - r0 + 1, int(d["col"].max()) - c0 + 1
    z = np.full((nr, nc), np.nan)
    text = np.full((nr, nc), "", dtype=object)
    hov = np.full((nr, nc), "", dtype=object)
    labels = [short(v, TILE) for v in d[label]]  # the full name stays in the hover text
    longest = max((len(w) for v in labels for w in v.split()), default=0)
    for (_, r), v, lab in zip(d.iterrows(), d[value].to_numpy(dtype=float), labels):
        i, j = int(r["row"]) - r0, int(r["col"]) - c0
        z[i, j] = v
        name = "<br>".join(plain(w) for w in lab.split())
        text[i, j] = f"{name}<br><b>{number(v, fmt)}</b>" if np.isfinite(v) else f"{name}<br>—"
        hov[i, j] = plain(r[hover])
    fig.add_trace(go.Heatmap(
        z=z, x=list(range(c0, c0 + nc)), y=list(range(r0, r0 + nr)), text=text, texttemplate="%{text}",
        textfont=dict(size=14 if longest <= 10 else 13), hovertext=hov, hoverinfo="text", hoverongaps=False, xgap=4, ygap=4,
        colorscale=colorscale, zmin=zmin, zmax=zmax,
        colorbar=dict(title=dict(text=plain(colorbar), side="top"), orientation="h", thickness=14, len=0.6,
                      x=0.5, xanchor="center", y=-0.02, yanchor="top")))
    fig.update_layout(title=_title(title, subtitle), height=height, plot_bgcolor="white",
                      xaxis=dict(visible=False, constrain="domain", showgrid=False, zeroline=False),
                      yaxis=dict(visible=False, autorange="reversed", showgrid=False, zeroline=False),
                      margin=dict(l=10, r=10, t=90, b=90))
    return fig




def title_lines(fig: go.Figure, title: str, lines: list[str]) -> go.Figure:
    """Give ``fig`` a title with one grey subtitle line per entry of ``lines``.

    For half-width charts, where one long subtitle (data · year · method) would be cut off.
    """
    text = plain(title) + "".join(f"<br><span style='font-size:14px;color:#4b5563'>{plain(x)}</span>"
                                  for x in lines if x)
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 80
    fig.update_layout(title=dict(text=text), margin=dict(t=top + 20 * max(0, len(lines) - 1)))
    return fig


def change_histogram(changes, title: str, subtitle: str, xlabel: str, ylabel: str, fmt: str = "+.1f",
                     bins: int = 40) -> go.Figure:
    """How the changes of many regions are spread: a histogram with rises blue and falls vermillion (bins
    end at zero, so no bar mixes the two) and a line at zero; for thousands of regions, where one bar per
    region (:func:`change_bars`) would be unreadable."""
    v = np.asarray(changes, dtype=float)
    v = v[np.isfinite(v)]
    fig = go.Figure()
    if v.size:
        lo, hi = float(v.min()), float(v.max())
        width_ = (hi - lo) / bins if hi > lo else 1.0
        edges = np.arange(np.floor(lo / width_), np.ceil(hi / width_) + 1) * width_  # a bin edge at 0
        if edges.size < 2:
            edges = np.array([lo - 0.5, lo + 0.5])
        counts, edges = np.histogram(v, bins=edges)
        mids = (edges[:-1] + edges[1:]) / 2
        fig.add_trace(go.Bar(x=mids, y=counts, width=np.diff(edges) * 0.95,
                             marker_color=[OKABE_ITO[0] if m >= 0 else OKABE_ITO[5] for m in mids],
                             customdata=np.column_stack([edges[:-1], edges[1:]]),
                             hovertemplate="%{customdata[0]:" + fmt + "} – %{customdata[1]:" + fmt + "}: %{y}"
                                           "<extra></extra>"))
    fig.add_shape(ZERO_LINE)
    fig.update_layout(title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), tickformat=fmt),
                      yaxis=dict(title=plain(ylabel)), height=26 * 20 + 160, bargap=0, showlegend=False)
    return fig


def scatter_many(df: pd.DataFrame, x: str, y: str, label: str, color: str | None, title: str, subtitle: str,
                 xlabel: str, ylabel: str, color_map: dict | None = None, fmt: str = ".1f", n_labels: int = 8,
                 always: tuple = ()) -> go.Figure:
    """:func:`scatter` for many points (hundreds or thousands of regions): small semi-transparent markers
    without text (every name on hover), names written only for the ``n_labels`` most telling points
    (:func:`priority_points`: far from the diagonal, the best and the worst) and any in ``always``,
    placed by :func:`label_positions`; the dotted diagonal marks x = y.  Traces of markers have mode
    ``markers``; the names are one extra ``text`` trace without hover or legend.
    """
    fig = go.Figure()
    xs, ys = df[x].to_numpy(dtype=float), df[y].to_numpy(dtype=float)
    both = np.concatenate([xs, ys])
    both = both[np.isfinite(both)]
    lo, hi = (float(both.min()), float(both.max())) if len(both) else (0.0, 1.0)
    pad = (hi - lo) * 0.06 or 1.0
    rng = [lo - pad, hi + pad]
    groups = [(None, df)] if color is None else list(df.groupby(color, sort=False))
    for i, (g, d) in enumerate(groups):
        fig.add_trace(go.Scatter(
            x=d[x], y=d[y], mode="markers", name=plain(g) if g is not None else "",
            customdata=[plain(v) for v in d[label]],
            marker=dict(size=6, opacity=0.55, color=(color_map or {}).get(g, OKABE_ITO[i % len(OKABE_ITO)])),
            hovertemplate="%{customdata}: (%{x:" + fmt + "}, %{y:" + fmt + "})<extra></extra>",
            showlegend=g is not None))
    pr = np.asarray(priority_points(df, x, y, label, always), dtype=float)
    pick = [i for i in np.argsort(-pr, kind="stable")[:n_labels]] + \
        [i for i, v in enumerate(df[label]) if str(v) in always]
    pick = sorted(set(int(i) for i in pick if np.isfinite(xs[i]) and np.isfinite(ys[i])))
    if pick:
        names = [str(df[label].iloc[i]) for i in pick]
        pos = label_positions(xs[pick], ys[pick], names, [pr[i] for i in pick], rng, rng)
        keep = [k for k, p in enumerate(pos) if isinstance(p, str)]
        fig.add_trace(go.Scatter(
            x=[xs[pick[k]] for k in keep], y=[ys[pick[k]] for k in keep], mode="markers+text",
            text=[plain(names[k]) for k in keep], textposition=[pos[k] for k in keep], textfont=dict(size=12),
            marker=dict(size=9, color="rgba(0,0,0,0)", line=dict(color="#111827", width=1.5)),
            hoverinfo="skip", showlegend=False))
    if len(both):
        fig.add_trace(go.Scatter(x=[lo, hi], y=[lo, hi], mode="lines", line=dict(dash="dot", color="#9ca3af"),
                                 hoverinfo="skip", showlegend=False))
    fig.update_layout(title=_title(title, subtitle), xaxis=dict(title=plain(xlabel), range=rng),
                      yaxis=dict(title=plain(ylabel), range=rng), height=560, margin_r=70)
    return fig
