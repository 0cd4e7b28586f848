"""metrics.readers: decoding, table reading, .xlsx guard and number parsing.

Every test checks specific values.  Row numbers follow the spreadsheet
convention of metrics.errors: the header is row 1, the first data row row 2.
"""
from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from metrics import readers, xlsx
from metrics.errors import DataError, Report
from metrics.readers import MISSING_TOKENS, check_xlsx, decode_bytes, parse_numeric, read_table

# Names with characters that GB2312 lacks (the reason byte-guessing detectors fail):
# 朱镕基, 张喆, 王堃, 李珺.  All four characters *are* in GBK (checked below).
NAMES = ["朱镕基", "张喆", "王堃", "李珺"]
CSV_TEXT = "地区,姓名,得分\n" + "".join(f"地区{i},{n},{80 + i}\n" for i, n in enumerate(NAMES))


def _codes(err: DataError) -> list[str]:
    return [p.code for p in err.problems]


# --------------------------------------------------------------------------- encodings
def test_name_characters_are_in_gbk_but_not_gb2312():
    for ch in "镕喆堃珺":
        ch.encode("gbk")  # no error: GBK has them
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gb2312")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_read_table_decodes_chinese_csv(encoding):
    df = read_table(CSV_TEXT.encode(encoding), name="names.csv")
    # a BOM must not end up glued to the first header ("\ufeff地区")
    assert list(df.columns) == ["地区", "姓名", "得分"]
    assert df["姓名"].tolist() == NAMES
    assert df["得分"].tolist() == ["80", "81", "82", "83"]
    assert df.attrs["name"] == "names.csv"


def test_utf8_bom_is_dropped_by_decode_bytes():
    assert decode_bytes("\ufeff地区".encode("utf-8")) == "地区"
    assert decode_bytes(b"\xef\xbb\xbfa,b") == "a,b"


def test_gb18030_only_characters():
    # 䶮 (U+4DAE, in the name 刘䶮) and 𠮷 (U+20BB7) are not in GBK; GB18030 has them
    # (𠮷 as a four-byte sequence).
    for ch in ("䶮", "𠮷"):
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gbk")
    assert len("𠮷".encode("gb18030")) == 4
    text = "地区,姓名\n广东,刘䶮\n上海,𠮷野\n北京,朱镕基\n"
    df = read_table(text.encode("gb18030"), name="gb18030.csv")
    assert df["姓名"].tolist() == ["刘䶮", "𠮷野", "朱镕基"]


def test_undecodable_bytes_are_bad_encoding():
    # 0xFF is never a valid lead byte in UTF-8 or GB18030; it sits at byte offset 4
    data = b"a,b\n\xff\xff,1\n"
    with pytest.raises(DataError) as e:
        read_table(data, name="broken.csv")
    (p,) = e.value.problems
    assert p.code == "bad_encoding"
    assert p.file == "broken.csv"
    assert p.value == "byte offset 4"
    with pytest.raises(DataError) as e2:
        decode_bytes(b"\x80", name="x")
    assert _codes(e2.value) == ["bad_encoding"]


# --------------------------------------------------------------------------- structure
@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\r\n"])
def test_empty_file(data):
    with pytest.raises(DataError) as e:
        read_table(data, name="empty.csv")
    assert _codes(e.value) == ["empty"]
    assert e.value.problems[0].file == "empty.csv"


def test_header_only():
    with pytest.raises(DataError) as e:
        read_table("地区,年份\n".encode("utf-8"), name="h.csv")
    assert _codes(e.value) == ["header_only"]


def test_duplicate_column_names_including_full_width_twin():
    with pytest.raises(DataError) as e:
        read_table(b"a,b,a\n1,2,3\n", name="d.csv")
    (p,) = e.value.problems
    assert (p.code, p.column, p.row) == ("duplicate_column", "a", None)
    # headers are NFKC-normalised: full-width "ａ" is the same name as "a"
    with pytest.raises(DataError) as e2:
        read_table("a,ａ\n1,2\n".encode("utf-8"), name="d.csv")
    assert [(p.code, p.column) for p in e2.value.problems] == [("duplicate_column", "a")]


def test_row_with_too_many_fields_is_csv_parse_with_row_number():
    # line 1 header (2 fields), line 2 fine, line 3 has 3 fields -> spreadsheet row 3
    with pytest.raises(DataError) as e:
        read_table(b"a,b\n1,2\n3,4,5\n6,7\n", name="bad.csv")
    (p,) = e.value.problems
    assert p.code == "csv_parse"
    assert p.row == 3
    assert p.file == "bad.csv"


