"""The pages' side of the text catalogue (:mod:`texts`): the session's language, and Markdown escaping.

``t(key, **fmt)`` returns the catalogue's string in the active language (``zh`` or ``en``), formatted with
``fmt``.  A test checks that every key has both languages and that every ``t("...")`` used by a page exists.
"""
from __future__ import annotations

import re

import streamlit as st

from texts import LANG_LABELS, LANGS, TEXT  # noqa: F401 - the one catalogue, shared with the exports
from texts import t as text_in


def lang() -> str:
    """The active language: the sidebar's choice, else the URL's ``lang``, else the browser's locale, else Chinese."""
    v = st.session_state.get("lang")
    if v in LANGS:
        return v
    q = st.query_params.get("lang")
    if q in LANGS:
        return q
    try:
        loc = (st.context.locale or "").lower()
    except Exception:  # no browser context (bare mode)
        loc = ""
    return "en" if loc.startswith("en") else "zh"


def t(key: str, **fmt) -> str:
    """The string ``key`` in the active language, formatted with ``fmt``."""
    return t_in(lang(), key, **fmt)


def t_in(language: str, key: str, **fmt) -> str:
    """The string ``key`` in ``language``: for ``format_func`` callbacks, which may run outside a script
    run (bind the language when the widget is created: ``lambda k, lg=lang(): t_in(lg, k)``)."""
    return text_in(key, language, **fmt)


WORD_JOINER = "\u2060"
_SPACE = re.compile(r"\s+")
#: Where an autolinker (GFM's, Streamlit's emoji and icon shortcodes) would start: a scheme's or a
#: shortcode's ':', an e-mail's '@' (not before a space: "Data: x" is left alone), the '.' after 'www'.
#: A word joiner (invisible, zero-width) goes after each, so none of them matches; the text reads the same.
_LINK_START = re.compile(r"([:@])(?!\s|$)|(?<=www)(?=\\?\.)", re.IGNORECASE)
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    r"""User text (region and indicator names, file names, headers, dataset names) made safe for
    anything Streamlit renders as Markdown: ``st.markdown``/``caption``/``header``/alerts, and the
    labels of widgets, metrics, tabs and radio options.

    - Markdown: every ASCII punctuation character is backslash-escaped, so ``**bold**``,
      ``[x](http://…)``, ``:red[x]`` and ``$x$`` show as those characters; whitespace (line breaks,
      tabs) becomes one space, so no line can start a heading, list or code block.
    - HTML: ``< > &`` become entities, so ``<a href=…>`` is shown, never parsed.
    - Links: Markdown auto-links bare ``http://…``, ``www.…`` and e-mail addresses even when escaped;
      a word joiner after the scheme's ``:``, the ``@`` and ``www`` stops that (and emoji/icon
      shortcodes such as ``:material/home:``) without changing what is read.

    Examples
    --------
    >>> md("**a** <b>")
    '\\*\\*a\\*\\* &lt;b&gt;'
    >>> md("http://x.org").replace(WORD_JOINER, "^")
    'http\\:^\\/\\/x\\.org'
    """
    text = _SPACE.sub(" ", str(text))
    text = _ASCII_PUNCT.sub(lambda m: _ENTITY.get(m.group(1), "\\" + m.group(1)), text)
    return _LINK_START.sub(lambda m: (m.group(1) or "") + WORD_JOINER, text)


def pick(zh: str, en: str) -> str:
    """Choose between two data strings (for example a node's Chinese and English names)."""
    return zh if lang() == "zh" else en
