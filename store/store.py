"""The :class:`Store`: named, versioned, immutable dataset snapshots and saved assessments.

Access rules
------------
* Every dataset has an ``owner`` (the user who created it; ``"local"`` in the
  single-user workspace when no login is configured).
* A dataset is visible to its owner, and to everyone once it is public.
* Only the owner may add versions, rename, describe, hide, publish or delete.
* A hidden dataset is left out of every listing but its owner's with ``include_hidden``;
  it can still be loaded by whoever may see it (saved assessments keep working).
* An assessment belongs to the user who saved it; only they list, open or
  delete it, and only while its dataset is visible to them.
* ``user=None`` (or ``""``) is an anonymous visitor: public datasets can be
  listed and loaded, nothing can be written.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import numbers
import warnings
import zlib
from datetime import datetime, timezone

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, inspect, insert, or_, select, text, update

from metrics import Dataset, Spec, assess
from metrics.errors import DataError

from . import models as m
from .db import resolve_url, make_engine, run_read, run_write
from .errors import AccessError, InUseError, IntegrityError, NotFoundError, StoreError
from .models import AssessmentInfo, DatasetInfo, VersionInfo
from . import snapshot
from .parse import check_options, normalise_files, reference_tables, validate_files

NAME_MAX = 200


class StoreWarning(UserWarning):
    """A stored version parsed to a different fingerprint than when it was saved."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


COMPRESS_MIN_BYTES = 64 * 1024


def _pack(data: bytes) -> tuple[bytes, str]:
    """``(content, encoding)``: zlib (fast level) when that saves at least a tenth, else as is."""
    if len(data) >= COMPRESS_MIN_BYTES:
        packed = zlib.compress(data, 1)
        if len(packed) <= 0.9 * len(data):
            return packed, "zlib"
    return data, "identity"


def _file_rows(files: dict) -> list[dict]:
    """The ``files`` rows of a version (kind order), each file packed (:func:`_pack`) and hashed."""
    rows = []
    for k, (n, b) in sorted(files.items(), key=lambda kv: m.KINDS.index(kv[0])):
        content, encoding = _pack(b)
        rows.append({"kind": k, "filename": n, "size": len(b), "sha256": _sha256(b), "content": content,
                     "encoding": encoding})
    return rows


def _part_rows(parts: dict[str, bytes]) -> list[dict]:
    """The ``snapshots`` rows of snapshot parts (:mod:`store.snapshot`), each hashed."""
    return [{"part": k, "format": snapshot.FORMAT, "size": len(b), "sha256": _sha256(b), "content": b}
            for k, b in parts.items()]


def _insert_rows(conn, table, version_id: int, rows: list[dict]) -> None:
    """Insert ``rows`` into ``table`` (files or snapshots), each tagged with ``version_id``."""
    for r in rows:
        conn.execute(insert(table).values(version_id=version_id, **r))


def _unpack(content, encoding: str) -> bytes:
    data = bytes(content)
    if encoding == "zlib":
        return zlib.decompress(data)
    if encoding != "identity":
        raise IntegrityError(f"未知的文件编码“{encoding}”", f"Unknown stored file encoding '{encoding}'")
    return data


def results_sha256(scores: pd.DataFrame) -> str:
    """SHA-256 of a scores table: columns, index and the exact float64 bits (NaNs made canonical)."""
    h = hashlib.sha256()
    h.update(json.dumps([str(c) for c in scores.columns], ensure_ascii=False).encode())
    idx = scores.index.to_frame(index=False).astype(str)
    h.update(json.dumps(idx.to_numpy().tolist(), ensure_ascii=False).encode())
    x = np.ascontiguousarray(scores.to_numpy(dtype="float64", na_value=np.nan))
    x = np.where(np.isnan(x), np.nan, x)
    h.update(x.tobytes())
    return h.hexdigest()


#: Largest ``extra`` record of a version, as JSON.
EXTRA_MAX = 4 * 2**20


def _extra(extra) -> tuple[str, dict]:
    """``extra`` as canonical JSON and as read back; refused when not a JSON object or too large."""
    if extra is None:
        return "{}", {}
    if not isinstance(extra, dict):
        raise TypeError("extra must be a dict")
    try:
        text = json.dumps(extra, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"extra must be JSON-able: {exc}") from None
    if len(text.encode("utf-8")) > EXTRA_MAX:
        raise StoreError("随版本保存的附加信息过大", f"The record kept with the version is over {EXTRA_MAX // 2**20} MB")
    return text, json.loads(text)


def _reader(user) -> str | None:
    if user is None:
        return None
    u = str(user).strip()
    return u or None


def _writer(user) -> str:
    u = _reader(user)
    if u is None:
        raise AccessError("请先登录后再保存或修改数据", "Log in to save or change data")
    if len(u) > 320:
        raise ValueError("user name too long")
    return u


