"""Path to target (达标路径): the smallest improvement that takes a region to a target.

Given an :class:`~metrics.assessment.Assessment`, a region, a year and a target

* ``level:4`` (or ``level:next``) - a maturity level (:mod:`metrics.levels`);
* ``band:good`` / ``band:9`` - a coordination band of the coupling-coordination
  degree D of the top node's children (:mod:`metrics.synergy`);
* ``benchmark:mean|best|group|target|<region code>`` - a benchmark's index
  (:func:`metrics.diagnostics.benchmark_profile`);
* ``rank:10`` - the rank, i.e. the index of the region now at that rank among
  the others;
* ``score:80`` - an index value on the spec's own scale,

:class:`TargetSolver` finds how much each of the region's *normalised*
indicators has to rise, and returns a :class:`TargetPlan` that an official can
read: the change per indicator in points and in raw units (back through the
inverse normalisation, direction -1 included), per sub-dimension and dimension,
the paper's measures for the sub-dimensions that must move, the scores, level,
coordination band and rank before and after, and the limits of the exercise.

The problem
-----------
Decision variables are the region's normalised indicators ``z`` that have data
(a missing indicator stays missing: aggregation skips it and re-normalises
the weights of the others, and so does the solver).  Each may rise from its
value ``z0`` up to ``ub``: the best value observed in the normalisation's pool
(all region-years, or the year with ``by_year``), or the upper goalpost with
goalpost normalisation (beyond it the normalisation is clipped).  Optionally
only a set of *actionable* indicators may move, and each point may carry a
cost (default 1).  Minimise ``sum cost_i (z_i - z0_i)`` subject to the target.

Three plans are offered (:data:`PLANS`):

``cheapest``   the least total cost in points;
``balanced``   first the smallest largest rise of any dimension (every dimension
               contributes as equally as its headroom allows), then the least
               cost at that spread;
``actionable`` the cheapest using only the actionable indicators (default: the
               administrative indicators, ``source = ind``, which a government
               sets directly; survey perceptions follow only indirectly).

Methods per aggregation
-----------------------
* **Arithmetic mean**: every node is linear in ``z``: with the region's missing
  values skipped, node ``a`` equals ``sum_i E[a, i] z_i`` where ``E`` multiplies
  the sibling weights down the tree, each re-normalised over the children that
  have data.  Index targets are a linear program, solved by
  ``scipy.optimize.linprog`` (HiGHS); the balanced plan is two linear programs
  (minimise the largest dimension rise, then the cost at that rise).
* **Geometric mean**: ``log`` of every node is linear in ``log z`` with the same
  ``E``, so ``index >= t`` is ``sum_i E[root, i] log z_i >= log t``, a convex
  constraint; the problem (linear cost) is convex and solved by
  ``scipy.optimize.minimize(method="SLSQP")`` with bounds.
* **TOPSIS**: closeness ``d- / (d+ + d-)`` rises with every indicator between
  the worst and best value, but is not concave; SLSQP is started from a
  feasible point.
* **Coordination bands** (any aggregation): with equal subsystem weights,
  ``C * T = n GM(U) / sum U * mean U = GM(U)``, so ``D >= d`` is
  ``mean_k log U_k >= 2 log d``, with ``U_k`` the dimension's position on the
  spec's scale (:meth:`~metrics.assessment.Assessment.scale_bounds`).  Because
  ``d log GM / d U_k = 1 / (n U_k)``, a point on the weakest dimension is worth
  most: the answer raises the weakest dimension first.  Solved by SLSQP (convex
  for the arithmetic mean).

The balanced plan off the linear case: a bisection for the smallest common rise
``r`` of every dimension (each dimension's indicators along their own straight
path until it rises by ``r`` or tops out; the target rises monotonically in
``r``), then SLSQP for the least cost with no dimension rising more than that.

Every nonlinear solve starts from a monotone bisection on the straight path
``z0 + lambda (ub - z0)``: every target above rises monotonically along it, so
the bisection decides reachability (the target is unreachable when even
``lambda = 1``, every movable indicator at its bound, falls short; the plan
then reports that end point and how close it gets) and gives a feasible
start.  SLSQP's answer is kept when it satisfies the target and costs less,
else the bisection point is the plan (``method`` says which).

Verification
------------
Each plan is re-assessed (:func:`reassess`): the planned raw values replace the
region's raw data and :func:`~metrics.assessment.assess` runs again with the
same spec.  With min-max, raising a value to at most the best observed one
leaves the top bound where it is (the bottom moves only if the region held the
lowest value); with z-scores the mean and SD move with the new value, with
ranks the other regions' ranks shift, and data-driven weights (entropy, CRITIC,
PCA) are recomputed, so the re-assessed index can differ slightly from the
planned one.  Both are reported (``after`` and ``reassessed``).

This module imports no Streamlit.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from . import normalize as norm
from .methods import default_scale
from .assessment import Assessment, Dataset, assess, topsis_matrix
from .data import IndicatorData
from .levels import LEVEL_NAMES, band_levels
from .synergy import BANDS, band_of

__all__ = ["PLANS", "PLAN_NAMES", "TARGET_KINDS", "Target", "State", "Change", "TargetPlan", "TargetSolver",
           "path_to_target", "compare_plans", "reassess", "fmt_value", "coordination"]

TARGET_KINDS = ("level", "band", "benchmark", "rank", "score")
PLANS = ("cheapest", "balanced", "actionable")
PLAN_NAMES = {"cheapest": ("最省力方案", "Cheapest in points"),
              "balanced": ("均衡方案", "Balanced across dimensions"),
              "actionable": ("仅可操作指标", "Actionable indicators only")}
#: Short English names of the ten coordination bands (``band:good``), in order.
BAND_KEYS = ("extreme", "severe", "moderate", "mild", "near", "barely", "primary", "intermediate", "good",
             "excellent")
_DATA_WEIGHTS = ("entropy", "critic", "pca")
_Y_EPS = 1e-7          # plan steps below this share of an indicator's headroom are rounding noise
# SLSQP's small dense LAPACK calls get ~100 times slower when OpenBLAS spreads them over busy cores
_THREADS = ThreadpoolController()


def fmt_value(v: float) -> str:
    """A raw value with as many decimals as its size needs: ``1234.6 -> '1235'``, ``17.99991 -> '18'``, ``0.4 -> '0.4'``.

    >>> fmt_value(1234.6), fmt_value(17.99991), fmt_value(0.4), fmt_value(3.14159)
    ('1235', '18', '0.4', '3.14')
    """
    if v is None or not np.isfinite(v):
        return "—"
    nd = 0 if abs(v) >= 100 else 1 if abs(v) >= 10 else 2
    text = f"{v:.{nd}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def coordination(u) -> float:
    """Coupling-coordination degree D of one region's subsystem positions ``u`` (each in [0, 1]).

    With equal subsystem weights ``C * T = n GM(u) / sum(u) * mean(u) = GM(u)``, so ``D = sqrt(GM(u))``;
    equal to :func:`metrics.synergy.coupling_coordination` (``D = 0`` when some ``u`` is 0), without
    building a DataFrame for one row.

    >>> round(coordination([0.6, 0.6, 0.6]), 4), coordination([0.5, 0.0])
    (0.7746, 0.0)
    """
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    if (u <= 0).any():
        return 0.0
    return float(np.sqrt(np.exp(np.mean(np.log(u)))))


def _bisect(ok, lo: float = 0.0, hi: float = 1.0, n: int = 40) -> float:
    """The smallest ``x`` in ``[lo, hi]`` with ``ok(x)`` (``ok`` monotone, ``ok(hi)`` true), to ``(hi - lo) / 2**n``."""
    for _ in range(n):
        mid = (lo + hi) / 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _err(zh: str, en: str) -> ValueError:
    return ValueError(f"{zh} / {en}")


# --------------------------------------------------------------------------- target
@dataclass(frozen=True)
class Target:
    """What the region should reach: ``kind`` in :data:`TARGET_KINDS` and its ``value``."""

    kind: str
    value: object

    @classmethod
    def parse(cls, text: "str | Target") -> "Target":
        """``level:4``, ``level:next``, ``band:good``, ``band:9``, ``band:良好协调``, ``benchmark:group``,
        ``rank:10``, ``score:80``.

        >>> Target.parse("band:good"), Target.parse("rank:3").value
        (Target(kind='band', value=9), 3)
        """
        if isinstance(text, Target):
            return text
        kind, _, val = str(text).strip().partition(":")
        kind, val = kind.strip().lower(), val.strip()
        usage = ("目标写作 level:4、band:good、benchmark:group、rank:10 或 score:80",
                 "write the target as level:4, band:good, benchmark:group, rank:10 or score:80")
        if kind not in TARGET_KINDS or not val:
            raise _err(f"无法识别目标“{text}”，{usage[0]}", f"unknown target '{text}'; {usage[1]}")
        try:
            if kind == "level":
                v = "next" if val.lower() == "next" else int(val)
                if v != "next" and v < 1:
                    raise ValueError
            elif kind == "band":
                if val.isdigit():
                    v = int(val)
                else:
                    names = {k: i + 1 for i, k in enumerate(BAND_KEYS)}
                    names.update({b[2]: i + 1 for i, b in enumerate(BANDS)})
                    names.update({b[3].lower(): i + 1 for i, b in enumerate(BANDS)})
                    v = names[val.lower() if val.lower() in names else val]
                if not 1 <= v <= len(BANDS):
                    raise ValueError
            elif kind == "rank":
                v = int(val)
                if v < 1:
                    raise ValueError
            elif kind == "score":
                v = float(val)
                if not math.isfinite(v):
                    raise ValueError
            else:
                v = val
        except (ValueError, KeyError):
            raise _err(f"目标“{text}”的取值无效，{usage[0]}（协调等级：1–10 或 {', '.join(BAND_KEYS)}）",
                       f"invalid value in target '{text}'; {usage[1]} (bands: 1-10 or {', '.join(BAND_KEYS)})"
                       ) from None
        return cls(kind, v)

    @property
    def text(self) -> str:
        v = BAND_KEYS[self.value - 1] if self.kind == "band" else self.value
        return f"{self.kind}:{v:g}" if isinstance(v, float) else f"{self.kind}:{v}"


# --------------------------------------------------------------------------- results
@dataclass
class State:
    """The region's scores at one point (before, after, or re-assessed)."""

    index: float
    level: int | None
    D: float | None
    band: int | None
    rank: int | None
    of: int
    dimensions: dict
    subdimensions: dict

    def band_name(self, lang: str = "zh") -> str:
        return BANDS[self.band - 1][2 if lang == "zh" else 3] if self.band else "—"

    def to_dict(self) -> dict:
        return {"index": self.index, "level": self.level, "band": self.band, "D": self.D,
                "band_zh": self.band_name("zh") if self.band else None,
                "band_en": self.band_name("en") if self.band else None,
                "rank": self.rank, "of": self.of, "dimensions": dict(self.dimensions),
                "subdimensions": dict(self.subdimensions)}


