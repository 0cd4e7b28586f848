"""Normalisation of indicators onto a common scale.

Conventions (COINr 1.1, ``Normalise``):

* Direction ``-1`` is applied by multiplying the indicator by ``-1`` *before*
  normalising, so every normalised indicator is "more is better".
* Min-max onto ``[l, u]``: ``l + (x - min) / (max - min) * (u - l)``.  A
  constant indicator has ``max == min``; COINr then returns ``NaN`` (0/0) and
  so does this function: the indicator carries no information and aggregation
  skips it with its weight re-normalised.
* z-score: ``m + s * (x - mean) / sd`` with the *sample* standard deviation
  (``ddof=1``); ``(m, s) = (0, 1)`` by default.
* Rank: ``rank(x, ties = "min")`` after the direction flip, so 1 is the worst
  value and ties share the lower rank; missing values stay missing.  With a
  scale ``[l, u]`` the ranks ``1..n`` are mapped linearly onto it.
* Goalposts (distance to target): ``(x - lo) / (hi - lo)`` clipped to
  ``[0, 1]`` and mapped onto ``[l, u]``, where ``lo``/``hi`` are the
  framework's ``goal_min``/``goal_max`` (``target`` stands in for the "good"
  end when ``goal_max`` is empty for a positive indicator or ``goal_min`` is
  empty for a negative one), else the observed minimum/maximum.

Every function works column-wise on a DataFrame with units in rows and
indicators in columns, is vectorised, and leaves ``NaN`` as ``NaN``.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

#: The scale each normalisation uses when none is given: ``[0, 100]`` for min-max and goalposts, mean 0 /
#: SD 1 for z-scores, the raw ranks ``1..n`` for ranks (read by the method registry, :mod:`metrics.methods`).
DEFAULT_SCALE = {"minmax": (0.0, 100.0), "zscore": (0.0, 1.0), "rank": None, "goalposts": (0.0, 100.0)}



def _directed(x: pd.DataFrame, directions: pd.Series | None) -> pd.DataFrame:
    if directions is None:
        return x.astype(float)
    d = directions.reindex(x.columns).fillna(1).astype(float)
    return x.astype(float) * d.to_numpy()


def minmax(x: pd.DataFrame, directions: pd.Series | None = None, lo: float = 0.0, hi: float = 100.0) -> pd.DataFrame:
    """Min-max normalisation onto ``[lo, hi]``.

    Examples
    --------
    >>> minmax(pd.DataFrame({"a": [1.0, 2.0, 3.0]}))["a"].tolist()
    [0.0, 50.0, 100.0]
    >>> minmax(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), pd.Series({"a": -1}))["a"].tolist()
    [100.0, 50.0, 0.0]
    """
    # In place on one copy, in the order of lo + (v - mn) / (mx - mn) * (hi - lo): the same numbers without
    # the six temporary arrays (a county table is 28,440 x 150; each new array costs its page faults).
    out = x.to_numpy(dtype=float, copy=True)
    if directions is not None:
        out *= directions.reindex(x.columns).fillna(1).astype(float).to_numpy()
    mn = np.fmin.reduce(out, axis=0)   # NaN ignored; NaN only for an all-missing column (dropped below)
    mx = np.fmax.reduce(out, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        span = mx - mn
        out -= mn
        out /= span
        out *= hi - lo
        out += lo
    out[:, ~np.isfinite(span) | (span == 0)] = np.nan
    return pd.DataFrame(out, index=x.index, columns=x.columns)


def zscore(x: pd.DataFrame, directions: pd.Series | None = None, mean: float = 0.0, sd: float = 1.0) -> pd.DataFrame:
    """Standardisation with the sample standard deviation (``ddof=1``).

    Examples
    --------
    >>> zscore(pd.DataFrame({"a": [1.0, 2.0, 3.0]}))["a"].tolist()
    [-1.0, 0.0, 1.0]
    """
    v = _directed(x, directions)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = mean + sd * (v - v.mean()) / v.std(ddof=1)
    return out.replace([np.inf, -np.inf], np.nan)


def rank(x: pd.DataFrame, directions: pd.Series | None = None, scale: tuple | None = None) -> pd.DataFrame:
    """Rank normalisation (``ties = "min"``; 1 is the worst value).

    Examples
    --------
    >>> rank(pd.DataFrame({"a": [5.0, 1.0, 5.0, 3.0]}))["a"].tolist()
    [3.0, 1.0, 3.0, 2.0]
    """
    r = _directed(x, directions).rank(method="min", na_option="keep")
    if scale is not None:
        lo, hi = scale
        n = r.notna().sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            r = lo + (r - 1) / (n - 1).replace(0, np.nan) * (hi - lo)
    return r


def goalpost_ends(x: pd.DataFrame, meta: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The "bad" and "good" end of each column of ``x`` in raw units (see :func:`goalposts`)."""
    m = meta.reindex(x.columns)
    d = m["direction"].fillna(1).to_numpy(dtype=float)
    gmin = m["goal_min"].to_numpy(dtype=float)
    gmax = m["goal_max"].to_numpy(dtype=float)
    tgt = m["target"].to_numpy(dtype=float)
    v = x.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        obs_min = np.nanmin(np.where(np.isnan(v), np.inf, v), axis=0)
        obs_max = np.nanmax(np.where(np.isnan(v), -np.inf, v), axis=0)
    good = np.where(d > 0, np.where(np.isnan(gmax), tgt, gmax), np.where(np.isnan(gmin), tgt, gmin))
    bad = np.where(d > 0, gmin, gmax)
    good = np.where(np.isnan(good), np.where(d > 0, obs_max, obs_min), good)
    bad = np.where(np.isnan(bad), np.where(d > 0, obs_min, obs_max), bad)
    return bad, good


