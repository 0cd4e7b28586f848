"""The database schema (SQLAlchemy Core) and the records the store returns.

Tables (all prefixed ``dgs_`` so that they can share a PostgreSQL database):

``dgs_meta``
    ``key -> value``; ``schema_version``.
``dgs_datasets``
    One row per named dataset: ``name, description, owner, public, hidden,
    created_at, updated_at`` and ``last_version``, the highest version number
    ever given (numbers are never reused, even after a version is deleted, so
    ``(dataset_id, version)`` always names the same bytes).
``dgs_versions``
    One immutable snapshot per save: ``dataset_id, version`` (unique together),
    the :attr:`metrics.Dataset.fingerprint`, ``saved_by, saved_at`` (UTC), the
    column ``mapping`` and worksheet choices (``sheets``) as JSON, a ``note``, and
    ``extra``, JSON kept with the version (a survey platform import's confirmed
    mapping and source file, the response-quality report shown before saving).
``dgs_files``
    The bytes of every uploaded file of a version: ``kind`` (unique per
    version), ``filename``, ``size`` and ``sha256`` of the file as uploaded, and
    ``content``, stored as is or zlib-compressed (``encoding`` = ``identity`` or
    ``zlib``; CSV files shrink about fivefold, ``.xlsx`` files are already compressed).
``dgs_snapshots``
    The parsed tables of a version (:mod:`store.snapshot`), read instead of parsing its files again:
    ``part`` (unique per version: ``meta.json``, ``indicators.values``, ``survey.frame``, ...),
    ``format`` (:data:`store.snapshot.FORMAT`), ``size``, ``sha256`` and ``content`` (Parquet or JSON).
    A version saved before schema 4 gets its rows on first open.
``dgs_assessments``
    A saved assessment: ``name``, the version it was computed on
    (``version_id``, a foreign key that forbids deleting that version), the
    :class:`metrics.Spec` as JSON, the data fingerprint and ``results_sha256``,
    the SHA-256 of the scores when it was saved.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer,
                        LargeBinary, MetaData, String, Table, Text, UniqueConstraint)
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = 4  # 2: dgs_files.encoding; 3: dgs_versions.extra; 4: dgs_snapshots
KINDS = ("indicators", "survey", "framework", "regions")
DATA_KINDS = ("indicators", "survey")


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


metadata = MetaData()

meta = Table(
    "dgs_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

datasets = Table(
    "dgs_datasets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("owner", String(320), nullable=False),
    Column("public", Boolean, nullable=False, default=False),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_version", Integer, nullable=False, default=0),
    Index("ix_dgs_datasets_owner", "owner"),
    # ids are never reused after a delete (SQLite would otherwise hand out max(id)+1 again),
    # so a bookmarked dataset key cannot silently open other data
    sqlite_autoincrement=True,
)

versions = Table(
    "dgs_versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset_id", Integer, ForeignKey("dgs_datasets.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("saved_by", String(320), nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Column("mapping", Text, nullable=False, default="{}"),
    Column("sheets", Text, nullable=False, default="{}"),
    Column("note", Text, nullable=False, default=""),
    Column("extra", Text, nullable=False, default="{}", server_default="{}"),
    UniqueConstraint("dataset_id", "version", name="uq_dgs_versions_dataset_version"),
    CheckConstraint("version >= 1", name="ck_dgs_versions_positive"),
    # ids are never reused after a delete (SQLite would otherwise hand out max(id)+1 again),
    # so a bookmarked dataset key cannot silently open other data
    sqlite_autoincrement=True,
)

files = Table(
    "dgs_files", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("dgs_versions.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("encoding", String(16), nullable=False, default="identity", server_default="identity"),
    UniqueConstraint("version_id", "kind", name="uq_dgs_files_version_kind"),
    CheckConstraint("kind IN ('indicators', 'survey', 'framework', 'regions')", name="ck_dgs_files_kind"),
)

snapshots = Table(
    "dgs_snapshots", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("dgs_versions.id", ondelete="CASCADE"), nullable=False),
    Column("part", String(64), nullable=False),
    Column("format", Integer, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    UniqueConstraint("version_id", "part", name="uq_dgs_snapshots_version_part"),
)

assessments = Table(
    "dgs_assessments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("dataset_id", Integer, ForeignKey("dgs_datasets.id", ondelete="RESTRICT"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("version_id", Integer, ForeignKey("dgs_versions.id", ondelete="RESTRICT"), nullable=False),
    Column("spec", Text, nullable=False),
    Column("data_fingerprint", String(64), nullable=False),
    Column("results_sha256", String(64), nullable=False),
    Column("saved_by", String(320), nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Index("ix_dgs_assessments_version", "version_id"),
    Index("ix_dgs_assessments_saved_by", "saved_by"),
    # ids are never reused after a delete (SQLite would otherwise hand out max(id)+1 again),
    # so a bookmarked dataset key cannot silently open other data
    sqlite_autoincrement=True,
)


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class VersionInfo:
    """One saved version (metadata only; the bytes stay in the database).

    ``files`` maps kind -> file name, ``sizes`` kind -> bytes, ``sha256`` kind
    -> hex digest of the stored bytes; ``mapping`` is the column mapping the
    indicator data was read with, ``sheets`` the worksheet chosen per kind, ``extra`` what else was
    kept with the version (``survey_import``: platform, mapping, source file; ``survey_quality``: the
    quality report), as given to :meth:`store.Store.save_version`.
    """

    dataset_id: int
    version: int
    fingerprint: str
    saved_by: str
    saved_at: datetime
    files: dict
    mapping: dict
    sizes: dict
    sha256: dict = field(default_factory=dict)
    sheets: dict = field(default_factory=dict)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """``"<dataset_id>:<version>"``: a stable key for caches and URLs."""
        return f"{self.dataset_id}:{self.version}"


@dataclass(frozen=True)
class DatasetInfo:
    """A named dataset and its versions (oldest first)."""

    id: int
    name: str
    description: str
    owner: str
    public: bool
    hidden: bool
    created_at: datetime
    versions: list
    updated_at: datetime | None = None

    @property
    def latest(self) -> VersionInfo | None:
        """The newest version, or ``None`` when every version was deleted."""
        return self.versions[-1] if self.versions else None


@dataclass(frozen=True)
class AssessmentInfo:
    """A saved assessment: a dataset version plus a :class:`metrics.Spec` (as ``spec``, a dict)."""

    id: int
    name: str
    dataset_id: int
    version: int
    spec: dict
    saved_by: str
    saved_at: datetime
    data_fingerprint: str = ""
    results_sha256: str = ""
    dataset_name: str = ""
