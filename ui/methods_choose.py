"""The Methods page's "choose methods" tab: method selectors, PCA/TOPSIS options, AHP judgements and
what-if weights, which become the dashboard's custom method; and the page's shared figure cache.

State.  The method widgets mirror the active spec (``ctx.spec``): :func:`sync` (re)initialises them from
it whenever it changes (sidebar, URL, another page), and they change it only in ``on_change`` callbacks,
which build the new spec with :mod:`viewmodels.methods`, make it the custom spec
(:func:`ui.state.set_custom_spec`) and switch the sidebar's method selector (key ``method``) to
``custom`` before the script reruns.  A callback runs before the rerun, so it reads the previous run's
context from ``st.session_state["ctx"]``.  Node names may come from uploads: they reach Markdown (widget
labels included) only through :func:`ui.i18n.md`.

Not a fragment: a what-if slider changes the active method of the whole dashboard (the sidebar's method
selector, the source notes, the weights tab), so its rerun has to be the whole page's.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics import Spec
from viewmodels import methods as vm

from .i18n import md, t, t_in
from .paging import paged_table
from .state import PRESETS, Context, get_assessment, memo, set_custom_spec, spec_key
from .widgets import downloads

SS = st.session_state



def sync(ctx: Context) -> None:
    """Set the page's method widgets from the active spec when it changed or a widget's state is gone."""
    a = ctx.assessment
    keys = [*vm.WIDGETS.values(), *(f"mt_w_{c}" for c in vm.slider_nodes(a)), "mt_pca_retain", "mt_pca_kaiser",
            "mt_topsis_norm"]
    if any(k not in SS for k in keys) or SS.get("mt_synced") != [ctx.dataset_key, spec_key(ctx.spec)]:
        SS.update(vm.widget_values(ctx.spec, a))
        SS["mt_synced"] = [ctx.dataset_key, spec_key(ctx.spec)]
        SS["mt_base"] = ctx.spec.to_dict()
        SS["mt_ds"] = ctx.dataset_key


def resync() -> None:
    """Have the method widgets re-read the active spec when they are next drawn (:func:`sync`): after a
    commit or a reset, and while their tab is closed (Streamlit forgets the values of widgets not drawn)."""
    SS["mt_synced"] = None


def commit(new: Spec) -> None:
    """Make ``new`` the dashboard's active (custom) spec, unless it cannot be assessed."""
    try:
        get_assessment(SS["mt_ds"], new)   # validates the spec on this data and warms the cache
    except Exception as exc:  # noqa: BLE001 - shown to the user, the active spec stays as it was
        SS["mt_flash"] = ("error", md(vm.pick_msg(str(exc), SS["ctx"].lang)))
    else:
        set_custom_spec(new)
        SS["method"] = "custom"
    resync()


def _on_method() -> None:
    a = SS["ctx"].assessment
    new, note = vm.method_spec(Spec.from_dict(SS["mt_base"]), a.framework, a.root,
                               *(SS[vm.WIDGETS[k]] for k in ("normalize", "weights", "aggregate", "impute", "treat")))
    if note:
        SS["mt_flash"] = ("info", t(note))
    commit(new)


def _on_options() -> None:
    """Apply the PCA factor-retention rule, its threshold, Kaiser normalisation and TOPSIS's input."""
    retain = SS["mt_pca_retain"]
    commit(vm.options_spec(Spec.from_dict(SS["mt_base"]), retain, SS.get(f"mt_pca_threshold_{retain}"),
                           SS["mt_pca_kaiser"], SS["mt_topsis_norm"], SS.get("mt_pca_kept")))


def _on_weight(parent: str) -> None:
    kids = [k for k in SS["ctx"].assessment.framework.children[parent] if f"mt_w_{k}" in SS]
    commit(Spec.from_dict(SS["mt_base"]).with_weights({k: round(float(SS[f"mt_w_{k}"]), 2) for k in kids}))


