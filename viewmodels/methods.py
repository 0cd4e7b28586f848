"""The Methods page as plain data: how the scores are computed, the active weights, the choice of methods
and what-if weights, survey scale checks and uncertainty analysis (issue 12: one pure model per view).

Each tab has its own builder, so the page builds a tab's model only when the tab is open (lazy tabs,
issue 11), and an export can render the same tables and figures.  Everything here is pure: it reads an
:class:`~metrics.Assessment`, a :class:`~metrics.Spec`, the user's choices and the language, and returns
frozen dataclasses of DataFrames, Plotly figures (built with :mod:`charts`) and texts from :mod:`texts`.

User text (node and region names, messages quoting them) is inserted into Markdown texts through the
``escape`` argument: the page passes its Markdown escaper (:func:`ui.i18n.md`), an export that writes
plain text passes :class:`str`.  The method lists, names and formulas come from the method registry
(:mod:`metrics.methods`), as COINr chooses a method by name through one specification.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import charts
from metrics import Spec
from metrics import methods
from metrics.assessment import pca_option_text
from metrics.diagnostics import item_names
from metrics.framework import GROUP_NAMES
from metrics.reliability import ALPHA_THRESHOLD, kmo_label
from metrics.uncertainty import FACTOR_NAMES
from metrics.weights import (RETAIN_DEFAULTS, ConsistencyError, ahp_matrices_from_long, ahp_weights, fraction,
                             retention_threshold)
from texts import t

NORMALIZE, WEIGHTS, AGGREGATE, TREAT = (methods.keys(k) for k in ("normalize", "weights", "aggregate", "treat"))
#: the page offers group imputation by mean (the region groups); group medians are for the command line
IMPUTE = tuple(k for k in methods.keys("impute") if k != "group-median")
SAATY = ["9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9"]
#: the widget of each method kind (keys of the page's session state)
WIDGETS = {"normalize": "mt_normalize", "weights": "mt_weights", "aggregate": "mt_aggregate",
           "impute": "mt_impute", "treat": "mt_treat"}
PCA_RULES = ("eigenvalue", "variance", "count")
TOPSIS_INPUTS = ("spec", "vector")
UNC_ALL, UNC_END = 40, 15   # more regions than UNC_ALL: the rank-interval chart shows the UNC_END best and worst

#: each method's formula, from the method registry (metrics.methods)
LATEX_NORM, LATEX_WEIGHTS, LATEX_AGG = ({k: m.formula for k, m in methods.REGISTRY[kind].items()}
                                        for kind in ("normalize", "weights", "aggregate"))
LATEX_OVERALL = r"\omega_j = \prod_{a \in \mathrm{path}(j)} w_a,\qquad \sum_j \omega_j = 1"
LATEX_SURVEY = (r"s_{r} = 100\cdot\frac{1}{\lvert G \rvert}\sum_{g \in G} \bar{v}_{r,g},\qquad "
                r"v = \frac{x - 1}{k - 1} \in [0, 1]")
LATEX_COUPLING = (r"C = \frac{n\left(\prod_{i} U_i\right)^{1/n}}{\sum_{i} U_i},\qquad T = \sum_i a_i U_i,"
                  r"\qquad D = \sqrt{C\,T}")
LATEX_OBSTACLE = r"O_{ij} = \frac{\omega_j\left(1 - x_{ij}\right)}{\sum_k \omega_k\left(1 - x_{ik}\right)}"

#: the symbols under each aggregation's formula (the geometric mean's are the arithmetic mean's)
AGG_SYMBOLS = {"arithmetic": "mt_agg_arithmetic_symbols", "geometric": "mt_agg_arithmetic_symbols",
               "topsis": "mt_agg_topsis_symbols"}


@dataclass(frozen=True)
class Source:
    """What a chart's note names: the dataset (as users see its name), the year, the spec and the language."""

    label: str
    year: int
    spec: Spec
    lang: str
    years: tuple[int, ...]

    def note(self) -> str:
        """The one-line source note (data · year · method), as every page shows it."""
        return t("source_note", self.lang, dataset=self.label, year=self.year, method=self.spec.describe(self.lang))

    def lines(self, all_years: bool = False) -> list[str]:
        """The source note split in two lines (data · year / method), for half-width charts."""
        years = f"{self.years[0]}–{self.years[-1]}" if all_years and len(self.years) > 1 else str(self.year)
        return [t("data_years_note", self.lang, dataset=self.label, years=years),
                t("method_note", self.lang, method=self.spec.describe(self.lang))]


