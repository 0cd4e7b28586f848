"""Survey scale checks: Cronbach's alpha, KMO and Bartlett's test of sphericity.

Conventions
-----------
* Cronbach (1951), "Coefficient alpha and the internal structure of tests",
  Psychometrika 16(3): 297-334, with sample (n - 1) variances:
  ``alpha = k/(k-1) * (1 - sum_i var_i / var_total)``.  Alpha >= 0.7 is the
  usual threshold of acceptability (Nunnally 1978, *Psychometric Theory*;
  the OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, and
  COINr report alpha the same way).
* Kaiser-Meyer-Olkin measure of sampling adequacy, Kaiser (1970) "A second
  generation little jiffy", Psychometrika 35: 401-415, and Kaiser & Rice
  (1974), Educ. Psychol. Meas. 34: 111-117, from the anti-image (partial)
  correlations ``q_ij = -Rinv_ij / sqrt(Rinv_ii Rinv_jj)``; KMO >= 0.6 is
  taken as adequate.
* Bartlett (1950), "Tests of significance in factor analysis", Br. J.
  Psychol. 3: 77-85: ``chi2 = -(n - 1 - (2p + 5)/6) ln|R|`` on
  ``p(p - 1)/2`` degrees of freedom.

All functions use **listwise deletion**: a respondent with any missing item
among those analysed is dropped, so that every statistic rests on one common
sample (as SPSS's RELIABILITY and FACTOR procedures do by default).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

__all__ = [
    "ALPHA_THRESHOLD",
    "KMO_THRESHOLD",
    "cronbach_alpha",
    "alpha_report",
    "kmo",
    "kmo_label",
    "bartlett_sphericity",
    "scale_check",
]

#: Alpha below this is flagged (Nunnally 1978).
ALPHA_THRESHOLD = 0.7
#: KMO below this is flagged (Kaiser 1974 "mediocre" lower bound).
KMO_THRESHOLD = 0.6
#: Condition number above which the correlation matrix is treated as singular.
_COND_LIMIT = 1e12


def _complete(items, min_cols: int = 2, min_rows: int = 2) -> pd.DataFrame:
    """Validate a numeric item frame and apply listwise deletion."""
    if not isinstance(items, pd.DataFrame):
        raise ValueError(f"items must be a pandas DataFrame, got {type(items).__name__}")
    if items.columns.has_duplicates:
        raise ValueError("item columns must be unique")
    if items.shape[1] < min_cols:
        raise ValueError(f"need at least {min_cols} item columns, got {items.shape[1]}")
    bad = [c for c in items.columns
           if not pd.api.types.is_numeric_dtype(items[c]) or pd.api.types.is_bool_dtype(items[c])]
    if bad:
        raise ValueError(f"item columns must be numeric; not numeric: {bad}")
    x = items.astype(float).dropna(how="any")
    if np.isinf(x.to_numpy()).any():
        raise ValueError("items contain infinite values")
    if len(x) < min_rows:
        raise ValueError(
            f"need at least {min_rows} complete rows after listwise deletion, got {len(x)}"
        )
    return x


def _cov(x: pd.DataFrame) -> np.ndarray:
    return np.cov(x.to_numpy(), rowvar=False, ddof=1)


def _alpha_from_cov(S: np.ndarray) -> float:
    k = S.shape[0]
    total = S.sum()
    if total <= 0:
        return float("nan")
    return float(k / (k - 1) * (1 - np.trace(S) / total))


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha of a set of items.

    Parameters
    ----------
    items : pandas.DataFrame
        One row per respondent, one numeric column per item (at least two).
        Rows with any missing item are dropped (listwise deletion).

    Returns
    -------
    float
        ``k/(k-1) * (1 - sum var_i / var(sum of items))`` with sample
        variances; NaN when the total score has zero variance (everyone gave
        the same answers).  Values below 0.7 are conventionally unacceptable.

    Raises
    ------
    ValueError
        If ``items`` is not a numeric DataFrame with >= 2 columns and
        >= 2 complete rows.

    Notes
    -----
    Cronbach (1951); equivalent to the covariance form
    ``k/(k-1) (1 - tr(S) / 1'S1)``.  Reverse-coded items must be recoded
    before calling.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5],
    ...                    "q3": [1, 3, 3, 4, 4]})
    >>> round(cronbach_alpha(df), 4)
    0.9538
    """
    return _alpha_from_cov(_cov(_complete(items)))


