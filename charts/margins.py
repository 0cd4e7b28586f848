"""Room for an axis's tick labels and title, reserved in a figure's margins before Plotly draws it.

The project template turns ``automargin`` on for both axes, so Plotly grows a margin to fit long tick
labels (a sub-dimension's name, a region's) or a colour bar; but it can only measure them once drawn, so
when a margin grows it draws the whole chart a second time.  In Chromium that second pass was ~15-30 ms of
every chart on every change (a third to a half of the chart's drawing).  :func:`reserve_margins` estimates
the room from the labels' text (:func:`label_px`, generous for Latin and Chinese) and sets the margins
to it first: Plotly then finds nothing to grow and draws once.  An estimate that falls short costs only the
second pass again (``automargin`` stays on and still fits the labels), never a clipped label.

Pure: a figure's dict in, a new layout dict out; no Streamlit.
"""
from __future__ import annotations

import html
import math
import re
import unicodedata

import numpy as np


#: Trace types drawn on cartesian x/y axes.
CARTESIAN = {"bar", "scatter", "scattergl", "heatmap", "box", "violin", "histogram"}
#: The project template's margins (charts.TEMPLATE) and font size, where a figure sets none.
DEFAULT_MARGIN = {"l": 60, "r": 30, "t": 80, "b": 60}
FONT_SIZE = 15
_AXIS = re.compile(r"^([xy])axis(\d*)$")
_BR = re.compile(r"<br\s*/?>")
_TAG = re.compile(r"<[^>]*>")
#: About the main area's width on a 1440 px screen with the sidebar open: a chart of the whole width.
PAGE_PX = 1000
#: The narrowest a chart in a row of columns is drawn (``ui.layout`` wraps the row rather than draw it
#: narrower; its ``CHART_MIN`` is this in rem).
CHART_MIN_PX = 384


def _em(ch: str) -> float:
    """About how wide a character is in Noto Sans (CJK SC) and its fallbacks, in em: Chinese and the
    ambiguous-width punctuation of a Chinese font (·, —) 1, a wide letter 0.88, a capital 0.7, a narrow
    letter or mark 0.34, other characters 0.6 (what canvas measures in Chromium, a little more)."""
    if unicodedata.east_asian_width(ch) in "WFA":
        return 1.0
    if ch in "MWmw%@":
        return 0.88
    if ch in " .,:;'!|()[]ijlrtfI":
        return 0.34
    return 0.7 if ch.isupper() else 0.6


def label_px(label: str, size: float) -> float:
    """About how wide the longest line of a Plotly label is at font ``size`` (``<br>`` between lines, tags
    and entities as drawn); a little wider than Chromium draws it (an estimate short of the text costs a
    second drawing, one too wide some white space)."""
    return max(sum(_em(ch) for ch in html.unescape(_TAG.sub("", line))) for line in _BR.split(str(label))) * size


def tick_angle(labels: list[str], plot_px: float, size: float = FONT_SIZE, gap: float = 2.0) -> int:
    """The angle for category tick labels evenly spread over ``plot_px``: 0 where each label and its
    neighbour fit side by side with ``gap`` px between them, else -30 where slanted lines do not touch,
    else -90.

    A figure sets it itself rather than leave Plotly's automatic angle: Plotly keeps a slanted angle it
    once chose, so a chart drawn narrower for a moment (a column laid out before its width is known) stays
    slanted, its margins grown, when drawn again at its own width.

    >>> tick_angle(["Eastern", "Central", "Western", "Northeast"], 272)
    0
    >>> tick_angle(["Eastern", "Central", "Western", "Northeast"], 200)
    -30
    """
    n = len(labels)
    if n < 2:
        return 0
    step = plot_px / n
    widths = [label_px(x, size) for x in labels]
    if all((a + b) / 2 + gap <= step for a, b in zip(widths, widths[1:])):
        return 0
    line = size * 1.3 * max(_lines(x) for x in labels)
    return -30 if line / math.sin(math.radians(30)) + gap <= step else -90


def _lines(label: str) -> int:
    return len(_BR.split(str(label)))


def _values(v) -> list:
    """A trace's x or y as a list (lists, tuples, numpy arrays; Plotly's typed-array dicts are numbers)."""
    if v is None or isinstance(v, dict):
        return []
    if isinstance(v, np.ndarray):
        return v.ravel().tolist()
    if isinstance(v, (list, tuple)):
        return list(v)
    return []


def _number_label(values: list, rng) -> str:
    """The longest tick label a number axis is likely to show: its range's ends, or its data's (whole
    numbers on a span of 5 or more, as Plotly's ticks are there; else two decimals)."""
    nums = [float(x) for x in (list(rng or []) or values) if isinstance(x, (int, float)) and math.isfinite(x)]
    if not nums:
        return "0000"
    lo, hi = min(nums), max(nums)
    digits = 0 if hi - lo >= 5 else 2
    return max((f"{x:.{digits}f}" for x in (lo, hi)), key=len)


def _axis_labels(layout: dict, data: list, letter: str, suffix: str) -> list[str]:
    """The tick labels of one axis: its ``ticktext``, else the text values its traces put on it (a box's
    name where it has no positions), else the longest number label it is likely to show."""
    ax = layout.get(f"{letter}axis{suffix}") or {}
    if ax.get("ticktext") is not None:
        return [str(x) for x in _values(ax["ticktext"])]
    ref = letter + suffix
    values = []
    for tr in data:
        if tr.get("type", "scatter") in CARTESIAN and (tr.get(f"{letter}axis") or letter) == ref:
            values += _values(tr.get(letter))
            if tr.get("type") in ("box", "violin") and tr.get(letter) is None and tr.get("name") is not None \
                    and letter == ("y" if tr.get("orientation") == "h" else "x"):
                values.append(str(tr["name"]))   # a box without positions sits at its name
    texts = [x for x in values if isinstance(x, str)]
    if texts or ax.get("type") == "category":
        return [str(x) for x in (texts or values)]
    return [_number_label(values, ax.get("range"))]


