"""Overview 总览: headline figures, maturity levels, tile map, distribution by region group,
the ranking of all regions (searchable, click a row to open its profile) and the change on the
previous year.

Thin page: scores, ranks, levels and coverage come from the cached assessment; coordination bands
and changes from :func:`ui.state.diag`; figures from :mod:`charts`.  Region and node names come
from uploads, so they reach Markdown only through :func:`ui.i18n.md` (every ASCII punctuation mark
backslash-escaped, which CommonMark renders literally) and charts only through the builders.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from metrics.data import region_group_names

from metrics.hierarchy import province_of
from metrics.levels import LEVEL_NAMES, level_name
from metrics import diagnostics
import charts
from ui.fieldwork import warn_thin
from ui.geomap import ALL, is_below_province, province_names, region_map
from ui.i18n import md, t
from charts.names import CARD, short
from ui.state import Context, diag
from ui.widgets import chart, downloads, link_params, url_select

PROFILE = "views/profile.py"
#: Above this many regions the charts aggregate (top and bottom N, a histogram, box plots without every dot)
#: and the ranking is paged.
MANY = 40
TOP_N = 10
PAGE_SIZES = (25, 50, 100)

_group_names = region_group_names  # (shared loader in metrics.data)


ctx: Context = st.session_state["ctx"]
a = ctx.assessment
year = ctx.year
root = a.root
dims = list(a.framework.children[root])
en = ctx.lang == "en"

lo, hi = a.display_range()
fmt = ctx.fmt  # numbers as the method's scale needs them: 78.5 on 0–100, -0.62 for z-scores
dataset_label = ctx.dataset_label()
note = t("ov_short_note", dataset=dataset_label, year=year)  # chart subtitle, with a method line under it
method_line = [t("ov_method_note", method=ctx.spec.describe(ctx.lang))]
score_axis = t("ov_score_axis") if (lo, hi) == (0.0, 100.0) else t("ov_score_axis_range", lo=fmt.edge(lo),
                                                                       hi=fmt.edge(hi))

st.title(t("app_title"))
st.caption(t("app_subtitle", dims=md(" · ".join(ctx.node_name(d) for d in dims))))
warn_thin(ctx)      # scores of this year resting on survey cells below the fieldwork target

# ------------------------------------------------------------------ data for this year
scores = a.all_scores.xs(year, level="year")[[root, *dims]]
index = scores[root]
valid = index.dropna()
codes = list(scores.index)
ranks = a.ranks().xs(year, level="year").reindex(codes)
levels = a.levels().xs(year, level="year").reindex(codes)
syn = diag(ctx, diagnostics.synergy, year=year).xs(year, level="year").reindex(codes)
coverage = a.coverage.xs(year, level="year")[root].reindex(codes)
earlier = [y for y in a.years if y < year]
prev_year = earlier[-1] if earlier else None
groups = ctx.dataset.region_groups().reindex(codes)
gnames = _group_names()
names = pd.Series([ctx.region_name(r) for r in codes], index=codes, dtype=object)
below = any(is_below_province(c) for c in codes)  # cities or counties: a province filter and drill-down
many = len(codes) > MANY


def group_name(g) -> str:
    if not isinstance(g, str) or not g:
        return t("ov_no_group")
    return gnames.get(g, (g, g))[en]


# ------------------------------------------------------------------ headline figures
if valid.empty:
    st.info(t("no_data"))
    st.stop()
best, worst = valid.idxmax(), valid.idxmin()
c = st.columns(5)
c[0].metric(t("ov_regions"), f"{len(valid)}", border=True)
c[1].metric(t("ov_mean"), fmt(valid.mean()), border=True,
            help=t("ov_mean_help", year=year) if (lo, hi) == (0.0, 100.0) else t(
                "ov_mean_help_range", year=year, lo=fmt.edge(lo), hi=fmt.edge(hi)))
c[2].metric(t("ov_spread"), fmt(valid.std(ddof=1)) if len(valid) > 1 else "—",
            help=t("ov_spread_help"), border=True)
# the score is the value; the region's name (long for a county: "新疆生产建设兵团第十四师昆玉市") goes under
# it, shortened to one line, with the full name in the card's help
for col, label, code in ((c[3], "ov_best", best), (c[4], "ov_weakest", worst)):
    full = names[code]
    col.metric(t(label), fmt(valid[code]), md(short(full, CARD)), delta_color="off", delta_arrow="off",
               border=True, help=t("ov_card_region_help", name=md(full), code=md(code), v=fmt(valid[code])))

st.subheader(t("ov_levels_heading"))
counts = levels.value_counts()
lc = st.columns(len(LEVEL_NAMES))
for k, col in zip(sorted(LEVEL_NAMES), lc):
    n = int(counts.get(float(k), 0))  # the number alone: "21 regions" does not fit five cards at 1024 px
    col.metric(t("ov_level_label", k=k), str(n), level_name(k, ctx.lang), delta_color="off", delta_arrow="off",
               border=True, help=t("ov_level_help", n=n, k=k, name=level_name(k, ctx.lang)))
if a.spec.maturity == "bands":
    edges = [lo] + [lo + (hi - lo) * e / 100 for e in a.spec.bands] + [hi]
    how = t("ov_levels_bands", edges=" / ".join(fmt.edge(e) for e in edges))
else:
    how = t("ov_levels_kmeans")
st.caption(t("ov_levels_note", method=how))

# ------------------------------------------------------------------ map and distribution
node = url_select(st.radio, t("ov_color_by"), [root, *dims], "node", lambda n: md(ctx.node_name(n)),
                  default=root, horizontal=True)
node_name = ctx.node_name(node)
values = scores[node]
left, right = st.columns([3, 2], gap="large")
with left:
    v = values.dropna()  # colour range: the data's, widened to whole tens (more contrast than 0–100)
    step = (hi - lo) / 10
    zmin = max(lo, math.floor(v.min() / step) * step) if len(v) else lo
    zmax = min(hi, math.ceil(v.max() / step) * step) if len(v) else hi
    if below:  # a county's name alone is ambiguous (鼓楼区): its province first
        prov = province_names(ctx, codes)
        where = [prov.get(province_of(r), "") for r in codes]
    else:
        where = [""] * len(codes)
    hover = pd.Series([(f"{w} " if w else "") + (f"{n} · {node_name} {fmt(x)} · {level_name(lv, ctx.lang)}"
                                                 if pd.notna(x) else f"{n} · —")
                       for w, n, x, lv in zip(where, names, values, levels)], index=codes)
    region_map(ctx, values, t("ov_map_title_base", node=node_name), score_axis, "ov_map", method_line,
               fmt.spec(compact=True), subtitle=note, zmin=zmin, zmax=zmax if zmax > zmin else zmin + step,
               hover=hover, name=f"map-{node}-{year}")
with right:
    order = {g: i for i, g in enumerate(gnames)}
    dist = pd.DataFrame({"value": values, "group_code": groups.astype(object),
                         "label": names}).dropna(subset=["value"])
    dist["group"] = [group_name(g) for g in dist["group_code"]]
    dist = dist.sort_values("group_code", key=lambda s: s.map(lambda g: order.get(g, len(order))), kind="stable")
    cmap = {group_name(g): col for g, col in charts.GROUP_COLORS.items()}
    fig = charts.box_by_group(dist, "value", "group", t("ov_dist_title"), node_name,
                              score_axis, color_map=cmap, fmt=fmt.spec())
    if many:  # thousands of jittered dots hide the boxes: the outliers only
        fig.update_traces(boxpoints="outliers", jitter=0, marker_size=5)
        for tr in fig.data:
            tr.name = f"{tr.name} ({len(tr.y)})"
    fig.update_layout(height=620)
    chart(fig, "ov_box", f"distribution-{node}-{year}", lines=[note])  # narrow: the method line is on the map
    st.caption(t("ov_dist_note_many" if many else "ov_dist_note"))

# ------------------------------------------------------------------ ranking
st.subheader(t("ov_ranking", year=year))
col_rank, col_region, col_code, col_group = t("col_rank"), t("col_region"), t("col_code"), t("col_group")
col_index, col_level, col_band, col_cov = t("col_index"), t("col_level"), t("col_band"), t("col_coverage")
col_change = t("col_change")
table = pd.DataFrame({
    col_rank: ranks.astype("Int64"),
    col_region: names.to_numpy(),
    col_code: codes,
    col_group: [group_name(g) for g in groups],
    col_index: fmt.round(index),
}, index=codes)
for d in dims:
    table[ctx.node_name(d)] = fmt.round(scores[d])
table[col_level] = [level_name(v, ctx.lang) for v in levels]
table[col_band] = syn["band_en" if en else "band_zh"].fillna("—").to_numpy()
table[col_cov] = (coverage * 100).round(0)
if prev_year is not None:
    chg = diag(ctx, diagnostics.change, start=prev_year, end=year)
    table[col_change] = fmt.round(chg["change"].reindex(codes))
first = [col_rank, col_region, col_index] + ([col_change] if prev_year is not None else [])
table = table[first + [c for c in table.columns if c not in first]]  # the index and its change beside the name
table = table.sort_values([col_rank, col_code], na_position="last").reset_index(drop=True)
# what the search also matches: the name in the other language (and, below province level, the province's)
other = pd.Series([ctx.dataset.region_name(r, "zh" if en else "en") for r in table[col_code]])
hay = (table[col_region].astype(str) + "\n" + table[col_code].astype(str) + "\n" + other).str.casefold()
table_prov = pd.Series([province_of(r) for r in table[col_code]]) if below else None
provinces = province_names(ctx, codes) if below else {}

cfg = {
    col_rank: st.column_config.NumberColumn(col_rank, format="%d", width="small"),
    col_region: st.column_config.TextColumn(col_region, width=220 if below else 130),  # county names are longer
    col_code: None,  # searchable and in the downloads; hidden to leave room on a projector
    col_index: st.column_config.NumberColumn(col_index, format=fmt.printf()),
    col_level: st.column_config.TextColumn(col_level, help=t("ov_col_level_help")),
    col_band: st.column_config.TextColumn(col_band, help=t("ov_col_band_help")),
    col_cov: st.column_config.NumberColumn(col_cov, format="%.0f%%", help=t("ov_col_coverage_help")),
    **{ctx.node_name(d): st.column_config.NumberColumn(format=fmt.printf()) for d in dims},
}
if prev_year is not None:
    cfg[col_change] = st.column_config.NumberColumn(col_change, format=fmt.printf(sign=True), help=t("ov_col_change_help",
                                                                                        y0=prev_year))


@st.fragment
def ranking() -> None:
    """Search, province filter, pages and the table: a fragment, so typing or paging reruns only this."""
    bar = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    with bar:
        query = st.text_input(t("ov_search"), key="ov_search", placeholder=t("ov_search_ph"), width=420)
        prov = ALL
        if len(provinces) > 1:
            prov = st.selectbox(t("ov_province_filter"), [ALL, *provinces], key="ov_rank_province", width=220,
                                format_func=lambda p: t("ov_province_all") if p == ALL else md(provinces.get(p, p)))
    q = query.strip().casefold()
    keep = pd.Series(True, index=table.index)
    if q:
        keep &= hay.str.contains(q, regex=False)
    if prov != ALL:
        keep &= table_prov == prov
    view = table[keep].reset_index(drop=True)
    paged = len(table) > PAGE_SIZES[1]  # a province's 31 regions: one table, as before
    size = len(view) or 1
    page = 1
    if view.empty:
        st.info(t("ov_search_none"))
    else:
        if paged:
            size = st.session_state.get("ov_page_size") or PAGE_SIZES[0]
            pages = max(1, math.ceil(len(view) / size))
            page_key = f"ov_page_{q}_{prov}_{size}"  # a new filter or page size starts on page 1
            page = min(int(st.session_state.get(page_key) or 1), pages)
            rows = view.iloc[(page - 1) * size: page * size]
        else:
            rows = view
        event = st.dataframe(rows, hide_index=True, width="stretch", column_config=cfg, on_select="rerun",
                             selection_mode="single-row", key=f"ov_table_{year}_{q}_{prov}_{page}_{size}",
                             height=38 + 35 * len(rows) + 2)
        if paged:
            pager = st.container(horizontal=True, vertical_alignment="center", gap="small")
            with pager:
                st.number_input(t("ov_page"), min_value=1, max_value=pages, step=1, key=page_key, width=150)
                st.segmented_control(t("ov_page_size"), PAGE_SIZES, key="ov_page_size", default=PAGE_SIZES[0],
                                     format_func=lambda n: t("ov_page_size_n", n=n))
            first_row = (page - 1) * size + 1
            st.caption(t("ov_page_count", a=first_row, b=first_row + len(rows) - 1, n=len(view), total=len(table),
                         page=page, pages=pages) + " · " + t("ov_select_hint"))
        else:
            st.caption(t("ov_search_count", n=len(view), total=len(table)) + " · " + t("ov_select_hint"))
        picked = event.selection.rows if event is not None else []
        if picked:
            code = str(rows.iloc[picked[0]][col_code])
            # the profile opens on this region, with the URL's shared state (language, dataset, method, year)
            st.switch_page(PROFILE, query_params=link_params(region=code))
        if (q or prov != ALL) and len(view) <= 8:
            links = st.columns(min(len(view), 8) + 1)
            links[0].markdown(t("ov_open_profile"))
            for col, code, name in zip(links[1:], view[col_code], view[col_region]):
                col.page_link(PROFILE, label=md(name), icon=":material/location_city:",
                              query_params=link_params(region=str(code)))
    downloads(view, f"ranking-{year}", t("ov_sheet_ranking"), "ov_dl")  # the whole (filtered) table


ranking()
st.caption(md(ctx.source_note()))

# ------------------------------------------------------------------ change on the previous year
st.subheader(t("ov_change_heading"))
if len(a.years) < 2:
    st.info(t("ov_change_single"))
elif prev_year is None:
    st.info(t("ov_change_first", year=year))
else:
    chg = diag(ctx, diagnostics.change, start=prev_year, end=year, node=node)
    ch = chg["change"].dropna()
    if len(ch) <= MANY:
        fig = charts.change_bars([names[r] for r in ch.index], ch.tolist(),
                                 t("ov_change_title", node=node_name, y0=prev_year, y1=year), note,
                                 t("ov_change_axis"), fmt=fmt.spec(sign=True))
        chart(fig, "ov_change", f"change-{node}-{prev_year}-{year}", lines=method_line)
        st.caption(t("ov_change_note"))
    else:  # thousands of bars: the largest rises and falls, and how all the changes are spread
        srt = ch.sort_values(ascending=False, kind="stable")
        ends = pd.concat([srt.head(TOP_N), srt.tail(TOP_N)]) if len(srt) > 2 * TOP_N else srt
        label = [short(names[r], 28) for r in ends.index]
        cl, cr = st.columns(2, gap="large")
        with cl:
            fig = charts.change_bars(label, ends.tolist(),
                                     t("ov_change_ends_title", node=node_name, n=TOP_N, y0=prev_year, y1=year),
                                     note, t("ov_change_axis"), fmt=fmt.spec(sign=True))
            chart(fig, "ov_change", f"change-ends-{node}-{prev_year}-{year}", lines=method_line)
            st.caption(t("ov_change_ends_note", n=TOP_N, total=len(ch)))
        with cr:
            fig = charts.change_histogram(ch.to_numpy(dtype=float),
                                          t("ov_change_hist_title", node=node_name, y0=prev_year, y1=year), note,
                                          t("ov_change_axis"), t("ov_change_hist_count"), fmt=fmt.spec(sign=True))
            chart(fig, "ov_change_hist", f"change-histogram-{node}-{prev_year}-{year}", lines=method_line)
            st.caption(t("ov_change_hist_note", up=int((ch > 0).sum()), down=int((ch < 0).sum()),
                         median=fmt(float(ch.median()), sign=True)))
    if "normalised_by_year" in chg.attrs.get("flags", []):
        st.warning(t("ov_change_by_year"))