def alpha_report(items: pd.DataFrame, threshold: float = ALPHA_THRESHOLD) -> pd.DataFrame:
    """Item analysis: corrected item-total correlation and alpha if deleted.

    Parameters
    ----------
    items : pandas.DataFrame
        As for :func:`cronbach_alpha` (listwise deletion).
    threshold : float, default 0.7
        Alpha below this sets the ``low_alpha`` flag.

    Returns
    -------
    pandas.DataFrame
        Indexed by item, columns ``mean``, ``sd`` (sample), ``item_total_r``
        (Pearson correlation of the item with the sum of the *other* items),
        ``alpha_if_deleted`` (NaN when only one item would remain),
        ``raises_alpha`` (deleting the item would raise alpha), and the
        overall ``alpha``, ``n`` (complete rows), ``k`` and ``low_alpha``
        repeated on every row.  The same overall values are in ``.attrs``
        (``alpha, n, k, low_alpha, threshold``).

    Notes
    -----
    Vectorised from the sample covariance matrix ``S``: deleting item ``i``
    leaves total variance ``1'S1 - 2 (S1)_i + S_ii``; the covariance of item
    ``i`` with the rest is ``(S1)_i - S_ii``.  Same definitions as SPSS's
    "Corrected Item-Total Correlation" and "Cronbach's Alpha if Item Deleted".

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5],
    ...                    "q3": [1, 3, 3, 4, 4]})
    >>> rep = alpha_report(df)
    >>> rep[["item_total_r", "alpha_if_deleted"]].round(3).loc["q1"].tolist()
    [0.97, 0.882]
    >>> rep.attrs["n"], bool(rep.attrs["low_alpha"])
    (5, False)
    """
    x = _complete(items)
    S = _cov(x)
    k = S.shape[0]
    alpha = _alpha_from_cov(S)
    row = S.sum(axis=1)
    diag = np.diag(S)
    var_rest = S.sum() - 2 * row + diag
    cov_rest = row - diag
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cov_rest / np.sqrt(diag * var_rest)
        if k > 2:
            a_del = (k - 1) / (k - 2) * (1 - (np.trace(S) - diag) / var_rest)
            a_del = np.where(var_rest > 0, a_del, np.nan)
        else:
            a_del = np.full(k, np.nan)
    low = bool(alpha < threshold) if np.isfinite(alpha) else True
    out = pd.DataFrame(
        {
            "mean": x.mean().to_numpy(),
            "sd": np.sqrt(diag),
            "item_total_r": r,
            "alpha_if_deleted": a_del,
            "raises_alpha": np.nan_to_num(a_del, nan=-np.inf) > alpha,
            "alpha": alpha,
            "n": len(x),
            "k": k,
            "low_alpha": low,
        },
        index=pd.Index(x.columns, name="item"),
    )
    out.attrs.update({"alpha": alpha, "n": len(x), "k": k, "low_alpha": low,
                      "threshold": threshold})
    return out


def _corr(data) -> tuple[np.ndarray, pd.DataFrame]:
    x = _complete(data, min_cols=2, min_rows=3)
    sd = x.std(ddof=1)
    const = list(sd.index[~(sd > 0)])
    if const:
        raise ValueError(f"items with zero variance cannot be correlated: {const}")
    return np.corrcoef(x.to_numpy(), rowvar=False), x


def _inverse(R: np.ndarray) -> np.ndarray:
    if np.linalg.cond(R) > _COND_LIMIT:
        warnings.warn(
            "correlation matrix is singular or nearly so (an item is a linear "
            "combination of others); using the Moore-Penrose pseudo-inverse, so "
            "the partial correlations and KMO are approximate",
            RuntimeWarning,
            stacklevel=3,
        )
        return np.linalg.pinv(R, hermitian=True)
    return np.linalg.inv(R)


def kmo(data: pd.DataFrame) -> tuple[float, pd.Series]:
    """Kaiser-Meyer-Olkin measure of sampling adequacy.

    Parameters
    ----------
    data : pandas.DataFrame
        Respondents in rows, numeric items in columns (>= 2 items, >= 3
        complete rows after listwise deletion, no constant item).

    Returns
    -------
    overall : float
        ``sum r_ij^2 / (sum r_ij^2 + sum q_ij^2)`` over ``i != j``.
    per_item : pandas.Series
        The same ratio per item (MSA_j), summing over ``i != j`` only;
        ``.attrs["low"]`` lists items below 0.6 (KMO_THRESHOLD).

    Warns
    -----
    RuntimeWarning
        If the correlation matrix is (near) singular (condition number
        > 1e12); the Moore-Penrose pseudo-inverse is then used instead.

    Notes
    -----
    Kaiser (1970); Kaiser & Rice (1974).  ``q_ij = -Rinv_ij / sqrt(Rinv_ii
    Rinv_jj)`` is the partial correlation of items i and j given all the
    others (the anti-image correlation up to sign).  Values >= 0.6 are taken
    as adequate for factor analysis; see :func:`kmo_label` for Kaiser's
    verbal scale.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=200)
    >>> df = pd.DataFrame({f"q{i}": f + rng.normal(size=200) for i in range(4)})
    >>> overall, per_item = kmo(df)
    >>> bool(overall > 0.6), per_item.index.tolist()
    (True, ['q0', 'q1', 'q2', 'q3'])
    """
    R, x = _corr(data)
    Ri = _inverse(R)
    d = np.sqrt(np.diag(Ri))
    Q = -Ri / np.outer(d, d)
    off = ~np.eye(R.shape[0], dtype=bool)
    r2 = np.where(off, R * R, 0.0)
    q2 = np.where(off, Q * Q, 0.0)
    overall = float(r2.sum() / (r2.sum() + q2.sum()))
    per = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    per_item = pd.Series(per, index=pd.Index(x.columns, name="item"), name="kmo")
    per_item.attrs["low"] = list(per_item.index[per_item < KMO_THRESHOLD])
    return overall, per_item


