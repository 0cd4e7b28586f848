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

from dataclasses import dataclass

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


def _group_sums(values: np.ndarray, names: list[str], keys) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum and count of each column of ``values`` per (region, year, group) cell of ``keys``
    (:func:`_keys`), NaN skipped (``np.bincount``)."""
    pos, index, _ = keys
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
    return pd.DataFrame(sums, index=index, columns=names), pd.DataFrame(counts, index=index, columns=names)


def _means(sums: pd.DataFrame, counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean (``sums / counts``, NaN where no value) and count (int) of each cell and column.

    Computed on the tables' column-major blocks (one row per column, pandas' own layout) and handed
    to pandas without a copy: the tables are 100,000 cells by tens of columns, and the memory layout
    of the result is the one pandas gives any table it copies, whether the cells were just summed
    or read from a snapshot (row-wise reductions later see the same layout, so the same bits).
    """
    s = np.ascontiguousarray(sums.to_numpy().T)
    n = np.ascontiguousarray(counts.to_numpy().T)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = s / n
    return (pd.DataFrame(means.T, index=sums.index, columns=sums.columns, copy=False),
            pd.DataFrame(n.astype(int).T, index=counts.index, columns=counts.columns, copy=False))


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


@dataclass(frozen=True)
class SurveyCells:
    """The per-cell sums and counts every survey indicator is computed from (steps 1-3 of the module
    docstring): what :func:`aggregate_cells` needs.  One row per (region, year, group) cell, not per
    respondent: for the county workload 113,662 cells where the answers are 996,123 rows, and summing
    them (the step that reads every answer) is done once, when a version is saved.

    ``sums`` / ``counts``: index ``(region, year, group)`` (the cells that have a respondent), one
    column per mean indicator: the sum and the number of its respondents' values (0..1).
    ``item_sums`` / ``item_counts``: the same per survey item of a consensus indicator (no columns
    when the framework has none).  ``framework``: :meth:`Framework.fingerprint` of the
    framework they were computed with (items, groups, reverse coding, scales): they answer for no
    other.  The means are ``sums / counts`` computed here, as :func:`aggregate_survey` does from the
    answers, so the indicators from cells equal those from the answers bit for bit.
    """

    sums: pd.DataFrame
    counts: pd.DataFrame
    item_sums: pd.DataFrame
    item_counts: pd.DataFrame
    framework: str


def survey_cells(frame: pd.DataFrame, framework: Framework) -> SurveyCells:
    """The :class:`SurveyCells` of survey answers (:attr:`SurveyData.frame`): one pass over them."""
    x, items = item_scores(frame, framework)
    pos = {it: j for j, it in enumerate(items)}
    keys = _keys(frame)
    mean_inds = [c for c in framework.survey_indicators if framework.table.at[c, "stat"] != "consensus"]
    r = _respondent_values(x, pos, keys[2], mean_inds, framework, len(frame))
    sums, counts = _group_sums(r, mean_inds, keys)
    del r
    asked = {it for c in framework.survey_indicators if framework.table.at[c, "stat"] == "consensus"
             for it in framework.table.at[c, "items"]}
    cons_items = [it for it in items if it in asked]  # only the consensus indicators need items
    isums, icounts = _group_sums(x[:, [pos[it] for it in cons_items]], cons_items, keys)
    return SurveyCells(sums, counts, isums, icounts, framework.fingerprint())


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
    return aggregate_cells(survey_cells(frame, framework), framework, group_weights)


def aggregate_cells(cells: SurveyCells, framework: Framework, group_weights: str = "equal"
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """:func:`aggregate_survey` from the answers' :class:`SurveyCells` (steps 4-5): the same tables,
    to the bit, without the answers."""
    if group_weights not in ("equal", "size"):
        raise ValueError("group_weights must be 'equal' or 'size'")
    if cells.framework != framework.fingerprint():
        raise ValueError("these survey cells were computed with another framework")
    gm, gn = _means(cells.sums, cells.counts)
    values, counts = _combine_groups(gm, gn, group_weights)
    cons_inds = [c for c in framework.survey_indicators if framework.table.at[c, "stat"] == "consensus"]
    if cons_inds:
        _consensus(values, counts, _means(cells.item_sums, cells.item_counts), cons_inds, framework)
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


def _consensus(values: pd.DataFrame, counts: pd.DataFrame, item_means: tuple[pd.DataFrame, pd.DataFrame],
               cons_inds: list, framework: Framework) -> None:
    """Consensus indicators into ``values`` and ``counts``: the spread of group means per item."""
    im, icount = item_means
    for ind in cons_inds:
        its = [it for it in framework.table.at[ind, "items"] if it in im.columns]
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
