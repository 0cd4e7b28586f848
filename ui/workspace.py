"""The data workspace on the Streamlit side: who the user is, which saved datasets they may open,
and cached loading of saved versions (the blank templates of the Data page are
:func:`viewmodels.data.template_files`).

Access.  Login is *configured* when the secrets (``.streamlit/secrets.toml``) have an ``[auth]``
section (Streamlit's ``st.login`` with an OIDC provider).  Without it the app is one local
workspace and every save belongs to the user ``"local"``.  With it, the user is
``st.user.email`` once logged in, and ``""`` (:data:`ANONYMOUS`) before: an anonymous visitor
sees published datasets only and may not upload, save or delete (:func:`can_write`).

Saved datasets.  A saved version is addressed by the key ``"db:<dataset_id>@<version>"``
(:func:`make_key`); versions are immutable, so the key is a safe cache key for the loaded
:class:`metrics.Dataset` (shared read-only between sessions with ``st.cache_resource``).  The
listing of what a user may see is cached for a few seconds per (database, user) because the
sidebar asks for it on every page; :func:`forget` clears it after a save, rename or deletion.
Visibility is checked against that listing before a cached dataset is handed out.

Everything that touches the database goes through :func:`get_store`, the ``store`` package's
store for the configured database (``DGS_DATABASE_URL``, secrets, or ``var/dgs.db``).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
import itertools
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone

import streamlit as st

from metrics import Dataset

PREFIX = "db:"
LOCAL = "local"
ANONYMOUS = ""
LISTING_TTL = 5  # seconds

_LOG = logging.getLogger(__name__)


# --------------------------------------------------------------------------- access
def login_configured() -> bool:
    """Whether an ``[auth]`` section is configured in the secrets (no secrets file is fine)."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except Exception:  # noqa: BLE001 - an unreadable secrets file means no login, never a crash
        return False


def current_user() -> str:
    """``"local"`` without login; the logged-in user's e-mail; ``""`` for an anonymous visitor."""
    if not login_configured():
        return LOCAL
    try:
        user = st.user
        if user.get("is_logged_in"):
            return str(user.get("email") or user.get("sub") or "") or ANONYMOUS
    except Exception:  # noqa: BLE001 - no script context: nobody is logged in
        pass
    return ANONYMOUS


def can_write() -> bool:
    """Whether the current user may upload, save and delete."""
    return not login_configured() or current_user() != ANONYMOUS


# --------------------------------------------------------------------------- store
def _db() -> str:
    return os.environ.get("DGS_DATABASE_URL", "")


@st.cache_resource(show_spinner=False)
def _store(db: str):
    from store import get_store as _get_store
    return _get_store(db or None)


def get_store():
    """The store of the configured database (one per database URL and process)."""
    return _store(_db())


def make_key(dataset_id, version) -> str:
    """``"db:<dataset_id>@<version>"``."""
    return f"{PREFIX}{dataset_id}@{int(version)}"


def parse_key(key: str) -> tuple[str, int]:
    """``"db:7@2"`` -> ``("7", 2)``; raises ``KeyError`` for anything else."""
    if not isinstance(key, str) or not key.startswith(PREFIX) or "@" not in key:
        raise KeyError(f"not a saved-dataset key: {key!r}")
    did, _, ver = key[len(PREFIX):].rpartition("@")
    try:
        return did, int(ver)
    except ValueError:
        raise KeyError(f"not a saved-dataset key: {key!r}") from None


@dataclass(frozen=True)
class SavedVersion:
    """One saved version as the current user sees it."""

    key: str
    dataset_id: object
    name: str
    description: str
    owner: str
    public: bool
    hidden: bool
    created_at: str
    version: int
    saved_by: str
    saved_at: str
    fingerprint: str
    files: tuple = ()

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"