def kmo_label(value: float) -> tuple[str, str]:
    """Kaiser's (1974) verbal label of a KMO value, in Chinese and English.

    Parameters
    ----------
    value : float
        A KMO value in [0, 1].

    Returns
    -------
    tuple of str
        ``(zh, en)``: >= 0.9 marvelous 极好, >= 0.8 meritorious 很好,
        >= 0.7 middling 中等, >= 0.6 mediocre 一般, >= 0.5 miserable 较差,
        else unacceptable 不可接受.

    Examples
    --------
    >>> kmo_label(0.83)
    ('很好', 'meritorious')
    """
    if not np.isfinite(value):
        raise ValueError(f"KMO value must be finite, got {value}")
    for cut, zh, en in ((0.9, "极好", "marvelous"), (0.8, "很好", "meritorious"),
                        (0.7, "中等", "middling"), (0.6, "一般", "mediocre"),
                        (0.5, "较差", "miserable")):
        if value >= cut:
            return zh, en
    return "不可接受", "unacceptable"


def bartlett_sphericity(data: pd.DataFrame) -> tuple[float, int, float]:
    """Bartlett's test that the correlation matrix is the identity.

    Parameters
    ----------
    data : pandas.DataFrame
        Respondents in rows, numeric items in columns (listwise deletion).

    Returns
    -------
    chi2 : float
        ``-(n - 1 - (2p + 5)/6) * ln|R|`` (``inf`` if ``R`` is singular).
    dof : int
        ``p (p - 1) / 2``.
    p_value : float
        Upper tail of the chi-square distribution; small values mean the
        items are correlated enough to factor.

    Notes
    -----
    Bartlett (1950).  ``n`` is the number of complete rows, ``p`` of items;
    ``ln|R|`` from ``numpy.linalg.slogdet``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=200)
    >>> df = pd.DataFrame({f"q{i}": f + rng.normal(size=200) for i in range(4)})
    >>> chi2, dof, p = bartlett_sphericity(df)
    >>> dof, bool(p < 0.001)
    (6, True)
    """
    R, x = _corr(data)
    n, p = x.shape
    sign, logdet = np.linalg.slogdet(R)
    if sign <= 0 or not np.isfinite(logdet):
        warnings.warn("correlation matrix is singular; Bartlett's chi2 is infinite",
                      RuntimeWarning, stacklevel=2)
        chi2 = float("inf")
    else:
        chi2 = float(-(n - 1 - (2 * p + 5) / 6) * logdet)
    dof = p * (p - 1) // 2
    from scipy.special import chdtrc  # chi2.sf without scipy.stats; imported here, not with the module (0.4 s)
    return chi2, dof, float(chdtrc(dof, chi2))


def scale_check(items: pd.DataFrame, alpha_threshold: float = ALPHA_THRESHOLD,
                kmo_threshold: float = KMO_THRESHOLD) -> dict:
    """All scale checks at once, with flags, for one set of items.

    Parameters
    ----------
    items : pandas.DataFrame
        Respondents in rows, numeric items in columns.
    alpha_threshold, kmo_threshold : float
        Flag thresholds (defaults 0.7 and 0.6).

    Returns
    -------
    dict
        ``alpha, n, k, kmo, kmo_label_zh, kmo_label_en, kmo_per_item,
        bartlett_chi2, bartlett_dof, bartlett_p, low_alpha, low_kmo,
        trusted`` (alpha and KMO both at or above their thresholds).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=200)
    >>> df = pd.DataFrame({f"q{i}": f + rng.normal(size=200) for i in range(4)})
    >>> bool(scale_check(df)["trusted"])
    True
    """
    x = _complete(items, min_rows=3)
    alpha = cronbach_alpha(x)
    overall, per_item = kmo(x)
    chi2, dof, p = bartlett_sphericity(x)
    zh, en = kmo_label(overall)
    low_alpha = not (alpha >= alpha_threshold)
    low_kmo = not (overall >= kmo_threshold)
    return {
        "alpha": alpha, "n": len(x), "k": x.shape[1],
        "kmo": overall, "kmo_label_zh": zh, "kmo_label_en": en,
        "kmo_per_item": per_item,
        "bartlett_chi2": chi2, "bartlett_dof": dof, "bartlett_p": p,
        "low_alpha": low_alpha, "low_kmo": low_kmo,
        "trusted": not low_alpha and not low_kmo,
    }
