"""The Overview 总览 as plain data (issue 12): headline cards, maturity levels, the ranking of all regions,
and per "colour by" node the map's values, the distribution by region group and the change on the
previous year.

:func:`build` takes the assessment, the year, the language and the page's helpers (a cached ``diag``, an
escaper for names that reach Markdown, province names for city and county codes) and returns an
:class:`Overview`; :func:`by_node` adds what one node of the "colour by" choice draws (:class:`NodeView`),
so a page can redraw that part alone.  Nothing here imports Streamlit; the page and an export render the
same model.

>>> from metrics import Dataset, assess
>>> a = assess(Dataset.sample())
>>> m = build(a, 2024, "en")
>>> len(m.table), m.cards[0].value, list(m.table.columns[:3])
(31, '31', ['Rank', 'Region', 'Synergy index'])
>>> by_node(m, "MEC").node_name
'Mechanism synergy'
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

import charts
from charts.names import CARD, short
from charts.numbers import ScoreFormat, score_format
from metrics import Assessment, diagnostics
from metrics.data import region_group_names
from metrics.hierarchy import is_below_province, province_of
from metrics.levels import LEVEL_NAMES, level_name
from texts import t
from viewmodels.kit import Card, as_is, direct, group_namer

#: Above this many regions the charts aggregate (top and bottom N, a histogram, box plots without every dot)
#: and the ranking is paged.
MANY = 40
TOP_N = 10


@dataclass(frozen=True)
class Chart:
    """A figure with its widget key, the stem of its image files and the caption under it."""
    figure: Any
    key: str
    name: str
    caption: str = ""
    lines: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Overview:
    """Everything of the Overview that does not depend on the "colour by" node."""
    a: Assessment
    year: int
    lang: str
    fmt: ScoreFormat
    lo: float
    hi: float
    title: str
    subtitle: str
    empty: bool
    nodes: tuple[str, ...]            # the index and its dimensions, the "colour by" options
    node_names: Mapping[str, str]
    cards: tuple[Card, ...]
    level_cards: tuple[Card, ...]
    levels_note: str
    note: str                         # the data and the year: the charts' subtitle
    method_line: tuple[str, ...]      # the method: a line under the map's and the change charts' titles
    score_axis: str
    names: pd.Series                  # region code -> name
    levels: pd.Series
    groups: pd.Series
    scores: pd.DataFrame              # the index and the dimensions of this year, per region
    prev_year: int | None
    many: bool
    below: bool                       # cities or counties: a province filter and the province in hovers
    provinces: Mapping[str, str]
    ranking_title: str
    table: pd.DataFrame               # the ranking: labelled columns, best first
    columns: Mapping[str, str]        # role (rank, region, code, ...) -> the column's label
    search: pd.Series                 # per row of ``table``: name, code and the other language's name
    row_province: pd.Series | None    # per row of ``table``: the province code (cities and counties)
    change_note: str | None = None    # instead of the change charts: one year only, or the first year
    diag: Callable | None = field(default=None, repr=False)
    esc: Callable[[str], str] = field(default=as_is, repr=False)


@dataclass(frozen=True)
class NodeView:
    """What one "colour by" node draws: the map's values and colours, the distribution, the changes."""
    node: str
    node_name: str
    values: pd.Series
    zmin: float
    zmax: float
    hover: pd.Series
    map_title: str
    map_name: str
    box: Chart
    changes: tuple[Chart, ...] = ()
    change_warning: str | None = None


