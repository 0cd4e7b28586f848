"""Stakeholder perception gaps (主体认识分歧, paper §3.3).

The paper (梁宇, 郑易平 2021, §3.3) names divergent perceptions among
government, enterprises, social organisations and citizens as a predicament of
collaborative data governance.  This module measures it on survey items that
several groups answer: per region, year and item, the mean answer of each
group, the spread between the highest and lowest group mean, and a
Kruskal-Wallis test of whether the groups' answer distributions differ.

Conventions
-----------
* Kruskal & Wallis (1952), "Use of ranks in one-criterion variance analysis",
  JASA 47(260): 583-621, with average ranks for ties and the usual tie
  correction ``1 - sum(t^3 - t) / (N^3 - N)`` and a chi-square approximation on
  ``g - 1`` degrees of freedom: exactly what ``scipy.stats.kruskal`` computes.
  To stay fast on county-level data (hundreds of thousands of region x year x
  item cells) the statistic is computed for all cells at once with numpy
  instead of one ``scipy.stats.kruskal`` call per cell; the unit tests check
  it against ``scipy.stats.kruskal`` cell by cell.
* Only groups with at least two answers in a cell enter the test; with fewer
  than two such groups, or when every answer in the cell is identical (H is
  0/0), ``H`` and ``p`` are NaN and ``significant`` is False.
* The spread uses every group with at least ``min_n`` answers (default 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["GROUPS", "perception_gaps", "aggregate_gaps", "shared_understanding"]

#: Stakeholder groups (多元主体): government, enterprises, social organisations, citizens.
GROUPS: tuple[str, ...] = ("gov", "ent", "org", "cit")


def _check_by(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def perception_gaps(
    survey: pd.DataFrame,
    items: Sequence[str],
    by: Sequence[str] = ("region", "year"),
    alpha: float = 0.05,
    groups: Sequence[str] = GROUPS,
    min_n: int = 1,
) -> pd.DataFrame:
    """Group means, spread and Kruskal-Wallis test per (region, year, item).

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with the ``by`` columns, a ``group`` column
        (values among ``groups``) and numeric item columns (Likert 1..k,
        NaN = not asked / not answered).  Reverse-coded items should be
        recoded first.
    items : list of str
        Item columns to analyse.
    by : sequence of str, default ("region", "year")
        Key columns; use ``("region",)`` without years or ``()`` for one
        pooled result per item.  Missing keys are an error.
    alpha : float, default 0.05
        Significance level for ``significant``.
    groups : sequence of str, default GROUPS
        Allowed group codes, in the order used for the output columns and to
        break ties in ``pair_hi`` / ``pair_lo``.
    min_n : int, default 1
        Minimum answers for a group mean to enter ``spread`` and the pair.

    Returns
    -------
    pandas.DataFrame
        One row per (by..., item) with at least one answer, ordered by the
        keys and then by ``items``.  Columns: the ``by`` columns, ``item``,
        ``mean_<g>`` and ``n_<g>`` for each group, ``n_groups`` (groups with
        >= ``min_n`` answers), ``spread`` (max - min of those group means, NaN
        if fewer than two), ``pair_hi`` / ``pair_lo`` (groups with the highest
        and lowest mean), ``k_tested`` (groups with >= 2 answers), ``H``,
        ``p``, ``significant`` (``p < alpha``).  ``.attrs["by"]`` records the
        key columns.

    Raises
    ------
    ValueError
        On missing columns, non-numeric items, unknown group codes, missing
        keys, or ``alpha`` outside (0, 1).

    Notes
    -----
    Means and counts come from ``numpy.bincount`` over integer cell codes;
    the Kruskal-Wallis ranks of all regions and years are computed together
    from one ``lexsort`` per item (see the module docstring for the
    convention).  Province scale (60,000 respondents x 25 items, 31 x 6
    cells) runs well under a second.

    Examples
    --------
    >>> s = pd.DataFrame({
    ...     "region": ["A"] * 6, "year": [2023] * 6,
    ...     "group": ["gov", "gov", "gov", "cit", "cit", "cit"],
    ...     "q1": [5, 4, 5, 2, 1, 2]})
    >>> g = perception_gaps(s, ["q1"])
    >>> float(g.loc[0, "spread"]), g.loc[0, "pair_hi"], g.loc[0, "pair_lo"]
    (3.0, 'gov', 'cit')
    >>> round(float(g.loc[0, "H"]), 4), round(float(g.loc[0, "p"]), 4)
    (4.0909, 0.0431)
    """
    by, items, groups = _check_gap_args(survey, items, by, alpha, groups, min_n)
    gcode, bcode, keys = _cell_codes(survey, by, groups)
    V = survey[items].to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(V).any():
        raise ValueError("item columns contain infinite values")
    cnt, tot, H, p = _item_cells(V, bcode, gcode, len(keys), len(groups))
    out = _gap_table(keys, items, groups, cnt, tot, H, p, alpha, min_n)
    out.attrs["by"] = tuple(by)
    out.attrs["groups"] = tuple(groups)
    out.attrs["alpha"] = float(alpha)
    return out


def _check_gap_args(survey, items, by, alpha, groups, min_n):
    """:func:`perception_gaps`' argument checks; the normalised ``by``, ``items`` and ``groups``."""
    by = _check_by(by)
    if not isinstance(survey, pd.DataFrame):
        raise ValueError(f"survey must be a pandas DataFrame, got {type(survey).__name__}")
    if isinstance(items, str):
        items = [items]
    items = list(items)
    if not items:
        raise ValueError("items must name at least one item column")
    if len(set(items)) != len(items):
        raise ValueError("items contains duplicates")
    groups = list(groups)
    if len(groups) < 2 or len(set(groups)) != len(groups):
        raise ValueError(f"groups must be at least two distinct codes, got {groups}")
    missing = [c for c in [*by, "group", *items] if c not in survey.columns]
    if missing:
        raise ValueError(f"survey lacks columns {missing}")
    clash = {"item", "group"} & set(by)
    if clash:
        raise ValueError(f"'by' must not contain {sorted(clash)}")
    if not (0 < float(alpha) < 1):
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}")
    if int(min_n) < 1:
        raise ValueError(f"min_n must be at least 1, got {min_n}")
    bad = [c for c in items if not pd.api.types.is_numeric_dtype(survey[c])
           or pd.api.types.is_bool_dtype(survey[c])]
    if bad:
        raise ValueError(f"item columns must be numeric; not numeric: {bad}")
    return by, items, groups


