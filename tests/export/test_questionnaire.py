"""Questionnaires from the framework, read back from the files: Word (python-docx), PDF (pdftotext, pypdf)
and LimeSurvey's tab-separated structure (parsed as LimeSurvey's importer reads it)."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest

from export.__main__ import main
from export.questionnaire import (LS_COLUMNS, build_questionnaire, limesurvey_codes, questionnaire_file,
                                  region_answer_codes)
from metrics.data import default_regions
from metrics.framework import GROUPS, default_framework, load_framework

FW = default_framework()
SCALE_ZH = ["非常不同意", "不同意", "一般", "同意", "非常同意"]
SCALE_EN = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


def expected_items(fw, group: str) -> set[str]:
    """Items of the survey indicators whose groups column names ``group``, straight from the table."""
    t = fw.to_frame()
    rows = t[(t["source"] == "srv") & t["groups"].str.split(";").map(lambda g: group in g)]
    return {it for items in rows["items"] for it in items.split(";") if it}


def scale_of(fw, item: str) -> int:
    """The scale an item is scored on: that of the first survey indicator listing it (metrics.survey)."""
    return int(next(fw.table.at[c, "scale"] for c in fw.survey_indicators if item in fw.table.at[c, "items"]))


def reversed_items(fw) -> set[str]:
    return {it for r in fw.to_frame()["reverse"] for it in str(r).split(";") if it}


@pytest.fixture(scope="module")
def fw7():
    """The shipped framework with the awareness-and-culture items on a 7-point scale."""
    t = FW.to_frame()
    t.loc[(t["source"] == "srv") & (t["stat"] == "mean") & t["iCode"].str.startswith("AWA"), "scale"] = 7
    return load_framework(t, name="fw7.csv")


# ------------------------------------------------------------------ Word
def docx_read(data: bytes):
    import docx
    d = docx.Document(io.BytesIO(data))
    hidden, visible, headers = [], [], []
    for table in d.tables:
        headers.append([c.text for c in table.rows[0].cells])
        for row in table.rows[1:]:
            runs = row.cells[1].paragraphs[0].runs
            hidden += [r.text.strip(" []") for r in runs if r.font.hidden]
            visible.append("".join(r.text for r in runs if not r.font.hidden))
    props = dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)<', zipfile.ZipFile(io.BytesIO(data))
                            .read("docProps/custom.xml").decode("utf-8")))
    return d, hidden, visible, headers, props


@pytest.mark.parametrize("group", GROUPS)
def test_docx_covers_the_group_items_with_hidden_codes(group):
    d, hidden, visible, headers, props = docx_read(questionnaire_file("docx", FW, group, "zh"))
    assert set(hidden) == expected_items(FW, group)
    assert len(hidden) == len(set(hidden))                       # each item asked once
    assert not any("q_" in v for v in visible)                   # codes never in the visible text
    text = "\n".join(p.text for p in d.paragraphs)
    assert "匿名" in text and "自愿" in text and "同意参加" in text and "联系" in text
    assert all([h.split("\n")[1] for h in hdr[2:]] == SCALE_ZH for hdr in headers)
    assert props["dgs_group"] == group and int(props["dgs_items"]) == len(hidden)
    listed = [props[f"dgs_item_{n:02d}"].split("|") for n in range(1, len(hidden) + 1)]
    assert [r[0] for r in listed] == hidden                      # properties in the order asked
    assert {r[0] for r in listed if r[4] == "1"} == expected_items(FW, group) & reversed_items(FW)


def test_reversed_items_are_asked_as_worded():
    _, hidden, visible, _, props = docx_read(questionnaire_file("docx", FW, "gov", "zh"))
    assert {"q_org4_duty_overlap", "q_mec4_untraceable"} <= set(hidden)
    i = hidden.index("q_org4_duty_overlap")
    assert visible[i] == FW.name_of("ORG4_duty_overlap", "zh")   # no "(reversed)" mark for respondents


def test_docx_english_and_seven_points(fw7):
    _, hidden, visible, headers, props = docx_read(questionnaire_file("docx", fw7, "cit", "en", seed=4))
    assert set(hidden) == expected_items(fw7, "cit")
    assert [len(h) - 2 for h in headers] == [5, 5, 7]            # ORG and MEC on 5 points, AWA on 7
    assert [h.split("\n")[1] for h in headers[2][2:]] == [
        "Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
        "Agree", "Strongly agree"]
    assert props["dgs_lang"] == "en" and props["dgs_seed"] == "4"
    k = {r.split("|")[0]: r.split("|")[3] for n, r in props.items() if n.startswith("dgs_item_")}
    assert {it for it, v in k.items() if v == "7"} == {it for it in hidden if it.startswith("q_awa")}


def test_seed_shuffles_within_blocks_only():
    plain = build_questionnaire(FW, "gov", "zh")
    a, b = build_questionnaire(FW, "gov", "zh", seed=1), build_questionnaire(FW, "gov", "zh", seed=1)
    other = build_questionnaire(FW, "gov", "zh", seed=2)
    assert [i.item for i in a.items] == [i.item for i in b.items]          # reproducible
    assert [x.code for x in plain.blocks] == [x.code for x in a.blocks]     # blocks keep their order
    for p, s in zip(plain.blocks, a.blocks):
        assert sorted(i.item for i in p.items) == sorted(i.item for i in s.items)
    assert [i.item for i in plain.items] == [it for it in FW.survey_items if it in expected_items(FW, "gov")]
    assert [i.item for i in a.items] != [i.item for i in plain.items] or \
        [i.item for i in other.items] != [i.item for i in plain.items]


# ------------------------------------------------------------------ PDF
@pytest.fixture(scope="module")
def pdf_en():
    return questionnaire_file("pdf", FW, "ent", "en", regions=default_regions())


def pdf_text(data: bytes, tmp_path) -> str:
    """The printed text, by poppler's pdftotext (pypdf without it), whitespace collapsed."""
    if shutil.which("pdftotext"):
        f = tmp_path / "q.pdf"
        f.write_bytes(data)
        text = subprocess.run(["pdftotext", "-raw", str(f), "-"], capture_output=True, text=True, check=True).stdout
    else:
        import pypdf
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).replace("\x00", "")
    return " ".join(text.split())


