"""Obstacle degree (障碍度) of indicators, sub-dimensions and dimensions.

The obstacle-degree model diagnoses which indicators hold a region back most.
For region ``i`` and indicator ``j`` with normalised value ``x_ij`` in [0, 1]
(1 = best) and overall weight ``w_j`` ("factor contribution")::

    I_ij = 1 - x_ij                     indicator deviation
    O_ij = w_j I_ij / sum_k w_k I_ik    obstacle degree, sums to 1 per region

and a sub-dimension's or dimension's obstacle degree is the sum over its
indicators.  This is the factor-contribution / indicator-deviation form of the
obstacle-degree model as used in Chinese evaluation studies, exactly as
specified in this project's FRAMEWORK.md ("Methods users expect").  It drives the
"recommended measures" view: the sub-dimensions with the largest obstacle
degree come first.

Nothing here reads files or imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["obstacle_degree", "obstacle_by_group", "top_obstacles"]

_TOL = 1e-9


def _weights_for(weights, columns: pd.Index) -> np.ndarray:
    if isinstance(weights, Mapping):
        weights = pd.Series(dict(weights), dtype=float)
    if not isinstance(weights, pd.Series):
        raise ValueError("weights must be a pandas Series (or mapping) indexed by indicator")
    missing = [c for c in columns if c not in weights.index]
    if missing:
        raise ValueError(f"no weight for indicators {missing[:10]}")
    if weights.index.has_duplicates:
        raise ValueError("weights index has duplicate indicators")
    w = pd.to_numeric(weights.reindex(columns), errors="coerce").to_numpy(dtype=float)
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        bad = list(columns[~(np.isfinite(w) & (w >= 0))][:10])
        raise ValueError(f"weights must be finite and non-negative; bad for {bad}")
    if w.sum() <= 0:
        raise ValueError("weights must not all be zero")
    return w / w.sum()


def obstacle_degree(
    normalised: pd.DataFrame, weights: pd.Series, scale: tuple[float, float] = (0, 100)
) -> pd.DataFrame:
    """Obstacle degree of every indicator in every region.

    Parameters
    ----------
    normalised : pandas.DataFrame
        Regions in rows (any index, kept), indicators in columns; normalised
        values on ``scale`` with the direction already applied (high = good).
        NaN = missing.
    weights : pandas.Series or mapping
        Overall (global) weight of each indicator, e.g. the product of the
        weights down the hierarchy.  Must cover every column; extra entries
        are ignored; non-negative; normalised to sum 1 over the columns.
    scale : (float, float), default (0, 100)
        ``(lo, hi)`` of the normalised values; ``x = (v - lo) / (hi - lo)``.
        Values outside the scale by more than 1e-9 of its width raise.

    Returns
    -------
    pandas.DataFrame
        Same shape, index and columns: ``O_ij`` as fractions.  Each row sums
        to 1, except (a) a region at the top of every available indicator
        (zero deviation everywhere), which gets all zeros, and (b) a region
        with no data, which gets all NaN.  Missing ``x_ij`` gives NaN.

    Raises
    ------
    ValueError
        On non-numeric or infinite values, values outside ``scale``, a bad
        scale, or missing / negative / all-zero weights.

    Notes
    -----
    ``O_ij = w_j (1 - x_ij) / sum_k w_k (1 - x_ik)`` (FRAMEWORK.md; the
    standard obstacle-degree model of the Chinese literature, see the module
    docstring).  Conventions for edge cases, chosen here:

    * **Missing value**: indicator ``j`` is left out for region ``i``: its
      obstacle is NaN and its weight leaves the denominator, so the region's
      available obstacles still sum to 1 (the same "skip and re-normalise"
      rule as COINr's aggregation).
    * **Zero total deviation**: ``0/0``; all obstacles are set to 0 (nothing
      holds the region back), so the row sums to 0, not 1.
    * Indicators with zero weight always get obstacle 0.

    Examples
    --------
    >>> x = pd.DataFrame({"a": [50, 100], "b": [0, 100], "c": [100, 100]},
    ...                  index=["P", "Q"])
    >>> w = pd.Series({"a": 1, "b": 1, "c": 2})
    >>> o = obstacle_degree(x, w)
    >>> o.loc["P"].round(4).tolist()
    [0.3333, 0.6667, 0.0]
    >>> o.loc["Q"].tolist()
    [0.0, 0.0, 0.0]
    """
    lo, hi = _check_normalised(normalised, scale)
    w = _weights_for(weights, normalised.columns)
    x = _unit_values(normalised, lo, hi, scale)
    dev = w * (1.0 - x)                      # NaN where x is missing
    total = np.nansum(dev, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        o = np.where(total > 0, dev / total, np.where(np.isnan(dev), np.nan, 0.0))
    return pd.DataFrame(o, index=normalised.index, columns=normalised.columns)


def _check_normalised(normalised: pd.DataFrame, scale) -> tuple[float, float]:
    """Refuse what :func:`obstacle_degree` cannot take; the scale's ``(lo, hi)``."""
    if not isinstance(normalised, pd.DataFrame):
        raise ValueError(f"normalised must be a pandas DataFrame, got {type(normalised).__name__}")
    if normalised.shape[1] == 0:
        raise ValueError("normalised has no indicator columns")
    if normalised.columns.has_duplicates:
        raise ValueError("normalised has duplicate indicator columns")
    bad = [c for c in normalised.columns if not pd.api.types.is_numeric_dtype(normalised[c])
           or pd.api.types.is_bool_dtype(normalised[c])]
    if bad:
        raise ValueError(f"indicator columns must be numeric; not numeric: {bad[:10]}")
    try:
        lo, hi = (float(s) for s in scale)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"scale must be a pair (lo, hi), got {scale!r}") from exc
    if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):
        raise ValueError(f"scale must be finite with hi > lo, got {scale!r}")
    return lo, hi


