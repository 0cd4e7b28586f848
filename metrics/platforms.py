"""Survey responses as the platforms export them: 问卷星 (Wenjuanxing), 腾讯问卷 (Tencent Survey), LimeSurvey.

A platform export is one row per respondent with the platform's metadata columns and one column per
question, headed by a number and the question text (``"3、您所在的地区"``, ``"Q3. …"``) or by a code
(LimeSurvey's ``ORG[qorg2agencycoordinat]``), with answers as option numbers or as option texts.
This module turns it into the survey layout of :func:`metrics.data.read_survey` in three steps:

1. :func:`propose` reads the bytes with :func:`metrics.readers.read_table` (UTF-8, GBK/GB18030,
   ``.xlsx`` within its limits), recognises the platform by its metadata columns
   (:data:`SIGNATURES`), and proposes a **mapping**: which columns hold the respondent id, submit
   time, time taken and IP; which question column is which framework item (by code first: an item
   id, or the LimeSurvey code :func:`limesurvey_codes` gives it; else by the similarity of the
   question text, numbering stripped, to the statements of :func:`item_texts`, reported with its
   score so that the user confirms it); how option texts map to ``1..k`` (the scale labels of
   :func:`scale_labels`, zh and en); and where region, stakeholder group and year come from (a
   question, a link-parameter column such as 问卷星's 来源详情 or LimeSurvey's ``refurl``, the
   questionnaire's hidden ``grp`` question, the year of the submit time, or a value the user gives).
2. The user looks at :func:`mapping_table`, changes what is wrong (the mapping is a plain dict,
   kept as JSON with the saved version) and confirms.
3. :func:`convert` applies it: one row per respondent in the survey layout, with the metadata
   columns ``duration``, ``submitted``, ``ip`` and ``out_of_scale`` for the quality checks
   (:mod:`metrics.survey_quality`).  Answers outside ``1..k`` and option texts not on the scale are
   set aside (left empty, counted in ``out_of_scale``, reported with row, column and value);
   "不适用"/"don't know" and the platforms' skip marks (问卷星 writes ``-3`` or ``(跳过)`` for a
   question skipped by logic) are missing answers.

The converted table then goes through :func:`metrics.data.read_survey` like any survey file, so an
imported export scores exactly as the same answers typed into the survey template.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pandas as pd

from .errors import MAX_PER_COLUMN, DataError, Problem, Report
from .framework import GROUPS, Framework, parse_group
from .readers import MISSING_TOKENS, clean_text, read_table
from .survey_quality import parse_datetime, parse_duration

PLATFORMS = {"wjx": ("问卷星", "Wenjuanxing (问卷星)"), "tencent": ("腾讯问卷", "Tencent Survey (腾讯问卷)"),
             "limesurvey": ("LimeSurvey", "LimeSurvey"), "own": ("本系统问卷格式", "this program's survey layout"),
             "other": ("其他平台", "another platform")}
#: Metadata headers that identify each platform (compared case-insensitively); two make a match.
SIGNATURES = {
    "wjx": ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自ip", "总分"),
    "tencent": ("编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "自定义字段", "ip"),
    "limesurvey": ("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
                   "interviewtime", "refurl", "ipaddr", "token"),
}
#: Metadata roles -> headers (lower case) that hold them.
META = {
    "respondent_id": ("respondent_id", "序号", "编号", "答卷编号", "id", "response id", "答卷id"),
    "submitted": ("submitted", "提交答卷时间", "结束答题时间", "提交时间", "submitdate", "date submitted"),
    "start": ("开始答题时间", "开始时间", "startdate", "date started"),
    "duration": ("duration", "所用时间", "答题时长", "填写时长", "用时", "interviewtime", "total time"),
    "ip": ("ip", "来自ip", "ipaddr", "ip地址", "ip address"),
}
#: Other platform columns, never questions.
IGNORED = ("来源", "总分", "lastpage", "startlanguage", "seed", "datestamp", "token", "地理位置国家和地区",
           "地理位置省份", "地理位置城市", "省份(ip)", "城市(ip)", "填写设备", "操作系统", "浏览器", "last page",
           "start language")
#: Columns that may carry link parameters (``?region=440000&group=gov``).
PARAM_COLUMNS = ("来源详情", "refurl", "自定义字段", "sojumpparm", "参数", "链接参数", "url", "referrer url")
PARAM_KEYS = {"region": ("region", "地区", "r", "area", "code"), "group": ("group", "grp", "g", "主体", "群体")}
#: Answers read as missing: skip marks of the platforms and "not applicable" options.
SKIPPED = frozenset({"-3", "-2", "(跳过)", "(空)", "跳过", "(未作答)", "不适用", "不知道", "不清楚", "无法回答",
                     "无法判断", "n/a", "not applicable", "don't know", "do not know", "no answer"})
SUGGEST_AT = 0.6        # a text match from this similarity is proposed (the user confirms it)
_SKIPPED_NORM = frozenset("".join(ch for ch in s if ch.isalnum()) for s in SKIPPED)
_NUMBERING = re.compile(r"^\s*(?:第\s*)?[Qq]?\s*\d+(?:[._\-]\d+)*\s*(?:题|[、.．:：)）\]]|\s)\s*")
_CODE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)(?:\[([A-Za-z0-9_]+)\])?(?=$|[\s.:：(（])")
_NUM_OPTION = re.compile(r"^\s*(?:A[O0]?0*)?(\d+)\s*(?:分|[.、:：)）]|\s|$)")
_LS_CODE_MAX = 20
_LS_RESERVED = {"lang", "sid", "savedid", "token", "qid", "gid", "sgq", "self", "that", "this", "time", "other"}
_PROVINCE_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)$")
_REGION_WORDS = ("地区", "省份", "所在省", "所在地", "城市", "region", "province")
_GROUP_WORDS = ("群体", "身份", "主体", "类型", "您属于", "所在单位性质", "stakeholder", "group", "grp")
_YEAR_WORDS = ("year", "年份", "年度")


# --------------------------------------------------------------------------- what the questionnaires use
def scale_labels(k: int, lang: str) -> list[str]:
    """Labels of the points ``1..k``: named for 5 and 7 points, the two ends otherwise.

    >>> scale_labels(5, "zh")[0], scale_labels(7, "en")[3], scale_labels(4, "en")
    ('非常不同意', 'Neither agree nor disagree', ['Strongly disagree', '2', '3', 'Strongly agree'])
    """
    named = {("zh", 5): "非常不同意|不同意|一般|同意|非常同意",
             ("zh", 7): "非常不同意|不同意|比较不同意|一般|比较同意|同意|非常同意",
             ("en", 5): "Strongly disagree|Disagree|Neither agree nor disagree|Agree|Strongly agree",
             ("en", 7): "Strongly disagree|Disagree|Somewhat disagree|Neither agree nor disagree|Somewhat agree|"
                        "Agree|Strongly agree"}
    if (lang, k) in named:
        return named[(lang, k)].split("|")
    ends = ("非常不同意", "非常同意") if lang == "zh" else ("Strongly disagree", "Strongly agree")
    return [ends[0]] + [str(v) for v in range(2, k)] + [ends[1]]


#: Other wordings of the scale points that respondents' platforms write, by k (1-based positions).
_OPTION_VARIANTS = {
    5: {"完全不同意": 1, "很不同意": 1, "非常不赞同": 1, "不赞同": 2, "比较不同意": 2, "说不清": 3, "中立": 3,
        "不确定": 3, "一般般": 3, "比较同意": 4, "赞同": 4, "非常赞同": 5, "完全同意": 5, "neutral": 3,
        "neither agree or disagree": 3, "strongly agree": 5, "strongly disagree": 1},
    7: {"完全不同意": 1, "很不同意": 1, "有点不同意": 3, "说不清": 4, "中立": 4, "不确定": 4, "有点同意": 5,
        "完全同意": 7, "neutral": 4, "slightly disagree": 3, "slightly agree": 5},
}


def option_values(k: int) -> dict[str, int]:
    """Option text (normalised) -> ``1..k``: the scale labels in both languages and common variants."""
    out: dict[str, int] = {}
    for lang in ("zh", "en"):
        for v, lab in enumerate(scale_labels(k, lang), 1):
            if not lab.isdigit():
                out[_norm(lab)] = v
    for text, v in _OPTION_VARIANTS.get(k, {}).items():
        out.setdefault(_norm(text), v)
    return out


def item_texts(fw: Framework) -> dict[str, tuple[str, str]]:
    """Item id -> (Chinese, English) statement: the name of the mean-type indicator that lists it
    (``（2）``/`` (2)`` appended when that indicator has several items); an item listed only by a
    consensus indicator takes that indicator's name."""
    out: dict[str, tuple[str, str]] = {}
    inds = sorted(fw.survey_indicators, key=lambda c: fw.table.at[c, "stat"] == "consensus")
    for ind in inds:
        items = fw.table.at[ind, "items"]
        for n, it in enumerate(items, 1):
            if it in out:
                continue
            zh, en = fw.name_of(ind, "zh"), fw.name_of(ind, "en")
            if len(items) > 1:
                zh, en = f"{zh}（{n}）", f"{en} ({n})"
            out[it] = (zh, en)
    return out


