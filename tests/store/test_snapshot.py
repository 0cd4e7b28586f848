"""A saved version opens from its parsed snapshot (Parquet), not by parsing its files again, and gives the
same dataset to the bit: the same fingerprint and the same scores under every method; a version saved before
snapshots existed is converted on its first open."""
from __future__ import annotations

import hashlib
import json

import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import delete, func, select, update

from metrics import Dataset, Spec, assess
from metrics.fieldwork import cell_counts
from store import IntegrityError, results_sha256
from store import models as m
from store import parse
from store import store as store_module

from . import data

SPECS = [Spec(), Spec(weights="entropy", aggregate="topsis"), Spec(scale=(1, 100), aggregate="geometric"),
         Spec(normalize="zscore", impute="mean", by_year=True)]


def _survey_with_meta() -> bytes:
    """The survey with the quality metadata columns (duration, submitted, ip), some cells blank or unreadable."""
    lines = data.survey().decode().splitlines()
    out = [lines[0] + ",duration,submitted,ip"]
    for i, line in enumerate(lines[1:]):
        dur = "" if i % 7 == 0 else ("2分5秒" if i % 5 == 0 else ("abc" if i == 3 else str(30 + i)))
        sub = "" if i % 4 == 0 else f"2024-05-{1 + i % 28:02d} 10:{i % 60:02d}:00"
        ip = "" if i % 3 == 0 else f"10.0.{i % 9}.{i % 250}"
        out.append(f"{line},{dur},{sub},{ip}")
    return ("\n".join(out) + "\n").encode()


CASES = {
    "indicators and survey": {"indicators": ("ind.csv", data.indicators(0)), "survey": ("s.csv", data.survey())},
    "with a framework and regions": {"indicators": ("ind.csv", data.indicators(1)),
                                     "framework": ("fw.csv", data.framework()), "regions": ("r.csv", data.regions())},
    "survey with quality metadata": {"survey": ("问卷.csv", _survey_with_meta())},
}


def _no_parsing(monkeypatch):
    """Make any decoding of the indicator or survey files fail the test."""
    def boom(*a, **k):
        raise AssertionError("the files were parsed again")
    monkeypatch.setattr(store_module, "validate_files", boom)


def _scores(ds) -> list[str]:
    return [results_sha256(assess(ds, s).scores) for s in SPECS]


@pytest.mark.parametrize("case", list(CASES))
def test_a_version_reopens_from_its_snapshot_bit_for_bit(store, case, monkeypatch):
    files = CASES[case]
    report, parsed = parse.validate_files(files, cache=False)
    assert report.ok
    v = store.save_version(case, files)
    assert v.fingerprint == parsed.fingerprint
    _no_parsing(monkeypatch)
    ds = store.load_dataset(v.dataset_id, v.version)
    assert ds.label == f"{case} v1"
    assert ds.fingerprint == v.fingerprint
    fresh = Dataset(ds.framework, ds.indicators, ds.survey, ds.regions)
    assert fresh.fingerprint == v.fingerprint                # recomputed from the snapshot's tables
    assert _scores(ds) == _scores(parsed)                    # every method, to the bit
    for part in ("indicators", "survey"):
        a, b = getattr(ds, part), getattr(parsed, part)
        assert (a is None) == (b is None)
        if a is not None:
            assert a.has_year == b.has_year and a.problems == b.problems
            assert (a.regions is None) == (b.regions is None)
    assert (ds.regions is None) == (parsed.regions is None)
    if ds.regions is not None:
        assert ds.regions.table.equals(parsed.regions.table)
    if ds.survey is not None:
        assert ds.survey.items == parsed.survey.items
        assert list(ds.survey.frame.dtypes) == list(parsed.survey.frame.dtypes)
        if parsed.survey.meta is not None:
            assert ds.survey.meta.equals(parsed.survey.meta)
            q1, q2 = ds.survey_quality(), parsed.survey_quality()
            assert q1.flags.equals(q2.flags)


def test_a_version_without_a_snapshot_is_converted_on_first_open(store, monkeypatch):
    files = CASES["indicators and survey"]
    v = store.save_version("旧版本", files)

    def vid(conn):
        return conn.execute(select(m.versions.c.id).where(m.versions.c.dataset_id == v.dataset_id)).scalar()

    with store.engine.begin() as conn:  # as saved by a program before schema 4
        conn.execute(delete(m.snapshots).where(m.snapshots.c.version_id == vid(conn)))
    parse.clear_cache()
    first = store.load_dataset(v.dataset_id, v.version)      # parsed from the files, snapshot kept
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.snapshots)
                            .where(m.snapshots.c.version_id == vid(conn))).scalar() >= 3
    _no_parsing(monkeypatch)
    second = store.load_dataset(v.dataset_id, v.version)
    assert second.fingerprint == first.fingerprint == v.fingerprint
    assert Dataset(second.framework, second.indicators, second.survey, second.regions).fingerprint == v.fingerprint
    assert _scores(second) == _scores(first)


