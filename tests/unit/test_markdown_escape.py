"""ui.i18n.md: user text shown through Markdown shows as written, with no markup, no HTML and no
live link (issue 15 item 6).

The escaped text is rendered by a CommonMark renderer (markdown-it-py, with GFM tables and
strikethrough) as Streamlit's Markdown would parse it; what the reader sees is then checked for
what GitHub-flavoured Markdown auto-links (``http(s)://``, ``www.``, e-mail addresses,
``mailto:``/``xmpp:``) and for Streamlit's shortcodes (``:smile:``, ``:material/home:``,
``:red[…]``), none of which a backslash escape stops.
"""
from __future__ import annotations

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ui.i18n import WORD_JOINER, md

RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
FRAGMENTS = ["http://", "https://", "HTTP://", "www.", "WWW.", "@", "evil.example", "mailto:", "xmpp:",
             "<a href=\"", "\">", "</a>", "<img src=x onerror=alert(1)>", "<b>", "&amp;", "&lt;", "&#60;",
             "**", "__", "*", "_", "`", "```", "~~", "$", "$$", "[", "](", ")", "![", "<http://x.y>",
             ":red[", ":material/home:", ":smile:", "#", "# ", "- ", "1. ", "> ", "|", "---", "\\",
             "\n", "\r\n", "\t", "    ", "=HYPERLINK(\"", "\",\"f\")", "北京", "：", "\u2060", "\u00a0"]
# GFM's autolink literals (www., http(s)://, e-mail; mailto:/xmpp: in newer micromark), any scheme,
# and Streamlit's shortcodes and directives
AUTOLINKABLE = [re.compile(p, re.IGNORECASE) for p in (
    r"[a-z][a-z0-9+.-]*:/", r"(?<![a-z0-9])www\.", r"[\w.+-]@[\w-]", r"(mailto|xmpp):\w",
    r":[\w/+-]+:", r":\w+\[")]
TAG = re.compile(r"<(?!/?p>)")


def rendered(text: str) -> tuple[str, str]:
    """``(html, visible text)`` of ``md(text)`` rendered as Markdown."""
    out = RENDERER.render(md(text)).strip()
    inner = out.removeprefix("<p>").removesuffix("</p>")
    return out, html.unescape(inner)


hostile = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(FRAGMENTS)), max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(hostile)
@example('<a href="http://evil.example/x">区域</a>')
@example('=HYPERLINK("http://evil.example","f")')
@example("www.evil.example admin@evil.example :red[x] :material/home:")
def test_escaped_text_renders_as_written_with_no_tag_and_no_link(text):
    out, visible = rendered(text)
    assert not TAG.search(out), out                     # only the paragraph: no tag, no link, no heading
    for pattern in AUTOLINKABLE:
        assert not pattern.search(visible), (pattern.pattern, visible)
    # lossless: the reader sees the text as written (whitespace runs read as one space, as in HTML)
    shown = visible.replace(WORD_JOINER, "")
    expected = re.sub(r"\s+", " ", text.replace("\0", "\ufffd")).strip().replace(WORD_JOINER, "")
    assert shown == expected


@given(hostile)
def test_escaping_is_a_function_of_the_text_only_and_keeps_one_line(text):
    once = md(text)
    assert once == md(text) and "\n" not in once and "\r" not in once
    assert not re.search(r"[<>]", once)


def test_known_hostile_names():
    for name, shown in [('<a href="http://e.example">x</a>', '<a href="http://e.example">x</a>'),
                        ("**粗体** [点我](https://e.example)", "**粗体** [点我](https://e.example)")]:
        out, visible = rendered(name)
        assert out.count("<") == 2 and visible.replace(WORD_JOINER, "") == shown
    assert md("北京") == "北京" and md("ORG1 组织") == "ORG1 组织"      # plain names are unchanged