def goalposts(x: pd.DataFrame, meta: pd.DataFrame, lo: float = 0.0, hi: float = 100.0) -> pd.DataFrame:
    """Distance between goalposts, clipped, onto ``[lo, hi]``.

    ``meta`` is indexed by indicator code with columns ``direction``,
    ``goal_min``, ``goal_max``, ``target``.

    Examples
    --------
    >>> m = pd.DataFrame({"direction": [1], "goal_min": [0.0], "goal_max": [50.0], "target": [np.nan]}, index=["a"])
    >>> goalposts(pd.DataFrame({"a": [0.0, 25.0, 80.0]}), m)["a"].tolist()
    [0.0, 50.0, 100.0]
    """
    v = x.to_numpy(dtype=float)
    bad, good = goalpost_ends(x, meta)
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = (v - bad) / (good - bad)
    frac = np.clip(frac, 0.0, 1.0)
    frac[:, ~np.isfinite(good - bad) | (good == bad)] = np.nan
    out = lo + frac * (hi - lo)
    return pd.DataFrame(out, index=x.index, columns=x.columns)


def normalize(x: pd.DataFrame, method: str, meta: pd.DataFrame, scale: tuple | None = None,
              by: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
    """Normalise every column of ``x`` with ``method``.

    Parameters
    ----------
    x : DataFrame
        Units in rows, indicators in columns.
    method : {"minmax", "zscore", "rank", "goalposts"}
    meta : DataFrame
        Framework rows for the columns (``direction``, goal posts).
    scale : (float, float), optional
        ``[lo, hi]`` for min-max, goalposts and rank; ``(mean, sd)`` for
        z-scores.  ``None`` means the method's default: ``[0, 100]`` for
        min-max and goalposts, mean 0 / SD 1 for z-scores, raw ranks ``1..n``.
    by : array-like, optional
        Normalise separately within each value of ``by`` (for example per
        year, as COINr does for each coin of a purse).
    """
    if method not in DEFAULT_SCALE:  # the choices are the method registry's, which Spec checks first
        raise ValueError(f"未知的标准化方法 {method!r} / unknown normalisation {method!r}")
    if scale is None:
        scale = DEFAULT_SCALE[method]
    if by is not None:
        parts = [normalize(g, method, meta, scale) for _, g in x.groupby(np.asarray(by), sort=False)]
        return pd.concat(parts).reindex(x.index)
    directions = meta["direction"] if "direction" in meta else None
    if method == "minmax":
        return minmax(x, directions, *scale)
    if method == "zscore":
        return zscore(x, directions, *scale)
    if method == "rank":
        return rank(x, directions, scale)
    return goalposts(x, meta, *scale)


def inverse_affine(reference: pd.DataFrame, method: str, meta: pd.DataFrame, scale: tuple | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Offset and slope of each column such that ``raw = offset + slope * z`` undoes :func:`normalize`.

    ``reference`` is the data the normalisation was computed on (one pool: all
    region-years, or one year with ``by``).  Exact for min-max and z-scores;
    for goalposts between the two goalposts (beyond them the normalisation is
    clipped, so the inverse gives the goalpost).  Direction ``-1`` is undone
    with the sign flip.  Rank normalisation is a step function: use
    :func:`denormalize`.

    Examples
    --------
    >>> x = pd.DataFrame({"a": [2.0, 4.0, 6.0]})
    >>> off, slope = inverse_affine(x, "minmax", pd.DataFrame({"direction": [-1]}, index=["a"]))
    >>> (off + slope * np.array([100.0, 0.0])).tolist()      # 100 = best = lowest value
    [2.0, 6.0]
    """
    if scale is None:
        scale = DEFAULT_SCALE[method]
    m = meta.reindex(reference.columns)
    d = m["direction"].fillna(1).to_numpy(dtype=float) if "direction" in m else np.ones(reference.shape[1])
    v = reference.to_numpy(dtype=float) * d
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)      # an all-missing column has no inverse: NaN
        if method == "minmax":
            lo, hi = scale
            mn, mx = np.nanmin(v, axis=0), np.nanmax(v, axis=0)
            slope = (mx - mn) / (hi - lo)
            return d * (mn - lo * slope), d * slope
        if method == "zscore":
            mean, sd = scale
            mu, s = np.nanmean(v, axis=0), np.nanstd(v, axis=0, ddof=1)
            return d * (mu - mean * s / sd), d * s / sd
        if method == "goalposts":
            lo, hi = scale
            bad, good = goalpost_ends(reference, meta)
            slope = (good - bad) / (hi - lo)
            return bad - lo * slope, slope
    raise ValueError(f"no affine inverse for {method!r} normalisation; use denormalize")


def denormalize(z: pd.DataFrame, reference: pd.DataFrame, method: str, meta: pd.DataFrame,
                scale: tuple | None = None) -> pd.DataFrame:
    """Raw values whose normalisation against ``reference`` is ``z`` (columns of ``z`` in ``reference``).

    Min-max, z-scores and goalposts through :func:`inverse_affine`.  Ranks are a
    step function of the value; a rank between two observed ranks is mapped to
    the value linearly between the two observed values (a rank at an observed
    rank gives that rank's value), so the inverse is continuous and monotone.

    Examples
    --------
    >>> x = pd.DataFrame({"a": [10.0, 30.0, 20.0]})
    >>> denormalize(pd.DataFrame({"a": [2.0, 2.5]}), x, "rank", pd.DataFrame({"direction": [1]}, index=["a"]))["a"].tolist()
    [20.0, 25.0]
    """
    ref = reference[list(z.columns)]
    if method != "rank":
        off, slope = inverse_affine(ref, method, meta, scale)
        return pd.DataFrame(off + slope * z.to_numpy(dtype=float), index=z.index, columns=z.columns)
    r = rank(ref, meta["direction"] if "direction" in meta else None, scale)
    m = meta.reindex(ref.columns)
    d = m["direction"].fillna(1).to_numpy(dtype=float) if "direction" in m else np.ones(ref.shape[1])
    out = np.full(z.shape, np.nan)
    for j, c in enumerate(z.columns):
        have = r[c].notna().to_numpy()
        if not have.any():
            continue
        rv = r[c].to_numpy(dtype=float)[have]
        xv = ref[c].to_numpy(dtype=float)[have] * d[j]
        order = np.lexsort((xv, rv))
        rv, xv = rv[order], xv[order]
        first = np.r_[True, rv[1:] != rv[:-1]]   # tied values share one rank and one value
        out[:, j] = d[j] * np.interp(z[c].to_numpy(dtype=float), rv[first], xv[first])
    return pd.DataFrame(out, index=z.index, columns=z.columns)
