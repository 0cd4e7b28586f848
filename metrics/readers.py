"""Reading tables the way researchers actually write them.

* CSV in UTF-8, UTF-8 with BOM, GBK or GB18030, and ``.xlsx`` workbooks.
* Decoding is strict: UTF-8 first (a BOM is dropped), then GB18030, which is a
  superset of GBK and GB2312.  Byte-guessing detectors are not used: they label
  short Chinese files as Korean, or as GB2312, which lacks common name
  characters such as 镕, 喆, 堃, 珺.
* Every cell is read as text; numbers are parsed afterwards by
  :func:`parse_numeric`, which understands ``"85%"``, ``"1,234.5"``, full-width
  digits and an explicit list of missing-value tokens, and reports every value
  it cannot read with its row and column.  Nothing is coerced silently.
* An ``.xlsx`` file is a zip archive: the declared uncompressed sizes and the
  compression ratio are checked before it is parsed, since neither openpyxl nor
  calamine guards against a zip bomb.
"""
from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from .errors import DataError, Problem, Report

#: Cell texts read as "missing" (compared after NFKC normalisation and stripping).
MISSING_TOKENS = frozenset(
    {"", "-", "—", "–", "--", "——", "NA", "N/A", "n/a", "na", "NaN", "nan", "NULL", "null", "None",
     "#N/A", "..", "…", "无", "缺失", "空", "暂无", "不详"}
)

#: Limits for ``.xlsx`` archives (zip-bomb guard).
XLSX_MAX_UNCOMPRESSED = 512 * 1024 * 1024
XLSX_MAX_RATIO = 200

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _strip_header(name: object) -> str:
    text = unicodedata.normalize("NFKC", str(name)).strip()
    return text


