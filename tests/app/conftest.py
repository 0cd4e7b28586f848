"""Helpers for Streamlit AppTest tests."""
import base64
import functools
import json
import math
import re

import pytest
import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def run_app(page: str | None = None, lang: str = "zh", query: dict | None = None, timeout: float = 60):
    """Run the dashboard (optionally switching to ``page``) and return the AppTest."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(page: str, lang: str = "zh", timeout: float = 120, **query):
    """``page`` opened straight from a link with ``query`` (not through the Overview first, as a shared link
    opens it); the run must end without an exception."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for k, v in {"lang": lang, **query}.items():
        at.query_params[k] = v
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


#: The Methods page's lazy tabs (``st.tabs(key="mt_tab", on_change="rerun")``): a closed tab computes nothing.
METHODS_TABS = ("mt_tab_how", "mt_tab_weights", "mt_tab_choose", "mt_tab_scale", "mt_tab_unc")


def open_tab(at, key: str, tab: str, lang: str):
    """Open the lazy tab whose label is the text ``tab`` of widget ``key`` (e.g. ``mt_tab``) and rerun."""
    from ui.i18n import t_in
    at.session_state[key] = t_in(lang, tab)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at) -> list[dict]:
    """Every Plotly figure on the page, as dicts, with the title the page shows above it (kept in
    ``layout.meta`` by ui.widgets.chart) back in ``layout.title``."""
    out = []
    for el in at.get("plotly_chart"):
        fig = json.loads(el.proto.spec)
        meta = fig["layout"].get("meta")
        if isinstance(meta, dict) and "title" in meta:
            fig["layout"]["title"] = meta["title"]
        out.append(fig)
    return out


@pytest.fixture
def app():
    return run_app


@pytest.fixture(autouse=True)
def lang_between_runs(monkeypatch, request):
    """AppTest rebuilds widget states by calling ``format_func`` outside any script run, where
    ``ui.i18n.lang()`` finds no session and falls back to Chinese; answer the test's language there
    (its ``lang`` parameter, else Chinese).  Inside runs the real function is used."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    import ui.i18n as i18n

    lang = request.node.callspec.params.get("lang", "zh") if hasattr(request.node, "callspec") else "zh"
    real = i18n.lang
    monkeypatch.setattr(i18n, "lang", lambda: real() if get_script_run_ctx(suppress_warning=True) else lang)


def array(v) -> np.ndarray:
    """A Plotly JSON array: a list, or a typed array ``{"dtype", "bdata", "shape"}``."""
    if isinstance(v, dict) and "bdata" in v:
        out = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return out.reshape([int(n) for n in str(v["shape"]).split(",")]) if "shape" in v else out
    return np.asarray(v, dtype=float)


def table_with(at, column: str):
    """The first table on the page that has ``column``."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column!r}: {[list(d.value.columns) for d in at.dataframe]}")


# ------------------------------------------------------------------ data shapes and method presets
# Datasets a user can open, built from the bundled sample the way an upload would be read
# (``Dataset.load`` on text tables), and registered in ``ui.state.REGISTRY`` under ``shape_<name>``.
SHAPES = ("sample", "survey_only", "indicators_only", "two_dims", "five_levels", "one_year")
METHODS = ("default", "topsis", "geometric", "zscore", "rank", "ahp")


def _sample_tables():
    d = ROOT / "data" / "sample"
    read = dict(dtype=str, keep_default_na=False)
    return pd.read_csv(d / "indicators.csv", **read), pd.read_csv(d / "survey.csv", **read)


def _five_level_framework():
    """The default framework with one more level: each sub-dimension's indicators grouped by source
    (statistics / survey), so indicators sit at level 1, groups 2, sub-dimensions 3, dimensions 4, index 5."""
    from metrics.framework import default_framework, load_framework
    fw = default_framework()
    table = fw.to_frame()
    rows = []
    for sub in fw.level_codes(2):
        for src, zh, en in (("ind", "统计", "statistics"), ("srv", "问卷", "survey")):
            kids = [k for k in fw.children[sub] if fw.table.at[k, "source"] == src]
            if kids:
                code = f"{sub}_{src.upper()}"
                name_en = f"{fw.name_of(sub, 'en')}: {en}"
                rows.append({"iCode": code, "iName": name_en, "name_zh": f"{fw.name_of(sub, 'zh')}·{zh}",
                             "name_en": name_en, "Parent": sub, "Level": 2, "Direction": 1, "Weight": 1,
                             "Type": "Aggregate"})
                table.loc[table["iCode"].isin(kids), "Parent"] = code
    agg = table["Type"] == "Aggregate"
    table.loc[agg, "Level"] = table.loc[agg, "Level"].astype(int) + 1
    return load_framework(pd.concat([table, pd.DataFrame(rows)], ignore_index=True), name="five-levels")


