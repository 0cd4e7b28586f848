"""Shared widgets: URL-synced selectors, charts with the project template, tables with downloads.

URL state.  Streamlit's ``bind="query-params"`` writes a widget's *formatted
label* into the URL, in the language of the moment, so a link made in English
does not open in Chinese and ``?lang=en`` or ``?region=440000`` are rejected.
:func:`url_select` keeps the option *codes* in the URL instead: the value is
read from the URL once per session (invalid values are ignored), and written
back after every run, so a copied link always reopens the same view in any
language.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import pandas as pd
import streamlit as st

from metrics.safe import to_csv_bytes

from .i18n import lang as lang_now
from .i18n import t
from .names import fit_legends


def _code(v: Any) -> str:
    return str(v)


def url_select(widget: Callable, label: str, options: Sequence, key: str, format_func: Callable[[Any], str],
               default: Any = None, multi: bool = False, **kw) -> Any:
    """A selectbox / radio / multiselect / segmented control whose value lives in the URL's ``key`` as codes.

    ``default`` is the value used when the URL has none (first option by default; a list for
    ``multi``).  Returns the chosen option (a list for ``multi``).
    """
    options = list(options)
    by_code = {_code(o): o for o in options}
    if multi:
        default = [o for o in (default or []) if o in options]
    elif default not in options:
        default = options[0] if options else None
    current = st.session_state.get(key)
    if current is None or (multi and not all(v in options for v in current)) or (not multi and current not in options):
        raw = st.query_params.get(key)
        value = default
        if raw is not None:
            if multi:
                picked = [by_code[c] for c in raw.split(",") if c in by_code]
                value = picked or default
            elif raw in by_code:
                value = by_code[raw]
        if current is not None or key in st.session_state:
            del st.session_state[key]
        st.session_state[key] = value
    # after a change of language the browser keeps showing a keyed widget's old labels unless its value
    # is set again before the widget is built
    seen = f"_url_lang_{key}"
    if key in st.session_state and st.session_state.get(seen, lang_now()) != lang_now():
        st.session_state[key] = st.session_state[key]
    st.session_state[seen] = lang_now()
    if multi:
        v = widget(label, options, format_func=format_func, key=key, **kw)
    elif widget is st.segmented_control:
        v = widget(label, options, format_func=format_func, key=key, **kw)
        if v is None:  # a segmented control can be deselected: keep the default
            v = default
    else:
        v = widget(label, options, format_func=format_func, key=key, **kw)
    code = ",".join(_code(x) for x in v) if multi else _code(v)
    default_code = ",".join(_code(x) for x in default) if multi else _code(default)
    if code == default_code:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != code:
        st.query_params[key] = code
    return v


def chart(fig, key: str | None = None, name: str = "chart", downloads: bool = True, fill: bool = False,
          **layout) -> None:
    """Show a Plotly figure with the project's template, and PNG/SVG downloads at presentation size.

    ``theme=None``: Streamlit's chart theme would replace the template's projector-sized fonts.  A
    two-line title (title + source note) is centred ~42 px below the top edge, since plotly.js clips the
    first line of a multi-line title anchored at the very top.  ``fill=True`` makes the chart as tall as
    the container it is in has room for (a presentation slide fitting the screen); its title then sits on
    the plot area, in the top margin.  The downloads are rendered by kaleido (Debian's Chromium, Noto CJK
    fonts) only when clicked.
    """
    fit_legends(fig)  # a 300-character region name would push the plot aside
    h = layout.get("height") or fig.layout.height or 450
    layout.setdefault("margin_t", max(fig.layout.margin.t or 0, 96))
    if fill:
        fig.update_layout(title=dict(yref="paper", y=1, yanchor="bottom", pad_b=16), **layout)
    else:
        fig.update_layout(title_y=1 - 42 / h, title_yanchor="middle", **layout)
    st.plotly_chart(fig, width="stretch", height="stretch" if fill else "content", theme=None, key=key, config={
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "width": 1600, "height": 900, "scale": 2, "filename": name}})
    if downloads:
        image_downloads(fig, name, key or name)


def image_downloads(fig, name: str, key: str) -> None:
    """Two small buttons that render the figure to PNG and SVG on click (1600 x 900, scale 2)."""
    from export import figure_bytes
    from export.images import ImageExportError

    def render(fmt: str):
        def build() -> bytes:
            try:
                return figure_bytes(fig, fmt)
            except ImageExportError as exc:  # no Chromium: say so instead of failing the page
                return str(exc).encode("utf-8")
        return build

    cols = st.columns([1, 1, 8])
    for col, fmt, mime in ((cols[0], "png", "image/png"), (cols[1], "svg", "image/svg+xml")):
        col.download_button(fmt.upper(), data=render(fmt), file_name=f"{name}.{fmt}", mime=mime,
                            key=f"img_{fmt}_{key}", icon=":material/image:", type="tertiary",
                            help=t("download_image_help"))


def table(df: pd.DataFrame, name: str, key: str, full: bool = True, **kw) -> None:
    """A table (shown in full up to ~27 rows) with its CSV download button (formula-safe)."""
    height = min(35 * (len(df) + 1) + 3, 948) if full else "auto"
    st.dataframe(df, hide_index=kw.pop("hide_index", True), width="stretch", height=height, **kw)
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
