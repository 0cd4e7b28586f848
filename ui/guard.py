"""Unexpected errors become a friendly bilingual message with a reference; the server log has the rest.

Visitors never see a traceback, an exception's text or a server path (``client.showErrorDetails =
"none"`` in ``.streamlit/config.toml`` hides Streamlit's own error details too).  Every page runs
inside :func:`run_guarded` (``dashboard.py`` wraps the sidebar and ``st.navigation``'s ``run()``
once); an exception is logged in full (traceback included) under a short reference such as
``7F3A09C2``, and the page says that reference, so a user's report can be matched to the log line.

Streamlit's control flow is not an error and passes through: ``st.rerun``, ``st.switch_page`` and
``st.stop`` raise ``RerunException``/``StopException`` (``BaseException``, never caught here), and an
error inside a fragment, which Streamlit has already shown, arrives as ``FragmentHandledException``.
"""
from __future__ import annotations

import logging
import secrets
from typing import Callable

import streamlit as st
from streamlit.errors import FragmentHandledException

from .i18n import t

LOG = logging.getLogger("dgs.pages")


def error_text(exc: BaseException, where: str = "") -> str:
    """Log ``exc`` in full under a new reference; the sentence that gives the reference (Markdown-safe)."""
    ref = secrets.token_hex(4).upper()
    LOG.error("unexpected error, reference %s, page %s", ref, where or "?", exc_info=exc)
    return t("error_logged", ref=ref)


def show_error(exc: BaseException, where: str = "") -> None:
    """Show the friendly message for ``exc`` with its reference (logged in full by :func:`error_text`)."""
    st.error(t("page_error") + " " + error_text(exc, where), icon=":material/error:")


def run_guarded(run: Callable[[], object], where: str = "") -> None:
    """Run a page; any error it raises is shown as :func:`show_error` and logged, never as a traceback."""
    try:
        run()
    except FragmentHandledException:
        raise
    except Exception as exc:  # noqa: BLE001 - the one place where page errors end
        show_error(exc, where)
