"""Reading tables the way researchers actually write them.

* CSV in UTF-8, UTF-8 with BOM, GBK or GB18030, and ``.xlsx`` workbooks.
* Decoding is strict: UTF-8 first (a BOM is dropped), then GB18030, which is a
  superset of GBK and GB2312.  Byte-guessing detectors are not used: they label
  short Chinese files as Korean, or as GB2312, which lacks common name
  characters such as 镕, 喆, 堃, 珺.  UTF-16 files (Excel's "Unicode text"),
  old ``.xls`` / password-protected workbooks and binary files are refused with
  a message saying how to re-save them; a file that decodes as GB18030 only as
  mojibake (Latin-1, Shift-JIS or Big5 bytes) is refused too.
* Files larger than :data:`MAX_BYTES` (read at call time) are refused before
  they are parsed.
* The delimiter is ``,`` unless the header line has no comma and is
  consistently split by a tab, ``;`` or ``|`` (a restricted sniffer over the
  first lines; TSV files and European-style CSV files are read as such).
* Every cell is read as text; numbers are parsed afterwards by
  :func:`parse_numeric`, which understands ``"85%"``, ``"1,234.5"``, full-width
  digits and an explicit list of missing-value tokens, and reports every value
  it cannot read with its row and column (at most
  :data:`~metrics.errors.MAX_PER_COLUMN` per column, then one "… and N more"
  line).  Nothing is coerced silently.
* An ``.xlsx`` file is a zip archive: the declared uncompressed sizes, the
  number of members and the compression ratio are checked before it is
  parsed, and every member is then inflated once with a hard cap (a member
  whose real size differs from the declared one fails its CRC check), since
  neither openpyxl nor calamine guards against a zip bomb.
"""
from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from .errors import MAX_PER_COLUMN, DataError, Problem, Report

try:  # pyarrow comes with pandas 3's default string dtype (and with streamlit); optional here
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv
except ImportError:  # pragma: no cover - the slower pure-pandas paths are used
    pa = pc = pa_csv = None

#: Cell texts read as "missing" (compared after NFKC normalisation and stripping).
MISSING_TOKENS = frozenset(
    {"", "-", "—", "–", "--", "——", "NA", "N/A", "n/a", "na", "NaN", "nan", "NULL", "null", "None",
     "#N/A", "..", "…", "无", "缺失", "空", "暂无", "不详"}
)

#: Largest file accepted (bytes), checked before parsing; read at call time.  200 MB is
#: Streamlit's default upload limit (``server.maxUploadSize``).
MAX_BYTES = 200 * 2 ** 20

#: Limits for ``.xlsx`` archives (zip-bomb guard).
XLSX_MAX_UNCOMPRESSED = 512 * 1024 * 1024
XLSX_MAX_RATIO = 200
XLSX_MAX_MEMBERS = 10_000

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}( \d{3})+(\.\d+)?$")
_NUMBER_PATTERN = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_NUMBER = re.compile(_NUMBER_PATTERN)
_INFINITY = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"})
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS_UTF8_ZH = "请在 Excel 或 WPS 中“另存为”“CSV UTF-8（逗号分隔）”或 .xlsx 后重新上传"
_SAVE_AS_UTF8_EN = "Save it again as 'CSV UTF-8 (Comma delimited)' or .xlsx in Excel or WPS and upload it again"


def _strip_header(name: object) -> str:
    text = unicodedata.normalize("NFKC", str(name)).translate(_INVISIBLE).strip()
    return text


def _size_text(n: int) -> str:
    """``314572800`` -> ``'300 MB'``; small sizes in KB or bytes."""
    if n >= 10 * 2 ** 20:
        return f"{n / 2 ** 20:.0f} MB"
    if n >= 2 ** 20:
        return f"{n / 2 ** 20:.1f} MB"
    if n >= 2 ** 10:
        return f"{n / 2 ** 10:.1f} KB"
    return f"{n} bytes"