@dataclass
class Change:
    """One indicator that moves: normalised and raw value before and after."""

    code: str
    name_zh: str
    name_en: str
    dimension: str | None
    subdimension: str | None
    unit: str
    direction: int
    normalised_before: float
    normalised_after: float
    raw_before: float
    raw_after: float
    answer_scale: int | None = None      # survey indicator: points of the answer scale (1..k)
    answer_change: float | None = None   # change of the mean answer on that scale
    cost: float = 1.0

    @property
    def points(self) -> float:
        return self.normalised_after - self.normalised_before

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["points"] = self.points
        return d


@dataclass
class TargetPlan:
    """One plan for one region, year and target.  :meth:`to_dict` is the JSON of ``python -m metrics target``."""

    region: str
    name: str
    year: int
    target: Target
    plan: str
    quantity: str                  # "index" or "D": what the threshold is on
    threshold: float
    reached: bool
    already: bool
    achieved: float                # the quantity after the plan (the closest it gets when unreachable)
    before: State
    after: State
    changes: list
    subdimension_changes: dict     # code -> points
    dimension_changes: dict
    points: float                  # sum of normalised points
    cost: float
    measures: list                 # [{subdim, name_zh, name_en, points, measures: [...]}]
    movable: tuple                 # indicators the plan was allowed to move
    method: str
    method_zh: str
    method_en: str
    note_zh: str
    note_en: str
    limits_zh: str
    limits_en: str
    target_zh: str
    target_en: str
    reassessed: State | None = None
    reassessed_reached: bool | None = None
    reassessed_threshold: float | None = None
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)
    _names: dict = field(default_factory=dict, repr=False)     # node code -> (name_zh, name_en)

    def target_label(self, lang: str = "zh") -> str:
        return self.target_zh if lang == "zh" else self.target_en

    def limits(self, lang: str = "zh") -> str:
        return self.limits_zh if lang == "zh" else self.limits_en

    def note(self, lang: str = "zh") -> str:
        return self.note_zh if lang == "zh" else self.note_en

    def summary(self, lang: str = "zh") -> str:
        """Before -> after in one line: index, rank, maturity level, coordination band."""
        zh = lang == "zh"
        b, a = self.before, self.after

        def arrow(x, y, f=str):
            return f(x) if x == y else f"{f(x)} → {f(y)}"

        num = lambda v: "—" if v is None or not np.isfinite(v) else f"{v:.1f}"  # noqa: E731
        lv = lambda v: "—" if v is None else (f"第 {v} 级" if zh else f"level {v}")  # noqa: E731
        band = lambda st: st.band_name(lang) if st.band else "—"  # noqa: E731
        parts = [("指数 " if zh else "index ") + arrow(b.index, a.index, num),
                 ("排名 " if zh else "rank ") + arrow(b.rank, a.rank, lambda v: "—" if v is None else str(v)),
                 ("成熟度 " if zh else "maturity ") + arrow(b.level, a.level, lv),
                 ("协调等级 " if zh else "band ") + (band(b) if b.band == a.band else f"{band(b)} → {band(a)}")]
        return " · ".join(parts)

    def rows(self, lang: str = "zh") -> list:
        """The changes as display rows: names in ``lang``, points and raw values with units as text."""
        zh = lang == "zh"
        out = []
        for c in self.changes:
            raw = f"{fmt_value(c.raw_before)} → {fmt_value(c.raw_after)}" + (f" {c.unit}" if c.unit else "")
            ans = ""
            if c.answer_scale and c.answer_change is not None:
                ans = (f"平均回答 {c.answer_change:+.2f} 分（1–{c.answer_scale} 分量表）" if zh else
                       f"{c.answer_change:+.2f} on the 1–{c.answer_scale} answer scale")
            out.append({"code": c.code, "name": c.name_zh if zh else c.name_en,
                        "subdimension": self._names.get(c.subdimension, (c.subdimension,) * 2)[0 if zh else 1]
                        if c.subdimension else "",
                        "before": c.normalised_before, "after": c.normalised_after, "points": c.points,
                        "raw": raw, "answer": ans})
        return out

    def changes_frame(self) -> pd.DataFrame:
        cols = ["code", "name_zh", "name_en", "dimension", "subdimension", "unit", "direction",
                "normalised_before", "normalised_after", "points", "raw_before", "raw_after", "answer_scale",
                "answer_change", "cost"]
        return pd.DataFrame([c.to_dict() for c in self.changes], columns=cols)

    def to_dict(self) -> dict:
        return {
            "region": self.region, "name": self.name, "year": self.year, "target": self.target.text,
            "target_zh": self.target_zh, "target_en": self.target_en, "plan": self.plan,
            "quantity": self.quantity, "threshold": self.threshold if math.isfinite(self.threshold) else None,
            "reached": self.reached,
            "already_reached": self.already, "achieved": self.achieved,
            "before": self.before.to_dict(), "after": self.after.to_dict(),
            "reassessed": self.reassessed.to_dict() if self.reassessed else None,
            "reassessed_reached": self.reassessed_reached, "reassessed_threshold": self.reassessed_threshold,
            "changes": [c.to_dict() for c in self.changes],
            "subdimension_changes": dict(self.subdimension_changes),
            "dimension_changes": dict(self.dimension_changes),
            "points": self.points, "cost": self.cost, "measures": self.measures, "movable": list(self.movable),
            "method": self.method, "method_zh": self.method_zh, "method_en": self.method_en,
            "note_zh": self.note_zh, "note_en": self.note_en,
            "limits": {"zh": self.limits_zh, "en": self.limits_en},
        }


