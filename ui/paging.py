"""A long table shown a page at a time, with a search box (issue 11: tables of 2,844 county-level regions).

:func:`paged_table` draws at most one page of rows (the browser never lays out thousands of rows), sized
to the rows it shows, with a search over a text the caller gives per row (for regions: the code and the
Chinese and English names, so either language finds a region) and a page number.  A short table
(``show_all_up_to`` rows or fewer, for example the 31 provinces of the sample) is drawn whole as before,
without controls.  Downloads stay with the caller: they should hold every row, not the page.

Typical use on a page::

    shown = paged_table(table, "syn_rank", search=region_search_text(ds, table["code"]),
                        column_config=cfg, height_all=660).rows

Widget state lives under ``{key}_q`` (the search text) and ``{key}_page`` (the page number); a new search
goes back to page 1.  Texts are in :mod:`texts.paging`.

The Overview's ranking uses the same function with a :class:`Pager` of its own (issue 12: one paged table,
options rather than a copy): the search box even on a short table, a province filter, a choice of page
size, the page controls under the table, a caption of its own and a click on a row that opens the region.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from .i18n import t
from .state import memo

ROW_PX = 35      # height of one row of st.dataframe
HEADER_PX = 38   # the header row and borders
ALL = "all"      # the option of a :class:`RowFilter` that keeps every row


def rows_height(n: int, header_px: int = HEADER_PX) -> int:
    """Pixel height of ``st.dataframe`` that shows ``n`` rows without an inner scroll bar."""
    return ROW_PX * max(int(n), 1) + header_px


def region_search_text(dataset, codes) -> pd.Series:
    """Per region code: ``"code zh-name en-name"`` in lower case, the text :func:`paged_table` searches.

    ``dataset`` is a :class:`metrics.Dataset`; the result has the index of ``codes`` when it is a Series.
    """
    idx = codes.index if isinstance(codes, pd.Series) else None
    vals = [f"{c} {dataset.region_name(c, 'zh')} {dataset.region_name(c, 'en')}".casefold() for c in codes]
    return pd.Series(vals, index=idx, dtype=object)


def dataset_search(ctx) -> pd.Series:
    """:func:`region_search_text` of every region of the active dataset (indexed by code), built once per
    dataset and shared by the pages' region tables."""
    codes = list(ctx.assessment.all_scores.index.get_level_values("region").unique())
    return memo("paging", (ctx.dataset_key, ctx.assessment.fingerprint, "region_search"),
                lambda: region_search_text(ctx.dataset, pd.Series(codes, index=codes)))


@dataclass(frozen=True)
class RowFilter:
    """A select beside the search that keeps the rows whose ``values`` equal the chosen option.

    ``options``: option code -> label (already escaped for Markdown); :data:`ALL` (labelled ``all_label``)
    comes first and keeps every row.  ``values``: one code per row of the table (same index).
    """
    key: str
    label: str
    options: Mapping[str, str]
    values: pd.Series
    all_label: str
    width: int = 220


@dataclass(frozen=True)
class PageInfo:
    """What a caption says about the rows drawn: rows ``a``–``b`` of ``n`` found among ``total``."""
    a: int
    b: int
    n: int
    total: int
    page: int
    pages: int
    paged: bool


def default_caption(p: PageInfo) -> str:
    """``Rows 1–25 of 300.`` (and ``(found among 2,844)`` after a search); nothing on a short table."""
    if not p.paged:
        return ""
    return t("pg_rows", a=p.a, b=p.b, n=p.n) + ("" if p.n == p.total else " " + t("pg_of", total=p.total))


@dataclass(frozen=True)
class Pager:
    """How :func:`paged_table` draws its controls.  The defaults are the compact form (search and page number
    above the table, no control on a short table); the Overview's ranking sets the rest.

    Widget keys are templates filled with ``key`` (the table's), ``q`` (the search as typed, case-folded),
    ``filters`` (the chosen filter options joined by ``_``), ``page`` and ``size``: a key that names the
    search makes a new search start on page 1 with a widget of its own.  ``texts`` override the keys of
    :mod:`texts.paging` used: ``search``, ``search_hint``, ``page``, ``none``, ``size``, ``size_n``.
    """
    search_key: str = "{key}_q"
    page_key: str = "{key}_page"
    size_key: str = "{key}_size"
    table_key: str | None = None
    #: page sizes to choose from (a segmented control); empty: ``page_size`` rows a page, no choice
    sizes: tuple[int, ...] = ()
    #: every typed word must occur (``True``), or the whole text as typed, trimmed (``False``)
    words: bool = True
    #: the search box and filters even when the table is short enough to be drawn whole
    always_search: bool = False
    #: the page number (and size) under the table instead of beside the search box
    controls_below: bool = False
    #: a click on a row reruns the page and :attr:`Paged.picked` holds that row
    selectable: bool = False
    header_px: int = HEADER_PX
    search_kw: Mapping[str, Any] = field(default_factory=lambda: {"icon": ":material/search:"})
    texts: Mapping[str, str] = field(default_factory=dict)
    caption: Callable[[PageInfo], str] = default_caption

    def text(self, name: str, **fmt) -> str:
        return t(self.texts.get(name) or _TEXTS[name], **fmt)


_TEXTS = {"search": "pg_search", "search_hint": "pg_search_hint", "page": "pg_page", "none": "pg_none",
          "size": "ov_page_size", "size_n": "ov_page_size_n"}


