"""Region profile 地区画像: one region against a benchmark.

Scores and gaps on the three dimensions and their sub-dimensions, the
coupling-coordination degree, the obstacles, the paper's recommended
measures, the trend over the years and the stakeholder groups' views.
Every number comes from ``metrics.diagnostics`` through the cached
:func:`ui.state.diag`; names from uploaded data are escaped before they
reach markdown and go to charts as plain text.
"""
from __future__ import annotations


import numpy as np
import pandas as pd
import streamlit as st

from metrics.data import region_group_names

from metrics.diagnostics import BENCHMARK_NAMES, BENCHMARKS, strengths_weaknesses
from metrics.framework import GROUP_NAMES, GROUPS
from metrics.levels import level_name
from metrics.safe import to_xlsx_bytes
from metrics.synergy import BANDS
from metrics import diagnostics
import charts
from ui import pickers
from ui.fieldwork import warn_thin
from ui.i18n import md, paper_sections, t, t_in
from charts.names import header as header_name
from ui.path import path_section
from ui.state import Context, diag
from ui.widgets import chart, table, url_select


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def short(s: str, n: int) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


_region_group_names = region_group_names  # (shared loader in metrics.data)


ctx: Context = st.session_state["ctx"]
a = ctx.assessment
fw = a.framework
L = ctx.lang
LI = 0 if L == "zh" else 1
fmt = ctx.fmt  # numbers as the method's scale needs them
year = ctx.year
root = a.root
dims = list(fw.children[root])
subs = [c for d in dims for c in fw.children.get(d, []) if fw.table.at[c, "type"] == "Aggregate"]
sub_level = int(fw.table.at[subs[0], "level"]) if subs else None
s_lo, s_hi = a.display_range()  # the method's score scale: z-scores and ranks are not on 0–100


def scaled(key: str) -> str:
    """Text ``key`` for scores on 0–100, else its ``<key>_range`` form naming the method's scale."""
    return t(key) if (s_lo, s_hi) == (0.0, 100.0) else t(f"{key}_range", lo=fmt.edge(s_lo), hi=fmt.edge(s_hi))


dim_color = {d: charts.OKABE_ITO[i % len(charts.OKABE_ITO)] for i, d in enumerate(dims)}
color_words = t("pf_colors").split(",")
sheets: dict[str, pd.DataFrame] = {}

st.title(t("pf_title"))
st.caption(t("pf_intro"))

# ------------------------------------------------------------------ selectors
scores = diag(ctx, diagnostics.display_scores, year=year)
index = scores[root]
ranks = a.ranks().xs(year, level="year")
codes = list(index.dropna().sort_values(ascending=False, kind="stable").index)
if not codes:
    st.warning(t("pf_no_regions", year=year))
    st.stop()

many = pickers.narrows(ctx, codes)
if many:   # county data: province, city and the benchmark, then the region (and a peer) at full width,
    # so a label such as 塔什库尔干塔吉克自治县 · 喀什地区 (653131) is never cut
    top = st.columns(3)
    region = pickers.region_picker(ctx, t("pf_region"), codes, "region", slots=[top[0], top[1], st.container()])
    bench_slot, peer_slot = top[2], st.container()
else:
    sel = st.columns(3)
    region = pickers.region_picker(ctx, t("pf_region"), codes, "region", slots=sel[:1])
    bench_slot, peer_slot = sel[1], sel[2]
with bench_slot:
    bench = url_select(st.selectbox, t("pf_benchmark"), list(BENCHMARKS), "benchmark",
                       lambda b, i=LI: BENCHMARK_NAMES[b][i])
peer = None
if bench == "peer":
    with peer_slot:
        peer = pickers.region_picker(ctx, t("pf_peer"), [c for c in codes if c != region], "peer", narrow=False)

rname = ctx.region_name(region)
groups = ctx.dataset.region_groups()
grp = groups.get(region)
grp = None if grp is None or (isinstance(grp, float) and np.isnan(grp)) or str(grp) == "" else str(grp)
gnames = _region_group_names()
grp_label = (gnames[grp][LI] if grp in gnames else grp) if grp else t("pf_no_group")

# ------------------------------------------------------------------ gaps to the benchmark
try:
    g = diag(ctx, diagnostics.gaps, region=region, year=year, benchmark=bench, peer=peer)
