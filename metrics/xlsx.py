"""Reading ``.xlsx`` workbooks within fixed limits, whatever the file claims.

An ``.xlsx`` file is a zip archive of XML parts, and neither openpyxl nor calamine guards against
a hostile one: a 2 MB archive can inflate to half a gigabyte of cells (a zip bomb, with a stored
random part to keep the overall ratio low), calamine allocates every cell of a sheet's used range
at once (a single cell at XFD1048576 asks for 17 billion, and a failed allocation aborts the whole
process), and it copies a shared string into every cell that uses it.  So a workbook is read in
four steps, each of which refuses with a message naming the file, the limit and what to do:

1. **The archive** (from its central directory, nothing inflated): at most :data:`MAX_MEMBERS`
   parts; each part at most :data:`MAX_PART_BYTES` inflated and, from 1 MB, at most
   :data:`MAX_RATIO` times its packed size; all parts together at most :data:`MAX_UNCOMPRESSED`.
2. **Every part is inflated once** (and thrown away), never past its declared size, so a part
   that understates its size fails its CRC check.  Worksheets are scanned on the way: their cells
   are counted, their declared ``<dimension>``, merged ranges, formulas without a saved value and
   cells holding Excel errors noted (cheap byte counts and a few regular expressions, no XML
   parser).
3. **The chosen sheet**: at most :data:`MAX_CELLS` cells, counted before it is parsed.
4. **Parsing** runs calamine in a child process (:mod:`metrics._xlsx_child`) limited to
   :data:`PARSE_MEMORY` bytes of memory and :data:`PARSE_SECONDS` seconds of CPU, and stopped when
   the whole read has taken :data:`READ_SECONDS`; the cells come back as
   text columns, at most :data:`MAX_CELLS` cells of the used range counted from A1,
   ``max_columns`` columns and :data:`MAX_TEXT_BYTES` of text.  A sheet that needs more is
   refused, and the server never runs out of memory because of it.

The limits are module attributes read at call time.  The default sheet is the first visible
worksheet; a skipped hidden sheet, formulas without a saved value and Excel errors such as
``#DIV/0!`` (both read as empty, as calamine gives them) and merged cells (only the first cell holds
the value) are reported as warnings by :func:`sheet_warnings`.
"""
from __future__ import annotations

import io
import json
import posixpath
import re
import signal
import struct
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from .errors import MAX_PER_COLUMN, DataError, Problem

#: Most parts (files) an archive may hold.
MAX_MEMBERS = 10_000
#: Largest inflated size of one part, and of all parts together (bytes).
MAX_PART_BYTES = 256 * 2 ** 20
MAX_UNCOMPRESSED = 512 * 2 ** 20
#: Largest compression ratio of a part of 1 MB or more (ordinary worksheets deflate 4-20 fold).
MAX_RATIO = 200
RATIO_FROM = 2 ** 20
#: Most cells of the sheet read (its used range from A1: rows x columns; the most columns are
#: :data:`metrics.readers.MAX_COLUMNS`, as for CSV files).  4 million cells take about 10 s of
#: computing to check, parse and convert, a third of the time a read may take.
MAX_CELLS = 4_000_000
#: Most merged ranges of a sheet kept (to fill their cells with the value of their first cell).
MAX_MERGED = 10_000
#: Most text the cells of the sheet read may hold (bytes of UTF-8).
MAX_TEXT_BYTES = 200 * 2 ** 20
#: Memory (bytes) and CPU seconds the parsing process may use, and the seconds (wall clock) a whole
#: read may take, checks included: the parser is stopped when they run out.
PARSE_MEMORY = 768 * 2 ** 20
PARSE_SECONDS = 20
READ_SECONDS = 28

