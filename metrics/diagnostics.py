"""Diagnostics of an :class:`~metrics.assessment.Assessment`: synergy, gaps,
obstacles, recommended measures, change over time, disparity and scale checks.

These functions connect the formulas in :mod:`metrics.synergy`,
:mod:`metrics.obstacles`, :mod:`metrics.disparity`, :mod:`metrics.reliability`
and :mod:`metrics.perception` to an assessment, so the dashboard, the exports
and ``python -m metrics diagnose`` give the same answers.
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import normalize as norm
from .methods import default_scale
from .assessment import Assessment, aggregate_tree
from .disparity import coefficient_of_variation, dagum_gini, theil
from .framework import DATA_DIR, GROUP_NAMES, GROUPS
from .obstacles import obstacle_by_group, obstacle_degree
from .perception import aggregate_gaps, perception_gaps
from .reliability import alpha_report, bartlett_sphericity, kmo
from .synergy import coupling_coordination

MEASURES_FILE = DATA_DIR / "measures.csv"
BENCHMARKS = ("mean", "best", "group", "peer", "target")
BENCHMARK_NAMES = {
    "mean": ("全部地区均值", "Mean of all regions"),
    "best": ("最佳地区", "Best region"),
    "group": ("所在区域均值", "Mean of its region group"),
    "peer": ("对标地区", "Peer region"),
    "target": ("目标值", "Target values"),
}


def _year(a: Assessment, year: int | None) -> int:
    return a.latest_year if year is None else int(year)


def display_scores(a: Assessment, year: int | None = None, nodes: list[str] | None = None) -> pd.DataFrame:
    """Scores of ``nodes`` (default: every aggregate) for one year, regions in rows."""
    year = _year(a, year)
    cols = nodes or list(a.scores.columns)
    return a.all_scores[cols].xs(year, level="year")


# --------------------------------------------------------------------------- synergy
#: How the scores of each kind of scale are placed on [0, 1] for the coupling-coordination degree.
COUPLING_MAPPINGS = {
    "scale": ("得分在方法量表 [lo, hi] 上的位置 (s − lo)/(hi − lo)",
              "the score's position on the method's scale [lo, hi], (s − lo)/(hi − lo)"),
    "zscore_3sd": ("Z 分数在均值 ±3 个标准差范围内的位置 (s − (m − 3σ))/(6σ)，超出部分截断",
                   "the z-score's position within three standard deviations of the mean, (s − (m − 3σ))/(6σ), "
                   "clipped beyond"),
    "rank_n": ("秩次在 1…n 上的位置 (s − 1)/(n − 1)，n 为单个指标参与排序的最多个数",
               "the rank's position on 1…n, (s − 1)/(n − 1), n the most values ranked for one indicator"),
}


def synergy(a: Assessment, node: str | None = None, year: int | None = None, weights=None) -> pd.DataFrame:
    """Coupling-coordination degree among the children of ``node`` (default: the top node's children).

    Each child's score ``s`` enters as ``U = (s - lo) / (hi - lo)``, its position
    on the spec's own scale from :meth:`Assessment.scale_bounds`, one fixed
    ``(lo, hi)`` for every year:

    * min-max, goalposts, rank with a scale: the scale ``[l, u]`` (default
      ``[0, 100]``, so ``U = s / 100``; ``[1, 100]`` gives ``(s - 1) / 99``);
      TOPSIS: ``[0, 100]``;
    * z-scores with mean ``m`` and SD ``s``: ``m ± 3 s`` (the mean maps to 0.5),
      scores beyond clipped onto [0, 1];
    * raw ranks: ``1..n`` with ``n`` the most values ranked for one indicator.

    So ``U = 0`` (and with it ``C = D = 0``) only for a score at the very bottom
    of the scale, never for merely being the lowest region of a year.  The
    output's ``attrs`` hold ``scale`` (lo, hi), ``mapping`` (the rule's code in
    :data:`COUPLING_MAPPINGS`), ``rescaled`` (True unless the scale is
    [0, 100]), ``clipped`` (scores outside the scale, set to its end) and
    ``subsystems``.  ``year=None`` gives every year.
    """
    node = node or a.root
    kids = a.framework.children[node]
    s = a.all_scores[kids]
    if year is not None:
        s = s.xs(int(year), level="year", drop_level=False)
    lo, hi, mapping = a.scale_bounds()
    u = (s - lo) / (hi - lo)
    outside = ((u < -1e-9) | (u > 1 + 1e-9)) & u.notna()
    u = u.clip(0.0, 1.0)
    out = coupling_coordination(u, weights=weights, scale=1.0)
    out.attrs["scale"] = (lo, hi)
    out.attrs["mapping"] = mapping
    out.attrs["mapping_zh"], out.attrs["mapping_en"] = COUPLING_MAPPINGS[mapping]
    out.attrs["rescaled"] = (lo, hi) != (0.0, 100.0)
    out.attrs["clipped"] = int(outside.to_numpy().sum())
    out.attrs["subsystems"] = kids
    return out


def synergy_table(a: Assessment, node: str | None = None, lang: str = "zh") -> pd.DataFrame:
    """Columns ``coupling_C, coupling_T, coupling_D, coupling_band`` (band name in ``lang``) per region and year."""
    s = synergy(a, node)
    return pd.DataFrame({"coupling_C": s["C"], "coupling_T": s["T"], "coupling_D": s["D"],
                         "coupling_band": s["band_zh" if lang == "zh" else "band_en"],
                         "coupling_band_level": s["band"]}, index=s.index)


# --------------------------------------------------------------------------- gaps
def _target_scores(a: Assessment) -> pd.Series:
    """Every node's score for a pseudo-region that reaches each indicator's target.

    Targets are normalised with the same transformation as the data (pooled
    min/max, mean/SD or goal posts) and clipped to the scale, then aggregated
    with the assessment's weights (TOPSIS falls back to the arithmetic mean,
    since a single profile has no ideal points of its own).
    """
    fw = a.framework
    meta = fw.table.loc[fw.indicators]
    tgt = meta["target"].astype(float)
    # indicators without a target aim at the best observed value
    best = (a.treated[fw.indicators] * meta["direction"].to_numpy()).max() * meta["direction"]
    tgt = tgt.fillna(best)
    x = a.treated[fw.indicators]
    d = meta["direction"].astype(float)
    method = a.spec.normalize
    scale = a.spec.scale or default_scale(method)
    if method == "minmax":
        lo, hi = scale
        v = x * d
        mn, mx = v.min(), v.max()
        t = lo + ((tgt * d) - mn) / (mx - mn) * (hi - lo)
        t = t.clip(lo, hi)
    elif method == "goalposts":
        t = norm.goalposts(pd.DataFrame([tgt.to_numpy()], columns=fw.indicators), meta, *scale).iloc[0]
    elif method == "zscore":
        m, sd = scale
        v = x * d
        t = m + sd * ((tgt * d) - v.mean()) / v.std(ddof=1)
    else:  # rank: a target at or beyond the best value takes the top rank
        r = a.normalised[fw.indicators]
        t = r.max()
    row = pd.DataFrame([t.to_numpy()], columns=fw.indicators, index=pd.MultiIndex.from_tuples([("target", 0)]))
    method_agg = "arithmetic" if a.spec.aggregate == "topsis" else a.spec.aggregate
    if method_agg == "geometric":
        row = row.clip(lower=1e-9)
    agg_row = aggregate_tree(fw, row, a.weights, a.indicator_weights, method_agg)
    return pd.concat([row.iloc[0], agg_row.iloc[0]])


def benchmark_profile(a: Assessment, region: str, year: int | None = None, benchmark: str = "mean",
                      peer: str | None = None, group_column: str = "group") -> tuple[pd.Series, str]:
    """Scores of the benchmark for every node, and a label of what it is.

    ``mean``: mean of all regions of the year; ``best``: the region ranked first
    on the top node; ``group``: mean of the regions in the same group (东部,
    中部, 西部, 东北 by default); ``peer``: a named region; ``target``: the
    framework's target values run through the same normalisation and weights.
    """
    year = _year(a, year)
    s = a.all_scores.xs(year, level="year")
    if benchmark == "mean":
        return s.mean(), "mean"
    if benchmark == "best":
        top = s[a.root].idxmax()
        return s.loc[top], str(top)
    if benchmark == "group":
        groups = a.dataset.region_groups(group_column)
        g = groups.get(region)
        if g is None or (isinstance(g, float) and np.isnan(g)):
            raise ValueError(f"地区“{region}”没有分组 / region '{region}' has no group")
        members = [r for r in s.index if groups.get(r) == g]
        return s.loc[members].mean(), str(g)
    if benchmark == "peer":
        if peer is None or peer not in s.index:
            raise ValueError(f"对标地区“{peer}”不在 {year} 年的数据中 / peer region '{peer}' is not in the data for {year}")
        return s.loc[peer], str(peer)
    if benchmark == "target":
        return _target_scores(a), "target"
    raise ValueError(f"benchmark must be one of {BENCHMARKS} or a region code")


def gaps(a: Assessment, region: str, year: int | None = None, benchmark: str = "mean",
         peer: str | None = None, group_column: str = "group") -> pd.DataFrame:
    """Per node: the region's score, the benchmark's, the gap (score − benchmark) and the node's level.

    A ``benchmark`` that is a region code is taken as ``peer``.
    """
    year = _year(a, year)
    if benchmark not in BENCHMARKS:
        benchmark, peer = "peer", benchmark
    s = a.all_scores.xs(year, level="year")
    if region not in s.index:
        raise ValueError(f"地区“{region}”不在 {year} 年的数据中 / region '{region}' is not in the data for {year}")
    bench, label = benchmark_profile(a, region, year, benchmark, peer, group_column)
    fw = a.framework
    out = pd.DataFrame({"score": s.loc[region], "benchmark": bench.reindex(s.columns)})
    out["gap"] = out["score"] - out["benchmark"]
    out["level"] = fw.table["level"].reindex(out.index)
    out["parent"] = fw.table["parent"].reindex(out.index)
    out["name_zh"] = [fw.name_of(c, "zh") for c in out.index]
    out["name_en"] = [fw.name_of(c, "en") for c in out.index]
    out.attrs.update(region=region, year=year, benchmark=benchmark, benchmark_label=label)
    return out


def strengths_weaknesses(gap_table: pd.DataFrame, level: int = 2, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` nodes of ``level`` furthest above (strengths) and below (weaknesses) the benchmark."""
    g = gap_table[(gap_table["level"] == level) & gap_table["gap"].notna()].sort_values("gap")
    weak = g[g["gap"] < 0].head(n)
    strong = g[g["gap"] > 0].sort_values("gap", ascending=False).head(n)
    return strong, weak


