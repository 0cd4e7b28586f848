"""Saving, versioning, loading, validation before writing, and saved assessments."""
from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import update

import store as store_pkg
from metrics import Dataset, Spec, assess
from metrics.errors import DataError
from store import NotFoundError, Store, StoreError, VersionInfo, get_store
from store import models as m
from store.errors import InUseError, IntegrityError
from store.parse import clear_cache

from . import data


def _files(variant=0, survey=True):
    f = {"indicators": ("指标.csv", data.indicators(variant))}
    if survey:
        f["survey"] = ("survey.csv", data.survey())
    return f


def test_save_and_load_round_trip(store):
    v = store.save_version("省级数据", _files(), description="第一次上传")
    assert isinstance(v, VersionInfo)
    assert (v.version, v.saved_by, v.files) == (1, "local", {"indicators": "指标.csv", "survey": "survey.csv"})
    assert v.sizes == {"indicators": len(data.indicators()), "survey": len(data.survey())}
    assert v.saved_at.tzinfo is not None and v.saved_at.utcoffset().total_seconds() == 0
    assert store.get_version(v.dataset_id, 1) == v

    [info] = store.list_datasets()
    assert (info.id, info.name, info.description, info.owner, info.public, info.hidden) == \
        (v.dataset_id, "省级数据", "第一次上传", "local", False, False)
    assert info.versions == [v] and info.latest == v

    ds = store.load_dataset(v.dataset_id, 1)
    assert ds.label == "省级数据 v1"
    expected = Dataset.load(data.indicators(), data.survey())
    assert ds.fingerprint == v.fingerprint == expected.fingerprint
    assert store.get_files(v.dataset_id, 1) == _files()


def test_versions_are_numbered_immutable_snapshots(store):
    v1 = store.save_version("d", _files(1, survey=False))
    v2 = store.save_version("ignored", _files(2, survey=False), dataset_id=v1.dataset_id, description="修订")
    v3 = store.save_version("ignored", _files(3), dataset_id=v1.dataset_id)
    assert [v.version for v in (v1, v2, v3)] == [1, 2, 3]
    assert len({v1.fingerprint, v2.fingerprint, v3.fingerprint}) == 3
    assert v2.note == "修订"
    [info] = store.list_datasets()
    assert info.name == "d" and [v.version for v in info.versions] == [1, 2, 3]
    for v, variant in ((v1, 1), (v2, 2)):
        assert store.get_files(v.dataset_id, v.version) == _files(variant, survey=False)
        assert store.load_dataset(v.dataset_id, v.version).fingerprint == v.fingerprint
    assert set(store.get_files(v1.dataset_id, 3)) == {"indicators", "survey"}


def test_version_numbers_are_never_reused(store):
    v1 = store.save_version("d", _files(1, survey=False))
    store.save_version("d", _files(2, survey=False), dataset_id=v1.dataset_id)
    store.delete_version(v1.dataset_id, 2)
    v3 = store.save_version("d", _files(3, survey=False), dataset_id=v1.dataset_id)
    assert v3.version == 3
    assert [v.version for v in store.list_datasets()[0].versions] == [1, 3]
    with pytest.raises(NotFoundError):
        store.get_version(v1.dataset_id, 2)
    with pytest.raises(NotFoundError):
        store.load_dataset(v1.dataset_id, 2)


def test_framework_regions_mapping_and_sheets(store):
    """Uploaded framework and regions are used; the column mapping and the worksheet
    choice are saved with the version and applied again on load."""
    ind = data.indicators()
    header, rest = ind.split(b"\n", 1)
    renamed = header.replace(b"ORG1_law_level", "立法层级".encode()).replace(b"MEC1_platform", b"platform?")
    files = {"indicators": ("ind.xlsx", data.xlsx({"说明": b"a,b\n1,2\n", "数据": renamed + b"\n" + rest})),
             "framework": ("fw.xlsx", data.xlsx({"readme": b"x\n1\n", "框架": data.framework()})),
             "regions": ("rg.csv", data.regions())}
    sheets = {"indicators": "数据", "framework": 1}
    with pytest.raises(DataError) as exc:
        store.save_version("x", files, sheets=sheets)
    assert {p.column for p in exc.value.errors} >= {"立法层级", "platform?"}
    mapping = {"立法层级": "ORG1_law_level", "platform?": "MEC1_platform"}
    v = store.save_version("x", files, sheets=sheets, mapping=mapping)
    assert v.mapping == mapping and v.sheets == sheets
    clear_cache()
    ds = store.load_dataset(v.dataset_id, 1)
    expected = Dataset.load(ind, framework=data.framework(), regions=data.regions())
    assert ds.fingerprint == v.fingerprint == expected.fingerprint


