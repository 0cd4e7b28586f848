"""Fieldwork monitor: survey responses per region x year x stakeholder group against a target.

A **cell** is one region, year and stakeholder group: the unit whose mean enters a survey indicator
(:mod:`metrics.survey` averages respondents per cell, then the cells' means across groups).  A cell
is **short** when it has fewer responses than the target:

* ``Target("count", n=30)``: at least ``n`` responses per cell;
* ``Target("margin", margin=0.05, population=N)``: enough responses for a margin of error of at most
  ``margin`` at 95% confidence for a proportion, the conservative ``p = 0.5``, with the finite
  population correction for a group of ``N`` people (Cochran 1977, *Sampling Techniques*, 3rd ed.,
  eqs. 4.2 and 4.3)::

      n0 = z^2 p (1 - p) / e^2,     n = n0 / (1 + (n0 - 1) / N),     z = 1.96

  ``population`` may be one number, or a dict by stakeholder group (``{"gov": 800, "cit": 2e6}``);
  without it (``None``) there is no correction (``n = n0``, 385 for 5%).

:func:`cell_counts` counts the responses (every region and year of the data, and of the region
table when given, times the four groups, so that a cell nobody answered shows as 0).
:func:`short_cells` lists the short ones, :func:`groups_behind` says which groups' cells a node's
score rests on (the groups of the survey indicators below it), and :func:`thin_scores` which
region-years have a score on such a short cell.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .framework import GROUPS, Framework

Z95 = 1.959963984540054     # the 97.5% point of the standard normal distribution


def required_n(margin: float = 0.05, population: float | None = None, p: float = 0.5, z: float = Z95) -> int:
    """Responses needed for a margin of error ``margin`` (Cochran's sample size with the finite
    population correction).

    >>> required_n(0.05), required_n(0.05, 1000), required_n(0.1, 50)
    (385, 278, 34)
    """
    if not 0 < margin < 1:
        raise ValueError("margin must be between 0 and 1")
    n0 = z * z * p * (1 - p) / (margin * margin)
    if population is not None and np.isfinite(population) and population > 0:
        n0 = n0 / (1 + (n0 - 1) / population)
        return int(min(math.ceil(n0 - 1e-9), math.ceil(population)))
    return int(math.ceil(n0 - 1e-9))


def margin_of_error(n: int, population: float | None = None, p: float = 0.5, z: float = Z95) -> float:
    """The margin of error of ``n`` responses at 95% confidence (with the finite population correction).

    >>> round(margin_of_error(385), 4), round(margin_of_error(278, 1000), 4)
    (0.0499, 0.05)
    """
    if n <= 0:
        return float("nan")
    e = z * math.sqrt(p * (1 - p) / n)
    if population is not None and np.isfinite(population) and population > 1:
        e *= math.sqrt(max(population - n, 0) / (population - 1))
    return e


@dataclass(frozen=True)
class Target:
    """What a cell needs: ``kind="count"`` with ``n``, or ``kind="margin"`` with ``margin`` and
    ``population`` (a number, a dict by group, or ``None``)."""

    kind: str = "count"
    n: int = 30
    margin: float = 0.05
    population: object = None
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if self.kind not in ("count", "margin"):
            raise ValueError("kind must be 'count' or 'margin'")
        if self.kind == "count" and int(self.n) < 1:
            raise ValueError("the target count must be at least 1")
        if self.kind == "margin":
            required_n(self.margin)          # checks the margin

    def population_of(self, group: str) -> float | None:
        pop = self.population
        if isinstance(pop, dict):
            v = pop.get(group)
            return float(v) if v not in (None, "") else None
        return None if pop in (None, "") else float(pop)

    def needed(self, group: str) -> int:
        """Responses a cell of ``group`` needs."""
        if self.kind == "count":
            return int(self.n)
        return required_n(self.margin, self.population_of(group))

    def describe(self, lang: str = "zh") -> str:
        if self.kind == "count":
            return f"每格至少 {int(self.n)} 份" if lang == "zh" else f"at least {int(self.n)} responses per cell"
        pct = f"{self.margin:.0%}" if self.margin * 100 == round(self.margin * 100) else f"{self.margin:.1%}"
        return (f"95% 置信水平下误差不超过 ±{pct}" if lang == "zh"
                else f"a margin of error of at most ±{pct} at 95% confidence")

    def to_dict(self) -> dict:
        return {"kind": self.kind, "n": int(self.n), "margin": float(self.margin), "population": self.population}


def cell_counts(frame: pd.DataFrame, target: Target | None = None, regions=None) -> pd.DataFrame:
    """Responses per region, year and group, the target, and whether the cell is short.

    Parameters
    ----------
    frame : DataFrame
        Survey answers with ``region``, ``year``, ``group`` (:attr:`metrics.SurveyData.frame`).
    target : Target, optional
        Default: 30 responses per cell.
    regions : metrics.Regions, optional
        Its regions are listed too (with 0 responses when the data has none).

    Returns
    -------
    DataFrame
        ``region, year, group, n, needed, short, margin`` (the margin of error the cell reaches),
        one row per cell of every region and year times the four groups.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["a"] * 3 + ["b"], "year": [2024] * 4, "group": ["gov", "gov", "cit", "gov"]})
    >>> c = cell_counts(f, Target("count", n=2))
    >>> c[c["region"] == "a"][["group", "n", "short"]].values.tolist()
    [['gov', 2, False], ['ent', 0, True], ['org', 0, True], ['cit', 1, True]]
    """
    target = target or Target()
    years = sorted(pd.unique(frame["year"])) if len(frame) else []
    # counted on integer codes (a county survey: ~1M answers, 0.45 -> ~0.2 s): each column factorised once,
    # its few distinct values placed in the cells' order (regions as first met, then the region table's);
    # an answer without a region, year or group, or of a group outside GROUPS, is in no cell
    r_codes, r_values = pd.factorize(frame["region"])
    y_codes, y_values = pd.factorize(frame["year"])
    g_codes, g_values = pd.factorize(frame["group"])
    r_names = [str(v) for v in r_values]
    regs = list(dict.fromkeys(r_names + ([str(c) for c in regions.table.index] if regions is not None else [])))
    def positions(values, order: list) -> np.ndarray:
        """Each distinct value's place in ``order`` (-1: none), then -1 for factorize's missing code -1."""
        at = {v: k for k, v in enumerate(order)}
        return np.array([at.get(v, -1) for v in values] + [-1], dtype=np.int64)
    r_at = positions(r_names, regs)
    y_at = positions(y_values, years)
    g_at = positions([str(g) for g in g_values], list(GROUPS))
    G, Y = len(GROUPS), len(years)
    cell = r_at[r_codes]          # in place from here: each temporary of a million codes costs page faults
    if (cell < 0).any() or (y_at[y_codes] < 0).any() or (g_at[g_codes] < 0).any():
        keep = (cell >= 0) & (y_at[y_codes] >= 0) & (g_at[g_codes] >= 0)
        r_codes, y_codes, g_codes, cell = r_codes[keep], y_codes[keep], g_codes[keep], cell[keep]
    cell *= Y
    cell += y_at[y_codes]
    cell *= G
    cell += g_at[g_codes]
    n = np.bincount(cell, minlength=len(regs) * Y * G).astype(np.int64)
    idx = pd.MultiIndex.from_product([regs, years, list(GROUPS)], names=["region", "year", "group"])
    out = pd.Series(n, index=idx, name="n").reset_index()
    g_of = np.tile(np.arange(G), len(regs) * Y)      # each cell's group, in from_product's order
    out["needed"] = np.array([target.needed(g) for g in GROUPS])[g_of]
    out["short"] = out["n"] < out["needed"]
    # one margin per distinct (count, group), not per cell: a county survey has ~100,000 cells, few counts
    pairs, where = np.unique(n * G + g_of, return_inverse=True)
    margin = np.array([margin_of_error(int(p // G), target.population_of(GROUPS[p % G])) for p in pairs], dtype=float)
    out["margin"] = margin[where.ravel()]
    return out


def groups_behind(fw: Framework, node: str | None = None) -> tuple:
    """Stakeholder groups whose cells a node's score rests on: the groups of the survey indicators
    below ``node`` (the top node by default; an indicator is below itself)."""
    node = node or fw.root
    inds = [node] if node in fw.indicators else fw.leaves_of.get(node, [])
    groups = {g for c in inds if c in fw.survey_indicators for g in fw.table.at[c, "groups"]}
    return tuple(g for g in GROUPS if g in groups)


def short_cells(counts: pd.DataFrame, fw: Framework | None = None, node: str | None = None) -> pd.DataFrame:
    """The short cells, fewest responses first; with ``fw``, only the groups ``node``'s score rests on."""
    c = counts[counts["short"]]
    if fw is not None:
        c = c[c["group"].isin(groups_behind(fw, node))]
    return c.sort_values(["n", "region", "year", "group"], kind="stable").reset_index(drop=True)


