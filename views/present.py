"""Presentation mode 汇报模式: one view per screen, large type, keyboard navigation.

The deck (views, regions, year, slide) lives in the URL, so a presenter opens
the exact deck from a link: ``/present?deck=map,ranking,profile&regions=110000,440000&year=2024&play=1``.
"""
import numpy as np
import pandas as pd
import streamlit as st

from metrics.levels import level_name
from metrics import diagnostics
import charts
from ui import pickers
from ui.i18n import md, paper_sections, t, t_in
from ui.path import path_slide
from ui.state import Context, diag
from charts.names import short
from ui.widgets import chart

ctx: Context = st.session_state["ctx"]
a = ctx.assessment
VIEWS = ["map", "ranking", "profile", "compare", "synergy", "measures", "path"]
DEFAULT_DECK = VIEWS[:-1]   # the path-to-target slides solve a plan per region: chosen, not by default
PER_REGION = {"profile", "measures", "path"}
BIG = dict(font=dict(size=20), title=dict(font=dict(size=30)))
RANK_ALL, TOP, BOTTOM = 40, 12, 5   # a ranking slide draws every region up to RANK_ALL, else the top and bottom


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
deck = [v for v in _q_list("deck") if v in VIEWS] or DEFAULT_DECK
regions = [r for r in _q_list("regions") if r in scores.index] or order[:3]


def measure_pages(region: str) -> int:
    """A region's measures take one slide per obstacle (its up to three measures), so each fits a screen."""
    return max(1, len(diag(ctx, diagnostics.recommend, region=region, year=ctx.year).items))


slides: list[tuple[str, str | None, int]] = []  # (view, region, page of the view)
for v in deck:
    if v == "measures":
        slides += [(v, r, k) for r in regions for k in range(measure_pages(r))]
    elif v in PER_REGION:
        slides += [(v, r, 0) for r in regions]
    else:
        slides.append((v, None, 0))
n = len(slides)
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

view, region, part = slides[i]
_reg = ctx.dataset.regions.table if ctx.dataset.regions is not None else pd.DataFrame()
tiles = {"row", "col"} <= set(_reg.columns) and bool(_reg[["row", "col"]].notna().all(axis=1).any())
note = ctx.source_note()
names = {r: ctx.region_name(r) for r in scores.index}
lo, hi = a.display_range()  # the method's score scale: z-scores and ranks are not on 0–100
fmt = ctx.fmt  # numbers as the method's scale needs them
score_axis = t("pr_score_axis") if (lo, hi) == (0.0, 100.0) else t("pr_score_axis_range", lo=fmt.edge(lo),
                                                                     hi=fmt.edge(hi))


def show(fig, **layout):
    """A slide's chart, as tall as the screen has room for."""
    fig.update_layout(**BIG)
    chart(fig, key=f"pr_chart_{i}", name=f"slide-{i + 1}", downloads=False, fill=True, **layout)


def ranked_slice(values: pd.Series) -> list[str]:
    """The regions a ranking slide draws: all of them up to :data:`RANK_ALL`; beyond, the top
    :data:`TOP`, the bottom :data:`BOTTOM` and the deck's regions wherever they rank."""
    ranked = values.dropna().sort_values(ascending=False, kind="stable")
    if len(ranked) <= RANK_ALL:
        return list(ranked.index)
    keep = set(ranked.index[:TOP]) | set(ranked.index[-BOTTOM:]) | (set(regions) & set(ranked.index))
    return [r for r in ranked.index if r in keep]


def ranking_slide(values: pd.Series, title: str, axis: str, label, value_fmt: str) -> None:
    """A ranking slide: every region, or at county scale the top, the bottom and the deck's regions
    (highlighted, each with its rank), so the bars stay readable."""
    shown = ranked_slice(values)
    many = len(shown) < values.notna().sum()
    pos = values.rank(ascending=False, method="min")
    bar_names = [(f"#{int(pos[r])} " if many else "") + short(label(r), 40) for r in shown]
    colors = [charts.OKABE_ITO[5] if many and r in regions else charts.OKABE_ITO[0] for r in shown]
    if many:
        title = t("pr_rank_slice", title=title, top=TOP, bottom=BOTTOM, n=int(values.notna().sum()))
    fig = charts.ranking_bar(bar_names, values[shown].tolist(), title, note, axis, colors=colors, fmt=value_fmt)
    show(fig)
    if many:
        st.caption(t("pr_rank_slice_note"))


