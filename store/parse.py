"""From uploaded bytes to a checked :class:`metrics.Dataset`: the one path used to
validate before saving and to load a saved version again.

The upload page calls :func:`validate_files` for its preview and report;
:meth:`store.Store.save_version` calls it again on the same bytes, and
:meth:`store.Store.load_dataset` on the stored bytes, so what was checked is
what is saved and what is loaded.  The last few results are kept in memory,
keyed by the SHA-256 of the bytes and the options, so validating and then
saving a large file parses it once.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict

from metrics import Dataset
from metrics.data import DEFAULT_REGIONS, load_regions
from metrics.errors import Report
from metrics.framework import DEFAULT_FRAMEWORK, load_framework
from metrics.readers import read_table
from metrics.validate import validate

from .models import DATA_KINDS, KINDS

#: Largest file accepted, in bytes (``DGS_MAX_FILE_MB``, default 200 MB = Streamlit's default upload limit).
MAX_FILE_BYTES = int(float(os.environ.get("DGS_MAX_FILE_MB", "200")) * 2**20)
_ORDER = ("framework", "regions", "indicators", "survey")

_cache: OrderedDict = OrderedDict()  # digest -> (report, dataset, raw size)
_cache_lock = threading.Lock()
CACHE_ENTRIES = 8
CACHE_BYTES = 256 * 2**20  # of raw file bytes; a parsed table takes a few times its CSV size


def normalise_files(files: dict) -> dict[str, tuple[str, bytes]]:
    """Check the shape of ``files`` (kind -> (file name, bytes)); bytes-like values become ``bytes``."""
    if not isinstance(files, dict):
        raise TypeError("files must be a dict: kind -> (file name, bytes)")
    out: dict[str, tuple[str, bytes]] = {}
    for kind, value in files.items():
        if kind not in KINDS:
            raise ValueError(f"unknown file kind {kind!r}; expected one of {', '.join(KINDS)}")
        if not (isinstance(value, (tuple, list)) and len(value) == 2):
            raise TypeError(f"files[{kind!r}] must be a (file name, bytes) pair")
        fname, data = value
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise TypeError(f"files[{kind!r}]: the content must be bytes, not {type(data).__name__}")
        fname = os.path.basename(str(fname or kind).replace("\\", "/")).strip()[:255] or kind
        out[kind] = (fname, data)
    return out


def check_options(mapping, sheets) -> tuple[dict, dict]:
    """The column ``mapping`` (header -> indicator code, empty targets dropped) and the xlsx ``sheets``
    (kind -> sheet name) of an upload, checked for their types; used by the validator and the store."""
    mapping = dict(mapping or {})
    for k, v in mapping.items():
        if not isinstance(k, str) or not (v is None or isinstance(v, str)):
            raise TypeError("mapping must map column headers (str) to indicator codes (str)")
    mapping = {k: v for k, v in mapping.items() if v}
    sheets = dict(sheets or {})
    for k, v in sheets.items():
        kind = k[:-len(HEADER)] if isinstance(k, str) and k.endswith(HEADER) else k
        if kind not in KINDS:
            raise ValueError(f"sheets: unknown file kind {k!r}")
        if k != kind:
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise TypeError(f"sheets[{k!r}]: the header row is a whole number from 1")
        elif not isinstance(v, (str, int)) or isinstance(v, bool):
            raise TypeError("sheets values must be a sheet name (str) or index (int)")
    return mapping, sheets


def digest(files: dict[str, tuple[str, bytes]], mapping: dict, sheets: dict) -> str:
    """SHA-256 over the kinds, names and bytes of the files and the options."""
    h = hashlib.sha256()
    for kind in sorted(files):
        name, data = files[kind]
        h.update(f"{kind}\0{name}\0{len(data)}\0".encode())
        h.update(hashlib.sha256(data).digest())
    h.update(json.dumps([mapping, sheets], sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


_defaults: dict = {}


def _default(kind: str):
    """The shipped framework or region table, read once per process (again if the file changes)."""
    path = DEFAULT_FRAMEWORK if kind == "framework" else DEFAULT_REGIONS
    st = os.stat(path)
    key = (kind, str(path), st.st_mtime_ns, st.st_size)
    with _cache_lock:
        hit = _defaults.get(kind)
        if hit is not None and hit[0] == key:
            return hit[1]
    obj = load_framework(path) if kind == "framework" else load_regions(path)
    with _cache_lock:
        _defaults[kind] = (key, obj)
    return obj


#: Suffix of a ``sheets`` key that holds the header row chosen for a file (``"indicators:header": 3``);
#: without it the header is found (indicator and survey data) or is row 1.
HEADER = ":header"


def _source(kind: str, name: str, data: bytes, sheets: dict):
    """What to hand to :func:`metrics.validate.validate` for one file: ``(source, sheet, header row)``."""
    header = sheets.get(kind + HEADER)
    if kind in ("framework", "regions") and kind in sheets:
        # the framework and region readers take no sheet: read the chosen sheet here
        return read_table(data, name=name, sheet=sheets[kind], header_row=header or 1), None, None
    return data, sheets.get(kind), header


def validate_files(files: dict, mapping: dict | None = None, sheets: dict | None = None,
                   cache: bool = True) -> tuple[Report, Dataset | None]:
    """Check a set of uploaded files together; returns ``(report, dataset_or_None)``.

    The framework is checked first, then the region table, then the indicator
    and survey data against that framework and region table (the default ones
    when not uploaded); ``mapping`` (column header -> indicator code) applies to
    the indicator data.  Every problem of every file is in the report; the
    dataset is ``None`` when there is any error.

    Without an uploaded region table, the shipped one (31 provinces) is attached
    when at least half of the data's regions are in it (the others are
    ``unknown_region`` warnings), as :meth:`metrics.Dataset.load` and
    ``python -m metrics validate`` do.

    Examples
    --------
    >>> rep, ds = validate_files({"indicators": ("x.csv", b"region,year,ORG1_law_level\\n110000,2023,abc\\n")})
    >>> rep.ok, rep.errors[0].code, ds is None
    (False, 'not_a_number', True)
    """
    files = normalise_files(files)
    mapping, sheets = check_options(mapping, sheets)
    key = digest(files, mapping, sheets) if cache else None
    if key is not None:
        with _cache_lock:
            hit = _cache.get(key)
            if hit is not None:
                _cache.move_to_end(key)
                return hit[0], hit[1]
    result = _validate(files, mapping, sheets)
    size = sum(len(b) for _, b in files.values())
    if key is not None and result[1] is not None and size <= CACHE_BYTES:
        with _cache_lock:
            _cache[key] = (*result, size)
            while len(_cache) > CACHE_ENTRIES or sum(v[2] for v in _cache.values()) > CACHE_BYTES:
                _cache.popitem(last=False)
    return result


def reference_tables(files: dict, sheets: dict | None = None):
    """``(framework, regions)`` read from a saved version's framework and region table files (the shipped
    framework without one; ``None`` without a region table), as :func:`validate_files` reads them: what a
    version opened from its snapshot (:mod:`store.snapshot`) needs besides the snapshot's tables."""
    from metrics.errors import DataError

    files = normalise_files({k: v for k, v in files.items() if k in ("framework", "regions")})
    _, sheets = check_options(None, sheets)
    out = {}
    for kind in ("framework", "regions"):
        if kind not in files:
            continue
        name, data = files[kind]
        source, sheet, header = _source(kind, name, data, sheets)
        rep, obj = validate(source, kind, framework=_default("framework"), regions=None, name=name, sheet=sheet,
                            header_row=header)
        if obj is None or not rep.ok:
            raise DataError(rep.problems)
        out[kind] = obj
    return out.get("framework") or _default("framework"), out.get("regions")


