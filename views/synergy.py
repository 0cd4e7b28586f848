"""Synergy 协同分析: the coupling-coordination degree of the three dimensions (paper §4, "协同效应"),
balance between any two dimensions, stakeholder perception gaps (§3.3) and regional disparity over time.

Thin page: every number comes from :func:`ui.state.diag` (cached, shared read-only); figures from
:mod:`charts`.  Region, group and node names may come from uploads, so they reach Markdown only
through :func:`ui.i18n.md` and charts only through the builders (which escape them).
"""
from __future__ import annotations


import numpy as np
import pandas as pd
import streamlit as st

from metrics.data import region_group_names

from metrics.diagnostics import item_names, perception_by_subdim_of
from metrics.framework import GROUP_NAMES
from metrics.methods import default_scale
from metrics.synergy import BANDS
from metrics import diagnostics
import charts
from ui.i18n import md, t
from ui.geomap import region_map
from charts.names import CARD, short
from ui.paging import paged_table, region_search_text
from ui.widgets import chart, downloads, url_select
from ui.state import Context, diag, spec_key

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
fw = a.framework
year = ctx.year
en = ctx.lang == "en"
root = a.root
dims = list(fw.children[root])


_group_names = region_group_names  # (shared loader in metrics.data)


GNAMES = _group_names()


def group_name(g) -> str:
    if not isinstance(g, str) or not g:
        return t("syn_no_group")
    return GNAMES.get(g, (g, g))[en]


@st.cache_resource(show_spinner=False, max_entries=512)
def _memo(key: tuple, _build):
    """A figure or table of this page, built once per plain ``key`` (dataset, spec, year, language, …).

    Shared read-only between reruns and sessions: callers never change what it returns.
    """
    return _build()



def note_lines(years: str | None = None) -> list[str]:
    """The source note split in two lines (data · year / method), for half-width charts."""
    label = ctx.dataset_label()
    return [t("syn_sub_data", dataset=label, years=years or str(year)),
            t("syn_sub_method", method=ctx.spec.describe(ctx.lang))]


def score_unit() -> str:
    spec = a.spec
    if spec.aggregate == "topsis":
        return "0–100"
    sc = spec.scale or default_scale(spec.normalize)
    if spec.normalize in ("minmax", "goalposts") or (spec.normalize == "rank" and sc):
        return f"{sc[0]:g}–{sc[1]:g}"
    return t("syn_unit_z") if spec.normalize == "zscore" else t("syn_unit_rank")


KEY = (ctx.dataset_key, spec_key(ctx.spec), year, ctx.lang)
HEAT_ALL, HEAT_TOP = 40, 30   # more regions than HEAT_ALL: the perception heat map draws the HEAT_TOP widest gaps

st.title(t("syn_title"))
st.caption(t("syn_intro", dims=md(("、" if not en else ", ").join(ctx.node_name(d) for d in dims))))

# ------------------------------------------------------------------ coupling coordination
syn_all = diag(ctx, diagnostics.synergy, year=year)
syn = syn_all.xs(year, level="year")
codes = list(syn.index)
names = _memo(KEY + ("syn_names",), lambda: [ctx.region_name(r) for r in codes])
MANY = len(codes) > 200   # county scale: charts draw aggregates or small marks instead of one big mark each
groups = ctx.dataset.region_groups().reindex(codes)
has_groups = groups.notna().any() and groups.astype(str).replace("nan", "").ne("").any()
valid = syn["D"].dropna()
if valid.empty:
    st.info(t("no_data"))
    st.stop()

worst = valid.idxmin()
m = st.columns(4)
m[0].metric(t("syn_m_regions"), f"{len(valid)}", border=True)
m[1].metric(t("syn_m_mean_d"), f"{valid.mean():.3f}", help=t("syn_m_mean_help", year=year), border=True)
coordinated = int((valid >= 0.5).sum())
m[2].metric(t("syn_m_coordinated"), f"{coordinated} / {len(valid)}", border=True,  # short: a card is narrow
            help=t("syn_m_coordinated_v", n=coordinated, total=len(valid)))
