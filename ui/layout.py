"""Page-wide layout rules: nothing is cut off with "…" at common screen sizes.

Streamlit ends a metric's label, value and delta, a button's label and a page link's, with an ellipsis
when its column is too narrow (at 1024×768 with the sidebar open, five headline cards read "上…", "重…",
"0 …").  :data:`CSS`, injected once per run by ``dashboard.py``:

* lets those texts wrap (at word boundaries; a word longer than the card breaks) instead;
* lets a row of columns holding metric cards wrap onto more lines when a card would be narrower than
  ``CARD_MIN``, a row holding charts or displayed formulas when their column would be narrower than
  ``CHART_MIN`` or ``FORMULA_MIN`` (Streamlit's own rule stacks every column below 640 px only);
* shrinks the text of map tiles and heat-map cells with the chart's width (a CSS container query), so
  a tile's name stays in its tile;
* on a phone, draws a chart ``CHART_PHONE`` wide all the same and lets it scroll sideways (a radar's
  labels or a bar chart's names would leave no room for the plot in 330 px); its title and notes,
  above it (see :func:`ui.widgets.chart`), wrap to the screen;
* draws headline figures a little smaller and the page margins narrower on mid-size screens.

It holds no user text.  ``tests/e2e/test_screenshot_walk.py`` walks every page at 1440×900, 1024×768
and 390×844 in both languages and fails on any clipped text.
"""
from __future__ import annotations

import streamlit as st

from charts.margins import CHART_MIN_PX

CARD_MIN = "10rem"
CHART_MIN = f"{CHART_MIN_PX / 16:g}rem"   # charts.margins fixes box plots' name angles for this width
CHART_PHONE = "30rem"
FORMULA_MIN = "30rem"

CSS = f"""<style>
[data-testid="stMetric"] .stMarkdownEllipsis, [data-testid="stMetric"] .stMarkdownEllipsis p,
[data-testid^="stBaseButton"] .stMarkdownEllipsis, [data-testid^="stBaseButton"] .stMarkdownEllipsis p,
[data-testid="stPageLink-NavLink"] > span:last-child, [data-testid="stPageLink-NavLink"] p {{
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: break-word;
}}
[data-testid="stMetricValue"] {{ line-height: 1.2; }}
[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {{ flex-wrap: wrap; row-gap: 1rem; }}
[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {{
  min-width: min({CARD_MIN}, 100%);
}}
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is(.stPlotlyChart, .katex-display)) {{
  flex-wrap: wrap;
}}
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has(.stPlotlyChart) {{
  min-width: min({CHART_MIN}, 100%);
}}
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has(.katex-display) {{
  min-width: min({FORMULA_MIN}, 100%);
}}
.stPlotlyChart {{ container-type: inline-size; }}
@container (max-width: 700px) {{
  .heatmap-label text {{ font-size: clamp(8px, 1.8cqw, 13px) !important; }}
}}
@media (max-width: 640px) {{
  [data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > .stPlotlyChart) {{ overflow-x: auto; }}
  [data-testid="stFullScreenFrame"]:has(> .stPlotlyChart) {{ min-width: {CHART_PHONE}; }}
}}
@media (max-width: 1280px) {{
  [data-testid="stMainBlockContainer"] {{ padding-left: 2rem; padding-right: 2rem; }}
  [data-testid="stMetricValue"] {{ font-size: 1.875rem; }}
}}
</style>"""


#: Streamlit's own English words that no parameter changes, for a page in one language: the file
#: uploader's "200MB per file • CSV, XLSX" (the Data page says it in the page's language above the
#: uploaders), the text boxes' "Press Enter to apply" (their placeholders say it), the running script's
#: "Stop" button (its running icon stays); the uploader's "Upload" button gets the page language's word
#: (``{upload}``).  The menu's "Print" / "Record screen" are gone with ``client.toolbarMode = "minimal"``
#: (``.streamlit/config.toml``).
STREAMLIT_WORDS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"], [data-testid="InputInstructions"],
[data-testid="stStatusWidget"] button {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: "{upload}"; }}
</style>"""


def inject() -> None:
    """Add the page-wide layout rules and the active language's words for Streamlit's own labels (style
    elements, no visible space)."""
    from .i18n import t

    st.html(CSS + STREAMLIT_WORDS.format(upload=t("upload_button")))
