"""From survey answers to indicator values per region and year.

For each survey indicator of the framework (``source = srv``):

1. each respondent's answers to the indicator's items are reverse-coded where
   the framework says so (``k + 1 - x``), averaged over the items the
   respondent answered, and rescaled from ``1..k`` to ``0..1``;
2. only respondents of the indicator's stakeholder groups count;
3. the respondents are averaged per region, year and group;
4. the group means are combined across groups: equal group weights by
   default (so that one over-sampled group cannot dominate), or weighted by
   the number of respondents (``group_weights="size"``, the plain respondent
   mean);
5. the result is reported on ``0..100`` with the number of respondents behind
   it.

The ``consensus`` statistic (AWA5 "shared understanding", FRAMEWORK.md)
is ``100 * (1 - mean over items of (max - min of the group means on 0..1))``
over the groups that answered, for the items listed; it needs at least two
groups and is missing otherwise.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .framework import GROUPS, Framework


def _keys(frame: pd.DataFrame) -> tuple[np.ndarray, pd.MultiIndex, np.ndarray]:
    """Cell position per respondent for (region, year, group) (-1: none), the index of the cells, and
    group codes.  The cells are found with one ``np.bincount`` over the dense key space (regions x years x
    groups), not by sorting the respondents' keys."""
    rcode, rlev = pd.factorize(frame["region"], sort=True)
    ycode, ylev = pd.factorize(frame["year"], sort=True)
    g = frame["group"]
    if isinstance(g.dtype, pd.CategoricalDtype) and list(g.cat.categories) == list(GROUPS):
        gcode = g.cat.codes.to_numpy()
    else:
        gcode = pd.Categorical(g.astype(str), categories=list(GROUPS)).codes
    ng = len(GROUPS)
    key = (rcode.astype(np.int64) * len(ylev) + ycode) * ng + gcode
    bad = (rcode < 0) | (ycode < 0) | (gcode < 0)
    key[bad] = 0
    space = len(rlev) * len(ylev) * ng
    if space <= 4 * len(key) + 2**20:
        present = np.bincount(key, weights=~bad, minlength=space) > 0
        cells = np.flatnonzero(present)
        pos = (np.cumsum(present) - 1)[key]
    else:  # sparse: many regions each in few years
        pos = np.empty(len(key), dtype=np.int64)
        cells, pos[~bad] = np.unique(key[~bad], return_inverse=True)
    pos[bad] = -1
    r, rem = np.divmod(cells, len(ylev) * ng)
    y, gg = np.divmod(rem, ng)
    index = pd.MultiIndex.from_arrays([np.asarray(rlev)[r], np.asarray(ylev)[y], np.asarray(GROUPS)[gg]],
                                      names=["region", "year", "group"])
    return pos, index, gcode


