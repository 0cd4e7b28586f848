"""Issue 10, officials' items 1, 3, 5 and 6 in a real browser (the AppTest halves are in
``tests/app/test_officials.py``): a copied link reopens the same view in a browser of the other
language; the synergy scatter's names never overlap; a Chinese page shows none of Streamlit's own
English; every chart has a download menu whose label is not cut, and it gives a real PNG.
"""
import re

import pytest

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def _best_region_zh() -> str:
    from metrics import Dataset, assess
    a = assess(Dataset.sample())
    return a.dataset.region_name(a.node_scores(year=a.latest_year).idxmax(), "zh")


BEST_ZH = _best_region_zh()


def new_page(browser, locale: str, width: int = 1440, height: int = 900):
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale=locale, accept_downloads=True)
    page = ctx.new_page()
    page.set_default_timeout(60000)   # the first visit computes the assessment; CI machines can be busy
    return ctx, page


def choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).locator("input")
    box.click()
    box.press_sequentially(option)
    box.press("Enter")
    wait_idle(page)


def params(url: str) -> dict:
    from urllib.parse import parse_qsl, urlsplit
    return dict(parse_qsl(urlsplit(url).query))


def test_a_copied_link_reopens_the_same_view_in_a_browser_of_the_other_language(server, browser):
    zh_ctx, page = new_page(browser, "zh-CN")
    en_ctx, other = new_page(browser, "en-US")
    try:
        page.goto(server + "/")
        wait_idle(page)
        assert params(page.url)["lang"] == "zh"          # the browser's language, written all the same
        # Overview: search, tick 重庆's row -> its profile, with its code in the address
        page.get_by_label("搜索地区").fill("重庆")
        page.keyboard.press("Enter")
        page.get_by_text("显示 1 / 31").first.wait_for()   # the table now holds one row
        wait_idle(page)
        grid = page.get_by_test_id("stDataFrame").last
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 38 + 17)   # the row's selection box (one row shown)
        page.wait_for_url(re.compile(r"/profile\?"))
        page.get_by_role("heading", name="重庆").first.wait_for()
        wait_idle(page)
        assert params(page.url)["region"] == "500000"
        choose(page, "对比基准", "最佳地区")
        page.wait_for_url(re.compile(r"benchmark=best"))
        page.get_by_test_id("stTab").filter(has_text="措施建议").click()   # the open tab goes in the link too
        page.wait_for_url(re.compile(r"tab=measures"))
        wait_idle(page)
        q = params(page.url)
        assert (q["region"], q["benchmark"], q["lang"], q["tab"]) == ("500000", "best", "zh", "measures"), q
        link = page.url

        # the same link in an English browser: the same region, benchmark and language
        other.goto(link)
        other.get_by_role("heading", name="重庆").first.wait_for()
        wait_idle(other)
        index_card = other.get_by_test_id("stMetric").filter(has_text="协同治理指数").inner_text()
        assert "对比" + BEST_ZH in index_card, index_card      # the best region is the benchmark
        assert other.locator('[data-testid="stTab"][aria-selected="true"]').inner_text().strip() == "措施建议"
        assert params(other.url) == params(link)
        shot(other, "officials-link-reopened")

        # a deep link keeps its region after another change and after a visit to another page
        other.goto(server + "/profile?region=500000")
        other.get_by_role("heading", name="Chongqing").first.wait_for()
        wait_idle(other)
        choose(other, "Benchmark", "Best region")
        other.wait_for_url(re.compile(r"benchmark=best"))
        assert (params(other.url)["region"], params(other.url)["lang"]) == ("500000", "en")
        other.get_by_test_id("stSidebarNav").get_by_text("Overview").click()
        wait_idle(other)
        other.get_by_test_id("stSidebarNav").get_by_text("Region profile").click()
        other.get_by_role("heading", name="Chongqing").first.wait_for()
        wait_idle(other)
        q = params(other.url)
        assert (q["region"], q["benchmark"], q["lang"]) == ("500000", "best", "en"), q
    finally:
        zh_ctx.close()
        en_ctx.close()


