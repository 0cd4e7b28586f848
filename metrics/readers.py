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
* In a ``;``-separated file the comma is the decimal mark (``1,500`` is 1.5), as
  Excel writes CSV where the comma is the decimal mark; the report says so in a
  warning, and a value that could be read either way (``1.500``) is an error
  naming its row and column.  Elsewhere ``1,234.5`` has a thousands separator,
  and ``0,750`` (never a thousands group) is not a number.
* Values whose magnitude is above :data:`MAX_MAGNITUDE` or, other than zero,
  below :data:`MIN_MAGNITUDE` are errors with their row and column: ranges,
  sums of squares and ratios of such numbers overflow, or underflow to zero.
* A NUL byte in a text file is an error naming its row and column; a file with
  more than :data:`MAX_COLUMNS` columns is refused before it is parsed.
* Zero-width and direction-control characters (U+200B, U+202E, ...) are
  removed from headers, as is anything NFKC folds (full-width letters).
* ``.xlsx`` workbooks are read by :mod:`metrics.xlsx` within fixed limits
  (parts, ratio, cells, columns, text, memory and time), whatever they claim.
"""
from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from . import xlsx
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

#: Most columns a table may have (CSV and ``.xlsx``), checked before it is parsed.
MAX_COLUMNS = 5_000

#: Largest magnitude of a value, and smallest other than zero: beyond them ranges, sums of squares
#: and ratios overflow or underflow (1.7e308 - (-1.7e308) is inf), so such values are errors.
MAX_MAGNITUDE = 1e100
MIN_MAGNITUDE = 1e-100

# thousands groups: the first group never starts with 0 ("0,750" is no thousands group)
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_THOUSANDS_SPACE = re.compile(r"^[+-]?[1-9]\d{0,2}( \d{3})+(\.\d+)?$")
# where the comma is the decimal mark (";"-separated files)
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")                                  # 1,5  0,750  1,500
_DOT_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}([. ]\d{3})+(,\d+)?$")          # 1.234,5  1 234,5
_ONE_DOT_GROUP = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")                       # 1.500: 1500 or 1.5?
_NUMBER_PATTERN = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_NUMBER = re.compile(_NUMBER_PATTERN)
_INFINITY = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"})
#: Characters removed from headers and region cells: zero-width characters, the BOM, the soft
#: hyphen and direction controls (U+202E turns "abc" into "cba" on screen).
INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE), None)
_SAVE_AS_UTF8_ZH = "请在 Excel 或 WPS 中“另存为”“CSV UTF-8（逗号分隔）”或 .xlsx 后重新上传"
_SAVE_AS_UTF8_EN = "Save it again as 'CSV UTF-8 (Comma delimited)' or .xlsx in Excel or WPS and upload it again"


def clean_text(name: object) -> str:
    """A header or code as it is meant: NFKC-normalised, invisible characters removed, stripped.

    Examples
    --------
    >>> clean_text("北\u200b京 "), clean_text("\u202e１１００００")
    ('北京', '110000')
    """
    return unicodedata.normalize("NFKC", str(name)).translate(_INVISIBLE).strip()


_strip_header = clean_text


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
    """A UTF-16 BOM, or text that decodes cleanly as UTF-16 with NUL bytes in it as UTF-16 has them
    (BOM-less): every separator, digit and Latin letter brings one, so at least one byte in ten is
    NUL, where a stray NUL byte in a UTF-8 file is one in thousands."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:4096]
    if head.count(b"\x00") < max(2, len(head) // 10):
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


def _nul_problem(data: bytes, nul: int, name: str) -> Problem:
    """The first NUL byte of an otherwise textual file, with its row and column."""
    start = data.rfind(b"\n", 0, nul) + 1
    head = data[:65536].replace(b"\x00", b"")
    text = head.decode("utf-8", "replace") if head[:3] != b"\xef\xbb\xbf" else head[3:].decode("utf-8", "replace")
    if "\ufffd" in text:
        text = head.decode("gb18030", "replace")
    delimiter = sniff_delimiter(text)
    first = text.splitlines()[0] if text.strip() else ""
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = []
    field = data.count(delimiter.encode(), start, nul)
    column = clean_text(header[field]) if field < len(header) and clean_text(header[field]) else f"#{field + 1}"
    n = data.count(b"\x00")
    return Problem(
        f"文件中有 {n} 个 NUL 字节（二进制零，\\x00），文本文件中不应出现",
        f"The file holds {n} NUL byte(s) (binary zero, \\x00), which a text file should not contain",
        "请在文本编辑器中删除该字符，或从原程序重新导出 CSV UTF-8",
        "Delete the character in a text editor, or export the file again as 'CSV UTF-8'",
        file=name, row=_line_of(data, nul), column=column, value="\\x00", code="nul_byte")


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
    nul = data.find(b"\x00")
    if nul >= 0:
        head = data[:8192]
        if head.count(b"\x00") > max(4, len(head) // 100) or not xlsx.looks_like_text(head.replace(b"\x00", b"")):
            raise DataError([Problem(
                "文件含有二进制内容，不是文本表格（可能是图片、PDF、压缩包或其他格式）",
                "The file holds binary content and is not a text table (it may be an image, a PDF or an archive)",
                "请上传 CSV 或 .xlsx 文件", "Upload a CSV or .xlsx file",
                file=name, row=_line_of(data, nul), code="not_text")])
        raise DataError([_nul_problem(data, nul, name)])
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


def check_xlsx(data: bytes, name: str = "file", max_uncompressed: int | None = None,
               max_ratio: float | None = None) -> None:
    """Refuse an ``.xlsx`` that is not a zip, or whose parts are over the limits of
    :mod:`metrics.xlsx` (steps 1 and 2 there: every part inflated once, never past its declared
    size).  The limits default to :data:`metrics.xlsx.MAX_UNCOMPRESSED` and
    :data:`metrics.xlsx.MAX_RATIO` at call time."""
    xlsx.inspect(data, name, max_uncompressed, max_ratio)


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

    # a title line above the header (one field whatever the delimiter) does not decide
    lines = next((lines[i:] for i, ln in enumerate(lines[:10]) if any(width(ln, d) > 1 for d in ",\t;|")), lines)
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


def _csv_width(text: str, delimiter: str, rows: int = 1) -> int | None:
    """The width of the table as read: the number of fields of the first record, or, when it has
    fewer than two filled fields (a title line above the header), the most of the first ``rows``."""
    sample = text[: 1 << 20]
    widths, first_filled = [], 0
    try:
        for record in csv.reader(io.StringIO(sample), delimiter=delimiter):
            if record:
                if not widths:
                    first_filled = sum(1 for f in record if f.strip())
                widths.append(len(record))
                if len(widths) >= rows:
                    break
    except csv.Error:
        pass
    if not widths:
        return None
    return widths[0] if first_filled >= 2 else max(widths)


def _read_csv_arrow(text: str, delimiter: str, n: int) -> pd.DataFrame | None:
    """All cells as text with pyarrow's multithreaded reader, or None to fall back to pandas.

    Any input pyarrow refuses (ragged rows, ...) and any text with a quote character goes to
    the pandas parser, which fills short rows, reports unclosed quotes and gives the row
    numbers of the messages.
    """
    if pa_csv is None or '"' in text:
        # pyarrow silently accepts a quote left open at the end of the file (a truncated
        # file); files with quotes go to the pandas parser, which reports it
        return None
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


def _read_csv_pandas(text: str, delimiter: str, name: str, n: int | None) -> pd.DataFrame:
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                         header=None, sep=delimiter, names=range(n) if n else None)
        return df.fillna("")  # rows shorter than the widest of the first ones (a title line) are filled
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


#: Rows looked at for the header when it is found rather than given (titles, group headers and
#: blank rows above it); a header below them must be given (``header_row``).
HEADER_SCAN = 30
#: A row below the data that is a note or a source line ("注：", "资料来源：", "Source:", "Note:").
NOTE_ROW = re.compile(r"^[\s*＊※#]*(注\s*[0-9０-９]*|注释|说明|备注|资料来源|数据来源|来源|出处|"
                      r"sources?|notes?\s*[0-9]*)\s*[:：]", re.IGNORECASE)


def _empty_file(name: str) -> DataError:
    return DataError([Problem("文件为空", "The file is empty", "请检查是否上传了正确的文件",
                              "Check that the right file was uploaded", file=name, code="empty")])


def _cells(source: str | os.PathLike | bytes, name: str | None, sheet: str | int | None):
    """Every cell as text, columns by position, row ``i`` being the file's row ``i + 1``:
    ``(frame, file name, delimiter, (sheet read, sheets) of a workbook or None)``.  Every guard of
    :func:`read_table` on the file itself (size, encoding, limits, parse errors) runs here."""
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
        raise _empty_file(name)
    if data.startswith(xlsx.OLE2_MAGIC):
        raise xlsx.xls_error(name)
    book = delimiter = None
    if _is_xlsx(data, name):
        df, chosen, sheets = xlsx.read_sheet(data, name, sheet, max_columns=MAX_COLUMNS)
        book = (chosen, sheets)
        del data
        if df.empty:
            raise DataError([Problem(f"工作表“{chosen.name}”是空的", f"The worksheet '{chosen.name}' is empty",
                                     "请选择含有数据的工作表，或检查是否上传了正确的文件",
                                     "Choose the sheet that holds the data, or check that the right file was uploaded",
                                     file=name, value=chosen.name, code="empty")])
    else:
        text = decode_bytes(data, name)
        del data
        if not text.strip():
            raise _empty_file(name)
        delimiter = sniff_delimiter(text)
        width = _csv_width(text, delimiter, HEADER_SCAN) or 0
        if width > MAX_COLUMNS:
            raise DataError([Problem(
                f"文件有 {width:,} 列，超过 {MAX_COLUMNS:,} 列的上限，因此在读取数据行之前就被拒绝了（一行也没有读取）",
                f"The file has {width:,} columns; the limit is {MAX_COLUMNS:,}, so it was refused before any of its "
                "rows were read",
                f"请只保留地区、年份和要评估的指标列（不超过 {MAX_COLUMNS:,} 列），或按指标拆分为几个文件（每个都带地区和年份列）；"
                "也可以改用长表格式（region, year, indicator, value，只有 4 列）",
                f"Keep only the region, year and indicator columns to be assessed (at most {MAX_COLUMNS:,}), or split "
                "the indicators over several files, each with the region and year columns; or use the long layout "
                "(region, year, indicator, value: 4 columns)",
                file=name, row=1, value=f"{width:,}", code="too_many_columns")])
        df = _read_csv_arrow(text, delimiter, width)
        if df is None:
            df = _read_csv_pandas(text, delimiter, name, width or None)
        del text
    if df.empty:
        raise DataError([Problem("文件没有表头或数据", "The file has no header and no data",
                                 "请检查是否上传了正确的文件", "Check that the right file was uploaded",
                                 file=name, code="empty")])
    return df, name, delimiter, book


def read_cells(source: str | os.PathLike | bytes, name: str | None = None,
               sheet: str | int | None = None) -> pd.DataFrame:
    """Every cell of a CSV file or a worksheet as text, nothing taken as the header: columns by
    position, row ``i`` of the frame is row ``i + 1`` of the file (for a preview of the rows a
    header could be in).  The guards of :func:`read_table` apply.

    Examples
    --------
    >>> read_cells("表1\\n地区,年份\\n北京,2020\\n".encode("gbk"), name="t.csv").values.tolist()
    [['表1', ''], ['地区', '年份'], ['北京', '2020']]
    """
    df, name, delimiter, _ = _cells(source, name, sheet)
    df.attrs.update(name=name, delimiter=delimiter)
    return df


def _hits(row, known: frozenset) -> int:
    """How many distinct cells of a row are recognised header names."""
    return len({k for k in (clean_text(c).lower() for c in row if c) if k in known})


def find_header(cells: pd.DataFrame, known: Iterable[str] = ()) -> tuple[int, bool]:
    """The header row of a table of text cells: ``(row index from 0, confident)``.

    Among the first :data:`HEADER_SCAN` rows, the row with the most cells naming a ``known`` header
    (codes, names, ``region``, ``year`` ...; compared NFKC, case-insensitively), the first of equals.
    Without any, the first row of two or more distinct, mostly non-numeric cells filling at least 60%
    of the table's width (a title is one cell, a group header a few, blank rows none).  It is
    ``confident`` when that row is the first non-blank one, or when it names at least two known
    headers and twice as many as any other row.

    Examples
    --------
    >>> cells = pd.DataFrame([["表 1 各地区指标", "", ""], ["", "组织", ""], ["地区", "年份", "指标A"],
    ...                       ["北京", "2020", "1"]])
    >>> find_header(cells, ["地区", "年份"]), find_header(cells)
    ((2, True), (2, False))
    """
    known = frozenset(clean_text(k).lower() for k in known)
    n = min(len(cells), HEADER_SCAN)
    rows = [[("" if v is None or v != v else str(v)).strip() for v in r] for r in cells.iloc[:n].to_numpy(object)]
    filled = [sum(1 for c in r if c) for r in rows]
    first = next((i for i in range(n) if filled[i]), 0)
    hits = [_hits(r, known) for r in rows] if known else [0] * n
    best = max(range(n), key=lambda i: (hits[i], -i)) if n else 0
    if n and hits[best]:
        others = max((hits[i] for i in range(n) if i != best), default=0)
        return best, best == first or (hits[best] >= 2 and hits[best] >= 2 * others)
    width = max(filled, default=0)
    for i in range(first, n):
        texts = [c for c in rows[i] if c]
        numbers = sum(1 for c in texts if _NUMBER.match(_normalise(c)))
        if (len(texts) >= 2 and len(texts) >= 0.6 * width and len(set(texts)) == len(texts)
                and numbers <= len(texts) / 3):
            return i, i == first
    return first, first == 0


def _span(rows: list[int]) -> str:
    """``[1, 2, 3]`` -> ``"1–3"``, ``[5]`` -> ``"5"`` (1-based rows, consecutive)."""
    return str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"


#: Most cells, and column stretches, that merged ranges may fill (a hostile sheet may declare many
#: wide ranges; beyond these the cells other than each range's first are read as empty, as before).
MAX_FILLED_CELLS = 1_000_000
MAX_FILLED_SPANS = 100_000


def _fill_merged(cells: pd.DataFrame, ranges: list, start: int, end: int) -> tuple[list[str], int]:
    """Copy the value of each merged range that lies below the header (rows ``start`` to ``end - 1``)
    into every cell of it, as the sheet shows it: ``(A1 references of the ranges filled, number of
    such ranges left unfilled because of the limits)``."""
    by_col: dict[int, list] = {}
    done, skipped, area, spans = [], 0, 0, 0
    width = cells.shape[1]
    for r0, c0, r1, c1 in sorted(ranges):
        if r0 < start or r0 >= end or c0 >= width or (r0 == r1 and c0 == c1):
            continue  # a range in the header (or above it) labels columns; it is not data
        b, c_end = min(r1, end - 1), min(c1, width - 1)
        n_cols = c_end - c0 + 1
        if area + (b - r0 + 1) * n_cols > MAX_FILLED_CELLS or spans + n_cols > MAX_FILLED_SPANS:
            skipped += 1
            continue
        area += (b - r0 + 1) * n_cols
        spans += n_cols
        value = cells.iat[r0, c0]
        for c in range(c0, c_end + 1):
            by_col.setdefault(c, []).append((r0, b, value))
        done.append(f"{xlsx.column_letters(c0 + 1)}{r0 + 1}:{xlsx.column_letters(c1 + 1)}{r1 + 1}")
    for c, fills in by_col.items():
        col = cells[c].to_numpy(dtype=object, copy=True)
        for a, b, value in fills:
            col[a:b + 1] = value
        cells[c] = pd.array(col, dtype=cells[c].dtype)
    return done, skipped


def _trailing_notes(df: pd.DataFrame) -> tuple[int, list[int], str]:
    """Rows at the bottom that are notes or sources ("注：", "资料来源：", "Source:"), blank rows between
    them included: ``(rows kept, positions of the note rows, text of the first)``."""
    end, notes, text = len(df), [], ""
    looked = 0
    while end > 0 and looked < 200:
        looked += 1
        row = [v for v in df.iloc[end - 1].tolist() if isinstance(v, str) and v.strip()]
        if not row:
            end -= 1
            continue
        if len(row) <= 2 and NOTE_ROW.match(unicodedata.normalize("NFKC", row[0])):
            notes.insert(0, end - 1)
            text = row[0]
            end -= 1
            continue
        break
    if not notes:
        return len(df), [], ""
    return end, notes, text


def read_table(source: str | os.PathLike | bytes, name: str | None = None,
               sheet: str | int | None = None, header_row: int | None = 1, known: Iterable[str] | None = None,
               tidy: bool = False) -> pd.DataFrame:
    """Read a CSV or ``.xlsx`` table with every cell as text.

    Parameters
    ----------
    source : path or bytes
        A file path, or the raw bytes of an upload.
    name : str, optional
        The file name used in messages (and to tell ``.xlsx`` from CSV when
        ``source`` is bytes).
    sheet : str or int, optional
        Worksheet of an ``.xlsx`` (default: the first visible one).
    header_row : int or None
        The row (1 = the first) that holds the column names; ``None`` finds it
        (:func:`find_header` with the ``known`` header names): title rows, group
        headers and blank rows above it are skipped.
    known : iterable of str, optional
        Header names that identify the header row (codes, names, ``region`` ...).
    tidy : bool
        Read a table as statistical yearbooks lay it out: a second header row
        right below the header (names in another language, or codes) is
        skipped, notes and sources at the bottom ("注：", "资料来源：",
        "Source:", "Note:") are not data, and merged cells below the header
        hold their value in every cell, as the sheet shows them.  Each of these
        is said in a note (``severity="info"``) or warning.

    Returns
    -------
    pandas.DataFrame
        Columns named by the header row (stripped, NFKC-normalised, invisible
        characters removed); every cell a ``str`` (empty string for an empty
        cell).  ``attrs``: ``name`` (the file name), ``delimiter`` (of a CSV
        file), ``problems`` (warnings and notes about what was read: formulas
        with no saved value, merged cells, a hidden sheet skipped, the header
        row, note rows), ``header_row`` (the row of the header, 1 = first),
        ``first_row`` (the file's row number of the first data row),
        ``header_found`` and ``header_confident`` (whether the header row was
        found rather than given, and how surely).

    Raises
    ------
    DataError
        File over :data:`MAX_BYTES`, more than :data:`MAX_COLUMNS` columns,
        empty file, header only, undecodable bytes, a NUL byte, duplicate
        column names, unbalanced quotes, ragged rows, a damaged workbook or
        one over the limits of :mod:`metrics.xlsx`, a missing worksheet, a
        ``header_row`` beyond the table.

    Examples
    --------
    >>> df = read_table("地区,年份\\n北京,2020\\n".encode("gbk"), name="x.csv")
    >>> list(df.columns), df.iloc[0, 0]
    (['地区', '年份'], '北京')
    """
    cells, name, delimiter, book = _cells(source, name, sheet)
    report = Report()
    found = header_row is None
    h, confident, cols, start, ranges = _header(cells, header_row, known, tidy, book, name, report)
    end = _note_rows_start(cells, start, name, report) if tidy else len(cells)
    filled, unfilled = _fill_merged(cells, ranges, start, end) if ranges else ([], 0)
    if unfilled:
        report.add(f"另有 {unfilled:,} 处合并单元格超出可填充的数量（{MAX_FILLED_CELLS:,} 个单元格），未填充：其中除左上角外的单元格按空值读取",
                   f"{unfilled:,} more merged range(s) exceed what can be filled ({MAX_FILLED_CELLS:,} cells) and were "
                   "not: their cells other than the top-left one are read as empty",
                   "请取消合并并在每个单元格中填写数值", "Unmerge the cells and fill in every cell",
                   file=name, severity="warning", code="merged_cells")
    df = _data_rows(cells.iloc[start:end].reset_index(drop=True), cols, h, tidy, name, report)
    sheet_notes = xlsx.sheet_warnings(book[0], book[1], sheet is not None, cols, name,
                                      filled=filled if tidy else None) if book else []
    df.attrs.update(name=name, delimiter=delimiter, problems=sheet_notes + report.problems, header_row=h + 1,
                    first_row=start + 1, header_found=found, header_confident=confident)
    return df


def _header(cells: pd.DataFrame, header_row: int | None, known, tidy: bool, book, name: str,
            report: Report) -> tuple[int, bool, list[str], int, list]:
    """The header row (given or found): ``(row index, confident, column names, first data row, merged ranges)``."""
    n_rows = len(cells)
    _check_header_row(header_row, n_rows, name)
    found = header_row is None
    known = frozenset(clean_text(k).lower() for k in known or ())
    h, confident = find_header(cells, known) if found else (header_row - 1, True)
    raw_header = cells.iloc[h].tolist()
    ranges = book[0].ranges if book is not None and tidy else []
    cols = _header_names(cells, raw_header, ranges, h)
    start = _second_header_end(cells, raw_header, known, h) if tidy and known else h + 1
    if tidy and (h > 0 or start > h + 1 or not confident):
        _header_row_note(h, start, found, confident, cols, name, report)
    return h, confident, cols, start, ranges


def _data_rows(df: pd.DataFrame, cols: list, h: int, tidy: bool, name: str, report: Report) -> pd.DataFrame:
    """The rows below the header named by it: column names checked, cells stripped, trailing empty rows dropped."""
    _check_column_names(df, cols, h, tidy, name, report)
    report.raise_if_errors()
    df.columns = cols
    df = df.loc[:, [c != "" for c in cols]]
    if df.empty:
        raise _header_only(name)
    # strip cell whitespace (vectorised)
    df = df.apply(lambda s: s.str.strip())
    return _drop_trailing_empty_rows(df, name)


_HEADER_HINT_ZH = "如表头不在这一行，请在数据页的“表头行”中选择，或在命令行用 --header-row N 指定"
_HEADER_HINT_EN = "If the header is in another row, choose it under 'Header row' on the Data page, or pass --header-row N"


def _check_header_row(header_row, n_rows: int, name: str) -> None:
    """A given header row must be a row of the table (1 = the first)."""
    if header_row is not None and not (isinstance(header_row, (int, np.integer)) and 1 <= header_row <= n_rows):
        raise DataError([Problem(
            f"表头行 {header_row} 不存在：该表只有 {n_rows:,} 行", f"There is no header row {header_row}: the table "
            f"has {n_rows:,} rows", "请选择表头所在的行（第一行为 1）", "Choose the row that holds the header (the first "
            "row is 1)", file=name, value=str(header_row), code="bad_header_row")])


def _header_names(cells: pd.DataFrame, raw_header: list, ranges: list, h: int) -> list[str]:
    """The cleaned column names of header row ``h`` ("" where a column has none)."""
    cols = [clean_text(c) if isinstance(c, str) else "" for c in raw_header]
    for r0, c0, r1, _ in ranges:  # a label merged down over two header rows names the column of its first cell
        if r0 < h <= r1 and c0 < len(cols) and not cols[c0]:
            cols[c0] = clean_text(cells.iat[r0, c0])
    return cols


def _second_header_end(cells: pd.DataFrame, raw_header: list, known: frozenset, h: int) -> int:
    """The first data row: below a second header row (names in another language, or codes) right below ``h``."""
    start = h + 1
    need = max(2, _hits(raw_header, known) / 2)
    while start < min(len(cells), h + 4) and _hits(cells.iloc[start].tolist(), known) >= need:
        start += 1
    return start


def _header_row_note(h: int, start: int, found: bool, confident: bool, cols: list, name: str,
                     report: Report) -> None:
    """Say which row is the header and which rows above and below it are not data."""
    above = list(range(1, h + 1))
    extra = list(range(h + 2, start + 1))
    zh = (f"表头在第 {h + 1} 行" + ("（自动识别）" if found and confident else "（无法确定，请核对）" if found else "")
          + (f"；其上的第 {_span(above)} 行（标题、分组表头或空行）未作为数据读取" if above else "")
          + (f"；第 {_span(extra)} 行是第二行表头，也未作为数据读取" if extra else ""))
    en = (f"The header is row {h + 1}" + (" (found automatically)" if found and confident
                                           else " (uncertain: check it)" if found else "")
          + (f"; row(s) {_span(above)} above it (a title, group headers or blank rows) are not read as data"
             if above else "")
          + (f"; row(s) {_span(extra)} are a second header row and are not read as data either" if extra else ""))
    report.add(zh, en, _HEADER_HINT_ZH, _HEADER_HINT_EN, file=name, row=h + 1,
               value=" | ".join(c for c in cols if c)[:80] or None,
               severity="info" if confident else "warning", code="header_row")


def _note_rows_start(cells: pd.DataFrame, start: int, name: str, report: Report) -> int:
    """Where the data ends: notes and sources at the bottom are not data (said in a note)."""
    kept, notes, text = _trailing_notes(cells.iloc[start:])
    if not notes:
        return len(cells)
    note_rows = [start + i + 1 for i in notes]
    report.add(f"第 {'、'.join(map(str, note_rows))} 行是表格下方的注释或资料来源，未作为数据读取",
               f"Row(s) {', '.join(map(str, note_rows))} below the table are notes or sources and are not "
               "read as data", "如这些行是数据，请删除其开头的“注：”“资料来源：”等字样",
               "If they are data, remove the 'Note:' or 'Source:' at their start",
               file=name, row=note_rows[0], value=text[:80], severity="info", code="note_rows")
    return start + kept


def _check_column_names(df: pd.DataFrame, cols: list, h: int, tidy: bool, name: str, report: Report) -> None:
    """Duplicate column names and columns with data but no header are errors."""
    seen: dict[str, int] = {}
    missing = []
    for i, c in enumerate(cols):
        if c == "":
            if i < df.shape[1] and df.iloc[:, i].astype(str).str.strip().ne("").any():
                missing.append(i)
        elif c in seen:
            report.add(f"列名重复：“{c}”出现了不止一次", f"Duplicate column name '{c}'",
                       "每个列名只能出现一次；请删除或重命名重复的列",
                       "Each column name may appear once; delete or rename the duplicate",
                       file=name, row=h + 1 if h else None, column=c, code="duplicate_column")
        seen[c] = i
    hint_en = _HEADER_HINT_EN
    for i in missing[:MAX_PER_COLUMN]:
        report.add("有数据的列缺少表头", "A column with data has no header",
                   "请为该列填写列名，或删除该列" + ("；" + _HEADER_HINT_ZH if tidy else ""),
                   "Give the column a name or delete it" + ("; " + hint_en[0].lower() + hint_en[1:] if tidy else ""),
                   file=name, row=h + 1 if h else None, column=f"#{i + 1}", code="no_header")
    report.add_more(len(missing) - MAX_PER_COLUMN, file=name, code="no_header")


def _header_only(name: str) -> DataError:
    """The error for a table with a header and no data rows."""
    return DataError([Problem("文件只有表头，没有数据行", "The file has a header but no data rows",
                              "请至少填写一行数据", "Add at least one data row", file=name, code="header_only")])


def _drop_trailing_empty_rows(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Without the trailing rows whose every cell is empty (Excel writes ",,,," lines below the data)."""
    # dropping only trailing ones keeps every other row's spreadsheet number
    end = len(df)
    while end > 0:  # look at the bottom rows only, a block at a time
        block = df.iloc[max(0, end - 256):end]
        filled_rows = np.flatnonzero(block.ne("").any(axis=1).to_numpy())
        if len(filled_rows):
            end = max(0, end - 256) + int(filled_rows[-1]) + 1
            break
        end = max(0, end - 256)
    if end == 0:
        raise _header_only(name)
    if end < len(df):
        df = df.iloc[:end]
    return df


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


# what _parse_one makes of a text
_BAD, _OK, _COMMA, _AMBIGUOUS = 0, 1, 2, 3


def _parse_text(values: pd.Series, decimal: str = ".", notes: dict | None = None
                ) -> tuple[np.ndarray, np.ndarray, list]:
    """Parse text cells: ``(floats, positions that failed, their raw texts)``.

    The raw texts are a list or a pyarrow array (index it with :func:`_text_at`; a column with
    a million mistakes is not turned into a million Python strings).

    Plain numbers (the strict pattern of :data:`_NUMBER`, ASCII only) are cast in one vectorised
    step; only the other cells (``"85%"``, ``"１，２３４"``, missing tokens, mistakes) go through
    :func:`_parse_one`, once per distinct text.  With ``decimal=","`` a plain ``1.500`` is not
    plain (it is ambiguous), and ``notes["comma"]`` gets the position of the first value read
    with a decimal comma.
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
        if decimal == ",":  # "1.500" where the comma is the decimal mark: 1500 or 1.5?
            plain &= ~pc.match_substring_regex(arr, _ONE_DOT_GROUP.pattern).to_numpy(zero_copy_only=False)
        rest = ~plain & ~empty.to_numpy(zero_copy_only=False)
        other = np.flatnonzero(rest)
        if not len(other):
            return out, np.empty(0, dtype=np.int64), []
        # each distinct text once: a column with a systematic mistake has few distinct texts
        rest_arr = arr.filter(pa.array(rest))
        uniq = pc.unique(rest_arr)
        parsed = [_parse_one(u, decimal) for u in uniq.to_pylist()]
        which = pc.index_in(rest_arr, value_set=uniq).to_numpy(zero_copy_only=False)
        status = np.array([st for _, st in parsed], dtype=np.int8)[which]
        out[other] = np.array([v for v, _ in parsed], dtype=np.float64)[which]
        good = (status == _OK) | (status == _COMMA)
        if notes is not None and (status == _COMMA).any():
            notes.setdefault("comma", int(other[np.argmax(status == _COMMA)]))
        return out, other[~good], rest_arr.filter(pa.array(~good))
    else:
        s = values.astype("string").fillna("")
        other = np.flatnonzero((s != "").to_numpy())
        raws = [s.iat[i] for i in other]
    bad_pos, bad_raw = [], []
    cache: dict[str, tuple[float, int]] = {}
    for i, raw in zip(other, raws):
        hit = cache.get(raw)
        if hit is None:
            hit = cache[raw] = _parse_one(raw, decimal)
        if hit[1] in (_OK, _COMMA):
            out[i] = hit[0]
            if hit[1] == _COMMA and notes is not None:
                notes.setdefault("comma", int(i))
        else:
            bad_pos.append(i)
            bad_raw.append(raw)
    return out, np.asarray(bad_pos, dtype=np.int64), bad_raw


def _text_at(texts, k: int) -> str:
    v = texts[k]
    return v.as_py() if pa is not None and isinstance(v, pa.Scalar) else v


def parse_numeric(values: pd.Series, *, file: str | None = None, column: str | None = None,
                  row_offset: int = 2, report: Report | None = None, decimal: str = ".") -> np.ndarray:
    """Parse a column of text into floats, reporting every value that fails.

    Accepted: plain numbers, ``"85%"`` (read as 85, the number of percent —
    the unit stays as the framework declares it), thousands separators
    (``"1,234.5"``, ``"1 234"``), full-width digits and punctuation (``"８５"``,
    NFKC), the Unicode minus sign.  Missing: the tokens in
    :data:`MISSING_TOKENS`.  Refused: anything else (``"85%%"``, ``"1.2.3"``,
    ``"12 3"``, ``"0,750"``, ``"五"``), infinite values and magnitudes above
    :data:`MAX_MAGNITUDE` or, other than zero, below :data:`MIN_MAGNITUDE`.
    ``-0`` is read as 0.  At most :data:`~metrics.errors.MAX_PER_COLUMN`
    failures are listed, then one "… and N more" line.

    With ``decimal=","`` (``;``-separated files) the comma is the decimal mark:
    ``"1,500"`` is 1.5 and ``"1.234,5"`` 1234.5; the first such value gets a
    ``decimal_comma`` warning (once per report), and ``"1.500"`` or
    ``"1,234,567"``, which could be read either way, are ``ambiguous_number``
    errors.

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
    decimal : {".", ","}
        The decimal mark.

    Returns
    -------
    numpy.ndarray of float64, NaN where missing.

    Examples
    --------
    >>> parse_numeric(pd.Series(["85%", "１，２３４", "无", "3.5"])).tolist()
    [85.0, 1234.0, nan, 3.5]
    >>> parse_numeric(pd.Series(["1,500", "0,750", "1.234,5"]), decimal=",", report=Report()).tolist()
    [1.5, 0.75, 1234.5]
    """
    own = report is None
    report = report if report is not None else Report()
    if pd.api.types.is_numeric_dtype(values.dtype):
        out = values.to_numpy(dtype="float64", na_value=np.nan, copy=True)
        bad_pos, bad_raw, notes = np.empty(0, dtype=np.int64), [], {}
    else:
        notes = {}
        out, bad_pos, bad_raw = _parse_text(values, decimal, notes)
    inf_pos = np.flatnonzero(np.isinf(out))
    out[inf_pos] = np.nan
    with np.errstate(invalid="ignore"):
        size = np.abs(out)
        mag_pos = np.flatnonzero((size > MAX_MAGNITUDE) | ((size < MIN_MAGNITUDE) & (size > 0)))
    out[mag_pos] = np.nan
    out += 0.0  # -0 is 0
    # the three position lists are sorted and disjoint; only the first few failures are looked at
    n_failures = len(bad_pos) + len(inf_pos) + len(mag_pos)
    first = sorted([(int(p), "bad", k) for k, p in enumerate(bad_pos[:MAX_PER_COLUMN])]
                   + [(int(p), "inf", k) for k, p in enumerate(inf_pos[:MAX_PER_COLUMN])]
                   + [(int(p), "mag", k) for k, p in enumerate(mag_pos[:MAX_PER_COLUMN])])[:MAX_PER_COLUMN]
    for i, kind, k in first:
        raw = _text_at(bad_raw, k) if kind == "bad" else str(values.iat[i])
        _report_failure(kind, raw, decimal, report, dict(file=file, row=i + row_offset, column=column,
                                                         value=raw[:80]))
    report.add_more(n_failures - MAX_PER_COLUMN, file=file, column=column, code="not_a_number")
    if "comma" in notes and not any(p.code == "decimal_comma" for p in report.problems):
        _decimal_comma_note(values, notes["comma"], file, column, row_offset, report)
    if own:
        report.raise_if_errors()
    return out


def _report_failure(kind: str, raw: str, decimal: str, report: Report, where: dict) -> None:
    """The error for one value :func:`parse_numeric` refuses (``kind``: ``bad``, ``inf`` or ``mag``)."""
    t = _normalise(raw)
    if kind == "mag":
        lo, hi = (f"{v:.0e}".replace("e+", "e") for v in (MIN_MAGNITUDE, MAX_MAGNITUDE))  # 1e-100, 1e100
        report.add(f"数值的量级超出可计算的范围（绝对值须在 {lo} 到 {hi} 之间，或为 0）",
                   f"The magnitude of the value is outside the range that can be computed with (its absolute "
                   f"value must be between {lo} and {hi}, or 0)",
                   "请检查数值和单位（例如改用“亿元”为单位），或把无法得到的值留空",
                   "Check the value and its unit (for example use a larger unit), or leave it empty",
                   code="magnitude", **where)
    elif kind == "inf" or t.lower() in _INFINITY:
        report.add("数值为无穷大", "Infinite value",
                   "请填写有限的数字；无法得到的值请留空或填“-”",
                   "Write a finite number; leave values that cannot be had empty or write '-'",
                   code="not_a_number", **where)
    elif _parse_one(raw, decimal)[1] == _AMBIGUOUS:
        report.add("数字有歧义：在以分号分隔的文件中逗号是小数点，该值既可能是千位分隔也可能是小数",
                   "Ambiguous number: in a ';'-separated file the comma is the decimal mark, and this value "
                   "could be read as thousands or as decimals",
                   "请去掉千位分隔符，只用逗号作小数点（例如 1500 或 1,5）",
                   "Remove the thousands separators and use only the comma as the decimal mark (1500 or 1,5)",
                   code="ambiguous_number", **where)
    elif _DECIMAL_COMMA.match(t.rstrip("%").strip()):
        report.add("不是数字：逗号只在以分号分隔的文件中作小数点", "Not a number: the comma is a decimal "
                   "mark only in ';'-separated files", "请用小数点书写（例如 0.75），或把文件另存为以分号分隔的 CSV",
                   "Write it with a decimal point (for example 0.75), or save the file with ';' as separator",
                   code="not_a_number", **where)
    else:
        report.add("不是数字", "Not a number",
                   "请填写数字（可带 % 或千位分隔符），缺失请留空或填“-”",
                   "Write a number (% and thousands separators are fine); leave missing values empty or write '-'",
                   code="not_a_number", **where)


def _decimal_comma_note(values: pd.Series, i: int, file: str | None, column: str | None, row_offset: int,
                        report: Report) -> None:
    """The warning that the comma was read as the decimal mark (first such value, row ``i``)."""
    report.add("该文件以分号分隔，逗号按小数点读取（例如 1,500 读作 1.5）",
               "The file is separated by ';', so the comma is read as the decimal mark (1,500 is 1.5)",
               "如果逗号是千位分隔符，请删除千位分隔符后重新上传",
               "If the comma separates thousands instead, remove the thousands separators and upload again",
               file=file, row=i + row_offset, column=column, value=str(values.iat[i])[:80],
               severity="warning", code="decimal_comma")


def _normalise(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip().replace("\u2212", "-")


def _parse_one(raw: str, decimal: str = ".") -> tuple[float, int]:
    """``(value, status)``: status ``_OK``, ``_BAD``, ``_COMMA`` (read with a decimal comma) or
    ``_AMBIGUOUS``."""
    if raw[:1] == "'" and raw[1:2] in ("=", "+", "-", "@"):
        raw = raw[1:]  # a cell neutralised by metrics.safe on export ("'-3", "'-"): read it back as written
    if raw.strip() in MISSING_TOKENS:
        return np.nan, _OK
    t = _normalise(raw)
    if t in MISSING_TOKENS:
        return np.nan, _OK
    if t.endswith("%"):
        t = t[:-1].strip()
    if decimal == ",":
        if _ONE_DOT_GROUP.match(t) or (t.count(",") > 1 and "." not in t and _THOUSANDS.match(t)):
            return np.nan, _AMBIGUOUS  # "1.500", "1,234,567"
        if _DECIMAL_COMMA.match(t):
            return float(t.replace(",", ".")), _COMMA
        if _DOT_THOUSANDS.match(t):
            return float(t.replace(".", "").replace(" ", "").replace(",", ".")), _COMMA if "," in t else _OK
    if _THOUSANDS.match(t) or _THOUSANDS_SPACE.match(t):
        t = t.replace(",", "").replace(" ", "")
    if _NUMBER.match(t):
        return float(t), _OK  # may be inf ("1e999"): parse_numeric reports it
    return np.nan, _BAD


def find_column(columns: Iterable[str], aliases: Iterable[str]) -> str | None:
    """The first column whose name matches an alias (case-insensitive, NFKC)."""
    norm = {str(c).strip().lower(): c for c in columns}
    for a in aliases:
        if a.lower() in norm:
            return norm[a.lower()]
    return None
