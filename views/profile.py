"""Region profile 地区画像: one region against a benchmark.

Scores and gaps on the three dimensions and their sub-dimensions, the
coupling-coordination degree, the obstacles, the paper's recommended
measures, the trend over the years and the stakeholder groups' views.
Thin page: every number, table, figure and text comes from the view model
:mod:`viewmodels.profile` (built on the cached
:func:`metrics.diagnostics.region_profile`, the same core as the exports);
this script lays it out.  Names from uploaded data are escaped here before
they reach markdown; the charts get them as plain text.
"""
from __future__ import annotations

import functools

import streamlit as st

from metrics.diagnostics import BENCHMARK_NAMES, BENCHMARKS
from metrics.safe import to_xlsx_bytes
from metrics import diagnostics
from ui import pickers
from ui.fieldwork import warn_thin
from ui.i18n import md, t, t_in
from charts.names import header as header_name
from ui.path import path_section
from ui.state import Context, diag, region_memo, spec_key
from ui.widgets import chart, table, url_select, url_tabs
from viewmodels import profile as vm

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
L = ctx.lang
LI = 0 if L == "zh" else 1
fmt = ctx.fmt  # numbers as the method's scale needs them
year = ctx.year
root = a.root

st.title(t("pr_view_profile"))
st.caption(t("pf_intro"))

# ------------------------------------------------------------------ selectors
scores = diag(ctx, diagnostics.display_scores, year=year)
codes = list(scores[root].dropna().sort_values(ascending=False, kind="stable").index)
if not codes:
    st.warning(t("pf_no_regions", year=year))
    st.stop()

many = pickers.narrows(ctx, codes)
if many:   # county data: province, city and the benchmark, then the region (and a peer) at full width,
    # so a label such as 塔什库尔干塔吉克自治县 · 喀什地区 (653131) is never cut
    top = st.columns(3)
    region = pickers.region_picker(ctx, t("col_region"), codes, "region", slots=[top[0], top[1], st.container()])
    bench_slot, peer_slot = top[2], st.container()
else:
    sel = st.columns(3)
    region = pickers.region_picker(ctx, t("col_region"), codes, "region", slots=sel[:1])
    bench_slot, peer_slot = sel[1], sel[2]
with bench_slot:
    bench = url_select(st.selectbox, t("pf_benchmark"), list(BENCHMARKS), "benchmark",
                       lambda b, i=LI: BENCHMARK_NAMES[b][i])
peer = None
if bench == "peer":
    with peer_slot:
        peer = pickers.region_picker(ctx, t("pf_peer"), [c for c in codes if c != region], "peer", narrow=False)

# the model and each tab's figures and tables: built once per dataset, spec, region, year, benchmark and
# language for the process, shared read-only (a widget change on a province dataset spent ~40 ms of its
# server time building the first tab's charts again)
KEY = (ctx.dataset_key, spec_key(ctx.spec), a.fingerprint, year, L, region, bench, peer, ctx.dataset_label())
m = region_memo("profile", KEY, lambda: vm.build(a, region, year, L, bench, peer, dataset_label=ctx.dataset_label(),
                                                 compute=functools.partial(diag, ctx, diagnostics.region_profile)))
if m.bench.warning:
    key, err = m.bench.warning
    st.warning(t(key) if key == "pf_group_missing" else t(key, err=md(err)))
bench, peer = m.bench.kind, m.bench.peer

# ------------------------------------------------------------------ header
shown_name, full_name = header_name(m.name)  # a 300-character name is cut, whole on hover
st.header(md(shown_name), divider="gray", help=md(full_name) if full_name else None)
where = pickers.place(ctx, region)   # a county's province · city
st.caption(md(t("pf_region_place", place=where, code=region, group=m.group_label) if where
              else t("pf_region_caption", code=region, group=m.group_label)) + " · " + md(ctx.source_note()))
warn_thin(ctx, region)   # the score shown rests on survey cells below the fieldwork target

for col, c in zip(st.columns(5), m.cards):
    col.metric(c.label, c.value, c.delta, delta_color=c.delta_color, delta_arrow=c.delta_arrow, help=c.help,
               border=True)
for col, c in zip(st.columns(max(len(m.dims), 1)), m.dim_cards):
    col.metric(md(c.label), c.value, c.delta, delta_color=c.delta_color, help=c.help, border=True)