def _ls_code(text: str, used: set, first: str) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", text) or first
    if not base[0].isalpha():
        base = first + base
    code, n = base[:_LS_CODE_MAX], 1
    while code.lower() in used or code.lower() in _LS_RESERVED:
        n += 1
        code = base[:_LS_CODE_MAX - len(str(n))] + str(n)
    used.add(code.lower())
    return code


def limesurvey_codes(fw: Framework) -> dict[str, str]:
    """Item id -> a LimeSurvey subquestion code: letters and digits of the id, starting with a
    letter (``q`` prepended otherwise), at most 20 characters; a clash gets a number at the end.
    Codes depend only on the framework's items and their order, so the import finds them again.

    >>> from metrics.framework import default_framework
    >>> limesurvey_codes(default_framework())["q_org2_agency_coordinates"]
    'qorg2agencycoordinat'
    """
    used: set[str] = set()
    return {it: _ls_code(it, used, "q") for it in dict.fromkeys(fw.survey_items)}


def limesurvey_question_code(text: str, used: set) -> str:
    """A LimeSurvey question code made from ``text`` (letters and digits, a letter first, at most 20
    characters, unique within ``used``, which it updates)."""
    return _ls_code(text, used, "B")


def region_answer_codes(codes) -> dict[str, str]:
    """LimeSurvey answer code of each region option -> region code: ``R1``, ``R2``, ... in the order of
    ``codes`` (the region table's; LimeSurvey answer codes have at most 5 characters, so region codes
    such as ``110000`` cannot be used)."""
    return {f"R{i}": str(c) for i, c in enumerate(codes, 1)}