def pick_msg(msg: str, lang: str) -> str:
    """The ``lang`` half of a bilingual ``"中文 / English"`` or two-line message from metrics.

    >>> pick_msg("权重无效 / invalid weights", "en"), pick_msg("一行\\nline", "zh")
    ('invalid weights', '一行')
    """
    for sep in ("\n", " / "):
        if sep in msg:
            zh, rest = msg.split(sep, 1)
            return rest.strip() if lang == "en" else zh.strip()
    return msg


def method_label(kind: str, code: str, lang: str) -> str:
    """A method's name in a selector (group imputation says it imputes by group)."""
    return methods.name(kind, code, lang) + (t("mt_by_group", lang) if (kind, code) == ("impute", "group-mean")
                                             else "")


# ====================================================================== how it is computed
@dataclass(frozen=True)
class Step:
    """One numbered step of the pipeline: its title, paragraphs (Markdown), formulas and symbols' note."""

    number: int
    title: str
    body: tuple[str, ...]
    latex: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class HowModel:
    """The "how it is computed" tab: the steps of the active spec, the diagnostics' formulas, conventions,
    and the formulas of the methods not chosen as (name, LaTeX)."""

    intro: str
    steps: tuple[Step, ...]
    cards: tuple[tuple[str, str, str], ...]
    conventions: str
    others: tuple[tuple[str, str], ...]


def _normalize_step(n: int, spec: Spec, lang: str) -> Step:
    """The normalisation step, its formula written with the spec's own scale (COINr's l, u or m, s)."""
    sc = spec.scale or methods.default_scale(spec.normalize)
    if spec.normalize == "zscore":
        text = t("mt_norm_zscore", lang, m=f"{sc[0]:g}", s=f"{sc[1]:g}")
        latex = LATEX_NORM["zscore"].replace("m +", f"{sc[0]:g} +").replace(r"s\,", f"{sc[1]:g}\\cdot")
    elif spec.normalize == "rank":
        text = t("mt_norm_rank", lang) + (" " + t("mt_norm_rank_scale", lang, l=f"{sc[0]:g}", u=f"{sc[1]:g}")
                                          if sc else "")
        latex = LATEX_NORM["rank"]
    else:
        text = t(f"mt_norm_{spec.normalize}", lang, l=f"{sc[0]:g}", u=f"{sc[1]:g}")
        latex = LATEX_NORM[spec.normalize].replace("l +", f"{sc[0]:g} +").replace(
            "(u - l)", f"({sc[1]:g} - {sc[0]:g})")
    return Step(n, t("mt_sel_normalize", lang) + " · " + methods.name("normalize", spec.normalize, lang),
                (text, t("mt_norm_by_year" if spec.by_year else "mt_norm_pooled", lang)), (latex,),
                t("mt_norm_symbols", lang))


def _weights_step(n: int, a, spec: Spec, lang: str, escape: Callable[[str], str]) -> Step:
    """The weighting step: the method, any what-if overrides, the PCA factors kept, the overall weights."""
    fw, log = a.framework, {e["step"]: e for e in a.log}
    body = [t(f"mt_weights_{spec.weights}", lang)]
    if spec.weight_overrides:
        names = [f"{fw.name_of(k, lang)} = {v:g}" for k, v in spec.weight_overrides]
        body.append(t("mt_weights_overrides", lang, nodes=escape((", " if lang == "en" else "、").join(names))))
    if spec.weights == "pca" and "factors" in log.get("weights", {}):
        body.append(t("mt_weights_pca_active", lang, rule=pca_option_text(spec, lang), k=log["weights"]["factors"],
                      var=f"{log['weights']['variance_explained']:.1%}"))
    body.append(t("mt_weights_overall", lang))
    return Step(n, t("mt_sel_weights", lang) + " · " + methods.name("weights", spec.weights, lang), tuple(body),
                (LATEX_WEIGHTS[spec.weights], LATEX_OVERALL), t(f"mt_weights_{spec.weights}_symbols", lang))


