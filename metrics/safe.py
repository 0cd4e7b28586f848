"""Writing tables that carry uploaded text, without spreadsheet formula injection.

pandas writes a text cell that starts with ``=`` as a live formula in Excel,
and spreadsheet programs evaluate CSV cells starting with ``=``, ``+``, ``-``,
``@``, tab, carriage return or line feed.  :func:`neutralise` prefixes such
*text* cells with an apostrophe (OWASP's recommendation); numbers stay numbers.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_value(v: object) -> object:
    """``'=1+1'`` -> ``"'=1+1"``; non-text values unchanged.

    Examples
    --------
    >>> neutralise_value("=HYPERLINK()"), neutralise_value(-3.5), neutralise_value("北京")
    ("'=HYPERLINK()", -3.5, '北京')
    """
    if isinstance(v, str) and v.startswith(DANGEROUS):
        return "'" + v
    return v


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and column names) cannot start a formula."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if isinstance(col.dtype, pd.CategoricalDtype):  # categories are written as text too
            col = col.astype(object)
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out[c] = col.map(neutralise_value)
    out.columns = [neutralise_value(str(c)) if isinstance(c, str) else c for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM (Excel opens it with Chinese intact), formula-safe.

    Lines end in CRLF (RFC 4180), which also makes the writer quote a text holding a bare
    carriage return: unquoted, ``"x\r=1+1"`` would start a new row whose first cell is a formula.
    """
    return neutralise(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An ``.xlsx`` workbook with one sheet per frame, formula-safe (text is written as text)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False,
                                                   "nan_inf_to_errors": True}}) as xw:
        for name, df in sheets.items():
            neutralise(df).to_excel(xw, sheet_name=name[:31], index=False)
    return buf.getvalue()


def _json_default(o):
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return None if np.isnan(o) else float(o)
    if isinstance(o, (np.ndarray,)):
        return o.tolist()
    if isinstance(o, (pd.Timestamp,)):
        return o.isoformat()
    if o is pd.NA:
        return None
    return str(o)


def to_json_text(obj) -> str:
    """JSON with NaN written as null and numpy types converted."""
    def clean(x):
        if isinstance(x, float) and np.isnan(x):
            return None
        if isinstance(x, dict):
            return {str(k): clean(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [clean(v) for v in x]
        if isinstance(x, pd.DataFrame):
            return clean(x.astype(object).where(x.notna(), None).to_dict(orient="records"))
        if isinstance(x, pd.Series):
            return clean(x.astype(object).where(x.notna(), None).to_dict())
        if isinstance(x, np.floating):
            return None if np.isnan(x) else float(x)
        return x
    return json.dumps(clean(obj), ensure_ascii=False, indent=2, default=_json_default)


def write_table(df: pd.DataFrame, path: str | Path, extra_sheets: dict | None = None, meta: dict | None = None) -> None:
    """Write ``df`` to ``.csv``, ``.xlsx`` or ``.json`` by the path's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(to_csv_bytes(df))
    elif suffix == ".xlsx":
        sheets = {"results": df}
        sheets.update(extra_sheets or {})
        path.write_bytes(to_xlsx_bytes(sheets))
    elif suffix == ".json":
        payload = {"results": df}
        if meta:
            payload = {**meta, "results": df}
        path.write_text(to_json_text(payload), encoding="utf-8")
    else:
        raise ValueError(f"unsupported output format {suffix!r}: use .csv, .xlsx or .json")