def test_headers_and_cells_are_stripped_and_text():
    df = read_table(" 地区 , 年份 \n 北京 , 2020 \n".encode("utf-8"), name="s.csv")
    assert list(df.columns) == ["地区", "年份"]
    assert df.iloc[0].tolist() == ["北京", "2020"]  # still text, not int


def test_column_with_data_but_no_header():
    with pytest.raises(DataError) as e:
        read_table(b"a,,c\n1,2,3\n", name="n.csv")
    assert [(p.code, p.column) for p in e.value.problems] == [("no_header", "#2")]
    # an empty column without header is simply dropped
    df = read_table(b"a,,c\n1,,3\n", name="n.csv")
    assert list(df.columns) == ["a", "c"] and df.iloc[0].tolist() == ["1", "3"]


# --------------------------------------------------------------------------- xlsx
def _workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["地区", "年份", "指标A", "比例"])
    ws.append(["北京", 2020, 85.5, "85%"])
    ws.append(["朱镕基", 2021, None, 3.0])
    ws2 = wb.create_sheet("问卷")
    ws2.append(["respondent_id", "group"])
    ws2.append(["r1", "政府"])
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def test_xlsx_first_sheet():
    df = read_table(_workbook(), name="w.xlsx")
    assert list(df.columns) == ["地区", "年份", "指标A", "比例"]
    # whole floats come back without ".0", empty cells as "", text untouched
    assert df.to_dict("list") == {"地区": ["北京", "朱镕基"], "年份": ["2020", "2021"],
                                  "指标A": ["85.5", ""], "比例": ["85%", "3"]}


def test_xlsx_named_and_numbered_sheet():
    data = _workbook()
    for sheet in ("问卷", 1):
        df = read_table(data, name="w.xlsx", sheet=sheet)
        assert df.to_dict("list") == {"respondent_id": ["r1"], "group": ["政府"]}


def test_xlsx_detected_from_magic_bytes_without_extension():
    df = read_table(_workbook(), name="upload")
    assert df["地区"].tolist() == ["北京", "朱镕基"]


def test_xlsx_unknown_sheet():
    with pytest.raises(DataError) as e:
        read_table(_workbook(), name="w.xlsx", sheet="没有")
    assert _codes(e.value) == ["no_sheet"]