_CHILD = Path(__file__).with_name("_xlsx_child.py")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SPLIT_HINT_ZH = "请只保留需要的工作表和数据（删除多余的行、列和工作表），或把该工作表另存为 CSV UTF-8 后上传"
_SPLIT_HINT_EN = ("Keep only the sheet and the data needed (delete extra rows, columns and sheets), or save the "
                  "sheet as 'CSV UTF-8' and upload that")


def _n(v: float) -> str:
    return f"{v:,.0f}"


def _mb(v: float) -> str:
    return f"{v / 2 ** 20:,.0f} MB" if v >= 2 ** 20 else f"{v / 2 ** 10:,.1f} KB"


def bad_xlsx(name: str, zh: str = "文件不是有效的 Excel (.xlsx) 工作簿（可能已损坏或被截断）",
             en: str = "The file is not a valid Excel (.xlsx) workbook (it may be damaged or truncated)",
             hint_zh: str = "请用 Excel 或 WPS 重新保存为 .xlsx，或另存为 CSV",
             hint_en: str = "Re-save it as .xlsx in Excel or WPS, or save it as CSV",
             value: str | None = None) -> DataError:
    return DataError([Problem(zh, en, hint_zh, hint_en, file=name, value=value, code="bad_xlsx")])


def xls_error(name: str) -> DataError:
    return DataError([Problem(
        "这是旧版 Excel 97-2003 (.xls) 文件或加了密码的工作簿，无法直接读取",
        "This is an old Excel 97-2003 (.xls) file or a password-protected workbook, which cannot be read",
        "请在 Excel 或 WPS 中取消密码，并“另存为” .xlsx 或 CSV UTF-8",
        "Remove the password in Excel or WPS and save it as .xlsx or 'CSV UTF-8'",
        file=name, code="xls_format")])


def _refuse(name: str, zh: str, en: str, code: str, value: str | None = None,
            hint_zh: str = _SPLIT_HINT_ZH, hint_en: str = _SPLIT_HINT_EN) -> DataError:
    return DataError([Problem(zh, en, hint_zh, hint_en, file=name, value=value, code=code)])


def looks_like_text(data: bytes) -> bool:
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


# --------------------------------------------------------------------------- cell references
def column_number(letters: str) -> int:
    """``"A"`` -> 1, ``"XFD"`` -> 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    """``1`` -> ``"A"``, ``16384`` -> ``"XFD"``."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _box(ref: str) -> tuple[int, int, int, int] | None:
    """``"B2:D3"`` -> ``(1, 1, 2, 3)`` (first row, first column, last row, last column; 0-based)."""
    a, _, b = ref.partition(":")
    m, n = _REF.fullmatch(a), _REF.fullmatch(b or a)
    if not m or not n:
        return None
    r0, r1 = sorted((int(m.group(2)) - 1, int(n.group(2)) - 1))
    c0, c1 = sorted((column_number(m.group(1)) - 1, column_number(n.group(1)) - 1))
    return (r0, c0, r1, c1) if r0 >= 0 and c0 >= 0 else None


# --------------------------------------------------------------------------- the workbook
@dataclass
class Sheet:
    """One sheet of a workbook, as :func:`inspect` found it."""

    name: str
    index: int
    part: str | None
    state: str = "visible"      # visible, hidden or veryHidden
    worksheet: bool = True      # False for chart sheets and the like
    cells: int = 0              # <c> elements counted in the part
    dimension: str | None = None
    merged: list = field(default_factory=list)
    n_merged: int = 0
    ranges: list = field(default_factory=list)  # (row0, col0, row1, col1), 0-based, of the first MAX_MERGED merges
    uncached: list = field(default_factory=list)  # A1 references of formulas with no saved value
    n_uncached: int = 0
    errors: list = field(default_factory=list)    # (A1 reference, value) of cells holding #DIV/0! etc.
    n_errors: int = 0


