"""What a report contains: one place that decides, for every format.

:func:`build_content` turns an :class:`~metrics.assessment.Assessment`, a year,
the regions in focus and a language into a :class:`ReportContent`: titles,
the method in words, the ranking table, one :class:`RegionReport` per region
in focus (scores, rank, maturity level, coupling band, gaps, obstacles,
measures), the comparison, the methods annex and the provenance (spec,
fingerprints, synthetic flag).  The deck, the PDF and the workbook only lay
this out; every number comes from :mod:`metrics` and every label from
:mod:`export.i18n`.  A region in focus is read from the same
:class:`metrics.diagnostics.RegionProfile` as the Region profile page
(:mod:`viewmodels.profile`), and the comparison is the Compare view
model's :func:`viewmodels.compare.focus_table`, so the deck and the
dashboard cannot disagree.

>>> from metrics import Dataset, assess
>>> c = build_content(assess(Dataset.sample()), regions=["110000"], lang="en")
>>> c.regions[0].name, c.synthetic_label
('Beijing', 'Synthetic demo data')
"""
from __future__ import annotations

import datetime as _dt
import json
import platform
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import metrics
from metrics import diagnostics as dg
from metrics import methods
from metrics.assessment import Assessment
from metrics.levels import LEVEL_NAMES, level_name
from metrics.safe import to_json_text
from metrics.diagnostics import paper_sections
from metrics.synergy import BANDS, band_of

from viewmodels.compare import focus_table

from .errors import ExportError
from .i18n import both, check_lang, t

__version__ = "0.1.0"

#: How many regions a report shows when none are chosen (the top of the ranking).
DEFAULT_REGIONS = 3
#: Obstacles listed per region; sub-dimensions with measures per region.
TOP_OBSTACLES = 5
TOP_MEASURES = 3


