"""Shared widgets: URL-synced selectors, charts with the project template, tables with downloads.

URL state.  Streamlit's ``bind="query-params"`` writes a widget's *formatted
label* into the URL, in the language of the moment, so a link made in English
does not open in Chinese and ``?lang=en`` or ``?region=440000`` are rejected.
:func:`url_select` keeps the option *codes* in the URL instead, written after
every run (defaults included), so the address bar always names the view and a
copied link reopens it in any browser language.  The URL wins whenever it names
something this session did not write there (a shared link, a page link, a
switch to another page with parameters); otherwise the widget's own state does,
and a choice survives a visit to another page (whose address has no parameter
for it).
"""
from __future__ import annotations

import html
import re
from typing import Any, Callable, Sequence

import pandas as pd
import streamlit as st

from metrics.safe import to_csv_bytes

from .i18n import lang as lang_now
from .i18n import md, t
from charts.margins import reserve_margins
from charts.names import fit_legends


def _code(v: Any) -> str:
    return str(v)


def _encode(value: Any, multi: bool) -> str:
    return ",".join(_code(x) for x in value) if multi else _code(value)


def _decode(raw: str | None, by_code: dict, multi: bool):
    """The option(s) a URL value names, or ``None`` if it names none (an invalid value is ignored)."""
    if raw is None:
        return None
    if multi:
        picked = [by_code[c] for c in raw.split(",") if c in by_code]
        return picked or None
    return by_code.get(raw)


def url_select(widget: Callable, label: str, options: Sequence, key: str, format_func: Callable[[Any], str],
               default: Any = None, multi: bool = False, **kw) -> Any:
    """A selectbox / radio / multiselect / segmented control whose value lives in the URL's ``key`` as codes.

    The one URL-bound select of the app.  ``default`` is the value used when neither the URL nor this
    session has one (first option by default; a list for ``multi``).  Returns the chosen option (a list
    for ``multi``).  Where the value comes from, first match wins:

    1. the URL, if its ``key`` holds something this session did not write (a link from elsewhere;
       an invalid value is ignored);
    2. the widget's state (the user's last choice; set it before the widget runs to choose from code);
    3. the last value this session wrote to the URL (the widget was on another page meanwhile);
    4. ``default``.
    """
    options = list(options)
    by_code = {_code(o): o for o in options}
    if multi:
        default = [o for o in (default or []) if o in options]
    elif default not in options:
        default = options[0] if options else None

    def valid(v) -> bool:
        return v is not None and (all(x in options for x in v) if multi else v in options)

    from_url = _decode(from_link(key), by_code, multi)
    if from_url is not None:
        st.session_state[key] = from_url
    elif not valid(st.session_state.get(key)):
        remembered = _decode(st.session_state.get(_written(key)), by_code, multi)
        st.session_state.pop(key, None)
        st.session_state[key] = remembered if remembered is not None else default
    # after a change of language the browser keeps showing a keyed widget's old labels unless its value
    # is set again before the widget is built
    seen = f"_url_lang_{key}"
    if st.session_state.get(seen, lang_now()) != lang_now():
        st.session_state[key] = st.session_state[key]
    st.session_state[seen] = lang_now()
    v = widget(label, options, format_func=format_func, key=key, **kw)
    if not valid(v):  # a segmented control can be deselected: keep the default
        v = default
    write_url(key, _encode(v, multi))
    return v


def _written(state: str) -> str:
    """The session key holding what this session last wrote to the URL for the widget ``state``."""
    return f"_url_{state}"


def from_link(key: str, state: str | None = None) -> str | None:
    """The URL's ``key`` if this session did not write it there (a link from elsewhere), else ``None``;
    ``state``: the widget's session key, where it differs from the URL word."""
    raw = st.query_params.get(key)
    return None if raw is None or raw == st.session_state.get(_written(state or key)) else raw


def write_url(key: str, code: str, state: str | None = None) -> None:
    """Put ``code`` in the URL's ``key`` and remember this session wrote it, under the widget's key
    ``state`` (default ``key``), so that :func:`from_link` does not take it for a link."""
    st.session_state[_written(state or key)] = code
    if st.query_params.get(key) != code:
        st.query_params[key] = code


