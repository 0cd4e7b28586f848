"""The region picker: one select (or multiselect) of regions that searches by name or code and, for
county or city data, narrows by province and then city.

Streamlit's select widgets filter their options by the *label* as the user types, so the label carries
what a user may type: the name, the place it lies in and the code — ``鼓楼区 · 南京市 (320106)``,
``Gulou District · Nanjing (320106)`` — which also tells same-named counties apart.  A province-level
dataset (the bundled sample) keeps plain names (a code only where two regions share a name) and one
select, as before.

Narrowing uses the GB/T 2260 code structure (:func:`metrics.hierarchy.region_hierarchy`): a province
select, then a city select, shown only when the dataset's codes lie below province level and there are
more than :data:`NARROW_AT` regions.  Both live in the URL (``?province=320000&city=320100``, the same
parameters the Overview's map drill-down uses, ``all`` for no narrowing), through
:func:`ui.widgets.url_select`.  A link naming a region (``?region=320106``) opens that region whatever the link says
about the province: the narrowing follows the region.
"""
from __future__ import annotations

from contextlib import nullcontext
from typing import Any, Sequence

import pandas as pd
import streamlit as st

from metrics.hierarchy import city_of, is_below_province, province_of, region_hierarchy

from .i18n import lang as lang_now
from .i18n import t, t_in
from .widgets import from_link, url_select, write_url

#: More regions than this (below province level) and the picker narrows by province and city.
NARROW_AT = 60
#: More regions than this and the Synergy page draws only what is open (its disparity and perception tabs).
LAZY_AT = 300
PROVINCE, CITY = "province", "city"
#: The "every province / city" choice, in the URL as ``?province=all`` (as on the Overview's map).
ALL = "all"

_cache: dict[int, tuple[Any, dict]] = {}   # id(dataset) -> (dataset, {what: value}); datasets are shared


def _memo(dataset, what: str, build):
    """``build()`` once per dataset object (datasets are process-wide cached resources)."""
    hit = _cache.get(id(dataset))
    if hit is None or hit[0] is not dataset:
        if len(_cache) > 32:
            _cache.clear()
        hit = _cache[id(dataset)] = (dataset, {})
    if what not in hit[1]:
        hit[1][what] = build()
    return hit[1][what]


def hierarchy(ctx) -> pd.DataFrame:
    """Province and city of every region of the dataset (:func:`metrics.hierarchy.region_hierarchy`)."""
    ds = ctx.dataset

    def build():
        codes = list(ds.regions.table.index) if ds.regions is not None else []
        return region_hierarchy(codes, ds.regions)
    h = _memo(ds, "hierarchy", build)
    return h


def _hier_for(ctx, codes: Sequence[str]) -> pd.DataFrame:
    h = hierarchy(ctx)
    missing = [c for c in codes if c not in h.index]
    if missing:   # regions in the data but not in the region table
        h = pd.concat([h, region_hierarchy(missing, ctx.dataset.regions)])
    return h


def detailed(ctx, codes: Sequence[str]) -> bool:
    """Whether the regions lie below province level (counties, cities): labels then carry place and code."""
    return any(is_below_province(str(c)) for c in codes)


def labels(ctx, codes: Sequence[str], lang: str | None = None) -> dict[str, str]:
    """Label of every region code in ``lang``: for county or city data ``name · city (code)`` (the
    province where there is no city); otherwise the name, with the code where two regions share it."""
    lg = lang or lang_now()
    codes = [str(c) for c in codes]
    ds = ctx.dataset

    def build():
        every = list(ds.regions.table.index) if ds.regions is not None else []
        return _labels(ctx, sorted(set(every) | set(codes)), lg)
    out = _memo(ds, f"labels_{lg}", build)
    if any(c not in out for c in codes):
        out.update(_labels(ctx, [c for c in codes if c not in out], lg))
    return out


def _labels(ctx, codes: list[str], lg: str) -> dict[str, str]:
    ds = ctx.dataset
    names = {c: ds.region_name(c, lg) for c in codes}
    if not detailed(ctx, codes):
        counts = pd.Series(list(names.values()), dtype=object).value_counts()
        return {c: (f"{n} ({c})" if counts.get(n, 0) > 1 else n) for c, n in names.items()}
    h = _hier_for(ctx, codes)
    out = {}
    for c, n in names.items():
        row = h.loc[c] if c in h.index else None
        parent = ""
        if row is not None and is_below_province(c):
            parent = row[f"city_{lg}"] if row["city"] and row["city"] != c else row[f"province_{lg}"]
        n = _without(n, parent)
        out[c] = f"{n} · {parent} ({c})" if parent else (n if n == c else f"{n} ({c})")
    return out


def _without(name: str, parent: str) -> str:
    """``name`` without the place a dataset added to tell same-named units apart (鼓楼区（南京市）,
    南京市鼓楼区, Gulou District (Nanjing)): the label says the place anyway."""
    if not parent:
        return name
    for tail in (f" ({parent})", f"({parent})", f"（{parent}）"):
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)]
    if parent[-1] in "市州盟区" and name.startswith(parent) and len(name) > len(parent) + 1:  # 南京市鼓楼区
        return name[len(parent):]
    return name


def place(ctx, code: str) -> str:
    """Where a county or city lies, ``江苏 · 南京市`` (``""`` for a province or a code without a place)."""
    code = str(code)
    if not is_below_province(code):
        return ""
    h = _hier_for(ctx, [code])
    row = h.loc[code]
    lg = lang_now()
    parts = [row[f"province_{lg}"]]
    if row["city"] and row["city"] != code:
        parts.append(row[f"city_{lg}"])
    return " · ".join(p for p in parts if p)


def narrows(ctx, codes: Sequence[str]) -> bool:
    """Whether the picker shows the province and city selects for these regions."""
    return len(codes) > NARROW_AT and detailed(ctx, codes)