def _two_dimension_framework():
    """The default framework without its third dimension (AWA 认识·文化) and everything under it."""
    from metrics.framework import default_framework, load_framework
    fw = default_framework()
    drop = {"AWA"} | {c for c in fw.table.index if "AWA" in fw.ancestors.get(c, [])}
    table = fw.to_frame()
    return load_framework(table[~table["iCode"].isin(drop)].reset_index(drop=True), name="two-dimensions")


@functools.lru_cache(maxsize=None)
def shape_dataset(name: str):
    """The dataset of one data shape (built once per process)."""
    from metrics import Dataset
    ind, srv = _sample_tables()
    if name == "sample":
        return Dataset.sample()
    if name == "survey_only":
        return Dataset.load(None, srv, label="survey only")
    if name == "indicators_only":
        return Dataset.load(ind, None, label="indicators only")
    if name == "two_dims":
        fw = _two_dimension_framework()
        ind_cols = [c for c in ind.columns if c in ("region", "year") or c in fw.indicators]
        srv_cols = ["respondent_id", "region", "year", "group"] + [c for c in srv.columns if c in fw.survey_items]
        return Dataset.load(ind[ind_cols], srv[srv_cols], framework=fw, label="two dimensions")
    if name == "five_levels":
        return Dataset.load(ind, srv, framework=_five_level_framework(), label="five levels")
    if name == "one_year":
        last = max(ind["year"])
        return Dataset.load(ind[ind["year"] == last], srv[srv["year"] == last], label="one year")
    raise KeyError(name)


def shape_key(name: str) -> str:
    """The dataset key the app opens a shape by (the bundled sample is the app's own ``sample``)."""
    return "sample" if name == "sample" else f"shape_{name}"


@pytest.fixture(scope="module")
def shapes():
    """Every data shape registered in the app's dataset registry for the module's tests (other tests see
    the usual datasets); ``shapes(name)`` -> Dataset."""
    from ui import state
    keys = [shape_key(n) for n in SHAPES if n != "sample"]
    for n in SHAPES:
        if n != "sample":
            state.REGISTRY[shape_key(n)] = shape_dataset(n)
    yield shape_dataset
    for k in keys:
        state.REGISTRY.pop(k, None)


def method_spec(name: str, framework):
    """The spec of a method preset: the sidebar's presets, or a custom spec (z-score, rank, AHP)."""
    from metrics import Spec
    from ui.state import PRESETS
    if name in PRESETS:
        return PRESETS[name]
    if name == "zscore":
        return Spec(normalize="zscore")
    if name == "rank":
        return Spec(normalize="rank")
    if name == "ahp":  # unequal, consistent judgements between the dimensions: 3, 5, 2, ... (CR < 0.1)
        dims = framework.children[framework.root]
        values = [3.0, 5.0, 2.0, 4.0, 2.0, 3.0]
        pairs = [(x, y) for i, x in enumerate(dims) for y in dims[i + 1:]]
        return Spec(weights="ahp", ahp=tuple((framework.root, x, y, v) for (x, y), v in zip(pairs, values)))
    raise KeyError(name)


def method_query(name: str, framework) -> dict:
    """URL query parameters that open a method: ``method=<preset>`` or ``method=custom&spec=<json>``."""
    from ui.state import PRESETS
    if name in PRESETS:
        return {"method": name}
    spec = method_spec(name, framework)
    return {"method": "custom", "spec": json.dumps(spec.to_dict(), separators=(",", ":"), ensure_ascii=False)}


# ------------------------------------------------------------------ what a page shows
#: Text a user must never see: a missing value printed as text, or Streamlit/Python internals.
#: ("None of the …" is English, not a missing value.)
_BAD_VALUE = re.compile(r"(?<![\w.])(nan|NaN|NAN|inf|-inf|Infinity|<NA>|NaT)(?![\w(])"
                        r"|(?<![\w.])None(?![\w(])(?! [a-z])")
_INTERNAL = re.compile(r"DeltaGenerator|Traceback \(most recent|object at 0x|<bound method|<function |"
                       r"streamlit\.|__streamlitmagic__")