def _on_ahp(editor_key: str, rows: tuple) -> None:
    """Apply the edited pairwise judgements, if they are consistent enough (CR < 0.10)."""
    values = [r[2] for r in rows]
    for i, change in SS[editor_key].get("edited_rows", {}).items():
        if "value" in change and change["value"]:
            values[int(i)] = change["value"]
    a = SS["ctx"].assessment
    new = vm.ahp_spec(Spec.from_dict(SS["mt_base"]), a, vm.ahp_judgements(a.root, rows, values))
    if new is not None:   # else shown by the page from the editor's values; the active spec stays as it was
        commit(new)


def on_exclude() -> None:
    """Leave out (or bring back) the survey respondents flagged by the chosen quality rules."""
    commit(Spec.from_dict(SS["mt_base"]).replace(survey_exclude=tuple(SS["mt_survey_exclude"])))


def _reset() -> None:
    SS["method"] = "default"
    resync()


#: each method kind's selector label (literal keys, so a renaming of texts finds them)
_LABELS = {"normalize": "mt_sel_normalize", "weights": "mt_sel_weights", "aggregate": "mt_sel_aggregate",
           "impute": "mt_sel_impute", "treat": "mt_sel_treat"}


def _selectors(ctx: Context) -> None:
    for col, (kind, label) in zip(st.columns(5), _LABELS.items()):
        col.selectbox(t(label), getattr(vm, kind.upper()), key=vm.WIDGETS[kind], on_change=_on_method,
                      format_func=lambda k, kind=kind, lg=ctx.lang: vm.method_label(kind, k, lg))


def _pca_options(ctx: Context) -> None:
    spec, log = ctx.spec, {e["step"]: e for e in ctx.assessment.log}
    st.markdown(f"##### {t('mt_pca_heading')}")
    p1, p2, p3 = st.columns(3)
    p1.selectbox(t("mt_pca_retain"), vm.PCA_RULES, format_func=lambda k, lg=ctx.lang: t_in(lg, f"mt_pca_rule_{k}"),
                 key="mt_pca_retain", on_change=_on_options)
    rule = spec.pca_retain
    lo, hi, step, fmt = vm.pca_limits(rule, len(ctx.assessment.framework.indicators))
    p2.number_input(t(f"mt_pca_threshold_{rule}"), min_value=lo, max_value=hi, step=step, format=fmt,
                    key=f"mt_pca_threshold_{rule}", on_change=_on_options)
    p3.toggle(t("mt_pca_kaiser"), key="mt_pca_kaiser", help=t("mt_pca_kaiser_help"), on_change=_on_options)
    w_log = log.get("weights", {})
    if "factors" in w_log:
        st.caption(t("mt_pca_kept", k=w_log["factors"], var=f"{w_log['variance_explained']:.1%}"))


def _ahp(ctx: Context) -> None:
    st.markdown(f"##### {t('mt_ahp_heading')}")
    st.markdown(t("mt_ahp_intro"))
    m = vm.ahp_model(ctx.assessment, ctx.spec, ctx.lang)
    a_col, b_col = t("mt_ahp_a"), t("mt_ahp_b")
    ed1, ed2 = st.columns([3, 2], gap="large")
    with ed1:
        edited = st.data_editor(
            m.table, key=m.editor_key, hide_index=True, width="stretch", disabled=[a_col, b_col],
            column_config={"value": st.column_config.SelectboxColumn(t("mt_ahp_value"), options=vm.SAATY,
                                                                     required=True, help=t("mt_ahp_value_help"))},
            on_change=_on_ahp, args=(m.editor_key, m.rows))
        st.caption(t("mt_ahp_scale"))
    with ed2:
        mat, ok, text = vm.ahp_check(ctx.assessment, vm.ahp_judgements(ctx.assessment.root, m.rows, edited["value"]),
                                     ctx.lang)
        st.dataframe(mat, width="stretch")
        if ok:
            st.success(text)
        else:
            st.error("⚠ " + md(text))


