"""Data 数据管理: upload, check, map and save researchers' data; templates; saved datasets and
assessments.

Tabs.  *Upload* (:mod:`ui.data_upload`): four uploaders (indicator data, survey data, framework, region
table; CSV or ``.xlsx`` with a sheet selector), a preview of every file and the validation report of all
of them together (:func:`store.validate_files`, the check that saving repeats) before anything is saved, a
column-mapping editor for indicator headers the framework does not know (:mod:`ui.data_mapping`,
suggestions by name similarity), and the save form.  *Templates*: blank tables built from the active
framework.  *My datasets*: saved datasets and versions, renaming, describing, hiding, publishing and
deleting (with a confirmation).  *Saved assessments*: save the current view (dataset version + method) and
reopen it (:mod:`ui.data_manage`).  *Fieldwork*: the survey monitor of the sidebar's dataset.

The computation (reading, checking, mapping, the tables) is :mod:`viewmodels.data`'s, with no Streamlit;
the sections cache it on the uploaded bytes and draw it; this script composes them.

State.  Everything that changes the database or the sidebar (save, rename, delete, reopen) runs in
an ``on_click`` callback (:mod:`ui.data_actions`), before the script and the sidebar widgets run; results
are shown from ``st.session_state`` on the rerun.

Safety.  Uploaded text (file names, headers, values, dataset names) reaches the screen only through
``st.dataframe``, ``st.text``, widget options, or Markdown escaped with :func:`ui.i18n.md`; never
through ``unsafe_allow_html`` or ``st.html``.
"""
from __future__ import annotations

import streamlit as st

from ui import fieldwork
from ui import workspace as ws
from ui.data_actions import exc_text
from ui.data_manage import assessments_tab, datasets_tab, templates_tab
from ui.data_upload import upload_tab
from ui.i18n import md, t
from ui.state import Context

ctx: Context = st.session_state["ctx"]

st.title(t("page_data"))
st.caption(t("data_intro"))

user = ws.current_user()
writable = ws.can_write()
if not ws.login_configured():
    st.caption(t("data_local_mode"))
elif user:
    c1, c2 = st.columns([4, 1])
    c1.caption(t("data_signed_in", user=md(user)))
    c2.button(t("data_logout"), on_click=st.logout, key="data_logout")
else:
    st.info(t("data_login_needed"))
    st.button(t("data_login"), on_click=st.login, type="primary", key="data_login")

store_error = None
try:
    ws.get_store()
except Exception as exc:  # noqa: BLE001 - shown to the user: the database cannot be opened
    store_error = exc
if store_error is not None:
    st.error(t("data_store_unavailable") + " " + exc_text(store_error))

tab_up, tab_tpl, tab_ds, tab_asm, tab_fw = st.tabs([t("data_tab_upload"), t("data_tab_templates"),
                                                     t("data_tab_datasets"), t("data_tab_assessments"),
                                                     t("fw_tab")])
with tab_up:
    upload_tab(user, writable, store_error)
with tab_tpl:
    templates_tab(ctx)
with tab_ds:
    datasets_tab(user, writable, store_error is None)
with tab_asm:
    assessments_tab(ctx, user, writable, store_error is None)
with tab_fw:
    fieldwork.monitor(ctx)
