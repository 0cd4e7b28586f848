"""Overview 总览: headline figures, maturity levels, tile map, distribution by region group,
the ranking of all regions (searchable, click a row to open its profile) and the change on the
previous year.

Thin page: scores, ranks, levels and coverage come from the cached assessment; coordination bands
and changes from :func:`ui.state.diag`; figures from :mod:`ui.charts`.  Region and node names come
from uploads, so they reach Markdown only through :func:`ui.i18n.md` (every ASCII punctuation mark
backslash-escaped, which CommonMark renders literally) and charts only through the builders.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from metrics.data import region_group_names

from metrics.levels import LEVEL_NAMES, level_name
from ui import charts
from ui.fieldwork import warn_thin
from ui.i18n import md, t
from ui.state import Context, diag
from ui.widgets import chart, downloads, link_params, url_select

PROFILE = "views/profile.py"


_group_names = region_group_names  # (shared loader in metrics.data)


ctx: Context = st.session_state["ctx"]
a = ctx.assessment
year = ctx.year
root = a.root
dims = list(a.framework.children[root])
en = ctx.lang == "en"

lo, hi = a._display_range()
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
syn = diag(ctx, "synergy", year=year).xs(year, level="year").reindex(codes)
coverage = a.coverage.xs(year, level="year")[root].reindex(codes)
earlier = [y for y in a.years if y < year]
prev_year = earlier[-1] if earlier else None
groups = ctx.dataset.region_groups().reindex(codes)
gnames = _group_names()


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
c[3].metric(t("ov_best"), md(ctx.region_name(best)), t("ov_score_delta", v=fmt(valid[best])),
            delta_color="off", delta_arrow="off", border=True)
c[4].metric(t("ov_weakest"), md(ctx.region_name(worst)), t("ov_score_delta", v=fmt(valid[worst])),
            delta_color="off", delta_arrow="off", border=True)

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
    reg = ctx.dataset.regions.table if ctx.dataset.regions is not None else pd.DataFrame()
    if {"row", "col"} <= set(reg.columns) and reg[["row", "col"]].notna().all(axis=1).any():
        pos = reg[["row", "col"]].reindex(codes)
        names = [ctx.region_name(r) for r in codes]
        tiles = pd.DataFrame({
            "row": pos["row"].to_numpy(), "col": pos["col"].to_numpy(), "value": values.to_numpy(),
            "label": names,
            "hover": [f"{n} · {node_name} {fmt(v)} · {level_name(lv, ctx.lang)}" if pd.notna(v) else f"{n} · —"
                      for n, v, lv in zip(names, values, levels)],
        }, index=codes)
        v = values.dropna()  # colour range: the data's, widened to whole tens (more contrast than 0–100)
        step = (hi - lo) / 10
        zmin = max(lo, math.floor(v.min() / step) * step) if len(v) else lo
        zmax = min(hi, math.ceil(v.max() / step) * step) if len(v) else hi
        fig = charts.tile_grid(tiles, "value", t("ov_map_title", node=node_name), note, score_axis,
                               zmin=zmin, zmax=zmax if zmax > zmin else zmin + step, fmt=fmt.spec(compact=True))
        chart(fig, "ov_map", f"map-{node}-{year}", lines=method_line)
        st.caption(t("ov_map_note"))
        missing = tiles[tiles[["row", "col"]].isna().any(axis=1)]
        if len(missing):
            st.caption(md(t("ov_no_position", names="、".join(missing["label"]) if not en else
                             ", ".join(missing["label"]))))
    else:
        st.info(t("ov_no_map"))
with right:
    order = {g: i for i, g in enumerate(gnames)}
    dist = pd.DataFrame({"value": values, "group_code": groups.astype(object),
                         "label": [ctx.region_name(r) for r in codes]}).dropna(subset=["value"])
    dist["group"] = [group_name(g) for g in dist["group_code"]]
    dist = dist.sort_values("group_code", key=lambda s: s.map(lambda g: order.get(g, len(order))), kind="stable")
    cmap = {group_name(g): col for g, col in charts.GROUP_COLORS.items()}
    fig = charts.box_by_group(dist, "value", "group", t("ov_dist_title"), node_name,
                              score_axis, color_map=cmap, fmt=fmt.spec())
    fig.update_layout(height=620)
    chart(fig, "ov_box", f"distribution-{node}-{year}", lines=[note])  # narrow: the method line is on the map
    st.caption(t("ov_dist_note"))

# ------------------------------------------------------------------ ranking
st.subheader(t("ov_ranking", year=year))
col_rank, col_region, col_code, col_group = t("col_rank"), t("col_region"), t("col_code"), t("col_group")
col_index, col_level, col_band, col_cov = t("col_index"), t("col_level"), t("col_band"), t("col_coverage")
col_change = t("col_change")
table = pd.DataFrame({
    col_rank: ranks.astype("Int64"),
    col_region: [ctx.region_name(r) for r in codes],
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
    chg = diag(ctx, "change", start=prev_year, end=year)
    table[col_change] = fmt.round(chg["change"].reindex(codes))
first = [col_rank, col_region, col_index] + ([col_change] if prev_year is not None else [])
table = table[first + [c for c in table.columns if c not in first]]  # the index and its change beside the name
table = table.sort_values([col_rank, col_code], na_position="last").reset_index(drop=True)

query = st.text_input(t("ov_search"), key="ov_search", placeholder=t("ov_search_ph"))
q = query.strip().casefold()
if q:
    other = [ctx.dataset.region_name(r, "zh" if en else "en") for r in table[col_code]]
    hay = (table[col_region].astype(str) + "\n" + table[col_code].astype(str) + "\n" + pd.Series(other)).str.casefold()
    view = table[hay.str.contains(q, regex=False)].reset_index(drop=True)
else:
    view = table
cfg = {
    col_rank: st.column_config.NumberColumn(col_rank, format="%d", width="small"),
    col_region: st.column_config.TextColumn(col_region, width=130),
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
if view.empty:
    st.info(t("ov_search_none"))
else:
    event = st.dataframe(view, hide_index=True, width="stretch", column_config=cfg, on_select="rerun",
                         selection_mode="single-row", key=f"ov_table_{year}_{q}",
                         height=38 + 35 * len(view) + 2)
    st.caption(t("ov_search_count", n=len(view), total=len(table)) + " · " + t("ov_select_hint"))
    rows = event.selection.rows if event is not None else []
    if rows:
        code = str(view.iloc[rows[0]][col_code])
        # the profile opens on this region, with the URL's shared state (language, dataset, method, year)
        st.switch_page(PROFILE, query_params=link_params(region=code))
    if q and len(view) <= 8:
        links = st.columns(min(len(view), 8) + 1)
        links[0].markdown(t("ov_open_profile"))
        for col, code, name in zip(links[1:], view[col_code], view[col_region]):
            col.page_link(PROFILE, label=md(name), icon=":material/location_city:",
                          query_params=link_params(region=str(code)))
downloads(view, f"ranking-{year}", t("ov_sheet_ranking"), "ov_dl")
st.caption(md(ctx.source_note()))

# ------------------------------------------------------------------ change on the previous year
st.subheader(t("ov_change_heading"))
if len(a.years) < 2:
    st.info(t("ov_change_single"))
elif prev_year is None:
    st.info(t("ov_change_first", year=year))
else:
    chg = diag(ctx, "change", start=prev_year, end=year, node=node)
    ch = chg["change"].dropna()
    fig = charts.change_bars([ctx.region_name(r) for r in ch.index], ch.tolist(),
                             t("ov_change_title", node=node_name, y0=prev_year, y1=year), note,
                             t("ov_change_axis"), fmt=fmt.spec(sign=True))
    chart(fig, "ov_change", f"change-{node}-{prev_year}-{year}", lines=method_line)
    st.caption(t("ov_change_note"))
    if "normalised_by_year" in chg.attrs.get("flags", []):
        st.warning(t("ov_change_by_year"))