# --------------------------------------------------------------------------- obstacles
def _unit_scores(a: Assessment, year: int) -> pd.DataFrame:
    """Indicators on [0, 1] (1 = best) for the obstacle model, in ``year``.

    Min-max and goalposts results are rescaled from their scale; other
    normalisations are replaced by min-max [0, 1] of the treated data (pooled
    over every year and region, then the year taken), since the obstacle model
    needs a bounded deviation ``1 - x``.
    """
    method = a.spec.normalize
    inds = a.framework.indicators
    if method in ("minmax", "goalposts"):
        lo, hi = a.spec.scale or default_scale(method)
        # the year first: a county table is 28,440 x 150, a year 2,844 x 150 (the same numbers)
        return (a.normalised[inds].xs(year, level="year") - lo) / (hi - lo)
    meta = a.framework.table.loc[inds]
    return norm.minmax(a.treated[inds], meta["direction"], 0.0, 1.0).xs(year, level="year")


def obstacles(a: Assessment, year: int | None = None, level: int | None = None) -> pd.DataFrame:
    """Obstacle degree (fractions summing to 1 per region) of every indicator, or summed to ``level``.

    Computed once per assessment, year and level (``Assessment.derived``: a region's profile needs them
    three times, every region of the year the same table); each call returns its own copy."""
    year = _year(a, year)
    level = 1 if level is None else level
    key = ("obstacles", year, level)
    od = a.derived.get(key)
    if od is None:
        if level == 1:
            od = obstacle_degree(_unit_scores(a, year), a.indicator_weights, scale=(0.0, 1.0))
        else:
            ind = obstacles(a, year, 1)
            od = obstacle_by_group(ind, {c: a.framework.ancestor_at(c, level) for c in ind.columns})
        a.derived[key] = od
    return od.copy()


