"""Data 数据管理: upload, check, map and save researchers' data; templates; saved datasets and
assessments.

Tabs.  *Upload*: four uploaders (indicator data, survey data, framework, region table; CSV or
``.xlsx`` with a sheet selector), a preview of every file and the validation report of all of them
together (:func:`store.validate_files`, the check that saving repeats) before anything is saved, a
column-mapping editor for indicator headers the framework does not know (suggestions by name
similarity), and the save form.  *Templates*: blank tables built from the
active framework.  *My datasets*: saved datasets and versions, renaming, describing, hiding,
publishing and deleting (with a confirmation).  *Saved assessments*: save the current view
(dataset version + method) and reopen it.

Caching.  Every cache is keyed on the uploaded bytes (``UploadedFile.getvalue()``), never on the
``UploadedFile`` or a DataFrame; the results are small (problems, a 20-row preview), so each session's
copy is cheap.  Saved datasets are listed and loaded through :mod:`ui.workspace`.

State.  Everything that changes the database or the sidebar (save, rename, delete, reopen) runs in
an ``on_click`` callback, before the script and the sidebar widgets run; results are shown from
``st.session_state`` on the rerun.

Safety.  Uploaded text (file names, headers, values, dataset names) reaches the screen only through
``st.dataframe``, ``st.text``, widget options, or Markdown escaped with :func:`ui.i18n.md`; never
through ``unsafe_allow_html`` or ``st.html``.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import unicodedata
from pathlib import PurePath

import pandas as pd
import streamlit as st

from metrics import Spec, xlsx
from metrics.data import INDICATOR_ALIASES, VALUE_ALIASES
from metrics.data import default_regions
from metrics.data import advised_scales, read_data_table, unmatched_indicators
from metrics.errors import DataError, Problem, Report
from metrics.framework import default_framework
from metrics.readers import HEADER_SCAN, find_column, read_cells, read_table
from metrics.validate import format_report, validate
from ui import fieldwork
from ui import survey_import as si
from ui import workspace as ws
from ui.guard import error_text
from ui.i18n import md, t, t_in
from ui.state import Context, set_custom_spec

SS = st.session_state
ctx: Context = SS["ctx"]
LANG = ctx.lang
KINDS = ("indicators", "survey", "framework", "regions")
MAX_UPLOAD_MB = 200          # per file; the server's own limit is server.maxUploadSize (200 MB by default)
PREVIEW_ROWS = 20
MAX_SHOWN = 500              # problems shown in the report table
IGNORE = "__ignore__"        # mapping choice: leave the column out
SUGGEST_AT = 0.5             # similarity from which a mapping is pre-filled
MAP_ROWS = 200               # rows of the mapping table shown at once (search finds the others)
DATA_KINDS = ("indicators", "survey")


# ============================================================== reading and checking (cached on bytes)
def _is_xlsx(name: str, data: bytes) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


@st.cache_data(show_spinner=False, max_entries=64)
def _sheet_names(data: bytes, name: str) -> tuple[list[str], list[Problem]]:
    """Worksheet names of an ``.xlsx``, or the problems found: from the archive's checks and scan
    (:func:`metrics.xlsx.inspect`), so no part of the workbook is parsed in the server process."""
    try:
        return [s.name for s in xlsx.inspect(data, name).sheets if s.worksheet], []
    except DataError as exc:
        return [], exc.problems
    except Exception as exc:  # noqa: BLE001 - a damaged workbook is reported, never raised
        return [], [Problem("无法读取 Excel 工作簿", "Cannot read the Excel workbook", "请用 Excel 或 WPS 重新保存",
                            "Re-save it in Excel or WPS", file=name, value=str(exc)[:200], code="bad_xlsx")]


def _drop_ignored(raw: pd.DataFrame, ignore: list[str]) -> pd.DataFrame:
    """The table without ignored indicator columns (wide) or rows of ignored indicators (long)."""
    if not ignore:
        return raw
    icol, vcol = find_column(raw.columns, INDICATOR_ALIASES), find_column(raw.columns, VALUE_ALIASES)
    if icol is not None and vcol is not None:
        out = raw[~raw[icol].isin(ignore)].reset_index(drop=True)
    else:
        out = raw.drop(columns=[c for c in ignore if c in raw.columns])
    out.attrs = dict(raw.attrs)
    return out


def _parse_side(kind: str, file: tuple | None):
    """The parsed framework or region table of an uploaded file (``None`` if absent or invalid)."""
    if file is None:
        return None
    name, data, sheet = file
    try:
        raw = read_table(data, name=name, sheet=sheet)
        rep, obj = validate(raw, kind, name=name)
    except DataError:
        return None
    return obj if rep.ok else None


def _table(kind: str, name: str, data: bytes, sheet, header: int | None, fw_file: tuple | None) -> pd.DataFrame:
    """An upload's cells as its reader reads them: indicator and survey data below a header row that
    is found (or ``header``), with the framework's names (:func:`metrics.data.read_data_table`)."""
    if kind not in DATA_KINDS:
        return read_table(data, name=name, sheet=sheet)
    fw = _parse_side("framework", fw_file) or default_framework()
    return read_data_table(data, kind, fw, name=name, sheet=sheet, header_row=header)