def url_tabs(labels: dict[str, str], key: str, state: str | None = None) -> dict[str, Any]:
    """Lazy tabs whose open tab lives in the URL's ``key`` as a code: ``{code: tab}``, in order.

    ``labels`` maps each tab's code to its label in the language of the moment.  Only the open tab's body
    should run (``if tabs[code].open:``); switching tabs reruns the page.  As with :func:`url_select`, a
    URL value this session did not write opens that tab (a shared link); otherwise the user's last tab
    stays open, across a change of language too (the widget's state holds a label, the URL the code).
    ``state``: the widget's key in the session (default ``key``), so that two pages using the same URL
    word (``?tab=``) each remember their own last tab.
    """
    codes = list(labels)
    by_label = {label: code for code, label in labels.items()}
    state = state or key
    raw = from_link(key, state)
    if raw in labels:
        st.session_state[state] = labels[raw]
    elif st.session_state.get(state) not in by_label:   # first run, or the labels' language changed
        st.session_state[state] = labels.get(st.session_state.get(_written(state)), labels[codes[0]])
    tabs = st.tabs(list(labels.values()), key=state, on_change="rerun")
    write_url(key, by_label.get(st.session_state.get(state), codes[0]), state)
    return dict(zip(codes, tabs))


def link_params(**extra: str) -> dict[str, str]:
    """The URL parameters every page shares (language, dataset, method, its spec, year) plus ``extra``:
    for a link or a switch to another page, which must not carry this page's own choices along."""
    shared = {k: v for k, v in st.query_params.to_dict().items() if k in SHARED_PARAMS}
    return {**shared, **extra}


#: The Region profile's script: the page other pages link a region to (with :func:`link_params`).
PROFILE = "views/profile.py"

#: URL parameters of the sidebar, kept on every page (see :func:`ui.state.sidebar`).
SHARED_PARAMS = ("lang", "dataset", "method", "spec", "year")


def chart(fig, key: str | None = None, name: str = "chart", downloads: bool = True, fill: bool = False,
          lines: list[str] | None = None, share: float = 1.0, **layout) -> None:
    """Show a Plotly figure with the project's template, and PNG/SVG downloads at presentation size.

    ``theme=None``: Streamlit's chart theme would replace the template's projector-sized fonts.

    The figure keeps its title for the downloads: a two-line title (title + source note) is centred
    ~42 px below the top edge, since plotly.js clips the first line of a multi-line title anchored at
    the very top; ``lines`` (plain text) puts the source note and these extra lines under the title as
    Plotly's own subtitle, one line each, hung 12 px from the top edge.  On the screen the title and its
    lines are written above the chart instead, in bold and as a caption (:func:`_screen_copy`): they
    wrap at any width, where Plotly would run them off a narrow column or a phone.

    ``fill=True`` makes the chart as tall as the container it is in has room for (a presentation slide
    fitting the screen).  The downloads are rendered by kaleido (Debian's Chromium, Noto CJK fonts) only
    when clicked.

    The figure is turned into a dict once (``to_dict``) and changed as a dict: the downloads' figure is
    built from it only when an image is downloaded, the screen copy shares its data and is handed to
    Streamlit as it is (:class:`_Ready`); ``fig`` itself gets only ``layout`` and the legend fitting.
    Plotly's own ``update_layout`` and ``go.Figure(fig)`` validate every property again, the project
    template's included: ~40 ms a chart, most of a widget change's server time (issue 11).  That dict and the
    screen copy are kept on the figure (:func:`_prepared`), so a figure the page keeps between reruns
    (:func:`ui.state.memo`) is prepared once; it must not be changed after it is shown.

    The screen copy's margins are set to the room its tick labels, colour bar and legend take
    (:func:`charts.margins.reserve_margins`; ``share``: the part of the page's width the chart is in, 0.5 in
    one of two columns): where Plotly's automargin had to grow one, it drew the chart twice in the browser.
    """
    spec, shown, head, notes = _prepared(fig, lines, share, layout)
    box = st.container(gap="xxsmall")
    if head:
        box.markdown(f"**{md(head)}**")
    if notes:
        box.caption("  \n".join(md(x) for x in notes))
    box.plotly_chart(_Ready(shown), width="stretch", height="stretch" if fill else "content", theme=None, key=key,
                     config={"displaylogo": False, "toImageButtonOptions": {
                         "format": "png", "width": 1600, "height": 900, "scale": 2, "filename": name}})
    if downloads:
        image_downloads(_Lazy(spec), name, key or name)


