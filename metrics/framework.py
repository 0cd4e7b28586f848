"""The indicator framework: a hierarchy of indicators and aggregates.

The table format is compatible with COINr's ``iMeta`` (``iCode, iName, Parent,
Level, Direction, Weight, Type``) plus this project's columns ``name_zh``,
``name_en``, ``source`` (``ind`` or ``srv``), ``items``, ``groups``,
``reverse``, ``scale``, ``stat``, ``goal_min``, ``goal_max``, ``target``,
``unit``.  Rows of ``Type`` ``Group`` and ``Denominator`` (COINr) declare
region group columns and denominators of the data; they are kept aside.

Any depth is allowed: indicators (level 1) -> ... -> one top node.  Lists in
``items``, ``groups`` and ``reverse`` are separated by ``;`` (``,``, ``，``,
``；`` and ``|`` are accepted too).
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import MAX_PER_COLUMN, Report
from .readers import _strip_header, find_column, layout_hint, parse_numeric, read_table

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_FRAMEWORK = DATA_DIR / "framework.csv"

GROUPS = ("gov", "ent", "org", "cit")
GROUP_ALIASES = {
    "gov": "gov", "government": "gov", "政府": "gov", "政府部门": "gov", "政府工作人员": "gov",
    "ent": "ent", "enterprise": "ent", "enterprises": "ent", "企业": "ent",
    "org": "org", "social organisation": "org", "social organization": "org", "ngo": "org",
    "社会组织": "org",
    "cit": "cit", "citizen": "cit", "citizens": "cit", "public": "cit", "公众": "cit", "居民": "cit",
    "市民": "cit", "公民": "cit",
    "all": "all", "全部": "all",
}
GROUP_NAMES = {
    "gov": ("政府", "Government"), "ent": ("企业", "Enterprises"),
    "org": ("社会组织", "Social organisations"), "cit": ("公众", "Citizens"),
}

# column -> accepted header aliases (first is canonical)
_COLUMNS = {
    "code": ["iCode", "code", "指标代码", "代码", "编码"],
    "iName": ["iName", "name", "名称"],
    "name_zh": ["name_zh", "中文名称", "指标名称"],
    "name_en": ["name_en", "英文名称", "English name"],
    "parent": ["Parent", "上级", "上级代码", "父节点"],
    "level": ["Level", "层级", "级别"],
    "direction": ["Direction", "方向", "指标方向"],
    "weight": ["Weight", "权重"],
    "type": ["Type", "类型"],
    "source": ["source", "来源", "数据来源"],
    "items": ["items", "题项", "问卷题项"],
    "groups": ["groups", "主体", "答题主体"],
    "reverse": ["reverse", "反向题", "反向计分"],
    "scale": ["scale", "量表", "量表点数"],
    "stat": ["stat", "统计方式"],
    "goal_min": ["goal_min", "下限", "目标下限"],
    "goal_max": ["goal_max", "上限", "目标上限"],
    "target": ["target", "Target", "目标值"],
    "unit": ["unit", "Unit", "单位"],
    "denominator": ["Denominator", "分母"],
}
_SPLIT = re.compile(r"[;,，；|]\s*")


def split_list(text: object) -> list[str]:
    """Split ``"a; b,c"`` into ``["a", "b", "c"]`` (empty for blank)."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return []
    return [t.strip() for t in _SPLIT.split(str(text)) if t.strip()]


def parse_group(value: str) -> str | None:
    """Map a stakeholder-group label (``政府``, ``Government``, ``gov``) to its id."""
    return GROUP_ALIASES.get(str(value).strip().lower()) or GROUP_ALIASES.get(str(value).strip())


