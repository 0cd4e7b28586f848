"""The data workspace on the Streamlit side: who the user is, which saved datasets they may open,
cached loading of saved versions, and the blank templates offered on the Data page.

Access.  Login is *configured* when the secrets (``.streamlit/secrets.toml``) have an ``[auth]``
section (Streamlit's ``st.login`` with an OIDC provider).  Without it the app is one local
workspace and every save belongs to the user ``"local"``.  With it, the user is
``st.user.email`` once logged in, and ``""`` (:data:`ANONYMOUS`) before: an anonymous visitor
sees published datasets only and may not upload, save or delete (:func:`can_write`).

Saved datasets.  A saved version is addressed by the key ``"db:<dataset_id>@<version>"``
(:func:`make_key`); versions are immutable, so the key is a safe cache key for the loaded
:class:`metrics.Dataset` (shared read-only between sessions with ``st.cache_resource``).  The
listing of what a user may see is cached for a few seconds per (database, user) because the
sidebar asks for it on every page; :func:`forget` clears it after a save, rename or deletion.
Visibility is checked against that listing before a cached dataset is handed out.

Everything that touches the database goes through :func:`get_store`, the ``store`` package's
store for the configured database (``DGS_DATABASE_URL``, secrets, or ``var/dgs.db``).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
import itertools
import json
import logging
import math
import os
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from metrics import Dataset
from metrics.data import (INDICATOR_ALIASES, NAME_ALIASES, REGION_ALIASES, VALUE_ALIASES, YEAR_ALIASES,
                          indicator_lookup)
from metrics.framework import GROUP_NAMES, Framework, name_key
from metrics.readers import MISSING_TOKENS

PREFIX = "db:"
LOCAL = "local"
ANONYMOUS = ""
LISTING_TTL = 5  # seconds

_LOG = logging.getLogger(__name__)


# --------------------------------------------------------------------------- access
def login_configured() -> bool:
    """Whether an ``[auth]`` section is configured in the secrets (no secrets file is fine)."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except Exception:  # noqa: BLE001 - an unreadable secrets file means no login, never a crash
        return False


def current_user() -> str:
    """``"local"`` without login; the logged-in user's e-mail; ``""`` for an anonymous visitor."""
    if not login_configured():
        return LOCAL
    try:
        user = st.user
        if user.get("is_logged_in"):
            return str(user.get("email") or user.get("sub") or "") or ANONYMOUS
    except Exception:  # noqa: BLE001 - no script context: nobody is logged in
        pass
    return ANONYMOUS


def can_write() -> bool:
    """Whether the current user may upload, save and delete."""
    return not login_configured() or current_user() != ANONYMOUS


# --------------------------------------------------------------------------- store
def _db() -> str:
    return os.environ.get("DGS_DATABASE_URL", "")


@st.cache_resource(show_spinner=False)
def _store(db: str):
    from store import get_store as _get_store
    return _get_store(db or None)


def get_store():
    """The store of the configured database (one per database URL and process)."""
    return _store(_db())


def make_key(dataset_id, version) -> str:
    """``"db:<dataset_id>@<version>"``."""
    return f"{PREFIX}{dataset_id}@{int(version)}"


def parse_key(key: str) -> tuple[str, int]:
    """``"db:7@2"`` -> ``("7", 2)``; raises ``KeyError`` for anything else."""
    if not isinstance(key, str) or not key.startswith(PREFIX) or "@" not in key:
        raise KeyError(f"not a saved-dataset key: {key!r}")
    did, _, ver = key[len(PREFIX):].rpartition("@")
    try:
        return did, int(ver)
    except ValueError:
        raise KeyError(f"not a saved-dataset key: {key!r}") from None


@dataclass(frozen=True)
class SavedVersion:
    """One saved version as the current user sees it."""

    key: str
    dataset_id: object
    name: str
    description: str
    owner: str
    public: bool
    hidden: bool
    created_at: str
    version: int
    saved_by: str
    saved_at: str
    fingerprint: str
    files: tuple = ()

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"