def how(a, spec: Spec, lang: str, has_survey: bool, escape: Callable[[str], str] = str) -> HowModel:
    """The pipeline of ``spec`` on ``a`` in words and formulas (COINr's order: survey, impute, treat,
    normalise, weight, aggregate), with the counts the assessment's log recorded."""
    log = {e["step"]: e for e in a.log}
    if has_survey:
        gw = "mt_survey_equal" if spec.group_weights == "equal" else "mt_survey_size"
        survey = Step(1, t("mt_step_survey", lang), (t("mt_survey_text", lang), t(gw, lang)), (LATEX_SURVEY,),
                      t("mt_survey_symbols", lang))
    else:
        survey = Step(1, t("mt_step_survey", lang), (t("mt_survey_none", lang),))
    imp, tr = log.get("impute", {}), log.get("treat", {})
    imp_text = t("mt_impute_none", lang) if spec.impute == "none" else t(
        "mt_impute_text", lang, method=methods.name("impute", spec.impute, lang), cells=imp.get("cells_imputed", 0))
    impute = Step(2, t("mt_sel_impute", lang),
                  (imp_text, t("mt_impute_missing", lang, cells=imp.get("cells_missing_after", 0))))
    treat = Step(3, t("mt_sel_treat", lang), (t("mt_treat_none", lang) if spec.treat == "none" else
                                               t("mt_treat_text", lang, k=tr.get("indicators_treated", 0)),))
    agg_body = [t(f"mt_agg_{spec.aggregate}", lang)]
    if spec.aggregate == "topsis" and spec.topsis_norm == "vector":
        agg_body.append(t("mt_agg_topsis_vector", lang))
    aggregate = Step(6, t("mt_sel_aggregate", lang) + " · " + methods.name("aggregate", spec.aggregate, lang),
                     tuple(agg_body), (LATEX_AGG[spec.aggregate],), t(AGG_SYMBOLS[spec.aggregate], lang))
    others = tuple((methods.name(kind, code, lang), tex)
                   for kind, table in (("normalize", LATEX_NORM), ("weights", LATEX_WEIGHTS), ("aggregate", LATEX_AGG))
                   for code, tex in table.items() if code != getattr(spec, kind))
    return HowModel(
        intro=t("mt_how_intro", lang, method=escape(spec.describe(lang))),
        steps=(survey, impute, treat, _normalize_step(4, spec, lang), _weights_step(5, a, spec, lang, escape),
               aggregate),
        cards=((t("mt_coupling_title", lang), t("mt_coupling_text", lang), LATEX_COUPLING),
               (t("mt_obstacle_title", lang), t("mt_obstacle_text", lang), LATEX_OBSTACLE)),
        conventions="\n".join("- " + t(k, lang) for k in ("mt_conv_source", "mt_conv_sd", "mt_conv_missing",
                                                          "mt_conv_ties", "mt_conv_direction", "mt_conv_provenance")),
        others=others)


# ====================================================================== active weights
@dataclass(frozen=True)
class WeightsModel:
    """The active weights: one row per node (within its siblings and overall, in percent), the sunburst of
    the overall weights, and the assessment's provenance (fingerprints, spec, log)."""

    intro: str
    rows: pd.DataFrame       # level, code, name, parent, within, overall, overall_exact
    table: pd.DataFrame      # the rows as shown, columns named in the language
    figure: object
    provenance: dict


def weight_rows(a, lang: str) -> pd.DataFrame:
    """Every node under the root, depth first: its weight within its siblings and its overall weight
    (the product of the weights on its path, COINr's effective weights), in percent."""
    fw, rows = a.framework, []

    def walk(code: str, depth: int):
        is_ind = fw.table.at[code, "type"] == "Indicator"
        overall = float(a.indicator_weights[code]) if is_ind else float(
            a.indicator_weights.reindex(fw.leaves_of[code]).sum())
        level = "col_indicator" if is_ind else "col_dimension" if depth == 1 \
            else "col_subdim" if depth == 2 else "mt_level_aggregate"
        rows.append({"level": t(level, lang), "code": code, "name": fw.name_of(code, lang),
                     "parent": fw.name_of(fw.table.at[code, "parent"], lang),
                     "within": round(100 * float(a.weights[code]), 2), "overall": round(100 * overall, 2),
                     "overall_exact": overall})
        for kid in fw.children[code]:
            walk(kid, depth + 1)

    for d in fw.children[a.root]:
        walk(d, 1)
    return pd.DataFrame(rows)


