"""The Compare view model (对比): two to six regions side by side, as plain data.

:func:`build` takes the assessment, the regions chosen, the year and the language and returns a
:class:`CompareModel` (the regions with a score, their names as the charts show them, their colours and
scores); :func:`scores_figure`, :func:`gaps`, :func:`side_table` and :func:`measures` build the page's four
parts from it.  ``views/compare.py`` renders them; :func:`focus_table` is the comparison table of the
exports (``export.content``), made from the same scores.  Texts are plain; the page escapes names for
Markdown and the chart builders escape them for Plotly.

>>> from metrics import Dataset, assess
>>> m = build(assess(Dataset.sample()), ["110000", "310000"], 2024, "en")
>>> m.names, side_table(m).table.columns[2]
(('Beijing', 'Shanghai'), 'Beijing score')
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import pandas as pd

import charts
from charts.names import short, width
from charts.numbers import ScoreFormat, score_format
from metrics import diagnostics
from metrics.assessment import Assessment
from metrics.diagnostics import Recommendation, paper_sections
from texts import t

INDEX_COLOR = "#CC79A7"
AXIS_NAME = 30   # display columns of a region name on a chart axis (15 Chinese characters), two lines
#: the chart's views and the gap benchmarks, with the keys of their names
VIEWS = {"dims": "cmp_view_dims", "sub": "cmp_view_sub", "par": "cmp_view_par"}
BENCHES = {"mean": "mean_all", "best": "cmp_bench_best", "group": "cmp_bench_group"}


def ranked(a: Assessment, year: int) -> list[str]:
    """Regions with an index in ``year``, highest first (the picker's default takes the first three)."""
    index = a.all_scores.xs(year, level="year")[a.root]
    return list(index.dropna().sort_values(ascending=False, kind="stable").index)


@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class CompareModel:
    """The regions compared (those with an index in the year), their names, colours and scores."""

    a: Assessment
    lang: str
    year: int
    chosen: tuple                       # as asked
    absent: tuple                       # asked, but without an index in the year
    regions: tuple                      # compared: chosen minus absent
    names: tuple                        # region names, whole (tables, tabs)
    axis_names: dict                    # name -> name on a chart axis (cut when more than three)
    colors: dict                        # name -> colour
    dims: tuple
    subdims: tuple
    fmt: ScoreFormat
    note: str                           # the charts' subtitle
    method_line: str                    # the line under it
    score_axis: str

    @property
    def scores(self) -> pd.DataFrame:
        """Every node's score of the year, regions in rows."""
        return self.a.all_scores.xs(self.year, level="year")

    def node_name(self, code: str) -> str:
        return self.a.framework.name_of(code, self.lang)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)


def build(a: Assessment, chosen: list[str], year: int, lang: str, dataset_label: str | None = None) -> CompareModel:
    """The comparison of ``chosen`` in ``year``; ``dataset_label`` names the data in the charts' subtitle."""
    fw, root = a.framework, a.root
    dims = list(fw.children[root])
    subdims = [c for d in dims for c in fw.children[d] if c in fw.aggregates] or fw.level_codes(2)
    index = a.all_scores.xs(year, level="year")[root]
    absent = [r for r in chosen if pd.isna(index.get(r))]
    regions = [r for r in chosen if r not in absent]
    names = [a.dataset.region_name(r, lang) for r in regions]
    # an axis of four to six county names ("Taxkorgan Tajik Autonomous County") stays readable: names cut on
    # the axes (whole in the tables and the tabs), unless cutting makes two alike
    axis = {n: short(n, AXIS_NAME) if len(names) > 3 else n for n in names}
    if len(set(axis.values())) < len(set(names)):
        axis = {n: n for n in names}
    fmt = score_format(a)
    lo, hi = a.display_range()
    score_axis = (t("score_axis", lang) if (lo, hi) == (0.0, 100.0)
                  else t("score_axis_range", lang, lo=fmt.edge(lo), hi=fmt.edge(hi)))
    return CompareModel(
        a=a, lang=lang, year=year, chosen=tuple(chosen), absent=tuple(absent), regions=tuple(regions),
        names=tuple(names), axis_names=axis,
        colors={n: charts.OKABE_ITO[i % len(charts.OKABE_ITO)] for i, n in enumerate(names)},
        dims=tuple(dims), subdims=tuple(subdims), fmt=fmt,
        note=t("data_note", lang, dataset=dataset_label or a.dataset.label or "", year=year),
        method_line=t("method_note", lang, method=a.spec.describe(lang)), score_axis=score_axis)


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


