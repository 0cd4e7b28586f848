"""The Region profile page in a real browser: a deep link, the measures, a benchmark switch, both languages."""
import pytest

from metrics import Dataset, assess
from metrics.diagnostics import recommend
from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def full_height(page):
    """Grow the viewport to the page's content, so a screenshot shows the whole page (Streamlit scrolls
    inside its main container, which ``full_page=True`` does not see)."""
    h = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1600, "height": min(int(h) + 40, 12000)})
    page.wait_for_timeout(500)


def test_profile_deep_link_measures_benchmark_and_languages(server, page):
    a = assess(Dataset.sample())
    first = recommend(a, "440000").items[0]
    best = a.node_scores(year=a.latest_year).idxmax()
    page.set_default_timeout(60000)   # the first visit computes the assessment; CI machines can be busy
    # Open the entry page first: on a fresh server whose first session starts on /profile, Streamlit
    # runs pages/profile.py alone (its legacy pages/ folder mode) until dashboard.py has run once.
    page.goto(server + "/?lang=zh")
    wait_idle(page)
    page.goto(server + "/profile?region=440000&lang=zh")
    wait_idle(page)
    page.get_by_role("heading", name="广东").first.wait_for()   # waits until visible
    # the headline card (the same words also stand in hidden hover texts and the collapsed help)
    card = page.get_by_test_id("stMetric").filter(has_text="协同治理指数").first
    card.wait_for()                                              # waits until visible
    assert card.is_visible()

    page.get_by_role("tab", name="措施建议").click()   # only the open tab runs: the click reruns the page
    wait_idle(page)
    measure = page.get_by_text(first["measures"][0]["text_zh"]).first
    measure.wait_for()
    assert measure.is_visible()
    assert page.get_by_role("heading", name=f"1. {first['name_zh']}").is_visible()

    # benchmark: mean of all regions -> best region
    index_card = page.get_by_test_id("stMetric").filter(has_text="协同治理指数")
    assert "对比均值" in index_card.inner_text()
    box = page.get_by_test_id("stSelectbox").filter(has_text="对比基准").locator("input")
    box.click()
    box.press_sequentially("最佳地区")
    box.press("Enter")
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMetric\"]').innerText.includes('"
                           + "对比" + a.dataset.region_name(best, "zh") + "')", timeout=60000)
    wait_idle(page)
    assert "对比" + a.dataset.region_name(best, "zh") in index_card.inner_text()
    page.get_by_role("tab", name="差距").click()   # the gap bars and the scores table
    wait_idle(page)
    page.get_by_role("heading", name="得分明细").wait_for()
    full_height(page)
    shot(page, "profile-zh")

    # English: the same region and benchmark, every label translated
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Guangdong").first.wait_for()
    wait_idle(page)
    assert "vs " + a.dataset.region_name(best, "en") in \
        page.get_by_test_id("stMetric").filter(has_text="Synergy index").inner_text()
    page.get_by_role("tab", name="Recommended measures").click()
    wait_idle(page)
    page.get_by_text(first["measures"][0]["text_en"]).first.wait_for()
    full_height(page)
    shot(page, "profile-en")


def test_the_whole_profile_downloads_from_any_tab(server, page):
    """Only the open tab runs, yet "download all" gives every tab's tables: the workbook is built on the
    server when the button is pressed (outside the page's run), here from the Trend tab."""
    import io

    import openpyxl

    from ui.i18n import t_in
    page.set_default_timeout(60000)
    page.goto(server + "/?lang=en")
    wait_idle(page)
    page.goto(server + "/profile?region=110000&lang=en")
    wait_idle(page)
    page.get_by_role("tab", name=t_in("en", "pf_tab_trend")).click()
    wait_idle(page)
    with page.expect_download(timeout=120000) as download:
        page.get_by_role("button", name=t_in("en", "pf_download_all")).click()
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    keys = ("pf_tab_scores", "pf_tab_measures", "pf_obst_sub_table", "pf_obst_ind_table", "pf_tab_synergy",
            "pf_tab_trend", "pf_tab_views")
    assert book.sheetnames == [t_in("en", k)[:31] for k in keys]   # Excel's 31-character sheet names
    scores = book[book.sheetnames[0]]
    assert scores.max_row > 10 and [c.value for c in scores[1]][:2] == ["Level", "Code"]
    measures = book[book.sheetnames[1]]
    assert measures.max_row > 1   # Beijing has measures (tests/app/test_profile.py)