def check_size(size: int, name: str = "file", max_bytes: int | None = None) -> None:
    """Refuse a file of ``size`` bytes above :data:`MAX_BYTES` (read at call time).

    Examples
    --------
    >>> check_size(300 * 2**20, "big.csv")
    Traceback (most recent call last):
    ...
    metrics.errors.DataError: big.csv：文件大小为 300 MB，超过 200 MB 的上限...
    """
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise DataError([Problem(
            f"文件大小为 {_size_text(size)}，超过 {_size_text(limit)} 的上限",
            f"The file is {_size_text(size)}; the limit is {_size_text(limit)}",
            "请拆分为多个较小的文件（例如按年份），或删除不需要的列后再上传",
            "Split it into smaller files (for example one per year), or delete columns that are not needed",
            file=name, value=f"{size} bytes", code="too_large")])


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 BOM, or NUL bytes in text that decodes cleanly as UTF-16 (BOM-less)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:4096]
    if b"\x00" not in head:
        return False
    for enc in ("utf-16-le", "utf-16-be"):
        for cut in (len(head) - len(head) % 2, len(head) - len(head) % 2 - 2):  # a pair may be cut
            try:
                text = head[:max(cut, 0)].decode(enc)
            except UnicodeDecodeError:
                continue
            if text and sum(c.isprintable() or c in "\r\n\t" for c in text) >= 0.95 * len(text):
                return True
            break
    return False


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _mojibake(text: str) -> str | None:
    """A sample of ``text`` if GB18030 decoding looks like mojibake of another encoding, else None.

    Real Chinese text is almost all GB2312 characters (rare name characters such as 镕 are a few
    percent); Latin-1, Shift-JIS or Big5 bytes read as GB18030 give mostly rare characters and
    private-use code points.
    """
    sample = text[:65536]
    chars = [c for c in sample if ord(c) > 127]
    if not chars:
        return None
    pua = sum(1 for c in chars if 0xE000 <= ord(c) <= 0xF8FF)
    cache: dict[str, bool] = {}
    rare = sum(1 for c in chars if not cache.setdefault(c, _in_gb2312(c)))
    if pua or (len(chars) >= 4 and rare / len(chars) >= 0.4):
        line = next((ln for ln in sample.splitlines() if any(ord(c) > 127 for c in ln)), "")
        return line[:60]
    return None