def test_compare_opens_each_regions_measures_in_its_profile(server, browser):
    ctx, page = new_page(browser, "en-US", 1024, 768)
    try:
        page.goto(server + "/compare?lang=en&regions=110000,650000,500000")
        wait_idle(page)
        page.get_by_test_id("stTab").filter(has_text="Xinjiang").click()   # the measures' tab of one region
        wait_idle(page)
        link = page.get_by_test_id("stPageLink").filter(has_text="Open Xinjiang's measures")
        link.scroll_into_view_if_needed()
        link.locator("a").click()
        page.wait_for_url(re.compile(r"/profile\?"))
        page.get_by_role("heading", name="Xinjiang").first.wait_for()
        wait_idle(page)
        q = params(page.url)
        assert (q["region"], q["tab"], q["lang"]) == ("650000", "measures", "en"), q
        assert page.locator('[data-testid="stTab"][aria-selected="true"]').inner_text().strip() \
            == "Recommended measures"
        assert page.locator("h4").first.inner_text().startswith("1. ")   # the first measure's sub-dimension
    finally:
        ctx.close()


def _overlaps(boxes) -> list:
    return [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]


@pytest.mark.parametrize("width,height", [(1024, 768), (1440, 900)])
def test_the_synergy_scatter_names_never_overlap(server, browser, width, height):
    ctx, page = new_page(browser, "zh-CN", width, height)
    try:
        page.goto(server + "/synergy?lang=zh")
        wait_idle(page)
        # the chart under its title (ui.widgets.chart writes titles above the chart, in one container)
        chart = page.get_by_text("各地区是否均衡").first.locator(
            "xpath=ancestor::div[@data-testid='stVerticalBlock'][1]").locator(".stPlotlyChart")
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        boxes = chart.evaluate("""el => [...el.querySelectorAll('.scatterlayer .textpoint text')]
            .filter(t => t.textContent.trim())
            .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; })""")
        assert len(boxes) >= 8, boxes        # the telling points keep their names
        assert not _overlaps(boxes), _overlaps(boxes)
        ARTIFACTS.mkdir(exist_ok=True)
        chart.screenshot(path=str(ARTIFACTS / f"synergy-scatter-{width}.png"))
    finally:
        ctx.close()


def test_a_chinese_page_shows_none_of_streamlits_english(server, page):
    page.goto(server + "/data?lang=zh")
    wait_idle(page)
    page.get_by_text("选择文件").first.wait_for()
    text = page.locator("body").inner_text()
    for english in ("Upload", "per file", "Print", "Record screen", "Made with Streamlit"):
        assert english not in text, english
    assert page.get_by_test_id("stMainMenu").count() == 0

    # typing in a text box: no "Press Enter to apply"
    page.goto(server + "/?lang=zh")
    wait_idle(page)
    page.get_by_label("搜索地区").fill("重")
    page.wait_for_timeout(300)
    assert "Press Enter" not in page.locator("body").inner_text()

    # the running script's "Stop" button (shown after half a second of a run): hidden by the page's rules
    hidden = page.evaluate("""() => { const w = document.createElement('div');
        w.setAttribute('data-testid', 'stStatusWidget'); w.innerHTML = '<button>Stop</button>';
        document.body.appendChild(w); const d = getComputedStyle(w.querySelector('button')).display;
        w.remove(); return d; }""")
    assert hidden == "none"


def test_every_chart_has_a_download_menu_that_is_not_cut_and_gives_a_png(server, page):
    for path, at_least in (("/?lang=zh", 2), ("/?tab=change&lang=zh", 3), ("/compare?section=gaps&lang=zh", 1),
                           ("/profile?lang=zh", 2), ("/synergy?lang=zh", 5)):
        page.goto(server + path)
        wait_idle(page)
        page.locator(".stPlotlyChart").nth(at_least - 1).wait_for(state="attached")   # the profile: its open tab's
        charts = page.locator(".stPlotlyChart").count()
        menus = page.get_by_test_id("stPopover").filter(has_text="下载图片")
        assert charts >= at_least and menus.count() == charts, (path, charts, menus.count())
        cut = menus.evaluate_all("""els => els.filter(e => [...e.querySelectorAll('[data-testid="stMarkdownContainer"]')]
            .some(x => x.scrollWidth > x.clientWidth)).map(e => e.innerText)""")   # a label ending in '…'
        assert not cut, (path, cut)
        assert all("下载图片" in t for t in menus.all_text_contents()), menus.all_text_contents()
    # half-width charts of the Synergy page: open one menu and download its PNG
    menu = page.get_by_role("button", name="下载图片").nth(2)
    menu.scroll_into_view_if_needed()
    menu.click()
    with page.expect_download(timeout=120000) as download:
        page.get_by_role("button", name="PNG 图片").click()
    data = open(download.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:200]
    shot(page, "officials-download-menu")
