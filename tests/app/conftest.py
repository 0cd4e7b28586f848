"""Helpers for Streamlit AppTest tests."""
import json

import pytest
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