def test_a_snapshot_of_another_format_is_rebuilt(store):
    v = store.save_version("格式", CASES["indicators and survey"])
    with store.engine.begin() as conn:
        conn.execute(update(m.snapshots).values(format=0))
    ds = store.load_dataset(v.dataset_id, v.version)
    assert ds.fingerprint == v.fingerprint
    with store.engine.connect() as conn:
        formats = set(conn.execute(select(m.snapshots.c.format)).scalars())
    assert formats == {store_module.snapshot.FORMAT}


def test_a_damaged_snapshot_is_refused(store):
    v = store.save_version("损坏", CASES["indicators and survey"])
    with store.engine.begin() as conn:
        conn.execute(update(m.snapshots).where(m.snapshots.c.part == "survey.frame").values(content=b"PAR1 broken"))
    with pytest.raises(IntegrityError) as exc:
        store.load_dataset(v.dataset_id, v.version)
    assert "survey.frame" in exc.value.text("en") and "快照" in exc.value.text("zh")
    assert any("snapshot survey.frame" in p for p in store.verify())


def test_deleting_a_version_deletes_its_snapshot(store):
    v = store.save_version("删除", CASES["indicators and survey"])
    store.delete_dataset(v.dataset_id)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.snapshots)).scalar() == 0


def test_a_version_opens_and_assesses_without_decoding_its_answers(store, monkeypatch):
    files = CASES["indicators and survey"]
    _, parsed = parse.validate_files(files, cache=False)
    v = store.save_version("按单元汇总", files)
    _no_parsing(monkeypatch)
    ds = store.load_dataset(v.dataset_id, v.version)
    assert ds.survey.cells is not None and not ds.survey.frame_loaded
    assert _scores(ds)[:1] == _scores(parsed)[:1]            # from the snapshot's per-cell sums
    assert_frame_equal(assess(ds).respondents, assess(parsed).respondents, check_exact=True)
    assert not ds.survey.frame_loaded
    keys = ["region", "year", "group"]                       # fieldwork counts read the key columns only
    assert_frame_equal(ds.survey.key_frame(), parsed.survey.frame[keys], check_exact=True)
    assert_frame_equal(cell_counts(ds.survey.key_frame()), cell_counts(parsed.survey.frame), check_exact=True)
    assert not ds.survey.frame_loaded
    assert_frame_equal(ds.survey.frame, parsed.survey.frame, check_exact=True)  # read when asked for
    assert ds.survey.frame_loaded
    assert_frame_equal(ds.survey.key_frame(), parsed.survey.frame[keys], check_exact=True)


def _as_format_1(store, version_id: int) -> None:
    """Make a version's snapshot what the program before survey cells saved: format 1, no ``survey.cells``."""
    s = m.snapshots.c
    with store.engine.begin() as conn:
        raw = conn.execute(select(s.content).where((s.version_id == version_id) & (s.part == "meta.json"))).scalar()
        meta = json.loads(bytes(raw))
        meta["format"] = 1
        del meta["survey"]["cells"]
        new = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode()
        conn.execute(delete(m.snapshots).where((s.version_id == version_id) & (s.part == "survey.cells")))
        conn.execute(update(m.snapshots).where(s.version_id == version_id).values(format=1))
        conn.execute(update(m.snapshots).where((s.version_id == version_id) & (s.part == "meta.json")).values(
            content=new, size=len(new), sha256=hashlib.sha256(new).hexdigest()))


def test_a_snapshot_without_survey_cells_gets_them_on_first_open(store, monkeypatch):
    v = store.save_version("格式 1", CASES["indicators and survey"])
    before = _scores(store.load_dataset(v.dataset_id, v.version))
    with store.engine.connect() as conn:
        vid = conn.execute(select(m.versions.c.id).where(m.versions.c.dataset_id == v.dataset_id)).scalar()
    _as_format_1(store, vid)
    _no_parsing(monkeypatch)                                 # format 1 is read, not rebuilt from the files
    first = store.load_dataset(v.dataset_id, v.version)
    assert first.survey.frame_loaded                         # the cells were summed from the answers once
    with store.engine.connect() as conn:
        rows = conn.execute(select(m.snapshots.c.part, m.snapshots.c.format)
                            .where(m.snapshots.c.version_id == vid)).all()
    assert {f for _, f in rows} == {store_module.snapshot.FORMAT} and "survey.cells" in {p for p, _ in rows}
    assert store.verify() == []
    second = store.load_dataset(v.dataset_id, v.version)
    assert not second.survey.frame_loaded
    assert _scores(first) == _scores(second) == before
