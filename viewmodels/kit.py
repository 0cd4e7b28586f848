"""What every view model shares: the headline card, the two ways of calling a diagnostic and of
escaping names, and region groups by name.

>>> Card("Regions", "31").delta is None, as_is("a*b")
(True, 'a*b')
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from metrics.assessment import Assessment
from metrics.data import region_group_names
from texts import t


@dataclass(frozen=True)
class Card:
    """A headline figure: ``value`` big, ``delta`` (a name, a level) under it without an arrow, ``help``."""
    label: str
    value: str
    delta: str | None = None
    help: str | None = None


def as_is(s: str) -> str:
    """No escaping: names as they are (an export writing plain text)."""
    return s


def direct(a: Assessment) -> Callable:
    """``diag(fn, **kw)`` without a cache: ``fn(a, **kw)`` (a notebook, an export, a test)."""
    return lambda fn, **kw: fn(a, **kw)


def group_namer(lang: str) -> Callable[[Any], str]:
    """Region group code -> its name (``data/region_groups.csv``; an unknown group by its code)."""
    gnames, en = region_group_names(), lang == "en"

    def name(g) -> str:
        if not isinstance(g, str) or not g:
            return t("no_group", lang)
        return gnames.get(g, (g, g))[en]
    return name
