"""Path to target in the take-away files: the deck's slide and the PDF's section read back, in both languages."""
from __future__ import annotations

import io
import re

from pptx import Presentation

from export.content import build_content
from metrics.target import TargetSolver

from .test_pdf import _pages_text
from .test_pptx import CJK, _text


def _plan(sample, region):
    return TargetSolver(sample).solve(region, sample.latest_year, "level:next")


def _shapes(slide):
    return {sh.name: sh for sh in slide.shapes}


def test_content_carries_the_plan_of_each_region(sample):
    c = build_content(sample, regions=["110000", "650000"], lang="en")
    for r in c.regions:
        p = _plan(sample, r.code)
        assert r.path["summary"] == p.summary("en") and r.path["limits"] == p.limits("en")
        assert [x["name"] for x in r.path["rows"]] == [x.name_en for x in p.changes]
        assert r.path["scores"][0][1:] == (p.before.index, p.after.index)
        assert r.path["reached"] == p.reached and "not a forecast" in r.path["limits"]
    assert build_content(sample, regions=["110000"], lang="zh", target=None).regions[0].path is None
    # a target already met: no rows, the note says so
    best = c.ranking.iloc[0]["code"]
    done = build_content(sample, regions=[best], lang="zh", target="benchmark:mean").regions[0].path
    assert done["already"] and done["rows"] == [] and "无需改变" in done["note"]
    # a target out of reach: reported, with how close it gets
    far = build_content(sample, regions=["650000"], lang="en", target="score:101").regions[0].path
    assert not far["reached"] and "short of 101.0" in far["note"]   # 100 is the top of the scale


def test_zh_path_slide_reads_back(deck_zh, sample):
    prs = Presentation(io.BytesIO(deck_zh))
    s = prs.slides[5]
    assert s.shapes.title.text == "北京：达标路径"
    sh = _shapes(s)
    assert {"path_target", "path_summary", "path_table", "path_scores", "path_text", "path_limits"} <= set(sh)
    p = _plan(sample, "110000")
    assert "成熟度第" in sh["path_target"].text_frame.text and "最省力方案" in sh["path_target"].text_frame.text
    assert sh["path_summary"].text_frame.text == p.summary("zh")
    rows = [[c.text for c in row.cells] for row in sh["path_table"].table.rows]
    assert rows[0] == ["需要提高的指标", "提高（分）", "原始值：现在 → 达标后"]
    assert [r[0] for r in rows[1:]] == [c.name_zh for c in p.changes][:8]
    assert [float(r[1]) for r in rows[1:]] == [round(c.points, 1) for c in p.changes][:8]
    scores = [[c.text for c in row.cells] for row in sh["path_scores"].table.rows]
    assert scores[1] == ["协同治理指数", f"{p.before.index:.1f}", f"{p.after.index:.1f}"]
    assert p.limits("zh") in sh["path_limits"].text_frame.text
    notes = s.notes_slide.notes_text_frame.text
    assert all(c.name_zh in notes for c in p.changes) and "线性规划" in notes
    assert re.search("重新评估", _text(s))


def test_en_path_slide_is_english(deck_en, sample):
    prs = Presentation(io.BytesIO(deck_en))
    s = prs.slides[5]
    assert s.shapes.title.text == "Shanghai: path to target"
    text = _text(s) + s.notes_slide.notes_text_frame.text
    assert not CJK.search(text), CJK.findall(text)[:10]
    p = _plan(sample, "310000")
    assert p.summary("en") in text and "not a forecast" in text
    if p.changes:
        assert p.changes[0].name_en in text


def test_pdf_has_the_path_section(pdf_zh, sample):
    pages = _pages_text(pdf_zh)
    assert "北京：达标路径" in pages[1] and "新疆：达标路径" in pages[1]       # table of contents
    body = "\n".join(pages[2:])
    for region in ("110000", "650000"):
        p = _plan(sample, region)
        flat = body.replace("\n", "")
        assert p.summary("zh").replace(" ", "") in flat.replace(" ", "")
        for ch in p.changes[:3]:
            assert ch.name_zh[:12] in flat
    assert "局限" in body and "需要提高的指标" in body and "假设推演" in body