def decode_bytes(data: bytes, name: str = "file") -> str:
    """Decode CSV bytes strictly: UTF-8 (BOM dropped), else GB18030.

    Raises
    ------
    DataError
        When the bytes are UTF-16 (with a specific message), binary, neither
        valid UTF-8 nor valid GB18030, or valid GB18030 only as mojibake of
        another encoding.  The problem names the line of the first bad byte.

    Examples
    --------
    >>> decode_bytes("地区".encode("gbk"))
    '地区'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _looks_utf16(data):
        raise DataError([Problem(
            "文件是 UTF-16（Unicode 文本）编码，本系统只读取 UTF-8 或 GBK/GB18030 编码的 CSV",
            "The file is encoded as UTF-16 ('Unicode text'); only UTF-8 or GBK/GB18030 CSV files can be read",
            "请在 Excel 或 WPS 中“另存为”“CSV UTF-8（逗号分隔）”，或在文本编辑器中把编码改为 UTF-8 后保存",
            "Save it as 'CSV UTF-8 (Comma delimited)' in Excel or WPS, or change the encoding to UTF-8 in a text editor",
            file=name, value="UTF-16", code="bad_encoding")])
    if b"\x00" in data[:8192]:
        raise DataError([Problem(
            "文件含有二进制内容，不是文本表格（可能是图片、PDF、压缩包或其他格式）",
            "The file holds binary content and is not a text table (it may be an image, a PDF or an archive)",
            "请上传 CSV 或 .xlsx 文件", "Upload a CSV or .xlsx file",
            file=name, row=_line_of(data, data.index(b"\x00")), code="not_text")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(
            "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030",
            "Cannot decode the file: it is neither UTF-8 nor GBK/GB18030",
            _SAVE_AS_UTF8_ZH, _SAVE_AS_UTF8_EN,
            file=name, row=_line_of(data, exc.start), value=f"byte offset {exc.start}",
            code="bad_encoding")]) from None
    garbled = _mojibake(text)
    if garbled is not None:
        raise DataError([Problem(
            "文件编码无法识别：按 GBK/GB18030 读出的是乱码，文件可能是 Latin-1、Shift-JIS 或 Big5 等其他编码",
            "Cannot decode the file: read as GBK/GB18030 it is garbled, so it is probably in another encoding "
            "(Latin-1, Shift-JIS, Big5, ...)",
            _SAVE_AS_UTF8_ZH, _SAVE_AS_UTF8_EN,
            file=name, value=garbled, code="bad_encoding")])
    return text


def _bad_xlsx(name: str, zh: str = "文件不是有效的 Excel (.xlsx) 工作簿（可能已损坏或被截断）",
              en: str = "The file is not a valid Excel (.xlsx) workbook (it may be damaged or truncated)",
              hint_zh: str = "请用 Excel 或 WPS 重新保存为 .xlsx，或另存为 CSV",
              hint_en: str = "Re-save it as .xlsx in Excel or WPS, or save it as CSV",
              value: str | None = None) -> DataError:
    return DataError([Problem(zh, en, hint_zh, hint_en, file=name, value=value, code="bad_xlsx")])


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a multi-byte character cut by the 4 KB window
                return True
    return False


def check_xlsx(data: bytes, name: str = "file", max_uncompressed: int | None = None,
               max_ratio: float | None = None) -> None:
    """Refuse an ``.xlsx`` that is not a zip, or that would inflate beyond the limits.

    The limits default to the module's :data:`XLSX_MAX_UNCOMPRESSED` and :data:`XLSX_MAX_RATIO`
    at call time.  After the declared sizes pass, every member is inflated once (and thrown
    away) with reads capped at its declared size, so an archive that lies about its sizes fails
    its CRC check here instead of inflating inside the Excel reader.
    """
    max_uncompressed = XLSX_MAX_UNCOMPRESSED if max_uncompressed is None else max_uncompressed
    max_ratio = XLSX_MAX_RATIO if max_ratio is None else max_ratio
    if data.startswith(_OLE2_MAGIC):
        raise _xls_error(name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if _looks_like_text(data):
            raise _bad_xlsx(name, "文件扩展名是 .xlsx，但内容是文本（可能是改了扩展名的 CSV）",
                            "The file is named .xlsx but holds text (perhaps a CSV file renamed to .xlsx)",
                            "如果它是 CSV，请把扩展名改为 .csv；否则请在 Excel 或 WPS 中重新保存为 .xlsx",
                            "If it is a CSV file, rename it to .csv; otherwise re-save it as .xlsx in Excel or WPS") \
                from None
        raise _bad_xlsx(name) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > max_uncompressed or total / packed > max_ratio or len(infos) > XLSX_MAX_MEMBERS:
        raise DataError([Problem(
            f"Excel 文件解压后过大（声明 {total / 2**20:.0f} MB，压缩比 {total / packed:.0f}:1，"
            f"{len(infos)} 个部件），疑似“压缩炸弹”，已拒绝读取",
            f"The Excel file would inflate to {total / 2**20:.0f} MB (ratio {total / packed:.0f}:1, "
            f"{len(infos)} parts); refused as a possible zip bomb",
            "请只保留需要的工作表和数据，或另存为 CSV 后上传",
            "Keep only the sheet and data needed, or save it as CSV",
            file=name, code="zip_bomb")])
    if not any(i.filename.startswith("xl/") for i in infos):
        raise DataError([Problem(
            "压缩包中没有 Excel 工作表", "The archive holds no Excel worksheet",
            "请上传 .xlsx 工作簿或 CSV 文件", "Upload an .xlsx workbook or a CSV file",
            file=name, code="bad_xlsx")])
    try:  # inflate each member once, never more than it declares (zipfile stops there and checks the CRC)
        for info in infos:
            with zf.open(info) as member:
                while member.read(1 << 20):
                    pass
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise _bad_xlsx(name, value=str(exc)[:200]) from None


def _xls_error(name: str) -> DataError:
    return DataError([Problem(
        "这是旧版 Excel 97-2003 (.xls) 文件或加了密码的工作簿，无法直接读取",
        "This is an old Excel 97-2003 (.xls) file or a password-protected workbook, which cannot be read",
        "请在 Excel 或 WPS 中取消密码，并“另存为” .xlsx 或 CSV UTF-8",
        "Remove the password in Excel or WPS and save it as .xlsx or 'CSV UTF-8'",
        file=name, code="xls_format")])


def _blank(data: bytes) -> bool:
    """Only whitespace (after a UTF-8 BOM)?  Looks at the head first, so a big file is not copied."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    head = data[start:start + 65536]
    if head and not head.isspace():
        return False
    return not data[start:].strip()


