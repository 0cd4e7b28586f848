"""The assessment pipeline: data + spec -> every stage of a composite index.

Modelled on COINr: one object holds the data set of each stage (raw,
imputed, treated, normalised, aggregated), the framework, the spec that made
it and a log of every step, so that the whole index can be regenerated with
one setting changed::

    >>> from metrics import Dataset, Spec, assess
    >>> ds = Dataset.sample()
    >>> a = assess(ds, Spec())
    >>> b = assess(ds, a.spec.replace(weights="entropy"))

Steps, in order:

1. **raw** - indicator data joined with the survey indicators aggregated per
   region and year (:mod:`metrics.survey`);
2. **imputed** - :func:`metrics.treat.impute` (``none`` by default);
3. **treated** - outlier treatment (``none`` or COINr's winsorisation);
4. **normalised** - :mod:`metrics.normalize` (min-max onto [0, 100] by
   default), pooled over all years unless ``by_year``: pooled normalisation
   keeps scores of different years on one scale, so trends are real changes;
5. **weights** - :mod:`metrics.weights`;
6. **aggregated** - :mod:`metrics.aggregate` at every level up to the top.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from . import aggregate as agg
from . import methods
from . import normalize as norm
from . import weights as wts
from .data import (DEFAULT_REGIONS, IndicatorData, Regions, SurveyData, fingerprint_frame, load_regions,
                   read_indicators, read_survey)
from .framework import DATA_DIR, Framework, default_framework, load_framework
from .levels import DEFAULT_EDGES, band_levels, kmeans_levels
from .survey import aggregate_cells, aggregate_survey
from .treat import impute, treat_outliers

SAMPLE_DIR = DATA_DIR / "sample"


@dataclass(frozen=True)
class Spec:
    """Every choice that turns data into scores.  Immutable and hashable.

    Parameters
    ----------
    normalize : {"minmax", "zscore", "rank", "goalposts"}
    scale : (float, float) or None
        ``[lo, hi]`` (min-max, goalposts, rank) or ``(mean, sd)`` (z-score);
        ``None`` = the method's default (see :func:`metrics.normalize.normalize`).
    weights : {"framework", "equal", "entropy", "critic", "pca", "ahp"}
    ahp : tuple of (parent, a, b, value)
        Pairwise judgements for ``weights="ahp"``; parents without judgements
        keep the framework's weights.
    weight_overrides : tuple of (code, weight)
        Applied after ``weights``: the raw weight of a node among its siblings
        (what-if analysis).
    aggregate : {"arithmetic", "geometric", "topsis"}
    impute : {"none", "mean", "median", "group-mean", "group-median", "knn"}
    impute_group : str, optional
        Group column for group imputation: ``"group"`` (the region table's
        group) or a ``*_group`` column of the data.
    treat : {"none", "winsorize"}
    group_weights : {"equal", "size"}
        How stakeholder groups are combined in survey indicators.
    by_year : bool
        Normalise each year separately (COINr's purse) instead of pooled.
    maturity : {"bands", "kmeans"}
    bands : tuple of float
        Edges of the maturity bands on the 0..100 scale.
    seed : int
        For k-means tiers.
    pca_retain : {"eigenvalue", "variance", "count"}
        Which principal components ``weights="pca"`` keeps (:func:`metrics.weights.pca_weights`):
        eigenvalue above ``pca_threshold`` (default 1, Kaiser's criterion), the fewest components
        whose cumulative share of variance reaches ``pca_threshold`` (default 0.6, the OECD/JRC
        Handbook's 60%), or the first ``pca_threshold`` components (a whole number, required).
    pca_threshold : float or None
        The number that goes with ``pca_retain``; ``None`` = the rule's default.
    pca_kaiser : bool
        Varimax with Kaiser normalisation (default, as R's ``varimax``, SPSS and factor_analyzer).
    topsis_norm : {"spec", "vector"}
        Input of ``aggregate="topsis"``: the indicators on the spec's normalisation (default), or
        classic TOPSIS's vector normalisation ``x / sqrt(sum x^2)`` of the treated data (Hwang &
        Yoon 1981), pooled over years unless ``by_year``.  Indicator scores stay on the spec's
        normalisation either way.
    survey_exclude : tuple of str
        Survey respondents to leave out, by quality rule (:data:`metrics.survey_quality.RULES`:
        ``"speeders"``, ``"straightlining"``, ``"duplicates"``, ``"out_of_scale"``).  Empty by
        default: the checks only flag.  The log's ``survey_quality`` step says how many respondents
        and answers each rule excluded.
    survey_quality : tuple of (name, value)
        Settings of the quality checks replacing :data:`metrics.survey_quality.DEFAULTS`
        (``speeder_fraction``, ``straightline_k``, ``duplicate_minutes``).

    Specs saved before a field existed load with that field at its default
    (:meth:`from_dict`).
    """

    normalize: str = "minmax"
    scale: tuple | None = None
    weights: str = "framework"
    ahp: tuple = ()
    weight_overrides: tuple = ()
    aggregate: str = "arithmetic"
    impute: str = "none"
    impute_group: str | None = None
    treat: str = "none"
    group_weights: str = "equal"
    by_year: bool = False
    maturity: str = "bands"
    bands: tuple = DEFAULT_EDGES
    seed: int = 0
    pca_retain: str = "eigenvalue"
    pca_threshold: float | None = None
    pca_kaiser: bool = True
    topsis_norm: str = "spec"
    survey_exclude: tuple = ()
    survey_quality: tuple = ()

    def __post_init__(self):
        methods.check_spec(self)  # each method and its fixed-choice options, from the registry
        if self.maturity not in ("bands", "kmeans"):
            raise ValueError("maturity must be 'bands' or 'kmeans'")
        if self.scale is not None:
            object.__setattr__(self, "scale", tuple(float(v) for v in self.scale))
            if len(self.scale) != 2:
                raise ValueError("scale must be two numbers")
        object.__setattr__(self, "bands", tuple(float(b) for b in self.bands))
        object.__setattr__(self, "pca_kaiser", bool(self.pca_kaiser))
        if self.pca_threshold is not None:
            object.__setattr__(self, "pca_threshold", float(self.pca_threshold))
        wts.check_retention(self.pca_retain, self.pca_threshold)
        object.__setattr__(self, "weight_overrides", tuple((str(k), float(v)) for k, v in self.weight_overrides))
        object.__setattr__(self, "ahp", tuple(tuple(r) for r in self.ahp))
        from .survey_quality import RULES, params_of
        bad = [r for r in self.survey_exclude if r not in RULES]
        if bad:
            raise ValueError(f"survey_exclude: unknown rule(s) {bad}; use {', '.join(RULES)}")
        object.__setattr__(self, "survey_exclude", tuple(r for r in RULES if r in self.survey_exclude))
        quality = tuple(sorted((str(k), float(v)) for k, v in dict(self.survey_quality).items()))
        params_of(quality)
        object.__setattr__(self, "survey_quality", quality)

    def replace(self, **changes) -> "Spec":
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)

    def with_weights(self, overrides: dict[str, float]) -> "Spec":
        merged = dict(self.weight_overrides)
        merged.update(overrides)
        return self.replace(weight_overrides=tuple(sorted(merged.items())))

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["scale"] = list(self.scale) if self.scale else None
        d["bands"] = list(self.bands)
        d["ahp"] = [list(r) for r in self.ahp]
        d["weight_overrides"] = [list(r) for r in self.weight_overrides]
        d["survey_exclude"] = list(self.survey_exclude)
        d["survey_quality"] = [list(r) for r in self.survey_quality]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Spec":
        """The spec of :meth:`to_dict`; fields missing from an older saved spec take their defaults."""
        d = dict(d)
        for k in ("scale", "bands"):
            if d.get(k) is not None:
                d[k] = tuple(d[k])
        for k in ("ahp", "weight_overrides", "survey_quality"):
            d[k] = tuple(tuple(r) for r in d.get(k) or ())
        d["survey_exclude"] = tuple(d.get("survey_exclude") or ())
        return cls(**d)

    def describe(self, lang: str = "zh") -> str:
        parts = [methods.name(k, getattr(self, k), lang) for k in ("normalize", "weights", "aggregate")]
        parts += [methods.name(k, getattr(self, k), lang) for k in ("impute", "treat") if getattr(self, k) != "none"]
        if self.weights == "pca" and (self.pca_retain != "eigenvalue" or self.pca_threshold is not None
                                      or not self.pca_kaiser):
            parts.append(pca_option_text(self, lang))
        if self.aggregate == "topsis" and self.topsis_norm == "vector":
            parts.append("向量标准化" if lang == "zh" else "vector normalisation")
        if self.weight_overrides:
            parts.append("自定义权重" if lang == "zh" else "custom weights")
        if self.survey_exclude:
            from .survey_quality import RULE_NAMES
            names = [RULE_NAMES[r][lang == "en"] for r in self.survey_exclude]
            parts.append(("排除" + "、".join(names)) if lang == "zh" else "excluding " + ", ".join(names))
        return " · ".join(parts)


def pca_option_text(spec: Spec, lang: str = "zh") -> str:
    """The factor-retention rule and rotation of ``spec`` in words, e.g. "eigenvalue > 1, varimax (Kaiser)"."""
    t = wts.retention_threshold(spec.pca_retain, spec.pca_threshold)
    zh = lang == "zh"
    if spec.pca_retain == "eigenvalue":
        rule = f"保留特征值 > {t:g} 的因子" if zh else f"factors with eigenvalue > {t:g}"
    elif spec.pca_retain == "variance":
        rule = f"累计方差 ≥ {t:.0%} 的因子" if zh else f"factors up to {t:.0%} cumulative variance"
    else:
        rule = f"前 {int(t)} 个因子" if zh else f"the first {int(t)} factors"
    rot = ("方差最大化旋转（Kaiser 标准化）" if zh else "varimax (Kaiser-normalised)") if spec.pca_kaiser else (
        "方差最大化旋转（无 Kaiser 标准化）" if zh else "varimax without Kaiser normalisation")
    return f"{rule}, {rot}" if not zh else f"{rule}，{rot}"


#: kind -> method -> (Chinese, English) name, from the method registry (:mod:`metrics.methods`).
METHOD_NAMES = methods.names()


# --------------------------------------------------------------------------- dataset
@dataclass
class Dataset:
    """Everything an assessment is computed from.

    Build it with :meth:`load` (files) or :meth:`sample` (the bundled
    synthetic data), or directly from parsed parts.
    """

    framework: Framework
    indicators: IndicatorData | None = None
    survey: SurveyData | None = None
    regions: Regions | None = None
    label: str = ""
    synthetic: bool = False
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, data=None, survey=None, framework=None, regions=None, label: str = "",
             synthetic: bool = False) -> "Dataset":
        """Read files (paths or bytes) into a dataset; ``framework=None`` = the default one.

        ``regions=None`` uses the shipped region table (the 31 provinces) when at
        least half of the data's regions are in it, the others being
        ``unknown_region`` warnings (:mod:`metrics.data`); otherwise no region table.
        """
        fw = framework if isinstance(framework, Framework) else (
            default_framework() if framework is None else load_framework(framework))
        reg = regions if isinstance(regions, Regions) or regions is None else load_regions(regions)
        ind = read_indicators(data, fw, reg) if data is not None else None
        reg = reg or (ind.regions if ind is not None else None)
        srv = read_survey(survey, fw, reg) if survey is not None else None
        reg = reg or (srv.regions if srv is not None else None)
        if ind is None and srv is None:
            raise ValueError("a dataset needs indicator data, survey data or both")
        return cls(fw, ind, srv, reg, label=label, synthetic=synthetic)

    @classmethod
    def sample(cls) -> "Dataset":
        """The bundled synthetic demo data (31 provinces, 2019-2024)."""
        return cls.load(SAMPLE_DIR / "indicators.csv", SAMPLE_DIR / "survey.csv", None,
                        load_regions(DEFAULT_REGIONS), label="sample", synthetic=True)

    def survey_quality(self, params: tuple = ()):
        """The response-quality flags of the survey data (:func:`metrics.survey_quality.check_quality`),
        computed once per setting; ``None`` without survey data."""
        if self.survey is None:
            return None
        key = ("quality", tuple(params))
        if key not in self._cache:
            from .survey_quality import check_quality
            self._cache[key] = check_quality(self.survey.frame, self.framework, self.survey.meta, params,
                                             row_offset=self.survey.first_row)
        return self._cache[key]

    def survey_frame(self, exclude: tuple = (), params: tuple = ()) -> pd.DataFrame:
        """The survey answers without the respondents flagged by the rules in ``exclude``."""
        if self.survey is None:
            return pd.DataFrame()
        if not exclude:
            return self.survey.frame
        key = ("survey_frame", tuple(exclude), tuple(params))
        if key not in self._cache:
            keep = ~self.survey_quality(params).mask(exclude)
            self._cache[key] = self.survey.frame[keep].reset_index(drop=True)
        return self._cache[key]

    def exclusion_log(self, exclude: tuple = (), params: tuple = ()) -> dict:
        """How many respondents and answers ``exclude`` leaves out, in total and by rule (a respondent
        flagged by two rules counts under each, once in the total)."""
        q = self.survey_quality(params)
        items = [c for c in self.survey.frame.columns if c in self.framework.item_scales]
        answered = self.survey.frame[items].notna().sum(axis=1).to_numpy()
        out = q.mask(exclude)
        return {"step": "survey_quality", "exclude": list(exclude), "params": q.params,
                "respondents": int(len(out)), "respondents_excluded": int(out.sum()),
                "answers_excluded": int(answered[out].sum()),
                "by_rule": {r: {"respondents": int(q.flags[r].sum()),
                                "answers": int(answered[q.flags[r].to_numpy()].sum())} for r in exclude},
                "flagged": q.counts()}

    def survey_tables(self, group_weights: str = "equal", exclude: tuple = (), params: tuple = ()):
        """:func:`metrics.survey.aggregate_survey` of the answers ``exclude`` keeps, once per setting.

        With every respondent kept, from the survey's per-cell sums when it carries them for this
        framework (:attr:`SurveyData.cells`, kept by a saved version): the same tables to the bit
        (``tests/unit/test_survey_cells.py``) without reading a million answers.
        """
        key = ("survey", group_weights, tuple(exclude), tuple(params))
        if key not in self._cache:
            sv = self.survey
            if sv is None:
                self._cache[key] = (pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
            elif not exclude and sv.cells is not None and sv.cells.framework == self.framework.fingerprint():
                self._cache[key] = aggregate_cells(sv.cells, self.framework, group_weights)
            else:
                self._cache[key] = aggregate_survey(self.survey_frame(exclude, params), self.framework, group_weights)
        return self._cache[key]

    def raw(self, group_weights: str = "equal", exclude: tuple = (), params: tuple = ()) -> pd.DataFrame:
        """Indicator values of every (region, year): statistics joined with survey indicators (survey
        respondents flagged by the quality rules in ``exclude`` left out)."""
        key = ("raw", group_weights, tuple(exclude), tuple(params))
        if key not in self._cache:
            parts = []
            if self.indicators is not None:
                parts.append(self.indicators.values)
            sv = self.survey_tables(group_weights, exclude, params)[0]
            if len(sv):
                parts.append(sv)
            raw = pd.concat(parts, axis=1) if len(parts) > 1 else parts[0].copy()
            raw = raw.reindex(columns=self.framework.indicators)
            raw.index = raw.index.set_names(["region", "year"])
            self._cache[key] = raw.sort_index()
        return self._cache[key]

    @property
    def has_year(self) -> bool:
        return bool((self.indicators is not None and self.indicators.has_year) or
                    (self.survey is not None and self.survey.has_year))

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over the framework, the indicator data, the survey answers and the regions."""
        h = hashlib.sha256(self.framework.fingerprint().encode())
        if self.indicators is not None:
            h.update(fingerprint_frame(self.indicators.values).encode())
        if self.survey is not None:
            h.update(fingerprint_frame(self.survey.frame).encode())
            if self.survey.meta is not None and len(self.survey.meta.columns):
                h.update(fingerprint_frame(self.survey.meta.astype(str)).encode())
        if self.regions is not None:
            h.update(fingerprint_frame(self.regions.table.astype(str)).encode())
        return h.hexdigest()

    def region_name(self, code: str, lang: str = "zh") -> str:
        if self.regions is not None and code in self.regions.table.index:
            return self.regions.name(code, lang)
        if self.indicators is not None and code in self.indicators.names.index:
            v = self.indicators.names.get(code)
            if isinstance(v, str) and v:
                return v
        return str(code)

    def region_groups(self, column: str = "group") -> pd.Series:
        """Region -> group label (region table's ``group`` or a data ``*_group`` column)."""
        if column == "group" and self.regions is not None and "group" in self.regions.table:
            g = self.regions.table["group"]
            return g[g.astype(str) != ""]
        if self.indicators is not None and column in self.indicators.groups.columns:
            return self.indicators.groups[column]
        return pd.Series(dtype=object)


# --------------------------------------------------------------------------- assessment
@dataclass
class Assessment:
    """Every stage of one assessment.  Build it with :func:`assess`.

    Attributes
    ----------
    dataset, spec, framework
    raw, imputed, treated, normalised : DataFrame
        Index ``(region, year)``, one column per indicator.
    imputed_mask : DataFrame of bool
    treatment : DataFrame
        One row per treated indicator.
    weights : Series
        Every node's weight normalised among its siblings.
    indicator_weights : Series
        Overall weight of every indicator (sums to 1).
    scores : DataFrame
        Index ``(region, year)``, one column per aggregate node (every level).
    coverage : DataFrame
        Share (0..1) of each aggregate's indicator weight that had data.
    respondents : DataFrame
        Survey respondents behind each survey indicator value.
    log : list of dict
        One entry per step with its parameters.
    """

    dataset: Dataset
    spec: Spec
    framework: Framework
    raw: pd.DataFrame
    imputed: pd.DataFrame
    imputed_mask: pd.DataFrame
    treated: pd.DataFrame
    treatment: pd.DataFrame
    normalised: pd.DataFrame
    weights: pd.Series
    indicator_weights: pd.Series
    scores: pd.DataFrame
    coverage: pd.DataFrame
    respondents: pd.DataFrame
    log: list

    @property
    def root(self) -> str:
        return self.framework.root

    @property
    def survey_frame(self) -> pd.DataFrame:
        """The survey answers the scores rest on: without the respondents the spec excludes."""
        return self.dataset.survey_frame(self.spec.survey_exclude, self.spec.survey_quality)

    @property
    def fingerprint(self) -> str:
        return self.dataset.fingerprint

    @cached_property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.scores.index.get_level_values("year").unique())

    @property
    def has_year(self) -> bool:
        return self.dataset.has_year

    @property
    def latest_year(self) -> int:
        return self.years[-1]

    @cached_property
    def derived(self) -> dict:
        """Tables the diagnostics derive from this assessment, kept for its lifetime (it never changes once
        built): e.g. a year's obstacle degrees, which one region's profile reads three times and every
        region of the year shares.  Filled by :mod:`metrics.diagnostics`; read only through it."""
        return {}

    @cached_property
    def all_scores(self) -> pd.DataFrame:
        """Normalised indicators and aggregate scores side by side."""
        return pd.concat([self.normalised, self.scores], axis=1)

    def node_scores(self, node: str | None = None, year: int | None = None) -> pd.Series:
        """Scores of one node (default the top) for one year, indexed by region."""
        node = node or self.root
        s = self.all_scores[node]
        if year is None:
            year = self.latest_year
        return s.xs(year, level="year")

    def ranks(self, node: str | None = None) -> pd.Series:
        """Ranks within each year (1 is best; ties share the better rank; missing scores unranked)."""
        s = self.all_scores[node or self.root]
        return s.groupby(level="year").rank(ascending=False, method="min", na_option="keep")

    def levels(self, node: str | None = None) -> pd.Series:
        """Maturity level 1..5 of each (region, year) by the spec's method."""
        s = self.all_scores[node or self.root]
        if self.spec.maturity == "kmeans":
            return kmeans_levels(s, seed=self.spec.seed)
        lo, hi = self.display_range()
        scaled = (s - lo) / (hi - lo) * 100.0 if (lo, hi) != (0.0, 100.0) else s
        return band_levels(scaled, self.spec.bands)

    def scale_bounds(self) -> tuple[float, float, str]:
        """Bottom and top of the scale the aggregate scores are on, and the rule that gave them.

        One fixed pair for every year and node, so a score's position on the scale,
        ``(s - lo) / (hi - lo)``, means the same in any year (used by the coupling-coordination
        degree, :func:`metrics.diagnostics.synergy`):

        * ``"scale"``: min-max, goalposts and rank with a scale: the spec's ``[l, u]``
          (default ``[0, 100]``); TOPSIS: its closeness ``[0, 100]``.  A score at ``l`` is at
          the bottom: worst of the pooled data on every indicator (min-max), at or below every
          lower goalpost (goalposts), lowest rank (rank).
        * ``"zscore_3sd"``: z-scores ``(m, s)`` have no bounds; ``m - 3 s .. m + 3 s`` is used
          (three standard deviations either side of the mean, which holds 99.7% of a normal
          distribution).  The mean maps to 0.5; scores beyond ±3 SD are clipped by the caller.
        * ``"rank_n"``: raw ranks ``1..n`` (rank normalisation without a scale): ``n`` is the
          largest number of values ranked for one indicator (pooled: all region-years; by year:
          the largest year), so the worst value maps to 0 and the best of a complete
          indicator to 1.
        """
        spec = self.spec
        if spec.aggregate == "topsis":
            return 0.0, 100.0, "scale"
        sc = spec.scale or methods.default_scale(spec.normalize)
        if spec.normalize == "zscore":
            m, sd = float(sc[0]), float(sc[1])
            return m - 3.0 * abs(sd), m + 3.0 * abs(sd), "zscore_3sd"
        if sc is not None:
            return float(sc[0]), float(sc[1]), "scale"
        x = self.normalised[self.framework.indicators]
        if spec.by_year:
            n = x.notna().groupby(level="year").sum().max().max()
        else:
            n = x.notna().sum().max()
        return 1.0, float(max(int(n), 2)), "rank_n"

    @property
    def display_range_fixed(self) -> bool:
        """Whether :meth:`display_range` is a fixed scale (the spec's for min-max, goalposts and ranks onto
        a scale; ``[0, 100]`` for TOPSIS) rather than the observed range of the index (z-scores, raw ranks
        1…n), which another dataset or year would change."""
        spec = self.spec
        return spec.aggregate == "topsis" or spec.normalize in ("minmax", "goalposts") or (
            spec.normalize == "rank" and bool(spec.scale or methods.default_scale("rank")))

    def display_range(self) -> tuple[float, float]:
        """The range the scores are shown on: the spec's scale (min-max, goalposts, ranks onto a scale),
        ``[0, 100]`` for TOPSIS, else (z-scores, raw ranks) the observed range of the index
        (:attr:`display_range_fixed` tells which)."""
        if self.spec.aggregate == "topsis":
            return 0.0, 100.0
        if self.display_range_fixed:
            sc = self.spec.scale or methods.default_scale(self.spec.normalize)
            return float(sc[0]), float(sc[1])
        # z-scores and raw ranks: observed range
        v = self.scores[self.root]
        return float(v.min()), float(v.max()) if v.max() > v.min() else float(v.min()) + 1.0

    def regenerate(self, **changes) -> "Assessment":
        """The same data assessed with some spec settings changed."""
        return assess(self.dataset, self.spec.replace(**changes))

    def results(self, lang: str = "zh", year: int | None = None, names: bool = True) -> pd.DataFrame:
        """One row per region (and year): region, name, year, every aggregate, rank of the top node.

        Columns of aggregates are named by node code, from the lowest level up
        to the top; ``rank`` is the rank of the top node within its year.
        """
        df = self.scores.copy()
        df["rank"] = self.ranks()
        if year is not None:
            df = df.xs(year, level="year", drop_level=False)
        df = df.reset_index()
        if names:
            df.insert(1, "name", [self.dataset.region_name(r, lang) for r in df["region"]])
        if not self.has_year:
            df = df.drop(columns="year")
        df["rank"] = df["rank"].astype("Int64")
        sort = ["year", "rank"] if self.has_year else ["rank"]
        return df.sort_values(sort, kind="stable").reset_index(drop=True)

    def provenance(self) -> dict:
        """The spec, fingerprints and step log: what an export must carry."""
        return {"spec": self.spec.to_dict(), "data_fingerprint": self.fingerprint,
                "framework_fingerprint": self.framework.fingerprint(), "framework": self.framework.name,
                "synthetic": self.dataset.synthetic, "log": self.log}


def _node_weights(ds: Dataset, fw: Framework, spec: Spec, data: pd.DataFrame, log: list) -> pd.Series:
    """Raw (un-normalised) weight of every node among its siblings."""
    t = fw.table
    w = t["weight"].astype(float).copy()
    directions = t.loc[fw.indicators, "direction"]
    if spec.weights == "equal":
        w[:] = 1.0
    elif spec.weights in ("entropy", "critic", "pca"):
        extra = {}
        if spec.weights == "pca":
            iw = wts.pca_weights(data[fw.indicators], directions, retain=spec.pca_retain,
                                 threshold=spec.pca_threshold, kaiser=spec.pca_kaiser)
            extra = {"retain": spec.pca_retain, "threshold": iw.attrs["threshold"], "kaiser": spec.pca_kaiser,
                     "factors": iw.attrs["factors"], "variance_explained": iw.attrs["variance_explained"]}
        else:
            fn = {"entropy": wts.entropy_weights, "critic": wts.critic_weights}[spec.weights]
            iw = fn(data[fw.indicators], directions)
        w[fw.indicators] = iw
        for a in fw.aggregates:
            w[a] = iw[fw.leaves_of[a]].sum()
        log.append({"step": "weights", "method": spec.weights, **extra,
                    "indicator_weights": iw.round(6).to_dict()})
    elif spec.weights == "ahp":
        if not spec.ahp:
            raise ValueError("AHP 权重需要判断矩阵 / AHP weights need pairwise judgements (ahp=...)")
        mats = wts.ahp_matrices_from_long(pd.DataFrame(list(spec.ahp), columns=["parent", "a", "b", "value"]))
        report = {}
        for parent, m in mats.items():
            if parent not in fw.children:
                raise ValueError(f"AHP：框架中没有节点“{parent}” / AHP: '{parent}' is not a node of the framework")
            kids = set(fw.children[parent])
            if set(m.index) != kids:
                raise ValueError(
                    f"AHP：“{parent}”的判断矩阵必须恰好包含其全部下级 {sorted(kids)} / "
                    f"AHP: the matrix of '{parent}' must cover exactly its children {sorted(kids)}")
            res = wts.ahp_weights(m)
            for k, v in res.weights.items():
                w[k] = v
            report[parent] = {"cr": round(res.cr, 6), "lambda_max": round(res.lambda_max, 6)}
        log.append({"step": "weights", "method": "ahp", "consistency": report})
    for code, v in spec.weight_overrides:
        if code not in w.index:
            raise ValueError(f"unknown node in weight_overrides: {code!r}")
        if v < 0:
            raise ValueError("weights cannot be negative / 权重不能为负数")
        w[code] = v
    # a parent whose children all weigh 0 falls back to equal weights
    par = t["parent"].fillna("__root__")
    sums = w.groupby(par).transform("sum")
    w[sums <= 0] = 1.0
    return w


def aggregate_tree(fw: Framework, normalised: pd.DataFrame, sibling: pd.Series, indicator_weights: pd.Series,
                   method: str = "arithmetic", by: np.ndarray | None = None,
                   topsis_input: pd.DataFrame | None = None) -> pd.DataFrame:
    """Aggregate normalised indicators to every aggregate node, lowest level first.

    ``sibling`` holds each node's weight normalised among its siblings (used by
    the arithmetic and geometric means, level by level); ``indicator_weights``
    the overall indicator weights (used by TOPSIS over each node's indicators,
    with the ideal points taken over all rows, or within each value of ``by``
    when given).  ``topsis_input`` replaces ``normalised`` as TOPSIS's input
    (vector normalisation, :func:`topsis_matrix`).
    """
    scores: dict[str, np.ndarray] = {}
    source = topsis_input if (method == "topsis" and topsis_input is not None) else normalised
    values = {c: source[c].to_numpy(dtype=float) for c in fw.indicators}
    labels = [f"{r}/{y}" for r, y in normalised.index]
    for a in fw.aggregates:
        kids = fw.children[a]
        if method == "topsis":
            leaves = fw.leaves_of[a]
            x = np.column_stack([values[c] for c in leaves])
            w = indicator_weights[leaves].to_numpy(dtype=float)
            if by is None:
                s = agg.topsis(x, w) * 100.0
            else:
                s = np.full(len(x), np.nan)
                for y in np.unique(by):
                    m = by == y
                    s[m] = agg.topsis(x[m], w) * 100.0
        else:
            x = np.column_stack([values[c] for c in kids])
            w = sibling[kids].to_numpy(dtype=float)
            s = agg.weighted_geometric(x, w, labels, kids) if method == "geometric" else agg.weighted_mean(x, w)
        scores[a] = s
        values[a] = s
    return pd.DataFrame(scores, index=normalised.index)[fw.aggregates]


def topsis_matrix(fw: Framework, spec: Spec, normalised: pd.DataFrame, treated: pd.DataFrame,
                  by: np.ndarray | None = None) -> pd.DataFrame:
    """The indicators TOPSIS runs on: ``normalised`` (``topsis_norm="spec"``) or the vector-normalised
    ``treated`` data with direction applied (``"vector"``, pooled or within each value of ``by``)."""
    if spec.topsis_norm != "vector":
        return normalised[fw.indicators]
    meta = fw.table.loc[fw.indicators]
    return agg.vector_normalise(treated[fw.indicators], meta["direction"], by=by)


def assess(dataset: Dataset, spec: Spec | None = None) -> Assessment:
    """Compute every stage of the index for ``dataset`` with ``spec``.

    Examples
    --------
    >>> a = assess(Dataset.sample())
    >>> a.scores.columns[-1]
    'INDEX'
    >>> bool(a.scores["INDEX"].between(0, 100).all())
    True
    """
    spec = spec or Spec()
    fw = dataset.framework
    log: list = [{"step": "spec", **spec.to_dict()}]
    survey_opts = (spec.survey_exclude, spec.survey_quality) if dataset.survey is not None else ((), ())
    if survey_opts[0]:
        log.append(dataset.exclusion_log(*survey_opts))
    raw = dataset.raw(spec.group_weights, *survey_opts)
    inds = fw.indicators
    meta = fw.table.loc[inds]
    years = raw.index.get_level_values("year").to_numpy()
    multi_year = len(np.unique(years)) > 1
    # impute
    groups = None
    if spec.impute.startswith("group"):
        col = spec.impute_group or "group"
        gmap = dataset.region_groups(col)
        if gmap.empty:
            raise ValueError(f"分组插补需要分组列“{col}” / group imputation needs the group column '{col}'")
        groups = raw.index.get_level_values("region").map(gmap).to_numpy()
    imputed, mask = impute(raw, spec.impute, groups=groups, by=years if multi_year else None)
    log.append({"step": "impute", "method": spec.impute, "group": spec.impute_group,
                "cells_imputed": int(mask.values.sum()), "cells_missing_after": int(imputed.isna().values.sum())})
    treated, treat_log = treat_outliers(imputed, spec.treat, by=years if multi_year else None)
    log.append({"step": "treat", "method": spec.treat, "indicators_treated": int(len(treat_log))})
    by = years if (spec.by_year and multi_year) else None
    normalised = norm.normalize(treated, spec.normalize, meta, spec.scale, by=by)
    log.append({"step": "normalize", "method": spec.normalize, "scale": spec.scale, "by_year": spec.by_year})
    raw_w = _node_weights(dataset, fw, spec, treated, log)
    par = fw.table["parent"].fillna("__root__")
    sib = raw_w / raw_w.groupby(par).transform("sum")
    iw = fw.global_weights(sib)
    iw = iw / iw.sum()
    tin = topsis_matrix(fw, spec, normalised, treated, by) if spec.aggregate == "topsis" else None
    score_df = aggregate_tree(fw, normalised, sib, iw, spec.aggregate, by, topsis_input=tin)
    # coverage: share of each aggregate's overall indicator weight that has data
    have = normalised[inds].notna().to_numpy(dtype=float)
    member = np.zeros((len(inds), len(fw.aggregates)))
    pos = {c: i for i, c in enumerate(inds)}
    for j, a in enumerate(fw.aggregates):
        for c in fw.leaves_of[a]:
            member[pos[c], j] = iw[c]
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (have @ member) / member.sum(axis=0)
    coverage = pd.DataFrame(cov, index=normalised.index, columns=fw.aggregates)
    log.append({"step": "aggregate", "method": spec.aggregate,
                **({"topsis_norm": spec.topsis_norm} if spec.aggregate == "topsis" else {})})
    counts = dataset.survey_tables(spec.group_weights, *survey_opts)[1]
    return Assessment(dataset, spec, fw, raw, imputed, mask, treated, treat_log, normalised, sib, iw,
                      score_df, coverage, counts, log)