worst_name = ctx.region_name(worst)   # the value is D; the (shortened) name under it, in full on hover
m[3].metric(t("syn_m_lowest"), f"{valid[worst]:.3f}", md(short(worst_name, CARD)), delta_color="off",
            delta_arrow="off", border=True, help=t("syn_m_lowest_help", name=md(worst_name), code=worst))
if syn_all.attrs.get("rescaled"):
    st.info(t("syn_rescaled"))

band_col = "band_en" if en else "band_zh"
stage_col = "stage_en" if en else "stage_zh"
band_counts = syn["band"].value_counts()

# explanation: C, T, D and the ten bands
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
    bands = pd.DataFrame({
        t("syn_band_no"): range(1, len(BANDS) + 1),
        t("syn_band_name"): [b[3] if en else b[2] for b in BANDS],
        t("syn_band_range"): [f"{lo:.1f} ≤ D < {hi:.1f}" if k < len(BANDS) else f"{lo:.1f} ≤ D ≤ {hi:.1f}"
                              for k, (lo, hi, _, _) in enumerate(BANDS, start=1)],
        t("syn_band_count"): [int(band_counts.get(k, 0)) for k in range(1, len(BANDS) + 1)],
    })
    st.dataframe(bands, hide_index=True, width="stretch", height=35 * len(bands) + 38, column_config={
        t("syn_band_no"): st.column_config.NumberColumn(width=44),   # room for a four-digit count of regions
        t("syn_band_count"): st.column_config.NumberColumn(width=64)})
    st.caption(t("syn_bands_note"))

# map and table
st.subheader(t("syn_map_heading"))
col_region, col_group = t("col_region"), t("col_group")
col_rank, col_c, col_t, col_d = t("syn_col_rank"), t("syn_col_c"), t("syn_col_t"), t("syn_col_d")
col_bno, col_band, col_stage = t("syn_col_band_no"), t("col_band"), t("syn_col_stage")
table = pd.DataFrame({
    col_rank: syn["D"].rank(ascending=False, method="min").astype("Int64").to_numpy(),
    col_region: names,
    col_d: syn["D"].round(3).to_numpy(),
    col_band: syn[band_col].fillna("—").to_numpy(),
    col_c: syn["C"].round(3).to_numpy(),
    col_t: syn["T"].round(3).to_numpy(),
    col_stage: syn[stage_col].fillna("—").to_numpy(),
    col_bno: syn["band"].to_numpy(),
    col_group: [group_name(g) for g in groups],
    t("col_code"): codes,
})
if not has_groups:
    table = table.drop(columns=col_group)
# by rank, which comes from the unrounded D (the shown D is rounded: equal-looking values keep their order)
table = table.sort_values([col_rank, t("col_code")], na_position="last").reset_index(drop=True)

map_col, table_col = st.columns([1, 1], gap="large")
with map_col:  # the tile grid for provinces, the boundary map for cities and counties (ui.geomap)
    zlo = max(0.0, np.floor(valid.min() * 10) / 10)
    zhi = min(1.0, np.ceil(valid.max() * 10) / 10)
    hover = pd.Series([f"{n} · D {d:.3f} · {b}" if pd.notna(d) else f"{n} · —"
                       for n, d, b in zip(names, syn["D"], syn[band_col])], index=codes)
    data_line, *method_lines = note_lines()
    region_map(ctx, syn["D"].astype(float), t("syn_map_title"), t("syn_map_colorbar"), "syn_map", method_lines,
               ".2f", subtitle=data_line, zmin=zlo, zmax=zhi if zhi > zlo else zlo + 0.1, hover=hover,
               name=f"coordination-map-{year}")
    st.caption(t("syn_map_note"))
with table_col:
    cfg = {col_rank: st.column_config.NumberColumn(format="%d", width="small"),
           col_c: st.column_config.NumberColumn(format="%.3f"), col_t: st.column_config.NumberColumn(format="%.3f"),
           col_d: st.column_config.NumberColumn(format="%.3f"),
           col_bno: st.column_config.NumberColumn(format="%d", width="small")}
    search = _memo((ctx.dataset_key, "syn_region_search", year),   # code -> code and both names
                   lambda: region_search_text(ctx.dataset, pd.Series(codes, index=codes)))
    paged_table(table, "syn_rank", search=search.reindex(table[t("col_code")]).set_axis(table.index),
                height_all=660, hide_index=True, width="stretch", column_config=cfg,
                column_order=[c for c in table.columns if c != t("col_code")])
    st.caption(t("syn_table_caption"))