# --------------------------------------------------------------------------- the chart
def scores_figure(m: CompareModel, view: str):
    """``dims``: dimensions and index per region (grouped bars); ``sub``: sub-dimensions per region;
    ``par``: sub-dimensions as parallel coordinates."""
    sel = m.scores.loc[list(m.regions)]
    lo, hi = m.a.display_range()
    fmt, names, subdims = m.fmt, list(m.names), list(m.subdims)
    if view == "sub":
        series = {n: sel.loc[r, subdims].tolist() for r, n in zip(m.regions, names)}
        fig = charts.grouped_bar([m.node_name(c) for c in subdims], series, m.t("cmp_sub_title"), m.note,
                                 m.score_axis, colors=m.colors, fmt=fmt.spec())
        fig.update_layout(height=580, xaxis=dict(tickangle=-30), margin=dict(t=120),
                          legend=dict(orientation="h", x=1, xanchor="right", y=1.02, yanchor="bottom"))
        return fig
    if view == "par":
        par = pd.DataFrame({m.node_name(c): sel[c].to_numpy() for c in subdims}, index=names)
        return charts.parallel_coords(par, m.t("cmp_par_title"), m.note, (lo, hi),
                                      colors=[m.colors[n] for n in names], ylabel=m.score_axis, fmt=fmt.spec())
    root, dims = m.a.root, list(m.dims)
    series = {m.node_name(d): sel[d].tolist() for d in [*dims, root]}
    colors = {m.node_name(d): charts.DIMENSION_COLORS.get(d, charts.OKABE_ITO[i + 4]) for i, d in enumerate(dims)}
    colors[m.node_name(root)] = INDEX_COLOR
    fig = charts.grouped_bar([m.axis_names[n] for n in names], series, m.t("cmp_dims_title"), m.note, m.score_axis,
                             colors=colors, fmt=fmt.spec())
    fig.update_traces(texttemplate="%{y:" + fmt.spec() + "}", textposition="outside",
                      textfont_size=13 if len(names) <= 4 else 10,   # six groups of four narrow bars
                      cliponaxis=False)
    fig.update_layout(yaxis=dict(range=[min(0, lo), hi * 1.08]))
    if len(names) > 3:   # long names on two level lines, not slanted into the legend
        cats = [charts.plain(m.axis_names[n]) for n in names]
        fig.update_xaxes(tickvals=cats, ticktext=[wrapped(n) for n in names], tickangle=0, tickfont_size=13)
    return fig


# --------------------------------------------------------------------------- gaps
@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class Gaps:
    """Each region's sub-dimension gaps to a benchmark: the heat map, the rounded table, what is missing."""

    heatmap: object
    table: pd.DataFrame                 # region, one column per sub-dimension (rounded as shown)
    no_group: tuple                     # names of regions without a group (group benchmark)
    best: str | None                    # code of the best region (best benchmark)


def gaps(m: CompareModel, bench: str, compute: Callable[..., pd.DataFrame] | None = None) -> Gaps:
    """Gaps to ``bench`` (one of :data:`BENCHES`); ``compute`` is :func:`metrics.diagnostics.gaps` on the
    assessment by keyword (the page passes its cached call)."""
    compute = compute or functools.partial(diagnostics.gaps, m.a)
    subdims = list(m.subdims)
    rows, no_group, best = {}, [], None
    for r, n in zip(m.regions, m.names):
        try:
            g = compute(region=r, year=m.year, benchmark=bench)
        except ValueError:  # no region group for the group benchmark
            no_group.append(n)
            rows[n] = pd.Series(float("nan"), index=subdims)
            continue
        best = g.attrs.get("benchmark_label")
        rows[n] = g["gap"].reindex(subdims)
    gap = pd.DataFrame(rows).T
    gap.columns = [m.node_name(c) for c in subdims]
    fig = charts.heatmap(gap.rename(index=m.axis_names), m.t("cmp_gap_title", bench=m.t(BENCHES[bench])),
                         m.note, m.t("gap_axis"), fmt=m.fmt.spec(compact=True, sign=True),
                         hover_fmt=m.fmt.spec(sign=True))
    fig.update_layout(height=max(380, 64 * len(gap) + 260),
                      xaxis=dict(side="bottom", tickangle=-30, tickfont_size=14),
                      yaxis=dict(autorange="reversed", tickfont=dict(size=15)))
    table = m.fmt.round(gap).rename_axis(m.t("col_region")).reset_index()
    return Gaps(fig, table, tuple(no_group), best if bench == "best" else None)


# --------------------------------------------------------------------------- scores and ranks
@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class SideTable:
    """Every node's score and rank for each region, side by side; which columns hold scores and ranks."""

    table: pd.DataFrame
    score_columns: tuple
    rank_columns: tuple
    n_ranked: int


