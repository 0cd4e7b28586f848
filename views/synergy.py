"""Synergy 协同分析: the coupling-coordination degree of the three dimensions (paper §4, "协同效应"),
balance between any two dimensions, stakeholder perception gaps (§3.3) and regional disparity over time.

Thin page: the data come from :mod:`viewmodels.synergy` (every number through :func:`ui.state.diag`,
cached and shared read-only); this script reads the context, caches the model's figures per plain key and
renders.  Region, group and node names may come from uploads, so they reach Markdown only through
:func:`ui.i18n.md` and charts only through the builders (which escape them).

The x / y selects and the scatter they drive are one fragment (issue 11): a change reruns only that part.
"""
from __future__ import annotations

import functools

import streamlit as st

from metrics import diagnostics
from metrics.data import region_group_names
from metrics.diagnostics import perception_by_subdim_of
from viewmodels import synergy
from ui.geomap import region_map
from ui.i18n import md, t
from ui.paging import dataset_search, paged_table
from ui.pickers import LAZY_AT
from ui.state import Context, diag, memo, spec_key
from ui.widgets import chart, downloads, url_select



def cards(m: synergy.Synergy) -> None:
    for col, c in zip(st.columns(4), m.cards):  # the lowest D: the (shortened) name under it, in full on hover
        extra = dict(delta_color="off", delta_arrow="off") if c.delta is not None else {}
        col.metric(c.label, c.value, c.delta, border=True, help=c.help, **extra)
    if m.rescaled:
        st.info(t("syn_rescaled"))


def explanation(m: synergy.Synergy) -> None:
    """C, T, D and the ten bands, with how many regions are in each."""
    st.subheader(t("syn_explain_heading"))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(t("syn_explain_c"))
        st.markdown(t("syn_explain_t"))
        st.markdown(t("syn_explain_d"))
        st.latex(r"C = \frac{n\,\left(\prod_{i=1}^{n} U_i\right)^{1/n}}{\sum_{i=1}^{n} U_i},\qquad "
                 r"T = \sum_{i=1}^{n} a_i U_i,\qquad D = \sqrt{C\cdot T}")
        st.caption(t("syn_explain_u"))
    with right:
        st.dataframe(m.bands, hide_index=True, width="stretch", height=35 * len(m.bands) + 38, column_config={
            t("syn_band_no"): st.column_config.NumberColumn(width=44),   # room for a four-digit count of regions
            t("ov_regions"): st.column_config.NumberColumn(width=64)})
        st.caption(t("syn_bands_note"))


def map_and_table(m: synergy.Synergy, ctx: Context) -> None:
    """The tile grid for provinces, the boundary map for cities and counties (ui.geomap), beside the
    coordination table a page at a time."""
    st.subheader(t("syn_map_heading"))
    c = m.columns
    map_col, table_col = st.columns([1, 1], gap="large")
    with map_col:
        region_map(ctx, m.syn["D"].astype(float), t("syn_map_title"), t("syn_map_colorbar"), "syn_map",
                   list(m.lines[1:]), ".2f", subtitle=m.lines[0], zmin=m.zmin, zmax=m.zmax, hover=m.hover,
                   name=f"coordination-map-{m.year}")
        st.caption(t("syn_map_note"))
    with table_col:
        cfg = {c["rank"]: st.column_config.NumberColumn(format="%d", width="small"),
               c["c"]: st.column_config.NumberColumn(format="%.3f"),
               c["t"]: st.column_config.NumberColumn(format="%.3f"),
               c["d"]: st.column_config.NumberColumn(format="%.3f"),
               c["band_no"]: st.column_config.NumberColumn(format="%d", width="small")}
        search = dataset_search(ctx)   # code -> code and both names
        paged_table(m.table, "syn_rank", search=search.reindex(m.table[c["code"]]).set_axis(m.table.index),
                    height_all=660, hide_index=True, width="stretch", column_config=cfg,
                    column_order=[x for x in m.table.columns if x != c["code"]])
        st.caption(t("syn_table_caption"))
    downloads(m.table, f"coordination-{m.year}", t("syn_sheet"), "syn_dl_table")


@st.fragment
def two_dimensions(m: synergy.Synergy, key: tuple) -> None:
    """The x / y selects and the scatter they drive: a fragment, so a change reruns only this."""
    dims, name = list(m.dims), m.node_names.get
    s1, s2, _ = st.columns([1, 1, 2])
    with s1:
        x = url_select(st.selectbox, t("syn_scatter_x"), dims, "x", name, default=dims[0])
    with s2:
        y = url_select(st.selectbox, t("syn_scatter_y"), dims, "y", name, default=dims[min(1, len(dims) - 1)])
    if x == y:
        st.info(t("syn_same_dim"))
        return
    chart(memo("synergy", key + ("scatter", x, y), lambda: synergy.scatter(m, x, y)), key="syn_scatter",
          name=f"dimensions-{x}-{y}-{m.year}")
    st.caption(md(t("syn_scatter_note", x=name(x), y=name(y))) + (" " + t("syn_scatter_many") if m.many else ""))


def bands(m: synergy.Synergy, key: tuple) -> None:
    st.subheader(t("syn_bands_heading"))
    b1, b2 = st.columns(2, gap="large")
    with b1:
        chart(memo("synergy", key + ("band_counts",), lambda: synergy.band_counts(m)), key="syn_band_counts",
              name=f"coordination-bands-{m.year}", share=0.5)
    with b2:
        chart(memo("synergy", key + ("band_box",), lambda: synergy.band_box(m)), key="syn_band_box",
              name=f"coordination-by-group-{m.year}", share=0.5)
        st.caption(t("dist_note_many" if m.many else "dist_note"))


