"""The Region profile view model (地区画像): one region against a benchmark, as plain data.

:func:`build` turns an assessment, a region, a year, a benchmark and a language into a
:class:`ProfileModel`: the header cards, the gaps, the key points and the benchmark's names, all from
one :class:`metrics.diagnostics.RegionProfile`.  The page's seven tabs are built by their own functions
(:func:`scores_tab`, :func:`gaps_tab`, :func:`measures_tab`, :func:`obstacles_tab`, :func:`synergy_tab`,
:func:`trend_tab`, :func:`views_tab`) because only the open tab is computed and drawn.
``views/profile.py`` renders these models; ``export.content.RegionReport`` is made from the same
``RegionProfile``, so the page and the deck cannot disagree on a gap, an obstacle or a measure.

Texts are plain: the page escapes names for Markdown (``escape`` is applied to the names placed inside
Markdown sentences) and the chart builders escape them for Plotly.

>>> from metrics import Dataset, assess
>>> m = build(assess(Dataset.sample()), "110000", 2024, "en")
>>> m.name, m.bench.long, m.cards[1].label
('Beijing', 'mean of all regions', 'Rank')
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import pandas as pd

import charts
from charts.numbers import ScoreFormat, score_format
from metrics import diagnostics
from metrics.assessment import Assessment
from metrics.data import region_group_names
from metrics.diagnostics import RegionProfile, Recommendation, paper_sections, strengths_weaknesses
from metrics.framework import GROUP_NAMES, GROUPS
from metrics.levels import level_name
from metrics.synergy import BANDS
from texts import t
from viewmodels.kit import as_is


def cap(s: str) -> str:
    """The first letter in upper case (a benchmark's name starts a legend entry)."""
    return s[:1].upper() + s[1:]


def short(s: str, n: int) -> str:
    """``s`` cut to ``n`` characters with "…" (bar labels of long indicator names)."""
    s = str(s)
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


@dataclass(frozen=True)
class Card:
    """One headline figure (``st.metric``): label, value, delta and how the delta is drawn."""

    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"
    delta_arrow: str = "auto"
    help: str | None = None


@dataclass(frozen=True)
class Bench:
    """The benchmark actually used: its kind, the peer, its long name (sentences) and short name (deltas).

    ``warning`` is set when the chosen benchmark could not be formed and the mean of all regions
    stands in: ``(text key, error text)``.
    """

    kind: str
    peer: str | None
    long: str
    short: str
    warning: tuple[str, str] | None = None

    @property
    def legend(self) -> str:
        return cap(self.long)


@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class ProfileModel:
    """What the Region profile page shows above its tabs, and what every tab starts from."""

    a: Assessment
    lang: str
    year: int
    region: str
    name: str
    group_label: str
    core: RegionProfile
    bench: Bench
    fmt: ScoreFormat
    dims: tuple
    subs: tuple
    sub_level: int | None
    note: str                           # the charts' subtitle: data, year, method
    cards: tuple                        # five :class:`Card`: index, rank, level, coordination, coverage
    dim_cards: tuple                    # one :class:`Card` per dimension
    strengths: tuple                    # (node name, signed gap text), furthest above the benchmark first
    weaknesses: tuple                   # (node name, signed gap text), furthest below first
    priorities: tuple                   # (node name, obstacle share text), the three largest obstacles
    dataset_label: str

    @property
    def gaps(self) -> pd.DataFrame:
        return self.core.gaps

    def node_name(self, code: str) -> str:
        return self.a.framework.name_of(code, self.lang)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def scaled(self, key: str) -> str:
        """Text ``key`` for scores on 0–100, else its ``<key>_range`` form naming the method's scale."""
        lo, hi = self.a.display_range()
        return self.t(key) if (lo, hi) == (0.0, 100.0) else self.t(f"{key}_range", lo=self.fmt.edge(lo),
                                                                    hi=self.fmt.edge(hi))

    def vs(self, code: str) -> str | None:
        """The gap of ``code`` to the benchmark as a delta ("+3.2 vs mean"), ``None`` when missing."""
        gap = self.gaps.at[code, "gap"] if code in self.gaps.index else np.nan
        return None if pd.isna(gap) else self.t("pf_vs", gap=self.fmt(gap, sign=True), bench=self.bench.short)

    @property
    def dim_colors(self) -> dict:
        return {d: charts.OKABE_ITO[i % len(charts.OKABE_ITO)] for i, d in enumerate(self.dims)}


# --------------------------------------------------------------------------- the model
def structure(a: Assessment) -> tuple[list[str], list[str], int | None]:
    """Dimensions, their aggregate children (the sub-dimensions) and the sub-dimensions' level."""
    fw = a.framework
    dims = list(fw.children[a.root])
    subs = [c for d in dims for c in fw.children.get(d, []) if fw.table.at[c, "type"] == "Aggregate"]
    return dims, subs, int(fw.table.at[subs[0], "level"]) if subs else None


def group_label(a: Assessment, region: str, lang: str) -> str:
    """The display name of the region's group (东部地区, Eastern), or "no region group"."""
    grp = a.dataset.region_groups().get(region)
    grp = None if grp is None or (isinstance(grp, float) and np.isnan(grp)) or str(grp) == "" else str(grp)
    if not grp:
        return t("pf_no_group", lang)
    names = region_group_names()
    return names[grp][0 if lang == "zh" else 1] if grp in names else grp


def bench_names(a: Assessment, core: RegionProfile, peer: str | None, lang: str) -> tuple[str, str]:
    """The benchmark's long name (sentences, legends) and short name (after "vs" in a delta)."""
    kind, label = core.benchmark, core.benchmark_label
    if kind == "mean":
        return t("pf_b_mean", lang), t("pf_short_mean", lang)
    if kind == "best":
        nm = a.dataset.region_name(label, lang)
        return t("pf_b_best", lang, name=nm), nm
    if kind == "group":
        gnames = region_group_names()
        b = t("pf_b_group", lang, group=gnames[label][0 if lang == "zh" else 1] if label in gnames else label)
        return b, b
    if kind == "peer":
        nm = a.dataset.region_name(peer, lang)
        return t("pf_b_peer", lang, name=nm), nm
    return t("pf_b_target", lang), t("pf_short_target", lang)


def build(a: Assessment, region: str, year: int, lang: str, benchmark: str = "mean", peer: str | None = None,
          dataset_label: str | None = None, compute: Callable[..., RegionProfile] | None = None) -> ProfileModel:
    """The profile of ``region`` in ``year`` against ``benchmark`` (one of :data:`BENCHMARKS`; ``peer``
    names the region for ``"peer"``), in ``lang``.

    A benchmark that cannot be formed (a region without a group, an unknown peer) falls back to the mean
    of all regions, with ``bench.warning`` saying why.  ``compute`` makes the
    :class:`~metrics.diagnostics.RegionProfile` from keyword arguments (default:
    :func:`metrics.diagnostics.region_profile` on ``a``); the page passes its cached call.
    ``dataset_label`` names the data in the charts' subtitle (default: the dataset's label).
    """
    compute = compute or functools.partial(diagnostics.region_profile, a)
    dims, subs, sub_level = structure(a)
    level = sub_level or 2
    warning = None
    try:
        core = compute(region=region, year=year, benchmark=benchmark, peer=peer, level=level)
    except ValueError as err:
        warning = ("pf_group_missing" if benchmark == "group" else "pf_bench_error", str(err))
        benchmark, peer = "mean", None
        core = compute(region=region, year=year, benchmark="mean", peer=None, level=level)
    b_long, b_short = bench_names(a, core, peer, lang)
    label = dataset_label or a.dataset.label or ""
    m = ProfileModel(a=a, lang=lang, year=year, region=region, name=a.dataset.region_name(region, lang),
                     group_label=group_label(a, region, lang), core=core,
                     bench=Bench(benchmark, peer, b_long, b_short, warning), fmt=score_format(a),
                     dims=tuple(dims), subs=tuple(subs), sub_level=sub_level,
                     note=t("source_note", lang, dataset=label, year=year, method=a.spec.describe(lang)),
                     cards=(), dim_cards=(), strengths=(), weaknesses=(), priorities=(), dataset_label=label)
    return _with_header(m)


def _with_header(m: ProfileModel) -> ProfileModel:
    """The header cards and the key points of a model whose core and benchmark are set."""
    g, fmt = m.gaps, m.fmt
    if m.sub_level:
        strong = [(m.node_name(c), fmt(g.at[c, "gap"], sign=True)) for c in m.core.strengths]
        weak = [(m.node_name(c), fmt(g.at[c, "gap"], sign=True)) for c in m.core.weaknesses]
    else:   # no sub-dimensions: the strengths and weaknesses of the indicators
        s, w = strengths_weaknesses(g, level=1, n=3)
        strong = [(m.node_name(c), fmt(r.gap, sign=True)) for c, r in s.iterrows()]
        weak = [(m.node_name(c), fmt(r.gap, sign=True)) for c, r in w.iterrows()]
    obst = obstacles_sub(m).head(3)
    prio = [(m.node_name(c), f"{r.obstacle * 100:.1f}%") for c, r in obst.iterrows()]
    dim_cards = tuple(Card(m.node_name(d), fmt(g.at[d, "score"]), m.vs(d), help=m.scaled("pf_m_dim_help"))
                      for d in m.dims)
    return replace(m, cards=header_cards(m), dim_cards=dim_cards, strengths=tuple(strong), weaknesses=tuple(weak),
                   priorities=tuple(prio))


def header_cards(m: ProfileModel) -> tuple:
    """Index (gap as delta), rank (change since the year before), maturity level, coordination D, coverage."""
    a, core, fmt, year, region = m.a, m.core, m.fmt, m.year, m.region
    rank, n = core.rank, core.of
    prev = [y for y in a.years if y < year]
    rank_delta, rank_arrow = None, "auto"
    if prev and a.has_year:
        pr = a.ranks().xs(prev[-1], level="year").get(region)
        if pd.notna(pr) and rank is not None:
            d = int(pr) - rank
            rank_delta = (m.t("pf_m_rank_delta", d=f"{d:+d}", year=prev[-1]) if d
                          else m.t("pf_m_rank_same", year=prev[-1]))
            rank_arrow = "auto" if d else "off"
    lv = core.maturity_level
    syn = core.synergy
    dval = syn["D"] if syn is not None else np.nan
    band = (syn["band_zh"] if m.lang == "zh" else syn["band_en"]) if syn is not None else None
    cov = core.coverage.get(a.root, np.nan)
    return (
        Card(m.t("col_index"), fmt(g_score(m, a.root)), m.vs(a.root)),
        # "2507 of 2844" would wrap a card: from 100 regions on the count goes to the label
        Card(m.t("col_rank") if n < 100 else m.t("pf_m_rank_of", n=n),
             m.t("pf_m_rank_value", rank=rank, n=n) if n < 100 else str(rank), rank_delta, delta_arrow=rank_arrow),
        Card(m.t("maturity_label"), m.t("level_value", level=lv) if lv is not None else "—",
             level_name(lv if lv is not None else np.nan, m.lang), "gray", "off"),
        Card(m.t("pf_m_band"), f"{dval:.3f}" if pd.notna(dval) else "—", band if pd.notna(dval) else None,
             "gray", "off", m.t("pf_syn_d_help")),
        Card(m.t("col_coverage"), f"{cov * 100:.0f}%" if pd.notna(cov) else "—",
             (m.t("pf_m_coverage_full") if cov >= 0.999 else m.t("pf_m_coverage_low")) if pd.notna(cov) else None,
             "gray", "off", m.t("pf_m_coverage_help")),
    )


def g_score(m: ProfileModel, code: str) -> float:
    return float(m.gaps.at[code, "score"])


def obstacles_sub(m: ProfileModel) -> pd.DataFrame:
    """The region's sub-dimension obstacles, largest first (none in a framework without sub-dimensions)."""
    return m.core.obstacles_subdim if m.sub_level else pd.DataFrame(columns=["obstacle", "score"])


# --------------------------------------------------------------------------- scores and gaps
@dataclass(frozen=True, eq=False)   # holds figures: compared by identity
class ScoresTab:
    """Radars of the dimensions and of the sub-dimensions (none in a framework without them)."""

    radar_dims: object
    radar_subs: object | None


@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class GapsTab:
    """The sub-dimensions' gaps as bars (none without sub-dimensions) and the scores table."""

    gap_bars: object | None
    table: pd.DataFrame


def scores_tab(m: ProfileModel) -> ScoresTab:
    """Region and benchmark on one radar scale (0–100 when every score fits, else from the data)."""
    g, fmt, dims, subs = m.gaps, m.fmt, list(m.dims), list(m.subs)
    both = g.loc[dims + subs, ["score", "benchmark"]].to_numpy(dtype=float)
    lo, hi = float(np.nanmin(both)), float(np.nanmax(both))
    rng = [0, 100] if lo >= 0 and hi <= 100 else [min(lo, 0), hi * 1.05 if hi > 0 else 1]
    legend = m.bench.legend

    def radar(codes: list[str], title: str):
        return charts.radar([m.node_name(c) for c in codes],
                            {m.name: g.loc[codes, "score"].astype(float).tolist(),
                             legend: g.loc[codes, "benchmark"].astype(float).tolist()},
                            title, m.note, fmt=fmt.spec(), rrange=rng, angle=180 / max(len(codes), 1))

    # a radar of the dimensions (bars when the framework has fewer than three), then of the sub-dimensions
    r_dims = radar(dims, m.t("pf_radar_dims", region=m.name, bench=m.bench.long))
    r_subs = radar(subs, m.t("pf_radar_subs", region=m.name, bench=m.bench.long, n=len(subs))) if subs else None
    return ScoresTab(r_dims, r_subs)


def scores_table(m: ProfileModel) -> pd.DataFrame:
    """The index, the dimensions and the sub-dimensions: score, benchmark and gap, rounded as shown."""
    g, fmt, root = m.gaps, m.fmt, m.a.root
    lvl_name = {0: m.t("pf_lvl_index"), 1: m.t("col_dimension"), 2: m.t("col_subdim")}
    rows = [(root, 0)] + [(d, 1) for d in m.dims] + [(s, 2) for s in m.subs]
    codes = [c for c, _ in rows]
    shown = fmt.round(g.loc[codes, ["score", "benchmark", "gap"]].astype(float))
    return pd.DataFrame({
        m.t("col_levelno"): [lvl_name[k] for _, k in rows],
        m.t("col_code"): codes,
        m.t("col_node"): [m.t("col_index") if c == root else m.node_name(c) for c in codes],
        m.t("col_score"): shown["score"].to_numpy(),
        m.t("col_bench"): shown["benchmark"].to_numpy(),
        m.t("col_gap"): shown["gap"].to_numpy(),
    })


def gaps_tab(m: ProfileModel) -> GapsTab:
    """The sub-dimensions' gaps to the benchmark, largest above first, and the scores table."""
    bars = None
    if m.subs:
        gs = m.gaps.loc[list(m.subs)].dropna(subset=["gap"])
        bars = charts.diverging_bars([m.node_name(s) for s in gs.index], gs["gap"].tolist(),
                                     m.t("pf_gap_title", region=m.name, bench=m.bench.long), m.note,
                                     m.scaled("pf_gap_axis"), fmt=m.fmt.spec(sign=True))
    return GapsTab(bars, scores_table(m))


# --------------------------------------------------------------------------- measures
@dataclass(frozen=True)
class MeasureBlock:
    """One sub-dimension that needs measures: its name, why (the trigger) and its measures."""

    subdim: str
    name: str
    trigger: str
    measures: tuple                     # (measure text, "priority · sections" line)


@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class MeasuresTab:
    """The paper's measures for the sub-dimensions holding the region back, or the "strong" message."""

    strong: bool
    message: str
    blocks: tuple
    table: pd.DataFrame


def measures_tab(m: ProfileModel, rec: Recommendation | None = None) -> MeasuresTab:
    """Measures of ``rec`` (default: the profile's own, ordered by obstacle degree)."""
    rec = rec or m.core.recommendation
    zh = m.lang == "zh"
    blocks, rows = [], []
    for k, it in enumerate([] if rec.strong else rec.items, start=1):
        nm = it["name_zh"] if zh else it["name_en"]
        if it["trigger"] == "obstacle":
            trig = m.t("pf_trigger_obstacle", v=f"{it['value'] * 100:.1f}", s=m.fmt(it["score"]))
        else:
            trig = m.t("pf_trigger_gap", v=m.fmt(abs(it["value"])), s=m.fmt(it["score"]))
        lines = []
        for ms in it["measures"]:
            text = ms["text_zh"] if zh else ms["text_en"]
            src = paper_sections(ms["source"])
            lines.append((text, m.t("pf_measure_line", p=ms["priority"], src=src)))
            rows.append({m.t("col_order"): k, m.t("col_subdim"): nm, m.t("pf_col_trigger"): trig,
                         m.t("col_priority"): int(ms["priority"]), m.t("col_measure"): text,
                         m.t("col_source"): src})
        blocks.append(MeasureBlock(it["subdim"], nm, trig, tuple(lines)))
    table = pd.DataFrame(rows, columns=[m.t(k) for k in ("col_order", "col_subdim", "col_priority",
                                                          "col_measure", "col_source", "pf_col_trigger")])
    return MeasuresTab(rec.strong, rec.message_zh if zh else rec.message_en, tuple(blocks), table)


# --------------------------------------------------------------------------- obstacles
@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class ObstaclesTab:
    """Bars of the sub-dimension and indicator obstacles (coloured by dimension), the colour legend, tables."""

    sub_bars: object | None
    ind_bars: object | None
    legend: str
    sub_table: pd.DataFrame
    ind_table: pd.DataFrame


def obstacles_tab(m: ProfileModel) -> ObstaclesTab:
    fw, fmt, dims = m.a.framework, m.fmt, list(m.dims)
    words = m.t("pf_colors").split(",")
    legend = m.t("pf_color_legend", items=("、" if m.lang == "zh" else ", ").join(
        f"{m.node_name(d)}（{words[i % len(words)]}）" if m.lang == "zh"
        else f"{m.node_name(d)} ({words[i % len(words)]})" for i, d in enumerate(dims)))
    dim_level = int(fw.table.at[dims[0], "level"]) if dims else 0
    colors = m.dim_colors

    def dimension_of(code: str) -> str | None:
        return fw.ancestor_at(code, dim_level) if dims else None

    def color(code: str) -> str:
        return colors.get(dimension_of(code), charts.OKABE_ITO[0])

    sub, ind = obstacles_sub(m), m.core.obstacles_indicators
    sub_bars = ind_bars = None
    if len(sub):
        sub_bars = charts.ranking_bar([m.node_name(c) for c in sub.index], (sub["obstacle"] * 100).tolist(),
                                      m.t("pf_obst_sub_title", region=m.name), m.note, m.t("obstacle_axis"),
                                      colors=[color(c) for c in sub.index])
    if len(ind):
        labels, seen = [], set()
        for c in ind.index:   # long indicator names cut; two alike told apart by their codes
            lab = short(m.node_name(c), 26 if m.lang == "zh" else 52)
            lab = lab if lab not in seen else f"{lab} ({c})"
            seen.add(lab)
            labels.append(lab)
        ind_bars = charts.ranking_bar(labels, (ind["obstacle"] * 100).tolist(), m.t("pf_obst_ind_title", region=m.name),
                                      m.note, m.t("obstacle_axis"), colors=[color(c) for c in ind.index])

    def table(od: pd.DataFrame, kind: str) -> pd.DataFrame:
        return pd.DataFrame({
            m.t("col_code"): list(od.index),
            m.t(kind): [m.node_name(c) for c in od.index],
            m.t("pf_col_dimension"): [m.node_name(dimension_of(c)) if dimension_of(c) else "" for c in od.index],
            m.t("obstacle_axis"): (od["obstacle"] * 100).round(1).tolist() if len(od) else [],
            m.t("col_score"): fmt.round(od["score"]).tolist() if len(od) else [],
        })

    return ObstaclesTab(sub_bars, ind_bars, legend, table(sub, "col_subdim"), table(ind, "col_indicator"))


# --------------------------------------------------------------------------- coordination
@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class SynergyTab:
    """Coupling C, development T, coordination D of the region, against all regions of the year."""

    C: str
    T: str
    D: str
    band: str                           # "k / 10"
    band_name: str
    sentence: str                       # Markdown: names passed through ``escape``
    compare: str                        # Markdown: names passed through ``escape``
    rescaled: bool
    strip: object
    table: pd.DataFrame


def synergy_tab(m: ProfileModel, year_table: pd.DataFrame, escape: Callable[[str], str] = as_is
                ) -> SynergyTab | None:
    """From :func:`metrics.diagnostics.synergy` of the year (every region, its ``attrs``); ``None`` when the
    region has no coordination degree."""
    syn = m.core.synergy
    if syn is None or pd.isna(syn["D"]):
        return None
    syn_year = year_table.xs(m.year, level="year")
    zh, li = m.lang == "zh", 0 if m.lang == "zh" else 1
    band_name = syn["band_zh"] if zh else syn["band_en"]
    dscore = m.gaps.loc[list(m.dims), "score"].astype(float)
    weakest = dscore.idxmin()
    c3, t3, d3 = f"{syn['C']:.3f}", f"{syn['T']:.3f}", f"{syn['D']:.3f}"
    sentence = m.t("pf_syn_sentence", region=escape(m.name), d=d3, band=band_name, k=int(syn["band"]), t=t3, c=c3,
                   weakest=escape(m.node_name(weakest)), wscore=m.fmt(dscore[weakest]))
    dall = syn_year["D"].dropna()
    compare = m.t("pf_syn_compare", year=m.year, n=len(dall), above=int((dall > syn["D"]).sum()),
                  region=escape(m.name), mean=f"{dall.mean():.3f}")
    strip = charts.band_strip([(lo, hi, z if zh else e) for lo, hi, z, e in BANDS],
                              {m.name: float(syn["D"]), m.t("mean_all"): float(dall.mean())},
                              m.t("pf_band_title", region=m.name), m.note, m.t("pf_band_axis"))
    table = pd.DataFrame({
        m.t("pf_col_who"): [m.name, m.t("mean_all")],
        "C": [round(float(syn["C"]), 3), round(float(syn_year["C"].mean()), 3)],
        "T": [round(float(syn["T"]), 3), round(float(syn_year["T"].mean()), 3)],
        "D": [round(float(syn["D"]), 3), round(float(dall.mean()), 3)],
        m.t("pf_syn_band"): [syn["band_zh" if zh else "band_en"], BANDS[min(int(dall.mean() * 10), 9)][2 + li]],
        m.t("col_stage"): [syn.get("stage_zh" if zh else "stage_en", ""), ""],
    })
    return SynergyTab(c3, t3, d3, f"{int(syn['band'])} / {len(BANDS)}", band_name, sentence, compare,
                      bool(year_table.attrs.get("rescaled")), strip, table)


# --------------------------------------------------------------------------- trend
@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class TrendTab:
    """The index and the dimensions over the years, the change first to last, and the table by year."""

    lines: object
    change: str | None
    table: pd.DataFrame


def trend_tab(m: ProfileModel, synergy_all: pd.DataFrame) -> TrendTab | None:
    """From :func:`metrics.diagnostics.synergy` of every year; ``None`` when the data have one year only."""
    a, fmt, root, dims = m.a, m.fmt, m.a.root, list(m.dims)
    if len(a.years) < 2 or not a.has_year:
        return None
    hist = a.scores.xs(m.region, level="region")[[root] + dims].sort_index()
    hist = hist.reset_index().rename(columns={"index": "year"})
    hist.columns = ["year"] + [root] + dims
    fig = charts.lines(hist, "year", [root] + dims, {root: m.t("col_index"), **{d: m.node_name(d) for d in dims}},
                       m.t("pf_trend_title", region=m.name),
                       m.t("pf_trend_subtitle", dataset=m.dataset_label, first=hist["year"].min(),
                           last=hist["year"].max(), method=a.spec.describe(m.lang)),
                       m.t("year"), m.scaled("score_axis"),
                       colors={root: "#000000", **m.dim_colors}, fmt=fmt.spec())
    first, last = hist.iloc[0], hist.iloc[-1]
    change = None
    if pd.notna(first[root]) and pd.notna(last[root]):
        change = m.t("pf_trend_change", first=int(first["year"]), last=int(last["year"]),
                     d=fmt(last[root] - first[root], sign=True))
    rk = a.ranks().xs(m.region, level="region")
    dser = synergy_all["D"].xs(m.region, level="region")
    table = pd.DataFrame({m.t("year"): hist["year"].astype(int), m.t("col_index"): fmt.round(hist[root]),
                          m.t("col_rank"): rk.reindex(hist["year"]).astype("Int64").to_numpy()})
    for d in dims:
        table[m.node_name(d)] = fmt.round(hist[d])
    table[m.t("pf_col_d")] = dser.reindex(hist["year"]).round(3).to_numpy()
    return TrendTab(fig, change, table)


# --------------------------------------------------------------------------- stakeholder views
@dataclass(frozen=True, eq=False)   # holds tables: compared by identity
class ViewsTab:
    """How each stakeholder group rates the statements: dots per group, the test per statement, the table."""

    k: int                              # points of the answer scale
    dots: object | None
    sig_count: str | None
    single: int                         # statements asked of one group only
    table: pd.DataFrame
    groups: tuple                       # the groups' column names in ``table``


def views_tab(m: ProfileModel, pv: pd.DataFrame, item_names: dict) -> ViewsTab:
    """From :func:`metrics.diagnostics.perception` of the region (not empty) and the items' statements."""
    fw, li = m.a.framework, 0 if m.lang == "zh" else 1
    sv_ind = fw.survey_indicators
    k = int(pd.to_numeric(fw.table.loc[sv_ind, "scale"], errors="coerce").max()) if sv_ind else 5
    k = k if k > 1 else 5
    present = [gr for gr in GROUPS if f"mean_{gr}" in pv.columns]
    gname = {gr: GROUP_NAMES[gr][li] for gr in present}
    multi = pv[pv["n_groups"] >= 2]
    dots = sig = None
    if len(multi):
        labels, seen = [], set()
        for _, r in multi.iterrows():   # statements cut; two alike told apart by their item codes
            lab = short(item_names.get(r["item"], r["item"]), 24 if m.lang == "zh" else 50)
            lab = lab if lab not in seen else f"{lab} ({r['item']})"
            seen.add(lab)
            labels.append(lab + (" ★" if bool(r["significant"]) else ""))
        colors = {gname[gr]: charts.OKABE_ITO[i] for i, gr in enumerate(present)}
        dots = charts.dot_plot(labels, {gname[gr]: multi[f"mean_{gr}"].tolist() for gr in present},
                               m.t("pf_views_title", region=m.name), m.note, m.t("pf_views_axis", k=k),
                               xrange=(0.8, k + 0.2), colors=colors)
        sig = m.t("pf_views_sig_count", n=len(multi), s=int(multi["significant"].sum()))
    vt = pd.DataFrame({m.t("pf_col_statement"): [item_names.get(i, i) for i in pv["item"]]})
    vt[m.t("pf_col_sig")] = [m.t("answer_yes") if s else (m.t("answer_no") if pd.notna(p) else "")
                             for s, p in zip(pv["significant"], pv["p"])]
    vt[m.t("pf_col_p")] = pv["p"].to_numpy()
    vt[m.t("pf_col_spread")] = pv["spread"].round(2).to_numpy()
    vt[m.t("pf_col_hi")] = [gname.get(x, "") if isinstance(x, str) else "" for x in pv["pair_hi"]]
    vt[m.t("pf_col_lo")] = [gname.get(x, "") if isinstance(x, str) else "" for x in pv["pair_lo"]]
    for gr in present:
        vt[gname[gr]] = pv[f"mean_{gr}"].round(2).to_numpy()
    ncols = [f"n_{gr}" for gr in present if f"n_{gr}" in pv.columns]
    vt[m.t("pf_col_n")] = pv[ncols].sum(axis=1).astype(int).to_numpy()
    return ViewsTab(k, dots, sig, int((pv["n_groups"] < 2).sum()), vt, tuple(gname[gr] for gr in present))


# --------------------------------------------------------------------------- the "download all" workbook
def sheets(m: ProfileModel, compute: Callable, by: str | None = None) -> dict[str, pd.DataFrame]:
    """Every tab's table, in the tabs' order and under their section names: the workbook of the page's
    "download all" button, whichever tab is open.

    ``compute(fn, **kwargs)`` returns ``fn(assessment, **kwargs)`` for a :mod:`metrics.diagnostics` function
    (the page's cached call, or the library's own); ``by``: the measures' order shown (``"obstacle"`` or
    ``"gap"``; default, or anything else: the profile's). A tab without a table (one year, no coordination
    degree, no survey answers) has no sheet.
    """
    rec = None
    if by in ("obstacle", "gap") and by != m.core.recommendation.by:
        rec = compute(diagnostics.recommend, region=m.region, year=m.year, by=by, benchmark=m.bench.kind,
                      peer=m.bench.peer, level=m.sub_level or 2)
    out = {m.t("pf_tab_scores"): scores_table(m), m.t("pf_tab_measures"): measures_tab(m, rec).table}
    ob = obstacles_tab(m)
    out[m.t("pf_obst_sub_table")], out[m.t("pf_obst_ind_table")] = ob.sub_table, ob.ind_table
    sy = synergy_tab(m, compute(diagnostics.synergy, year=m.year))
    if sy is not None:
        out[m.t("pf_tab_synergy")] = sy.table
    tr = trend_tab(m, compute(diagnostics.synergy))
    if tr is not None:
        out[m.t("pf_tab_trend")] = tr.table
    if m.a.dataset.survey is not None:
        pv = compute(diagnostics.perception, year=m.year if m.a.has_year else None, region=m.region)
        if pv is not None and not pv.empty:
            out[m.t("pf_tab_views")] = views_tab(m, pv, compute(diagnostics.item_names, lang=m.lang)).table
    return out