def obstacle_ranking(a: Assessment, region: str, year: int | None = None, level: int = 1, n: int | None = None
                     ) -> pd.DataFrame:
    """One region's obstacles at ``level``, largest first, with names and scores."""
    year = _year(a, year)
    od = obstacles(a, year, level)
    if region not in od.index:
        raise ValueError(f"地区“{region}”不在 {year} 年的数据中 / region '{region}' is not in the data for {year}")
    row = od.loc[region].dropna().sort_values(ascending=False)
    if n:
        row = row.head(n)
    fw = a.framework
    s = a.all_scores.xs(year, level="year").loc[region]
    return pd.DataFrame({"obstacle": row, "score": s.reindex(row.index),
                         "name_zh": [fw.name_of(c, "zh") for c in row.index],
                         "name_en": [fw.name_of(c, "en") for c in row.index]})


# --------------------------------------------------------------------------- measures
_SECTION = re.compile(r"\d+(?:\.\d+)*")


def paper_sections(source: object) -> str:
    """Sections of the paper, written one way everywhere (pages and exports, both languages): ``§3.2, §4.1``.

    Reads any way a measure's ``source`` may be written (``3.2; 4.1`` as in ``data/measures.csv``,
    ``§3.2、§4.1``, ``3.2,4.1``); nothing for a missing source.

    >>> paper_sections("3.3; 4.3"), paper_sections("§3.2、§4.2"), paper_sections(float("nan"))
    ('§3.3, §4.3', '§3.2, §4.2', '')
    """
    return ", ".join(f"§{p}" for p in _SECTION.findall("" if source is None else str(source)))


