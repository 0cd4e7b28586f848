"""The presentation slides' view model (issue 12): what the Presentation page shows on each screen and the
outline of the PPTX deck, as plain data built with :mod:`charts` and :mod:`texts`, without Streamlit.

Two renderers read it:

- the Presentation page (``views/present.py``): :func:`build` gives a :class:`Presentation` whose
  :attr:`~Presentation.slides` are the deck the presenter chose (views x regions, a region's measures one
  obstacle to a slide) and whose :meth:`~Presentation.slide` builds the model of the one slide on screen
  (a :class:`ChartSlide`, :class:`ProfileSlide`, :class:`MeasuresSlide` or :class:`PathSlide`);
- the PPTX deck (``export/pptx.py``): :func:`deck_outline` gives its slides in order with their titles
  (:class:`DeckSlide`); the deck lays each one out by its ``view``.

The views the page and the deck share carry the same names (``map``, ``ranking``, ``profile``, ``compare``,
``path``), so a slide of either is found by the same key.

Slides are built one at a time on purpose: a county-scale map or a region's path to target takes seconds,
and the page shows one slide per run.  Diagnostics are called through ``diag(fn, **kwargs)``, which the
page binds to its shared cache (``ui.state.diag``); without it they are computed directly.

>>> from metrics import Dataset, assess
>>> p = build(assess(Dataset.sample()), views=["ranking", "profile"], regions=["440000"], lang="en")
>>> [(s.view, s.region) for s in p.slides]
[('ranking', None), ('profile', '440000')]
>>> p.slide(1).header
'Guangdong: the dimensions against the mean'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

import charts
from charts.names import short
from charts.numbers import ScoreFormat, score_format
from metrics import diagnostics
from metrics.assessment import Assessment
from metrics.levels import level_name
from texts import t
from viewmodels.kit import direct

#: the page's views in their default order; the path-to-target slides solve a plan per region, so they are
#: chosen, not in :data:`DEFAULT_DECK`
VIEWS = ["map", "ranking", "profile", "compare", "synergy", "measures", "path"]
DEFAULT_DECK = VIEWS[:-1]
PER_REGION = {"profile", "measures", "path"}
RANK_ALL, TOP, BOTTOM = 40, 12, 5   # a ranking slide draws every region up to RANK_ALL, else the top and bottom


@dataclass(frozen=True)
class SlideRef:
    """One slide of the page's deck: a view, the region it is about (per-region views), its page."""

    view: str
    region: str | None = None
    part: int = 0


@dataclass(frozen=True)
class ChartSlide:
    """A slide that is one chart (map, ranking, comparison, synergy).

    ``figure`` is ``None`` when nothing can be drawn (no boundary data), and ``empty`` says why;
    ``caption`` is a catalogue text shown under the chart, ``missing`` a text naming regions (user data,
    escaped by the page) that the map could not draw.
    """

    view: str
    figure: go.Figure | None
    empty: str = ""
    caption: str = ""
    missing: str = ""


@dataclass(frozen=True)
class ProfileSlide:
    """A region's profile: radar against the mean, its key figures and its weakest sub-dimensions."""

    region: str
    header: str
    figure: go.Figure
    metrics: tuple[tuple[str, str], ...]      # (label, value): rank, index, maturity, coordination band
    weakest: str                              # "" when no sub-dimension is below the mean
    note: str
    view: str = "profile"


@dataclass(frozen=True)
class MeasureBlock:
    """One obstacle (sub-dimension) with up to three of the paper's measures, each with its sections line."""

    heading: str
    measures: tuple[tuple[str, str], ...]     # (measure text, "the paper, §3.2")


@dataclass(frozen=True)
class MeasuresSlide:
    """One page of a region's measures: one obstacle and its measures (the first page also carries the
    "strong everywhere" message)."""

    region: str
    header: str
    message: str
    items: tuple[MeasureBlock, ...]
    note: str
    view: str = "measures"


@dataclass(frozen=True)
class PathSlide:
    """A region's path to target: drawn by ``ui.path.path_slide``, which solves (and caches) the plan."""

    region: str
    view: str = "path"


