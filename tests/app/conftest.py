"""Helpers for Streamlit AppTest tests."""
import base64
import json

import pytest
import numpy as np
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


def figures(at) -> list[dict]:
    """Every Plotly figure on the page, as dicts."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


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