@st.cache_data(show_spinner=False, max_entries=64)
def _preview(kind: str, name: str, data: bytes, sheet, header: int | None, fw_file: tuple | None) -> dict:
    """The first rows of an upload, as text, its size and its header row (``preview`` is ``None`` if
    unreadable); for indicator and survey data whose header is not plainly row 1 (or could not be read),
    also the first rows of the file as they are (``cells``), to choose the header row from."""
    out = {"preview": None, "rows": 0, "cols": 0, "header": 1, "confident": True, "cells": None}
    try:
        raw = _table(kind, name, data, sheet, header, fw_file)
        preview = raw.head(PREVIEW_ROWS).copy()
        preview.attrs = {}
        out.update(preview=preview, rows=len(raw), cols=raw.shape[1], header=raw.attrs.get("header_row", 1),
                   confident=raw.attrs.get("header_confident", True))
    except DataError:
        out.update(confident=False)
    if kind in DATA_KINDS and (out["header"] != 1 or not out["confident"] or header is not None):
        try:
            cells = read_cells(data, name=name, sheet=sheet).head(HEADER_SCAN)
        except DataError:
            return out
        cells.attrs = {}
        cells.columns = [xlsx.column_letters(i + 1) for i in range(cells.shape[1])]
        cells.index = range(1, len(cells) + 1)
        out["cells"] = cells.iloc[:, :60]
    return out


@st.cache_data(show_spinner=False, max_entries=64)
def _unmatched(name: str, data: bytes, sheet, fw_file: tuple | None, header: int | None = None) -> list[str]:
    """Every indicator header (wide) or code (long) that the framework does not know, or that names
    several indicators (:func:`metrics.data.unmatched_indicators`; not the capped report)."""
    fw = _parse_side("framework", fw_file)
    if fw_file is not None and fw is None:
        return []     # the framework itself has errors: nothing to map against yet
    try:
        raw = _table("indicators", name, data, sheet, header, fw_file)
    except DataError:
        return []     # unreadable: the report says why
    return unmatched_indicators(raw, fw or default_framework())


@st.cache_data(show_spinner=False, max_entries=32)
def _report(files: tuple, mapping_json: str, sheets_json: str) -> list[Problem]:
    """Every problem of the files together, checked exactly as saving checks them
    (:func:`store.validate_files`); keyed on the files' bytes and the options."""
    from store import validate_files
    report, _ = validate_files({kind: (name, data) for kind, name, data in files},
                               json.loads(mapping_json), json.loads(sheets_json))
    return list(report.problems)


@st.cache_data(show_spinner=False, max_entries=16)
def _without_ignored(name: str, data: bytes, sheet, ignore_json: str, header: int | None,
                     fw_file: tuple | None) -> tuple[str, bytes, int]:
    """The indicator file as saved when columns are ignored: UTF-8 CSV without them, with empty rows
    above its header so that every row keeps its number in messages; and the row of its header."""
    raw = _drop_ignored(_table("indicators", name, data, sheet, header, fw_file), json.loads(ignore_json))
    above = int(raw.attrs.get("first_row", 2)) - 2
    pad = ("," * (raw.shape[1] - 1) + "\n") * above
    return f"{PurePath(name).stem}.csv", (pad + raw.to_csv(index=False)).encode("utf-8"), above + 1


@st.cache_data(show_spinner=False, max_entries=16)
def _scaled_framework(fw_file: tuple | None, scales_json: str) -> tuple[str, bytes, None]:
    """A copy of the framework in use (the uploaded one, else the default) with the Likert scales
    ``{indicator: k}`` changed, as a framework file to check and save with the data."""
    from metrics.framework import load_framework
    from metrics.safe import to_csv_bytes
    fw = _parse_side("framework", fw_file) or default_framework()
    table = fw.to_frame()
    for ind, k in json.loads(scales_json).items():
        table.loc[table["iCode"] == ind, "scale"] = int(k)
    load_framework(table, name="framework")  # still a valid framework
    stem = PurePath(fw_file[0]).stem if fw_file else "framework"
    return f"{stem}_scale.csv", to_csv_bytes(table), None


# ============================================================== column mapping
def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower().replace(" ", "").replace("_", "")


def _names(fw) -> list[tuple[str, list[str]]]:
    """The framework's statistical indicators with their code and names, normalised for matching."""
    out = []
    for code in fw.indicators:
        if fw.table.at[code, "source"] != "srv":
            names = [code, fw.table.at[code, "name_zh"], fw.table.at[code, "name_en"]]
            out.append((code, list(dict.fromkeys(_norm(n) for n in names if isinstance(n, str) and n))))
    return out


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