# --------------------------------------------------------------------------- reading the headers
def _norm(text: object) -> str:
    """Text compared: NFKC, lower case, without spaces and punctuation."""
    t = unicodedata.normalize("NFKC", str(text)).lower()
    return "".join(ch for ch in t if ch.isalnum())


def question_text(header: str) -> str:
    """A header without its numbering: ``"3、您所在部门"`` -> ``"您所在部门"``, ``"Q3. Trust"`` -> ``"Trust"``.

    >>> question_text("3、您所在的地区"), question_text("Q12. I trust the government"), question_text("第5题 同意吗")
    ('您所在的地区', 'I trust the government', '同意吗')
    """
    h = clean_text(header)
    stripped = _NUMBERING.sub("", h, count=1)
    return stripped.strip() or h


def _candidates(header: str) -> list[str]:
    """Texts of a header worth comparing with a statement: the whole question text, the part after a
    matrix question's dash or colon ("题干—子题"), and text in brackets ("Q5(子题)")."""
    q = question_text(header)
    out = [q]
    for sep in ("—", "——", "－", " - ", ":", "：", "|"):
        if sep in q:
            out.append(q.rsplit(sep, 1)[1])
    out += re.findall(r"[(（\[]([^()（）\[\]]{4,})[)）\]]", q)
    return [c.strip() for c in out if c.strip()]


def detect_platform(columns) -> str:
    """``wjx``, ``tencent``, ``limesurvey``, ``own`` (this program's layout) or ``other``.

    >>> detect_platform(["序号", "提交答卷时间", "所用时间", "1、您的身份"]), detect_platform(["id", "submitdate", "lastpage"])
    ('wjx', 'limesurvey')
    """
    cols = {clean_text(c).lower() for c in columns}
    hits = {p: sum(h in cols for h in sig) for p, sig in SIGNATURES.items()}
    best = max(hits, key=hits.get)
    if hits[best] >= 2:
        return best
    if {"region", "group"} <= cols or {"地区", "主体"} <= cols:
        return "own"
    if any(re.match(r"^q\d+[.、\s]", c) for c in cols):
        return "tencent"
    return "other"


def _role_of(header: str) -> str | None:
    h = clean_text(header).lower()
    for role, names in META.items():
        if h in names:
            return role
    return None


def _is_param_column(header: str) -> bool:
    h = clean_text(header).lower()
    return h in PARAM_COLUMNS or "参数" in h or "param" in h


def _param(value: str, key: str) -> str:
    """The value of link parameter ``key`` (any of its aliases) in a cell holding a URL or ``a=1&b=2``."""
    v = str(value).strip()
    if "=" not in v:
        return ""
    query = urlsplit(v).query if "?" in v or "://" in v else v
    pairs = {k.strip().lower(): val.strip() for k, val in parse_qsl(query, keep_blank_values=True)}
    for alias in PARAM_KEYS[key]:
        if pairs.get(alias):
            return pairs[alias]
    return ""