def clear_cache() -> None:
    """Forget the remembered validation results."""
    with _cache_lock:
        _cache.clear()


def _validate(files: dict[str, tuple[str, bytes]], mapping: dict, sheets: dict) -> tuple[Report, Dataset | None]:
    from metrics.errors import DataError

    report = Report()
    if not any(k in files for k in DATA_KINDS):
        report.add("没有指标数据或问卷数据", "There is no indicator data and no survey data",
                   "请至少上传指标数据或问卷数据之一", "Upload indicator data, survey data or both",
                   code="no_data")
    for kind in _ORDER:
        if kind in files:
            name, data = files[kind]
            if len(data) > MAX_FILE_BYTES:
                report.add(f"文件过大（{len(data) / 2**20:.0f} MB，上限 {MAX_FILE_BYTES / 2**20:.0f} MB）",
                           f"The file is too large ({len(data) / 2**20:.0f} MB; the limit is "
                           f"{MAX_FILE_BYTES / 2**20:.0f} MB)",
                           "请拆分文件或删除不需要的列后重新上传", "Split the file or drop unneeded columns",
                           file=name, code="too_large")
    if not report.ok:
        return report, None

    parsed: dict = {}
    for kind in _ORDER:
        if kind not in files:
            continue
        name, data = files[kind]
        fw = parsed.get("framework")
        if kind in DATA_KINDS and "framework" in files and fw is None:
            report.add("指标框架有错误，数据未按框架检查", "The framework has errors; the data was not checked against it",
                       "请先修正指标框架", "Fix the framework first", file=name, severity="warning",
                       code="not_checked")
            continue
        try:
            source, sheet, header = _source(kind, name, data, sheets)
        except DataError as exc:
            report.extend(exc.problems)
            continue
        if kind in DATA_KINDS and fw is None:
            fw = _default("framework")
        # the region table uploaded, or the shipped one that the indicator data's regions matched
        regions = parsed.get("regions") or getattr(parsed.get("indicators"), "regions", None)
        rep, obj = validate(source, kind, framework=fw if kind in DATA_KINDS else _default("framework"),
                            regions=regions, name=name, sheet=sheet, header_row=header,
                            mapping=mapping if kind == "indicators" else None)
        report.extend(rep.problems)
        if obj is not None and rep.ok:
            parsed[kind] = obj
    if not report.ok:
        return report, None

    fw = parsed.get("framework") or _default("framework")
    regions = parsed.get("regions")
    if regions is None and "regions" not in files:  # the shipped table, when the data's regions matched it
        regions = next((obj.regions for obj in (parsed.get("indicators"), parsed.get("survey"))
                        if obj is not None and obj.regions is not None), None)
    ds = Dataset(fw, parsed.get("indicators"), parsed.get("survey"), regions)
    return report, ds
