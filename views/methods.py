"""Methods 方法: how the scores are computed for the active spec (in words and formulas), the active
weights, choosing methods and what-if weights (the result becomes the dashboard's custom method),
survey scale checks and uncertainty analysis with rank intervals.

Thin page (issue 12): each tab's content is a model of :mod:`viewmodels.methods`, built only when the
tab is open (lazy tabs, issue 11) and cached per dataset, spec, year and language; this script reads the
context and renders.  Assessments come from :func:`ui.state.get_assessment` and diagnostics from
:func:`ui.state.diag` (cached, shared read-only).  The method widgets and their callbacks are in
:mod:`ui.methods_choose`, the uncertainty form and its process-wide store in :mod:`ui.methods_uncertainty`.
Node and region names may come from uploads, so they reach Markdown only through :func:`ui.i18n.md`.
"""
from __future__ import annotations

import streamlit as st

from metrics import diagnostics
from metrics.safe import to_json_text
from viewmodels import methods as vm
from ui.i18n import md, t
from ui.methods_choose import choose_tab, on_exclude, resync, sync
from ui.methods_uncertainty import uncertainty_tab
from ui.paging import dataset_search
from ui.widgets import chart, downloads
from ui.state import Context, diag, memo, spec_key
from ui.survey_import import survey_quality_choice

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
spec = ctx.spec
year = ctx.year
KEY = (ctx.dataset_key, spec_key(spec), year, ctx.lang)
src = vm.Source(ctx.dataset_label(), year, spec, ctx.lang, tuple(a.years))


def region_namer():
    """Code -> the region's name in the page's language, from a table built once per dataset and language."""
    codes = list(a.all_scores.index.get_level_values("region").unique())
    names = memo("methods", (ctx.dataset_key, ctx.lang, "mt_names"), lambda: {c: ctx.region_name(c) for c in codes})
    return lambda code: names[code] if code in names else ctx.region_name(code)


def step_box(step: vm.Step) -> None:
    with st.container(border=True):
        st.markdown(f"**{step.number} · {step.title}**")
        for b in step.body:
            st.markdown(b)
        for tex in step.latex:
            st.latex(tex)
        if step.note:
            st.caption(step.note)


def how_tab() -> None:
    m = memo("methods", KEY + ("how",), lambda: vm.how(a, spec, ctx.lang, ctx.dataset.survey is not None, md))
    st.markdown(m.intro)
    for step in m.steps:
        step_box(step)
    st.markdown(f"#### {t('mt_diag_heading')}")
    for col, (title, text, latex) in zip(st.columns(2, gap="large"), m.cards):
        with col.container(border=True):
            st.markdown(f"**{title}**")
            st.markdown(text)
            st.latex(latex)
    st.markdown(f"#### {t('mt_conventions_heading')}")
    st.markdown(m.conventions)
    with st.expander(t("mt_other_formulas")):
        for name, tex in m.others:
            st.markdown(f"**{name}**")
            st.latex(tex)


def weights_tab() -> None:
    m = memo("methods", KEY + ("weights",), lambda: vm.weights(a, src, md))
    st.markdown(m.intro)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.dataframe(m.table, hide_index=True, width="stretch", height=620, column_config={
            t("mt_col_within"): st.column_config.NumberColumn(format="%.2f%%"),
            t("col_overall_w"): st.column_config.NumberColumn(format="%.2f%%"),
            t("col_name"): st.column_config.TextColumn(width="medium")})
        st.caption(t("mt_weights_caption"))
        downloads(m.table, "weights", t("mt_sheet_weights"), "mt_dl_weights")
    with right:
        chart(m.figure, key="mt_sunburst", name="weights", share=0.4)
        st.caption(t("mt_sunburst_note"))
    st.markdown(f"#### {t('mt_provenance_heading')}")
    prov = m.provenance
    p1, p2 = st.columns(2, gap="large")
    with p1:
        st.markdown(t("p_fingerprint"))
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


def _check(check: vm.Check | None, none_key: str) -> bool:
    """The summary line of a scale check (or that there is none); whether there is a table to show."""
    if check is None:
        st.info(t(none_key))
        return False
    (st.warning if check.n_low else st.success)(check.summary)
    return True


def scale_tab() -> None:
    st.markdown(t("mt_scale_intro"))
    if ctx.dataset.survey is None:
        st.info(t("mt_scale_no_survey"))
        return
    survey_quality_choice(ctx, on_exclude)
    checks = diag(ctx, diagnostics.scale_checks)
    m = memo("methods", KEY + ("scale",), lambda: vm.scale(a, checks, src, md))
    st.markdown(f"#### {t('mt_alpha_heading')}")
    if _check(m.alpha, "mt_alpha_none"):
        l1, l2 = st.columns([3, 2], gap="large")
        with l1:
            st.dataframe(m.alpha.table, hide_index=True, width="stretch", column_config={
                t("mt_col_alpha"): st.column_config.NumberColumn(format="%.3f")})
            downloads(m.alpha.table, "cronbach-alpha", t("mt_sheet_alpha"), "mt_dl_alpha")
        with l2:
            chart(m.alpha_figure, key="mt_alpha_chart", name="cronbach-alpha", share=0.4)
        with st.expander(t("mt_alpha_items")):
            for sd, heading, items in m.items:
                st.markdown(heading)
                st.dataframe(items, hide_index=True, width="stretch", key=f"mt_items_{sd}", placeholder="—")
            st.caption(t("mt_alpha_items_note"))
    st.markdown(f"#### {t('mt_kmo_heading')}")
    if _check(m.kmo, "mt_kmo_none"):
        st.dataframe(m.kmo.table, hide_index=True, width="stretch", column_config={
            t("mt_col_kmo"): st.column_config.NumberColumn(format="%.3f"),
            t("mt_col_chi2"): st.column_config.NumberColumn(format="%.1f")})
        st.caption(t("mt_kmo_note"))
        downloads(m.kmo.table, "kmo-bartlett", t("mt_col_kmo"), "mt_dl_kmo")


sync(ctx)
st.title(t("page_methods"))
st.caption(t("mt_intro"))
st.caption(md(ctx.source_note()))

# Lazy tabs (issue 11): only the open tab runs.  The method choice (two assessments ranked), the scale
# checks (a million answers) and the uncertainty analysis for their computations; the formulas and the
# weights for the browser: their ~90 elements (texts, formulas, tables) were redrawn on every what-if
# slider move, a third of its time from the click.
TAB_LABELS = [t("mt_tab_how"), t("mt_tab_weights"), t("mt_tab_choose"), t("mt_tab_scale"), t("mt_tab_unc")]
tab_how, tab_weights, tab_choose, tab_scale, tab_unc = st.tabs(TAB_LABELS, key="mt_tab", on_change="rerun")
if tab_how.open:
    with tab_how:
        how_tab()
if tab_weights.open:
    with tab_weights:
        weights_tab()
if tab_choose.open:
    with tab_choose:
        choose_tab(ctx, KEY, dataset_search(ctx), region_namer())
else:   # its widgets are not drawn, so Streamlit forgets their values: they re-read the active spec when it opens
    resync()
if tab_scale.open:
    with tab_scale:
        scale_tab()
if tab_unc.open:
    with tab_unc:
        uncertainty_tab(ctx, KEY, src, dataset_search(ctx), region_namer())