def fmt_num(v, nd: int = 1) -> str:
    """``78.448 -> '78.4'``; missing values as ``—``."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "—"
    return "—" if not np.isfinite(f) else f"{f:.{nd}f}"


def fmt_int(v) -> str:
    """``9 -> '9'``; missing (None, NaN, pd.NA) as ``—``."""
    try:
        return "—" if v is None or pd.isna(v) else str(int(v))
    except (TypeError, ValueError):
        return "—"


def fmt_date(when: _dt.datetime, lang: str) -> str:
    if lang == "zh":
        return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    return f"{when.day} {when:%B} {when.year}, {when:%H:%M}"


@dataclass
class RegionReport:
    """One region in focus."""

    code: str
    name: str
    rank: int | None
    of: int
    level: int | None
    level_name: str
    index: float
    coverage: float
    scores: pd.Series                  # every aggregate of the year
    dims: pd.DataFrame                 # index: dimension code; name, score, mean, gap
    subdims: pd.DataFrame              # index: sub-dimension code; name, score, mean, gap
    synergy: dict                      # C, T, D, band, band_name
    obstacles: pd.DataFrame            # top sub-dimensions: name, pct, score
    obstacles_ind: pd.DataFrame        # top indicators: name, pct, score
    measures: list                     # [{subdim, name, pct, score, measures: [{priority, text, source}]}]
    strong: bool
    strengths: list
    weaknesses: list
    key_line: str
    notes: str
    path: dict | None = None           # path to target (cheapest plan): see :func:`path_report`


@dataclass
class ReportContent:
    """Everything a deck, a PDF or a workbook shows, in one language."""

    assessment: Assessment
    lang: str
    year: int
    year_text: str
    years_text: str
    title: str
    subtitle: str
    dataset_label: str
    synthetic: bool
    synthetic_label: str
    synthetic_note: str
    generated_at: _dt.datetime
    date_text: str
    method_intro: str
    method_lines: list                 # [(label, value)]
    method_text: str                   # spec.describe(lang)
    root: str
    dims: list
    subdims: list
    names: dict                        # node code -> name in lang
    ranking: pd.DataFrame              # rank, code, name, index, <dims>, level, level_name, D, band
    ranking_labels: dict               # column -> label
    mean_scores: pd.Series
    mean_synergy: dict
    chosen: list
    regions: list                      # [RegionReport]
    comparison: pd.DataFrame           # chosen regions and the mean
    trend: pd.DataFrame                # index: year; columns: region names
    tiles: pd.DataFrame | None         # code, row, col, label, hover, value
    ranking_summary: list              # sentences
    annex: list                        # [(heading, paragraph)]
    weights_table: pd.DataFrame
    provenance: dict
    provenance_lines: list             # [(label, value)]
    sources: list
    spec_json: str
    footer: str
    extra: dict = field(default_factory=dict)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)


# --------------------------------------------------------------------------- helpers
def dataset_label(a: Assessment, lang: str) -> str:
    label = a.dataset.label
    if label == "sample":
        return t("dataset_sample", lang)
    return label or t("dataset_unnamed", lang)


def resolve_year(a: Assessment, year) -> int:
    if year is None:
        return a.latest_year
    try:
        y = int(year)
    except (TypeError, ValueError):
        y = None
    if y not in a.years:
        raise ExportError(both("err_year", year=year, years=", ".join(str(v) for v in a.years)))
    return y


def resolve_regions(a: Assessment, regions, year: int) -> list[str]:
    """Region codes in focus: codes or names (Chinese or English) as given; ``None`` = top of the ranking."""
    present = a.scores.xs(year, level="year")[a.root].dropna()
    if regions is None:
        r = a.ranks().xs(year, level="year").dropna().sort_values(kind="stable")
        return [str(c) for c in r.index[:DEFAULT_REGIONS]]
    if isinstance(regions, str):
        regions = [p for p in regions.replace("，", ",").split(",")]
    lookup: dict[str, str] = {}
    ds = a.dataset
    if ds.regions is not None:
        lookup.update(ds.regions.lookup())
    for c in present.index:
        lookup.setdefault(str(c), str(c))
        for lang in ("zh", "en"):
            n = ds.region_name(c, lang)
            lookup.setdefault(n, str(c))
            lookup.setdefault(n.lower(), str(c))
    out: list[str] = []
    for r in regions:
        key = str(r).strip()
        if not key:
            continue
        code = lookup.get(key) or lookup.get(key.lower())
        if code is None or code not in present.index:
            raise ExportError(both("err_region", region=key, year=year))
        if code not in out:
            out.append(code)
    return out


def _year_text(a: Assessment, year: int, lang: str) -> str:
    return t("year_fmt", lang, year=year) if a.has_year else t("no_year", lang)


def _years_text(a: Assessment, lang: str) -> str:
    if not a.has_year:
        return t("no_year", lang)
    ys = a.years
    if len(ys) == 1:
        return t("year_fmt", lang, year=ys[0])
    return t("years_fmt", lang, start=ys[0], end=ys[-1])


def structure(a: Assessment) -> tuple[list[str], list[str]]:
    """Dimensions (children of the top node) and sub-dimensions (level 2, or the dimensions in a flat framework)."""
    fw = a.framework
    dims = list(fw.children[a.root])
    subs = fw.level_codes(2) if fw.max_level >= 3 else dims
    return dims, list(subs)


def _bands_text(edges, lang: str) -> str:
    e = [fmt_num(x, 0) for x in edges]
    names = [level_name(k, lang) for k in range(1, len(e) + 2)]
    parts = []
    for i, n in enumerate(names):
        if i == 0:
            parts.append(f"{n} < {e[0]}")
        elif i == len(names) - 1:
            parts.append(f"{n} ≥ {e[-1]}")
        else:
            parts.append(f"{n} {e[i - 1]}–{e[i]}")
    return ("；" if lang == "zh" else "; ").join(parts)


def _software() -> str:
    import plotly
    return (f"metrics {metrics.__version__} · export {__version__} · Python {platform.python_version()} · "
            f"pandas {pd.__version__} · plotly {plotly.__version__}")


# --------------------------------------------------------------------------- method
def method_lines(a: Assessment, lang: str) -> list[tuple[str, str]]:
    spec = a.spec
    fw = a.framework
    en = lang == "en"
    dims, subs = structure(a)
    inds = fw.indicators
    n_srv = len(fw.survey_indicators)
    regions = a.scores.index.get_level_values("region").nunique()
    data = t("m_data_val", lang, regions=regions, years=_years_text(a, lang))
    if a.dataset.survey is not None:
        data += t("m_survey_val", lang, n=len(a.dataset.survey.frame))
    norm = methods.name("normalize", spec.normalize, lang)
    norm += ("（" if not en else " (") + t("by_year" if spec.by_year else "pooled", lang) + ("）" if not en else ")")
    weights = methods.name("weights", spec.weights, lang)
    if spec.weight_overrides:
        weights += " + " + t("custom_weights", lang)
    lines = [
        (t("m_framework", lang), t("m_framework_val", lang, dims=len(dims), subs=len(subs), inds=len(inds),
                                    stat=len(inds) - n_srv, srv=n_srv)),
        (t("m_data", lang), data),
        (t("mt_sel_normalize", lang), norm),
        (t("mt_sel_weights", lang), weights),
        (t("mt_sel_aggregate", lang), methods.name("aggregate", spec.aggregate, lang)),
        (t("mt_sel_impute", lang), methods.name("impute", spec.impute, lang)),
        (t("mt_sel_treat", lang), methods.name("treat", spec.treat, lang)),
        (t("m_maturity", lang), t("m_maturity_bands", lang, bands=_bands_text(spec.bands, lang))
         if spec.maturity == "bands" else t("m_maturity_kmeans", lang, seed=spec.seed)),
        (t("m_synergy", lang), t("m_synergy_val", lang)),
        (t("m_obstacle", lang), t("m_obstacle_val", lang)),
        (t("m_measures", lang), t("m_measures_val", lang)),
    ]
    return lines


def annex(a: Assessment, lang: str) -> list[tuple[str, str]]:
    spec = a.spec
    sc = spec.scale or methods.default_scale(spec.normalize) or (0.0, 100.0)
    pooled = t("by_year" if spec.by_year else "pooled", lang)
    lo, hi = (fmt_num(sc[0], 0), fmt_num(sc[1], 0)) if sc else ("0", "100")
    key = {"minmax": "f_minmax", "zscore": "f_zscore", "rank": "f_rank", "goalposts": "f_goalposts"}[spec.normalize]
    f_norm = t(key, lang, lo=lo, hi=hi, m=lo, sd=hi, pooled=pooled)
    f_w = t(f"f_w_{spec.weights}", lang)
    if spec.weight_overrides:
        f_w += " " + t("f_w_overrides", lang, items=", ".join(f"{k} = {v:g}" for k, v in spec.weight_overrides))
    f_agg = t(f"f_{spec.aggregate}", lang)
    imputed = int(a.imputed_mask.values.sum()) if a.imputed_mask is not None else 0
    imp = (t("f_impute_none", lang) if spec.impute == "none" else
           t("f_impute", lang, method=methods.name("impute", spec.impute, lang), n=imputed))
    levels = (t("f_levels_bands", lang, bands=_bands_text(spec.bands, lang)) if spec.maturity == "bands"
              else t("f_levels_kmeans", lang))
    sep = "、" if lang == "zh" else ", "
    bands = sep.join(f"{b[2] if lang == 'zh' else b[3].lower()} [{b[0]:.1f}, {b[1]:.1f})" for b in BANDS)
    return [
        (t("mt_sel_normalize", lang), f_norm),
        (t("mt_sel_weights", lang), f_w),
        (t("mt_sel_aggregate", lang), f_agg),
        (t("annex_missing", lang), t("f_missing", lang, impute=imp)),
        (t("m_maturity", lang), levels),
        (t("annex_synergy", lang), t("f_synergy", lang, bands=bands)),
        (t("annex_obstacle", lang), t("f_obstacle", lang)),
        (t("annex_gaps", lang), t("f_gaps", lang)),
    ]


def weights_table(a: Assessment, lang: str) -> pd.DataFrame:
    """Every node: code, name, parent, level, weight among siblings, overall weight (top node = 1)."""
    fw = a.framework
    iw = a.indicator_weights
    order: list[str] = []

    def walk(c):
        order.append(c)
        for k in fw.children.get(c, []):
            walk(k)

    walk(a.root)
    order += [c for c in fw.table.index if c not in order]
    rows = []
    for code in order:
        tp = fw.table.at[code, "type"]
        if tp not in ("Indicator", "Aggregate"):
            continue
        overall = float(iw[fw.leaves_of[code]].sum()) if tp == "Aggregate" else float(iw.get(code, np.nan))
        par = fw.table.at[code, "parent"]
        rows.append({"code": str(code), "name": fw.name_of(code, lang),
                     "parent": "" if not isinstance(par, str) else par,
                     "level": int(fw.table.at[code, "level"]),
                     "sibling_weight": float(a.weights.get(code, np.nan)), "overall_weight": overall})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- build
def path_report(plan, names: dict, root: str, lang: str) -> dict:
    """A :class:`metrics.target.TargetPlan` as the texts and rows a deck or a report lays out, in ``lang``."""
    from metrics.target import PLAN_NAMES
    en = lang == "en"
    b, a_ = plan.before, plan.after
    scores = [(names.get(root, t("col_index", lang)), b.index, a_.index)]
    scores += [(names.get(d, d), b.dimensions[d], a_.dimensions[d]) for d in b.dimensions]
    subdims = []
    for it in plan.measures:
        first = it["measures"][0] if it["measures"] else None
        subdims.append({"name": it["name_en" if en else "name_zh"], "points": it["points"],
                        "measure": first["text_en" if en else "text_zh"] if first else "",
                        "source": str(first["source"]) if first else ""})
    re_line = ""
    if plan.reassessed is not None and plan.changes:
        re_line = t("path_reassessed", lang, index=fmt_num(plan.reassessed.index, 2),
                    reached=t("path_met" if plan.reassessed_reached else "path_missed", lang))
    return {"target": plan.target_label(lang), "plan": PLAN_NAMES[plan.plan][en], "reached": plan.reached,
            "already": plan.already, "summary": plan.summary(lang), "note": plan.note(lang), "reassessed": re_line,
            "scores": scores, "rows": plan.rows(lang), "subdims": subdims, "limits": plan.limits(lang),
            "method": plan.method_en if en else plan.method_zh}


def build_content(a: Assessment, year: int | None = None, regions=None, lang: str = "zh",
                  now: _dt.datetime | None = None, target: str | None = "level:next") -> ReportContent:
    """Decide what a report on ``a`` contains.

    Parameters
    ----------
    a : Assessment
    year : int, optional
        The year reported (default: the latest).
    regions : list of str, optional
        Regions in focus: codes or names.  ``None`` = the top
        :data:`DEFAULT_REGIONS` of the ranking; ``[]`` = none.
    lang : {"zh", "en"}
    now : datetime, optional
        Time of generation (default: now, local time).
    target : str, optional
        The path-to-target of each region in focus (:mod:`metrics.target`, cheapest plan, re-assessed):
        ``level:next`` by default; ``None`` = no path.

    Raises
    ------
    ExportError
        Unknown year, region or language (message in Chinese and English).
    """
    lang = check_lang(lang)
    year = resolve_year(a, year)
    chosen = resolve_regions(a, regions, year)
    now = now or _dt.datetime.now().astimezone()
    fw, ds, root = a.framework, a.dataset, a.root
    dims, subs = structure(a)
    names = {c: fw.name_of(c, lang) for c in fw.table.index}
    year_text = _year_text(a, year, lang)
    label = dataset_label(a, lang)
    yt = year_table(a, year, lang, names)
    lib = dg.load_measures()
    reports = [region_report(a, code, year, lang, measures=lib, names=names) for code in chosen]
    if target and reports:
        _add_paths(a, reports, year, target, lib, names, lang)
    trend = pd.DataFrame({yt.rname.get(c, ds.region_name(c, lang)): a.scores[root].xs(c, level="region")
                          for c in chosen})
    if len(trend):
        trend.index = trend.index.astype(int)
    prov, prov_lines, sources, spec_json = _provenance(a, year, year_text, label, reports, chosen, now, lang)
    chosen_names = ", ".join(r.name for r in reports) if reports else t("none", lang)
    subtitle = " · ".join([label, year_text, t("cover_regions", lang, n=len(yt.present), chosen=chosen_names)])
    return ReportContent(
        assessment=a, lang=lang, year=year, year_text=year_text, years_text=_years_text(a, lang),
        title=t("report_title", lang), subtitle=subtitle, dataset_label=label, synthetic=bool(ds.synthetic),
        synthetic_label=t("synthetic_label", lang), synthetic_note=t("synthetic_note", lang), generated_at=now,
        date_text=fmt_date(now, lang), method_intro=t("method_intro", lang), method_lines=method_lines(a, lang),
        method_text=a.spec.describe(lang), root=root, dims=dims, subdims=subs, names=names, ranking=yt.ranking,
        ranking_labels=yt.labels, mean_scores=yt.mean, mean_synergy=yt.mean_synergy, chosen=chosen, regions=reports,
        comparison=focus_table(a, chosen, year, lang), trend=trend,
        tiles=_tiles(a, yt), ranking_summary=_summary(yt, lang), annex=annex(a, lang),
        weights_table=weights_table(a, lang), provenance=prov, provenance_lines=prov_lines, sources=sources,
        spec_json=spec_json,
        footer=t("footer", lang, app=t("app_title", lang), dataset=label, year=year_text)
        + (f" · {t('synthetic_label', lang)}" if ds.synthetic else ""),
    )


@dataclass(frozen=True)
class YearTable:
    """The year's ranking of every region with an index, its labels, and the means of the year."""

    scores: pd.DataFrame               # every node's score of the regions present
    present: pd.Index                  # regions with an index in the year
    rname: dict                        # region code -> name in the language
    synergy: pd.DataFrame | None       # C, T, D, band of the regions present; None with fewer than 2 dimensions
    ranking: pd.DataFrame              # rank, code, name, index, <dims>, level, level_name, D, band
    labels: dict                       # column -> label
    mean: pd.Series
    mean_synergy: dict