def thin_scores(counts: pd.DataFrame, fw: Framework, year=None, node: str | None = None,
                regions_scored=None) -> dict:
    """Region -> the short cells (groups) of ``year`` its ``node`` score rests on.

    Only regions with survey data in that year count (a region without any answers has no survey
    score to warn about); ``regions_scored`` restricts the regions further.
    """
    if year is not None:   # the year first: sorting one year's short cells, not ten (a county survey)
        counts = counts[counts["year"] == year]
    c = short_cells(counts, fw, node)
    if year is not None:
        answered = counts.loc[counts["n"] > 0, "region"].unique()
        c = c[c["region"].isin(answered)]
    if regions_scored is not None:
        c = c[c["region"].isin(set(map(str, regions_scored)))]
    out: dict = {}  # one pass over the rows (a groupby of 2,844 county regions took a second)
    for r, cell in zip(c["region"].tolist(), zip(c["group"].tolist(), c["n"].tolist(), c["needed"].tolist())):
        out.setdefault(r, []).append(cell)
    return out


def cells_by_area(counts: pd.DataFrame, area: pd.Series) -> pd.DataFrame:
    """The cells of :func:`cell_counts` summed over the regions of each area (a province, a region group):
    for a county dataset, one row per area instead of one per county.

    Parameters
    ----------
    counts : DataFrame
        :func:`cell_counts`.
    area : Series
        Region code -> area label; regions without one are left out.

    Returns
    -------
    DataFrame
        ``area, year, group, cells, short, n`` (region cells, those below the target, responses), in the
        order of first appearance of the areas.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["a", "a", "b"], "year": [2024] * 3, "group": ["gov"] * 3})
    >>> c = cell_counts(f, Target("count", n=2))
    >>> s = cells_by_area(c, pd.Series({"a": "P", "b": "P"}))
    >>> s[s["group"] == "gov"][["area", "cells", "short", "n"]].values.tolist()
    [['P', 2, 1, 3]]
    """
    c = counts.assign(area=counts["region"].map(area)).dropna(subset=["area"])
    out = c.groupby(["area", "year", "group"], sort=False, observed=True).agg(
        cells=("short", "size"), short=("short", "sum"), n=("n", "sum")).reset_index()
    return out.astype({"cells": int, "short": int, "n": int})