def _is_xlsx(data: bytes, name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def sniff_delimiter(text: str) -> str:
    """The field delimiter of CSV ``text``: ``,`` unless the header line has no comma and a tab,
    ``;`` or ``|`` splits it and the following lines consistently.

    Only the first 20 non-blank lines (at most 64 KB) are looked at.

    Examples
    --------
    >>> sniff_delimiter("region;year\\n110000;2020\\n"), sniff_delimiter("a\\tb\\n1\\t2\\n")
    (';', '\\t')
    >>> sniff_delimiter("地区,备注\\n北京,a;b\\n")
    ','
    """
    lines = [ln for ln in re.split(r"\r\n|\r|\n", text[:65536]) if ln.strip()][:20]
    if not lines:
        return ","

    def width(line: str, d: str) -> int:
        try:
            return len(next(csv.reader([line], delimiter=d)))
        except (csv.Error, StopIteration):
            return 0

    if width(lines[0], ",") > 1:
        return ","
    body = lines[1:-1] if len(lines) > 2 else lines[1:]  # the last line of the sample may be cut
    for d in ("\t", ";", "|"):
        n = width(lines[0], d)
        if n > 1 and (not body or sum(width(ln, d) == n for ln in body) >= 0.8 * len(body)):
            return d
    return ","


def layout_hint(columns: Iterable[str]) -> tuple[str, str]:
    """Extra hint (zh, en) when a table has a single column: it was probably split wrongly."""
    cols = list(columns)
    if len(cols) != 1:
        return "", ""
    return ("。文件只读出一列——它是否用分号、制表符或全角逗号“，”分隔？请另存为逗号分隔的 CSV UTF-8",
            ". Only one column was found: is the file separated by ';', tabs or full-width commas? "
            "Save it as comma-separated 'CSV UTF-8'")


def _csv_header_width(text: str, delimiter: str) -> int | None:
    sample = text[: 1 << 20]
    try:
        for record in csv.reader(io.StringIO(sample), delimiter=delimiter):
            if record:
                return len(record)
    except csv.Error:
        return None
    return None


def _read_csv_arrow(text: str, delimiter: str) -> pd.DataFrame | None:
    """All cells as text with pyarrow's multithreaded reader, or None to fall back to pandas.

    Any input pyarrow refuses (ragged rows, ...) and any text with a quote character goes to
    the pandas parser, which fills short rows, reports unclosed quotes and gives the row
    numbers of the messages.
    """
    if pa_csv is None or '"' in text:
        # pyarrow silently accepts a quote left open at the end of the file (a truncated
        # file); files with quotes go to the pandas parser, which reports it
        return None
    n = _csv_header_width(text, delimiter)
    if not n or n < 2:  # pandas skips whitespace-only lines; in a one-column file arrow would keep them
        return None
    names = [f"c{i}" for i in range(n)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter),
            convert_options=pa_csv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    df = table.to_pandas(types_mapper={pa.string(): dtype, pa.large_string(): dtype}.get)
    df.columns = range(n)
    return df


def _read_csv_pandas(text: str, delimiter: str, name: str) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                           header=None, sep=delimiter)
    except pd.errors.EmptyDataError:
        raise DataError([Problem("文件没有表头或数据", "The file has no header and no data",
                                 "请检查是否上传了正确的文件", "Check that the right file was uploaded",
                                 file=name, code="empty")]) from None
    except pd.errors.ParserError as exc:
        msg = str(exc)
        m = re.search(r"EOF inside string starting at row (\d+)", msg)
        if m:  # pandas counts rows from 0
            raise DataError([Problem(
                "CSV 格式错误：引号没有闭合（文件可能被截断，或文本中的引号没有成对）",
                "Malformed CSV: a quotation mark is never closed (the file may be truncated, "
                "or a text has an unpaired quote)",
                "请检查该行起的引号是否成对，或重新导出完整的文件",
                "Check the quotes from that row on, or export the complete file again",
                file=name, row=int(m.group(1)) + 1, value=msg[:200], code="unclosed_quote")]) from None
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
        raise DataError([Problem(
            f"CSV 格式错误：该行的列数（{m.group(3)}）多于表头（{m.group(1)}）" if m else
            "CSV 格式错误：某行的列数与表头不一致",
            f"Malformed CSV: the row has {m.group(3)} fields but the header has {m.group(1)}" if m else
            "Malformed CSV: a row has more fields than the header",
            "请检查该行是否多了逗号，或含逗号的文本是否加了引号",
            "Check that row for an extra comma, or quote text that contains commas",
            file=name, row=int(m.group(2)) if m else None, value=msg[:200], code="csv_parse")]) from None


