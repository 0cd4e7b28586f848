"""The "Path to target" section of the region profile and the presentation's path slide, in both languages."""
from __future__ import annotations

import functools
import re

import pytest

from metrics import Dataset, assess
from metrics.target import TargetSolver
from tests.app.conftest import figures, run_app

CJK = re.compile(r"[\u4e00-\u9fff]")
REGION = "620000"   # 甘肃 / Gansu: level 4 in 2024, so level:next has a plan


@functools.lru_cache(maxsize=None)
def plans():
    a = assess(Dataset.sample())
    s = TargetSolver(a)
    return {k: s.solve(REGION, a.latest_year, "level:5", k) for k in ("cheapest", "balanced", "actionable")}


def section_tables(at):
    return [d.value for d in at.dataframe if len(d.value.columns) == 7]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_path_is_computed_only_on_its_button(lang):
    at = run_app("views/profile.py", lang=lang, query={"region": REGION}, timeout=120)
    button = at.button(key="tp_compute")
    assert button.label == ("计算达标路径" if lang == "zh" else "Compute the path")
    assert at.selectbox(key=f"tp_target_{REGION}").value == "level:5"      # the next level comes first
    limits = "局限" if lang == "zh" else "Limits"
    assert not [i for i in at.info if limits in i.value]                  # nothing solved yet
    n_figs = len(figures(at))
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    p = plans()["cheapest"]
    # the four figures before -> after
    idx = [m for m in at.metric if m.label == ("指数" if lang == "zh" else "Index")][-1]
    assert idx.value == f"{p.before.index:.1f}" and idx.delta == f"{p.after.index - p.before.index:+.1f}"
    lv = [m for m in at.metric if m.label == ("成熟度" if lang == "zh" else "Maturity level")][-1]   # the section's
    assert str(p.after.level) in lv.delta
    # the changes, in the plan's order, with raw values and units
    (changes,) = [t for t in section_tables(at) if t.columns[0] == ("指标" if lang == "zh" else "Indicator")]
    assert list(changes.iloc[:, 0]) == [c.name_zh if lang == "zh" else c.name_en for c in p.changes]
    assert list(changes.iloc[:, 4]) == pytest.approx([round(c.points, 1) for c in p.changes])
    assert list(changes.iloc[:, 5]) == [r["raw"] for r in p.rows(lang)]
    # three plans compared, the re-assessed index of each
    comp = next(d.value for d in at.dataframe if len(d.value) == 3 and len(d.value.columns) == 7
                and d.value.columns[0] == ("方案" if lang == "zh" else "Plan"))
    assert list(comp.iloc[:, -1]) == pytest.approx([round(plans()[k].reassessed.index, 2)
                                                    for k in ("cheapest", "balanced", "actionable")])
    # before/after chart
    figs = figures(at)
    assert len(figs) == n_figs + 1
    bars = figs[-1]["data"]
    assert [b["name"] for b in bars] == (["现在", "达标后"] if lang == "zh" else ["Now", "After the plan"])
    # the limits, in the page's language
    (lim,) = [i.value for i in at.info if limits in i.value]
    assert ("假设推演" in lim) if lang == "zh" else ("not a forecast" in lim and not CJK.search(lim))
    if lang == "en":
        assert not CJK.search(" ".join(changes.columns)) and not CJK.search(" ".join(changes.iloc[:, 0]))


def test_another_plan_and_target_without_recomputing_everything():
    at = run_app("views/profile.py", lang="en", query={"region": REGION}, timeout=120)
    at.button(key="tp_compute").click().run()
    at.radio(key="tp_plan").set_value("actionable").run()
    p = plans()["actionable"]
    (changes,) = [t for t in section_tables(at) if t.columns[0] == "Indicator"]
    assert list(changes.iloc[:, 0]) == [c.name_en for c in p.changes]
    # a new target waits for the button again
    at.selectbox(key=f"tp_target_{REGION}").set_value("band:excellent").run()
    assert not [t for t in section_tables(at) if t.columns[0] == "Indicator"]
    assert any("Compute the path" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_path_slide(lang):
    at = run_app("views/present.py", lang=lang, query={"deck": "path", "regions": f"{REGION},110000", "play": "1"},
                 timeout=120)
    assert not at.exception
    head = at.header[0].value.replace("\\", "")
    assert head == ("甘肃：达标路径" if lang == "zh" else "Gansu: path to target")
    p = TargetSolver(assess(Dataset.sample())).solve(REGION, 2024, "level:next")
    text = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert p.summary(lang) in text
    assert figures(at) and [b["name"] for b in figures(at)[-1]["data"]] == (
        ["现在", "达标后"] if lang == "zh" else ["Now", "After the plan"])
    at.button(key="pr_next").click().run()
    assert at.header[0].value.replace("\\", "") == ("北京：达标路径" if lang == "zh" else "Beijing: path to target")


def test_the_default_deck_has_no_path_slides_but_offers_them():
    at = run_app("views/present.py", lang="zh")
    assert "path" not in at.multiselect(key="pr_deck").value
    assert "path" in at.multiselect(key="pr_deck").options or "达标路径" in at.multiselect(key="pr_deck").options


def test_the_actionable_indicators_are_listed_when_opened_and_kept_when_closed():
    """The list of actionable indicators is drawn only while its expander is open (a collapsed list was
    redrawn on every change of region); a choice made there still drives the "actionable" plan once closed."""
    a = assess(Dataset.sample())
    default = sorted(TargetSolver(a).actionable_set())
    at = run_app("views/profile.py", lang="en", query={"region": REGION}, timeout=120)
    assert not [m for m in at.multiselect if m.key == "tp_actionable"]          # collapsed: not drawn
    at.session_state["tp_actionable_open"] = True
    at.run()
    box = at.multiselect(key="tp_actionable")
    assert sorted(box.value) == default
    chosen = default[:3]
    box.set_value(chosen).run()
    at.session_state["tp_actionable_open"] = False
    at.run()
    assert not [m for m in at.multiselect if m.key == "tp_actionable"]
    at.radio(key="tp_plan").set_value("actionable").run()
    at.button(key="tp_compute").click().run()
    assert not at.exception, [e.value for e in at.exception]
    expected = TargetSolver(a).solve(REGION, a.latest_year, "level:5", "actionable", actionable=chosen)
    (changes,) = [t for t in section_tables(at) if t.columns[0] == "Indicator"]
    assert list(changes.iloc[:, 0]) == [c.name_en for c in expected.changes]
    assert {c.code for c in expected.changes} <= set(chosen)
    at.session_state["tp_actionable_open"] = True                                # reopened: the same choice
    at.run()
    assert sorted(at.multiselect(key="tp_actionable").value) == sorted(chosen)
