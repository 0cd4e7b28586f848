"""The Data page 数据管理: upload, check, map, save, templates, manage, saved assessments, access.

Every test gets its own SQLite database (``DGS_DATABASE_URL`` set before the app runs).

Two AppTest details are worked around here (test code only):

* AppTest resets ``PagesManager.uses_pages_directory`` before every run, and because ``pages/``
  exists, a run after ``switch_page`` executes the page script alone, without ``dashboard.py``
  (no sidebar, a stale ``ctx``).  A real server runs the router on every rerun once
  ``st.navigation`` was called; the ``router`` fixture restores that.
* Download buttons store their bytes in a media-file storage that AppTest creates per run; the
  ``media`` fixture keeps a reference to it so a test can read what a button serves.
"""
from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from metrics import Dataset, Spec, assess, default_framework
from tests.app.test_overview import unescape_md as unescape   # what Markdown shows of escaped text
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "id", "client_secret": "secret",
        "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration"}


# ------------------------------------------------------------------ fixtures and helpers
@pytest.fixture(autouse=True)
def router(monkeypatch):
    """Run ``dashboard.py`` (sidebar, ``ctx``) on every AppTest run, as a real server does."""
    from streamlit.runtime.pages_manager import PagesManager
    init = PagesManager.__init__

    def patched(self, *args, **kwargs):
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", patched)


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh database for this test; the store of it."""
    url = f"sqlite:///{tmp_path / 'dgs.db'}"
    monkeypatch.setenv("DGS_DATABASE_URL", url)
    from store import get_store
    from ui import workspace as ws
    ws.forget(loaded=True)     # dataset keys restart at db:1@1 in every fresh database
    return get_store(url)


@pytest.fixture
def lang_outside_runs(monkeypatch):
    """English pages: AppTest calls the sidebar's ``format_func`` (``t()``) outside script runs,
    where ``lang()`` finds no session and falls back to Chinese; pin English there."""
    import ui.i18n as i18n
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    real = i18n.lang
    monkeypatch.setattr(i18n, "lang", lambda: real() if get_script_run_ctx(suppress_warning=True) else "en")


@pytest.fixture
def media(monkeypatch):
    """The bytes behind download buttons: ``media(button) -> bytes``."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    storages = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            storages.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)

    def content(button) -> bytes:
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        return bytes(storages[-1].get_file(file_id).content)

    return content


def data_app(lang: str = "zh", user: dict | None = None, auth: bool = False, page: str = "views/data.py"):
    """The dashboard opened on ``page`` (router and sidebar included)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = lang
    if auth:
        at.secrets["auth"] = dict(AUTH)
    if user is not None:
        at.user = user
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(at):
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at, kind: str, name: str, data: bytes):
    at.file_uploader(key=f"data_up_{kind}").upload(name, data, "text/csv")
    return run(at)


def texts(at, *kinds) -> list[str]:
    kinds = kinds or ("success", "error", "warning", "info", "caption", "markdown")
    return [str(e.value) for k in kinds for e in at.get(k)]


def frame_with(at, column: str) -> pd.DataFrame:
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a column {column!r}: {[list(d.value.columns) for d in at.dataframe]}")


def sample_indicators() -> bytes:
    return (SAMPLE / "indicators.csv").read_bytes()


def small_indicators(rows: int = 31) -> bytes:
    """The sample's indicator data for its latest year (fast to check and to assess)."""
    df = pd.read_csv(SAMPLE / "indicators.csv", dtype=str, keep_default_na=False)
    df = df[df["year"] == df["year"].max()].head(rows)
    return df.to_csv(index=False).encode()


def counts(store) -> dict:
    return store.counts()


