"""The text catalogue (texts/, issue 12 item 3): every string once, in both languages, and every key a module
asks for exists.

The checks read the source rather than run the pages, so a key used only on a rarely drawn branch (an error
message, a county-scale caption) is checked too.
"""
import ast
import collections
import pkgutil
import re
import string
from pathlib import Path

import pytest

import texts

ROOT = Path(__file__).resolve().parents[2]
#: the packages that show text, and the entry point (tests are left out: they may name keys on purpose)
SOURCES = ("texts", "metrics", "store", "charts", "viewmodels", "export", "ui", "views")
#: a key as the literal first argument of t(...), c.t(...), texts.t(...), both(...), t_in(lang, ...),
#: text_in(...); a function whose name only ends in t (``_t``, ``fmt``) does not match
CALL = re.compile(r"""(?<![\w])(?:t|both|text_in|\w+\.t)\(\s*(f?)(["'])([^"'{}\n]*)(\{?)"""
                  r"""|(?<![\w])t_in\(\s*[\w.]+\s*,\s*(f?)(["'])([^"'{}\n]*)(\{?)""")


def _files() -> list[Path]:
    out = [ROOT / "dashboard.py"]
    for pkg in SOURCES:
        out += sorted((ROOT / pkg).rglob("*.py"))
    return out


def _uses() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(file:line, key) for every literal key, and (file:line, prefix) for every f-string key."""
    literal, built = [], []
    for f in _files():
        src = f.read_text(encoding="utf-8")
        for m in CALL.finditer(src):
            fstr, _, body, brace = m.group(1, 2, 3, 4) if m.group(2) else m.group(5, 6, 7, 8)
            where = f"{f.relative_to(ROOT)}:{src.count(chr(10), 0, m.start()) + 1}"
            if fstr and brace:
                built.append((where, body))
            elif not fstr and re.fullmatch(r"[A-Za-z_]\w*", body):  # not a docstring's t("...")
                literal.append((where, body))
    return literal, built


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name is not None}


def test_every_key_has_both_languages():
    bad = [k for k, pair in texts.TEXT.items()
           if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) and s.strip() for s in pair))]
    assert not bad


def test_both_languages_take_the_same_placeholders():
    bad = {k: (_fields(zh), _fields(en)) for k, (zh, en) in texts.TEXT.items() if _fields(zh) != _fields(en)}
    assert not bad


def test_no_two_keys_carry_the_same_text():
    by_text = collections.defaultdict(list)
    for k, pair in texts.TEXT.items():
        by_text[pair].append(k)
    assert not [ks for ks in by_text.values() if len(ks) > 1]


def test_every_key_a_module_asks_for_exists():
    literal, built = _uses()
    assert len(literal) > 500, "the scan found too few uses: has the calling convention changed?"
    known = set(texts.TEXT)
    assert not [(where, k) for where, k in literal if k not in known]
    # a key built from a variable (t(f"preset_{name}")): at least one key has that prefix
    assert not [(where, p) for where, p in built if not any(k.startswith(p) for k in known)]


def test_no_module_outside_texts_defines_a_text_table():
    found = []
    for f in _files():
        if f.relative_to(ROOT).parts[0] == "texts":
            continue
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, ast.AnnAssign) else []
            found += [f"{f.relative_to(ROOT)}:{node.lineno}" for x in targets
                      if isinstance(x, ast.Name) and x.id == "TEXT"]
    assert not found


def test_every_module_of_texts_is_merged():
    modules = {m.name for m in pkgutil.iter_modules(texts.__path__)}
    assert modules == set(texts.PARTS)


@pytest.mark.parametrize("lang", texts.LANGS)
def test_t_formats_in_the_language_asked(lang):
    zh, en = texts.TEXT["page_of"]
    assert texts.t("page_of", lang, page=1, pages=2) == (en if lang == "en" else zh).format(page=1, pages=2)