def _cell_codes(survey: pd.DataFrame, by: list, groups: list):
    """Each row's group code (0..G-1) and key-cell code (0..B-1, keys sorted), and the key table."""
    gcode = pd.Index(groups, dtype=object).get_indexer(
        survey["group"].to_numpy(dtype=object)).astype(np.int64)  # -1 = unknown or missing
    if survey["group"].isna().any():
        raise ValueError(f"{int(survey['group'].isna().sum())} rows have no group")
    if np.any(gcode < 0):
        unknown = pd.unique(survey["group"][gcode < 0].astype(object))
        raise ValueError(f"unknown group codes {list(unknown)[:10]}; expected {groups}")
    if by:
        na_keys = survey[by].isna().any(axis=1)
        if na_keys.any():
            raise ValueError(f"{int(na_keys.sum())} rows have a missing {by} key")
        grouped = survey.groupby(by, sort=True, observed=True)
        bcode = grouped.ngroup().to_numpy(dtype=np.int64)
        keys = grouped.size().index.to_frame(index=False)
    else:
        bcode = np.zeros(len(survey), dtype=np.int64)
        keys = pd.DataFrame(index=range(1))
    return gcode, bcode, keys


def _item_cells(V: np.ndarray, bcode: np.ndarray, gcode: np.ndarray, B: int, G: int):
    """Answer counts and sums per (cell, item, group), and the Kruskal-Wallis H and p per (cell, item)."""
    m = V.shape[1]
    cnt = np.zeros((B, m, G), dtype=np.int64)
    tot = np.zeros((B, m, G))
    H = np.full((B, m), np.nan)
    p = np.full((B, m), np.nan)
    # One pass per item (not per region): bounded memory on 1,000,000 x 30 surveys.
    for j in range(m):
        v = V[:, j]
        ok = ~np.isnan(v)
        val, bc, gc = v[ok], bcode[ok], gcode[ok]
        cg = bc * G + gc
        cnt[:, j, :] = np.bincount(cg, minlength=B * G).reshape(B, G)
        tot[:, j, :] = np.bincount(cg, weights=val, minlength=B * G).reshape(B, G)
        H[:, j], p[:, j] = _kruskal_cells(bc, gc, val, cnt[:, j, :], B, G)
    return cnt.reshape(B * m, G), tot.reshape(B * m, G), H.ravel(), p.ravel()