def _when(value) -> str:
    """A saved time as ``YYYY-MM-DD HH:MM:SS UTC`` (the store keeps UTC)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return "" if value is None else str(value)


def _versions(store, info, user: str) -> list:
    """The :class:`store.VersionInfo` records of a dataset (fetched one by one if only numbers are given)."""
    out = []
    for v in info.versions or []:
        if hasattr(v, "fingerprint"):
            out.append(v)
        else:
            try:
                out.append(store.get_version(info.id, int(v), user=user or None))
            except Exception:  # noqa: BLE001 - deleted between the two reads
                continue
    return out


#: Bumped by :func:`forget`; part of the listing's cache key, so that a listing computed by another
#: session while a save was committing (and stored after the cache was cleared) is never read again.
_generation = itertools.count()
_current = [next(_generation)]


@st.cache_data(ttl=LISTING_TTL, show_spinner=False, max_entries=256)
def _listing(db: str, user: str, generation: int) -> list[SavedVersion]:
    store = _store(db)
    rows = []
    for d in store.list_datasets(user=user or None, include_hidden=True):
        if d.hidden and d.owner != user:
            continue  # a hidden dataset is hidden from everyone but its owner
        for v in _versions(store, d, user):
            rows.append(SavedVersion(
                key=make_key(d.id, v.version), dataset_id=d.id, name=str(d.name),
                description=str(d.description or ""), owner=str(d.owner), public=bool(d.public),
                hidden=bool(d.hidden), created_at=_when(d.created_at), version=int(v.version),
                saved_by=str(v.saved_by), saved_at=_when(v.saved_at), fingerprint=str(v.fingerprint),
                files=tuple((str(k), str(f)) for k, f in (v.files or {}).items())))
    rows.sort(key=lambda r: (r.saved_at, r.created_at, str(r.dataset_id), r.version), reverse=True)
    return rows


def listing(user: str | None = None, include_hidden: bool = True) -> list[SavedVersion]:
    """Saved versions visible to ``user`` (default: the current user), newest first."""
    user = current_user() if user is None else user
    rows = _listing(_db(), user, _current[0])
    return rows if include_hidden else [r for r in rows if not r.hidden]


def dataset_options() -> dict[str, str]:
    """Saved versions the current user may open (hidden ones left out): key -> ``"<name> v<n>"``."""
    try:
        return {r.key: r.label for r in listing(include_hidden=False)}
    except Exception as exc:  # noqa: BLE001 - the sidebar must work without a database; the Data page says why
        _LOG.warning("saved datasets unavailable: %s", exc)
        return {}


def find(key: str, user: str | None = None) -> SavedVersion | None:
    """The visible saved version with this key, or ``None``."""
    for r in listing(user):
        if r.key == key:
            return r
    return None


@st.cache_resource(show_spinner=False, max_entries=32)
def _load(db: str, key: str, fingerprint: str, label: str, _dataset_id, _user: str) -> Dataset:
    _, version = parse_key(key)
    ds = _store(db).load_dataset(_dataset_id, version, user=_user or None)
    return dataclasses.replace(ds, label=label) if ds.label != label else ds


def load_dataset(key: str) -> Dataset:
    """The saved version ``key`` (``"db:<id>@<version>"``), if the current user may see it.

    Cached per process and shared read-only between sessions; raises ``KeyError`` for a key that
    does not exist or that the current user may not open.
    """
    row = find(key)
    if row is None:
        raise KeyError(f"unknown dataset {key!r}")
    return _load(_db(), key, row.fingerprint, row.label, row.dataset_id, current_user())


def own_datasets(user: str | None = None) -> dict:
    """The current user's datasets (hidden ones included): dataset id -> its newest :class:`SavedVersion`."""
    user = current_user() if user is None else user
    out: dict = {}
    if user == ANONYMOUS:
        return out
    for r in listing(user):
        if r.owner == user and (r.dataset_id not in out or r.version > out[r.dataset_id].version):
            out[r.dataset_id] = r
    return out


def find_own_dataset(dataset_id, user: str | None = None) -> SavedVersion | None:
    return own_datasets(user).get(dataset_id)


@dataclass(frozen=True)
class SavedAssessment:
    """A saved assessment: a dataset version and a spec."""

    id: object
    name: str
    dataset_id: object
    version: int
    spec: object
    saved_by: str
    saved_at: str

    @property
    def key(self) -> str:
        return make_key(self.dataset_id, self.version)


def assessments(user: str | None = None) -> list[SavedAssessment]:
    """Saved assessments the user may reopen, newest first."""
    from metrics import Spec
    user = current_user() if user is None else user
    out = []
    for a in get_store().list_assessments(user=user or None):
        spec = getattr(a, "spec", None)
        if not isinstance(spec, Spec):
            spec = Spec.from_dict(json.loads(spec) if isinstance(spec, str) else dict(spec or {}))
        out.append(SavedAssessment(a.id, str(a.name), a.dataset_id, int(a.version), spec,
                                   str(getattr(a, "saved_by", "") or ""), _when(getattr(a, "saved_at", None))))
    out.sort(key=lambda a: (a.saved_at, str(a.id)), reverse=True)
    return out


#: Called by ``forget(loaded=True)``: caches of higher layers keyed on dataset keys (``ui.state`` registers
#: its assessment caches), by qualified name so a re-imported module replaces its hook.
_FORGET_HOOKS: dict[str, Callable[[], None]] = {}


def on_forget(hook: Callable[[], None]) -> None:
    """Register ``hook`` to run when loaded datasets are forgotten (see :func:`forget`)."""
    _FORGET_HOOKS[f"{hook.__module__}.{hook.__qualname__}"] = hook


def forget(loaded: bool = False) -> None:
    """Drop the cached listings (after a save, rename, hide or publish).

    ``loaded=True`` (after a deletion, and for a different database) also drops the loaded datasets
    and the dashboard's assessment caches, which are keyed on the dataset key: a deleted dataset's
    id can be given again by the database, and then the same key would name other data.
    """
    _current[0] = next(_generation)
    _listing.clear()
    if loaded:
        _load.clear()
        for hook in _FORGET_HOOKS.values():
            hook()
