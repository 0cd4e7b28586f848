"""The Synergy page 协同分析 as plain data (issue 12): the coupling-coordination degree of the dimensions
(paper §4), its bands, balance between two dimensions, stakeholder perception gaps (§3.3) and regional
disparity over time.

:func:`build` returns a :class:`Synergy` with the cards, the band list, the coordination table and the
map's data; the figures and tables further down the page are built by functions of the model
(:func:`scatter`, :func:`band_counts`, :func:`band_box`, :func:`perception_table`, :func:`perception_heat`,
:func:`disparity`) so that the page computes and caches each only when it is drawn.  Nothing here imports
Streamlit.

>>> from metrics import Dataset, assess
>>> a = assess(Dataset.sample())
>>> m = build(a, 2024, "en")
>>> len(m.table), m.cards[0].value, score_unit(a, "en")
(31, '31', '0–100')
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import charts
from charts.names import CARD, short
from metrics import Assessment, diagnostics
from metrics.data import region_group_names
from metrics.diagnostics import item_names
from metrics.framework import GROUP_NAMES
from metrics.synergy import BANDS
from texts import t
from charts.numbers import score_format
from viewmodels.kit import Card, as_is, direct, group_namer

#: more regions than this: charts draw aggregates or small marks instead of one big mark each
MANY = 200
#: more regions than HEAT_ALL: the perception heat map draws the HEAT_TOP widest gaps
HEAT_ALL, HEAT_TOP = 40, 30


def score_unit(a: Assessment, lang: str) -> str:
    """The unit of a score axis: the scale of :meth:`Assessment.display_range` ("0–100" for TOPSIS, the
    spec's scale for min-max, goalposts and scaled ranks), or, where that range is only the observed one
    (z-scores, raw ranks 1…n), the kind of score."""
    if not a.display_range_fixed:
        return t("syn_unit_z" if a.spec.normalize == "zscore" else "syn_unit_rank", lang)
    lo, hi = a.display_range()
    return f"{lo:g}–{hi:g}"


@dataclass(frozen=True)
class Synergy:
    """The coordination of ``year``: cards, bands, the table (best D first) and the map's data."""
    a: Assessment
    year: int
    lang: str
    dims: tuple[str, ...]
    node_names: Mapping[str, str]
    title: str
    intro: str
    empty: bool
    syn: pd.DataFrame                # metrics.diagnostics.synergy of the year, per region
    rescaled: bool                   # the dimensions were rescaled to [0, 1] first (see the diagnostic)
    codes: tuple[str, ...]
    names: tuple[str, ...]
    groups: pd.Series
    has_groups: bool
    many: bool
    cards: tuple[Card, ...]
    bands: pd.DataFrame              # the ten bands with their D ranges and how many regions are in each
    table: pd.DataFrame              # one row per region, by rank of D
    columns: Mapping[str, str]       # role -> column label
    zmin: float
    zmax: float
    hover: pd.Series
    lines: tuple[str, ...]           # the data and the method, for half-width charts
    source_note: str
    dataset_label: str
    diag: Callable | None = field(default=None, repr=False)


def build(a: Assessment, year: int, lang: str, *, dataset_label: str | None = None, diag: Callable | None = None,
          esc: Callable[[str], str] = as_is) -> Synergy:
    """The Synergy page of ``year`` in ``lang`` (``diag`` and ``esc`` as in :func:`viewmodels.overview.build`)."""
    diag = diag or direct(a)
    ds, en = a.dataset, lang == "en"
    dims = tuple(a.framework.children[a.root])
    node_names = {d: ds.framework.name_of(d, lang) for d in dims}
    label = dataset_label or (ds.label or "")
    syn_all = diag(diagnostics.synergy, year=year)
    syn = syn_all.xs(year, level="year")
    codes = list(syn.index)
    names = tuple(ds.region_name(r, lang) for r in codes)
    groups = ds.region_groups().reindex(codes)
    valid = syn["D"].dropna()
    band_col = "band_en" if en else "band_zh"
    zlo = max(0.0, np.floor(valid.min() * 10) / 10) if len(valid) else 0.0
    zhi = min(1.0, np.ceil(valid.max() * 10) / 10) if len(valid) else 1.0
    table, columns = _table(syn, names, codes, groups, lang)
    method = a.spec.describe(lang)
    return Synergy(
        a=a, year=year, lang=lang, dims=dims, node_names=node_names, title=t("syn_title", lang),
        intro=t("syn_intro", lang, dims=esc(("、" if not en else ", ").join(node_names.values()))),
        empty=valid.empty, syn=syn, rescaled=bool(syn_all.attrs.get("rescaled")), codes=tuple(codes), names=names,
        groups=groups, has_groups=bool(groups.notna().any() and groups.astype(str).replace("nan", "").ne("").any()),
        many=len(codes) > MANY, cards=_cards(valid, ds, year, lang, esc), bands=_bands(syn, lang),
        table=table, columns=columns,
        zmin=zlo, zmax=zhi if zhi > zlo else zlo + 0.1,
        hover=pd.Series([f"{n} · D {d:.3f} · {b}" if pd.notna(d) else f"{n} · —"
                         for n, d, b in zip(names, syn["D"], syn[band_col])], index=codes),
        lines=(t("data_years_note", lang, dataset=label, years=str(year)), t("method_note", lang, method=method)),
        source_note=t("source_note", lang, dataset=label, year=year, method=method), dataset_label=label, diag=diag)


def _cards(valid: pd.Series, ds, year: int, lang: str, esc: Callable) -> tuple[Card, ...]:
    """Regions, mean D, how many are coordinated (D ≥ 0.5; short: a card is narrow) and the lowest D, its
    region's (shortened) name under it, in full in the help."""
    if valid.empty:
        return ()
    worst = valid.idxmin()
    coordinated = int((valid >= 0.5).sum())
    name = ds.region_name(worst, lang)
    return (Card(t("syn_m_regions", lang), f"{len(valid)}"),
            Card(t("syn_m_mean_d", lang), f"{valid.mean():.3f}", help=t("syn_m_mean_help", lang, year=year)),
            Card(t("syn_m_coordinated", lang), f"{coordinated} / {len(valid)}",
                 help=t("syn_m_coordinated_v", lang, n=coordinated, total=len(valid))),
            Card(t("syn_m_lowest", lang), f"{valid[worst]:.3f}", esc(short(name, CARD)),
                 t("syn_m_lowest_help", lang, name=esc(name), code=worst)))


def _bands(syn: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ten coordination bands: number, name, range of D and how many regions are in each."""
    counts, en = syn["band"].value_counts(), lang == "en"
    return pd.DataFrame({
        t("syn_band_no", lang): range(1, len(BANDS) + 1),
        t("col_band", lang): [b[3] if en else b[2] for b in BANDS],
        t("syn_band_range", lang): [f"{lo:.1f} ≤ D < {hi:.1f}" if k < len(BANDS) else f"{lo:.1f} ≤ D ≤ {hi:.1f}"
                                    for k, (lo, hi, _, _) in enumerate(BANDS, start=1)],
        t("ov_regions", lang): [int(counts.get(k, 0)) for k in range(1, len(BANDS) + 1)],
    })


def _table(syn: pd.DataFrame, names, codes, groups: pd.Series, lang: str) -> tuple[pd.DataFrame, dict]:
    """One row per region: rank of D, name, D, band, C, T, stage, band number, group, code; by rank, which
    comes from the unrounded D (the shown D is rounded: equal-looking values keep their order)."""
    en = lang == "en"
    col = {"rank": t("syn_col_rank", lang), "region": t("col_region", lang), "d": t("col_D", lang),
           "band": t("col_band", lang), "c": t("col_C", lang), "t": t("syn_col_t", lang),
           "stage": t("col_stage", lang), "band_no": t("syn_band_no", lang), "group": t("col_group", lang),
           "code": t("col_code", lang)}
    group = group_namer(lang)
    table = pd.DataFrame({
        col["rank"]: syn["D"].rank(ascending=False, method="min").astype("Int64").to_numpy(),
        col["region"]: list(names),
        col["d"]: syn["D"].round(3).to_numpy(),
        col["band"]: syn["band_en" if en else "band_zh"].fillna("—").to_numpy(),
        col["c"]: syn["C"].round(3).to_numpy(),
        col["t"]: syn["T"].round(3).to_numpy(),
        col["stage"]: syn["stage_en" if en else "stage_zh"].fillna("—").to_numpy(),
        col["band_no"]: syn["band"].to_numpy(),
        col["group"]: [group(g) for g in groups],
        col["code"]: codes,
    })
    if not (groups.notna().any() and groups.astype(str).replace("nan", "").ne("").any()):
        table = table.drop(columns=col["group"])
    return table.sort_values([col["rank"], col["code"]], na_position="last").reset_index(drop=True), col


def scatter(m: Synergy, x: str, y: str) -> Any:
    """Two dimensions against each other, one point per region coloured by group (small marks and a few
    names for many regions)."""
    group = group_namer(m.lang)
    xn, yn = m.node_names[x], m.node_names[y]
    sc = m.a.all_scores.xs(m.year, level="year")[[x, y]].reindex(list(m.codes))
    pts = pd.DataFrame({"x": sc[x].to_numpy(), "y": sc[y].to_numpy(), "label": list(m.names),
                        "group": [group(g) for g in m.groups]}).dropna(subset=["x", "y"])
    cmap = {group(g): c for g, c in charts.GROUP_COLORS.items()}
    unit = score_unit(m.a, m.lang)
    draw = charts.scatter_many if m.many else charts.scatter
    fig = draw(pts, "x", "y", "label", "group" if m.has_groups else None,
               t("syn_scatter_title", m.lang, x=xn, y=yn), m.source_note,
               t("syn_axis_score", m.lang, name=xn, unit=unit), t("syn_axis_score", m.lang, name=yn, unit=unit),
               color_map=cmap, fmt=score_format(m.a).spec())
    fig.update_layout(height=620, legend=dict(orientation="h", y=-0.15))
    return fig


def band_counts(m: Synergy) -> Any:
    """How many regions are in each band."""
    en, counts = m.lang == "en", m.syn["band"].value_counts()
    cats = [f"{k}·{b[3] if en else b[2]}" for k, b in enumerate(BANDS, start=1)]
    fig = charts.count_bar(cats, [int(counts.get(k, 0)) for k in range(1, len(BANDS) + 1)],
                           t("syn_bands_title", m.lang), m.source_note, t("syn_bands_x", m.lang),
                           t("syn_bands_y", m.lang))
    return charts.title_lines(fig, t("syn_bands_title", m.lang), list(m.lines))


def band_box(m: Synergy) -> Any:
    """D by region group (every region in one box without groups)."""
    group, lang = group_namer(m.lang), m.lang
    order = {g: i for i, g in enumerate(region_group_names())}
    dist = pd.DataFrame({"value": m.syn["D"].to_numpy(), "code": m.groups.astype(object).to_numpy(),
                         "label": list(m.names)}).dropna(subset=["value"])
    dist["group"] = [group(g) for g in dist["code"]] if m.has_groups else t("syn_all_regions", lang)
    dist = dist.sort_values("code", key=lambda s: s.map(lambda g: order.get(g, len(order))), kind="stable")
    fig = charts.box_by_group(dist, "value", "group", t("syn_box_title", lang), m.source_note, t("syn_box_y", lang),
                              color_map={group(g): c for g, c in charts.GROUP_COLORS.items()}, fmt=".3f",
                              many=m.many)
    fig.update_layout(height=480)
    return charts.title_lines(fig, t("syn_box_title", lang), list(m.lines))


def perception_table(m: Synergy, gaps: pd.DataFrame) -> pd.DataFrame:
    """Per survey statement with answers from two groups or more: its sub-dimension, the mean spread between
    groups, the share of regions where the difference is significant, the groups most often highest and
    lowest; widest spread first."""
    a, lang, en = m.a, m.lang, m.lang == "en"
    fw, stmt = a.framework, item_names(a, lang)
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
    for item, g in gaps[gaps["spread"].notna()].groupby("item", sort=False):
        tested = g[g["k_tested"] >= 2]
        rows.append({
            t("col_statement", lang): stmt.get(item, item),
            t("col_subdim", lang): a.dataset.framework.name_of(sub_of[item], lang) if sub_of.get(item)
            else "—",
            t("syn_perc_col_groups", lang): int(g["n_groups"].max()),
            t("syn_perc_col_spread", lang): round(float(g["spread"].mean()), 2),
            t("syn_perc_col_sig", lang): round(100 * float(tested["significant"].mean()), 0) if len(tested)
            else np.nan,
            t("syn_perc_col_hi", lang): gname(mode(g["pair_hi"])),
            t("syn_perc_col_lo", lang): gname(mode(g["pair_lo"])),
        })
    return pd.DataFrame(rows).sort_values(t("syn_perc_col_spread", lang), ascending=False).reset_index(drop=True)


def perception_heat(m: Synergy, by_sub: pd.DataFrame) -> tuple[Any, pd.DataFrame]:
    """The mean spread per region and sub-dimension (regions in the order of the table; for many regions the
    HEAT_TOP with the widest gaps), and the whole matrix as a table for the downloads."""
    a, lang = m.a, m.lang
    heat = by_sub.pivot_table(index="region", columns="subdim", values="mean_spread", aggfunc="mean")
    subs = [c for c in a.framework.level_codes(2) if c in heat.columns and heat[c].notna().any()]
    order_regions = [r for r in m.table[m.columns["code"]] if r in heat.index]
    heat = heat.reindex(index=order_regions, columns=subs)
    z = pd.DataFrame(heat.to_numpy(), index=[a.dataset.region_name(r, lang) for r in heat.index],
                     columns=[a.dataset.framework.name_of(c, lang) for c in subs])
    shown, title = z, t("syn_perc_heat_title", lang)
    if len(z) > HEAT_ALL:   # one row per region is unreadable: the regions with the widest gaps
        top = np.argsort(-z.mean(axis=1).fillna(-np.inf).to_numpy(), kind="stable")[:HEAT_TOP]
        shown, title = z.iloc[top], t("syn_perc_heat_title_top", lang, n=HEAT_TOP, total=len(z))
    fig = charts.heatmap_text(shown, title, m.source_note, t("syn_perc_heat_colorbar", lang))
    return fig, z.reset_index(names=t("col_region", lang)).round(3)


@dataclass(frozen=True)
class Disparity:
    """Theil and Dagum-Gini decompositions over the years: figures (``None`` where the index cannot be
    decomposed) and the table."""
    theil: Any
    dagum: Any
    table: pd.DataFrame


def disparity(m: Synergy, disp: pd.DataFrame) -> Disparity:
    """The figures and the table of :func:`metrics.diagnostics.disparity_over_time`'s result ``disp``."""
    a, lang = m.a, m.lang
    years = f"{a.years[0]}–{a.years[-1]}" if len(a.years) > 1 else str(a.years[0])
    sub = t("syn_disp_source", lang, dataset=m.dataset_label, years=years, method=a.spec.describe(lang))
    lines = [t("data_years_note", lang, dataset=m.dataset_label, years=years), m.lines[1]]
    theil = dagum = None
    if disp["theil"].notna().any():
        names = {"theil": t("syn_theil_total", lang), "theil_between": t("syn_theil_between", lang),
                 "theil_within": t("syn_theil_within", lang)}
        theil = charts.lines(disp, "year", list(names), names, t("syn_theil_title", lang), sub,
                             t("year", lang), t("syn_axis_theil", lang))
        theil.update_traces(hovertemplate="%{x}: %{y:.4f}")
        theil = charts.title_lines(theil, t("syn_theil_title", lang), lines)
    if disp["gini"].notna().any():
        dagum = charts.stacked_bar(list(disp["year"]), {
            t("syn_dagum_gw", lang): disp["gini_within"].tolist(),
            t("syn_dagum_gnb", lang): disp["gini_between"].tolist(),
            t("syn_dagum_gt", lang): disp["gini_transvariation"].tolist()}, t("syn_dagum_title", lang), sub,
            t("year", lang), t("syn_axis_gini", lang), fmt=".4f")
        dagum = charts.title_lines(dagum, t("syn_dagum_title", lang), lines)
    f = {c: disp[c].astype(float) for c in ("theil", "theil_between", "theil_within", "gini", "gini_within",
                                            "gini_between", "gini_transvariation", "cv")}
    table = pd.DataFrame({
        t("year", lang): disp["year"].astype(int),
        t("syn_col_theil", lang): f["theil"].round(4), t("syn_col_theil_b", lang): f["theil_between"].round(4),
        t("syn_col_theil_w", lang): f["theil_within"].round(4),
        t("syn_col_theil_bs", lang): (f["theil_between"] / f["theil"] * 100).round(1),
        t("syn_col_gini", lang): f["gini"].round(4), t("syn_col_gw", lang): f["gini_within"].round(4),
        t("syn_col_gnb", lang): f["gini_between"].round(4), t("syn_col_gt", lang): f["gini_transvariation"].round(4),
        t("syn_col_cv", lang): f["cv"].round(4),
    })
    return Disparity(theil, dagum, table)
