"""Platform exports (问卷星, 腾讯问卷, LimeSurvey) imported: recognised, mapped, converted, and scored exactly as
the same answers in this program's survey layout.

The framework puts the awareness-and-culture items on a 7-point scale; the government questionnaire holds
two reverse-coded items (q_org4_duty_overlap, q_mec4_untraceable), the citizens' one (q_mec5_leak_worry).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from metrics import Dataset, Spec, assess
from metrics.data import read_survey
from metrics.errors import DataError
from metrics.framework import default_framework, load_framework
from metrics.platforms import (convert, detect_platform, import_survey, mapping_table, propose, question_text,
                               read_export)

sys.path.insert(0, str(Path(__file__).parent))
import platform_exports as px  # noqa: E402

BLOCKS = {"ORG": "ORG", "MEC": "MEC", "AWA": "AWA"}


@pytest.fixture(scope="module")
def fw():
    t = default_framework().to_frame()
    t.loc[(t["source"] == "srv") & (t["stat"] == "mean") & t["iCode"].str.startswith("AWA"), "scale"] = 7
    return load_framework(t, name="fw7.csv")


def scores(fw, frame: pd.DataFrame):
    a = assess(Dataset(fw, None, read_survey(frame, fw)), Spec())
    return a


def assert_same_scores(fw, own: pd.DataFrame, imported: pd.DataFrame):
    a, b = scores(fw, own), scores(fw, imported)
    assert not a.raw.dropna(how="all", axis=1).empty
    pd.testing.assert_frame_equal(a.raw, b.raw, check_exact=False, atol=1e-12)
    pd.testing.assert_frame_equal(a.scores, b.scores, check_exact=False, atol=1e-12)
    pd.testing.assert_frame_equal(a.respondents, b.respondents)


def test_reversed_and_seven_point_items_are_in_the_fixture(fw):
    ans = px.answers(fw, "gov")
    assert {"q_org4_duty_overlap", "q_mec4_untraceable"} <= set(ans.columns)
    assert {fw.item_scales[c] for c in ans.columns if c.startswith("q_awa")} == {7}
    assert (ans[[c for c in ans.columns if c.startswith("q_awa")]] == "7").any().any()


def test_wjx_option_numbers_utf8(fw):
    ans = px.answers(fw, "gov", seed=1)
    data = px.to_csv(px.wjx(fw, ans))
    frame, mapping, problems = import_survey(data, fw, name="问卷星.csv", group="gov")
    assert mapping["platform"] == "wjx"
    assert mapping["meta"] == {"respondent_id": "序号", "submitted": "提交答卷时间", "duration": "所用时间",
                               "ip": "来自IP"}
    items = {e["item"]: e for e in mapping["items"]}
    assert set(items) == {c for c in ans.columns if c.startswith("q_")}
    assert all(e["how"] == "text" and e["score"] == 1.0 and e["encoding"] == "numbers" for e in items.values())
    assert frame["duration"].iloc[0].isdigit() and frame["region"].isin(["110000", "440000"]).all()
    assert frame["year"].eq("2024").all()
    assert_same_scores(fw, ans, frame)


def test_wjx_option_texts_gbk_with_skips(fw):
    ans = px.answers(fw, "gov", seed=2)
    export = px.wjx(fw, ans, texts=True)
    assert (export == "(跳过)").any().any()
    data = px.to_csv(export, "gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    frame, mapping, _ = import_survey(data, fw, name="wjx_gbk.csv", group="gov")
    awa = next(e for e in mapping["items"] if e["item"] == "q_awa1_dept_gains")
    assert awa["encoding"] == "texts"
    assert mapping["options"][awa["column"]]["比较同意"] == 5 and mapping["options"][awa["column"]]["同意"] == 6
    org = next(e for e in mapping["items"] if e["item"] == "q_org4_roles_clear")
    assert mapping["options"][org["column"]]["同意"] == 4 and mapping["options"][org["column"]]["(跳过)"] == 0
    assert_same_scores(fw, ans, frame)


def test_tencent_xlsx_with_link_parameters_english(fw):
    ans = px.answers(fw, "ent", regions=("310000", "440000"), seed=3)
    data = px.to_xlsx(px.tencent(fw, ans, lang="en"))
    table = read_export(data, name="tencent.xlsx")
    assert detect_platform(table.columns) == "tencent"
    mapping = propose(table, fw)
    assert mapping["region"] == {"column": "自定义字段", "param": "region"}
    assert mapping["group"] == {"column": "自定义字段", "param": "group"}
    assert mapping["meta"]["duration"] == "答题时长"
    frame, _ = convert(table, fw, mapping)
    assert frame["group"].eq("ent").all() and frame["duration"].iloc[0] == str(int(
        pd.Timestamp(table["结束答题时间"].iloc[0]).timestamp() - pd.Timestamp(table["开始答题时间"].iloc[0]).timestamp()))
    assert_same_scores(fw, ans, frame)


def test_limesurvey_codes_group_and_region_answer_codes(fw):
    ans = px.answers(fw, "cit", seed=4)
    assert "q_mec5_leak_worry" in ans.columns
    data = px.to_csv(px.limesurvey(fw, ans, BLOCKS))
    frame, mapping, _ = import_survey(data, fw, name="results-survey123.csv")
    assert mapping["platform"] == "limesurvey"
    assert mapping["group"] == {"column": "grp"} and mapping["region"] == {"column": "region"}
    assert all(e["how"] == "code" for e in mapping["items"] if e["item"])
    assert mapping["meta"]["duration"] == "interviewtime" and mapping["meta"]["respondent_id"] == "id"
    assert sorted(frame["region"].unique()) == ["110000", "440000"]          # R1, R19 of the region question
    assert_same_scores(fw, ans, frame)


def test_limesurvey_code_and_text_headings(fw):
    ans = px.answers(fw, "org", seed=5)
    frame, mapping, _ = import_survey(px.to_csv(px.limesurvey(fw, ans, BLOCKS, heading="full")), fw, name="ls.csv")
    assert all(e["how"] == "code" for e in mapping["items"] if e["item"])
    assert_same_scores(fw, ans, frame)


def test_reworded_question_matched_by_similarity_with_its_score(fw):
    ans = px.answers(fw, "gov", seed=6, items=["q_org2_agency_coordinates", "q_org4_roles_clear"])
    export = px.wjx(fw, ans)
    export = export.rename(columns={"2、大数据管理机构能够有效统筹协调各部门的数据工作":
                                    "2、您认为：大数据管理机构能有效统筹协调各部门数据工作",
                                    "3、部门间数据共享的职责分工清晰": "3、您的年龄"})
    mapping = propose(read_export(px.to_csv(export), name="x.csv"), fw)
    by_col = {e["column"]: e for e in mapping["items"]}
    hit = by_col["2、您认为:大数据管理机构能有效统筹协调各部门数据工作"]
    assert hit["item"] == "q_org2_agency_coordinates" and hit["how"] == "text" and 0.6 <= hit["score"] < 1
    assert by_col["3、您的年龄"]["item"] is None
    shown = mapping_table(mapping, fw, "en")
    row = shown[shown["Column of the export"] == "2、您认为:大数据管理机构能有效统筹协调各部门数据工作"].iloc[0]
    assert row["Matched"] == "by question text" and row["Similarity"] == hit["score"]
    frame, problems = convert(read_export(px.to_csv(export), name="x.csv"), fw, dict(mapping, group={"value": "gov"}))
    assert [p.column for p in problems if p.code == "unmapped_column"] == ["3、您的年龄"]


def test_out_of_scale_answers_are_set_aside_and_flagged(fw):
    ans = px.answers(fw, "gov", seed=7, n=4)
    export = px.wjx(fw, ans)
    col = next(c for c in export.columns if "统筹协调" in c)
    export.loc[2, col] = "6"
    export.loc[3, col] = "abc"
    frame, mapping, problems = import_survey(px.to_csv(export), fw, name="oos.csv", group="gov")
    off = [p for p in problems if p.code == "option_off_scale"]
    assert [(p.row, p.column, p.value) for p in off] == [(4, col, "6"), (5, col, "abc")]
    assert frame.loc[2, "q_org2_agency_coordinates"] == "" and frame["out_of_scale"].tolist()[:4] == ["0", "0", "1", "1"]
    s = read_survey(frame, fw)
    from metrics.survey_quality import check_quality
    q = check_quality(s.frame, fw, s.meta)
    assert q.flags["out_of_scale"].tolist()[:4] == [False, False, True, True]


def test_without_group_the_import_says_what_to_do(fw):
    ans = px.answers(fw, "gov", seed=8, n=2)
    with pytest.raises(DataError) as exc:
        import_survey(px.to_csv(px.wjx(fw, ans)), fw, name="nogroup.csv")
    p = exc.value.errors[0]
    assert p.file == "nogroup.csv" and "群体" in p.message_zh and "group" in p.message_en


def test_group_question_and_region_names(fw):
    ans = pd.concat([px.answers(fw, "gov", seed=9, n=3), px.answers(fw, "cit", seed=10, n=3)], ignore_index=True)
    ans["respondent_id"] = [f"r{i}" for i in range(len(ans))]
    ans = ans.fillna("")              # citizens were not asked the government items: empty in both layouts
    frame, mapping, _ = import_survey(px.to_csv(px.wjx(fw, ans, group_column=True)), fw, name="both.csv")
    assert mapping["group"] == {"column": "2、您的身份"}
    assert frame["group"].tolist() == ans["group"].tolist()
    assert_same_scores(fw, ans, frame)


def test_question_text_strips_numbering():
    assert question_text("3、您所在部门") == "您所在部门"
    assert question_text("Q3. 您所在部门") == "您所在部门"
    assert question_text("12.1 子题") == "子题"
    assert question_text("ORG[qorg4rolesclear]") == "ORG[qorg4rolesclear]"


def test_cli_validate_imports_a_platform_export(tmp_path, capsys, fw):
    from metrics.cli import main
    ans = px.answers(fw, "gov", seed=11)
    src = tmp_path / "wjx.xlsx"
    src.write_bytes(px.to_xlsx(px.wjx(fw, ans)))
    fwf = tmp_path / "fw.csv"
    fw.to_frame().to_csv(fwf, index=False)
    out, saved = tmp_path / "survey.csv", tmp_path / "mapping.json"
    code = main(["validate", str(src), "--kind", "survey", "--framework", str(fwf), "--set-group", "gov",
                 "--out", str(out), "--save-mapping", str(saved), "--lang", "en"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "Platform: Wenjuanxing" in text and "q_org4_duty_overlap" in text and "by question text" in text
    assert "respondents flagged" in text
    pd.testing.assert_frame_equal(scores(fw, ans).scores, scores(fw, read_export(out.read_bytes(), name="s.csv")).scores,
                                  check_exact=False, atol=1e-12)
    m = json.loads(saved.read_text(encoding="utf-8"))
    assert m["group"] == {"value": "gov"}
    # the saved mapping, edited, is applied as given: drop one item
    m["items"] = [e for e in m["items"] if e["item"] != "q_org4_roles_clear"]
    saved.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(src), "--kind", "survey", "--framework", str(fwf), "--mapping", str(saved),
                 "--out", str(out)]) == 0
    assert "q_org4_roles_clear" not in read_export(out.read_bytes(), name="s.csv").columns
    capsys.readouterr()
    assert main(["validate", str(src), "--kind", "survey", "--framework", str(fwf)]) == 1     # no group
    err = capsys.readouterr().out
    assert "stakeholder group" in err and "受访群体" in err


def test_year_from_a_question_else_from_the_submit_time(fw):
    ans = px.answers(fw, "gov", seed=12, n=3, year=2023)
    export = px.wjx(fw, ans)
    export.insert(7, "2、调查年份", "2023年")
    export.insert(8, "3、您参加工作的年限", ["5", "12", "3"] * 2)        # numbers, but not years
    mapping = propose(read_export(px.to_csv(export), name="y.csv"), fw)
    assert mapping["year"] == {"column": "2、调查年份"}
    frame, _ = convert(read_export(px.to_csv(export), name="y.csv"), fw, dict(mapping, group={"value": "gov"}))
    assert frame["year"].eq("2023年").all()
    assert_same_scores(fw, ans, frame)
    plain = propose(read_export(px.to_csv(px.wjx(fw, ans)), name="z.csv"), fw)
    assert plain["year"] == {"from": "submitted"}