# ------------------------------------------------------------------ upload, check, save, open
def test_gbk_sample_upload_preview_save_and_same_ranking(db):
    at = data_app()
    assert "未配置登录" in " ".join(texts(at, "caption"))           # local workspace, said in one line
    gbk = sample_indicators().decode("utf-8").encode("gbk")
    upload(at, "indicators", "省级指标.csv", gbk)
    upload(at, "survey", "问卷.csv", (SAMPLE / "survey.csv").read_bytes())

    preview = frame_with(at, "ORG1_law_level")
    assert len(preview) == 20 and list(preview.columns[:2]) == ["region", "year"]
    assert preview["region"].iloc[0] == "110000"
    assert any("前 20 行（共 186 行" in c for c in texts(at, "caption"))
    # all provinces have their big-data agency in 2023 and 2024: constant within those years (issue 10 item 10)
    assert any(w.startswith("0 个错误，1 个警告。") for w in texts(at, "warning"))
    assert at.text_input(key="data_name").value == "省级指标"
    assert not at.button(key="data_save").disabled
    assert counts(db)["datasets"] == 0                               # nothing saved before Save

    at.button(key="data_save").click()
    run(at)
    saved = [s for s in texts(at, "success") if "已保存" in s]
    assert saved and "第 1 版" in saved[0]
    infos = db.list_datasets()
    assert [d.name for d in infos] == ["省级指标"] and len(infos[0].versions) == 1
    version = infos[0].versions[0]
    key = f"db:{infos[0].id}@1"
    assert version.fingerprint[:12] in unescape(saved[0])
    assert version.fingerprint == Dataset.sample().fingerprint      # the GBK copy reads to the same data
    # listed in My datasets and selected in the sidebar
    table = frame_with(at, "保存者")
    assert list(table["名称"]) == ["省级指标"] and list(table["数据指纹"]) == [version.fingerprint[:12]]
    sidebar = at.sidebar.selectbox(key="dataset")
    assert sidebar.value == key and "省级指标 v1" in sidebar.options
    assert at.session_state["ctx"].dataset_key == key

    # the overview on the saved dataset ranks exactly as on the sample
    at.switch_page("views/overview.py")
    run(at)
    a = assess(Dataset.sample())
    expected = a.results(lang="zh", year=a.latest_year)
    shown = at.dataframe[0].value
    assert list(shown["地区"]) == list(expected["name"])
    assert list(shown["协同治理指数"]) == [round(v, 1) for v in expected["INDEX"]]


def test_malformed_file_is_reported_in_english_and_cannot_be_saved(db, lang_outside_runs):
    at = data_app("en")
    before = counts(db)
    bad = "region,year,ORG1_law_level,ORG1_strategy\n110000,2023,2,1\n120000,2023,abc,1\n".encode()
    upload(at, "indicators", "bad.csv", bad)
    errors = [e for e in texts(at, "error") if "errors" in e]
    assert errors and errors[0].startswith("1 errors")
    report = frame_with(at, "How to fix it")
    row = report[report["Severity"] == "Error"].iloc[0]
    assert (row["File"], row["Row"], row["Column"], row["Value"]) == ("bad.csv", "3", "ORG1_law_level", "abc")
    assert row["What is wrong"] == "Not a number" and "Write a number" in row["How to fix it"]
    assert any(c.endswith("1 errors, 0 warnings.") and "error" in c for c in texts(at, "caption"))
    save = at.button(key="data_save")
    assert save.disabled
    assert any("still have errors" in c for c in texts(at, "caption"))
    # the full bilingual report is there too
    full = [t.value for t in at.text]
    assert any("不是数字" in x and "Not a number" in x for x in full)
    assert counts(db) == before
    assert at.sidebar.selectbox(key="dataset").options == ["Sample data (synthetic)"]


def test_undecodable_and_empty_files_are_reported_without_traceback(db):
    at = data_app()
    upload(at, "indicators", "空.csv", b"")
    assert any("文件为空" in str(v) for v in frame_with(at, "问题")["问题"])
    upload(at, "survey", "坏编码.csv", b"region,year\n\xff\xfe\xfa,2023\n")
    problems = " ".join(frame_with(at, "问题")["问题"])
    assert "无法识别文件编码" in problems
    assert at.button(key="data_save").disabled
    assert counts(db)["datasets"] == 0