@dataclass(frozen=True)
class Presentation:
    """The page's deck for one assessment, year, language and choice of views and regions."""

    assessment: Assessment
    year: int
    lang: str
    views: tuple[str, ...]
    regions: tuple[str, ...]
    note: str
    slides: tuple[SlideRef, ...]
    diag: Callable = field(repr=False, compare=False)

    @property
    def names(self) -> dict[str, str]:
        """Every region of the year by code, in the language."""
        ds = self.assessment.dataset
        return {r: ds.region_name(r, self.lang) for r in self.scores.index}

    @property
    def scores(self) -> pd.DataFrame:
        return self.assessment.all_scores.xs(self.year, level="year")

    @property
    def fmt(self) -> ScoreFormat:
        return score_format(self.assessment)

    def node_name(self, code: str) -> str:
        return self.assessment.dataset.framework.name_of(code, self.lang)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def score_axis(self) -> str:
        """The score axis: 0–100, or the method's own scale (z-scores and ranks are not on 0–100)."""
        lo, hi = self.assessment.display_range()
        if (lo, hi) == (0.0, 100.0):
            return self.t("score_axis")
        return self.t("score_axis_range", lo=self.fmt.edge(lo), hi=self.fmt.edge(hi))

    def slide(self, i: int):
        """The model of slide ``i`` (0-based, clamped to the deck)."""
        ref = self.slides[min(max(i, 0), len(self.slides) - 1)]
        if ref.view == "map":
            return map_slide(self)
        if ref.view == "ranking":
            return ranking_slide(self, self.scores[self.assessment.root], self.t("pr_rank_title", year=self.year),
                                 self.score_axis(), self.names.get, self.fmt.spec())
        if ref.view == "synergy":
            return synergy_slide(self)
        if ref.view == "compare":
            return compare_slide(self)
        if ref.view == "profile":
            return profile_slide(self, ref.region)
        if ref.view == "measures":
            return measures_slide(self, ref.region, ref.part)
        return PathSlide(ref.region)


def build(assessment: Assessment, year: int | None = None, views: Sequence[str] = (), regions: Sequence[str] = (),
          lang: str = "zh", note: str = "", diag: Callable | None = None) -> Presentation:
    """The deck of ``views`` (unknown ones left out; none: :data:`DEFAULT_DECK`) about ``regions`` (codes
    of the year; none: the top three of the index) in ``year`` (default: the latest).

    ``note`` is the source line under a slide (the page's "data · year · method"); ``diag(fn, **kwargs)``
    calls a diagnostic of :mod:`metrics.diagnostics` on the assessment (default: directly).
    """
    a = assessment
    year = a.latest_year if year is None else year
    call = diag or direct(a)
    scores = a.all_scores.xs(year, level="year")
    order = scores[a.root].sort_values(ascending=False).index.tolist()
    views = tuple(v for v in views if v in VIEWS) or tuple(DEFAULT_DECK)
    regions = tuple(r for r in regions if r in scores.index) or tuple(order[:3])
    refs: list[SlideRef] = []
    for v in views:
        if v == "measures":
            refs += [SlideRef(v, r, k) for r in regions for k in range(measure_pages(call, r, year))]
        elif v in PER_REGION:
            refs += [SlideRef(v, r) for r in regions]
        else:
            refs.append(SlideRef(v))
    return Presentation(a, year, lang, views, regions, note, tuple(refs), call)


def measure_pages(diag: Callable, region: str, year: int) -> int:
    """A region's measures take one slide per obstacle (its up to three measures), so each fits a screen."""
    return max(1, len(diag(diagnostics.recommend, region=region, year=year).items))


# ============================================================== chart slides
def ranked_slice(p: Presentation, values: pd.Series) -> list[str]:
    """The regions a ranking slide draws: all of them up to :data:`RANK_ALL`; beyond, the top
    :data:`TOP`, the bottom :data:`BOTTOM` and the deck's regions wherever they rank."""
    ranked = values.dropna().sort_values(ascending=False, kind="stable")
    if len(ranked) <= RANK_ALL:
        return list(ranked.index)
    keep = set(ranked.index[:TOP]) | set(ranked.index[-BOTTOM:]) | (set(p.regions) & set(ranked.index))
    return [r for r in ranked.index if r in keep]