def year_table(a: Assessment, year: int, lang: str, names: dict) -> YearTable:
    """Every region with an index in ``year``, best first, with its level and coordination band."""
    en, root, ds = lang == "en", a.root, a.dataset
    dims, _ = structure(a)
    s = a.all_scores.xs(year, level="year")
    present = s[root].dropna().index
    s = s.loc[present]
    ranks = a.ranks().xs(year, level="year").reindex(present)
    levels = a.levels().xs(year, level="year").reindex(present)
    syn = dg.synergy(a, year=year).xs(year, level="year").reindex(present) if len(dims) >= 2 else None
    band_col = "band_en" if en else "band_zh"
    rname = {c: ds.region_name(c, lang) for c in present}
    ranking = pd.DataFrame({
        "rank": ranks.astype("Int64"), "code": [str(c) for c in present],
        "name": [rname[c] for c in present], "index": s[root],
    }, index=present)
    for d in dims:
        ranking[d] = s[d]
    ranking["level"] = levels.astype("Int64")
    ranking["level_name"] = [level_name(v, lang) if pd.notna(v) else "—" for v in levels]
    ranking["D"] = syn["D"] if syn is not None else np.nan
    ranking["band"] = syn[band_col].fillna("—") if syn is not None else "—"
    ranking = ranking.sort_values(["rank", "code"], kind="stable").reset_index(drop=True)
    labels = {"rank": t("col_rank", lang), "code": t("col_code", lang), "name": t("col_region", lang),
              "index": names.get(root, t("col_index", lang)), **{d: names[d] for d in dims},
              "level": t("col_level", lang), "level_name": t("col_level", lang),
              "D": t("col_D", lang), "band": t("col_band", lang)}
    mean_syn = {"C": np.nan, "T": np.nan, "D": np.nan, "band": None, "band_name": "—"}
    if syn is not None and syn["D"].notna().any():
        d_mean = float(syn["D"].mean())
        b = int(band_of(d_mean))
        mean_syn = {"C": float(syn["C"].mean()), "T": float(syn["T"].mean()), "D": d_mean, "band": b,
                    "band_name": BANDS[b - 1][3 if en else 2]}
    return YearTable(s, present, rname, syn, ranking, labels, s.mean(), mean_syn)


