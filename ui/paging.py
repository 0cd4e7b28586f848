"""A long table shown a page at a time, with a search box (issue 11: tables of 2,844 county-level regions).

:func:`paged_table` draws at most one page of rows (the browser never lays out thousands of rows), sized
to the rows it shows, with a search over a text the caller gives per row (for regions: the code and the
Chinese and English names, so either language finds a region) and a page number.  A short table
(``show_all_up_to`` rows or fewer, for example the 31 provinces of the sample) is drawn whole as before,
without controls.  Downloads stay with the caller: they should hold every row, not the page.

Typical use on a page::

    shown = paged_table(table, "syn_rank", search=region_search_text(ds, table["code"]),
                        column_config=cfg, height_all=660)

Widget state lives under ``{key}_q`` (the search text) and ``{key}_page`` (the page number); a new search
goes back to page 1.  Texts are in :mod:`texts.paging`.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from .i18n import t

ROW_PX = 35      # height of one row of st.dataframe
HEADER_PX = 38   # the header row and borders


def rows_height(n: int) -> int:
    """Pixel height of ``st.dataframe`` that shows ``n`` rows without an inner scroll bar."""
    return ROW_PX * max(int(n), 1) + HEADER_PX


def region_search_text(dataset, codes) -> pd.Series:
    """Per region code: ``"code zh-name en-name"`` in lower case, the text :func:`paged_table` searches.

    ``dataset`` is a :class:`metrics.Dataset`; the result has the index of ``codes`` when it is a Series.
    """
    idx = codes.index if isinstance(codes, pd.Series) else None
    vals = [f"{c} {dataset.region_name(c, 'zh')} {dataset.region_name(c, 'en')}".casefold() for c in codes]
    return pd.Series(vals, index=idx, dtype=object)


def paged_table(df: pd.DataFrame, key: str, *, search: pd.Series | None = None, page_size: int = 25,
                show_all_up_to: int = 50, height_all: int | None = None, **dataframe_kw: Any) -> pd.DataFrame:
    """Draw ``df`` a page at a time with a search box; return the rows drawn.

    ``search``: one text per row of ``df`` (same index), matched case-insensitively as a substring of
    each word typed (every word must occur); without it there is no search box.  Tables of at most
    ``show_all_up_to`` rows are drawn whole, ``height_all`` pixels high (default: every row), and no
    control is shown.  Other keyword arguments go to ``st.dataframe`` (``column_config``, ...).
    """
    n = len(df)
    if n <= show_all_up_to:
        st.dataframe(df, height=height_all or rows_height(n), **dataframe_kw)
        return df
    ss = st.session_state
    qkey, pkey, lastkey = f"{key}_q", f"{key}_page", f"_{key}_q_last"
    c_search, c_page = st.columns([5, 2], vertical_alignment="bottom")
    view = df
    if search is not None:
        query = c_search.text_input(t("pg_search"), key=qkey, placeholder=t("pg_search_hint"),
                                    icon=":material/search:")
        words = str(query or "").casefold().split()
        if words:
            hay = search.reindex(df.index).fillna("").astype(str)
            mask = pd.Series(True, index=df.index)
            for w in words:
                mask &= hay.str.contains(w, regex=False)
            view = df[mask.to_numpy()]
        if ss.get(lastkey) != query:   # a new search starts on its first page
            ss[lastkey] = query
            ss[pkey] = 1
    m = len(view)
    pages = max(1, math.ceil(m / page_size))
    if not isinstance(ss.get(pkey), int) or not 1 <= ss[pkey] <= pages:
        ss[pkey] = 1
    page = c_page.number_input(t("pg_page", pages=pages), min_value=1, max_value=pages, step=1, key=pkey)
    if m == 0:
        st.info(t("pg_none"))
        return view.iloc[0:0]
    lo = (int(page) - 1) * page_size
    rows = view.iloc[lo:lo + page_size]
    st.dataframe(rows, height=rows_height(len(rows)), **dataframe_kw)
    st.caption(t("pg_rows", a=lo + 1, b=lo + len(rows), n=m) + ("" if m == n else " " + t("pg_of", total=n)))
    return rows