downloads(table, f"coordination-{year}", t("syn_sheet"), "syn_dl_table")

# ------------------------------------------------------------------ two dimensions
st.subheader(t("syn_scatter_heading"))
s1, s2, _ = st.columns([1, 1, 2])
with s1:
    x_dim = url_select(st.selectbox, t("syn_scatter_x"), dims, "x", ctx.node_name, default=dims[0])
with s2:
    y_dim = url_select(st.selectbox, t("syn_scatter_y"), dims, "y", ctx.node_name, default=dims[min(1, len(dims) - 1)])
if x_dim == y_dim:
    st.info(t("syn_same_dim"))
else:
    xn, yn = ctx.node_name(x_dim), ctx.node_name(y_dim)

    def build_scatter():
        sc = a.all_scores.xs(year, level="year")[[x_dim, y_dim]].reindex(codes)
        pts = pd.DataFrame({"x": sc[x_dim].to_numpy(), "y": sc[y_dim].to_numpy(), "label": names,
                            "group": [group_name(g) for g in groups]}).dropna(subset=["x", "y"])
        cmap = {group_name(g): c for g, c in charts.GROUP_COLORS.items()}
        unit = score_unit()
        draw = charts.scatter_many if MANY else charts.scatter
        fig = draw(pts, "x", "y", "label", "group" if has_groups else None,
                   t("syn_scatter_title", x=xn, y=yn), ctx.source_note(),
                   t("syn_axis_score", name=xn, unit=unit), t("syn_axis_score", name=yn, unit=unit),
                   color_map=cmap, fmt=ctx.fmt.spec())
        fig.update_layout(height=620, legend=dict(orientation="h", y=-0.15))
        return fig

    chart(_memo(KEY + ("scatter", x_dim, y_dim), build_scatter),
          key="syn_scatter", name=f"dimensions-{x_dim}-{y_dim}-{year}")
    st.caption(md(t("syn_scatter_note", x=xn, y=yn)) + (" " + t("syn_scatter_many") if MANY else ""))

# ------------------------------------------------------------------ bands
st.subheader(t("syn_bands_heading"))
b1, b2 = st.columns(2, gap="large")
with b1:
    def build_counts():
        cats = [f"{k}·{b[3] if en else b[2]}" for k, b in enumerate(BANDS, start=1)]
        fig = charts.count_bar(cats, [int(band_counts.get(k, 0)) for k in range(1, len(BANDS) + 1)],
                               t("syn_bands_title"), ctx.source_note(), t("syn_bands_x"), t("syn_bands_y"))
        return charts.title_lines(fig, t("syn_bands_title"), note_lines())

    chart(_memo(KEY + ("band_counts",), build_counts), key="syn_band_counts", name=f"coordination-bands-{year}")
with b2:
    def build_box():
        order = {g: i for i, g in enumerate(GNAMES)}
        dist = pd.DataFrame({"value": syn["D"].to_numpy(), "code": groups.astype(object).to_numpy(), "label": names})
        dist = dist.dropna(subset=["value"])
        dist["group"] = [group_name(g) for g in dist["code"]] if has_groups else t("syn_all_regions")
        dist = dist.sort_values("code", key=lambda s: s.map(lambda g: order.get(g, len(order))), kind="stable")
        fig = charts.box_by_group(dist, "value", "group", t("syn_box_title"), ctx.source_note(), t("syn_box_y"),
                                  color_map={group_name(g): c for g, c in charts.GROUP_COLORS.items()})
        fig.update_layout(height=480)
        fig.update_traces(hovertemplate="%{text}: %{y:.3f}<extra></extra>")
        if MANY:   # thousands of dots would hide the boxes: only the outliers are drawn
            fig.update_traces(boxpoints="outliers", marker_size=5)
        return charts.title_lines(fig, t("syn_box_title"), note_lines())

    chart(_memo(KEY + ("band_box",), build_box), key="syn_band_box", name=f"coordination-by-group-{year}")
    st.caption(t("syn_box_note_many") if MANY else t("syn_box_note"))