def weights(a, src: Source, escape: Callable[[str], str] = str) -> WeightsModel:
    """The active-weights tab of ``a`` (its spec is ``src.spec``)."""
    lang, fw = src.lang, a.framework
    wt = weight_rows(a, lang)
    names = {"level": t("col_levelno", lang), "code": t("col_code", lang), "name": t("col_name", lang),
             "parent": t("col_parent", lang), "within": t("mt_col_within", lang),
             "overall": t("col_overall_w", lang)}
    table = wt[["level", "name", "within", "overall", "parent", "code"]].rename(columns=names)
    ids = list(wt["code"])
    parents = [fw.table.at[c, "parent"] if fw.table.at[c, "parent"] != a.root else "" for c in ids]
    fig = charts.weights_sunburst(ids, list(wt["name"]), parents, list(wt["overall_exact"]),
                                  t("mt_sunburst_title", lang), src.note())
    fig = charts.title_lines(fig, t("mt_sunburst_title", lang), src.lines())
    return WeightsModel(t("mt_weights_intro", lang, method=escape(methods.name("weights", src.spec.weights, lang))),
                        wt, table, fig, a.provenance())


# ====================================================================== choose methods: widgets <-> spec
def slider_nodes(a) -> list[str]:
    """Nodes with a what-if slider: the dimensions, then the sub-dimensions."""
    fw = a.framework
    dims = list(fw.children[a.root])
    return dims + [c for d in dims for c in fw.children[d] if fw.table.at[c, "type"] == "Aggregate"]


def raw_weight(s: Spec, a, code: str) -> float:
    """A node's raw weight among its siblings under ``s`` (what the slider starts at).

    Overrides and framework weights are raw weights already; equal weights are 1; data-driven
    weights (entropy, CRITIC, PCA, AHP) are shown as the sibling share times the number of siblings,
    so that siblings average 1 (scaling raw weights among siblings changes nothing).
    """
    fw, over = a.framework, dict(s.weight_overrides)
    if code in over:
        v = over[code]
    elif s.weights == "framework":
        v = float(fw.table.at[code, "weight"])
    elif s.weights == "equal":
        v = 1.0
    else:
        v = float(a.weights[code]) * len(fw.children[fw.table.at[code, "parent"]])
    return float(min(3.0, max(0.0, round(v, 1))))


def pca_threshold_value(s: Spec) -> float:
    """The threshold of ``s``'s factor-retention rule as the page shows it (the rule's default when unset)."""
    if s.pca_retain == "count" and s.pca_threshold is None:
        return 2.0
    return retention_threshold(s.pca_retain, s.pca_threshold)


def widget_values(spec: Spec, a) -> dict:
    """The values of the page's method widgets (session-state keys) that mirror ``spec`` on ``a``."""
    imp = spec.impute if spec.impute in IMPUTE else "group-mean" if spec.impute.startswith("group") else "none"
    out = {"mt_normalize": spec.normalize, "mt_weights": spec.weights, "mt_aggregate": spec.aggregate,
           "mt_impute": imp, "mt_treat": spec.treat, "mt_pca_retain": spec.pca_retain,
           f"mt_pca_threshold_{spec.pca_retain}": pca_threshold_value(spec), "mt_pca_kaiser": spec.pca_kaiser,
           "mt_topsis_norm": spec.topsis_norm,
           "mt_pca_kept": next((e.get("factors") for e in a.log if e.get("step") == "weights"), None)}
    out.update({f"mt_w_{c}": raw_weight(spec, a, c) for c in slider_nodes(a)})
    return out


def default_ahp(fw, parent: str) -> tuple:
    """Equal pairwise judgements (all 1) between the children of ``parent``."""
    kids = fw.children[parent]
    return tuple((parent, x, y, 1.0) for i, x in enumerate(kids) for y in kids[i + 1:])


def method_spec(base: Spec, fw, root: str, nm: str, w: str, ag: str, imp: str, tr: str) -> tuple[Spec, str | None]:
    """The spec with the chosen methods, and the key of a note to show (or ``None``).

    The geometric mean needs positive scores: it takes the scale 1–100 and refuses z-scores (min-max
    instead, said by ``mt_geo_zscore``); a new weighting method drops the what-if overrides, AHP starts
    from equal judgements.
    """
    note = None
    if ag == "geometric":
        if nm == "zscore":
            nm, note = "minmax", "mt_geo_zscore"
        scale = (1.0, 100.0)
    elif nm == base.normalize and base.aggregate != "geometric":
        scale = base.scale
    else:
        scale = None
    new = base.replace(
        normalize=nm, scale=scale, weights=w, aggregate=ag, treat=tr,
        impute=imp, impute_group="group" if imp.startswith("group") else None,
        weight_overrides=base.weight_overrides if w == base.weights else (),
        ahp=(base.ahp or default_ahp(fw, root)) if w == "ahp" else ())
    return new, note