def decode_bytes(data: bytes, name: str = "file") -> str:
    """Decode CSV bytes strictly: UTF-8 (BOM dropped), else GB18030.

    Raises
    ------
    DataError
        When the bytes are neither valid UTF-8 nor valid GB18030.

    Examples
    --------
    >>> decode_bytes("地区".encode("gbk"))
    '地区'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(
            "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030",
            "Cannot decode the file: it is neither UTF-8 nor GBK/GB18030",
            "请在 Excel 或 WPS 中“另存为” CSV UTF-8 或 .xlsx 后重新上传",
            "Save it again as 'CSV UTF-8' or .xlsx in Excel or WPS and upload it again",
            file=name, value=f"byte offset {exc.start}", code="bad_encoding")]) from None


def check_xlsx(data: bytes, name: str = "file", max_uncompressed: int | None = None,
               max_ratio: float | None = None) -> None:
    """Refuse an ``.xlsx`` that is not a zip, or that would inflate beyond the limits.

    The limits default to the module's :data:`XLSX_MAX_UNCOMPRESSED` and :data:`XLSX_MAX_RATIO`
    at call time.
    """
    max_uncompressed = XLSX_MAX_UNCOMPRESSED if max_uncompressed is None else max_uncompressed
    max_ratio = XLSX_MAX_RATIO if max_ratio is None else max_ratio
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DataError([Problem(
            "文件不是有效的 Excel (.xlsx) 工作簿（可能已损坏或被截断）",
            "The file is not a valid Excel (.xlsx) workbook (it may be damaged or truncated)",
            "请用 Excel 或 WPS 重新保存为 .xlsx，或另存为 CSV",
            "Re-save it as .xlsx in Excel or WPS, or save it as CSV",
            file=name, code="bad_xlsx")]) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > max_uncompressed or total / packed > max_ratio:
        raise DataError([Problem(
            f"Excel 文件解压后过大（声明 {total / 2**20:.0f} MB，压缩比 {total / packed:.0f}:1），疑似“压缩炸弹”，已拒绝读取",
            f"The Excel file would inflate to {total / 2**20:.0f} MB (ratio {total / packed:.0f}:1); "
            "refused as a possible zip bomb",
            "请只保留需要的工作表和数据，或另存为 CSV 后上传",
            "Keep only the sheet and data needed, or save it as CSV",
            file=name, code="zip_bomb")])
    if not any(i.filename.startswith("xl/") for i in infos):
        raise DataError([Problem(
            "压缩包中没有 Excel 工作表", "The archive holds no Excel worksheet",
            "请上传 .xlsx 工作簿或 CSV 文件", "Upload an .xlsx workbook or a CSV file",
            file=name, code="bad_xlsx")])


def _is_xlsx(data: bytes, name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def read_table(source: str | os.PathLike | bytes, name: str | None = None,
               sheet: str | int | None = None) -> pd.DataFrame:
    """Read a CSV or ``.xlsx`` table with every cell as text.

    Parameters
    ----------
    source : path or bytes
        A file path, or the raw bytes of an upload.
    name : str, optional
        The file name used in messages (and to tell ``.xlsx`` from CSV when
        ``source`` is bytes).
    sheet : str or int, optional
        Worksheet of an ``.xlsx`` (default: the first).

    Returns
    -------
    pandas.DataFrame
        Columns named by the header row (stripped, NFKC-normalised); every cell
        a ``str`` (empty string for an empty cell).

    Raises
    ------
    DataError
        Empty file, header only, undecodable bytes, duplicate column names,
        a damaged or oversized workbook.

    Examples
    --------
    >>> df = read_table("地区,年份\\n北京,2020\\n".encode("gbk"), name="x.csv")
    >>> list(df.columns), df.iloc[0, 0]
    (['地区', '年份'], '北京')
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "upload"
    else:
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataError([Problem(f"无法读取文件：{exc.strerror}", f"Cannot read the file: {exc.strerror}",
                                     file=name, code="io")]) from None
    if not data.strip():
        raise DataError([Problem("文件为空", "The file is empty",
                                 "请检查是否上传了正确的文件", "Check that the right file was uploaded",
                                 file=name, code="empty")])
    if _is_xlsx(data, name):
        check_xlsx(data, name)
        try:
            df = pd.read_excel(io.BytesIO(data), sheet_name=0 if sheet is None else sheet,
                               engine="calamine", dtype=object, header=None)
        except ValueError as exc:  # unknown sheet
            raise DataError([Problem(f"找不到工作表：{sheet}", f"Worksheet not found: {sheet}",
                                     "请选择存在的工作表", "Choose an existing worksheet",
                                     file=name, value=str(exc)[:200], code="no_sheet")]) from None
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise DataError([Problem("无法读取 Excel 工作簿", "Cannot read the Excel workbook",
                                     "请用 Excel 或 WPS 重新保存", "Re-save it in Excel or WPS",
                                     file=name, value=str(exc)[:200], code="bad_xlsx")]) from None
        df = df.map(_cell_text) if len(df) else df.astype(object)
    else:
        text = decode_bytes(data, name)
        try:
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                             header=None)
        except pd.errors.EmptyDataError:
            raise DataError([Problem("文件没有表头或数据", "The file has no header and no data",
                                     file=name, code="empty")]) from None
        except pd.errors.ParserError as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise DataError([Problem(
                "CSV 格式错误：某行的列数与表头不一致", "Malformed CSV: a row has more fields than the header",
                "请检查该行是否多了逗号，或含逗号的文本是否加了引号",
                "Check that row for an extra comma, or quote text that contains commas",
                file=name, row=int(m.group(1)) if m else None, value=str(exc)[:200], code="csv_parse")]) from None
    if df.empty:
        raise DataError([Problem("文件没有表头或数据", "The file has no header and no data",
                                 file=name, code="empty")])
    cols = [_strip_header(c) for c in df.iloc[0].tolist()]
    df = df.iloc[1:].reset_index(drop=True)
    report = Report()
    seen: dict[str, int] = {}
    for i, c in enumerate(cols):
        if c == "":
            if df.iloc[:, i].astype(str).str.strip().ne("").any():
                report.add("有数据的列缺少表头", "A column with data has no header",
                           "请为该列填写列名，或删除该列", "Give the column a name or delete it",
                           file=name, column=f"#{i + 1}", code="no_header")
        elif c in seen:
            report.add(f"列名重复：“{c}”出现了不止一次", f"Duplicate column name '{c}'",
                       "每个列名只能出现一次；请删除或重命名重复的列",
                       "Each column name may appear once; delete or rename the duplicate",
                       file=name, column=c, code="duplicate_column")
        seen[c] = i
    report.raise_if_errors()
    df.columns = cols
    df = df.loc[:, [c != "" for c in cols]]
    if df.empty:
        raise DataError([Problem("文件只有表头，没有数据行", "The file has a header but no data rows",
                                 "请至少填写一行数据", "Add at least one data row", file=name, code="header_only")])
    # strip cell whitespace (vectorised)
    df = df.apply(lambda s: s.str.strip())
    df.attrs["name"] = name
    return df


