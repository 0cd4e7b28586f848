"""Weighting methods.

Objective weights (entropy, CRITIC, PCA) are computed for the indicators from
data and then used through the hierarchy: within a parent, the children's
weights are their (summed) indicator weights, so the overall weight of every
indicator is the objective weight itself.  This is how the Chinese literature
applies 熵权法 to a multi-level system.

Entropy and CRITIC use the indicators min-max normalised onto ``[0, 1]``
with direction applied, pooled over all rows given (all region-years),
whatever normalisation the index itself uses; missing values are skipped.

AHP weights come from pairwise-comparison matrices on Saaty's 1-9 scale; the
principal eigenvector gives the weights and the consistency ratio
``CR = CI / RI`` with ``CI = (lambda_max - n) / (n - 1)`` and Saaty's random
index RI must be below 0.10.  ``lambda_max >= n`` for every positive reciprocal
matrix, so CI and CR are clamped at 0 (a consistent matrix can come out of the
eigen-solver as ``2.999999999999999`` for n = 3).  Saaty's random index is
tabulated for n <= 15 (Saaty 1980, the table below); a matrix of more than 15
elements is refused rather than judged against an extrapolated index.

PCA weights (OECD/JRC Handbook 2008, §6.1) rotate the retained components with
varimax with Kaiser normalisation by default, the default of R's
``stats::varimax``, SPSS and factor_analyzer, and keep the components by
eigenvalue > 1 (default), by cumulative share of variance or by count.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Saaty's random consistency index for n = 1..15 (Saaty 1980); larger matrices are refused.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
                10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59}
#: The largest AHP matrix with a tabulated random index.
AHP_MAX_N = max(RANDOM_INDEX)

#: Factor-retention rules of :func:`pca_weights` and their default thresholds (``count`` needs one).
RETAIN_RULES = ("eigenvalue", "variance", "count")
RETAIN_DEFAULTS = {"eigenvalue": 1.0, "variance": 0.6, "count": None}


def check_retention(retain: str, threshold: float | None) -> None:
    """Raise ValueError unless ``retain``/``threshold`` make a valid factor-retention rule."""
    if retain not in RETAIN_RULES:
        raise ValueError(f"pca_retain must be one of {RETAIN_RULES}")
    t = RETAIN_DEFAULTS[retain] if threshold is None else float(threshold)
    if retain == "count" and (t is None or t < 1 or t != int(t)):
        raise ValueError("保留因子数必须是正整数 / pca_retain='count' needs a whole number of factors (pca_threshold)")
    if retain == "variance" and not 0 < t <= 1:
        raise ValueError("累计方差比例必须在 (0, 1] 之间 / pca_retain='variance' needs a share of variance in (0, 1]")
    if retain == "eigenvalue" and not t >= 0:
        raise ValueError("特征值阈值不能为负 / pca_retain='eigenvalue' needs a threshold >= 0")


def retention_threshold(retain: str, threshold: float | None) -> float:
    """The threshold in force: ``threshold`` or the rule's default."""
    check_retention(retain, threshold)
    return float(RETAIN_DEFAULTS[retain] if threshold is None else threshold)


def _unit_minmax(x: pd.DataFrame, directions: pd.Series | None) -> np.ndarray:
    v = x.to_numpy(dtype=float)
    if directions is not None:
        v = v * directions.reindex(x.columns).fillna(1).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mn = np.nanmin(np.where(np.isnan(v), np.inf, v), axis=0)
        mx = np.nanmax(np.where(np.isnan(v), -np.inf, v), axis=0)
        out = (v - mn) / (mx - mn)
    out[:, ~(mx > mn)] = np.nan
    return out