def _when(value) -> str:
    """A saved time as ``YYYY-MM-DD HH:MM:SS UTC`` (the store keeps UTC)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return "" if value is None else str(value)


def _versions(store, info, user: str) -> list:
    """The :class:`store.VersionInfo` records of a dataset (fetched one by one if only numbers are given)."""
    out = []
    for v in info.versions or []:
        if hasattr(v, "fingerprint"):
            out.append(v)
        else:
            try:
                out.append(store.get_version(info.id, int(v), user=user or None))
            except Exception:  # noqa: BLE001 - deleted between the two reads
                continue
    return out


#: Bumped by :func:`forget`; part of the listing's cache key, so that a listing computed by another
#: session while a save was committing (and stored after the cache was cleared) is never read again.
_generation = itertools.count()
_current = [next(_generation)]


@st.cache_data(ttl=LISTING_TTL, show_spinner=False, max_entries=256)
def _listing(db: str, user: str, generation: int) -> list[SavedVersion]:
    store = _store(db)
    rows = []
    for d in store.list_datasets(user=user or None, include_hidden=True):
        if d.hidden and d.owner != user:
            continue  # a hidden dataset is hidden from everyone but its owner
        for v in _versions(store, d, user):
            rows.append(SavedVersion(
                key=make_key(d.id, v.version), dataset_id=d.id, name=str(d.name),
                description=str(d.description or ""), owner=str(d.owner), public=bool(d.public),
                hidden=bool(d.hidden), created_at=_when(d.created_at), version=int(v.version),
                saved_by=str(v.saved_by), saved_at=_when(v.saved_at), fingerprint=str(v.fingerprint),
                files=tuple((str(k), str(f)) for k, f in (v.files or {}).items())))
    rows.sort(key=lambda r: (r.saved_at, r.created_at, str(r.dataset_id), r.version), reverse=True)
    return rows


def listing(user: str | None = None, include_hidden: bool = True) -> list[SavedVersion]:
    """Saved versions visible to ``user`` (default: the current user), newest first."""
    user = current_user() if user is None else user
    rows = _listing(_db(), user, _current[0])
    return rows if include_hidden else [r for r in rows if not r.hidden]


def dataset_options() -> dict[str, str]:
    """Saved versions the current user may open (hidden ones left out): key -> ``"<name> v<n>"``."""
    try:
        return {r.key: r.label for r in listing(include_hidden=False)}
    except Exception as exc:  # noqa: BLE001 - the sidebar must work without a database; the Data page says why
        _LOG.warning("saved datasets unavailable: %s", exc)
        return {}


def find(key: str, user: str | None = None) -> SavedVersion | None:
    """The visible saved version with this key, or ``None``."""
    for r in listing(user):
        if r.key == key:
            return r
    return None


@st.cache_resource(show_spinner=False, max_entries=32)
def _load(db: str, key: str, fingerprint: str, label: str, _dataset_id, _user: str) -> Dataset:
    _, version = parse_key(key)
    ds = _store(db).load_dataset(_dataset_id, version, user=_user or None)
    return dataclasses.replace(ds, label=label) if ds.label != label else ds


def load_dataset(key: str) -> Dataset:
    """The saved version ``key`` (``"db:<id>@<version>"``), if the current user may see it.

    Cached per process and shared read-only between sessions; raises ``KeyError`` for a key that
    does not exist or that the current user may not open.
    """
    row = find(key)
    if row is None:
        raise KeyError(f"unknown dataset {key!r}")
    return _load(_db(), key, row.fingerprint, row.label, row.dataset_id, current_user())


def own_datasets(user: str | None = None) -> dict:
    """The current user's datasets (hidden ones included): dataset id -> its newest :class:`SavedVersion`."""
    user = current_user() if user is None else user
    out: dict = {}
    if user == ANONYMOUS:
        return out
    for r in listing(user):
        if r.owner == user and (r.dataset_id not in out or r.version > out[r.dataset_id].version):
            out[r.dataset_id] = r
    return out


def find_own_dataset(dataset_id, user: str | None = None) -> SavedVersion | None:
    return own_datasets(user).get(dataset_id)


@dataclass(frozen=True)
class SavedAssessment:
    """A saved assessment: a dataset version and a spec."""

    id: object
    name: str
    dataset_id: object
    version: int
    spec: object
    saved_by: str
    saved_at: str

    @property
    def key(self) -> str:
        return make_key(self.dataset_id, self.version)


def assessments(user: str | None = None) -> list[SavedAssessment]:
    """Saved assessments the user may reopen, newest first."""
    from metrics import Spec
    user = current_user() if user is None else user
    out = []
    for a in get_store().list_assessments(user=user or None):
        spec = getattr(a, "spec", None)
        if not isinstance(spec, Spec):
            spec = Spec.from_dict(json.loads(spec) if isinstance(spec, str) else dict(spec or {}))
        out.append(SavedAssessment(a.id, str(a.name), a.dataset_id, int(a.version), spec,
                                   str(getattr(a, "saved_by", "") or ""), _when(getattr(a, "saved_at", None))))
    out.sort(key=lambda a: (a.saved_at, str(a.id)), reverse=True)
    return out


