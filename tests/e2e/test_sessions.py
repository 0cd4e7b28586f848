"""Twenty users at once on one running server: each uploads its own small dataset on the Data page,
saves it and reads it back, and nothing is lost or mixed up.

Concurrency as users produce it: one ``streamlit run dashboard.py`` process with its own SQLite
database, and 20 separate browser contexts in Debian's Chromium (separate cookies, separate
WebSocket sessions), driven by Playwright's async API so that several sessions upload, check and save
at the same moment.  At most ``AT_ONCE`` sessions are open together (20 Chromium contexts on a
loaded 2-core machine starve each other), but every one of the 20 is a real, separate session.

Each session checks what its user sees: only its own file in the upload area, 0 errors, the save
confirmation with its own fingerprint, the sidebar switched to its dataset, and - after reloading the
saved link, i.e. in a fresh server session reading the database - the overview's headline figures
of its own data (number of regions, mean, highest and lowest region with their index, as ``metrics``
computes them).  Afterwards the database holds exactly the 20 datasets, one version each, with the
fingerprints and values that were uploaded.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
import time
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest

from charts.names import CARD, short

from metrics import assess, default_framework
from tests.conftest import ARTIFACTS
from tests.e2e.conftest import CHROMIUM, LAUNCH, streamlit_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SESSIONS = 20
AT_ONCE = 5
STEP_MS = 180_000             # one page action on a loaded machine (generous, but bounded)
WHOLE_RUN_S = 20 * 60         # all 20 sessions: a hang fails instead of using up CI's time
REGIONS = ["110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def dataset_bytes(i: int) -> bytes:
    """Session ``i``'s indicator data: 8 regions, 2 years, 4 indicators, values unique to ``i``."""
    fw = default_framework()
    inds = [c for c in fw.indicators if fw.table.at[c, "source"] != "srv"][:4]
    rng = np.random.default_rng(1000 + i)
    rows = []
    for year in (2022, 2023):
        for r in REGIONS:
            rows.append([r, year] + [round(float(v), 1) for v in rng.uniform(0, 30, len(inds))])
    df = pd.DataFrame(rows, columns=["region", "year"] + inds)
    df.iloc[0, 2] = 1000 + i      # a value only this session has
    return df.to_csv(index=False).encode()


def name_of(i: int) -> str:
    return f"session-{i:02d}"


async def settle(page, text: str | None = None) -> None:
    """Wait for ``text`` (when given) and for the script run to finish."""
    if text is not None:
        await page.get_by_text(text, exact=False).first.wait_for()
    await page.wait_for_selector(IDLE)


async def session(browser, url: str, i: int) -> dict:
    """One user's whole visit in its own browser context; returns what the user was shown."""
    name, data = name_of(i), dataset_bytes(i)
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = await ctx.new_page()
    page.set_default_timeout(STEP_MS)
    try:
        await page.goto(url + "/data?lang=en")
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Indicator data").first
        await uploader.wait_for()
        await settle(page)
        await uploader.locator('input[type="file"]').set_input_files(
            files=[{"name": f"{name}.csv", "mimeType": "text/csv", "buffer": data}])
        await settle(page, f"Indicator data · {name}.csv")
        await settle(page, "Preview: first 16 rows (16 rows, 6 columns)")
        await settle(page, "0 errors")
        # this session's upload, and nobody else's, is on its page
        shown = await page.locator('[data-testid="stMain"]').inner_text()
        others = sorted(set(re.findall(r"session-\d\d\.csv", shown)) - {f"{name}.csv"})
        assert not others, (name, others)
        assert await page.get_by_role("textbox", name="Dataset name").input_value() == name

        await page.get_by_role("button", name="Save to the database").click()
        await settle(page, f"Saved '{name}' version 1")
        saved = await page.get_by_text(f"Saved '{name}' version 1", exact=False).first.inner_text()
        await page.wait_for_url(re.compile(r"dataset=db"))
        key = parse_qs(urlsplit(page.url).query)["dataset"][0]
        dataset_box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Dataset")
        selected = await dataset_box.input_value()

        # read it back: the saved link in a fresh server session, which loads it from the database
        await page.goto(f"{url}/?lang=en&dataset={key}")
        await settle(page, f"{name} v1")
        headline = {}
        for label in ("Regions", "Mean index", "Highest", "Lowest"):
            card = page.locator('[data-testid="stMetric"]').filter(
                has=page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True))
            headline[label] = [line.strip() for line in (await card.inner_text()).splitlines() if line.strip()]
        return {"i": i, "key": key, "saved": saved, "selected": selected, "headline": headline}
    except Exception as exc:
        # what the user saw, for the failure report (and a screenshot in test-artifacts/)
        seen = ""
        with contextlib.suppress(Exception):
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / f"{name}-failed.png"), full_page=True, timeout=30_000)
            seen = await page.locator('[data-testid="stMain"]').inner_text(timeout=30_000)
        raise AssertionError(f"{name} at {page.url}: {exc}\n--- page text ---\n{seen[-3000:]}") from exc
    finally:
        await ctx.close()


