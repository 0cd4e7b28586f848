"""The dashboard opens in a real browser and shows the ranking."""
import pytest

from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def test_overview_opens_and_shows_regions(server, page):
    page.goto(server + "/?lang=zh")
    wait_idle(page)
    assert page.get_by_text("协同治理评估").first.is_visible()
    page.get_by_text("上海").first.wait_for()
    shot(page, "overview-zh")
