"""Aggregation of normalised indicators up the framework's hierarchy.

Conventions (COINr 1.1, ``Aggregate``):

* Missing values are skipped and the remaining weights re-normalised:
  ``sum(w_i x_i) / sum(w_i)`` over the non-missing ``x_i``.  An aggregate whose
  inputs are all missing is missing.
* Weighted geometric mean: ``exp(sum(w_i log x_i) / sum(w_i))`` over the
  non-missing ``x_i``; every input must be strictly positive (COINr stops with
  an error too; its examples normalise onto ``[1, 100]`` first).
* TOPSIS closeness (entropy-TOPSIS as used in the Chinese literature): for
  each aggregate node, over *all indicators below it* with their overall
  weights, ``v = w x``; the positive and negative ideal points are the best and
  worst observed ``v`` of each indicator; ``d+``/``d-`` the Euclidean distances
  (missing indicators skipped, weights re-normalised per unit); closeness
  ``d- / (d+ + d-)`` is reported on ``[0, 100]``.

The share of data behind each aggregate (``coverage``) is the share of the
node's overall indicator weight that had data.
"""
from __future__ import annotations

import numpy as np

METHODS = ("arithmetic", "geometric", "topsis")


class AggregationError(ValueError):
    """Aggregation impossible with the given data (for example zero values in a geometric mean)."""


def weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Row-wise weighted arithmetic mean skipping NaN (weights re-normalised).

    Examples
    --------
    >>> weighted_mean(np.array([[1.0, np.nan, 3.0]]), np.array([1.0, 1.0, 3.0])).tolist()
    [2.5]
    """
    have = ~np.isnan(x)
    ws = np.where(have, w, 0.0)
    den = ws.sum(axis=1)
    num = np.where(have, x, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[den == 0] = np.nan
    return out


def weighted_geometric(x: np.ndarray, w: np.ndarray, labels: list | None = None,
                       columns: list | None = None) -> np.ndarray:
    """Row-wise weighted geometric mean skipping NaN; inputs must be > 0.

    Examples
    --------
    >>> round(float(weighted_geometric(np.array([[1.0, 100.0]]), np.array([1.0, 1.0]))[0]), 9)
    10.0
    """
    bad = (x <= 0) & ~np.isnan(x)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        unit = labels[i] if labels is not None else i
        col = columns[j] if columns is not None else j
        raise AggregationError(
            f"几何平均要求所有输入严格大于 0，但 {unit} 的 {col} 为 {x[i, j]:g}；请改用 [1, 100] 的 min-max 标准化。\n"
            f"The geometric mean needs strictly positive inputs, but {col} of {unit} is {x[i, j]:g}; "
            "normalise onto [1, 100] (min-max) first.")
    have = ~np.isnan(x)
    ws = np.where(have, w, 0.0)
    den = ws.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.exp((np.where(have, np.log(np.where(have, x, 1.0)), 0.0) * w).sum(axis=1) / den)
    out[den == 0] = np.nan
    return out


def topsis(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """TOPSIS closeness (0..1) of each row, NaN skipped per row.

    With per-row re-normalised weights ``w'``, ``d+ = sqrt(sum w'^2 (x - x+)^2)``
    where ``x+`` is the column maximum (``x-`` the minimum); closeness is
    ``d- / (d+ + d-)``.  A row whose present columns show no spread at all
    (``d+ + d- == 0``) has no defined closeness and is NaN.

    ``w`` may also be a stack of weight vectors (replications x columns): the
    result is then replications x rows (used by the uncertainty analysis).

    Examples
    --------
    >>> topsis(np.array([[0.0, 0.0], [1.0, 1.0], [0.5, 0.5]]), np.array([0.5, 0.5])).tolist()
    [0.0, 1.0, 0.5]
    """
    have = ~np.isnan(x)
    ws = np.asarray(w, dtype=float)[..., None, :] * have          # ([R] x) rows x columns
    den = ws.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        wn = ws / den
        best = np.nanmax(np.where(have, x, -np.inf), axis=0)
        worst = np.nanmin(np.where(have, x, np.inf), axis=0)
        xf = np.where(have, x, 0.0)
        dp = np.sqrt((wn ** 2 * np.where(have, (xf - best) ** 2, 0.0)).sum(axis=-1))
        dm = np.sqrt((wn ** 2 * np.where(have, (xf - worst) ** 2, 0.0)).sum(axis=-1))
        out = dm / (dp + dm)
    out[(den[..., 0] == 0) | ((dp + dm) == 0)] = np.nan
    return out
