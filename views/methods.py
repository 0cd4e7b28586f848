"""Methods 方法: how the scores are computed for the active spec (in words and formulas), the active
weights, choosing methods and what-if weights (the result becomes the dashboard's custom method),
survey scale checks and uncertainty analysis with rank intervals.

Thin page: assessments come from :func:`ui.state.get_assessment` and diagnostics from
:func:`ui.state.diag` (cached, shared read-only); the uncertainty analysis is cached here with
a process-wide store keyed on the dataset key, the spec's JSON and the settings' JSON.

State.  The method widgets of this page mirror the active spec (``ctx.spec``): they are
(re)initialised from it whenever it changes (sidebar, URL, another page) and they change it only in
``on_change`` callbacks, which build the new spec, make it the custom spec
(:func:`ui.state.set_custom_spec`) and switch the sidebar's method selector (key ``method``) to
``custom`` before the script reruns.  Node and region names may come from uploads, so they reach
Markdown (widget labels included) only through :func:`ui.i18n.md`.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd
import streamlit as st

from metrics import Spec
from metrics import methods
from metrics.diagnostics import item_names
from metrics.framework import GROUP_NAMES
from metrics.reliability import ALPHA_THRESHOLD, kmo_label
from metrics.safe import to_json_text
from metrics.uncertainty import FACTOR_NAMES, evaluation_count, uncertainty
from metrics.weights import ConsistencyError, ahp_matrices_from_long, ahp_weights, fraction
from metrics import diagnostics
import charts
from ui.i18n import md, t
from ui.paging import paged_table, region_search_text
from ui.widgets import chart, downloads
from ui.state import PRESETS, Context, diag, get_assessment, get_dataset, set_custom_spec, spec_key
from ui.survey_import import survey_quality_choice

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
fw = a.framework
spec = ctx.spec
year = ctx.year
en = ctx.lang == "en"
root = a.root
dims = list(fw.children[root])
SS = st.session_state

NORMALIZE, WEIGHTS, AGGREGATE, TREAT = (methods.keys(k) for k in ("normalize", "weights", "aggregate", "treat"))
#: the page offers group imputation by mean (the region groups); group medians are for the command line
IMPUTE = tuple(k for k in methods.keys("impute") if k != "group-median")
SAATY = ["9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9"]
WIDGETS = {"normalize": "mt_normalize", "weights": "mt_weights", "aggregate": "mt_aggregate",
           "impute": "mt_impute", "treat": "mt_treat"}


@st.cache_resource(show_spinner=False, max_entries=512)
def _memo(key: tuple, _build):
    """A figure or table of this page, built once per plain ``key`` (dataset, spec, year, language, …).

    Shared read-only between reruns and sessions: callers never change what it returns.
    """
    return _build()


def mname(kind: str, code: str) -> str:
    return methods.name(kind, code, ctx.lang)


def pick_msg(msg: str) -> str:
    """The active language's half of a bilingual ``"中文 / English"`` or two-line message from metrics."""
    for sep in ("\n", " / "):
        if sep in msg:
            zh, rest = msg.split(sep, 1)
            return rest.strip() if en else zh.strip()
    return msg



def note_lines(all_years: bool = False) -> list[str]:
    """The source note split in two lines (data · year / method), for half-width charts."""
    label = ctx.dataset_label()
    years = f"{a.years[0]}–{a.years[-1]}" if all_years and len(a.years) > 1 else str(year)
    return [t("mt_sub_data", dataset=label, years=years), t("mt_sub_method", method=spec.describe(ctx.lang))]


def saaty_label(v: float) -> str:
    """The Saaty-scale label nearest to ``v`` (``3`` or ``1/3``)."""
    return min(SAATY, key=lambda s: abs(np.log(fraction(s)) - np.log(v)))


# ====================================================================== widget state <-> spec
def slider_nodes() -> list[str]:
    """Nodes with a what-if slider: the dimensions, then the sub-dimensions."""
    return dims + [c for d in dims for c in fw.children[d] if fw.table.at[c, "type"] == "Aggregate"]


def raw_weight(s: Spec, assessment, code: str) -> float:
    """A node's raw weight among its siblings under ``s`` (what the slider starts at).

    Overrides and framework weights are raw weights already; equal weights are 1; data-driven
    weights (entropy, CRITIC, PCA, AHP) are shown as the sibling share times the number of siblings,
    so that siblings average 1 (scaling raw weights among siblings changes nothing).
    """
    over = dict(s.weight_overrides)
    if code in over:
        v = over[code]
    elif s.weights == "framework":
        v = float(fw.table.at[code, "weight"])
    elif s.weights == "equal":
        v = 1.0
    else:
        parent = fw.table.at[code, "parent"]
        v = float(assessment.weights[code]) * len(fw.children[parent])
    return float(min(3.0, max(0.0, round(v, 1))))


def sync_widgets() -> None:
    """Set this page's method widgets from the active spec."""
    SS["mt_normalize"] = spec.normalize
    SS["mt_weights"] = spec.weights
    SS["mt_aggregate"] = spec.aggregate
    SS["mt_impute"] = spec.impute if spec.impute in IMPUTE else "group-mean" if spec.impute.startswith("group") \
        else "none"
    SS["mt_treat"] = spec.treat
    SS["mt_pca_retain"] = spec.pca_retain
    SS[f"mt_pca_threshold_{spec.pca_retain}"] = pca_threshold_value(spec)
    SS["mt_pca_kaiser"] = spec.pca_kaiser
    SS["mt_topsis_norm"] = spec.topsis_norm
    SS["mt_pca_kept"] = next((e.get("factors") for e in a.log if e.get("step") == "weights"), None)
    for c in slider_nodes():
        SS[f"mt_w_{c}"] = raw_weight(spec, a, c)
    SS["mt_synced"] = [ctx.dataset_key, spec_key(spec)]
    SS["mt_base"] = spec.to_dict()
    SS["mt_ds"] = ctx.dataset_key


