"""``python -m store import``: an administrator's import checks the files as the Data page does, saves a
version with its snapshot and prints the dashboard query; a file with errors exits 1 and stores nothing."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pandas as pd
from sqlalchemy import func, select

from store import Store
from store import models as m
from store import store as store_module
from tests.conftest import ROOT

from . import data


def _run(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DGS_DATABASE_URL": db_url}
    return subprocess.run([sys.executable, "-m", "store", "import", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_good_import_is_saved_and_opens_from_its_snapshot(db_url, tmp_path, monkeypatch):
    (tmp_path / "指标.csv").write_bytes(data.indicators(3))
    (tmp_path / "survey.csv").write_bytes(data.survey())
    res = _run(db_url, "--name", "省级 2024", "--indicators", str(tmp_path / "指标.csv"),
               "--survey", str(tmp_path / "survey.csv"), "--public", "--note", "导入 import")
    assert res.returncode == 0, res.stderr + res.stdout
    last = res.stdout.strip().splitlines()[-1]
    assert last.startswith("?dataset=db:") and last.endswith("@1")
    assert "0 个错误" in res.stdout and "0 errors" in res.stdout
    assert "[4/4]" in res.stderr and "snapshot" in res.stderr          # progress on stderr, not stdout
    store = Store(db_url)
    try:
        (info,) = store.list_datasets(user=None)                       # public: even anonymous visitors see it
        assert info.name == "省级 2024" and info.description == "导入 import" and info.owner == "local"
        v = info.latest
        assert set(v.files) == {"indicators", "survey"}
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(m.snapshots)).scalar() >= 3
    finally:
        store.dispose()

    # the dashboard's loader opens the key of the last line from the snapshot, parsing nothing
    from ui import workspace
    monkeypatch.setenv("DGS_DATABASE_URL", db_url)
    workspace.forget(loaded=True)
    key = last.split("=", 1)[1]
    assert key == workspace.make_key(v.dataset_id, v.version)

    def boom(*a, **k):
        raise AssertionError("parsed again")
    monkeypatch.setattr(store_module, "validate_files", boom)
    ds = workspace.load_dataset(key)
    assert ds.fingerprint == v.fingerprint and len(ds.survey.frame) > 1000
    workspace.forget(loaded=True)


def test_a_file_with_errors_exits_1_and_stores_nothing(db_url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("region,year,ORG1_law_level\n110000,2023,abc\n", encoding="utf-8")
    res = _run(db_url, "--name", "坏文件", "--indicators", str(bad))
    assert res.returncode == 1
    assert "bad.csv, row 2, column 'ORG1_law_level'" in res.stdout and "第 2 行" in res.stdout
    assert "Nothing was stored" in res.stdout and "未保存任何内容" in res.stdout
    assert "?dataset=" not in res.stdout
    store = Store(db_url)
    try:
        assert store.counts() == {"datasets": 0, "versions": 0, "files": 0, "assessments": 0}
    finally:
        store.dispose()


def test_a_missing_file_or_no_data_is_an_error(db_url, tmp_path):
    res = _run(db_url, "--name", "x", "--indicators", str(tmp_path / "nope.csv"))
    assert res.returncode == 1 and "nope.csv" in res.stdout and "cannot read" in res.stdout
    res = _run(db_url, "--name", "x", "--framework", str(ROOT / "data" / "framework.csv"))
    assert res.returncode == 1 and "--indicators" in res.stdout


# ---- survey platform exports (问卷星, 腾讯问卷, LimeSurvey): converted as `python -m metrics validate` does

def _platform_exports():
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    import platform_exports as px
    return px


def test_a_wjx_export_is_converted_and_stored_in_the_survey_layout(db_url, tmp_path):
    from metrics import Dataset, Spec, assess
    from metrics.data import read_survey
    from metrics.framework import default_framework

    px = _platform_exports()
    fw = default_framework()
    ans = px.answers(fw, "gov", seed=21)
    src = tmp_path / "问卷星导出.xlsx"
    src.write_bytes(px.to_xlsx(px.wjx(fw, ans)))
    saved = tmp_path / "mapping.json"
    res = _run(db_url, "--name", "问卷星 gov", "--survey", str(src), "--set-group", "gov",
               "--save-mapping", str(saved))
    assert res.returncode == 0, res.stderr + res.stdout
    assert "平台：问卷星" in res.stdout and "Platform: Wenjuanxing" in res.stdout
    assert "q_org4_duty_overlap" in res.stdout                               # the mapping table
    assert json.loads(saved.read_text(encoding="utf-8"))["group"] == {"value": "gov"}
    last = res.stdout.strip().splitlines()[-1]
    assert last.startswith("?dataset=db:") and last.endswith("@1")
    store = Store(db_url)
    try:
        (info,) = store.list_datasets()
        v = info.latest
        name, data = store.get_files(v.dataset_id, v.version)["survey"]
        assert name == "问卷星导出.csv"                                        # stored converted
        rec = v.extra["survey_import"]
        assert rec["platform"] == "wjx" and rec["mapping"]["group"] == {"value": "gov"}
        assert rec["source"]["file"] == src.name and rec["source"]["size"] == src.stat().st_size
        assert rec["source"]["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
        assert v.extra["survey_quality"]["respondents"] == len(ans)
        stored = assess(store.load_dataset(v.dataset_id, v.version), Spec())
    finally:
        store.dispose()
    own = assess(Dataset(fw, None, read_survey(ans, fw)), Spec())
    assert not own.scores.dropna(how="all", axis=1).empty
    pd.testing.assert_frame_equal(own.scores, stored.scores, check_exact=False, atol=1e-12)


def test_an_unmappable_export_exits_1_and_stores_nothing(db_url, tmp_path):
    from metrics.framework import default_framework

    px = _platform_exports()
    fw = default_framework()
    src = tmp_path / "wjx.csv"
    src.write_bytes(px.to_csv(px.wjx(fw, px.answers(fw, "gov", seed=22))))
    res = _run(db_url, "--name", "无群体", "--survey", str(src))                 # no stakeholder group anywhere
    assert res.returncode == 1
    assert "Platform: Wenjuanxing" in res.stdout
    assert "受访群体" in res.stdout and "stakeholder group" in res.stdout
    assert "Nothing was stored" in res.stdout and "?dataset=" not in res.stdout
    bad = tmp_path / "mapping.json"
    bad.write_text('{"group": {"value": "gov"}, "region": {"column": "没有这一列"}, "items": []}', encoding="utf-8")
    res = _run(db_url, "--name", "坏映射", "--survey", str(src), "--mapping", str(bad))
    assert res.returncode == 1 and "没有这一列" in res.stdout and "Nothing was stored" in res.stdout
    store = Store(db_url)
    try:
        assert store.counts() == {"datasets": 0, "versions": 0, "files": 0, "assessments": 0}
    finally:
        store.dispose()
