"""A writer process for the crash and multi-process tests (not a test module).

    python -u -m tests.store.writer URL NAME DIR [COUNT|-] [PAUSE]

Reads its files from DIR (``indicators.csv`` and ``regions.xlsx``, a region table
made large by picture bytes), validates them once, prints ``ready``, waits for
a line on stdin, then saves versions of the dataset NAME (created if missing)
in a loop: COUNT versions, or until it is killed.  It prints ``tx <n>`` when the
n-th save's transaction has written its version row (so the save is under way)
and ``saved <version> <sha256 of the regions file>`` after each commit.  With PAUSE
(seconds), it pauses that long after writing each file inside the transaction, like a
slow disk, so that a kill can be aimed at a transaction with uncommitted data written.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy import event

from store import Store
from store.parse import validate_files


def main(argv: list[str]) -> None:
    url, name, folder = argv[0], argv[1], Path(argv[2])
    count = int(argv[3]) if len(argv) > 3 and argv[3] != "-" else None
    pause = float(argv[4]) if len(argv) > 4 else 0.0
    files = {kind: (fname, (folder / fname).read_bytes())
             for kind, fname in (("indicators", "indicators.csv"), ("regions", "regions.xlsx"))}
    validate_files(files)  # parse once; the saves below reuse the result (it is keyed by the bytes)
    store = Store(url)
    n = 0

    @event.listens_for(store.engine, "after_cursor_execute")
    def _mark(conn, cursor, statement, *args):
        head = statement.lstrip().upper()
        if head.startswith("INSERT INTO DGS_VERSIONS"):
            print(f"tx {n}", flush=True)
        elif head.startswith("INSERT INTO DGS_FILES") and pause:
            time.sleep(pause)

    print("ready", flush=True)
    sys.stdin.readline()
    while count is None or n < count:
        n += 1
        existing = [d.id for d in store.list_datasets(user="writer") if d.name == name]
        v = store.save_version(name, files, user="writer", dataset_id=existing[0] if existing else None)
        print(f"saved {v.version} {v.sha256['regions']}", flush=True)
    store.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
