"""Indicator data, survey data and region tables: reading and checking.

Indicator data layouts (detected from the header):

* **long**: ``region, [year], indicator, value``;
* **wide**: ``region, [year], <indicator columns>``;
* **COINr iData**: ``uCode, uName, [Time], *_group, <denominators>, <indicators>``
  (``region`` is the ``uCode``).

Headers may be English ids or Chinese labels: region columns ``region``,
``地区``, ``地区代码``, ``uCode``; years ``year``, ``年份``, ``Time``; indicator
columns by code, Chinese name or English name of the framework.

Region cells are cleaned like headers (NFKC, zero-width and direction-control
characters removed, with a warning).  Without a region table the shipped one
(``data/regions.csv``, the 31 provinces) is used when at least half of the
data's distinct regions are in it; the others are then ``unknown_region``
warnings naming the first row of each, and the table is kept for the known
ones (``IndicatorData.regions``).

Survey data: one row per respondent, ``respondent_id, region, [year], group,
<item columns>``.  ``group`` is one of ``gov, ent, org, cit`` (or 政府, 企业,
社会组织, 公众).  Answers are whole numbers ``1..k`` (``k`` = the item's Likert
scale in the framework); anything else is an error, never clipped.  Optional
metadata columns feed the response-quality checks (:mod:`metrics.survey_quality`):
``duration`` (seconds, or ``"2分5秒"``; also 所用时间), ``submitted`` (提交答卷时间),
``ip`` (来自IP) and ``out_of_scale`` (answers a platform import set aside); a
value that cannot be read there is a warning and counts as unknown.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import MAX_PER_COLUMN, Report
from .framework import DATA_DIR, GROUPS, Framework, parse_group
from .readers import INVISIBLE, MISSING_TOKENS, clean_text, find_column, layout_hint, parse_numeric, read_table

REGION_ALIASES = ["region", "地区", "地区代码", "区域", "省份", "uCode", "code", "region_code", "行政区划代码"]
NAME_ALIASES = ["name", "uName", "地区名称", "名称", "region_name"]
YEAR_ALIASES = ["year", "年份", "年度", "Time", "时间"]
INDICATOR_ALIASES = ["indicator", "指标", "指标代码", "iCode"]
VALUE_ALIASES = ["value", "数值", "值", "取值"]
RESP_ALIASES = ["respondent_id", "respondent", "受访者编号", "问卷编号", "编号", "id"]
GROUP_ALIASES = ["group", "主体", "受访者类型", "群体", "stakeholder"]
#: Optional metadata columns of survey data, used by the quality checks (:mod:`metrics.survey_quality`).
META_ALIASES = {"duration": ["duration", "所用时间", "用时", "答题时长", "填写时长", "interviewtime"],
                "submitted": ["submitted", "提交答卷时间", "提交时间", "submitdate"],
                "ip": ["ip", "来自IP", "IP地址", "ipaddr"],
                "out_of_scale": ["out_of_scale", "超出量表"]}

DEFAULT_REGIONS = DATA_DIR / "regions.csv"
NO_YEAR = 0  # internal year of data without a year column


# --------------------------------------------------------------------------- regions
@dataclass(frozen=True)
class Regions:
    """Region table indexed by code: ``name_zh, name_en, group, row, col``."""

    table: pd.DataFrame

    def name(self, code: str, lang: str = "zh") -> str:
        """The region's name in ``lang``, else its code (a dictionary lookup: pages call it per row)."""
        return self._names[lang == "en"].get(code) or str(code)

    @functools.cached_property
    def _names(self) -> tuple[dict, dict]:
        """(Chinese, English) code -> non-empty name, built once (``table`` is not changed after loading)."""
        out = []
        for col in ("name_zh", "name_en"):
            s = self.table[col] if col in self.table else pd.Series(dtype=object)
            out.append({k: v for k, v in zip(s.index, s.tolist()) if isinstance(v, str) and v})
        return out[0], out[1]

    def lookup(self) -> dict[str, str]:
        """Map codes, Chinese names and English names (lower-case) to codes."""
        out: dict[str, str] = {}
        for code, r in self.table.iterrows():
            out[str(code)] = str(code)
            for c in ("name_zh", "name_en"):
                v = r.get(c)
                if isinstance(v, str) and v:
                    out.setdefault(v, str(code))
                    out.setdefault(v.lower(), str(code))
        return out

    def group_of(self) -> pd.Series:
        return self.table["group"] if "group" in self.table else pd.Series(dtype=object)


def load_regions(source: str | os.PathLike | bytes | pd.DataFrame | None = None, name: str | None = None) -> Regions:
    """Read a region table (``code, name_zh, name_en, group[, row, col]``).

    Examples
    --------
    >>> r = load_regions()
    >>> r.name("110000"), r.name("110000", "en")
    ('北京', 'Beijing')
    """
    if source is None:
        source = DEFAULT_REGIONS
    raw = source.astype(str) if isinstance(source, pd.DataFrame) else read_table(source, name=name)
    name = raw.attrs.get("name", name or "regions")
    decimal, report = _table_notes(source, raw)
    code = find_column(raw.columns, ["code", "地区代码", "代码", "region", "uCode"])
    if code is None:
        hz, he = layout_hint(raw.columns)
        report.add("地区表缺少 code 列", "The region table has no code column",
                   "请添加 code 列（地区代码，也可写作“地区代码”“代码”）" + hz,
                   "Add a code column (region codes; 地区代码 or 代码 also work)" + he,
                   file=name, column="code", code="missing_column")
        report.raise_if_errors()
    cols = {"name_zh": ["name_zh", "中文名称", "名称", "地区名称"], "name_en": ["name_en", "英文名称"],
            "group": ["group", "分组", "区域", "地带"], "row": ["row", "行"], "col": ["col", "列"]}
    t = pd.DataFrame({"code": _clean_codes(raw[code], name, code, report)})
    for k, aliases in cols.items():
        c = find_column(raw.columns, aliases)
        t[k] = raw[c].astype(str).str.strip() if c else ""
    dup = (t["code"].duplicated(keep="first") & (t["code"] != "")).to_numpy()
    pos = np.flatnonzero(dup)
    for i in pos[:MAX_PER_COLUMN]:
        c = t["code"].iat[i]
        first = int(np.flatnonzero((t["code"] == c).to_numpy())[0]) + 2
        report.add(f"地区代码重复：“{c}”（第 {first} 行已有）", f"Duplicate region code '{c}' (also row {first})",
                   "每个地区只能出现一次；请删除或合并重复的行", "Each region may appear once; delete or merge the duplicate",
                   file=name, row=int(i) + 2, column=code, value=c, code="duplicate_region")
    report.add_more(len(pos) - MAX_PER_COLUMN, file=name, column=code, code="duplicate_region")
    pos = np.flatnonzero((t["code"] == "").to_numpy())
    for i in pos[:MAX_PER_COLUMN]:
        report.add("缺少地区代码", "Missing region code", "每行都必须填写地区代码", "Every row needs a region code",
                   file=name, row=int(i) + 2, column=code, code="missing_code")
    report.add_more(len(pos) - MAX_PER_COLUMN, file=name, column=code, code="missing_code")
    report.raise_if_errors()
    for k, what in (("name_zh", ("中文名称", "Chinese name")), ("name_en", ("英文名称", "English name"))):
        c = find_column(raw.columns, cols[k])
        if c:
            _long_names(t[k], name, c, report, what=what)
    for k in ("row", "col"):
        c = find_column(raw.columns, cols[k])
        warn = Report()
        t[k] = parse_numeric(t[k], file=name, column=c or k, report=warn, decimal=decimal)
        report.extend(warn.warnings)  # (a decimal comma)
        for p in warn.errors:  # a bad tile position only loses the region its place on the map
            report.add(p.message_zh + "，已忽略（该地区在地图上没有位置）", p.message_en + "; ignored (the region has no map position)",
                       p.hint_zh, p.hint_en, file=p.file, row=p.row, column=p.column, value=p.value,
                       severity="warning", code="bad_tile_position")
    out = Regions(t.set_index("code"))
    object.__setattr__(out, "_warnings", report.notes)
    return out