def guess_group(text: object) -> str | None:
    """Stakeholder group of an answer or parameter: the aliases of :func:`metrics.framework.parse_group`,
    else a keyword (政府 gov, 企业 ent, 社会组织/协会 org, 公众/市民/居民 cit).

    >>> guess_group("政府工作人员"), guess_group("企业管理人员"), guess_group("普通市民"), guess_group("学生")
    ('gov', 'ent', 'cit', None)
    """
    t = str(text).strip()
    if not t:
        return None
    gid = parse_group(t)
    if gid in GROUPS:
        return gid
    low = t.lower()
    for words, g in ((("社会组织", "协会", "基金会", "ngo", "non-profit", "civil society"), "org"),
                     (("政府", "机关", "公务员", "government", "official"), "gov"),
                     (("企业", "公司", "enterprise", "company", "business"), "ent"),
                     (("公众", "市民", "居民", "群众", "村民", "citizen", "public", "resident"), "cit")):
        if any(w in low for w in words):
            return g
    return None


class RegionMatcher:
    """Region cells -> region codes: codes, names (``广东``, ``广东省``, ``Guangdong``), LimeSurvey answer
    codes of the generated questionnaire (``R19``), link parameters; ``""`` when unknown."""

    def __init__(self, regions=None):
        from .data import default_regions
        self.regions = regions if regions is not None else default_regions()
        self.look = self.regions.lookup()
        self.answer = region_answer_codes(self.regions.table.index)

    def __call__(self, value: object) -> str:
        v = clean_text(value)
        if not v:
            return ""
        for cand in (v, v.lower(), _PROVINCE_SUFFIX.sub("", v), _param(v, "region")):
            if cand and cand in self.look:
                return self.look[cand]
        return self.answer.get(v.upper(), "")

    def share(self, values: pd.Series) -> float:
        uniq = [v for v in pd.unique(values.astype(str)) if v.strip() and v.strip() not in MISSING_TOKENS]
        return sum(bool(self(v)) for v in uniq) / len(uniq) if uniq else 0.0


# --------------------------------------------------------------------------- proposing a mapping
def _match_item(header: str, fw: Framework, codes: dict, texts: dict) -> tuple[str | None, str, float, list]:
    """``(item, how, score, ranked)`` for one question column: by code, else by text similarity."""
    h = clean_text(header)
    code_to_item = {c.lower(): it for it, c in codes.items()}
    items_lower = {it.lower(): it for it in fw.survey_items}
    m = _CODE.match(h)
    if m:
        for part in (m.group(2), m.group(1)):
            if part and (part.lower() in items_lower or part.lower() in code_to_item):
                return items_lower.get(part.lower()) or code_to_item[part.lower()], "code", 1.0, []
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9_]+", h)
    for tok in tokens:
        if tok.lower() in items_lower:
            return items_lower[tok.lower()], "code", 1.0, []
    cands = [_norm(c) for c in _candidates(h)]
    cands = [c for c in cands if c]
    ranked = []
    for it, (zh, en) in texts.items():
        score = max((difflib.SequenceMatcher(None, c, _norm(t)).ratio() for c in cands for t in (zh, en)),
                    default=0.0)
        ranked.append((it, score))
    ranked.sort(key=lambda x: -x[1])
    if ranked and ranked[0][1] >= SUGGEST_AT and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        return ranked[0][0], "text", round(ranked[0][1], 3), ranked[:3]
    return None, "", round(ranked[0][1], 3) if ranked else 0.0, ranked[:3]


def _encoding(values: pd.Series, k: int) -> str:
    """``numbers`` when the answered cells are option numbers, else ``texts``."""
    v = values.astype(str).str.strip()
    v = v[(v != "") & ~v.isin(MISSING_TOKENS) & ~v.str.lower().isin(SKIPPED)]
    if v.empty:
        return "numbers"
    numeric = v.str.fullmatch(r"[+-]?\d+(\.\d+)?|A[O0]?0*\d+")
    return "numbers" if numeric.mean() >= 0.9 else "texts"


def _option_map(values: pd.Series, k: int) -> dict[str, int | None]:
    """Each distinct option text of a column -> ``1..k`` (``None``: not on the scale; ``0``: missing)."""
    table = option_values(k)
    out: dict[str, int | None] = {}
    for raw in pd.unique(values.astype(str).str.strip()):
        if raw == "" or raw in MISSING_TOKENS:
            continue
        if raw.lower() in SKIPPED or _norm(raw) in _SKIPPED_NORM:
            out[raw] = 0
            continue
        n = _norm(raw)
        if n in table:
            out[raw] = table[n]
            continue
        m = _NUM_OPTION.match(raw)            # "5分", "1 非常不同意", "A3"
        if m:
            out[raw] = int(m.group(1))
            continue
        # a label with decoration ("非常同意（5）"): the longest scale label it contains
        found = sorted(((len(lab), v) for lab, v in table.items() if lab and lab in n), reverse=True)
        out[raw] = found[0][1] if found else None
    return out


