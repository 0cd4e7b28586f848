"""Hostile and odd input on the pages (issue 15): no traceback, no silently wrong match, no live link.

The router, database and upload helpers are the Data page tests' own.
"""
from __future__ import annotations

import dataclasses
import html
import logging
import re

import pandas as pd
import pytest

from tests.app.conftest import METHODS_TABS, open_tab, run_app
from tests.app.test_data import (SAMPLE, data_app, db, frame_with, router, small_indicators,  # noqa: F401
                                 texts, upload)


# ------------------------------------------------------------------ item 4: names shared by two indicators
def test_framework_with_two_indicators_sharing_a_chinese_name_is_an_error_not_a_traceback(db):
    fw = pd.read_csv(SAMPLE.parent / "framework.csv", dtype=str, keep_default_na=False)
    first, second = fw.index[fw["Type"] == "Indicator"][:2]
    fw.loc[second, "name_zh"] = fw.loc[first, "name_zh"]
    at = data_app()
    upload(at, "indicators", "指标.csv", small_indicators(10))
    upload(at, "framework", "框架.csv", fw.to_csv(index=False).encode())
    assert not at.exception
    report = frame_with(at, "问题")
    row = report[report["问题"].str.contains("中文名称相同")].iloc[0]
    codes = fw.loc[[first, second], "iCode"].tolist()
    assert (row["文件"], row["行"], row["列"]) == ("框架.csv", str(second + 2), "name_zh")
    assert codes[0] in row["问题"] and codes[1] in row["问题"]
    assert at.button(key="data_save").disabled
    assert db.counts()["datasets"] == 0


# ------------------------------------------------------------------ item 5: no traceback, a reference instead
REF = re.compile(r"\b[0-9A-F]{8}\b")


def page_texts(at) -> list[str]:
    """Every text the page shows (Markdown bodies, alerts, labels, metric values, tab labels)."""
    return [s for s, _ in markdown_sources(at)] + [str(e.value) for e in at.get("text")]


def test_a_page_that_raises_shows_a_friendly_message_with_a_reference_and_logs_the_rest(monkeypatch, caplog):
    import ui.state

    def broken(*args, **kwargs):
        raise RuntimeError("boom in /srv/dgs/secret_path.py line 42")

    monkeypatch.setattr(ui.state, "diag", broken)        # the overview asks it for coordination bands
    with caplog.at_level(logging.ERROR, logger="dgs.pages"):
        at = run_app(lang="zh")                          # asserts no exception reached Streamlit
    errors = [str(e.value) for e in at.error]
    [message] = [e for e in errors if "参考编号" in e]
    assert "出错了" in message and "请刷新页面" in message
    ref = REF.search(message).group(0)
    shown = " ".join(page_texts(at))
    for leak in ("boom", "secret_path", "/srv/", "Traceback", "RuntimeError"):
        assert leak not in shown
    [record] = [r for r in caplog.records if ref in r.getMessage()]
    assert record.exc_info and "boom in /srv/dgs/secret_path.py" in caplog.text and "Traceback" in caplog.text


def test_the_english_page_says_it_in_english(monkeypatch):
    import ui.state

    monkeypatch.setattr(ui.state, "diag", lambda *a, **k: 1 / 0)
    at = run_app(lang="en")
    [message] = [str(e.value) for e in at.error if "reference" in str(e.value)]
    assert message.startswith("Something went wrong") and REF.search(message) and "ZeroDivision" not in message


def test_control_flow_passes_through_the_handler():
    from streamlit.errors import FragmentHandledException
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    from ui.guard import run_guarded

    for exc in (StopException(), RerunException(RerunData()), FragmentHandledException(ValueError("x"))):
        def raising(exc=exc):
            raise exc
        with pytest.raises(type(exc)):
            run_guarded(raising)


def test_streamlit_shows_no_error_details():
    import tomllib

    from streamlit.config import ShowErrorDetailsConfigOptions

    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE == "none"


# ------------------------------------------------------------------ item 6: no live link from uploaded names
EVIL = "evil.example"
HOSTILE_REGIONS = ['<a href="http://evil.example/a">甲</a>', '=HYPERLINK("http://evil.example/b","f")',
                   "www.evil.example", "admin@evil.example"]
HOSTILE_NODE = "https://evil.example/{code} :red[x] :material/home:"