# ---------------------------------------------------------------- bad files change nothing
NOT_A_NUMBER = data.indicators().replace(b"110000,2019,2,1,26,", b"110000,2019,2,1,abc,", 1)
BAD_FILES = {
    "not_a_number": {"indicators": ("i.csv", NOT_A_NUMBER)},
    "bad_encoding": {"indicators": ("i.csv", b"region,year\n\xff\xfe\xfa\x80\x81,2020\n")},
    "empty": {"indicators": ("i.csv", b"")},
    "header_only": {"indicators": ("i.csv", data.indicators().split(b"\n")[0] + b"\n")},
    "duplicate_rows": {"indicators": ("i.csv", data.indicators() + data.indicators().split(b"\n")[1] + b"\n")},
    "likert_out_of_range": {"survey": ("s.csv", data.survey().replace(b",gov,5,", b",gov,9,", 1))},
    "unknown_group": {"survey": ("s.csv", data.survey().replace(b",gov,", b",martians,", 1))},
    "framework_missing_parent": {"indicators": ("i.csv", data.indicators()),
                                 "framework": ("f.csv", data.framework().replace(b",ORG1,1,", b",NOPE,1,", 1))},
    "truncated_xlsx": {"indicators": ("i.xlsx", data.xlsx({"s": data.indicators()})[:3000])},
    "no_data_file": {"regions": ("r.csv", data.regions())},
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_changes_nothing(sqlite_store, case):
    """Validation happens before the database is touched, so one backend suffices for the
    corpus; test_a_bad_file_changes_nothing_on_every_backend runs one case on each."""
    _bad_file_changes_nothing(sqlite_store, case)


def test_a_bad_file_changes_nothing_on_every_backend(store):
    _bad_file_changes_nothing(store, "likert_out_of_range")


def _bad_file_changes_nothing(store, case):
    v = store.save_version("good", _files(1, survey=False))
    before = store.counts()
    listing = store.list_datasets()
    with pytest.raises(DataError) as exc:
        store.save_version("bad", BAD_FILES[case])
    assert exc.value.errors, case
    text = str(exc.value)
    assert text.strip() and "Traceback" not in text
    with pytest.raises(DataError):
        store.save_version("bad", BAD_FILES[case], dataset_id=v.dataset_id)
    assert store.counts() == before
    assert store.list_datasets() == listing
    assert store.get_files(v.dataset_id, 1) == _files(1, survey=False)


def test_over_the_size_limit_is_refused_before_parsing(store, monkeypatch):
    monkeypatch.setattr("store.parse.MAX_FILE_BYTES", 1000)
    with pytest.raises(DataError) as exc:
        store.save_version("big", _files())
    assert {p.code for p in exc.value.errors} == {"too_large"}
    assert store.counts()["versions"] == 0


def test_arguments_are_checked(store):
    with pytest.raises(StoreError):
        store.save_version("  ", _files())
    with pytest.raises(ValueError):
        store.save_version("x", {"pictures": ("a.png", b"x")})
    with pytest.raises(TypeError):
        store.save_version("x", {"indicators": ("a.csv", "text, not bytes")})
    with pytest.raises(NotFoundError):
        store.save_version("x", _files(), dataset_id=999)
    assert store.counts()["datasets"] == 0


# ---------------------------------------------------------------- metadata changes
def test_rename_describe_hide(store):
    v = store.save_version("old", _files(survey=False))
    store.rename(v.dataset_id, "  new   name ")
    store.describe(v.dataset_id, "说明 / notes")
    info = store.get_dataset(v.dataset_id)
    assert (info.name, info.description) == ("new name", "说明 / notes")
    assert info.updated_at >= info.created_at
    store.set_hidden(v.dataset_id, True)
    assert store.list_datasets() == []
    assert [d.id for d in store.list_datasets(include_hidden=True)] == [v.dataset_id]
    assert store.load_dataset(v.dataset_id, 1).label == "new name v1"  # hidden is not deleted
    store.set_hidden(v.dataset_id, False)
    assert [d.hidden for d in store.list_datasets()] == [False]
    with pytest.raises(NotFoundError):
        store.rename(12345, "x")


# ---------------------------------------------------------------- assessments
SPECS = [Spec(), Spec(weights="entropy", aggregate="geometric", scale=(1, 100)),
         Spec(normalize="zscore", weight_overrides=(("ORG", 2.0),), by_year=True),
         Spec(weights="ahp", ahp=(("INDEX", "ORG", "MEC", 3.0), ("INDEX", "ORG", "AWA", 2.0),
                                  ("INDEX", "MEC", "AWA", 0.5)), aggregate="topsis", impute="mean")]


def _bits(df):
    return np.ascontiguousarray(df.to_numpy(dtype="float64")).view(np.uint64)


def test_saved_assessment_reopens_with_identical_numbers(store, db_url):
    v = store.save_version("d", _files())
    saved = []
    for i, spec in enumerate(SPECS):
        a = store.save_assessment(v.dataset_id, 1, spec, f"评估 {i}")
        assert Spec.from_dict(a.spec) == spec and a.data_fingerprint == v.fingerprint
        saved.append((a, assess(Dataset.load(data.indicators(), data.survey()), spec).scores))
    # a fresh process's view: no remembered parse, a new engine
    clear_cache()
    other = Store(db_url)
    try:
        assert [a.id for a in other.list_assessments()] == [a.id for a, _ in saved]
        for a, scores in saved:
            ds, spec = other.open_assessment(a.id)
            assert spec == Spec.from_dict(a.spec)
            again = assess(ds, spec).scores
            assert again.index.equals(scores.index) and list(again.columns) == list(scores.columns)
            nan = np.isnan(scores.to_numpy(dtype="float64"))
            assert (np.isnan(again.to_numpy(dtype="float64")) == nan).all()
            assert (_bits(again)[~nan] == _bits(scores)[~nan]).all()
    finally:
        other.dispose()


def test_reopen_refuses_results_that_changed(store):
    v = store.save_version("d", _files(survey=False))
    a = store.save_assessment(v.dataset_id, 1, Spec(), "a")
    with store.engine.begin() as conn:
        conn.execute(update(m.assessments).values(results_sha256="0" * 64))
    with pytest.raises(IntegrityError) as exc:
        store.open_assessment(a.id)
    assert isinstance(exc.value, StoreError) and "reproduce" in str(exc.value)


def test_damaged_bytes_are_detected(store):
    v = store.save_version("d", _files(survey=False))
    with store.engine.begin() as conn:
        conn.execute(update(m.files).values(content=data.indicators(7)))
    clear_cache()
    with pytest.raises(IntegrityError):
        store.get_files(v.dataset_id, 1)  # the download of the original file
    # the dashboard opens the version from its parsed snapshot, which is intact (its own checksums)
    assert store.load_dataset(v.dataset_id, 1).fingerprint == v.fingerprint
    assert store.verify() == [f"dataset {v.dataset_id} v1 indicators: checksum mismatch"]


def test_delete_is_refused_while_assessments_refer_to_it(store):
    v1 = store.save_version("d", _files(1, survey=False))
    v2 = store.save_version("d", _files(2, survey=False), dataset_id=v1.dataset_id)
    a = store.save_assessment(v1.dataset_id, 2, Spec(), "年度评估")
    before = store.counts()
    with pytest.raises(InUseError) as exc:
        store.delete_version(v1.dataset_id, 2)
    msg = str(exc.value)
    assert "年度评估" in exc.value.message_zh and "年度评估" in exc.value.message_en and f"#{a.id}" in msg
    assert "不能删除" in msg and "cannot be deleted" in msg
    assert [x.id for x in exc.value.assessments] == [a.id]
    with pytest.raises(InUseError):
        store.delete_dataset(v1.dataset_id)
    assert store.counts() == before
    store.delete_version(v1.dataset_id, 1)  # not referred to
    store.delete_assessment(a.id)
    store.delete_version(v2.dataset_id, 2)
    assert store.get_dataset(v1.dataset_id).versions == []
    store.delete_dataset(v1.dataset_id)
    assert store.counts() == {"datasets": 0, "versions": 0, "files": 0, "assessments": 0}
    with pytest.raises(NotFoundError):
        store.get_dataset(v1.dataset_id)


# ---------------------------------------------------------------- configuration
def test_get_store_finds_its_database(tmp_path, monkeypatch):
    from store import db

    monkeypatch.delenv("DGS_DATABASE_URL", raising=False)
    monkeypatch.setattr(db, "secrets_files", lambda: [tmp_path / "secrets.toml"])
    monkeypatch.setattr(db, "DEFAULT_PATH", tmp_path / "var" / "default.db")
    assert db.resolve_url() == f"sqlite:///{tmp_path / 'var' / 'default.db'}"
    (tmp_path / "secrets.toml").write_text('[database]\nurl = "sqlite:///%s"\n' % (tmp_path / "s.db"))
    assert db.resolve_url() == f"sqlite:///{tmp_path / 's.db'}"
    monkeypatch.setenv("DGS_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert db.resolve_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert db.resolve_url("sqlite:///explicit.db") == "sqlite:///explicit.db"

    url = f"sqlite:///{tmp_path / 'deep' / 'dir' / 'g.db'}"
    s = get_store(url)
    try:
        assert get_store(url) is s and (tmp_path / "deep" / "dir" / "g.db").exists()
        with s.engine.connect() as conn:
            pragmas = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                       for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
        assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 60000}
    finally:
        store_pkg._stores.pop(url).dispose()


def test_a_second_store_on_the_same_database_sees_everything(store, db_url):
    v = store.save_version("d", _files(survey=False))
    again = Store(db_url)  # schema creation is idempotent
    try:
        assert again.get_version(v.dataset_id, 1) == v
        assert again.integrity_check() == "ok" and again.verify() == []
    finally:
        again.dispose()


def test_the_store_does_not_import_streamlit():
    import subprocess
    import sys

    from tests.conftest import ROOT
    code = "import sys, store; assert 'streamlit' not in sys.modules, 'streamlit imported'"
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]