def options_spec(base: Spec, retain: str, threshold: float | None, kaiser: bool, topsis_norm: str,
                 kept: int | None) -> Spec:
    """The spec with PCA's factor-retention rule and threshold, Kaiser normalisation and TOPSIS's input.

    A new rule starts from its default (for ``count``: the factors kept now); a threshold equal to the
    rule's default is stored as unset.
    """
    if retain != base.pca_retain:
        threshold = float(kept or 2) if retain == "count" else None
    else:
        threshold = float(pca_threshold_value(base) if threshold is None else threshold)
        if threshold == RETAIN_DEFAULTS[retain]:
            threshold = None
    return base.replace(pca_retain=retain, pca_threshold=threshold, pca_kaiser=bool(kaiser), topsis_norm=topsis_norm)


def pca_limits(rule: str, n_indicators: int) -> tuple[float, float, float, str]:
    """(min, max, step, format) of the threshold input of a factor-retention rule."""
    return {"eigenvalue": (0.0, 10.0, 0.1, "%.1f"), "variance": (0.05, 1.0, 0.05, "%.2f"),
            "count": (1.0, float(n_indicators), 1.0, "%.0f")}[rule]


def saaty_label(v: float) -> str:
    """The Saaty-scale label nearest to ``v``.

    >>> saaty_label(3.2), saaty_label(0.3)
    ('3', '1/3')
    """
    return min(SAATY, key=lambda s: abs(np.log(fraction(s)) - np.log(v)))


@dataclass(frozen=True)
class AhpModel:
    """The pairwise judgements between the dimensions, as the editor shows them."""

    rows: tuple[tuple[str, str, str], ...]   # (node a, node b, Saaty label)
    table: pd.DataFrame
    editor_key: str


def ahp_model(a, spec: Spec, lang: str) -> AhpModel:
    """The spec's judgements between the root's children (1 where none is given)."""
    fw, root = a.framework, a.root
    dims = list(fw.children[root])
    current = {(x, y): v for p, x, y, v in spec.ahp if p == root}
    pairs = [(x, y) for i, x in enumerate(dims) for y in dims[i + 1:]]
    rows = tuple((x, y, saaty_label(current.get((x, y), 1 / current[(y, x)] if (y, x) in current else 1.0)))
                 for x, y in pairs)
    table = pd.DataFrame({t("mt_ahp_a", lang): [fw.name_of(x, lang) for x, _, _ in rows],
                          t("mt_ahp_b", lang): [fw.name_of(y, lang) for _, y, _ in rows],
                          "value": [v for _, _, v in rows]})
    return AhpModel(rows, table, "mt_ahp_" + str(abs(hash(rows)) % 10 ** 8))


def ahp_judgements(root: str, rows: Sequence[tuple[str, str, str]], values: Sequence[str]) -> tuple:
    """The spec's ``ahp`` judgements from the editor's rows and their (edited) Saaty labels."""
    return tuple((root, x, y, fraction(v)) for (x, y, _), v in zip(rows, values))


def ahp_spec(base: Spec, a, judgements: tuple) -> Spec | None:
    """The spec with these AHP judgements (dropping what-if overrides of the root's children), or ``None``
    if they are not consistent enough (CR ≥ 0.10)."""
    long = pd.DataFrame(list(judgements), columns=["parent", "a", "b", "value"])
    try:
        ahp_weights(ahp_matrices_from_long(long)[a.root])
    except ValueError:
        return None
    keep = tuple((k, v) for k, v in base.weight_overrides if k not in a.framework.children[a.root])
    return base.replace(weights="ahp", ahp=judgements, weight_overrides=keep)


def ahp_check(a, judgements: tuple, lang: str) -> tuple[pd.DataFrame, bool, str]:
    """The pairwise matrix (named, rounded), whether it is consistent and what to say about it."""
    fw, root = a.framework, a.root
    m = ahp_matrices_from_long(pd.DataFrame(list(judgements), columns=["parent", "a", "b", "value"]))[root]
    mat = m.copy()
    mat.index = [fw.name_of(k, lang) for k in m.index]
    mat.columns = [fw.name_of(k, lang) for k in m.columns]
    try:
        res = ahp_weights(m)
    except ConsistencyError as exc:
        return mat.round(3), False, pick_msg(str(exc), lang)
    return mat.round(3), True, t("mt_ahp_ok", lang, cr=f"{res.cr:.3f}", lam=f"{res.lambda_max:.3f}",
                                 ri=f"{res.ri:.2f}")


# ====================================================================== what-if: ranks against the default
@dataclass(frozen=True)
class CompareModel:
    """Ranks and index of the active spec against the default method, most moved first."""

    heading: str
    table: pd.DataFrame       # indexed by region code (hidden): a search finds codes
    moved: str
    max_change: str
    rho: str
    caption: str