def build(a: Assessment, year: int, lang: str, *, dataset_label: str | None = None, diag: Callable | None = None,
          esc: Callable[[str], str] = as_is, province_names: Callable[[list[str]], dict] | None = None) -> Overview:
    """The Overview of ``year`` in ``lang``.

    ``diag(fn, **kw)`` computes a diagnostic (the page passes its cached one; default: a direct call);
    ``esc`` escapes names that reach Markdown (the page passes :func:`ui.i18n.md`); ``province_names``
    maps province codes to names for city and county data (default: the codes).
    """
    diag = diag or direct(a)
    ds, root = a.dataset, a.root
    dims = list(a.framework.children[root])
    fmt = score_format(a)
    lo, hi = a.display_range()
    label = dataset_label or (ds.label or "")
    scores = a.all_scores.xs(year, level="year")[[root, *dims]]
    codes = list(scores.index)
    names = pd.Series([ds.region_name(r, lang) for r in codes], index=codes, dtype=object)
    levels = a.levels().xs(year, level="year").reindex(codes)
    below = any(is_below_province(c) for c in codes)
    provinces = (province_names or (lambda cs: {}))(codes) if below else {}
    earlier = [y for y in a.years if y < year]
    prev_year = earlier[-1] if earlier else None
    node_names = {n: ds.framework.name_of(n, lang) for n in [root, *dims]}
    full = (lo, hi) == (0.0, 100.0)
    table, columns, search, row_prov = _ranking(a, year, lang, scores, names, levels, dims, node_names, fmt,
                                                prev_year, diag, below)
    change_note = (t("ov_change_single", lang) if len(a.years) < 2 else
                   t("ov_change_first", lang, year=year) if prev_year is None else None)
    return Overview(
        a=a, year=year, lang=lang, fmt=fmt, lo=lo, hi=hi,
        title=t("app_title", lang),
        subtitle=t("app_subtitle", lang, dims=esc(" · ".join(node_names[d] for d in dims))),
        empty=scores[root].dropna().empty, nodes=(root, *dims), node_names=node_names,
        cards=_cards(scores[root].dropna(), names, year, lang, fmt, lo, hi, esc),
        level_cards=_level_cards(levels, lang), levels_note=_levels_note(a, lang, fmt, lo, hi),
        note=t("data_note", lang, dataset=label, year=year),
        method_line=(t("method_note", lang, method=a.spec.describe(lang)),),
        score_axis=t("score_axis", lang) if full else t("score_axis_range", lang, lo=fmt.edge(lo), hi=fmt.edge(hi)),
        names=names, levels=levels, groups=ds.region_groups().reindex(codes), scores=scores, prev_year=prev_year,
        many=len(codes) > MANY, below=below, provinces=provinces, ranking_title=t("ov_ranking", lang, year=year),
        table=table, columns=columns, search=search, row_province=row_prov, change_note=change_note, diag=diag,
        esc=esc)


def _cards(valid: pd.Series, names: pd.Series, year: int, lang: str, fmt: ScoreFormat, lo: float, hi: float,
           esc: Callable) -> tuple[Card, ...]:
    """Regions, mean, spread, the best and the weakest: the score is the value, the region's name (long for
    a county: "新疆生产建设兵团第十四师昆玉市") goes under it, shortened to one line, in full in the help."""
    if valid.empty:
        return ()
    full = (lo, hi) == (0.0, 100.0)
    out = [Card(t("ov_regions", lang), f"{len(valid)}"),
           Card(t("ov_mean", lang), fmt(valid.mean()),
                help=t("ov_mean_help", lang, year=year) if full else t("ov_mean_help_range", lang, year=year,
                                                                      lo=fmt.edge(lo), hi=fmt.edge(hi))),
           Card(t("ov_spread", lang), fmt(valid.std(ddof=1)) if len(valid) > 1 else "—",
                help=t("ov_spread_help", lang))]
    for key, code in (("ov_best", valid.idxmax()), ("ov_weakest", valid.idxmin())):
        name = names[code]
        out.append(Card(t(key, lang), fmt(valid[code]), esc(short(name, CARD)),
                        t("ov_card_region_help", lang, name=esc(name), code=esc(code), v=fmt(valid[code]))))
    return tuple(out)


