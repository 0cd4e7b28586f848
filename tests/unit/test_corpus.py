"""The corpus of malformed inputs: every bad file gets a clear bilingual report, never a traceback.

Files under ``tests/corpus/`` are described in ``tests/corpus/cases.csv`` (file, kind, expected
``ok``, expected problem code, row, column, a text the message or hint must contain).  Big or
binary inputs (a zip bomb, a damaged workbook, a 300 MB file, a million-row-style systematic
mistake) are built at test time in ``tmp_path`` by the functions of ``GENERATED``.

For every case :func:`metrics.validate.validate` must return a report (no exception escapes);
errors make ``report.ok`` False (warning-only cases stay True); the expected code is present
with its row and column; every problem has a Chinese and an English message, every error a hint
in both languages and the file name; the input file is left unchanged.  A representative subset
also runs through ``python -m metrics validate`` (exit code 1, file name and row in both
languages on stdout).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import struct
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from metrics import readers
from metrics.errors import MAX_PER_COLUMN
from metrics.framework import default_framework
from metrics.safe import to_csv_bytes, to_xlsx_bytes
from metrics.validate import validate
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
CASES = list(csv.DictReader((CORPUS / "cases.csv").open(encoding="utf-8")))


# --------------------------------------------------------------------------- checks
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _check(report, *, ok: bool, code: str, row: int | None = None, column: str | None = None,
           text: str = "", file: str | None = None):
    """Assertions shared by the file cases and the generated cases; returns the matching problems."""
    codes = [p.code for p in report.problems]
    assert report.ok is ok, [p.text("en") for p in report.problems]
    assert code in codes, codes
    assert "unreadable" not in codes, "an unforeseen exception reached validate's safety net"
    for p in report.problems:
        assert p.message_zh.strip() and p.message_en.strip(), p
        if p.severity == "error":
            assert p.hint_zh.strip() and p.hint_en.strip(), f"error without a hint: {p}"
            assert p.file, f"error without a file name: {p}"
            if file:
                assert p.file == file
    hits = [p for p in report.problems if p.code == code]
    if row is not None:
        assert any(p.row == row for p in hits), [(p.row, p.column) for p in hits]
    if column is not None:
        assert any(p.column == column for p in hits), [(p.row, p.column) for p in hits]
    if row is not None and column is not None:
        assert any(p.row == row and p.column == column for p in hits)
    if text:
        blob = " ".join(f"{p.message_zh} {p.message_en} {p.hint_zh} {p.hint_en}" for p in hits)
        assert text in blob, blob
    return hits


def _int(v: str) -> int | None:
    return int(v) if v.strip() else None


# --------------------------------------------------------------------------- the committed corpus
def test_corpus_is_big_enough_and_described():
    files = {p.name for p in CORPUS.iterdir() if not p.name.startswith(".")} - {"cases.csv", "README.md"}
    assert files == {c["file"] for c in CASES}, "every corpus file has a line in cases.csv, and vice versa"
    assert len(CASES) + len(GENERATED) >= 45
    assert {c["kind"] for c in CASES} == {"indicators", "survey", "framework", "regions"}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file(case):
    path = CORPUS / case["file"]
    before, listing = _digest(path), sorted(os.listdir(CORPUS))
    report, obj = validate(path, case["kind"])
    _check(report, ok=case["ok"] == "1", code=case["codes"], row=_int(case["row"]),
           column=case["column"] or None, text=case["text"], file=case["file"])
    assert (obj is not None) is report.ok
    # validation reads and changes nothing
    assert _digest(path) == before and sorted(os.listdir(CORPUS)) == listing


def test_year_suffix_is_stripped():
    _, obj = validate(CORPUS / "year_with_nian_suffix.csv", "indicators")
    assert sorted(set(obj.values.index.get_level_values("year"))) == [2020, 2021]


@pytest.mark.parametrize("name", ["semicolon_separated.csv", "tab_separated.tsv", "mixed_line_endings.csv",
                                  "trailing_empty_rows.csv"])
def test_tolerated_layouts_give_the_right_numbers(name):
    _, obj = validate(CORPUS / name, "indicators")
    v = obj.values
    assert list(v.index.get_level_values("region")) == ["110000", "120000", "130000"]
    assert v["ORG1_law_level"].tolist() == [2.0, 1.0, 3.0]


def test_formula_and_html_region_names_are_kept_as_text_and_exports_neutralise_them():
    _, obj = validate(CORPUS / "formula_injection.csv", "indicators")
    regions = list(obj.values.index.get_level_values("region"))
    assert regions == sorted(['=HYPERLINK("http://example.invalid/x","点击")', "@SUM(1+1)"])
    table = obj.values.reset_index()
    text = to_csv_bytes(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(1+1)" in text
    assert not any(line.startswith(("=", "@", '"=')) for line in text.splitlines())
    wb = load_workbook(io.BytesIO(to_xlsx_bytes({"data": table})))
    cells = [c for row in wb["data"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {"'" + r for r in regions} <= texts  # the text is kept, behind an apostrophe
    _, obj = validate(CORPUS / "html_region.csv", "indicators")
    assert set(obj.values.index.get_level_values("region")) == {"<script>alert(1)</script>", "<b>北京</b>"}


# --------------------------------------------------------------------------- generated cases
def _workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["region", "year", "ORG1_law_level"])
    ws.append(["110000", 2020, 2])
    wb.create_sheet("说明").append(["这是说明"])
    wb.save(path)
    return path


def _zip_bomb(tmp: Path):
    path = tmp / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", bytes(50 * 2 ** 20))  # 50 MB of zeros -> ~50 KB
    assert path.stat().st_size < 200_000
    return path, {}


def _lying_sizes(tmp: Path):
    """A real workbook whose central directory understates a member's size (a bomb that hides)."""
    data = bytearray(_workbook(tmp / "w.xlsx").read_bytes())
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    target = next(i for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack("<H", data[pos + 28:pos + 30])[0]
        if data[pos + 46:pos + 46 + name_len].decode() == target.filename:
            data[pos + 24:pos + 28] = struct.pack("<I", 10)  # declared uncompressed size: 10 bytes
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    path = tmp / "lying.xlsx"
    path.write_bytes(bytes(data))
    return path, {}


def _truncated_xlsx(tmp: Path):
    data = _workbook(tmp / "w.xlsx").read_bytes()
    path = tmp / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path, {}


def _missing_sheet(tmp: Path):
    return _workbook(tmp / "sheets.xlsx"), {"sheet": "没有这张表"}


def _missing_sheet_number(tmp: Path):
    return _workbook(tmp / "sheets.xlsx"), {"sheet": 5}


def _old_xls(tmp: Path):
    path = tmp / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return path, {}


def _binary(tmp: Path):
    path = tmp / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return path, {}


def _sparse_300mb(tmp: Path):
    path = tmp / "huge.csv"
    with open(path, "wb") as f:
        f.write(b"region,year,ORG1_law_level\n")
        f.truncate(300 * 2 ** 20)  # sparse: costs no disk, and must never be read
    return path, {}


def _big_indicators(tmp: Path):
    """100,000 rows with systematic mistakes: no region, text in a number column, a bad year."""
    n = 100_000
    df = pd.DataFrame({"region": [""] * n, "year": ["二〇二〇"] * n, "ORG1_law_level": ["abc"] * n})
    path = tmp / "systematic.csv"
    path.write_bytes(df.to_csv(index=False).encode())
    return path, {}


def _big_survey(tmp: Path):
    """100,000 respondents: every answer out of range, each with its own unknown group, ids repeated."""
    n = 100_000
    df = pd.DataFrame({"respondent_id": ["r1"] * n, "region": ["110000"] * n, "year": ["2020"] * n,
                       "group": [f"g{i}" for i in range(n)], "q_org4_actor_roles_clear": ["9"] * n})
    path = tmp / "systematic_survey.csv"
    path.write_bytes(df.to_csv(index=False).encode())
    return path, {}


def _deep_framework(tmp: Path):
    """A valid 1,500-level chain: deeper than Python's recursion limit."""
    n = 1500
    rows = ["iCode,Parent"] + [f"n{i},n{i + 1}" for i in range(n)] + [f"n{n},"]
    path = tmp / "deep.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path, {}


# name -> (builder, kind, ok, code, row, column, text)
GENERATED = {
    "zip_bomb_xlsx": (_zip_bomb, "indicators", False, "zip_bomb", None, None, "zip bomb"),
    "xlsx_understated_sizes": (_lying_sizes, "indicators", False, "bad_xlsx", None, None, ""),
    "truncated_xlsx": (_truncated_xlsx, "indicators", False, "bad_xlsx", None, None, "truncated"),
    "xlsx_missing_sheet": (_missing_sheet, "indicators", False, "no_sheet", None, None, "数据, 说明"),
    "xlsx_missing_sheet_number": (_missing_sheet_number, "indicators", False, "no_sheet", None, None, ""),
    "old_xls_or_encrypted": (_old_xls, "indicators", False, "xls_format", None, None, ".xlsx"),
    "binary_renamed_csv": (_binary, "indicators", False, "not_text", None, None, ""),
    "over_upload_limit_300mb": (_sparse_300mb, "survey", False, "too_large", None, None,
                                "The file is 300 MB; the limit is 200 MB"),
    "systematic_indicator_mistakes": (_big_indicators, "indicators", False, "missing_region", 2, "region", ""),
    "systematic_survey_mistakes": (_big_survey, "survey", False, "likert_range", 2, "q_org4_actor_roles_clear", ""),
    "deep_framework": (_deep_framework, "framework", True, None, None, None, ""),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Build and validate each generated case once per module: ``case -> (path, report, obj, digest)``."""
    done: dict = {}

    def get(case: str):
        if case not in done:
            build, kind = GENERATED[case][:2]
            path, kwargs = build(tmp_path_factory.mktemp(case))
            before = _digest(path) if path.stat().st_size < 10 * 2 ** 20 else None
            report, obj = validate(path, kind, **kwargs)
            done[case] = (path, report, obj, before)
        return done[case]
    return get


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_case(case, generated):
    _, kind, ok, code, row, column, text = GENERATED[case]
    path, report, obj, before = generated(case)
    if code is None:
        assert report.ok and obj is not None, [p.text("en") for p in report.problems]
    else:
        _check(report, ok=ok, code=code, row=row, column=column, text=text, file=path.name)
    if before is not None:
        assert _digest(path) == before


def test_size_guard_on_bytes_reads_the_limit_at_call_time(monkeypatch):
    data = (CORPUS / "text_in_numeric.csv").read_bytes()
    fw = default_framework()  # loaded before the limit shrinks (it is a file too)
    monkeypatch.setattr(readers, "MAX_BYTES", 20)
    report, obj = validate(data, "indicators", framework=fw, name="upload.csv")
    (p,) = report.errors
    assert obj is None and p.code == "too_large" and p.file == "upload.csv"
    assert f"The file is {len(data)} bytes; the limit is 20 bytes" in p.message_en
    assert "超过 20 bytes 的上限" in p.message_zh


def test_reports_of_systematic_mistakes_are_capped(generated):
    for case in ("systematic_indicator_mistakes", "systematic_survey_mistakes"):
        _, report, _, _ = generated(case)
        by_key: dict = {}
        for p in report.problems:
            by_key.setdefault((p.code, p.column), []).append(p)
        for (code, column), probs in by_key.items():
            # at most MAX_PER_COLUMN listed, plus one "… and N more" line
            assert len(probs) <= MAX_PER_COLUMN + 1, (code, column, len(probs))
        more = [p for p in report.problems if "more problems of this kind" in p.message_en]
        assert more and all("…" in p.message_zh and p.hint_en for p in more)
        assert len(report.problems) < 200
    # the survey's 100,000 distinct unknown groups and the 99,999 repeated ids are capped too
    counts = {c: sum(p.code == c for p in report.problems) for c in ("unknown_group", "duplicate_respondent")}
    assert counts == {"unknown_group": MAX_PER_COLUMN + 1, "duplicate_respondent": MAX_PER_COLUMN + 1}
    (summary,) = [p for p in report.problems if p.code == "likert_range" and p.row is None]
    assert f"and {100_000 - MAX_PER_COLUMN} more" in summary.message_en


# --------------------------------------------------------------------------- the command line
CLI_CASES = ["text_in_numeric.csv", "truncated_quote.csv", "wide_duplicate_region_year.csv",
             "year_chinese_numerals.csv", "enc_latin1.csv",
             "survey_likert_six.csv", "survey_unknown_group.csv", "survey_duplicate_respondent.csv",
             "framework_negative_weight.csv", "regions_duplicate_code.csv"]
_BY_FILE = {c["file"]: c for c in CASES}


@pytest.fixture(scope="module")
def cli_runs():
    """Run the subset of CLI cases concurrently (each is a fresh interpreter)."""
    def run(name):
        case = _BY_FILE[name]
        return name, subprocess.run([sys.executable, "-m", "metrics", "validate", str(CORPUS / name),
                                     "--kind", case["kind"]], cwd=ROOT, capture_output=True, text=True,
                                    timeout=120)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(run, CLI_CASES))


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_validate_reports_file_and_row_in_both_languages(cli_runs, name):
    r = cli_runs[name]
    row = _BY_FILE[name]["row"]
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert name in r.stdout
    assert f"第 {row} 行" in r.stdout and f"row {row}" in r.stdout
    assert "[错误]" in r.stdout and "[ERROR]" in r.stdout
