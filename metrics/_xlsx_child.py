"""Parse one worksheet of an ``.xlsx`` with calamine in a process of its own (see :mod:`metrics.xlsx`).

Run as a script, never imported by the library::

    python _xlsx_child.py SHEET MAX_CELLS MAX_COLUMNS MAX_TEXT MEMORY SECONDS  < workbook.xlsx

Only the standard library and ``python_calamine`` are imported, so the process stays small.  The
process limits its own address space to ``MEMORY`` bytes and its CPU time to ``SECONDS`` before it
reads anything: calamine allocates every cell of a worksheet's used range at once (one cell at
XFD1048576 asks for 17 billion) and copies a shared string into every cell that uses it, and a
failed allocation aborts the whole process -- this one, not the server.

Output on success (exit 0): ``b"DGS1"``, the number of rows and of columns (``<II``), then per
column the ``rows + 1`` int32 offsets and, after its length (``<Q``), the UTF-8 text of the cells:
the buffers of an Arrow string array.  Rows and columns are counted from A1, so row numbers are the
spreadsheet's.  On failure one JSON line (``{"error": ...}``) and exit code 2 (unreadable), 3 (over
a limit) or 5 (out of memory).
"""
import datetime as dt
import io
import json
import struct
import sys
from array import array
from itertools import accumulate, islice

BAD, TOO_BIG, MEMORY = 2, 3, 5


def _limit(memory: int, seconds: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows; the parent's timeout still holds
        return
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def _fail(code: int, **info) -> None:
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()
    sys.exit(code)


def _texts(values) -> list:
    """Cells as text, as a spreadsheet shows them: whole numbers without ``.0``, dates as
    ``2024-01-31 00:00:00``, empty cells as ``""``."""
    out = []
    add = out.append
    for v in values:
        c = v.__class__
        if c is str:
            add(v)
        elif c is float:
            if v != v:
                add("")
            elif v.is_integer() and -1e15 < v < 1e15:
                add(str(int(v)))
            else:
                add(repr(v))
        elif v is None:
            add("")
        elif c is dt.date:
            add(str(dt.datetime(v.year, v.month, v.day)))
        else:
            add(str(v))
    return out


def main(argv: list) -> None:
    sheet = argv[0]
    max_cells, max_columns, max_text, memory, seconds = (int(a) for a in argv[1:6])
    _limit(memory, seconds)
    try:
        data = sys.stdin.buffer.read()
        from python_calamine import CalamineWorkbook
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        del data
        ws = book.get_sheet_by_name(sheet)
        start, end = ws.start, ws.end
    except MemoryError:
        _fail(MEMORY, error="memory")
    except Exception as exc:  # noqa: BLE001 - calamine's own error types for damaged workbooks
        _fail(BAD, error="bad", message=f"{type(exc).__name__}: {exc}"[:300])
    if start is None or end is None:
        rows = cols = r0 = c0 = 0
    else:
        (r0, c0), (r1, c1) = start, end
        rows, cols = r1 + 1, c1 + 1
    if cols > max_columns or rows * cols > max_cells:
        _fail(TOO_BIG, error="cells", rows=rows, columns=cols)
    try:
        offsets = [array("i", [0] * (r0 + 1)) for _ in range(cols)]  # rows above the used range: empty
        texts = [bytearray() for _ in range(cols)]
        total = 0
        it = ws.iter_rows() if rows else iter(())
        while True:  # a block of rows at a time, column by column
            block = list(islice(it, 4096))
            if not block:
                break
            for j in range(c0):  # columns left of the used range: empty
                offsets[j].extend([len(texts[j])] * len(block))
            for j, values in enumerate(zip(*block), c0):
                encoded = list(map(str.encode, _texts(values)))
                ends = accumulate(map(len, encoded), initial=len(texts[j]))
                next(ends)
                offsets[j].extend(ends)
                size = sum(map(len, encoded))
                texts[j] += b"".join(encoded)
                total += size
            if total > max_text:
                _fail(TOO_BIG, error="text", bytes=total)
        del ws, book, block
    except MemoryError:
        _fail(MEMORY, error="memory")
    out = sys.stdout.buffer
    out.write(struct.pack("<4sII", b"DGS1", rows, cols))
    for off, txt in zip(offsets, texts):
        out.write(off.tobytes())
        out.write(struct.pack("<Q", len(txt)))
        out.write(txt)
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