def region_report(a: Assessment, code: str, year: int, lang: str, measures: pd.DataFrame | None = None,
                  names: dict | None = None, core: dg.RegionProfile | None = None) -> RegionReport:
    """One region in focus, from its :class:`~metrics.diagnostics.RegionProfile` against the mean of all
    regions: the same core the Region profile page shows, so the deck and the page agree.

    ``core`` may be given (it must be against the mean, with sub-dimensions at the level of
    :func:`structure`); ``measures`` is the library already read.
    """
    fw, root, en = a.framework, a.root, lang == "en"
    names = names or {c: fw.name_of(c, lang) for c in fw.table.index}
    dims, subs = structure(a)
    core = core or dg.region_profile(a, code, year, level=2 if fw.max_level >= 3 else 1, n_measures=TOP_MEASURES,
                                     n_indicators=TOP_OBSTACLES, measures=measures)
    g = core.gaps
    sc = g["score"].rename(code)

    def gap_frame(codes: list[str]) -> pd.DataFrame:
        return pd.DataFrame({"name": [names[c] for c in codes], "score": g.loc[codes, "score"].to_numpy(dtype=float),
                             "mean": g.loc[codes, "benchmark"].to_numpy(dtype=float),
                             "gap": g.loc[codes, "gap"].to_numpy(dtype=float)}, index=codes)

    def obstacle_frame(od: pd.DataFrame) -> pd.DataFrame:
        o = od.head(TOP_OBSTACLES)
        return pd.DataFrame({"name": [names.get(c, c) for c in o.index], "pct": o["obstacle"].to_numpy() * 100.0,
                             "score": o["score"].to_numpy(dtype=float)}, index=o.index)

    dim_df, sub_df = gap_frame(dims), gap_frame(subs)
    obst, obst_i = obstacle_frame(core.obstacles_subdim), obstacle_frame(core.obstacles_indicators)
    measures_l, strong = [], False
    if fw.max_level >= 3:
        rec = core.recommendation
        strong = rec.strong
        measures_l = [{"subdim": it["subdim"], "name": it["name_en" if en else "name_zh"], "pct": it["value"] * 100.0,
                       "score": it["score"],
                       "measures": [{"priority": int(m["priority"]), "text": m["text_en" if en else "text_zh"],
                                     "source": str(m["source"])} for m in it["measures"]]} for it in rec.items]
    sy = {"C": np.nan, "T": np.nan, "D": np.nan, "band": None, "band_name": "—"}
    if len(dims) >= 2 and core.synergy is not None and pd.notna(core.synergy["D"]):
        s_ = core.synergy
        sy = {"C": float(s_["C"]), "T": float(s_["T"]), "D": float(s_["D"]), "band": int(s_["band"]),
              "band_name": str(s_["band_en" if en else "band_zh"])}
    strong_l = [names[c] for c in core.strengths]
    weak = [names[c] for c in core.weaknesses]
    rank, lvl = core.rank, core.maturity_level
    nm = a.dataset.region_name(code, lang)
    key_line = t("key_figures", lang, score=fmt_num(sc[root]), rank=rank if rank else "—", of=core.of,
                 level=level_name(lvl, lang) if lvl else "—", D=fmt_num(sy["D"], 3), band=sy["band_name"])
    notes = _region_notes(lang, code, nm, _year_text(a, year, lang), key_line, dim_df, obst, measures_l, strong,
                          strong_l, weak)
    return RegionReport(code, nm, rank, core.of, lvl, level_name(lvl, lang) if lvl else "—", float(sc[root]),
                        float(core.coverage.get(root, np.nan)), sc, dim_df, sub_df, sy, obst, obst_i, measures_l,
                        strong, strong_l, weak, key_line, notes)