@st.cache_data(show_spinner=False, max_entries=16)
def _best_matches(unmatched: tuple, fw_fingerprint: str, _fw) -> dict[str, tuple[str | None, float]]:
    """Header -> (the indicator whose code or name is most similar, the similarity: difflib's ratio);
    ``None`` below :data:`SUGGEST_AT` or when two indicators are equally close (the user chooses).
    Keyed on the headers and the framework; a pair is compared in full only when difflib's cheap upper
    bound reaches :data:`SUGGEST_AT` (thousands of headers take a moment, not minutes)."""
    matchers = [(code, difflib.SequenceMatcher(None, "", n)) for code, names in _names(_fw) for n in names]
    out = {}
    for header in unmatched:
        scores: dict[str, float] = {}
        h = _norm(header)
        for code, sm in matchers:
            sm.set_seq1(h)
            if sm.real_quick_ratio() >= SUGGEST_AT and sm.quick_ratio() >= SUGGEST_AT:
                scores[code] = max(scores.get(code, 0.0), sm.ratio())
        ranked = sorted(scores.values(), reverse=True)
        best = max(scores, key=scores.get) if ranked else None
        tie = len(ranked) > 1 and ranked[1] == ranked[0]
        out[header] = (best if ranked and ranked[0] >= SUGGEST_AT and not tie else None, ranked[0] if ranked else 0.0)
    return out


def _bulk(state_key: str, action: str, unmatched: list, best: dict) -> None:
    """Bulk actions of the mapping table (every unmatched column, shown or not)."""
    choices = SS.setdefault(state_key, {})
    for h in unmatched:
        if action == "accept" and best[h][0] is not None:
            choices[h] = best[h][0]
        elif action == "ignore" and not choices.get(h):
            choices[h] = IGNORE
    SS[f"{state_key}_v"] = SS.get(f"{state_key}_v", 0) + 1   # a fresh table shows the new choices


def mapping_editor(unmatched: list[str], fw, file_tag: str) -> tuple[dict, list]:
    """One searchable table of the unmatched headers, a drop-down of indicators per row, pre-filled
    with the closest one; bulk actions for all of them.  Returns ``(mapping, ignored)``."""
    st.markdown(f"**{t('data_map_title')}**")
    st.caption(t("data_map_intro"))
    best = _best_matches(tuple(unmatched), fw.fingerprint(), fw)
    key = f"data_mapping_{file_tag}"
    choices = SS.setdefault(key, {})
    for h in unmatched:
        choices.setdefault(h, best[h][0])
    labels = {c: f"{c} · {fw.name_of(c, LANG)}" for c in fw.indicators if fw.table.at[c, "source"] != "srv"}
    labels[IGNORE] = t("data_map_ignore")
    code_of = {v: k for k, v in labels.items()}
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    query = c1.text_input(t("data_map_search"), key=f"data_map_search_{file_tag}")
    c2.button(t("data_map_accept_all"), key=f"data_map_accept_{file_tag}", on_click=_bulk,
              args=(key, "accept", unmatched, best), width="stretch")
    c3.button(t("data_map_ignore_rest"), key=f"data_map_ignore_{file_tag}", on_click=_bulk,
              args=(key, "ignore", unmatched, best), width="stretch")
    q = _norm(query)
    col_h, col_s, col_c = t("data_map_col_header"), t("data_map_col_suggestion"), t("data_map_col_choice")
    # the cells edited in the table last shown go into the choices, and a fresh table shows them: a table
    # is never given other data under the same key (Streamlit would drop the edits made meanwhile)
    editor_key = f"data_map_{file_tag}_{SS.get(f'{key}_v', 0)}_{_digest(q)}"
    edits = SS.get(editor_key)
    last_rows = SS.get(f"{key}_rows", {}).get(editor_key, [])
    if isinstance(edits, dict) and edits.get("edited_rows"):
        for i, change in edits["edited_rows"].items():
            if int(i) < len(last_rows) and col_c in change:
                v = change[col_c]
                choices[last_rows[int(i)]] = code_of.get(v) if isinstance(v, str) else None
        SS[f"{key}_v"] = SS.get(f"{key}_v", 0) + 1
        editor_key = f"data_map_{file_tag}_{SS[f'{key}_v']}_{_digest(q)}"
    found = [h for h in unmatched if not q or q in _norm(h) or q in _norm(labels.get(choices.get(h), ""))]
    shown = found[:MAP_ROWS]
    SS[f"{key}_rows"] = {editor_key: shown}
    table = pd.DataFrame({
        col_h: shown,
        col_s: [f"{labels[best[h][0]]} ({best[h][1]:.0%})" if best[h][0] else "" for h in shown],
        col_c: pd.Series([labels.get(choices.get(h)) for h in shown], dtype=object)})
    st.data_editor(
        table, key=editor_key, hide_index=True, width="stretch", height=min(38 + 35 * max(len(shown), 1), 420),
        disabled=[col_h, col_s], num_rows="fixed",
        column_config={col_c: st.column_config.SelectboxColumn(col_c, options=list(labels.values()),
                                                                 help=t("data_map_choose"), width="large")})
    mapping = {h: choices[h] for h in unmatched if choices.get(h) and choices[h] != IGNORE}
    ignored = [h for h in unmatched if choices.get(h) == IGNORE]
    st.caption(t("data_map_counts", n=len(unmatched), mapped=len(mapping), ignored=len(ignored),
                 open=len(unmatched) - len(mapping) - len(ignored)))
    if len(found) > len(shown) or q:
        st.caption(t("data_map_hidden", shown=len(shown), found=len(found), hidden=len(unmatched) - len(shown)))
    return mapping, ignored