def load_measures(path: str | Path | None = None) -> pd.DataFrame:
    """The measures library: ``subdim, priority, text_zh, text_en, source``."""
    df = pd.read_csv(path or MEASURES_FILE, dtype={"subdim": str, "source": str})
    df["priority"] = pd.to_numeric(df["priority"], errors="raise").astype(int)
    return df.sort_values(["subdim", "priority"]).reset_index(drop=True)


@dataclass
class Recommendation:
    """Measures for one region: what triggered them and in which order."""

    region: str
    year: int
    by: str
    strong: bool
    items: list          # one dict per sub-dimension, in priority order
    message_zh: str = ""
    message_en: str = ""

    def to_frame(self) -> pd.DataFrame:
        rows = []
        for rank, it in enumerate(self.items, start=1):
            for m in it["measures"]:
                rows.append({"order": rank, "subdim": it["subdim"], "subdim_zh": it["name_zh"],
                             "subdim_en": it["name_en"], "score": it["score"], "trigger": it["trigger"],
                             "value": it["value"], "priority": m["priority"], "text_zh": m["text_zh"],
                             "text_en": m["text_en"], "source": m["source"]})
        return pd.DataFrame(rows)


def recommend(a: Assessment, region: str, year: int | None = None, by: str = "obstacle", n: int = 3,
              benchmark: str = "mean", peer: str | None = None, strong_score: float = 80.0,
              tolerance: float = 1.0, measures: pd.DataFrame | None = None, level: int = 2) -> Recommendation:
    """The paper's measures for the sub-dimensions that hold ``region`` back most.

    ``by="obstacle"``: sub-dimensions ranked by obstacle degree; a region whose
    every sub-dimension scores at least ``strong_score`` (on the 0..100 display
    scale) is "strong everywhere" and gets no measures.  ``by="gap"``:
    sub-dimensions below the benchmark by more than ``tolerance`` points, most
    negative first; a region with none is strong everywhere.  At most ``n``
    sub-dimensions, each with all its measures in priority order.
    """
    year = _year(a, year)
    fw = a.framework
    lib = measures if measures is not None else load_measures()
    subdims = fw.level_codes(level)
    s = a.all_scores.xs(year, level="year").loc[region]
    lo, hi = a.display_range()
    disp = (s - lo) / (hi - lo) * 100.0
    if by == "obstacle":
        od = obstacles(a, year, level).loc[region].reindex(subdims)
        strong = bool(disp.reindex(subdims).dropna().ge(strong_score).all())
        order = od.dropna().sort_values(ascending=False)
        chosen = [] if strong else list(order.index[:n])
        trig = {c: float(od[c]) for c in chosen}
    elif by == "gap":
        g = gaps(a, region, year, benchmark, peer)
        below = g.loc[[c for c in subdims if c in g.index]]
        below = below[below["gap"] < -tolerance].sort_values("gap")
        strong = below.empty
        chosen = list(below.index[:n])
        trig = {c: float(below.at[c, "gap"]) for c in chosen}
    else:
        raise ValueError("by must be 'obstacle' or 'gap'")
    items = []
    for c in chosen:
        ms = lib[lib["subdim"] == c]
        items.append({"subdim": c, "name_zh": fw.name_of(c, "zh"), "name_en": fw.name_of(c, "en"),
                      "score": float(s[c]), "trigger": by, "value": trig[c],
                      "measures": ms[["priority", "text_zh", "text_en", "source"]].to_dict("records")})
    if strong:
        mz = "该地区各子维度均表现良好，暂无需要优先采取的措施。"
        me = "This region does well on every sub-dimension; no measure needs priority."
    else:
        mz = me = ""
    return Recommendation(region, year, by, strong, items, mz, me)