def default_regions() -> Regions:
    return load_regions(DEFAULT_REGIONS)


@functools.lru_cache(maxsize=1)
def _shipped_regions() -> Regions:
    return default_regions()


def _guess_regions(codes: pd.Series) -> Regions | None:
    """The shipped region table when at least half of the distinct non-empty region cells are its
    codes or names, else None (the data's own units: counties, countries, ...)."""
    shipped = _shipped_regions()
    look = shipped.lookup()
    uniq = [v for v in pd.unique(codes) if v]
    known = sum(1 for v in uniq if v in look or v.lower() in look)
    return shipped if uniq and 2 * known >= len(uniq) else None


def _table_notes(source, raw: pd.DataFrame) -> tuple[str, Report]:
    """The decimal mark of a table read by :func:`~metrics.readers.read_table` (the comma in a
    ``;``-separated file) and a report that starts with what the reader noticed (the warnings of
    :func:`metrics.xlsx.sheet_warnings`); from ``source`` when it is such a table already."""
    attrs = (source if isinstance(source, pd.DataFrame) else raw).attrs
    return ("," if attrs.get("delimiter") == ";" else "."), Report(list(attrs.get("problems") or []))


def _clean_codes(raw: pd.Series, file: str, column: str, report: Report, first_row: int = 2) -> pd.Series:
    """Region cells cleaned like headers (NFKC, invisible characters removed, stripped); a cell
    that held zero-width or direction-control characters gets a warning at its first row
    (``first_row``: the file's row of the first cell)."""
    vals = raw.astype(str)
    table = {v: clean_text(v) for v in pd.unique(vals)}
    hidden = [v for v in table if any(ch in INVISIBLE for ch in v)]
    for v in hidden[:MAX_PER_COLUMN]:
        first = int(np.flatnonzero((vals == v).to_numpy())[0])
        shown = "".join(f"<U+{ord(ch):04X}>" if ch in INVISIBLE else ch for ch in v)[:80]
        report.add("地区单元格中有不可见字符（零宽字符或文字方向控制符），已删除",
                   "The region cell holds invisible characters (zero-width or text-direction controls); "
                   "they were removed", "请在原文件中删除这些字符，以免其他程序读错",
                   "Delete them in the original file too, so that other programs read it right",
                   file=file, row=first + first_row, column=column, value=shown, severity="warning",
                   code="invisible_characters")
    report.add_more(len(hidden) - MAX_PER_COLUMN, file=file, column=column, code="invisible_characters",
                    severity="warning")
    return vals.map(table) if any(k != v for k, v in table.items()) else vals


@functools.lru_cache(maxsize=1)
def region_group_names() -> dict[str, tuple[str, str]]:
    """Region group -> (Chinese, English) display name, from ``data/region_groups.csv``.

    Examples
    --------
    >>> region_group_names()["东部"]
    ('东部地区', 'Eastern')
    """
    df = pd.read_csv(DATA_DIR / "region_groups.csv", dtype=str).fillna("")
    return {r.group: (r.name_zh or r.group, r.name_en or r.group) for r in df.itertuples()}


# --------------------------------------------------------------------------- indicators
@dataclass
class IndicatorData:
    """Indicator values, one row per (region, year).

    Attributes
    ----------
    values : DataFrame
        Index ``(region, year)``; one float column per indicator found.
    names : Series
        Region code -> name given in the file (may be empty).
    groups : DataFrame
        Index region; COINr ``*_group`` columns.
    denominators : DataFrame
        Index ``(region, year)``; denominator columns kept aside.
    has_year : bool
    problems : list of Problem
        Warnings found while reading.
    regions : Regions or None
        The region table the regions were checked against: the one given, or
        the shipped one when most regions are in it (see the module docstring).
    """

    values: pd.DataFrame
    names: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    groups: pd.DataFrame = field(default_factory=pd.DataFrame)
    denominators: pd.DataFrame = field(default_factory=pd.DataFrame)
    has_year: bool = True
    problems: list = field(default_factory=list)
    source_name: str = "indicators"
    regions: Regions | None = None


def indicator_lookup(fw: Framework, mapping: dict | None = None):
    """A function from header text to the indicator it names: a code, a tuple of codes when the
    text names several indicators (never matched silently: the reader reports them), or ``None``.

    Tried in order, and the first tier that knows the text decides: the user's ``mapping``, codes,
    Chinese and English names as written and NFKC-normalised like the headers
    :func:`~metrics.readers.read_table` returns (so a name with full-width brackets matches its
    header), then the same case-insensitively.  Within a tier two indicators are a tie.
    """
    tiers: list[dict[str, set]] = [{}, {}, {}, {}]
    for k, v in (mapping or {}).items():
        if v:
            tiers[0].setdefault(str(k), set()).add(v)
    for code in fw.indicators:
        tiers[1].setdefault(code, set()).add(code)
        tiers[3].setdefault(code.lower(), set()).add(code)
        for v in (fw.table.at[code, "name_zh"], fw.table.at[code, "name_en"]):
            if isinstance(v, str) and v:
                for form in {v, unicodedata.normalize("NFKC", v).strip()}:
                    tiers[2].setdefault(form, set()).add(code)
                    tiers[3].setdefault(form.lower(), set()).add(code)

    def match(text: str):
        for i, tier in enumerate(tiers):
            found = tier.get(text.lower() if i == 3 else text)
            if found:
                return next(iter(found)) if len(found) == 1 else tuple(sorted(found))
        return None
    return match


def _ambiguous(report: Report, text: str, codes: tuple, file: str, column: str, row: int | None = None) -> None:
    listed = ", ".join(codes)
    report.add(f"“{text}”可对应多个指标：{listed}", f"'{text}' could be any of the indicators {listed}",
               "请改用指标代码作表头，或在“列映射”中选定指标", "Use the indicator code as the header, or map it to one indicator",
               file=file, row=row, column=column, value=text, code="ambiguous_indicator")


def _report_values(report: Report, column_values: pd.Series, bad: list, zh: str, en: str, hint_zh: str,
                   hint_en: str, file: str, column: str, code: str, first_row: int = 2) -> None:
    """One error per bad value (``{v}`` in the messages) at its first row, capped per column."""
    for v in bad[:MAX_PER_COLUMN]:
        i = int(np.flatnonzero((column_values == v).to_numpy())[0])
        report.add(zh.format(v=v), en.format(v=v), hint_zh, hint_en, file=file, row=i + first_row, column=column,
                   value=v, code=code)
    report.add_more(len(bad) - MAX_PER_COLUMN, file=file, column=column, code=code)