def _group_means(frame: pd.DataFrame, values: np.ndarray, names: list[str], keys=None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean and count of each column of ``values`` per (region, year, group), NaN skipped (``np.bincount``)."""
    pos, index, _ = keys if keys is not None else _keys(frame)
    ok = pos >= 0
    n = len(index)
    # columns are walked one at a time: column-major input (see item_scores) makes this copy-free
    if ok.all():
        cols = values.T
    else:
        pos, cols = pos[ok], values[ok].T
    sums = np.empty((n, len(names)))
    counts = np.empty((n, len(names)))
    for j in range(len(names)):
        v = cols[j]
        have = ~np.isnan(v)
        sums[:, j] = np.bincount(pos, weights=np.where(have, v, 0.0), minlength=n)
        counts[:, j] = np.bincount(pos, weights=have, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
    return pd.DataFrame(means, index=index, columns=names), pd.DataFrame(counts.astype(int), index=index, columns=names)


def item_scores(frame: pd.DataFrame, framework: Framework) -> tuple[np.ndarray, list[str]]:
    """Every item reverse-coded where required and rescaled to ``0..1`` (respondents x items)."""
    items = [it for it in framework.survey_items if it in frame.columns]
    scale: dict[str, int] = {}
    reverse: set[str] = set()
    for ind in framework.survey_indicators:
        for it in framework.table.at[ind, "items"]:
            scale.setdefault(it, int(framework.table.at[ind, "scale"] or 5))
        reverse.update(framework.table.at[ind, "reverse"])
    # column-major (Fortran order): every later step walks one item at a time
    x = np.empty((len(items), len(frame)), dtype=np.float32).T
    for j, it in enumerate(items):
        k = scale[it]
        col = frame[it].to_numpy(dtype=np.float32, na_value=np.nan)
        if it in reverse:
            col = (k + 1) - col
        x[:, j] = (col - 1) / (k - 1)
    return x, items


def aggregate_survey(frame: pd.DataFrame, framework: Framework, group_weights: str = "equal"
                     ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Survey indicators per (region, year) on ``0..100``.

    Parameters
    ----------
    frame : DataFrame
        :attr:`SurveyData.frame`.
    framework : Framework
    group_weights : {"equal", "size"}

    Returns
    -------
    values : DataFrame
        Index ``(region, year)``, one column per survey indicator.
    counts : DataFrame
        Same shape: respondents behind each value.
    group_means : DataFrame
        Index ``(region, year, group)``: each survey indicator per group on ``0..100``.

    Examples
    --------
    >>> from metrics.framework import default_framework
    >>> fw = default_framework()
    >>> ind = [c for c in fw.survey_indicators if fw.table.at[c, "stat"] == "mean"
    ...        and not fw.table.at[c, "reverse"] and len(fw.table.at[c, "groups"]) == 4][0]
    >>> it = fw.table.at[ind, "items"][0]
    >>> f = pd.DataFrame({"region": ["a"] * 3, "year": [2020] * 3,
    ...                   "group": pd.Categorical(["gov", "gov", "cit"], categories=["gov", "ent", "org", "cit"]),
    ...                   it: [5.0, 5.0, 1.0]})
    >>> v, n, _ = aggregate_survey(f, fw)
    >>> float(v.loc[("a", 2020), ind]), int(n.loc[("a", 2020), ind])
    (50.0, 3)
    """
    if group_weights not in ("equal", "size"):
        raise ValueError("group_weights must be 'equal' or 'size'")
    x, items = item_scores(frame, framework)
    pos = {it: j for j, it in enumerate(items)}
    keys = _keys(frame)
    gcode = keys[2]
    mean_inds = [c for c in framework.survey_indicators if framework.table.at[c, "stat"] != "consensus"]
    cons_inds = [c for c in framework.survey_indicators if framework.table.at[c, "stat"] == "consensus"]
    r = _respondent_values(x, pos, gcode, mean_inds, framework, len(frame))
    gm, gn = _group_means(frame, r, mean_inds, keys)
    values, counts = _combine_groups(gm, gn, group_weights)
    if cons_inds:
        _consensus(values, counts, frame, x, items, pos, keys, cons_inds, framework)
    order = [c for c in framework.survey_indicators if c in values.columns]
    return values[order], counts[order].fillna(0).astype(int), gm * 100.0


def _respondent_values(x: np.ndarray, pos: dict, gcode: np.ndarray, mean_inds: list, framework: Framework,
                       n: int) -> np.ndarray:
    """Respondent-level values of the mean indicators (NaN for a group the indicator does not ask)."""
    r = np.full((len(mean_inds), n), np.nan, dtype=np.float32).T  # column-major
    for j, ind in enumerate(mean_inds):
        cols = [pos[it] for it in framework.table.at[ind, "items"] if it in pos]
        if not cols:
            continue
        sub = x[:, cols]
        with np.errstate(invalid="ignore"):
            v = np.nanmean(sub, axis=1) if len(cols) > 1 else sub[:, 0]
        allowed = np.zeros(len(GROUPS) + 1, dtype=bool)  # last slot: code -1 (no group)
        allowed[[GROUPS.index(g) for g in framework.table.at[ind, "groups"] if g in GROUPS]] = True
        r[:, j] = np.where(allowed[gcode], v, np.nan)
    return r


def _combine_groups(gm: pd.DataFrame, gn: pd.DataFrame, group_weights: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group means combined per (region, year) on ``0..100`` (equal or size weights), and the counts."""
    if group_weights == "equal":
        values = gm.groupby(level=["region", "year"]).mean()
    else:
        values = (gm * gn).groupby(level=["region", "year"]).sum(min_count=1) / \
            gn.groupby(level=["region", "year"]).sum().replace(0, np.nan)
    counts = gn.groupby(level=["region", "year"]).sum()
    return values * 100.0, counts


def _consensus(values: pd.DataFrame, counts: pd.DataFrame, frame: pd.DataFrame, x: np.ndarray, items: list,
               pos: dict, keys, cons_inds: list, framework: Framework) -> None:
    """Consensus indicators into ``values`` and ``counts``: the spread of group means per item."""
    im, icount = _group_means(frame, x, items, keys)
    for ind in cons_inds:
        its = [it for it in framework.table.at[ind, "items"] if it in pos]
        allowed = list(framework.table.at[ind, "groups"])
        if not its:
            values[ind] = np.nan
            counts[ind] = 0
            continue
        sub = im[its]
        sub = sub[sub.index.get_level_values("group").isin(allowed)]
        g = sub.groupby(level=["region", "year"])
        rng = (g.max() - g.min()).where(g.count() >= 2)
        spread = rng.mean(axis=1, skipna=True)
        values[ind] = 100.0 * (1.0 - spread)
        ic = icount[its]
        ic = ic[ic.index.get_level_values("group").isin(allowed)]
        counts[ind] = ic.groupby(level=["region", "year"]).sum().max(axis=1)
