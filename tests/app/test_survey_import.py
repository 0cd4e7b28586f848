"""The Data page with a survey platform export: the mapping is shown and must be confirmed, the group chosen,
the quality report is shown before saving, and the version keeps the import record; the saved survey
scores as the same answers in the survey layout.  Also the questionnaire download on the Templates tab."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd

from metrics import Dataset, Spec, assess
from metrics.data import read_survey
from metrics.framework import default_framework
from tests.app.conftest import open_tab
from tests.app.test_data import (data_app, db, frame_with, lang_outside_runs, media, router,  # noqa: F401
                                 run, texts)

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
import platform_exports as px  # noqa: E402


def test_platform_export_mapped_confirmed_and_saved(db):
    fw = default_framework()
    ans = px.answers(fw, "gov", seed=21, n=10)
    items = [c for c in ans.columns if c.startswith("q_")]
    ans.loc[3, items] = ans.loc[2, items].to_numpy()                # row 5 answers as row 4 ...
    export = px.wjx(fw, ans)
    export.loc[3, "来自IP"] = export.loc[2, "来自IP"]               # ... from the same IP, 17 minutes later
    at = data_app()
    at.file_uploader(key="data_up_survey").upload("问卷星导出.xlsx", px.to_xlsx(export),
                                                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    run(at)
    assert any("问卷星" in i for i in texts(at, "info"))
    table = frame_with(at, "对应为")
    mapped = table[table["依据"] == "按题目文字"]
    assert len(mapped) == len([c for c in ans.columns if c.startswith("q_")])
    assert (mapped["相似度"] == 1.0).all()
    save = at.button(key="data_save")
    assert save.disabled
    captions = " ".join(texts(at, "caption", "error"))
    assert "受访群体" in captions or "group" in captions                 # no group yet: said how to fix
    tag = next(b.key for b in at.selectbox if (b.key or "").startswith("srv_group_")).removeprefix("srv_group_")
    at.selectbox(key=f"srv_group_{tag}").set_value("gov")
    run(at)
    assert at.button(key="data_save").disabled                          # still to be confirmed
    assert any("核对" in c for c in texts(at, "caption"))
    at.checkbox(key=f"srv_confirm_{tag}").check()
    run(at)
    quality = frame_with(at, "原因")
    assert "重复作答" in " ".join(quality["标记"]) and "5" in set(quality["行"])
    at.text_input(key="data_name").set_value("问卷星导入")
    at.button(key="data_save").click()
    run(at)
    info = db.list_datasets()[0]
    v = info.versions[0]
    assert v.files["survey"] == "问卷星导出.csv"
    rec = v.extra["survey_import"]
    assert rec["platform"] == "wjx" and rec["source"]["file"] == "问卷星导出.xlsx" and rec["mapping"]["group"] == {
        "value": "gov"}
    assert v.extra["survey_quality"]["counts"]["duplicates"] == 1
    saved = db.load_dataset(info.id, 1)
    own = Dataset(fw, None, read_survey(ans, fw))
    pd.testing.assert_frame_equal(assess(saved, Spec()).scores, assess(own, Spec()).scores, check_exact=False,
                                  atol=1e-12)


def test_questionnaire_download_on_the_templates_tab(media):
    import docx
    at = data_app("zh")
    at.selectbox(key="srv_q_group").set_value("cit")
    at.selectbox(key="srv_q_format").set_value("docx")
    run(at)
    area = next(a for a in at.text_area if a.key.startswith("srv_q_intro_cit_"))
    area.set_value("本调查由某大学开展。\n\n联系人：李老师")
    run(at)
    button = next(b for b in at.get("download_button") if b.proto.id and "srv_q_download" in b.proto.id)
    d = docx.Document(io.BytesIO(media(button)))
    paras = [p.text for p in d.paragraphs]
    assert "本调查由某大学开展。" in paras and "联系人：李老师" in paras
    assert paras[0].endswith("（公众卷）")


def test_methods_page_exclusion_is_an_explicit_logged_choice(lang_outside_runs):
    at = open_tab(data_app("en", page="views/methods.py"), "mt_tab", "mt_tab_scale", "en")  # a lazy tab
    box = at.multiselect(key="mt_survey_exclude")
    assert box.value == [] and at.session_state["ctx"].spec.survey_exclude == ()      # flags only, by default
    q = Dataset.sample().survey_quality()
    assert any(f"straight-lining {q.counts()['straightlining']}" in c.replace("\\", "") for c in texts(at, "caption"))
    box.set_value(["straightlining"])
    run(at)
    ctx = at.session_state["ctx"]
    assert at.session_state["method"] == "custom" and ctx.spec.survey_exclude == ("straightlining",)
    entry = next(e for e in ctx.assessment.log if e["step"] == "survey_quality")
    assert entry["respondents_excluded"] == q.counts()["straightlining"] > 0
    assert any(f"leaves out {entry['respondents_excluded']} of" in c for c in texts(at, "caption"))
    assert "excluding straight-lining" in ctx.spec.describe("en")