if view == "map" and not tiles:   # counties or cities: a boundary map of every region, chosen ones named
    from metrics import geo
    vals = scores[a.root]
    codes = [r for r in vals.index if pd.notna(vals[r])]
    try:
        fig, missing = geo.choropleth(codes, [float(vals[r]) for r in codes], [names[r] for r in codes],
                                      colorbar=score_axis, lang=ctx.lang, hover_format=fmt.spec(),
                                      zmin=lo, zmax=hi)
    except RuntimeError:   # no boundary data installed
        fig, missing = None, codes
    if fig is None:
        st.info(t("pr_no_map"))
    else:
        fig.update_layout(title=dict(text=charts.plain(t("pr_map_title", year=ctx.year))
                                     + f"<br><span style='font-size:14px;color:#4b5563'>{charts.plain(note)}</span>"))
        show(fig)
        if missing:
            st.caption(md(t("pr_map_missing", n=len(missing), names=", ".join(names[r] for r in missing[:8])
                            + (" …" if len(missing) > 8 else ""))))
elif view == "map":
    reg = ctx.dataset.regions.table if ctx.dataset.regions is not None else pd.DataFrame()
    df = pd.DataFrame({"value": scores[a.root]})
    df["label"] = [names[r] for r in df.index]
    df["hover"] = [f"{names[r]}: {fmt(v)}" for r, v in zip(df.index, df["value"])]
    df = df.join(reg[["row", "col"]]) if {"row", "col"} <= set(reg.columns) else df.assign(row=np.nan, col=np.nan)
    fig = charts.tile_grid(df, "value", t("pr_map_title", year=ctx.year), note, score_axis, zmin=lo, zmax=hi,
                           height=760, fmt=fmt.spec(compact=True))
    fig.update_traces(textfont=dict(size=18))
    show(fig)
elif view == "ranking":
    ranking_slide(scores[a.root], t("pr_rank_title", year=ctx.year), score_axis, names.get, fmt.spec())
elif view == "profile":
    dims = a.framework.children[a.root]
    mean = scores.mean()
    ranks = a.ranks().xs(ctx.year, level="year")
    level = a.levels().xs(ctx.year, level="year")
    syn = diag(ctx, diagnostics.synergy, year=ctx.year).xs(ctx.year, level="year")
    st.header(md(t("pr_profile_title", region=names[region])))
    left, right = st.columns([3, 2])
    with left:
        fig = charts.radar([ctx.node_name(d) for d in dims],
                           {names[region]: [scores.at[region, d] for d in dims], t("pr_mean"): [mean[d] for d in dims]},
                           "", None, fmt=fmt.spec(), rrange=(lo, hi), angle=180 / len(dims))  # titled by the header
        show(fig, margin_t=40)
    with right:
        st.metric(t("pr_rank"), f"{int(ranks[region])} / {int(ranks.notna().sum())}")
        st.metric(t("pr_index"), fmt(scores.at[region, a.root]))
        st.metric(t("pr_level"), level_name(level[region], ctx.lang))
        st.metric(t("pr_band"), syn.at[region, "band_zh" if ctx.lang == "zh" else "band_en"])
        g = diag(ctx, diagnostics.gaps, region=region, year=ctx.year, benchmark="mean")
        subs = [c for d in dims for c in a.framework.children[d] if c in a.framework.aggregates]  # any depth
        weak = g[g.index.isin(subs) & (g["gap"] < 0)].sort_values("gap").head(3)
        if len(weak):
            sep = "、" if ctx.lang == "zh" else ", "
            st.markdown(md(t("pr_weakest", items=sep.join(ctx.node_name(c) for c in weak.index))))
    st.caption(md(note))
elif view == "compare":
    dims = a.framework.children[a.root] + [a.root]
    series = {names[r]: [scores.at[r, d] for d in dims] for r in regions}
    show(charts.grouped_bar([ctx.node_name(d) for d in dims], series, t("pr_compare_title", year=ctx.year), note,
                            score_axis, fmt=fmt.spec()))
elif view == "synergy":
    syn = diag(ctx, diagnostics.synergy, year=ctx.year).xs(ctx.year, level="year")
    band = syn["band_zh" if ctx.lang == "zh" else "band_en"]
    ranking_slide(syn["D"], t("pr_synergy_title", year=ctx.year), t("pr_d_axis"),
                  lambda r: f"{short(names[r], 24)} · {band[r]}", ".3f")
elif view == "measures":
    rec = diag(ctx, diagnostics.recommend, region=region, year=ctx.year)
    title = t("pr_measures_title", region=names[region])
    pages = measure_pages(region)
    st.header(md(title if pages == 1 else t("pr_page_of", title=title, k=part + 1, n=pages)))
    if rec.strong and part == 0:
        st.markdown(md(rec.message_zh if ctx.lang == "zh" else rec.message_en))
    for k, item in enumerate(rec.items[part:part + 1], start=part + 1):
        name = item["name_zh"] if ctx.lang == "zh" else item["name_en"]
        st.subheader(md(f"{k}. " + t("pr_trigger_obstacle", name=name, value=item["value"])))
        st.markdown("\n".join("- " + md(m["text_zh"] if ctx.lang == "zh" else m["text_en"]) + "  \n  "
                               + md(t("pr_section", s=paper_sections(m["source"]))) for m in item["measures"][:3]))
    st.caption(md(note))
elif view == "path":
    path_slide(ctx, region, ctx.year, show)