#: Proto fields that hold no visible text.
_SKIP_FIELDS = {"id", "form_id", "data", "arrow_data", "styler", "spec", "key", "url", "icon", "css", "body_css",
                "format", "column_config", "columns", "dg_id", "selection_state", "selection_default",
                "default", "value", "shortcut", "script_hash", "page_script_hash"}


def proto_strings(msg, path: str = ""):
    """Every string field of a proto message, recursively, as ``(path, text)``."""
    for field, value in msg.ListFields():
        if field.name in _SKIP_FIELDS:
            continue
        name = f"{path}.{field.name}" if path else field.name
        values = value if field.is_repeated else [value]
        for v in values:
            if field.type == field.TYPE_MESSAGE:
                yield from proto_strings(v, name)
            elif field.type == field.TYPE_STRING:
                yield name, v


def figure_strings(spec: dict):
    """The texts a Plotly figure shows: titles, axis titles, labels, hover texts, annotations."""
    def walk(v, path):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("hovertemplate", "texttemplate", "bdata", "dtype", "shape", "font", "marker", "line",
                         "colorscale", "fillcolor", "color", "template", "legendgroup", "uid", "meta"):
                    continue
                yield from walk(x, f"{path}.{k}")
        elif isinstance(v, list):
            for x in v:
                yield from walk(x, path)
        elif isinstance(v, str):
            yield path, v
    yield from walk(spec.get("data", []), "data")
    yield from walk(spec.get("layout", {}), "layout")


def element_nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from element_nodes(child)


def page_problems(at) -> list[str]:
    """What is wrong on the page an AppTest shows, as readable lines (empty when clean).

    An exception; a ``help`` element (Streamlit's API documentation, written by "magic"); internal text
    (``DeltaGenerator``, a traceback, an object repr); a missing or infinite value shown as text
    (``nan``, ``None``, ``inf``, ``<NA>``) in any text, metric, widget label or option, chart text or
    table cell; a table with missing cells and no ``placeholder`` (Streamlit shows those as "None").
    """
    out = [f"exception: {e.value}" for e in at.exception]
    out += [f"help element: {h.proto.name}" for h in at.get("help")]
    for node in element_nodes(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "?")
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        texts = list(proto_strings(proto))
        if kind == "plotly_chart":
            fig = json.loads(proto.spec)
            texts += list(figure_strings(fig))
            for trace in fig.get("data", []):  # a colour scale that leaves values out paints them all alike
                lo, hi = trace.get("zmin"), trace.get("zmax")
                if lo is not None and hi is not None and "z" in trace:
                    z = array(trace["z"]).astype(float)
                    z = z[np.isfinite(z)]
                    if z.size and (z.min() < lo - 1e-9 or z.max() > hi + 1e-9):
                        title = fig["layout"].get("title", {}).get("text", "")[:80]
                        out.append(f"chart colour range [{lo}, {hi}] leaves out values "
                                   f"[{z.min():.3g}, {z.max():.3g}]: {title!r}")
        for path, text in texts:
            if _INTERNAL.search(text):
                out.append(f"internal text in {kind}.{path}: {text[:160]!r}")
            elif kind != "json" and _BAD_VALUE.search(text):
                out.append(f"missing value shown in {kind}.{path}: {text[:160]!r}")
        if kind == "json" and re.search(r"\b(NaN|Infinity)\b", proto.body):
            out.append(f"NaN in json: {proto.body[:160]!r}")
        if kind in ("arrow_data_frame", "dataframe"):
            df = node.value
            hidden = {c for c, cfg in json.loads(proto.columns or "{}").items() if cfg.get("hidden")}
            order = list(proto.column_order)
            shown = [c for c in df.columns if str(c) not in hidden and (not order or str(c) in order)]
            cells = df[shown]
            if not proto.HasField("placeholder") and cells.isna().to_numpy().any():
                cols = [str(c) for c in shown if cells[c].isna().any()]
                out.append(f"table with missing cells shown as 'None' (no placeholder): columns {cols}")
            for c in shown:
                col = cells[c]
                if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
                    v = pd.to_numeric(col, errors="coerce").astype(float).to_numpy()
                    if any(math.isinf(x) for x in v):
                        out.append(f"infinite value in table column {c!r}")
                else:
                    bad = [x for x in col.dropna() if isinstance(x, str) and _BAD_VALUE.fullmatch(x.strip())]
                    if bad:
                        out.append(f"missing value as text in table column {c!r}: {bad[:3]}")
            for c in [*df.columns, *([df.index.name] if df.index.name else [])]:
                if _BAD_VALUE.search(str(c)) or _INTERNAL.search(str(c)):
                    out.append(f"bad table header {c!r}")
    return out
