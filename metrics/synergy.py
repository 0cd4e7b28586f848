"""Coupling-coordination degree (耦合协调度) among subsystems.

The paper behind this project (梁宇, 郑易平 2021, 情报杂志 40(9)) asks for
the "协同效应" of organizational, mechanism and awareness collaboration. The
coupling-coordination degree makes that measurable: a region that is strong in
one dimension and weak in the others scores low even with a fair average.

Model (n subsystems, scores ``U_i`` in [0, 1])::

    C = n * (prod_i U_i) ** (1/n) / sum_i U_i        coupling degree, in [0, 1]
    T = sum_i a_i * U_i,  sum_i a_i = 1               comprehensive development
    D = sqrt(C * T)                                    coupling-coordination degree

``C`` is the ratio of the geometric to the arithmetic mean, so ``C <= 1`` by
the AM-GM inequality, with equality exactly when all ``U_i`` are equal.  This is
the n-subsystem form whose range is the whole of [0, 1], as discussed in
王淑佳, 孔伟, 任亮, 治丹丹, 戴彬涛 (2021) 《国内耦合协调度模型的误区及修正》,
自然资源学报 36(3): 793-810.  The older form ``C = [prod U_i / (sum U_i)^n]^(1/n)``
(without the factor ``n``) does not reach 1 and is *not* used here.

The ten-band classification of ``D`` by tenths (极度失调 ... 优质协调) follows
廖重斌 (1999) 《环境与经济协调发展的定量评判及其分类体系》, 热带地理
19(2): 171-177, in the equal-width form that most later Chinese studies use.
The four coupling stages of ``C`` (0.3 / 0.5 / 0.8 cut-offs) follow the
convention of 刘耀彬, 李仁东, 宋学锋 (2005) 《中国城市化与生态环境耦合度分析》,
自然资源学报 20(1): 105-112; some papers shift the cut-offs, so they are
exported as :data:`STAGES` and can be read by any caller.

This module imports only numpy and pandas and does no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "BANDS",
    "STAGES",
    "band_of",
    "stage_of",
    "coupling_coordination",
]

#: Ten coordination bands of D: ``(lo, hi, zh, en)``; band k covers [lo, hi),
#: except band 10 which also contains D = 1 (Liao 1999, equal-width form).
BANDS: tuple[tuple[float, float, str, str], ...] = (
    (0.0, 0.1, "极度失调", "Extreme imbalance"),
    (0.1, 0.2, "严重失调", "Severe imbalance"),
    (0.2, 0.3, "中度失调", "Moderate imbalance"),
    (0.3, 0.4, "轻度失调", "Mild imbalance"),
    (0.4, 0.5, "濒临失调", "Near imbalance"),
    (0.5, 0.6, "勉强协调", "Barely coordinated"),
    (0.6, 0.7, "初级协调", "Primary coordination"),
    (0.7, 0.8, "中级协调", "Intermediate coordination"),
    (0.8, 0.9, "良好协调", "Good coordination"),
    (0.9, 1.0, "优质协调", "Excellent coordination"),
)

#: Four coupling stages of C: ``(lo, hi, zh, en)``; stage 1 covers [0, 0.3],
#: the others (lo, hi] (刘耀彬 et al. 2005 convention).
STAGES: tuple[tuple[float, float, str, str], ...] = (
    (0.0, 0.3, "低水平耦合", "Low-level coupling"),
    (0.3, 0.5, "拮抗", "Antagonism"),
    (0.5, 0.8, "磨合", "Running-in"),
    (0.8, 1.0, "高水平耦合", "High-level coupling"),
)

_TOL = 1e-9
# Inner band edges 0.1 .. 0.9 as the floats nearest to k/10 (identical to the
# literals 0.1, 0.2, ...), so ``band_of(0.1) == 2`` exactly.
_BAND_EDGES = np.array([k / 10 for k in range(1, 10)])
_STAGE_EDGES = np.array([s[1] for s in STAGES[:-1]])  # 0.3, 0.5, 0.8


def _classify(x: Any, edges: np.ndarray, side: str, name: str):
    """Shared vectorised classifier for :func:`band_of` and :func:`stage_of`."""
    is_series = isinstance(x, pd.Series)
    scalar = np.ndim(x) == 0 and not is_series
    try:
        arr = (x.to_numpy(dtype=float, na_value=np.nan) if is_series
               else np.asarray(x, dtype=float))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric; got {str(x)[:80]}") from exc
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a scalar or one-dimensional, got shape {arr.shape}")
    finite = np.isfinite(arr)
    if np.any(np.isinf(arr)):
        raise ValueError(f"{name} must lie in [0, 1]; got an infinite value")
    bad = finite & ((arr < -_TOL) | (arr > 1 + _TOL))
    if np.any(bad):
        raise ValueError(
            f"{name} must lie in [0, 1]; got {arr[bad].ravel()[:5].tolist()}"
        )
    idx = np.searchsorted(edges, np.where(finite, arr, 0.0), side=side) + 1
    if scalar:
        return int(idx) if bool(finite) else pd.NA
    out = pd.array(np.where(finite, idx, 0), dtype="Int64")
    out[~finite] = pd.NA
    if is_series:
        return pd.Series(out, index=x.index, name=x.name)
    return out


def band_of(d):
    """Coordination band (1..10) of coupling-coordination degrees ``D``.

    Band ``k`` covers ``[(k-1)/10, k/10)``; ``D = 1`` is band 10.  The edges
    are the floats ``0.1, 0.2, ..., 0.9`` so that ``band_of(0.1) == 2``.

    Parameters
    ----------
    d : float or 1-D array-like or pandas.Series
        Values in [0, 1] (a tolerance of 1e-9 is allowed). NaN is allowed.

    Returns
    -------
    int or pandas.api.extensions.ExtensionArray or pandas.Series
        An ``int`` (``pd.NA`` for NaN) for a scalar; a nullable ``Int64``
        array for an array-like; an ``Int64`` Series with the same index for
        a Series.  Labels are ``BANDS[k - 1][2]`` (zh) and ``[3]`` (en).

    Raises
    ------
    ValueError
        If a value is infinite, non-numeric or outside [0, 1].

    Notes
    -----
    Convention: equal-width tenths, after 廖重斌 (1999), 热带地理 19(2).

    Examples
    --------
    >>> band_of(0.1), band_of(0.0999), band_of(1.0)
    (2, 1, 10)
    >>> band_of([0.05, 0.55, 0.95]).tolist()
    [1, 6, 10]
    >>> BANDS[band_of(0.55) - 1][3]
    'Barely coordinated'
    """
    return _classify(d, _BAND_EDGES, "right", "D")


def stage_of(c):
    """Coupling stage (1..4) of coupling degrees ``C``.

    Stage 1 低水平耦合 covers [0, 0.3]; stage 2 拮抗 (0.3, 0.5];
    stage 3 磨合 (0.5, 0.8]; stage 4 高水平耦合 (0.8, 1].

    Parameters
    ----------
    c : float or 1-D array-like or pandas.Series
        Values in [0, 1] (tolerance 1e-9). NaN is allowed.

    Returns
    -------
    int or pandas.api.extensions.ExtensionArray or pandas.Series
        Same conventions as :func:`band_of`; labels in :data:`STAGES`.

    Notes
    -----
    Convention: the cut-offs of 刘耀彬, 李仁东, 宋学锋 (2005), 自然资源学报
    20(1), widely reused in Chinese coupling studies; intervals are closed on
    the right.

    Examples
    --------
    >>> stage_of(0.3), stage_of(0.31), stage_of(0.8), stage_of(1.0)
    (1, 2, 3, 4)
    >>> STAGES[stage_of(0.6) - 1][2]
    '磨合'
    """
    return _classify(c, _STAGE_EDGES, "left", "C")


def _weights(weights, columns: pd.Index) -> np.ndarray:
    n = len(columns)
    if weights is None:
        return np.full(n, 1.0 / n)
    if isinstance(weights, (Mapping, pd.Series)):
        w = pd.Series(weights, dtype=float) if isinstance(weights, Mapping) else weights
        missing = [c for c in columns if c not in w.index]
        extra = [k for k in w.index if k not in columns]
        if missing or extra:
            raise ValueError(
                "weights must be keyed by the subsystem columns "
                f"{list(columns)}; missing {missing}, unknown {extra}"
            )
        arr = w.reindex(columns).to_numpy(dtype=float)
    elif isinstance(weights, (Sequence, np.ndarray)) and not isinstance(weights, str):
        try:
            arr = np.asarray(weights, dtype=float).ravel()
        except (TypeError, ValueError) as exc:
            raise ValueError(f"weights must be numbers, got {weights!r}") from exc
        if arr.size != n:
            raise ValueError(f"weights has {arr.size} values for {n} subsystems")
    else:
        raise ValueError("weights must be None, a mapping/Series by column, or a sequence")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"weights must be finite and non-negative; got {arr.tolist()}")
    total = arr.sum()
    if total <= 0:
        raise ValueError("weights must not all be zero")
    return arr / total


def coupling_coordination(
    scores: pd.DataFrame, weights=None, scale: float = 100.0
) -> pd.DataFrame:
    """Coupling degree C, development index T and coordination degree D.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per region (any index, kept), one numeric column per
        subsystem (e.g. ``ORG, MEC, AWA``); at least two columns.  NaN in any
        subsystem makes every output of that row NaN / missing.
    weights : None, mapping, pandas.Series or sequence, optional
        Contribution ``a_i`` of each subsystem to ``T``.  Default equal
        weights.  Must be finite and non-negative; normalised to sum to 1.
        A mapping/Series must be keyed by exactly the columns of ``scores``.
    scale : float, default 100.0
        Scores are divided by ``scale`` to give ``U_i`` in [0, 1]; values
        outside [0, 1] by more than 1e-9 raise, smaller excursions are
        clipped.  Use ``scale=1`` for scores already in [0, 1].

    Returns
    -------
    pandas.DataFrame
        Same index as ``scores``, columns ``C, T, D`` (float), ``band``
        (``Int64`` 1..10), ``band_zh, band_en``, ``stage`` (``Int64`` 1..4),
        ``stage_zh, stage_en``.

    Raises
    ------
    ValueError
        On a non-DataFrame, fewer than two columns, non-numeric or infinite
        values, values out of range, a non-positive scale or bad weights.

    Notes
    -----
    ``C = n * (prod U_i)^(1/n) / sum U_i`` (geometric over arithmetic mean),
    ``T = sum a_i U_i``, ``D = sqrt(C T)``; see the module docstring for the
    sources (王淑佳 et al. 2021 on the n-subsystem form, 廖重斌 1999 for the
    bands, 刘耀彬 et al. 2005 for the stages).

    Conventions for degenerate rows: if every ``U_i`` is 0 the ratio is 0/0;
    we define ``C = 0`` (no development means no coupling), hence ``T = D = 0``.
    If some but not all ``U_i`` are 0 then ``C = 0`` by the formula.  A row of
    equal positive values gets exactly ``C = 1``: the geometric mean is
    computed on ``U / max(U)`` (scale-invariant, no underflow for large n).

    Examples
    --------
    >>> df = pd.DataFrame({"ORG": [60, 90], "MEC": [60, 10], "AWA": [60, 10]},
    ...                   index=["A", "B"])
    >>> out = coupling_coordination(df)
    >>> out.loc["A", ["C", "T"]].tolist()
    [1.0, 0.6]
    >>> round(float(out.loc["A", "D"]), 4), out.loc["A", "band_en"]
    (0.7746, 'Intermediate coordination')
    >>> round(float(out.loc["B", "C"]), 4), out.loc["B", "stage_zh"]
    (0.5673, '磨合')
    """
    scale = _check_scores(scores, scale)
    a = _weights(weights, scores.columns)
    u = _unit_scores(scores, scale)
    C, T, D, valid = _coupling(u, a)
    out = pd.DataFrame({"C": C, "T": T, "D": D}, index=scores.index)
    return _with_bands(out, valid)


def _check_scores(scores: pd.DataFrame, scale) -> float:
    """Refuse what :func:`coupling_coordination` cannot take; the scale as a float."""
    if not isinstance(scores, pd.DataFrame):
        raise ValueError(f"scores must be a pandas DataFrame, got {type(scores).__name__}")
    n = scores.shape[1]
    if n < 2:
        raise ValueError(f"coupling needs at least 2 subsystem columns, got {n}")
    if scores.columns.has_duplicates:
        raise ValueError(f"duplicate subsystem columns: {list(scores.columns)}")
    non_numeric = [c for c in scores.columns if not pd.api.types.is_numeric_dtype(scores[c])
                   or pd.api.types.is_bool_dtype(scores[c])]
    if non_numeric:
        raise ValueError(f"subsystem columns must be numeric; not numeric: {non_numeric}")
    try:
        scale = float(scale)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"scale must be a positive number, got {scale!r}") from exc
    if not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a positive finite number, got {scale}")
    return scale


def _unit_scores(scores: pd.DataFrame, scale: float) -> np.ndarray:
    """``U_i``: the scores divided by ``scale``, checked to lie in [0, 1] and clipped to it."""
    u = scores.to_numpy(dtype=float, na_value=np.nan) / scale
    if np.any(np.isinf(u)):
        raise ValueError("scores contain infinite values")
    bad = (u < -_TOL) | (u > 1 + _TOL)  # NaN compares False
    if np.any(bad):
        r, c = np.nonzero(bad)
        where = [(scores.index[i], scores.columns[j], scores.iat[i, j])
                 for i, j in zip(r[:5], c[:5])]
        raise ValueError(
            f"scores divided by scale={scale:g} must lie in [0, 1]; "
            f"out of range (region, subsystem, value): {where}"
        )
    return np.clip(u, 0.0, 1.0)


def _coupling(u: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``C``, ``T``, ``D`` of each row of ``U`` and which rows are complete."""
    n = u.shape[1]
    valid = ~np.isnan(u).any(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        umax = u.max(axis=1, keepdims=True)
        r = u / umax  # rows with umax == 0 -> NaN, handled below
        gm_r = np.exp(np.log(r).mean(axis=1))  # geometric mean of U / max U
        C = n * gm_r / r.sum(axis=1)
    zero_row = valid & (umax[:, 0] == 0)
    C = np.where(zero_row, 0.0, C)
    C = np.where(valid, np.clip(C, 0.0, 1.0), np.nan)
    T = np.where(valid, np.clip(np.nan_to_num(u) @ a, 0.0, 1.0), np.nan)
    D = np.sqrt(C * T)
    return C, T, D, valid


def _with_bands(out: pd.DataFrame, valid: np.ndarray) -> pd.DataFrame:
    """``out`` (``C, T, D``) with the coordination band and coupling stage and their zh/en names."""
    out["band"] = band_of(out["D"])
    out["stage"] = stage_of(out["C"])
    band_zh = np.array([b[2] for b in BANDS], dtype=object)
    band_en = np.array([b[3] for b in BANDS], dtype=object)
    stage_zh = np.array([s[2] for s in STAGES], dtype=object)
    stage_en = np.array([s[3] for s in STAGES], dtype=object)
    bi = out["band"].fillna(1).to_numpy(dtype=int) - 1
    si = out["stage"].fillna(1).to_numpy(dtype=int) - 1
    out["band_zh"] = np.where(valid, band_zh[bi], None)
    out["band_en"] = np.where(valid, band_en[bi], None)
    out["stage_zh"] = np.where(valid, stage_zh[si], None)
    out["stage_en"] = np.where(valid, stage_en[si], None)
    return out[["C", "T", "D", "band", "band_zh", "band_en", "stage", "stage_zh", "stage_en"]]