def _level_cards(levels: pd.Series, lang: str) -> tuple[Card, ...]:
    """Regions per maturity level: the number alone as the value ("21 regions" does not fit five cards at
    1024 px), the level's name under it, the sentence in the help."""
    counts = levels.value_counts()
    out = []
    for k in sorted(LEVEL_NAMES):
        n = int(counts.get(float(k), 0))
        out.append(Card(t("ov_level_label", lang, k=k), str(n), level_name(k, lang),
                        t("ov_level_help", lang, n=n, k=k, name=level_name(k, lang))))
    return tuple(out)


def _levels_note(a: Assessment, lang: str, fmt: ScoreFormat, lo: float, hi: float) -> str:
    if a.spec.maturity == "bands":
        edges = [lo] + [lo + (hi - lo) * e / 100 for e in a.spec.bands] + [hi]
        how = t("ov_levels_bands", lang, edges=" / ".join(fmt.edge(e) for e in edges))
    else:
        how = t("ov_levels_kmeans", lang)
    return t("ov_levels_note", lang, method=how)


def _ranking(a, year, lang, scores, names, levels, dims, node_names, fmt, prev_year, diag, below):
    """The ranking table (best first; the index and its change beside the name), its columns by role, the
    text its search matches (the name in both languages and the code) and each row's province."""
    root, codes, ds = a.root, list(scores.index), a.dataset
    col = {k: t(f"col_{k}", lang) for k in ("rank", "region", "code", "group", "index", "level", "band",
                                           "coverage", "change")}
    group = group_namer(lang)
    syn = diag(diagnostics.synergy, year=year).xs(year, level="year").reindex(codes)
    table = pd.DataFrame({
        col["rank"]: a.ranks().xs(year, level="year").reindex(codes).astype("Int64"),
        col["region"]: names.to_numpy(), col["code"]: codes,
        col["group"]: [group(g) for g in ds.region_groups().reindex(codes)],
        col["index"]: fmt.round(scores[root]),
    }, index=codes)
    for d in dims:
        table[node_names[d]] = fmt.round(scores[d])
    table[col["level"]] = [level_name(v, lang) for v in levels]
    table[col["band"]] = syn["band_en" if lang == "en" else "band_zh"].fillna("—").to_numpy()
    table[col["coverage"]] = (a.coverage.xs(year, level="year")[root].reindex(codes) * 100).round(0)
    if prev_year is not None:
        chg = diag(diagnostics.change, start=prev_year, end=year)
        table[col["change"]] = fmt.round(chg["change"].reindex(codes))
    first = [col["rank"], col["region"], col["index"]] + ([col["change"]] if prev_year is not None else [])
    table = table[first + [c for c in table.columns if c not in first]]
    table = table.sort_values([col["rank"], col["code"]], na_position="last").reset_index(drop=True)
    other = pd.Series([ds.region_name(r, "zh" if lang == "en" else "en") for r in table[col["code"]]])
    search = (table[col["region"]].astype(str) + "\n" + table[col["code"]].astype(str) + "\n" + other).str.casefold()
    row_prov = pd.Series([province_of(r) for r in table[col["code"]]]) if below else None
    return table, {**col, **{d: node_names[d] for d in dims}}, search, row_prov


def by_node(m: Overview, node: str) -> NodeView:
    """The map's values, the distribution by region group and the change charts of ``node``."""
    lang, fmt, name = m.lang, m.fmt, m.node_names[node]
    values = m.scores[node]
    v = values.dropna()  # colour range: the data's, widened to whole tens (more contrast than 0–100)
    step = (m.hi - m.lo) / 10
    zmin = max(m.lo, math.floor(v.min() / step) * step) if len(v) else m.lo
    zmax = min(m.hi, math.ceil(v.max() / step) * step) if len(v) else m.hi
    codes = list(values.index)
    # a county's name alone is ambiguous (鼓楼区): its province first
    where = [m.provinces.get(province_of(r), "") for r in codes] if m.below else [""] * len(codes)
    hover = pd.Series([(f"{w} " if w else "") + (f"{n} · {name} {fmt(x)} · {level_name(lv, lang)}"
                                                 if pd.notna(x) else f"{n} · —")
                       for w, n, x, lv in zip(where, m.names, values, m.levels)], index=codes)
    changes, warning = _changes(m, node, name)
    return NodeView(node, name, values, zmin, zmax if zmax > zmin else zmin + step, hover,
                    t("ov_map_title_base", lang, node=name), f"map-{node}-{m.year}", _box(m, node, name, values),
                    changes, warning)


