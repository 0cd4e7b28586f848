"""In Chromium, Plotly grows no chart's margin on the main pages (sample data, both languages, 1440 and
1024 px wide): the margins charts.margins.reserve_margins sets already hold the tick labels, colour bars and
legends, so each chart is drawn once, not a second time after automargin (issue 11: ~15-30 ms a chart on
every change).  A chart whose labels outgrow the estimate is still fitted by automargin: this test names it.

Each chart is then drawn 300 px wide for a moment and back at its own width (as when a column is laid out
before its width is known): it must come back to the margins it was given.  Plotly keeps a slanted tick
angle it once chose, so an automatic angle on the edge stayed slanted, its margins grown (CI saw it once:
the overview's box plot at 384 px, ``r: 30 -> 45``); charts.box_by_group now fixes its angle."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_idle

PATHS = ["/", "/?tab=change", "/profile", "/compare", "/compare?section=gaps", "/synergy"]

#: Every chart's element ``w`` wide (``""``: its own width again).
NARROW = """w => document.querySelectorAll('.js-plotly-plot').forEach(gd => {
    const c = gd.closest('[data-testid="stElementContainer"]'); c.style.width = w; c.style.maxWidth = w; })"""

#: Each drawn chart: the margins it was given and the ones Plotly drew with, and its key.
GROWN = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const m = gd._fullLayout.margin, s = gd._fullLayout._size;
    const key = (gd.closest('[class*="st-key-"]')?.className.match(/st-key-(\\S+)/) || [])[1] || '?';
    return [key, ['l', 'r', 't', 'b'].filter(k => s[k] > m[k] + 1).map(k => `${k}: ${m[k]} -> ${s[k]}`)];
  }).filter(([key, grown]) => grown.length)"""


def settled(page, seconds: float = 5) -> list:
    """The charts with a grown margin once none is left, or after ``seconds`` (a chart still being drawn
    again on a busy machine is not a finding; one that stays grown is)."""
    try:
        page.wait_for_function(f"() => ({GROWN})().length === 0", timeout=seconds * 1000)
    except Exception:  # noqa: BLE001 - Playwright's timeout: report what is grown
        pass
    return page.evaluate(GROWN)


@pytest.mark.parametrize("width,lang", [(1440, "zh"), (1440, "en"), (1024, "en")])
def test_plotly_grows_no_margin_on_the_main_pages(browser, server, width, lang):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(30000)
    try:
        for path in PATHS:
            page.goto(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")
            wait_idle(page)
            page.locator(".js-plotly-plot .main-svg").first.wait_for(state="attached")
            page.wait_for_timeout(500)
            n = page.locator(".js-plotly-plot").count()
            assert n, path
            assert settled(page) == [], (path, width, lang)
            page.evaluate(NARROW, "300px")
            page.wait_for_timeout(600)
            page.evaluate(NARROW, "")
            assert settled(page) == [], ("after a narrow moment", path, width, lang)
    finally:
        ctx.close()