# ============================================================== report display
def _report_frame(problems: list[Problem]) -> pd.DataFrame:
    sev = {"error": t("data_sev_error"), "warning": t("data_sev_warning"), "info": t("data_sev_info")}
    order = {"error": 0, "warning": 1}
    rows = []
    for p in sorted(problems, key=lambda p: order.get(p.severity, 2))[:MAX_SHOWN]:
        rows.append({
            t("data_col_severity"): sev.get(p.severity, p.severity),
            t("data_col_file"): p.file or "",
            t("data_col_row"): "" if p.row is None else str(p.row),
            t("data_col_column"): "" if p.column is None else str(p.column),
            t("data_col_value"): "" if p.value is None else str(p.value),
            t("data_col_problem"): p.message_zh if LANG == "zh" else p.message_en,
            t("data_col_fix"): p.hint_zh if LANG == "zh" else p.hint_en,
        })
    return pd.DataFrame(rows)


def show_report(problems: list[Problem]) -> None:
    n_e = sum(p.severity == "error" for p in problems)
    n_w = sum(p.severity == "warning" for p in problems)
    n_i = len(problems) - n_e - n_w
    summary = t("data_summary", errors=n_e, warnings=n_w) + (" " + t("data_summary_notes", notes=n_i) if n_i else "")
    if n_e:
        st.error(summary + " " + t("data_errors_block"))
    elif n_w:
        st.warning(summary + " " + t("data_warnings_ok"))
    else:
        st.success(summary)
    if problems:
        st.dataframe(_report_frame(problems), hide_index=True, width="stretch", column_config={
            t("data_col_severity"): st.column_config.TextColumn(width="small"),
            t("data_col_row"): st.column_config.TextColumn(width="small"),
            t("data_col_problem"): st.column_config.TextColumn(width="medium"),
            t("data_col_fix"): st.column_config.TextColumn(width="medium")})
        if len(problems) > MAX_SHOWN:
            st.caption(t("data_more_problems", shown=MAX_SHOWN, total=len(problems)))
        with st.expander(t("data_both_langs")):
            st.text(format_report(Report(list(problems)), "both"))


@st.cache_data(show_spinner=False, max_entries=32)
def _templates(dataset_key: str, fw_fingerprint: str, header_lang: str, year: int, _fw, _regions) -> dict:
    """Template files of the active framework; keyed on the dataset key and the framework's fingerprint."""
    return {kind: ws.template_files(kind, _fw, _regions, header_lang, year) for kind in ws.TEMPLATE_KINDS}


# ============================================================== callbacks (run before the script)
def _set_scales(tag: str, scales: dict) -> None:
    """Use (or, with ``{}``, stop using) a framework copy with these Likert scales for the files ``tag``."""
    SS["data_scales"] = {tag: dict(scales)} if scales else {}


def _header_picker(kind: str, tag: str, pv: dict) -> int | None:
    """The header row of an indicator or survey file: found (option 0) or chosen from its first rows,
    shown with their spreadsheet row numbers; returns the chosen row or ``None``."""
    key = f"data_header_{kind}_{tag}"
    cells = pv["cells"]

    def label(r, lg=LANG, cells=cells):
        if not r:
            return t_in(lg, "data_header_auto")
        texts = [str(v) for v in cells.loc[r].tolist() if isinstance(v, str) and v.strip()]
        return t_in(lg, "data_header_row", row=r, text=" | ".join(texts)[:70])
    if not pv["confident"]:
        st.warning(t("data_header_uncertain", row=pv["header"]))
    title = t("data_header_expander_given" if SS.get(key) else "data_header_expander", row=pv["header"])
    with st.expander(title, expanded=not pv["confident"]):
        st.selectbox(t("data_header_pick"), [0] + list(cells.index), key=key, format_func=label,
                     help=t("data_header_help"))
        st.caption(t("data_header_rows"))
        st.dataframe(cells, width="stretch", height=min(38 + 35 * len(cells), 320))
    return SS.get(key) or None


def _flash(slot: str, kind: str, text: str) -> None:
    SS[slot] = (kind, text)


def _show_flash(slot: str) -> None:
    if slot in SS:
        kind, text = SS.pop(slot)
        getattr(st, kind)(text)


def _follow_default(key: str, default: str) -> None:
    """Pre-fill a text input with ``default`` and keep it following the default (a new file, another
    dataset or method) until the user types something of their own."""
    current = str(SS.get(key, "")).strip()
    if default and (not current or current == SS.get(f"{key}_auto")):
        SS[key] = default
        SS[f"{key}_auto"] = default


