"""Names that may be long (a researcher's own regions, indicators, groups): shortened where the space
is fixed, with the full name on hover.

A name in a header, a chart legend or a map tile is cut to a display width (a Chinese character takes
two columns, a Latin letter one) and ends in "…"; the full name stays where the user can reach it: the
header's help tooltip (:func:`header`), the trace's hover label (:func:`fit_legends`) and the tile's
hover text (the builders in :mod:`charts` keep it).  The data check warns about region names longer
than :data:`metrics.data.MAX_NAME_CHARS` characters, which are shortened everywhere.
"""
from __future__ import annotations

import html
import unicodedata

from metrics.data import MAX_NAME_CHARS

#: Display widths (columns; a Chinese character takes two) at which names are cut.
HEADER = 2 * MAX_NAME_CHARS   # a page header: 40 Chinese characters
LEGEND = 48                   # a chart legend entry: 24 Chinese characters
TILE = 24                     # a map tile: 12 Chinese characters (wrapped at spaces)
CARD = 16                     # the name under a headline card's value: 8 Chinese characters (full name on hover)


def plain(text: object) -> str:
    """Label text from data, escaped so Plotly shows it literally (``<b>`` stays ``<b>``)."""
    return html.escape(str(text), quote=False)


def width(text: str) -> int:
    """Display width: two columns for wide (East Asian) characters, one for others.

    Examples
    --------
    >>> width("北京"), width("Beijing")
    (4, 7)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def short(text: object, limit: int = LEGEND) -> str:
    """``text`` cut to at most ``limit`` display columns, ending in "…"; as it is when it fits.

    Examples
    --------
    >>> short("北京"), short("内蒙古自治区呼伦贝尔市", 12), short("Inner Mongolia Autonomous Region", 16)
    ('北京', '内蒙古自治…', 'Inner Mongolia…')
    """
    s = str(text)
    if width(s) <= limit:
        return s
    out, used = [], 1  # the ellipsis takes one column
    for ch in s:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def header(text: object, limit: int = HEADER) -> tuple[str, str | None]:
    """``(shown, help)`` for a header: the name cut to ``limit`` and, when it was cut, the full name
    for the header's help tooltip (``st.header(md(shown), help=help)``), else ``None``.

    Examples
    --------
    >>> header("北京")
    ('北京', None)
    >>> shown, full = header("某" * 300)
    >>> len(shown), len(full)
    (40, 300)
    """
    s = str(text)
    shown = short(s, limit)
    return shown, (s if shown != s else None)


def fit_legends(fig, limit: int = LEGEND):
    """Cut the legend names of ``fig``'s traces to ``limit`` columns.  The builders of :mod:`charts`
    put each series' full name in its hover label (``<extra>``), which is left as it is.  Returns ``fig``."""

    for trace in fig.data:
        name = trace.name
        if isinstance(name, str) and width(html.unescape(name)) > limit:
            trace.name = plain(short(html.unescape(name), limit))
    return fig
