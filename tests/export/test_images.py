"""Charts as PNG and SVG through one long-lived Chromium (kaleido 1.x)."""
from __future__ import annotations

import threading

import plotly.graph_objects as go
import pytest

from export import images
from export.images import ImageExportError, figure_bytes, png_size
import charts


def _bar(title: str = "协同治理指数"):
    return charts.ranking_bar(["北京", "上海", "新疆"], [78.4, 92.4, 75.0], title, "2024 年", "指数")


def test_png_at_presentation_resolution(kaleido_server):
    png = figure_bytes(_bar(), "png")     # defaults: 1600 x 900 at scale 2
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png_size(png) == (3200, 1800)


def test_svg_keeps_chinese_text_and_the_cjk_font(kaleido_server):
    svg = figure_bytes(_bar(), "svg", 800, 450).decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "北京" in svg and "协同治理指数" in svg
    assert "Noto Sans CJK SC" in svg


def test_browser_started_once_and_reused(kaleido_server):
    starts = images._renderer.starts
    for i in range(3):
        figure_bytes(_bar(f"图 {i}"), "png", 400, 300, 1, cache=False)
    assert images._renderer.starts == starts and images.is_running()


def test_threads_get_their_own_images(kaleido_server):
    figs = [_bar(f"标题 {i}") for i in range(4)]
    expected = [figure_bytes(f, "png", 500, 300, 1, cache=False) for f in figs]
    got = [None] * 4

    def work(i):
        got[i] = figure_bytes(figs[i], "png", 500, 300, 1, cache=False)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in ts:
        th.start()
    for th in ts:
        th.join(120)
    assert got == expected


def test_cache_returns_the_same_bytes(kaleido_server):
    fig = _bar("缓存")
    assert figure_bytes(fig, "png", 300, 200, 1) is figure_bytes(fig, "png", 300, 200, 1)


def test_bad_format():
    with pytest.raises(ImageExportError) as e:
        figure_bytes(go.Figure(), "gif")
    assert "png" in str(e.value) and "不支持" in str(e.value)


def test_missing_browser_is_a_clear_bilingual_error(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    r = images._Renderer()            # a fresh renderer: the session's browser is left alone
    with pytest.raises(ImageExportError) as e:
        r.render(go.Figure().to_plotly_json(), {"format": "png", "width": 100, "height": 100, "scale": 1})
    msg = str(e.value)
    assert "Chromium" in msg and "chromium" in msg and "fonts-noto-cjk" in msg and "scripts/system-deps.sh" in msg
    assert "找不到" in msg


def test_build_report_without_browser_fails_cleanly(sample, monkeypatch):
    from export import ExportError, build_report

    monkeypatch.setattr(images, "_renderer", images._Renderer())
    monkeypatch.setattr(images, "_cache", images.OrderedDict())
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(ExportError) as e:
        build_report(sample, "pptx", regions=["110000"], lang="en")
    assert "chromium" in str(e.value) and "Chromium" in str(e.value)


def test_reused_page_leaves_no_trace(kaleido_server):
    """The page is not reloaded between images: a chart drawn after others is byte-identical to a fresh one."""
    a, b = _bar("第一张"), charts.radar(["组织", "机制", "文化"], {"北京": [80, 60, 70]}, "雷达", "副标题")
    first = figure_bytes(a, "png", 500, 300, 1, cache=False)
    figure_bytes(b, "png", 500, 300, 1, cache=False)
    figure_bytes(b, "svg", 500, 300, 1, cache=False)
    assert figure_bytes(a, "png", 500, 300, 1, cache=False) == first