def _yearlike(values: pd.Series) -> bool:
    """Whether the answered cells are mostly years (``2024``, ``2024年``)."""
    v = values.astype(str).str.strip()
    v = v[v != ""]
    return bool(len(v)) and v.str.fullmatch(r"(19|20|21)\d\d\s*(年度?)?").mean() >= 0.8


def propose(table: pd.DataFrame, fw: Framework, regions=None) -> dict:
    """A mapping of a platform export (a table read by :func:`read_export`) onto the survey layout.

    The dict (JSON-able, what the user confirms and the saved version keeps)::

        {"platform": "wjx",
         "meta": {"respondent_id": "序号", "submitted": "提交答卷时间", "duration": "所用时间", "ip": "来自IP"},
         "region": {"column": "2、您所在的地区"} | {"column": "来源详情", "param": "region"} | {"value": "440000"},
         "group": {"column": ...} | {"value": "gov"},
         "year": {"from": "submitted"} | {"column": "年份"} | {"value": 2024} | {},
         "items": [{"column": "5、…", "item": "q_…", "how": "code" | "text" | "", "score": 0.93,
                    "encoding": "numbers" | "texts", "suggestions": [[item, score], ...]}],
         "options": {"5、…": {"非常同意": 5, ...}},
         "ignored": [...]}
    """
    cols = list(table.columns)
    platform = detect_platform(cols)
    taken: set[str] = set()
    meta: dict[str, str] = {}
    for c in cols:
        role = _role_of(c)
        if role and role not in meta:
            meta[role] = c
            taken.add(c)
    ignored = [c for c in cols if clean_text(c).lower() in IGNORED and c not in taken]
    taken.update(ignored)
    params = [c for c in cols if _is_param_column(c) and c not in taken]
    taken.update(params)
    region = _propose_region(table, cols, params, taken, regions)
    group = _propose_group(table, cols, params, taken)
    year = _propose_year(table, cols, meta, taken)
    items, options = _propose_items(table, fw, cols, taken)
    return {"platform": platform, "meta": meta, "region": region, "group": group, "year": year,
            "items": items, "options": options, "ignored": ignored}


def _propose_region(table: pd.DataFrame, cols: list, params: list, taken: set, regions) -> dict:
    """The region source: a question, the generated questionnaire's "region", a link parameter."""
    match_region = RegionMatcher(regions)
    region: dict = {}
    for c in cols:
        if c in taken:
            continue
        q = question_text(c).lower()
        if (q == "region" or any(w in q for w in _REGION_WORDS)) and match_region.share(table[c]) >= 0.5:
            region = {"column": c}
            break
    if not region:
        for c in params:
            if table[c].map(lambda v: bool(_param(v, "region"))).mean() >= 0.5:
                region = {"column": c, "param": "region"}
                break
    if region.get("column") and "param" not in region:
        taken.add(region["column"])
    return region


def _propose_group(table: pd.DataFrame, cols: list, params: list, taken: set) -> dict:
    """The group source: the hidden "grp" question, a question about the respondent's role, a link parameter."""
    group: dict = {}
    for c in cols:
        if c in taken:
            continue
        q = question_text(c).lower()
        if q == "grp" or any(w in q for w in _GROUP_WORDS):
            vals = [v for v in table[c].astype(str) if v.strip()]
            if vals and np.mean([guess_group(v) is not None for v in vals]) >= 0.8:
                group = {"column": c}
                taken.add(c)
                break
    if not group:
        for c in params:
            if table[c].map(lambda v: guess_group(_param(v, "group")) is not None).mean() >= 0.5:
                group = {"column": c, "param": "group"}
                break
    return group


def _propose_year(table: pd.DataFrame, cols: list, meta: dict, taken: set) -> dict:
    """The year source: a question of years, else the submit time."""
    ycol = next((c for c in cols if c not in taken and any(w in question_text(c).lower() for w in _YEAR_WORDS)
                 and _yearlike(table[c])), None)
    if ycol is not None:
        taken.add(ycol)
        return {"column": ycol}
    return {"from": "submitted"} if "submitted" in meta else {}