def _add_paths(a: Assessment, reports: list, year: int, target: str, lib: pd.DataFrame, names: dict,
               lang: str) -> None:
    """Each region's path to ``target`` (cheapest plan), or ``None`` where no plan can be made."""
    from metrics.target import TargetSolver
    solver = TargetSolver(a, measures=lib)
    for r in reports:
        try:
            r.path = path_report(solver.solve(r.code, year, target), names, a.root, lang)
        except ValueError:    # no index for the region, a benchmark it has no group for, ...
            r.path = None


def _tiles(a: Assessment, yt: YearTable) -> pd.DataFrame | None:
    """The tile map's cells (code, row, col, label, hover, value), when the region table places every region."""
    ds = a.dataset
    if ds.regions is None or not {"row", "col"} <= set(ds.regions.table.columns):
        return None
    rt = ds.regions.table.reindex(yt.present)
    if not rt[["row", "col"]].notna().any().all():
        return None
    tiles = pd.DataFrame({"code": [str(c) for c in yt.present], "row": rt["row"].to_numpy(dtype=float),
                          "col": rt["col"].to_numpy(dtype=float), "label": [yt.rname[c] for c in yt.present],
                          "value": yt.scores[a.root].to_numpy(dtype=float)})
    tiles["hover"] = [f"{n}: {fmt_num(v)}" for n, v in zip(tiles["label"], tiles["value"])]
    return tiles