#: Called by ``forget(loaded=True)``: caches of higher layers keyed on dataset keys (``ui.state`` registers
#: its assessment caches), by qualified name so a re-imported module replaces its hook.
_FORGET_HOOKS: dict[str, Callable[[], None]] = {}


def on_forget(hook: Callable[[], None]) -> None:
    """Register ``hook`` to run when loaded datasets are forgotten (see :func:`forget`)."""
    _FORGET_HOOKS[f"{hook.__module__}.{hook.__qualname__}"] = hook


def forget(loaded: bool = False) -> None:
    """Drop the cached listings (after a save, rename, hide or publish).

    ``loaded=True`` (after a deletion, and for a different database) also drops the loaded datasets
    and the dashboard's assessment caches, which are keyed on the dataset key: a deleted dataset's
    id can be given again by the database, and then the same key would name other data.
    """
    _current[0] = next(_generation)
    _listing.clear()
    if loaded:
        _load.clear()
        for hook in _FORGET_HOOKS.values():
            hook()


# --------------------------------------------------------------------------- templates
TEMPLATE_KINDS = ("indicators", "survey", "framework", "regions")

_META = {  # canonical header -> Chinese header accepted by the readers
    "region": "地区", "year": "年份", "respondent_id": "受访者编号", "group": "主体",
}
_FRAMEWORK_ZH = {
    "iCode": "指标代码", "iName": "名称", "name_zh": "中文名称", "name_en": "英文名称", "Parent": "上级",
    "Level": "层级", "Direction": "方向", "Weight": "权重", "Type": "类型", "source": "来源", "items": "题项",
    "groups": "答题主体", "reverse": "反向题", "scale": "量表点数", "stat": "统计方式", "goal_min": "目标下限",
    "goal_max": "目标上限", "target": "目标值", "unit": "单位",
}
_REGIONS_ZH = {"code": "地区代码", "name_zh": "中文名称", "name_en": "英文名称", "group": "分组", "row": "行",
               "col": "列"}
NOTES_SHEET = "说明 Notes"
_NOTE_COLS = ["列 Column", "说明", "Meaning", "单位或取值 Unit or values"]


