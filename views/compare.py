"""Compare 对比: 2–6 regions side by side — dimensions and index, sub-dimensions (bars or parallel
coordinates), gaps to a benchmark, scores and ranks (three tabs, the open one drawn), and the paper's
measures for each region.

Thin page: the view model :mod:`viewmodels.compare` builds every table, figure and text from the cached
assessment, and gaps and measures through :func:`ui.state.diag` (cached per region, year and benchmark).
Region, node and measure texts may come from uploads: they reach Markdown only through
:func:`ui.i18n.md` and charts only through the builders.
"""
from __future__ import annotations

import functools

import streamlit as st
from metrics import diagnostics

from ui import pickers
from ui.i18n import md, t
from ui.state import Context, diag
from ui.widgets import PROFILE, chart, downloads, link_params, url_select, url_tabs
from viewmodels import compare as vm

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
year = ctx.year
fmt = ctx.fmt  # numbers as the method's scale needs them

st.title(t("cmp_title"))
st.caption(t("cmp_intro"))

all_regions = sorted(a.scores.index.get_level_values("region").unique(), key=str)
ranked = vm.ranked(a, year)


def top3(options: list[str]) -> list[str]:
    """The default: the three highest-scoring regions among the options (inside the chosen province or
    city when the picker narrows)."""
    inside = set(options)
    return [r for r in ranked if r in inside][:3]


# The URL holds codes, comma-joined (?regions=310000,440000&view=sub&bench=best — the Presentation page's
# form too), so a link works in either language.  Names carry place and code at county scale, so a typed
# name or code finds a region; province and city narrow the list (ui.pickers).
chosen = pickers.region_picker(ctx, t("cmp_regions"), all_regions, "regions", multi=True, default=top3,
                               max_selections=6, placeholder=t("cmp_regions_ph"))
m = vm.build(a, chosen, year, ctx.lang, dataset_label=ctx.dataset_label())
if m.absent:
    st.warning(md(t("cmp_missing_year", year=year, names=", ".join(ctx.region_name(r) for r in m.absent))))
if len(m.regions) < 2:
    st.info(t("cmp_need_two"))
    st.stop()

# ------------------------------------------------------------------ scores, gaps, the table: one at a time
# Only the open section runs (its charts were most of what a change of the regions waited for in the browser:
# ~400 -> ~250 ms from the click with all three shown); the URL's ?section= names it, so a link opens it.
sections = url_tabs({"scores": t("cmp_sec_scores"), "gaps": t("cmp_gap_heading"),
                     "table": t("cmp_table_heading")}, "section")

with sections["scores"]:
    if sections["scores"].open:
        views = {v: t(key) for v, key in vm.VIEWS.items()}
        view = url_select(st.segmented_control, t("cmp_view"), list(views), "view", views.get, default="dims",
                          required=True)
        chart(vm.scores_figure(m, view), f"cmp_chart_{view}", f"compare-{view}-{year}", lines=[m.method_line])
        if view == "par":
            st.caption(t("cmp_par_note"))

with sections["gaps"]:
    if sections["gaps"].open:
        benches = {b: t(key) for b, key in vm.BENCHES.items()}
        bench = url_select(st.segmented_control, t("col_bench"), list(benches), "bench", benches.get,
                           default="mean", required=True)
        gp = vm.gaps(m, bench, compute=functools.partial(diag, ctx, diagnostics.gaps))
        chart(gp.heatmap, "cmp_gaps", f"gaps-{bench}-{year}", lines=[m.method_line])
        gap_note = t("cmp_gap_note")
        if gp.best:
            gap_note += " " + md(t("cmp_gap_best", name=ctx.region_name(gp.best)))
        st.caption(gap_note)
        if gp.no_group:
            st.warning(md(t("cmp_gap_group_missing", names=", ".join(gp.no_group))))
        downloads(gp.table, f"gaps-{bench}-{year}", t("cmp_sheet_gaps"), "cmp_dl_gaps")

with sections["table"]:
    if sections["table"].open:
        side = vm.side_table(m)
        cfg = {**{c: st.column_config.NumberColumn(c, format=fmt.printf()) for c in side.score_columns},
               **{c: st.column_config.NumberColumn(c, format="%d") for c in side.rank_columns}}
        st.dataframe(side.table, hide_index=True, width="stretch", column_config=cfg,
                     height=38 + 35 * len(side.table),
                     placeholder="—",  # a sub-dimension without data for the year (survey or indicator data only)
                     key="cmp_side")
        st.caption(t("cmp_table_note", year=year, n=side.n_ranked))
        downloads(side.table, f"compare-{year}", t("cmp_sheet_scores"), "cmp_dl_side")

# ------------------------------------------------------------------ measures
st.subheader(t("cmp_measures_heading"))
st.caption(t("cmp_measures_intro"))
per_region, records = vm.measures(m, compute=functools.partial(diag, ctx, diagnostics.recommend))
# one region's measures at a time: the open tab runs, the others when opened (every region's text on the
# page cost the browser ~0.2 s of each change of the regions)
for tab, rm, code, name in zip(st.tabs([md(n) for n in m.names], key="cmp_mtabs", on_change="rerun"), per_region,
                               m.regions, m.names):
    with tab:
        if not tab.open:
            continue
        # the whole profile's measures tab: the obstacles and gaps behind them, the table to download
        st.page_link(PROFILE, label=md(t("cmp_open_profile", name=name)), icon=":material/location_city:",
                     query_params=link_params(region=str(code), tab="measures"))
        if rm.strong:
            st.success(t("strong_everywhere"))
        elif not rm.blocks:
            st.info(t("cmp_no_measures"))
        for head, lines in rm.blocks:
            st.markdown("**" + md(head) + "**")
            st.markdown("\n".join(f"- {md(text)} — {md(src)}" for text, src in lines) if lines
                        else md(t("cmp_measure_none")))
if len(records):
    downloads(records, f"measures-{year}", t("cmp_sheet_measures"), "cmp_dl_measures")
st.caption(md(ctx.source_note()))