def _propose_items(table: pd.DataFrame, fw: Framework, cols: list, taken: set) -> tuple[list, dict]:
    """Each remaining column matched to a survey item (two for one item: the better keeps it); option maps."""
    texts, codes = item_texts(fw), limesurvey_codes(fw)
    items, options, seen = [], {}, {}
    for c in cols:
        if c in taken:
            continue
        item, how, score, ranked = _match_item(c, fw, codes, texts)
        entry = {"column": c, "item": item, "how": how, "score": score,
                 "suggestions": [[it, round(s, 3)] for it, s in ranked]}
        if item is not None:
            k = fw.item_scales[item]
            entry["encoding"] = _encoding(table[c], k)
            if entry["encoding"] == "texts":
                options[c] = _option_map(table[c], k)
            prev = seen.get(item)
            if prev is not None:             # two columns for one item: keep the better match
                if prev["score"] >= score:
                    entry.update(item=None, how="", note="duplicate")
                else:
                    prev.update(item=None, how="", note="duplicate")
            if entry["item"] is not None:
                seen[item] = entry
        items.append(entry)
    return items, options


def read_export(source, name: str | None = None, sheet=None) -> pd.DataFrame:
    """The export as a text table (:func:`metrics.readers.read_table`: encodings, ``.xlsx`` limits)."""
    return read_table(source, name=name, sheet=sheet)


def looks_like_platform(table: pd.DataFrame) -> bool:
    """Whether a survey file needs :func:`propose`/:func:`convert` (it is not in the survey layout)."""
    return detect_platform(table.columns) != "own"


