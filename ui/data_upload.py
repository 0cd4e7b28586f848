"""The Data page's *Upload* tab: four uploaders (indicator data, survey data, framework, region table; CSV
or ``.xlsx`` with a sheet selector), a preview of every file, the header row of data read from a
spreadsheet with title rows, the column mapping (:mod:`ui.data_mapping`), a survey platform export's
import (:mod:`ui.survey_import`), the validation report of all files together (the check saving repeats)
and the save form.

Caching.  Every cache is keyed on the uploaded bytes (``UploadedFile.getvalue()``), never on the
``UploadedFile`` or a DataFrame; the results are small (problems, a 20-row preview), so each session's
copy is cheap.  The computation is :mod:`viewmodels.data`'s; this module caches and draws it.

Nothing is stored until the Save button's callback (:func:`ui.data_actions.save`) runs, and the button is
disabled while the report has an error.
"""
from __future__ import annotations

import json

import streamlit as st

from metrics.data import advised_scales, default_regions
from metrics.errors import Problem
from viewmodels import data as vm

from . import survey_import as si
from . import workspace as ws
from .data_actions import exc_text, follow_default, save, set_scales, show_flash
from .data_mapping import mapping_editor
from .i18n import lang, md, t, t_in
from .paging import rows_height

SS = st.session_state
MAX_UPLOAD_MB = 200          # per file; the server's own limit is server.maxUploadSize (200 MB by default)


# ============================================================== the view model, cached on bytes
@st.cache_data(show_spinner=False, max_entries=64)
def _sheet_names(data: bytes, name: str) -> tuple[list[str], list[Problem]]:
    return vm.sheet_names(data, name)


@st.cache_data(show_spinner=False, max_entries=64)
def _preview(kind: str, name: str, data: bytes, sheet, header: int | None, fw_file: tuple | None) -> dict:
    return vm.preview(kind, name, data, sheet, header, fw_file)


@st.cache_data(show_spinner=False, max_entries=64)
def _unmatched(name: str, data: bytes, sheet, fw_file: tuple | None, header: int | None = None) -> list[str]:
    return vm.unmatched(name, data, sheet, fw_file, header)


@st.cache_data(show_spinner=False, max_entries=32)
def _report(files: tuple, mapping_json: str, sheets_json: str) -> list[Problem]:
    return vm.check_files(files, json.loads(mapping_json), json.loads(sheets_json))


@st.cache_data(show_spinner=False, max_entries=16)
def _without_ignored(name: str, data: bytes, sheet, ignore_json: str, header: int | None,
                     fw_file: tuple | None) -> tuple[str, bytes, int]:
    return vm.without_ignored(name, data, sheet, json.loads(ignore_json), header, fw_file)


@st.cache_data(show_spinner=False, max_entries=16)
def _scaled_framework(fw_file: tuple | None, scales_json: str) -> tuple[str, bytes, None]:
    return vm.scaled_framework(fw_file, json.loads(scales_json))


