"""Regional disparity: Theil index, Dagum Gini decomposition, coefficient of variation.

Conventions
-----------
* Theil T (GE(1)) index, Theil (1967) *Economics and Information Theory*;
  decomposition into between- and within-group parts after Shorrocks (1980),
  "The class of additively decomposable inequality measures", Econometrica
  48(3): 613-625.  With population weights it is the form used in Chinese
  regional studies, ``T = sum_i (Y_i/Y) ln[(Y_i/Y) / (P_i/P)]``.
* Dagum (1997), "A new approach to the decomposition of the Gini income
  inequality ratio", Empirical Economics 22(4): 515-531:
  ``G = Gw + Gnb + Gt`` (within, net between, transvariation).
* Coefficient of variation: sample standard deviation over the mean.

Missing values (NaN) are dropped together with their group labels and
weights.  Nothing here reads files or imports Streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["theil", "dagum_gini", "coefficient_of_variation", "gini"]

# Upper bound on the number of pairwise differences materialised at once (the pairwise reference only).
_CHUNK = 4_000_000


def _as_float_1d(x, name: str) -> np.ndarray:
    if isinstance(x, pd.DataFrame):
        raise ValueError(f"{name} must be one-dimensional, got a DataFrame")
    try:
        arr = np.asarray(x.to_numpy(dtype=float, na_value=np.nan) if isinstance(x, pd.Series)
                         else x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if np.any(np.isinf(arr)):
        raise ValueError(f"{name} contains infinite values")
    return arr


def _prepare(values, groups=None, weights=None):
    """Validate, align and drop NaN values with their labels and weights."""
    y = _as_float_1d(values, "values")
    n = y.size
    g = None
    if groups is not None:
        g = np.asarray(groups.to_numpy() if isinstance(groups, pd.Series) else groups,
                       dtype=object)
        if g.ndim != 1 or g.size != n:
            raise ValueError(f"groups must be one-dimensional with {n} labels, got shape {g.shape}")
        if pd.isna(g).any():
            raise ValueError("groups contain missing labels; drop or label those values first")
    w = None
    if weights is not None:
        w = _as_float_1d(weights, "weights")
        if w.size != n:
            raise ValueError(f"weights has {w.size} values for {n} values")
        if np.any(np.isnan(w)) or np.any(w <= 0):
            raise ValueError("weights (e.g. population) must be strictly positive and not missing")
    keep = ~np.isnan(y)
    y = y[keep]
    if g is not None:
        g = g[keep]
    if w is not None:
        w = w[keep]
    if y.size == 0:
        raise ValueError("no non-missing values")
    return y, g, w


def _factorize(g: np.ndarray):
    codes, uniques = pd.factorize(g, sort=False)
    return codes, pd.Index(uniques)


def theil(values, groups=None, weights=None) -> dict:
    """Theil T index with optional between/within-group decomposition.

    Parameters
    ----------
    values : array-like or pandas.Series
        Strictly positive values, one per region (NaN dropped).
    groups : array-like, optional
        Group label per value (e.g. 东部/中部/西部/东北).  Without groups only
        the total is computed (``between = 0``, ``within = total``).
    weights : array-like, optional
        Strictly positive population weights ``p_i``.  Default equal weights.

    Returns
    -------
    dict
        ``total``, ``between``, ``within`` (floats), ``within_by_group``
        (Series: each group's contribution ``Y_g T_g`` to ``within``),
        ``theil_by_group`` (Series: each group's own index ``T_g``),
        ``between_share`` (``between / total``, NaN when total is 0),
        ``within_share``, ``n``.

    Raises
    ------
    ValueError
        On non-positive values (use a strictly positive scale such as min-max
        on [1, 100]), non-positive weights, mismatched lengths, missing group
        labels or no data.

    Notes
    -----
    With population shares ``s_i = p_i / sum p`` and mean ``mu = sum s_i y_i``,
    ``T = sum_i s_i (y_i/mu) ln(y_i/mu)`` (Theil 1967); with equal weights
    ``s_i = 1/n``.  For group ``g`` with population share ``P_g``, mean
    ``mu_g`` and income share ``Y_g = P_g mu_g / mu`` (Shorrocks 1980)::

        T = sum_g Y_g ln(mu_g / mu)  +  sum_g Y_g T_g
            \\_______ between ______/    \\__ within __/

    The identity holds to rounding error (about 1e-15 relative).

    Examples
    --------
    >>> r = theil([1, 2, 3, 4], groups=["a", "a", "b", "b"])
    >>> round(r["total"], 5), abs(r["between"] + r["within"] - r["total"]) < 1e-12
    (0.10644, True)
    >>> round(r["between_share"], 3)
    0.773
    """
    y, g, w = _prepare(values, groups, weights)
    if np.any(y <= 0):
        raise ValueError(
            "Theil index needs strictly positive values (the log of 0 or a negative "
            f"value is undefined); found {int(np.sum(y <= 0))} value(s) <= 0. "
            "Use a strictly positive scale such as min-max normalisation on [1, 100]."
        )
    s = np.full(y.size, 1.0 / y.size) if w is None else w / w.sum()
    mu = float(s @ y)
    rel = y / mu
    total = float(s @ (rel * np.log(rel)))

    if g is None:
        labels = pd.Index(["all"])
        codes = np.zeros(y.size, dtype=np.int64)
    else:
        codes, labels = _factorize(g)
    k = len(labels)
    P = np.bincount(codes, weights=s, minlength=k)             # population share
    mu_g = np.bincount(codes, weights=s * y, minlength=k) / P  # group means
    Y = P * mu_g / mu                                          # income share
    rel_g = y / mu_g[codes]
    T_g = np.bincount(codes, weights=s * rel_g * np.log(rel_g), minlength=k) / P
    between = float(np.sum(Y * np.log(mu_g / mu)))
    within_by_group = pd.Series(Y * T_g, index=labels, name="within_contribution")
    within = float(within_by_group.sum())
    if groups is None:  # no grouping: everything is "within" the one group
        between, within = 0.0, total
        within_by_group = pd.Series([total], index=labels, name="within_contribution")
    return {
        "total": total,
        "between": between,
        "within": within,
        "within_by_group": within_by_group,
        "theil_by_group": pd.Series(T_g, index=labels, name="theil"),
        "between_share": between / total if total > 0 else np.nan,
        "within_share": within / total if total > 0 else np.nan,
        "n": int(y.size),
    }


def _abs_diff_sum(a: np.ndarray, b: np.ndarray, b_sorted: bool = False) -> float:
    """``sum_i sum_r |a_i - b_r|`` in O((n + m) log m) from ``b`` sorted, without forming the pairs.

    With ``k_i`` values of ``b`` below ``a_i`` and ``P`` the prefix sums of sorted ``b``:
    ``sum_r |a_i - b_r| = a_i k_i - P[k_i] + (P[m] - P[k_i]) - a_i (m - k_i)`` (ties add 0 either way).
    Equal to :func:`_abs_diff_sum_pairs` to rounding (``tests/unit/test_disparity_sorted.py``).
    """
    bs = b if b_sorted else np.sort(b)
    m = bs.size
    prefix = np.concatenate(([0.0], np.cumsum(bs)))
    k = np.searchsorted(bs, a, side="left")
    below = prefix[k]
    return float(np.sum(a * (2 * k - m) - 2 * below) + a.size * prefix[m])


def _abs_diff_sum_pairs(a: np.ndarray, b: np.ndarray) -> float:
    """The pairwise definition of :func:`_abs_diff_sum` by broadcasting, in row chunks (O(n m); for tests)."""
    step = max(1, _CHUNK // max(b.size, 1))
    total = 0.0
    for start in range(0, a.size, step):  # one pass unless a.size * b.size > _CHUNK
        total += float(np.abs(a[start:start + step, None] - b[None, :]).sum())
    return total


def gini(values) -> float:
    """Plain Gini coefficient ``G = sum_i sum_j |y_i - y_j| / (2 n^2 mean)``.

    Parameters
    ----------
    values : array-like
        Non-negative values with a positive mean (NaN dropped).

    Returns
    -------
    float
        The Gini coefficient in [0, 1 - 1/n].

    Notes
    -----
    Computed in O(n log n) from the sorted values,
    ``sum_ij |y_i - y_j| = 2 sum_i (2i - n - 1) y_(i)`` (i = 1..n), the same
    population (``n^2``) convention that Dagum (1997) uses.

    Examples
    --------
    >>> round(gini([1, 2, 3, 4]), 4)
    0.25
    """
    y, _, _ = _prepare(values)
    if np.any(y < 0) or y.mean() <= 0:
        raise ValueError("Gini needs non-negative values with a positive mean")
    ys = np.sort(y)
    n = ys.size
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * ys) / (n * n * ys.mean()))


def dagum_gini(values, groups) -> dict:
    """Dagum (1997) decomposition of the Gini coefficient by groups.

    Parameters
    ----------
    values : array-like or pandas.Series
        Non-negative values, one per region (NaN dropped with its label);
        every group must have a positive mean.
    groups : array-like
        Group label per value (e.g. 东部/中部/西部/东北); no missing labels.

    Returns
    -------
    dict
        ``G`` overall Gini; ``Gw`` within-group, ``Gnb`` net between-group,
        ``Gt`` transvariation parts (``G == Gw + Gnb + Gt`` to rounding);
        ``Gb = Gnb + Gt`` gross between-group; ``shares`` (Series of
        ``Gw, Gnb, Gt`` over ``G``); ``G_jj`` (Series, each group's Gini);
        ``G_jh`` (DataFrame, between-group Gini, diagonal ``G_jj``);
        ``D_jh`` (DataFrame, relative economic affluence; ``D[j, h] > 0``
        when group ``j`` has the higher mean, ``D[h, j] = -D[j, h]``,
        diagonal 0); ``groups`` (labels in ascending order of mean);
        ``n_j``, ``mean_j``, ``p_j`` (population shares ``n_j/n``),
        ``s_j`` (value shares ``n_j mean_j / (n mean)``) as Series.

    Raises
    ------
    ValueError
        On negative values, a group with zero mean, mismatched lengths,
        missing labels or no data.

    Notes
    -----
    Dagum (1997), Empirical Economics 22: 515-531.  Groups are ordered by
    mean, ``mean_1 <= ... <= mean_k`` (ties kept in order of appearance).
    With ``S_jh = sum_i sum_r |y_ji - y_hr|``::

        G     = sum_j sum_h S_jh / (2 n^2 mean)
        G_jj  = S_jj / (2 n_j^2 mean_j)
        G_jh  = S_jh / (n_j n_h (mean_j + mean_h))
        Gw    = sum_j G_jj p_j s_j
        Gnb   = sum_{j>h} G_jh (p_j s_h + p_h s_j) D_jh
        Gt    = sum_{j>h} G_jh (p_j s_h + p_h s_j) (1 - D_jh)
        D_jh  = (d_jh - p_jh) / (d_jh + p_jh)

    where, for ``mean_j >= mean_h``, ``d_jh = E[(y_j - y_h)+]`` (the mean
    of ``max(y_ji - y_hr, 0)`` over all pairs) and ``p_jh = E[(y_h - y_j)+]``.
    If ``d_jh + p_jh = 0`` (both groups hold one identical value), ``G_jh`` is
    0 and ``D_jh`` is set to 0.  ``G`` is computed independently from the
    sorted values (:func:`gini`); each ``S_jh`` from group ``h``'s sorted values
    and their prefix sums (O(n log n) in all, not O(n^2) pairs).

    Examples
    --------
    >>> r = dagum_gini([1, 2, 3, 4], ["a", "a", "b", "b"])
    >>> round(r["G"], 4), round(r["Gw"] + r["Gnb"] + r["Gt"], 4)
    (0.25, 0.25)
    >>> round(r["Gw"], 4), round(r["Gnb"], 4), round(r["Gt"], 4)
    (0.05, 0.2, 0.0)
    """
    if groups is None:
        raise ValueError("dagum_gini needs a group label per value")
    y, g, _ = _prepare(values, groups)
    if np.any(y < 0):
        raise ValueError("Gini needs non-negative values; found negative values")
    codes, labels = _factorize(g)
    k = len(labels)
    n = y.size
    n_j = np.bincount(codes, minlength=k).astype(float)
    mean_j = np.bincount(codes, weights=y, minlength=k) / n_j
    if np.any(mean_j <= 0):
        zero = [labels[i] for i in np.flatnonzero(mean_j <= 0)]
        raise ValueError(f"every group needs a positive mean; zero mean in groups {zero}")
    order = np.argsort(mean_j, kind="stable")  # ascending means, as Dagum orders them
    labels = labels[order]
    n_j, mean_j = n_j[order], mean_j[order]
    members = [np.sort(y[codes == c]) for c in order]
    sums = np.array([m.sum() for m in members])
    mean = y.mean()

    S = np.zeros((k, k))
    for j in range(k):
        for h in range(j, k):
            S[j, h] = S[h, j] = _abs_diff_sum(members[j], members[h], b_sorted=True)

    G_jh = S / (np.outer(n_j, n_j) * (mean_j[:, None] + mean_j[None, :]))
    G_jj = np.diag(G_jh).copy()
    # sum_{i,r} (y_ji - y_hr) = n_h * sum_j - n_j * sum_h; then
    # d_jh = mean of (y_j - y_h)+ and p_jh = mean of (y_h - y_j)+ over all pairs.
    signed = np.outer(sums, n_j) - np.outer(n_j, sums)
    pairs = np.outer(n_j, n_j)
    d = (S + signed) / (2 * pairs)
    p = (S - signed) / (2 * pairs)
    with np.errstate(invalid="ignore", divide="ignore"):
        D = np.where(d + p > 0, (d - p) / (d + p), 0.0)

    p_j = n_j / n
    s_j = n_j * mean_j / (n * mean)
    Gw = float(np.sum(G_jj * p_j * s_j))
    lower = np.tril(np.ones((k, k), dtype=bool), -1)  # j > h, so mean_j >= mean_h
    weight = np.outer(p_j, s_j) + np.outer(s_j, p_j)   # p_j s_h + p_h s_j
    Gnb = float(np.sum((G_jh * weight * D)[lower]))
    Gt = float(np.sum((G_jh * weight * (1 - D))[lower]))
    G = gini(y)
    frame = lambda m: pd.DataFrame(m, index=labels, columns=labels)  # noqa: E731
    return {
        "G": G,
        "Gw": Gw,
        "Gnb": Gnb,
        "Gt": Gt,
        "Gb": Gnb + Gt,
        "shares": pd.Series({"Gw": Gw, "Gnb": Gnb, "Gt": Gt}) / G if G > 0
        else pd.Series({"Gw": np.nan, "Gnb": np.nan, "Gt": np.nan}),
        "G_jj": pd.Series(G_jj, index=labels, name="G_jj"),
        "G_jh": frame(G_jh),
        "D_jh": frame(D),
        "groups": list(labels),
        "n_j": pd.Series(n_j.astype(int), index=labels, name="n_j"),
        "mean_j": pd.Series(mean_j, index=labels, name="mean_j"),
        "p_j": pd.Series(p_j, index=labels, name="p_j"),
        "s_j": pd.Series(s_j, index=labels, name="s_j"),
    }


def coefficient_of_variation(values, ddof: int = 1) -> float:
    """Coefficient of variation ``sd / mean`` (NaN dropped).

    Parameters
    ----------
    values : array-like
        Values on a ratio scale with a positive mean.
    ddof : int, default 1
        Delta degrees of freedom of the standard deviation; 1 gives the sample
        standard deviation (the project's convention, as in COINr), 0 the
        population one used in some regional-disparity papers.

    Returns
    -------
    float
        ``std(values, ddof) / mean(values)``.

    Raises
    ------
    ValueError
        If the mean is not positive, ``ddof`` is negative, or there are not
        more than ``ddof`` values.

    Examples
    --------
    >>> round(coefficient_of_variation([1, 2, 3, 4]), 6)
    0.516398
    >>> round(coefficient_of_variation([1, 2, 3, 4], ddof=0), 6)
    0.447214
    """
    y, _, _ = _prepare(values)
    if not isinstance(ddof, (int, np.integer)) or ddof < 0:
        raise ValueError(f"ddof must be a non-negative integer, got {ddof!r}")
    if y.size <= ddof:
        raise ValueError(f"need more than ddof={ddof} values, got {y.size}")
    m = y.mean()
    if m <= 0:
        raise ValueError(f"coefficient of variation needs a positive mean, got {m:g}")
    return float(y.std(ddof=ddof) / m)