def ranking_slide(p: Presentation, values: pd.Series, title: str, axis: str, label: Callable,
                  value_fmt: str, view: str = "ranking") -> ChartSlide:
    """A ranking slide: every region, or at county scale the top, the bottom and the deck's regions
    (highlighted, each with its rank), so the bars stay readable."""
    shown = ranked_slice(p, values)
    many = len(shown) < values.notna().sum()
    pos = values.rank(ascending=False, method="min")
    bar_names = [(f"#{int(pos[r])} " if many else "") + short(label(r), 40) for r in shown]
    colors = [charts.OKABE_ITO[5] if many and r in p.regions else charts.OKABE_ITO[0] for r in shown]
    if many:
        title = p.t("pr_rank_slice", title=title, top=TOP, bottom=BOTTOM, n=int(values.notna().sum()))
    fig = charts.ranking_bar(bar_names, values[shown].tolist(), title, p.note, axis, colors=colors, fmt=value_fmt)
    return ChartSlide(view, fig, caption=p.t("pr_rank_slice_note") if many else "")


def synergy_slide(p: Presentation) -> ChartSlide:
    """The coupling-coordination degree D of every region, each bar labelled with its band."""
    syn = p.diag(diagnostics.synergy, year=p.year).xs(p.year, level="year")
    band = syn["band_zh" if p.lang == "zh" else "band_en"]
    names = p.names
    return ranking_slide(p, syn["D"], p.t("pr_synergy_title", year=p.year), p.t("pr_d_axis"),
                         lambda r: f"{short(names[r], 24)} · {band[r]}", ".3f", view="synergy")


def compare_slide(p: Presentation) -> ChartSlide:
    """The deck's regions side by side on every dimension and the index."""
    a = p.assessment
    dims = a.framework.children[a.root] + [a.root]
    names, scores = p.names, p.scores
    series = {names[r]: [scores.at[r, d] for d in dims] for r in p.regions}
    return ChartSlide("compare", charts.grouped_bar([p.node_name(d) for d in dims], series,
                                                    p.t("pr_compare_title", year=p.year), p.note, p.score_axis(),
                                                    fmt=p.fmt.spec()))


def has_tiles(assessment: Assessment) -> bool:
    """Whether the region table places regions on a tile grid (provinces); otherwise the map draws boundaries."""
    ds = assessment.dataset
    reg = ds.regions.table if ds.regions is not None else pd.DataFrame()
    return {"row", "col"} <= set(reg.columns) and bool(reg[["row", "col"]].notna().all(axis=1).any())


def map_slide(p: Presentation) -> ChartSlide:
    """The index on a map: a tile grid where the region table has positions, else the boundaries of every
    region (counties, cities), with the regions that have none named under it."""
    a = p.assessment
    lo, hi = a.display_range()
    fmt, names = p.fmt, p.names
    vals = p.scores[a.root]
    if has_tiles(a):
        reg = a.dataset.regions.table
        df = pd.DataFrame({"value": vals})
        df["label"] = [names[r] for r in df.index]
        df["hover"] = [f"{names[r]}: {fmt(v)}" for r, v in zip(df.index, df["value"])]
        df = df.join(reg[["row", "col"]]) if {"row", "col"} <= set(reg.columns) else df.assign(row=np.nan, col=np.nan)
        fig = charts.tile_grid(df, "value", p.t("pr_map_title", year=p.year), p.note, p.score_axis(), zmin=lo,
                               zmax=hi, height=760, fmt=fmt.spec(compact=True))
        fig.update_traces(textfont=dict(size=18))
        return ChartSlide("map", fig)
    from metrics import geo
    codes = [r for r in vals.index if pd.notna(vals[r])]
    try:
        fig, missing = geo.choropleth(codes, [float(vals[r]) for r in codes], [names[r] for r in codes],
                                      colorbar=p.score_axis(), lang=p.lang, hover_format=fmt.spec(), zmin=lo, zmax=hi)
    except RuntimeError:   # no boundary data installed
        fig, missing = None, codes
    if fig is None:
        return ChartSlide("map", None, empty=p.t("pr_no_map"))
    fig.update_layout(title=dict(text=charts.plain(p.t("pr_map_title", year=p.year))
                                 + f"<br><span style='font-size:14px;color:#4b5563'>{charts.plain(p.note)}</span>"))
    text = ""
    if missing:
        text = p.t("pr_map_missing", n=len(missing), names=", ".join(names[r] for r in missing[:8])
                   + (" …" if len(missing) > 8 else ""))
    return ChartSlide("map", fig, missing=text)


