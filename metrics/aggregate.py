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
  ``d- / (d+ + d-)`` is reported on ``[0, 100]``.  The ideal points are taken
  over every region-year of the assessment (pooled, like the normalisation),
  or within each year when normalising by year, so a year's score does not
  depend on which year is being looked at.
* TOPSIS's input is the spec's normalisation by default.  Classic TOPSIS
  (Hwang & Yoon 1981) uses vector normalisation ``r = x / sqrt(sum x^2)``
  instead (:func:`vector_normalise`, ``Spec(topsis_norm="vector")``): it keeps
  each indicator's relative spread, while min-max first stretches every
  indicator onto the same range, so an indicator on which regions hardly
  differ counts as much as one on which they differ widely.

The share of data behind each aggregate (``coverage``) is the share of the
node's overall indicator weight that had data.
"""
from __future__ import annotations

import numpy as np

#: Inputs of TOPSIS: the spec's normalisation, or classic vector normalisation.
TOPSIS_NORMS = ("spec", "vector")


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


def vector_normalise(x, directions=None, by=None):
    """Classic TOPSIS normalisation ``d * x / sqrt(sum x^2)`` of each column (NaN skipped).

    The direction ``d = ±1`` is applied after dividing by the column's Euclidean
    norm, so a less-is-better indicator has its ideal at its smallest value, as
    in Hwang & Yoon (1981).  ``by`` (array-like) normalises within each of its
    values (for example per year); otherwise all rows are pooled.  A column of
    zeros has no norm and is NaN.

    Examples
    --------
    >>> import pandas as pd
    >>> vector_normalise(pd.DataFrame({"a": [3.0, 4.0]}))["a"].tolist()
    [0.6, 0.8]
    """
    import pandas as pd
    if by is not None:
        parts = [vector_normalise(g, directions) for _, g in x.groupby(np.asarray(by), sort=False)]
        return pd.concat(parts).reindex(x.index)
    v = x.to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        norm = np.sqrt(np.nansum(v ** 2, axis=0))
        out = v / np.where(norm > 0, norm, np.nan)
    if directions is not None:
        out = out * directions.reindex(x.columns).fillna(1).to_numpy(dtype=float)
    return pd.DataFrame(out, index=x.index, columns=x.columns)


def topsis(x: np.ndarray, w: np.ndarray, ref: np.ndarray | None = None) -> np.ndarray:
    """TOPSIS closeness (0..1) of each row, NaN skipped per row.

    With per-row re-normalised weights ``w'``, ``d+ = sqrt(sum w'^2 (x - x+)^2)``
    where ``x+`` is the column maximum (``x-`` the minimum); closeness is
    ``d- / (d+ + d-)``.  A row whose present columns show no spread at all
    (``d+ + d- == 0``) has no defined closeness and is NaN.

    ``ref`` (rows x the same columns) gives the rows whose best and worst
    values are the ideal points (default ``x`` itself): the uncertainty
    analysis scores one year against ideal points pooled over all years, as
    :func:`~metrics.assess` does.

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
        r = x if ref is None else np.asarray(ref, dtype=float)
        r_have = ~np.isnan(r)
        best = np.max(np.where(r_have, r, -np.inf), axis=0)
        worst = np.min(np.where(r_have, r, np.inf), axis=0)
        xf = np.where(have, x, 0.0)
        dp = np.sqrt((wn ** 2 * np.where(have, (xf - best) ** 2, 0.0)).sum(axis=-1))
        dm = np.sqrt((wn ** 2 * np.where(have, (xf - worst) ** 2, 0.0)).sum(axis=-1))
        out = dm / (dp + dm)
    out[(den[..., 0] == 0) | ((dp + dm) == 0)] = np.nan
    return out
