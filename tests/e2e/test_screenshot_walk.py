"""Every page in both languages at three screen sizes, in Chromium: nothing is cut off (issue 10 item 2).

One server, one browser tab.  Each page (and each slide of a presentation deck) is opened once per
language at 1440×900 and then resized to 1024×768 and to a 390×844 phone; at each size the page is
checked in the browser and a screenshot lands in ``test-artifacts/walk-<page>-<lang>-<size>.png``
(the whole page; a slide as the screen shows it).  The test fails, listing every finding, on

* **clipped text**: an element with text whose content is wider than its box while the box hides the
  overflow or ends it with "…" (Streamlit does that to metric labels, values and deltas, and to button
  labels, in a narrow column), unless the element's tooltip holds the whole text.  Tables (drawn on a
  canvas), drop-downs, code, formulas, tab bars and closed expanders, which scroll or open to show
  everything, are not checked for this;
* **chart text outside its chart**: a title, axis label or radar label drawn beyond the chart's edge;
* **bar labels on axis labels or on each other**: a value written at a bar's end that overlaps a
  category name or another bar's value;
* **a formula cut at its column's edge** (it scrolls) at 1440×900 and 1024×768;
* **a page wider than the screen** (sideways scrolling), and **a slide taller than the screen** at
  1440×900 and 1024×768 (a presenter has no scroll bar).

The walk takes about two minutes on two cores.
"""
from __future__ import annotations

import pytest

from metrics import Dataset, assess
from metrics.diagnostics import recommend
from tests.conftest import ARTIFACTS
from tests.e2e.conftest import wait_idle
from ui.i18n import t_in

pytestmark = pytest.mark.e2e

SIZES = [(1440, 900), (1024, 768), (390, 844)]
#: Inner Mongolia, the longest English name among the provinces: its profile, and a deck with every kind of slide
REGION = "150000"
PAGES = [("overview", "/"), ("profile", f"/profile?region={REGION}"), ("compare", "/compare"),
         ("synergy", "/synergy"), ("methods", "/methods"), ("data", "/data"), ("present", "/present")]
DECK = f"/present?deck=map,ranking,profile,compare,synergy,measures&regions={REGION}&play=1"

FINDINGS = r"""
() => {
  const out = [];
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && el.checkVisibility({visibilityProperty: true}) ? r : null;
  };
  const text = (el) => (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 80);
  const seen = new Set();
  const add = (kind, el, extra) => {
    const key = kind + text(el);
    if (!seen.has(key)) { seen.add(key); out.push(Object.assign({kind, text: text(el)}, extra || {})); }
  };
  const outside = (r, p) => r.left < p.left - 1 || r.right > p.right + 1
                            || r.top < p.top - 1 || r.bottom > p.bottom + 1;
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
                            && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const skip = '[data-testid="stDataFrame"], .js-plotly-plot, [data-baseweb="select"], [data-testid="stCode"], '
             + '.katex, [role="tablist"], details:not([open]), [data-testid="stSidebar"][aria-expanded="false"]';
  for (const el of document.querySelectorAll('[data-testid="stAppViewContainer"] *')) {
    if (!el.firstChild || el.closest(skip)) continue;
    const cs = getComputedStyle(el);
    const hides = cs.textOverflow === 'ellipsis' || cs.overflowX === 'hidden' || cs.overflowX === 'clip';
    const hover = el.closest('[title]');  // shortened, with the whole text on hover (a multiselect's options)
    if (!hides || el.scrollWidth <= el.clientWidth + 1 || !text(el) || !box(el)) continue;
    if (!(hover && hover.title.trim() === text(el)))
      add('clipped', el, {where: el.closest('[data-testid]')?.dataset.testid,
                          need: el.scrollWidth, has: el.clientWidth});
  }
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const p = box(plot);
    if (!p) continue;
    for (const tx of plot.querySelectorAll('.main-svg text')) {
      const r = box(tx);
      if (r && text(tx) && outside(r, p)) add('chart text outside the chart', tx);
    }
    const ticks = [...plot.querySelectorAll('.xtick text, .ytick text')].map(box).filter(Boolean);
    const done = [];
    for (const bt of plot.querySelectorAll('.bartext')) {
      const r = box(bt);
      if (!r) continue;
      if (ticks.some(q => overlap(r, q))) add('bar label on an axis label', bt);
      if (done.some(q => overlap(r, q))) add('bar labels on each other', bt);
      done.push(r);
    }
  }
  if (innerWidth > 640)  // a phone scrolls a wide formula sideways; a wider screen has room for it
    for (const f of document.querySelectorAll('.katex-display'))
      if (box(f) && f.scrollWidth > f.clientWidth + 3) add('formula cut at its column', f);  // KaTeX overhangs 2 px
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.scrollWidth > main.clientWidth + 1)
    out.push({kind: 'page wider than the screen', text: main.scrollWidth + ' px'});
  return out;
}
"""

