"""Overview 总览: headline figures, maturity levels, tile map, distribution by region group,
the ranking of all regions (searchable, click a row to open its profile) and the change on the
previous year.

Thin page: the data come from :mod:`viewmodels.overview` (scores, ranks, levels and coverage of the cached
assessment; coordination bands and changes through :func:`ui.state.diag`); this script reads the context
and renders.  Region and node names come from uploads, so they reach Markdown only through
:func:`ui.i18n.md` (every ASCII punctuation mark backslash-escaped, which CommonMark renders literally)
and charts only through the builders.

The "colour by" choice and everything it drives (map, distribution, the change on the previous year) is
one fragment (issue 11): a change reruns that part, not the headline figures; the ranking inside it is a
fragment of its own, so typing a search or turning a page reruns only the table.  The ranking and the
change on the previous year are two lazy tabs (:func:`ui.widgets.url_tabs`, ``?tab=change``): only the
open one is built and drawn.
"""
from __future__ import annotations

import functools

import streamlit as st

from viewmodels import overview
from ui.fieldwork import warn_thin
from ui.geomap import province_names, region_map
from ui.i18n import md, t
from ui.paging import Pager, RowFilter, paged_table
from ui.state import Context, diag, memo, spec_key
from ui.widgets import PROFILE, chart, downloads, link_params, url_select, url_tabs

PAGE_SIZES = (25, 50, 100)


def cards(row, items) -> None:
    """Headline cards; a card with a line under its value (a name, a level) shows it grey, without arrow."""
    for col, c in zip(row, items):
        extra = dict(delta_color="off", delta_arrow="off") if c.delta is not None else {}
        col.metric(c.label, c.value, c.delta, border=True, help=c.help, **extra)


def column_config(m: overview.Overview) -> dict:
    """The ranking's columns: numbers in the method's format, the code hidden (searchable and in the
    downloads, hidden to leave room on a projector), county names wider."""
    c, fmt = m.columns, m.fmt
    cfg = {
        c["rank"]: st.column_config.NumberColumn(c["rank"], format="%d", width="small"),
        c["region"]: st.column_config.TextColumn(c["region"], width=220 if m.below else 130),
        c["code"]: None,
        c["index"]: st.column_config.NumberColumn(c["index"], format=fmt.printf()),
        c["level"]: st.column_config.TextColumn(c["level"], help=t("ov_col_level_help")),
        c["band"]: st.column_config.TextColumn(c["band"], help=t("ov_col_band_help")),
        c["coverage"]: st.column_config.NumberColumn(c["coverage"], format="%.0f%%", help=t("ov_col_coverage_help")),
        **{m.node_names[d]: st.column_config.NumberColumn(format=fmt.printf()) for d in m.nodes[1:]},
    }
    if m.prev_year is not None:
        cfg[c["change"]] = st.column_config.NumberColumn(c["change"], format=fmt.printf(sign=True),
                                                         help=t("ov_col_change_help", y0=m.prev_year))
    return cfg


def ranking_caption(p) -> str:
    count = (t("ov_page_count", a=p.a, b=p.b, n=p.n, total=p.total, page=p.page, pages=p.pages) if p.paged
             else t("ov_search_count", n=p.n, total=p.total))
    return count + " · " + t("ov_select_hint")


