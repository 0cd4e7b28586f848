"""The Data page's column-mapping editor: indicator headers the framework does not know, each mapped to
an indicator or left out, in one searchable table (:func:`viewmodels.data.mapping_view` builds it).

State.  The choices of a file live in ``st.session_state["data_mapping_<file tag>"]`` (header -> code,
:data:`viewmodels.data.IGNORE`, or ``None``) and survive searches and reruns; the editor's key carries a
version number that grows whenever the choices change outside the table (a bulk action, an edit read
back), because Streamlit drops the edits of a table that is given other data under the same key.
"""
from __future__ import annotations

import streamlit as st

from viewmodels import data as vm

from .i18n import lang, t
from .paging import rows_height


@st.cache_data(show_spinner=False, max_entries=16)
def _best_matches(unmatched: tuple, fw_fingerprint: str, _fw) -> dict[str, tuple[str | None, float]]:
    """:func:`viewmodels.data.best_matches`, keyed on the headers and the framework's fingerprint."""
    return vm.best_matches(unmatched, _fw)


def _bulk(state_key: str, action: str, unmatched: list, best: dict) -> None:
    """Bulk actions of the mapping table (an ``on_click`` callback)."""
    vm.bulk_choices(st.session_state.setdefault(state_key, {}), action, unmatched, best)
    st.session_state[f"{state_key}_v"] = st.session_state.get(f"{state_key}_v", 0) + 1   # a fresh table


def _read_edits(key: str, file_tag: str, query: str, choices: dict, code_of: dict, col_c: str) -> str:
    """Take the cells edited in the table last shown into ``choices``; return the key of the table to show
    now (a fresh one when edits were taken: a table is never given other data under the same key)."""
    ss = st.session_state
    q = vm.digest(vm.norm(query))
    editor_key = f"data_map_{file_tag}_{ss.get(f'{key}_v', 0)}_{q}"
    edits = ss.get(editor_key)
    last_rows = ss.get(f"{key}_rows", {}).get(editor_key, [])
    if isinstance(edits, dict) and edits.get("edited_rows"):
        for i, change in edits["edited_rows"].items():
            if int(i) < len(last_rows) and col_c in change:
                v = change[col_c]
                choices[last_rows[int(i)]] = code_of.get(v) if isinstance(v, str) else None
        ss[f"{key}_v"] = ss.get(f"{key}_v", 0) + 1
        editor_key = f"data_map_{file_tag}_{ss[f'{key}_v']}_{q}"
    return editor_key


def mapping_editor(unmatched: list[str], fw, file_tag: str) -> tuple[dict, list]:
    """One searchable table of the unmatched headers, a drop-down of indicators per row, pre-filled
    with the closest one; bulk actions for all of them.  Returns ``(mapping, ignored)``."""
    lg = lang()
    st.markdown(f"**{t('data_map_title')}**")
    st.caption(t("data_map_intro"))
    best = _best_matches(tuple(unmatched), fw.fingerprint(), fw)
    key = f"data_mapping_{file_tag}"
    choices = st.session_state.setdefault(key, {})
    for h in unmatched:
        choices.setdefault(h, best[h][0])
    labels = vm.indicator_labels(fw, lg)
    code_of = {v: k for k, v in labels.items()}
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    query = c1.text_input(t("data_map_search"), key=f"data_map_search_{file_tag}")
    c2.button(t("data_map_accept_all"), key=f"data_map_accept_{file_tag}", on_click=_bulk,
              args=(key, "accept", unmatched, best), width="stretch")
    c3.button(t("data_map_ignore_rest"), key=f"data_map_ignore_{file_tag}", on_click=_bulk,
              args=(key, "ignore", unmatched, best), width="stretch")
    col_c = t("data_map_col_choice")
    editor_key = _read_edits(key, file_tag, query, choices, code_of, col_c)
    view = vm.mapping_view(unmatched, best, choices, labels, query, lg)
    st.session_state[f"{key}_rows"] = {editor_key: view.shown}
    st.data_editor(
        view.table, key=editor_key, hide_index=True, width="stretch", height=min(rows_height(len(view.shown)), 420),
        disabled=view.locked, num_rows="fixed",
        column_config={col_c: st.column_config.SelectboxColumn(col_c, options=list(labels.values()),
                                                                 help=t("data_map_choose"), width="large")})
    st.caption(view.counts)
    if view.hidden:
        st.caption(view.hidden)
    return view.mapping, view.ignored