def default_ahp(parent: str) -> tuple:
    kids = fw.children[parent]
    return tuple((parent, x, y, 1.0) for i, x in enumerate(kids) for y in kids[i + 1:])


def _commit(new: Spec) -> None:
    """Make ``new`` the dashboard's active (custom) spec, unless it cannot be assessed."""
    try:
        get_assessment(SS["mt_ds"], new)   # validates the spec on this data and warms the cache
    except Exception as exc:  # noqa: BLE001 - shown to the user, the active spec stays as it was
        SS["mt_flash"] = ("error", md(pick_msg(str(exc))))
    else:
        set_custom_spec(new)
        SS["method"] = "custom"
    SS["mt_synced"] = None   # the widgets re-read the active spec on the rerun


def _on_method() -> None:
    base = Spec.from_dict(SS["mt_base"])
    nm, w, ag, imp, tr = (SS[WIDGETS[k]] for k in ("normalize", "weights", "aggregate", "impute", "treat"))
    if ag == "geometric":
        if nm == "zscore":
            nm = "minmax"
            SS["mt_flash"] = ("info", t("mt_geo_zscore"))
        scale = (1.0, 100.0)
    elif nm == base.normalize and base.aggregate != "geometric":
        scale = base.scale
    else:
        scale = None
    new = base.replace(
        normalize=nm, scale=scale, weights=w, aggregate=ag, treat=tr,
        impute=imp, impute_group="group" if imp.startswith("group") else None,
        weight_overrides=base.weight_overrides if w == base.weights else (),
        ahp=(base.ahp or default_ahp(root)) if w == "ahp" else ())
    _commit(new)


def pca_threshold_value(s: Spec) -> float:
    """The threshold of ``s``'s factor-retention rule as the page shows it (the rule's default when unset)."""
    from metrics.weights import retention_threshold
    if s.pca_retain == "count" and s.pca_threshold is None:
        return 2.0
    return retention_threshold(s.pca_retain, s.pca_threshold)


def _on_options() -> None:
    """Apply the PCA factor-retention rule, its threshold, Kaiser normalisation and TOPSIS's input."""
    from metrics.weights import RETAIN_DEFAULTS
    base = Spec.from_dict(SS["mt_base"])
    retain = SS["mt_pca_retain"]
    if retain != base.pca_retain:   # a new rule starts from its default (count: the factors kept now)
        threshold = float(SS.get("mt_pca_kept") or 2) if retain == "count" else None
    else:
        threshold = float(SS.get(f"mt_pca_threshold_{retain}", pca_threshold_value(base)))
        if threshold == RETAIN_DEFAULTS[retain]:
            threshold = None
    _commit(base.replace(pca_retain=retain, pca_threshold=threshold, pca_kaiser=bool(SS["mt_pca_kaiser"]),
                         topsis_norm=SS["mt_topsis_norm"]))


def _on_weight(parent: str) -> None:
    base = Spec.from_dict(SS["mt_base"])
    kids = [k for k in fw.children[parent] if f"mt_w_{k}" in SS]
    _commit(base.with_weights({k: round(float(SS[f"mt_w_{k}"]), 2) for k in kids}))


def _on_ahp(editor_key: str, rows: list[tuple[str, str, str]]) -> None:
    """Apply the edited pairwise judgements, if they are consistent enough (CR < 0.10)."""
    values = [r[2] for r in rows]
    for i, change in SS[editor_key].get("edited_rows", {}).items():
        if "value" in change and change["value"]:
            values[int(i)] = change["value"]
    judgements = tuple((root, x, y, fraction(v)) for (x, y, _), v in zip(rows, values))
    try:
        ahp_weights(ahp_matrices_from_long(pd.DataFrame(list(judgements), columns=["parent", "a", "b", "value"]))[root])
    except ValueError:
        return   # shown by the page from the editor's values; the active spec stays as it was
    base = Spec.from_dict(SS["mt_base"])
    keep = tuple((k, v) for k, v in base.weight_overrides if k not in fw.children[root])
    _commit(base.replace(weights="ahp", ahp=judgements, weight_overrides=keep))


def _on_exclude() -> None:
    """Leave out (or bring back) the survey respondents flagged by the chosen quality rules."""
    _commit(Spec.from_dict(SS["mt_base"]).replace(survey_exclude=tuple(SS["mt_survey_exclude"])))


def _reset() -> None:
    SS["method"] = "default"
    SS["mt_synced"] = None


KEY = (ctx.dataset_key, spec_key(spec), year, ctx.lang)
UNC_ALL, UNC_END = 40, 15   # more regions than UNC_ALL: the rank-interval chart shows the UNC_END best and worst


def region_search() -> pd.Series:
    """Code -> the text a region table's search box matches (code, Chinese and English name), built once."""
    codes = list(a.all_scores.index.get_level_values("region").unique())
    return _memo((ctx.dataset_key, "mt_region_search"),
                 lambda: region_search_text(ctx.dataset, pd.Series(codes, index=codes)))
keys_missing = any(k not in SS for k in [*WIDGETS.values(), *(f"mt_w_{c}" for c in slider_nodes()),
                                          "mt_pca_retain", "mt_pca_kaiser", "mt_topsis_norm"])
if keys_missing or SS.get("mt_synced") != [ctx.dataset_key, spec_key(spec)]:
    sync_widgets()

# ====================================================================== page
st.title(t("mt_title"))
st.caption(t("mt_intro"))
st.caption(md(ctx.source_note()))

# Lazy tabs (issue 11): the formulas and the weights are cheap and always drawn; the method choice (two
# assessments ranked), the scale checks (a million answers) and the uncertainty analysis run only when open.
TAB_LABELS = [t("mt_tab_how"), t("mt_tab_weights"), t("mt_tab_choose"), t("mt_tab_scale"), t("mt_tab_unc")]
tab_how, tab_weights, tab_choose, tab_scale, tab_unc = st.tabs(TAB_LABELS, key="mt_tab", on_change="rerun")

