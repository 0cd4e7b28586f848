"""The PDF report read back with pypdf and pdftotext, and rendered with pdftoppm."""
from __future__ import annotations

import io
import os
import re
import subprocess

import pytest
from pypdf import PdfReader

from .conftest import has


def _reader(data):
    return PdfReader(io.BytesIO(data))


def _pages_text(data: bytes) -> list[str]:
    """Text of each page.  poppler's pdftotext reads the CID-keyed CJK font that fpdf2 embeds; pypdf 7 mis-decodes
    its embedded encoding CMap (a NUL before each character), so it is only the fallback, with NULs removed."""
    if has("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
        return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")
    return [p.extract_text().replace("\x00", "") for p in _reader(data).pages]


def test_text_with_chinese_toc_and_page_numbers(pdf_zh, sample):
    r = _reader(pdf_zh)
    n = len(r.pages)
    # cover, contents, method, map, ranking chart, ranking table, 2 regions (>= 1 page each), comparison,
    # annex (2), provenance
    assert n >= 12
    pages = _pages_text(pdf_zh)
    assert len(pages) == n
    assert "政府数据协同治理评估报告" in pages[0] and "合成数据（演示用）" in pages[0]
    assert "目录" in pages[1]
    for title in ("评估方法", "完整排名表", "北京：地区画像", "新疆：地区画像", "方法附录", "数据来源与可追溯信息"):
        assert title in pages[1], title
    for i, text in enumerate(pages, start=1):
        assert f"第 {i} 页 / 共 {n} 页" in text, i
    alltext = "\n".join(pages)
    assert "协同治理指数" in alltext and "北京" in alltext and "新疆" in alltext
    assert sample.fingerprint in alltext.replace("\n", "")
    # every region of the year is in the full ranking table
    from metrics.data import default_regions
    names = default_regions().table["name_zh"]
    assert all(nm in alltext for nm in names)


def test_outline_and_fonts(pdf_zh):
    r = _reader(pdf_zh)
    top = [o.title for o in r.outline if not isinstance(o, list)]
    assert "评估方法" in top and "重点地区" in top and "方法附录" in top
    fonts = set()
    for p in r.pages[:3]:
        res = p["/Resources"].get("/Font", {})
        fonts |= {str(f.get_object()["/BaseFont"]) for f in res.values()}
    assert any("NotoSansCJK" in f for f in fonts), fonts


@pytest.mark.skipif(not has("pdftotext"), reason="poppler-utils not installed")
def test_pdftotext_reads_chinese(pdf_zh, tmp_path):
    f = tmp_path / "r.pdf"
    f.write_bytes(pdf_zh)
    out = subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, check=True).stdout.decode()
    assert "协同治理指数" in out and "北京" in out and "目录" in out
    assert re.search(r"第 3 页 / 共 \d+ 页", out)


@pytest.mark.skipif(not has("pdftoppm"), reason="poppler-utils not installed")
def test_pages_render(pdf_zh, tmp_path):
    f = tmp_path / "r.pdf"
    f.write_bytes(pdf_zh)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "8", str(f), str(tmp_path / "p")], check=True)
    from PIL import Image
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 8
    for p in pngs:
        assert Image.open(p).convert("L").getextrema()[0] < 120, p.name


def test_english_report_has_no_missing_glyphs(sample, kaleido_server, caplog):
    import logging

    from export import build_report
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = build_report(sample, "pdf", regions=[], lang="en")
    assert not [m for m in caplog.messages if "missing" in m]
    text = "\n".join(_pages_text(data))
    assert "Contents" in text and "Full ranking table" in text and "Page 1 of" in text


def test_cached_font_subset_and_rare_characters(sample_dataset, kaleido_server):
    """The cached subset serves the usual report; a name outside it makes the report fall back to the full font."""
    from dataclasses import replace

    from metrics import assess
    from metrics.data import Regions
    from export import build_report, pdf as P

    paths = P.cached_fonts(start=False)       # made in the background by the first report on a fresh machine
    if paths:
        assert all(os.path.getsize(p) < 5_000_000 for p in paths.values())
    table = sample_dataset.regions.table.copy()
    table.loc["110000", "name_zh"] = "镕喆堃珺"            # not in GB 2312
    ds = replace(sample_dataset, regions=Regions(table), label="rare")
    data = build_report(assess(ds), "pdf", regions=[], lang="zh")
    assert "镕喆堃珺" in "\n".join(_pages_text(data))