def comparison(a, base_a, year: int, spec: Spec, lang: str, name_of: Callable[[str], str],
               escape: Callable[[str], str] = str) -> CompareModel:
    """The regions' ranks and index in ``year`` under ``base_a`` (the default method) and ``a`` (``spec``),
    sorted by the size of the change (then the current rank), with Spearman's rho between the rankings."""
    root = a.root
    r0 = base_a.ranks().xs(year, level="year")
    r1 = a.ranks().xs(year, level="year").reindex(r0.index)
    s0 = base_a.node_scores(root, year).reindex(r0.index)
    s1 = a.node_scores(root, year).reindex(r0.index)
    change_col = t("mt_col_rank_change", lang)
    table = pd.DataFrame(index=r0.index, data={
        t("col_region", lang): [name_of(r) for r in r0.index],
        t("mt_col_rank_default", lang): r0.astype("Int64").to_numpy(),
        t("mt_col_rank_current", lang): r1.astype("Int64").to_numpy(),
        change_col: (r0 - r1).astype("Int64").to_numpy(),
        t("mt_col_index_default", lang): s0.round(1).to_numpy(),
        t("mt_col_index_current", lang): s1.round(1).to_numpy(),
    })
    change = table[change_col].astype("Float64")
    table = table.assign(_abs=change.abs()).sort_values(["_abs", t("mt_col_rank_current", lang)],
                                                        ascending=[False, True], na_position="last")
    moved = int((change.fillna(0) != 0).sum())
    rho = r0.astype(float).corr(r1.astype(float), method="spearman") if moved else 1.0
    return CompareModel(
        heading=t("mt_cmp_heading", lang, year=year), table=table.drop(columns="_abs"),
        moved=t("mt_cmp_moved_v", lang, n=moved, total=len(table)),
        max_change=f"{int(change.abs().max()) if change.notna().any() else 0}", rho=f"{rho:.3f}",
        caption=escape(t("mt_cmp_caption", lang, method=spec.describe(lang))))


# ====================================================================== survey scale checks
@dataclass(frozen=True)
class Check:
    """One table of scale checks, how many of its rows are below the threshold, and what to say about it."""

    table: pd.DataFrame
    n_low: int
    summary: str


@dataclass(frozen=True)
class ScaleModel:
    """Cronbach's alpha per sub-dimension (table, chart, item statistics) and KMO/Bartlett per group;
    ``alpha`` or ``kmo`` is ``None`` when the survey has no such check."""

    alpha: Check | None
    alpha_figure: object
    items: tuple[tuple[str, str, pd.DataFrame], ...]   # (sub-dimension code, heading, item table)
    kmo: Check | None


def _alpha_check(a, alpha: pd.DataFrame, lang: str) -> Check:
    fw = a.framework
    table = pd.DataFrame({
        t("col_subdim", lang): [fw.name_of(s, lang) for s in alpha["subdim"]],
        t("col_code", lang): list(alpha["subdim"]),
        t("mt_col_items", lang): alpha["items"].astype(int).to_numpy(),
        t("mt_col_n", lang): alpha["n"].astype(int).to_numpy(),
        t("mt_col_alpha", lang): alpha["alpha"].astype(float).round(3).to_numpy(),
        t("mt_col_status", lang): [t("mt_alpha_low" if lo else "mt_alpha_ok", lang) for lo in alpha["low"]],
    })
    n_low = int(alpha["low"].sum())
    return Check(table, n_low, t("mt_alpha_summary_low", lang, n=n_low, total=len(alpha)) if n_low
                 else t("mt_alpha_summary_ok", lang, total=len(alpha)))


def _item_tables(a, reports: dict, lang: str, escape: Callable[[str], str]) -> tuple:
    """Per sub-dimension: its items' statements, means, SDs, item-total r and alpha if deleted."""
    stmt, out = item_names(a, lang), []
    for sd, rep in reports.items():
        heading = f"**{escape(a.framework.name_of(sd, lang))}** · α = {rep.attrs['alpha']:.3f}"
        out.append((sd, heading, pd.DataFrame({
            t("col_statement", lang): [stmt.get(i, i) for i in rep.index],
            t("col_mean", lang): rep["mean"].round(3).to_numpy(),
            t("mt_col_sd", lang): rep["sd"].round(3).to_numpy(),
            t("mt_col_itr", lang): rep["item_total_r"].round(3).to_numpy(),
            t("mt_col_aid", lang): rep["alpha_if_deleted"].round(3).to_numpy(),
            t("mt_col_raises", lang): ["⚠ " + t("answer_yes", lang) if v else "—" for v in rep["raises_alpha"]],
        })))
    return tuple(out)