def _prepared(fig, lines: list[str] | None, share: float, layout: dict):
    """``(spec, screen copy, title, notes)`` of :func:`chart`'s figure, kept on the figure: a figure a page
    keeps between reruns and sessions (:func:`ui.state.memo`) is prepared once, not on every rerun (its
    ``update_layout``, ``to_dict`` and margins took ~5 ms a chart).  Neither is changed afterwards."""
    sig = (None if lines is None else tuple(lines), share, repr(sorted(layout.items())))
    done = getattr(fig, "_dgs_screen", None)
    if done is not None and done[0] == sig:
        return done[1]
    fit_legends(fig)  # a 300-character region name would push the plot aside
    if layout:
        fig.update_layout(**layout)
    h = fig.layout.height or 450
    top = fig.layout.margin.t
    spec = fig.to_dict()
    lay = spec.setdefault("layout", {})
    title = lay["title"] = dict(lay.get("title") or {})
    if lines is not None:
        _subtitle_lines(title, lines)
        title.update(yref="container", y=1, yanchor="top", pad={**(title.get("pad") or {}), "t": 12})
        floor = 130
    else:
        title.update(y=1 - 42 / h, yanchor="middle")
        floor = 96
    if "margin_t" not in layout:
        top = max(top or 0, floor)
    lay["margin"] = {**(lay.get("margin") or {}), "t": top}
    shown, head, notes = _screen_copy(spec)
    # margins that already hold the tick labels, colour bar and legend: Plotly's automargin then draws once
    ready = spec, {**shown, "layout": reserve_margins(shown, share)}, head, notes
    fig._dgs_screen = (sig, ready)
    return ready


def _figure_class():
    import plotly.graph_objects as go
    return go.Figure


class _Ready(_figure_class()):
    """A figure handed to ``st.plotly_chart`` as its finished dict: Streamlit turns a figure into a dict with
    ``to_dict()`` (a deep copy) before writing its JSON; this one returns the dict it was given.

    ``go.Figure.__init__`` is not called: it would build the default template's objects (~10 ms) for a
    figure whose only use is ``to_dict``."""

    def __init__(self, spec: dict):  # noqa: D107 - no super().__init__ (see above)
        self._spec = spec

    def to_dict(self):
        return self._spec

    def __repr__(self) -> str:
        return f"_Ready({len(self._spec.get('data') or [])} traces)"


class _Lazy:
    """The figure of a chart's downloads, built from its dict (``go.Figure``, validated) only when used."""

    def __init__(self, spec: dict):
        self._spec, self._made = spec, None

    def figure(self):
        if self._made is None:
            self._made = _figure_class()(self._spec)
        return self._made

    def __getattr__(self, item):
        return getattr(self.figure(), item)


def _screen_copy(spec: dict):
    """``(spec of the chart without its title, title, subtitle lines)`` from a figure's dict, the texts plain
    (Plotly's tags removed, entities read back); the top margin the title took is given back to the plot,
    and the title as it was is kept in the copy's ``layout.meta`` (not drawn; tests read it).  The copy
    shares ``spec``'s data (neither is changed afterwards)."""
    lay = spec.get("layout") or {}
    head = lay.get("title") or {}
    text, sub = head.get("text") or "", (head.get("subtitle") or {}).get("text") or ""
    raw = text + ("<br>" + sub if sub else "")
    parts = [html.unescape(re.sub(r"<[^>]*>", "", p)).strip() for p in re.split(r"<br\s*/?>", raw)]
    parts = [p for p in parts if p]
    if not parts:
        return spec, "", []
    top = (lay.get("margin") or {}).get("t")
    top = 80 if top is None else top
    shown = {**lay, "title": {**head, "text": "", "subtitle": {**(head.get("subtitle") or {}), "text": ""}},
             "margin": {**(lay.get("margin") or {}), "t": max(24, top - 36 - 20 * len(parts))},
             "meta": {"title": {"text": text, "subtitle": {"text": sub}}}}
    return {**spec, "layout": shown}, parts[0], parts[1:]