# --------------------------------------------------------------------------- re-assessment
def reassess(a: Assessment, region: str, year: int, values: dict) -> Assessment:
    """``a``'s spec run again on its data with the region's raw values replaced by ``values`` (code -> raw).

    The survey indicators enter as their aggregated values (0..100), so the new
    dataset has indicator data only; everything else (framework, regions,
    group columns, spec) is unchanged.
    """
    ds = a.dataset
    # the same survey answers the assessment used: respondents it excluded stay excluded
    opts = (a.spec.survey_exclude, a.spec.survey_quality) if ds.survey is not None else ((), ())
    raw = ds.raw(a.spec.group_weights, *opts).copy()
    for code, v in values.items():
        raw.loc[(region, year), code] = float(v)
    ind = ds.indicators
    data = IndicatorData(raw, names=ind.names if ind is not None else pd.Series(dtype=object),
                         groups=ind.groups if ind is not None else pd.DataFrame(), has_year=ds.has_year)
    new = Dataset(a.framework, data, None, ds.regions, label=ds.label, synthetic=ds.synthetic)
    return assess(new, a.spec)


# --------------------------------------------------------------------------- the solver
@dataclass
class _Region:
    """The region's fixed data for one solve."""

    region: str
    year: int
    row: int
    present: np.ndarray     # indices (into the framework's indicators) with data
    z0: np.ndarray          # their normalised values
    ub: np.ndarray          # their upper bounds
    E: np.ndarray           # aggregates x present: effective weights (arithmetic, geometric)
    W2: np.ndarray          # aggregates x present: squared TOPSIS weights
    has: np.ndarray         # aggregates with data
    pool: dict


#: The limits of a plan (:meth:`TargetSolver.limits`), ``(zh, en)`` by what they concern.
_LIMITS = {
    "what_if": ("这是在当前方法和权重下的假设推演，其他地区的数据保持不变；它不是预测，也不说明改进需要多少时间或投入。",
                "A what-if under the current method and weights with every other region's data held fixed; it is "
                "not a forecast and says nothing about the time or money an improvement takes."),
    "minmax": ("极差标准化：计划中任何指标都不超过已观测的最好值，所以标准化的上界不变；若该地区正是某指标的最低值，"
               "提高后下界会移动，所有地区的该指标得分随之变化。",
               "Min-max: no planned value exceeds the best observed one, so the top bound does not move; if "
               "the region holds an indicator's lowest value, raising it moves the bottom bound and every "
               "region's score on it."),
    "zscore": ("Z 分数：该地区的数值改变后，指标的均值和标准差随之变化，重新评估的结果会与计划值略有差异（两者都列出）。",
               "z-scores: the new values move each indicator's mean and standard deviation, so the "
               "re-assessed result differs slightly from the planned one (both are shown)."),
    "rank": ("排序标准化：名次是原始值的阶梯函数，原始值取相邻名次之间的插值；重新评估时其他地区的名次会移动。",
             "Ranks: the rank is a step function of the value; raw values are interpolated between "
             "neighbouring ranks, and the other regions' ranks move when re-assessed."),
    "goalposts": ("目标值标准化：上下限是框架中的目标值，不随数据变化；超过目标值不再加分。",
                  "Goalposts: the bounds are the framework's goalposts and do not move; going beyond the goal "
                  "earns nothing more."),
    "data_weights": ("权重由数据计算（熵权、CRITIC 或主成分），数据改变后权重也会变化。",
                     "The weights are computed from the data (entropy, CRITIC or PCA) and change with it."),
    "topsis": ("TOPSIS：正负理想解按当前数据固定；计划值不超过最好值，所以正理想解不变。",
               "TOPSIS: the ideal points are those of the current data; no planned value exceeds the best, "
               "so the positive ideal stays."),
    "kmeans": ("成熟度按 k 均值分层，重新评估时分层边界会随数据变化。",
               "Maturity tiers are k-means clusters, whose edges move when the data change."),
    "raw_units": ("原始单位经由标准化的逆变换换算；0/1 类指标的中间值表示部分达到。",
                  "Raw units come back through the inverse normalisation; a fractional value of a yes/no "
                  "indicator means partly in place."),
}


@dataclass
class _Path:
    """The moves of one solve: the indicators ``mov`` go from ``z0`` by ``y * span`` (``y`` in [0, 1])."""

    z0: np.ndarray
    mov: np.ndarray
    span: np.ndarray
    cost: np.ndarray        # cost of one normalised point, per present indicator

    @property
    def m(self) -> int:
        return int(self.mov.sum())

    @property
    def w(self) -> np.ndarray:
        """The cost of each move's whole span."""
        return self.cost[self.mov] * self.span

    @property
    def wsum(self) -> float:
        return self.w.sum() if self.w.sum() > 0 else 1.0

    def z_of(self, y: np.ndarray) -> np.ndarray:
        z = self.z0.copy()
        z[self.mov] = self.z0[self.mov] + y * self.span
        return z