# --------------------------------------------------------------------------- change over time
def change(a: Assessment, start: int, end: int, node: str | None = None, other: Assessment | None = None
           ) -> pd.DataFrame:
    """Per region: score in ``start`` and ``end``, the change and the compound annual growth rate.

    ``other`` is an assessment for the end year made separately (for example a
    saved one); when its framework or spec differs from ``a``'s, every row is
    flagged, since the two scores are then not on the same footing.  Per-year
    normalisation (``by_year``) is flagged too: each year is then scaled to its
    own range, so a change is relative, not absolute.
    CAGR = (end / start) ** (1 / (end − start)) − 1, missing when the start is ≤ 0.
    """
    node = node or a.root
    b = other or a
    s0 = a.all_scores[node].xs(int(start), level="year")
    s1 = b.all_scores[node].xs(int(end), level="year")
    out = pd.DataFrame({"start": s0, "end": s1.reindex(s0.index)})
    out["change"] = out["end"] - out["start"]
    years = int(end) - int(start)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = out["end"] / out["start"].where(out["start"] > 0)
        out["cagr"] = ratio ** (1.0 / years) - 1.0 if years else np.nan
    flags = []
    if other is not None and other.framework.fingerprint() != a.framework.fingerprint():
        flags.append("framework_differs")
    if other is not None and other.spec != a.spec:
        flags.append("spec_differs")
    if a.spec.by_year or b.spec.by_year:
        flags.append("normalised_by_year")
    out["flag"] = ";".join(flags)
    out.attrs.update(node=node, start=int(start), end=int(end), flags=flags)
    return out