def _name(name) -> str:
    n = " ".join(str(name or "").split())
    if not n:
        raise StoreError("名称不能为空", "The name must not be empty")
    if len(n) > NAME_MAX:
        raise StoreError(f"名称过长（最多 {NAME_MAX} 个字符）", f"The name is too long (at most {NAME_MAX} characters)")
    return n


#: Ids and version numbers are positive and fit the database's 64-bit integers.
_ID_MAX = 2 ** 63 - 1


def _id(value) -> int:
    """An id or version number as the database holds it, or 0, which no row has, for anything else
    (``'1 OR 1=1'``, ``'1.5'``, ``2**70``, ``-1``, ``True``): a malformed id is simply not found.

    Examples
    --------
    >>> _id(7), _id("7"), _id(" 7 "), _id("1 OR 1=1"), _id(2**70), _id(-1), _id(1.0), _id(True)
    (7, 7, 7, 0, 0, 0, 0, 0)
    """
    if isinstance(value, bool):
        return 0
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        return 0
    return number if 0 < number <= _ID_MAX else 0


def _shown(value) -> str:
    """An id as given, for a message (cut short: it may be anything a URL carried)."""
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _no_dataset(dataset_id) -> NotFoundError:
    return NotFoundError(f"数据集 #{_shown(dataset_id)} 不存在", f"Dataset #{_shown(dataset_id)} does not exist")


def _not_visible(dataset_id) -> AccessError:
    return AccessError(f"无权查看数据集 #{dataset_id}（它是其他用户的私有数据）",
                       f"You may not see dataset #{dataset_id} (it is another user's private data)")


def _not_owner(dataset_id) -> AccessError:
    return AccessError(f"只有数据集 #{dataset_id} 的所有者可以修改或删除它",
                       f"Only the owner of dataset #{dataset_id} may change or delete it")


def _no_version(dataset_id, version) -> NotFoundError:
    return NotFoundError(f"数据集 #{_shown(dataset_id)} 没有版本 v{_shown(version)}",
                         f"Dataset #{_shown(dataset_id)} has no version v{_shown(version)}")


def _no_assessment(assessment_id) -> NotFoundError:
    return NotFoundError(f"评估 #{_shown(assessment_id)} 不存在", f"Assessment #{_shown(assessment_id)} does not exist")


def _visible_clause(user: str | None):
    d = m.datasets.c
    if user is None:
        return d.public.is_(True)
    return or_(d.owner == user, d.public.is_(True))