def _gap_table(keys, items, groups, cnt, tot, H, p, alpha, min_n) -> pd.DataFrame:
    """One row per (cell, item) with an answer: group means and counts, spread, the pair, the test."""
    B, m = len(keys), len(items)
    k_tested = (cnt >= 2).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = tot / cnt  # NaN where a group gave no answer
    usable = cnt >= int(min_n)
    n_groups = usable.sum(axis=1)
    has2 = n_groups >= 2
    hi = np.argmax(np.where(usable, means, -np.inf), axis=1)
    lo = np.argmin(np.where(usable, means, np.inf), axis=1)
    spread = np.where(has2, means[np.arange(B * m), hi] - means[np.arange(B * m), lo], np.nan)
    garr = np.array(groups, dtype=object)

    out = keys.loc[np.repeat(np.arange(B), m)].reset_index(drop=True)
    out["item"] = np.tile(np.array(items, dtype=object), B)
    for j, g in enumerate(groups):
        out[f"mean_{g}"] = means[:, j]
    for j, g in enumerate(groups):
        out[f"n_{g}"] = cnt[:, j]
    out["n_groups"] = n_groups
    out["spread"] = spread
    out["pair_hi"] = np.where(has2, garr[hi], None)
    out["pair_lo"] = np.where(has2, garr[lo], None)
    out["k_tested"] = k_tested
    out["H"] = H
    out["p"] = p
    out["significant"] = np.nan_to_num(p, nan=1.0) < alpha
    return out[cnt.sum(axis=1) > 0].reset_index(drop=True)


# Largest (cells x distinct values) table for the sort-free ranking path.
_DENSE_LIMIT = 20_000_000


def _value_codes(v: np.ndarray):
    """Integer codes 0..nv-1 of the distinct values of ``v`` in ascending order."""
    if v.size == 0:
        return None, 0
    lo, hi = v.min(), v.max()
    if hi - lo < 1000 and np.array_equal(v, np.round(v)):  # Likert-like integers
        return (v - lo).astype(np.int64), int(hi - lo) + 1
    uniq, inv = np.unique(v, return_inverse=True)
    return inv.astype(np.int64), int(uniq.size)


