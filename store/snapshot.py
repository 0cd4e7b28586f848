"""The parsed columnar snapshot of a saved version: its tables as Parquet, read instead of the files.

Parsing and checking the uploaded files of a large dataset takes seconds (a 1,000,000-row survey:
about 8 s of CSV decoding and validation); reading the tables it parsed to takes a fraction of that.
So :meth:`store.Store.save_version` keeps, besides the original files (for provenance and download),
the tables of the checked :class:`metrics.Dataset` in Parquet (pyarrow, zstd):

``indicators.values`` / ``.names`` / ``.groups`` / ``.denominators``
    :class:`metrics.data.IndicatorData`'s tables;
``survey.frame`` / ``survey.meta``
    :class:`metrics.data.SurveyData`'s respondent-level answers (float32 items; the statistics of
    :mod:`metrics.survey`, the scale checks and the response-quality flags all need respondents,
    not only per-cell sums) and the optional quality metadata;
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

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metrics import Dataset
from metrics.data import IndicatorData, SurveyData, _shipped_regions
from metrics.errors import Problem

#: Bumped when the layout changes; a snapshot of another format is rebuilt from the files.
FORMAT = 1
META = "meta.json"
_IND = ("values", "names", "groups", "denominators")


def _to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=True), buf, compression="zstd")
    return buf.getvalue()


def _from_parquet(data: bytes) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data)).to_pandas()


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
    if meta.get("format") != FORMAT:
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
        srv = SurveyData(_from_parquet(parts["survey.frame"]), list(m["items"]), has_year=m["has_year"],
                         problems=[Problem(**p) for p in m["problems"]], source_name=m["source_name"],
                         regions=reg(m["regions"]),
                         meta=_from_parquet(parts["survey.meta"]) if "survey.meta" in parts else None,
                         first_row=m["first_row"])
    return Dataset(framework, ind, srv, reg(meta["regions"]), label=label)