class TargetSolver:
    """Paths to targets on one assessment.  Build once, then :meth:`solve` or :meth:`plans` per region.

    Examples
    --------
    >>> from metrics import Dataset, assess
    >>> a = assess(Dataset.sample())
    >>> p = TargetSolver(a).solve("650000", 2024, "level:next", verify=False)
    >>> p.reached, p.after.level == p.before.level + 1
    (True, True)
    """

    def __init__(self, a: Assessment, measures: pd.DataFrame | None = None):
        from .diagnostics import load_measures
        self.a = a
        fw = self.fw = a.framework
        self.spec = a.spec
        self.inds = list(fw.indicators)
        self.aggs = list(fw.aggregates)
        self.agg_pos = {c: i for i, c in enumerate(self.aggs)}
        self.root = fw.root
        self.dims = [c for c in fw.children[self.root] if fw.table.at[c, "type"] == "Aggregate"]
        self.subs = [c for d in self.dims for c in fw.children.get(d, []) if fw.table.at[c, "type"] == "Aggregate"]
        self.meta = fw.table.loc[self.inds]
        self.direction = self.meta["direction"].fillna(1).to_numpy(dtype=float)
        idx = a.normalised.index
        self.index = idx
        self.Z = a.normalised[self.inds].to_numpy(dtype=float)
        self.S = a.scores[self.aggs].reindex(idx).to_numpy(dtype=float)
        self.row_of = {(str(r), int(y)): i for i, (r, y) in enumerate(idx)}
        self.years = idx.get_level_values("year").to_numpy()
        self.by_year = bool(self.spec.by_year and len(np.unique(self.years)) > 1)
        self.disp = a.display_range()
        self.scale = a.scale_bounds()[:2]
        self.levels_all = a.levels().reindex(idx).to_numpy(dtype=float)
        self.n_levels = len(self.spec.bands) + 1 if self.spec.maturity == "bands" else len(LEVEL_NAMES)
        lib = measures if measures is not None else load_measures()
        self.measures = {sd: g[["priority", "text_zh", "text_en", "source"]].to_dict("records")
                         for sd, g in lib.groupby("subdim", sort=False)}
        self.RAW = a.raw[self.inds].reindex(idx).to_numpy(dtype=float)
        sub_level = int(fw.table.at[self.subs[0], "level"]) if self.subs else None
        dim_level = int(fw.table.at[self.dims[0], "level"]) if self.dims else None
        t = self.meta
        col = lambda c, default: t[c].tolist() if c in t else [default] * len(self.inds)  # noqa: E731
        self.info = []
        for code, unit, src, stat, sc in zip(self.inds, col("unit", ""), col("source", "ind"), col("stat", ""),
                                             col("scale", None)):
            sc = pd.to_numeric(sc, errors="coerce")
            k = int(sc) if src == "srv" and stat != "consensus" and pd.notna(sc) and sc > 1 else None
            self.info.append({"name_zh": fw.name_of(code, "zh"), "name_en": fw.name_of(code, "en"),
                              "dimension": fw.ancestor_at(code, dim_level) if dim_level else None,
                              "subdimension": fw.ancestor_at(code, sub_level) if sub_level else None,
                              "unit": unit if isinstance(unit, str) else "", "answer_scale": k})
        sib = a.weights
        self.sib = {c: float(sib[c]) for c in fw.table.index}
        self.iw = a.indicator_weights.reindex(self.inds).to_numpy(dtype=float)
        self.tin = None
        if self.spec.aggregate == "topsis":
            by = self.years if self.by_year else None
            self.tin = topsis_matrix(fw, self.spec, a.normalised, a.treated, by)[self.inds].to_numpy(dtype=float)
        self._pools: dict = {}
        self.source = self.meta["source"].astype(str).to_numpy() if "source" in self.meta else None

    # ---------------------------------------------------------------- pools and inverse normalisation
    def _pool(self, year: int) -> dict:
        key = int(year) if self.by_year else None
        if key in self._pools:
            return self._pools[key]
        a, spec = self.a, self.spec
        rows = np.flatnonzero(self.years == key) if key is not None else np.arange(len(self.index))
        ref = a.treated[self.inds].iloc[rows]
        method = spec.normalize
        p = {"rows": rows, "ref": ref}
        # the best normalised value of each column (NaN ignored; -inf for an all-missing one): fmax.reduce
        # reads the (column-major) table in place; np.where over a row selection of it cost ~0.27 s (county)
        zmax = np.fmax.reduce(self.Z if key is None else self.Z[rows], axis=0)
        zmax[np.isnan(zmax)] = -np.inf
        if method == "goalposts":
            hi = (spec.scale or default_scale(method))[1]
            zmax = np.where(np.isfinite(zmax), hi, zmax)
        p["ub"] = zmax
        if method != "rank":
            p["offset"], p["slope"] = norm.inverse_affine(ref, method, self.meta, spec.scale)
        if self.tin is not None:
            t = self.tin[rows]
            have = ~np.isnan(t)
            p["best"] = np.max(np.where(have, t, -np.inf), axis=0)
            p["worst"] = np.min(np.where(have, t, np.inf), axis=0)
            if spec.topsis_norm == "vector":
                v = ref.to_numpy(dtype=float)
                p["vnorm"] = np.sqrt(np.nansum(v ** 2, axis=0))
        self._pools[key] = p
        return p

    def raw_values(self, pool: dict, cols: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Raw values of indicators ``cols`` (positions) at normalised values ``z``."""
        if "offset" in pool:
            return pool["offset"][cols] + pool["slope"][cols] * z
        codes = [self.inds[i] for i in cols]
        zf = pd.DataFrame([z], columns=codes)
        return norm.denormalize(zf, pool["ref"], self.spec.normalize, self.meta, self.spec.scale).to_numpy()[0]

    # ---------------------------------------------------------------- the region's model
    def _region(self, region: str, year: int) -> _Region:
        key = (str(region), int(year))
        if key not in self.row_of or np.isnan(self.S[self.row_of[key], self.agg_pos[self.root]]):
            raise _err(f"地区“{region}”在 {year} 年没有指数得分", f"region '{region}' has no index score for {year}")
        row = self.row_of[key]
        z = self.Z[row]
        present = np.flatnonzero(~np.isnan(z))
        pool = self._pool(year)
        pos = {self.inds[i]: k for k, i in enumerate(present)}
        n = len(present)
        E = np.zeros((len(self.aggs), n))
        has = np.zeros(len(self.aggs), dtype=bool)
        vec = {}
        for c, k in pos.items():
            e = np.zeros(n)
            e[k] = 1.0
            vec[c] = e
        for j, ag in enumerate(self.aggs):        # lowest level first, as aggregate_tree
            kids = [c for c in self.fw.children[ag] if c in vec]
            w = np.array([self.sib[c] for c in kids])
            if not kids or w.sum() <= 0:
                continue
            E[j] = sum(wk / w.sum() * vec[c] for wk, c in zip(w, kids))
            vec[ag] = E[j]
            has[j] = True
        W2 = np.zeros_like(E)
        if self.tin is not None:
            for j, ag in enumerate(self.aggs):
                cols = [pos[c] for c in self.fw.leaves_of[ag] if c in pos]
                if cols:
                    w = self.iw[present[cols]]
                    W2[j, cols] = (w / w.sum()) ** 2 if w.sum() > 0 else 0.0
        ub = np.maximum(pool["ub"][present], z[present])
        return _Region(str(region), int(year), row, present, z[present].copy(), ub, E, W2, has, pool)

    def _topsis_input(self, R: _Region, z: np.ndarray) -> np.ndarray:
        if self.spec.topsis_norm != "vector":
            return z
        cols = R.present
        return self.direction[cols] * self.raw_values(R.pool, cols, z) / R.pool["vnorm"][cols]

    def node_values(self, R: _Region, z: np.ndarray) -> np.ndarray:
        """Every aggregate of the region (framework order) at normalised values ``z`` (present indicators)."""
        method = self.spec.aggregate
        if method == "arithmetic":
            out = R.E @ z
        elif method == "geometric":
            with np.errstate(divide="ignore", invalid="ignore"):
                out = np.exp(R.E @ np.log(z))
        else:
            t = self._topsis_input(R, z)
            best, worst = R.pool["best"][R.present], R.pool["worst"][R.present]
            dp = np.sqrt(R.W2 @ (t - best) ** 2)
            dm = np.sqrt(R.W2 @ (t - worst) ** 2)
            with np.errstate(divide="ignore", invalid="ignore"):
                out = np.where(dp + dm > 0, dm / (dp + dm), np.nan) * 100.0
        return np.where(R.has, out, np.nan)

    def node_jacobian(self, R: _Region, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every aggregate at ``z`` and its derivatives (aggregates x present indicators)."""
        method = self.spec.aggregate
        nodes = self.node_values(R, z)
        if method == "arithmetic":
            return nodes, R.E
        if method == "geometric":
            return nodes, np.nan_to_num(nodes)[:, None] * R.E / z[None, :]
        t = self._topsis_input(R, z)
        if self.spec.topsis_norm != "vector":
            dt = np.ones_like(z)
        elif "offset" in R.pool:
            dt = self.direction[R.present] * R.pool["slope"][R.present] / R.pool["vnorm"][R.present]
        else:   # rank normalisation: the inverse is piecewise linear
            h = 1e-6 * max(self.scale[1] - self.scale[0], 1.0)
            dt = (self._topsis_input(R, z + h) - t) / h
        best, worst = R.pool["best"][R.present], R.pool["worst"][R.present]
        dp = np.sqrt(R.W2 @ (t - best) ** 2)[:, None]
        dm = np.sqrt(R.W2 @ (t - worst) ** 2)[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            ddp = np.where(dp > 0, R.W2 * (t - best) / dp, 0.0)
            ddm = np.where(dm > 0, R.W2 * (t - worst) / dm, 0.0)
            J = np.where(dp + dm > 0, (ddm * dp - dm * ddp) / (dp + dm) ** 2, 0.0) * 100.0 * dt
        return nodes, np.where(R.has[:, None], J, 0.0)

    def _dims_u(self, nodes: np.ndarray) -> np.ndarray:
        lo, hi = self.scale
        d = np.array([nodes[self.agg_pos[c]] for c in self.dims])
        return np.clip((d - lo) / (hi - lo), 0.0, 1.0)

    def _log_d2(self, nodes: np.ndarray) -> float:
        """``log D^2 = mean log U`` (equal subsystem weights: ``C T = GM(U)``)."""
        u = self._dims_u(nodes)
        return float(np.mean(np.log(np.maximum(u, 1e-300))))

    # ---------------------------------------------------------------- states
    def _level_of(self, s: float) -> int | None:
        if not np.isfinite(s):
            return None
        if self.spec.maturity == "bands":
            lo, hi = self.disp
            return int(band_levels(pd.Series([(s - lo) / (hi - lo) * 100.0]), self.spec.bands).iloc[0])
        lv = 1
        for L in range(2, self.n_levels + 1):
            thr = self._kmeans_threshold(L)
            if thr is not None and s >= thr:
                lv = L
        return lv

    def _kmeans_threshold(self, level: int) -> float | None:
        s = self.S[:, self.agg_pos[self.root]]
        ok = self.levels_all >= level
        return float(np.nanmin(s[ok])) if ok.any() else None

    def _others(self, R: _Region) -> np.ndarray:
        rows = np.flatnonzero((self.years == R.year) & (np.arange(len(self.index)) != R.row))
        s = self.S[rows, self.agg_pos[self.root]]
        return s[~np.isnan(s)]

    def _state(self, R: _Region, nodes: np.ndarray) -> State:
        s = float(nodes[self.agg_pos[self.root]])
        others = self._others(R)
        tol = 1e-9 * max(1.0, abs(s))
        rank = int((others > s + tol).sum()) + 1 if np.isfinite(s) else None
        D = band = None
        u = self._dims_u(nodes)
        if len(u) >= 2 and not np.isnan(u).any():
            D = coordination(u)
            band = int(band_of(D))
        return State(s, self._level_of(s), D, band, rank, len(others) + 1,
                     {c: float(nodes[self.agg_pos[c]]) for c in self.dims},
                     {c: float(nodes[self.agg_pos[c]]) for c in self.subs})

    def _state_of(self, a: Assessment, region: str, year: int) -> State:
        """The region's state in assessment ``a`` by ``a``'s own functions (re-assessment)."""
        from .diagnostics import synergy
        s = a.scores.xs(year, level="year")
        ranks = a.ranks().xs(year, level="year")
        lv = a.levels().xs(year, level="year").get(region)
        D = band = None
        if len(self.dims) >= 2:
            syn = synergy(a, year=year).xs(year, level="year").loc[region]
            if pd.notna(syn["D"]):
                D, band = float(syn["D"]), int(syn["band"])
        return State(float(s.at[region, self.root]), int(lv) if pd.notna(lv) else None, D, band,
                     int(ranks[region]) if pd.notna(ranks[region]) else None, int(ranks.notna().sum()),
                     {c: float(s.at[region, c]) for c in self.dims}, {c: float(s.at[region, c]) for c in self.subs})

    # ---------------------------------------------------------------- targets
    def threshold(self, target: Target, region: str, year: int, before: State | None = None,
                  a: Assessment | None = None) -> tuple[str, float]:
        """``("index", t)`` or ``("D", d)``: the value the region must reach (others held fixed)."""
        a = a or self.a
        s = a.scores[self.root].xs(year, level="year")
        others = s.drop(index=region, errors="ignore").dropna()
        k, v = target.kind, target.value
        if k == "band":
            return "D", BANDS[int(v) - 1][0]
        if k == "score":
            return "index", float(v)
        if k == "rank":
            srt = np.sort(others.to_numpy())[::-1]
            return "index", float(srt[int(v) - 1]) if int(v) <= len(srt) else -np.inf
        if k == "level":
            lv = v
            if lv == "next":
                cur = (before.level if before is not None else None) or 1
                lv = min(cur + 1, self.n_levels)
            lv = int(lv)
            if lv > self.n_levels:
                raise _err(f"成熟度最高为 {self.n_levels} 级", f"the highest maturity level is {self.n_levels}")
            if lv <= 1:
                return "index", -np.inf
            if self.spec.maturity == "bands":
                lo, hi = a.display_range() if a is not self.a else self.disp
                return "index", lo + self.spec.bands[lv - 2] / 100.0 * (hi - lo)
            if a is not self.a:
                sc, lvl = a.scores[self.root], a.levels()
                ok = lvl >= lv
                return "index", float(sc[ok].min()) if ok.any() else np.inf
            thr = self._kmeans_threshold(lv)
            return "index", thr if thr is not None else np.inf
        # benchmark: with the region's own new score counted, "reach the mean of a set that includes
        # yourself" is the same condition as reaching the mean of the others
        from .diagnostics import benchmark_profile
        if v in ("mean", "group"):
            if v == "group":
                groups = a.dataset.region_groups()
                g = groups.get(region)
                if g is None or (isinstance(g, float) and np.isnan(g)) or str(g) == "":
                    raise _err(f"地区“{region}”没有分组", f"region '{region}' has no group")
                others = others[[groups.get(r) == g for r in others.index]]
            return "index", float(others.mean()) if len(others) else -np.inf
        if v == "best":
            return "index", float(others.max()) if len(others) else -np.inf
        if v == "target":
            return "index", float(benchmark_profile(a, region, year, "target")[0][self.root])
        if v in others.index:
            return "index", float(others[v])
        raise _err(f"未知的基准“{v}”（mean、best、group、target 或地区代码）",
                   f"unknown benchmark '{v}' (mean, best, group, target or a region code)")

    @staticmethod
    def _meets(target: Target, quantity: str, threshold: float, st: State, level_needed: int | None) -> bool:
        if target.kind == "level":
            return st.level is not None and st.level >= level_needed
        if target.kind == "band":
            return st.band is not None and st.band >= int(target.value)
        if target.kind == "rank":
            return st.rank is not None and st.rank <= int(target.value)
        return st.index >= threshold - 1e-9 * max(1.0, abs(threshold))

    def describe(self, target: Target, lang: str, region: str | None = None, level_needed: int | None = None
                 ) -> str:
        """The target in words."""
        from .diagnostics import BENCHMARK_NAMES
        zh = lang == "zh"
        k, v = target.kind, target.value
        if k == "level":
            lv = level_needed or v
            nm = LEVEL_NAMES.get(int(lv), (str(lv), str(lv))) if lv != "next" else ("", "")
            return f"成熟度第 {lv} 级（{nm[0]}）" if zh else f"maturity level {lv} ({nm[1]})"
        if k == "band":
            b = BANDS[int(v) - 1]
            return f"协调等级“{b[2]}”（D ≥ {b[0]:.1f}）" if zh else f"coordination band '{b[3]}' (D ≥ {b[0]:.1f})"
        if k == "rank":
            return f"排名第 {v} 位" if zh else f"rank {v}"
        if k == "score":
            return f"指数达到 {v:g}" if zh else f"an index of {v:g}"
        if v in BENCHMARK_NAMES:
            label = BENCHMARK_NAMES[v][0 if zh else 1]
            if v == "group" and region is not None:
                from .data import region_group_names
                g = self.a.dataset.region_groups().get(region)
                g = region_group_names().get(g, (g, g))[0 if zh else 1]
                label = f"{label}（{g}）" if zh else f"{label} ({g})"
        else:
            label = self.a.dataset.region_name(v, lang)
        return f"达到{label}的指数" if zh else f"the index of the {label[:1].lower() + label[1:]}"

    # ---------------------------------------------------------------- optimisation
    def _measure(self, R: _Region, quantity: str):
        root = self.agg_pos[self.root]
        if quantity == "D":
            return lambda z: float(np.sqrt(np.exp(self._log_d2(self.node_values(R, z)))))
        return lambda z: float(self.node_values(R, z)[root])

    def _solve(self, R: _Region, quantity: str, thr: float, mov: np.ndarray, cost: np.ndarray, plan: str
               ) -> tuple[np.ndarray, str]:
        """Optimal ``z`` (present indicators) and the method used."""
        from scipy.optimize import minimize  # here: importing scipy.optimize costs ~0.3 s, plans are on request
        path = _Path(R.z0, mov, (R.ub - R.z0)[mov], cost)
        z_of = path.z_of
        measure = self._measure(R, quantity)
        m = path.m
        if m == 0:
            return R.z0.copy(), "none"
        w, wsum = path.w, path.wsum
        rng = self.scale[1] - self.scale[0]
        dim_rows = [self.agg_pos[c] for c in self.dims if R.has[self.agg_pos[c]]]
        margin = 1e-7 * (rng if quantity == "index" else 1.0)   # above solver tolerances, far below display precision
        top = measure(z_of(np.ones(m)))
        if not np.isfinite(top) or top < thr - 1e-12 * max(1.0, abs(thr)):
            return z_of(np.ones(m)), "unreachable"
        goal = min(thr + margin, top)
        if self.spec.aggregate == "arithmetic" and quantity == "index":
            found = self._solve_lp(R, path, goal, plan, dim_rows)
            if found is not None:
                return found
        # monotone bisection on the straight path: feasibility and a start point
        lam = _bisect(lambda v: measure(z_of(np.full(m, v))) >= goal)
        y_start = np.full(m, lam)
        con = self._constraint(R, path, quantity, goal)
        cons = {"type": "ineq", "fun": lambda y: con(y)[0], "jac": lambda y: con(y)[1]}
        opts = {"maxiter": 100, "ftol": 1e-9}
        if plan == "balanced" and dim_rows:
            return self._solve_balanced(R, path, con, cons, y_start, dim_rows, opts)
        res = minimize(lambda y: (w @ y) / wsum, y_start, method="SLSQP", jac=lambda y: w / wsum,
                       bounds=[(0, 1)] * m, constraints=[cons], options=opts)
        y = np.clip(res.x, 0, 1)
        y = np.where(y < _Y_EPS, 0.0, y)
        if con(y)[0] >= -1e-9 and w @ y <= w @ y_start + 1e-12:   # feasible and cheaper, even at maxiter
            return z_of(y), "slsqp"
        return z_of(y_start), "bisection"

    def _solve_lp(self, R: _Region, path: "_Path", goal: float, plan: str, dim_rows: list
                  ) -> tuple[np.ndarray, str] | None:
        """The linear programme where the index is linear (arithmetic): ``(z, method)``, or None if it fails."""
        from scipy.optimize import linprog
        m, mov, span, w, wsum = path.m, path.mov, path.span, path.w, path.wsum
        rng = self.scale[1] - self.scale[0]
        root = self.agg_pos[self.root]
        e = R.E[root, mov] * span
        need = goal - float(R.E[root] @ path.z0)
        A, b = [-e], [-need]
        if plan == "balanced" and dim_rows:
            Ed = R.E[dim_rows][:, mov] * span / rng
            A1 = np.vstack([np.r_[-e, 0.0], np.c_[Ed, -np.ones(len(dim_rows))]])
            b1 = np.r_[-need, np.zeros(len(dim_rows))]
            r1 = linprog(np.r_[np.zeros(m), 1.0], A_ub=A1, b_ub=b1, bounds=[(0, 1)] * m + [(0, None)],
                         method="highs")
            if r1.status == 0:
                smax = r1.x[-1] * (1 + 1e-9) + 1e-12
                r2 = linprog(np.r_[w / wsum, 0.0], A_ub=A1, b_ub=b1, bounds=[(0, 1)] * m + [(0, smax)],
                             method="highs")
                if r2.status == 0:
                    return path.z_of(np.clip(r2.x[:m], 0, 1)), "lp_minimax"
        r = linprog(w / wsum, A_ub=np.array(A), b_ub=np.array(b), bounds=[(0, 1)] * m, method="highs")
        if r.status == 0:
            return path.z_of(np.clip(r.x, 0, 1)), "lp"
        return None

    def _constraint(self, R: _Region, path: "_Path", quantity: str, goal: float):
        """The target as ``con(y) -> (value >= 0 when met, gradient in y)``, concave where it can be (memoised)."""
        mov, span = path.mov, path.span
        rng = self.scale[1] - self.scale[0]
        root = self.agg_pos[self.root]
        lo_s, hi_s = self.scale
        drows = [self.agg_pos[c] for c in self.dims]
        memo: dict = {}

        def con(y):
            key = y.tobytes()
            if key in memo:
                return memo[key]
            nodes, J = self.node_jacobian(R, path.z_of(y))
            if quantity == "D":
                u = np.maximum((nodes[drows] - lo_s) / (hi_s - lo_s), 1e-300)
                inside = (u > 1e-300) & (u < 1.0)
                g = (J[drows] / ((hi_s - lo_s) * u)[:, None] * inside[:, None]).mean(axis=0)
                val = float(np.mean(np.log(np.minimum(u, 1.0)))) - 2.0 * math.log(goal)
            elif self.spec.aggregate == "geometric":
                val = math.log(max(nodes[root], 1e-300)) - math.log(goal)
                g = J[root] / nodes[root]
            else:
                val = (nodes[root] - goal) / rng
                g = J[root] / rng
            memo.clear()
            memo[key] = (val, g[mov] * span)
            return memo[key]

        return con

    def _solve_balanced(self, R: _Region, path: "_Path", con, cons: dict, y_start: np.ndarray, dim_rows: list,
                        opts: dict) -> tuple[np.ndarray, str]:
        """The balanced plan: the smallest common rise of the dimensions, then the least cost under that cap."""
        from scipy.optimize import minimize
        m, mov, span, w, wsum, z_of = path.m, path.mov, path.span, path.w, path.wsum, path.z_of
        rng = self.scale[1] - self.scale[0]
        d0 = self.node_values(R, path.z0)[dim_rows]
        dim_of = [self.info[i]["dimension"] for i in R.present[mov]]
        groups = [np.array([d == self.aggs[r] for d in dim_of]) for r in dim_rows]

        def rises(y):
            return (self.node_values(R, z_of(y))[dim_rows] - d0) / rng

        def y_for(rise):
            """Each dimension's indicators along their straight path until it rises by ``rise`` (or tops out)."""
            y = np.zeros(m)
            for k, g in enumerate(groups):
                if g.any():
                    def up(v, k=k, g=g):
                        yy = np.zeros(m)
                        yy[g] = v
                        return rises(yy)[k] >= rise
                    y[g] = _bisect(up, n=20) if up(1.0) else 1.0
            return y

        # stage 1: the smallest common rise of every dimension that reaches the target
        most = float(rises(np.ones(m)).max())
        s1 = _bisect(lambda r: con(y_for(r))[0] >= 0, 0.0, most, n=24)
        y1 = y_for(s1)
        if con(y1)[0] < -1e-9:
            y1 = y_start
        cap = float(rises(y1).max()) * (1 + 1e-6) + 1e-9
        # stage 2: the least cost with no dimension rising more than that
        r2 = minimize(lambda y: (w @ y) / wsum, y1, method="SLSQP", jac=lambda y: w / wsum,
                      bounds=[(0, 1)] * m,
                      constraints=[cons, {"type": "ineq", "fun": lambda y: cap - rises(y),
                                          "jac": lambda y: -self.node_jacobian(R, z_of(y))[1][dim_rows][:, mov]
                                          * span / rng}], options=opts)
        y = np.clip(r2.x, 0, 1)
        y = np.where(y < _Y_EPS, 0.0, y)
        if con(y)[0] >= -1e-9 and rises(y).max() <= cap + 1e-9 and w @ y <= w @ y1 + 1e-12:
            return z_of(y), "slsqp_minimax"
        return z_of(y1), "bisection_minimax"

    # ---------------------------------------------------------------- public
    def solve(self, region: str, year: int | None = None, target: "str | Target" = "level:next",
              plan: str = "cheapest", actionable=None, cost: dict | None = None, verify: bool = True
              ) -> TargetPlan:
        """One plan (``cheapest``, ``balanced`` or ``actionable``) for ``region`` to reach ``target``.

        ``actionable``: indicator codes the ``actionable`` plan may move (default:
        the administrative indicators, ``source = ind``); ``cost``: code -> cost of
        one normalised point (default 1; must be positive).  ``verify`` re-assesses
        the plan with its raw values (:func:`reassess`).
        """
        t0 = time.perf_counter()
        if plan not in PLANS:
            raise _err(f"方案必须是 {', '.join(PLANS)} 之一", f"plan must be one of {', '.join(PLANS)}")
        target = Target.parse(target)
        year = self.a.latest_year if year is None else int(year)
        region = str(region)
        R = self._region(region, year)
        nodes0 = self.node_values(R, R.z0)
        before = self._state(R, nodes0)
        quantity, thr = self.threshold(target, region, year, before)
        if quantity == "D" and before.D is None:
            raise _err(f"地区“{region}”没有协调发展度 D（某个维度没有数据，或框架只有一个维度）",
                       f"region '{region}' has no coordination degree D (a dimension has no data, or the framework "
                       "has a single dimension)")
        level_needed = None
        if target.kind == "level":
            level_needed = min((before.level or 1) + 1, self.n_levels) if target.value == "next" else int(target.value)
        c = self._costs(R, cost)
        mov = self._movable(R, plan, actionable)
        already = self._meets(target, quantity, thr, before, level_needed)
        if already:
            z, method = R.z0.copy(), "none"
        else:
            with _THREADS.limit(limits=1, user_api="blas"):
                z, method = self._solve(R, quantity, thr, mov, c, plan)
        nodes = self.node_values(R, z)
        after = self._state(R, nodes)
        reached = self._meets(target, quantity, thr, after, level_needed)
        if method == "unreachable":
            reached = False
        measure_after = after.D if quantity == "D" else after.index
        changes = self._changes(R, z, c)
        moved_subs = {s: after.subdimensions[s] - before.subdimensions[s] for s in self.subs
                      if np.isfinite(after.subdimensions[s] - before.subdimensions[s])
                      and abs(after.subdimensions[s] - before.subdimensions[s]) > 1e-9}
        moved_dims = {d: after.dimensions[d] - before.dimensions[d] for d in self.dims
                      if np.isfinite(after.dimensions[d] - before.dimensions[d])}
        mz, me = self._method_text(method, quantity)
        nz, ne = self._note(target, quantity, thr, before, after, reached, already, method, level_needed)
        bz, be = self._bottom_note(changes)
        nz, ne = nz + bz, ne + be
        lz, le = self.limits()
        p = TargetPlan(
            region=region, name=self.a.dataset.region_name(region, "zh"), year=year, target=target, plan=plan,
            quantity=quantity, threshold=float(thr), reached=bool(reached), already=bool(already),
            achieved=float(measure_after) if measure_after is not None else float("nan"),
            before=before, after=after, changes=changes,
            subdimension_changes=dict(sorted(moved_subs.items(), key=lambda kv: -kv[1])),
            dimension_changes=moved_dims, points=float(sum(ch.points for ch in changes)),
            cost=float(sum(ch.points * ch.cost for ch in changes)),
            measures=self._measures_for(moved_subs), movable=tuple(self.inds[i] for i in R.present[mov]),
            method=method, method_zh=mz, method_en=me, note_zh=nz, note_en=ne, limits_zh=lz, limits_en=le,
            target_zh=self.describe(target, "zh", region, level_needed),
            target_en=self.describe(target, "en", region, level_needed),
            _names={c: (self.fw.name_of(c, "zh"), self.fw.name_of(c, "en")) for c in self.dims + self.subs})
        if verify:
            self._verify(p, level_needed, already)
        p.seconds = time.perf_counter() - t0
        return p

    def _costs(self, R: _Region, cost: dict | None) -> np.ndarray:
        """The cost of one normalised point of each present indicator (1 unless given; must be positive)."""
        c = np.ones(len(R.present))
        for code, v in (cost or {}).items():
            if code not in self.inds:
                raise _err(f"成本中的指标“{code}”不在框架中", f"indicator '{code}' in the costs is not in the framework")
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise _err(f"指标“{code}”的成本必须是正数，现为 {v}", f"the cost of '{code}' must be positive, got {v}")
            k = np.flatnonzero(R.present == self.inds.index(code))
            c[k] = float(v)
        return c

    def _movable(self, R: _Region, plan: str, actionable) -> np.ndarray:
        """Which present indicators the plan may raise (below their upper bound; actionable ones only if asked)."""
        allowed = np.ones(len(R.present), dtype=bool)
        act = self.actionable_set(actionable)
        if plan == "actionable":
            allowed = np.array([self.inds[i] in act for i in R.present], dtype=bool)
        return allowed & (R.ub > R.z0 + 1e-12)

    def _bottom_note(self, changes: list) -> tuple[str, str]:
        """A note when raised indicators hold the lowest value of all regions (min-max and rank can move)."""
        lo_n = (self.spec.scale or default_scale(self.spec.normalize) or (1.0, None))[0]
        bottom = sum(abs(ch.normalised_before - lo_n) < 1e-9 for ch in changes) \
            if self.spec.normalize in ("minmax", "rank") else 0
        if not bottom:
            return "", ""
        return (f"其中 {bottom} 项指标现为所有地区中的最低值，提高后标准化的下界可能移动，"
                "重新评估的指数可能低于计划值。",
                f" {bottom} of these indicators now hold the lowest value of all regions: raising them can move "
                "the bottom of the normalisation, and the re-assessed index can come out lower than planned.")

    def _verify(self, p: TargetPlan, level_needed: int | None, already) -> None:
        """Re-assess the plan with its raw values (:func:`reassess`) and record whether it still reaches."""
        if p.changes:
            a2 = reassess(self.a, p.region, p.year, {ch.code: ch.raw_after for ch in p.changes})
            p.reassessed = self._state_of(a2, p.region, p.year)
            _, thr2 = self.threshold(p.target, p.region, p.year, p.reassessed, a=a2)
            p.reassessed_threshold = float(thr2)
            p.reassessed_reached = self._meets(p.target, p.quantity, thr2, p.reassessed, level_needed)
        else:
            p.reassessed, p.reassessed_reached, p.reassessed_threshold = p.before, already, p.threshold

    def plans(self, region: str, year: int | None = None, target: "str | Target" = "level:next", actionable=None,
              cost: dict | None = None, verify: bool = True) -> dict:
        """The three plans of :data:`PLANS` (cheapest, balanced, actionable)."""
        return {k: self.solve(region, year, target, k, actionable, cost, verify) for k in PLANS}

    def suggestions(self, region: str, year: int | None = None) -> list:
        """Targets worth asking for ``region``: the next levels and bands, the benchmarks, better ranks.

        Returns ``[(target text, label_zh, label_en)]``; targets already met are left out, except the benchmarks.
        """
        year = self.a.latest_year if year is None else int(year)
        R = self._region(str(region), year)
        st = self._state(R, self.node_values(R, R.z0))
        out = []
        lv = st.level or 1
        for L in range(lv + 1, self.n_levels + 1):
            out.append(Target("level", L))
        if st.band is not None:
            for b in sorted({min(st.band + 1, len(BANDS)), 9, 10}):
                if b > st.band:
                    out.append(Target("band", b))
        g = self.a.dataset.region_groups().get(region)
        if g is not None and str(g) not in ("", "nan"):
            out.append(Target("benchmark", "group"))
        out += [Target("benchmark", "mean"), Target("benchmark", "best")]
        for k in (10, 5, 3, 1):
            if st.rank is not None and k < st.rank:
                out.append(Target("rank", k))
        seen, res = set(), []
        for t in out:
            if t.text not in seen:
                seen.add(t.text)
                res.append((t.text, self.describe(t, "zh", region), self.describe(t, "en", region)))
        return res

    def actionable_set(self, actionable=None) -> set:
        """The indicators the ``actionable`` plan may move: ``actionable``, else the administrative ones."""
        if actionable is not None:
            codes = [c.strip() for c in actionable.split(",")] if isinstance(actionable, str) else list(actionable)
            unknown = [c for c in codes if c and c not in self.inds]
            if unknown:
                raise _err(f"可操作指标不在框架中：{', '.join(unknown[:5])}",
                           f"actionable indicators not in the framework: {', '.join(unknown[:5])}")
            return {c for c in codes if c}
        if self.source is None:
            return set(self.inds)
        adm = {c for c, s in zip(self.inds, self.source) if s != "srv"}
        return adm or set(self.inds)

    # ---------------------------------------------------------------- parts of the plan
    def _changes(self, R: _Region, z: np.ndarray, cost: np.ndarray) -> list:
        rng = self.scale[1] - self.scale[0]
        moved = np.flatnonzero(np.abs(z - R.z0) > 1e-9 * max(rng, 1.0))
        if not len(moved):
            return []
        cols = R.present[moved]
        raw_after = self.raw_values(R.pool, cols, z[moved])
        raw_model0 = self.raw_values(R.pool, cols, R.z0[moved])
        out = []
        for k, i in enumerate(cols):
            rb = self.RAW[R.row, i]
            rb = float(rb) if np.isfinite(rb) else float(raw_model0[k])   # an imputed value: its model value
            info = self.info[i]
            ch = Change(self.inds[i], info["name_zh"], info["name_en"], info["dimension"], info["subdimension"],
                        info["unit"], int(self.direction[i]), float(R.z0[moved[k]]), float(z[moved[k]]), rb,
                        float(raw_after[k]), cost=float(cost[moved[k]]))
            if info["answer_scale"]:
                ch.answer_scale = info["answer_scale"]
                ch.answer_change = (ch.raw_after - ch.raw_before) / 100.0 * (ch.answer_scale - 1)
            out.append(ch)
        out.sort(key=lambda c: -c.points)
        return out

    def _measures_for(self, moved_subs: dict) -> list:
        out = []
        for s, pts in sorted(moved_subs.items(), key=lambda kv: -kv[1]):
            if pts > 0:
                out.append({"subdim": s, "name_zh": self.fw.name_of(s, "zh"), "name_en": self.fw.name_of(s, "en"),
                            "points": float(pts), "measures": list(self.measures.get(s, []))})
        return out

    def _method_text(self, method: str, quantity: str) -> tuple[str, str]:
        agg = self.spec.aggregate
        texts = {
            "none": ("无需改变", "no change needed"),
            "lp": ("线性规划（scipy.optimize.linprog，HiGHS）：算术平均下各节点是标准化指标的线性函数",
                   "linear program (scipy.optimize.linprog, HiGHS): with the arithmetic mean every node is linear "
                   "in the normalised indicators"),
            "lp_minimax": ("两步线性规划（HiGHS）：先使各维度的最大提升最小，再在此提升下使总成本最小",
                           "two linear programs (HiGHS): first the smallest largest rise of any dimension, then the "
                           "least cost at that rise"),
            "slsqp": ("SLSQP 非线性规划（scipy.optimize.minimize，带上下界），从线性路径二分得到的可行点出发",
                      "SLSQP (scipy.optimize.minimize with bounds), started from a feasible point found by "
                      "bisection on the straight path"),
            "slsqp_minimax": ("两步：先二分求各维度共同的最小提升（各维度指标沿直线路径提高），再用 SLSQP 在此提升上限内"
                              "使总成本最小",
                              "two steps: bisection for the smallest common rise of every dimension (each dimension's "
                              "indicators along their straight path), then SLSQP for the least cost with no dimension "
                              "rising more"),
            "bisection_minimax": ("二分求各维度共同的最小提升，各维度指标沿直线路径提高（SLSQP 未得到更省的可行解）",
                                  "bisection for the smallest common rise of every dimension, each dimension's "
                                  "indicators along their straight path (SLSQP found no cheaper feasible point)"),
            "bisection": ("线性路径上的单调二分：各指标按同一比例提高其可提升空间（SLSQP 未得到更优的可行解）",
                          "monotone bisection on the straight path: every indicator rises by the same share of its "
                          "headroom (SLSQP found no cheaper feasible point)"),
            "unreachable": ("线性路径二分：所有可提升指标都达到上界仍未达标",
                            "bisection on the straight path: the target is not reached even with every movable "
                            "indicator at its bound"),
        }
        zh, en = texts[method]
        if quantity == "D" and method not in ("none", "unreachable"):
            zh += "；约束 D ≥ d 写作 mean log U ≥ 2 log d（等权时 C·T 等于 U 的几何平均），先提高最弱维度"
            en += "; the constraint D ≥ d is mean log U ≥ 2 log d (with equal weights C·T is the geometric mean " \
                  "of U), so the weakest dimension is raised first"
        elif agg == "geometric" and method.startswith("slsqp"):
            zh += "；几何平均下 log 指数是 log 指标的线性函数，约束为凸"
            en += "; with the geometric mean the log index is linear in the log indicators, a convex constraint"
        return zh, en

    def _note(self, target, quantity, thr, before, after, reached, already, method, level_needed):
        fmt = (lambda v: f"{v:.3f}") if quantity == "D" else (lambda v: f"{v:.1f}")
        got = after.D if quantity == "D" else after.index
        what = ("协调发展度 D", "the coordination degree D") if quantity == "D" else ("指数", "the index")
        if already:
            return ("该地区已达到目标，无需改变。", "The region already meets the target; nothing needs to change.")
        if method == "unreachable" or not reached:
            gap = (thr - got) if got is not None and np.isfinite(thr) else float("nan")
            return (f"在上界内无法达标：所有可提升指标都达到已观测的最好值（或目标值上限）时，{what[0]}最高为 "
                    f"{fmt(got)}，距目标 {fmt(thr)} 还差 {fmt(gap)}。",
                    f"Not reachable within the bounds: with every movable indicator at the best observed value (or "
                    f"its goalpost) {what[1]} gets to {fmt(got)}, {fmt(gap)} short of {fmt(thr)}.")
        return (f"{what[0]}从 {fmt(before.D if quantity == 'D' else before.index)} 提高到 {fmt(got)}"
                f"（目标 {fmt(thr)}）。",
                f"{what[1][:1].upper() + what[1][1:]} rises from {fmt(before.D if quantity == 'D' else before.index)} "
                f"to {fmt(got)} (target {fmt(thr)}).")

    def limits(self) -> tuple[str, str]:
        """The honest limits of a plan under this assessment's spec, in Chinese and English."""
        spec = self.spec
        keys = ["what_if", spec.normalize if spec.normalize in ("minmax", "zscore", "rank") else "goalposts"]
        if spec.weights in _DATA_WEIGHTS:
            keys.append("data_weights")
        if spec.aggregate == "topsis":
            keys.append("topsis")
        if spec.maturity == "kmeans":
            keys.append("kmeans")
        keys.append("raw_units")
        return "".join(_LIMITS[k][0] for k in keys), " ".join(_LIMITS[k][1] for k in keys)


def path_to_target(a: Assessment, region: str, target: "str | Target", year: int | None = None,
                   plan: str = "cheapest", actionable=None, cost: dict | None = None, verify: bool = True
                   ) -> TargetPlan:
    """One plan for one region (see :class:`TargetSolver`)."""
    return TargetSolver(a).solve(region, year, target, plan, actionable, cost, verify)


def compare_plans(a: Assessment, region: str, target: "str | Target", year: int | None = None, actionable=None,
                  cost: dict | None = None, verify: bool = True) -> dict:
    """The three plans of :data:`PLANS` for one region."""
    return TargetSolver(a).plans(region, year, target, actionable, cost, verify)
