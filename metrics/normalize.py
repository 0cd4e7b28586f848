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

import numpy as np
import pandas as pd

METHODS = ("minmax", "zscore", "rank", "goalposts")
DEFAULT_SCALE = {"minmax": (0.0, 100.0), "goalposts": (0.0, 100.0), "zscore": (0.0, 1.0), "rank": None}


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
    v = _directed(x, directions).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mn = np.nanmin(np.where(np.isnan(v), np.inf, v), axis=0)
        mx = np.nanmax(np.where(np.isnan(v), -np.inf, v), axis=0)
        out = lo + (v - mn) / (mx - mn) * (hi - lo)
    out[:, ~np.isfinite(mx - mn) | (mx == mn)] = np.nan
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
    m = meta.reindex(x.columns)
    d = m["direction"].fillna(1).to_numpy(dtype=float)
    gmin = m["goal_min"].to_numpy(dtype=float)
    gmax = m["goal_max"].to_numpy(dtype=float)
    tgt = m["target"].to_numpy(dtype=float)
    v = x.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        obs_min = np.nanmin(np.where(np.isnan(v), np.inf, v), axis=0)
        obs_max = np.nanmax(np.where(np.isnan(v), -np.inf, v), axis=0)
    # the "good" and "bad" ends in the raw units
    good = np.where(d > 0, np.where(np.isnan(gmax), tgt, gmax), np.where(np.isnan(gmin), tgt, gmin))
    bad = np.where(d > 0, gmin, gmax)
    good = np.where(np.isnan(good), np.where(d > 0, obs_max, obs_min), good)
    bad = np.where(np.isnan(bad), np.where(d > 0, obs_min, obs_max), bad)
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
    if method not in METHODS:
        raise ValueError(f"unknown normalisation {method!r}; choose one of {', '.join(METHODS)}")
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