def test_pdf_text_and_codebook(pdf_en, tmp_path):
    import pypdf
    reader = pypdf.PdfReader(io.BytesIO(pdf_en))
    flat = pdf_text(pdf_en, tmp_path)
    for label in SCALE_EN:
        assert label in flat
    for it in expected_items(FW, "ent"):
        statement = FW.name_of(next(c for c in FW.survey_indicators if it in FW.table.at[c, "items"]), "en")
        assert " ".join(statement.split()[:4]) in flat
        assert it not in flat                                    # codes are not printed
    assert "Shanghai" in flat and "anonymous" in flat
    book = json.loads(reader.attachments["codebook.json"][0])
    assert book["group"] == "ent" and {i["item"] for i in book["items"]} == expected_items(FW, "ent")
    assert {i["item"] for i in book["items"] if i["reverse"]} == expected_items(FW, "ent") & reversed_items(FW)
    assert book["framework_fingerprint"] == FW.fingerprint()
    assert reader.metadata.title.startswith("Survey on Government Data")


def test_pdf_chinese_seven_points(fw7, tmp_path):
    text = pdf_text(questionnaire_file("pdf", fw7, "gov", "zh"), tmp_path).replace(" ", "")
    for label in ("比较不同意", "比较同意", "非常同意", "大数据管理机构能够有效统筹协调各部门的数据工作", "匿名"):
        assert label in text
    assert "q_" not in text