def _summary(yt: YearTable, lang: str) -> list[str]:
    """The overview's sentences: top and bottom region, regions per maturity level and per coordination band."""
    rk = yt.ranking.dropna(subset=["index"])
    if not len(rk):
        return []
    top, bottom = rk.iloc[0], rk.iloc[-1]
    out = [t("ranking_summary", lang, top=top["name"], top_v=fmt_num(top["index"]), bottom=bottom["name"],
             bottom_v=fmt_num(bottom["index"]), mean=fmt_num(rk["index"].mean()))]
    sep = "，" if lang == "zh" else ", "
    lv_counts = rk["level"].value_counts()
    parts = [f"{level_name(k, lang)} {int(lv_counts.get(k, 0))}" for k in sorted(LEVEL_NAMES) if lv_counts.get(k, 0)]
    out.append(t("levels_count", lang, parts=sep.join(parts)))
    if yt.synergy is not None:
        bc = yt.synergy.reindex(yt.present)["band"].value_counts()
        parts = [f"{BANDS[k - 1][3 if lang == 'en' else 2]} {int(bc.get(k, 0))}" for k in range(10, 0, -1)
                 if bc.get(k, 0)]
        out.append(t("bands_count", lang, parts=sep.join(parts)))
    return out


def _provenance(a: Assessment, year: int, year_text: str, label: str, reports: list, chosen: list, now: _dt.datetime,
                lang: str) -> tuple[dict, list, list, str]:
    """Where the report comes from: the provenance dict, its lines (label, value), the sources, the spec."""
    ds = a.dataset
    prov = a.provenance()
    spec_json = json.dumps(prov["spec"], ensure_ascii=False, sort_keys=True)
    generated = now.isoformat(timespec="seconds")
    software = _software()
    sources = []
    if ds.indicators is not None:
        v = ds.indicators.values
        sources.append(t("p_src_indicators", lang, n=v.index.get_level_values(0).nunique(),
                         years=v.index.get_level_values(1).nunique(), cells=int(v.notna().values.sum())))
    if ds.survey is not None:
        sources.append(t("p_src_survey", lang, n=len(ds.survey.frame), items=len(getattr(ds.survey, "items", []) or [])))
    if ds.regions is not None:
        sources.append(t("p_src_regions", lang, n=len(ds.regions.table)))
    sources.append(t("p_src_paper", lang))
    yes_no = t("answer_yes" if ds.synthetic else "answer_no", lang)
    synth_value = f"{yes_no} · {t('synthetic_label', lang)}" if ds.synthetic else yes_no
    lines = [
        (t("dataset", lang), label),
        (t("p_synthetic", lang), synth_value),
        (t("p_year", lang), year_text),
        (t("sec_regions", lang), ", ".join(f"{r.name} ({r.code})" for r in reports) or t("none", lang)),
        (t("m_framework", lang), str(prov["framework"])),
        (t("p_fingerprint", lang), prov["data_fingerprint"]),
        (t("p_fw_fingerprint", lang), prov["framework_fingerprint"]),
        (t("p_spec", lang), spec_json),
        (t("p_generated", lang), generated),
        (t("p_software", lang), software),
    ]
    provenance = {**prov, "dataset": label, "year": year, "lang": lang, "regions": chosen,
                  "generated_at": generated, "software": software, "synthetic_label":
                  t("synthetic_label", lang) if ds.synthetic else ""}
    return provenance, lines, sources, spec_json