# --------------------------------------------------------------------------- disparity
def disparity(a: Assessment, node: str | None = None, year: int | None = None, group_column: str = "group"
              ) -> dict:
    """Theil (between/within), Dagum Gini (within, net between, transvariation) and CV of a node over region groups."""
    node = node or a.root
    year = _year(a, year)
    s = a.all_scores[node].xs(year, level="year").dropna()
    groups = a.dataset.region_groups(group_column).reindex(s.index)
    ok = groups.notna() & (groups.astype(str) != "")
    s, groups = s[ok], groups[ok]
    out = {"node": node, "year": year, "n": int(len(s)), "cv": np.nan, "theil": None, "dagum": None}
    if len(s) < 2:
        out["error"] = ("没有足够的带分组的地区（需要地区表中的 group 列）/ not enough regions with a group "
                        "(the region table's group column)")
        return out
    try:
        out["cv"] = coefficient_of_variation(s.to_numpy())
    except ValueError as exc:  # a z-score index has mean ~0: the CV is undefined
        out["cv_error"] = str(exc)
    try:
        out["theil"] = theil(s.to_numpy(), groups.to_numpy())
    except ValueError as exc:  # Theil needs strictly positive scores
        out["theil_error"] = str(exc)
    try:
        out["dagum"] = dagum_gini(s.to_numpy(), groups.to_numpy())
    except ValueError as exc:
        out["dagum_error"] = str(exc)
    return out


def disparity_over_time(a: Assessment, node: str | None = None, group_column: str = "group") -> pd.DataFrame:
    """One row per year: Theil total/between/within, Dagum G/Gw/Gnb/Gt, CV."""
    rows = []
    for y in a.years:
        d = disparity(a, node, y, group_column)
        t, g = d.get("theil") or {}, d.get("dagum") or {}
        rows.append({"year": y, "cv": d["cv"], "theil": t.get("total"), "theil_between": t.get("between"),
                     "theil_within": t.get("within"), "gini": g.get("G"), "gini_within": g.get("Gw"),
                     "gini_between": g.get("Gnb"), "gini_transvariation": g.get("Gt")})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- survey
def _survey_items(a: Assessment):
    """(item, indicator) pairs of the mean-stat survey indicators, first use of each item."""
    fw = a.framework
    seen: dict[str, str] = {}
    for ind in fw.survey_indicators:
        if fw.table.at[ind, "stat"] != "consensus":
            for it in fw.table.at[ind, "items"]:
                seen.setdefault(it, ind)
    return seen


def _item_subdim(a: Assessment) -> dict[str, str]:
    fw = a.framework
    return {it: fw.ancestor_at(ind, 2) or fw.table.at[ind, "parent"] for it, ind in _survey_items(a).items()}


def item_names(a: Assessment, lang: str = "zh") -> dict[str, str]:
    """Survey item -> the name of the indicator that uses it (the statement respondents rated)."""
    return {it: a.framework.name_of(ind, lang) for it, ind in _survey_items(a).items()}


def perception(a: Assessment, year: int | None = None, region: str | None = None) -> pd.DataFrame:
    """Stakeholder perception gaps per region and item (Kruskal-Wallis across groups)."""
    if a.dataset.survey is None:
        return pd.DataFrame()
    f = a.survey_frame
    if year is not None:
        f = f[f["year"] == int(year)]
    if region is not None:
        f = f[f["region"] == region]
    items = [it for it in _item_subdim(a) if it in f.columns]
    f = f.assign(group=f["group"].astype(str))
    return perception_gaps(f, items)


def perception_by_subdim(a: Assessment, year: int | None = None, region: str | None = None) -> pd.DataFrame:
    return perception_by_subdim_of(a, perception(a, year, region))


def perception_by_subdim_of(a: Assessment, gaps: pd.DataFrame) -> pd.DataFrame:
    """:func:`perception_by_subdim` from a :func:`perception` table already computed (the same result,
    without testing every region and item again)."""
    if gaps.empty:
        return gaps
    return aggregate_gaps(gaps, _item_subdim(a))


