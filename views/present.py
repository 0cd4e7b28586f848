"""Presentation mode 汇报模式: one view per screen, large type, keyboard navigation.

The deck (views, regions, year, slide) lives in the URL, so a presenter opens
the exact deck from a link: ``/present?deck=map,ranking,profile&regions=110000,440000&year=2024&play=1``.
What each slide shows is built by :mod:`viewmodels.present` (the model the PPTX deck's outline comes from
too); this page only draws it.
"""
import functools

import streamlit as st

from ui import pickers
from ui.i18n import md, t, t_in
from ui.path import path_slide
from ui.state import Context, diag
from ui.widgets import chart
from viewmodels import present as vm

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
VIEWS, DEFAULT_DECK, PER_REGION = vm.VIEWS, vm.DEFAULT_DECK, vm.PER_REGION
BIG = dict(font=dict(size=20), title=dict(font=dict(size=30)))


def _q_list(name: str) -> list[str]:
    v = st.query_params.get(name, "")
    return [x for x in v.split(",") if x]


def _set_slide(i: int) -> None:
    st.session_state["pr_slide"] = i
    st.query_params["slide"] = str(i)


def _start() -> None:
    st.query_params["deck"] = ",".join(st.session_state["pr_deck"])
    st.query_params["regions"] = ",".join(st.session_state["pr_regions"])
    st.query_params["play"] = "1"
    _set_slide(0)


def _exit() -> None:
    st.query_params.pop("play", None)


def takeaway_files(regions: list[str]) -> None:
    """PPTX, PDF and Excel for the chosen year and regions, built only when a button is clicked."""
    import export
    from export.images import available

    st.subheader(t("pr_takeaway"))
    st.caption(t("pr_takeaway_help"))
    has_browser = available()
    if not has_browser:
        st.warning(t("pr_no_browser"))
    cols = st.columns(3)
    for col, fmt in zip(cols, ("pptx", "pdf", "xlsx")):
        col.download_button(t(f"pr_{fmt}"), data=lambda f=fmt: export.build_report(a, f, ctx.year, regions, ctx.lang),
                            file_name=export.filename(fmt, ctx.year, ctx.lang), mime=export.MIME[fmt],
                            key=f"pr_dl_{fmt}", disabled=fmt != "xlsx" and not has_browser,
                            icon=":material/download:", width="stretch")


scores = a.all_scores.xs(ctx.year, level="year")
order = scores[a.root].sort_values(ascending=False).index.tolist()
playing = st.query_params.get("play") == "1"

if not playing:
    st.title(t("pr_title"))
    st.write(t("pr_intro"))
    deck_default = [v for v in _q_list("deck") if v in VIEWS] or DEFAULT_DECK
    # the link's regions, else the three best (of the chosen province or city when the picker narrows)
    regions_default = [r for r in _q_list("regions") if r in scores.index] or (lambda options: options[:3])
    st.multiselect(t("pr_views"), VIEWS, default=deck_default, key="pr_deck", placeholder=t("choose"),
                   format_func=lambda v, lg=ctx.lang: t_in(lg, f"pr_view_{v}"))
    # searches by name or code; at county scale province and city narrow the list (ui.pickers)
    pickers.region_picker(ctx, t("pr_regions"), order, "pr_regions", multi=True, url=False,
                          default=regions_default, placeholder=t("choose"), max_selections=10)
    if not st.session_state["pr_deck"]:
        st.info(t("pr_empty"))
    elif not st.session_state["pr_regions"] and set(st.session_state["pr_deck"]) & (PER_REGION | {"compare"}):
        st.info(t("pr_need_regions"))
    else:
        st.button(t("pr_start"), type="primary", on_click=_start, icon=":material/slideshow:")
    takeaway_files(st.session_state["pr_regions"] or order[:3])
    st.stop()

# ---------------------------------------------------------------- presenting
deck = vm.build(a, ctx.year, _q_list("deck"), _q_list("regions"), ctx.lang, note=ctx.source_note(),
                diag=functools.partial(diag, ctx))
