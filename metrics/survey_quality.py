"""Response quality of survey data: flags, and exclusion only when asked for.

:func:`check_quality` looks at every respondent and flags four things:

``speeders``
    Completion time below ``speeder_fraction`` (default 1/3) of the median time of the respondent's
    stakeholder group.  Each group answers its own questionnaire (:mod:`export.questionnaire`), of a
    different length, so each is compared with its own median.  Respondents without a time are not
    judged.  A third of the median is a common rule for flagging speeders in web surveys (Greszki,
    Meyer & Schoen 2015, "Exploring the effects of removing 'too fast' responses and respondents from
    web surveys", *Public Opinion Quarterly* 79(2)).
``straightlining``
    The same answer to every item of a dimension block (the questionnaire's sections:
    :attr:`metrics.framework.Framework.item_blocks`) in which the respondent answered at least
    ``straightline_k`` items (default 5).  Raw answers are compared, before reverse coding, so a
    straight line through a block holding a reverse-worded item is caught too.
``duplicates``
    A respondent id seen on an earlier row; or the same IP address as an earlier row with identical
    answers to every item, submitted within ``duplicate_minutes`` (default 30) of it (when either
    submit time is unknown the pair counts as a duplicate).  The first row is kept unflagged.
``out_of_scale``
    An answer that is not a whole number within the item's ``1..k``, or answers the platform import
    set aside as outside the scale (:mod:`metrics.platforms`; the survey data's ``out_of_scale`` column).

Flags change nothing.  Exclusion is a choice made in the assessment spec
(:attr:`metrics.Spec.survey_exclude`): the named rules' flagged respondents are left out before the
survey is aggregated, and the assessment's log says how many respondents and answers were excluded
by each rule (:func:`metrics.assessment.assess`).

Metadata columns of the survey data (optional; :func:`metrics.data.read_survey`): ``duration``
(seconds; ``"125秒"``, ``"2分5秒"``, ``"00:02:05"`` are read too), ``submitted`` (date and time),
``ip`` (``"1.2.3.4(北京-北京)"`` is read as ``1.2.3.4``) and ``out_of_scale`` (a count).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import MAX_PER_COLUMN, Problem
from .framework import Framework

RULES = ("speeders", "straightlining", "duplicates", "out_of_scale")
DEFAULTS = {"speeder_fraction": 1 / 3, "straightline_k": 5, "duplicate_minutes": 30.0}
RULE_NAMES = {"speeders": ("答题过快", "speeders"), "straightlining": ("整块同一答案", "straight-lining"),
              "duplicates": ("重复作答", "duplicates"), "out_of_scale": ("超出量表的答案", "out-of-scale answers")}
META_COLUMNS = ("duration", "submitted", "ip", "out_of_scale")

_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|时|h|hours?)\s*)?(?:(\d+(?:\.\d+)?)\s*(?:分钟|分|min|minutes?|m)\s*)?"
                       r"(?:(\d+(?:\.\d+)?)\s*(?:秒钟|秒|s|sec|seconds?)?\s*)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^\s*(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*$")
_IP = re.compile(r"^\s*((?:\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)")


def parse_duration(values) -> np.ndarray:
    """Seconds from ``125``, ``"125秒"``, ``"2分5秒"``, ``"1小时2分"``, ``"00:02:05"``, ``"2 min"``; NaN otherwise.

    >>> parse_duration(["125", "125秒", "2分5秒", "00:02:05", "1:05", "", "abc"]).tolist()
    [125.0, 125.0, 125.0, 125.0, 65.0, nan, nan]
    """
    out = []
    for v in pd.Series(values, dtype=object).tolist():
        s = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()
        m = _CLOCK.match(s)
        if m:
            if m.group(3) is None:                         # m:ss
                out.append(int(m.group(1)) * 60 + int(m.group(2)))
            else:
                out.append(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)))
            continue
        m = _DURATION.match(s) if s else None
        if m and any(m.groups()):
            h, mi, sec = (float(g) if g else 0.0 for g in m.groups())
            out.append(h * 3600 + mi * 60 + sec)
        else:
            out.append(np.nan)
    return np.asarray(out, dtype=float)


def parse_ip(values) -> pd.Series:
    """The address at the start of each cell (``"1.2.3.4(北京-北京)"`` -> ``"1.2.3.4"``); ``""`` when none.

    >>> parse_ip(["1.2.3.4(北京-北京)", "", "2001:db8::1"]).tolist()
    ['1.2.3.4', '', '2001:db8::1']
    """
    s = pd.Series(values, dtype=object).fillna("").astype(str)
    return s.map(lambda v: (m.group(1) if (m := _IP.match(v)) else ""))


def parse_datetime(values) -> pd.Series:
    """Dates and times as written by the platforms (``2024/5/1 10:20:30``, ``2024-05-01 10:20``); NaT otherwise."""
    s = pd.Series(values, dtype=object).fillna("").astype(str).str.strip()
    return pd.to_datetime(s.where(s != ""), errors="coerce", format="mixed")


def params_of(overrides=None) -> dict:
    """The defaults with ``overrides`` (a dict or ``(name, value)`` pairs) applied and checked."""
    p = dict(DEFAULTS)
    for k, v in dict(overrides or {}).items():
        if k not in DEFAULTS:
            raise ValueError(f"unknown survey quality setting {k!r}; use {', '.join(DEFAULTS)}")
        p[k] = float(v)
    if not 0 < p["speeder_fraction"] < 1:
        raise ValueError("speeder_fraction must be between 0 and 1")
    if p["straightline_k"] < 2:
        raise ValueError("straightline_k must be at least 2")
    if p["duplicate_minutes"] < 0:
        raise ValueError("duplicate_minutes must not be negative")
    p["straightline_k"] = int(p["straightline_k"])
    return p


@dataclass
class QualityReport:
    """Per-respondent flags (rows in the order of the survey data) and the settings that made them.

    ``flags`` has one boolean column per rule of :data:`RULES`, ``reason_zh`` and ``reason_en`` (why
    the respondent was flagged), ``row`` (the spreadsheet row, header = 1) and ``respondent_id``.
    """

    flags: pd.DataFrame
    params: dict = field(default_factory=dict)
    checked: dict = field(default_factory=dict)     # rule -> whether the data allowed the check

    def counts(self) -> dict[str, int]:
        return {r: int(self.flags[r].sum()) for r in RULES}

    def mask(self, rules=RULES) -> np.ndarray:
        """Respondents flagged by any of ``rules``."""
        rules = [r for r in rules if r in RULES]
        if not rules:
            return np.zeros(len(self.flags), dtype=bool)
        return self.flags[list(rules)].any(axis=1).to_numpy()

    @property
    def n_flagged(self) -> int:
        return int(self.mask().sum())

    def summary(self) -> dict:
        """JSON-able: settings, counts, which checks could run, and the flagged rows (first 500)."""
        flagged = self.flags[self.mask()]
        return {"params": self.params, "respondents": int(len(self.flags)), "counts": self.counts(),
                "checked": self.checked, "flagged": int(len(flagged)),
                "rows": [{"row": int(r.row), "respondent_id": str(r.respondent_id),
                          "rules": [k for k in RULES if getattr(r, k)]} for r in flagged.head(500).itertuples()]}

    def text(self, lang: str = "zh") -> str:
        """One line: how many respondents each rule flagged."""
        n = len(self.flags)
        parts = []
        for r in RULES:
            name = RULE_NAMES[r][lang == "en"]
            if not self.checked.get(r, True):
                parts.append(f"{name}：未检查" if lang == "zh" else f"{name}: not checked")
            else:
                parts.append(f"{name} {self.counts()[r]}")
        if lang == "zh":
            return f"{n} 位受访者中 {self.n_flagged} 位被标记（" + "，".join(parts) + "）"
        return f"{self.n_flagged} of {n} respondents flagged (" + ", ".join(parts) + ")"

    def problems(self, file: str | None = None, id_column: str | None = "respondent_id") -> list[Problem]:
        """One warning per flagged respondent and rule, naming the row and the id (at most
        :data:`MAX_PER_COLUMN` per rule, then one "… and N more" line)."""
        hint = ("仅标记，不影响计算；如需排除，请在评估设置中选择排除该类回答",
                "Flagged only, the scores are unchanged; to leave such responses out, exclude them in the "
                "assessment settings")
        out: list[Problem] = []
        for rule in RULES:
            zh, en = RULE_NAMES[rule]
            hit = self.flags[self.flags[rule]]
            for r in hit.head(MAX_PER_COLUMN).itertuples():
                out.append(Problem(f"质量检查：{zh}（{r.reason_zh}）", f"Quality check: {en} ({r.reason_en})", *hint,
                                   file=file, row=int(r.row), column=id_column, value=str(r.respondent_id),
                                   severity="warning", code=f"quality_{rule}"))
            if len(hit) > MAX_PER_COLUMN:
                more = len(hit) - MAX_PER_COLUMN
                out.append(Problem(f"质量检查：另有 {more} 位受访者被标记为{zh}",
                                   f"Quality check: {more} more respondents flagged as {en}", *hint, file=file,
                                   column=id_column, severity="warning", code=f"quality_{rule}"))
        return out


def check_quality(frame: pd.DataFrame, framework: Framework, meta: pd.DataFrame | None = None,
                  params=None, row_offset: int = 2) -> QualityReport:
    """Flag speeders, straight-liners, duplicates and out-of-scale answers (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        One row per respondent: ``respondent_id``, ``group`` and item columns (answers ``1..k``;
        anything else counts as out of scale), as :attr:`metrics.SurveyData.frame`.
    framework : Framework
        Item scales and blocks.
    meta : DataFrame, optional
        Same rows: ``duration`` (seconds), ``submitted`` (datetime), ``ip``, ``out_of_scale``.
    params : dict or pairs, optional
        ``speeder_fraction``, ``straightline_k``, ``duplicate_minutes`` (see :data:`DEFAULTS`).
    row_offset : int
        Spreadsheet row of the first respondent (2 when row 1 is the header).

    Examples
    --------
    >>> from metrics.framework import default_framework
    >>> fw = default_framework()
    >>> f = pd.DataFrame({"respondent_id": ["a", "a"], "group": ["gov", "gov"], "q_org4_roles_clear": [3.0, 9.0]})
    >>> check_quality(f, fw).counts()
    {'speeders': 0, 'straightlining': 0, 'duplicates': 1, 'out_of_scale': 1}
    """
    p = params_of(params)
    n = len(frame)
    items = [c for c in frame.columns if c in framework.item_scales]
    meta = meta if meta is not None else pd.DataFrame(index=range(n))
    rid = (frame["respondent_id"].astype(str).str.strip() if "respondent_id" in frame
           else pd.Series([""] * n)).reset_index(drop=True)
    group = (frame["group"].astype(str) if "group" in frame else pd.Series([""] * n)).reset_index(drop=True)
    x = frame[items].to_numpy(dtype=float, na_value=np.nan) if items else np.empty((n, 0))
    reasons = _Reasons([[] for _ in range(n)], [[] for _ in range(n)])
    flags = {r: np.zeros(n, dtype=bool) for r in RULES}
    checked = dict.fromkeys(RULES, True)
    flags["out_of_scale"], x = _out_of_scale(x, items, framework, meta, reasons)
    dur = pd.to_numeric(meta["duration"], errors="coerce").to_numpy(dtype=float) if "duration" in meta else None
    if dur is None or np.isnan(dur).all():
        checked["speeders"] = False
    else:
        flags["speeders"] = _speeders(dur, group, p["speeder_fraction"], reasons)
    flags["straightlining"] |= _straightlining(x, items, framework, p["straightline_k"], reasons)
    if "ip" not in meta:
        checked["duplicates"] = bool(rid.ne("").any())
    flags["duplicates"] = _duplicates(rid, meta, x, items, p["duplicate_minutes"], row_offset, reasons)
    out = pd.DataFrame({"row": np.arange(n) + row_offset, "respondent_id": rid.to_numpy(), **flags,
                        "reason_zh": ["；".join(r) for r in reasons.zh],
                        "reason_en": ["; ".join(r) for r in reasons.en]})
    return QualityReport(out, p, checked)


@dataclass
class _Reasons:
    """Each respondent's reasons for being flagged, in Chinese and English."""

    zh: list
    en: list

    def add(self, i: int, zh: str, en: str) -> None:
        self.zh[i].append(zh)
        self.en[i].append(en)


def _out_of_scale(x: np.ndarray, items: list, framework: Framework, meta: pd.DataFrame,
                  reasons: _Reasons) -> tuple[np.ndarray, np.ndarray]:
    """Respondents with answers off their item's scale (or set aside at import); the answers without them."""
    ks = np.array([framework.item_scales[c] for c in items], dtype=float)
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(x) & ((x != np.round(x)) | (x < 1) | (x > ks))
    for i in np.flatnonzero(bad.any(axis=1)):
        cols = [items[j] for j in np.flatnonzero(bad[i])]
        reasons.add(i, f"超出量表：{', '.join(cols[:3])}", f"out of scale: {', '.join(cols[:3])}")
    flag = bad.any(axis=1)
    if "out_of_scale" in meta:
        set_aside = pd.to_numeric(meta["out_of_scale"], errors="coerce").fillna(0).to_numpy() > 0
        for i in np.flatnonzero(set_aside & ~flag):
            reasons.add(i, "导入时有答案超出量表", "answers outside the scale at import")
        flag |= set_aside
    return flag, np.where(bad, np.nan, x)


def _speeders(dur: np.ndarray, group: pd.Series, fraction: float, reasons: _Reasons) -> np.ndarray:
    """Speeders: under a fraction of the group's median time."""
    med = pd.Series(dur).groupby(group).transform("median").to_numpy()
    limit = fraction * med
    fast = ~np.isnan(dur) & ~np.isnan(limit) & (dur < limit)
    for i in np.flatnonzero(fast):
        reasons.add(i, f"用时 {dur[i]:g} 秒，低于本群体中位数 {med[i]:g} 秒的 {fraction:.0%}",
                    f"{dur[i]:g} s, under {fraction:.0%} of the group median {med[i]:g} s")
    return fast


def _straightlining(x: np.ndarray, items: list, framework: Framework, k: int, reasons: _Reasons) -> np.ndarray:
    """Straight-lining: the same answer to ``k`` or more items of one block."""
    flag = np.zeros(len(x), dtype=bool)
    blocks: dict[str, list[int]] = {}
    for j, c in enumerate(items):
        blocks.setdefault(framework.item_blocks[c], []).append(j)
    for b, cols in blocks.items():
        sub = x[:, cols]
        answered = (~np.isnan(sub)).sum(axis=1)
        with np.errstate(invalid="ignore"):
            same = np.nanmax(np.where(np.isnan(sub), -np.inf, sub), axis=1) == \
                np.nanmin(np.where(np.isnan(sub), np.inf, sub), axis=1)
        line = (answered >= k) & same
        for i in np.flatnonzero(line):
            v = sub[i][~np.isnan(sub[i])][0]
            reasons.add(i, f"“{framework.name_of(b, 'zh')}”部分 {answered[i]} 题全选 {v:g}",
                        f"{v:g} to all {answered[i]} items of '{framework.name_of(b, 'en')}'")
        flag |= line
    return flag


def _duplicates(rid: pd.Series, meta: pd.DataFrame, x: np.ndarray, items: list, minutes: float, row_offset: int,
                reasons: _Reasons) -> np.ndarray:
    """Duplicates: the same id, or the same IP with identical answers within the window."""
    n = len(rid)
    dup = np.zeros(n, dtype=bool)
    seen_id = rid.where(rid != "").duplicated(keep="first").to_numpy() & (rid != "").to_numpy()
    first_row = {}
    for i, v in enumerate(rid):
        first_row.setdefault(v, i)
    for i in np.flatnonzero(seen_id):
        dup[i] = True
        reasons.add(i, f"编号与第 {first_row[rid.iat[i]] + row_offset} 行相同",
                    f"same id as row {first_row[rid.iat[i]] + row_offset}")
    if "ip" not in meta:
        return dup
    ip = parse_ip(meta["ip"]).reset_index(drop=True)
    when = parse_datetime(meta["submitted"]).reset_index(drop=True) if "submitted" in meta else \
        pd.Series(pd.NaT, index=range(n))
    window = pd.Timedelta(minutes=minutes)
    answers = pd.DataFrame(np.where(np.isnan(x), -1.0, x)).astype(str).agg("|".join, axis=1) if items else \
        pd.Series([""] * n)
    key = ip + "#" + answers
    for _, rows in pd.Series(range(n)).groupby(key.where(ip != "")):
        rows = rows.tolist()
        for a_pos, i in enumerate(rows[1:], 1):
            for j in rows[:a_pos]:
                ti, tj = when.iat[i], when.iat[j]
                if pd.isna(ti) or pd.isna(tj) or abs(ti - tj) <= window:
                    if not dup[i]:
                        reasons.add(i, f"IP 与第 {j + row_offset} 行相同且答案一致",
                                    f"same IP and answers as row {j + row_offset}")
                    dup[i] = True
                    break
    return dup


def survey_meta(frame_or_table: pd.DataFrame) -> pd.DataFrame:
    """The metadata columns of :data:`META_COLUMNS` present in a table, parsed (duration in seconds,
    submitted as datetime, ip as text, out_of_scale as a number)."""
    out = pd.DataFrame(index=range(len(frame_or_table)))
    src = frame_or_table.reset_index(drop=True)
    if "duration" in src:
        out["duration"] = parse_duration(src["duration"])
    if "submitted" in src:
        out["submitted"] = parse_datetime(src["submitted"]).to_numpy()
    if "ip" in src:
        out["ip"] = parse_ip(src["ip"]).to_numpy()
    if "out_of_scale" in src:
        out["out_of_scale"] = pd.to_numeric(src["out_of_scale"], errors="coerce").fillna(0).to_numpy()
    return out