def scale_checks(a: Assessment, level: int = 2) -> dict:
    """Cronbach's alpha per sub-dimension (items answered by the same respondents), KMO and Bartlett.

    Alpha uses each sub-dimension's survey items with listwise deletion, so only
    respondents who answered all of them count (items asked of different groups
    cannot be combined).  KMO and Bartlett are computed per stakeholder group on
    the items that group was asked (complete cases), and on the items asked of
    every group.  Flags: alpha < 0.7, KMO < 0.6.
    """
    sv = a.dataset.survey
    if sv is None:
        return {"alpha": pd.DataFrame(), "kmo": pd.DataFrame()}
    from .survey import item_scores
    x, items = item_scores(a.survey_frame, a.framework)  # reverse-coded, 0..1 (respondents the spec keeps)
    X = pd.DataFrame(x, columns=items)
    sub = _item_subdim(a)
    rows, details = [], {}
    for sd in a.framework.level_codes(level):
        its = [i for i in items if sub.get(i) == sd]
        if len(its) < 2:
            continue
        d = X[its].dropna()
        if len(d) < 3:
            continue
        rep = alpha_report(d)
        details[sd] = rep
        rows.append({"subdim": sd, "items": len(its), "n": int(len(d)), "alpha": float(rep.attrs["alpha"]),
                     "low": bool(rep.attrs["alpha"] < 0.7)})
    alpha = pd.DataFrame(rows)
    krows = []
    groups = a.survey_frame["group"].astype(str).to_numpy()
    asked = {g: [i for i in items if _asked(a, i, g)] for g in GROUPS}
    common = [i for i in items if all(i in asked[g] for g in GROUPS)]
    sets = [(g, groups == g, asked[g]) for g in GROUPS] + [("all", np.ones(len(groups), bool), common)]
    for g, mask, its in sets:
        d = X.loc[mask, its].dropna() if its else pd.DataFrame()
        if d.shape[1] < 3 or len(d) <= d.shape[1]:
            continue
        k_all, _ = kmo(d)
        chi2, dof, p = bartlett_sphericity(d)
        krows.append({"group": g, "items": d.shape[1], "n": int(len(d)), "kmo": float(k_all),
                      "bartlett_chi2": float(chi2), "bartlett_dof": int(dof), "bartlett_p": float(p),
                      "low": bool(k_all < 0.6)})
    return {"alpha": alpha, "alpha_items": details, "kmo": pd.DataFrame(krows)}


def _asked(a: Assessment, item: str, group: str) -> bool:
    fw = a.framework
    return any(item in fw.table.at[ind, "items"] and group in fw.table.at[ind, "groups"]
               for ind in fw.survey_indicators)


# --------------------------------------------------------------------------- one region
@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class RegionProfile:
    """The numbers of one region's profile, computed once for every reader.

    The Region profile page (through :mod:`viewmodels.profile`), the exports' :class:`RegionReport`
    (:mod:`export.content`) and :func:`diagnose` (the CLI) all read this one object, so a gap, an obstacle
    or a measure cannot differ between the dashboard, the deck and ``python -m metrics diagnose``.
    ``level`` is the level of the sub-dimensions (2 in the paper's framework), where strengths,
    weaknesses, obstacles and measures are taken.  ``synergy`` is ``None`` when the top node has fewer
    than two children (no coupling to measure).
    """

    region: str
    year: int
    level: int
    gaps: pd.DataFrame                  # :func:`gaps`: every node's score, benchmark, gap, level, names
    strengths: tuple                    # codes at ``level``, furthest above the benchmark first
    weaknesses: tuple                   # codes at ``level``, furthest below the benchmark first
    synergy: pd.Series | None           # C, T, D, band, band_zh, band_en (and stage) of the region
    rank: int | None
    of: int                             # regions ranked in the year
    maturity_level: int | None
    coverage: pd.Series                 # share of data present per node
    obstacles_subdim: pd.DataFrame      # :func:`obstacle_ranking` at ``level``, largest first
    obstacles_indicators: pd.DataFrame  # :func:`obstacle_ranking` of the indicators, the largest few
    recommendation: Recommendation

    @property
    def benchmark(self) -> str:
        return self.gaps.attrs["benchmark"]

    @property
    def benchmark_label(self) -> str:
        return self.gaps.attrs["benchmark_label"]

    def to_dict(self, a: Assessment, lang: str = "zh") -> dict:
        """The plain dict :func:`diagnose` returns (JSON-ready: floats, ints and strings)."""
        fw = a.framework
        g, syn, rec = self.gaps, self.synergy, self.recommendation
        aggregate = [c for c in g.index if fw.table.at[c, "type"] == "Aggregate"]
        return {
            "region": self.region, "name": a.dataset.region_name(self.region, lang), "year": self.year,
            "spec": a.spec.to_dict(), "data_fingerprint": a.fingerprint, "synthetic": a.dataset.synthetic,
            "rank": self.rank, "of": self.of, "maturity_level": self.maturity_level,
            "scores": {c: float(g.at[c, "score"]) for c in aggregate},
            "coverage": {c: float(v) for c, v in self.coverage.items()},
            "benchmark": {"kind": self.benchmark, "label": self.benchmark_label},
            "gaps": {c: float(g.at[c, "gap"]) for c in aggregate if pd.notna(g.at[c, "gap"])},
            "strengths": list(self.strengths), "weaknesses": list(self.weaknesses),
            "synergy": None if syn is None else {
                "C": float(syn["C"]), "T": float(syn["T"]), "D": float(syn["D"]), "band": int(syn["band"]),
                "band_zh": syn["band_zh"], "band_en": syn["band_en"]},
            "obstacles_subdim": {c: float(v) for c, v in self.obstacles_subdim["obstacle"].items()},
            "obstacles_indicators": {c: float(v) for c, v in self.obstacles_indicators["obstacle"].items()},
            "measures": {"by": rec.by, "strong_everywhere": rec.strong, "message_zh": rec.message_zh,
                         "message_en": rec.message_en, "items": rec.items},
        }


