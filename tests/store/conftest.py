"""Fixtures of the store tests: every test that takes ``store`` runs against SQLite
and, when ``DGS_TEST_POSTGRES_URL`` is set, against that PostgreSQL database too
(``scripts/test.sh`` starts a throwaway server and sets it)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine

from store import Store
from store import models

PG_ENV = "DGS_TEST_POSTGRES_URL"
PG_SKIP = (f"{PG_ENV} is not set: scripts/test.sh starts a throwaway PostgreSQL when run as root on Debian "
           "(apt-get install postgresql), or point it at a server")


def reset_postgres(url: str) -> None:
    """Drop the store's tables so that the test starts from an empty database."""
    eng = create_engine(url)
    try:
        models.metadata.drop_all(eng)
    finally:
        eng.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """URL of an empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dgs.db'}"
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(PG_SKIP)
    reset_postgres(url)
    return url


@pytest.fixture
def store(db_url):
    """A store on an empty database.  Parsed files stay remembered between tests
    (``store.parse``'s cache, keyed by the bytes); tests that need a cold parse clear it."""
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(tmp_path):
    """A store on an empty SQLite database only (for tests whose outcome cannot depend on the backend)."""
    s = Store(f"sqlite:///{tmp_path / 'dgs.db'}")
    yield s
    s.dispose()