def _sliders(ctx: Context) -> None:
    fw, root = ctx.assessment.framework, ctx.assessment.root
    dims = list(fw.children[root])
    st.markdown(t("mt_whatif_intro"))
    for col, d in zip(st.columns(len(dims)), dims):
        col.slider(md(fw.name_of(d, ctx.lang)), 0.0, 3.0, step=0.1, format="%.1f", key=f"mt_w_{d}",
                   on_change=_on_weight, args=(root,))
    with st.expander(t("mt_whatif_sub"), expanded=True):
        for col, d in zip(st.columns(len(dims)), dims):
            col.markdown(f"**{md(fw.name_of(d, ctx.lang))}**")
            for s in fw.children[d]:
                if f"mt_w_{s}" in SS:
                    col.slider(md(fw.name_of(s, ctx.lang)), 0.0, 3.0, step=0.1, format="%.1f", key=f"mt_w_{s}",
                               on_change=_on_weight, args=(d,))
    st.caption(t("mt_whatif_note"))
    st.button(t("mt_reset"), key="mt_reset", on_click=_reset, icon=":material/restart_alt:",
              disabled=SS.get("method") == "default")


def _comparison(ctx: Context, key: tuple, search: pd.Series, name_of) -> None:
    """The ranks under the active spec against the default method (built once per dataset, spec, year)."""
    cm = memo("methods", key + ("cmp",), lambda: vm.comparison(
        ctx.assessment, get_assessment(ctx.dataset_key, PRESETS["default"]), ctx.year, ctx.spec, ctx.lang,
        name_of, md))
    st.markdown(f"**{cm.heading}**")
    k1, k2, k3 = st.columns(3)
    k1.metric(t("mt_cmp_moved"), cm.moved, border=True)
    k2.metric(t("mt_cmp_max"), cm.max_change, border=True)
    k3.metric(t("mt_cmp_rho"), cm.rho, help=t("mt_cmp_rho_help"), border=True)
    if spec_key(ctx.spec) == spec_key(PRESETS["default"]):
        st.info(t("mt_cmp_same"))
    paged_table(cm.table, "mt_cmp", search=search, height_all=420, hide_index=True, width="stretch", column_config={
        t("mt_col_rank_change"): st.column_config.NumberColumn(format="%+d", help=t("mt_cmp_change_help")),
        t("mt_col_index_default"): st.column_config.NumberColumn(format="%.1f"),
        t("mt_col_index_current"): st.column_config.NumberColumn(format="%.1f")})
    st.caption(cm.caption)
    downloads(cm.table, f"rank-comparison-{ctx.year}", t("mt_sheet_cmp"), "mt_dl_cmp")


def choose_tab(ctx: Context, key: tuple, search: pd.Series, name_of) -> None:
    """The whole tab: selectors, the options of the chosen methods, and the what-if weights beside the
    ranks they give (``key``: the page's cache key; ``search``/``name_of``: the regions' search texts and names)."""
    flash = SS.pop("mt_flash", None)
    if flash:
        (st.error if flash[0] == "error" else st.info)(flash[1])
    st.markdown(t("mt_choose_intro"))
    _selectors(ctx)
    spec = ctx.spec
    if spec.aggregate == "geometric":
        st.caption(t("mt_geo_note"))
    if spec.weights == "pca":
        _pca_options(ctx)
    if spec.aggregate == "topsis":
        st.radio(t("mt_topsis_norm"), vm.TOPSIS_INPUTS, key="mt_topsis_norm", horizontal=True,
                 format_func=lambda k, lg=ctx.lang: t_in(lg, f"mt_topsis_norm_{k}"), on_change=_on_options)
        st.caption(t("mt_topsis_norm_note"))
    if spec.weights == "ahp":
        _ahp(ctx)
    st.markdown(f"##### {t('mt_whatif_heading')}")
    left, right = st.columns([1, 1], gap="large")
    with left:
        _sliders(ctx)
    with right:
        _comparison(ctx, key, search, name_of)