# ------------------------------------------------------------------ perception gaps
st.subheader(t("syn_perc_heading"))
st.markdown(t("syn_perc_intro"))
if ctx.dataset.survey is None:
    st.info(t("syn_no_survey"))
else:
    gaps = diag(ctx, diagnostics.perception, year=year)
    multi = gaps[gaps["spread"].notna()] if len(gaps) else gaps
    if multi.empty:
        st.info(t("syn_no_survey_year", year=year))
    else:
        def build_ptable() -> pd.DataFrame:
            stmt = item_names(a, ctx.lang)
            sub_of = {}
            for ind in fw.survey_indicators:
                for it in fw.table.at[ind, "items"]:
                    sub_of.setdefault(it, fw.table.at[ind, "parent"])

            def gname(g) -> str:
                return GROUP_NAMES.get(g, (g, g))[en] if isinstance(g, str) else "—"

            def mode(v: pd.Series):
                v = v.dropna()
                return v.value_counts().index[0] if len(v) else None

            rows = []
            for item, g in multi.groupby("item", sort=False):
                tested = g[g["k_tested"] >= 2]
                rows.append({
                    t("syn_perc_col_item"): stmt.get(item, item),
                    t("syn_perc_col_subdim"): ctx.node_name(sub_of[item]) if sub_of.get(item) else "—",
                    t("syn_perc_col_groups"): int(g["n_groups"].max()),
                    t("syn_perc_col_spread"): round(float(g["spread"].mean()), 2),
                    t("syn_perc_col_sig"): round(100 * float(tested["significant"].mean()), 0) if len(tested)
                    else np.nan,
                    t("syn_perc_col_hi"): gname(mode(g["pair_hi"])),
                    t("syn_perc_col_lo"): gname(mode(g["pair_lo"])),
                })
            return pd.DataFrame(rows).sort_values(t("syn_perc_col_spread"), ascending=False).reset_index(drop=True)

        ptable = _memo(KEY + ("perception",), build_ptable)
        st.dataframe(ptable, hide_index=True, width="stretch", height=35 * len(ptable) + 38, column_config={
            t("syn_perc_col_item"): st.column_config.TextColumn(width="large"),
            t("syn_perc_col_spread"): st.column_config.NumberColumn(format="%.2f"),
            t("syn_perc_col_sig"): st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100),
        })
        st.caption(t("syn_perc_table_caption"))
        downloads(ptable, f"perception-gaps-{year}", t("syn_sheet_perc"), "syn_dl_perc")

        # from the gaps above: the same as diag(ctx, diagnostics.perception_by_subdim, year=year) without a second test pass
        by_sub = _memo(KEY[:3] + ("perception_by_subdim",), lambda: perception_by_subdim_of(a, gaps))
        if len(by_sub) and by_sub["mean_spread"].notna().any():
            def build_heat():
                heat = by_sub.pivot_table(index="region", columns="subdim", values="mean_spread", aggfunc="mean")
                subs = [c for c in fw.level_codes(2) if c in heat.columns and heat[c].notna().any()]
                order_regions = [r for r in table[t("col_code")] if r in heat.index]
                heat = heat.reindex(index=order_regions, columns=subs)
                z = pd.DataFrame(heat.to_numpy(), index=[ctx.region_name(r) for r in heat.index],
                                 columns=[ctx.node_name(c) for c in subs])
                shown, title = z, t("syn_perc_heat_title")
                if len(z) > HEAT_ALL:   # one row per region is unreadable: the regions with the widest gaps
                    top = np.argsort(-z.mean(axis=1).fillna(-np.inf).to_numpy(), kind="stable")[:HEAT_TOP]
                    shown, title = z.iloc[top], t("syn_perc_heat_title_top", n=HEAT_TOP, total=len(z))
                fig = charts.heatmap_text(shown, title, ctx.source_note(), t("syn_perc_heat_colorbar"))
                return fig, z.reset_index(names=t("col_region")).round(3)

            fig, hz = _memo(KEY + ("perception_heat",), build_heat)
            chart(fig, key="syn_perc_heat", name=f"perception-gaps-{year}")
            st.caption(t("syn_perc_heat_note") + (" " + t("syn_perc_heat_note_top", n=HEAT_TOP)
                                                  if len(hz) > HEAT_ALL else ""))
            downloads(hz, f"perception-by-subdimension-{year}", t("syn_sheet_perc_heat"), "syn_dl_heat")