def perception(m: synergy.Synergy, ctx: Context, key: tuple) -> None:
    """Per statement, how far the stakeholder groups' answers diverge; per region and sub-dimension, a heat map."""
    st.subheader(t("syn_perc_heading"))
    st.markdown(t("syn_perc_intro"))
    if ctx.dataset.survey is None:
        st.info(t("syn_no_survey"))
        return
    gaps = diag(ctx, diagnostics.perception, year=m.year)
    if not len(gaps) or gaps["spread"].isna().all():
        st.info(t("syn_no_survey_year", year=m.year))
        return
    ptable = memo("synergy", key + ("perception",), lambda: synergy.perception_table(m, gaps))
    st.dataframe(ptable, hide_index=True, width="stretch", height=35 * len(ptable) + 38, column_config={
        t("col_statement"): st.column_config.TextColumn(width="large"),
        t("syn_perc_col_spread"): st.column_config.NumberColumn(format="%.2f"),
        t("syn_perc_col_sig"): st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100),
    })
    st.caption(t("syn_perc_table_caption"))
    downloads(ptable, f"perception-gaps-{m.year}", t("syn_sheet_perc"), "syn_dl_perc")
    # from the gaps above: the same as diag(ctx, diagnostics.perception_by_subdim, year=year) without a second test pass
    by_sub = memo("synergy", key[:3] + key[4:] + ("perception_by_subdim",),
                  lambda: perception_by_subdim_of(ctx.assessment, gaps))
    if len(by_sub) and by_sub["mean_spread"].notna().any():
        fig, hz = memo("synergy", key + ("perception_heat",), lambda: synergy.perception_heat(m, by_sub))
        chart(fig, key="syn_perc_heat", name=f"perception-gaps-{m.year}")
        st.caption(t("syn_perc_heat_note") + (" " + t("syn_perc_heat_note_top", n=synergy.HEAT_TOP)
                                              if len(hz) > synergy.HEAT_ALL else ""))
        downloads(hz, f"perception-by-subdimension-{m.year}", t("syn_sheet_perc_heat"), "syn_dl_heat")


def disparity(m: synergy.Synergy, ctx: Context, key: tuple) -> None:
    """Theil and Dagum-Gini decompositions by region group over the years."""
    st.subheader(t("syn_disp_heading"))
    st.markdown(t("syn_disp_intro"))
    gset = set(m.groups.dropna().astype(str)) - {""}
    if len(gset) < 2:
        st.info(t("syn_no_groups"))
        return
    label = t("syn_groups_default") if gset <= set(region_group_names()) else t("syn_groups_generic")
    st.markdown("- " + t("syn_disp_between", groups=label) + "\n- " + t("syn_disp_within") + "\n- "
                + t("syn_disp_transvar"))
    try:
        disp = diag(ctx, diagnostics.disparity_over_time)
    except ValueError:  # for example a coefficient of variation with a mean <= 0 (z-scores)
        st.warning(t("syn_disp_failed"))
        return
    d = memo("synergy", key + ("disparity",), lambda: synergy.disparity(m, disp))
    c1, c2 = st.columns(2, gap="large")
    with c1:
        if d.theil is not None:
            chart(d.theil, key="syn_theil", name="theil-over-time", share=0.5)
        else:
            st.warning(t("syn_theil_positive"))
    with c2:
        if d.dagum is not None:
            chart(d.dagum, key="syn_dagum", name="dagum-gini-over-time", share=0.5)
        else:
            st.warning(t("syn_gini_negative"))
    st.dataframe(d.table, hide_index=True, width="stretch", placeholder="—", column_config={
        t("year"): st.column_config.NumberColumn(format="%d"),
        t("syn_col_theil_bs"): st.column_config.NumberColumn(format="%.1f%%"),
        **{c: st.column_config.NumberColumn(format="%.4f") for c in d.table.columns[1:] if c != t("syn_col_theil_bs")},
    })
    st.caption(t("syn_disp_table_caption"))
    downloads(d.table, "disparity-over-time", t("syn_sheet_disp"), "syn_dl_disp")


ctx: Context = st.session_state["ctx"]
# the cache key of the figures; the data's fingerprint too: a key may name other data after a deletion
KEY = (ctx.dataset_key, spec_key(ctx.spec), ctx.year, ctx.lang, ctx.assessment.fingerprint)
model = synergy.build(ctx.assessment, ctx.year, ctx.lang, dataset_label=ctx.dataset_label(),
                      diag=functools.partial(diag, ctx), esc=md)
st.title(model.title)
st.caption(model.intro)
if model.empty:
    st.info(t("no_data"))
    st.stop()
cards(model)
explanation(model)
map_and_table(model, ctx)
st.subheader(t("syn_scatter_heading"))
two_dimensions(model, KEY)
bands(model, KEY)
if len(model.codes) > LAZY_AT:
    # At county scale the perception gaps need every answer decoded and tested (1-2 s a first time): there the
    # two last sections are tabs that run when opened, disparity (cheap) first; fewer regions show both.
    tabs = st.tabs([t("syn_disp_heading"), t("syn_perc_heading")], key="syn_tabs", on_change="rerun")
    for tab, section in zip(tabs, (disparity, perception)):
        with tab:
            if tab.open is not False:
                section(model, ctx, KEY)
else:
    perception(model, ctx, KEY)
    disparity(model, ctx, KEY)