def _link_region(key: str, codes: set[str], multi: bool) -> str | None:
    """A region a link names in ``?key=`` that this session did not write (first one for ``multi``)."""
    raw = from_link(key)
    if raw is None:
        return None
    picked = [c for c in raw.split(",") if c in codes] if multi else ([raw] if raw in codes else [])
    return picked[0] if picked else None


def _follow(region: str) -> None:
    """Make the narrowing show ``region``: its province, and its city (or all cities)."""
    p, c = province_of(region), city_of(region)
    for k, v in ((PROVINCE, p or ALL), (CITY, c or ALL)):
        st.session_state[k] = v
        write_url(k, v)


def _carry(key: str, options: list[str]) -> None:
    """Keep a choice made by a select of the same key on another page (the Overview's map has its own
    ``province`` select): set again before the widget is built, a value is taken by this page's widget."""
    v = st.session_state.get(key)
    if v in options:
        st.session_state[key] = v


def narrowing(ctx, codes: Sequence[str], key: str, multi: bool = False, slots: Sequence | None = None
              ) -> list[str]:
    """Province and city selects (URL ``province``, ``city``) for the picker whose URL key is ``key``;
    returns ``codes`` narrowed to the chosen province and city.  ``slots``: two containers to draw the
    selects in (else two columns)."""
    codes = [str(c) for c in codes]
    h = _hier_for(ctx, codes).reindex(codes)
    linked = _link_region(key, set(codes), multi)
    if linked is not None:
        cur_p = st.query_params.get(PROVINCE, st.session_state.get(PROVINCE, ALL))
        cur_c = st.query_params.get(CITY, st.session_state.get(CITY, ALL))
        if cur_p != (province_of(linked) or ALL) or cur_c not in (ALL, city_of(linked)):
            _follow(linked)
    slots = slots or st.columns(2)
    lg = lang_now()
    provs = sorted(p for p in h["province"].unique() if p)
    pnames = h.drop_duplicates("province").set_index("province")[[f"province_{x}" for x in ("zh", "en")]]

    def pname(p, lg=lg):
        return t_in(lg, "pk_all_provinces") if p == ALL else pnames.at[p, f"province_{lg}"]
    _carry(PROVINCE, [ALL, *provs])
    with slots[0]:
        prov = url_select(st.selectbox, t("pk_province"), [ALL, *provs], PROVINCE, pname, default=ALL)
    inside = h[h["province"] == prov] if prov != ALL else h
    cities = sorted(c for c in inside["city"].unique() if c) if prov != ALL else []
    cnames = inside.drop_duplicates("city").set_index("city")[["city_zh", "city_en"]]

    def cname(c, lg=lg):
        return t_in(lg, "pk_all_cities") if c == ALL else cnames.at[c, f"city_{lg}"]
    city = ALL
    if cities:
        _carry(CITY, [ALL, *cities])
        with slots[1]:
            city = url_select(st.selectbox, t("pk_city"), [ALL, *cities], CITY, cname, default=ALL)
    else:
        st.query_params.pop(CITY, None)
    if city != ALL:
        inside = inside[inside["city"] == city]
    keep = set(inside.index)
    return [c for c in codes if c in keep]


def region_picker(ctx, label: str, codes: Sequence[str], key: str, *, multi: bool = False,
                  default: Any = None, narrow: bool = True, url: bool = True, slots: Sequence | None = None,
                  **kw) -> Any:
    """A searchable region select (``multi``: multiselect) over ``codes``, in the URL's ``key``
    (``url=False``: a plain keyed widget, its value kept by the caller).

    With ``narrow`` and many county or city regions (:func:`narrows`), a province and a city select come
    first (in ``slots``: three containers, province, city, region; else one row of columns) and the
    options are the regions inside them — plus, for a multiselect, those already chosen elsewhere.
    ``default`` may be a callable taking the narrowed codes.  Returns the chosen code (list for ``multi``).
    """
    codes = [str(c) for c in codes]
    lab = labels(ctx, codes)
    lg = lang_now()
    options = codes
    if narrow and narrows(ctx, codes):
        if slots is None:   # a multiselect gets a row of its own: its chips need the width
            slots = list(st.columns([1, 1, 2]))
            if multi:
                slots[2] = st.container()
        options = narrowing(ctx, codes, key, multi, slots[:2])
        if multi:   # choices made elsewhere stay chosen (and shown) when the narrowing changes
            raw = st.query_params.get(key) if url else None
            held = list(st.session_state.get(key) or []) + (raw.split(",") if raw else []) \
                + (list(default) if isinstance(default, (list, tuple)) else [])
            keep = set(options)
            options = options + [c for c in dict.fromkeys(held) if c in lab and c in set(codes) - keep]
        if not options:
            options = codes
        where = slots[2]
    else:
        where = nullcontext() if slots is None else slots[-1]
    if callable(default):
        default = default(options)

    def fmt(c, lg=lg):
        return labels(ctx, [c], lg).get(c, c)
    held = st.session_state.get(key)   # a value kept across a change of options (a new widget otherwise)
    if held is not None and (all(c in options for c in held) if multi else held in options):
        st.session_state[key] = held
    with where:
        if url:
            return url_select(st.multiselect if multi else st.selectbox, label, options, key, fmt,
                              default=default, multi=multi, **kw)
        if multi:
            st.session_state[key] = [c for c in (st.session_state.get(key) if key in st.session_state
                                                 else default or []) if c in options]
            return st.multiselect(label, options, key=key, format_func=fmt, **kw)
        if st.session_state.get(key) not in options:
            st.session_state[key] = default if default in options else options[0]
        return st.selectbox(label, options, key=key, format_func=fmt, **kw)