# ------------------------------------------------------------------ disparity over time
st.subheader(t("syn_disp_heading"))
st.markdown(t("syn_disp_intro"))
gset = set(groups.dropna().astype(str)) - {""}
disp = None
if len(gset) < 2:
    st.info(t("syn_no_groups"))
else:
    label = t("syn_groups_default") if gset <= set(GNAMES) else t("syn_groups_generic")
    st.markdown("- " + t("syn_disp_between", groups=label) + "\n- " + t("syn_disp_within") + "\n- "
                + t("syn_disp_transvar"))
    try:
        disp = diag(ctx, diagnostics.disparity_over_time)
    except ValueError:  # for example a coefficient of variation with a mean <= 0 (z-scores)
        st.warning(t("syn_disp_failed"))
if disp is not None:
    years_txt = f"{a.years[0]}–{a.years[-1]}" if len(a.years) > 1 else str(a.years[0])
    dataset_label = ctx.dataset_label()
    sub = t("syn_disp_source", dataset=dataset_label, years=years_txt, method=ctx.spec.describe(ctx.lang))
    th_ok = disp["theil"].notna().any()
    gi_ok = disp["gini"].notna().any()
    c1, c2 = st.columns(2, gap="large")
    with c1:
        if th_ok:
            def build_theil():
                names_t = {"theil": t("syn_theil_total"), "theil_between": t("syn_theil_between"),
                           "theil_within": t("syn_theil_within")}
                fig = charts.lines(disp, "year", list(names_t), names_t, t("syn_theil_title"), sub,
                                   t("syn_axis_year"), t("syn_axis_theil"))
                fig.update_traces(hovertemplate="%{x}: %{y:.4f}")
                return charts.title_lines(fig, t("syn_theil_title"), note_lines(years_txt))

            chart(_memo(KEY + ("theil",), build_theil), key="syn_theil", name="theil-over-time")
        else:
            st.warning(t("syn_theil_positive"))
    with c2:
        if gi_ok:
            def build_dagum():
                fig = charts.stacked_bar(list(disp["year"]), {
                    t("syn_dagum_gw"): disp["gini_within"].tolist(),
                    t("syn_dagum_gnb"): disp["gini_between"].tolist(),
                    t("syn_dagum_gt"): disp["gini_transvariation"].tolist()}, t("syn_dagum_title"), sub,
                    t("syn_axis_year"), t("syn_axis_gini"), fmt=".4f")
                return charts.title_lines(fig, t("syn_dagum_title"), note_lines(years_txt))

            chart(_memo(KEY + ("dagum",), build_dagum), key="syn_dagum", name="dagum-gini-over-time")
        else:
            st.warning(t("syn_gini_negative"))
    dtable = pd.DataFrame({
        t("syn_col_year"): disp["year"].astype(int),
        t("syn_col_theil"): disp["theil"].astype(float).round(4),
        t("syn_col_theil_b"): disp["theil_between"].astype(float).round(4),
        t("syn_col_theil_w"): disp["theil_within"].astype(float).round(4),
        t("syn_col_theil_bs"): (disp["theil_between"].astype(float) / disp["theil"].astype(float) * 100).round(1),
        t("syn_col_gini"): disp["gini"].astype(float).round(4),
        t("syn_col_gw"): disp["gini_within"].astype(float).round(4),
        t("syn_col_gnb"): disp["gini_between"].astype(float).round(4),
        t("syn_col_gt"): disp["gini_transvariation"].astype(float).round(4),
        t("syn_col_cv"): disp["cv"].astype(float).round(4),
    })
    st.dataframe(dtable, hide_index=True, width="stretch", placeholder="—", column_config={
        t("syn_col_year"): st.column_config.NumberColumn(format="%d"),
        t("syn_col_theil_bs"): st.column_config.NumberColumn(format="%.1f%%"),
        **{c: st.column_config.NumberColumn(format="%.4f") for c in dtable.columns[1:] if c != t("syn_col_theil_bs")},
    })
    st.caption(t("syn_disp_table_caption"))
    downloads(dtable, "disparity-over-time", t("syn_sheet_disp"), "syn_dl_disp")