# every tab's table, built from the library when the button is pressed (only the open tab runs below); the
# measures in the order shown: the link's, or the one the measures tab sets when it runs
order = {"by": st.query_params.get("by")}
st.download_button(t("pf_download_all"),
                   data=lambda: to_xlsx_bytes(vm.sheets(m, lambda fn, **kw: fn(a, **kw), by=order["by"])),
                   file_name=f"profile_{region}_{year}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="pf_dl_all", icon=":material/download:")

# ------------------------------------------------------------------ key points
st.subheader(t("pf_key_points"))
k1, k2, k3 = st.columns(3)
for box, title, items, none in ((k1, "pf_strengths", m.strengths, "pf_none_above"),
                                (k2, "pf_weaknesses", m.weaknesses, "pf_none_below")):
    with box.container(border=True):   # heading and list in one element (a change redraws fewer)
        st.markdown(f"**{md(t(title, bench=m.bench.long))}**\n\n"
                    + ("\n".join(f"- {md(name)}　**{gap}** {t('pf_points')}" for name, gap in items) or t(none)))
with k3.container(border=True):
    st.markdown(f"**{t('pf_priorities')}**\n\n"
                + ("\n".join(f"- {md(name)}　**{share}**" for name, share in m.priorities) or "—"))

# Only the open tab runs (the tabs rerun the page when switched): the tabs' charts are what a change of
# region, benchmark or year waits for in the browser (province data: ~1.0 -> ~0.5 s a change with six tabs;
# the radars alone in the first, the gap bars and the table in the second: ~0.3 s; county data: the hidden
# tabs' computations too).
# The open tab is in the URL (``?tab=measures``): a shared link opens the same tab.
tabs = url_tabs({code: t(f"pf_tab_{code}") for code in
                 ("scores", "gaps", "measures", "obstacles", "synergy", "trend", "views")}, "tab", state="pf_tabs")
(tab_scores, tab_gaps, tab_measures, tab_obstacles, tab_synergy, tab_trend, tab_views) = tabs.values()

# ------------------------------------------------------------------ scores (the radars)
with tab_scores:
    if tab_scores.open:
        sc = region_memo("profile", KEY + ("scores",), lambda: vm.scores_tab(m))
        chart(sc.radar_dims, "pf_radar_dims", f"profile-{region}-{year}-dimensions", margin_t=120)
        if sc.radar_subs is not None:
            chart(sc.radar_subs, "pf_radar_subs", f"profile-{region}-{year}-subdimensions", height=620, margin_t=130)

# ------------------------------------------------------------------ gaps (bars) and every score in a table
with tab_gaps:
    if tab_gaps.open:
        gp = region_memo("profile", KEY + ("gaps",), lambda: vm.gaps_tab(m))
        if gp.gap_bars is not None:
            chart(gp.gap_bars, "pf_gaps", f"gaps-{region}-{year}-{bench}")
            st.caption(t("pf_gap_caption"))
        st.subheader(t("pf_scores_table"))
        table(gp.table, f"scores_{region}_{year}", "pf_scores", placeholder="—", column_config={
            t("col_score"): st.column_config.NumberColumn(format=fmt.printf()),
            t("col_bench"): st.column_config.NumberColumn(format=fmt.printf()),
            t("col_gap"): st.column_config.NumberColumn(format=fmt.printf(sign=True))})

# ------------------------------------------------------------------ recommended measures
with tab_measures:
    if tab_measures.open:
        by = url_select(st.radio, t("pf_by"), ["obstacle", "gap"], "by", lambda k, lg=L: t_in(lg, f"pf_by_{k}"),
                        horizontal=True)
        rec = None if by == m.core.recommendation.by else diag(
            ctx, diagnostics.recommend, region=region, year=year, by=by, benchmark=bench, peer=peer,
            level=m.sub_level or 2)
        order["by"] = by
        ms = region_memo("profile", KEY + ("measures", by), lambda: vm.measures_tab(m, rec))
        if ms.strong:
            st.success(ms.message)
        else:
            st.caption(t("pf_measures_intro"))
            for k, block in enumerate(ms.blocks, start=1):
                with st.container(border=True):
                    st.markdown(f"#### {k}. {md(block.name)}")
                    st.caption(md(block.trigger))
                    lines = [f"{j}. {md(text)}　*{md(line)}*" for j, (text, line) in enumerate(block.measures, start=1)]
                    st.markdown("\n".join(lines) if lines else t("pf_no_measures_lib"))
        if len(ms.table):
            st.subheader(t("pf_measures_table"))
            table(ms.table, f"measures_{region}_{year}", "pf_measures", placeholder="—",
                  column_config={t("col_measure"): st.column_config.TextColumn(width="large")})

# ------------------------------------------------------------------ obstacles
with tab_obstacles:
    if tab_obstacles.open:
        st.caption(t("pf_obst_intro"))
        ob = region_memo("profile", KEY + ("obstacles",), lambda: vm.obstacles_tab(m))
        if ob.sub_bars is not None:
            chart(ob.sub_bars, "pf_obst_sub", f"obstacles-{region}-{year}-subdimensions")
            st.caption(md(ob.legend))
        if ob.ind_bars is not None:
            chart(ob.ind_bars, "pf_obst_ind", f"obstacles-{region}-{year}-indicators")
            st.caption(md(ob.legend))
        st.subheader(t("pf_obst_sub_table"))
        table(ob.sub_table, f"obstacles_subdim_{region}_{year}", "pf_obst_sub", placeholder="—")
        st.subheader(t("pf_obst_ind_table"))
        table(ob.ind_table, f"obstacles_indicators_{region}_{year}", "pf_obst_ind", placeholder="—",
              column_config={t("col_indicator"): st.column_config.TextColumn(width="large")})

# ------------------------------------------------------------------ coordination (synergy)
with tab_synergy:
    if tab_synergy.open:
        sy = region_memo("profile", KEY + ("synergy",),
                         lambda: vm.synergy_tab(m, diag(ctx, diagnostics.synergy, year=year), escape=md))
        if sy is None:
            st.info(t("no_data"))
        else:
            s1, s2, s3, s4 = st.columns(4)
            s1.metric(t("col_C"), sy.C, help=t("pf_syn_c_help"), border=True)
            s2.metric(t("pf_syn_t"), sy.T, help=t("pf_syn_t_help"), border=True)
            s3.metric(t("pf_syn_d"), sy.D, help=t("pf_syn_d_help"), border=True)
            s4.metric(t("pf_syn_band"), sy.band, sy.band_name, delta_color="gray", delta_arrow="off", border=True)
            st.markdown(sy.sentence)
            st.markdown(sy.compare)
            if sy.rescaled:
                st.caption(t("pf_syn_rescaled"))
            chart(sy.strip, "pf_band", f"coordination-{region}-{year}")
            st.subheader(t("pf_syn_table"))
            table(sy.table, f"coordination_{region}_{year}", "pf_syn", placeholder="—")

# ------------------------------------------------------------------ trend over the years
with tab_trend:
    if tab_trend.open:
        tr = region_memo("profile", KEY + ("trend",), lambda: vm.trend_tab(m, diag(ctx, diagnostics.synergy)))
        if tr is None:
            st.info(t("pf_trend_one_year", year=year if a.has_year else "—"))
        else:
            chart(tr.lines, "pf_trend", f"trend-{region}", height=500, margin_b=120,
                  legend=dict(orientation="h", y=-0.22, yanchor="top"),
                  shapes=[dict(type="line", x0=year, x1=year, xref="x", y0=0, y1=1, yref="paper",
                               line=dict(dash="dot", color="#6b7280", width=1.5))])
            if tr.change:
                st.markdown(tr.change)
            st.subheader(t("pf_trend_table"))
            table(tr.table, f"trend_{region}", "pf_trend", placeholder="—")

# ------------------------------------------------------------------ stakeholder views
with tab_views:
    if tab_views.open:
        pv = diag(ctx, diagnostics.perception, year=year if a.has_year else None, region=region) \
            if ctx.dataset.survey is not None else None
        if pv is None:
            st.info(t("pf_views_none"))
        elif pv.empty:
            st.info(t("pf_views_empty", region=md(m.name), year=year))
        else:
            vw = region_memo("profile", KEY + ("views",),
                             lambda: vm.views_tab(m, pv, diag(ctx, diagnostics.item_names, lang=L)))
            st.caption(t("pf_views_intro", k=vw.k))
            if vw.dots is not None:
                chart(vw.dots, "pf_views", f"stakeholder-views-{region}-{year}")
                st.markdown(vw.sig_count)
            if vw.single:
                st.caption(t("pf_views_single", n=vw.single))
            st.subheader(t("pf_views_table"))
            table(vw.table, f"stakeholder_views_{region}_{year}", "pf_views", placeholder="—",
                  column_config={t("pf_col_statement"): st.column_config.TextColumn(width=300),
                                 t("pf_col_p"): st.column_config.NumberColumn(format="%.3g", width=70),
                                 t("pf_col_sig"): st.column_config.TextColumn(width=70),
                                 t("pf_col_spread"): st.column_config.NumberColumn(width=70),
                                 t("pf_col_hi"): st.column_config.TextColumn(width=110),
                                 t("pf_col_lo"): st.column_config.TextColumn(width=110),
                                 t("pf_col_n"): st.column_config.NumberColumn(width=70),
                                 **{g: st.column_config.NumberColumn(format="%.2f", width=80) for g in vw.groups}})

# ------------------------------------------------------------------ path to target (computed on its button only)
path_section(ctx, region, year)