# ---------------------------------------------------------------------- how it is computed
#: each method's formula, from the method registry (metrics.methods)
LATEX_NORM, LATEX_WEIGHTS, LATEX_AGG = ({k: m.formula for k, m in methods.REGISTRY[kind].items()}
                                        for kind in ("normalize", "weights", "aggregate"))
LATEX_OVERALL = r"\omega_j = \prod_{a \in \mathrm{path}(j)} w_a,\qquad \sum_j \omega_j = 1"
LATEX_SURVEY = (r"s_{r} = 100\cdot\frac{1}{\lvert G \rvert}\sum_{g \in G} \bar{v}_{r,g},\qquad "
                r"v = \frac{x - 1}{k - 1} \in [0, 1]")
LATEX_COUPLING = (r"C = \frac{n\left(\prod_{i} U_i\right)^{1/n}}{\sum_{i} U_i},\qquad T = \sum_i a_i U_i,"
                  r"\qquad D = \sqrt{C\,T}")
LATEX_OBSTACLE = r"O_{ij} = \frac{\omega_j\left(1 - x_{ij}\right)}{\sum_k \omega_k\left(1 - x_{ik}\right)}"


def step_box(number: int, title: str, body: list[str], latex: str | list[str] | None = None,
             note: str | None = None):
    with st.container(border=True):
        st.markdown(f"**{number} · {title}**")
        for b in body:
            st.markdown(b)
        for tex in ([latex] if isinstance(latex, str) else latex or []):
            st.latex(tex)
        if note:
            st.caption(note)


log = {e["step"]: e for e in a.log}
with tab_how:
    st.markdown(t("mt_how_intro", method=md(spec.describe(ctx.lang))))
    n = 1
    if ctx.dataset.survey is not None:
        gw = "mt_survey_equal" if spec.group_weights == "equal" else "mt_survey_size"
        step_box(n, t("mt_step_survey"), [t("mt_survey_text"), t(gw)], LATEX_SURVEY, t("mt_survey_symbols"))
    else:
        step_box(n, t("mt_step_survey"), [t("mt_survey_none")])
    n += 1
    imp = log.get("impute", {})
    imp_text = t("mt_impute_none") if spec.impute == "none" else t(
        "mt_impute_text", method=mname("impute", spec.impute), cells=imp.get("cells_imputed", 0))
    step_box(n, t("mt_step_impute"), [imp_text, t("mt_impute_missing", cells=imp.get("cells_missing_after", 0))])
    n += 1
    tr = log.get("treat", {})
    step_box(n, t("mt_step_treat"), [t("mt_treat_none") if spec.treat == "none" else
                                     t("mt_treat_text", k=tr.get("indicators_treated", 0))])
    n += 1
    sc = spec.scale or methods.default_scale(spec.normalize)
    if spec.normalize == "zscore":
        norm_text = t("mt_norm_zscore", m=f"{sc[0]:g}", s=f"{sc[1]:g}")
        latex = LATEX_NORM["zscore"].replace("m +", f"{sc[0]:g} +").replace(r"s\,", f"{sc[1]:g}\\cdot")
    elif spec.normalize == "rank":
        norm_text = t("mt_norm_rank") + (" " + t("mt_norm_rank_scale", l=f"{sc[0]:g}", u=f"{sc[1]:g}") if sc else "")
        latex = LATEX_NORM["rank"]
    else:
        norm_text = t(f"mt_norm_{spec.normalize}", l=f"{sc[0]:g}", u=f"{sc[1]:g}")
        latex = LATEX_NORM[spec.normalize].replace("l +", f"{sc[0]:g} +").replace("(u - l)", f"({sc[1]:g} - {sc[0]:g})")
    step_box(n, t("mt_step_normalize") + " · " + mname("normalize", spec.normalize),
             [norm_text, t("mt_norm_by_year") if spec.by_year else t("mt_norm_pooled")], latex, t("mt_norm_symbols"))
    n += 1
    wbody = [t(f"mt_weights_{spec.weights}")]
    if spec.weight_overrides:
        wbody.append(t("mt_weights_overrides", nodes=md("、".join(
            f"{fw.name_of(k, ctx.lang)} = {v:g}" for k, v in spec.weight_overrides) if not en else ", ".join(
            f"{fw.name_of(k, ctx.lang)} = {v:g}" for k, v in spec.weight_overrides))))
    if spec.weights == "pca" and "factors" in log.get("weights", {}):
        from metrics.assessment import pca_option_text
        wbody.append(t("mt_weights_pca_active", rule=pca_option_text(spec, ctx.lang), k=log["weights"]["factors"],
                       var=f"{log['weights']['variance_explained']:.1%}"))
    wbody.append(t("mt_weights_overall"))
    step_box(n, t("mt_step_weights") + " · " + mname("weights", spec.weights), wbody,
             [LATEX_WEIGHTS[spec.weights], LATEX_OVERALL], t(f"mt_weights_{spec.weights}_symbols"))
    n += 1
    step_box(n, t("mt_step_aggregate") + " · " + mname("aggregate", spec.aggregate),
             [t(f"mt_agg_{spec.aggregate}")] + ([t("mt_agg_topsis_vector")] if spec.aggregate == "topsis" and
                                                 spec.topsis_norm == "vector" else []),
             LATEX_AGG[spec.aggregate], t(f"mt_agg_{spec.aggregate}_symbols"))

    st.markdown(f"#### {t('mt_diag_heading')}")
    d1, d2 = st.columns(2, gap="large")
    with d1.container(border=True):
        st.markdown(f"**{t('mt_coupling_title')}**")
        st.markdown(t("mt_coupling_text"))
        st.latex(LATEX_COUPLING)
    with d2.container(border=True):
        st.markdown(f"**{t('mt_obstacle_title')}**")
        st.markdown(t("mt_obstacle_text"))
        st.latex(LATEX_OBSTACLE)

    st.markdown(f"#### {t('mt_conventions_heading')}")
    st.markdown("\n".join("- " + t(k) for k in ("mt_conv_source", "mt_conv_sd", "mt_conv_missing", "mt_conv_ties",
                                                  "mt_conv_direction", "mt_conv_provenance")))

    with st.expander(t("mt_other_formulas")):
        for kind, table in (("normalize", LATEX_NORM), ("weights", LATEX_WEIGHTS), ("aggregate", LATEX_AGG)):
            active = getattr(spec, kind)
            for code, tex in table.items():
                if code == active:
                    continue
                st.markdown(f"**{mname(kind, code)}**")
                st.latex(tex)

