"""Nothing is lost when a writer process is killed with SIGKILL in the middle of a save."""
from __future__ import annotations

import hashlib
import queue
import random
import signal
import subprocess
import sys
import threading
import time

from store import Store
from tests.conftest import ROOT

from . import data

PAD_MB = 12  # the region workbook's size: each save writes this much in its transaction
PAUSE = 0.1  # the killed writer pauses this long after writing each file, inside the transaction


class Writer:
    """A ``tests.store.writer`` process, started early so its imports overlap the previous round."""

    def __init__(self, url: str, name: str, folder, count: int | None = None, pause: float = 0.0):
        args = [sys.executable, "-u", "-m", "tests.store.writer", url, name, str(folder),
                "-" if count is None else str(count), str(pause)]
        self.proc = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def wait_for(self, prefix: str, timeout: float = 60.0) -> str:
        end = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"writer: no {prefix!r} within {timeout} s; saw {self.seen[-5:]}") from None
            if line is None:
                raise AssertionError(f"writer ended: {self.proc.wait()} {self.proc.stderr.read()[-2000:]}")
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def go(self):
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        # drain what it printed before it died
        while True:
            line = self.lines.get(timeout=10)
            if line is None:
                break
            self.seen.append(line)
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.proc.stderr.close()


def _files(folder, variant: int, pad_mb: float = PAD_MB) -> dict:
    """Write the writer's files into ``folder``; returns kind -> (name, bytes)."""
    files = {"indicators": ("indicators.csv", data.indicators(variant)),
             "regions": ("regions.xlsx", data.large_regions_xlsx(pad_mb, seed=variant))}
    for name, content in files.values():
        (folder / name).write_bytes(content)
    return files


def _check(store: Store, name: str) -> list:
    assert store.integrity_check() == "ok"
    assert store.verify() == []  # every stored file matches the size and SHA-256 recorded when it was saved
    found = [d for d in store.list_datasets(user="writer") if d.name == name]
    if not found:
        return []
    [ds] = found
    numbers = [v.version for v in ds.versions]
    assert numbers == list(range(1, len(numbers) + 1)), numbers  # contiguous: nothing half-saved in between
    for v in ds.versions:
        assert set(v.files) == {"indicators", "regions"}  # complete: no version without all its files
    return ds.versions


def test_killed_writer_loses_nothing(db_url, tmp_path):
    """A writer saves versions (each with a 12 MB file) in a loop and is killed with SIGKILL ten
    times (three on PostgreSQL), mostly while a save's transaction is under way.  After every kill the
    database is consistent (``PRAGMA integrity_check`` = ok), every version saved before
    is complete and byte-identical (SHA-256 recorded at save time), version numbers are
    contiguous, and no acknowledged save is missing."""
    rounds = 10
    if db_url.startswith("postgresql"):
        rounds = 3  # the server aborts a killed client's transaction; fewer rounds keep the suite fast
    rng = random.Random(20240601)
    name = "kill-test"
    files = _files(tmp_path, 1)
    store = Store(db_url)
    acked: list[int] = []
    mid_transaction = 0
    nxt = Writer(db_url, name, tmp_path, pause=PAUSE)
    try:
        for r in range(rounds):
            w, nxt = nxt, (Writer(db_url, name, tmp_path, pause=PAUSE) if r + 1 < rounds else None)
            w.wait_for("ready")
            w.go()
            if r % 4 == 3:  # now and then: at any moment of the loop
                time.sleep(rng.uniform(0.0, 1.5))
            else:  # most rounds: during the k-th save's transaction, which writes two files
                w.wait_for(f"tx {1 + r % 2}")  # in the first save, or in the second after one commit
                time.sleep(rng.uniform(0.0, 2.5 * PAUSE))
            w.kill()
            acked += [int(line.split()[1]) for line in w.seen if line.startswith("saved")]
            if w.seen and w.seen[-1].startswith("tx"):
                mid_transaction += 1
            versions = _check(store, name)
            numbers = [v.version for v in versions]
            assert set(acked) <= set(numbers), (acked, numbers)  # every acknowledged save survived
            assert len(numbers) <= len(acked) + r + 1  # at most one unacknowledged commit per kill
        print(f"\nkills inside a transaction: {mid_transaction}/{rounds}; versions {[v.version for v in versions]}; acked {acked}")
        assert mid_transaction >= rounds // 2, f"only {mid_transaction} of {rounds} kills hit a transaction"
        assert {v.sha256["regions"] for v in versions} == {hashlib.sha256(files["regions"][1]).hexdigest()}
        assert store.get_files(versions[-1].dataset_id, versions[-1].version, user="writer") == files
    finally:
        if nxt is not None:
            nxt.kill()
        store.dispose()


def test_writer_processes_share_one_dataset(store, db_url, tmp_path):
    """Three processes (each its own engine) add versions to one dataset at the same time:
    versions 1..N, none lost, none duplicated."""
    name = "shared"
    files = _files(tmp_path, 2, pad_mb=1)
    first = store.save_version(name, files, user="writer")
    writers = [Writer(db_url, name, tmp_path, count=4) for _ in range(3)]
    try:
        for w in writers:
            w.wait_for("ready")
        for w in writers:
            w.go()
        for w in writers:
            assert w.proc.wait(timeout=120) == 0, w.proc.stderr.read()[-2000:]
    finally:
        for w in writers:
            if w.proc.poll() is None:
                w.kill()
    saved = [int(line.split()[1]) for w in writers for line in w.seen + _drain(w) if line.startswith("saved")]
    assert sorted(saved) == list(range(2, 14))  # 3 writers x 4 versions after version 1
    [ds] = store.list_datasets(user="writer")
    assert ds.id == first.dataset_id and [v.version for v in ds.versions] == list(range(1, 14))
    assert store.verify() == [] and store.integrity_check() == "ok"


def _drain(w: Writer):
    out = []
    while True:
        try:
            line = w.lines.get(timeout=10)
        except queue.Empty:
            break
        if line is None:
            break
        out.append(line)
    return out