def side_table(m: CompareModel) -> SideTable:
    """Index, dimensions and sub-dimensions in rows; a score and a rank column per region (a name two
    regions share gets the code)."""
    a, root = m.a, m.a.root
    nodes = [root, *m.dims, *m.subdims]
    scores = m.scores
    # every node's ranks in the year at once (Assessment.ranks' convention: 1 best, ties share the better
    # rank, missing scores unranked); a.ranks(node) per node ranked all years ~20 times (~15 ms a change)
    ranks = a.all_scores[nodes].xs(m.year, level="year").rank(ascending=False, method="min", na_option="keep")
    side = pd.DataFrame({m.t("col_node"): [m.node_name(c) for c in nodes], m.t("col_code"): nodes})
    # the regions' scores (rounded as shown, a missing score left empty) and ranks, node by region, taken in
    # one block each: a lookup per cell cost ~50 ms of every change of the regions
    regions = list(m.regions)
    shown_scores = m.fmt.round(scores.reindex(index=regions, columns=nodes)).to_numpy()
    shown_ranks = ranks.reindex(index=regions, columns=nodes).to_numpy()
    count = pd.Series(list(m.names)).value_counts()
    sc_cols, rk_cols = [], []
    for i, (r, n) in enumerate(zip(regions, m.names)):
        shown = n if count[n] == 1 else f"{n} ({r})"
        sc, rk = m.t("cmp_col_score", name=shown), m.t("cmp_col_rank", name=shown)
        side[sc] = shown_scores[i]
        side[rk] = pd.array(shown_ranks[i], dtype="Float64").astype("Int64")
        sc_cols.append(sc)
        rk_cols.append(rk)
    return SideTable(side, tuple(sc_cols), tuple(rk_cols), int(scores[root].notna().sum()))


# --------------------------------------------------------------------------- measures
@dataclass(frozen=True)
class RegionMeasures:
    """One region's measures: ``strong`` (no measure needed) or headed blocks of (text, paper sections)."""

    code: str
    name: str
    strong: bool
    blocks: tuple                       # (heading, ((measure text, sections), ...))


def measures(m: CompareModel, compute: Callable[..., Recommendation] | None = None
             ) -> tuple[tuple, pd.DataFrame]:
    """Each region's measures (by obstacle degree) and all of them as one table; ``compute`` is
    :func:`metrics.diagnostics.recommend` on the assessment by keyword (the page passes its cached call)."""
    compute = compute or functools.partial(diagnostics.recommend, m.a)
    en = m.lang == "en"
    out, records = [], []
    for r, n in zip(m.regions, m.names):
        rec = compute(region=r, year=m.year)
        blocks = []
        for i, it in enumerate([] if rec.strong else rec.items, start=1):
            sub_name = it["name_en"] if en else it["name_zh"]
            head = m.t("cmp_measure_item", i=i, name=sub_name, code=it["subdim"], score=m.fmt(it["score"]),
                       obstacle=f"{it['value'] * 100:.1f}%")
            lines = []
            for ms in it["measures"]:
                text = ms["text_en"] if en else ms["text_zh"]
                lines.append((text, paper_sections(ms["source"])))
                records.append({m.t("col_region"): n, m.t("col_code"): r, m.t("col_order"): i,
                                m.t("col_subdim"): sub_name, m.t("col_score"): m.fmt.round(it["score"]),
                                m.t("obstacle_axis"): round(it["value"] * 100, 1),
                                m.t("col_priority"): ms["priority"], m.t("cmp_col_measure"): text,
                                m.t("col_source"): paper_sections(ms["source"])})
            blocks.append((head, tuple(lines)))
        out.append(RegionMeasures(r, n, rec.strong, tuple(blocks)))
    return tuple(out), pd.DataFrame(records)


# --------------------------------------------------------------------------- the exports' comparison
def focus_table(a: Assessment, regions: list[str], year: int, lang: str) -> pd.DataFrame:
    """The regions in focus of a report side by side (``code, name, index, <dimensions>, rank, level_name,
    D, band``) and, last, the mean of every region with an index in ``year``; the deck's and the PDF's
    comparison (:mod:`export.content`).  Coordination is missing ("—") with fewer than two dimensions.
    """
    from metrics.levels import level_name
    from metrics.synergy import BANDS, band_of

    root, en = a.root, lang == "en"
    dims = list(a.framework.children[root])
    s = a.all_scores.xs(year, level="year")
    present = s[root].dropna().index
    ranks = a.ranks().xs(year, level="year")
    levels = a.levels().xs(year, level="year")
    syn = diagnostics.synergy(a, year=year).xs(year, level="year").reindex(present) if len(dims) >= 2 else None
    rows = []
    for r in regions:
        lv, has_d = levels.get(r), syn is not None and r in syn.index and pd.notna(syn.at[r, "D"])
        rows.append({"code": r, "name": a.dataset.region_name(r, lang), "index": float(s.at[r, root]),
                     **{d: float(s.at[r, d]) for d in dims},
                     "rank": int(ranks[r]) if pd.notna(ranks.get(r)) else None,
                     "level_name": level_name(int(lv), lang) if pd.notna(lv) and lv else "—",
                     "D": float(syn.at[r, "D"]) if has_d else float("nan"),
                     "band": str(syn.at[r, "band_en" if en else "band_zh"]) if has_d else "—"})
    mean = s.loc[present].mean()
    d_mean, band = float("nan"), "—"
    if syn is not None and syn["D"].notna().any():
        d_mean = float(syn["D"].mean())
        band = BANDS[int(band_of(d_mean)) - 1][3 if en else 2]
    rows.append({"code": "", "name": t("mean_all", lang), "index": float(mean[root]),
                 **{d: float(mean[d]) for d in dims}, "rank": None, "level_name": "—", "D": d_mean, "band": band})
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    return out