def test_truncated_xlsx_is_bad_xlsx():
    data = _workbook()
    with pytest.raises(DataError) as e:
        read_table(data[: len(data) // 2], name="cut.xlsx")
    assert _codes(e.value) == ["bad_xlsx"]
    assert e.value.problems[0].file == "cut.xlsx"


def test_zip_without_worksheet_is_bad_xlsx():
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(DataError) as e:
        read_table(bio.getvalue(), name="z.xlsx")
    assert _codes(e.value) == ["bad_xlsx"]


def _bomb(size: int = 2 ** 20) -> bytes:
    """A tiny archive whose one member inflates ~1000-fold (1 MiB of '0' deflates to ~1 KiB)."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * size)
    return bio.getvalue()


def test_zip_bomb_refused_by_ratio():
    data = _bomb()
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    ratio = sum(i.file_size for i in infos) / sum(i.compress_size for i in infos)
    assert ratio > xlsx.MAX_RATIO  # ~1000:1 > 200:1
    with pytest.raises(DataError) as e:
        read_table(data, name="bomb.xlsx")
    assert _codes(e.value) == ["zip_bomb"]


def test_zip_bomb_refused_by_declared_size():
    # 1 MiB + 8 bytes declared > a 1000-byte limit (ratio limit lifted so only the size trips)
    with pytest.raises(DataError) as e:
        check_xlsx(_bomb(), "b.xlsx", max_uncompressed=1000, max_ratio=1e9)
    assert _codes(e.value) == ["zip_bomb"]
    # a real workbook passes the default limits (openpyxl output inflates ~4:1)
    check_xlsx(_workbook(), "ok.xlsx")


def test_module_level_xlsx_limits_are_honoured(monkeypatch):
    # an ordinary workbook: ~18 kB inflated from ~4 kB packed (ratio ~4); a 1 kB / 2:1 limit must refuse it
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 1000)
    monkeypatch.setattr(xlsx, "MAX_RATIO", 2)
    with pytest.raises(DataError) as e:
        read_table(_workbook(), name="w.xlsx")
    assert _codes(e.value) == ["zip_bomb"]


# --------------------------------------------------------------------------- parse_numeric
@pytest.mark.parametrize("text,expected", [
    ("85%", 85.0),            # the number of percent, unit kept as declared
    ("1,234.5", 1234.5),      # thousands separator
    ("８５", 85.0),            # full-width digits (NFKC)
    ("１，２３４", 1234.0),     # full-width digits and comma
    ("−3", -3.0),             # U+2212 minus sign
    (" 12 ", 12.0),
    ("-0.5", -0.5),
    ("1e3", 1000.0),
    ("８５．５％", 85.5),       # full-width point and percent
])
def test_parse_numeric_accepts(text, expected):
    assert parse_numeric(pd.Series([text])).tolist() == [expected]


@pytest.mark.parametrize("token", sorted(MISSING_TOKENS - {"…"}))
def test_parse_numeric_missing_tokens(token):
    out = parse_numeric(pd.Series(["1", token]))
    assert out[0] == 1.0 and np.isnan(out[1])


def test_parse_numeric_ellipsis_missing_token():
    assert "…" in MISSING_TOKENS
    assert np.isnan(parse_numeric(pd.Series(["…"]))[0])


def test_parse_numeric_numeric_dtype_passthrough():
    out = parse_numeric(pd.Series([1, 2, None], dtype="float64"))
    assert out[:2].tolist() == [1.0, 2.0] and np.isnan(out[2])


def test_parse_numeric_reports_row_and_column():
    s = pd.Series(["1", "abc", "3", "12,34", "inf"])
    with pytest.raises(DataError) as e:
        parse_numeric(s, file="data.csv", column="得分", row_offset=2)
    probs = e.value.problems
    # iloc 1 -> spreadsheet row 1 + 2 = 3; "12,34" is not a thousands pattern (row 5); inf (row 6)
    assert [(p.code, p.row, p.column, p.value) for p in probs] == [
        ("not_a_number", 3, "得分", "abc"), ("not_a_number", 5, "得分", "12,34"),
        ("not_a_number", 6, "得分", "inf")]
    assert all(p.file == "data.csv" for p in probs)


def test_parse_numeric_collects_into_report_without_raising():
    rep = Report()
    out = parse_numeric(pd.Series(["x", "2"]), file="f.csv", column="c", row_offset=10, report=rep)
    assert np.isnan(out[0]) and out[1] == 2.0
    assert [(p.row, p.value) for p in rep.errors] == [(10, "x")]


def test_problem_text_names_file_row_column_in_both_languages():
    with pytest.raises(DataError) as e:
        parse_numeric(pd.Series(["abc"]), file="survey.csv", column="q1", row_offset=12)
    p = e.value.problems[0]
    zh, en = p.text("zh"), p.text("en")
    assert zh.startswith("survey.csv，第 12 行，列“q1”：不是数字")
    assert "（值：“abc”）" in zh
    assert en.startswith("survey.csv, row 12, column 'q1': Not a number (value: 'abc')")
    # str(DataError) carries both lines
    assert zh in str(e.value) and en in str(e.value)


def test_cells_neutralised_on_export_read_back_as_numbers():
    # metrics.safe writes text "-3" or "-" as "'-3" / "'-"; an exported file uploaded again must still parse
    out = parse_numeric(pd.Series(["'-3", "'-", "'+2.5", "4"]))
    assert out[0] == -3.0 and np.isnan(out[1]) and out[2] == 2.5 and out[3] == 4.0


# --------------------------------------------------------------------------- issue 15: odd input
def test_one_nul_byte_is_named_with_its_row_and_column_not_called_utf16():
    """Issue 15 item 10: a single NUL byte was reported as 'encoded as UTF-16', with no row."""
    data = "地区,年份,得分\n北京,2020,85\n天津,2020,8\x006\n".encode("utf-8")
    with pytest.raises(DataError) as e:
        read_table(data, name="nul.csv")
    (p,) = e.value.problems
    assert (p.code, p.row, p.column, p.file) == ("nul_byte", 3, "得分", "nul.csv")
    assert "UTF-16" not in p.message_en and "NUL" in p.message_en and "NUL" in p.message_zh
    # real UTF-16 without a BOM (a NUL in every other byte) is still recognised as such
    with pytest.raises(DataError) as e:
        read_table("地区,年份\n北京,2020\n".encode("utf-16-le"), name="u16.csv")
    assert "UTF-16" in e.value.problems[0].message_en
    # and binary content is still binary
    with pytest.raises(DataError) as e:
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, name="p.csv")
    assert _codes(e.value) == ["not_text"]


@pytest.mark.parametrize("text,expected", [
    ("1,500", 1.5), ("2,250", 2.25), ("0,750", 0.75), (",5", 0.5), ("-1,5", -1.5), ("12,5%", 12.5),
    ("1.234,5", 1234.5), ("1.234.567", 1234567.0), ("1 234,5", 1234.5), ("1,234.5", 1234.5),
    ("1.5", 1.5), ("0.500", 0.5), ("12", 12.0),
])
def test_the_comma_is_the_decimal_mark_in_semicolon_files(text, expected):
    """Issue 15 item 2: '1,500', '2,250', '0,750' were read as 1500, 2250 and 750."""
    rep = Report()
    out = parse_numeric(pd.Series([text]), decimal=",", report=rep, file="f.csv", column="c")
    assert out[0] == pytest.approx(expected) and rep.ok


def test_decimal_commas_are_announced_once_and_ambiguous_values_refused():
    rep = Report()
    out = parse_numeric(pd.Series(["1,5", "1.500", "2,5", "1,234,567"]), decimal=",", report=rep,
                        file="f.csv", column="c")
    assert out[0] == 1.5 and out[2] == 2.5 and np.isnan(out[1]) and np.isnan(out[3])
    assert [(p.code, p.row, p.value) for p in rep.errors] == [("ambiguous_number", 3, "1.500"),
                                                             ("ambiguous_number", 5, "1,234,567")]
    (w,) = rep.warnings
    assert (w.code, w.row, w.column) == ("decimal_comma", 2, "c") and "1,500 is 1.5" in w.message_en
    parse_numeric(pd.Series(["3,5"]), decimal=",", report=rep, column="d")
    assert [p.code for p in rep.warnings] == ["decimal_comma"]  # one note per report (file), not per column


def test_a_decimal_comma_elsewhere_is_never_a_thousands_group():
    """'0,750' can never be a thousands group; '1,500' in a comma-separated file still is one."""
    rep = Report()
    out = parse_numeric(pd.Series(["0,750", "1,500", "-0,5"]), report=rep, file="f.csv", column="c")
    assert np.isnan(out[0]) and out[1] == 1500.0 and np.isnan(out[2])
    assert [(p.code, p.row) for p in rep.errors] == [("not_a_number", 2), ("not_a_number", 4)]
    assert "';'-separated" in rep.errors[0].message_en


def test_semicolon_csv_reads_decimal_commas_end_to_end():
    from metrics.data import read_indicators
    from metrics.framework import default_framework
    d = read_indicators(b"region;year;ORG1_policy_docs\n110000;2020;1,500\n120000;2020;2,250\n130000;2020;0,750\n",
                        default_framework(), name="semi.csv")
    assert d.values["ORG1_policy_docs"].tolist() == [1.5, 2.25, 0.75]
    assert "decimal_comma" in [p.code for p in d.problems]


def test_magnitudes_that_overflow_or_underflow_are_errors_and_minus_zero_is_zero():
    """Issue 15 item 7: +-1.7e308 made an indicator's range overflow and it vanished silently."""
    rep = Report()
    values = ["1.7e308", "-1.7e308", "5e-324", "1e100", "-1e-100", "-0", "0", "1e101"]
    out = parse_numeric(pd.Series(values), report=rep, file="f.csv", column="c")
    assert [(p.code, p.row, p.value) for p in rep.errors] == [
        ("magnitude", 2, "1.7e308"), ("magnitude", 3, "-1.7e308"), ("magnitude", 4, "5e-324"),
        ("magnitude", 9, "1e101")]
    assert out[3] == 1e100 and out[4] == -1e-100 and out[5] == 0.0 and not np.signbit(out[5])
    assert np.isnan(out[[0, 1, 2, 7]]).all()
    assert np.isfinite(out[3] - (-out[3])) and np.isfinite(out[3] ** 2)  # the widest range accepted is finite


def test_invisible_characters_are_removed_from_headers():
    df = read_table("\u202e地区,年\u200b份,得\u2066分\u2069\n北京,2020,1\n".encode("utf-8"), name="h.csv")
    assert list(df.columns) == ["地区", "年份", "得分"]


def test_too_many_columns_are_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(readers, "MAX_COLUMNS", 3)
    with pytest.raises(DataError) as e:
        read_table(b"a,b,c,d\n1,2,3,4\n", name="w.csv")
    (p,) = e.value.problems
    assert (p.code, p.row) == ("too_many_columns", 1) and "limit is 3" in p.message_en
    wb = Workbook()
    wb.active.append(["a", "b", "c", "d"])
    bio = io.BytesIO()
    wb.save(bio)
    with pytest.raises(DataError) as e:
        read_table(bio.getvalue(), name="w.xlsx")
    assert _codes(e.value) == ["too_many_columns"] and "limit is 3" in e.value.problems[0].message_en


def test_xlsx_cells_keep_their_rows_and_read_as_a_spreadsheet_shows_them():
    import datetime as dt
    wb = Workbook()
    ws = wb.active
    ws.append(["地区", "日期", "值", "布尔"])
    ws.append(["北京", dt.date(2024, 1, 31), 1e20, True])
    ws.append([])  # an empty row keeps its number
    ws.append([110000, None, -0.5, False])
    bio = io.BytesIO()
    wb.save(bio)
    df = read_table(bio.getvalue(), name="w.xlsx")
    assert df.to_dict("list") == {"地区": ["北京", "", "110000"], "日期": ["2024-01-31 00:00:00", "", ""],
                                  "值": ["1e+20", "", "-0.5"], "布尔": ["True", "", "False"]}
    assert df.attrs["problems"] == [] and df.attrs["delimiter"] is None


def test_first_visible_sheet_is_read_by_default_and_a_hidden_one_on_request():
    wb = Workbook()
    hidden = wb.active
    hidden.title = "lookup"
    hidden.append(["x"])
    hidden.append(["hidden"])
    hidden.sheet_state = "hidden"
    shown = wb.create_sheet("数据")
    shown.append(["地区"])
    shown.append(["北京"])
    bio = io.BytesIO()
    wb.save(bio)
    df = read_table(bio.getvalue(), name="h.xlsx")
    assert df["地区"].tolist() == ["北京"]
    (w,) = df.attrs["problems"]
    assert w.code == "hidden_sheet" and "lookup" in w.message_en and w.severity == "warning"
    df = read_table(bio.getvalue(), name="h.xlsx", sheet="lookup")
    assert df["x"].tolist() == ["hidden"] and df.attrs["problems"] == []


def test_the_readme_states_the_limits_the_code_enforces():
    """README.md, "Data, storage and login": the limits a user's file must respect, as enforced."""
    from tests.conftest import ROOT
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for shown in (f"{readers.MAX_BYTES // 2 ** 20} MB and {readers.MAX_COLUMNS:,} columns",
                  f"at most {xlsx.MAX_MEMBERS:,} parts", f"at most {xlsx.MAX_PART_BYTES // 2 ** 20} MB unpacked",
                  f"from {xlsx.RATIO_FROM // 2 ** 20} MB, at most {xlsx.MAX_RATIO} times",
                  f"{xlsx.MAX_UNCOMPRESSED // 2 ** 20} MB unpacked in all", f"at most {xlsx.MAX_CELLS:,} cells",
                  f"{xlsx.MAX_TEXT_BYTES // 2 ** 20} MB of text", f"{xlsx.PARSE_MEMORY // 2 ** 20} MB of memory",
                  f"and {xlsx.PARSE_SECONDS} s of computing, within {xlsx.READ_SECONDS} s in all",
                  "between 1e-100 and 1e100"):
        assert shown in text, shown
    assert (readers.MIN_MAGNITUDE, readers.MAX_MAGNITUDE) == (1e-100, 1e100)


# --------------------------------------------------------------------------- yearbook tables (issue 10 item 7)
def _sample_wide(years: int = 2) -> pd.DataFrame:
    from tests.conftest import ROOT
    df = pd.read_csv(ROOT / "data" / "sample" / "indicators.csv", dtype=str, keep_default_na=False)
    last = sorted(df["year"].unique())[-years:]
    return df[df["year"].isin(last)].sort_values(["region", "year"]).reset_index(drop=True)


def _group(code: str) -> str:
    return {"ORG": "组织", "MEC": "机制", "AWA": "认识·文化"}[code[:3]]


def yearbook_xlsx(bad_cell: tuple[str, str] | None = None) -> tuple[bytes, pd.DataFrame]:
    """The sample's last two years as a statistical yearbook prints them: a merged title row, a merged
    group header above the Chinese indicator names, 地区 and 年份 merged down over both header rows,
    each region merged over its two year rows, a blank row and two merged note rows at the bottom."""
    from openpyxl.utils import get_column_letter as col
    from metrics.framework import default_framework
    fw = default_framework()
    df = _sample_wide()
    inds = [c for c in df.columns if c not in ("region", "year")]
    last = col(2 + len(inds))
    wb = Workbook()
    ws = wb.active
    ws.title = "表3-1"
    ws.append(["表 3-1 各地区政府数据协同治理指标"])
    ws.merge_cells(f"A1:{last}1")
    ws.append(["地区", "年份"] + [_group(c) if i == 0 or _group(inds[i - 1]) != _group(c) else None
                                  for i, c in enumerate(inds)])
    for g in dict.fromkeys(map(_group, inds)):
        cols = [i + 3 for i, c in enumerate(inds) if _group(c) == g]
        ws.merge_cells(f"{col(cols[0])}2:{col(cols[-1])}2")
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.append([None, None] + [fw.name_of(c, "zh") for c in inds])

    def cell(v):
        try:
            return float(v)
        except ValueError:
            return v or None
    for i, r in df.iterrows():
        values = [cell(r[c]) for c in inds]
        if bad_cell is not None and (r["region"], r["year"]) == bad_cell:
            values[0] = "abc"
        ws.append([r["region"] if i % 2 == 0 else None, int(r["year"])] + values)
        if i % 2 == 0:
            ws.merge_cells(f"A{i + 4}:A{i + 5}")
    end = len(df) + 3
    ws.append([])
    ws.append(["注：本表为合成数据，不代表任何真实地区。"])
    ws.append(["资料来源：示例数据生成器。"])
    ws.merge_cells(f"A{end + 2}:{last}{end + 2}")
    ws.merge_cells(f"A{end + 3}:{last}{end + 3}")
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue(), df


def yearbook_csv(encoding: str = "gbk") -> tuple[bytes, pd.DataFrame]:
    """The same table as a yearbook's CSV export: a title line, a sparse group-header line, the header,
    the data, an empty row of commas and note lines."""
    from metrics.framework import default_framework
    fw = default_framework()
    df = _sample_wide()
    inds = [c for c in df.columns if c not in ("region", "year")]
    lines = ["表 3-1 各地区政府数据协同治理指标",
             ",," + ",".join(_group(c) if i == 0 or _group(inds[i - 1]) != _group(c) else "" for i, c in enumerate(inds)),
             "地区,年份," + ",".join(fw.name_of(c, "zh") for c in inds)]
    lines += [",".join(f'"{v}"' if "," in v else v for v in r) for r in df.astype(str).itertuples(index=False)]
    lines += ["," * (len(inds) + 1), "注：本表为合成数据。", "Source: the sample generator."]
    return ("\r\n".join(lines) + "\r\n").encode(encoding), df


def _same_values(got, df: pd.DataFrame) -> None:
    from metrics import Dataset
    want = Dataset.load(df.to_csv(index=False).encode()).indicators.values
    pd.testing.assert_frame_equal(got.values, want)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_yearbook_sheet_is_read_below_its_title_and_group_header(kind):
    """Issue 10 item 7: such a sheet gave 26 'A column with data has no header' errors and no preview.
    Now the header row is found, the title, group header, blank and note rows are skipped (each said
    in a note naming the rows), merged cells are filled, and the values are the sample's."""
    from metrics.validate import format_report, validate
    data, df = yearbook_xlsx() if kind == "xlsx" else yearbook_csv()
    name = f"年鉴.{kind}"
    report, obj = validate(data, "indicators", name=name)
    assert report.ok, [p.text("en") for p in report.errors]
    assert "no_header" not in [p.code for p in report.problems]
    _same_values(obj, df)
    (head,) = [p for p in report.problems if p.code == "header_row"]
    assert (head.severity, head.row, head.file) == ("info", 3, name)
    assert "表头在第 3 行" in head.message_zh and "第 1–2 行" in head.message_zh and "row(s) 1–2" in head.message_en
    (notes,) = [p for p in report.problems if p.code == "note_rows"]
    last = len(df) + 3
    assert notes.severity == "info" and notes.row == last + 2 and f"{last + 2}, {last + 3}" in notes.message_en
    assert "[说明]" in format_report(report) and "[NOTE]" in format_report(report)
    if kind == "xlsx":
        (merged,) = [p for p in report.problems if p.code == "merged_cells"]
        assert merged.row == 4 and merged.column == "地区" and "A4:A5" in merged.message_en
        assert f"{len(df) // 2} merged range(s) below the header" in merged.message_en


def test_rows_of_a_yearbook_sheet_keep_their_spreadsheet_numbers():
    data, df = yearbook_xlsx(bad_cell=("120000", _sample_wide()["year"].max()))
    from metrics.validate import validate
    report, obj = validate(data, "indicators", name="年鉴.xlsx")
    row = int(df.index[(df["region"] == "120000") & (df["year"] == df["year"].max())][0]) + 4
    (bad,) = report.errors
    assert obj is None and (bad.code, bad.row, bad.value) == ("not_a_number", row, "abc")


def test_the_header_row_can_be_given_and_an_uncertain_guess_is_a_warning():
    from metrics.readers import find_header, read_cells
    text = "各地区统计表\n（单位：个）\n省份,指标甲,指标乙\n北京,1,2\n天津,3,4\n".encode("gbk")
    cells = read_cells(text, name="t.csv")
    assert cells.shape == (5, 3) and cells.iat[0, 0] == "各地区统计表"
    assert find_header(cells) == (2, False)           # nothing recognised: a plausible row, not sure
    df = read_table(text, name="t.csv", header_row=None, tidy=True)
    assert list(df.columns) == ["省份", "指标甲", "指标乙"] and df.attrs["first_row"] == 4
    (w,) = df.attrs["problems"]
    assert (w.code, w.severity, w.row) == ("header_row", "warning", 3) and "--header-row" in w.hint_en
    given = read_table(text, name="t.csv", header_row=3, tidy=True)
    assert given.attrs["problems"][0].severity == "info" and given.equals(df)
    with pytest.raises(DataError) as e:
        read_table(text, name="t.csv", header_row=9)
    assert _codes(e.value) == ["bad_header_row"] and "5 rows" in e.value.problems[0].message_en
    # a plain table reads as before: row 1, no notes
    plain = read_table(b"region,year\n110000,2020\n", name="p.csv", header_row=None, tidy=True)
    assert plain.attrs["problems"] == [] and plain.attrs["first_row"] == 2


def test_a_second_header_row_of_codes_below_the_names_is_not_data():
    from metrics.validate import validate
    text = "地区,年份,地方数据立法层级\nregion,year,ORG1_law_level\n110000,2020,2\n120000,2020,x\n"
    report, obj = validate(text.encode("gbk"), "indicators", name="two.csv")
    (bad,) = report.errors
    assert (bad.code, bad.row, bad.column) == ("not_a_number", 4, "地方数据立法层级")
    (head,) = [p for p in report.problems if p.code == "header_row"]
    assert head.row == 1 and "row(s) 2 are a second header row" in head.message_en and "第 2 行是第二行表头" in head.message_zh


def test_the_command_line_finds_the_header_and_takes_header_row(tmp_path, capsys):
    from metrics import cli
    data, df = yearbook_xlsx()
    path = tmp_path / "年鉴.xlsx"
    path.write_bytes(data)
    assert cli.main(["validate", str(path), "--kind", "indicators"]) == 0
    out = capsys.readouterr().out
    assert "表头在第 3 行" in out and "The header is row 3" in out and "0 errors" in out
    assert cli.main(["validate", str(path), "--kind", "indicators", "--header-row", "1"]) == 1
    out = capsys.readouterr().out
    assert "A column with data has no header" in out and "--header-row N" in out
    plain = tmp_path / "plain.csv"
    plain.write_bytes(df.to_csv(index=False).encode())
    for args, out_name in ((["--data", str(path), "--header-row", "3"], "a.csv"), (["--data", str(plain)], "b.csv")):
        assert cli.main(["assess", *args, "--out", str(tmp_path / out_name)]) == 0
    a, b = (pd.read_csv(tmp_path / n) for n in ("a.csv", "b.csv"))
    pd.testing.assert_frame_equal(a, b)
    assert "note: 年鉴.xlsx, row 3: The header is row 3" in capsys.readouterr().err


# --------------------------------------------------------------------------- advice that does not damage data (item 8)
def seven_point_survey(rows: int = 3000) -> bytes:
    """The sample survey with every answer moved onto a 7-point scale (1, 3, 4, 5, 7)."""
    from tests.conftest import ROOT
    from metrics.framework import default_framework
    df = pd.read_csv(ROOT / "data" / "sample" / "survey.csv", dtype=str, keep_default_na=False).head(rows)
    seven = {"1": "1", "2": "3", "3": "4", "4": "5", "5": "7"}
    for c in default_framework().survey_items:
        if c in df:
            df[c] = df[c].map(lambda v: seven.get(v, v))
    return df.to_csv(index=False).encode()


def test_a_seven_point_survey_gets_one_message_per_indicator_and_reads_with_scale_7():
    """Issue 10 item 8: 483 errors 'Write a whole number from 1 to 5' before; now one error per survey
    indicator says the answers look like a 7-point scale and how to set scale = 7."""
    from metrics.data import advised_scales
    from metrics.framework import default_framework, load_framework
    from metrics.validate import validate
    fw = default_framework()
    data = seven_point_survey()
    report, obj = validate(data, "survey", name="问卷.csv")
    codes = [p.code for p in report.errors]
    assert obj is None and "likert_range" not in codes and set(codes) == {"likert_scale"}
    advice = advised_scales(report.errors)
    owners = {fw.table.at[i, "items"][0]: i for i in fw.survey_indicators}
    assert set(advice.values()) == {7} and set(owners.values()) <= set(advice)
    assert len(report.errors) <= len(fw.survey_indicators)
    p = report.errors[0]
    assert "look like a 7-point scale" in p.message_en and "7 点量表" in p.message_zh
    assert "scale = 7" in p.hint_en and "--framework" in p.hint_en and "采用 7 点量表" in p.hint_zh
    assert p.row is not None and p.column and p.file == "问卷.csv"
    table = fw.to_frame()
    table.loc[table["iCode"].isin(list(advice)), "scale"] = 7
    report, obj = validate(data, "survey", framework=load_framework(table, name="fw.csv"), name="问卷.csv")
    assert report.ok and obj is not None


def test_a_stray_answer_above_the_scale_is_still_an_error_per_answer():
    from metrics.validate import validate
    from tests.conftest import ROOT
    df = pd.read_csv(ROOT / "data" / "sample" / "survey.csv", dtype=str, keep_default_na=False).head(400)
    item = df.columns[4]
    df.loc[[5, 9], item] = "6"
    report, _ = validate(df.to_csv(index=False).encode(), "survey", name="s.csv")
    assert [(p.code, p.row, p.column) for p in report.errors] == [("likert_range", 7, item), ("likert_range", 11, item)]


def test_a_year_out_of_range_says_the_range():
    from metrics.data import YEAR_MAX, YEAR_MIN
    from metrics.validate import validate
    report, _ = validate(b"region,year,ORG1_law_level\n110000,1000,1\n120000,2020.5,1\n", "indicators", name="y.csv")
    first, second = report.errors
    assert (first.code, first.row, first.column) == ("bad_year", 2, "year")
    assert f"The year 1000 is outside the plausible range {YEAR_MIN}–{YEAR_MAX}" == first.message_en
    assert f"年份 1000 不在合理范围 {YEAR_MIN}–{YEAR_MAX} 之内" == first.message_zh
    assert second.row == 3 and f"within {YEAR_MIN}–{YEAR_MAX}" in second.message_en


# --------------------------------------------------------------------------- what distorts results (item 10)
def test_constant_indicators_are_named_overall_and_per_year():
    from metrics.validate import validate
    text = ("region,year,ORG1_law_level,ORG1_policy_docs\n"
            "110000,2020,2,5\n120000,2020,2,5\n130000,2020,2,7\n"
            "110000,2021,2,4\n120000,2021,2,4\n130000,2021,2,4\n")
    report, obj = validate(text.encode(), "indicators", name="c.csv")
    assert report.ok and obj is not None
    (flat,) = [p for p in report.warnings if p.code == "constant_indicator"]
    assert flat.column == "ORG1_law_level" and "same value, 2, for every region and year" in flat.message_en
    assert "熵权法给它 0 权重" in flat.message_zh
    (year,) = [p for p in report.warnings if p.code == "constant_in_year"]
    assert year.column == "ORG1_policy_docs" and year.value == "2021" and "within 2021" in year.message_en


def test_a_300_character_region_name_is_a_warning_naming_its_row():
    from metrics.data import MAX_NAME_CHARS, load_regions
    from metrics.validate import validate
    long = "某" * 300
    text = f"region,year,ORG1_law_level\n甲地,2020,1\n{long},2020,2\n乙地,2020,3\n"
    report, obj = validate(text.encode(), "indicators", name="n.csv")
    assert report.ok and obj is not None
    (w,) = [p for p in report.warnings if p.code == "long_name"]
    assert (w.row, w.column) == (3, "region") and "300 characters" in w.message_en
    assert f"at most {MAX_NAME_CHARS}" in w.hint_en and w.value.startswith("某" * 80)
    table = load_regions(f"code,name_zh,name_en\n900001,{long},Long\n".encode(), name="r.csv")
    (w,) = table._warnings
    assert (w.code, w.row, w.column) == ("long_name", 2, "name_zh")