#: Plotly has redrawn every visible chart at its container's new width (after a resize).
CHARTS_SETTLED = """
() => [...document.querySelectorAll('.js-plotly-plot')].every(p =>
  !p.getBoundingClientRect().width || (p._fullLayout && Math.abs(p._fullLayout.width - p.clientWidth) <= 2
                                       && Math.abs(p._fullLayout.height - p.clientHeight) <= 2))
"""
SLIDE_BOTTOM = """
() => Math.max(...[...document.querySelectorAll('[data-testid="stMainBlockContainer"] .stElementContainer')]
  .map(e => e.getBoundingClientRect().bottom))
"""


def resize(page, width: int, height: int) -> None:
    """Set the window's size and wait until the page and its charts have followed."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(300)  # Streamlit's sidebar folds away below 768 px with an animation
    page.wait_for_function(CHARTS_SETTLED, timeout=30000)


def look(page, name: str, lang: str, slide: bool) -> list[str]:
    """Check the page at each size and take its screenshots; the findings as readable lines."""
    found = []
    for width, height in SIZES:
        resize(page, width, height)
        where = f"{name} {lang} {width}×{height}"
        found += [f"{where}: {f['kind']}: {f['text']!r}" + (f" ({f['need']} px in {f['has']})" if "need" in f else "")
                  for f in page.evaluate(FINDINGS)]
        path = str(ARTIFACTS / f"walk-{name}-{lang}-{width}x{height}.png")
        if slide:
            bottom = page.evaluate(SLIDE_BOTTOM)
            if width > 640 and bottom > height + 1:
                found.append(f"{where}: slide taller than the screen ({bottom:.0f} px)")
            page.screenshot(path=path)
        else:  # the whole page: Streamlit scrolls inside its main container, which full_page does not see
            tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            page.set_viewport_size({"width": width, "height": min(int(tall), 12000)})  # same width: no redraw
            page.wait_for_timeout(100)
            page.screenshot(path=path)
    return found


def test_every_page_and_slide_fits_at_three_sizes_in_both_languages(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60000)
    slides = 5 + len(recommend(assess(Dataset.sample()), REGION).items)
    found: list[str] = []
    try:
        # a fresh server's first session runs a page alone once (legacy pages/ mode): start at the entry page
        page.goto(server + "/?lang=zh")
        wait_idle(page)
        for lang in ("zh", "en"):
            for name, path in PAGES:
                resize(page, *SIZES[0])
                page.goto(server + path + ("&" if "?" in path else "?") + f"lang={lang}")
                wait_idle(page)
                page.locator('[data-testid="stHeading"]').first.wait_for()
                found += look(page, name, lang, slide=False)
            resize(page, *SIZES[0])
            page.goto(server + DECK + f"&lang={lang}")
            wait_idle(page)
            for k in range(1, slides + 1):  # the measures take a slide per obstacle
                page.get_by_text(t_in(lang, "pr_counter", i=k, n=slides)).first.wait_for()
                wait_idle(page)
                found += look(page, f"slide{k}", lang, slide=True)
                if k < slides:
                    resize(page, *SIZES[0])
                    page.locator(".st-key-pr_next button").click()
    finally:
        context.close()
    assert not found, f"{len(found)} findings (screenshots in test-artifacts/walk-*.png):\n" + "\n".join(found)