@dataclass(frozen=True)
class Paged:
    """What :func:`paged_table` drew: ``rows`` (the page), ``view`` (every row the search and filters keep,
    for downloads), ``picked`` (the row clicked, or ``None``) and ``narrowed`` (a search or filter is set)."""
    rows: pd.DataFrame
    view: pd.DataFrame
    picked: pd.Series | None = None
    narrowed: bool = False


def paged_table(df: pd.DataFrame, key: str, *, search: pd.Series | None = None, page_size: int = 25,
                show_all_up_to: int = 50, height_all: int | None = None, pager: Pager | None = None,
                filters: Sequence[RowFilter] = (), **dataframe_kw: Any) -> Paged:
    """Draw ``df`` a page at a time with a search box; return what was drawn (:class:`Paged`).

    ``search``: one text per row of ``df`` (same index), matched case-insensitively as a substring of
    each word typed (every word must occur; ``pager.words=False``: the whole text); without it there is
    no search box.  ``filters`` narrow the rows further.  Tables of at most ``show_all_up_to`` rows are
    drawn whole, ``height_all`` pixels high (default: every row), and no control is shown (unless
    ``pager.always_search``).  Other keyword arguments go to ``st.dataframe`` (``column_config``, ...).
    """
    p = pager or Pager()
    n = len(df)
    paged = n > show_all_up_to
    if not paged and not p.always_search:
        st.dataframe(df, height=height_all or rows_height(n, p.header_px), **dataframe_kw)
        return Paged(df, df)
    ss = st.session_state
    if p.controls_below:
        c_search, c_page = st.container(horizontal=True, vertical_alignment="bottom", gap="small"), None
    else:
        c_search, c_page = st.columns([5, 2], vertical_alignment="bottom")
    query, choice, view = _narrow(df, key, search, filters, p, c_search)
    fill = dict(key=key, q=query, filters="_".join(choice))
    m = len(view)
    size, page, pages, pkey = (m or 1), 1, 1, None   # a short table: one page of every row found
    if paged:
        size = (ss.get(p.size_key.format(**fill)) or p.sizes[0]) if p.sizes else page_size
        pkey = p.page_key.format(**fill, size=size)
        lastkey = f"_{key}_q_last"
        if ss.get(lastkey) != (query, choice):   # a new search or filter starts on its first page
            ss[lastkey] = (query, choice)
            ss[pkey] = 1
        pages = max(1, math.ceil(m / size))
        if not isinstance(ss.get(pkey), int) or not 1 <= ss[pkey] <= pages:
            ss[pkey] = 1
        page = ss[pkey]
    if paged and not p.controls_below:
        page = c_page.number_input(p.text("page", pages=pages), min_value=1, max_value=pages, step=1, key=pkey)
    narrowed = bool(query) or any(c != ALL for c in choice)
    if m == 0:
        st.info(p.text("none"))
        return Paged(view, view, None, narrowed)
    lo = (int(page) - 1) * size if paged else 0
    rows = view.iloc[lo:lo + size] if paged else view
    event = _draw(rows, p, {**fill, "page": page, "size": size}, dataframe_kw)
    if paged and p.controls_below:
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.number_input(p.text("page", pages=pages), min_value=1, max_value=pages, step=1, key=pkey, width=150)
            if p.sizes:
                st.segmented_control(p.text("size"), p.sizes, key=p.size_key.format(**fill), default=p.sizes[0],
                                     format_func=lambda k: p.text("size_n", n=k))
    caption = p.caption(PageInfo(lo + 1, lo + len(rows), m, n, int(page), pages, paged))
    if caption:
        st.caption(caption)
    picked = event.selection.rows if p.selectable and event is not None else []
    return Paged(rows, view, rows.iloc[picked[0]] if picked else None, narrowed)


def _narrow(df: pd.DataFrame, key: str, search: pd.Series | None, filters: Sequence[RowFilter], p: Pager,
            where) -> tuple[str, tuple[str, ...], pd.DataFrame]:
    """The search box and the filters (in ``where``), and the rows they keep: ``(query, choices, rows)``."""
    query, keep = "", pd.Series(True, index=df.index)
    with where:
        if search is not None:
            query = str(st.text_input(p.text("search"), key=p.search_key.format(key=key),
                                      placeholder=p.text("search_hint"), **p.search_kw) or "")
        choice = []
        for f in filters:
            v = st.selectbox(f.label, [ALL, *f.options], key=f.key, width=f.width,
                             format_func=lambda o, f=f: f.all_label if o == ALL else f.options.get(o, o))
            choice.append(str(v))
            if v != ALL:
                keep &= (f.values.reindex(df.index) == v).to_numpy()
    words = query.casefold().split() if p.words else [query.strip().casefold()]
    words = [w for w in words if w]
    if words and search is not None:
        hay = search.reindex(df.index).fillna("").astype(str)
        for w in words:
            keep &= hay.str.contains(w, regex=False)
    view = df if keep.all() else df[keep.to_numpy()]
    q = query.strip().casefold() if not p.words else query
    return q, tuple(choice), view


def _draw(rows: pd.DataFrame, p: Pager, fill: dict, dataframe_kw: dict):
    """``st.dataframe`` of one page, as tall as its rows; the selection event when rows can be picked."""
    kw = dict(dataframe_kw)
    if p.table_key:
        kw["key"] = p.table_key.format(**fill)
    if p.selectable:
        kw.update(on_select="rerun", selection_mode="single-row")
    return st.dataframe(rows, height=rows_height(len(rows), p.header_px), **kw)