def misspelled_wide() -> tuple[bytes, str, str]:
    """The sample's latest year with Chinese headers, one of them misspelled (数据 -> 数椐)."""
    fw = default_framework()
    df = pd.read_csv(io.BytesIO(small_indicators()), dtype=str, keep_default_na=False)
    df = df.rename(columns={c: fw.name_of(c, "zh") for c in df.columns if c in fw.table.index})
    df = df.rename(columns={"region": "地区", "year": "年份"})
    right = "ORG1_policy_docs"
    wrong = fw.name_of(right, "zh").replace("数据", "数椐")
    df = df.rename(columns={fw.name_of(right, "zh"): wrong})
    return df.to_csv(index=False).encode("gbk"), wrong, right


def mapping_table(at):
    """The column-mapping table (``st.data_editor``)."""
    (editor,) = [e for e in at.data_editor if e.key and e.key.startswith("data_map_")]
    return editor


def choose(at, editor, header: str, label: str | None):
    """Choose ``label`` for ``header`` in the mapping table, as a click in the browser does."""
    rows = list(editor.value["文件中的列"])
    at.session_state[editor.key] = {"edited_rows": {rows.index(header): {"对应的指标": label}},
                                    "added_rows": [], "deleted_rows": []}
    return run(at)


def test_column_mapping_suggests_the_indicator_and_is_saved(db):
    data, wrong, right = misspelled_wide()
    at = data_app()
    upload(at, "indicators", "宽表.csv", data)
    table = mapping_table(at).value
    row = table[table["文件中的列"] == wrong].iloc[0]
    assert row["对应的指标"].startswith(right)                          # pre-filled with the closest name
    assert row["建议（名称相似度）"].startswith(right)
    assert not [s for s in at.selectbox if s.key and s.key.startswith("data_map_")]   # one table, no drop-down list
    assert "0 个错误" in " ".join(texts(at, "success", "warning"))    # mapped: the file now passes
    at.text_input(key="data_name").set_value("映射测试")
    at.button(key="data_save").click()
    run(at)
    did = db.list_datasets()[0].id
    v1 = db.get_version(did, 1)
    assert v1.mapping[wrong] == right
    loaded = db.load_dataset(did, 1)
    original = Dataset.load(io.BytesIO(small_indicators()).getvalue())
    pd.testing.assert_series_equal(loaded.indicators.values[right], original.indicators.values[right])

    # without the mapping the column is an error; "ignore" leaves it out and the file passes
    from texts.data import TEXT
    ignore_label = TEXT["data_map_ignore"][0]
    choose(at, mapping_table(at), wrong, None)
    assert at.button(key="data_save").disabled
    assert wrong in set(frame_with(at, "问题")["列"])                  # now an unknown column
    choose(at, mapping_table(at), wrong, ignore_label)
    assert any("已忽略 1 列" in c for c in texts(at, "caption"))
    warn = frame_with(at, "问题")
    assert right in set(warn["列"])                                   # now a missing-indicator warning
    assert not at.button(key="data_save").disabled


def test_unmatched_column_without_a_close_name_must_be_decided(db):
    df = pd.read_csv(io.BytesIO(small_indicators()), dtype=str, keep_default_na=False)
    df["备注XYZ"] = "x"
    at = data_app()
    upload(at, "indicators", "extra.csv", df.to_csv(index=False).encode())
    table = mapping_table(at).value
    assert table["文件中的列"].tolist() == ["备注XYZ"] and table["对应的指标"].isna().all()   # nothing close: no guess
    assert at.button(key="data_save").disabled
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("data_map_ignore_"))).click()
    run(at)
    assert not at.button(key="data_save").disabled


