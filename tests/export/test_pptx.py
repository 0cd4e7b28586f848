"""The deck read back with python-pptx (and, when LibreOffice is installed, rendered to images)."""
from __future__ import annotations

import io
import json
import re
import subprocess

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from export.images import png_size

from .conftest import REGIONS_EN, REGIONS_ZH, has

CJK = re.compile(r"[\u4e00-\u9fff]")


def _titles(prs):
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]


def _pictures(slide):
    return [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _text(slide):
    out = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            out.append(sh.text_frame.text)
        if getattr(sh, "has_table", False) and sh.has_table:
            out += [c.text for row in sh.table.rows for c in row.cells]
    return "\n".join(out)


def test_zh_deck_structure(deck_zh, sample):
    prs = Presentation(io.BytesIO(deck_zh))
    n = len(REGIONS_ZH)
    # title + method + map + ranking + two per region (profile, path to target) + comparison + closing
    assert len(prs.slides) == 1 + 1 + 2 + 2 * n + 1 + 1
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    titles = _titles(prs)
    assert titles[0] == "政府数据协同治理评估"
    assert titles[1] == "评估方法"
    assert titles[2] == "总览：地区分布图" and titles[3] == "总览：综合排名"
    assert titles[4:4 + 2 * n] == ["北京：地区画像", "北京：达标路径", "新疆：地区画像", "新疆：达标路径"]
    assert titles[-2] == "地区对比" and titles[-1] == "数据来源、计算设置与数据指纹"
    assert all(CJK.search(x) for x in titles)
    # chart slides carry high-resolution images
    for i in [2, 3, *range(4, 4 + 2 * n, 2), len(titles) - 2]:
        pics = _pictures(prs.slides[i])
        assert pics, titles[i]
        w, h = png_size(pics[0].image.blob)
        assert w >= 1300, (titles[i], w, h)
    assert len(_pictures(prs.slides[4])) == 2          # radar + gaps
    # region slide: editable band, obstacles and measures as text, notes with every measure
    s = prs.slides[4]
    names = {sh.name for sh in s.shapes}
    assert {"band_1", "band_10", "band_marker_1", "key_figures", "region_text"} <= names
    text = _text(s)
    assert "主要障碍因素" in text and "建议措施" in text and "良好协调" in text or "协调" in text
    notes = s.notes_slide.notes_text_frame.text
    assert "论文" in notes
    # paper sections written as on the pages ("§3.2, §4.2"), never "3.2、4.2"
    assert re.search(r"论文 §\d+(\.\d+)*(, §\d+(\.\d+)*)*）", notes) and "、4." not in notes
    # synthetic label on the title slide
    assert "合成数据（演示用）" in _text(prs.slides[0])
    # East Asian font on the runs (PowerPoint / WPS pick a Chinese font)
    xml = prs.slides[4].shapes[0]._element.xml + "".join(sh._element.xml for sh in prs.slides[4].shapes)
    assert 'typeface="Microsoft YaHei"' in xml and "<a:ea " in xml


def test_last_slide_has_spec_and_fingerprint(deck_zh, sample):
    prs = Presentation(io.BytesIO(deck_zh))
    last = prs.slides[len(prs.slides) - 1]
    shapes = {sh.name: sh for sh in last.shapes}
    assert json.loads(shapes["spec_json"].text_frame.text) == sample.spec.to_dict()
    assert shapes["data_fingerprint"].text_frame.text == sample.fingerprint
    assert sample.framework.fingerprint() in _text(last)


def test_en_deck_titles_in_english(deck_en):
    prs = Presentation(io.BytesIO(deck_en))
    assert len(prs.slides) == 1 + 1 + 2 + 2 * len(REGIONS_EN) + 1 + 1
    titles = _titles(prs)
    assert titles[:2] == ["Government Data Collaborative Governance Assessment", "Method"]
    assert titles[4] == "Shanghai: region profile" and titles[5] == "Shanghai: path to target"
    assert titles[-2] == "Comparison of regions"
    assert not any(CJK.search(x) for x in titles)
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert all(notes) and not CJK.search(notes[4])
    assert "Synthetic demo data" in _text(prs.slides[0])


@pytest.mark.skipif(not (has("soffice") and has("pdftoppm")), reason="LibreOffice or poppler not installed")
def test_slides_render_with_chinese(deck_zh, tmp_path):
    """LibreOffice renders every slide; the text layer of the rendered deck still holds the Chinese titles."""
    src = tmp_path / "deck.pptx"
    src.write_bytes(deck_zh)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "deck.pdf"
    from pypdf import PdfReader
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == len(Presentation(io.BytesIO(deck_zh)).slides)
    text = reader.pages[4].extract_text()
    assert "北京" in text and "地区画像" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "5", "-l", "5", str(pdf), str(tmp_path / "s")], check=True)
    from PIL import Image
    im = Image.open(next(tmp_path.glob("s-*.png"))).convert("L")
    assert im.getextrema()[0] < 100        # not blank