class Store:
    """Datasets, versions and assessments in one database (see :mod:`store`).

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; default from ``DGS_DATABASE_URL``, ``.streamlit/secrets.toml``
        (``[database] url``) or ``sqlite:///<repo>/var/dgs.db``.

    Use :func:`store.get_store` in the app: it keeps one ``Store`` (one engine) per URL.
    """

    def __init__(self, url: str | None = None):
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self.backend = self.engine.dialect.name
        self._init_schema()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # ------------------------------------------------------------------ schema
    def _init_schema(self) -> None:
        def fn(conn):
            if self.backend == "postgresql":  # concurrent first starts: one creates, the others wait
                conn.execute(text("SELECT pg_advisory_xact_lock(736572)"))
            m.metadata.create_all(conn)
            row = conn.execute(select(m.meta.c.value).where(m.meta.c.key == "schema_version")).first()
            found = int(row[0]) if row is not None else m.SCHEMA_VERSION
            if found > m.SCHEMA_VERSION:
                raise StoreError("数据库由更新版本的程序创建，请升级本程序",
                                 f"The database has schema version {found}, newer than this program's "
                                 f"{m.SCHEMA_VERSION}; upgrade the program")
            # migrations of databases made by earlier versions of this program
            if "encoding" not in {c["name"] for c in inspect(conn).get_columns("dgs_files")}:
                conn.execute(text("ALTER TABLE dgs_files ADD COLUMN encoding VARCHAR(16) "
                                  "NOT NULL DEFAULT 'identity'"))
            if "extra" not in {c["name"] for c in inspect(conn).get_columns("dgs_versions")}:
                conn.execute(text("ALTER TABLE dgs_versions ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'"))
            if row is None:
                conn.execute(insert(m.meta).values(key="schema_version", value=str(m.SCHEMA_VERSION)))
            elif found < m.SCHEMA_VERSION:
                conn.execute(update(m.meta).where(m.meta.c.key == "schema_version")
                             .values(value=str(m.SCHEMA_VERSION)))
        run_write(self.engine, fn)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _dataset_row(conn, dataset_id, lock: bool = False):
        q = select(m.datasets).where(m.datasets.c.id == _id(dataset_id))
        if lock:
            q = q.with_for_update()
        row = conn.execute(q).first()
        if row is None:
            raise _no_dataset(dataset_id)
        return row

    def _owned(self, conn, dataset_id, user: str, lock: bool = True):
        row = self._dataset_row(conn, dataset_id, lock=lock)
        if row.owner != user:
            if row.public:
                raise _not_owner(dataset_id)
            raise _not_visible(dataset_id)
        return row

    @staticmethod
    def _visible(row, user: str | None) -> bool:
        return bool(row.public) or (user is not None and row.owner == user)

    @staticmethod
    def _version_infos(conn, where) -> dict[int, list[VersionInfo]]:
        v, f = m.versions.c, m.files.c
        vrows = conn.execute(select(v.id, v.dataset_id, v.version, v.fingerprint, v.saved_by, v.saved_at,
                                    v.mapping, v.sheets, v.note, v.extra).where(where).order_by(v.dataset_id, v.version)
                             ).all()
        ids = [r.id for r in vrows]
        meta: dict[int, list] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            for r in conn.execute(select(f.version_id, f.kind, f.filename, f.size, f.sha256)
                                  .where(f.version_id.in_(part))):
                meta.setdefault(r.version_id, []).append(r)
        out: dict[int, list[VersionInfo]] = {}
        for r in vrows:
            fs = sorted(meta.get(r.id, []), key=lambda x: m.KINDS.index(x.kind))
            out.setdefault(r.dataset_id, []).append(VersionInfo(
                dataset_id=r.dataset_id, version=r.version, fingerprint=r.fingerprint, saved_by=r.saved_by,
                saved_at=r.saved_at, files={x.kind: x.filename for x in fs}, mapping=json.loads(r.mapping),
                sizes={x.kind: int(x.size) for x in fs}, sha256={x.kind: x.sha256 for x in fs},
                sheets=json.loads(r.sheets), note=r.note, extra=json.loads(r.extra or "{}")))
        return out

    @staticmethod
    def _dataset_info(row, versions: list[VersionInfo]) -> DatasetInfo:
        return DatasetInfo(id=row.id, name=row.name, description=row.description, owner=row.owner,
                           public=bool(row.public), hidden=bool(row.hidden), created_at=row.created_at,
                           versions=versions, updated_at=row.updated_at)

    @staticmethod
    def _snapshot_rows(ds: Dataset, uploaded_regions: bool) -> list[dict]:
        return _part_rows(snapshot.encode(ds, uploaded_regions))

    def _upgrade_snapshot(self, version_id: int, parts: dict[str, bytes]) -> None:
        """Bring the snapshot of a version to :data:`store.snapshot.FORMAT`: its new and changed
        ``parts`` (:func:`store.snapshot.upgrade`) replace those of the same name, the others keep
        their bytes and take the new format number; once, whichever process comes first."""
        def write(conn):
            s = m.snapshots.c
            mine = s.version_id == version_id
            if conn.execute(select(func.count()).where(mine & s.format.in_(snapshot.UPGRADABLE))).scalar() == 0:
                return  # upgraded by another process meanwhile, or deleted
            conn.execute(delete(m.snapshots).where(mine & s.part.in_(list(parts))))
            conn.execute(update(m.snapshots).where(mine).values(format=snapshot.FORMAT))
            _insert_rows(conn, m.snapshots, version_id, _part_rows(parts))

        run_write(self.engine, write)

    def _store_snapshot(self, version_id: int, rows: list[dict]) -> None:
        """Keep the snapshot of a version saved before there were snapshots (or of an older format)."""
        def write(conn):
            s = m.snapshots.c
            conn.execute(delete(m.snapshots).where((s.version_id == version_id) & (s.format != snapshot.FORMAT)))
            if conn.execute(select(func.count()).where(s.version_id == version_id)).scalar():
                return  # another process converted it meanwhile
            if conn.execute(select(m.versions.c.id).where(m.versions.c.id == version_id)).first() is None:
                return  # deleted meanwhile
            _insert_rows(conn, m.snapshots, version_id, rows)

        run_write(self.engine, write)

    # ------------------------------------------------------------------ saving
    def save_version(self, name: str, files: dict, user: str = "local", description: str = "",
                     mapping: dict | None = None, dataset_id: int | None = None, public: bool = False,
                     sheets: dict | None = None, extra: dict | None = None) -> VersionInfo:
        """Validate uploaded files and save them as a new dataset or its next version.

        Parameters
        ----------
        name : str
            Name of a new dataset (ignored when ``dataset_id`` is given).
        files : dict
            kind -> ``(file name, raw bytes)``; kinds ``indicators``, ``survey``,
            ``framework``, ``regions``; at least one of indicators/survey.
        user : str
            Who saves; the owner of a new dataset.  Adding a version needs the owner.
        description : str
            Description of a new dataset; for a new version of an existing one,
            a note on that version.
        mapping : dict, optional
            Column header -> indicator code, applied to the indicator data.
        dataset_id : int, optional
            ``None`` creates a dataset; otherwise the next version (1, 2, 3 ...;
            numbers are never reused) of that dataset.
        public : bool
            Visibility of a new dataset.
        sheets : dict, optional
            kind -> worksheet name or index of an ``.xlsx`` file; ``"<kind>:header"`` -> the
            header row chosen for that file (1 = the first row; by default it is found).
        extra : dict, optional
            JSON-able record kept with the version as it is (at most :data:`EXTRA_MAX` bytes as
            JSON): the Data page keeps a survey platform import's mapping and source file
            (``survey_import``) and the response-quality report (``survey_quality``) here.

        Returns
        -------
        VersionInfo

        Raises
        ------
        metrics.errors.DataError
            Any file has an error (all problems listed); nothing is written.
        AccessError, NotFoundError, StoreError

        Every file is checked before the database is touched, and the dataset
        row, the version row and the files are written in one transaction.
        """
        user = _writer(user)
        files = normalise_files(files)
        mapping, sheets = check_options(mapping, sheets)
        if dataset_id is None:
            name = _name(name)
        else:
            run_read(self.engine, lambda conn: self._owned(conn, dataset_id, user, lock=False))
        report, ds = validate_files(files, mapping, sheets)
        if not report.ok or ds is None:
            raise DataError(report.problems)
        fingerprint = ds.fingerprint
        rows = _file_rows(files)  # packed before the transaction: the write lock is held only to write
        snap = self._snapshot_rows(ds, "regions" in files)
        note = str(description or "")
        extra_json, extra = _extra(extra)
        mapping_json = json.dumps(mapping, sort_keys=True, ensure_ascii=False)
        sheets_json = json.dumps(sheets, sort_keys=True, ensure_ascii=False)

        def write(conn):
            did, ver, now = self._next_version(conn, dataset_id, name, note, user, public)
            vid = conn.execute(insert(m.versions).values(
                dataset_id=did, version=ver, fingerprint=fingerprint, saved_by=user, saved_at=now,
                mapping=mapping_json, sheets=sheets_json, note=note if dataset_id is not None else "",
                extra=extra_json)
            ).inserted_primary_key[0]
            _insert_rows(conn, m.files, vid, rows)
            _insert_rows(conn, m.snapshots, vid, snap)
            return did, ver, now

        did, ver, now = run_write(self.engine, write)
        return VersionInfo(dataset_id=did, version=ver, fingerprint=fingerprint, saved_by=user, saved_at=now,
                           files={r["kind"]: r["filename"] for r in rows}, mapping=mapping,
                           sizes={r["kind"]: r["size"] for r in rows}, sha256={r["kind"]: r["sha256"] for r in rows},
                           sheets=sheets, note=note if dataset_id is not None else "", extra=extra)

    def _next_version(self, conn, dataset_id: int | None, name: str, note: str, user: str, public: bool
                      ) -> tuple[int, int, object]:
        """Inside the write: ``(dataset id, version number, time)`` of a new dataset, or of the next version."""
        if dataset_id is None:
            now = _now()
            did = conn.execute(insert(m.datasets).values(
                name=name, description=note, owner=user, public=bool(public), hidden=False,
                created_at=now, updated_at=now, last_version=1)).inserted_primary_key[0]
            return did, 1, now
        row = self._owned(conn, dataset_id, user, lock=True)
        # the time is taken once the row is locked, so saves are timed in version order; never
        # before the dataset's last change (another server's clock may be ahead of this one's)
        now = max(_now(), row.updated_at)
        did, ver = row.id, row.last_version + 1
        conn.execute(update(m.datasets).where(m.datasets.c.id == did)
                     .values(last_version=ver, updated_at=now))
        return did, ver, now

    # ------------------------------------------------------------------ reading
    def list_datasets(self, user: str | None = "local", include_hidden: bool = False) -> list[DatasetInfo]:
        """Datasets visible to ``user`` (their own and public ones), oldest first, with their versions.

        Hidden datasets are left out; ``include_hidden`` brings back the user's own hidden
        ones (a hidden dataset is never listed for anyone but its owner).
        """
        user = _reader(user)
        d = m.datasets.c
        cond = _visible_clause(user)
        if include_hidden and user is not None:
            cond = cond & (d.hidden.is_(False) | (d.owner == user))
        else:
            cond = cond & d.hidden.is_(False)

        def read(conn):
            rows = conn.execute(select(m.datasets).where(cond).order_by(d.id)).all()
            vers = self._version_infos(conn, m.versions.c.dataset_id.in_(select(d.id).where(cond)))
            return [self._dataset_info(r, vers.get(r.id, [])) for r in rows]

        return run_read(self.engine, read)

    def get_dataset(self, dataset_id: int, user: str | None = "local") -> DatasetInfo:
        """One dataset with its versions; :class:`AccessError` if not visible to ``user``."""
        user = _reader(user)

        def read(conn):
            row = self._dataset_row(conn, dataset_id)
            if not self._visible(row, user):
                raise _not_visible(dataset_id)
            return self._dataset_info(row, self._version_infos(
                conn, m.versions.c.dataset_id == row.id).get(row.id, []))

        return run_read(self.engine, read)

    def get_version(self, dataset_id: int, version: int, user: str | None = "local") -> VersionInfo:
        """Metadata of one version; :class:`AccessError` if not visible to ``user`` (``None``: anonymous)."""
        user = _reader(user)

        def read(conn):
            row = self._dataset_row(conn, dataset_id)
            if not self._visible(row, user):
                raise _not_visible(dataset_id)
            infos = self._version_infos(conn, (m.versions.c.dataset_id == row.id)
                                        & (m.versions.c.version == _id(version))).get(row.id)
            if not infos:
                raise _no_version(dataset_id, version)
            return infos[0]

        return run_read(self.engine, read)

    def get_files(self, dataset_id: int, version: int, user: str | None = "local") -> dict[str, tuple[str, bytes]]:
        """The stored files of a version, kind -> (file name, bytes), checked against their SHA-256."""
        return self._load_files(dataset_id, version, _reader(user))[2]

    def _load_files(self, dataset_id, version, user: str | None, kinds=m.KINDS, with_snapshot: bool = False):
        def read(conn):
            row = self._dataset_row(conn, dataset_id)
            if not self._visible(row, user):
                raise _not_visible(dataset_id)
            v = m.versions.c
            vrow = conn.execute(select(m.versions).where((v.dataset_id == row.id) & (v.version == _id(version)))
                                ).first()
            if vrow is None:
                raise _no_version(dataset_id, version)
            f = m.files.c
            parts = {}
            if with_snapshot:
                s = m.snapshots.c
                parts = {r.part: r for r in conn.execute(select(s.part, s.format, s.size, s.sha256, s.content)
                                                         .where(s.version_id == vrow.id))}
                if any(r.format not in (snapshot.FORMAT, *snapshot.UPGRADABLE) for r in parts.values()):
                    parts = {}
            kinds_read = m.KINDS if with_snapshot and not parts else kinds  # no usable snapshot: parse every file
            frows = conn.execute(select(f.kind, f.filename, f.sha256, f.size, f.content, f.encoding)
                                 .where((f.version_id == vrow.id) & f.kind.in_(kinds_read))).all()
            return row, vrow, frows, parts

        row, vrow, frows, parts = run_read(self.engine, read)
        if with_snapshot:
            return row, vrow, self._checked_files(dataset_id, version, frows), self._checked_parts(
                dataset_id, version, parts)
        return row, vrow, self._checked_files(dataset_id, version, frows)

    @staticmethod
    def _checked_parts(dataset_id, version, parts) -> dict[str, bytes]:
        out = {}
        for k, r in parts.items():
            data = bytes(r.content)
            if len(data) != r.size or _sha256(data) != r.sha256:
                raise IntegrityError(
                    f"数据集 #{dataset_id} v{version} 的解析快照“{k}”已损坏（校验和不符）",
                    f"The parsed snapshot '{k}' of dataset #{dataset_id} v{version} is damaged (checksum mismatch)")
            out[k] = data
        return out

    @staticmethod
    def _checked_files(dataset_id, version, frows) -> dict[str, tuple[str, bytes]]:
        out = {}
        for r in frows:
            try:
                data = _unpack(r.content, r.encoding)
            except zlib.error:
                data = b""
            if len(data) != r.size or _sha256(data) != r.sha256:
                raise IntegrityError(
                    f"数据集 #{dataset_id} v{version} 的文件“{r.filename}”已损坏（校验和不符）",
                    f"The file '{r.filename}' of dataset #{dataset_id} v{version} is damaged (checksum mismatch)")
            out[r.kind] = (r.filename, data)
        return {k: out[k] for k in m.KINDS if k in out}

    def load_dataset(self, dataset_id: int, version: int, user: str | None = "local") -> Dataset:
        """The :class:`metrics.Dataset` of a saved version, read from its parsed snapshot.

        The snapshot (:mod:`store.snapshot`: the checked tables in Parquet) is read with the small
        framework and region table files; the indicator and survey files are neither decoded nor
        checked again.  The survey's answers stay encoded until first used (the assessment runs on
        the snapshot's per-cell sums, :class:`metrics.survey.SurveyCells`).  A version without a
        snapshot (saved by an earlier version of this program) is parsed from its stored bytes once
        and its snapshot kept; a snapshot of an earlier format gets what it lacks (format 1: the
        survey's cells) on its first open, once.  Its ``label`` is
        ``"<name> v<version>"``.  Raises :class:`AccessError` if the dataset is not visible to
        ``user``, :class:`NotFoundError` if it does not exist.
        """
        row, vrow, files, parts = self._load_files(dataset_id, version, _reader(user),
                                                   kinds=("framework", "regions"), with_snapshot=True)
        label = f"{row.name} v{vrow.version}"
        if parts:
            framework, regions = reference_tables(files, json.loads(vrow.sheets))
            ds = snapshot.decode(parts, framework, regions, label=label)
            # the tables hash to the saved fingerprint (tests/store/test_snapshot.py), and their bytes are
            # checked against their SHA-256 above: hashing 1M respondents again (2 s) would add nothing
            ds.__dict__["fingerprint"] = vrow.fingerprint
            upgraded = snapshot.upgrade(parts, ds)  # a snapshot of an earlier format: converted once
            if upgraded:
                self._upgrade_snapshot(vrow.id, upgraded)
            return ds
        report, ds = validate_files(files, json.loads(vrow.mapping), json.loads(vrow.sheets))
        if ds is None:
            raise StoreError(
                f"数据集 #{dataset_id} v{version} 无法再按当前程序读取：" + "；".join(
                    p.text("zh") for p in report.errors[:5]),
                f"Dataset #{dataset_id} v{version} no longer reads with this program: " + "; ".join(
                    p.text("en") for p in report.errors[:5]))
        out = dataclasses.replace(ds, label=label)
        if "fingerprint" in ds.__dict__:
            out.__dict__["fingerprint"] = ds.__dict__["fingerprint"]
        if out.fingerprint != vrow.fingerprint:
            warnings.warn(f"dataset #{dataset_id} v{version}: the data now reads to fingerprint "
                          f"{out.fingerprint[:12]}, not {vrow.fingerprint[:12]} as when it was saved "
                          "(the metrics library changed how it reads files)", StoreWarning, stacklevel=2)
        else:  # converted once: the next open reads the snapshot
            self._store_snapshot(vrow.id, self._snapshot_rows(ds, "regions" in files))
        return out

    # ------------------------------------------------------------------ changing
    def _change(self, dataset_id, user, **values) -> None:
        user = _writer(user)

        def write(conn):
            self._owned(conn, dataset_id, user, lock=True)
            conn.execute(update(m.datasets).where(m.datasets.c.id == _id(dataset_id))
                         .values(updated_at=_now(), **values))

        run_write(self.engine, write)

    def rename(self, dataset_id: int, name: str, user: str = "local") -> None:
        """Give a dataset a new name (owner only)."""
        self._change(dataset_id, user, name=_name(name))

    def describe(self, dataset_id: int, text: str, user: str = "local") -> None:
        """Set a dataset's description (owner only)."""
        self._change(dataset_id, user, description=str(text or ""))

    def set_hidden(self, dataset_id: int, hidden: bool, user: str = "local") -> None:
        """Hide a dataset from :meth:`list_datasets` (unless ``include_hidden``), or show it again (owner only)."""
        self._change(dataset_id, user, hidden=bool(hidden))

    def set_public(self, dataset_id: int, public: bool, user: str = "local") -> None:
        """Publish a dataset to every user, or make it private again (owner only)."""
        self._change(dataset_id, user, public=bool(public))

    @staticmethod
    def _refs_error(refs: list[AssessmentInfo], what_zh: str, what_en: str) -> InUseError:
        shown = refs[:10]
        zh = "、".join(f"“{a.name}”（#{a.id}，v{a.version}，{a.saved_by} 保存）" for a in shown)
        en = ", ".join(f"'{a.name}' (#{a.id}, v{a.version}, saved by {a.saved_by})" for a in shown)
        if len(refs) > len(shown):
            zh += f" 等 {len(refs)} 个"
            en += f" and {len(refs) - len(shown)} more"
        return InUseError(f"{what_zh}被已保存的评估引用，不能删除：{zh}。请先删除这些评估。",
                          f"{what_en} is used by saved assessments and cannot be deleted: {en}. "
                          "Delete those assessments first.", refs)

    def _assessments_where(self, conn, where) -> list[AssessmentInfo]:
        a, d = m.assessments.c, m.datasets.c
        rows = conn.execute(select(m.assessments, d.name.label("dataset_name"))
                            .join(m.datasets, d.id == a.dataset_id).where(where).order_by(a.id)).all()
        return [AssessmentInfo(id=r.id, name=r.name, dataset_id=r.dataset_id, version=r.version,
                               spec=json.loads(r.spec), saved_by=r.saved_by, saved_at=r.saved_at,
                               data_fingerprint=r.data_fingerprint, results_sha256=r.results_sha256,
                               dataset_name=r.dataset_name) for r in rows]

    def delete_version(self, dataset_id: int, version: int, user: str = "local") -> None:
        """Delete one version (owner only).

        Refused with :class:`InUseError` (a :class:`StoreError`) naming the assessments
        when saved assessments refer to it.  The number is not given again.
        """
        user = _writer(user)

        def write(conn):
            self._owned(conn, dataset_id, user, lock=True)
            v = m.versions.c
            vid = conn.execute(select(v.id).where((v.dataset_id == _id(dataset_id)) & (v.version == _id(version)))
                               ).scalar()
            if vid is None:
                raise _no_version(dataset_id, version)
            refs = self._assessments_where(conn, m.assessments.c.version_id == vid)
            if refs:
                raise self._refs_error(refs, f"数据集 #{dataset_id} 的版本 v{version} ",
                                       f"Version v{version} of dataset #{dataset_id}")
            conn.execute(delete(m.files).where(m.files.c.version_id == vid))
            conn.execute(delete(m.snapshots).where(m.snapshots.c.version_id == vid))
            conn.execute(delete(m.versions).where(v.id == vid))
            conn.execute(update(m.datasets).where(m.datasets.c.id == _id(dataset_id)).values(updated_at=_now()))

        run_write(self.engine, write)

    def delete_dataset(self, dataset_id: int, user: str = "local") -> None:
        """Delete a dataset with all its versions (owner only); refused like
        :meth:`delete_version` when any of its versions is used by a saved assessment."""
        user = _writer(user)

        def write(conn):
            self._owned(conn, dataset_id, user, lock=True)
            refs = self._assessments_where(conn, m.assessments.c.dataset_id == _id(dataset_id))
            if refs:
                raise self._refs_error(refs, f"数据集 #{dataset_id} ", f"Dataset #{dataset_id}")
            vids = select(m.versions.c.id).where(m.versions.c.dataset_id == _id(dataset_id))
            conn.execute(delete(m.files).where(m.files.c.version_id.in_(vids)))
            conn.execute(delete(m.snapshots).where(m.snapshots.c.version_id.in_(vids)))
            conn.execute(delete(m.versions).where(m.versions.c.dataset_id == _id(dataset_id)))
            conn.execute(delete(m.datasets).where(m.datasets.c.id == _id(dataset_id)))

        run_write(self.engine, write)

    # ------------------------------------------------------------------ assessments
    def save_assessment(self, dataset_id: int, version: int, spec: Spec, name: str,
                        user: str = "local") -> AssessmentInfo:
        """Save an assessment: a dataset version (visible to ``user``) plus a spec.

        The scores are computed from the stored bytes now and their SHA-256 is
        kept, so :meth:`open_assessment` can prove it reproduces them to the bit.
        """
        user = _writer(user)
        name = _name(name)
        if not isinstance(spec, Spec):
            raise TypeError("spec must be a metrics.Spec")
        spec_dict = spec.to_dict()
        spec_json = json.dumps(spec_dict, sort_keys=True, ensure_ascii=False)
        if Spec.from_dict(json.loads(spec_json)) != spec:
            raise StoreError("该评估设置无法完整保存", "This spec does not survive a round trip through JSON")
        ds = self.load_dataset(dataset_id, version, user)
        digest = results_sha256(assess(ds, spec).scores)

        def write(conn):
            row = self._dataset_row(conn, dataset_id, lock=True)
            if not self._visible(row, user):
                raise _not_visible(dataset_id)
            v = m.versions.c
            vid = conn.execute(select(v.id).where((v.dataset_id == row.id) & (v.version == _id(version)))).scalar()
            if vid is None:
                raise _no_version(dataset_id, version)
            now = _now()
            aid = conn.execute(insert(m.assessments).values(
                name=name, dataset_id=row.id, version=_id(version), version_id=vid, spec=spec_json,
                data_fingerprint=ds.fingerprint, results_sha256=digest, saved_by=user, saved_at=now)
            ).inserted_primary_key[0]
            return aid, now, row.name

        aid, now, dname = run_write(self.engine, write)
        return AssessmentInfo(id=aid, name=name, dataset_id=_id(dataset_id), version=_id(version),
                              spec=json.loads(spec_json), saved_by=user, saved_at=now,
                              data_fingerprint=ds.fingerprint, results_sha256=digest, dataset_name=dname)

    def list_assessments(self, user: str | None = "local") -> list[AssessmentInfo]:
        """Assessments saved by ``user``, oldest first."""
        user = _reader(user)
        if user is None:
            return []
        return run_read(self.engine, lambda conn: self._assessments_where(conn, m.assessments.c.saved_by == user))

    def get_assessment(self, assessment_id: int, user: str | None = "local") -> AssessmentInfo:
        """One saved assessment of ``user``."""
        user = _reader(user)
        found = run_read(self.engine, lambda conn: self._assessments_where(
            conn, m.assessments.c.id == _id(assessment_id)))
        if not found:
            raise _no_assessment(assessment_id)
        if found[0].saved_by != user:
            raise AccessError(f"无权打开评估 #{assessment_id}", f"You may not open assessment #{assessment_id}")
        return found[0]

    def reopen(self, assessment_id: int, user: str | None = "local"):
        """The :class:`metrics.Assessment` of a saved assessment, recomputed and checked.

        Raises :class:`IntegrityError` (a :class:`StoreError`) if the scores differ
        in any bit from those computed when it was saved.
        """
        info = self.get_assessment(assessment_id, user)
        ds = self.load_dataset(info.dataset_id, info.version, user)
        spec = Spec.from_dict(info.spec)
        a = assess(ds, spec)
        if results_sha256(a.scores) != info.results_sha256:
            raise IntegrityError(
                f"评估“{info.name}”（#{info.id}）重新计算的结果与保存时不一致，可能是计算程序已更新",
                f"Assessment '{info.name}' (#{info.id}) no longer reproduces the scores it had when saved; "
                "the computation library may have changed")
        return a

    def open_assessment(self, assessment_id: int, user: str | None = "local") -> tuple[Dataset, Spec]:
        """``(dataset, spec)`` of a saved assessment; ``assess(dataset, spec)`` gives the saved
        numbers exactly (checked here: :class:`IntegrityError` otherwise)."""
        a = self.reopen(assessment_id, user)
        return a.dataset, a.spec

    def delete_assessment(self, assessment_id: int, user: str = "local") -> None:
        """Delete a saved assessment (only the user who saved it)."""
        user = _writer(user)

        def write(conn):
            a = m.assessments.c
            row = conn.execute(select(a.saved_by).where(a.id == _id(assessment_id))).first()
            if row is None:
                raise _no_assessment(assessment_id)
            if row.saved_by != user:
                raise AccessError(f"只有保存者可以删除评估 #{assessment_id}",
                                  f"Only the user who saved assessment #{assessment_id} may delete it")
            conn.execute(delete(m.assessments).where(a.id == _id(assessment_id)))

        run_write(self.engine, write)

    # ------------------------------------------------------------------ maintenance
    def counts(self) -> dict[str, int]:
        """Rows per table."""
        tables = {"datasets": m.datasets, "versions": m.versions, "files": m.files, "assessments": m.assessments}
        return run_read(self.engine, lambda conn: {
            k: int(conn.execute(select(func.count()).select_from(t)).scalar()) for k, t in tables.items()})

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` (``"ok"`` when sound); ``"ok"`` on other backends."""
        if self.backend != "sqlite":
            return "ok"
        rows = run_read(self.engine, lambda conn: conn.exec_driver_sql("PRAGMA integrity_check").all())
        return "\n".join(str(r[0]) for r in rows)

    def verify(self) -> list[str]:
        """Check every stored file against its recorded size and SHA-256, and every
        dataset's version numbers; returns a list of problems (empty when all is well)."""
        problems: list[str] = []

        def read(conn):
            f, v = m.files.c, m.versions.c
            ids = conn.execute(select(f.id, v.dataset_id, v.version, f.kind).join(
                m.versions, v.id == f.version_id).order_by(f.id)).all()
            for r in ids:
                c = conn.execute(select(f.content, f.encoding, f.size, f.sha256).where(f.id == r.id)).first()
                try:
                    data = _unpack(c.content, c.encoding)
                except zlib.error:
                    data = b""
                if len(data) != c.size or _sha256(data) != c.sha256:
                    problems.append(f"dataset {r.dataset_id} v{r.version} {r.kind}: checksum mismatch")
            s = m.snapshots.c
            for r in conn.execute(select(s.id, v.dataset_id, v.version, s.part).join(
                    m.versions, v.id == s.version_id).order_by(s.id)).all():
                c = conn.execute(select(s.content, s.size, s.sha256).where(s.id == r.id)).first()
                if len(c.content) != c.size or _sha256(bytes(c.content)) != c.sha256:
                    problems.append(f"dataset {r.dataset_id} v{r.version} snapshot {r.part}: checksum mismatch")
            dup = conn.execute(select(v.dataset_id, v.version, func.count()).group_by(v.dataset_id, v.version)
                               .having(func.count() > 1)).all()
            problems.extend(f"dataset {r[0]} v{r[1]}: {r[2]} rows" for r in dup)
            empty = conn.execute(select(v.dataset_id, v.version).where(
                ~v.id.in_(select(f.version_id)))).all()
            problems.extend(f"dataset {r[0]} v{r[1]}: no files" for r in empty)
            over = conn.execute(select(v.dataset_id, v.version).join(m.datasets, m.datasets.c.id == v.dataset_id)
                                .where(v.version > m.datasets.c.last_version)).all()
            problems.extend(f"dataset {r[0]} v{r[1]}: above last_version" for r in over)

        run_read(self.engine, read)
        return problems