def _num(v) -> object:
    """A number for an example cell: whole numbers without a decimal point, NaN as empty."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return ""
    if math.isnan(x):
        return ""
    return int(x) if x.is_integer() else round(x, 2)


def _example_value(fw: Framework, code: str) -> object:
    row = fw.table.loc[code]
    for c in ("target", "goal_max"):
        v = _num(row[c])
        if v != "":
            return v
    return 1


def _general_notes() -> list[list[str]]:
    tokens = "、".join(sorted(t for t in MISSING_TOKENS if t)[:12])
    return [
        ["（缺失值）", "留空，或写 " + tokens + " 等", "Leave empty, or write one of " + tokens, "empty / - / NA / 无"],
        ["（数字格式）", "可写 85%、1,234.5、全角数字；不要写单位或文字", "85%, 1,234.5 and full-width digits are fine; "
         "no units or words", ""],
        ["（文件格式）", "CSV（UTF-8、UTF-8 BOM、GBK、GB18030）或 .xlsx；第一行是表头，每个表头只出现一次",
         "CSV (UTF-8, UTF-8 with BOM, GBK, GB18030) or .xlsx; row 1 is the header, each header once", ""],
        ["（示例行）", "第 2 行是示例，请用你的数据替换或删除", "Row 2 is an example: replace or delete it", ""],
    ]


def _indicator_headers(fw: Framework, inds: list[str], lang: str) -> list[str]:
    """Headers of the indicator columns: codes, or in Chinese the Chinese names where a name reads
    back as its own indicator and as nothing else (not a region/year/name column, not another
    indicator, not twice); otherwise the code, which always does."""
    if lang != "zh":
        return list(inds)
    match = indicator_lookup(fw)
    taken = {name_key(a) for a in REGION_ALIASES + NAME_ALIASES + YEAR_ALIASES + INDICATOR_ALIASES + VALUE_ALIASES}
    taken |= {name_key(c) for c in inds}
    out = []
    for c in inds:
        name = fw.name_of(c, "zh")
        use = name if match(name) == c and name_key(name) not in taken else c
        taken.add(name_key(use))
        out.append(use)
    return out


def _indicator_template(fw: Framework, lang: str, region: str, year: int):
    inds = [c for c in fw.indicators if fw.table.at[c, "source"] != "srv"]
    head = {"region": _META["region"] if lang == "zh" else "region",
            "year": _META["year"] if lang == "zh" else "year"}
    cols = [head["region"], head["year"]] + _indicator_headers(fw, inds, lang)
    example = [region, year] + [_example_value(fw, c) for c in inds]
    table = pd.DataFrame([example], columns=cols)
    notes = [[head["region"], "地区代码（如 GB/T 2260 的 110000）或地区表中的名称", "Region code (e.g. GB/T 2260 "
              "110000) or a name from the region table", "text"],
             [head["year"], "四位年份；没有年份时可删除此列", "Four-digit year; delete the column if there are no years",
              "2019–2030"]]
    for c, h in zip(inds, cols[2:]):
        r = fw.table.loc[c]
        direction = ("越大越好", "more is better") if int(r["direction"]) == 1 else ("越小越好", "less is better")
        lo, hi = _num(r["goal_min"]), _num(r["goal_max"])
        rng = f"{lo}–{hi}" if lo != "" and hi != "" else ""
        unit = str(r["unit"] or "")
        notes.append([h, f"{fw.name_of(c, 'zh')}（代码 {c}；{direction[0]}）",
                      f"{fw.name_of(c, 'en')} (code {c}; {direction[1]})",
                      "; ".join(x for x in (unit, rng) if x)])
    return table, notes


def _survey_template(fw: Framework, lang: str, region: str, year: int):
    items = fw.survey_items
    scale: dict[str, int] = {}
    groups: dict[str, set] = {}
    used_by: dict[str, list[str]] = {}
    reverse: set = set()
    for ind in fw.survey_indicators:
        r = fw.table.loc[ind]
        for it in r["items"]:
            scale.setdefault(it, int(r["scale"] or 5))
            groups.setdefault(it, set()).update(r["groups"])
            used_by.setdefault(it, []).append(ind)
        reverse.update(r["reverse"])
    meta = ["respondent_id", "region", "year", "group"]
    cols = [_META[m] if lang == "zh" else m for m in meta] + list(items)
    group = "gov"
    example = ["R0001", region, year, GROUP_NAMES[group][0] if lang == "zh" else group]
    example += [max(scale[it] - 1, 1) if group in groups[it] else "" for it in items]
    table = pd.DataFrame([example], columns=cols)
    gtext = "、".join(f"{g} {zh}" for g, (zh, _) in GROUP_NAMES.items())
    gtext_en = ", ".join(f"{g} ({en})" for g, (_, en) in GROUP_NAMES.items())
    notes = [[cols[0], "受访者编号，每人一行、编号唯一", "Respondent id: one row per respondent, each id once", "text"],
             [cols[1], "地区代码或名称", "Region code or name", "text"],
             [cols[2], "调查年份", "Year of the survey", "2019–2030"],
             [cols[3], "受访者所属主体：" + gtext, "Stakeholder group: " + gtext_en, "gov / ent / org / cit"]]
    for it in items:
        k = scale[it]
        who = "/".join(g for g in GROUP_NAMES if g in groups[it])
        inds = ", ".join(used_by[it])
        rev = ("；反向计分", "; reverse-coded") if it in reverse else ("", "")
        notes.append([it, f"李克特 1–{k} 分量表（1 = 非常不同意，{k} = 非常同意）；用于 {inds}；作答主体 {who}{rev[0]}",
                      f"Likert 1–{k} (1 = strongly disagree, {k} = strongly agree); used by {inds}; answered by "
                      f"{who}{rev[1]}", f"1–{k}, whole numbers; empty if not asked"])
    return table, notes


_FRAMEWORK_NOTES = {
    "iCode": ("唯一代码", "Unique code", "text"),
    "iName": ("名称（COINr 兼容）", "Name (COINr compatible)", "text"),
    "name_zh": ("中文名称", "Chinese name", "text"),
    "name_en": ("英文名称", "English name", "text"),
    "Parent": ("上级节点的代码；总指数留空", "Code of the parent node; empty for the index", "code"),
    "Level": ("层级：指标 = 1，向上逐级加 1", "Level: indicators = 1, one more per level up", "1, 2, 3…"),
    "Direction": ("1 = 越大越好，-1 = 越小越好", "1 = more is better, -1 = less is better", "1 / -1"),
    "Weight": ("同级节点之间的相对权重", "Weight relative to the siblings", ">= 0"),
    "Type": ("节点类型", "Node type", "Indicator / Aggregate / Group / Denominator"),
    "source": ("数据来源：ind = 统计指标，srv = 问卷", "Source: ind = statistics, srv = survey", "ind / srv"),
    "items": ("问卷指标的题项编号，用 ; 分隔", "Survey item ids of a survey indicator, separated by ;", "q1;q2"),
    "groups": ("作答主体，用 ; 分隔", "Stakeholder groups that answer, separated by ;", "gov;ent;org;cit;all"),
    "reverse": ("反向计分的题项", "Reverse-coded items", "q2"),
    "scale": ("李克特量表点数", "Likert scale points", "2–11 (default 5)"),
    "stat": ("问卷统计方式", "How survey answers are summarised", "mean / consensus"),
    "goal_min": ("目标法标准化的下限", "Lower goalpost", "number"),
    "goal_max": ("目标法标准化的上限", "Upper goalpost", "number"),
    "target": ("目标值", "Target value", "number"),
    "unit": ("单位", "Unit", "text"),
}


def _framework_template(fw: Framework, lang: str):
    full = fw.to_frame()
    first = full[full["Type"] == "Indicator"].head(1)
    cols = list(_FRAMEWORK_NOTES)
    table = first.reindex(columns=cols).astype(object)
    table = table.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else v)
    table = table.map(lambda v: int(v) if isinstance(v, float) and v.is_integer() else v)
    if lang == "zh":
        table = table.rename(columns=_FRAMEWORK_ZH)
    notes = [[(_FRAMEWORK_ZH[c] if lang == "zh" else c), zh, en, values]
             for c, (zh, en, values) in _FRAMEWORK_NOTES.items()]
    return table.reset_index(drop=True), notes


def _regions_template(regions, lang: str):
    cols = list(_REGIONS_ZH)
    if regions is not None and len(regions.table):
        t = regions.table.reset_index().rename(columns={"index": "code"}).head(1)
        t = t.reindex(columns=cols).astype(object)
        t = t.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else
                  (int(v) if isinstance(v, float) and v.is_integer() else v))
    else:
        t = pd.DataFrame([["110000", "北京", "Beijing", "东部", 1, 4]], columns=cols)
    if lang == "zh":
        t = t.rename(columns=_REGIONS_ZH)
    h = (lambda c: _REGIONS_ZH[c]) if lang == "zh" else (lambda c: c)
    notes = [[h("code"), "地区代码（唯一）", "Region code (unique)", "text"],
             [h("name_zh"), "中文名称", "Chinese name", "text"],
             [h("name_en"), "英文名称", "English name", "text"],
             [h("group"), "地区分组（如 东部/中部/西部/东北）", "Region group (e.g. East/Centre/West/North-east)", "text"],
             [h("row"), "方块地图中的行（可选）", "Row in the tile map (optional)", "whole number"],
             [h("col"), "方块地图中的列（可选）", "Column in the tile map (optional)", "whole number"]]
    return t.reset_index(drop=True), notes


def template(kind: str, fw: Framework, regions=None, lang: str = "en", year: int | None = None):
    """A blank template with one example row and its notes, built from the framework ``fw``.

    Parameters
    ----------
    kind : {"indicators", "survey", "framework", "regions"}
    lang : {"zh", "en"}
        Header language: Chinese labels (``name_zh`` for indicators) or English ids (codes).

    Returns
    -------
    (table, notes) : (DataFrame, DataFrame)
        ``notes`` explains every column (meaning, unit, Likert scale, missing-value tokens) in
        Chinese and English.
    """
    region = "110000"
    if regions is not None and len(regions.table):
        region = str(regions.table.index[0])
    year = int(year) if year else pd.Timestamp.now().year - 1
    if kind == "indicators":
        table, notes = _indicator_template(fw, lang, region, year)
    elif kind == "survey":
        table, notes = _survey_template(fw, lang, region, year)
    elif kind == "framework":
        table, notes = _framework_template(fw, lang)
    elif kind == "regions":
        table, notes = _regions_template(regions, lang)
    else:
        raise ValueError(f"kind must be one of {', '.join(TEMPLATE_KINDS)}")
    notes = notes + (_general_notes() if kind in ("indicators", "survey") else [])
    return table, pd.DataFrame(notes, columns=_NOTE_COLS)


def template_files(kind: str, fw: Framework, regions=None, lang: str = "en", year: int | None = None
                   ) -> dict[str, bytes]:
    """``{"csv": bytes, "xlsx": bytes}`` of a template (CSV: UTF-8 with BOM; Excel with a notes sheet)."""
    from metrics.safe import to_csv_bytes, to_xlsx_bytes
    table, notes = template(kind, fw, regions, lang, year)
    return {"csv": to_csv_bytes(table),
            "xlsx": to_xlsx_bytes({kind: table, NOTES_SHEET: notes})}