# ============================================================== region slides
def profile_slide(p: Presentation, region: str) -> ProfileSlide:
    """A region against the mean of all regions: radar of the dimensions, rank, index, maturity level and
    coordination band, and its three sub-dimensions (any depth) furthest below the mean."""
    a = p.assessment
    dims = a.framework.children[a.root]
    scores, names, fmt = p.scores, p.names, p.fmt
    lo, hi = a.display_range()
    mean = scores.mean()
    ranks = a.ranks().xs(p.year, level="year")
    level = a.levels().xs(p.year, level="year")
    syn = p.diag(diagnostics.synergy, year=p.year).xs(p.year, level="year")
    fig = charts.radar([p.node_name(d) for d in dims],
                       {names[region]: [scores.at[region, d] for d in dims], p.t("mean_all"): [mean[d] for d in dims]},
                       "", None, fmt=fmt.spec(), rrange=(lo, hi), angle=180 / len(dims))  # titled by the header
    metrics = ((p.t("col_rank"), f"{int(ranks[region])} / {int(ranks.notna().sum())}"),
               (p.t("col_index"), fmt(scores.at[region, a.root])),
               (p.t("col_level"), level_name(level[region], p.lang)),
               (p.t("col_band"), syn.at[region, "band_zh" if p.lang == "zh" else "band_en"]))
    g = p.diag(diagnostics.gaps, region=region, year=p.year, benchmark="mean")
    subs = [c for d in dims for c in a.framework.children[d] if c in a.framework.aggregates]  # any depth
    weak = g[g.index.isin(subs) & (g["gap"] < 0)].sort_values("gap").head(3)
    sep = "、" if p.lang == "zh" else ", "
    weakest = p.t("pr_weakest", items=sep.join(p.node_name(c) for c in weak.index)) if len(weak) else ""
    return ProfileSlide(region, p.t("pr_profile_title", region=names[region]), fig, metrics, weakest, p.note)


def measures_slide(p: Presentation, region: str, part: int) -> MeasuresSlide:
    """Page ``part`` of a region's measures: its ``part``-th obstacle with up to three of the paper's measures."""
    zh = p.lang == "zh"
    rec = p.diag(diagnostics.recommend, region=region, year=p.year)
    title = p.t("pr_measures_title", region=p.names[region])
    pages = measure_pages(p.diag, region, p.year)
    header = title if pages == 1 else p.t("pr_page_of", title=title, k=part + 1, n=pages)
    message = (rec.message_zh if zh else rec.message_en) if rec.strong and part == 0 else ""
    items = tuple(
        MeasureBlock(f"{k}. " + p.t("pr_trigger_obstacle", name=item["name_zh"] if zh else item["name_en"],
                                    value=item["value"]),
                     tuple((m["text_zh"] if zh else m["text_en"],
                            p.t("pr_section", s=diagnostics.paper_sections(m["source"])))
                           for m in item["measures"][:3]))
        for k, item in enumerate(rec.items[part:part + 1], start=part + 1))
    return MeasuresSlide(region, header, message, items, p.note)


# ============================================================== the PPTX deck
@dataclass(frozen=True)
class DeckSlide:
    """One slide of the PPTX deck: its view (``title``, ``method``, ``map``, ``ranking``, ``profile``,
    ``path``, ``compare``, ``closing``), its title and the region it is about."""

    view: str
    title: str
    region: str | None = None


def deck_outline(lang: str, has_map: bool, regions: Sequence[tuple[str, str, bool]]) -> tuple[DeckSlide, ...]:
    """The deck's slides in order: title, method, the map (when the regions have tile positions), the
    ranking, per region in focus its profile and (when a plan was found) its path to target, the comparison
    (when there are regions in focus) and the closing slide.  ``regions``: (code, name, has a path).

    >>> outline = deck_outline("en", False, [("110000", "Beijing", False)])
    >>> [s.view for s in outline]
    ['title', 'method', 'ranking', 'profile', 'compare', 'closing']
    >>> outline[2].title, outline[3].title
    ('Overview · Ranking', 'Beijing: region profile')
    """
    sep = " · " if lang == "en" else "："
    out = [DeckSlide("title", t("deck_title", lang)), DeckSlide("method", t("sec_method", lang))]
    if has_map:
        out.append(DeckSlide("map", t("page_overview", lang) + sep + t("sec_map", lang)))
    out.append(DeckSlide("ranking", t("page_overview", lang) + sep + t("sec_ranking", lang)))
    for code, name, has_path in regions:
        out.append(DeckSlide("profile", t("sec_region", lang, name=name), code))
        if has_path:
            out.append(DeckSlide("path", t("sec_path", lang, name=name), code))
    if regions:
        out.append(DeckSlide("compare", t("sec_comparison", lang)))
    out.append(DeckSlide("closing", t("sec_closing", lang)))
    return tuple(out)