def region_profile(a: Assessment, region: str, year: int | None = None, benchmark: str = "mean",
                   peer: str | None = None, by: str = "obstacle", level: int = 2, n_measures: int = 3,
                   n_indicators: int = 10, measures: pd.DataFrame | None = None) -> RegionProfile:
    """Everything about one region in ``year`` against a benchmark, as one :class:`RegionProfile`.

    ``benchmark`` is one of :data:`BENCHMARKS` or a region code (then the peer); ``by`` orders the
    measures (:func:`recommend`); ``level`` is where sub-dimensions sit; ``n_indicators`` how many
    indicator obstacles are kept; ``measures`` a library already read (default: the paper's).
    Raises ``ValueError`` for a region without scores in the year or a benchmark that cannot be formed.
    """
    year = _year(a, year)
    if benchmark not in BENCHMARKS:
        benchmark, peer = "peer", benchmark
    g = gaps(a, region, year, benchmark, peer)
    strong, weak = strengths_weaknesses(g, level=level)
    syn = None
    if len(a.framework.children[a.root]) >= 2:
        syn = synergy(a, year=year).xs(year, level="year").loc[region]
    rec = recommend(a, region, year, by=by, n=n_measures, benchmark=benchmark, peer=peer, measures=measures,
                    level=level)
    ranks = a.ranks().xs(year, level="year")
    lv = a.levels().xs(year, level="year").get(region)
    cov = a.coverage.loc[(region, year)] if (region, year) in a.coverage.index else pd.Series(dtype=float)
    return RegionProfile(
        region=region, year=year, level=level, gaps=g, strengths=tuple(strong.index), weaknesses=tuple(weak.index),
        synergy=syn, rank=int(ranks[region]) if pd.notna(ranks.get(region)) else None, of=int(ranks.notna().sum()),
        maturity_level=int(lv) if pd.notna(lv) else None, coverage=cov,
        obstacles_subdim=obstacle_ranking(a, region, year, level=level),
        obstacles_indicators=obstacle_ranking(a, region, year, level=1, n=n_indicators),
        recommendation=rec)


def diagnose(a: Assessment, region: str, year: int | None = None, benchmark: str = "mean",
             peer: str | None = None, by: str = "obstacle", lang: str = "zh") -> dict:
    """Everything about one region: scores, rank, level, gaps, obstacles, synergy and measures.

    The dict form of :func:`region_profile` (sub-dimensions at level 2), for the CLI and JSON.
    """
    return region_profile(a, region, year, benchmark, peer, by).to_dict(a, lang)


def group_label(group: str, lang: str = "zh") -> str:
    zh, en = GROUP_NAMES.get(group, (group, group))
    return zh if lang == "zh" else en