except ValueError as err:
    st.warning(t("pf_group_missing") if bench == "group" else t("pf_bench_error", err=md(err)))
    bench, peer = "mean", None
    g = diag(ctx, diagnostics.gaps, region=region, year=year, benchmark="mean")
blabel = g.attrs.get("benchmark_label")
if bench == "mean":
    b_long, b_short = t("pf_b_mean"), t("pf_short_mean")
elif bench == "best":
    b_long, b_short = t("pf_b_best", name=ctx.region_name(blabel)), ctx.region_name(blabel)
elif bench == "group":
    b_long = b_short = t("pf_b_group", group=gnames[blabel][LI] if blabel in gnames else blabel)
elif bench == "peer":
    b_long, b_short = t("pf_b_peer", name=ctx.region_name(peer)), ctx.region_name(peer)
else:
    b_long, b_short = t("pf_b_target"), t("pf_short_target")


def vs(code: str) -> str | None:
    gap = g.at[code, "gap"] if code in g.index else np.nan
    return None if pd.isna(gap) else t("pf_vs", gap=fmt(gap, sign=True), bench=b_short)


# ------------------------------------------------------------------ header
syn_all = diag(ctx, diagnostics.synergy, year=year)
syn_year = syn_all.xs(year, level="year")
syn = syn_year.loc[region]
band_name = syn["band_zh"] if L == "zh" else syn["band_en"]
lv = a.levels().xs(year, level="year").get(region)
cov = a.coverage.loc[(region, year), root] if (region, year) in a.coverage.index else np.nan

shown_name, full_name = header_name(rname)  # a 300-character name is cut, whole on hover
st.header(md(shown_name), divider="gray", help=md(full_name) if full_name else None)
where = pickers.place(ctx, region)   # a county's province · city
st.caption(md(t("pf_region_place", place=where, code=region, group=grp_label) if where
              else t("pf_region_caption", code=region, group=grp_label)) + " · " + md(ctx.source_note()))
warn_thin(ctx, region)   # the score shown rests on survey cells below the fieldwork target

m = st.columns(5)
m[0].metric(t("pf_m_index"), fmt(index[region]), vs(root), delta_color="off", border=True)
prev = [y for y in a.years if y < year]
rank_delta, rank_arrow = None, "auto"
if prev and a.has_year:
    pr = a.ranks().xs(prev[-1], level="year").get(region)
    if pd.notna(pr) and pd.notna(ranks[region]):
        d = int(pr) - int(ranks[region])
        rank_delta = t("pf_m_rank_delta", d=f"{d:+d}", year=prev[-1]) if d else t("pf_m_rank_same", year=prev[-1])
        rank_arrow = "auto" if d else "off"
n_ranked = int(ranks.notna().sum())   # "2507 of 2844" would wrap a card: the count goes to the label
m[1].metric(t("pf_m_rank") if n_ranked < 100 else t("pf_m_rank_of", n=n_ranked),
            t("pf_m_rank_value", rank=int(ranks[region]), n=n_ranked) if n_ranked < 100 else str(int(ranks[region])),
            rank_delta, delta_color="off", delta_arrow=rank_arrow, border=True)
m[2].metric(t("pf_m_level"), t("pf_m_level_value", level=int(lv)) if pd.notna(lv) else "—",
            level_name(lv, L), delta_color="gray", delta_arrow="off", border=True)
m[3].metric(t("pf_m_band"), f"{syn['D']:.3f}" if pd.notna(syn["D"]) else "—",
            band_name if pd.notna(syn["D"]) else None, delta_color="gray", delta_arrow="off",
            help=t("pf_syn_d_help"), border=True)
m[4].metric(t("pf_m_coverage"), f"{cov * 100:.0f}%" if pd.notna(cov) else "—",
            (t("pf_m_coverage_full") if cov >= 0.999 else t("pf_m_coverage_low")) if pd.notna(cov) else None,
            delta_color="gray", delta_arrow="off", help=t("pf_m_coverage_help"), border=True)

dm = st.columns(max(len(dims), 1))
for col, d in zip(dm, dims):
    col.metric(md(ctx.node_name(d)), fmt(g.at[d, "score"]), vs(d),
               delta_color="off", help=scaled("pf_m_dim_help"), border=True)