def _resolve_sheet(data: bytes, sheet: str | int | None, name: str) -> str | int:
    try:
        names = pd.ExcelFile(io.BytesIO(data), engine="calamine").sheet_names
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise _bad_xlsx(name, "无法读取 Excel 工作簿", "Cannot read the Excel workbook",
                        "请用 Excel 或 WPS 重新保存", "Re-save it in Excel or WPS", value=str(exc)[:200]) from None
    if sheet is None:
        sheet = 0
    if (isinstance(sheet, int) and not 0 <= sheet < len(names)) or (isinstance(sheet, str) and sheet not in names):
        shown = "、".join(names[:20])
        raise DataError([Problem(
            f"找不到工作表：{sheet}（工作簿中有：{shown}）",
            f"Worksheet not found: {sheet} (the workbook has: {', '.join(names[:20])})",
            "请选择存在的工作表（编号从 0 开始）", "Choose an existing worksheet (numbers start at 0)",
            file=name, value=str(sheet), code="no_sheet")])
    return sheet


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
        File over :data:`MAX_BYTES`, empty file, header only, undecodable
        bytes, duplicate column names, unbalanced quotes, ragged rows, a
        damaged or oversized workbook, a missing worksheet.

    Examples
    --------
    >>> df = read_table("地区,年份\\n北京,2020\\n".encode("gbk"), name="x.csv")
    >>> list(df.columns), df.iloc[0, 0]
    (['地区', '年份'], '北京')
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "upload"
        check_size(len(data), name)
    else:
        path = Path(source)
        name = name or path.name
        try:
            size = os.stat(path).st_size
            if not path.is_file():
                raise IsADirectoryError(21, "not a regular file")
            check_size(size, name)
            data = path.read_bytes()
        except OSError as exc:
            raise DataError([Problem(f"无法读取文件：{exc.strerror or exc}", f"Cannot read the file: {exc.strerror or exc}",
                                     "请检查文件路径和读取权限", "Check the file path and that it can be read",
                                     file=name, code="io")]) from None
    if _blank(data):
        raise DataError([Problem("文件为空", "The file is empty",
                                 "请检查是否上传了正确的文件", "Check that the right file was uploaded",
                                 file=name, code="empty")])
    if data.startswith(_OLE2_MAGIC):
        raise _xls_error(name)
    if _is_xlsx(data, name):
        check_xlsx(data, name)
        sheet = _resolve_sheet(data, sheet, name)
        try:
            df = pd.read_excel(io.BytesIO(data), sheet_name=sheet, engine="calamine", dtype=object, header=None)
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise _bad_xlsx(name, "无法读取 Excel 工作簿", "Cannot read the Excel workbook",
                            "请用 Excel 或 WPS 重新保存", "Re-save it in Excel or WPS", value=str(exc)[:200]) from None
        df = df.map(_cell_text) if len(df) else df.astype(object)
    else:
        text = decode_bytes(data, name)
        if not text.strip():
            raise DataError([Problem("文件为空", "The file is empty",
                                     "请检查是否上传了正确的文件", "Check that the right file was uploaded",
                                     file=name, code="empty")])
        delimiter = sniff_delimiter(text)
        df = _read_csv_arrow(text, delimiter)
        if df is None:
            df = _read_csv_pandas(text, delimiter, name)
        del text
    if df.empty:
        raise DataError([Problem("文件没有表头或数据", "The file has no header and no data",
                                 "请检查是否上传了正确的文件", "Check that the right file was uploaded",
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
    # trailing rows with every cell empty (Excel writes ",,,," lines below the data) are not data;
    # dropping only trailing ones keeps every other row's spreadsheet number
    end = len(df)
    while end > 0:  # look at the bottom rows only, a block at a time
        block = df.iloc[max(0, end - 256):end]
        filled = np.flatnonzero(block.ne("").any(axis=1).to_numpy())
        if len(filled):
            end = max(0, end - 256) + int(filled[-1]) + 1
            break
        end = max(0, end - 256)
    if end == 0:
        raise DataError([Problem("文件只有表头，没有数据行", "The file has a header but no data rows",
                                 "请至少填写一行数据", "Add at least one data row", file=name, code="header_only")])
    if end < len(df):
        df = df.iloc[:end]
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


def _text_array(values: pd.Series):
    """``values`` as a pyarrow string array with "" for missing, or None without pyarrow."""
    if pa is None:
        return None
    s = values if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object else values.astype("string")
    try:
        arr = pa.array(s, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        return None
    return pc.fill_null(arr, "") if arr.null_count else arr


def _single_digits(arr) -> np.ndarray | None:
    """Floats of a string array whose every cell is empty or one ASCII digit, else None.

    The fast path for Likert answers: the digits are the bytes of the data buffer, so no text
    is parsed at all.
    """
    n = len(arr)
    if n == 0 or arr.null_count:
        return None
    off_type = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    _, off_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(off_buf, dtype=off_type)[arr.offset: arr.offset + n + 1]
    lengths = np.diff(offsets)
    if lengths.max(initial=0) > 1:
        return None
    out = np.full(n, np.nan)
    one = lengths == 1
    if one.any():
        data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.empty(0, np.uint8)
        d = data[offsets[:-1][one]].astype(np.int16) - 48
        if d.min() < 0 or d.max() > 9:
            return None
        out[one] = d
    return out


def _parse_text(values: pd.Series) -> tuple[np.ndarray, np.ndarray, list]:
    """Parse text cells: ``(floats, positions that failed, their raw texts)``.

    The raw texts are a list or a pyarrow array (index it with :func:`_text_at`; a column with
    a million mistakes is not turned into a million Python strings).

    Plain numbers (the strict pattern of :data:`_NUMBER`, ASCII only) are cast in one vectorised
    step; only the other cells (``"85%"``, ``"１，２３４"``, missing tokens, mistakes) go through
    :func:`_parse_one`, once per distinct text.
    """
    n = len(values)
    out = np.full(n, np.nan)
    arr = _text_array(values)
    if arr is not None:
        digits = _single_digits(arr)
        if digits is not None:  # Likert answers and 0/1 flags: read the bytes directly
            return digits, np.empty(0, dtype=np.int64), []
        empty = pc.equal(arr, "")
        nulled = pc.if_else(empty, pa.scalar(None, arr.type), arr)
        try:  # the common case: every cell is a plain number or empty (a failed cast is slow,
            pc.cast(nulled.slice(0, 2048), pa.float64())  # so a sample is tried first)
            cast = pc.cast(nulled, pa.float64())
            out = cast.to_numpy(zero_copy_only=False).astype(np.float64, copy=True)
            # arrow also reads "nan", "NAN", "inf", "-Infinity", ...: look at those cells again
            plain = ~np.isnan(out) & ~np.isinf(out)
            out[np.isinf(out)] = np.nan
        except pa.ArrowException:
            plain = pc.match_substring_regex(arr, _NUMBER_PATTERN).to_numpy(zero_copy_only=False)
            if plain.any():
                out[plain] = pc.cast(arr.filter(pa.array(plain)), pa.float64()).to_numpy(zero_copy_only=False)
        rest = ~plain & ~empty.to_numpy(zero_copy_only=False)
        other = np.flatnonzero(rest)
        if not len(other):
            return out, np.empty(0, dtype=np.int64), []
        # each distinct text once: a column with a systematic mistake has few distinct texts
        rest_arr = arr.filter(pa.array(rest))
        uniq = pc.unique(rest_arr)
        parsed = [_parse_one(u) for u in uniq.to_pylist()]
        which = pc.index_in(rest_arr, value_set=uniq).to_numpy(zero_copy_only=False)
        good = np.array([ok for _, ok in parsed], dtype=bool)[which]
        out[other] = np.array([v for v, _ in parsed], dtype=np.float64)[which]
        return out, other[~good], rest_arr.filter(pa.array(~good))
    else:
        s = values.astype("string").fillna("")
        other = np.flatnonzero((s != "").to_numpy())
        raws = [s.iat[i] for i in other]
    bad_pos, bad_raw = [], []
    cache: dict[str, tuple[float, bool]] = {}
    for i, raw in zip(other, raws):
        hit = cache.get(raw)
        if hit is None:
            hit = cache[raw] = _parse_one(raw)
        if hit[1]:
            out[i] = hit[0]
        else:
            bad_pos.append(i)
            bad_raw.append(raw)
    return out, np.asarray(bad_pos, dtype=np.int64), bad_raw


def _text_at(texts, k: int) -> str:
    v = texts[k]
    return v.as_py() if pa is not None and isinstance(v, pa.Scalar) else v


def parse_numeric(values: pd.Series, *, file: str | None = None, column: str | None = None,
                  row_offset: int = 2, report: Report | None = None) -> np.ndarray:
    """Parse a column of text into floats, reporting every value that fails.

    Accepted: plain numbers, ``"85%"`` (read as 85, the number of percent —
    the unit stays as the framework declares it), thousands separators
    (``"1,234.5"``, ``"1 234"``), full-width digits and punctuation (``"８５"``,
    NFKC), the Unicode minus sign.  Missing: the tokens in
    :data:`MISSING_TOKENS`.  Refused: anything else (``"85%%"``, ``"1.2.3"``,
    ``"12 3"``, ``"五"``) and infinite values.  At most
    :data:`~metrics.errors.MAX_PER_COLUMN` failures are listed, then one
    "… and N more" line.

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
    out, bad_pos, bad_raw = _parse_text(values)
    inf_pos = np.flatnonzero(np.isinf(out))
    out[inf_pos] = np.nan
    # bad_pos and inf_pos are sorted and disjoint; only the first few failures are looked at
    n_failures = len(bad_pos) + len(inf_pos)
    first = sorted(bad_pos[:MAX_PER_COLUMN].tolist() + inf_pos[:MAX_PER_COLUMN].tolist())[:MAX_PER_COLUMN]
    for i in first:
        k = int(np.searchsorted(bad_pos, i))
        is_inf = not (k < len(bad_pos) and bad_pos[k] == i)
        raw = str(values.iat[i]) if is_inf else _text_at(bad_raw, k)
        if is_inf or _normalise(raw).lower() in _INFINITY:
            report.add("数值为无穷大", "Infinite value",
                       "请填写有限的数字；无法得到的值请留空或填“-”",
                       "Write a finite number; leave values that cannot be had empty or write '-'",
                       file=file, row=i + row_offset, column=column, value=raw[:80], code="not_a_number")
        else:
            report.add("不是数字", "Not a number",
                       "请填写数字（可带 % 或千位分隔符），缺失请留空或填“-”",
                       "Write a number (% and thousands separators are fine); leave missing values empty or write '-'",
                       file=file, row=i + row_offset, column=column, value=raw[:80], code="not_a_number")
    report.add_more(n_failures - MAX_PER_COLUMN, file=file, column=column, code="not_a_number")
    if own:
        report.raise_if_errors()
    return out


def _normalise(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip().replace("\u2212", "-")


def _parse_one(raw: str) -> tuple[float, bool]:
    if raw[:1] == "'" and raw[1:2] in ("=", "+", "-", "@"):
        raw = raw[1:]  # a cell neutralised by metrics.safe on export ("'-3", "'-"): read it back as written
    if raw.strip() in MISSING_TOKENS:
        return np.nan, True
    t = _normalise(raw)
    if t in MISSING_TOKENS:
        return np.nan, True
    if t.endswith("%"):
        t = t[:-1].strip()
    if _THOUSANDS.match(t) or _THOUSANDS_SPACE.match(t):
        t = t.replace(",", "").replace(" ", "")
    if _NUMBER.match(t):
        return float(t), True  # may be inf ("1e999"): parse_numeric reports it
    return np.nan, False


def find_column(columns: Iterable[str], aliases: Iterable[str]) -> str | None:
    """The first column whose name matches an alias (case-insensitive, NFKC)."""
    norm = {str(c).strip().lower(): c for c in columns}
    for a in aliases:
        if a.lower() in norm:
            return norm[a.lower()]
    return None