def _unit_values(normalised: pd.DataFrame, lo: float, hi: float, scale) -> np.ndarray:
    """``x = (v - lo) / (hi - lo)``, checked to lie in [0, 1] and clipped to it."""
    v = normalised.to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(v).any():
        raise ValueError("normalised contains infinite values")
    x = (v - lo) / (hi - lo)
    out_of_range = (x < -_TOL) | (x > 1 + _TOL)
    if out_of_range.any():
        r, c = np.nonzero(out_of_range)
        where = [(normalised.index[i], normalised.columns[j], v[i, j]) for i, j in zip(r[:5], c[:5])]
        raise ValueError(f"values must lie on the scale {scale}; out of range "
                         f"(region, indicator, value): {where}")
    return np.clip(x, 0.0, 1.0)


def obstacle_by_group(obstacles: pd.DataFrame, mapping) -> pd.DataFrame:
    """Sum indicator obstacle degrees per sub-dimension or dimension.

    Parameters
    ----------
    obstacles : pandas.DataFrame
        Output of :func:`obstacle_degree` (regions x indicators).
    mapping : mapping or pandas.Series
        Indicator id -> group id (sub-dimension such as ``"MEC1"``, or
        dimension such as ``"MEC"``).  Every column must be mapped.

    Returns
    -------
    pandas.DataFrame
        Regions x groups (groups in order of first appearance among the
        columns); each row sums to 1 like the input.  A group whose
        indicators are all missing for a region is NaN.

    Raises
    ------
    ValueError
        If ``obstacles`` is not a DataFrame or an indicator is unmapped.

    Notes
    -----
    The obstacle of a group is the sum of its indicators' obstacles
    (FRAMEWORK.md; standard obstacle-degree model).

    Examples
    --------
    >>> o = pd.DataFrame({"a": [0.2], "b": [0.3], "c": [0.5]}, index=["P"])
    >>> obstacle_by_group(o, {"a": "ORG1", "b": "ORG1", "c": "MEC1"}).loc["P"].tolist()
    [0.5, 0.5]
    """
    if not isinstance(obstacles, pd.DataFrame):
        raise ValueError(f"obstacles must be a pandas DataFrame, got {type(obstacles).__name__}")
    m = pd.Series(mapping.to_dict() if isinstance(mapping, pd.Series) else dict(mapping),
                  dtype=object)
    groups = obstacles.columns.map(lambda c: m.get(c, None))
    unmapped = [c for c, g in zip(obstacles.columns, groups) if g is None or pd.isna(g)]
    if unmapped:
        raise ValueError(f"indicators without a group: {unmapped[:10]}")
    order = pd.unique(np.asarray(groups, dtype=object))
    summed = obstacles.T.groupby(np.asarray(groups, dtype=object), sort=False).sum(min_count=1).T
    summed = summed[list(order)]
    summed.columns = pd.Index(order, name=None)
    return summed


def top_obstacles(obstacles: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` largest obstacles of each region, in long form.

    Parameters
    ----------
    obstacles : pandas.DataFrame
        Regions x indicators or regions x groups (from :func:`obstacle_degree`
        or :func:`obstacle_by_group`).
    n : int, default 3
        How many per region.

    Returns
    -------
    pandas.DataFrame
        Columns ``region`` (the index value), ``rank`` (1 = largest),
        ``factor`` (column name), ``obstacle``; zero and missing obstacles are
        left out; ties keep column order; regions keep their order.

    Examples
    --------
    >>> o = pd.DataFrame({"a": [0.2], "b": [0.5], "c": [0.3]}, index=["P"])
    >>> top_obstacles(o, 2)["factor"].tolist()
    ['b', 'c']
    """
    if not isinstance(obstacles, pd.DataFrame):
        raise ValueError("obstacles must be a pandas DataFrame")
    if int(n) < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    vals = obstacles.to_numpy(dtype=float, na_value=np.nan)
    nr, nc = vals.shape
    long = pd.DataFrame({
        "_row": np.repeat(np.arange(nr), nc),
        "_col": np.tile(np.arange(nc), nr),
        "obstacle": vals.ravel(),
    })
    long = long[long["obstacle"] > 0]  # drops zeros and NaN
    # Largest first within each region; ties keep column order; regions keep their order.
    long = long.sort_values(["_row", "obstacle", "_col"], ascending=[True, False, True],
                            kind="stable")
    long["rank"] = long.groupby("_row", sort=False).cumcount() + 1
    long = long[long["rank"] <= int(n)]
    long.insert(0, "region", obstacles.index.to_numpy()[long["_row"].to_numpy()])
    long.insert(2, "factor", obstacles.columns.to_numpy()[long["_col"].to_numpy()])
    return long[["region", "rank", "factor", "obstacle"]].reset_index(drop=True)
