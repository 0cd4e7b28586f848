"""The Data page's view model (:mod:`viewmodels.data`): the validation report, the column mapping, the save
plan and the tables of saved datasets, built without Streamlit from files with known content."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from metrics.errors import Problem
from metrics.framework import default_framework
from viewmodels import data as vm

#: a title and a unit line above the header (row 3); one value that is not a number, in row 5
TITLED = "数据统计表\n单位：个\nregion,year,ORG1_law_level,ORG1_strategy\n110000,2023,2,1\n120000,2023,abc,1\n".encode()


def _problem(severity: str, n: int = 0) -> Problem:
    return Problem(f"问题{n}", f"problem {n}", "改", "fix", file="a.csv", row=n, column="c", value=str(n),
                   severity=severity, code="x")


def test_report_locates_the_error_by_file_row_and_column():
    problems = vm.check_files((("indicators", "bad.csv",
                                b"region,year,ORG1_law_level,ORG1_strategy\n110000,2023,2,1\n120000,2023,abc,1\n"),),
                              {}, {})
    view = vm.report(problems, "en")
    assert view.level == "error"
    assert view.summary.startswith("1 errors, 0 warnings.") and "cannot be saved" in view.summary
    assert list(view.table.columns) == ["Severity", "File", "Row", "Column", "Value", "What is wrong",
                                        "How to fix it"]
    assert view.table.iloc[0][["Severity", "File", "Row", "Column", "Value", "What is wrong"]].tolist() == \
        ["Error", "bad.csv", "3", "ORG1_law_level", "abc", "Not a number"]
    assert view.more == ""
    assert "不是数字" in view.both and "Not a number" in view.both
    zh = vm.report(problems, "zh")
    assert list(zh.table.columns)[:4] == ["级别", "文件", "行", "列"] and zh.table.iloc[0]["问题"] == "不是数字"


def test_report_puts_errors_first_and_caps_the_table():
    problems = [_problem("info", 1), _problem("warning", 2), _problem("error", 3)]
    view = vm.report(problems, "en")
    assert view.table["Severity"].tolist() == ["Error", "Warning", "Note"]
    assert view.table["Row"].tolist() == ["3", "2", "1"]
    assert view.summary == ("1 errors, 1 warnings. 1 notes on how the files were read. "
                            + vm.t("data_errors_block", "en"))
    many = [_problem("warning", i) for i in range(vm.MAX_SHOWN + 7)]
    capped = vm.report(many, "en")
    assert capped.level == "warning" and len(capped.table) == vm.MAX_SHOWN
    assert str(vm.MAX_SHOWN) in capped.more and str(vm.MAX_SHOWN + 7) in capped.more
    empty = vm.report([], "en")
    assert (empty.level, empty.summary, len(empty.table), empty.both) == ("success", "0 errors, 0 warnings.", 0, "")


def test_file_status_counts_only_that_files_problems():
    problems = [_problem("error"), _problem("warning"), Problem("x", "x", file="b.csv", severity="error")]
    assert vm.file_status(problems, "a.csv", "en") == (True, "1 errors, 1 warnings.")
    assert vm.file_status(problems, "c.csv", "en") == (False, "0 errors, 0 warnings.")


def test_preview_finds_the_header_below_title_rows_and_numbers_cells_as_a_spreadsheet():
    pv = vm.preview("indicators", "t.csv", TITLED, None, None, None)
    assert (pv["rows"], pv["cols"], pv["header"], pv["confident"]) == (2, 4, 3, True)
    assert list(pv["preview"].columns) == ["region", "year", "ORG1_law_level", "ORG1_strategy"]
    cells = pv["cells"]
    assert list(cells.columns) == ["A", "B", "C", "D"] and list(cells.index) == [1, 2, 3, 4, 5]
    assert cells.at[3, "C"] == "ORG1_law_level"
    assert vm.header_label(cells, 3, "en") == "Row 3: region | year | ORG1_law_level | ORG1_strategy"
    assert vm.header_label(cells, 1, "zh") == "第 1 行：数据统计表"
    assert vm.header_label(cells, 0, "en") == "Find it automatically"
    plain = vm.preview("indicators", "p.csv", b"region,year,ORG1_law_level\n110000,2023,2\n", None, None, None)
    assert plain["header"] == 1 and plain["cells"] is None


def test_ignored_columns_are_left_out_and_rows_keep_their_numbers():
    name, data, header = vm.without_ignored("t.csv", TITLED, None, ["ORG1_strategy"], None, None)
    assert (name, header) == ("t.csv", 3)
    assert data.decode().splitlines() == [",,", ",,", "region,year,ORG1_law_level", "110000,2023,2",
                                          "120000,2023,abc"]
    plan = vm.save_plan({"indicators": ("t.csv", TITLED, None)}, {}, {}, None, (name, data, header))
    assert plan["files"] == {"indicators": ("t.csv", data)} and plan["sheets"] == {"indicators:header": 3}
    errors = [p for p in vm.check_files(vm.plan_files(plan), plan["mapping"], plan["sheets"])
              if p.severity == "error"]
    assert [(p.file, p.row, p.column, p.value) for p in errors] == [("t.csv", 5, "ORG1_law_level", "abc")]


def test_drop_ignored_in_the_long_layout_drops_rows():
    long = pd.DataFrame({"region": ["1", "1"], "year": ["2023", "2023"], "indicator": ["a", "b"], "value": ["1", "2"]})
    out = vm.drop_ignored(long, ["a"])
    assert out["indicator"].tolist() == ["b"] and list(out.columns) == list(long.columns)


def test_save_plan_keeps_sheets_headers_and_a_converted_survey():
    files = {"indicators": ("i.xlsx", b"I", "Sheet2"), "survey": ("s.csv", b"S", None)}
    converted = {"file": ("s_conv.csv", b"C"), "extra": {"survey_import": {"platform": "wjx"}}}
    plan = vm.save_plan(files, {"h": "c"}, {"indicators": 4}, converted)
    assert plan["files"] == {"indicators": ("i.xlsx", b"I"), "survey": ("s_conv.csv", b"C")}
    assert plan["sheets"] == {"indicators": "Sheet2", "indicators:header": 4}
    assert plan["extra"] == {"survey_import": {"platform": "wjx"}} and plan["mapping"] == {"h": "c"}
    other = vm.save_plan(files, {"h": "d"}, {"indicators": 4}, converted)
    assert vm.plan_digest(plan) == vm.plan_digest(vm.save_plan(files, {"h": "c"}, {"indicators": 4}, converted))
    assert vm.plan_digest(plan) != vm.plan_digest(other)
    assert vm.plan_files(plan) == (("indicators", "i.xlsx", b"I"), ("survey", "s_conv.csv", b"C"))


def test_save_blockers_list_every_reason_in_order():
    assert vm.save_blockers({"framework": 1}, 2, "confirm it", "new", " ", False, "x v1", "en") == [
        vm.t("data_block_nodata", "en"), vm.t("data_block_errors", "en"), "confirm it",
        vm.t("data_block_name", "en"), vm.t("data_store_unavailable", "en"),
        vm.t("data_already_saved", "en", label="x v1")]
    assert vm.save_blockers({"indicators": 1}, 0, None, "version", "", True, None, "en") == []


def test_best_matches_suggest_the_closest_indicator_and_leave_ties_and_strangers_open():
    fw = default_framework()
    zh = fw.name_of("ORG1_policy_docs", "zh")
    best = vm.best_matches([zh.replace("数据", "数椐"), "ORG1_policy_doc", "zzz"], fw)
    assert best[zh.replace("数据", "数椐")][0] == "ORG1_policy_docs"
    code, score = best["ORG1_policy_doc"]
    assert code == "ORG1_policy_docs" and score == pytest.approx(2 * 13 / 27)   # difflib: 2M / T, compared normalised
    assert best["zzz"] == (None, 0.0)
    assert vm.norm(" Ｏｒｇ1_Policy ") == "org1policy"


def test_mapping_view_searches_counts_and_maps():
    fw = default_framework()
    labels = vm.indicator_labels(fw, "en")
    assert labels[vm.IGNORE] == vm.t("data_map_ignore", "en") and "ORG1_policy_docs" in labels
    assert not any(fw.table.at[c, "source"] == "srv" for c in labels if c != vm.IGNORE)
    headers = ["docs", "extra", "note"]
    best = {"docs": ("ORG1_policy_docs", 0.8), "extra": (None, 0.2), "note": (None, 0.0)}
    choices = {"docs": "ORG1_policy_docs", "extra": None}
    vm.bulk_choices(choices, "ignore", headers, best)
    assert choices == {"docs": "ORG1_policy_docs", "extra": vm.IGNORE, "note": vm.IGNORE}
    view = vm.mapping_view(headers, best, choices, labels, "", "en")
    assert view.shown == headers and view.mapping == {"docs": "ORG1_policy_docs"}
    assert view.ignored == ["extra", "note"] and view.hidden == ""
    assert view.table.iloc[0].tolist() == ["docs", f"{labels['ORG1_policy_docs']} (80%)", labels["ORG1_policy_docs"]]
    assert view.counts == vm.t("data_map_counts", "en", n=3, mapped=1, ignored=2, open=0)
    found = vm.mapping_view(headers, best, choices, labels, "Policy Doc", "en")   # the chosen indicator's label
    assert found.shown == ["docs"] and found.mapping == view.mapping
    assert found.hidden == vm.t("data_map_hidden", "en", shown=1, found=1, hidden=2)
    assert list(found.table.columns) == [*found.locked, found.choice_column]


def test_tables_of_saved_datasets_and_assessments():
    row = SimpleNamespace(name="甲", version=2, saved_by="local", saved_at="2026-01-02 03:04:05 UTC",
                          fingerprint="0123456789abcdef", public=False, hidden=True,
                          files=(("indicators", "a.csv"), ("survey", "s.csv")), description="d")
    table = vm.datasets_table([row], "en")
    assert table.iloc[0].tolist() == ["甲", 2, "local", "2026-01-02 03:04:05 UTC", "0123456789ab", "no", "yes",
                                      "a.csv, s.csv", "d"]
    spec = SimpleNamespace(describe=lambda lang: f"method ({lang})")
    saved = [SimpleNamespace(name="A", key="db:1@2", spec=spec, saved_by="u", saved_at="t"),
             SimpleNamespace(name="B", key="db:9@1", spec=spec, saved_by="u", saved_at="t")]
    asm = vm.assessments_table(saved, {"db:1@2": "甲 v2"}, "zh")
    assert asm.iloc[:, 1].tolist() == ["甲 v2", "db:9@1"] and asm.iloc[0, 2] == "method (zh)"


def test_default_name_is_the_data_files_stem():
    assert vm.default_name({"survey": ("问卷.xlsx", b"", None), "framework": ("f.csv", b"", None)}) == "问卷"
    assert vm.default_name({"indicators": ("dir/指标.csv", b"", None), "survey": ("s.csv", b"", None)}) == "指标"
    assert vm.default_name({}) == ""