# ---------------------------------------------------------------------- active weights


def weight_rows() -> pd.DataFrame:
    rows = []

    def walk(code: str, depth: int):
        is_ind = fw.table.at[code, "type"] == "Indicator"
        overall = float(a.indicator_weights[code]) if is_ind else float(
            a.indicator_weights.reindex(fw.leaves_of[code]).sum())
        rows.append({
            "level": t("mt_level_indicator") if is_ind else t("mt_level_dimension") if depth == 1
            else t("mt_level_subdimension") if depth == 2 else t("mt_level_aggregate"),
            "code": code, "name": fw.name_of(code, ctx.lang),
            "parent": fw.name_of(fw.table.at[code, "parent"], ctx.lang),
            "within": round(100 * float(a.weights[code]), 2), "overall": round(100 * overall, 2),
            "overall_exact": overall})
        for kid in fw.children[code]:
            walk(kid, depth + 1)

    for d in dims:
        walk(d, 1)
    return pd.DataFrame(rows)


with tab_weights:
    st.markdown(t("mt_weights_intro", method=md(mname("weights", spec.weights))))
    wt = _memo(KEY + ("weights",), weight_rows)
    col_names = {"level": t("mt_col_level"), "code": t("col_code"), "name": t("mt_col_name"),
                 "parent": t("mt_col_parent"), "within": t("mt_col_within"), "overall": t("mt_col_overall")}
    wtable = wt[["level", "name", "within", "overall", "parent", "code"]].rename(columns=col_names)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.dataframe(wtable, hide_index=True, width="stretch", height=620, column_config={
            t("mt_col_within"): st.column_config.NumberColumn(format="%.2f%%"),
            t("mt_col_overall"): st.column_config.NumberColumn(format="%.2f%%"),
            t("mt_col_name"): st.column_config.TextColumn(width="medium")})
        st.caption(t("mt_weights_caption"))
        downloads(wtable, "weights", t("mt_sheet_weights"), "mt_dl_weights")
    with right:
        ids = list(wt["code"])
        parents = [fw.table.at[c, "parent"] if fw.table.at[c, "parent"] != root else "" for c in ids]

        def build_sunburst():
            fig = charts.weights_sunburst(ids, list(wt["name"]), parents, list(wt["overall_exact"]),
                                          t("mt_sunburst_title"), ctx.source_note())
            return charts.title_lines(fig, t("mt_sunburst_title"), note_lines())

        chart(_memo(KEY + ("sunburst",), build_sunburst), key="mt_sunburst", name="weights")
        st.caption(t("mt_sunburst_note"))

    st.markdown(f"#### {t('mt_provenance_heading')}")
    prov = a.provenance()
    p1, p2 = st.columns(2, gap="large")
    with p1:
        st.markdown(t("mt_fp_data"))
        st.code(prov["data_fingerprint"], language=None, wrap_lines=True)
        st.markdown(t("mt_fp_framework"))
        st.code(prov["framework_fingerprint"], language=None, wrap_lines=True)
        st.caption(t("mt_fp_note"))
    with p2:
        st.markdown(t("mt_spec_json"))
        st.json(prov["spec"], expanded=True)
        st.markdown(t("mt_log_json"))
        st.json(prov["log"], expanded=1)
    st.download_button(t("mt_dl_provenance"), data=lambda: to_json_text(prov).encode("utf-8"),
                       file_name="provenance.json", mime="application/json", icon=":material/download:",
                       key="mt_dl_prov", on_click="ignore")

