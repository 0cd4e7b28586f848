"""``python -m ui.serve``, the warmed-up start of ``scripts/run.sh`` (the browser tests start their servers
with it too, ``tests/e2e/conftest.streamlit_server``): what it loads ahead, in a fresh process, and the
command it hands to Streamlit."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import json, sys
import ui.serve as s
took = s.warm()
import numpy
import plotly.io as pio
print(json.dumps({"took": took, "template": pio.templates.default,
                  "hugepage": bool(numpy._core.multiarray._get_madvise_hugepage()),
                  "modules": sorted(m for m in sys.modules if m.split(".")[0] in s.PACKAGES)}))
"""


@pytest.fixture(scope="module")
def warmed(tmp_path_factory):
    """``ui.serve.warm()`` in a fresh Python process on an empty database."""
    db = tmp_path_factory.mktemp("serve") / "dgs.db"
    env = dict(os.environ, DGS_DATABASE_URL=f"sqlite:///{db}")
    env.pop("NUMPY_MADVISE_HUGEPAGE", None)
    r = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_every_step_runs(warmed):
    took = warmed["took"]
    assert list(took) == ["imports", "geometry", "parquet and database"]
    assert all(v == v and v >= 0 for v in took.values()), took   # NaN: a step failed (its log is in stderr)


def test_the_pages_modules_are_loaded_and_the_charts_keep_their_template(warmed):
    # every module the page scripts import is there before the first visitor
    needed = set()
    for page in (ROOT / "views").glob("*.py"):
        for line in page.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("from", "import") and words[1].split(".")[0] in (
                    "ui", "metrics", "viewmodels", "charts", "store", "export", "texts"):
                needed.add(words[1])
    assert needed and needed <= set(warmed["modules"]), needed - set(warmed["modules"])
    assert "ui.serve" in warmed["modules"] and "metrics.cli" not in warmed["modules"]
    # Streamlit's Plotly element sets its own default template when imported: the warm-up imports it before
    # charts, as a page run does, so the dashboard's template stays the default
    assert warmed["template"] == "synergy_full"


def test_numpy_asks_for_no_huge_pages(warmed):
    """Fresh county-sized arrays without the kernel's huge-page compaction (see ui/serve.py)."""
    assert warmed["hugepage"] is False


def test_hands_streamlit_run_dashboard_with_the_options(monkeypatch):
    import streamlit.web.cli as cli

    import ui.serve as serve

    seen = {}

    def fake_main(prog_name=None):
        seen["argv"], seen["prog"] = list(sys.argv), prog_name
        return 0
    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setenv("DGS_WARM", "0")   # no warm-up in this process: the command line only
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    with pytest.raises(SystemExit) as done:
        serve.main(["--server.port", "8765", "--server.headless", "true"])
    assert done.value.code == 0
    assert seen["prog"] == "streamlit"
    assert seen["argv"] == ["streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", "8765",
                            "--server.headless", "true"]


def test_run_script_starts_the_launcher():
    text = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    execs = [line for line in text.splitlines() if line.startswith("exec ")]
    assert len(execs) == 1 and execs[0].startswith("exec python3 -m ui.serve ")


def test_a_failing_step_is_skipped_and_said(monkeypatch, caplog):
    """A warm-up step that fails is logged and marked NaN; the others still run (the page does the failed
    one on first use)."""
    import logging
    import math

    import ui.serve as serve

    ran = []

    def broken():
        raise OSError("no boundary cache here")
    monkeypatch.setattr(serve, "STEPS", (("one", lambda: ran.append("one")), ("broken", broken),
                                         ("three", lambda: ran.append("three"))))
    with caplog.at_level(logging.WARNING, logger="ui.serve"):
        took = serve.warm()
    assert ran == ["one", "three"] and math.isnan(took["broken"]) and took["one"] >= 0
    assert "warm-up step 'broken' failed" in caplog.text and "no boundary cache here" in caplog.text
