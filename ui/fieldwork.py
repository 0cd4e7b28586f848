"""The fieldwork monitor on the Streamlit side: the target, the heat map on the Data page, and the
warning pages show when a score rests on a short cell (:mod:`metrics.fieldwork`).

The target (a count per cell, or a margin of error at 95% for a population size) is set on the Data
page and kept in the session (``st.session_state["fw_target"]``); every page uses it.  Counts are of
the respondents the active assessment uses (after any exclusion by the quality rules), cached per
dataset fingerprint, exclusion and target.

Pages that show scores call :func:`warn_thin` once: with a region (the profile) it names that
region's short cells behind the score shown; without (the overview) it says how many regions' scores
rest on a short cell in the year shown and names the first of them.
"""
from __future__ import annotations

import json
from typing import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.fieldwork import Target, cell_counts, cells_by_area, short_cells, thin_scores
from metrics.framework import GROUP_NAMES
from metrics.hierarchy import region_hierarchy

import charts
from .i18n import lang, md, t, t_in
from .state import Context

TARGET_KEY = "fw_target"
SHOWN = 8          # regions named in a warning
MANY = 60          # above this many regions the heat map shows areas (provinces), one area's regions on request


def current_target() -> Target:
    """The session's target (default: 30 responses per cell)."""
    d = st.session_state.get(TARGET_KEY)
    try:
        return Target(**d) if d else Target()
    except (TypeError, ValueError):
        return Target()


@st.cache_resource(show_spinner=False, max_entries=64)
def _counts(fingerprint: str, exclude_json: str, target_json: str, _frame: Callable[[], pd.DataFrame],
            _regions) -> pd.DataFrame:
    return cell_counts(_frame(), Target(**json.loads(target_json)), _regions)


def _key(ctx: Context, target: Target) -> tuple[str, str, str]:
    """The dataset, the respondents the spec excludes and the target: what the counts depend on."""
    spec = ctx.spec
    return (ctx.dataset.fingerprint, json.dumps([list(spec.survey_exclude), list(spec.survey_quality)]),
            json.dumps(target.to_dict(), sort_keys=True))


def counts(ctx: Context, target: Target | None = None) -> pd.DataFrame | None:
    """Cells of the active dataset and assessment; ``None`` without survey data.  Shared between reruns
    and sessions (a resource, not a copy per rerun): read-only."""
    if ctx.dataset.survey is None:
        return None
    target = target or current_target()
    # without excluded respondents, the key columns alone (a saved version's answers stay encoded); read
    # only when the counts are not cached yet
    a, survey = ctx.assessment, ctx.dataset.survey
    frame = (lambda: a.survey_frame) if ctx.spec.survey_exclude else survey.key_frame
    return _counts(*_key(ctx, target), frame, ctx.dataset.regions)


@st.cache_resource(show_spinner=False, max_entries=256)
def _thin(key: tuple, year, node: str | None, _cells: pd.DataFrame, _fw) -> dict:
    return thin_scores(_cells, _fw, year, node)


def _group(g: str, lang: str) -> str:
    return GROUP_NAMES[g][lang == "en"]


