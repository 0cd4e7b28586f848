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


def _group_means(frame: pd.DataFrame, values: np.ndarray, names: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean and count of each column of ``values`` per (region, year, group)."""
    keys = frame[["region", "year", "group"]]
    df = pd.DataFrame(values, columns=names)
    df["region"] = keys["region"].to_numpy()
    df["year"] = keys["year"].to_numpy()
    df["group"] = keys["group"].to_numpy()
    g = df.groupby(["region", "year", "group"], sort=True, observed=True)
    return g[names].mean(), g[names].count()


def item_scores(frame: pd.DataFrame, framework: Framework) -> tuple[np.ndarray, list[str]]:
    """Every item reverse-coded where required and rescaled to ``0..1`` (respondents x items)."""
    items = [it for it in framework.survey_items if it in frame.columns]
    scale: dict[str, int] = {}
    reverse: set[str] = set()
    for ind in framework.survey_indicators:
        for it in framework.table.at[ind, "items"]:
            scale.setdefault(it, int(framework.table.at[ind, "scale"] or 5))
        reverse.update(framework.table.at[ind, "reverse"])
    x = frame[items].to_numpy(dtype=np.float32, copy=True) if items else np.empty((len(frame), 0), np.float32)
    for j, it in enumerate(items):
        k = scale[it]
        col = x[:, j]
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
    groups = frame["group"].astype(str).to_numpy()
    mean_inds = [c for c in framework.survey_indicators if framework.table.at[c, "stat"] != "consensus"]
    cons_inds = [c for c in framework.survey_indicators if framework.table.at[c, "stat"] == "consensus"]
    # respondent-level indicator values
    r = np.full((len(frame), len(mean_inds)), np.nan, dtype=np.float32)
    for j, ind in enumerate(mean_inds):
        cols = [pos[it] for it in framework.table.at[ind, "items"] if it in pos]
        if not cols:
            continue
        sub = x[:, cols]
        with np.errstate(invalid="ignore"):
            v = np.nanmean(sub, axis=1) if len(cols) > 1 else sub[:, 0]
        allowed = np.isin(groups, list(framework.table.at[ind, "groups"]))
        r[:, j] = np.where(allowed, v, np.nan)
    gm, gn = _group_means(frame, r, mean_inds)
    # combine groups
    if group_weights == "equal":
        values = gm.groupby(level=["region", "year"]).mean()
    else:
        values = (gm * gn).groupby(level=["region", "year"]).sum(min_count=1) / \
            gn.groupby(level=["region", "year"]).sum().replace(0, np.nan)
    counts = gn.groupby(level=["region", "year"]).sum()
    values = values * 100.0
    # consensus indicators: spread of group means per item
    if cons_inds:
        im, icount = _group_means(frame, x, items)
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
    order = [c for c in framework.survey_indicators if c in values.columns]
    return values[order], counts[order].fillna(0).astype(int), gm * 100.0
