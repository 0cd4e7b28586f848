"""Presentation mode in a real browser: a deck from a link, moved with the keyboard."""
import pytest

from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def _counter(page) -> str:
    return page.get_by_text("页 · 键盘").first.inner_text()


def test_three_views_with_the_arrow_keys(server, page):
    page.goto(server + "/present?lang=zh&deck=map,ranking,compare&regions=310000,440000&play=1")
    wait_idle(page)
    page.get_by_text("第 1 / 3 页").first.wait_for()
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    shot(page, "present-1-map-zh")
    page.mouse.click(5, 600)  # focus the page (not a widget) so the shortcut keys reach Streamlit
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    page.get_by_text("第 2 / 3 页").first.wait_for()
    page.get_by_text("协同治理指数排名").first.wait_for()
    shot(page, "present-2-ranking-zh")
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    page.get_by_text("第 3 / 3 页").first.wait_for()
    page.get_by_text("重点地区对比").first.wait_for()
    shot(page, "present-3-compare-zh")
    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    page.get_by_text("第 2 / 3 页").first.wait_for()
    assert "slide=1" in page.url