def _region_codes(raw: pd.Series, regions: Regions | None, file: str, column: str,
                  report: Report, first_row: int = 2) -> tuple[pd.Series, Regions | None]:
    """Region codes of the cells (names mapped to codes) and the region table used (``regions``,
    or the shipped one when most regions are in it); a region that is not in it and has a name
    longer than :data:`MAX_NAME_CHARS` is a warning."""
    vals = _clean_codes(raw, file, column, report, first_row)
    pos = np.flatnonzero((vals == "").to_numpy())
    for i in pos[:MAX_PER_COLUMN]:
        report.add("缺少地区", "Missing region", "每行都必须填写地区代码或名称", "Every row needs a region code or name",
                   file=file, row=int(i) + first_row, column=column, code="missing_region")
    report.add_more(len(pos) - MAX_PER_COLUMN, file=file, column=column, code="missing_region")
    if regions is None:
        regions = _guess_regions(vals)
    if regions is None:
        _long_names(vals, file, column, report, first_row)
        return vals, None
    look = regions.lookup()
    table = {v: look.get(v, look.get(v.lower(), v)) for v in pd.unique(vals)}
    mapped = vals.map(table)
    unknown = sorted(set(mapped[(~mapped.isin(regions.table.index)) & (vals != "")]))
    for u in unknown[:MAX_PER_COLUMN]:
        first = int(np.flatnonzero((mapped == u).to_numpy())[0])
        report.add(f"地区“{u}”不在地区表中", f"Region '{u}' is not in the region table",
                   "请检查拼写或代码；该地区仍会参与计算，但没有分组和地图位置",
                   "Check the spelling or code; it is still scored, but has no group or map position",
                   file=file, row=first + first_row, column=column, value=u, severity="warning", code="unknown_region")
    report.add_more(len(unknown) - MAX_PER_COLUMN, file=file, column=column, code="unknown_region", severity="warning")
    _long_names(mapped.where(~mapped.isin(regions.table.index), ""), file, column, report, first_row)
    return mapped, regions


#: Longest region name shown in full: the profile header, chart legends and map tiles shorten longer
#: ones (with the full name on hover, :mod:`charts.names`), and the data check warns about them.
MAX_NAME_CHARS = 40


def _long_names(names: pd.Series, file: str, column: str, report: Report, first_row: int = 2,
                what: tuple[str, str] = ("地区名称", "region name")) -> None:
    """A warning for each distinct name longer than :data:`MAX_NAME_CHARS` characters, at its first row."""
    text = names.astype(str)
    lengths = text.str.len().to_numpy()
    long = [v for v in pd.unique(text[lengths > MAX_NAME_CHARS])]
    for v in long[:MAX_PER_COLUMN]:
        i = int(np.flatnonzero((text == v).to_numpy())[0])
        report.add(f"{what[0]}有 {len(v)} 个字符，超过 {MAX_NAME_CHARS} 个：地区画像的标题、图例和地图方块中只显示其开头"
                   "（鼠标悬停可见全名）",
                   f"The {what[1]} has {len(v)} characters, more than {MAX_NAME_CHARS}: the profile header, chart "
                   "legends and map tiles show only its start (the full name on hover)",
                   f"请改用不超过 {MAX_NAME_CHARS} 个字符的简称（例如“北京”而不是全称加说明）",
                   f"Use a short name of at most {MAX_NAME_CHARS} characters (for example 'Beijing' rather than a "
                   "full title with remarks)",
                   file=file, row=i + first_row, column=column, value=v[:80] + ("…" if len(v) > 80 else ""),
                   severity="warning", code="long_name")
    report.add_more(len(long) - MAX_PER_COLUMN, file=file, column=column, code="long_name", severity="warning")


_CHINESE_DIGITS = "〇零一二三四五六七八九十"
_NIAN = r"\s*年度?$"  # a year suffix: "2020年", "2020 年", "2020年度"
#: Years accepted (a year outside is a typing mistake such as 1000 for 2010).
YEAR_MIN, YEAR_MAX = 1900, 2200


def _years(raw: pd.Series, file: str, column: str, report: Report, first_row: int = 2) -> np.ndarray:
    """Whole years :data:`YEAR_MIN`..:data:`YEAR_MAX`.  ``"2020年"``, ``"2020 年"`` and ``"2020年度"`` are read as 2020 (the
    suffix is how Chinese tables often write years); Chinese numerals (``"二〇二〇"``), dates and
    ranges are errors with a hint, empty cells are "missing year" errors."""
    from .readers import _parse_text  # the shared vectorised number parser

    text = raw.astype(str).str.strip()
    y, bad_pos, _ = _parse_text(text)
    if len(bad_pos):  # read "2020年" / "2020 年" / "2020年度" as 2020 (only the cells that failed)
        failed = text.iloc[bad_pos]
        again, still, _ = _parse_text(failed.str.replace(_NIAN, "", regex=True))
        y[bad_pos] = again
        fixed = np.ones(len(bad_pos), dtype=bool)
        fixed[still] = False
        bad_pos = bad_pos[~fixed]
    not_year = ~np.isnan(y) & ((y != np.round(y)) | (y < YEAR_MIN) | (y > YEAR_MAX))
    out_of_range = np.flatnonzero(not_year)  # disjoint from bad_pos (those are NaN); both sorted
    n_bad = len(bad_pos) + len(out_of_range)
    first = sorted(bad_pos[:MAX_PER_COLUMN].tolist() + out_of_range[:MAX_PER_COLUMN].tolist())[:MAX_PER_COLUMN]
    span = f"{YEAR_MIN}–{YEAR_MAX}"
    for i, r in ((i, str(text.iat[i])) for i in first):
        where = dict(file=file, row=i + first_row, column=column, value=r[:80], code="bad_year")
        if not np.isnan(y[i]) and y[i] == np.round(y[i]):  # a whole number, out of range
            report.add(f"年份 {y[i]:.0f} 不在合理范围 {span} 之内", f"The year {y[i]:.0f} is outside the plausible "
                       f"range {span}", f"请检查是否输入有误（例如把 2010 写成了 1000）；年份须在 {span} 之间",
                       f"Check it for a typing mistake (1000 for 2010, say); years must be within {span}", **where)
            continue
        chinese = any(ch in _CHINESE_DIGITS for ch in r)
        report.add(f"年份应为 {span} 之间的整数" + ("（不能用汉字数字）" if chinese else ""),
                   f"The year must be a whole number within {span}" + (" (not in Chinese numerals)" if chinese else ""),
                   "请用阿拉伯数字填写，例如 2023（“2023年”也可以）",
                   "Write it in Arabic numerals, for example 2023 ('2023年' is fine too)", **where)
    report.add_more(n_bad - MAX_PER_COLUMN, file=file, column=column, code="bad_year")
    y[not_year] = np.nan
    missing = np.isnan(y)
    missing[bad_pos] = False
    missing[not_year] = False
    pos = np.flatnonzero(missing)
    for i in pos[:MAX_PER_COLUMN]:
        report.add("缺少年份", "Missing year", "每行都必须填写年份；数据不分年份时请删除整个年份列",
                   "Every row needs a year; if the data has no years, delete the whole year column",
                   file=file, row=int(i) + first_row, column=column, value=str(text.iat[i]) or None,
                   code="missing_year")
    report.add_more(len(pos) - MAX_PER_COLUMN, file=file, column=column, code="missing_year")
    return np.where(np.isnan(y), NO_YEAR, y).astype(int)


