"""The exports' view of the text catalogue (:mod:`texts`): the same ``t`` and ``both``, and a language check
that raises the exports' own error.

>>> t("synthetic_label", "en")
'Synthetic demo data'
"""
from __future__ import annotations

from texts import LANGS, TEXT, both, t  # noqa: F401 - the exports read the one catalogue


def check_lang(lang: str) -> str:
    from .errors import ExportError

    if lang not in LANGS:
        raise ExportError(both("err_lang", lang=lang))
    return lang