n = len(deck.slides)
if "pr_slide" not in st.session_state:
    try:
        st.session_state["pr_slide"] = int(st.query_params.get("slide", 0))
    except ValueError:
        st.session_state["pr_slide"] = 0
i = min(max(st.session_state["pr_slide"], 0), n - 1)

# Hide the sidebar and the page header, enlarge type, and make a slide one screen high: the page is a
# column as tall as the window, and a chart shown with ``fill=True`` takes the room the rest leaves
# (static CSS, no user text).
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {padding: 1rem 2rem; max-width: 100%; height: 100dvh;
  display: flex; flex-direction: column;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {flex: 1 1 0; min-height: 0;}
[data-testid="stMainBlockContainer"] :is([data-testid="stLayoutWrapper"], [data-testid="stHorizontalBlock"],
  [data-testid="stVerticalBlock"], [data-testid="stElementContainer"]):has(.stPlotlyChart) {flex: 1 1 0;
  min-height: 0;}
[data-testid="stMainBlockContainer"] [data-testid="stColumn"]:has(.stPlotlyChart) {display: flex;
  flex-direction: column;}
.stMarkdown p, .stMarkdown li {font-size: 1.6rem; line-height: 1.5;}
[data-testid="stCaptionContainer"] p {font-size: 1rem;}
@media (max-width: 640px) {  /* a phone scrolls through a slide: its chart keeps a readable height */
  [data-testid="stMainBlockContainer"] {height: auto;}
  [data-testid="stMainBlockContainer"] :is([data-testid="stLayoutWrapper"], [data-testid="stHorizontalBlock"],
    [data-testid="stVerticalBlock"], [data-testid="stElementContainer"]):has(.stPlotlyChart) {flex: none;}
  [data-testid="stElementContainer"]:has(.stPlotlyChart) {height: 32rem;}
}
[data-testid="stMetricValue"] {font-size: clamp(2rem, 3.4vw, 3rem);}
</style>""")

nav = st.container(horizontal=True, vertical_alignment="center", key="pr_nav")
nav.button(t("pr_prev"), icon=":material/arrow_back:", shortcut="Left", disabled=i == 0,
           on_click=_set_slide, args=(i - 1,), key="pr_prev")
nav.button(t("pr_next"), icon=":material/arrow_forward:", shortcut="Right", disabled=i >= n - 1,
           on_click=_set_slide, args=(i + 1,), key="pr_next", type="primary")
nav.caption(f"{t('pr_counter', i=i + 1, n=n)} · {t('pr_keys')}")
nav.space("stretch")
nav.button(t("pr_exit"), on_click=_exit, key="pr_exit", icon=":material/close:")

slide = deck.slide(i)


def show(fig, **layout):
    """A slide's chart, as tall as the screen has room for."""
    fig.update_layout(**BIG)
    chart(fig, key=f"pr_chart_{i}", name=f"slide-{i + 1}", downloads=False, fill=True, **layout)


if isinstance(slide, vm.ChartSlide):    # map, ranking, comparison, synergy
    if slide.figure is None:
        st.info(slide.empty)
    else:
        show(slide.figure)
    if slide.caption:
        st.caption(slide.caption)
    if slide.missing:
        st.caption(md(slide.missing))
elif isinstance(slide, vm.ProfileSlide):
    st.header(md(slide.header))
    left, right = st.columns([3, 2])
    with left:
        show(slide.figure, margin_t=40)
    with right:
        for label, value in slide.metrics:
            st.metric(label, value)
        if slide.weakest:
            st.markdown(md(slide.weakest))
    st.caption(md(slide.note))
elif isinstance(slide, vm.MeasuresSlide):
    st.header(md(slide.header))
    if slide.message:
        st.markdown(md(slide.message))
    for item in slide.items:
        st.subheader(md(item.heading))
        st.markdown("\n".join("- " + md(text) + "  \n  " + md(source) for text, source in item.measures))
    st.caption(md(slide.note))
else:
    path_slide(ctx, slide.region, ctx.year, show)