# ---------------------------------------------------------------------- choose methods
if tab_choose.open:
    with tab_choose:
        flash = SS.pop("mt_flash", None)
        if flash:
            (st.error if flash[0] == "error" else st.info)(flash[1])
        st.markdown(t("mt_choose_intro"))
        c = st.columns(5)
        c[0].selectbox(t("mt_sel_normalize"), NORMALIZE, format_func=lambda k: mname("normalize", k),
                       key="mt_normalize", on_change=_on_method)
        c[1].selectbox(t("mt_sel_weights"), WEIGHTS, format_func=lambda k: mname("weights", k),
                       key="mt_weights", on_change=_on_method)
        c[2].selectbox(t("mt_sel_aggregate"), AGGREGATE, format_func=lambda k: mname("aggregate", k),
                       key="mt_aggregate", on_change=_on_method)
        c[3].selectbox(t("mt_sel_impute"), IMPUTE, format_func=lambda k: mname("impute", k) + (
            t("mt_by_group") if k == "group-mean" else ""), key="mt_impute", on_change=_on_method)
        c[4].selectbox(t("mt_sel_treat"), TREAT, format_func=lambda k: mname("treat", k), key="mt_treat",
                       on_change=_on_method)
        if spec.aggregate == "geometric":
            st.caption(t("mt_geo_note"))
        if spec.weights == "pca":
            st.markdown(f"##### {t('mt_pca_heading')}")
            p1, p2, p3 = st.columns(3)
            p1.selectbox(t("mt_pca_retain"), ("eigenvalue", "variance", "count"),
                         format_func=lambda k: t(f"mt_pca_rule_{k}"), key="mt_pca_retain", on_change=_on_options)
            rule = spec.pca_retain
            limits = {"eigenvalue": (0.0, 10.0, 0.1, "%.1f"), "variance": (0.05, 1.0, 0.05, "%.2f"),
                      "count": (1.0, float(len(fw.indicators)), 1.0, "%.0f")}[rule]
            p2.number_input(t(f"mt_pca_threshold_{rule}"), min_value=limits[0], max_value=limits[1], step=limits[2],
                            format=limits[3], key=f"mt_pca_threshold_{rule}", on_change=_on_options)
            p3.toggle(t("mt_pca_kaiser"), key="mt_pca_kaiser", help=t("mt_pca_kaiser_help"), on_change=_on_options)
            w_log = log.get("weights", {})
            if "factors" in w_log:
                st.caption(t("mt_pca_kept", k=w_log["factors"], var=f"{w_log['variance_explained']:.1%}"))
        if spec.aggregate == "topsis":
            st.radio(t("mt_topsis_norm"), ("spec", "vector"), format_func=lambda k: t(f"mt_topsis_norm_{k}"),
                     key="mt_topsis_norm", horizontal=True, on_change=_on_options)
            st.caption(t("mt_topsis_norm_note"))

        if spec.weights == "ahp":
            st.markdown(f"##### {t('mt_ahp_heading')}")
            st.markdown(t("mt_ahp_intro"))
            current = {(x, y): v for p, x, y, v in spec.ahp if p == root}
            pairs = [(x, y) for i, x in enumerate(dims) for y in dims[i + 1:]]
            rows = [(x, y, saaty_label(current.get((x, y), 1 / current[(y, x)] if (y, x) in current else 1.0)))
                    for x, y in pairs]
            base_df = pd.DataFrame({t("mt_ahp_a"): [fw.name_of(x, ctx.lang) for x, _, _ in rows],
                                    t("mt_ahp_b"): [fw.name_of(y, ctx.lang) for _, y, _ in rows],
                                    "value": [v for _, _, v in rows]})
            editor_key = "mt_ahp_" + str(abs(hash(tuple(rows))) % 10 ** 8)
            ed1, ed2 = st.columns([3, 2], gap="large")
            with ed1:
                edited = st.data_editor(
                    base_df, key=editor_key, hide_index=True, width="stretch", disabled=[t("mt_ahp_a"), t("mt_ahp_b")],
                    column_config={"value": st.column_config.SelectboxColumn(t("mt_ahp_value"), options=SAATY,
                                                                             required=True, help=t("mt_ahp_value_help"))},
                    on_change=_on_ahp, args=(editor_key, rows))
                st.caption(t("mt_ahp_scale"))
            with ed2:
                judg = [(root, x, y, fraction(v)) for (x, y, _), v in zip(rows, edited["value"])]
                m = ahp_matrices_from_long(pd.DataFrame(judg, columns=["parent", "a", "b", "value"]))[root]
                mat = m.copy()
                mat.index = [fw.name_of(k, ctx.lang) for k in m.index]
                mat.columns = [fw.name_of(k, ctx.lang) for k in m.columns]
                st.dataframe(mat.round(3), width="stretch")
                try:
                    res = ahp_weights(m)
                except ConsistencyError as exc:
                    st.error("⚠ " + md(pick_msg(str(exc))))
                else:
                    st.success(t("mt_ahp_ok", cr=f"{res.cr:.3f}", lam=f"{res.lambda_max:.3f}",
                                 ri=f"{res.ri:.2f}"))

        st.markdown(f"##### {t('mt_whatif_heading')}")
        left, right = st.columns([1, 1], gap="large")
        with left:
            st.markdown(t("mt_whatif_intro"))
            sc_ = st.columns(len(dims))
            for col, d in zip(sc_, dims):
                col.slider(md(fw.name_of(d, ctx.lang)), 0.0, 3.0, step=0.1, format="%.1f", key=f"mt_w_{d}",
                           on_change=_on_weight, args=(root,))
            with st.expander(t("mt_whatif_sub"), expanded=True):
                ec = st.columns(len(dims))
                for col, d in zip(ec, dims):
                    col.markdown(f"**{md(fw.name_of(d, ctx.lang))}**")
                    for s in fw.children[d]:
                        if f"mt_w_{s}" in SS:
                            col.slider(md(fw.name_of(s, ctx.lang)), 0.0, 3.0, step=0.1, format="%.1f", key=f"mt_w_{s}",
                                       on_change=_on_weight, args=(d,))
            st.caption(t("mt_whatif_note"))
            st.button(t("mt_reset"), key="mt_reset", on_click=_reset, icon=":material/restart_alt:",
                      disabled=SS.get("method") == "default")
        with right:
            base_a = get_assessment(ctx.dataset_key, PRESETS["default"])
            r0 = base_a.ranks().xs(year, level="year")
            r1 = a.ranks().xs(year, level="year").reindex(r0.index)
            s0 = base_a.node_scores(root, year).reindex(r0.index)
            s1 = a.node_scores(root, year).reindex(r0.index)
            cmp_ = pd.DataFrame(index=r0.index, data={
                t("col_region"): _memo((ctx.dataset_key, ctx.lang, "mt_names", year),
                                       lambda: [ctx.region_name(r) for r in r0.index]),
                t("mt_col_rank_default"): r0.astype("Int64").to_numpy(),
                t("mt_col_rank_current"): r1.astype("Int64").to_numpy(),
                t("mt_col_rank_change"): (r0 - r1).astype("Int64").to_numpy(),
                t("mt_col_index_default"): s0.round(1).to_numpy(),
                t("mt_col_index_current"): s1.round(1).to_numpy(),
            })
            change = cmp_[t("mt_col_rank_change")].astype("Float64")
            cmp_ = cmp_.assign(_abs=change.abs()).sort_values(["_abs", t("mt_col_rank_current")],
                                                              ascending=[False, True], na_position="last")
            cmp_ = cmp_.drop(columns="_abs")   # indexed by region code (hidden): the search finds codes
            st.markdown(f"**{t('mt_cmp_heading', year=year)}**")
            moved = int((change.fillna(0) != 0).sum())
            k1, k2, k3 = st.columns(3)
            k1.metric(t("mt_cmp_moved"), t("mt_cmp_moved_v", n=moved, total=len(cmp_)), border=True)
            k2.metric(t("mt_cmp_max"), f"{int(change.abs().max()) if change.notna().any() else 0}", border=True)
            rho = r0.astype(float).corr(r1.astype(float), method="spearman") if moved else 1.0
            k3.metric(t("mt_cmp_rho"), f"{rho:.3f}", help=t("mt_cmp_rho_help"), border=True)
            if spec_key(spec) == spec_key(PRESETS["default"]):
                st.info(t("mt_cmp_same"))
            paged_table(cmp_, "mt_cmp", search=region_search(), height_all=420, hide_index=True, width="stretch",
                        column_config={
                t("mt_col_rank_change"): st.column_config.NumberColumn(format="%+d", help=t("mt_cmp_change_help")),
                t("mt_col_index_default"): st.column_config.NumberColumn(format="%.1f"),
                t("mt_col_index_current"): st.column_config.NumberColumn(format="%.1f")})
            st.caption(md(t("mt_cmp_caption", method=spec.describe(ctx.lang))))
            downloads(cmp_, f"rank-comparison-{year}", t("mt_sheet_cmp"), "mt_dl_cmp")