def _check_duplicates(keys: pd.DataFrame, file: str, column: str, report: Report, what_zh: str, what_en: str,
                      hint_zh: str = "每个地区每年只能有一行；请合并或删除重复行",
                      hint_en: str = "Keep one row per region and year; merge or delete the duplicates",
                      first_row: int = 2) -> None:
    dup = keys.duplicated(keep=False)
    if dup.any():
        shown = 0
        for _, g in keys[dup].groupby(list(keys.columns), sort=False):
            rows = [int(i) + first_row for i in g.index]
            key = " / ".join(str(v) for v in g.iloc[0].tolist())
            more = "" if len(rows) <= 5 else f" …（共 {len(rows)} 行）"
            more_en = "" if len(rows) <= 5 else f" … ({len(rows)} rows)"
            report.add(f"{what_zh}重复：“{key}”出现在第 {', '.join(map(str, rows[:5]))} 行{more}",
                       f"Duplicate {what_en} '{key}' in rows {', '.join(map(str, rows[:5]))}{more_en}",
                       hint_zh, hint_en, file=file, row=rows[1], column=column, value=key, code="duplicate_row")
            shown += 1
            if shown >= MAX_PER_COLUMN:
                break
        if shown >= MAX_PER_COLUMN:
            n_keys = len(keys[dup].drop_duplicates())
            report.add_more(n_keys - shown, file=file, column=column, code="duplicate_row")


def header_names(kind: str, framework: Framework, mapping: dict | None = None) -> list[str]:
    """Header texts that identify the header row of indicator or survey data
    (:func:`metrics.readers.find_header`): the region, year and other column names this module
    reads, and the framework's indicator codes and names (survey items for survey data) and the
    mapped headers."""
    if kind == "survey":
        names = REGION_ALIASES + YEAR_ALIASES + RESP_ALIASES + GROUP_ALIASES + list(framework.survey_items)
        names += [a for aliases in META_ALIASES.values() for a in aliases]
    else:
        names = REGION_ALIASES + NAME_ALIASES + YEAR_ALIASES + INDICATOR_ALIASES + VALUE_ALIASES
        for code in framework.indicators:
            names += [code] + [v for v in (framework.table.at[code, "name_zh"], framework.table.at[code, "name_en"])
                               if isinstance(v, str) and v]
    return names + [k for k, v in (mapping or {}).items() if v]


def read_data_table(source: str | os.PathLike | bytes, kind: str, framework: Framework, name: str | None = None,
                    sheet: str | int | None = None, header_row: int | None = None,
                    mapping: dict | None = None) -> pd.DataFrame:
    """Indicator or survey data as text cells, laid out as statistical yearbooks lay it out
    (:func:`metrics.readers.read_table` with ``tidy=True``): the header row found among title rows,
    group headers and blank rows by the names of :func:`header_names` (or given as ``header_row``,
    1 = the first row), notes and sources below the table left out, merged cells filled."""
    return read_table(source, name=name, sheet=sheet, header_row=header_row,
                      known=header_names(kind, framework, mapping), tidy=True)


def _first_row(source, raw: pd.DataFrame) -> int:
    """The file's row number of the first data row (2 unless the header is below row 1)."""
    attrs = (source if isinstance(source, pd.DataFrame) else raw).attrs
    return int(attrs.get("first_row") or 2)


def _constant_warnings(values: pd.DataFrame, framework: Framework, file: str, has_year: bool,
                       report: Report) -> None:
    """A warning for every indicator with the same value for every region (and year), or within
    some years only: it tells no region apart, and entropy weights give it 0 silently."""
    for c in values.columns:
        v = values[c]
        seen = v.dropna()
        if len(seen) < 2:
            continue
        name_zh, name_en = framework.name_of(c, "zh"), framework.name_of(c, "en")
        hint = ("请检查该列是否填错（例如整列复制了同一个值）；如确实不变，可从框架中删除该指标",
                "Check whether the column was filled by mistake (one value copied down); if it really does not "
                "vary, remove the indicator from the framework")
        if seen.nunique() == 1:
            report.add(f"指标“{c}”（{name_zh}）在所有地区{'和年份' if has_year else ''}都是同一个值 {seen.iat[0]:g}：它不能区分"
                       "地区；标准化后它按缺失处理（权重分给同级指标），熵权法给它 0 权重",
                       f"Indicator '{c}' ({name_en}) has the same value, {seen.iat[0]:g}, for every region"
                       f"{' and year' if has_year else ''}: it tells no region apart; after normalisation it is "
                       "missing (its weight goes to its siblings) and entropy weights give it 0", *hint,
                       file=file, column=c, value=f"{seen.iat[0]:g}", severity="warning", code="constant_indicator")
            continue
        if not has_year:
            continue
        by_year = v.groupby(level="year")
        flat = [int(y) for y, n, k in zip(by_year.count().index, by_year.count(), by_year.nunique()) if n >= 2 and k == 1]
        if flat:
            shown = "、".join(map(str, flat[:10])) + ("……" if len(flat) > 10 else "")
            shown_en = ", ".join(map(str, flat[:10])) + (", …" if len(flat) > 10 else "")
            report.add(f"指标“{c}”（{name_zh}）在 {shown} 年内各地区的值都相同：按年份分别标准化（--by-year）时，它在这些年"
                       "按缺失处理、熵权为 0（默认把各年合并标准化，不受影响）",
                       f"Indicator '{c}' ({name_en}) has the same value for every region within {shown_en}: "
                       "normalised year by year (--by-year) it is missing in those years and its entropy weight is 0 "
                       "(the default, normalising all years together, is not affected)", *hint, file=file, column=c,
                       value=shown_en, severity="warning", code="constant_in_year")


def _wide_columns(columns, framework: Framework, match, meta: set) -> tuple[list, list, list]:
    """The columns of a wide table besides region, year and name (``meta``): COINr ``*_group``
    columns, denominators, and the others (indicators, known or not)."""
    group_cols = [c for c in columns if c not in meta and match(c) is None and
                  (c in framework.group_columns or c.endswith("_group") or c.endswith("分组"))]
    denom_cols = [c for c in columns if c in framework.denominators]
    other = [c for c in columns if c not in meta and c not in group_cols and c not in denom_cols]
    return group_cols, denom_cols, other


def unmatched_indicators(raw: pd.DataFrame, framework: Framework, mapping: dict | None = None) -> list[str]:
    """What the column mapping is for: the indicator headers (wide layout) or codes (long layout) of a
    table read by :func:`read_data_table` that name no indicator of the framework, or several; all of
    them, in the table's order (the report lists at most a few hundred).

    Examples
    --------
    >>> from metrics.framework import default_framework
    >>> unmatched_indicators(pd.DataFrame(columns=["region", "year", "ORG1_law_level", "备注"]),
    ...                      default_framework())
    ['备注']
    """
    match = indicator_lookup(framework, mapping)
    rcol = find_column(raw.columns, REGION_ALIASES)
    icol, vcol = find_column(raw.columns, INDICATOR_ALIASES), find_column(raw.columns, VALUE_ALIASES)
    if icol is not None and vcol is not None:
        candidates = [c for c in pd.unique(raw[icol].astype(str).str.strip()) if c]
    else:
        meta = {rcol, find_column(raw.columns, YEAR_ALIASES),
                find_column([c for c in raw.columns if c != rcol], NAME_ALIASES)} - {None}
        candidates = _wide_columns(raw.columns, framework, match, meta)[2]
    return [c for c in candidates if not isinstance(match(c), str)]


