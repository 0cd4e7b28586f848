"""Twenty sessions at once against one database: each uploads its own small dataset, saves it and
reads it back through the dashboard.

Each session is a real ``AppTest`` of the whole app (router, sidebar, Data page) in its own thread,
all in one process and one SQLite database, as the sessions of one Streamlit server are.  Each must
see only its own unsaved upload (session state is per session; caches are shared and keyed on the
bytes), and every saved version must come back intact (its fingerprint and values).

AppTest was written for one test at a time: every run installs a fresh mock ``Runtime`` in a class
attribute, flips the ``global.appTest`` option and removes both when it ends, which would pull the
runtime from under the other threads, and compiles the scripts afresh on every run (CPython 3.11.7's
compiler is not safe to run in many threads at once: "AST constructor recursion depth mismatch").  The
``shared_runtime`` fixture installs one runtime (one cache storage, one media-file manager) and one
compiled-script cache for all sessions instead, as a real server has.
"""
from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from metrics import default_framework
from tests.app.test_data import data_app, router  # noqa: F401 - the router fixture is used by name

SESSIONS = 20
REGIONS = ["110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000"]


@pytest.fixture
def shared_runtime(monkeypatch):
    import streamlit.testing.v1.app_test as app_test
    from streamlit import config
    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
    from streamlit.runtime.dataframe_source_manager import DataframeSourceManager
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from unittest.mock import MagicMock

    rt = MagicMock(spec=Runtime)
    rt.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    rt.dataframe_source_mgr = DataframeSourceManager()
    rt.cache_storage_manager = MemoryCacheStorageManager()
    rt.media_file_mgr.remove_orphaned_files = lambda: None   # no session registry in this mock

    class PerRunSlot:             # AppTest's per-run "Runtime._instance = ..." lands here, harmlessly
        _instance = None

    monkeypatch.setattr(app_test, "Runtime", PerRunSlot)
    scripts = app_test.ScriptCache()   # one compiled-script cache, as in a server (and compiling in many
    monkeypatch.setattr(app_test, "ScriptCache", lambda: scripts)   # threads at once trips CPython 3.11)
    monkeypatch.setattr(app_test, "patch_config_options", lambda options: contextlib.nullcontext())
    monkeypatch.setattr(Runtime, "_instance", rt)
    previous = config.get_option("global.appTest")
    config.set_option("global.appTest", True)
    yield rt
    config.set_option("global.appTest", previous)


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    monkeypatch.setenv("DGS_DATABASE_URL", url)
    from store import get_store
    from ui import workspace as ws
    ws.forget(loaded=True)
    return get_store(url)


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


def session(i: int, barrier: threading.Barrier) -> dict:
    name = f"session-{i:02d}.csv"
    data = dataset_bytes(i)
    at = data_app()
    barrier.wait(timeout=120)                         # everyone uploads at once
    at.file_uploader(key="data_up_indicators").upload(name, data, "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # only this session's unsaved upload is on its page
    uploaded = at.session_state["data_up_indicators"]
    assert uploaded.name == name and uploaded.getvalue() == data
    preview = next(d.value for d in at.dataframe if "region" in d.value.columns)
    assert float(preview.iloc[0, 2]) == 1000 + i
    shown = " ".join(str(m.value) for m in at.markdown)
    assert name.replace("-", "\\-").replace(".", "\\.") in shown
    assert not [j for j in range(SESSIONS) if j != i and f"session\\-{j:02d}" in shown]
    assert not at.button(key="data_save").disabled, [e.value for e in at.error]
    at.button(key="data_save").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    key = at.session_state["dataset"]
    ctx = at.session_state["ctx"]
    assert ctx.dataset_key == key and key.startswith("db:"), (key, [e.value for e in at.error],
                                                              [s.value for s in at.success])
    # read it back through the app: the sidebar's dataset is this session's data
    assert float(ctx.dataset.indicators.values.iloc[0, 0]) == 1000 + i
    return {"i": i, "key": key, "fingerprint": ctx.dataset.fingerprint, "name": f"session-{i:02d}"}


@pytest.mark.slow
def test_twenty_sessions_upload_save_and_read_back(db, shared_runtime):
    from store import validate_files

    data_app()                                        # warm the process caches (sample data, framework)
    barrier = threading.Barrier(SESSIONS)
    t0 = time.time()
    with ThreadPoolExecutor(SESSIONS) as pool:
        results = list(pool.map(lambda i: session(i, barrier), range(SESSIONS)))
    elapsed = time.time() - t0

    infos = {d.name: d for d in db.list_datasets()}
    assert len(infos) == SESSIONS
    for r in results:
        info = infos[r["name"]]
        assert [v.version for v in info.versions] == [1]
        assert r["key"] == f"db:{info.id}@1"
        saved = info.versions[0]
        _, expected = validate_files({"indicators": (f"{r['name']}.csv", dataset_bytes(r["i"]))}, cache=False)
        assert saved.fingerprint == r["fingerprint"] == expected.fingerprint
        loaded = db.load_dataset(info.id, 1)
        assert loaded.fingerprint == saved.fingerprint
        assert loaded.indicators.values.iloc[0, 0] == 1000 + r["i"]
    assert len({r["key"] for r in results}) == SESSIONS
    assert db.integrity_check() == "ok" and db.verify() == []
    print(f"{SESSIONS} sessions in {elapsed:.1f} s")
    assert elapsed < 90, elapsed