def _box(m: Overview, node: str, name: str, values: pd.Series) -> Chart:
    """The distribution of ``node`` by region group (groups in the order of ``data/region_groups.csv``)."""
    group = group_namer(m.lang)
    order = {g: i for i, g in enumerate(region_group_names())}
    dist = pd.DataFrame({"value": values, "group_code": m.groups.astype(object),
                         "label": m.names}).dropna(subset=["value"])
    dist["group"] = [group(g) for g in dist["group_code"]]
    dist = dist.sort_values("group_code", key=lambda s: s.map(lambda g: order.get(g, len(order))), kind="stable")
    cmap = {group(g): col for g, col in charts.GROUP_COLORS.items()}
    fig = charts.box_by_group(dist, "value", "group", t("ov_dist_title", m.lang), name,
                              m.score_axis, color_map=cmap, fmt=m.fmt.spec(), many=m.many)
    fig.update_layout(height=620)
    return Chart(fig, "ov_box", f"distribution-{node}-{m.year}", t("dist_note_many" if m.many else "dist_note",
                                                                   m.lang), lines=(m.note,))


def _changes(m: Overview, node: str, name: str) -> tuple[tuple[Chart, ...], str | None]:
    """The change of ``node`` on the previous year: one bar per region, or for many regions the largest rises
    and falls beside a histogram of all the changes; a warning when scores are normalised year by year."""
    if m.prev_year is None:
        return (), None
    lang, y0, y1, fmt = m.lang, m.prev_year, m.year, m.fmt
    chg = m.diag(diagnostics.change, start=y0, end=y1, node=node)
    ch, axis, lines = chg["change"].dropna(), t("ov_change_axis", lang), m.method_line
    warning = t("ov_change_by_year", lang) if "normalised_by_year" in chg.attrs.get("flags", []) else None
    if len(ch) <= MANY:
        fig = charts.change_bars([m.names[r] for r in ch.index], ch.tolist(),
                                 t("ov_change_title", lang, node=name, y0=y0, y1=y1), m.note, axis,
                                 fmt=fmt.spec(sign=True))
        return (Chart(fig, "ov_change", f"change-{node}-{y0}-{y1}", t("ov_change_note", lang), lines),), warning
    srt = ch.sort_values(ascending=False, kind="stable")
    ends = pd.concat([srt.head(TOP_N), srt.tail(TOP_N)]) if len(srt) > 2 * TOP_N else srt
    bars = charts.change_bars([short(m.names[r], 28) for r in ends.index], ends.tolist(),
                              t("ov_change_ends_title", lang, node=name, n=TOP_N, y0=y0, y1=y1), m.note, axis,
                              fmt=fmt.spec(sign=True))
    hist = charts.change_histogram(ch.to_numpy(dtype=float), t("ov_change_hist_title", lang, node=name, y0=y0, y1=y1),
                                   m.note, axis, t("ov_regions", lang), fmt=fmt.spec(sign=True))
    return (Chart(bars, "ov_change", f"change-ends-{node}-{y0}-{y1}", t("ov_change_ends_note", lang, n=TOP_N,
                                                                       total=len(ch)), lines),
            Chart(hist, "ov_change_hist", f"change-histogram-{node}-{y0}-{y1}",
                  t("ov_change_hist_note", lang, up=int((ch > 0).sum()), down=int((ch < 0).sum()),
                    median=fmt(float(ch.median()), sign=True)), lines)), warning