def read_indicators(source: str | os.PathLike | bytes | pd.DataFrame, framework: Framework,
                    regions: Regions | None = None, name: str | None = None,
                    sheet: str | int | None = None, mapping: dict[str, str] | None = None,
                    header_row: int | None = None) -> IndicatorData:
    """Read indicator data in long, wide or COINr ``iData`` layout.

    Parameters
    ----------
    source : path, bytes or DataFrame (of text)
    framework : Framework
        Defines which columns are indicators (by code or name).
    regions : Regions, optional
        Region names are mapped to codes; unknown regions are warnings.
    mapping : dict, optional
        Header -> indicator code, for columns whose names do not match.
    header_row : int, optional
        The row of the header (1 = the first); by default it is found
        (:func:`read_data_table`), and a frame says so in ``attrs["first_row"]``.

    Raises
    ------
    DataError
        Every error at once: missing region column, unknown indicators,
        text in numeric cells, duplicate region-year rows.

    Examples
    --------
    >>> from metrics.framework import default_framework
    >>> fw = default_framework()
    >>> d = read_indicators(pd.DataFrame({"region": ["110000"], "year": ["2023"],
    ...                                   fw.indicators[0]: ["2"]}), fw)
    >>> d.values.shape
    (1, 1)
    """
    if isinstance(source, pd.DataFrame):
        raw = source.copy()
        raw.columns = [str(c).strip() for c in raw.columns]
        raw = raw.astype(object).where(raw.notna(), "").astype(str)
        file = name or source.attrs.get("name", "indicators")
    else:
        raw = read_data_table(source, "indicators", framework, name=name, sheet=sheet, header_row=header_row,
                              mapping=mapping)
        file = raw.attrs["name"]
    decimal, report = _table_notes(source, raw)
    first = _first_row(source, raw)
    rcol = find_column(raw.columns, REGION_ALIASES)
    if rcol is None:
        hz, he = layout_hint(raw.columns)
        report.add("找不到地区列", "No region column found",
                   "请添加名为 region（或“地区”“uCode”）的列" + hz, "Add a column named region (or 地区, uCode)" + he,
                   file=file, column="region", code="missing_region_column")
        report.raise_if_errors()
    ycol = find_column(raw.columns, YEAR_ALIASES)
    ncol = find_column([c for c in raw.columns if c != rcol], NAME_ALIASES)
    icol = find_column(raw.columns, INDICATOR_ALIASES)
    vcol = find_column(raw.columns, VALUE_ALIASES)
    match = indicator_lookup(framework, mapping)
    region, regions = _region_codes(raw[rcol], regions, file, rcol, report, first)
    year = _years(raw[ycol], file, ycol, report, first) if ycol else np.full(len(raw), NO_YEAR)
    names = pd.Series(raw[ncol].to_numpy(), index=region).groupby(level=0).first() if ncol else pd.Series(dtype=object)
    if ncol:
        _long_names(raw[ncol], file, ncol, report, first)
    rd = _Reading(raw, file, report, decimal, first, framework, match, region, year)
    if icol is not None and vcol is not None:
        values, groups, denoms = _read_long(rd, icol, vcol)
    else:
        values, groups, denoms = _read_wide(rd, rcol, {rcol, ycol, ncol} - {None})
    _coverage_warnings(values, framework, file, report)
    _constant_warnings(values, framework, file, ycol is not None, report)
    return IndicatorData(values.sort_index(), names, groups, denoms, ycol is not None, report.notes, file,
                         regions)


@dataclass
class _Reading:
    """What the layout readers of :func:`read_indicators` share: the table, its messages and its keys."""

    raw: pd.DataFrame
    file: str
    report: Report
    decimal: str
    first: int
    framework: Framework
    match: object
    region: pd.Series
    year: np.ndarray


