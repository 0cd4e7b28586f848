"""Engines, configuration and transactions.

Where the database is (first match wins):

1. the ``url`` given to :func:`store.get_store` / :class:`store.Store`;
2. the environment variable ``DGS_DATABASE_URL``;
3. ``url`` in the ``[database]`` section of ``.streamlit/secrets.toml`` (in the
   repository, the working directory or ``~/.streamlit/``);
4. ``sqlite:///<repository>/var/dgs.db`` (the directory is created).

SQLite (the embedded default) runs in WAL mode with ``synchronous=FULL``, a
busy timeout and foreign keys on.  Python's ``sqlite3`` driver starts no
transaction before a read, so two sessions could both read "the highest version
is 3" and both write 4; here every write transaction starts with
``BEGIN IMMEDIATE`` (it takes the write lock first and waits for it), and read
transactions with a plain ``BEGIN``, which in WAL mode never blocks a writer.

PostgreSQL (``postgresql+psycopg://user:password@host/db``) runs in READ
COMMITTED; a new version takes a row lock on its dataset first, so concurrent
saves of one dataset queue up; serialization failures, deadlocks and unique
violations are retried.
"""
from __future__ import annotations

import os
import random
import time
import tomllib
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = ROOT / "var" / "dgs.db"
ENV_VAR = "DGS_DATABASE_URL"
BUSY_TIMEOUT_S = 60
RETRIES = 8


def secrets_files() -> list[Path]:
    """Where a ``secrets.toml`` with a ``[database]`` section is looked for, in order."""
    paths = [ROOT / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml",
             Path.home() / ".streamlit" / "secrets.toml"]
    out: list[Path] = []
    for p in paths:
        if p not in out:
            out.append(p)
    return out


def resolve_url(url: str | None = None) -> str:
    """The database URL to use (see the module docstring for the order).

    Examples
    --------
    >>> resolve_url("sqlite:////tmp/x.db")
    'sqlite:////tmp/x.db'
    """
    if url:
        return str(url)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    for path in secrets_files():
        try:
            with open(path, "rb") as fh:
                cfg = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        db = cfg.get("database")
        if isinstance(db, dict) and str(db.get("url", "")).strip():
            return str(db["url"]).strip()
    return f"sqlite:///{DEFAULT_PATH}"


def _sqlite_path(url) -> Path | None:
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def make_engine(url: str) -> Engine:
    """An engine set up for safe concurrent writes (see the module docstring)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        path = _sqlite_path(u)
        if path is None:
            raise ValueError("the store needs an SQLite file (an in-memory database is not shared between "
                             "connections); use sqlite:///path/to/file.db")
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            u, pool_size=8, max_overflow=32, pool_timeout=BUSY_TIMEOUT_S,
            connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False,
                          # the driver's own transaction handling off: we issue BEGIN ourselves
                          "isolation_level": None})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_size_limit = 67108864")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            # writes (run_write) take the write lock first; anything else is a deferred read
            write = conn.get_execution_options().get("dgs_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    if u.get_backend_name() == "postgresql":
        return create_engine(u, pool_size=8, max_overflow=32, pool_pre_ping=True, pool_timeout=BUSY_TIMEOUT_S,
                             isolation_level="READ COMMITTED")
    return create_engine(u, pool_pre_ping=True)


# SQLSTATEs worth a retry: serialization failure, deadlock, unique violation (a racing insert)
_RETRY_SQLSTATES = {"40001", "40P01", "23505"}


def _retryable(exc: Exception) -> bool:
    orig = getattr(exc, "orig", None)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _RETRY_SQLSTATES:
        return True
    if isinstance(exc, OperationalError):
        msg = str(orig or exc).lower()
        return "database is locked" in msg or "database is busy" in msg
    return False


@contextmanager
def transaction(engine: Engine, write: bool):
    """One transaction: ``BEGIN IMMEDIATE`` for writes on SQLite, plain ``BEGIN`` for reads."""
    with engine.connect() as conn:
        conn.execution_options(dgs_write=write)
        with conn.begin():
            yield conn


def run_write(engine: Engine, fn, retries: int = RETRIES):
    """Run ``fn(conn)`` in one write transaction; retry it on transient conflicts.

    ``fn`` must do all its work through ``conn`` (it may run more than once).
    """
    for attempt in range(retries + 1):
        try:
            with transaction(engine, write=True) as conn:
                return fn(conn)
        except (OperationalError, IntegrityError, DBAPIError) as exc:
            if attempt >= retries or not _retryable(exc):
                raise
            time.sleep(min(2.0, 0.02 * 2 ** attempt) * (0.5 + random.random()))


def run_read(engine: Engine, fn, retries: int = 3):
    """Run ``fn(conn)`` in one read transaction (a consistent snapshot)."""
    for attempt in range(retries + 1):
        try:
            with transaction(engine, write=False) as conn:
                return fn(conn)
        except (OperationalError, DBAPIError) as exc:
            if attempt >= retries or not _retryable(exc):
                raise
            time.sleep(0.05 * (attempt + 1))
