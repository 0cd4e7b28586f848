"""The browser benchmark's measuring parts (``bench/browser.py``), in Chromium, on a page that plays
Streamlit's part: a script run is ``stApp``'s ``data-test-script-state`` going to ``running`` and back,
and the server pushes WebSocket messages meanwhile.  The benchmark itself (a county import, fresh servers,
several minutes) is not run here; this checks that its clock measures what it says and that a missing
widget or a click that runs nothing is an error naming the step, never a hang."""
from __future__ import annotations

import os
import sys
import time

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import browser as bench  # noqa: E402

pytestmark = pytest.mark.e2e

URL = "http://bench.test/"
#: a fake app: "go" runs the script for 400 ms, sending three messages over a WebSocket-like object
PAGE = """<!doctype html><html><body>
<div data-testid="stApp" data-test-script-state="notRunning">
  <div class="st-key-year"><input role="combobox" value="2024"></div>
  <button id="go">go</button>
</div>
<script>
const app = document.querySelector('[data-testid="stApp"]');
document.getElementById('go').onclick = () => {
  app.setAttribute('data-test-script-state', 'running');
  setTimeout(() => app.setAttribute('data-test-script-state', 'notRunning'), 400);
};
</script></body></html>"""


@pytest.fixture
def walker(browser):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.route(URL, lambda route: route.fulfill(status=200, content_type="text/html", body=PAGE))
    w = bench.Walker(page, os.getpid())
    page.goto(URL)
    yield w
    ctx.close()


def test_a_step_is_timed_to_the_end_of_the_run_it_caused(walker):
    r = walker.step("fake run", lambda: walker.page.click("#go"))
    assert r["runs"] == 1
    assert 380 <= r["script_ms"] <= 2500, r           # the run lasts 400 ms in the page's own clock
    assert r["last_message_ms"] >= r["script_ms"]
    assert r["server_cpu_ms"] >= 0 and r["browser_cpu_ms"] >= 0 and r["received_kb"] == 0
    assert 380 <= r["from_input_ms"] <= r["script_ms"] and r["input_delay_ms"] >= 0, r


def test_a_click_is_also_timed_from_its_own_event_not_from_the_harness(walker):
    def late_click():   # the harness takes 300 ms before the click reaches the page (Playwright's checks)
        time.sleep(0.3)
        walker.page.click("#go")

    r = walker.step("late click", late_click)
    assert r["input_delay_ms"] >= 290 and r["script_ms"] >= 680, r
    assert 380 <= r["from_input_ms"] <= r["script_ms"] - 290, r


def test_a_missing_widget_or_a_click_that_runs_nothing_names_the_step(walker, monkeypatch):
    monkeypatch.setattr(bench, "FIND_MS", 300)
    monkeypatch.setattr(bench, "START_MS", 300)
    with pytest.raises(bench.StepError, match=r"step 'profile: region': no widget with key 'region'"):
        walker.select("region", "profile: region", 1)
    with pytest.raises(bench.StepError, match=r"step 'nothing': no script run started"):
        walker.step("nothing", lambda: None)


def test_peak_memory_and_the_table():
    rss = bench.peak_rss_mb(os.getpid())
    assert rss["server_mb"] > 10 and rss["total_mb"] >= rss["server_mb"]
    res = {"province": {"peak_rss": rss, "changes": {"sidebar: year": {
        "script_ms_median": 250, "last_message_ms_median": 250, "server_cpu_ms_median": 90,
        "browser_cpu_ms_median": 120, "received_kb_median": 50.0}}}}
    text = bench.table(res)
    assert "province sidebar: year" in text and "250" in text and "server peak RSS" in text
    with pytest.raises(SystemExit):
        bench.main(["--only", "nonsense"])