def _read_long(rd: _Reading, icol: str, vcol: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The long layout (region, year, indicator, value): values, groups and denominators."""
    raw, file, report, first, match = rd.raw, rd.file, rd.report, rd.first, rd.match
    codes = raw[icol].astype(str).str.strip()
    found = {c: match(c) for c in pd.unique(codes)}
    ambiguous = [c for c, f in found.items() if isinstance(f, tuple)]
    for c in ambiguous:
        _ambiguous(report, c, found[c], file, icol, int(np.flatnonzero((codes == c).to_numpy())[0]) + first)
    mapped = codes.map({c: f for c, f in found.items() if isinstance(f, str)})
    unknown = sorted(set(codes[mapped.isna() & (codes != "") & ~codes.isin(ambiguous)]))
    _report_values(report, codes, unknown, "框架中没有指标“{v}”", "Indicator '{v}' is not in the framework",
                   "请检查指标代码，或在“列映射”中把它对应到框架中的指标",
                   "Check the code, or map it to a framework indicator", file, icol, "unknown_indicator", first)
    pos = np.flatnonzero((codes == "").to_numpy())
    for i in pos[:MAX_PER_COLUMN]:
        report.add("缺少指标代码", "Missing indicator code", "每行都必须填写指标代码",
                   "Every row needs an indicator code", file=file, row=int(i) + first, column=icol,
                   code="missing_code")
    report.add_more(len(pos) - MAX_PER_COLUMN, file=file, column=icol, code="missing_code")
    vals = parse_numeric(raw[vcol], file=file, column=vcol, report=report, decimal=rd.decimal, row_offset=first)
    keys = pd.DataFrame({"region": rd.region, "year": rd.year, "indicator": mapped.fillna(codes)})
    _check_duplicates(keys, file, icol, report, "地区-年份-指标", "region-year-indicator",
                      "每个地区、年份和指标只能有一行；请合并或删除重复行",
                      "Keep one row per region, year and indicator; merge or delete the duplicates", first)
    report.raise_if_errors()
    long = keys.assign(value=vals)
    wide = long.pivot(index=["region", "year"], columns="indicator", values="value")
    wide.columns.name = None
    values = wide.reindex(columns=[c for c in rd.framework.indicators if c in wide.columns])
    groups = pd.DataFrame(index=pd.Index(rd.region.unique(), name="region"))
    return values, groups, pd.DataFrame()


def _read_wide(rd: _Reading, rcol: str, meta: set) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The wide or COINr ``iData`` layout (a column per indicator): values, groups and denominators."""
    raw, file, report, first, decimal = rd.raw, rd.file, rd.report, rd.first, rd.decimal
    group_cols, denom_cols, other = _wide_columns(raw.columns, rd.framework, rd.match, meta)
    ind_cols = _indicator_columns(other, rd.match, file, report)
    if not other:
        report.add("文件中没有指标列：只有地区、年份或名称等列", "The file has no indicator columns: only region, year, "
                   "name or similar columns", "请添加指标列（表头为指标代码、中文名或英文名），或使用长表格式"
                   "（region, year, indicator, value）", "Add indicator columns (headed by indicator codes or "
                   "names), or use the long layout (region, year, indicator, value)",
                   file=file, value=", ".join(raw.columns)[:200], code="no_indicators")
    keys = pd.DataFrame({"region": rd.region, "year": rd.year})
    _check_duplicates(keys, file, rcol, report, "地区-年份", "region-year", first_row=first)
    parsed = {code: parse_numeric(raw[c], file=file, column=c, report=report, decimal=decimal, row_offset=first)
              for c, code in ind_cols.items()}
    report.raise_if_errors()
    region = rd.region.to_numpy()
    idx = pd.MultiIndex.from_arrays([region, rd.year], names=["region", "year"])
    values = pd.DataFrame(parsed, index=idx)
    values = values.reindex(columns=[c for c in rd.framework.indicators if c in values.columns])
    groups = pd.DataFrame({c: raw[c].to_numpy() for c in group_cols}, index=region)
    groups = groups[~groups.index.duplicated()]
    groups.index.name = "region"
    denoms = pd.DataFrame({c: parse_numeric(raw[c], file=file, column=c, report=report, decimal=decimal,
                                         row_offset=first) for c in denom_cols}, index=idx)
    return values, groups, denoms


def _indicator_columns(other: list, match, file: str, report: Report) -> dict[str, str]:
    """Header -> indicator code of a wide table's indicator columns; unknown, ambiguous or repeated is an error."""
    ind_cols: dict[str, str] = {}
    for c in other:
        code = match(c)
        if isinstance(code, tuple):
            _ambiguous(report, c, code, file, c)
        elif code is None:
            report.add(f"列“{c}”不是框架中的指标", f"Column '{c}' is not an indicator of the framework",
                       "请检查列名（代码、中文名或英文名均可），或在“列映射”中把它对应到指标，或删除该列",
                       "Check the header (code, Chinese or English name), map it to an indicator, or delete it",
                       file=file, column=c, code="unknown_indicator")
        elif code in ind_cols.values():
            report.add(f"指标“{code}”出现在两列中", f"Indicator '{code}' appears in two columns",
                       "请删除其中一列", "Delete one of them", file=file, column=c, code="duplicate_indicator")
        else:
            ind_cols[c] = code
    return ind_cols


def _coverage_warnings(values: pd.DataFrame, framework: Framework, file: str, report: Report) -> None:
    """Warnings for statistical indicators with no column and for indicators 40 % or more missing."""
    missing_ind = [c for c in framework.indicators
                   if framework.table.at[c, "source"] != "srv" and c not in values.columns]
    for c in missing_ind:
        report.add(f"数据中没有指标“{c}”（{framework.name_of(c)}）", f"Indicator '{c}' ({framework.name_of(c, 'en')}) has no column in the data",
                   "该指标将按缺失处理，其权重在同级指标中重新分配",
                   "It is treated as missing; its weight is shared among its siblings",
                   file=file, column=c, severity="warning", code="missing_indicator")
    share = values.isna().mean()
    for c, s in share.items():
        if s >= 0.4:
            report.add(f"指标“{c}”缺失 {s:.0%} 的数据", f"Indicator '{c}' is {s:.0%} missing",
                       "缺失较多的指标会削弱结果的可靠性；可考虑插补或补充数据",
                       "Heavily missing indicators weaken the result; consider imputation or more data",
                       file=file, column=c, severity="warning", code="many_missing")


# --------------------------------------------------------------------------- survey
class Deferred:
    """A table read when first asked for: ``Deferred(load)`` stands for ``load()`` (a DataFrame).

    A saved version opens with its survey answers still encoded (:mod:`store.snapshot`): the
    assessment needs only their per-cell sums (:attr:`SurveyData.cells`), and decoding a million
    respondents costs a second that opening and assessing the version should not wait for.
    """

    __slots__ = ("load", "lock", "columns")

    def __init__(self, load, columns=None):
        self.load = load
        self.lock = threading.Lock()  # one load, however many threads ask at once
        #: optional ``columns(names)``: only those columns, read without decoding the rest
        self.columns = columns


class _DeferredFrame:
    """The descriptor behind :attr:`SurveyData.frame`: a :class:`Deferred` value is loaded once, on
    first access, under its lock (sessions share a dataset across threads), then kept.  A descriptor
    rather than a property keeps ``frame`` a dataclass field (``SurveyData(frame, ...)``,
    ``dataclasses.replace(survey, frame=...)``)."""

    def __set_name__(self, owner, name):
        self.slot = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:  # no class-level default: ``frame`` stays a required field
            raise AttributeError(self.slot[1:])
        value = obj.__dict__[self.slot]
        if isinstance(value, Deferred):
            with value.lock:
                current = obj.__dict__[self.slot]
                if current is value:
                    current = obj.__dict__[self.slot] = value.load()
            value = current
        return value

    def __set__(self, obj, value):
        obj.__dict__[self.slot] = value
        obj.__dict__.pop("cells", None)  # other answers: cells summed from the old ones no longer hold
        obj.__dict__.pop("_keys", None)  # nor their key columns


@dataclass
class SurveyData:
    """Survey answers, one row per respondent.

    ``frame`` has columns ``respondent_id, region, year, group`` and one float32
    column per survey item (NaN = not asked or not answered).  It may be given as a
    :class:`Deferred`, read on first access (:attr:`frame_loaded` says whether it was).

    ``cells``: the answers' :class:`metrics.survey.SurveyCells` when known (a saved version keeps
    them, :mod:`store.snapshot`; set as an attribute): :meth:`metrics.Dataset.survey_tables` then
    aggregates from them instead of the answers, to the same bits.
    """

    frame: pd.DataFrame = _DeferredFrame()
    items: list
    has_year: bool = True
    problems: list = field(default_factory=list)
    source_name: str = "survey"
    regions: Regions | None = None  # as IndicatorData.regions
    meta: pd.DataFrame | None = None  # duration, submitted, ip, out_of_scale (rows as frame); None without them
    first_row: int = 2  # the file's row of the first respondent (below a header that is not row 1)
    # metrics.survey.SurveyCells or None; set after construction (not an __init__ argument), so that
    # dataclasses.replace(survey, frame=other) never carries cells that summed another frame
    cells: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def frame_loaded(self) -> bool:
        """Whether :attr:`frame` is in memory (not a :class:`Deferred` still to be read)."""
        return not isinstance(self.__dict__.get("_frame"), Deferred)

    #: the columns that say whose answer a row is (fieldwork counts need no more)
    KEYS = ("region", "year", "group")

    def key_frame(self) -> pd.DataFrame:
        """``region, year, group`` of every respondent (the rows of :attr:`frame`), without decoding the
        answers when they are still encoded: counting respondents per cell reads 3 columns, not 30+."""
        value = self.__dict__.get("_frame")
        if isinstance(value, Deferred) and value.columns is not None:
            with value.lock:
                if "_keys" not in self.__dict__:
                    self.__dict__["_keys"] = value.columns(list(self.KEYS))
            return self.__dict__["_keys"]
        return self.frame[list(self.KEYS)]

    def __getstate__(self) -> dict:
        """Pickled and deep-copied with its answers read (a :class:`Deferred` holds a loader and a lock)."""
        state = {**self.__dict__, "_frame": self.frame}
        state.pop("_keys", None)
        return state


def read_survey(source: str | os.PathLike | bytes | pd.DataFrame, framework: Framework,
                regions: Regions | None = None, name: str | None = None,
                sheet: str | int | None = None, header_row: int | None = None) -> SurveyData:
    """Read and check survey answers.

    Checks: required columns, known stakeholder groups, whole-number answers
    within ``1..k`` for each item's scale (out-of-range answers are errors,
    never clipped), unique respondent ids, items the framework uses present.
    When every answer to the out-of-scale items is a whole number from 1 to
    some ``K > k`` (:func:`_scale_advice` says how sure that must be), each
    indicator of such items gets one ``likert_scale`` error saying they look
    like a ``K``-point scale and how to set ``scale = K``
    (:func:`advised_scales`) instead of an error per answer.  ``header_row`` as for :func:`read_indicators`.

    Examples
    --------
    >>> from metrics.framework import default_framework
    >>> fw = default_framework()
    >>> item = fw.survey_items[0]
    >>> s = read_survey(pd.DataFrame({"respondent_id": ["1"], "region": ["110000"], "year": ["2023"],
    ...                               "group": ["政府"], item: ["4"]}), fw)
    >>> s.frame["group"].tolist()
    ['gov']
    """
    if isinstance(source, pd.DataFrame):
        raw = source.copy()
        raw.columns = [str(c).strip() for c in raw.columns]
        file = name or source.attrs.get("name", "survey")
    else:
        raw = read_data_table(source, "survey", framework, name=name, sheet=sheet, header_row=header_row)
        file = raw.attrs["name"]
    decimal, report = _table_notes(source, raw)
    first = _first_row(source, raw)
    rcol = find_column(raw.columns, REGION_ALIASES)
    gcol = find_column(raw.columns, GROUP_ALIASES)
    ycol = find_column(raw.columns, YEAR_ALIASES)
    idcol = find_column(raw.columns, RESP_ALIASES)
    _check_survey_columns(raw, rcol, gcol, file, report)
    region, regions = _region_codes(raw[rcol].astype(str), regions, file, rcol, report, first)
    year = _years(raw[ycol].astype(str), file, ycol, report, first) if ycol else np.full(len(raw), NO_YEAR)
    group = _survey_groups(raw[gcol], file, gcol, report, first)
    rid = _respondent_ids(raw, idcol, file, report, first)
    scale_of = framework.item_scales
    meta_cols = {k: find_column(raw.columns, v) for k, v in META_ALIASES.items()}
    meta_cols = {k: c for k, c in meta_cols.items() if c is not None}
    items = _survey_item_columns(raw.columns, {rcol, gcol, ycol, idcol, *meta_cols.values()} - {None},
                                 scale_of, file, report)
    block, out_of_scale = _parse_answers(raw, items, scale_of, file, report, decimal, first)
    advised = _scale_advice(block, items, out_of_scale, framework, file, first, report)
    _likert_range_errors(raw, {c: bad for c, bad in out_of_scale.items() if c not in advised}, scale_of, file,
                         report, first)
    meta_frame = _survey_meta(raw, meta_cols, file, report, first) if meta_cols else None
    report.raise_if_errors()
    frame = pd.DataFrame(block.T, columns=items, copy=False)
    for k, (col, values) in enumerate((("respondent_id", rid.to_numpy()), ("region", region.to_numpy()),
                                       ("year", year), ("group", group))):
        frame.insert(k, col, values)
    return SurveyData(frame, items, ycol is not None, report.notes, file, regions, meta_frame, first)


def _check_survey_columns(raw: pd.DataFrame, rcol: str | None, gcol: str | None, file: str, report: Report) -> None:
    """The region and group columns must be there (an error for each missing one)."""
    hz, he = layout_hint(raw.columns)
    for col, zh, en, canonical in ((rcol, "地区列（region）", "a region column", "region"),
                                   (gcol, "主体列（group）", "a group column", "group")):
        if col is None:
            report.add(f"问卷数据缺少{zh}", f"The survey data lacks {en}",
                       "问卷数据每行一位受访者，需含 respondent_id, region, year, group 和各题项列" + hz,
                       "One row per respondent with respondent_id, region, year, group and the item columns" + he,
                       file=file, column=canonical, code="missing_column")
    report.raise_if_errors()


def _survey_groups(column: pd.Series, file: str, gcol: str, report: Report, first: int) -> pd.Categorical:
    """Each respondent's stakeholder group id; unknown or missing groups are errors."""
    graw = column.astype(str).str.strip()
    gcodes, uniq = pd.factorize(graw, use_na_sentinel=False)
    gmap = {g: parse_group(g) for g in uniq}
    bad_groups = [g for g, gid in gmap.items() if (gid is None or gid == "all") and g != ""]
    _report_values(report, graw, bad_groups, "未知的受访者主体“{v}”", "Unknown stakeholder group '{v}'",
                   "主体应为 gov/政府、ent/企业、org/社会组织、cit/公众 之一",
                   "Use gov/政府, ent/企业, org/社会组织 or cit/公众", file, gcol, "unknown_group", first)
    pos = np.flatnonzero((graw == "").to_numpy())
    for i in pos[:MAX_PER_COLUMN]:
        report.add("缺少受访者主体", "Missing stakeholder group",
                   "每行都必须填写主体：gov/政府、ent/企业、org/社会组织、cit/公众 之一",
                   "Every row needs a group: gov/政府, ent/企业, org/社会组织 or cit/公众",
                   file=file, row=int(i) + first, column=gcol, code="missing_group")
    report.add_more(len(pos) - MAX_PER_COLUMN, file=file, column=gcol, code="missing_group")
    # group ids through the factorised codes (one dict lookup per distinct label, not per row)
    gid_code = np.array([GROUPS.index(gmap[g]) if gmap[g] in GROUPS else -1 for g in uniq], dtype=np.int64)
    return pd.Categorical.from_codes(gid_code[gcodes], categories=list(GROUPS))


def _respondent_ids(raw: pd.DataFrame, idcol: str | None, file: str, report: Report, first: int) -> pd.Series:
    """The respondent ids (row numbers without an id column); a repeated id is an error."""
    if not idcol:
        return pd.Series([str(i + 1) for i in range(len(raw))])
    rid = raw[idcol].astype(str).str.strip()
    dup = rid.duplicated(keep="first") & (rid != "")
    pos = np.flatnonzero(dup.to_numpy())
    for i in pos[:MAX_PER_COLUMN]:
        earlier = int(np.flatnonzero((rid == rid.iat[i]).to_numpy())[0]) + first
        report.add(f"受访者编号重复（第 {earlier} 行已有）", f"Duplicate respondent id (also row {earlier})",
                   "每位受访者一行，编号唯一；请删除重复的行或改正编号",
                   "One row per respondent, each id once; delete the repeated row or correct the id",
                   file=file, row=int(i) + first, column=idcol, value=rid.iat[i], code="duplicate_respondent")
    report.add_more(len(pos) - MAX_PER_COLUMN, file=file, column=idcol, code="duplicate_respondent")
    return rid


def _survey_item_columns(columns, meta: set, scale_of: dict, file: str, report: Report) -> list:
    """The item columns the framework uses; unknown columns and missing items are warnings, none an error."""
    item_cols = [c for c in columns if c not in meta]
    unknown = [c for c in item_cols if c not in scale_of]
    for c in unknown:
        report.add(f"列“{c}”不是框架中的问卷题项，已忽略", f"Column '{c}' is not a survey item of the framework; ignored",
                   "如需使用，请在框架的 items 列中引用它", "Reference it in the framework's items column to use it",
                   file=file, column=c, severity="warning", code="unknown_item")
    missing = [it for it in scale_of if it not in item_cols]
    for it in missing:
        report.add(f"问卷数据中没有题项“{it}”", f"Survey item '{it}' is missing from the survey data",
                   "使用该题项的指标将按缺失处理", "Indicators that use it are treated as missing",
                   file=file, column=it, severity="warning", code="missing_item")
    items = [c for c in item_cols if c in scale_of]
    if not items:
        report.add("问卷数据中没有框架使用的题项列", "The survey data has no item column the framework uses",
                   "请添加题项列（表头为框架 items 列中的题项代码）", "Add the item columns (headed by the item codes "
                   "in the framework's items column)", file=file, code="no_items")
    return items


def _parse_answers(raw: pd.DataFrame, items: list, scale_of: dict, file: str, report: Report, decimal: str,
                   first: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The answers as one float32 block (item x respondent) and, per item, the answers outside its scale."""
    # one float32 block for all items, filled column by column (no per-column frames to stack)
    block = np.empty((len(items), len(raw)), dtype=np.float32)
    out_of_scale: dict[str, np.ndarray] = {}
    for j, c in enumerate(items):
        v = parse_numeric(raw[c], file=file, column=c, report=report, decimal=decimal, row_offset=first)
        k = scale_of[c]
        bad = ~np.isnan(v) & ((v != np.round(v)) | (v < 1) | (v > k))
        if bad.any():
            out_of_scale[c] = bad
        block[j] = v
    return block, out_of_scale


def _likert_range_errors(raw: pd.DataFrame, out_of_scale: dict, scale_of: dict, file: str, report: Report,
                         first: int) -> None:
    """An error for each answer outside its item's scale (items not read as another scale)."""
    for c, bad in out_of_scale.items():
        k = scale_of[c]
        pos = np.flatnonzero(bad)
        for i in pos[:MAX_PER_COLUMN]:
            report.add(f"答案超出 1–{k} 的量表范围", f"Answer outside the 1-{k} Likert scale",
                       f"请填写 1 到 {k} 的整数，未作答请留空", f"Write a whole number from 1 to {k}; leave unanswered items empty",
                       file=file, row=int(i) + first, column=c, value=str(raw[c].iat[i]), code="likert_range")
        report.add_more(len(pos) - MAX_PER_COLUMN, file=file, column=c, code="likert_range")


#: Most points of a Likert scale the answers are taken to be on (a 0-10 scale starts at 0 and is not one).
MAX_LIKERT = 11
#: Share and number of an indicator's answers that must lie above its scale before they are read as
#: another scale (a stray 6 on a 5-point item is a typing mistake, not a 6-point scale).
SCALE_EVIDENCE = 0.05
SCALE_EVIDENCE_MIN = 10
_ADVICE = re.compile(r"^(?P<inds>.+): scale = (?P<k>\d+)$")


def _scale_advice(block: np.ndarray, items: list, out_of_scale: dict, framework: Framework, file: str,
                  first: int, report: Report) -> set:
    """One ``likert_scale`` error per survey indicator whose out-of-scale items hold only whole numbers
    1..K, K > its scale k (at most :data:`MAX_LIKERT`): "these look like a K-point scale; set
    scale = K".  The evidence is pooled over every such item on the same scale k: at least
    :data:`SCALE_EVIDENCE` of their answers, and :data:`SCALE_EVIDENCE_MIN`, above k, some within it,
    three points used at least; K is the largest answer.  Returns the items so explained."""
    col = {c: j for j, c in enumerate(items)}
    scale_of = framework.item_scales

    def answers(c):
        v = block[col[c]]
        return v[~np.isnan(v)]

    def on_a_scale(v):
        return len(v) and (v == np.round(v)).all() and v.min() >= 1 and v.max() <= MAX_LIKERT
    fit = [c for c in out_of_scale if on_a_scale(answers(c))]
    explained: set = set()
    for k in sorted({scale_of[c] for c in fit}):
        on_k = [c for c in fit if scale_of[c] == k]
        pooled = np.concatenate([answers(c) for c in on_k])
        above = int((pooled > k).sum())
        if (above < SCALE_EVIDENCE_MIN or above < SCALE_EVIDENCE * len(pooled) or above == len(pooled)
                or len(np.unique(pooled)) < 3):
            continue  # too few answers above the scale, or none within it, or too few points used to be a scale
        top = int(pooled.max())
        by_ind: dict[str, list] = {}
        for c in on_k:
            owner = next(i for i in framework.survey_indicators if c in framework.table.at[i, "items"])
            by_ind.setdefault(owner, []).append(c)
        for ind, its in by_ind.items():
            owners = [i for i in framework.survey_indicators if set(its) & set(framework.table.at[i, "items"])]
            listed, owners_text = ", ".join(its), ", ".join(owners)
            row = int(min(np.flatnonzero(block[col[c]] > k)[0] for c in its)) + first
            report.add(
                f"指标“{ind}”（{framework.name_of(ind, 'zh')}）的题项 {listed} 的答案都是 1 到 {top} 的整数，看起来是 {top} 点"
                f"量表，而框架中该指标是 {k} 点量表（scale = {k}）",
                f"The answers to the item(s) {listed} of indicator '{ind}' ({framework.name_of(ind, 'en')}) are all "
                f"whole numbers from 1 to {top}: they look like a {top}-point scale, but the framework gives it {k} "
                f"points (scale = {k})",
                f"不要改动答案，而是在指标框架中把 {owners_text} 的 scale 改为 {top}：数据页上点“采用 {top} 点量表”；命令行请"
                f"复制框架文件（默认为 data/framework.csv），把这些指标的 scale 列改为 {top}，再用 --framework 传入",
                f"Do not change the answers; set scale = {top} for {owners_text} in the framework instead: on the Data "
                f"page press 'Use a {top}-point scale'; on the command line copy the framework file (by default "
                f"data/framework.csv), set its scale column to {top} for these indicators and pass it with --framework",
                file=file, row=row, column=listed, value=f"{owners_text}: scale = {top}", code="likert_scale")
            explained |= set(its)
    return explained


def advised_scales(problems) -> dict[str, int]:
    """Indicator -> the scale ``K`` that ``likert_scale`` problems advise.

    Examples
    --------
    >>> from metrics.errors import Problem
    >>> advised_scales([Problem("", "", value="SRV_A, SRV_B: scale = 7", code="likert_scale")])
    {'SRV_A': 7, 'SRV_B': 7}
    """
    out: dict[str, int] = {}
    for p in problems:
        m = _ADVICE.match(p.value or "") if p.code == "likert_scale" else None
        if m:
            for ind in m.group("inds").split(", "):
                out[ind] = int(m.group("k"))
    return out


def _survey_meta(raw: pd.DataFrame, cols: dict, file: str, report: Report, first: int = 2) -> pd.DataFrame:
    """The metadata columns parsed (:func:`metrics.survey_quality.survey_meta`); a value that cannot be
    read is a warning at its first row (it counts as unknown, so its check skips that respondent)."""
    from .survey_quality import survey_meta
    src = pd.DataFrame({k: raw[c].to_numpy() for k, c in cols.items()})
    out = survey_meta(src)
    what = {"duration": ("用时（秒，或如“2分5秒”）", "a time taken (seconds, or like 2分5秒)"),
            "submitted": ("日期时间（如 2024-05-01 10:20:30）", "a date and time (like 2024-05-01 10:20:30)"),
            "ip": ("IP 地址", "an IP address"), "out_of_scale": ("数字", "a number")}
    for k, c in cols.items():
        given = src[k].astype(str).str.strip().ne("") & ~src[k].astype(str).str.strip().isin(MISSING_TOKENS)
        lost = given.to_numpy() & (out[k].isna().to_numpy() | out[k].astype(str).eq("").to_numpy())
        if k == "out_of_scale":
            lost = given.to_numpy() & pd.to_numeric(src[k], errors="coerce").isna().to_numpy()
        pos = np.flatnonzero(lost)
        if len(pos):
            zh, en = what[k]
            report.add(f"无法读取为{zh}，按未知处理（共 {len(pos)} 个）",
                       f"Cannot be read as {en}; treated as unknown ({len(pos)} cells)",
                       "质量检查会跳过这些受访者的这一项", "The quality checks skip these respondents on this point",
                       file=file, row=int(pos[0]) + first, column=c, value=str(src[k].iat[int(pos[0])])[:80],
                       severity="warning", code="bad_meta")
    return out


def fingerprint_frame(df: pd.DataFrame) -> str:
    """SHA-256 of a frame's index, columns and values (order-sensitive)."""
    h = hashlib.sha256()
    h.update(",".join(map(str, df.columns)).encode())
    h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return h.hexdigest()