def _plan_digest(plan: dict) -> str:
    """Identifies what the Save button would save (files, mapping, worksheets)."""
    h = hashlib.sha256()
    for kind, (name, data) in sorted(plan["files"].items()):
        h.update(f"{kind}\0{name}\0".encode())
        h.update(hashlib.sha256(data).digest())
    h.update(json.dumps([plan["mapping"], plan["sheets"]], sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def _keep_selection_valid() -> None:
    """If the sidebar's dataset disappeared (deleted, hidden), fall back to the sample."""
    key = SS.get("dataset")
    if isinstance(key, str) and key.startswith(ws.PREFIX) and key not in ws.dataset_options():
        SS["dataset"] = "sample"


def _exc_text(exc: Exception) -> str:
    """An error from the store or the readers in the active language, escaped for Markdown; any other
    error (a database driver's, with its server and paths) only as a reference to the server log."""
    if isinstance(exc, DataError):
        return t("data_save_invalid") + "  \n" + "  \n".join(md(p.text(LANG)) for p in exc.errors[:20])
    if hasattr(exc, "text"):
        return md(exc.text(LANG) or type(exc).__name__)
    return error_text(exc, "data")


def _save(plan: dict) -> None:
    from store import AccessError, StoreError
    if not ws.can_write():
        _flash("data_save_flash", "error", t("data_login_needed"))
        return
    user = ws.current_user()
    mode = SS.get("data_target_mode", "new")
    if mode == "version":
        target = ws.find_own_dataset(SS.get("data_target"), user)
        if target is None:
            _flash("data_save_flash", "error", t("data_target_missing"))
            return
        did, name, desc = target.dataset_id, target.name, target.description
    else:
        did, name, desc = None, str(SS.get("data_name", "")).strip(), str(SS.get("data_desc", ""))
    if not name:
        _flash("data_save_flash", "error", t("data_name_needed"))
        return
    try:
        info = ws.get_store().save_version(
            name, plan["files"], user=user, description=desc, mapping=plan["mapping"] or None, dataset_id=did,
            public=bool(SS.get("data_public")) and ws.login_configured() and did is None,
            sheets=plan["sheets"] or None, extra=plan.get("extra") or None)
    except (DataError, AccessError, StoreError) as exc:
        _flash("data_save_flash", "error", t("data_save_failed") + " " + _exc_text(exc))
        return
    ws.forget()
    key = ws.make_key(info.dataset_id, info.version)
    SS["dataset"] = key            # select it in the sidebar (its widget has not run yet)
    SS["data_last_saved"] = {"digest": plan.get("digest"), "label": f"{name} v{int(info.version)}"}
    SS["data_saved"] = {"name": name, "version": int(info.version), "fingerprint": str(info.fingerprint),
                        "key": key}


def _manage(action: str, dataset_id, *args, confirm: str | None = None) -> None:
    from store import AccessError, StoreError
    if not ws.can_write():
        _flash("data_manage_flash", "error", t("data_login_needed"))
        return
    if confirm is not None and not SS.get(confirm):
        _flash("data_manage_flash", "error", t("data_confirm_first"))
        return
    try:
        getattr(ws.get_store(), action)(dataset_id, *args, user=ws.current_user())
    except (AccessError, StoreError) as exc:
        _flash("data_manage_flash", "error", t(f"data_failed_{action}") + " " + _exc_text(exc))
        return
    finally:
        if confirm is not None:
            SS[confirm] = False
    ws.forget(loaded=action.startswith("delete"))
    _keep_selection_valid()
    _flash("data_manage_flash", "success", t(f"data_done_{action}"))


def _rename(dataset_id, widget: str) -> None:
    value = str(SS.get(widget, "")).strip()
    if not value:
        _flash("data_manage_flash", "error", t("data_name_needed"))
        return
    _manage("rename", dataset_id, value)


def _describe(dataset_id, widget: str) -> None:
    _manage("describe", dataset_id, str(SS.get(widget, "")))


def _save_assessment(dataset_key: str, spec_dict: dict) -> None:
    from store import AccessError, StoreError
    name = str(SS.get("data_asm_name", "")).strip()
    if not name:
        _flash("data_asm_flash", "error", t("data_name_needed"))
        return
    try:
        did, ver = parse_visible(dataset_key)
        ws.get_store().save_assessment(did, ver, Spec.from_dict(spec_dict), name, user=ws.current_user())
    except (KeyError, AccessError, StoreError) as exc:
        _flash("data_asm_flash", "error", t("data_asm_failed") + " " + _exc_text(exc))
        return
    _flash("data_asm_flash", "success", t("data_asm_saved", name=md(name)))


def parse_visible(key: str):
    row = ws.find(key)
    if row is None:
        raise KeyError(key)
    return row.dataset_id, row.version


def _reopen(assessment_id, dataset_key: str) -> None:
    from store import AccessError, StoreError
    try:
        _, spec = ws.get_store().open_assessment(assessment_id, user=ws.current_user())
    except (AccessError, StoreError, KeyError) as exc:
        _flash("data_asm_flash", "error", t("data_asm_open_failed") + " " + _exc_text(exc))
        return
    if dataset_key not in ws.dataset_options():
        _flash("data_asm_flash", "error", t("data_asm_hidden"))
        return
    SS["dataset"] = dataset_key
    set_custom_spec(spec if isinstance(spec, Spec) else Spec.from_dict(spec))
    SS["method"] = "custom"
    _flash("data_asm_flash", "success", t("data_asm_opened"))


# ============================================================== page
st.title(t("data_title"))
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
    st.error(t("data_store_unavailable") + " " + _exc_text(store_error))

tab_up, tab_tpl, tab_ds, tab_asm, tab_fw = st.tabs([t("data_tab_upload"), t("data_tab_templates"),
                                                     t("data_tab_datasets"), t("data_tab_assessments"),
                                                     t("fw_tab")])

# -------------------------------------------------------------- Upload
with tab_up:
    if not writable:
        st.info(t("data_upload_login"))
    files: dict[str, tuple] = {}      # kind -> (name, bytes, sheet)
    st.caption(t("data_drop_hint", mb=MAX_UPLOAD_MB))  # in place of the uploaders' English (ui/layout.py hides it)
    cols = st.columns(2)
    for i, kind in enumerate(KINDS):
        with cols[i % 2]:
            f = st.file_uploader(t(f"data_up_{kind}"), type=["csv", "xlsx"], key=f"data_up_{kind}",
                                 help=t(f"data_up_{kind}_help"), max_upload_size=MAX_UPLOAD_MB, disabled=not writable)
            if f is None or not writable:
                continue
            data, sheet = f.getvalue(), None
            if _is_xlsx(f.name, data):
                sheets, _ = _sheet_names(data, f.name)
                if len(sheets) > 1:
                    sheet = st.selectbox(t("data_sheet"), sheets, key=f"data_sheet_{kind}_{_digest(f.file_id)}")
            files[kind] = (f.name, data, sheet)

    if not files:
        st.caption(t("data_upload_hint"))
    # the Likert scales the survey's answers call for, in a copy of the framework (the button below the report)
    scale_tag = _digest(*(f"{k}:{files[k][0]}:{len(files[k][1])}" for k in ("survey", "framework") if k in files))
    scales = SS.get("data_scales", {}).get(scale_tag, {})
    if scales:
        files["framework"] = _scaled_framework(files.get("framework"), json.dumps(scales, sort_keys=True))
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.info(t("data_scale_active", inds=md(", ".join(scales)), k="/".join(map(str, sorted(set(scales.values()))))))
        c2.button(t("data_scale_undo"), key="data_scale_undo", on_click=_set_scales, args=(scale_tag, {}))
    fw_file = files.get("framework")
    progress = st.status(t("data_status_reading", name=md(next(iter(files.values()))[0])), expanded=False) \
        if files else None
    headers: dict[str, int | None] = {}   # kind -> header row chosen on the page (None: found)
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    survey_import = None                  # a survey platform export: its mapping, converted file, blocker
    status: dict[str, object] = {}        # kind -> placeholder for the file's error count
    for kind in KINDS:
        if kind not in files:
            continue
        name, data, sheet = files[kind]
        with st.container(border=True):
            st.markdown(f"**{t(f'data_kind_{kind}')}** · {md(name)}")
            status[kind] = st.empty()
            progress.update(label=t("data_status_reading", name=md(name)))
            tag = _digest(name, len(data), sheet)
            pv = _preview(kind, name, data, sheet, SS.get(f"data_header_{kind}_{tag}") or None, fw_file)
            if pv["cells"] is not None:
                headers[kind] = _header_picker(kind, tag, pv)
            if pv["preview"] is not None:
                st.caption(t("data_preview", n=min(PREVIEW_ROWS, pv["rows"]), rows=pv["rows"], cols=pv["cols"]))
                st.dataframe(pv["preview"], hide_index=True, width="stretch", height=260)
                progress.write(t("data_status_read", name=md(name), rows=pv["rows"], cols=pv["cols"]))
            else:
                progress.write(t("data_status_unread", name=md(name)))
            if kind == "indicators":
                progress.update(label=t("data_status_mapping"))
                unmatched = _unmatched(name, data, sheet, fw_file, headers.get(kind))
                if unmatched:
                    fw_map = _parse_side("framework", fw_file) or default_framework()
                    mapping, ignored = mapping_editor(unmatched, fw_map, _digest(name, len(data)))
            if kind == "survey":
                survey_import = si.import_controls(
                    name, data, sheet, _parse_side("framework", fw_file) or default_framework(),
                    _parse_side("regions", files.get("regions")) or default_regions(), _digest(name, len(data)))
            if kind == "survey" and "indicators" not in files:
                st.caption(t("data_survey_only"))

    # the files as they would be saved (ignored indicator columns left out), checked together
    plan = {"files": {}, "sheets": {}, "mapping": mapping, "extra": {}}
    for kind, (name, data, sheet) in files.items():
        if kind == "indicators" and ignored:
            *saved, plan["sheets"][f"{kind}:header"] = _without_ignored(
                name, data, sheet, json.dumps(sorted(ignored), ensure_ascii=False), headers.get(kind), fw_file)
            plan["files"][kind] = tuple(saved)
        elif kind == "survey" and survey_import is not None:      # saved as converted to the survey layout
            plan["extra"].update(survey_import["extra"])
            if survey_import["file"] is not None:
                plan["files"][kind] = survey_import["file"]
        else:
            plan["files"][kind] = (name, data)
            if sheet is not None:
                plan["sheets"][kind] = sheet
            if headers.get(kind):
                plan["sheets"][f"{kind}:header"] = headers[kind]
    problems: list[Problem] = []
    report_failed = None
    if files:
        progress.update(label=t("data_status_checking"))
        try:
            problems = _report(tuple((k, n, d) for k, (n, d) in sorted(plan["files"].items())),
                               json.dumps(mapping, sort_keys=True, ensure_ascii=False),
                               json.dumps(plan["sheets"], sort_keys=True, ensure_ascii=False))
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            report_failed = exc
        if survey_import is not None:
            problems = list(survey_import["problems"]) + problems
        for kind, slot in status.items():
            fname = plan["files"].get(kind, files[kind])[0]
            mine = [p for p in problems if p.file == fname]
            n_e = sum(p.severity == "error" for p in mine)
            slot.caption((":material/error: " if n_e else ":material/check_circle: ")
                         + t("data_summary", errors=n_e, warnings=sum(p.severity == "warning" for p in mine)))
        n_bad = sum(p.severity == "error" for p in problems) + (report_failed is not None)
        progress.update(label=t("data_status_done", n=len(files)), state="error" if n_bad else "complete")
        st.subheader(t("data_report"))
        if report_failed is not None:
            st.error(t("data_report_failed") + " " + _exc_text(report_failed))
        else:
            show_report(problems)
        advice = advised_scales(problems)
        if advice:  # a survey on a larger Likert scale: change the framework, never the answers
            top = max(advice.values())
            c1, c2 = st.columns([4, 1], vertical_alignment="center")
            c1.warning(t("data_scale_intro", k=top, inds=md(", ".join(advice))))
            c2.button(t("data_scale_btn", k=top), key="data_scale_apply", type="primary", on_click=_set_scales,
                      args=(scale_tag, {**scales, **advice}), width="stretch")
        if "survey" in plan["files"] and not any(p.severity == "error" for p in problems):
            summary = si.quality_section(*plan["files"]["survey"],
                                         _parse_side("framework", fw_file) or default_framework())
            if summary is not None:
                plan["extra"]["survey_quality"] = summary
    n_errors = sum(p.severity == "error" for p in problems) + (report_failed is not None)

    # ---- save
    st.subheader(t("data_save"))
    _show_flash("data_save_flash")
    if "data_saved" in SS:
        done = SS.pop("data_saved")
        st.success(t("data_saved_msg", name=md(done["name"]), version=done["version"], fp=done["fingerprint"][:12]))
    if not writable:
        st.caption(t("data_save_login"))
    else:
        own = ws.own_datasets(user) if store_error is None else {}
        modes = ["new", "version"] if own else ["new"]
        mode = st.radio(t("data_target_mode"), modes, key="data_target_mode", horizontal=True,
                        format_func=lambda m, lg=LANG: t_in(lg, f"data_target_{m}"))
        if mode == "version":
            st.selectbox(t("data_target"), list(own), key="data_target",
                         format_func=lambda d, own=own: f"{own[d].name} (v{own[d].version})")
        else:
            default_name = PurePath((files.get("indicators") or files.get("survey") or ("",))[0]).stem
            c1, c2 = st.columns([1, 2])
            _follow_default("data_name", default_name)
            c1.text_input(t("data_name"), key="data_name", max_chars=200)
            c2.text_input(t("data_desc"), key="data_desc", max_chars=2000)
            st.toggle(t("data_public"), key="data_public", disabled=not ws.login_configured(),
                      help=t("data_public_help"))
        blockers = []
        if not ({"indicators", "survey"} & set(files)):
            blockers.append(t("data_block_nodata"))
        if n_errors:
            blockers.append(t("data_block_errors"))
        if survey_import is not None and survey_import["blocker"]:
            blockers.append(survey_import["blocker"])
        if mode == "new" and not str(SS.get("data_name", "")).strip():
            blockers.append(t("data_block_name"))
        if store_error is not None:
            blockers.append(t("data_store_unavailable"))
        plan["digest"] = _plan_digest(plan)
        if SS.get("data_last_saved", {}).get("digest") == plan["digest"]:
            blockers.append(t("data_already_saved", label=md(SS["data_last_saved"]["label"])))
        st.button(t("data_save_btn"), type="primary", disabled=bool(blockers), on_click=_save, args=(plan,),
                  key="data_save")
        for b in blockers:
            st.caption(b)

# -------------------------------------------------------------- Templates
with tab_tpl:
    fw = ctx.dataset.framework
    dataset_label = ctx.dataset_label()
    st.caption(t("data_tpl_intro", dataset=md(dataset_label)))
    hl = st.radio(t("data_tpl_lang"), ["zh", "en"], index=0 if LANG == "zh" else 1, key="data_tpl_lang",
                  horizontal=True, format_func=lambda k, lg=LANG: t_in(lg, f"data_tpl_lang_{k}"))

    files_tpl = _templates(ctx.dataset_key, fw.fingerprint(), hl, ctx.year or 0, fw, ctx.dataset.regions)
    for kind in ws.TEMPLATE_KINDS:
        with st.container(border=True):
            c1, c2, c3 = st.columns([4, 1, 1], vertical_alignment="center")
            c1.markdown(f"**{t(f'data_kind_{kind}')}**  \n{t(f'data_tpl_{kind}')}")
            c2.download_button(t("data_tpl_csv"), files_tpl[kind]["csv"], file_name=f"template_{kind}_{hl}.csv",
                               mime="text/csv", key=f"data_tpl_{kind}_csv", on_click="ignore", icon=":material/download:")
            c3.download_button(t("data_tpl_xlsx"), files_tpl[kind]["xlsx"], file_name=f"template_{kind}_{hl}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key=f"data_tpl_{kind}_xlsx", on_click="ignore", icon=":material/download:")
    st.caption(t("data_tpl_notes"))
    with st.container(border=True):
        si.questionnaire_section(fw, ctx.dataset.regions)

# -------------------------------------------------------------- My datasets
with tab_ds:
    _show_flash("data_manage_flash")
    rows = ws.listing(user) if store_error is None else []
    if not rows:
        st.info(t("data_no_datasets"))
    else:
        yes, no = t("data_yes"), t("data_no")
        table = pd.DataFrame([{
            t("data_col_name"): r.name, t("data_col_version"): r.version, t("data_col_saved_by"): r.saved_by,
            t("data_col_saved_at"): r.saved_at, t("data_col_fingerprint"): r.fingerprint[:12],
            t("data_col_public"): yes if r.public else no, t("data_col_hidden"): yes if r.hidden else no,
            t("data_col_files"): ", ".join(f for _, f in r.files), t("data_col_description"): r.description,
        } for r in rows])
        st.dataframe(table, hide_index=True, width="stretch")
        own = ws.own_datasets(user)
        if not writable:
            st.caption(t("data_manage_login"))
        elif not own:
            st.caption(t("data_manage_none"))
        else:
            st.subheader(t("data_manage"))
            did = st.selectbox(t("data_manage_pick"), list(own), key="data_manage",
                               format_func=lambda d, own=own: own[d].name)
            r = own[did]
            versions = sorted((x.version for x in rows if x.dataset_id == did), reverse=True)
            tag = _digest(did)
            c1, c2 = st.columns(2)
            with c1:
                st.text_input(t("data_rename"), value=r.name, key=f"data_rename_{tag}", max_chars=200)
                st.button(t("data_rename_btn"), key=f"data_rename_btn_{tag}", on_click=_rename,
                          args=(did, f"data_rename_{tag}"))
                st.text_area(t("data_describe"), value=r.description, key=f"data_describe_{tag}", max_chars=2000,
                             height=80)
                st.button(t("data_describe_btn"), key=f"data_describe_btn_{tag}", on_click=_describe,
                          args=(did, f"data_describe_{tag}"))
            with c2:
                st.caption(t("data_state", hidden=t("data_yes") if r.hidden else t("data_no"),
                             public=t("data_yes") if r.public else t("data_no")))
                st.button(t("data_unhide_btn") if r.hidden else t("data_hide_btn"), key=f"data_hide_{tag}",
                          on_click=_manage, args=("set_hidden", did, not r.hidden))
                if ws.login_configured():
                    st.button(t("data_unpublish_btn") if r.public else t("data_publish_btn"), key=f"data_pub_{tag}",
                              on_click=_manage, args=("set_public", did, not r.public))
                else:
                    st.caption(t("data_public_help"))
            with st.container(border=True):
                st.markdown(f"**{t('data_delete')}**")
                c1, c2 = st.columns(2)
                with c1:
                    ver = st.selectbox(t("data_delete_version"), versions, key=f"data_delv_pick_{tag}",
                                       format_func=lambda v: f"v{v}")
                    ok_v = st.checkbox(t("data_confirm_version"), key=f"data_delv_ok_{tag}")
                    st.button(t("data_delete_version_btn"), key=f"data_delv_btn_{tag}", disabled=not ok_v,
                              on_click=_manage, args=("delete_version", did, ver),
                              kwargs={"confirm": f"data_delv_ok_{tag}"})
                with c2:
                    ok_d = st.checkbox(t("data_confirm_dataset", n=len(versions)), key=f"data_deld_ok_{tag}")
                    st.button(t("data_delete_dataset_btn"), key=f"data_deld_btn_{tag}", disabled=not ok_d,
                              on_click=_manage, args=("delete_dataset", did), kwargs={"confirm": f"data_deld_ok_{tag}"})

# -------------------------------------------------------------- Saved assessments
with tab_asm:
    _show_flash("data_asm_flash")
    if ctx.dataset_key.startswith(ws.PREFIX):
        if writable:
            c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
            _follow_default("data_asm_name", f"{ctx.dataset.label} · {ctx.spec.describe(LANG)}")
            c1.text_input(t("data_asm_name"), key="data_asm_name", max_chars=200)
            c2.button(t("data_asm_save"), key="data_asm_save", type="primary", on_click=_save_assessment,
                      args=(ctx.dataset_key, ctx.spec.to_dict()))
            st.caption(t("data_asm_what", method=ctx.spec.describe(LANG)))
        else:
            st.caption(t("data_asm_login"))
    else:
        st.info(t("data_asm_need_saved"))
    saved = ws.assessments(user) if store_error is None else []
    if saved:
        labels = {r.key: r.label for r in ws.listing(user)}
        table = pd.DataFrame([{
            t("data_col_name"): a.name,
            t("data_col_dataset"): labels.get(a.key, a.key),
            t("data_col_method"): a.spec.describe(LANG),
            t("data_col_saved_by"): a.saved_by, t("data_col_saved_at"): a.saved_at,
        } for a in saved])
        st.dataframe(table, hide_index=True, width="stretch")
        by_id = {a.id: a for a in saved}
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        aid = c1.selectbox(t("data_asm_pick"), list(by_id), key="data_asm_pick",
                           format_func=lambda i, by_id=by_id: by_id[i].name)
        c2.button(t("data_asm_open"), key="data_asm_open", on_click=_reopen, args=(aid, by_id[aid].key))
    else:
        st.caption(t("data_asm_none"))

# -------------------------------------------------------------- Fieldwork monitor (the sidebar's dataset)
with tab_fw:
    fieldwork.monitor(ctx)
