"""The "Path to target" (达标路径) section of the region profile and the presentation's path slide.

Plans come from :class:`metrics.target.TargetSolver` and are computed only on request (a button in the
profile's section, which runs as a fragment; the presentation computes the slide it shows).  Solvers and
plans are cached per (dataset fingerprint, spec) and shared read-only between sessions.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st

from metrics import Spec
from metrics.levels import level_name
from metrics.target import PLAN_NAMES, PLANS, TargetSolver

import charts
from .i18n import md, t
from .state import Context, get_assessment, spec_key
from .widgets import chart, table


@st.cache_resource(show_spinner=False, max_entries=16)
def _solver(dataset_key: str, spec_json: str, fingerprint: str) -> TargetSolver:
    return TargetSolver(get_assessment(dataset_key, Spec.from_dict(json.loads(spec_json))))


@st.cache_resource(show_spinner=False, max_entries=512)
def _plan(dataset_key: str, spec_json: str, fingerprint: str, region: str, year: int, target: str, plan: str,
          actionable: tuple | None):
    return _solver(dataset_key, spec_json, fingerprint).solve(region, year, target, plan, actionable=actionable)


def solver(ctx: Context) -> TargetSolver:
    return _solver(ctx.dataset_key, spec_key(ctx.spec), ctx.assessment.fingerprint)


def plan_for(ctx: Context, region: str, year: int, target: str, plan: str = "cheapest", actionable=None):
    """One verified plan (cached)."""
    act = tuple(sorted(actionable)) if actionable is not None else None
    return _plan(ctx.dataset_key, spec_key(ctx.spec), ctx.assessment.fingerprint, str(region), int(year), target,
                 plan, act)


def _name(ctx: Context, code: str) -> str:
    return t("col_index") if code == ctx.assessment.root else ctx.node_name(code)


def before_after_figure(ctx: Context, p, title: str):
    """Index, dimensions and the sub-dimensions that move: now against after the plan."""
    nodes = [ctx.assessment.root] + list(p.before.dimensions) + list(p.subdimension_changes)
    allb = {**p.before.dimensions, **p.before.subdimensions, ctx.assessment.root: p.before.index}
    alla = {**p.after.dimensions, **p.after.subdimensions, ctx.assessment.root: p.after.index}
    return charts.grouped_bar([_name(ctx, c) for c in nodes],
                              {t("path_col_before"): [allb[c] for c in nodes], t("tp_after_series"): [alla[c] for c in nodes]},
                              title, ctx.source_note(), t("col_score"),
                              colors={t("path_col_before"): charts.OKABE_ITO[7], t("tp_after_series"): charts.OKABE_ITO[0]})


def changes_table(p, lang: str) -> pd.DataFrame:
    rows = p.rows(lang)
    return pd.DataFrame({
        t("col_indicator"): [r["name"] for r in rows], t("col_subdim"): [r["subdimension"] for r in rows],
        t("tp_col_before"): [round(r["before"], 1) for r in rows], t("tp_col_after_n"): [round(r["after"], 1) for r in rows],
        t("path_col_points"): [round(r["points"], 1) for r in rows], t("tp_col_raw"): [r["raw"] for r in rows],
        t("tp_col_answer"): [r["answer"] for r in rows]},
        columns=[t("col_indicator"), t("col_subdim"), t("tp_col_before"), t("tp_col_after_n"),
                 t("path_col_points"), t("tp_col_raw"), t("tp_col_answer")])


def _metrics(p, lang: str) -> None:
    b, a = p.before, p.after
    lv = lambda v: t("level_value", level=v) if v else "—"  # noqa: E731
    cols = st.columns(4)
    cols[0].metric(t("tp_m_index"), f"{b.index:.1f}", f"{a.index - b.index:+.1f}" if a.index != b.index else None,
                   border=True)
    cols[1].metric(t("col_rank"), f"{b.rank} / {b.of}" if b.rank else "—",
                   t("tp_after", v=a.rank) if a.rank != b.rank else None, delta_color="off", border=True)
    cols[2].metric(t("maturity_label"), lv(b.level), t("tp_after", v=lv(a.level)) if a.level != b.level else
                   level_name(b.level, lang), delta_color="off", border=True)
    cols[3].metric(t("col_band"), b.band_name(lang), t("tp_after", v=a.band_name(lang)) if a.band != b.band else
                   (f"D = {b.D:.3f}" if b.D is not None else None), delta_color="off", border=True)


def _comparison(plans: dict, lang: str) -> pd.DataFrame:
    rows = []
    for k, p in plans.items():
        rows.append({t("tp_plan"): PLAN_NAMES[k][lang != "zh"],
                     t("tp_col_reached"): t("answer_yes") if p.reached else t("answer_no"),
                     t("tp_col_points"): round(p.points, 1), t("tp_col_cost"): round(p.cost, 1),
                     t("tp_col_n"): len(p.changes), t("tp_col_after"): round(p.after.index, 2),
                     t("tp_col_reassessed"): round(p.reassessed.index, 2) if p.reassessed else None})
    return pd.DataFrame(rows)


def show_plan(ctx: Context, p, plans: dict | None = None, key: str = "tp") -> None:
    """A computed plan: figures before and after, the plan table, measures, limits and method."""
    lang = ctx.lang
    zh = lang == "zh"
    _metrics(p, lang)
    note = p.note(lang)
    if p.already:
        st.success(md(note))
    elif p.reached:
        st.markdown(md(note))
    else:
        st.warning(md(note))
    if p.reassessed is not None and p.changes:
        st.caption(md(t("tp_reassessed", index=f"{p.reassessed.index:.2f}",
                        reached=t("path_met") if p.reassessed_reached else t("tp_reassessed_no"))))
    if plans:
        st.markdown(f"**{t('tp_compare')}**")
        table(_comparison(plans, lang), f"path_plans_{p.region}_{p.year}", f"{key}_plans")
    if p.changes:
        chart(before_after_figure(ctx, p, t("tp_chart_title", region=ctx.region_name(p.region),
                                            target=p.target_label(lang), plan=PLAN_NAMES[p.plan][not zh])),
              key=f"{key}_chart", name=f"path_{p.region}_{p.year}")
        st.markdown(f"**{t('tp_changes')}**")
        table(changes_table(p, lang), f"path_{p.region}_{p.year}_{p.plan}", f"{key}_changes",
              column_config={t("col_indicator"): st.column_config.TextColumn(width="large")})
        if p.measures:
            st.markdown(f"**{t('tp_subdims')}**")
            for it in p.measures[:5]:
                nm = it["name_zh"] if zh else it["name_en"]
                lines = [md(t("tp_subdim_line", name=nm, points=f"{it['points']:+.1f}"))]
                for m in it["measures"][:2]:
                    lines.append(f"- {md(m['text_zh'] if zh else m['text_en'])}")
                st.markdown("\n".join(lines))
    else:
        st.caption(t("tp_no_change"))
    st.info(f"**{t('path_limits')}**　" + md(p.limits(lang)), icon=":material/info:")
    st.caption(md(t("path_method", method=p.method_zh if zh else p.method_en)))


@st.fragment
def path_section(ctx: Context, region: str, year: int) -> None:
    """The profile's section: choose a target and a plan; computed on the button only."""
    st.subheader(t("pr_view_path"), divider="gray")
    st.caption(t("tp_intro"))
    sv = solver(ctx)
    try:
        choices = sv.suggestions(region, year)
    except ValueError as err:
        st.warning(t("tp_error", err=md(err)))
        return
    labels = {c[0]: c[1 if ctx.lang == "zh" else 2] for c in choices}
    labels["custom"] = t("tp_custom")
    c1, c2 = st.columns([3, 2])
    target = c1.selectbox(t("col_target"), list(labels), format_func=labels.get, key=f"tp_target_{region}")
    if target == "custom":
        lo, hi = ctx.assessment.display_range()
        now = float(ctx.assessment.scores.at[(region, year), ctx.assessment.root])
        v = c1.number_input(t("tp_score"), value=float(np.round(min(now + 0.05 * (hi - lo), hi), 2)),
                            step=float(10 ** np.floor(np.log10(max(hi - lo, 1e-9)) - 1)), key="tp_score")
        target = f"score:{v:g}"
    plan = c2.radio(t("tp_plan"), list(PLANS), format_func=lambda k: PLAN_NAMES[k][ctx.lang != "zh"],
                    key="tp_plan")
    fw = ctx.assessment.framework
    default = sorted(sv.actionable_set())
    # the list of indicators is drawn only while its expander is open: collapsed, its ~25 chosen tags were
    # still ~160 elements the browser redrew on every change of region; the choice is kept meanwhile
    kept = st.session_state.get("tp_actionable_kept")
    kept = default if kept is None else [c for c in kept if c in fw.indicators]
    box = st.expander(t("tp_actionable"), key="tp_actionable_open", on_change="rerun")
    act = kept
    if box.open:
        with box:
            st.caption(t("tp_actionable_help"))
            shown = st.session_state.get("tp_actionable")
            if shown is None or any(c not in fw.indicators for c in shown):   # first opened, or another dataset
                st.session_state["tp_actionable"] = kept
            act = st.multiselect(t("tp_actionable"), fw.indicators, format_func=ctx.node_name, key="tp_actionable",
                                 label_visibility="collapsed")
        st.session_state["tp_actionable_kept"] = act
    act_key = None if sorted(act) == default else tuple(sorted(act))
    request = (ctx.dataset_key, spec_key(ctx.spec), ctx.assessment.fingerprint, region, int(year), target, act_key)
    if st.button(t("tp_compute"), key="tp_compute", type="primary", icon=":material/route:"):
        st.session_state["tp_request"] = request
    if st.session_state.get("tp_request") != request:
        st.caption(t("tp_press"))
        return
    try:
        with st.spinner():
            plans = {k: plan_for(ctx, region, year, target, k, act_key if k == "actionable" else None) for k in PLANS}
    except ValueError as err:
        st.warning(t("tp_error", err=md(err)))
        return
    show_plan(ctx, plans[plan], plans)


def path_slide(ctx: Context, region: str, year: int, show_chart) -> None:
    """The presentation slide: the cheapest plan to the next maturity level, in large type."""
    lang = ctx.lang
    try:
        p = plan_for(ctx, region, year, "level:next")
    except ValueError as err:
        st.warning(t("tp_error", err=md(err)))
        return
    st.header(md(t("pr_path_title", region=ctx.region_name(region))))
    st.markdown(f"**{md(p.target_label(lang))}** · {md(p.summary(lang))}")
    left, right = st.columns([3, 2])
    with left:
        if p.changes:
            show_chart(before_after_figure(ctx, p, t("tp_chart_title", region=ctx.region_name(region),
                                                     target=p.target_label(lang),
                                                     plan=PLAN_NAMES[p.plan][lang != "zh"])))
        else:
            st.markdown(md(p.note(lang)))
    with right:
        rows = p.rows(lang)
        st.markdown("\n".join(f"- {md(r['name'])}：{md(r['raw'])}" if lang == "zh" else
                              f"- {md(r['name'])}: {md(r['raw'])}" for r in rows[:6]) or t("tp_no_change"))
        if len(rows) > 6:
            st.caption(t("pr_path_more", n=len(rows) - 6))
    st.caption(md(p.limits(lang)))
