"""Names identify indicators (headers, templates, charts): two nodes may not share one, and a header
that could name two indicators is never matched to the first of them (issue 15 item 4)."""
from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest

from metrics.data import read_indicators
from metrics.errors import DataError
from metrics.framework import load_framework
from metrics.readers import read_table

COLS = ["iCode", "name_zh", "name_en", "Parent", "Type"]
# spreadsheet rows: header = 1, so the i-th row below is row i + 2
ROWS = [
    ["a", "数据开放率", "Open data rate", "I", "Indicator"],     # row 2
    ["b", "数据共享率", "Data sharing rate", "I", "Indicator"],  # row 3
    ["c", "政务数据量", "Government data volume", "I", "Indicator"],  # row 4
    ["I", "指数", "Index", "", "Aggregate"],                  # row 5
]


def framework(rows=ROWS, cols=COLS):
    return load_framework(pd.DataFrame(rows, columns=cols), name="fw.csv")


def problems(rows, cols=COLS):
    with pytest.raises(DataError) as e:
        framework(rows, cols)
    return e.value.problems


def with_name(i: int, j: int, value: str):
    rows = [list(r) for r in ROWS]
    rows[i][j] = value
    return rows


@pytest.mark.parametrize("j, lang_zh, lang_en", [(1, "中文名称", "Chinese name"), (2, "英文名称", "English name")])
def test_two_indicators_sharing_a_name_is_an_error_naming_both_codes(j, lang_zh, lang_en):
    rows = with_name(1, j, ROWS[0][j])                       # b gets a's name
    [p] = problems(rows)
    assert (p.code, p.severity, p.file, p.row, p.column) == ("duplicate_name", "error", "fw.csv", 3, COLS[j])
    assert p.value == ROWS[0][j]
    assert "“b”" in p.message_zh and "“a”" in p.message_zh and "第 2 行" in p.message_zh and lang_zh in p.message_zh
    assert "'b'" in p.message_en and "'a'" in p.message_en and "row 2" in p.message_en and lang_en in p.message_en


def test_names_compare_as_headers_do():
    # full-width letters, surrounding spaces, a zero-width space and case make no difference to a header
    assert [p.code for p in problems(with_name(2, 2, " ＯＰＥＮ data\u200b RATE "))] == ["duplicate_name"]
    assert [p.code for p in problems(with_name(2, 1, "数据开放率 "))] == ["duplicate_name"]


def test_an_indicator_and_an_aggregate_sharing_a_name_is_an_error():
    [p] = problems(with_name(3, 1, "数据开放率"))
    assert p.row == 5 and "“I”" in p.message_zh and "“a”" in p.message_zh


def test_a_pair_sharing_both_names_is_reported_once():
    rows = [list(r) for r in ROWS]
    rows[1][1:3] = rows[0][1:3]
    assert [(p.code, p.row) for p in problems(rows)] == [("duplicate_name", 3)]


def test_a_missing_name_is_filled_from_the_other_language_and_counts_there():
    # b has no Chinese name, so it shows its English one, which is a's Chinese name
    rows = with_name(1, 1, "")
    rows[1][2] = "数据开放率"
    [p] = problems(rows)
    assert p.code == "duplicate_name" and p.row == 3


def test_nodes_without_names_and_distinct_names_are_fine():
    assert framework().indicators == ["a", "b", "c"]
    fw = framework([["a", "I"], ["A", "I"], ["I", ""]], ["iCode", "Parent"])   # codes stand in for names
    assert fw.indicators == ["a", "A"]


# ------------------------------------------------------------------ header matching
def data(headers: list[str]) -> bytes:
    body = pd.DataFrame([["110000", "2023"] + ["1"] * len(headers)], columns=["region", "year"] + headers)
    return body.to_csv(index=False).encode()


def unchecked(fw, code: str, **names):
    """``fw`` with a node's names changed after validation (as an old saved framework might be)."""
    table = fw.table.copy()
    for k, v in names.items():
        table.at[code, k] = v
    return dataclasses.replace(fw, table=table)


def test_a_header_naming_two_indicators_is_an_error_not_the_first_of_them():
    # a's Chinese name is b's English name: the header could be either
    fw = unchecked(framework(), "b", name_en="数据开放率")
    with pytest.raises(DataError) as e:
        read_indicators(data(["数据开放率", "c"]), fw, name="d.csv")
    [p] = e.value.errors
    assert (p.code, p.column, p.value) == ("ambiguous_indicator", "数据开放率", "数据开放率")
    assert "a, b" in p.message_en and "a, b" in p.message_zh


def test_a_long_table_naming_two_indicators_is_an_error_at_its_first_row():
    fw = unchecked(framework(), "b", name_en="数据开放率")
    long = "region,year,indicator,value\n110000,2023,c,1\n110000,2023,数据开放率,2\n".encode()
    with pytest.raises(DataError) as e:
        read_indicators(long, fw, name="long.csv")
    [p] = e.value.errors
    assert (p.code, p.row, p.column) == ("ambiguous_indicator", 3, "indicator")


def test_a_code_is_matched_before_another_indicators_name_and_a_mapping_decides():
    fw = unchecked(framework(), "a", name_en="b")           # a's English name is b's code
    got = read_indicators(data(["b"]), fw)
    assert list(got.values.columns) == ["b"]
    fw = unchecked(framework(), "b", name_en="数据开放率")
    got = read_indicators(data(["数据开放率"]), fw, mapping={"数据开放率": "b"})
    assert list(got.values.columns) == ["b"]


# ------------------------------------------------------------------ templates
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_templates_of_a_framework_with_shared_or_reserved_names_still_read_back(lang):
    """A framework saved before names had to be unique (or with a name that is a column alias such as
    地区) still gets templates, whose headers read back as the right indicators."""
    from viewmodels.data import TEMPLATE_KINDS, template_files

    fw = unchecked(framework(), "b", name_zh="数据开放率")
    fw = unchecked(fw, "c", name_zh="地区")
    for kind in TEMPLATE_KINDS:
        files = template_files(kind, fw, lang=lang, year=2023)
        assert files["csv"] and files["xlsx"]
    table = read_table(template_files("indicators", fw, lang=lang, year=2023)["csv"], name="t.csv")
    assert len(set(table.columns)) == len(table.columns)
    got = read_indicators(table, fw)
    assert sorted(got.values.columns) == ["a", "b", "c"]
    if lang == "zh":
        assert "数据开放率" not in table.columns and "地区" in table.columns   # the region column, once