def _kmo_check(kmo: pd.DataFrame, lang: str) -> Check:
    en = lang == "en"

    def group(g: str) -> str:
        return t("mt_group_all", lang) if g == "all" else GROUP_NAMES.get(g, (g, g))[en]

    table = pd.DataFrame({
        t("mt_col_group", lang): [group(g) for g in kmo["group"]],
        t("mt_col_items", lang): kmo["items"].astype(int).to_numpy(),
        t("mt_col_n", lang): kmo["n"].astype(int).to_numpy(),
        t("mt_col_kmo", lang): kmo["kmo"].astype(float).round(3).to_numpy(),
        t("mt_col_kaiser", lang): [kmo_label(v)[en] for v in kmo["kmo"]],
        t("mt_col_chi2", lang): kmo["bartlett_chi2"].astype(float).round(1).to_numpy(),
        t("mt_col_dof", lang): kmo["bartlett_dof"].astype(int).to_numpy(),
        t("mt_col_p", lang): ["< 0.001" if p < 0.001 else f"{p:.3f}" for p in kmo["bartlett_p"]],
        t("mt_col_status", lang): [t("mt_kmo_low" if lo else "mt_kmo_ok", lang) for lo in kmo["low"]],
    })
    n_low = int(kmo["low"].sum())
    return Check(table, n_low, t("mt_kmo_summary_low", lang, n=n_low, total=len(kmo)) if n_low
                 else t("mt_kmo_summary_ok", lang, total=len(kmo)))


def scale(a, checks: dict, src: Source, escape: Callable[[str], str] = str) -> ScaleModel:
    """The scale checks of :func:`metrics.diagnostics.scale_checks` (``checks``) as tables and a chart."""
    lang = src.lang
    alpha_df, kmo_df = checks.get("alpha", pd.DataFrame()), checks.get("kmo", pd.DataFrame())
    alpha = None if alpha_df.empty else _alpha_check(a, alpha_df, lang)
    fig = None
    if alpha is not None:
        title = t("mt_alpha_chart_title", lang)
        fig = charts.threshold_bars(list(alpha.table[t("col_subdim", lang)]),
                                    list(alpha.table[t("mt_col_alpha", lang)]), ALPHA_THRESHOLD, title, src.note(),
                                    t("mt_alpha_axis", lang), t("mt_threshold", lang, v=f"{ALPHA_THRESHOLD:.1f}"),
                                    fmt="{:.3f}")
        fig = charts.title_lines(fig, title, src.lines(all_years=True)[:1])
    items = () if alpha is None else _item_tables(a, checks.get("alpha_items", {}), lang, escape)
    return ScaleModel(alpha, fig, items, None if kmo_df.empty else _kmo_check(kmo_df, lang))


# ====================================================================== uncertainty analysis
def unc_defaults(prev: dict, n_regions: int, spec: Spec) -> dict:
    """The uncertainty form's starting values (session-state keys): the last run's settings, else 500 runs
    (100 beyond 500 regions, to bound the time at county scale), seed 0, weight noise 0.25, min-max against
    z-scores and the active aggregation."""
    return {"mt_unc_runs": prev.get("runs", 500 if n_regions <= 500 else 100), "mt_unc_seed": prev.get("seed", 0),
            "mt_unc_noise": prev.get("weight_noise", 0.25),
            "mt_unc_norm": prev.get("normalize") or ["minmax", "zscore"],
            "mt_unc_agg": prev.get("aggregate") or [spec.aggregate], "mt_unc_imp": bool(prev.get("impute"))}


def unc_factor_count(noise: float, norm: Sequence[str], agg: Sequence[str], imp: bool) -> int:
    """How many uncertain factors these settings vary (weights, normalisation, aggregation, imputation)."""
    return int((noise > 0) + (len(norm) > 1) + (len(agg) > 1) + bool(imp))


def unc_settings(runs, seed, noise, norm, agg, imp: bool, spec: Spec, year: int) -> dict:
    """The settings of one uncertainty run (JSON-ready; imputation varies among none, mean and the spec's)."""
    return {"runs": int(runs), "seed": int(seed), "weight_noise": round(float(noise), 4), "normalize": list(norm),
            "aggregate": list(agg), "impute": sorted({"none", "mean", spec.impute}) if imp else [], "year": year}


