"""Compare 对比: 2–6 regions side by side — dimensions and index, sub-dimensions (bars or parallel
coordinates), gaps to a benchmark, scores and ranks, and the paper's measures for each region.

Thin page: scores and ranks come from the cached assessment; gaps and measures from
:func:`ui.state.diag` (cached per region, year and benchmark); figures from :mod:`charts`.
Region, node and measure texts may come from uploads: they reach Markdown only through
:func:`ui.i18n.md` and charts only through the builders.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st
from metrics import diagnostics

import charts
from ui import pickers
from ui.i18n import md, paper_sections, t
from charts.names import short, width
from ui.state import Context, diag
from ui.widgets import chart, downloads, url_select

INDEX_COLOR = "#CC79A7"
AXIS_NAME = 30   # display columns of a region name on a chart axis (15 Chinese characters), two lines


ctx: Context = st.session_state["ctx"]
a = ctx.assessment
year = ctx.year
root = a.root
fw = a.framework
dims = list(fw.children[root])
subdims = [c for d in dims for c in fw.children[d] if c in fw.aggregates] or fw.level_codes(2)
en = ctx.lang == "en"
lo, hi = a.display_range()
fmt = ctx.fmt  # numbers as the method's scale needs them
dataset_label = ctx.dataset_label()
note = t("cmp_short_note", dataset=dataset_label, year=year)  # chart subtitle, with a method line under it
method_line = [t("cmp_method_note", method=ctx.spec.describe(ctx.lang))]
score_axis = t("cmp_score_axis") if (lo, hi) == (0.0, 100.0) else t("cmp_score_axis_range", lo=fmt.edge(lo),
                                                                        hi=fmt.edge(hi))

st.title(t("cmp_title"))
st.caption(t("cmp_intro"))

scores = a.all_scores.xs(year, level="year")
index = scores[root]
all_regions = sorted(a.scores.index.get_level_values("region").unique(), key=str)
ranked = list(index.dropna().sort_values(ascending=False, kind="stable").index)


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
absent = [r for r in chosen if pd.isna(index.get(r))]
if absent:
    st.warning(md(t("cmp_missing_year", year=year, names=", ".join(ctx.region_name(r) for r in absent))))
regions = [r for r in chosen if r not in absent]
if len(regions) < 2:
    st.info(t("cmp_need_two"))
    st.stop()

names = [ctx.region_name(r) for r in regions]
# an axis of four to six county names ("Taxkorgan Tajik Autonomous County") stays readable: names cut on
# the axes (whole in the tables and the tabs), unless cutting makes two alike
axis_names = {n: short(n, AXIS_NAME) if len(names) > 3 else n for n in names}
if len(set(axis_names.values())) < len(set(names)):
    axis_names = {n: n for n in names}
region_colors = {n: charts.OKABE_ITO[i % len(charts.OKABE_ITO)] for i, n in enumerate(names)}
sel = scores.loc[regions]

def wrapped(name: str, cols: int = 12, lines: int = 3) -> str:
    """A name on up to ``lines`` lines of ``cols`` display columns (at words; a longer word or a Chinese
    name broken anywhere), the rest cut with "…"; escaped for Plotly."""
    out, cur = [], ""
    for ch in name:
        if width(cur + ch) > cols or (ch == " " and width(cur) >= cols - 2):
            cut = cur.rfind(" ")
            if cut > 0 and ch != " ":
                out.append(cur[:cut])
                cur = cur[cut + 1:]
            else:
                out.append(cur)
                cur = ""
            if ch == " ":
                continue
        cur += ch
    out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = short(out[-1] + "…", cols) if width(out[-1]) >= cols else out[-1] + "…"
    return "<br>".join(charts.plain(x.strip()) for x in out if x.strip())


# ------------------------------------------------------------------ charts
views = {"dims": t("cmp_view_dims"), "sub": t("cmp_view_sub"), "par": t("cmp_view_par")}
view = url_select(st.segmented_control, t("cmp_view"), list(views), "view", views.get, default="dims", required=True)
if view == "sub":
    series = {n: sel.loc[r, subdims].tolist() for r, n in zip(regions, names)}
    fig = charts.grouped_bar([ctx.node_name(c) for c in subdims], series, t("cmp_sub_title"), note,
                             score_axis, colors=region_colors, fmt=fmt.spec())
    fig.update_layout(height=580, xaxis=dict(tickangle=-30), margin=dict(t=120),
                      legend=dict(orientation="h", x=1, xanchor="right", y=1.02, yanchor="bottom"))
elif view == "par":
    par = pd.DataFrame({ctx.node_name(c): sel[c].to_numpy() for c in subdims}, index=names)
    fig = charts.parallel_coords(par, t("cmp_par_title"), note, (lo, hi),
                                 colors=[region_colors[n] for n in names], ylabel=score_axis, fmt=fmt.spec())
else:
    series = {ctx.node_name(d): sel[d].tolist() for d in [*dims, root]}
    colors = {ctx.node_name(d): charts.DIMENSION_COLORS.get(d, charts.OKABE_ITO[i + 4]) for i, d in enumerate(dims)}
    colors[ctx.node_name(root)] = INDEX_COLOR
    fig = charts.grouped_bar([axis_names[n] for n in names], series, t("cmp_dims_title"), note, score_axis, colors=colors, fmt=fmt.spec())
    fig.update_traces(texttemplate="%{y:" + fmt.spec() + "}", textposition="outside",
                      textfont_size=13 if len(names) <= 4 else 10,   # six groups of four narrow bars
                      cliponaxis=False)
    fig.update_layout(yaxis=dict(range=[min(0, lo), hi * 1.08]))
    if len(names) > 3:   # long names on two level lines, not slanted into the legend
        cats = [charts.plain(axis_names[n]) for n in names]
        fig.update_xaxes(tickvals=cats, ticktext=[wrapped(n) for n in names], tickangle=0, tickfont_size=13)
chart(fig, f"cmp_chart_{view}", f"compare-{view}-{year}", lines=method_line)
if view == "par":
    st.caption(t("cmp_par_note"))

# ------------------------------------------------------------------ gaps to a benchmark
st.subheader(t("cmp_gap_heading"))
benches = {"mean": t("cmp_bench_mean"), "best": t("cmp_bench_best"), "group": t("cmp_bench_group")}
bench = url_select(st.segmented_control, t("cmp_bench"), list(benches), "bench", benches.get, default="mean",
                   required=True)
rows, no_group, best_label = {}, [], None
for r, n in zip(regions, names):
    try:
        g = diag(ctx, diagnostics.gaps, region=r, year=year, benchmark=bench)
    except ValueError:  # no region group for the group benchmark
        no_group.append(n)
        rows[n] = pd.Series(float("nan"), index=subdims)
        continue
    best_label = g.attrs.get("benchmark_label")
    rows[n] = g["gap"].reindex(subdims)
gap = pd.DataFrame(rows).T
gap.columns = [ctx.node_name(c) for c in subdims]
fig = charts.heatmap(gap.rename(index=axis_names), t("cmp_gap_title", bench=benches[bench]), note,
                     t("cmp_gap_axis"), fmt=fmt.spec(compact=True, sign=True), hover_fmt=fmt.spec(sign=True))
fig.update_layout(height=max(380, 64 * len(gap) + 260), xaxis=dict(side="bottom", tickangle=-30, tickfont_size=14),
                  yaxis=dict(autorange="reversed", tickfont=dict(size=15)))
chart(fig, "cmp_gaps", f"gaps-{bench}-{year}", lines=method_line)
gap_note = t("cmp_gap_note")
if bench == "best" and best_label:
    gap_note += " " + md(t("cmp_gap_best", name=ctx.region_name(best_label)))
st.caption(gap_note)
if no_group:
    st.warning(md(t("cmp_gap_group_missing", names=", ".join(no_group))))
gap_table = fmt.round(gap).rename_axis(t("col_region")).reset_index()
downloads(gap_table, f"gaps-{bench}-{year}", t("cmp_sheet_gaps"), "cmp_dl_gaps")

# ------------------------------------------------------------------ scores and ranks side by side
st.subheader(t("cmp_table_heading"))
nodes = [root, *dims, *subdims]
ranked = {c: a.ranks(c).xs(year, level="year") for c in nodes}
side = pd.DataFrame({t("cmp_col_node"): [ctx.node_name(c) for c in nodes], t("cmp_col_code"): nodes})
cfg = {}
label_count = pd.Series(names).value_counts()
for r, n in zip(regions, names):
    shown = n if label_count[n] == 1 else f"{n} ({r})"
    sc, rk = t("cmp_col_score", name=shown), t("cmp_col_rank", name=shown)
    side[sc] = [fmt.round(scores.at[r, c]) if pd.notna(scores.at[r, c]) else None for c in nodes]
    side[rk] = pd.array([ranked[c].get(r) for c in nodes], dtype="Int64")
    cfg[sc] = st.column_config.NumberColumn(sc, format=fmt.printf())
    cfg[rk] = st.column_config.NumberColumn(rk, format="%d")
st.dataframe(side, hide_index=True, width="stretch", column_config=cfg, height=38 + 35 * len(side),
             placeholder="—",  # a sub-dimension without data for the year (survey or indicator data only)
             key="cmp_side")
st.caption(t("cmp_table_note", year=year, n=int(index.notna().sum())))
downloads(side, f"compare-{year}", t("cmp_sheet_scores"), "cmp_dl_side")

# ------------------------------------------------------------------ measures
st.subheader(t("cmp_measures_heading"))
st.caption(t("cmp_measures_intro"))
records = []
tabs = st.tabs([md(n) for n in names])
for tab, r, n in zip(tabs, regions, names):
    rec = diag(ctx, diagnostics.recommend, region=r, year=year)
    with tab:
        if rec.strong or not rec.items:
            if rec.strong:
                st.success(t("cmp_strong"))
            else:
                st.info(t("cmp_no_measures"))
            continue
        for i, it in enumerate(rec.items, start=1):
            sub_name = it["name_en"] if en else it["name_zh"]
            st.markdown("**" + md(t("cmp_measure_item", i=i, name=sub_name, code=it["subdim"],
                                     score=fmt(it["score"]), obstacle=f"{it['value'] * 100:.1f}%")) + "**")
            lines = []
            for m in it["measures"]:
                text = m["text_en"] if en else m["text_zh"]
                lines.append(f"- {md(text)} — {md(paper_sections(m['source']))}")
                records.append({t("col_region"): n, t("col_code"): r, t("cmp_col_order"): i,
                                t("cmp_col_subdim"): sub_name, t("cmp_col_score_plain"): fmt.round(it["score"]),
                                t("cmp_col_obstacle"): round(it["value"] * 100, 1),
                                t("cmp_col_priority"): m["priority"], t("cmp_col_measure"): text,
                                t("cmp_col_source"): paper_sections(m["source"])})
            st.markdown("\n".join(lines) if lines else md(t("cmp_measure_none")))
if records:
    downloads(pd.DataFrame(records), f"measures-{year}", t("cmp_sheet_measures"), "cmp_dl_measures")
st.caption(md(ctx.source_note()))