def entropy_weights(x: pd.DataFrame, directions: pd.Series | None = None) -> pd.Series:
    """Entropy weights (熵权法).

    ``p_ij = z_ij / sum_i z_ij`` on min-max ``[0, 1]`` data ``z``;
    ``e_j = -1/ln(n_j) * sum_i p_ij ln p_ij`` with ``0 ln 0 = 0`` and ``n_j`` the
    number of non-missing values; ``w_j = (1 - e_j) / sum_k (1 - e_k)``.  A
    constant indicator has ``1 - e_j = 0`` and gets weight 0.

    Examples
    --------
    >>> w = entropy_weights(pd.DataFrame({"a": [0.0, 0.0, 1.0], "b": [0.0, 1.0, 2.0]}))
    >>> round(float(w["a"]), 4), round(float(w["b"]), 4)
    (0.7039, 0.2961)
    """
    z = _unit_minmax(x, directions)
    n = (~np.isnan(z)).sum(axis=0)
    col_sum = np.nansum(z, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = z / col_sum
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
        e = -np.nansum(plogp, axis=0) / np.log(n)
    d = np.where(np.isfinite(e) & (col_sum > 0) & (n > 1), 1.0 - e, 0.0)
    d = np.clip(d, 0.0, None)
    if d.sum() == 0:
        return pd.Series(1.0 / x.shape[1], index=x.columns)
    return pd.Series(d / d.sum(), index=x.columns)


def critic_weights(x: pd.DataFrame, directions: pd.Series | None = None) -> pd.Series:
    """CRITIC weights (Diakoulaki et al., 1995).

    ``C_j = sigma_j * sum_k (1 - r_jk)`` on min-max ``[0, 1]`` data, with the
    sample SD and pairwise-complete Pearson correlations;
    ``w_j = C_j / sum C``.  An undefined correlation (constant column) counts
    as 0.

    Examples
    --------
    >>> w = critic_weights(pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 2.0, 3.0, 5.0], "c": [4.0, 1.0, 3.0, 2.0]}))
    >>> bool(w["c"] > w["a"])
    True
    """
    z = pd.DataFrame(_unit_minmax(x, directions), columns=x.columns)
    sd = z.std(ddof=1).fillna(0.0).to_numpy()
    r = z.corr().fillna(0.0).to_numpy(copy=True)
    np.fill_diagonal(r, 1.0)
    c = sd * (1.0 - r).sum(axis=1)
    if c.sum() <= 0:
        return pd.Series(1.0 / x.shape[1], index=x.columns)
    return pd.Series(c / c.sum(), index=x.columns)


def varimax(loadings: np.ndarray, normalize: bool = True, max_iter: int = 1000, tol: float = 1e-12
            ) -> np.ndarray:
    """Varimax rotation of a loadings matrix (variables x factors), R's ``stats::varimax`` algorithm.

    With ``normalize`` (Kaiser normalisation, the default of R, SPSS and
    factor_analyzer) each row is divided by its communality's square root
    before rotating and multiplied back afterwards, so variables with small
    communalities count as much as the others.  Starting from the identity,
    the rotation is updated by the SVD of
    ``L' (Z^3 - Z diag(1' Z^2) / p)`` until the criterion grows by less than a
    factor ``1 + tol``.  A single factor is returned unchanged.

    Examples
    --------
    >>> L = np.array([[0.8, 0.3], [0.7, 0.4], [0.3, 0.8], [0.2, 0.9]])
    >>> bool(np.allclose((varimax(L) ** 2).sum(axis=1), (L ** 2).sum(axis=1)))  # communalities kept
    True
    """
    x = np.asarray(loadings, dtype=float)
    p, k = x.shape
    if k < 2:
        return x.copy()
    if normalize:
        sc = np.sqrt((x ** 2).sum(axis=1))
        sc = np.where(sc > 0, sc, 1.0)
        x = x / sc[:, None]
    rot = np.eye(k)
    d = 0.0
    for _ in range(max_iter):
        z = x @ rot
        b = x.T @ (z ** 3 - z @ np.diag((z ** 2).sum(axis=0)) / p)
        u, s, vt = np.linalg.svd(b)
        rot = u @ vt
        d_past, d = d, s.sum()
        if d < d_past * (1 + tol):
            break
    z = x @ rot
    return z * sc[:, None] if normalize else z


def pca_weights(x: pd.DataFrame, directions: pd.Series | None = None, retain: str = "eigenvalue",
                threshold: float | None = None, kaiser: bool = True) -> pd.Series:
    """PCA / factor-analysis weights as in the OECD/JRC Handbook (2008, §6.1).

    1. Standardise the indicators (sample SD); missing values are replaced by
       the column mean for this computation only.
    2. Keep principal components of the correlation matrix by ``retain``:
       ``"eigenvalue"``: eigenvalue > ``threshold`` (default 1, Kaiser's
       criterion); ``"variance"``: the fewest components whose cumulative share
       of variance reaches ``threshold`` (default 0.6, the Handbook's 60%);
       ``"count"``: the first ``threshold`` components.  At least one is kept.
    3. Rotate the loadings with varimax, with Kaiser normalisation unless
       ``kaiser=False`` (:func:`varimax`).
    4. Square the loadings and scale them to sum 1 within each factor.
    5. Each indicator takes its largest scaled squared loading, times that
       factor's share of the variance explained by the kept factors.
    6. Normalise to sum 1.

    The result's ``attrs`` hold ``factors`` (how many were kept), ``retain``,
    ``threshold``, ``kaiser`` and ``variance_explained`` (share of the total
    variance the kept factors explain).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> w = pca_weights(pd.DataFrame(rng.normal(size=(50, 4)), columns=list("abcd")))
    >>> round(float(w.sum()), 12)
    1.0
    """
    t = retention_threshold(retain, threshold)
    v = x.to_numpy(dtype=float)
    if directions is not None:
        v = v * directions.reindex(x.columns).fillna(1).to_numpy(dtype=float)
    mean = np.nanmean(v, axis=0)
    v = np.where(np.isnan(v), mean, v)
    sd = v.std(axis=0, ddof=1)
    ok = sd > 0
    out = pd.Series(0.0, index=x.columns)
    out.attrs.update(factors=0, retain=retain, threshold=t, kaiser=bool(kaiser), variance_explained=float("nan"))
    if ok.sum() < 2:
        out[ok] = 1.0 / max(ok.sum(), 1)
        res = out if ok.any() else pd.Series(1.0 / x.shape[1], index=x.columns)
        res.attrs.update(factors=int(ok.sum() > 0), retain=retain, threshold=t, kaiser=bool(kaiser),
                         variance_explained=1.0 if ok.any() else float("nan"))
        return res
    z = (v[:, ok] - v[:, ok].mean(axis=0)) / sd[ok]
    corr = np.corrcoef(z, rowvar=False)
    vals, vecs = np.linalg.eigh(corr)
    order = np.argsort(vals)[::-1]
    vals, vecs = np.clip(vals[order], 0.0, None), vecs[:, order]
    if retain == "eigenvalue":
        keep = int((vals > t).sum())
    elif retain == "variance":
        share = np.cumsum(vals) / vals.sum()
        keep = int(np.searchsorted(share, t - 1e-12) + 1)
    else:
        keep = int(t)
    keep = min(max(1, keep), len(vals))
    load = vecs[:, :keep] * np.sqrt(vals[:keep])
    load = varimax(load, normalize=kaiser)
    sq = load ** 2
    sq_scaled = sq / sq.sum(axis=0)
    share = sq.sum(axis=0) / sq.sum()
    best = sq_scaled.argmax(axis=1)
    w = sq_scaled[np.arange(len(best)), best] * share[best]
    out[np.asarray(x.columns)[ok]] = w / w.sum()
    out.attrs.update(factors=keep, retain=retain, threshold=t, kaiser=bool(kaiser),
                     variance_explained=float(vals[:keep].sum() / vals.sum()))
    return out


@dataclass(frozen=True)
class AHPResult:
    """Weights and consistency of one pairwise-comparison matrix."""

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float


class ConsistencyError(ValueError):
    """An AHP matrix whose consistency ratio is 0.10 or more."""


def ahp_weights(matrix: pd.DataFrame, threshold: float = 0.10) -> AHPResult:
    """AHP weights from a reciprocal pairwise-comparison matrix (Saaty).

    ``CI = max(0, (lambda_max - n) / (n - 1))`` and ``CR = CI / RI_n`` with
    Saaty's random index ``RI_n`` (:data:`RANDOM_INDEX`, n <= 15).

    Raises
    ------
    ConsistencyError
        When ``CR >= threshold``, saying by how much.
    ValueError
        When the matrix is not square, positive and reciprocal, or has more
        than 15 elements (no tabulated random index).

    Examples
    --------
    >>> m = pd.DataFrame([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]], index=list("abc"), columns=list("abc"))
    >>> r = ahp_weights(m)
    >>> [round(float(v), 3) for v in r.weights], round(r.cr, 3)
    ([0.637, 0.258, 0.105], 0.033)
    """
    a = matrix.to_numpy(dtype=float)
    n = a.shape[0]
    if a.shape != (n, n) or list(matrix.index) != list(matrix.columns):
        raise ValueError("AHP 判断矩阵必须是行列标签一致的方阵 / The AHP matrix must be square with the same labels on rows and columns")
    if np.isnan(a).any() or (a <= 0).any():
        raise ValueError("AHP 判断矩阵的元素必须都是正数 / Every entry of an AHP matrix must be a positive number")
    if not np.allclose(a * a.T, 1.0, rtol=1e-6, atol=1e-6):
        raise ValueError("AHP 判断矩阵必须互反：a_ji = 1 / a_ij / The AHP matrix must be reciprocal: a_ji = 1 / a_ij")
    if n > AHP_MAX_N:
        raise ValueError(
            f"AHP 判断矩阵最多比较 {AHP_MAX_N} 个要素（Saaty 随机一致性指标 RI 只列到 n = {AHP_MAX_N}），"
            f"这里有 {n} 个；请先把它们分组为子准则。\n"
            f"An AHP matrix compares at most {AHP_MAX_N} elements (Saaty's random index RI is tabulated up to "
            f"n = {AHP_MAX_N}); this one has {n}. Group them into sub-criteria first.")
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    # lambda_max >= n for a positive reciprocal matrix: a value just below n is rounding, CI is 0
    ci = max(0.0, (lam - n) / (n - 1)) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = max(0.0, ci / ri) if ri > 0 else 0.0
    res = AHPResult(pd.Series(w, index=matrix.index), lam, ci, ri, cr)
    if cr >= threshold:
        raise ConsistencyError(
            f"AHP 判断矩阵一致性不足：CR = {cr:.3f} ≥ {threshold:.2f}（超出 {cr - threshold:.3f}），请调整判断后重试。\n"
            f"The AHP matrix is not consistent enough: CR = {cr:.3f} >= {threshold:.2f} "
            f"(over by {cr - threshold:.3f}); revise the judgements.")
    return res


def ahp_matrices_from_long(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Build one matrix per parent from rows ``parent, a, b, value``.

    ``value`` says how much more important ``a`` is than ``b`` (Saaty 1-9 or
    a reciprocal such as ``1/3``).  Missing pairs are filled from their
    reciprocal; the diagonal is 1.  Every pair must be given once.
    """
    cols = {c.lower(): c for c in table.columns}
    need = ["parent", "a", "b", "value"]
    missing = [c for c in need if c not in cols]
    if missing:
        raise ValueError(f"AHP 文件缺少列：{', '.join(missing)} / The AHP file lacks columns: {', '.join(missing)} "
                         "(expected parent, a, b, value)")
    out: dict[str, pd.DataFrame] = {}
    for parent, g in table.groupby(table[cols["parent"]].astype(str), sort=False):
        labels = list(dict.fromkeys(list(g[cols["a"]].astype(str)) + list(g[cols["b"]].astype(str))))
        m = pd.DataFrame(np.nan, index=labels, columns=labels)
        for a_, b_, v in zip(g[cols["a"]].astype(str), g[cols["b"]].astype(str), g[cols["value"]]):
            val = fraction(v)
            m.at[a_, b_] = val
            m.at[b_, a_] = 1.0 / val
        for lab in labels:
            m.at[lab, lab] = 1.0
        if m.isna().any().any():
            gaps = [f"{r}/{c}" for r in labels for c in labels if np.isnan(m.at[r, c])]
            raise ValueError(f"“{parent}”的判断矩阵缺少比较：{', '.join(gaps[:6])} / "
                             f"The matrix of '{parent}' lacks comparisons: {', '.join(gaps[:6])}")
        out[parent] = m
    return out


def fraction(v: object) -> float:
    """A Saaty judgement as a number: ``"3"`` -> 3.0, ``"1/3"`` -> 0.333…"""
    t = str(v).strip()
    if "/" in t:
        a, b = t.split("/", 1)
        return float(a) / float(b)
    return float(t)
