"""What a version keeps besides its files (``extra``): a survey platform import's mapping and source file and
the quality report, saved as given, read back with the version, and added to databases made before it."""
from __future__ import annotations

import pytest
from sqlalchemy import text, update

from store import Store, StoreError
from store import models as m

from . import data


def _files():
    return {"indicators": ("指标.csv", data.indicators(0)), "survey": ("survey.csv", data.survey())}


RECORD = {"survey_import": {"platform": "wjx", "source": {"file": "问卷星导出.xlsx", "sha256": "ab" * 32},
                            "mapping": {"group": {"value": "gov"}, "items": [{"column": "5、题目", "item": "q1",
                                                                              "how": "text", "score": 0.93}]}},
          "survey_quality": {"counts": {"speeders": 2, "straightlining": 0}, "respondents": 40}}


def test_extra_is_kept_with_the_version(store):
    v = store.save_version("带导入记录", _files(), extra=RECORD)
    assert v.extra == RECORD
    assert store.get_version(v.dataset_id, v.version).extra == RECORD
    assert store.list_datasets()[0].versions[0].extra == RECORD
    plain = store.save_version("", _files(), dataset_id=v.dataset_id)
    assert plain.extra == {} and store.get_version(v.dataset_id, plain.version).extra == {}


def test_extra_must_be_a_small_json_object(store):
    with pytest.raises(TypeError):
        store.save_version("x", _files(), extra=["not", "a", "dict"])
    with pytest.raises(TypeError):
        store.save_version("x", _files(), extra={"bad": float("nan")})
    with pytest.raises(StoreError) as exc:
        store.save_version("x", _files(), extra={"big": "x" * (5 * 2**20)})
    assert "MB" in exc.value.text("en")
    assert store.list_datasets() == []


def test_a_database_of_schema_2_gets_the_column(store, db_url):
    store.save_version("old", _files())
    with store.engine.begin() as conn:           # what version 2 of the schema looked like
        conn.execute(text("ALTER TABLE dgs_versions DROP COLUMN extra"))
        conn.execute(text("DROP TABLE dgs_snapshots"))
        conn.execute(update(m.meta).values(value="2"))
    store.dispose()
    again = Store(db_url)
    try:
        assert again.get_version(1, 1).extra == {}
        assert again.load_dataset(1, 1).fingerprint == again.get_version(1, 1).fingerprint  # snapshot made now
        v = again.save_version("", _files(), dataset_id=1, extra=RECORD)
        assert again.get_version(1, v.version).extra == RECORD
        with again.engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM dgs_meta WHERE key = 'schema_version'")).scalar() == str(m.SCHEMA_VERSION)
    finally:
        again.dispose()