@dataclass
class Workbook:
    sheets: list

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sheets]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _small_xml(zf: zipfile.ZipFile, part: str, name: str):
    try:
        data = zf.read(part)
    except KeyError:
        return None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # Excel never writes a DTD; no entity tricks
        raise bad_xlsx(name, value=f"{part}: DOCTYPE")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise bad_xlsx(name, value=f"{part}: {exc}"[:200]) from None


def _sheets(zf: zipfile.ZipFile, name: str) -> list[Sheet]:
    """The sheets named in ``xl/workbook.xml``, in order, with their parts (as calamine finds them)."""
    wb = _small_xml(zf, "xl/workbook.xml", name)
    if wb is None:
        raise DataError([Problem(
            "压缩包中没有 Excel 工作表", "The archive holds no Excel worksheet",
            "请上传 .xlsx 工作簿或 CSV 文件", "Upload an .xlsx workbook or a CSV file",
            file=name, code="bad_xlsx")])
    rels = _small_xml(zf, "xl/_rels/workbook.xml.rels", name)
    targets: dict[str, tuple[str, str]] = {}
    for rel in (rels.iter() if rels is not None else ()):
        if _local(rel.tag) == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target").replace("\\", "/")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id")] = (path, rel.get("Type", ""))
    out = []
    for el in wb.iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if k.startswith("{") and _local(k) == "id"), None)
        path, kind = targets.get(rid, (None, ""))
        out.append(Sheet(name=el.get("name", ""), index=len(out), part=path, state=el.get("state", "visible"),
                         worksheet=kind.endswith("/worksheet") or (path or "").startswith("xl/worksheets/")))
    return out