# --------------------------------------------------------------------------- converting
def convert(table: pd.DataFrame, fw: Framework, mapping: dict, regions=None,
            name: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The export in the survey layout (text cells) and the problems found converting it.

    Errors: no region or no group source; a mapped column that is not in the file.  Warnings:
    answers and option texts set aside as outside the scale, region cells that match no region
    (kept as written), unmapped question columns (ignored).
    """
    file = name or table.attrs.get("name", "survey")
    report = Report()
    n = len(table)
    need = _Need(set(table.columns), file, report)
    out = pd.DataFrame(index=range(n))
    meta = mapping.get("meta", {})
    rid_col = meta.get("respondent_id")
    out["respondent_id"] = (table[rid_col].astype(str).str.strip().to_numpy() if need(rid_col, "编号", "id")
                            else [str(i + 1) for i in range(n)])
    _convert_region_group(out, table, mapping, regions, need)
    _convert_year_meta(out, table, mapping.get("year") or {}, meta, need)
    set_aside = np.zeros(n, dtype=int)
    options = mapping.get("options") or {}
    for entry in mapping.get("items", []):
        col, item = entry.get("column"), entry.get("item")
        if not item:
            if col in need.cols:
                report.add(f"列“{col}”没有对应到问卷题项，已忽略", f"Column '{col}' is not mapped to a survey item; "
                           "ignored", "如果它是框架中的题项，请在映射中选择对应的题项",
                           "If it is an item of the framework, choose it in the mapping", file=file, column=col,
                           severity="warning", code="unmapped_column")
            continue
        if item not in fw.item_scales:
            report.add(f"“{item}”不是框架中的问卷题项", f"'{item}' is not a survey item of the framework",
                       "请选择框架 items 列中的题项", "Choose an item of the framework's items column",
                       file=file, column=col, value=item, code="unknown_item")
            continue
        if not need(col, "题目", "question"):
            continue
        set_aside += _convert_item(out, table, entry, fw.item_scales[item], options, file, report)
    if set_aside.any():
        out["out_of_scale"] = set_aside
    if not report.ok:
        raise DataError(report.problems)
    return out.astype(str).replace({"nan": ""}), report.problems


@dataclass
class _Need:
    """Whether a mapped column is given and in the file (one that is not is an error)."""

    cols: set
    file: str
    report: Report

    def __call__(self, col: str | None, what_zh: str, what_en: str) -> bool:
        if col is not None and col not in self.cols:
            self.report.add(f"映射中的{what_zh}列“{col}”不在文件中", f"The {what_en} column '{col}' of the mapping is "
                            "not in the file", "请重新检查映射", "Check the mapping again", file=self.file,
                            column=col, code="mapping_column")
            return False
        return col is not None


def _source_values(table: pd.DataFrame, spec: dict, need: _Need) -> pd.Series | None:
    """A region or group source's values: one value for all, a column, or a link parameter of a column."""
    n = len(table)
    if "value" in spec and str(spec["value"]).strip():
        return pd.Series([str(spec["value"]).strip()] * n)
    col = spec.get("column")
    if not need(col, "来源", "source"):
        return None
    vals = table[col].astype(str).reset_index(drop=True)
    return vals.map(lambda v: _param(v, spec["param"])) if spec.get("param") else vals


def _convert_region_group(out: pd.DataFrame, table: pd.DataFrame, mapping: dict, regions, need: _Need) -> None:
    """The region (matched to a code, else as written) and group columns; no source is an error."""
    report, file = need.report, need.file
    region = _source_values(table, mapping.get("region") or {}, need)
    if region is None:
        report.add("没有地区信息：请指定地区所在的列（题目或链接参数），或为全部答卷指定一个地区",
                   "No region: choose the column that holds it (a question or a link parameter), or one region for "
                   "every response", "问卷星/腾讯问卷可在链接中加参数（如 ?region=440000），或在问卷中设置地区题",
                   "Add a link parameter such as ?region=440000, or a region question", file=file,
                   column="region", code="missing_region_column")
    else:
        match = RegionMatcher(regions)
        mapped = region.map(lambda v: match(v) or clean_text(v))
        out["region"] = mapped.to_numpy()
    group = _source_values(table, mapping.get("group") or {}, need)
    if group is None:
        report.add("没有受访群体信息：请指定群体所在的列，或为全部答卷指定群体（每个群体一份问卷时）",
                   "No stakeholder group: choose the column that holds it, or one group for every response (one "
                   "questionnaire per group)", "群体为 gov 政府、ent 企业、org 社会组织、cit 公众",
                   "Groups are gov, ent, org, cit", file=file, column="group", code="missing_column")
    else:
        gid = group.map(lambda v: guess_group(v) or v.strip())
        out["group"] = gid.to_numpy()


def _convert_year_meta(out: pd.DataFrame, table: pd.DataFrame, ys: dict, meta: dict, need: _Need) -> None:
    """The year column, and the metadata for the quality checks (duration, submit time, IP)."""
    cols = need.cols
    if "value" in ys and str(ys["value"]).strip():
        out["year"] = str(ys["value"]).strip()
    elif ys.get("column") and need(ys["column"], "年份", "year"):
        out["year"] = table[ys["column"]].astype(str).to_numpy()
    elif ys.get("from") == "submitted" and meta.get("submitted") in cols:
        when = parse_datetime(table[meta["submitted"]])
        out["year"] = when.dt.year.astype("Int64").astype(str).replace("<NA>", "").to_numpy()
    duration = None
    if need(meta.get("duration"), "用时", "time taken"):
        duration = parse_duration(table[meta["duration"]])
    elif meta.get("start") in cols and meta.get("submitted") in cols:
        start, end = parse_datetime(table[meta["start"]]), parse_datetime(table[meta["submitted"]])
        duration = (end - start).dt.total_seconds().to_numpy()
    if duration is not None:
        out["duration"] = ["" if np.isnan(v) else f"{v:g}" for v in duration]
    if need(meta.get("submitted"), "提交时间", "submit time"):
        out["submitted"] = table[meta["submitted"]].astype(str).to_numpy()
    if need(meta.get("ip"), "IP", "IP"):
        out["ip"] = table[meta["ip"]].astype(str).to_numpy()


def _convert_item(out: pd.DataFrame, table: pd.DataFrame, entry: dict, k: int, options: dict, file: str,
                  report: Report) -> np.ndarray:
    """One item's answers as scale points (off-scale ones set aside with a warning); which were set aside."""
    col, item = entry["column"], entry["item"]
    raw = table[col].astype(str).str.strip().reset_index(drop=True)
    if (entry.get("encoding") or _encoding(raw, k)) == "texts":
        omap = options.get(col) or _option_map(raw, k)
        # a text of the map: its value (0: a missing answer); a text not in it: set aside (-1)
        vals = np.array([np.nan if v == "" or v in MISSING_TOKENS else
                         (np.nan if omap.get(v) == 0 else float(omap[v]) if omap.get(v) is not None else -1.0)
                         for v in raw], dtype=float)
    else:
        m = raw.str.extract(r"^\s*A[O0]?0*(\d+)\s*$")[0]      # LimeSurvey's default answer codes (A1, AO01)
        txt = raw.where(m.isna(), m)
        given = (txt != "") & ~txt.isin(MISSING_TOKENS) & ~txt.str.lower().isin(SKIPPED)
        num = pd.to_numeric(txt.where(given), errors="coerce")
        vals = num.to_numpy(dtype=float, copy=True)
        vals[(given & num.isna()).to_numpy()] = -1.0               # an answer that is not a number: set aside
    bad = ~np.isnan(vals) & ((vals != np.round(vals)) | (vals < 1) | (vals > k))
    for i in np.flatnonzero(bad)[:MAX_PER_COLUMN]:
        report.add(f"答案“{raw.iat[i]}”不在 1–{k} 的量表上，已按缺失处理并标记",
                   f"The answer '{raw.iat[i]}' is not on the 1-{k} scale; treated as missing and flagged",
                   "如果它是量表上的某个选项，请在选项映射中指定它的分值",
                   "If it is an option of the scale, give it its value in the option mapping",
                   file=file, row=i + 2, column=col, value=raw.iat[i], severity="warning", code="option_off_scale")
    report.add_more(int(bad.sum()) - MAX_PER_COLUMN, file=file, column=col, code="option_off_scale",
                    severity="warning")
    vals = np.where(bad, np.nan, vals)
    out[item] = pd.Series(vals).map(lambda v: "" if np.isnan(v) else str(int(v))).to_numpy()
    return bad


def mapping_table(mapping: dict, fw: Framework, lang: str = "zh") -> pd.DataFrame:
    """The mapping for people: one row per column of the export and what it becomes."""
    zh = lang == "zh"
    how_text = {"code": ("按代码", "by code"), "text": ("按题目文字", "by question text"),
                "user": ("用户指定", "chosen by the user"), "": ("未对应", "not mapped")}
    rows = []
    for role, col in (mapping.get("meta") or {}).items():
        rows.append({"column": col, "becomes": role, "how": "元数据" if zh else "metadata", "score": None,
                     "answers": ""})
    for key in ("region", "group", "year"):
        spec = mapping.get(key) or {}
        if "value" in spec:
            src = f"= {spec['value']}"
        elif spec.get("column"):
            src = spec["column"] + (f" ({'链接参数' if zh else 'link parameter'} {spec['param']})"
                                    if spec.get("param") else "")
        elif spec.get("from"):
            src = "提交时间的年份" if zh else "year of the submit time"
        else:
            src = "—"
        rows.append({"column": src, "becomes": key, "how": "", "score": None, "answers": ""})
    texts = item_texts(fw)
    for e in mapping.get("items", []):
        item = e.get("item")
        opts = (mapping.get("options") or {}).get(e["column"])
        shown = sorted(opts.items(), key=lambda kv: (kv[1] is None, kv[1] or 0))[:9] if opts else []
        answers = ("、" if zh else ", ").join(f"{t}→{v if v else '—'}" for t, v in shown) if opts \
            else ("选项序号" if zh else "option numbers") if item else ""
        rows.append({"column": e["column"], "becomes": (f"{item} · {texts[item][0 if zh else 1]}" if item in texts
                                                        else (item or "")),
                     "how": how_text.get(e.get("how", ""), ("", ""))[0 if zh else 1], "score": e.get("score"),
                     "answers": answers})
    names = {"column": ("导出文件中的列", "Column of the export"), "becomes": ("对应为", "Becomes"),
             "how": ("依据", "Matched"), "score": ("相似度", "Similarity"), "answers": ("答案", "Answers")}
    return pd.DataFrame(rows).rename(columns={k: v[0 if zh else 1] for k, v in names.items()})


def with_choices(mapping: dict, items: dict | None = None, **fixed) -> dict:
    """A copy of ``mapping`` with the user's choices: ``items`` maps a column to an item id (``None``:
    not used), ``fixed`` sets ``group``, ``region`` or ``year`` to one value (``None`` keeps the
    proposal).  A column given another item is marked ``how="user"``; its answer encoding and option
    map are worked out again from the new item's scale when converting."""
    out = {**mapping, "items": [dict(e) for e in mapping.get("items", [])],
           "options": dict(mapping.get("options") or {})}
    for e in out["items"]:
        if items and e["column"] in items and items[e["column"]] != e.get("item"):
            e.update(item=items[e["column"]] or None, how="user" if items[e["column"]] else "", score=None)
            e.pop("encoding", None)
            out["options"].pop(e["column"], None)
    for key, value in fixed.items():
        if value not in (None, ""):
            out[key] = {"value": value}
    return out


def import_survey(source, fw: Framework, name: str | None = None, sheet=None, regions=None,
                  mapping: dict | None = None, **fixed) -> tuple[pd.DataFrame, dict, list[Problem]]:
    """Read, propose (or take ``mapping``), apply ``fixed`` choices and convert, in one call.

    ``fixed`` may set ``group``, ``region`` or ``year`` to one value for every response.
    Returns ``(survey table in the layout of read_survey, mapping used, problems)``.
    """
    table = read_export(source, name=name, sheet=sheet)
    mapping = with_choices(mapping if mapping is not None else propose(table, fw, regions),
                           **{k: fixed.get(k) for k in ("group", "region", "year")})
    frame, problems = convert(table, fw, mapping, regions, name=table.attrs.get("name", name))
    return frame, mapping, list(table.attrs.get("problems") or []) + problems