# ---------------------------------------------------------------------- survey scale checks
if tab_scale.open:
    with tab_scale:
        st.markdown(t("mt_scale_intro"))
        if ctx.dataset.survey is None:
            st.info(t("mt_scale_no_survey"))
        else:
            survey_quality_choice(ctx, _on_exclude)
            checks = diag(ctx, diagnostics.scale_checks)
            alpha = checks.get("alpha", pd.DataFrame())
            kmo_t = checks.get("kmo", pd.DataFrame())
            st.markdown(f"#### {t('mt_alpha_heading')}")
            if alpha.empty:
                st.info(t("mt_alpha_none"))
            else:
                at_ = pd.DataFrame({
                    t("mt_col_subdim"): [fw.name_of(s, ctx.lang) for s in alpha["subdim"]],
                    t("col_code"): list(alpha["subdim"]),
                    t("mt_col_items"): alpha["items"].astype(int).to_numpy(),
                    t("mt_col_n"): alpha["n"].astype(int).to_numpy(),
                    t("mt_col_alpha"): alpha["alpha"].astype(float).round(3).to_numpy(),
                    t("mt_col_status"): [t("mt_alpha_low") if lo else t("mt_alpha_ok") for lo in alpha["low"]],
                })
                n_low = int(alpha["low"].sum())
                (st.warning if n_low else st.success)(t("mt_alpha_summary_low", n=n_low, total=len(alpha)) if n_low
                                                      else t("mt_alpha_summary_ok", total=len(alpha)))
                l1, l2 = st.columns([3, 2], gap="large")
                with l1:
                    st.dataframe(at_, hide_index=True, width="stretch", column_config={
                        t("mt_col_alpha"): st.column_config.NumberColumn(format="%.3f")})
                    downloads(at_, "cronbach-alpha", t("mt_sheet_alpha"), "mt_dl_alpha")
                with l2:
                    def build_alpha():
                        fig = charts.threshold_bars(list(at_[t("mt_col_subdim")]), list(at_[t("mt_col_alpha")]),
                                                    ALPHA_THRESHOLD, t("mt_alpha_chart_title"), ctx.source_note(),
                                                    t("mt_alpha_axis"), t("mt_threshold", v=f"{ALPHA_THRESHOLD:.1f}"),
                                                    fmt="{:.3f}")
                        return charts.title_lines(fig, t("mt_alpha_chart_title"), note_lines(all_years=True)[:1])

                    chart(_memo(KEY + ("alpha",), build_alpha), key="mt_alpha_chart", name="cronbach-alpha")
                stmt = item_names(a, ctx.lang)
                with st.expander(t("mt_alpha_items")):
                    for sd, rep in checks.get("alpha_items", {}).items():
                        st.markdown(f"**{md(fw.name_of(sd, ctx.lang))}** · α = {rep.attrs['alpha']:.3f}")
                        it = pd.DataFrame({
                            t("mt_col_statement"): [stmt.get(i, i) for i in rep.index],
                            t("mt_col_mean"): rep["mean"].round(3).to_numpy(),
                            t("mt_col_sd"): rep["sd"].round(3).to_numpy(),
                            t("mt_col_itr"): rep["item_total_r"].round(3).to_numpy(),
                            t("mt_col_aid"): rep["alpha_if_deleted"].round(3).to_numpy(),
                            t("mt_col_raises"): ["⚠ " + t("mt_yes") if v else "—" for v in rep["raises_alpha"]],
                        })
                        st.dataframe(it, hide_index=True, width="stretch", key=f"mt_items_{sd}", placeholder="—")
                    st.caption(t("mt_alpha_items_note"))
            st.markdown(f"#### {t('mt_kmo_heading')}")
            if kmo_t.empty:
                st.info(t("mt_kmo_none"))
            else:
                def gname(g: str) -> str:
                    return t("mt_group_all") if g == "all" else GROUP_NAMES.get(g, (g, g))[en]

                kt = pd.DataFrame({
                    t("mt_col_group"): [gname(g) for g in kmo_t["group"]],
                    t("mt_col_items"): kmo_t["items"].astype(int).to_numpy(),
                    t("mt_col_n"): kmo_t["n"].astype(int).to_numpy(),
                    t("mt_col_kmo"): kmo_t["kmo"].astype(float).round(3).to_numpy(),
                    t("mt_col_kaiser"): [kmo_label(v)[en] for v in kmo_t["kmo"]],
                    t("mt_col_chi2"): kmo_t["bartlett_chi2"].astype(float).round(1).to_numpy(),
                    t("mt_col_dof"): kmo_t["bartlett_dof"].astype(int).to_numpy(),
                    t("mt_col_p"): ["< 0.001" if p < 0.001 else f"{p:.3f}" for p in kmo_t["bartlett_p"]],
                    t("mt_col_status"): [t("mt_kmo_low") if lo else t("mt_kmo_ok") for lo in kmo_t["low"]],
                })
                n_low = int(kmo_t["low"].sum())
                (st.warning if n_low else st.success)(t("mt_kmo_summary_low", n=n_low, total=len(kmo_t)) if n_low
                                                      else t("mt_kmo_summary_ok", total=len(kmo_t)))
                st.dataframe(kt, hide_index=True, width="stretch", column_config={
                    t("mt_col_kmo"): st.column_config.NumberColumn(format="%.3f"),
                    t("mt_col_chi2"): st.column_config.NumberColumn(format="%.1f")})
                st.caption(t("mt_kmo_note"))
                downloads(kt, "kmo-bartlett", t("mt_sheet_kmo"), "mt_dl_kmo")