def test_the_database_refuses_duplicate_version_numbers(store):
    from datetime import datetime, timezone

    import sqlalchemy.exc
    from sqlalchemy import insert

    v = store.save_version("d", _files(survey=False))
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        with store.engine.begin() as conn:
            conn.execute(insert(m.versions).values(
                dataset_id=v.dataset_id, version=1, fingerprint="0" * 64, saved_by="x",
                saved_at=datetime.now(timezone.utc), mapping="{}", sheets="{}", note=""))
    assert store.counts()["versions"] == 1


def test_sqlite_writes_take_the_write_lock_first(sqlite_store):
    """Every write transaction starts with BEGIN IMMEDIATE; reads with a plain BEGIN."""
    from sqlalchemy import event

    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        words = statement.split()
        seen.append(" ".join(words[:2]) if words[0] == "BEGIN" else words[0])

    event.listen(sqlite_store.engine, "before_cursor_execute", record)
    v = sqlite_store.save_version("d", _files(survey=False))
    writes = [i for i, s in enumerate(seen) if s in ("INSERT", "UPDATE", "DELETE")]
    begins = [i for i, s in enumerate(seen) if s.startswith("BEGIN")]
    assert writes and all(seen[max(b for b in begins if b < i)] == "BEGIN IMMEDIATE" for i in writes)
    seen.clear()
    sqlite_store.list_datasets()
    sqlite_store.load_dataset(v.dataset_id, 1)
    assert [s for s in seen if s.startswith("BEGIN")] and all(s == "BEGIN" for s in seen if s.startswith("BEGIN"))