def _cells_text(cells, lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{_group(g, lang)} {n}/{need}" for g, n, need in cells)


def warn_thin(ctx: Context, region: str | None = None, node: str | None = None) -> None:
    """A warning when a score shown rests on a cell below the fieldwork target (see the module docstring)."""
    c = counts(ctx)
    if c is None:
        return
    lg = ctx.lang
    target = current_target()
    # every region's short cells behind ``node`` in the year, once per dataset, exclusion and target (a
    # widget change reruns the page: ~20 ms of sorting cells each time, more at county scale)
    thin = _thin(_key(ctx, target), ctx.year, node, c, ctx.dataset.framework)
    if region is not None:
        thin = {region: thin[region]} if region in thin else {}
    if not thin:
        return
    if region is not None:
        st.warning(t("fw_warn_region", region=md(ctx.region_name(region)), cells=_cells_text(thin[region], lg),
                     target=target.describe(lg), year=ctx.year), icon=":material/groups:")
        return
    names = ("、" if lg == "zh" else ", ").join(md(ctx.region_name(r)) for r in list(thin)[:SHOWN])
    more = t("fw_more", n=len(thin) - SHOWN) if len(thin) > SHOWN else ""
    st.warning(t("fw_warn_all", n=len(thin), year=ctx.year, target=target.describe(lg), regions=names + more),
               icon=":material/groups:")


def _on_target() -> None:
    ss = st.session_state
    old = current_target()
    if ss.get("fw_kind", old.kind) == "count":
        ss[TARGET_KEY] = {"kind": "count", "n": int(ss.get("fw_n", old.n))}
    else:
        pop = ss.get("fw_population") or None
        ss[TARGET_KEY] = {"kind": "margin", "margin": float(ss.get("fw_margin", old.margin * 100)) / 100,
                          "population": pop}


def heat_map(c: pd.DataFrame, ctx: Context, target: Target) -> go.Figure:
    """Responses per region (rows) and year x group (columns), coloured by the share of the target."""
    lg = ctx.lang
    c = c.assign(col=[f"{y} · {_group(g, lg)}" for y, g in zip(c["year"], c["group"])],
                 name=[ctx.region_name(r) for r in c["region"]])
    cols = list(dict.fromkeys(c["col"]))
    rows = list(dict.fromkeys(c["name"]))
    n = c.pivot(index="name", columns="col", values="n").reindex(index=rows, columns=cols)
    need = c.pivot(index="name", columns="col", values="needed").reindex(index=rows, columns=cols)
    ratio = (n / need).clip(upper=2.0)
    fig = go.Figure(go.Heatmap(
        z=ratio.to_numpy(dtype=float), x=[charts.plain(x) for x in cols], y=[charts.plain(y) for y in rows],
        zmin=0, zmax=2, zmid=1, colorscale=charts.DIVERGING,
        text=n.to_numpy().astype(int).astype(str), texttemplate="%{text}", textfont=dict(size=11),
        customdata=need.to_numpy(), colorbar=dict(title=dict(text=t("fw_colorbar"))),
        hovertemplate="%{y} · %{x}: %{text} / %{customdata}<extra></extra>"))
    fig.update_layout(title=dict(text=t("fw_title"), x=0.5), height=max(380, 22 * len(rows) + 220),
                      xaxis=dict(tickangle=-45, side="top"), yaxis=dict(autorange="reversed"),
                      margin=dict(t=160))
    return fig


def _areas(ctx: Context, codes: list[str]) -> pd.Series:
    """Region code -> its area's name: the GB/T 2260 province, else the region group, else none."""
    h = region_hierarchy(codes, ctx.dataset.regions)
    en = ctx.lang == "en"
    if (h["province"] != "").mean() >= 0.5:
        return h["province_en" if en else "province_zh"].replace("", np.nan)
    from metrics.data import region_group_names
    names = region_group_names()
    groups = ctx.dataset.region_groups().reindex(codes)
    return groups.map(lambda g: names.get(g, (g, g))[en] if isinstance(g, str) and g else np.nan)


def area_heat_map(s: pd.DataFrame) -> go.Figure:
    """Per area (rows) and year x group (columns): the share of region cells meeting the target, with
    "short / cells" written in each cell (:func:`metrics.fieldwork.cells_by_area`)."""
    lg = lang()
    s = s.assign(col=[f"{y} · {_group(g, lg)}" for y, g in zip(s["year"], s["group"])],
                 met=1 - s["short"] / s["cells"], label=[f"{a}/{b}" for a, b in zip(s["short"], s["cells"])])
    cols = list(dict.fromkeys(s["col"]))
    rows = list(dict.fromkeys(s["area"]))
    z = s.pivot(index="area", columns="col", values="met").reindex(index=rows, columns=cols)
    text = s.pivot(index="area", columns="col", values="label").reindex(index=rows, columns=cols)
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(dtype=float), x=[charts.plain(x) for x in cols], y=[charts.plain(y) for y in rows],
        zmin=0, zmax=1, colorscale="RdYlBu", text=text.fillna("").to_numpy(), texttemplate="%{text}",
        textfont=dict(size=10), colorbar=dict(title=dict(text=t("fw_area_colorbar")), tickformat=".0%"),
        hovertemplate="%{y} · %{x}: " + t("fw_area_hover") + "<extra></extra>"))
    fig.update_layout(title=dict(text=t("fw_area_title"), x=0.5), height=max(380, 22 * len(rows) + 220),
                      xaxis=dict(tickangle=-45, side="top"), yaxis=dict(autorange="reversed"),
                      margin=dict(t=160))
    return fig