st.download_button(t("pf_download_tab" if len(codes) > pickers.LAZY_AT else "pf_download_all"),  # lazy tabs: the open one
                   data=lambda: to_xlsx_bytes(sheets),
                   file_name=f"profile_{region}_{year}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="pf_dl_all", icon=":material/download:")

# ------------------------------------------------------------------ key points
obst_sub = diag(ctx, diagnostics.obstacle_ranking, region=region, year=year, level=sub_level) if sub_level else pd.DataFrame()
st.subheader(t("pf_key_points"))
k1, k2, k3 = st.columns(3)
strong, weak = strengths_weaknesses(g, level=sub_level or 1, n=3)
with k1.container(border=True):
    st.markdown(f"**{md(t('pf_strengths', bench=b_long))}**")
    st.markdown("\n".join(f"- {md(ctx.node_name(c))}　**{fmt(r.gap, sign=True)}** {t('pf_points')}"
                          for c, r in strong.iterrows())
                or t("pf_none_above"))
with k2.container(border=True):
    st.markdown(f"**{md(t('pf_weaknesses', bench=b_long))}**")
    st.markdown("\n".join(f"- {md(ctx.node_name(c))}　**{fmt(r.gap, sign=True)}** {t('pf_points')}"
                          for c, r in weak.iterrows())
                or t("pf_none_below"))
with k3.container(border=True):
    st.markdown(f"**{t('pf_priorities')}**")
    st.markdown("\n".join(f"- {md(ctx.node_name(c))}　**{r.obstacle * 100:.1f}%**"
                          for c, r in obst_sub.head(3).iterrows()) or "—")

# At county scale the six tabs' charts are what a change of region, benchmark or year waits for: there
# only the open tab runs (the tabs rerun the page when switched); fewer regions keep every tab ready.
lazy = len(codes) > pickers.LAZY_AT
tabs = st.tabs([t("pf_tab_scores"), t("pf_tab_measures"), t("pf_tab_obstacles"), t("pf_tab_synergy"),
                t("pf_tab_trend"), t("pf_tab_views")], key="pf_tabs" if lazy else None,
               on_change="rerun" if lazy else "ignore")
note = ctx.source_note()
bench_legend = cap(b_long)

# ------------------------------------------------------------------ scores and gaps
with tabs[0]:
    if tabs[0].open is not False:   # lazy tabs: only the open one runs
        lo = float(np.nanmin(g.loc[dims + subs, ["score", "benchmark"]].to_numpy(dtype=float)))
        hi = float(np.nanmax(g.loc[dims + subs, ["score", "benchmark"]].to_numpy(dtype=float)))
        rng = [0, 100] if lo >= 0 and hi <= 100 else [min(lo, 0), hi * 1.05 if hi > 0 else 1]
        # a radar of the dimensions (bars when the framework has fewer than three), then of the sub-dimensions
        fig = charts.radar([ctx.node_name(d) for d in dims],
                           {rname: [float(g.at[d, "score"]) for d in dims],
                            bench_legend: [float(g.at[d, "benchmark"]) for d in dims]},
                           t("pf_radar_dims", region=rname, bench=b_long), note, fmt=fmt.spec(), rrange=rng,
                           angle=180 / max(len(dims), 1))
        chart(fig, "pf_radar_dims", f"profile-{region}-{year}-dimensions", margin_t=120)
        if subs:
            fig = charts.radar([ctx.node_name(s) for s in subs],
                               {rname: [float(g.at[s, "score"]) for s in subs],
                                bench_legend: [float(g.at[s, "benchmark"]) for s in subs]},
                               t("pf_radar_subs", region=rname, bench=b_long, n=len(subs)), note, fmt=fmt.spec(),
                               rrange=rng, angle=180 / len(subs))
            chart(fig, "pf_radar_subs", f"profile-{region}-{year}-subdimensions", height=620, margin_t=130)
            gs = g.loc[subs].dropna(subset=["gap"])
            chart(charts.diverging_bars([ctx.node_name(s) for s in gs.index], gs["gap"].tolist(),
                                        t("pf_gap_title", region=rname, bench=b_long), note, scaled("pf_gap_axis"),
                                        fmt=fmt.spec(sign=True)),
                  "pf_gaps", f"gaps-{region}-{year}-{bench}")
            st.caption(t("pf_gap_caption"))
        lvl_name = {0: t("pf_lvl_index"), 1: t("pf_lvl_dim"), 2: t("pf_lvl_sub")}
        rows = [(root, 0)] + [(d, 1) for d in dims] + [(s, 2) for s in subs]
        scores_table = pd.DataFrame({
            t("pf_col_level"): [lvl_name[k] for _, k in rows],
            t("pf_col_code"): [c for c, _ in rows],
            t("pf_col_node"): [t("col_index") if c == root else ctx.node_name(c) for c, _ in rows],
            t("pf_col_score"): [fmt.round(g.at[c, "score"]) for c, _ in rows],
            t("pf_col_bench"): [fmt.round(g.at[c, "benchmark"]) for c, _ in rows],
            t("pf_col_gap"): [fmt.round(g.at[c, "gap"]) for c, _ in rows],
        })
        st.subheader(t("pf_scores_table"))
        table(scores_table, f"scores_{region}_{year}", "pf_scores", placeholder="—", column_config={
            t("pf_col_score"): st.column_config.NumberColumn(format=fmt.printf()),
            t("pf_col_bench"): st.column_config.NumberColumn(format=fmt.printf()),
            t("pf_col_gap"): st.column_config.NumberColumn(format=fmt.printf(sign=True))})
        sheets[t("pf_tab_scores")] = scores_table

# ------------------------------------------------------------------ recommended measures
with tabs[1]:
    if tabs[1].open is not False:   # lazy tabs: only the open one runs
        by = url_select(st.radio, t("pf_by"), ["obstacle", "gap"], "by", lambda k, lg=L: t_in(lg, f"pf_by_{k}"),
                        horizontal=True)
        rec = diag(ctx, diagnostics.recommend, region=region, year=year, by=by, benchmark=bench, peer=peer,
                   level=sub_level or 2)
        rows = []
        if rec.strong:
            st.success(rec.message_zh if L == "zh" else rec.message_en)
        else:
            st.caption(t("pf_measures_intro"))
            for k, it in enumerate(rec.items, start=1):
                nm = it["name_zh"] if L == "zh" else it["name_en"]
                if it["trigger"] == "obstacle":
                    trig = t("pf_trigger_obstacle", v=f"{it['value'] * 100:.1f}", s=fmt(it["score"]))
                else:
                    trig = t("pf_trigger_gap", v=fmt(abs(it["value"])), s=fmt(it["score"]))
                with st.container(border=True):
                    st.markdown(f"#### {k}. {md(nm)}")
                    st.caption(md(trig))
                    lines = []
                    for j, ms in enumerate(it["measures"], start=1):
                        text = ms["text_zh"] if L == "zh" else ms["text_en"]
                        src = paper_sections(ms["source"])
                        lines.append(f"{j}. {md(text)}　*{md(t('pf_measure_line', p=ms['priority'], src=src))}*")
                        rows.append({t("pf_col_order"): k, t("pf_col_subdim"): nm, t("pf_col_trigger"): trig,
                                     t("pf_col_priority"): int(ms["priority"]), t("pf_col_measure"): text,
                                     t("pf_col_source"): src})
                    st.markdown("\n".join(lines) if lines else t("pf_no_measures_lib"))
        mt = pd.DataFrame(rows, columns=[t("pf_col_order"), t("pf_col_subdim"), t("pf_col_priority"),
                                         t("pf_col_measure"), t("pf_col_source"), t("pf_col_trigger")])
        if len(mt):
            st.subheader(t("pf_measures_table"))
            table(mt, f"measures_{region}_{year}", "pf_measures", placeholder="—",
                  column_config={t("pf_col_measure"): st.column_config.TextColumn(width="large")})
        sheets[t("pf_tab_measures")] = mt

# ------------------------------------------------------------------ obstacles
with tabs[2]:
    if tabs[2].open is not False:   # lazy tabs: only the open one runs
        st.caption(t("pf_obst_intro"))
        legend = t("pf_color_legend", items=("、" if L == "zh" else ", ").join(
            f"{ctx.node_name(d)}（{color_words[i % len(color_words)]}）" if L == "zh"
            else f"{ctx.node_name(d)} ({color_words[i % len(color_words)]})" for i, d in enumerate(dims)))
        dim_level = int(fw.table.at[dims[0], "level"]) if dims else 0

        def dimension_of(code: str) -> str | None:
            return fw.ancestor_at(code, dim_level) if dims else None

        if len(obst_sub):
            chart(charts.ranking_bar(
                [ctx.node_name(c) for c in obst_sub.index], (obst_sub["obstacle"] * 100).tolist(),
                t("pf_obst_sub_title", region=rname), note, t("pf_obst_axis"),
                colors=[dim_color.get(dimension_of(c), charts.OKABE_ITO[0]) for c in obst_sub.index]),
                "pf_obst_sub", f"obstacles-{region}-{year}-subdimensions")
            st.caption(md(legend))
        obst_ind = diag(ctx, diagnostics.obstacle_ranking, region=region, year=year, level=1, n=10)
        if len(obst_ind):
            labels, seen = [], set()
            for c in obst_ind.index:
                lab = short(ctx.node_name(c), 26 if L == "zh" else 52)
                lab = lab if lab not in seen else f"{lab} ({c})"
                seen.add(lab)
                labels.append(lab)
            chart(charts.ranking_bar(
                labels, (obst_ind["obstacle"] * 100).tolist(), t("pf_obst_ind_title", region=rname), note,
                t("pf_obst_axis"), colors=[dim_color.get(dimension_of(c), charts.OKABE_ITO[0]) for c in obst_ind.index]),
                "pf_obst_ind", f"obstacles-{region}-{year}-indicators")
            st.caption(md(legend))
        ot = pd.DataFrame({
            t("pf_col_code"): list(obst_sub.index),
            t("pf_col_subdim"): [ctx.node_name(c) for c in obst_sub.index],
            t("pf_col_dimension"): [ctx.node_name(dimension_of(c)) if dimension_of(c) else "" for c in obst_sub.index],
            t("pf_col_obstacle"): (obst_sub["obstacle"] * 100).round(1).tolist() if len(obst_sub) else [],
            t("pf_col_score"): fmt.round(obst_sub["score"]).tolist() if len(obst_sub) else [],
        })
        it_ = pd.DataFrame({
            t("pf_col_code"): list(obst_ind.index),
            t("pf_col_indicator"): [ctx.node_name(c) for c in obst_ind.index],
            t("pf_col_dimension"): [ctx.node_name(dimension_of(c)) if dimension_of(c) else "" for c in obst_ind.index],
            t("pf_col_obstacle"): (obst_ind["obstacle"] * 100).round(1).tolist(),
            t("pf_col_score"): fmt.round(obst_ind["score"]).tolist(),
        })
        st.subheader(t("pf_obst_sub_table"))
        table(ot, f"obstacles_subdim_{region}_{year}", "pf_obst_sub", placeholder="—")
        st.subheader(t("pf_obst_ind_table"))
        table(it_, f"obstacles_indicators_{region}_{year}", "pf_obst_ind", placeholder="—",
              column_config={t("pf_col_indicator"): st.column_config.TextColumn(width="large")})
        sheets[t("pf_obst_sub_table")] = ot
        sheets[t("pf_obst_ind_table")] = it_

# ------------------------------------------------------------------ coordination (synergy)
with tabs[3]:
    if tabs[3].open is not False:   # lazy tabs: only the open one runs
        if pd.isna(syn["D"]):
            st.info(t("no_data"))
        else:
            s1, s2, s3, s4 = st.columns(4)
            s1.metric(t("pf_syn_c"), f"{syn['C']:.3f}", help=t("pf_syn_c_help"), border=True)
            s2.metric(t("pf_syn_t"), f"{syn['T']:.3f}", help=t("pf_syn_t_help"), border=True)
            s3.metric(t("pf_syn_d"), f"{syn['D']:.3f}", help=t("pf_syn_d_help"), border=True)
            s4.metric(t("pf_syn_band"), f"{int(syn['band'])} / {len(BANDS)}", band_name, delta_color="gray",
                      delta_arrow="off", border=True)
            dscore = g.loc[dims, "score"].astype(float)
            weakest = dscore.idxmin()
            st.markdown(t("pf_syn_sentence", region=md(rname), d=f"{syn['D']:.3f}", band=band_name, k=int(syn["band"]),
                          t=f"{syn['T']:.3f}", c=f"{syn['C']:.3f}", weakest=md(ctx.node_name(weakest)),
                          wscore=fmt(dscore[weakest])))
            dall = syn_year["D"].dropna()
            st.markdown(t("pf_syn_compare", year=year, n=len(dall), above=int((dall > syn["D"]).sum()),
                          region=md(rname), mean=f"{dall.mean():.3f}"))
            if syn_all.attrs.get("rescaled"):
                st.caption(t("pf_syn_rescaled"))
            chart(charts.band_strip([(lo_, hi_, zh if L == "zh" else en) for lo_, hi_, zh, en in BANDS],
                                              {rname: float(syn["D"]), t("pf_band_mean"): float(dall.mean())},
                                              t("pf_band_title", region=rname), note, t("pf_band_axis")),
                  "pf_band", f"coordination-{region}-{year}")
            stage_col = "stage_zh" if L == "zh" else "stage_en"
            band_col = "band_zh" if L == "zh" else "band_en"
            st_ = pd.DataFrame({
                t("pf_col_who"): [rname, t("pf_all_regions_mean")],
                "C": [round(float(syn["C"]), 3), round(float(syn_year["C"].mean()), 3)],
                "T": [round(float(syn["T"]), 3), round(float(syn_year["T"].mean()), 3)],
                "D": [round(float(syn["D"]), 3), round(float(dall.mean()), 3)],
                t("pf_syn_band"): [syn[band_col], BANDS[min(int(dall.mean() * 10), 9)][2 + LI]],
                t("pf_col_stage"): [syn.get(stage_col, ""), ""],
            })
            st.subheader(t("pf_syn_table"))
            table(st_, f"coordination_{region}_{year}", "pf_syn", placeholder="—")
            sheets[t("pf_tab_synergy")] = st_

# ------------------------------------------------------------------ trend over the years
with tabs[4]:
    if tabs[4].open is not False:   # lazy tabs: only the open one runs
        if len(a.years) < 2 or not a.has_year:
            st.info(t("pf_trend_one_year", year=year if a.has_year else "—"))
        else:
            hist = a.scores.xs(region, level="region")[[root] + dims].sort_index()
            hist = hist.reset_index().rename(columns={"index": "year"})
            hist.columns = ["year"] + [root] + dims
            dataset_label = ctx.dataset_label()
            fig = charts.lines(hist, "year", [root] + dims, {root: t("col_index"), **{d: ctx.node_name(d) for d in dims}},
                               t("pf_trend_title", region=rname),
                               t("pf_trend_subtitle", dataset=dataset_label, first=hist["year"].min(),
                                 last=hist["year"].max(), method=ctx.spec.describe(L)),
                               t("pf_trend_axis_x"), scaled("pf_trend_axis_y"),
                               colors={root: "#000000", **dim_color}, fmt=fmt.spec())
            chart(fig, "pf_trend", f"trend-{region}", height=500, margin_b=120, legend=dict(orientation="h", y=-0.22, yanchor="top"),
                  shapes=[dict(type="line", x0=year, x1=year, xref="x", y0=0, y1=1, yref="paper",
                               line=dict(dash="dot", color="#6b7280", width=1.5))])
            first, last = hist.iloc[0], hist.iloc[-1]
            if pd.notna(first[root]) and pd.notna(last[root]):
                st.markdown(t("pf_trend_change", first=int(first["year"]), last=int(last["year"]),
                              d=fmt(last[root] - first[root], sign=True)))
            rk = a.ranks().xs(region, level="region")
            dser = diag(ctx, diagnostics.synergy)["D"].xs(region, level="region")
            tt = pd.DataFrame({t("pf_col_year"): hist["year"].astype(int),
                               t("col_index"): fmt.round(hist[root]),
                               t("col_rank"): rk.reindex(hist["year"]).astype("Int64").to_numpy()})
            for d in dims:
                tt[ctx.node_name(d)] = fmt.round(hist[d])
            tt[t("pf_col_d")] = dser.reindex(hist["year"]).round(3).to_numpy()
            st.subheader(t("pf_trend_table"))
            table(tt, f"trend_{region}", "pf_trend", placeholder="—")
            sheets[t("pf_tab_trend")] = tt

# ------------------------------------------------------------------ stakeholder views
with tabs[5]:
    if tabs[5].open is not False:   # lazy tabs: only the open one runs
        if ctx.dataset.survey is None:
            st.info(t("pf_views_none"))
        else:
            pv = diag(ctx, diagnostics.perception, year=year if a.has_year else None, region=region)
            if pv.empty:
                st.info(t("pf_views_empty", region=md(rname), year=year))
            else:
                inames = diag(ctx, diagnostics.item_names, lang=L)
                sv_ind = fw.survey_indicators
                k = int(pd.to_numeric(fw.table.loc[sv_ind, "scale"], errors="coerce").max()) if sv_ind else 5
                k = k if k > 1 else 5
                present = [gr for gr in GROUPS if f"mean_{gr}" in pv.columns]
                gname = {gr: GROUP_NAMES[gr][LI] for gr in present}
                st.caption(t("pf_views_intro", k=k))
                multi = pv[pv["n_groups"] >= 2]
                if len(multi):
                    labels, seen = [], set()
                    for _, r in multi.iterrows():
                        lab = short(inames.get(r["item"], r["item"]), 24 if L == "zh" else 50)
                        lab = lab if lab not in seen else f"{lab} ({r['item']})"
                        seen.add(lab)
                        labels.append(lab + (" ★" if bool(r["significant"]) else ""))
                    grp_colors = {gname[gr]: charts.OKABE_ITO[i] for i, gr in enumerate(present)}
                    chart(charts.dot_plot(labels, {gname[gr]: multi[f"mean_{gr}"].tolist() for gr in present},
                                                    t("pf_views_title", region=rname), note, t("pf_views_axis", k=k),
                                                    xrange=(0.8, k + 0.2), colors=grp_colors),
                          "pf_views", f"stakeholder-views-{region}-{year}")
                    st.markdown(t("pf_views_sig_count", n=len(multi), s=int(multi["significant"].sum())))
                single = int((pv["n_groups"] < 2).sum())
                if single:
                    st.caption(t("pf_views_single", n=single))
                vt = pd.DataFrame({t("pf_col_statement"): [inames.get(i, i) for i in pv["item"]]})
                vt[t("pf_col_sig")] = [t("pf_yes") if s else (t("pf_no") if pd.notna(p) else "")
                                       for s, p in zip(pv["significant"], pv["p"])]
                vt[t("pf_col_p")] = pv["p"].to_numpy()
                vt[t("pf_col_spread")] = pv["spread"].round(2).to_numpy()
                vt[t("pf_col_hi")] = [gname.get(x, "") if isinstance(x, str) else "" for x in pv["pair_hi"]]
                vt[t("pf_col_lo")] = [gname.get(x, "") if isinstance(x, str) else "" for x in pv["pair_lo"]]
                for gr in present:
                    vt[gname[gr]] = pv[f"mean_{gr}"].round(2).to_numpy()
                ncols = [f"n_{gr}" for gr in present if f"n_{gr}" in pv.columns]
                vt[t("pf_col_n")] = pv[ncols].sum(axis=1).astype(int).to_numpy()
                st.subheader(t("pf_views_table"))
                table(vt, f"stakeholder_views_{region}_{year}", "pf_views", placeholder="—",
                      column_config={t("pf_col_statement"): st.column_config.TextColumn(width=300),
                                     t("pf_col_p"): st.column_config.NumberColumn(format="%.3g", width=70),
                                     t("pf_col_sig"): st.column_config.TextColumn(width=70),
                                     t("pf_col_spread"): st.column_config.NumberColumn(width=70),
                                     t("pf_col_hi"): st.column_config.TextColumn(width=110),
                                     t("pf_col_lo"): st.column_config.TextColumn(width=110),
                                     t("pf_col_n"): st.column_config.NumberColumn(width=70),
                                     **{gname[gr]: st.column_config.NumberColumn(format="%.2f", width=80)
                                        for gr in present}})
                sheets[t("pf_tab_views")] = vt

# ------------------------------------------------------------------ path to target (computed on its button only)
path_section(ctx, region, year)
