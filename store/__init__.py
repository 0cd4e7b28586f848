"""Persistence of datasets, frameworks and saved assessments (SQLAlchemy; no Streamlit).

Researchers' uploads are kept as named datasets with numbered, immutable
versions: the raw bytes of every file, the file names, the column mapping, the
:attr:`metrics.Dataset.fingerprint`, who saved it and when (UTC).  A saved
assessment is a dataset version plus a :class:`metrics.Spec`, and reopening it
gives the same numbers to the bit (checked on every reopen).

>>> from store import get_store                                    # doctest: +SKIP
>>> s = get_store()                  # DGS_DATABASE_URL, secrets.toml [database] url, or var/dgs.db
>>> v = s.save_version("省级 2024", {"indicators": ("ind.csv", data)})   # doctest: +SKIP
>>> ds = s.load_dataset(v.dataset_id, v.version)                  # doctest: +SKIP

Where the database is, and how SQLite and PostgreSQL are made safe for
concurrent writers: :mod:`store.db`.  The schema: :mod:`store.models`.  Access
rules: :mod:`store.store`.
"""
from __future__ import annotations

import threading

from .db import resolve_url
from .errors import AccessError, InUseError, IntegrityError, NotFoundError, StoreError
from .models import KINDS, AssessmentInfo, DatasetInfo, VersionInfo
from .parse import validate_files
from .store import Store, StoreWarning, results_sha256

__all__ = ["get_store", "Store", "DatasetInfo", "VersionInfo", "AssessmentInfo", "AccessError", "StoreError",
           "NotFoundError", "InUseError", "IntegrityError", "StoreWarning", "validate_files", "resolve_url",
           "results_sha256", "KINDS", "LOCAL_USER"]

#: The user of the single local workspace (no login configured).
LOCAL_USER = "local"

_stores: dict[str, Store] = {}
_lock = threading.Lock()


def get_store(url: str | None = None) -> Store:
    """The :class:`Store` for ``url`` (or the configured database), one per URL and process.

    ``url`` defaults to the environment variable ``DGS_DATABASE_URL``, then
    ``[database] url`` in ``.streamlit/secrets.toml``, then
    ``sqlite:///<repository>/var/dgs.db`` (the directory is created).
    """
    resolved = resolve_url(url)
    with _lock:
        s = _stores.get(resolved)
        if s is None:
            s = _stores[resolved] = Store(resolved)
        return s