@dataclass(frozen=True)
class Framework:
    """A validated indicator hierarchy.

    Use :func:`load_framework` or :func:`default_framework` to build one.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per indicator or aggregate, indexed by code, with columns
        ``name_zh, name_en, parent, level, direction, weight, type, source,
        items, groups, reverse, scale, stat, goal_min, goal_max, target, unit``
        (``items``, ``groups``, ``reverse`` are tuples).
    group_columns : tuple of str
        COINr ``Group`` rows: columns of the data that hold unit groups.
    denominators : tuple of str
        COINr ``Denominator`` rows.
    name : str
        Where it came from.
    """

    table: pd.DataFrame
    group_columns: tuple = ()
    denominators: tuple = ()
    name: str = "framework"
    extra_names: dict = field(default_factory=dict, compare=False)

    # ---- structure -------------------------------------------------------
    @cached_property
    def indicators(self) -> list[str]:
        """Indicator codes (level-1 leaves), in file order."""
        return [c for c, t in zip(self.table.index, self.table["type"]) if t == "Indicator"]

    @cached_property
    def aggregates(self) -> list[str]:
        """Aggregate codes, from the lowest level up (file order within a level)."""
        agg = self.table[self.table["type"] == "Aggregate"]
        return list(agg.sort_values("level", kind="stable").index)

    @cached_property
    def root(self) -> str:
        return self.table.index[self.table["parent"].isna()][0]

    @cached_property
    def max_level(self) -> int:
        return int(self.table["level"].max())

    @cached_property
    def children(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {c: [] for c in self.table.index}
        for code, parent in zip(self.table.index, self.table["parent"]):
            if isinstance(parent, str):
                out[parent].append(code)
        return out

    def level_codes(self, level: int) -> list[str]:
        return list(self.table.index[self.table["level"] == level])

    @cached_property
    def ancestors(self) -> dict[str, list[str]]:
        """Code -> its ancestors from parent up to the root."""
        par = self.table["parent"].to_dict()
        out = {}
        for c in self.table.index:
            chain, p = [], par[c]
            while isinstance(p, str):
                chain.append(p)
                p = par[p]
            out[c] = chain
        return out

    def ancestor_at(self, code: str, level: int) -> str | None:
        if int(self.table.at[code, "level"]) == level:
            return code
        for a in self.ancestors[code]:
            if int(self.table.at[a, "level"]) == level:
                return a
        return None

    @cached_property
    def leaves_of(self) -> dict[str, list[str]]:
        """Aggregate code -> the indicators below it."""
        out: dict[str, list[str]] = {a: [] for a in self.aggregates}
        for ind in self.indicators:
            for a in self.ancestors[ind]:
                out[a].append(ind)
        return out

    @cached_property
    def survey_indicators(self) -> list[str]:
        return [c for c in self.indicators if self.table.at[c, "source"] == "srv"]

    @cached_property
    def survey_items(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.survey_indicators:
            for it in self.table.at[c, "items"]:
                seen[it] = None
        return list(seen)

    @cached_property
    def item_scales(self) -> dict[str, int]:
        """Survey item -> its Likert scale ``k``: that of the first survey indicator listing it (as scored)."""
        out: dict[str, int] = {}
        for ind in self.survey_indicators:
            for it in self.table.at[ind, "items"]:
                out.setdefault(it, int(self.table.at[ind, "scale"] or 5))
        return out

    @cached_property
    def item_blocks(self) -> dict[str, str]:
        """Survey item -> its block, the dimension (child of the top node) above the first survey
        indicator listing it: the unit of questionnaire sections and of straight-lining checks."""
        out: dict[str, str] = {}
        for ind in self.survey_indicators:
            chain = self.ancestors[ind]
            block = chain[-2] if len(chain) >= 2 else ind
            for it in self.table.at[ind, "items"]:
                out.setdefault(it, block)
        return out

    def name_of(self, code: str, lang: str = "zh") -> str:
        """Display name of a node in ``lang`` (``zh`` or ``en``), falling back to the code."""
        if code in self.table.index:
            col = "name_zh" if lang == "zh" else "name_en"
            v = self.table.at[code, col]
            if isinstance(v, str) and v:
                return v
            other = self.table.at[code, "name_en" if lang == "zh" else "name_zh"]
            if isinstance(other, str) and other:
                return other
        return code

    def names(self, lang: str = "zh") -> dict[str, str]:
        return {c: self.name_of(c, lang) for c in self.table.index}

    # ---- weights ---------------------------------------------------------
    def sibling_weights(self) -> pd.Series:
        """Each node's weight normalised to sum 1 among its siblings."""
        w = self.table["weight"].astype(float)
        par = self.table["parent"].fillna("__root__")
        return w / w.groupby(par).transform("sum")

    def global_weights(self, sibling: pd.Series | None = None) -> pd.Series:
        """Overall weight of every indicator: the product of sibling weights up to the root."""
        sw = self.sibling_weights() if sibling is None else sibling
        out = {}
        for ind in self.indicators:
            w = sw[ind]
            for a in self.ancestors[ind][:-1]:
                w *= sw[a]
            out[ind] = w
        return pd.Series(out, dtype=float)

    def with_weights(self, weights: dict[str, float]) -> "Framework":
        """A copy with some node weights replaced."""
        t = self.table.copy()
        for k, v in weights.items():
            if k not in t.index:
                raise KeyError(f"unknown node {k!r}")
            t.at[k, "weight"] = float(v)
        return Framework(t, self.group_columns, self.denominators, self.name)

    def fingerprint(self) -> str:
        """SHA-256 of the structure, weights, directions and survey mapping."""
        cols = ["parent", "level", "direction", "weight", "type", "source", "items", "groups",
                "reverse", "scale", "stat", "goal_min", "goal_max", "target"]
        text = self.table[cols].to_csv()
        return hashlib.sha256(text.encode()).hexdigest()

    def to_frame(self) -> pd.DataFrame:
        """The table in the file format (lists joined by ``;``)."""
        t = self.table.copy()
        for c in ("items", "groups", "reverse"):
            t[c] = t[c].map(lambda v: ";".join(v))
        t = t.reset_index().rename(columns={"code": "iCode", "parent": "Parent", "level": "Level",
                                            "direction": "Direction", "weight": "Weight", "type": "Type"})
        t.insert(1, "iName", t["name_en"])
        return t


def load_framework(source: str | os.PathLike | bytes | pd.DataFrame, name: str | None = None,
                   survey_items: list[str] | None = None) -> Framework:
    """Read and validate a framework table (COINr ``iMeta`` compatible).

    Parameters
    ----------
    source : path, bytes or DataFrame
    name : str, optional
        File name for messages.
    survey_items : list of str, optional
        Item ids present in the survey data; when given, every survey
        indicator's items must be among them.

    Raises
    ------
    DataError
        Listing every problem: duplicate codes, missing parents, cycles,
        inconsistent levels, negative or non-numeric weights, directions other
        than 1/-1, survey indicators without items, unknown groups.

    Examples
    --------
    >>> fw = load_framework(pd.DataFrame({"iCode": ["a", "b", "I"], "Parent": ["I", "I", None],
    ...                                  "Level": [1, 1, 2], "Type": ["Indicator", "Indicator", "Aggregate"]}))
    >>> fw.indicators, fw.root
    (['a', 'b'], 'I')
    """
    raw, name = _read_framework_table(source, name)
    report = Report()
    cols = _map_columns(raw, name, report)
    rows = _parse_rows(cols, report)
    group_cols = tuple(c for c, t in zip(rows.codes, rows.types) if t == "Group")
    denoms = tuple(c for c, t in zip(rows.codes, rows.types) if t == "Denominator")
    st = _check_structure(cols, rows, report)
    records = [_node_record(i, cols, rows, st, survey_items, report) for i in st.idx]
    _check_unique_names(records, st.code_rows, cols.col, name, report)
    report.raise_if_errors()
    table = pd.DataFrame.from_records(records).set_index("code")
    _check_sibling_weights(table, cols, report)
    report.raise_if_errors()
    fw = Framework(table, group_cols, denoms, name)
    object.__setattr__(fw, "_warnings", report.warnings)
    return fw


def _read_framework_table(source, name: str | None) -> tuple[pd.DataFrame, str]:
    """The framework as a table of text and the file name for messages."""
    if isinstance(source, pd.DataFrame):
        raw = source.copy()
        raw.columns = [str(c).strip() for c in raw.columns]
        raw = raw.astype(object).where(raw.notna(), "").astype(str)
        return raw, name or "framework"
    raw = read_table(source, name=name)
    return raw, raw.attrs.get("name", name or "framework")


@dataclass
class _Columns:
    """The framework table with its columns found by name (``col[key]`` is the header or ``None``)."""

    raw: pd.DataFrame
    col: dict
    name: str
    text_cache: dict = field(default_factory=dict)

    def get(self, key: str) -> pd.Series:
        """Column ``key`` (empty strings where the table has no such column)."""
        raw = self.raw
        return raw[self.col[key]] if self.col[key] else pd.Series([""] * len(raw), index=raw.index, dtype=object)

    def cell(self, key: str, i: int) -> str:
        """Text of row ``i`` in column ``key`` (columns converted once: no per-cell pandas calls)."""
        if key not in self.text_cache:
            raw, c = self.raw, self.col[key]
            self.text_cache[key] = [str(v) for v in raw[c].tolist()] if c else [""] * len(raw)
        return self.text_cache[key][i]


def _map_columns(raw: pd.DataFrame, name: str, report: Report) -> _Columns:
    """Column mapping: find each known column by its names; no code column is an error."""
    col = {k: find_column(raw.columns, v) for k, v in _COLUMNS.items()}
    if col["code"] is None:
        hz, he = layout_hint(raw.columns)
        report.add("框架表缺少指标代码列（iCode）", "The framework has no code column (iCode)",
                   "请添加名为 iCode（或“指标代码”）的列" + hz, "Add a column named iCode (or 指标代码)" + he,
                   file=name, column="iCode", code="missing_column")
        report.raise_if_errors()
    return _Columns(raw, col, name)


@dataclass
class _Rows:
    """Row parsing's result: file row numbers, codes, parents, types and the numeric columns."""

    rows: np.ndarray
    codes: list
    parents: list
    types: list
    levels: np.ndarray
    weights: np.ndarray
    directions: np.ndarray
    goal_min: np.ndarray
    goal_max: np.ndarray
    target: np.ndarray
    scale: np.ndarray


def _parse_rows(cols: _Columns, report: Report) -> _Rows:
    """Row parsing: codes and parents as text, the numeric columns as numbers, the types."""
    name, col = cols.name, cols.col
    rows = np.arange(len(cols.raw)) + 2
    codes = cols.get("code").astype(str).str.strip()
    types_raw = cols.get("type").astype(str).str.strip()

    def numeric(key: str, header: str) -> np.ndarray:
        return parse_numeric(cols.get(key), file=name, column=col[key] or header, report=report)

    levels = numeric("level", "Level")
    weights = numeric("weight", "Weight")
    directions = numeric("direction", "Direction")
    goal_min, goal_max = numeric("goal_min", "goal_min"), numeric("goal_max", "goal_max")
    target, scale = numeric("target", "target"), numeric("scale", "scale")
    types = _parse_types(types_raw, rows, cols, report)
    parents = cols.get("parent").astype(str).str.strip().replace({"": None, "nan": None, "None": None})
    return _Rows(rows, codes.tolist(), parents.tolist(), types, levels, weights, directions,
                 goal_min, goal_max, target, scale)


_TYPES = {"indicator": "Indicator", "指标": "Indicator", "aggregate": "Aggregate", "汇总": "Aggregate",
          "维度": "Aggregate", "group": "Group", "分组": "Group", "denominator": "Denominator",
          "分母": "Denominator", "": None, "nan": None}   # None: decided from the structure


def _parse_types(types_raw: pd.Series, rows: np.ndarray, cols: _Columns, report: Report) -> list:
    """Each row's Type in its English name (``None`` when empty; an unknown one is a warning)."""
    types = []
    for i, t in enumerate(types_raw):
        tl = t.lower()
        if tl in _TYPES:
            types.append(_TYPES[tl])
        else:
            types.append("Other")
            report.add(f"未知的类型“{t}”", f"Unknown Type '{t}'",
                       "类型应为 Indicator、Aggregate、Group 或 Denominator",
                       "Type must be Indicator, Aggregate, Group or Denominator",
                       file=cols.name, row=int(rows[i]), column=cols.col["type"], value=t, severity="warning",
                       code="unknown_type")
    return types


@dataclass
class _Structure:
    """The checked hierarchy: kept row positions, each code's file row, parents, depths."""

    idx: np.ndarray
    code_rows: dict
    par_of: dict
    has_child: set
    depth: dict


def _check_structure(cols: _Columns, rows: _Rows, report: Report) -> _Structure:
    """Structure checks: codes, duplicate codes, parents, cycles, one root; depth-derived levels."""
    codes, types = rows.codes, rows.types
    keep = np.array([t in (None, "Indicator", "Aggregate") and c != "" for c, t in zip(codes, types)])
    _check_missing_codes(cols, rows, report)
    idx = np.flatnonzero(keep)
    code_rows = _check_duplicate_codes(idx, cols, rows, report)
    par_of = {codes[i]: rows.parents[i] for i in idx}
    has_child = {p for p in par_of.values() if p}
    _check_parents(idx, par_of, cols, rows, report)
    _check_cycles(par_of, code_rows, cols, report)
    report.raise_if_errors()
    _check_one_root(par_of, cols, report)
    return _Structure(idx, code_rows, par_of, has_child, _depths(par_of))


def _check_missing_codes(cols: _Columns, rows: _Rows, report: Report) -> None:
    """A row with content but no code is an error."""
    no_code = np.array([c == "" for c in rows.codes], dtype=bool)
    if no_code.any():
        filled = cols.raw.astype(str).apply(lambda s: s.str.strip()).ne("").any(axis=1).to_numpy()
        pos = np.flatnonzero(no_code & filled)
        for i in pos[:MAX_PER_COLUMN]:
            report.add("缺少指标代码", "Missing code", "请为该行填写唯一的代码", "Give the row a unique code",
                       file=cols.name, row=int(rows.rows[i]), column=cols.col["code"], code="missing_code")
        report.add_more(len(pos) - MAX_PER_COLUMN, file=cols.name, column=cols.col["code"], code="missing_code")


def _check_duplicate_codes(idx: np.ndarray, cols: _Columns, rows: _Rows, report: Report) -> dict[str, int]:
    """Each code's first file row; a code seen again is an error."""
    code_rows: dict[str, int] = {}
    for i in idx:
        c = rows.codes[i]
        if c in code_rows:
            report.add(f"代码重复：“{c}”（第 {code_rows[c]} 行已有）", f"Duplicate code '{c}' (also row {code_rows[c]})",
                       "每个代码只能出现一次", "Every code must be unique",
                       file=cols.name, row=int(rows.rows[i]), column=cols.col["code"], value=c,
                       code="duplicate_code")
        else:
            code_rows[c] = int(rows.rows[i])
    return code_rows


def _check_parents(idx: np.ndarray, par_of: dict, cols: _Columns, rows: _Rows, report: Report) -> None:
    """A parent must exist and must not be the node itself."""
    column = cols.col["parent"] or "Parent"
    for i in idx:
        c, p = rows.codes[i], rows.parents[i]
        if p and p not in par_of:
            report.add(f"上级节点“{p}”不存在", f"Parent '{p}' does not exist",
                       "请填写框架中已有的代码，或先添加该上级节点",
                       "Use a code that exists in the framework, or add that parent row",
                       file=cols.name, row=int(rows.rows[i]), column=column, value=p,
                       code="missing_parent")
        if p == c:
            report.add("节点不能以自己为上级", "A node cannot be its own parent",
                       "请把上级改为更高一级节点的代码（顶层节点的上级留空）",
                       "Set Parent to the code of the node one level up (leave it empty for the top node)",
                       file=cols.name, row=int(rows.rows[i]), column=column, value=p, code="cycle")


def _check_cycles(par_of: dict, code_rows: dict, cols: _Columns, report: Report) -> None:
    """A chain of parents that loops is an error (a node that is its own parent is reported apart)."""
    for c0 in par_of:
        seen, p = {c0}, par_of.get(c0)
        if p == c0:
            continue
        while p and p in par_of:
            if p in seen:
                report.add(f"框架存在循环引用：{c0} → … → {p}", f"The hierarchy has a cycle through '{c0}'",
                           "请检查上级列，层级必须自下而上、不能绕回", "Check the Parent column: the hierarchy must not loop",
                           file=cols.name, row=code_rows.get(c0), column=cols.col["parent"] or "Parent", value=c0,
                           code="cycle")
                break
            seen.add(p)
            p = par_of.get(p)


def _check_one_root(par_of: dict, cols: _Columns, report: Report) -> None:
    """The hierarchy must have exactly one top node."""
    roots = [c for c, p in par_of.items() if not p]
    if len(roots) != 1:
        report.add(f"框架必须有且只有一个顶层节点，现有 {len(roots)} 个：{', '.join(roots[:8])}",
                   f"The framework must have exactly one top node; found {len(roots)}: {', '.join(roots[:8])}",
                   "请添加一个总指数行，并把各顶层节点的上级设为它",
                   "Add an index row and make it the parent of the current top nodes",
                   file=cols.name, column=cols.col["parent"] or "Parent", code="roots")
        report.raise_if_errors()


def _depths(par_of: dict) -> dict[str, int]:
    """Depth-derived levels: a leaf is level 1, a parent one above its highest child."""
    # iterative, so a deep hierarchy cannot exhaust the recursion limit
    depth: dict[str, int] = {}
    kids_of: dict[str, list[str]] = {}
    for c, p in par_of.items():
        if p:
            kids_of.setdefault(p, []).append(c)
    for c0 in par_of:
        stack = [c0]
        while stack:
            c = stack[-1]
            if c in depth:
                stack.pop()
                continue
            pending = [k for k in kids_of.get(c, []) if k not in depth]
            if pending:
                stack.extend(pending)
            else:
                depth[c] = 1 + max((depth[k] for k in kids_of.get(c, [])), default=0)
                stack.pop()
    return depth


def _node_record(i: int, cols: _Columns, rows: _Rows, st: _Structure, survey_items: list[str] | None,
                 report: Report) -> dict:
    """The per-row record: type, level, weight, direction, survey fields and goalposts, checked."""
    c, r = rows.codes[i], int(rows.rows[i])
    t = _node_type(c, r, rows.types[i], st.has_child, cols, report)
    lv, w, d = _level_weight_direction(i, c, r, cols, rows, st.depth, report)
    source, items, groups, reverse, stat, sc = _survey_fields(i, c, r, t, cols, rows.scale[i], survey_items,
                                                              report)
    gmin, gmax = rows.goal_min[i], rows.goal_max[i]
    if not np.isnan(gmin) and not np.isnan(gmax) and gmax <= gmin:
        report.add("目标上限必须大于下限", "goal_max must be greater than goal_min",
                   "请检查 goal_min 和 goal_max 是否填反", "Check whether goal_min and goal_max are swapped",
                   file=cols.name, row=r, column=cols.col["goal_max"], value=f"{gmax:g}", code="bad_goalposts")
    name_en = str(cols.cell("name_en", i)).strip() or str(cols.cell("iName", i)).strip()
    name_zh = str(cols.cell("name_zh", i)).strip()
    return dict(code=c, name_zh=name_zh or name_en or c, name_en=name_en or name_zh or c,
                parent=st.par_of[c], level=int(lv), direction=int(d) if d in (1, -1) else 1,
                weight=float(w), type=t, source=source if t == "Indicator" else "",
                items=items, groups=tuple(dict.fromkeys(groups)), reverse=reverse,
                scale=int(sc) if not np.isnan(sc) and t == "Indicator" and source == "srv" else None,
                stat=stat if source == "srv" else "", goal_min=gmin, goal_max=gmax,
                target=rows.target[i], unit=str(cols.cell("unit", i)).strip())


def _node_type(c: str, r: int, declared: str | None, has_child: set, cols: _Columns, report: Report) -> str:
    """The node's type (from the structure when empty); a leaf Aggregate or a parent Indicator is an error."""
    t = declared or ("Aggregate" if c in has_child else "Indicator")
    if t == "Indicator" and c in has_child:
        report.add(f"“{c}”被标为指标，但它下面还有节点", f"'{c}' is an Indicator but has children",
                   "指标必须是最底层；请把类型改为 Aggregate", "Indicators are leaves; set its Type to Aggregate",
                   file=cols.name, row=r, column=cols.col["type"], value=c, code="indicator_with_children")
    if t == "Aggregate" and c not in has_child:
        report.add(f"汇总节点“{c}”下面没有任何指标", f"Aggregate '{c}' has no children",
                   "请删除该行，或为它添加下级指标", "Delete the row or give it children",
                   file=cols.name, row=r, value=c, code="empty_aggregate")
    return t


def _level_weight_direction(i: int, c: str, r: int, cols: _Columns, rows: _Rows, depth: dict,
                            report: Report) -> tuple[float, float, float]:
    """Level (checked against the depth), weight (1 when empty) and direction (1 when empty)."""
    name, col = cols.name, cols.col
    lv = rows.levels[i]
    if np.isnan(lv):
        lv = depth[c]
    elif lv != depth[c] and c in depth:
        report.add(f"“{c}”的层级为 {lv:g}，但按结构应为 {depth[c]}（上级必须比下级高一级）",
                   f"'{c}' has Level {lv:g} but its place in the hierarchy makes it level {depth[c]} "
                   "(a parent is one level above its children)",
                   "请改正层级列，或检查上级列", "Correct the Level, or check the Parent column",
                   file=name, row=r, column=col["level"], value=f"{lv:g}", code="bad_level")
    w = rows.weights[i]
    if np.isnan(w):
        w = 1.0
    elif w < 0:
        report.add("权重不能为负数", "Weights cannot be negative", "请填写 0 或正数", "Use zero or a positive number",
                   file=name, row=r, column=col["weight"], value=f"{w:g}", code="negative_weight")
    d = rows.directions[i]
    if np.isnan(d):
        d = 1.0
    elif d not in (1.0, -1.0):
        report.add("方向只能是 1（越大越好）或 -1（越小越好）",
                   "Direction must be 1 (more is better) or -1 (less is better)",
                   "请填写 1 或 -1；留空按 1 处理", "Write 1 or -1; an empty cell counts as 1",
                   file=name, row=r, column=col["direction"], value=f"{d:g}", code="bad_direction")
    return lv, w, d


def _survey_fields(i: int, c: str, r: int, t: str, cols: _Columns, sc: float, survey_items: list[str] | None,
                   report: Report) -> tuple:
    """Source, items, groups, reverse items, stat and scale of a row (checked for survey indicators)."""
    source = str(cols.cell("source", i)).strip().lower() or "ind"
    if source in ("survey", "问卷"):
        source = "srv"
    if source in ("indicator", "统计", "指标"):
        source = "ind"
    items = tuple(split_list(cols.cell("items", i)))
    groups = _row_groups(i, r, cols, report)
    reverse = tuple(split_list(cols.cell("reverse", i)))
    stat = str(cols.cell("stat", i)).strip().lower() or "mean"
    if t == "Indicator" and source == "srv":
        if not groups:
            groups = list(GROUPS)
        sc = _check_survey_indicator(c, r, cols, items, reverse, stat, sc, survey_items, report)
    elif source not in ("ind", "srv"):
        report.add(f"未知的数据来源“{source}”", f"Unknown source '{source}'", "可用 ind（统计）或 srv（问卷）",
                   "Use ind (statistics) or srv (survey)", file=cols.name, row=r, column=cols.col["source"],
                   value=source, code="bad_source")
    return source, items, groups, reverse, stat, sc


def _row_groups(i: int, r: int, cols: _Columns, report: Report) -> list[str]:
    """The row's stakeholder groups (``all`` expanded); an unknown group is an error."""
    groups: list[str] = []
    for g in split_list(cols.cell("groups", i)):
        gid = parse_group(g)
        if gid is None:
            report.add(f"未知的利益相关主体“{g}”", f"Unknown stakeholder group '{g}'",
                       "可用：gov 政府、ent 企业、org 社会组织、cit 公众、all 全部",
                       "Use gov, ent, org, cit or all (政府, 企业, 社会组织, 公众)",
                       file=cols.name, row=r, column=cols.col["groups"], value=g, code="unknown_group")
        elif gid == "all":
            groups.extend(GROUPS)
        else:
            groups.append(gid)
    return groups


def _check_survey_indicator(c: str, r: int, cols: _Columns, items: tuple, reverse: tuple, stat: str, sc: float,
                            survey_items: list[str] | None, report: Report) -> float:
    """A survey indicator's items, scale (5 when empty), stat and reverse items checked; its scale."""
    name, col = cols.name, cols.col
    if not items:
        report.add(f"问卷指标“{c}”没有列出题项", f"Survey indicator '{c}' lists no items",
                   "请在 items 列填写问卷题项编号（多个用分号分隔）",
                   "List its survey item ids in the items column, separated by ';'",
                   file=name, row=r, column=col["items"] or "items", code="no_items")
    if np.isnan(sc):
        sc = 5.0
    elif sc < 2 or sc != int(sc) or sc > 11:
        report.add("量表点数应为 2 到 11 之间的整数", "The Likert scale must be a whole number from 2 to 11",
                   "例如 5 表示 1–5 分的量表；留空按 5 处理", "For example 5 for a 1-5 scale; an empty cell counts as 5",
                   file=name, row=r, column=col["scale"], value=f"{sc:g}", code="bad_scale")
    if stat not in ("mean", "consensus"):
        report.add(f"未知的统计方式“{stat}”", f"Unknown stat '{stat}'", "可用 mean 或 consensus",
                   "Use mean or consensus", file=name, row=r, column=col["stat"], value=stat,
                   code="bad_stat")
    for it in reverse:
        if it not in items:
            report.add(f"反向题“{it}”不在该指标的题项中", f"Reverse-coded item '{it}' is not one of its items",
                       "reverse 列只能列出本行 items 列中的题项", "List in reverse only items of this row's items column",
                       file=name, row=r, column=col["reverse"], value=it, code="bad_reverse")
    if survey_items is not None:
        for it in items:
            if it not in survey_items:
                report.add(f"问卷数据中没有题项“{it}”", f"Survey item '{it}' is not in the survey data",
                           "请检查题项编号，或在问卷数据中加入该列",
                           "Check the item id, or add that column to the survey data",
                           file=name, row=r, column=col["items"], value=it, code="missing_item")
    return sc


def _check_sibling_weights(table: pd.DataFrame, cols: _Columns, report: Report) -> None:
    """Siblings' weights must not all be zero."""
    for p, grp in table.groupby(table["parent"].fillna("__root__"))["weight"]:
        if grp.sum() <= 0:
            report.add(f"“{p}”的下级节点权重全为 0", f"All children of '{p}' have weight 0",
                       "至少一个下级节点的权重应大于 0", "Give at least one child a positive weight",
                       file=cols.name, column=cols.col["weight"], value=p, code="zero_weights")


_LANG_NAMES = {"name_zh": ("中文名称", "Chinese name"), "name_en": ("英文名称", "English name")}


def name_key(text: object) -> str:
    """How a header is compared with a framework name: NFKC, invisible characters removed, stripped,
    case-insensitive (as :func:`metrics.readers.read_table` cleans headers and
    :func:`~metrics.readers.find_column` compares them)."""
    return _strip_header(text).lower()


def _check_unique_names(records: list[dict], code_rows: dict, col: dict, name: str, report: Report) -> None:
    """Two nodes with the same display name in one language are an error naming both codes.

    Headers are matched to indicators by name, templates use the names as headers and charts as
    labels: a shared name would make one of them silently stand for the other.  Names compare as
    headers do (:func:`name_key`); a node without a name in one language shows its name in the
    other, so that name counts in both.  Each pair of nodes is reported once.
    """
    reported: set = set()
    for key, (lang_zh, lang_en) in _LANG_NAMES.items():
        first: dict[str, str] = {}
        for rec in records:
            c, text = rec["code"], rec[key]
            if text == c:       # no name in either language: the code stands in, and codes are unique
                continue
            k = name_key(text)
            other = first.setdefault(k, c)
            if other == c or frozenset((other, c)) in reported:
                continue
            reported.add(frozenset((other, c)))
            column = col[key] or col["name_en"] or col["iName"] or col["name_zh"]
            report.add(f"“{c}”与“{other}”（第 {code_rows[other]} 行）的{lang_zh}相同",
                       f"'{c}' has the same {lang_en} as '{other}' (row {code_rows[other]})",
                       "请给每个节点不同的名称：表头按名称对应指标，同名会让一个指标顶替另一个"
                       "（没有填写的名称取另一种语言的名称）",
                       "Give every node its own name: headers are matched to indicators by name, so one "
                       "would stand in for the other (a missing name is taken from the other language)",
                       file=name, row=code_rows[c], column=column, value=text, code="duplicate_name")


def default_framework() -> Framework:
    """The framework that ships in ``data/framework.csv``."""
    return load_framework(DEFAULT_FRAMEWORK)


def framework_warnings(fw: Framework) -> list:
    return list(getattr(fw, "_warnings", []))
