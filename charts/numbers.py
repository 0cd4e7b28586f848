"""One number format for scores, chosen by the scale the assessment puts them on.

Scores on 0–100 (min-max, goalposts, TOPSIS, ranks scaled to [1, 100]) read "78.5" in tables and
headline figures and "79" on map tiles; z-scores (about −2…2) read "-0.62" and "-0.6", never "-0",
"0", "1" on every tile; thresholds are rounded to the same precision ("-1.69", not "-1.47596").
Pages get the format of their assessment as ``ctx.fmt`` (:class:`ui.state.Context`); chart builders
take its ``spec()`` (a Python format spec that is also a d3 format, so hover labels agree).

No Streamlit here: chart builders and exports may use it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

MISSING = "—"


def number(v, spec: str = ".1f") -> str:
    """``v`` formatted with ``spec`` (``".1f"``, ``"+.0f"``); "—" when missing; never "-0.0".

    >>> number(-0.04, ".1f"), number(float("nan")), number(12.345, "+.1f")
    ('0.0', '—', '+12.3')
    """
    try:
        x = float(v)
    except (TypeError, ValueError):
        return MISSING
    if not math.isfinite(x):
        return MISSING
    digits = int(spec.rsplit(".", 1)[1].rstrip("f%")) if "." in spec else 0
    x = round(x, digits) + 0.0  # round first: -0.04 would print as "-0.0"; adding 0.0 clears the sign of zero
    return format(x, spec)


@dataclass(frozen=True)
class ScoreFormat:
    """How many decimals scores get: ``decimals`` in tables, headline figures, gaps and hover labels,
    ``compact`` where space is short (map tiles, bar ends, heat-map cells)."""

    decimals: int = 1
    compact: int = 0

    def spec(self, compact: bool = False, sign: bool = False) -> str:
        """A format spec (``".1f"``, ``"+.0f"``) for Python's ``format`` and Plotly's templates alike."""
        return f"{'+' if sign else ''}.{self.compact if compact else self.decimals}f"

    def printf(self, compact: bool = False, sign: bool = False) -> str:
        """The same as a printf format, for ``st.column_config.NumberColumn(format=...)``."""
        return "%" + self.spec(compact, sign)

    def __call__(self, v, compact: bool = False, sign: bool = False) -> str:
        return number(v, self.spec(compact, sign))

    def round(self, values, compact: bool = False):
        """Values (a number, Series or array) rounded as shown, without negative zeros (for tables)."""
        d = self.compact if compact else self.decimals
        if isinstance(values, (pd.Series, pd.DataFrame)):
            return values.round(d) + 0.0
        if np.ndim(values):
            return np.round(np.asarray(values, dtype=float), d) + 0.0
        return round(float(values), d) + 0.0

    def edge(self, v) -> str:
        """A threshold or a scale's end, rounded as scores are and without trailing zeros ("20", "-1.69")."""
        text = self(v)
        return text.rstrip("0").rstrip(".") if "." in text else text

    def span(self, lo, hi) -> str:
        """A range of the scale, ``"0–100"`` or ``"-1.69–1.48"``."""
        return f"{self.edge(lo)}–{self.edge(hi)}"


def scale_format(lo: float, hi: float) -> ScoreFormat:
    """The format for scores between ``lo`` and ``hi``: a scale at least 10 wide (0–100, [1, 100], raw
    ranks) gets one decimal (whole numbers when compact), a narrower one (z-scores: about −2…2) two
    (one), a scale narrower than 1 three (two).

    >>> scale_format(0, 100), scale_format(-1.7, 1.5)
    (ScoreFormat(decimals=1, compact=0), ScoreFormat(decimals=2, compact=1))
    """
    span = abs(float(hi) - float(lo))
    if not math.isfinite(span) or span >= 10:
        return ScoreFormat(1, 0)
    if span >= 1:
        return ScoreFormat(2, 1)
    return ScoreFormat(3, 2)


def score_format(assessment) -> ScoreFormat:
    """The format of an assessment's scores (its display range: the method's scale, or the observed
    range of z-scores and raw ranks)."""
    return scale_format(*assessment.display_range())


def column_formats(df: pd.DataFrame, max_decimals: int = 4) -> dict[str, str]:
    """A printf format for every float column of ``df``, with as many decimals as its values were rounded
    to (at most ``max_decimals``), so one column never mixes "71" and "78.5"."""
    out = {}
    for c in df.columns:
        col = df[c]
        if not pd.api.types.is_float_dtype(col):
            continue
        v = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        d = next((k for k in range(max_decimals + 1) if np.allclose(v, np.round(v, k), rtol=0, atol=1e-9)),
                 max_decimals)
        out[str(c)] = f"%.{d}f"
    return out
