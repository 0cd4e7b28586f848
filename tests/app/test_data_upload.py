"""The Data page with the files researchers bring (issue 10 items 7-10): yearbook sheets, a survey on
another Likert scale, a 2,000-column table, workbooks whose sheets are listed without parsing them.

Fixtures and helpers come from ``tests/app/test_data.py`` (a fresh database per test, the router).
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
from openpyxl import Workbook

from metrics import Dataset
from tests.app.test_data import (data_app, db, frame_with, mapping_table, router, run, small_indicators,  # noqa: F401
                                 texts, upload)
from tests.app.test_overview import unescape_md as unescape
from tests.unit.test_readers import seven_point_survey, yearbook_xlsx


def upload_xlsx(at, kind: str, name: str, data: bytes):
    at.file_uploader(key=f"data_up_{kind}").upload(name, data, "application/octet-stream")
    return run(at)


def expanders(at) -> list[str]:
    return [e.label for e in at.expander]


def test_a_yearbook_sheet_is_previewed_checked_and_saved(db):
    """Item 7: 26 errors 'A column with data has no header' and no preview before."""
    data, df = yearbook_xlsx()
    at = upload_xlsx(data_app(), "indicators", "年鉴.xlsx", data)
    preview = frame_with(at, "地区")
    assert list(preview.columns[:3]) == ["地区", "年份", "地方数据立法层级"]
    assert preview["地区"].iloc[1] == preview["地区"].iloc[0] == df["region"].iloc[0]    # merged cell filled
    assert "表头行：第 3 行（自动识别）" in expanders(at)
    assert not [w for w in texts(at, "warning") if "无法确定" in w]
    report = frame_with(at, "问题")
    assert "有数据的列缺少表头" not in set(report["问题"])
    notes = report[report["级别"] == "说明"]
    assert set(notes["行"]) == {"3", str(len(df) + 5)}                 # the header row; the first note row
    assert any("条读取说明" in w for w in texts(at, "warning"))
    assert not at.button(key="data_save").disabled
    at.button(key="data_save").click()
    run(at)
    info = db.list_datasets()[0]
    assert info.versions[0].sheets == {}                                   # found again when it is loaded
    loaded = db.load_dataset(info.id, 1)
    assert loaded.fingerprint == Dataset.load(df.to_csv(index=False).encode()).fingerprint


def test_an_uncertain_header_row_is_chosen_from_the_first_rows(db):
    """Item 7: when the header row cannot be told for sure, the page says so, shows the first rows with
    their numbers and lets the user choose; the choice is saved with the dataset."""
    text = "各地区数据统计表（2023 年）\n地区,政策文件数,立法层级\n北京,26,2\n天津,14,1\n河北,8,3\n"
    at = upload(data_app(), "indicators", "统计表.csv", text.encode("gbk"))
    (warning,) = [w for w in texts(at, "warning") if "无法确定表头" in w]
    assert "暂按第 2 行读取" in warning
    box = next(s for s in at.selectbox if s.key and s.key.startswith("data_header_indicators_"))
    assert box.options[:3] == ["自动识别", "第 1 行：各地区数据统计表（2023 年）", "第 2 行：地区 | 政策文件数 | 立法层级"]
    rows = frame_with(at, "A")
    assert list(rows.index[:2]) == [1, 2] and rows.loc[2, "A"] == "地区"
    box.set_value(2)
    run(at)
    assert not [w for w in texts(at, "warning") if "无法确定表头" in w]
    assert "表头行：第 2 行（你的选择）" in expanders(at)
    # the two indicator columns are mapped in the table, then the file passes
    editor = mapping_table(at)
    assert editor.value["文件中的列"].tolist() == ["政策文件数", "立法层级"]
    labels = {"政策文件数": "ORG1_policy_docs · 近三年出台的数据相关政策文件数", "立法层级": "ORG1_law_level · 地方数据立法层级"}
    at.session_state[editor.key] = {"edited_rows": {i: {"对应的指标": labels[h]} for i, h in
                                                    enumerate(editor.value["文件中的列"])},
                                    "added_rows": [], "deleted_rows": []}
    run(at)
    assert not at.button(key="data_save").disabled, texts(at, "caption")
    at.text_input(key="data_name").set_value("统计表")
    at.button(key="data_save").click()
    run(at)
    info = db.list_datasets()[0]
    assert info.versions[0].sheets == {"indicators:header": 2}
    values = db.load_dataset(info.id, 1).indicators.values
    assert values.loc[("120000", 0), "ORG1_policy_docs"] == 14 and values.loc[("130000", 0), "ORG1_law_level"] == 3


def test_a_seven_point_survey_is_read_by_changing_the_framework_copy(db):
    """Item 8: 483 errors 'Write a whole number from 1 to 5' before; now one message per indicator and
    a button that sets scale = 7 in a copy of the framework, saved with the dataset."""
    at = upload(data_app(), "survey", "七点问卷.csv", seven_point_survey(1500))
    report = frame_with(at, "问题")
    errors = report[report["级别"] == "错误"]
    from metrics.framework import default_framework
    assert errors["问题"].str.contains("看起来是 7 点量表").all()
    assert len(errors) <= len(default_framework().survey_indicators)      # one per indicator, not per answer
    assert not errors["问题"].str.contains("量表范围").any()
    assert at.button(key="data_save").disabled
    at.button(key="data_scale_apply").click()
    run(at)
    assert any("正在使用指标框架的副本" in unescape(i) for i in texts(at, "info"))
    assert not texts(at, "error")
    assert not at.button(key="data_save").disabled
    at.text_input(key="data_name").set_value("七点问卷")
    at.button(key="data_save").click()
    run(at)
    info = db.list_datasets()[0]
    assert info.versions[0].files == {"survey": "七点问卷.csv", "framework": "framework_scale.csv"}
    from metrics.data import advised_scales
    from metrics.validate import validate
    advice = advised_scales(validate(seven_point_survey(1500), "survey", name="七点问卷.csv")[0].errors)
    fw = db.load_dataset(info.id, 1).framework
    sevens = set(fw.table.index[fw.table["scale"] == 7])
    assert sevens == set(advice) and len(sevens) >= 20
    # and it can be undone
    at.button(key="data_scale_undo").click()
    run(at)
    assert at.button(key="data_save").disabled


def wide_file(n_columns: int = 2000) -> tuple[bytes, int]:
    """The sample's latest year with junk columns up to ``n_columns`` (none close to an indicator)."""
    df = pd.read_csv(io.BytesIO(small_indicators()), dtype=str, keep_default_na=False)
    extra = n_columns - df.shape[1]
    junk = pd.DataFrame(np.arange(len(df) * extra).reshape(len(df), extra) % 7, columns=[f"备注{i:04d}" for i in
                                                                                          range(extra)])
    return pd.concat([df, junk.astype(str)], axis=1).to_csv(index=False).encode(), extra