def _subtitle_lines(title: dict, lines: list[str]) -> None:
    """Move the grey ``<br><span>`` subtitle that :mod:`charts` writes into the title (a figure dict's
    ``layout.title``) to Plotly's ``title.subtitle`` (Plotly draws a multi-line title's first line above
    the top edge), followed by ``lines``; text stays escaped."""
    from charts import SUBTITLE, plain

    m = SUBTITLE.match(title.get("text") or "")
    if m:
        sub = "<br>".join([m.group(2)] + [plain(x) for x in lines if x])
        old = title.get("subtitle") or {}
        title["text"] = m.group(1)
        title["subtitle"] = {**old, "text": sub, "font": {**(old.get("font") or {}), "size": 14, "color": "#4b5563"}}


def image_downloads(fig, name: str, key: str) -> None:
    """One compact "Download image" menu under a chart, with PNG and SVG at presentation size (1600 x 900,
    scale 2), each rendered only when clicked; its label is never squeezed (its own width, not a
    column's)."""
    from export import figure_bytes
    from export.images import ImageExportError

    def render(fmt: str):
        def build() -> bytes:
            try:
                return figure_bytes(fig, fmt)
            except ImageExportError as exc:  # no Chromium: say so instead of failing the page
                return str(exc).encode("utf-8")
        return build

    with st.popover(t("download_image"), icon=":material/image:", type="tertiary", key=f"img_{key}",
                    help=t("download_image_help")):
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(t(f"download_{fmt}"), data=render(fmt), file_name=f"{name}.{fmt}", mime=mime,
                               key=f"img_{fmt}_{key}", icon=":material/download:", on_click="ignore",
                               width="stretch")


def table(df: pd.DataFrame, name: str, key: str, full: bool = True, **kw) -> None:
    """A table (shown in full up to ~27 rows) with its CSV download button (formula-safe).

    Every number column without a format of its own shows its values with as many decimals as they were
    rounded to, so a column never mixes "71" and "78.5".
    """
    from charts.numbers import column_formats

    height = min(35 * (len(df) + 1) + 3, 948) if full else "auto"
    config = dict(kw.pop("column_config", None) or {})
    for c, f in column_formats(df).items():
        own = config.get(c, {})
        if c not in config:
            config[c] = st.column_config.NumberColumn(format=f)
        elif isinstance(own, dict) and own.get("type_config", {}).get("type") == "number" \
                and not own["type_config"].get("format"):   # a width of its own, no format
            config[c] = {**own, "type_config": {**own["type_config"], "format": f}}
    st.dataframe(df, hide_index=kw.pop("hide_index", True), width="stretch", height=height, column_config=config,
                 **kw)
    st.download_button(t("download_csv"), data=lambda: to_csv_bytes(df), file_name=f"{name}.csv", mime="text/csv",
                       key=f"dl_{key}", icon=":material/download:")


def downloads(df: pd.DataFrame, stem: str, sheet: str, key: str) -> None:
    """CSV and Excel download buttons for a table, side by side (both formula-safe, built on click)."""
    from metrics.safe import to_xlsx_bytes

    row = st.container(horizontal=True)
    row.download_button(t("download_csv"), data=lambda: to_csv_bytes(df), file_name=f"{stem}.csv", mime="text/csv",
                        icon=":material/download:", key=f"{key}_csv", on_click="ignore")
    row.download_button(t("download_xlsx"), data=lambda: to_xlsx_bytes({sheet: df}), file_name=f"{stem}.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        icon=":material/download:", key=f"{key}_xlsx", on_click="ignore")
