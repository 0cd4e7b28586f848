"""The Data page's actions: save a dataset version, manage saved datasets, save and reopen assessments.

Each action is an ``on_click`` callback: it runs before the script and the sidebar's widgets, so what it
changes (the database, the sidebar's dataset and method) is what the rerun shows.  Its outcome is kept in
``st.session_state`` as a *flash* (a slot per section: :func:`flash`) and shown once by
:func:`show_flash` where the section is drawn.

Errors reach the screen through :func:`exc_text`: a store's or a reader's error in the page's language,
escaped for Markdown; any other error (a database driver's, with its server and paths) only as a reference
to the server log (:func:`ui.guard.error_text`).
"""
from __future__ import annotations

import streamlit as st

from metrics import Spec
from metrics.errors import DataError

from . import workspace as ws
from .guard import error_text
from .i18n import lang, md, t
from .state import set_custom_spec

SS = st.session_state


def flash(slot: str, kind: str, text: str) -> None:
    """Keep a message (``kind``: ``"success"``, ``"error"``...) for the section ``slot`` to show next run."""
    SS[slot] = (kind, text)


def show_flash(slot: str) -> None:
    """Show, once, the message an action left for this section."""
    if slot in SS:
        kind, text = SS.pop(slot)
        getattr(st, kind)(text)


def follow_default(key: str, default: str) -> None:
    """Pre-fill a text input with ``default`` and keep it following the default (a new file, another
    dataset or method) until the user types something of their own."""
    current = str(SS.get(key, "")).strip()
    if default and (not current or current == SS.get(f"{key}_auto")):
        SS[key] = default
        SS[f"{key}_auto"] = default


def exc_text(exc: Exception) -> str:
    """An error from the store or the readers in the active language, escaped for Markdown; any other
    error only as a reference to the server log."""
    if isinstance(exc, DataError):
        return t("data_save_invalid") + "  \n" + "  \n".join(md(p.text(lang())) for p in exc.errors[:20])
    if hasattr(exc, "text"):
        return md(exc.text(lang()) or type(exc).__name__)
    return error_text(exc, "data")


def _keep_selection_valid() -> None:
    """If the sidebar's dataset disappeared (deleted, hidden), fall back to the sample."""
    key = SS.get("dataset")
    if isinstance(key, str) and key.startswith(ws.PREFIX) and key not in ws.dataset_options():
        SS["dataset"] = "sample"


def set_scales(tag: str, scales: dict) -> None:
    """Use (or, with ``{}``, stop using) a framework copy with these Likert scales for the files ``tag``."""
    SS["data_scales"] = {tag: dict(scales)} if scales else {}


def _target() -> tuple | None:
    """(dataset id or ``None`` for a new dataset, name, description) of the save form; ``None`` (with a
    flash saying why) when it names a dataset of the user's that is gone."""
    if SS.get("data_target_mode", "new") == "version":
        target = ws.find_own_dataset(SS.get("data_target"), ws.current_user())
        if target is None:
            flash("data_save_flash", "error", t("data_target_missing"))
            return None
        return target.dataset_id, target.name, target.description
    return None, str(SS.get("data_name", "")).strip(), str(SS.get("data_desc", ""))


def save(plan: dict) -> None:
    """Save the plan's files as a new dataset or a new version of one of the user's datasets, and select
    it in the sidebar."""
    from store import AccessError, StoreError
    if not ws.can_write():
        flash("data_save_flash", "error", t("data_login_needed"))
        return
    target = _target()
    if target is None:
        return
    did, name, desc = target
    if not name:
        flash("data_save_flash", "error", t("data_name_needed"))
        return
    try:
        info = ws.get_store().save_version(
            name, plan["files"], user=ws.current_user(), description=desc, mapping=plan["mapping"] or None,
            dataset_id=did, public=bool(SS.get("data_public")) and ws.login_configured() and did is None,
            sheets=plan["sheets"] or None, extra=plan.get("extra") or None)
    except (DataError, AccessError, StoreError) as exc:
        flash("data_save_flash", "error", t("data_save_failed") + " " + exc_text(exc))
        return
    ws.forget()
    key = ws.make_key(info.dataset_id, info.version)
    SS["dataset"] = key            # select it in the sidebar (its widget has not run yet)
    SS["data_last_saved"] = {"digest": plan.get("digest"), "label": f"{name} v{int(info.version)}"}
    SS["data_saved"] = {"name": name, "version": int(info.version), "fingerprint": str(info.fingerprint),
                        "key": key}