@dataclass(frozen=True)
class UncModel:
    """One finished uncertainty analysis: key figures, the rank intervals (chart and table) and the
    sensitivity indices (``None`` when no factor varies)."""

    metrics: tuple[tuple[str, str], ...]    # (label key, value) of the key figures
    factors: str
    intervals: object
    intervals_note: str
    table: pd.DataFrame
    sensitivity: object | None
    sensitivity_table: pd.DataFrame | None


def _intervals(rk: pd.DataFrame, names: list[str], sub: str, lang: str):
    """The rank-interval chart; beyond UNC_ALL regions only the UNC_END best and worst (the table has all)."""
    pick, title = np.arange(len(rk)), t("mt_unc_chart_title", lang)
    if len(rk) > UNC_ALL:
        order = np.argsort(rk["nominal_rank"].to_numpy(dtype=float), kind="stable")
        pick = np.concatenate([order[:UNC_END], order[-UNC_END:]])
        title = t("mt_unc_chart_title_few", lang, n=UNC_END, total=len(rk))
    r = rk.iloc[pick]
    nm = [names[i] for i in pick]
    fig = charts.rank_intervals(nm, r["nominal_rank"].tolist(), r["median_rank"].tolist(), r["p05_rank"].tolist(),
                                r["p95_rank"].tolist(), title, sub, t("mt_unc_axis", lang),
                                (t("mt_unc_nominal", lang), t("mt_unc_median", lang)))
    fig.update_layout(height=max(420, 30 * len(nm) + 200), yaxis=dict(tickfont=dict(size=14)),
                      legend=dict(y=-0.06, font=dict(size=14)))
    return fig


def uncertainty_view(res, settings: dict, src: Source, name_of: Callable[[str], str]) -> UncModel:
    """An :func:`metrics.uncertainty.uncertainty` result ``res`` run with ``settings``, ready to show."""
    lang, en = src.lang, src.lang == "en"
    rk, seed = res.ranks, settings["seed"]
    names = [name_of(r) for r in rk.index]
    sub = src.note() + " · " + t("mt_unc_sub", lang, runs=res.runs, seed=seed)
    table = pd.DataFrame(index=rk.index, data={
        t("col_region", lang): names,
        t("mt_col_nominal", lang): rk["nominal_rank"].astype("Int64").to_numpy(),
        t("mt_col_median", lang): rk["median_rank"].round(1).to_numpy(),
        t("mt_col_p05", lang): rk["p05_rank"].round(1).to_numpy(),
        t("mt_col_p95", lang): rk["p95_rank"].round(1).to_numpy(),
        t("mt_col_width", lang): (rk["p95_rank"] - rk["p05_rank"]).round(1).to_numpy(),
    }).sort_values(t("mt_col_nominal", lang), kind="stable")
    note = t("mt_unc_chart_note", lang, seed=seed) + (" " + t("mt_unc_chart_few", lang, n=UNC_END)
                                                      if len(rk) > UNC_ALL else "")
    fig = stab = None
    summ = res.summary
    if summ is not None and not summ.empty:
        cats = [FACTOR_NAMES.get(f, (f, f))[en] for f in summ["factor"]]
        s_, st_ = summ["S"].round(3), summ["ST"].round(3)
        fig = charts.grouped_bar(cats, {t("mt_unc_S", lang): s_.tolist(), t("mt_unc_ST", lang): st_.tolist()},
                                 t("mt_unc_sens_title", lang), sub, t("mt_unc_sens_axis", lang))
        fig.update_layout(height=460)
        fig = charts.title_lines(fig, t("mt_unc_sens_title", lang),
                                 src.lines() + [t("mt_unc_sub", lang, runs=res.runs, seed=seed)])
        stab = pd.DataFrame({t("mt_col_factor", lang): cats, t("mt_unc_S", lang): s_.to_numpy(),
                             t("mt_unc_ST", lang): st_.to_numpy()})
    return UncModel(
        metrics=(("mt_unc_band", f"{res.mean_band:.2f}"), ("mt_unc_runs", f"{res.runs}"),
                 ("mt_unc_evals", f"{res.evaluations}"), ("mt_unc_factors", f"{len(res.factors)}")),
        factors=" · ".join(FACTOR_NAMES[f][en] for f in res.factors) or "—",
        intervals=_intervals(rk, names, sub, lang), intervals_note=note, table=table, sensitivity=fig,
        sensitivity_table=stab)
