"""metrics.safe: exports of uploaded text never carry a live spreadsheet formula.

Text cells starting with ``=``, ``+``, ``-``, ``@``, tab, carriage return or line feed get a
leading apostrophe in CSV and Excel output (OWASP's advice); the text itself is kept; numbers,
negative ones included, stay numbers.  The written ``.xlsx`` is read back with openpyxl and no
cell may be a formula (``data_type == "f"``).
"""
from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from metrics.safe import DANGEROUS, neutralise, neutralise_value, to_csv_bytes, to_xlsx_bytes, write_table

ATTACKS = ["=HYPERLINK(\"http://example.invalid\",\"点我\")", "=1+1", "+1+1", "-1+1", "@SUM(A1:A2)",
           "\t=1+1", "\r=1+1", "\n=1+1", "-cmd|' /C calc'!A0"]
HARMLESS = ["北京", "a=b", "1+1", "", "<script>alert(1)</script>", "＝1+1"]
# text that only turns dangerous when a reader splits it at the line break inside
EMBEDDED = ["第一行\r=1+1", "第一行\n@SUM(A1)", "a\r\n-1+1"]


def _frame() -> pd.DataFrame:
    n = len(ATTACKS)
    return pd.DataFrame({
        "region": pd.Series(ATTACKS, dtype=str),                     # pandas' str dtype
        "note": pd.Series(["ok"] * (n - 2) + [-7, 3.5], dtype=object),  # text mixed with numbers
        "group": pd.Categorical(["=A1"] + ["东部"] * (n - 1)),       # categories are text too
        "value": np.linspace(-2.5, 2.5, n),                          # floats, some negative
        "count": np.arange(-4, n - 4, dtype="int64"),                # ints, some negative
    })


# --------------------------------------------------------------------------- values and frames
@pytest.mark.parametrize("text", ATTACKS)
def test_dangerous_text_gets_an_apostrophe(text):
    assert text.startswith(DANGEROUS)
    assert neutralise_value(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_unchanged(text):
    assert neutralise_value(text) == text


@pytest.mark.parametrize("number", [-3.5, -1, 0, 2, np.float64(-2.25), np.int64(-5), float("nan"), None])
def test_numbers_and_missing_values_are_unchanged(number):
    out = neutralise_value(number)
    assert out is number or (out != out and number != number)


def test_neutralise_frame_keeps_numbers_numeric():
    df = _frame()
    out = neutralise(df)
    assert out["region"].tolist() == ["'" + t for t in ATTACKS]
    assert out["note"].tolist()[-2:] == [-7, 3.5]  # numbers inside a text column stay numbers
    assert out["group"].tolist()[0] == "'=A1"
    assert out["value"].dtype == np.float64 and out["value"].tolist() == df["value"].tolist()
    assert out["count"].dtype == np.int64 and out["count"].min() == -4
    assert neutralise(df.rename(columns={"region": "=cmd"})).columns[0] == "'=cmd"
    assert df["region"].tolist() == ATTACKS  # the input is not modified


# --------------------------------------------------------------------------- CSV
def test_line_breaks_inside_text_cannot_start_a_row():
    df = pd.DataFrame({"region": EMBEDDED, "value": [-1.5, 0.0, 2.0]})
    data = to_csv_bytes(df)
    rows = _csv_rows(data)
    assert rows[1:] == [[t, v] for t, v in zip(EMBEDDED, ["-1.5", "0.0", "2.0"])]  # one row per record
    # quoted, so the break stays inside the cell (unquoted, "=1+1" would begin a row of its own)
    assert '"第一行\r=1+1"' in data.decode("utf-8-sig")
    ws = load_workbook(io.BytesIO(to_xlsx_bytes({"s": df}))).active
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens the UTF-8 with Chinese intact
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_output_is_neutralised(tmp_path):
    df = _frame()
    for data in (to_csv_bytes(df), _written(tmp_path / "out.csv", df)):
        rows = _csv_rows(data)
        assert rows[0] == ["region", "note", "group", "value", "count"]
        body = rows[1:]
        assert [r[0] for r in body] == ["'" + t for t in ATTACKS]
        for r in body:
            for cell in r:
                assert not cell.startswith(("=", "+", "@", "\t", "\r", "\n")), cell
                if cell.startswith("-"):  # only numbers may start with a minus sign
                    float(cell)
        assert [float(r[3]) for r in body] == pytest.approx(df["value"].tolist())
        assert [int(r[4]) for r in body] == df["count"].tolist()
        assert body[-2][1] == "-7" and body[-1][1] == "3.5"


def _written(path, df) -> bytes:
    write_table(df, path)
    return path.read_bytes()


# --------------------------------------------------------------------------- Excel
def test_plain_pandas_excel_would_write_a_formula():
    """The control: without metrics.safe a text cell starting with '=' becomes a formula."""
    buf = io.BytesIO()
    pd.DataFrame({"region": ["=1+1"]}).to_excel(buf, index=False, engine="openpyxl")
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws["A2"].data_type == "f"


def _check_workbook(data: bytes, df: pd.DataFrame, sheet: str):
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet]
    cells = [c for row in ws.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells), [c.value for c in cells if c.data_type == "f"]
    rows = list(ws.iter_rows(min_row=2))
    # xlsx stores a carriage return as the escape _x000D_, which openpyxl hands back as written
    assert [r[0].value.replace("_x000D_", "\r") for r in rows] == ["'" + t for t in ATTACKS]
    assert all(r[0].data_type == "s" for r in rows)
    assert rows[0][2].value == "'=A1"
    for r, v, k in zip(rows, df["value"], df["count"]):
        assert r[3].data_type == "n" and r[3].value == pytest.approx(v)
        assert r[4].data_type == "n" and r[4].value == k
    assert rows[-2][1].value == -7 and rows[-2][1].data_type == "n"


def test_xlsx_output_has_no_formula_and_keeps_numbers(tmp_path):
    df = _frame()
    _check_workbook(to_xlsx_bytes({"数据": df, "=evil": df}), df, "数据")
    # a sheet name is not a cell, but the second sheet is neutralised just the same
    _check_workbook(to_xlsx_bytes({"数据": df, "=evil": df}), df, "=evil")
    write_table(df, tmp_path / "out.xlsx", extra_sheets={"more": df})
    data = (tmp_path / "out.xlsx").read_bytes()
    _check_workbook(data, df, "results")
    _check_workbook(data, df, "more")


def test_xlsx_header_is_neutralised():
    df = pd.DataFrame({"=cmd": ["x"], "ok": [-1]})
    ws = load_workbook(io.BytesIO(to_xlsx_bytes({"s": df}))).active
    assert ws["A1"].value == "'=cmd" and ws["A1"].data_type == "s"
    assert ws["B2"].value == -1 and ws["B2"].data_type == "n"