def test_csv_files_are_stored_compressed(store):
    from sqlalchemy import func, select

    v = store.save_version("d", _files())
    with store.engine.connect() as conn:
        rows = {r.kind: r for r in conn.execute(select(m.files.c.kind, m.files.c.encoding, m.files.c.size,
                                                       func.length(m.files.c.content).label("stored")))}
    assert rows["survey"].encoding == "zlib" and rows["survey"].stored < rows["survey"].size / 3
    assert rows["indicators"].encoding == "identity"  # small files are kept as they are
    assert store.get_files(v.dataset_id, 1) == _files()


def test_a_database_of_schema_1_is_migrated(store, db_url):
    from sqlalchemy import text

    store.save_version("old", _files(survey=False))
    with store.engine.begin() as conn:  # what version 1 of the schema looked like
        conn.execute(text("ALTER TABLE dgs_files DROP COLUMN encoding"))
        conn.execute(update(m.meta).values(value="1"))
    store.dispose()
    again = Store(db_url)
    try:
        with again.engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM dgs_meta WHERE key = 'schema_version'")).scalar() == \
                str(m.SCHEMA_VERSION)
        assert again.get_files(1, 1) == _files(survey=False)
        v2 = again.save_version("", _files(1), dataset_id=1)
        assert again.get_files(1, v2.version) == _files(1) and again.verify() == []
    finally:
        again.dispose()


def test_dataset_ids_are_never_reused_after_a_delete(store):
    # a bookmarked key "db:<id>@<version>" must never open other data later
    first = store.save_version("first", _files(0))
    store.delete_dataset(first.dataset_id)
    second = store.save_version("second", _files(1))
    assert second.dataset_id != first.dataset_id