def manage(action: str, dataset_id, *args, confirm: str | None = None) -> None:
    """Run a store action on one of the user's datasets (``rename``, ``describe``, ``set_hidden``,
    ``set_public``, ``delete_version``, ``delete_dataset``); a deletion needs its checkbox ``confirm``."""
    from store import AccessError, StoreError
    if not ws.can_write():
        flash("data_manage_flash", "error", t("data_login_needed"))
        return
    if confirm is not None and not SS.get(confirm):
        flash("data_manage_flash", "error", t("data_confirm_first"))
        return
    try:
        getattr(ws.get_store(), action)(dataset_id, *args, user=ws.current_user())
    except (AccessError, StoreError) as exc:
        flash("data_manage_flash", "error", t(f"data_failed_{action}") + " " + exc_text(exc))
        return
    finally:
        if confirm is not None:
            SS[confirm] = False
    ws.forget(loaded=action.startswith("delete"))
    _keep_selection_valid()
    flash("data_manage_flash", "success", t(f"data_done_{action}"))


def rename(dataset_id, widget: str) -> None:
    """Rename a dataset to the text of ``widget`` (not to nothing)."""
    value = str(SS.get(widget, "")).strip()
    if not value:
        flash("data_manage_flash", "error", t("data_name_needed"))
        return
    manage("rename", dataset_id, value)


def describe(dataset_id, widget: str) -> None:
    """Set a dataset's description to the text of ``widget``."""
    manage("describe", dataset_id, str(SS.get(widget, "")))


def _visible(key: str):
    """(dataset id, version) of a saved version the user may see; ``KeyError`` otherwise."""
    row = ws.find(key)
    if row is None:
        raise KeyError(key)
    return row.dataset_id, row.version


def save_assessment(dataset_key: str, spec_dict: dict) -> None:
    """Save the sidebar's dataset version and method under the name typed."""
    from store import AccessError, StoreError
    name = str(SS.get("data_asm_name", "")).strip()
    if not name:
        flash("data_asm_flash", "error", t("data_name_needed"))
        return
    try:
        did, ver = _visible(dataset_key)
        ws.get_store().save_assessment(did, ver, Spec.from_dict(spec_dict), name, user=ws.current_user())
    except (KeyError, AccessError, StoreError) as exc:
        flash("data_asm_flash", "error", t("data_asm_failed") + " " + exc_text(exc))
        return
    flash("data_asm_flash", "success", t("data_asm_saved", name=md(name)))


def reopen(assessment_id, dataset_key: str) -> None:
    """Select a saved assessment's dataset version and method in the sidebar."""
    from store import AccessError, StoreError
    try:
        _, spec = ws.get_store().open_assessment(assessment_id, user=ws.current_user())
    except (AccessError, StoreError, KeyError) as exc:
        flash("data_asm_flash", "error", t("data_asm_open_failed") + " " + exc_text(exc))
        return
    if dataset_key not in ws.dataset_options():
        flash("data_asm_flash", "error", t("data_asm_hidden"))
        return
    SS["dataset"] = dataset_key
    set_custom_spec(spec if isinstance(spec, Spec) else Spec.from_dict(spec))
    SS["method"] = "custom"
    flash("data_asm_flash", "success", t("data_asm_opened"))