def _below(layout: dict, margin: dict, y: float, px: float, side: str = "b") -> float:
    """The bottom (``side="t"``: top) margin that holds ``px`` hung from paper height ``y`` (< 0: below the
    plot; for the top, ``1 - y``): Plotly places it ``-y`` of the plot's height away from the plot, and the
    plot's height is what the margins leave."""
    k = max(0.0, -float(y))
    height = layout.get("height") or 450
    other = margin["t" if side == "b" else "b"]
    return (k * (height - other) + px) / (1 + k)


def reserve_margins(spec: dict, share: float = 1.0) -> dict:
    """``spec``'s layout with each margin at least the room its axes' tick labels and titles, a colour bar
    and a horizontal legend under or over the plot are estimated to take (never smaller than before; a margin a
    figure sets larger stays).  Axes with ``automargin`` off are left as they are.  ``share``: the part of the
    page's width the chart is drawn in (a half-width chart: 0.5), for the rows a legend wraps into."""
    layout = dict(spec.get("layout") or {})
    data = [tr for tr in (spec.get("data") or []) if isinstance(tr, dict)]
    font = ((layout.get("font") or {}).get("size")) or FONT_SIZE
    margin = {**DEFAULT_MARGIN, **(layout.get("margin") or {})}
    need = {}
    cartesian = any(tr.get("type", "scatter") in CARTESIAN for tr in data)
    axes = {(m.group(1), m.group(2)) for k in layout if (m := _AXIS.match(k))} | {("x", ""), ("y", "")} \
        if cartesian else set()
    for letter, suffix in sorted(axes):
        ax = layout.get(f"{letter}axis{suffix}") or {}
        if ax.get("visible") is False or ax.get("automargin") is False:
            continue
        size = ((ax.get("tickfont") or {}).get("size")) or font
        labels = _axis_labels(layout, data, letter, suffix)
        if ax.get("showticklabels") is False or not labels:
            w = h = 0.0
        else:
            w = max(label_px(x, size) for x in labels)
            h = size * 1.3 * max(_lines(x) for x in labels)
        angle = ax.get("tickangle")
        a = math.radians(abs(angle)) if isinstance(angle, (int, float)) else 0.0
        title = ax.get("title") or {}
        text = title.get("text") if isinstance(title, dict) else title
        title_px = (((title.get("font") or {}).get("size") if isinstance(title, dict) else None) or font) \
            * 1.3 * _lines(text) + 12 if text else 0.0
        if letter == "x":
            side = "t" if ax.get("side") == "top" else "b"
            room = w * math.sin(a) + h * math.cos(a)
            if a and labels:   # slanted labels hang to the left of their tick: the first one past the edge
                need["l"] = max(need.get("l", 0.0), label_px(labels[0], size) * math.cos(a))
        else:
            side = "r" if ax.get("side") == "right" else "l"
            room = w * math.cos(a) + h * math.sin(a)
        need[side] = max(need.get(side, 0.0), 14 + room + title_px)
    for tr in data:   # a colour bar: on the right, or under the plot when horizontal
        shows = tr.get("showscale", True) if tr.get("type") == "heatmap" else (tr.get("marker") or {}).get("showscale")
        if shows:
            bar = tr.get("colorbar") or (tr.get("marker") or {}).get("colorbar") or {}
            title = bar.get("title")
            title = title.get("text") if isinstance(title, dict) else title
            if bar.get("orientation") == "h":
                room = (bar.get("thickness") or 30) + 2 * font * 1.3 + 44   # bar, tick labels, title, pads
                need["b"] = max(need.get("b", 0.0), _below(layout, margin, bar.get("y", -0.1), room))
            else:
                ticks = label_px("-00", font)
                need["r"] = max(need.get("r", 0.0), 64 + max(ticks, label_px(title, font) if title else 0.0))
    legend = layout.get("legend") or {}
    names = [tr["name"] for tr in data if tr.get("name") and tr.get("showlegend") is not False]
    y = legend.get("y") or 0
    if legend.get("orientation") == "h" and (y < 0 or y >= 1) and names \
            and layout.get("showlegend") is not False:   # a horizontal legend under or over the plot
        size = ((legend.get("font") or {}).get("size")) or 14
        room = max(share * (layout.get("width") or PAGE_PX) - margin["l"] - margin["r"], 200)
        rows, used = 1, 0.0
        for item in (70 + label_px(n, size) for n in names):   # symbol and gap, then the name; a full row wraps
            if used and used + item > room:
                rows, used = rows + 1, 0.0
            used += item
        px = rows * size * 1.3 + 30
        if y < 0:
            need["b"] = max(need.get("b", 0.0), _below(layout, margin, y, px))
        else:   # hung from the top edge of the plot: its height and its distance over it
            need["t"] = max(need.get("t", 0.0), _below(layout, margin, 1 - y, px, side="t"))
    out = dict(margin)
    for side, px in need.items():
        out[side] = max(margin[side], int(math.ceil(px)))
    if out != margin:
        layout["margin"] = {**(layout.get("margin") or {}), **{k: out[k] for k in need}}
    return layout