# ---------------------------------------------------------------------- uncertainty analysis
@st.cache_resource(show_spinner=False)
def _unc_store() -> tuple[OrderedDict, threading.Lock]:
    """Finished uncertainty analyses of this process, shared read-only, the 16 most recent kept."""
    return OrderedDict(), threading.Lock()


def _uncertainty(dataset_key: str, spec_json: str, settings_json: str, progress=None):
    """One uncertainty analysis, computed once per (dataset, spec, settings).

    Not an ``st.cache_*`` function itself: the progress bar it updates lives outside it, which
    Streamlit's element replay cannot cache, so the results are kept in :func:`_unc_store`.
    """
    store, lock = _unc_store()
    key = (dataset_key, spec_json, settings_json)
    with lock:
        if key in store:
            store.move_to_end(key)
            return store[key]
    s = json.loads(settings_json)
    res = uncertainty(get_dataset(dataset_key), Spec.from_dict(json.loads(spec_json)), runs=s["runs"],
                      seed=s["seed"], weight_noise=s["weight_noise"], normalize=s["normalize"] or None,
                      aggregate=s["aggregate"] or None, impute=s["impute"] or None, year=s["year"],
                      progress=progress)
    with lock:
        store[key] = res
        store[("rate", dataset_key)] = res.seconds / max(res.evaluations, 1)   # seconds per evaluation here
        while len(store) > 16:
            store.popitem(last=False)
    return res


n_regions = int(a.all_scores.index.get_level_values("region").nunique())


def _unc_defaults() -> None:
    prev = json.loads(SS["mt_unc"]["settings"]) if "mt_unc" in SS else {}
    SS.setdefault("mt_unc_runs", prev.get("runs", 500 if n_regions <= 500 else 100))   # bounded at county scale
    SS.setdefault("mt_unc_seed", prev.get("seed", 0))
    SS.setdefault("mt_unc_noise", prev.get("weight_noise", 0.25))
    SS.setdefault("mt_unc_norm", prev.get("normalize") or ["minmax", "zscore"])
    SS.setdefault("mt_unc_agg", prev.get("aggregate") or [spec.aggregate])
    SS.setdefault("mt_unc_imp", bool(prev.get("impute")))


