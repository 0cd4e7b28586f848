"""The parsed columnar snapshot of a saved version: its tables as Parquet, read instead of the files.

Parsing and checking the uploaded files of a large dataset takes seconds (a 1,000,000-row survey:
about 8 s of CSV decoding and validation); reading the tables it parsed to takes a fraction of that.
So :meth:`store.Store.save_version` keeps, besides the original files (for provenance and download),
the tables of the checked :class:`metrics.Dataset` in Parquet (pyarrow, zstd):

``indicators.values`` / ``.names`` / ``.groups`` / ``.denominators``
    :class:`metrics.data.IndicatorData`'s tables;
``survey.frame`` / ``survey.meta``
    :class:`metrics.data.SurveyData`'s respondent-level answers (float32 items; the scale checks,
    the reliability statistics, the response-quality flags and the fieldwork monitor need
    respondents) and the optional quality metadata;
``survey.cells`` (format 2)
    the answers' per-(region, year, group) sums and counts of every survey indicator and item
    (:class:`metrics.survey.SurveyCells`, for the version's framework): all the assessment needs
    from a survey.  A version opens with its answers still encoded (:class:`metrics.data.Deferred`,
    decoded when a page first asks for respondents), so opening and assessing a million-answer
    version reads a few hundred kilobytes of cells instead of decoding and aggregating the answers;
``meta.json``
    everything else: ``has_year``, the survey items, the warnings found when reading (as
    :class:`metrics.errors.Problem` fields), the file names and where each part's region table came
    from (``file``: the uploaded one, ``shipped``: the 31 provinces, ``null``: none).

The framework and the region table are small: they are read from their files (milliseconds).
Pandas' Parquet metadata keeps every dtype, index and column order, so a snapshot reads back to the
same :attr:`metrics.Dataset.fingerprint` bit for bit (``tests/store/test_snapshot.py``).

Nothing here touches the database or imports Streamlit.
"""
from __future__ import annotations

import dataclasses
import io
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metrics import Dataset
from metrics.data import Deferred, IndicatorData, SurveyData, _shipped_regions
from metrics.errors import Problem
from metrics.survey import SurveyCells, survey_cells

#: Bumped when the layout changes; a snapshot of another format is rebuilt from the files, except one
#: of :data:`UPGRADABLE`, which :func:`upgrade` brings to this format (format 1 lacks ``survey.cells``).
FORMAT = 2
UPGRADABLE = (1,)
CELLS = "survey.cells"
#: Column prefixes of the four tables of :class:`metrics.survey.SurveyCells` in the one ``survey.cells`` table.
_CELL_TABLES = (("sums", "s:"), ("counts", "n:"), ("item_sums", "is:"), ("item_counts", "in:"))
_CELL_KEYS = ("region", "year", "group")
META = "meta.json"
_IND = ("values", "names", "groups", "denominators")


def _to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=True), buf, compression="zstd")
    return buf.getvalue()


def _from_parquet(data: bytes, columns: list | None = None) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data), columns=columns).to_pandas()


def _series_frame(s: pd.Series) -> pd.DataFrame:
    return s.to_frame(name="value" if s.name is None else s.name)


def _regions_source(obj, uploaded: bool):
    if obj is None or obj.regions is None:
        return None
    return "file" if uploaded else "shipped"


def encode(ds: Dataset, uploaded_regions: bool) -> dict[str, bytes]:
    """The snapshot parts of a checked dataset: part name -> bytes.

    ``uploaded_regions``: the version has a region table file (else a region table attached to the
    data is the shipped one).
    """
    parts: dict[str, bytes] = {}
    meta: dict = {"format": FORMAT, "regions": _regions_source(ds, uploaded_regions)}
    ind = ds.indicators
    if ind is not None:
        parts["indicators.values"] = _to_parquet(ind.values)
        parts["indicators.names"] = _to_parquet(_series_frame(ind.names))
        parts["indicators.groups"] = _to_parquet(ind.groups)
        parts["indicators.denominators"] = _to_parquet(ind.denominators)
        meta["indicators"] = {"has_year": bool(ind.has_year), "source_name": ind.source_name,
                              "names_name": ind.names.name, "regions": _regions_source(ind, uploaded_regions),
                              "problems": [dataclasses.asdict(p) for p in ind.problems]}
    srv = ds.survey
    if srv is not None:
        parts["survey.frame"] = _to_parquet(srv.frame)
        if srv.meta is not None:
            parts["survey.meta"] = _to_parquet(srv.meta)
        meta["survey"] = {"items": list(srv.items), "has_year": bool(srv.has_year), "source_name": srv.source_name,
                          "first_row": int(srv.first_row), "regions": _regions_source(srv, uploaded_regions),
                          "problems": [dataclasses.asdict(p) for p in srv.problems]}
        parts[CELLS], meta["survey"]["cells"], _ = _encode_cells(ds)
    parts[META] = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode()
    return parts


def format_of(parts: dict[str, bytes]) -> int | None:
    """The format number of stored parts (``None`` when there is no readable ``meta.json``)."""
    try:
        return int(json.loads(parts[META])["format"])
    except (KeyError, ValueError, TypeError):
        return None


