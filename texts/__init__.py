"""The text catalogue: every string the dashboard, the exports and the library show, in Chinese and English.

One table, no Streamlit, the language always passed explicitly.  The strings live in one module per area
(``common`` for what every page shares and for any text that several areas show, one per page, ``export``
for the deck, report, workbook and questionnaires, ``methods_registry`` for the method names that
:mod:`metrics.methods` reads); they are merged into :data:`TEXT` here, and a key defined in two modules is
an error.  Each text is there once: a column called "Region" on every page and in
every export is ``col_region`` (``tests/unit/test_texts.py`` checks that no two keys carry the same pair).
Pages call ``ui.i18n.t(key)``, which passes the session's language to :func:`t`; everything below the
pages calls :func:`t` with the language it was given.

>>> t("synthetic_label", "zh"), t("synthetic_label", "en")
('合成数据（演示用）', 'Synthetic demo data')
>>> t("page_of", "en", page=2, pages=9)
'Page 2 of 9'
>>> both("page_overview")
'总览 / Overview'
"""
from __future__ import annotations

import importlib

LANGS = ("zh", "en")
LANG_LABELS = {"zh": "中文", "en": "English"}

#: the modules of this package that hold a ``TEXT`` table, in the order they are merged
PARTS = ("common", "overview", "profile", "compare", "synergy", "methods", "data", "survey", "present",
         "path", "pickers", "paging", "geomap", "export", "methods_registry")

TEXT: dict[str, tuple[str, str]] = {}

def _merge() -> None:
    for name in PARTS:
        part = importlib.import_module(f"{__name__}.{name}").TEXT
        clash = set(part) & set(TEXT)
        if clash:
            raise KeyError(f"text keys defined twice ({name}): {sorted(clash)}")
        TEXT.update(part)


_merge()


def t(key: str, lang: str = "zh", /, **fmt) -> str:
    """The string ``key`` in ``lang`` (``zh`` or ``en``; anything else reads as Chinese), formatted with ``fmt``."""
    zh, en = TEXT[key]
    s = en if lang == "en" else zh
    return s.format(**fmt) if fmt else s


def both(key: str, /, **fmt) -> str:
    """Chinese, then English, joined with `` / `` (for error messages)."""
    return f"{t(key, 'zh', **fmt)} / {t(key, 'en', **fmt)}"