@st.fragment
def ranking(m: overview.Overview) -> None:
    """Search, province filter, pages and the table: a fragment, so typing or paging reruns only this.
    A click on a row opens that region's profile; a narrow search offers links to the profiles."""
    code_col, name_col = m.columns["code"], m.columns["region"]
    # the table's key does not name the year: another year updates the table in place (a key of its own
    # remounted it, ~70 ms of the browser's time); a click on a row leaves the page, so no pick is left over
    pager = Pager(search_key="ov_search", page_key="ov_page_{q}_{filters}_{size}", size_key="ov_page_size",
                  table_key=f"ov_table_{{q}}_{{filters}}_{{page}}_{{size}}", sizes=PAGE_SIZES, words=False,
                  always_search=True, controls_below=True, selectable=True, header_px=40, search_kw={"width": 420},
                  texts={"search": "ov_search", "search_hint": "ov_search_ph", "page": "ov_page",
                         "none": "ov_search_none"}, caption=ranking_caption)
    filters = []
    if len(m.provinces) > 1:
        filters.append(RowFilter("ov_rank_province", t("pk_province"),
                                 {p: md(n) for p, n in m.provinces.items()}, m.row_province, t("pk_all_provinces")))
    shown = paged_table(m.table, "ov", search=m.search, show_all_up_to=PAGE_SIZES[1], pager=pager,
                        filters=filters, hide_index=True, width="stretch", column_config=column_config(m))
    if shown.picked is not None:
        # the profile opens on this region, with the URL's shared state (language, dataset, method, year)
        st.switch_page(PROFILE, query_params=link_params(region=str(shown.picked[code_col])))
    view = shown.view
    if shown.narrowed and 0 < len(view) <= 8:
        links = st.columns(len(view) + 1)
        links[0].markdown(t("ov_open_profile"))
        for col, code, name in zip(links[1:], view[code_col], view[name_col]):
            col.page_link(PROFILE, label=md(name), icon=":material/location_city:",
                          query_params=link_params(region=str(code)))
    downloads(view, f"ranking-{m.year}", t("ov_sheet_ranking"), "ov_dl")  # the whole (filtered) table


def change_section(m: overview.Overview, nv: overview.NodeView) -> None:
    """The change on the previous year: one chart, or for many regions the ends beside a histogram."""
    if m.change_note:
        st.info(m.change_note)
        return
    cols = st.columns(2, gap="large") if len(nv.changes) > 1 else [st.container()]
    for col, c in zip(cols, nv.changes):
        with col:
            chart(c.figure, c.key, c.name, lines=list(c.lines), share=1 / len(cols))
            st.caption(c.caption)
    if nv.change_warning:
        st.warning(nv.change_warning)


@st.fragment
def by_node(m: overview.Overview, ctx: Context, key: tuple) -> None:
    """The "colour by" radio and what it drives: the map, the distribution, the ranking (a fragment of its
    own, placed here to keep the page's order) and the change on the previous year."""
    node = url_select(st.radio, t("ov_color_by"), list(m.nodes), "node", lambda n: md(m.node_names[n]),
                      default=m.nodes[0], horizontal=True)
    nv = memo("overview", key + (node,), lambda: overview.by_node(m, node))
    left, right = st.columns([3, 2], gap="large")
    with left:
        region_map(ctx, nv.values, nv.map_title, m.score_axis, "ov_map", list(m.method_line),
                   m.fmt.spec(compact=True), subtitle=m.note, zmin=nv.zmin, zmax=nv.zmax, hover=nv.hover,
                   name=nv.map_name)
    with right:  # narrow: the method line is on the map
        chart(nv.box.figure, nv.box.key, nv.box.name, lines=list(nv.box.lines), share=0.4)
        st.caption(nv.box.caption)
    # the ranking, or the change on the previous year: only the open tab runs (the change's bar chart was
    # ~55 ms of every change of year or colour in the browser); the URL's ?tab= names it, so a link opens it
    tabs = url_tabs({"ranking": t("ov_tab_ranking"), "change": t("ov_change_heading")}, "tab")
    with tabs["ranking"]:
        if tabs["ranking"].open:
            st.subheader(m.ranking_title)
            ranking(m)
    with tabs["change"]:
        if tabs["change"].open:
            change_section(m, nv)
    st.caption(md(ctx.source_note()))


ctx: Context = st.session_state["ctx"]
# the cache key of the figures; the data's fingerprint too: a key may name other data after a deletion
KEY = (ctx.dataset_key, spec_key(ctx.spec), ctx.year, ctx.lang, ctx.assessment.fingerprint)
# the page's model, once per dataset, spec, year, language and label for the process (shared read-only)
model = memo("overview", KEY + ("model", ctx.dataset_label()), lambda: overview.build(
    ctx.assessment, ctx.year, ctx.lang, dataset_label=ctx.dataset_label(), diag=functools.partial(diag, ctx), esc=md,
    province_names=lambda codes: province_names(ctx, codes)))
st.title(model.title)
st.caption(model.subtitle)
warn_thin(ctx)      # scores of this year resting on survey cells below the fieldwork target
if model.empty:
    st.info(t("no_data"))
    st.stop()
cards(st.columns(5), model.cards)
st.subheader(t("ov_levels_heading"))
cards(st.columns(len(model.level_cards)), model.level_cards)
st.caption(model.levels_note)
by_node(model, ctx, KEY)