def _area_view(c: pd.DataFrame, ctx: Context, chart) -> pd.DataFrame | None:
    """The county-scale monitor: a summary heat map by area, or one area's regions; returns the cells
    whose short ones are listed below (``None``: all of them)."""
    area = _areas(ctx, list(dict.fromkeys(c["region"])))
    options = ["*"] + list(dict.fromkeys(area.dropna()))
    pick = st.selectbox(t("fw_area"), options, key="fw_area",
                        format_func=lambda a: t("fw_area_all") if a == "*" else md(a))
    if pick == "*":
        chart(area_heat_map(cells_by_area(c, area)), key="fw_area_heatmap", name="fieldwork-areas")
        st.caption(t("fw_area_note"))
        return None
    mine = c[c["region"].map(area) == pick]
    chart(heat_map(mine, ctx, current_target()), key="fw_heatmap", name="fieldwork")
    return mine


def monitor(ctx: Context) -> None:
    """The Data page section: the target, the heat map and the short cells."""
    lg = ctx.lang
    st.markdown(f"**{t('fw_title')}**")
    st.caption(t("fw_intro", dataset=md(ctx.dataset_label())))
    if ctx.dataset.survey is None:
        st.info(t("fw_no_survey"))
        return
    target = current_target()
    c1, c2, c3 = st.columns([2, 1, 1])
    c1.radio(t("col_target"), ["count", "margin"], key="fw_kind", horizontal=True, on_change=_on_target,
             index=0 if target.kind == "count" else 1, format_func=lambda k, lg=lg: t_in(lg, f"fw_kind_{k}"))
    if st.session_state.get("fw_kind", target.kind) == "count":
        c2.number_input(t("fw_n"), min_value=1, max_value=100000, value=int(target.n), step=5, key="fw_n",
                        on_change=_on_target)
    else:
        c2.number_input(t("fw_margin"), min_value=1.0, max_value=20.0, value=float(target.margin * 100), step=0.5,
                        key="fw_margin", on_change=_on_target)
        c3.number_input(t("fw_population"), min_value=0, value=None, step=100, key="fw_population",
                        on_change=_on_target, help=t("fw_population_help"))
    target = current_target()
    c = counts(ctx, target)
    short = short_cells(c)
    st.caption(t("fw_summary", target=target.describe(lg), short=len(short), total=len(c)))
    from .widgets import chart, downloads
    if c["region"].nunique() > MANY:  # a county dataset: one row per province, a province's counties on request
        c = _area_view(c, ctx, chart)
        if c is None:  # the short cells of one area at a time (all of a county dataset's can be 100,000 rows)
            if len(short):
                st.caption(t("fw_short_pick"))
            return
        short = short_cells(c)
    else:
        chart(heat_map(c, ctx, target), key="fw_heatmap", name="fieldwork")
    if len(short):
        table = pd.DataFrame({
            t("col_region"): [ctx.region_name(r) for r in short["region"]], t("year"): short["year"].astype(str),
            t("fw_col_group"): [_group(g, lg) for g in short["group"]], t("fw_col_n"): short["n"],
            t("col_target"): short["needed"],
            t("fw_col_margin"): [("—" if not np.isfinite(m) else f"±{m:.1%}") for m in short["margin"]]})
        st.markdown(f"**{t('fw_short_title')}**")
        st.dataframe(table, hide_index=True, width="stretch", height=min(35 * (len(table) + 1) + 3, 420))
        downloads(table, "fieldwork-short-cells", t("fw_short_title")[:31], "fw_dl_short")
    else:
        st.success(t("fw_all_met"))
