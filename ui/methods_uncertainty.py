"""The Methods page's uncertainty tab: the settings form, the run with its progress bar, and the result
(rank intervals and sensitivity indices, shaped by :func:`viewmodels.methods.uncertainty_view`).

The analyses are kept in a process-wide store keyed on the dataset key, the spec's JSON and the settings'
JSON, and shared read-only between sessions; the last run's key stays in the session (``mt_unc``) so
its result is shown again on every rerun without recomputing.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from metrics import Spec
from metrics.uncertainty import evaluation_count, uncertainty
from viewmodels import methods as vm

from .i18n import md, t, t_in
from .paging import paged_table
from .state import Context, get_dataset, memo, spec_key
from .widgets import chart, downloads

SS = st.session_state


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


def _form(ctx: Context, n_regions: int) -> bool:
    """The settings form with its cost estimate; whether it was submitted."""
    prev = json.loads(SS["mt_unc"]["settings"]) if "mt_unc" in SS else {}
    for k, v in vm.unc_defaults(prev, n_regions, ctx.spec).items():
        SS.setdefault(k, v)
    with st.form("mt_unc_form", border=True):
        f1, f2, f3 = st.columns(3)
        f1.number_input(t("mt_unc_runs"), min_value=50, max_value=2000, step=50, key="mt_unc_runs",
                        help=t("mt_unc_runs_help"))
        f2.number_input(t("mt_unc_seed"), min_value=0, max_value=2 ** 31 - 1, step=1, key="mt_unc_seed",
                        help=t("mt_unc_seed_help"))
        f3.slider(t("mt_unc_noise"), 0.0, 0.5, step=0.05, format="%.2f", key="mt_unc_noise",
                  help=t("mt_unc_noise_help"))
        g1, g2, g3 = st.columns(3)
        g1.multiselect(t("mt_unc_norm"), vm.NORMALIZE, key="mt_unc_norm", placeholder=t("choose"),
                       format_func=lambda k, lg=ctx.lang: vm.method_label("normalize", k, lg))
        g2.multiselect(t("mt_unc_agg"), vm.AGGREGATE, key="mt_unc_agg", placeholder=t("choose"),
                       format_func=lambda k, lg=ctx.lang: vm.method_label("aggregate", k, lg))
        g3.toggle(t("mt_unc_imp"), key="mt_unc_imp", help=t("mt_unc_imp_help"))
        submitted = st.form_submit_button(t("mt_unc_run"), key="mt_unc_run", type="primary",
                                          icon=":material/play_arrow:")
        evals = evaluation_count(int(SS["mt_unc_runs"]), vm.unc_factor_count(
            SS["mt_unc_noise"], SS["mt_unc_norm"], SS["mt_unc_agg"], SS["mt_unc_imp"]))
        rate = _unc_store()[0].get(("rate", ctx.dataset_key))
        st.caption(t("mt_unc_cost", evals=evals, regions=n_regions, years=len(ctx.assessment.years)) + (
            " " + t("mt_unc_cost_time", min=f"{max(evals * rate / 60, 0.1):.1f}") if rate else ""))
    return submitted


def _run(ctx: Context) -> None:
    """Run the analysis with the form's settings, a progress bar in a status box; keep its key."""
    settings = vm.unc_settings(SS["mt_unc_runs"], SS["mt_unc_seed"], SS["mt_unc_noise"], SS["mt_unc_norm"],
                               SS["mt_unc_agg"], SS["mt_unc_imp"], ctx.spec, ctx.year)
    settings_json = json.dumps(settings, sort_keys=True)
    with st.status(t("mt_unc_running", runs=settings["runs"]), expanded=True) as status:
        bar = st.progress(0.0, text=t("mt_unc_progress", pct=0))
        lg = ctx.lang

        def _tick(frac: float) -> None:
            bar.progress(float(min(max(frac, 0.0), 1.0)), text=t_in(lg, "mt_unc_progress", pct=int(round(100 * frac))))

        try:
            res = _uncertainty(ctx.dataset_key, spec_key(ctx.spec), settings_json, progress=_tick)
        except ValueError as exc:
            status.update(label=t("mt_unc_failed"), state="error", expanded=True)
            st.error(md(vm.pick_msg(str(exc), ctx.lang)))
            SS.pop("mt_unc", None)
        else:
            bar.progress(1.0, text=t("mt_unc_progress", pct=100))
            status.update(label=t("mt_unc_done", s=f"{res.seconds:.2f}", n=res.evaluations), state="complete",
                          expanded=False)
            SS["mt_unc"] = {"ds": ctx.dataset_key, "spec": spec_key(ctx.spec), "settings": settings_json}


def _result(ctx: Context, model: vm.UncModel, search: pd.Series) -> None:
    for col, (label, value) in zip(st.columns(4), model.metrics):
        if label == "mt_unc_factors":
            col.metric(t(label), value, model.factors, delta_color="off", delta_arrow="off", border=True)
        else:
            col.metric(t(label), value, help=t("mt_unc_band_help") if label == "mt_unc_band" else None, border=True)
    year = ctx.year
    chart(model.intervals, key="mt_unc_chart", name=f"rank-intervals-{year}")
    st.caption(model.intervals_note)
    u1, u2 = st.columns([1, 1], gap="large")
    with u1:
        paged_table(model.table, "mt_unc_table", search=search, height_all=460, page_size=12, hide_index=True,
                    width="stretch")
        downloads(model.table, f"rank-intervals-{year}", t("mt_sheet_unc"), "mt_dl_unc")
    with u2:
        if model.sensitivity is None:
            st.info(t("mt_unc_no_sens"))
        else:
            chart(model.sensitivity, key="mt_unc_sens", name=f"sensitivity-{year}")
            st.caption(t("mt_unc_sens_note"))
            st.dataframe(model.sensitivity_table, hide_index=True, width="stretch")
            downloads(model.sensitivity_table, f"sensitivity-{year}", t("mt_sheet_sens"), "mt_dl_sens")


def uncertainty_tab(ctx: Context, key: tuple, src: vm.Source, search: pd.Series, name_of) -> None:
    """The whole tab (``key``: the page's cache key; ``search``/``name_of``: the regions' search texts, names)."""
    a = ctx.assessment
    n_regions = int(a.all_scores.index.get_level_values("region").nunique())
    st.markdown(t("mt_unc_intro"))
    if _form(ctx, n_regions):
        _run(ctx)
    run = SS.get("mt_unc")
    if run and (run["ds"], run["spec"], json.loads(run["settings"])["year"]) != (ctx.dataset_key, spec_key(ctx.spec),
                                                                                   ctx.year):
        st.info(t("mt_unc_stale"))
    elif run:
        res = _uncertainty(run["ds"], run["spec"], run["settings"])
        model = memo("methods", key + ("unc", run["settings"]),
                     lambda: vm.uncertainty_view(res, json.loads(run["settings"]), src, name_of))
        _result(ctx, model, search)
    else:
        st.info(t("mt_unc_hint"))
