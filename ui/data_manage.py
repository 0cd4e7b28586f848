"""The Data page's other tabs: *Templates* (blank tables and questionnaires of the active framework), *My
datasets* (saved datasets and versions: rename, describe, hide, publish, delete with a confirmation) and
*Saved assessments* (save the sidebar's dataset version and method, reopen one).

Every change runs in an ``on_click`` callback of :mod:`ui.data_actions`; the tables are
:mod:`viewmodels.data`'s.
"""
from __future__ import annotations

import streamlit as st

from viewmodels import data as vm

from . import survey_import as si
from . import workspace as ws
from .data_actions import describe, follow_default, manage, rename, reopen, save_assessment, show_flash
from .i18n import lang, md, t, t_in
from .state import Context

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=32)
def _templates(dataset_key: str, fw_fingerprint: str, header_lang: str, year: int, _fw, _regions) -> dict:
    """Template files of the active framework; keyed on the dataset key and the framework's fingerprint."""
    return {kind: vm.template_files(kind, _fw, _regions, header_lang, year) for kind in vm.TEMPLATE_KINDS}


def templates_tab(ctx: Context) -> None:
    """Blank templates of the sidebar's framework (headers in Chinese or English, CSV or Excel) and its
    questionnaires."""
    fw = ctx.dataset.framework
    st.caption(t("data_tpl_intro", dataset=md(ctx.dataset_label())))
    lg = lang()
    hl = st.radio(t("data_tpl_lang"), ["zh", "en"], index=0 if lg == "zh" else 1, key="data_tpl_lang",
                  horizontal=True, format_func=lambda k, lg=lg: t_in(lg, f"data_tpl_lang_{k}"))
    files = _templates(ctx.dataset_key, fw.fingerprint(), hl, ctx.year or 0, fw, ctx.dataset.regions)
    for kind in vm.TEMPLATE_KINDS:
        with st.container(border=True):
            c1, c2, c3 = st.columns([4, 1, 1], vertical_alignment="center")
            c1.markdown(f"**{t(vm.KIND_NAME[kind])}**  \n{t(f'data_tpl_{kind}')}")
            c2.download_button(t("data_tpl_csv"), files[kind]["csv"], file_name=f"template_{kind}_{hl}.csv",
                               mime="text/csv", key=f"data_tpl_{kind}_csv", on_click="ignore",
                               icon=":material/download:")
            c3.download_button(t("data_tpl_xlsx"), files[kind]["xlsx"], file_name=f"template_{kind}_{hl}.xlsx",
                               mime=XLSX_MIME, key=f"data_tpl_{kind}_xlsx", on_click="ignore",
                               icon=":material/download:")
    st.caption(t("data_tpl_notes"))
    with st.container(border=True):
        si.questionnaire_section(fw, ctx.dataset.regions)


def _delete_box(did, versions: list[int], tag: str) -> None:
    """Delete a version or the whole dataset, each behind its own confirmation checkbox."""
    with st.container(border=True):
        st.markdown(f"**{t('data_delete')}**")
        c1, c2 = st.columns(2)
        with c1:
            ver = st.selectbox(t("data_col_version"), versions, key=f"data_delv_pick_{tag}",
                               format_func=lambda v: f"v{v}")
            ok_v = st.checkbox(t("data_confirm_version"), key=f"data_delv_ok_{tag}")
            st.button(t("data_delete_version_btn"), key=f"data_delv_btn_{tag}", disabled=not ok_v,
                      on_click=manage, args=("delete_version", did, ver), kwargs={"confirm": f"data_delv_ok_{tag}"})
        with c2:
            ok_d = st.checkbox(t("data_confirm_dataset", n=len(versions)), key=f"data_deld_ok_{tag}")
            st.button(t("data_delete_dataset_btn"), key=f"data_deld_btn_{tag}", disabled=not ok_d,
                      on_click=manage, args=("delete_dataset", did), kwargs={"confirm": f"data_deld_ok_{tag}"})


def _manage_one(own: dict, rows: list) -> None:
    """Rename, describe, hide or publish one of the user's datasets, or delete it."""
    st.subheader(t("data_manage"))
    did = st.selectbox(t("dataset"), list(own), key="data_manage", format_func=lambda d, own=own: own[d].name)
    r = own[did]
    tag = vm.digest(did)
    yes, no = t("answer_yes"), t("answer_no")
    c1, c2 = st.columns(2)
    with c1:
        st.text_input(t("col_name"), value=r.name, key=f"data_rename_{tag}", max_chars=200)
        st.button(t("data_rename_btn"), key=f"data_rename_btn_{tag}", on_click=rename, args=(did, f"data_rename_{tag}"))
        st.text_area(t("col_description"), value=r.description, key=f"data_describe_{tag}", max_chars=2000, height=80)
        st.button(t("data_describe_btn"), key=f"data_describe_btn_{tag}", on_click=describe,
                  args=(did, f"data_describe_{tag}"))
    with c2:
        st.caption(t("data_state", hidden=yes if r.hidden else no, public=yes if r.public else no))
        st.button(t("data_unhide_btn") if r.hidden else t("data_hide_btn"), key=f"data_hide_{tag}",
                  on_click=manage, args=("set_hidden", did, not r.hidden))
        if ws.login_configured():
            st.button(t("data_unpublish_btn") if r.public else t("data_publish_btn"), key=f"data_pub_{tag}",
                      on_click=manage, args=("set_public", did, not r.public))
        else:
            st.caption(t("data_public_help"))
    _delete_box(did, sorted((x.version for x in rows if x.dataset_id == did), reverse=True), tag)


def datasets_tab(user: str, writable: bool, store_ok: bool) -> None:
    """The saved versions the user sees, and the management of their own datasets."""
    show_flash("data_manage_flash")
    rows = ws.listing(user) if store_ok else []
    if not rows:
        st.info(t("data_no_datasets"))
        return
    st.dataframe(vm.datasets_table(rows, lang()), hide_index=True, width="stretch")
    own = ws.own_datasets(user)
    if not writable:
        st.caption(t("data_manage_login"))
    elif not own:
        st.caption(t("data_manage_none"))
    else:
        _manage_one(own, rows)


def assessments_tab(ctx: Context, user: str, writable: bool, store_ok: bool) -> None:
    """Save the sidebar's view (a saved dataset version and the method) by name; list and reopen saved ones."""
    show_flash("data_asm_flash")
    lg = lang()
    if not ctx.dataset_key.startswith(ws.PREFIX):
        st.info(t("data_asm_need_saved"))
    elif writable:
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        follow_default("data_asm_name", f"{ctx.dataset.label} · {ctx.spec.describe(lg)}")
        c1.text_input(t("data_asm_name"), key="data_asm_name", max_chars=200)
        c2.button(t("data_asm_save"), key="data_asm_save", type="primary", on_click=save_assessment,
                  args=(ctx.dataset_key, ctx.spec.to_dict()))
        st.caption(t("data_asm_what", method=ctx.spec.describe(lg)))
    else:
        st.caption(t("data_asm_login"))
    saved = ws.assessments(user) if store_ok else []
    if not saved:
        st.caption(t("data_asm_none"))
        return
    labels = {r.key: r.label for r in ws.listing(user)}
    st.dataframe(vm.assessments_table(saved, labels, lg), hide_index=True, width="stretch")
    by_id = {a.id: a for a in saved}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    aid = c1.selectbox(t("data_asm_pick"), list(by_id), key="data_asm_pick", format_func=lambda i: by_id[i].name)
    c2.button(t("data_asm_open"), key="data_asm_open", on_click=reopen, args=(aid, by_id[aid].key))