def _kruskal_cells(cell, gc, val, cnt, ncell, G):
    """Kruskal-Wallis H and p for every cell at once (average ranks, tie-corrected).

    ``cell`` and ``gc`` are integer codes of each answer's cell and group,
    ``cnt`` the (ncell, G) answer counts.  Groups with fewer than two answers
    are left out; cells with fewer than two remaining groups get NaN.
    """
    k_tested = (cnt >= 2).sum(axis=1)
    H = np.full(ncell, np.nan)
    p = np.full(ncell, np.nan)
    keep = (cnt[cell, gc] >= 2) & (k_tested[cell] >= 2)
    if not keep.any():
        return H, p
    c, g, v = cell[keep], gc[keep], val[keep]
    N = np.bincount(c, minlength=ncell).astype(float)
    vcode, nv = _value_codes(v)
    if vcode is not None and ncell * nv <= _DENSE_LIMIT:
        # Counting ranks: per cell, the answers at each value level share the
        # average of the ranks they occupy; O(n + ncell * levels), no sort.
        lv = np.bincount(c * nv + vcode, minlength=ncell * nv).reshape(ncell, nv)
        below = np.cumsum(lv, axis=1) - lv
        rank = (below + (lv + 1) / 2.0)[c, vcode]
        lvf = lv.astype(float)
        ties = (lvf ** 3 - lvf).sum(axis=1)
    else:
        order = np.lexsort((v, c))
        c, g, v = c[order], g[order], v[order]
        n = c.size
        start = np.concatenate(([0.0], np.cumsum(N)[:-1]))  # first position of each cell
        pos = np.arange(n) - start[c]                       # 0-based position within the cell
        new_run = np.ones(n, dtype=bool)
        new_run[1:] = (c[1:] != c[:-1]) | (v[1:] != v[:-1])
        run_id = np.cumsum(new_run) - 1
        run_len = np.bincount(run_id)
        rank = (pos[new_run] + (run_len + 1) / 2.0)[run_id]  # average 1-based rank of a tie run
        rl = run_len.astype(float)
        ties = np.bincount(c[new_run], weights=rl ** 3 - rl, minlength=ncell)
    R = np.bincount(c * G + g, weights=rank, minlength=ncell * G).reshape(ncell, G)
    ng = np.bincount(c * G + g, minlength=ncell * G).reshape(ncell, G)
    tested = k_tested >= 2
    with np.errstate(invalid="ignore", divide="ignore"):
        ssum = np.where(ng > 0, R * R / np.where(ng > 0, ng, 1), 0.0).sum(axis=1)
        h = 12.0 / (N * (N + 1)) * ssum - 3.0 * (N + 1)
        corr = 1.0 - ties / (N ** 3 - N)
        h = h / corr
    ok = tested & (corr > 0)
    H[ok] = np.maximum(h[ok], 0.0)
    from scipy.special import chdtrc  # chi2.sf without scipy.stats (~1 s cold); here, not at import: 0.4 s a page
    p[ok] = chdtrc(k_tested[ok] - 1, H[ok])
    return H, p


def _by_of(gaps: pd.DataFrame, by) -> list[str]:
    if by is None:
        by = gaps.attrs.get("by", ("region", "year"))
    by = _check_by(by)
    missing = [c for c in [*by, "item"] if c not in gaps.columns]
    if missing:
        raise ValueError(f"gaps lacks columns {missing}; pass the output of perception_gaps")
    return by


def aggregate_gaps(gaps: pd.DataFrame, item_to_subdim: Mapping[str, str],
                   by: Sequence[str] | None = None) -> pd.DataFrame:
    """Summarise item-level perception gaps per (region, year, sub-dimension).

    Parameters
    ----------
    gaps : pandas.DataFrame
        Output of :func:`perception_gaps`.
    item_to_subdim : mapping
        Item id -> sub-dimension id (e.g. ``{"q_trust1": "AWA2"}``); every
        item in ``gaps`` must be mapped.
    by : sequence of str, optional
        Key columns; default ``gaps.attrs["by"]``, else ``("region", "year")``.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, ``subdim``, ``mean_spread`` (mean of
        the items' spreads, skipping NaN), ``n_items``, ``n_tested`` (items
        with a Kruskal-Wallis p-value), ``share_significant`` (significant
        items / tested items; NaN when none was tested).

    Raises
    ------
    ValueError
        If columns are missing or an item has no sub-dimension.

    Examples
    --------
    >>> gaps = pd.DataFrame({"region": ["A", "A"], "year": [2023, 2023],
    ...                      "item": ["q1", "q2"], "spread": [1.0, 0.5],
    ...                      "p": [0.01, 0.2], "significant": [True, False]})
    >>> agg = aggregate_gaps(gaps, {"q1": "AWA2", "q2": "AWA2"})
    >>> agg.loc[0, "subdim"], float(agg.loc[0, "mean_spread"]), float(agg.loc[0, "share_significant"])
    ('AWA2', 0.75, 0.5)
    """
    if not isinstance(gaps, pd.DataFrame):
        raise ValueError("gaps must be the DataFrame returned by perception_gaps")
    by = _by_of(gaps, by)
    for c in ("spread", "p", "significant"):
        if c not in gaps.columns:
            raise ValueError(f"gaps lacks column {c!r}; pass the output of perception_gaps")
    mapping = pd.Series(dict(item_to_subdim), dtype=object)
    subdim = gaps["item"].map(mapping)
    unmapped = pd.unique(gaps.loc[subdim.isna(), "item"].astype(object))
    if len(unmapped):
        raise ValueError(f"items without a sub-dimension: {list(unmapped)[:10]}")
    df = gaps[by].copy()
    df["subdim"] = subdim.to_numpy()
    df["spread"] = gaps["spread"].to_numpy(dtype=float)
    df["tested"] = gaps["p"].notna().to_numpy()
    df["sig"] = (gaps["significant"].astype(bool) & gaps["p"].notna()).to_numpy()
    out = df.groupby([*by, "subdim"], sort=True, observed=True).agg(
        mean_spread=("spread", "mean"),
        n_items=("spread", "size"),
        n_tested=("tested", "sum"),
        n_sig=("sig", "sum"),
    ).reset_index()
    out["n_tested"] = out["n_tested"].astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_significant"] = np.where(out["n_tested"] > 0,
                                            out["n_sig"] / out["n_tested"].where(out["n_tested"] > 0, 1),
                                            np.nan)
    return out.drop(columns="n_sig")