def decode(parts: dict[str, bytes], framework, regions, label: str = "") -> Dataset:
    """The :class:`metrics.Dataset` of snapshot ``parts``; ``framework`` and ``regions`` (the uploaded
    region table or ``None``) are read from the version's files by the caller."""
    meta = json.loads(parts[META])
    if meta.get("format") not in (FORMAT, *UPGRADABLE):
        raise ValueError(f"snapshot format {meta.get('format')!r}, expected {FORMAT}")

    def reg(source):
        return regions if source == "file" else _shipped_regions() if source == "shipped" else None

    ind = srv = None
    if "indicators" in meta:
        m = meta["indicators"]
        names = _from_parquet(parts["indicators.names"]).iloc[:, 0].rename(m["names_name"])
        ind = IndicatorData(_from_parquet(parts["indicators.values"]), names,
                            _from_parquet(parts["indicators.groups"]), _from_parquet(parts["indicators.denominators"]),
                            has_year=m["has_year"], problems=[Problem(**p) for p in m["problems"]],
                            source_name=m["source_name"], regions=reg(m["regions"]))
    if "survey" in meta:
        m = meta["survey"]
        answers = parts["survey.frame"]
        # the cells answer for the framework they were computed with (a shipped one may have changed since)
        fresh = CELLS in parts and m.get("cells") == framework.fingerprint()
        cells = _decode_cells(parts[CELLS], m["cells"]) if fresh else None
        frame = (Deferred(lambda: _from_parquet(answers), lambda cols: _from_parquet(answers, cols))
                 if cells is not None else _from_parquet(answers))
        srv = SurveyData(frame,
                         list(m["items"]), has_year=m["has_year"],
                         problems=[Problem(**p) for p in m["problems"]], source_name=m["source_name"],
                         regions=reg(m["regions"]),
                         meta=_from_parquet(parts["survey.meta"]) if "survey.meta" in parts else None,
                         first_row=m["first_row"])
        srv.cells = cells
    return Dataset(framework, ind, srv, reg(meta["regions"]), label=label)


def _encode_cells(ds: Dataset) -> tuple[bytes, str, SurveyCells]:
    """The ``survey.cells`` part of a dataset with survey data, the fingerprint of the framework its
    cells are for, and the cells (the survey's own when they are for the dataset's framework; else
    summed from its answers and kept as ``ds.survey.cells``).

    One Parquet table: the cell's ``region``, ``year`` and ``group``, then each table of
    :class:`metrics.survey.SurveyCells` by column prefix (sums as float64, counts as int32: both
    exact).  Written and read with pyarrow alone: pandas' metadata round trip of a 100-column
    MultiIndex table costs more than the numbers.
    """
    fw = ds.framework.fingerprint()
    cells = ds.survey.cells
    if cells is None or cells.framework != fw:  # summed once, and kept: an assessment of ds uses them
        cells = ds.survey.cells = survey_cells(ds.survey.frame, ds.framework)
    idx = cells.sums.index
    columns = {k: pa.array(np.asarray(idx.get_level_values(k))) for k in _CELL_KEYS}
    for name, prefix in _CELL_TABLES:
        table = getattr(cells, name)
        for c in table.columns:
            v = table[c].to_numpy()
            columns[prefix + c] = pa.array(v.astype(np.int32) if name.endswith("counts") else v)
    buf = io.BytesIO()
    pq.write_table(pa.table(columns), buf, compression="zstd")
    return buf.getvalue(), fw, cells


def _decode_cells(data: bytes, framework: str) -> SurveyCells:
    """The :class:`metrics.survey.SurveyCells` of a ``survey.cells`` part, built as
    :func:`metrics.survey.survey_cells` builds them (same index, columns and float64 values)."""
    t = pq.read_table(io.BytesIO(data))
    index = pd.MultiIndex.from_arrays([t.column(k).to_numpy() for k in _CELL_KEYS], names=list(_CELL_KEYS))
    out = {}
    for name, prefix in _CELL_TABLES:
        cols = [c for c in t.column_names if c.startswith(prefix)]
        x = np.empty((len(cols), t.num_rows))  # one contiguous row per column, handed over transposed
        for j, c in enumerate(cols):
            x[j] = t.column(c).to_numpy()
        out[name] = pd.DataFrame(x.T, index=index, columns=[c[len(prefix):] for c in cols], copy=False)
    return SurveyCells(framework=framework, **out)


def upgrade(parts: dict[str, bytes], ds: Dataset) -> dict[str, bytes] | None:
    """The parts to store for a snapshot of an :data:`UPGRADABLE` format to become :data:`FORMAT`
    (``None`` when it already is): ``ds`` is what :func:`decode` made of ``parts``.

    Format 1 lacks the survey's cells: they are computed from the answers once (decoding them) and
    kept with a new ``meta.json``; the other parts stay as they are.
    """
    meta = json.loads(parts[META])
    if meta.get("format") == FORMAT:
        return None
    out = {}
    if "survey" in meta and ds.survey is not None:
        out[CELLS], meta["survey"]["cells"], ds.survey.cells = _encode_cells(ds)
    meta["format"] = FORMAT
    out[META] = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode()
    return out