def _cell_text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return str(v)


def parse_numeric(values: pd.Series, *, file: str | None = None, column: str | None = None,
                  row_offset: int = 2, report: Report | None = None) -> np.ndarray:
    """Parse a column of text into floats, reporting every value that fails.

    Accepted: plain numbers, ``"85%"`` (read as 85, the number of percent —
    the unit stays as the framework declares it), thousands separators
    (``"1,234.5"``), full-width digits and punctuation (``"８５"``, NFKC), the
    Unicode minus sign.  Missing: the tokens in :data:`MISSING_TOKENS`.

    Parameters
    ----------
    values : pandas.Series
        Text cells (other dtypes are converted with ``str``).
    file, column : str, optional
        Names used in problem reports.
    row_offset : int
        Spreadsheet row number of ``values.iloc[0]`` (2 when row 1 is the header).
    report : Report, optional
        Problems are appended here; if omitted a :class:`DataError` is raised
        when any value fails.

    Returns
    -------
    numpy.ndarray of float64, NaN where missing.

    Examples
    --------
    >>> parse_numeric(pd.Series(["85%", "１，２３４", "无", "3.5"])).tolist()
    [85.0, 1234.0, nan, 3.5]
    """
    own = report is None
    report = report if report is not None else Report()
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    s = values.astype("string").fillna("")
    out = pd.to_numeric(s.where(s != ""), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    suspect = np.isnan(out) & (s != "").to_numpy()
    if suspect.any():
        idx = np.flatnonzero(suspect)
        for i in idx:
            raw = s.iat[i]
            val, ok = _parse_one(raw)
            if ok:
                out[i] = val
            else:
                report.add("不是数字", "Not a number",
                           "请填写数字（可带 % 或千位分隔符），缺失请留空或填“-”",
                           "Write a number (% and thousands separators are fine); leave missing values empty or write '-'",
                           file=file, row=int(i) + row_offset, column=column, value=str(raw)[:80],
                           code="not_a_number")
    # inf is not a measurement
    bad_inf = np.isinf(out)
    for i in np.flatnonzero(bad_inf):
        report.add("数值为无穷大", "Infinite value", file=file, row=int(i) + row_offset, column=column,
                   value=str(s.iat[i]), code="not_a_number")
        out[i] = np.nan
    if own:
        report.raise_if_errors()
    return out


def _parse_one(raw: str) -> tuple[float, bool]:
    if raw.strip() in MISSING_TOKENS:
        return np.nan, True
    t = unicodedata.normalize("NFKC", raw).strip().replace("\u2212", "-").replace(" ", "")
    if t in MISSING_TOKENS:
        return np.nan, True
    if t.endswith("%"):
        t = t[:-1].strip()
    if _THOUSANDS.match(t):
        t = t.replace(",", "")
    if _NUMBER.match(t):
        return float(t), True
    return np.nan, False


def find_column(columns: Iterable[str], aliases: Iterable[str]) -> str | None:
    """The first column whose name matches an alias (case-insensitive, NFKC)."""
    norm = {str(c).strip().lower(): c for c in columns}
    for a in aliases:
        if a.lower() in norm:
            return norm[a.lower()]
    return None