async def all_sessions(url: str) -> list:
    """Every session's result or exception (one failure does not hide the others), within WHOLE_RUN_S."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(**LAUNCH)
        gate = asyncio.Semaphore(AT_ONCE)

        async def one(i):
            async with gate:
                return await session(browser, url, i)
        try:
            return await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(SESSIONS)), return_exceptions=True),
                                          WHOLE_RUN_S)
        finally:
            await browser.close()


def run_sessions(url: str) -> list:
    """Run :func:`all_sessions` with Playwright's async API in a thread of its own, whose event loop never
    meets the sync API's (the other browser tests') in the main thread."""
    out: dict = {}

    def target():
        try:
            out["results"] = asyncio.run(all_sessions(url))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            out["error"] = exc
    thread = threading.Thread(target=target, name="sessions", daemon=True)
    thread.start()
    thread.join(WHOLE_RUN_S + 120)              # wait_for has cancelled everything by then
    assert not thread.is_alive(), f"the sessions did not finish within {WHOLE_RUN_S + 120} s"
    if "error" in out:
        raise out["error"]
    return out["results"]


def test_twenty_sessions_upload_save_and_read_back(tmp_path):
    from store import get_store, validate_files

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium not found: run scripts/test.sh, which installs Debian's chromium package")
    expected = {}
    for i in range(SESSIONS):
        _, ds = validate_files({"indicators": (f"{name_of(i)}.csv", dataset_bytes(i))}, cache=False)
        a = assess(ds)
        index = a.results(year=a.latest_year).set_index("region")["INDEX"].dropna()
        expected[i] = {"fingerprint": ds.fingerprint, "values": ds.indicators.values, "index": index,
                       "names": {c: ds.region_name(c, "en") for c in index.index}}
    db = tmp_path / "sessions.db"
    t0 = time.time()
    with streamlit_server(db) as url:
        results = run_sessions(url)
    print(f"{SESSIONS} browser sessions, {AT_ONCE} at once, in {time.time() - t0:.0f} s")

    failed = [f"{name_of(i)}: {r!r}" for i, r in enumerate(results) if isinstance(r, BaseException)]
    assert not failed, "\n".join(failed) + "\n--- server log ---\n" + db.with_suffix(".log").read_text()[-3000:]
    for r in results:
        i, want = r["i"], expected[r["i"]]
        assert f"fingerprint {want['fingerprint'][:12]}" in r["saved"], r["saved"]
        assert r["selected"] == f"{name_of(i)} v1"
        # the overview of the saved dataset shows this session's numbers: [label, value(, delta)]
        h, index = r["headline"], want["index"]
        assert h["Regions"][1] == str(len(index)), h
        assert float(h["Mean index"][1]) == pytest.approx(index.mean(), abs=0.051), h
        for label, code in (("Highest", index.idxmax()), ("Lowest", index.idxmin())):
            assert float(h[label][1]) == pytest.approx(index[code], abs=0.051), h  # the score as the value
            assert h[label][2] == short(want["names"][code], CARD), h          # the name under it

    # the database: exactly these 20 datasets, one version each, fingerprints and values as uploaded
    store = get_store(f"sqlite:///{db}")
    infos = {d.name: d for d in store.list_datasets()}
    assert sorted(infos) == [name_of(i) for i in range(SESSIONS)]
    assert len({r["key"] for r in results}) == SESSIONS
    for r in results:
        info, want = infos[name_of(r["i"])], expected[r["i"]]
        assert [v.version for v in info.versions] == [1]
        assert r["key"] == f"db:{info.id}@1"
        assert info.versions[0].fingerprint == want["fingerprint"]
        loaded = store.load_dataset(info.id, 1)
        assert loaded.fingerprint == want["fingerprint"]
        pd.testing.assert_frame_equal(loaded.indicators.values, want["values"])
        assert loaded.indicators.values.iloc[0, 0] == 1000 + r["i"]
    assert store.integrity_check() == "ok" and store.verify() == []