def _region_notes(lang, code, name, year_text, key_line, dims, obst, measures, strong, strengths, weaknesses) -> str:
    """Speaker notes for a region: every figure and every measure, as plain text."""
    sep = "，" if lang == "zh" else ", "
    colon = "：" if lang == "zh" else ": "
    lines = [t("notes_region", lang, name=name, code=code, year=year_text), key_line,
             sep.join(f"{r['name']} {fmt_num(r['score'])}" for _, r in dims.iterrows())]
    lines.append(t("strengths", lang) + colon + (sep.join(strengths) or t("none", lang)))
    lines.append(t("weaknesses", lang) + colon + (sep.join(weaknesses) or t("none", lang)))
    lines.append(t("obstacles", lang) + colon + sep.join(
        t("obstacle_item", lang, name=r["name"], value=fmt_num(r["pct"])) for _, r in obst.iterrows()))
    lines.append(t("pr_view_measures", lang) + colon)
    if strong:
        lines.append(t("strong_everywhere", lang))
    for it in measures:
        lines.append(t("measure_for", lang, name=it["name"], value=fmt_num(it["pct"])))
        for m in it["measures"]:
            lines.append(f"  {m['priority']}. " + t("measure_item", lang, text=m["text"], source=paper_sections(m["source"])))
    return "\n".join(lines)


def provenance_json(c: ReportContent) -> str:
    """The provenance (spec, fingerprints, log, synthetic flag, time, software) as JSON text."""
    return to_json_text(c.provenance)
