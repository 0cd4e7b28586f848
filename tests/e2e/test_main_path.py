"""The main path of an official at a meeting, in a real browser:

overview in Chinese -> English -> a region's profile opened from the ranking -> compare three regions.
Screenshots land in ``test-artifacts/main-*.png``.
"""
import pytest

from metrics import Dataset, assess
from tests.conftest import ROOT
from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def settle(page):
    """Wait for the rerun an action starts (the app can still report "notRunning" for a moment)."""
    page.wait_for_timeout(500)
    wait_idle(page)


def sidebar_radio(page, label: str):
    page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text=label).click()
    settle(page)


def nav(page, label: str):
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=label).first.click()
    settle(page)


def test_overview_language_profile_and_compare(server, page):
    a = assess(Dataset.sample())
    ranking = a.results(lang="en", year=a.latest_year)
    top = ranking["name"].iloc[0]

    # A fresh server runs its first session's first script run in Streamlit's legacy pages/ folder mode;
    # the next run then counts as a page change and drops widget input (the first click is lost).  Let
    # that happen in a throwaway session, then start the real one.
    page.goto(server + "/?lang=zh")
    wait_idle(page)

    # 1. the overview, in Chinese
    page.goto(server + "/?lang=zh")
    wait_idle(page)
    assert page.locator("h1").first.inner_text().strip() == "协同治理评估"
    page.locator('[data-testid="stMetric"]').filter(has_text="地区数").first.wait_for()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    shot(page, "main-1-overview-zh")

    # 2. English from the sidebar
    sidebar_radio(page, "English")
    assert page.locator("h1").first.inner_text().strip() == "Data Governance Synergy"
    page.get_by_text("Synergy index ranking of regions, 2024").wait_for()
    assert page.locator('[data-testid="stMetric"]').filter(has_text="Highest").first.inner_text().count(top) == 1
    shot(page, "main-2-overview-en")

    # 3. tick the first row of the ranking: the region's profile opens
    if (ROOT / "pages" / "profile.py").exists():
        page.locator('[data-testid="stTextInput"]').first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.mouse.wheel(0, -150)  # keep the table's header clear of the app's sticky header
        page.wait_for_timeout(400)
        box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
        row_h = 35  # st.dataframe's default row height, the header row included
        page.mouse.click(box["x"] + 18, box["y"] + row_h + row_h / 2)
        page.wait_for_function("location.pathname.endsWith('/profile')", timeout=30000)
        settle(page)
        chosen = page.locator('[data-testid="stSelectbox"]').filter(has_text="Region").first
        shown = chosen.locator("input").first
        assert top in (shown.input_value() if shown.count() else chosen.inner_text())
        assert page.locator("h1").first.inner_text().strip().startswith("Region profile")
        page.get_by_role("heading", name=top).first.wait_for()
        shot(page, "main-3-profile-en")

    # 4. compare three regions chosen by name
    nav(page, "Compare")
    assert page.locator("h1").first.inner_text().strip() == "Compare regions"
    box = page.locator('[data-testid="stMultiSelect"]').first
    box.get_by_role("button", name="Clear all").click()
    settle(page)
    page.get_by_text("Choose at least two regions to compare.").wait_for()
    chosen = ["Beijing", "Xinjiang", "Guangdong"]
    for name in chosen:
        field = box.locator('input[role="combobox"]')
        field.click()
        field.fill(name)
        page.locator('[role="option"]').filter(has_text=name).first.click()
        settle(page)
    page.keyboard.press("Escape")
    settle(page)
    tags = [t.strip() for t in box.locator("[data-tag] > span[title]").all_inner_texts()]
    assert tags == chosen
    sections, measures = page.locator('[data-testid="stTabs"]').nth(0), page.locator('[data-testid="stTabs"]').nth(1)
    tabs = [t.strip() for t in measures.locator('[role="tab"]').all_inner_texts()]
    assert tabs == chosen   # the measures: a tab per region
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".xtick").first.wait_for()
    ticks = chart.locator(".xtick text").all_text_contents()
    assert ticks == chosen  # the grouped bar: one group per region, in the chosen order
    page.get_by_text("Measures that apply").wait_for()
    shot(page, "main-4-compare-en")
    # the gaps section (a lazy tab): the heat map, a row per region; the URL names the section
    sections.get_by_role("tab", name="Gaps to a benchmark").click()
    settle(page)
    heat = page.locator('[data-testid="stPlotlyChart"]').first
    heat.locator(".ytick").first.wait_for()
    rows = heat.locator(".ytick text")
    tops = [rows.nth(i).bounding_box()["y"] for i in range(rows.count())]
    assert [name for _, name in sorted(zip(tops, rows.all_text_contents()))] == chosen   # top to bottom
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1   # the scores chart is not drawn
    assert "section=gaps" in page.url
