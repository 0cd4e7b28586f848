"""A real Streamlit server and Debian's Chromium, driven by Playwright.

The server runs ``python -m ui.serve`` (``streamlit run dashboard.py``, warmed up as ``scripts/run.sh``
starts it) on a free port with its own temporary database; the browser is ``/usr/bin/chromium`` (``playwright
install`` cannot download browsers here).  Screenshots go to
``test-artifacts/``.
"""
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH = dict(executable_path=CHROMIUM, headless=True, args=[
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_path: Path):
    """``python -m ui.serve`` (``streamlit run dashboard.py`` warmed up) on a free loopback port with its
    database in ``db_path``; yields its URL.

    The server's output goes to a log file beside the database (a pipe nobody reads would fill up and stall
    the server during a long test).  It does not watch the source files: a file edited while the tests run
    would make Streamlit unload modules under the running sessions (``KeyError: 'ui.widgets'``)."""
    port = _free_port()
    env = dict(os.environ, DGS_DATABASE_URL=f"sqlite:///{db_path}")
    log = Path(db_path).with_suffix(".log")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        stop(proc)


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    """Wait until a Streamlit server answers ``/_stcore/health``; otherwise stop it and fail with its log."""
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError("streamlit did not start: " + Path(log).read_text(errors="replace")[-2000:])


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server process, killing it if it does not exit within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("db") / "e2e.db") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium not found: run scripts/test.sh, which installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(**LAUNCH)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(30000)
    yield pg
    ctx.close()


def wait_idle(page):
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
    page.wait_for_timeout(300)


def shot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