def markdown_sources(at) -> list[tuple[str, str]]:
    """``(text, where)`` for every string Streamlit renders as Markdown: bodies of Markdown, captions,
    headings and alerts, and every label, help text, metric value and delta, radio and segmented
    control option, tab and expander label, page link, found by walking the element tree's protobufs."""
    from google.protobuf.descriptor import FieldDescriptor

    plain = {"Text", "Code", "Json", "Arrow", "PlotlyChart"}      # shown as text (select options are too)
    fields = {"body", "label", "help", "delta", "caption"}
    out: list[tuple[str, str]] = []

    def walk_proto(msg, kind):
        for fd, value in msg.ListFields():
            repeated = fd.is_repeated if hasattr(fd, "is_repeated") else fd.label == fd.LABEL_REPEATED
            values = value if repeated else [value]
            if fd.type == FieldDescriptor.TYPE_MESSAGE:
                for v in values:
                    sub = type(v).__name__
                    if sub not in plain:
                        walk_proto(v, sub)
            elif fd.type == FieldDescriptor.TYPE_STRING and (
                    fd.name in fields or (fd.name == "options" and kind == "Radio")
                    or (fd.name == "content" and kind == "Option")):          # segmented control, pills
                out.extend((v, f"{kind}.{fd.name}") for v in values)

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and type(proto).__name__ not in plain:
            walk_proto(proto, type(proto).__name__)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def visible(source: str) -> str:
    """What a reader sees of Markdown ``source``: backslash escapes and entities resolved."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source))


# what GitHub-flavoured Markdown auto-links
LIVE = [re.compile(p, re.IGNORECASE) for p in (
    r"https?://[^\s]*" + re.escape(EVIL), r"(?<![a-z0-9])www\." + re.escape(EVIL), r"[\w.+-]@" + re.escape(EVIL))]


def hostile_dataset():
    """The sample with the top four regions (of 2024) named like URLs, HTML and a formula, the index's
    dimensions and sub-dimensions named like URLs, and a URL for a label."""
    from metrics import Dataset, Regions, assess

    ds = Dataset.sample()
    top = list(assess(ds).results(year=2024)["region"][:4])
    regions = ds.regions.table.copy()
    for code, name in zip(top, HOSTILE_REGIONS):
        regions.loc[code, ["name_zh", "name_en"]] = name
    fw = ds.framework
    table = fw.table.copy()
    for code in fw.level_codes(fw.max_level - 1) + fw.level_codes(fw.max_level - 2):
        table.loc[code, ["name_zh", "name_en"]] = HOSTILE_NODE.format(code=code)
    framework = dataclasses.replace(fw, table=table)
    return Dataset(framework, ds.indicators, ds.survey, Regions(regions), label=LABEL,
                   synthetic=True), top


@pytest.fixture(scope="module")
def hostile():
    """:func:`hostile_dataset` registered as ``?dataset=hostile`` for this module's tests only."""
    from ui import state

    ds, top = hostile_dataset()
    state.register_dataset("hostile", ds)
    yield ds, top
    state.REGISTRY.pop("hostile", None)
    state.clear_caches()


PAGES = {
    "views/overview.py": {},
    "views/profile.py": {"region": "{0}"},
    "views/compare.py": {"regions": "{0},{1},{2},{3}"},
    "views/synergy.py": {},
    "views/methods.py": {},
    "views/present.py": {"play": "1", "regions": "{0}", "deck": "measures"},
    "views/data.py": {},
}


LABEL = "http://evil.example/label"
SHOWN = {  # hostile names each page shows (in Markdown or a label), so the test sees them escaped
    "views/overview.py": [HOSTILE_REGIONS[0], LABEL],
    "views/profile.py": [HOSTILE_REGIONS[0], "https://evil.example/", LABEL],
    "views/compare.py": HOSTILE_REGIONS + [LABEL],
    "views/synergy.py": ["https://evil.example/"],
    "views/methods.py": ["https://evil.example/", LABEL],
    "views/present.py": [HOSTILE_REGIONS[0]],
    "views/data.py": [LABEL],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_names_like_urls_and_html_are_never_live_links(hostile, page, lang):
    ds, top = hostile
    query = {"dataset": "hostile", **{k: v.format(*top) for k, v in PAGES[page].items()}}
    at = run_app(page=page, lang=lang, query=query)
    sources = markdown_sources(at)
    if page == "views/methods.py":  # lazy tabs: what each one shows when it is opened
        for tab in METHODS_TABS[1:]:
            sources += markdown_sources(open_tab(at, "mt_tab", tab, lang))
    for source, where in sources:
        if where.startswith("Html."):                    # the page's own CSS: no uploaded text in it
            assert EVIL not in source
            continue
        seen = visible(source)
        for pattern in LIVE:
            assert not pattern.search(seen), (where, source)
        assert not re.search(r"(?<!\\)<[a-z/!]", source), (where, source)      # no raw tag in any Markdown
    # the names are on the page, shown as written (an invisible word joiner aside)
    shown = " ".join(visible(s).replace("\u2060", "") for s, _ in sources)
    for name in SHOWN[page]:
        assert name in shown, (name, page)


def test_the_methods_sliders_are_labelled_with_escaped_names(hostile):
    ds, _ = hostile
    at = open_tab(run_app(page="views/methods.py", lang="en", query={"dataset": "hostile"}), "mt_tab",
                  "mt_tab_choose", "en")  # the what-if sliders
    fw = ds.framework
    dims = fw.children[fw.root]
    labels = {at.slider(key=f"mt_w_{d}").label for d in dims}
    assert {visible(x).replace("\u2060", "") for x in labels} == {HOSTILE_NODE.format(code=d) for d in dims}
    for label in labels:
        assert not any(p.search(visible(label)) for p in LIVE) and ":\u2060red" in visible(label)


# ------------------------------------------------------------------ item 10: malformed dataset ids in a link
@pytest.mark.parametrize("key", ["db:1 OR 1=1@1", f"db:{2 ** 70}@1", "db:-1@1", "db:1.5@1", f"db:1@{2 ** 70}",
                                 "db:1@2", "x" * 500])
def test_a_malformed_dataset_in_the_link_is_not_found_with_a_friendly_message(db, key):
    from ui import workspace as ws

    db.save_version("甲", {"indicators": ("a.csv", small_indicators(10))})      # db:1@1 exists
    at = run_app(lang="zh", query={"dataset": key})
    assert at.session_state["dataset"] == "sample"
    [warning] = [str(w.value) for w in at.sidebar.warning]
    assert "不存在" in warning and "示例数据" in warning
    assert len(warning) < 200                                               # the link's text is cut short
    with pytest.raises(KeyError):
        ws.load_dataset(key)