def shared_understanding(gaps: pd.DataFrame, k: int = 5, lowest: int = 1,
                         by: Sequence[str] | None = None) -> pd.DataFrame:
    """AWA5 shared understanding: 1 minus the normalised spread of group means.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Output of :func:`perception_gaps`.
    k : int, default 5
        Top of the Likert scale (5 or 7).
    lowest : int, default 1
        Bottom of the Likert scale.
    by : sequence of str, optional
        Key columns; default ``gaps.attrs["by"]``.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, ``shared_understanding`` in [0, 1]
        (NaN when no item qualifies) and ``n_items`` (items used).

    Notes
    -----
    FRAMEWORK.md, AWA5 (paper §3.3 "主体认识分歧"): only items answered by
    *all* groups (``n_groups`` equals the number of groups) count; the spread
    of an item is divided by its maximum possible value ``k - lowest``; the
    score is 1 minus the mean normalised spread.

    Examples
    --------
    >>> gaps = pd.DataFrame({"region": ["A", "A"], "year": [2023, 2023],
    ...                      "item": ["q1", "q2"], "spread": [1.0, 2.0],
    ...                      "n_groups": [4, 4]})
    >>> shared_understanding(gaps)["shared_understanding"].tolist()
    [0.625]
    """
    if not isinstance(gaps, pd.DataFrame):
        raise ValueError("gaps must be the DataFrame returned by perception_gaps")
    by = _by_of(gaps, by)
    if "spread" not in gaps.columns or "n_groups" not in gaps.columns:
        raise ValueError("gaps lacks 'spread' or 'n_groups'; pass the output of perception_gaps")
    if not (int(k) > int(lowest)):
        raise ValueError(f"k must exceed lowest, got k={k}, lowest={lowest}")
    n_all = len(gaps.attrs.get("groups", GROUPS))
    df = gaps[by].copy()
    full = (gaps["n_groups"] >= n_all).to_numpy()
    df["norm"] = np.where(full, gaps["spread"].to_numpy(dtype=float) / (k - lowest), np.nan)
    if np.nanmax(np.append(df["norm"].to_numpy(), 0.0)) > 1 + 1e-9:
        raise ValueError(f"a spread exceeds the scale range {k - lowest}; check k and lowest")
    if by:
        agg = df.groupby(by, sort=True, observed=True)["norm"].agg(["mean", "count"]).reset_index()
    else:
        agg = pd.DataFrame({"mean": [df["norm"].mean()], "count": [df["norm"].count()]})
    agg["shared_understanding"] = 1.0 - agg["mean"]
    agg = agg.rename(columns={"count": "n_items"}).drop(columns="mean")
    return agg[[*by, "shared_understanding", "n_items"]]