def test_a_2000_column_upload_is_mapped_in_one_searchable_table(db):
    """Item 9: 500 drop-downs in a 23,000-pixel page before, no way to ignore the rest, and only the first
    500 columns offered.  Now: the stages in a status, one table of 200 rows saying how many more there
    are, a search, and bulk actions that reach every column."""
    data, extra = wide_file()
    at = upload(data_app(), "indicators", "宽表.csv", data)
    (status,) = at.status
    assert status.label == "已读取并检查 1 个文件" and status.state == "error"
    assert any("已读取 宽表.csv：31 行、2000 列" in unescape(m.value) for m in status.markdown)
    assert not [s for s in at.selectbox if s.key and s.key.startswith("data_map_")]
    editor = mapping_table(at)
    assert len(editor.value) == 200 and editor.value["文件中的列"].iloc[0] == "备注0000"
    assert any(f"另有 {extra - 200} 列未显示" in c for c in texts(at, "caption"))
    assert any(f"共 {extra} 列需要对应" in c and f"尚未决定 {extra} 列" in c for c in texts(at, "caption"))
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("data_map_search_"))).set_value("备注19")
    run(at)
    assert mapping_table(at).value["文件中的列"].tolist() == [f"备注{i}" for i in range(1900, extra)]
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("data_map_ignore_"))).click()
    run(at)
    assert any(f"已忽略 {extra} 列" in c for c in texts(at, "caption"))
    (status,) = at.status
    assert status.state == "complete"
    assert not at.button(key="data_save").disabled