# ------------------------------------------------------------------ templates
def test_templates_for_every_kind_in_csv_and_excel(db, media):
    at = data_app()
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b for b in at.get("download_button")}
    kinds = ("indicators", "survey", "framework", "regions")
    assert set(buttons) >= {f"data_tpl_{k}_{f}" for k in kinds for f in ("csv", "xlsx")}
    fw = default_framework()
    inds = [c for c in fw.indicators if fw.table.at[c, "source"] != "srv"]

    zh = media(buttons["data_tpl_indicators_csv"])
    assert zh.startswith(b"\xef\xbb\xbf")                           # UTF-8 with BOM
    header = pd.read_csv(io.BytesIO(zh), encoding="utf-8-sig", dtype=str).columns.tolist()
    assert header == ["地区", "年份"] + [fw.name_of(c, "zh") for c in inds]
    book = pd.read_excel(io.BytesIO(media(buttons["data_tpl_survey_xlsx"])), sheet_name=None, dtype=str, engine="calamine")
    assert list(book) == ["survey", "说明 Notes"]
    assert book["survey"].columns.tolist()[:4] == ["受访者编号", "地区", "年份", "主体"]
    assert len(book["survey"]) == 1                                   # one example row
    notes = book["说明 Notes"]
    assert "李克特" in " ".join(notes["说明"].dropna()) and "缺失值" in " ".join(notes.iloc[:, 0].dropna())

    at.radio(key="data_tpl_lang").set_value("en")
    run(at)
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b for b in at.get("download_button")}
    en = pd.read_csv(io.BytesIO(media(buttons["data_tpl_indicators_csv"])), encoding="utf-8-sig", dtype=str)
    assert en.columns.tolist() == ["region", "year"] + inds
    assert media(buttons["data_tpl_framework_csv"]).decode("utf-8-sig").startswith("iCode,iName,name_zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_templates_read_back_without_errors(lang):
    from store import validate_files
    from viewmodels import data as ws
    fw = default_framework()
    if True:
        files = {k: (f"t.{k}.{lang}.csv", ws.template_files(k, fw, Dataset.sample().regions, lang, 2024)["csv"])
                 for k in ("indicators", "survey", "regions")}
        report, ds = validate_files(files)
        assert report.ok, [p.text("en") for p in report.errors]
        assert ds.indicators.values.shape == (1, 25)
        framework = ws.template_files("framework", fw, None, lang)["xlsx"]
        sheets = pd.read_excel(io.BytesIO(framework), sheet_name=None, engine="calamine")
        assert len(sheets["framework"]) == 1 and len(sheets) == 2


# ------------------------------------------------------------------ manage: delete, referenced versions
def test_delete_version_needs_confirmation(db):
    v1 = db.save_version("甲", {"indicators": ("a.csv", small_indicators(10))})
    db.save_version("甲", {"indicators": ("b.csv", small_indicators(12))}, dataset_id=v1.dataset_id)
    at = data_app()
    tag = next(b.key.rsplit("_", 1)[-1] for b in at.button if b.key and b.key.startswith("data_delv_btn_"))
    at.selectbox(key=f"data_delv_pick_{tag}").set_value(1)
    run(at)
    assert at.button(key=f"data_delv_btn_{tag}").disabled               # not before the confirmation
    at.checkbox(key=f"data_delv_ok_{tag}").check()
    run(at)
    at.button(key=f"data_delv_btn_{tag}").click()
    run(at)
    assert "版本已删除。" in texts(at, "success")
    assert [v.version for v in db.list_datasets()[0].versions] == [2]
    assert at.checkbox(key=f"data_delv_ok_{tag}").value is False         # confirmation resets
    assert list(frame_with(at, "保存者")["版本"]) == [2]
    # the whole dataset, again with a confirmation
    at.checkbox(key=f"data_deld_ok_{tag}").check()
    run(at)
    at.button(key=f"data_deld_btn_{tag}").click()
    run(at)
    assert db.list_datasets(include_hidden=True) == []
    assert "数据集已删除。" in texts(at, "success")


def test_saved_assessment_blocks_deletion_and_reopens_with_same_numbers(db):
    v = db.save_version("省级", {"indicators": ("ind.csv", small_indicators())})
    key = f"db:{v.dataset_id}@1"
    at = data_app()
    at.sidebar.selectbox(key="dataset").set_value(key)
    at.sidebar.selectbox(key="method").set_value("entropy")
    run(at)
    assert at.session_state["ctx"].dataset_key == key
    at.text_input(key="data_asm_name").set_value("熵权评估")
    at.button(key="data_asm_save").click()
    run(at)
    assert "已保存评估“熵权评估”。" in [unescape(s) for s in texts(at, "success")]
    saved = db.list_assessments()
    assert [a.name for a in saved] == ["熵权评估"]

    tag = next(b.key.rsplit("_", 1)[-1] for b in at.button if b.key and b.key.startswith("data_delv_btn_"))
    at.checkbox(key=f"data_delv_ok_{tag}").check()
    run(at)
    at.button(key=f"data_delv_btn_{tag}").click()
    run(at)
    err = " ".join(unescape(e) for e in texts(at, "error"))
    assert "未能删除该版本" in err and "熵权评估" in err
    assert [x.version for x in db.list_datasets()[0].versions] == [1]

    # reopen from another view: dataset, method and numbers come back
    at.sidebar.selectbox(key="dataset").set_value("sample")
    at.sidebar.selectbox(key="method").set_value("default")
    run(at)
    at.selectbox(key="data_asm_pick").set_value(saved[0].id)
    at.button(key="data_asm_open").click()
    run(at)
    assert at.session_state["ctx"].dataset_key == key
    assert at.sidebar.selectbox(key="method").value == "custom"
    assert at.session_state["ctx"].spec == Spec(weights="entropy")
    at.switch_page("views/overview.py")
    run(at)
    a = assess(db.load_dataset(v.dataset_id, 1), Spec(weights="entropy"))
    expected = a.results(lang="zh", year=a.latest_year)
    assert list(at.dataframe[0].value["地区"]) == list(expected["name"])


def test_sample_dataset_cannot_be_referenced_by_a_saved_assessment(db):
    at = data_app()
    assert any("请先在侧栏选择一个已保存的数据集" in i for i in texts(at, "info"))
    assert not [b for b in at.button if b.key == "data_asm_save"]


def test_rename_describe_and_hide(db):
    v = db.save_version("旧名", {"indicators": ("ind.csv", small_indicators(8))})
    at = data_app()
    tag = next(b.key.rsplit("_", 1)[-1] for b in at.button if b.key and b.key.startswith("data_rename_btn_"))
    at.text_input(key=f"data_rename_{tag}").set_value("新名")
    at.button(key=f"data_rename_btn_{tag}").click()
    run(at)
    assert db.list_datasets()[0].name == "新名"
    assert "新名 v1" in at.sidebar.selectbox(key="dataset").options
    at.text_area(key=f"data_describe_{tag}").set_value("2023 年省级数据")
    at.button(key=f"data_describe_btn_{tag}").click()
    run(at)
    assert db.list_datasets()[0].description == "2023 年省级数据"
    at.button(key=f"data_hide_{tag}").click()
    run(at)
    assert db.list_datasets() == [] and db.list_datasets(include_hidden=True)[0].hidden
    assert at.sidebar.selectbox(key="dataset").options == ["示例数据（合成）"]
    assert list(frame_with(at, "保存者")["已隐藏"]) == ["是"]              # the owner still sees it
    at.button(key=f"data_hide_{tag}").click()                           # unhide
    run(at)
    assert "新名 v1" in at.sidebar.selectbox(key="dataset").options


# ------------------------------------------------------------------ access
def test_login_configured_anonymous_user_cannot_upload_or_save(db):
    db.save_version("公开数据", {"indicators": ("p.csv", small_indicators(8))}, user="a@example.org", public=True)
    db.save_version("私有数据", {"indicators": ("q.csv", small_indicators(8))}, user="a@example.org")
    at = data_app(auth=True, user={"is_logged_in": False})
    assert any("请先登录" in i for i in texts(at, "info"))
    assert at.button(key="data_login")
    assert all(u.proto.disabled for u in at.get("file_uploader"))
    assert not [b for b in at.button if b.key == "data_save"]
    assert list(frame_with(at, "保存者")["名称"]) == ["公开数据"]
    assert not [b for b in at.button if b.key and b.key.startswith("data_delv_btn_")]
    assert at.sidebar.selectbox(key="dataset").options == ["示例数据（合成）", "公开数据 v1"]


def test_private_datasets_are_visible_to_their_owner_only_until_published(db):
    alice = {"is_logged_in": True, "email": "alice@example.org", "name": "Alice"}
    bob = {"is_logged_in": True, "email": "bob@example.org", "name": "Bob"}
    at = data_app(auth=True, user=alice)
    assert any("alice@example.org" in unescape(c) for c in texts(at, "caption"))
    upload(at, "indicators", "alice.csv", small_indicators(10))
    at.button(key="data_save").click()
    run(at)
    [info] = db.list_datasets(user="alice@example.org")
    assert info.owner == "alice@example.org" and not info.public
    key = f"db:{info.id}@1"
    assert at.sidebar.selectbox(key="dataset").value == key

    at_b = data_app(auth=True, user=bob)
    assert at_b.sidebar.selectbox(key="dataset").options == ["示例数据（合成）"]
    assert "还没有保存的数据集。" in texts(at_b, "info")
    # a link to Alice's private version opens the sample for Bob
    at_link = data_app(auth=True, user=bob)
    at_link.query_params["dataset"] = key
    run(at_link)
    assert at_link.session_state["ctx"].dataset_key == "sample"

    # Alice publishes; Bob sees it, read-only
    tag = next(b.key.rsplit("_", 1)[-1] for b in at.button if b.key and b.key.startswith("data_pub_"))
    at.button(key=f"data_pub_{tag}").click()
    run(at)
    assert db.list_datasets(user="bob@example.org")[0].public
    run(at_b)
    assert "alice v1" in at_b.sidebar.selectbox(key="dataset").options
    at_b.sidebar.selectbox(key="dataset").set_value(key)
    run(at_b)
    assert at_b.session_state["ctx"].dataset_key == key
    assert not [b for b in at_b.button if b.key and b.key.startswith("data_delv_btn_")]
    assert any("只能查看" in c for c in texts(at_b, "caption"))


def test_workspace_visibility_rules(db, monkeypatch):
    from ui import workspace as ws
    a = db.save_version("A 私有", {"indicators": ("a.csv", small_indicators(6))}, user="a@x.org")
    b = db.save_version("B 公开", {"indicators": ("b.csv", small_indicators(7))}, user="b@x.org", public=True)
    monkeypatch.setattr(ws, "login_configured", lambda: True)
    key_a, key_b = ws.make_key(a.dataset_id, 1), ws.make_key(b.dataset_id, 1)
    for who, visible in (("a@x.org", {key_a, key_b}), ("b@x.org", {key_b}), ("", {key_b})):
        monkeypatch.setattr(ws, "current_user", lambda who=who: who)
        ws.forget()
        assert set(ws.dataset_options()) == visible
        assert ws.can_write() is (who != "")
        if key_a not in visible:
            with pytest.raises(KeyError):
                ws.load_dataset(key_a)
        assert ws.load_dataset(key_b).fingerprint == b.fingerprint
    monkeypatch.setattr(ws, "current_user", lambda: "a@x.org")
    ws.forget()
    assert ws.load_dataset(key_a).label == "A 私有 v1"
    assert set(ws.own_datasets()) == {a.dataset_id}


def test_no_login_means_one_local_workspace(monkeypatch):
    from ui import workspace as ws
    assert ws.login_configured() is False          # no secrets file in the repository: fine, no error
    assert ws.current_user() == "local" and ws.can_write()
    assert ws.parse_key("db:12@3") == ("12", 3)
    with pytest.raises(KeyError):
        ws.parse_key("sample")


def test_uploaded_text_never_reaches_markdown_unescaped(db):
    evil = "<img src=x onerror=alert(1)>**b**"
    df = pd.read_csv(io.BytesIO(small_indicators(5)), dtype=str, keep_default_na=False)
    df[evil] = "1"
    at = data_app()
    upload(at, "indicators", f"{evil}.csv", df.to_csv(index=False).encode())
    for text in texts(at) + [s.label for s in at.selectbox]:
        assert not re.search(r"(?<!\\)<img", text), text
        assert "**b**" not in text, text
    assert evil in frame_with(at, evil).columns                         # shown as text in the table
    assert json.dumps(evil)  # the header is data, not markup


# ------------------------------------------------------------------ Excel, versions
def workbook(sheets: dict) -> bytes:
    """An .xlsx as a researcher's spreadsheet program writes it (text cells as they are)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False)
    return buf.getvalue()


def test_excel_sheet_choice_is_checked_and_saved_as_a_new_version(db):
    first = pd.read_csv(io.BytesIO(small_indicators(10)), dtype=str, keep_default_na=False)
    second = pd.read_csv(io.BytesIO(small_indicators(31)), dtype=str, keep_default_na=False)
    book = workbook({"说明": pd.DataFrame({"备注": ["这一页不是数据"]}), "2024年": second, "旧": first})
    v1 = db.save_version("省级", {"indicators": ("a.csv", small_indicators(10))})
    at = data_app()
    at.file_uploader(key="data_up_indicators").upload("省级.xlsx", book, "application/octet-stream")
    run(at)
    sheet = next(s for s in at.selectbox if s.key and s.key.startswith("data_sheet_indicators_"))
    assert sheet.options == ["说明", "2024年", "旧"] and sheet.value == "说明"
    assert at.button(key="data_save").disabled                      # the first sheet is not indicator data
    sheet.set_value("2024年")
    run(at)
    assert any("共 31 行" in c for c in texts(at, "caption"))
    # one year of the sample: every province has its big-data agency, a constant indicator (issue 10 item 10)
    assert any(w.startswith("0 个错误，1 个警告。") for w in texts(at, "warning"))
    assert set(frame_with(at, "问题")["列"]) == {"ORG2_agency_exists"}
    at.radio(key="data_target_mode").set_value("version")
    run(at)
    at.selectbox(key="data_target").set_value(v1.dataset_id)
    at.button(key="data_save").click()
    run(at)
    info = db.list_datasets()[0]
    assert [v.version for v in info.versions] == [1, 2]
    assert info.versions[1].sheets == {"indicators": "2024年"} and info.versions[1].files == {"indicators": "省级.xlsx"}
    assert at.sidebar.selectbox(key="dataset").value == f"db:{v1.dataset_id}@2"
    assert at.session_state["ctx"].dataset.indicators.values.shape[0] == 31
    assert any("已保存为“省级 v2”" in unescape(c) for c in texts(at, "caption"))   # no duplicate save


def test_zip_bomb_disguised_as_xlsx_is_refused_before_parsing(db, monkeypatch):
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "0" * (30 * 2**20))   # 30 MB of zeros, ~30 KB packed
    at = data_app()
    at.file_uploader(key="data_up_indicators").upload("bomb.xlsx", buf.getvalue(), "application/octet-stream")
    run(at)
    report = frame_with(at, "问题")
    assert "压缩炸弹" in " ".join(report["问题"])
    assert not [s for s in at.selectbox if s.key and s.key.startswith("data_sheet_")]
    assert at.button(key="data_save").disabled and counts(db)["datasets"] == 0