# --------------------------------------------------------------------------- scanning a worksheet
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["\']([^"\']*)["\']')
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\s+ref\s*=\s*["\']([^"\']*)["\']')
_ROOT = re.compile(rb"<(?:([\w.-]+):)?worksheet[\s>]")
# a formula cell with no saved value: the formula is followed by the end of its cell
_UNCACHED = re.compile(rb"(?:</(?:[\w.-]+:)?f>|<(?:[\w.-]+:)?f(?:\s[^>]*)?/>)\s*</(?:[\w.-]+:)?c>")
_CELL_REF = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]{1,3}[0-9]{1,7})["\']')
# a cell of type "e" (an Excel error such as #DIV/0!), and its value
_ERROR_CELL = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["\']e["\'][^>]*>')
_VALUE = re.compile(rb'<(?:[\w.-]+:)?v>([^<]{0,40})<')


class _SheetScan:
    """Counts and notes of one worksheet part, fed with its inflated bytes in order."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.carry = b""
        self.first = True
        self.cell_tag = b"<c"
        self.formula = b"<f"

    def feed(self, chunk: bytes, last: bool = False) -> None:
        unit = self.carry + chunk
        if not last:  # cut after the last end of a cell, so that no cell is split between two units
            cut = unit.rfind(b"c>") + 2
            if cut < 2:  # none yet: wait for more, but never hold more than 8 MB (no quadratic copying)
                cut = len(unit) if len(unit) > 8 * 2 ** 20 else 0
            unit, self.carry = unit[:cut], unit[cut:]
        else:
            self.carry = b""
        if not unit:
            return
        s = self.sheet
        if self.first:
            self.first = False
            m = _ROOT.search(unit)
            prefix = (m.group(1) + b":") if m and m.group(1) else b""
            # every <c ...> element is a cell; the few other elements whose name starts with "c" (<col>,
            # <cfRule>, ...) are counted too, which errs on the safe side and costs one pass, not six
            self.cell_tag = b"<" + prefix + b"c"
            self.formula = b"<" + prefix + b"f"
            d = _DIMENSION.search(unit)
            if d:
                s.dimension = d.group(1).decode("ascii", "replace")[:40]
        s.cells += unit.count(self.cell_tag)
        if b"mergeCell" in unit:
            found = _MERGE.findall(unit)
            s.merged.extend(f.decode("ascii", "replace")[:40] for f in found[:MAX_PER_COLUMN - len(s.merged)])
            s.n_merged += len(found)
            for f in found[:max(0, MAX_MERGED - len(s.ranges))]:
                box = _box(f.decode("ascii", "replace"))
                if box is not None:
                    s.ranges.append(box)
        if b't="e"' in unit or b"t='e'" in unit:  # (other spellings only lose the warning)
            for m in _ERROR_CELL.finditer(unit):
                s.n_errors += 1
                if len(s.errors) < MAX_PER_COLUMN:
                    ref = _CELL_REF.search(m.group(0))
                    end = unit.find(b"</", m.end())
                    v = _VALUE.search(unit, m.end(), max(end, m.end()) + 60)
                    s.errors.append((ref.group(1).decode("ascii").upper() if ref else None,
                                     v.group(1).decode("utf-8", "replace") if v else "#?"))
        if self.formula in unit:
            for m in _UNCACHED.finditer(unit):
                s.n_uncached += 1
                if len(s.uncached) < MAX_PER_COLUMN:
                    start = unit.rfind(self.cell_tag, 0, m.start())
                    ref = _CELL_REF.search(unit, start, unit.find(b">", start) + 1) if start >= 0 else None
                    s.uncached.append(ref.group(1).decode("ascii").upper() if ref else None)


def inspect(data: bytes, name: str = "file", max_uncompressed: int | None = None,
            max_ratio: float | None = None) -> Workbook:
    """Check an ``.xlsx`` archive and scan its sheets (steps 1 and 2 of the module docstring).

    Raises
    ------
    DataError
        Not a zip (a renamed CSV gets its own message), an old ``.xls``, a part or the archive over
        the limits (``zip_bomb``), a damaged part (``bad_xlsx``), no worksheet.
    """
    max_uncompressed = MAX_UNCOMPRESSED if max_uncompressed is None else max_uncompressed
    max_ratio = MAX_RATIO if max_ratio is None else max_ratio
    if data.startswith(OLE2_MAGIC):
        raise xls_error(name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if looks_like_text(data):
            raise bad_xlsx(name, "文件扩展名是 .xlsx，但内容是文本（可能是改了扩展名的 CSV）",
                           "The file is named .xlsx but holds text (perhaps a CSV file renamed to .xlsx)",
                           "如果它是 CSV，请把扩展名改为 .csv；否则请在 Excel 或 WPS 中重新保存为 .xlsx",
                           "If it is a CSV file, rename it to .csv; otherwise re-save it as .xlsx in Excel or WPS") \
                from None
        raise bad_xlsx(name) from None
    if len(infos) > MAX_MEMBERS:
        raise _refuse(name, f"Excel 文件含有 {_n(len(infos))} 个部件，超过 {_n(MAX_MEMBERS)} 个的上限，疑似“压缩炸弹”，已拒绝读取",
                      f"The Excel file holds {_n(len(infos))} parts; the limit is {_n(MAX_MEMBERS)}; refused as "
                      "a possible zip bomb", "zip_bomb")
    total = sum(i.file_size for i in infos)
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > MAX_PART_BYTES or (i.file_size >= RATIO_FROM and ratio > max_ratio):
            raise _refuse(
                name, f"Excel 文件的部件“{i.filename}”解压后为 {_mb(i.file_size)}（压缩比 {ratio:,.0f}:1），"
                f"超过每个部件 {_mb(MAX_PART_BYTES)}、压缩比 {max_ratio:,.0f}:1 的上限，疑似“压缩炸弹”，已拒绝读取",
                f"The part '{i.filename}' of the Excel file would inflate to {_mb(i.file_size)} (ratio "
                f"{ratio:,.0f}:1); the limits are {_mb(MAX_PART_BYTES)} and {max_ratio:,.0f}:1 per part; refused "
                "as a possible zip bomb", "zip_bomb", value=i.filename[:100])
    if total > max_uncompressed:
        raise _refuse(name, f"Excel 文件解压后共 {_mb(total)}，超过 {_mb(max_uncompressed)} 的上限，疑似“压缩炸弹”，已拒绝读取",
                      f"The Excel file would inflate to {_mb(total)} in all; the limit is {_mb(max_uncompressed)}; "
                      "refused as a possible zip bomb", "zip_bomb")
    if not any(i.filename.startswith("xl/") for i in infos):
        raise DataError([Problem(
            "压缩包中没有 Excel 工作表", "The archive holds no Excel worksheet",
            "请上传 .xlsx 工作簿或 CSV 文件", "Upload an .xlsx workbook or a CSV file",
            file=name, code="bad_xlsx")])
    try:
        sheets = _sheets(zf, name)
        scans = {s.part: _SheetScan(s) for s in sheets if s.part and s.worksheet}
        for info in infos:  # inflate each part once, never past what it declares (then zipfile checks the CRC)
            scan = scans.get(info.filename)
            with zf.open(info) as member:
                while True:
                    chunk = member.read(1 << 20)
                    if scan is not None:
                        scan.feed(chunk, last=not chunk)
                    if not chunk:
                        break
    except DataError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, KeyError) as exc:
        raise bad_xlsx(name, value=str(exc)[:200]) from None
    if not any(s.worksheet for s in sheets):
        raise DataError([Problem(
            "工作簿中没有工作表", "The workbook holds no worksheet",
            "请上传含有数据工作表的 .xlsx 工作簿或 CSV 文件", "Upload an .xlsx workbook with a data sheet, or a CSV file",
            file=name, code="bad_xlsx")])
    return Workbook(sheets)


def choose(book: Workbook, sheet: str | int | None, name: str) -> Sheet:
    """The sheet to read: by name, by number (from 0, in the workbook's order, hidden sheets
    included) or, by default, the first visible worksheet."""
    sheets = book.sheets
    if sheet is None:
        found = next((s for s in sheets if s.worksheet and s.state == "visible"), None)
        found = found or next((s for s in sheets if s.worksheet), sheets[0])
    elif isinstance(sheet, int) and not isinstance(sheet, bool):
        found = sheets[sheet] if 0 <= sheet < len(sheets) else None
    else:
        found = next((s for s in sheets if s.name == sheet), None)
    if found is None:
        shown = book.names[:20]
        raise DataError([Problem(
            f"找不到工作表：{sheet}（工作簿中有：{'、'.join(shown)}）",
            f"Worksheet not found: {sheet} (the workbook has: {', '.join(shown)})",
            "请选择存在的工作表（编号从 0 开始）", "Choose an existing worksheet (numbers start at 0)",
            file=name, value=str(sheet), code="no_sheet")])
    if not found.worksheet or not found.part:
        raise DataError([Problem(
            f"“{found.name}”不是数据工作表（可能是图表）", f"'{found.name}' is not a data worksheet (it may be a chart)",
            "请选择含有数据的工作表", "Choose a sheet that holds the data", file=name, value=found.name, code="no_sheet")])
    return found


def _check_counts(s: Sheet, name: str) -> None:
    """Refuse a sheet with more cells than the limit, counted before it is parsed (a declared
    ``<dimension>`` is only quoted: the cells and the used range the parser meets are what count)."""
    if s.cells > MAX_CELLS:
        where = f"（声明的范围 {s.dimension}）" if s.dimension else ""
        where_en = f" (declared range {s.dimension})" if s.dimension else ""
        raise _refuse(name, f"工作表“{s.name}”有 {_n(s.cells)} 个单元格{where}，超过 {_n(MAX_CELLS)} 个的上限",
                      f"The worksheet '{s.name}' has {_n(s.cells)} cells{where_en}; the limit is {_n(MAX_CELLS)}",
                      "too_many_cells", value=s.name)


def _parse(data: bytes, s: Sheet, name: str, max_columns: int, deadline: float) -> pd.DataFrame:
    """Step 4: the sheet's cells as text columns (positional column labels), parsed by calamine in a
    child process with limited memory and time, stopped at ``deadline`` (``time.monotonic()``)."""
    cmd = [sys.executable, "-B", str(_CHILD), s.name, str(MAX_CELLS), str(max_columns), str(MAX_TEXT_BYTES),
           str(PARSE_MEMORY), str(PARSE_SECONDS)]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc = None
    out = proc.stdout if proc is not None else b""
    if proc is not None and proc.returncode == 0 and out[:4] == b"DGS1":
        return _columns(out)
    info: dict = {}
    if proc is not None and proc.returncode in (2, 3, 5):
        try:
            info = json.loads(out.decode("utf-8", "replace").splitlines()[-1])
        except (ValueError, IndexError):
            info = {}
    err = info.get("error")
    if err == "bad":
        raise bad_xlsx(name, "无法读取 Excel 工作簿", "Cannot read the Excel workbook",
                       "请用 Excel 或 WPS 重新保存", "Re-save it in Excel or WPS", value=info.get("message"))
    if err == "cells":
        rows, cols = info.get("rows", 0), info.get("columns", 0)
        if cols > max_columns:
            raise _refuse(name, f"工作表“{s.name}”的使用范围有 {_n(cols)} 列（到 {column_letters(cols)} 列），"
                          f"超过 {_n(max_columns)} 列的上限",
                          f"The used range of the worksheet '{s.name}' has {_n(cols)} columns (up to column "
                          f"{column_letters(cols)}); the limit is {_n(max_columns)}", "too_many_columns", value=s.name)
        raise _refuse(name, f"工作表“{s.name}”的使用范围为 A1:{column_letters(cols)}{rows}，共 {_n(rows * cols)} 个单元格，"
                      f"超过 {_n(MAX_CELLS)} 个的上限（远处的单元格也算在内）",
                      f"The used range of the worksheet '{s.name}' is A1:{column_letters(cols)}{rows}, "
                      f"{_n(rows * cols)} cells; the limit is {_n(MAX_CELLS)} (distant cells count too)",
                      "too_many_cells", value=s.name)
    if err == "text":
        raise _refuse(name, f"工作表“{s.name}”的文字超过 {_mb(MAX_TEXT_BYTES)} 的上限（可能有很长的文字被重复用在许多单元格中）",
                      f"The text of the worksheet '{s.name}' exceeds the limit of {_mb(MAX_TEXT_BYTES)} (a long "
                      "text may be repeated in many cells)", "too_much_text", value=s.name)
    timed_out = proc is None or proc.returncode in (-getattr(signal, "SIGXCPU", 24), -signal.SIGKILL)
    what = f"超过 {READ_SECONDS} 秒" if timed_out else f"超过 {_mb(PARSE_MEMORY)} 内存"
    what_en = f"more than {READ_SECONDS} s" if timed_out else f"more than {_mb(PARSE_MEMORY)} of memory"
    declared = f"，声明的范围 {s.dimension}" if s.dimension else ""
    declared_en = f", declared range {s.dimension}" if s.dimension else ""
    raise _refuse(name, f"读取工作表“{s.name}”需要{what}，已停止（它的使用范围或重复的文字可能远大于实际数据{declared}）",
                  f"Reading the worksheet '{s.name}' needs {what_en} and was stopped (its used range or repeated "
                  f"text may be far larger than its data{declared_en})", "xlsx_limits", value=s.name)


def _columns(out: bytes) -> pd.DataFrame:
    """The child's output as a frame of text columns (Arrow strings when pyarrow is there)."""
    _, rows, cols = struct.unpack_from("<4sII", out, 0)
    pos = 12
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow comes with pandas 3 and streamlit
        pa = None
    arrays = []
    for _ in range(cols):
        offsets = np.frombuffer(out, dtype="<i4", count=rows + 1, offset=pos)
        pos += 4 * (rows + 1)
        (size,) = struct.unpack_from("<Q", out, pos)
        pos += 8
        if pa is not None:
            arrays.append(pa.StringArray.from_buffers(rows, pa.py_buffer(offsets),
                                                      pa.py_buffer(memoryview(out)[pos:pos + size])))
        else:
            text = out[pos:pos + size]
            arrays.append([text[a:b].decode("utf-8", "surrogatepass") for a, b in zip(offsets[:-1], offsets[1:])])
        pos += size
    if pa is None:
        return pd.DataFrame(dict(enumerate(arrays)), dtype=object) if cols else pd.DataFrame()
    if not cols:
        return pd.DataFrame()
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    table = pa.table({str(i): a for i, a in enumerate(arrays)})
    df = table.to_pandas(types_mapper={pa.string(): dtype}.get)
    df.columns = range(cols)
    return df


def read_sheet(data: bytes, name: str = "file", sheet: str | int | None = None,
               max_columns: int = 16_384) -> tuple[pd.DataFrame, Sheet, list]:
    """Read one sheet of an ``.xlsx`` within the limits: ``(cells as text, the sheet, other sheets)``.

    The frame has positional column labels and one row per spreadsheet row from row 1 (row ``i``
    of the frame is spreadsheet row ``i + 1``); every cell is text ("" when empty).
    """
    deadline = time.monotonic() + READ_SECONDS
    book = inspect(data, name)
    s = choose(book, sheet, name)
    _check_counts(s, name)
    df = _parse(data, s, name, max_columns, deadline)
    return df, s, book.sheets


def sheet_warnings(s: Sheet, sheets: list, chosen: bool, headers: list[str], name: str,
                   filled: list | None = None) -> list[Problem]:
    """Warnings about what was read: a hidden sheet skipped by default, formulas with no saved value
    and cells holding an Excel error such as ``#DIV/0!`` (both read as empty), merged cells (only
    their first cell holds a value; or, with ``filled``, the A1 ranges below the header whose value
    was copied into each of their cells).  ``headers`` are the column names of the sheet by position."""
    out = []
    hidden = [h.name for h in sheets[:s.index] if h.state != "visible"]
    if not chosen and hidden:
        shown = "、".join(hidden[:10])
        out.append(Problem(
            f"跳过了隐藏的工作表“{shown}”，读取的是第一个可见的工作表“{s.name}”",
            f"The hidden sheet(s) '{', '.join(hidden[:10])}' were skipped; the first visible sheet '{s.name}' was read",
            "如需读取隐藏的工作表，请在“工作表”中选择它", "To read a hidden sheet, choose it as the sheet to read",
            file=name, value=s.name, severity="warning", code="hidden_sheet"))
    out += _cell_warnings(s, headers, name)
    merged = _merged_warning(s, headers, name, filled)
    return out + ([merged] if merged else [])


def _place(ref: str | None, headers: list[str]) -> tuple[int | None, str | None]:
    """Row number and column header of an A1 reference (None, None when it cannot be read)."""
    m = _REF.fullmatch(ref or "")
    row, col = (int(m.group(2)), column_number(m.group(1))) if m else (None, None)
    if not col:
        return row, None
    return row, headers[col - 1] if 0 < col <= len(headers) and headers[col - 1] else column_letters(col)


#: Texts of the cell warnings (``one``: a cell; ``more``: the cells not listed one by one), by code.
_CELL_TEXTS = {
    "formula_no_value": (
        ("工作表“{sheet}”的单元格 {ref} 是公式，但文件中没有保存计算结果，已按空值读取",
         "Cell {ref} of the sheet '{sheet}' is a formula with no saved value; it is read as empty",
         "请在 Excel 或 WPS 中打开文件、重新计算并保存（或把公式粘贴为数值）后再上传",
         "Open the file in Excel or WPS, let it calculate and save it (or paste the formulas as values), "
         "then upload it again"),
        ("…… 工作表“{sheet}”另有 {n} 个没有保存结果的公式单元格（未逐一列出）",
         "… and {n} more formula cells with no saved value in the sheet '{sheet}' (not listed one by one)",
         "请在 Excel 或 WPS 中重新计算并保存", "Let Excel or WPS calculate and save the file")),
    "excel_error": (
        ("工作表“{sheet}”的单元格 {ref} 是 Excel 错误值 {value}，已按空值读取",
         "Cell {ref} of the sheet '{sheet}' holds the Excel error {value}; it is read as empty",
         "请在 Excel 或 WPS 中修正产生错误的公式，或把该单元格留空",
         "Fix the formula that gives the error in Excel or WPS, or leave the cell empty"),
        ("…… 工作表“{sheet}”另有 {n} 个 Excel 错误值单元格（未逐一列出）",
         "… and {n} more cells holding an Excel error in the sheet '{sheet}' (not listed one by one)",
         "请在 Excel 或 WPS 中修正产生错误的公式", "Fix the formulas that give errors in Excel or WPS")),
}


def _cell_warnings(s: Sheet, headers: list[str], name: str) -> list[Problem]:
    """Formulas with no saved value and cells holding an Excel error (both read as empty)."""
    out = []
    for code, cells, total in (("formula_no_value", [(ref, None) for ref in s.uncached], s.n_uncached),
                               ("excel_error", list(s.errors), s.n_errors)):
        one, more = _CELL_TEXTS[code]
        for ref, value in cells:
            row, column = _place(ref, headers)
            shown = f"{s.name}!{ref or '?'}" + (f": {value}" if code == "excel_error" else "")
            out.append(Problem(*(x.format(sheet=s.name, ref=ref or "?", value=value) for x in one),
                               file=name, row=row, column=column, value=shown, severity="warning", code=code))
        if total > len(cells):
            out.append(Problem(*(x.format(sheet=s.name, n=total - len(cells)) for x in more),
                               file=name, severity="warning", code=code))
    return out


def _merged_warning(s: Sheet, headers: list[str], name: str, filled: list | None) -> Problem | None:
    """Merged cells: the ranges below the header that were filled, or (not tidy) that only the first cell holds."""
    if filled:
        shown = ", ".join(filled[:5]) + (" …" if len(filled) > 5 else "")
        row, column = _place(filled[0].split(":")[0], headers)
        return Problem(
            f"工作表“{s.name}”表头以下有 {len(filled)} 处合并单元格（{shown}），已按屏幕上的样子把每处合并区域左上角的值"
            "填入区域内的每个单元格",
            f"The sheet '{s.name}' has {len(filled)} merged range(s) below the header ({shown}); the value of each "
            "range's top-left cell was copied into every cell of the range, as the sheet shows it",
            "请核对这些单元格；如某个值只属于合并区域中的一行，请取消合并并只在该行填写",
            "Check these cells; if a value belongs to one row of the range only, unmerge the cells and fill in "
            "that row alone",
            file=name, row=row, column=column, value=filled[0], severity="warning", code="merged_cells")
    if s.n_merged and filled is None:
        first = s.merged[0] if s.merged else "?"
        shown = ", ".join(s.merged[:5])
        row, column = _place(first.split(":")[0], headers)
        return Problem(
            f"工作表“{s.name}”有 {s.n_merged} 处合并单元格（{shown}）；合并区域只有左上角的单元格有值，其余按空值读取",
            f"The sheet '{s.name}' has {s.n_merged} merged range(s) ({shown}); only the top-left cell of a merged "
            "range holds its value, the others are read as empty",
            "请取消合并并在每个单元格中填写数值", "Unmerge the cells and fill in every cell",
            file=name, row=row, column=column, value=first, severity="warning", code="merged_cells")
    return None