# ------------------------------------------------------------------ LimeSurvey
def ls_rows(data: bytes) -> list[dict]:
    """Rows as LimeSurvey's TSVImportSurvey() reads them: tab-separated, '"' enclosure, BOM dropped."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t", quotechar='"')
    header = next(reader)
    assert tuple(header) == LS_COLUMNS
    return [dict(zip(header, r)) for r in reader]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_limesurvey_structure(fw7, lang):
    rows = ls_rows(questionnaire_file("limesurvey", fw7, "org", lang, seed=9))
    settings = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    assert settings["language"] == {"zh": "zh-Hans", "en": "en"}[lang]
    assert settings["anonymized"] == "Y" and settings["savetimings"] == "Y" and settings["datestamp"] == "Y"
    welcome = next(r["text"] for r in rows if r["class"] == "SL" and r["name"] == "surveyls_welcometext")
    assert ("匿名" if lang == "zh" else "anonymous") in welcome
    code_of = limesurvey_codes(fw7)
    item_of = {v: k for k, v in code_of.items()}
    grp = next(r for r in rows if r["class"] == "Q" and r["name"] == "grp")
    assert grp["type/scale"] == "*" and grp["text"] == "org" and grp["hidden"] == "1"
    # walk the rows by proximity, as the importer does
    questions, current = {}, None
    for r in rows:
        if r["class"] == "Q":
            current = questions.setdefault(r["name"], {"type": r["type/scale"], "sq": [], "a": []})
        elif r["class"] == "SQ":
            current["sq"].append(r["name"])
        elif r["class"] == "A":
            current["a"].append((r["name"], r["text"]))
    arrays = {k: v for k, v in questions.items() if v["type"] == "F"}
    asked = [item_of[c] for q in arrays.values() for c in q["sq"]]
    assert set(asked) == expected_items(fw7, "org") and len(asked) == len(set(asked))
    for q in arrays.values():
        k = len(q["a"])
        assert [a for a, _ in q["a"]] == [str(v) for v in range(1, k + 1)]
        assert {scale_of(fw7, item_of[c]) for c in q["sq"]} == {k}
    assert any(len(q["a"]) == 7 for q in arrays.values())
    for code in [c for q in arrays.values() for c in q["sq"]] + list(questions):
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", code), code       # LimeSurvey's code rules


def test_limesurvey_region_list():
    regions = default_regions()
    rows = ls_rows(questionnaire_file("limesurvey", FW, "gov", "zh", regions=regions))
    i = next(i for i, r in enumerate(rows) if r["name"] == "region")
    assert rows[i]["type/scale"] == "!"
    answers = [(r["name"], r["text"]) for r in rows[i + 1:i + 1 + len(regions.table)]]
    codes = region_answer_codes(regions.table.index)
    assert [(codes[a], t) for a, t in answers][:2] == [("110000", "北京"), ("120000", "天津")]
    assert all(len(a) <= 5 for a, _ in answers)                   # LimeSurvey answer codes


def test_reversed_items_in_limesurvey():
    rows = ls_rows(questionnaire_file("limesurvey", FW, "cit", "zh"))
    item_of = {v: k for k, v in limesurvey_codes(FW).items()}
    asked = {item_of[r["name"]] for r in rows if r["class"] == "SQ"}
    assert "q_mec5_leak_worry" in asked                          # a reverse-coded item for citizens


# ------------------------------------------------------------------ command line
def test_cli(tmp_path, capsys):
    intro = tmp_path / "intro.txt"
    intro.write_text("第一段：本研究由某大学开展。\n\n联系人：张老师 zhang@example.edu.cn\n", encoding="utf-8")
    out = tmp_path / "gov.docx"
    assert main(["questionnaire", "--group", "gov", "--lang", "zh", "--format", "docx", "--out", str(out),
                 "--seed", "3", "--intro", str(intro)]) == 0
    d, hidden, *_ = docx_read(out.read_bytes())
    paras = [p.text for p in d.paragraphs]
    assert "第一段：本研究由某大学开展。" in paras and "联系人：张老师 zhang@example.edu.cn" in paras
    assert not any("尊敬的" in p for p in paras)                # the default introduction was replaced
    assert [i.item for i in build_questionnaire(FW, "gov", "zh", seed=3).items] == hidden
    txt = tmp_path / "cit.txt"
    assert main(["questionnaire", "--group", "cit", "--lang", "en", "--out", str(txt)]) == 0   # .txt: LimeSurvey
    assert ls_rows(txt.read_bytes())[0]["class"] == "S"
    assert "Wrote" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["questionnaire", "--group", "xyz", "--out", str(out)])
    assert exc.value.code == 2


def test_bad_framework_file_is_a_bilingual_error(tmp_path, capsys):
    bad = tmp_path / "fw.csv"
    bad.write_text("iCode,Parent\nA,B\n", encoding="utf-8")
    assert main(["questionnaire", "--group", "gov", "--framework", str(bad), "--out", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert "fw.csv" in err and "不存在" in err and "does not exist" in err