def _dumps(obj) -> str:
    """A cache key of a mapping or list: the same JSON for the same content."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


# ============================================================== uploads
def _uploaders(writable: bool) -> dict[str, tuple]:
    """The four uploaders; returns ``{kind: (name, bytes, sheet)}`` of the files given."""
    files: dict[str, tuple] = {}
    st.caption(t("data_drop_hint", mb=MAX_UPLOAD_MB))  # in place of the uploaders' English (ui/layout.py hides it)
    cols = st.columns(2)
    for i, kind in enumerate(vm.KINDS):
        with cols[i % 2]:
            f = st.file_uploader(t(f"data_up_{kind}"), type=["csv", "xlsx"], key=f"data_up_{kind}",
                                 help=t(f"data_up_{kind}_help"), max_upload_size=MAX_UPLOAD_MB, disabled=not writable)
            if f is None or not writable:
                continue
            data, sheet = f.getvalue(), None
            if vm.is_xlsx(f.name, data):
                sheets, _ = _sheet_names(data, f.name)
                if len(sheets) > 1:
                    sheet = st.selectbox(t("data_sheet"), sheets, key=f"data_sheet_{kind}_{vm.digest(f.file_id)}")
            files[kind] = (f.name, data, sheet)
    return files


def _scales(files: dict) -> tuple[str, dict]:
    """The Likert scales the survey's answers call for, if the user applied them: the framework file is
    then a copy with them (the button is below the report).  Returns (the files' tag, the scales)."""
    tag = vm.digest(*(f"{k}:{files[k][0]}:{len(files[k][1])}" for k in ("survey", "framework") if k in files))
    scales = SS.get("data_scales", {}).get(tag, {})
    if scales:
        files["framework"] = _scaled_framework(files.get("framework"), json.dumps(scales, sort_keys=True))
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.info(t("data_scale_active", inds=md(", ".join(scales)), k="/".join(map(str, sorted(set(scales.values()))))))
        c2.button(t("data_scale_undo"), key="data_scale_undo", on_click=set_scales, args=(tag, {}))
    return tag, scales


def _header_picker(kind: str, tag: str, pv: dict) -> int | None:
    """The header row of an indicator or survey file: found (option 0) or chosen from its first rows,
    shown with their spreadsheet row numbers; returns the chosen row or ``None``."""
    key = f"data_header_{kind}_{tag}"
    cells = pv["cells"]
    if not pv["confident"]:
        st.warning(t("data_header_uncertain", row=pv["header"]))
    title = t("data_header_expander_given" if SS.get(key) else "data_header_expander", row=pv["header"])
    with st.expander(title, expanded=not pv["confident"]):
        st.selectbox(t("data_header_pick"), [0] + list(cells.index), key=key, help=t("data_header_help"),
                     format_func=lambda r, lg=lang(), cells=cells: vm.header_label(cells, r, lg))
        st.caption(t("data_header_rows"))
        st.dataframe(cells, width="stretch", height=min(rows_height(len(cells)), 320))
    return SS.get(key) or None


def _file_section(kind: str, files: dict, found: dict, progress) -> None:
    """One upload: its preview, header row, and (indicator data) the column mapping or (survey data) a
    platform export's import; what is chosen goes into ``found``."""
    name, data, sheet = files[kind]
    fw_file = files.get("framework")
    with st.container(border=True):
        st.markdown(f"**{t(vm.KIND_NAME[kind])}** · {md(name)}")
        found["status"][kind] = st.empty()
        progress.update(label=t("data_status_reading", name=md(name)))
        tag = vm.digest(name, len(data), sheet)
        pv = _preview(kind, name, data, sheet, SS.get(f"data_header_{kind}_{tag}") or None, fw_file)
        if pv["cells"] is not None:
            found["headers"][kind] = _header_picker(kind, tag, pv)
        if pv["preview"] is not None:
            st.caption(t("data_preview", n=min(vm.PREVIEW_ROWS, pv["rows"]), rows=pv["rows"], cols=pv["cols"]))
            st.dataframe(pv["preview"], hide_index=True, width="stretch", height=260)
            progress.write(t("data_status_read", name=md(name), rows=pv["rows"], cols=pv["cols"]))
        else:
            progress.write(t("data_status_unread", name=md(name)))
        if kind == "indicators":
            progress.update(label=t("data_status_mapping"))
            unmatched = _unmatched(name, data, sheet, fw_file, found["headers"].get(kind))
            if unmatched:
                found["mapping"], found["ignored"] = mapping_editor(unmatched, vm.framework_of(fw_file),
                                                                    vm.digest(name, len(data)))
        if kind == "survey":
            found["survey_import"] = si.import_controls(
                name, data, sheet, vm.framework_of(fw_file),
                vm.parse_side("regions", files.get("regions")) or default_regions(), vm.digest(name, len(data)))
        if kind == "survey" and "indicators" not in files:
            st.caption(t("data_survey_only"))


def _plan(files: dict, found: dict) -> dict:
    """The files as they would be saved (ignored indicator columns left out, an export converted)."""
    saved = None
    if "indicators" in files and found["ignored"]:
        name, data, sheet = files["indicators"]
        saved = _without_ignored(name, data, sheet, json.dumps(sorted(found["ignored"]), ensure_ascii=False),
                                 found["headers"].get("indicators"), files.get("framework"))
    return vm.save_plan(files, found["mapping"], found["headers"], found["survey_import"], saved)


# ============================================================== the report
def show_report(problems: list[Problem]) -> None:
    """The validation report: its verdict, the table of problems, and all of them in both languages."""
    view = vm.report(problems, lang())
    getattr(st, view.level)(view.summary)
    if problems:
        cols = view.columns
        st.dataframe(view.table, hide_index=True, width="stretch", column_config={
            cols["severity"]: st.column_config.TextColumn(width="small"),
            cols["row"]: st.column_config.TextColumn(width="small"),
            cols["problem"]: st.column_config.TextColumn(width="medium"),
            cols["fix"]: st.column_config.TextColumn(width="medium")})
        if view.more:
            st.caption(view.more)
        with st.expander(t("data_both_langs")):
            st.text(view.both)


def _check(files: dict, plan: dict, found: dict, progress, scales: tuple[str, dict]) -> int:
    """Check the files as they would be saved, show the report, each file's counts, the Likert-scale advice
    and a survey's response quality; returns the number of errors (a failed check counts as one)."""
    progress.update(label=t("data_status_checking"))
    problems: list[Problem] = []
    failed = None
    try:
        problems = _report(vm.plan_files(plan), _dumps(plan["mapping"]), _dumps(plan["sheets"]))
    except Exception as exc:  # noqa: BLE001 - shown, never a traceback
        failed = exc
    if found["survey_import"] is not None:
        problems = list(found["survey_import"]["problems"]) + problems
    for kind, slot in found["status"].items():
        bad, text = vm.file_status(problems, plan["files"].get(kind, files[kind])[0], lang())
        slot.caption((":material/error: " if bad else ":material/check_circle: ") + text)
    n_errors = vm.counts(problems)[0] + (failed is not None)
    progress.update(label=t("data_status_done", n=len(files)), state="error" if n_errors else "complete")
    st.subheader(t("data_report"))
    if failed is not None:
        st.error(t("data_report_failed") + " " + exc_text(failed))
    else:
        show_report(problems)
    advice = advised_scales(problems)
    if advice:  # a survey on a larger Likert scale: change the framework, never the answers
        tag, current = scales
        top = max(advice.values())
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.warning(t("data_scale_intro", k=top, inds=md(", ".join(advice))))
        c2.button(t("data_scale_btn", k=top), key="data_scale_apply", type="primary", on_click=set_scales,
                  args=(tag, {**current, **advice}), width="stretch")
    if "survey" in plan["files"] and not any(p.severity == "error" for p in problems):
        summary = si.quality_section(*plan["files"]["survey"], vm.framework_of(files.get("framework")))
        if summary is not None:
            plan["extra"]["survey_quality"] = summary
    return n_errors


# ============================================================== saving
def _target_form(files: dict, own: dict) -> str:
    """New dataset (name, description, public) or new version of one of the user's; returns the mode."""
    lg = lang()
    mode = st.radio(t("data_target_mode"), ["new", "version"] if own else ["new"], key="data_target_mode",
                    horizontal=True, format_func=lambda m, lg=lg: t_in(lg, f"data_target_{m}"))
    if mode == "version":
        st.selectbox(t("dataset"), list(own), key="data_target",
                     format_func=lambda d, own=own: f"{own[d].name} (v{own[d].version})")
    else:
        c1, c2 = st.columns([1, 2])
        follow_default("data_name", vm.default_name(files))
        c1.text_input(t("data_name"), key="data_name", max_chars=200)
        c2.text_input(t("data_desc"), key="data_desc", max_chars=2000)
        st.toggle(t("data_public"), key="data_public", disabled=not ws.login_configured(),
                  help=t("data_public_help"))
    return mode


def _save_form(files: dict, plan: dict, n_errors: int, import_blocker: str | None, access: dict) -> None:
    """The save form and the reasons its button is disabled."""
    st.subheader(t("data_save"))
    show_flash("data_save_flash")
    if "data_saved" in SS:
        done = SS.pop("data_saved")
        st.success(t("data_saved_msg", name=md(done["name"]), version=done["version"], fp=done["fingerprint"][:12]))
    if not access["writable"]:
        st.caption(t("data_save_login"))
        return
    store_ok = access["store_error"] is None
    mode = _target_form(files, ws.own_datasets(access["user"]) if store_ok else {})
    plan["digest"] = vm.plan_digest(plan)
    last = SS.get("data_last_saved", {})
    blockers = vm.save_blockers(files, n_errors, import_blocker, mode, SS.get("data_name", ""), store_ok,
                                md(last["label"]) if last.get("digest") == plan["digest"] else None, lang())
    st.button(t("data_save_btn"), type="primary", disabled=bool(blockers), on_click=save, args=(plan,),
              key="data_save")
    for b in blockers:
        st.caption(b)


def upload_tab(user: str, writable: bool, store_error: Exception | None) -> None:
    """The whole *Upload* tab: uploads, their sections, the report, the save form."""
    if not writable:
        st.info(t("data_upload_login"))
    files = _uploaders(writable)
    if not files:
        st.caption(t("data_upload_hint"))
    scales = _scales(files)
    progress = st.status(t("data_status_reading", name=md(next(iter(files.values()))[0])), expanded=False) \
        if files else None
    # header rows chosen on the page (None: found), the mapping, a survey platform export's import, and
    # per file a placeholder for its counts
    found = {"headers": {}, "mapping": {}, "ignored": [], "survey_import": None, "status": {}}
    for kind in vm.KINDS:
        if kind in files:
            _file_section(kind, files, found, progress)
    plan = _plan(files, found)
    n_errors = _check(files, plan, found, progress, scales) if files else 0
    blocker = found["survey_import"]["blocker"] if found["survey_import"] is not None else None
    _save_form(files, plan, n_errors, blocker, {"user": user, "writable": writable, "store_error": store_error})