if tab_unc.open:
    with tab_unc:
        st.markdown(t("mt_unc_intro"))
        _unc_defaults()
        with st.form("mt_unc_form", border=True):
            f1, f2, f3 = st.columns(3)
            f1.number_input(t("mt_unc_runs"), min_value=50, max_value=2000, step=50, key="mt_unc_runs",
                            help=t("mt_unc_runs_help"))
            f2.number_input(t("mt_unc_seed"), min_value=0, max_value=2 ** 31 - 1, step=1, key="mt_unc_seed",
                            help=t("mt_unc_seed_help"))
            f3.slider(t("mt_unc_noise"), 0.0, 0.5, step=0.05, format="%.2f", key="mt_unc_noise",
                      help=t("mt_unc_noise_help"))
            g1, g2, g3 = st.columns(3)
            g1.multiselect(t("mt_unc_norm"), NORMALIZE, format_func=lambda k: mname("normalize", k), key="mt_unc_norm",
                           placeholder=t("choose"))
            g2.multiselect(t("mt_unc_agg"), AGGREGATE, format_func=lambda k: mname("aggregate", k), key="mt_unc_agg",
                           placeholder=t("choose"))
            g3.toggle(t("mt_unc_imp"), key="mt_unc_imp", help=t("mt_unc_imp_help"))
            submitted = st.form_submit_button(t("mt_unc_run"), key="mt_unc_run", type="primary",
                                              icon=":material/play_arrow:")
            n_factors = (SS["mt_unc_noise"] > 0) + (len(SS["mt_unc_norm"]) > 1) + (len(SS["mt_unc_agg"]) > 1) + \
                bool(SS["mt_unc_imp"])
            evals = evaluation_count(int(SS["mt_unc_runs"]), n_factors)
            rate = _unc_store()[0].get(("rate", ctx.dataset_key))
            st.caption(t("mt_unc_cost", evals=evals, regions=n_regions, years=len(a.years)) + (
                " " + t("mt_unc_cost_time", min=f"{max(evals * rate / 60, 0.1):.1f}") if rate else ""))
        if submitted:
            imps = sorted({"none", "mean", spec.impute}) if SS["mt_unc_imp"] else []
            settings = {"runs": int(SS["mt_unc_runs"]), "seed": int(SS["mt_unc_seed"]),
                        "weight_noise": round(float(SS["mt_unc_noise"]), 4), "normalize": list(SS["mt_unc_norm"]),
                        "aggregate": list(SS["mt_unc_agg"]), "impute": imps, "year": year}
            settings_json = json.dumps(settings, sort_keys=True)
            with st.status(t("mt_unc_running", runs=settings["runs"]), expanded=True) as status:
                bar = st.progress(0.0, text=t("mt_unc_progress", pct=0))

                def _tick(frac: float) -> None:
                    bar.progress(float(min(max(frac, 0.0), 1.0)), text=t("mt_unc_progress", pct=int(round(100 * frac))))

                try:
                    res = _uncertainty(ctx.dataset_key, spec_key(spec), settings_json, progress=_tick)
                except ValueError as exc:
                    status.update(label=t("mt_unc_failed"), state="error", expanded=True)
                    st.error(md(pick_msg(str(exc))))
                    SS.pop("mt_unc", None)
                else:
                    bar.progress(1.0, text=t("mt_unc_progress", pct=100))
                    status.update(label=t("mt_unc_done", s=f"{res.seconds:.2f}", n=res.evaluations), state="complete",
                                  expanded=False)
                    SS["mt_unc"] = {"ds": ctx.dataset_key, "spec": spec_key(spec), "settings": settings_json}

        run = SS.get("mt_unc")
        if run and (run["ds"], run["spec"], json.loads(run["settings"])["year"]) != (ctx.dataset_key, spec_key(spec),
                                                                                       year):
            st.info(t("mt_unc_stale"))
        elif run:
            res = _uncertainty(run["ds"], run["spec"], run["settings"])
            s = json.loads(run["settings"])
            rk = res.ranks
            names = [ctx.region_name(r) for r in rk.index]
            few = len(rk) > UNC_ALL   # the chart draws the UNC_END best and worst regions, the table has all
            k1, k2, k3, k4 = st.columns(4)
            k1.metric(t("mt_unc_band"), f"{res.mean_band:.2f}", help=t("mt_unc_band_help"), border=True)
            k2.metric(t("mt_unc_runs_done"), f"{res.runs}", border=True)
            k3.metric(t("mt_unc_evals"), f"{res.evaluations}", border=True)
            k4.metric(t("mt_unc_factors"), f"{len(res.factors)}",
                      " · ".join(FACTOR_NAMES[f][en] for f in res.factors) or "—", delta_color="off", delta_arrow="off",
                      border=True)
            sub = ctx.source_note() + " · " + t("mt_unc_sub", runs=res.runs, seed=s["seed"])

            def build_intervals():
                pick = np.arange(len(rk))
                title = t("mt_unc_chart_title")
                if few:
                    order = np.argsort(rk["nominal_rank"].to_numpy(dtype=float), kind="stable")
                    pick = np.concatenate([order[:UNC_END], order[-UNC_END:]])
                    title = t("mt_unc_chart_title_few", n=UNC_END, total=len(rk))
                r = rk.iloc[pick]
                nm = [names[i] for i in pick]
                fig = charts.rank_intervals(nm, r["nominal_rank"].tolist(), r["median_rank"].tolist(),
                                            r["p05_rank"].tolist(), r["p95_rank"].tolist(), title,
                                            sub, t("mt_unc_axis"), (t("mt_unc_nominal"), t("mt_unc_median")))
                fig.update_layout(height=max(420, 30 * len(nm) + 200), yaxis=dict(tickfont=dict(size=14)),
                                  legend=dict(y=-0.06, font=dict(size=14)))
                return fig

            chart(_memo(KEY + ("intervals", run["settings"]), build_intervals),
                  key="mt_unc_chart", name=f"rank-intervals-{year}")
            st.caption(t("mt_unc_chart_note", seed=s["seed"]) + (" " + t("mt_unc_chart_few", n=UNC_END)
                                                                 if few else ""))
            ut = pd.DataFrame(index=rk.index, data={
                t("col_region"): names,
                t("mt_col_nominal"): rk["nominal_rank"].astype("Int64").to_numpy(),
                t("mt_col_median"): rk["median_rank"].round(1).to_numpy(),
                t("mt_col_p05"): rk["p05_rank"].round(1).to_numpy(),
                t("mt_col_p95"): rk["p95_rank"].round(1).to_numpy(),
                t("mt_col_width"): (rk["p95_rank"] - rk["p05_rank"]).round(1).to_numpy(),
            }).sort_values(t("mt_col_nominal"), kind="stable")
            u1, u2 = st.columns([1, 1], gap="large")
            with u1:
                paged_table(ut, "mt_unc_table", search=region_search(), height_all=460, page_size=12,
                            hide_index=True, width="stretch")
                downloads(ut, f"rank-intervals-{year}", t("mt_sheet_unc"), "mt_dl_unc")
            with u2:
                summ = res.summary
                if summ is None or summ.empty:
                    st.info(t("mt_unc_no_sens"))
                else:
                    cats = [FACTOR_NAMES.get(f, (f, f))[en] for f in summ["factor"]]

                    def build_sensitivity():
                        fig = charts.grouped_bar(cats, {t("mt_unc_S"): summ["S"].round(3).tolist(),
                                                        t("mt_unc_ST"): summ["ST"].round(3).tolist()},
                                                 t("mt_unc_sens_title"), sub, t("mt_unc_sens_axis"))
                        fig.update_layout(height=460)
                        return charts.title_lines(fig, t("mt_unc_sens_title"), note_lines() + [
                            t("mt_unc_sub", runs=res.runs, seed=s["seed"])])

                    chart(_memo(KEY + ("sensitivity", run["settings"]), build_sensitivity),
                          key="mt_unc_sens", name=f"sensitivity-{year}")
                    st.caption(t("mt_unc_sens_note"))
                    stab = pd.DataFrame({t("mt_col_factor"): cats, t("mt_unc_S"): summ["S"].round(3).to_numpy(),
                                         t("mt_unc_ST"): summ["ST"].round(3).to_numpy()})
                    st.dataframe(stab, hide_index=True, width="stretch")
                    downloads(stab, f"sensitivity-{year}", t("mt_sheet_sens"), "mt_dl_sens")
        else:
            st.info(t("mt_unc_hint"))