def test_sheet_names_are_listed_without_parsing_the_workbook_in_the_server(db, monkeypatch):
    """The sheet selector used to open the workbook with pandas/calamine in the server process (a
    shared-strings part of up to 256 MB); the names now come from the archive scan."""
    import pandas
    import python_calamine

    def refuse(*args, **kwargs):
        raise AssertionError("the server process must not parse a workbook")
    monkeypatch.setattr(pandas, "ExcelFile", refuse)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["备注"])
    data = wb.create_sheet("2024年")
    for row in pd.read_csv(io.BytesIO(small_indicators(5)), dtype=str, keep_default_na=False,
                           header=None).itertuples(index=False):
        data.append(list(row))
    wb.create_sheet("旧")
    bio = io.BytesIO()
    wb.save(bio)
    at = upload_xlsx(data_app(), "indicators", "省级.xlsx", bio.getvalue())
    sheet = next(s for s in at.selectbox if s.key and s.key.startswith("data_sheet_indicators_"))
    assert sheet.options == ["说明", "2024年", "旧"]
    sheet.set_value("2024年")
    run(at)
    assert any("共 5 行" in c for c in texts(at, "caption"))


def test_a_300_character_region_name_is_warned_about_and_shortened_with_the_full_name_on_hover(db):
    """Item 10: a 300-character region name was accepted without a word and broke the profile header,
    the legends and the map tiles.  Now the check warns (naming the row), and the pages cut it, with the
    whole name in the header's tooltip and in the tiles' and series' hover labels."""
    import json

    from tests.app.conftest import figures
    from tests.conftest import ROOT
    from charts.names import LEGEND, TILE, short, width
    long = "某某市" + "（含所辖各区县及经济技术开发区、高新技术产业开发区等功能区）" * 10
    assert len(long) > 300
    regions = pd.read_csv(ROOT / "data" / "regions.csv", dtype=str, keep_default_na=False)
    regions.loc[regions["code"] == "110000", "name_zh"] = long
    at = data_app()
    upload(at, "regions", "地区表.csv", regions.to_csv(index=False).encode())
    upload(at, "indicators", "指标.csv", small_indicators())
    report = frame_with(at, "问题")
    (row,) = report[report["问题"].str.contains(f"有 {len(long)} 个字符")].itertuples()
    assert (row.行, row.列, row.文件) == ("2", "name_zh", "地区表.csv") and row.级别 == "警告"
    at.text_input(key="data_name").set_value("长名称")
    at.button(key="data_save").click()
    run(at)
    key = at.session_state["ctx"].dataset_key
    assert key.startswith("db:")

    at.switch_page("views/profile.py")
    at.query_params["region"] = "110000"
    run(at)
    (head,) = [h for h in at.header if h.value.startswith("某某市")]
    assert head.value == short(long, 80) and width(head.value) <= 80 and head.proto.help == unescape_help(long)
    legends = [tr["name"] for fig in figures(at) for tr in fig["data"] if str(tr.get("name", "")).startswith("某某市")]
    assert legends and all(n == short(long, LEGEND) for n in legends)
    hovers = [tr.get("hovertemplate", "") for fig in figures(at) for tr in fig["data"]
              if str(tr.get("name", "")).startswith("某某市")]
    assert any(long in h for h in hovers)                                  # the whole name on hover

    at.switch_page("views/overview.py")
    run(at)
    (grid,) = [fig for fig in figures(at) if fig["data"] and fig["data"][0].get("type") == "heatmap"]
    text = json.dumps(grid["data"][0]["text"], ensure_ascii=False)
    assert long not in text and short(long, TILE).split()[0] in text
    assert long in json.dumps(grid["data"][0]["hovertext"], ensure_ascii=False)


def unescape_help(text: str) -> str:
    """What :func:`ui.i18n.md` makes of plain text in a tooltip (parentheses and the like escaped)."""
    from ui.i18n import md
    return md(text)
