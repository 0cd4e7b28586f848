"""The Data page's view model (issue 12): everything the data workspace shows that needs no Streamlit.

The page (``views/data.py`` with its sections ``ui/data_*.py``) reads uploads, checks them, maps their
indicator columns and saves them; this module holds the computation those steps share, as plain
functions of bytes, frameworks and the language:

- reading an upload (:func:`read_upload`, :func:`preview`, :func:`sheet_names`), the headers the framework
  does not know (:func:`unmatched`) and the check of all files together (:func:`check_files`, the
  check saving repeats: :func:`store.validate_files`);
- the files as they would be saved: indicator columns left out (:func:`without_ignored`), a framework copy
  with other Likert scales (:func:`scaled_framework`), the save plan and its digest (:func:`save_plan`,
  :func:`plan_digest`), and why the Save button is disabled (:func:`save_blockers`);
- the column mapping: suggestions by name similarity (:func:`best_matches`, difflib's ratio over the
  NFKC-normalised code and names), the searchable table and what it maps (:func:`mapping_view`);
- the tables shown: the validation report (:func:`report`, one row per problem with its file, row and
  column), saved datasets (:func:`datasets_table`) and saved assessments (:func:`assessments_table`);
- the blank templates of the active framework, with their notes (:func:`template`, :func:`template_files`).

The Streamlit side caches these functions on the uploaded bytes (never on DataFrames), so each stays a
pure function of its arguments.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from metrics import xlsx
from metrics.data import (INDICATOR_ALIASES, NAME_ALIASES, REGION_ALIASES, VALUE_ALIASES, YEAR_ALIASES,
                          indicator_lookup, read_data_table, unmatched_indicators)
from metrics.errors import DataError, Problem, Report
from metrics.framework import GROUP_NAMES, Framework, default_framework, name_key
from metrics.readers import HEADER_SCAN, MISSING_TOKENS, find_column, read_cells, read_table
from metrics.validate import format_report, validate
from texts import t

KINDS = ("indicators", "survey", "framework", "regions")
DATA_KINDS = ("indicators", "survey")
PREVIEW_ROWS = 20
MAX_SHOWN = 500              # problems shown in the report table
IGNORE = "__ignore__"        # mapping choice: leave the column out
SUGGEST_AT = 0.5             # similarity from which a mapping is pre-filled
MAP_ROWS = 200               # rows of the mapping table shown at once (search finds the others)


def digest(*parts: object) -> str:
    """A short stable tag of ``parts`` (widget keys of a file, a dataset, a search).

    >>> digest("a.csv", 12) == digest("a.csv", 12) != digest("a.csv", 13)
    True
    """
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


# ============================================================== reading and checking
def is_xlsx(name: str, data: bytes) -> bool:
    """Whether an upload is a workbook: by its name, or by the ZIP signature of one renamed ``.csv``."""
    return name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def sheet_names(data: bytes, name: str) -> tuple[list[str], list[Problem]]:
    """Worksheet names of an ``.xlsx``, or the problems found: from the archive's checks and scan
    (:func:`metrics.xlsx.inspect`), so no part of the workbook is parsed in the server process."""
    try:
        return [s.name for s in xlsx.inspect(data, name).sheets if s.worksheet], []
    except DataError as exc:
        return [], exc.problems
    except Exception as exc:  # noqa: BLE001 - a damaged workbook is reported, never raised
        return [], [Problem("无法读取 Excel 工作簿", "Cannot read the Excel workbook", "请用 Excel 或 WPS 重新保存",
                            "Re-save it in Excel or WPS", file=name, value=str(exc)[:200], code="bad_xlsx")]


def drop_ignored(raw: pd.DataFrame, ignore: list[str]) -> pd.DataFrame:
    """The table without ignored indicator columns (wide) or rows of ignored indicators (long)."""
    if not ignore:
        return raw
    icol, vcol = find_column(raw.columns, INDICATOR_ALIASES), find_column(raw.columns, VALUE_ALIASES)
    if icol is not None and vcol is not None:
        out = raw[~raw[icol].isin(ignore)].reset_index(drop=True)
    else:
        out = raw.drop(columns=[c for c in ignore if c in raw.columns])
    out.attrs = dict(raw.attrs)
    return out


def parse_side(kind: str, file: tuple | None):
    """The parsed framework or region table of an uploaded ``(name, bytes, sheet)`` (``None`` if absent or
    invalid: the report says why, and the data are read against the default meanwhile)."""
    if file is None:
        return None
    name, data, sheet = file
    try:
        raw = read_table(data, name=name, sheet=sheet)
        rep, obj = validate(raw, kind, name=name)
    except DataError:
        return None
    return obj if rep.ok else None


def framework_of(fw_file: tuple | None):
    """The framework the uploads are read against: the uploaded one if valid, else the default."""
    return parse_side("framework", fw_file) or default_framework()


def read_upload(kind: str, name: str, data: bytes, sheet, header: int | None, fw_file: tuple | None) -> pd.DataFrame:
    """An upload's cells as its reader reads them: indicator and survey data below a header row that
    is found (or ``header``), with the framework's names (:func:`metrics.data.read_data_table`)."""
    if kind not in DATA_KINDS:
        return read_table(data, name=name, sheet=sheet)
    return read_data_table(data, kind, framework_of(fw_file), name=name, sheet=sheet, header_row=header)


def preview(kind: str, name: str, data: bytes, sheet, header: int | None, fw_file: tuple | None) -> dict:
    """The first rows of an upload, as text, its size and its header row (``preview`` is ``None`` if
    unreadable); for indicator and survey data whose header is not plainly row 1 (or could not be read),
    also the first rows of the file as they are (``cells``, numbered as in a spreadsheet: rows from 1,
    columns A, B, ...), to choose the header row from."""
    out = {"preview": None, "rows": 0, "cols": 0, "header": 1, "confident": True, "cells": None}
    try:
        raw = read_upload(kind, name, data, sheet, header, fw_file)
        shown = raw.head(PREVIEW_ROWS).copy()
        shown.attrs = {}
        out.update(preview=shown, rows=len(raw), cols=raw.shape[1], header=raw.attrs.get("header_row", 1),
                   confident=raw.attrs.get("header_confident", True))
    except DataError:
        out.update(confident=False)
    if kind in DATA_KINDS and (out["header"] != 1 or not out["confident"] or header is not None):
        try:
            cells = read_cells(data, name=name, sheet=sheet).head(HEADER_SCAN)
        except DataError:
            return out
        cells.attrs = {}
        cells.columns = [xlsx.column_letters(i + 1) for i in range(cells.shape[1])]
        cells.index = range(1, len(cells) + 1)
        out["cells"] = cells.iloc[:, :60]
    return out


def header_label(cells: pd.DataFrame, row: int, lang: str) -> str:
    """An option of the header-row picker: "found automatically" (``0``), or a row with its first texts."""
    if not row:
        return t("data_header_auto", lang)
    texts = [str(v) for v in cells.loc[row].tolist() if isinstance(v, str) and v.strip()]
    return t("data_header_row", lang, row=row, text=" | ".join(texts)[:70])


def unmatched(name: str, data: bytes, sheet, fw_file: tuple | None, header: int | None = None) -> list[str]:
    """Every indicator header (wide) or code (long) that the framework does not know, or that names
    several indicators (:func:`metrics.data.unmatched_indicators`; not the capped report)."""
    fw = parse_side("framework", fw_file)
    if fw_file is not None and fw is None:
        return []     # the framework itself has errors: nothing to map against yet
    try:
        raw = read_upload("indicators", name, data, sheet, header, fw_file)
    except DataError:
        return []     # unreadable: the report says why
    return unmatched_indicators(raw, fw or default_framework())


def check_files(files: tuple, mapping: dict, sheets: dict) -> list[Problem]:
    """Every problem of the files ``((kind, name, bytes), ...)`` together, checked exactly as saving
    checks them (:func:`store.validate_files`)."""
    from store import validate_files
    report_, _ = validate_files({kind: (name, data) for kind, name, data in files}, mapping, sheets)
    return list(report_.problems)


def without_ignored(name: str, data: bytes, sheet, ignore: list[str], header: int | None,
                    fw_file: tuple | None) -> tuple[str, bytes, int]:
    """The indicator file as saved when columns are ignored: UTF-8 CSV without them, with empty rows
    above its header so that every row keeps its number in messages; and the row of its header."""
    raw = drop_ignored(read_upload("indicators", name, data, sheet, header, fw_file), ignore)
    above = int(raw.attrs.get("first_row", 2)) - 2
    pad = ("," * (raw.shape[1] - 1) + "\n") * above
    return f"{PurePath(name).stem}.csv", (pad + raw.to_csv(index=False)).encode("utf-8"), above + 1


def scaled_framework(fw_file: tuple | None, scales: dict) -> tuple[str, bytes, None]:
    """A copy of the framework in use (the uploaded one, else the default) with the Likert scales
    ``{indicator: k}`` changed, as a framework file to check and save with the data."""
    from metrics.framework import load_framework
    from metrics.safe import to_csv_bytes
    table = framework_of(fw_file).to_frame()
    for ind, k in scales.items():
        table.loc[table["iCode"] == ind, "scale"] = int(k)
    load_framework(table, name="framework")  # still a valid framework
    stem = PurePath(fw_file[0]).stem if fw_file else "framework"
    return f"{stem}_scale.csv", to_csv_bytes(table), None


# ============================================================== column mapping
def norm(text: object) -> str:
    """A header or name as compared for mapping: NFKC (full-width letters and digits read as ASCII),
    lower case, without spaces and underscores.

    >>> norm(" Ｄａｔａ_Open ")
    'dataopen'
    """
    return unicodedata.normalize("NFKC", str(text)).strip().lower().replace(" ", "").replace("_", "")


def indicator_names(fw) -> list[tuple[str, list[str]]]:
    """The framework's statistical indicators with their code and names, normalised for matching."""
    out = []
    for code in fw.indicators:
        if fw.table.at[code, "source"] != "srv":
            names = [code, fw.table.at[code, "name_zh"], fw.table.at[code, "name_en"]]
            out.append((code, list(dict.fromkeys(norm(n) for n in names if isinstance(n, str) and n))))
    return out


def best_matches(headers, fw) -> dict[str, tuple[str | None, float]]:
    """Header -> (the indicator whose code or name is most similar, the similarity: difflib's ratio);
    ``None`` below :data:`SUGGEST_AT` or when two indicators are equally close (the user chooses).
    A pair is compared in full only when difflib's cheap upper bound reaches :data:`SUGGEST_AT`
    (thousands of headers take a moment, not minutes)."""
    matchers = [(code, difflib.SequenceMatcher(None, "", n)) for code, names in indicator_names(fw) for n in names]
    out = {}
    for header in headers:
        scores: dict[str, float] = {}
        h = norm(header)
        for code, sm in matchers:
            sm.set_seq1(h)
            if sm.real_quick_ratio() >= SUGGEST_AT and sm.quick_ratio() >= SUGGEST_AT:
                scores[code] = max(scores.get(code, 0.0), sm.ratio())
        ranked = sorted(scores.values(), reverse=True)
        best = max(scores, key=scores.get) if ranked else None
        tie = len(ranked) > 1 and ranked[1] == ranked[0]
        out[header] = (best if ranked and ranked[0] >= SUGGEST_AT and not tie else None, ranked[0] if ranked else 0.0)
    return out


def bulk_choices(choices: dict, action: str, headers: list, best: dict) -> None:
    """Apply a bulk action of the mapping table to ``choices`` (every unmatched header, shown or not):
    ``"accept"`` takes every suggestion, ``"ignore"`` leaves out every header not chosen yet."""
    for h in headers:
        if action == "accept" and best[h][0] is not None:
            choices[h] = best[h][0]
        elif action == "ignore" and not choices.get(h):
            choices[h] = IGNORE


def indicator_labels(fw, lang: str) -> dict[str, str]:
    """Choice -> its label in the mapping table: ``"code · name"`` per statistical indicator, and "ignore"."""
    labels = {c: f"{c} · {fw.name_of(c, lang)}" for c in fw.indicators if fw.table.at[c, "source"] != "srv"}
    labels[IGNORE] = t("data_map_ignore", lang)
    return labels


@dataclass(frozen=True)
class MappingView:
    """The mapping table as shown (at most :data:`MAP_ROWS` rows matching the search) and its result."""

    table: pd.DataFrame       # header, suggestion (with its similarity), choice (a label)
    shown: list               # the headers of the table's rows, in order
    mapping: dict             # header -> indicator code, over every unmatched header
    ignored: list             # headers left out
    counts: str               # "n columns: m mapped, i ignored, o open"
    hidden: str               # what the search or the row cap leaves out ("" if nothing)
    choice_column: str        # the editable column's title
    locked: list              # the columns that are not edited


def mapping_view(headers: list, best: dict, choices: dict, labels: dict, query: str, lang: str) -> MappingView:
    """The mapping table for the search ``query`` (matched in a header or its chosen indicator's label)."""
    q = norm(query)
    col_h, col_s, col_c = (t(k, lang) for k in ("data_map_col_header", "data_map_col_suggestion",
                                                "data_map_col_choice"))
    found = [h for h in headers if not q or q in norm(h) or q in norm(labels.get(choices.get(h), ""))]
    shown = found[:MAP_ROWS]
    table = pd.DataFrame({
        col_h: shown,
        col_s: [f"{labels[best[h][0]]} ({best[h][1]:.0%})" if best[h][0] else "" for h in shown],
        col_c: pd.Series([labels.get(choices.get(h)) for h in shown], dtype=object)})
    mapping = {h: choices[h] for h in headers if choices.get(h) and choices[h] != IGNORE}
    ignored = [h for h in headers if choices.get(h) == IGNORE]
    counts = t("data_map_counts", lang, n=len(headers), mapped=len(mapping), ignored=len(ignored),
               open=len(headers) - len(mapping) - len(ignored))
    hidden = t("data_map_hidden", lang, shown=len(shown), found=len(found), hidden=len(headers) - len(shown)) \
        if len(found) > len(shown) or q else ""
    return MappingView(table, shown, mapping, ignored, counts, hidden, col_c, [col_h, col_s])


# ============================================================== the validation report
@dataclass(frozen=True)
class ReportView:
    """The validation report of the uploads: a verdict, the table of problems, the full text."""

    level: str                # "error", "warning" or "success": the alert that carries the summary
    summary: str
    table: pd.DataFrame       # one row per problem (errors first), at most MAX_SHOWN rows
    more: str                 # "showing 500 of n" when the table is capped, else ""
    both: str                 # every problem in Chinese and English, as text
    columns: dict             # role -> column title: severity, file, row, column, value, problem, fix


def counts(problems) -> tuple[int, int, int]:
    """(errors, warnings, notes) among ``problems``."""
    n_e = sum(p.severity == "error" for p in problems)
    n_w = sum(p.severity == "warning" for p in problems)
    return n_e, n_w, len(problems) - n_e - n_w


def file_status(problems, file: str, lang: str) -> tuple[bool, str]:
    """(whether the file has errors, "n errors, m warnings") of one file's problems."""
    n_e, n_w, _ = counts([p for p in problems if p.file == file])
    return bool(n_e), t("data_summary", lang, errors=n_e, warnings=n_w)


def report(problems: list[Problem], lang: str) -> ReportView:
    """The report of ``problems``: errors first, then warnings, then notes; each row names the file and,
    where known, the row and column of the cell (as the spreadsheet numbers them) and its value."""
    n_e, n_w, n_i = counts(problems)
    summary = t("data_summary", lang, errors=n_e, warnings=n_w) + \
        (" " + t("data_summary_notes", lang, notes=n_i) if n_i else "")
    if n_e:
        level, summary = "error", summary + " " + t("data_errors_block", lang)
    elif n_w:
        level, summary = "warning", summary + " " + t("data_warnings_ok", lang)
    else:
        level = "success"
    cols = {"severity": t("data_col_severity", lang), "file": t("data_col_file", lang),
            "row": t("col_row", lang), "column": t("data_col_column", lang),
            "value": t("data_col_value", lang), "problem": t("data_col_problem", lang),
            "fix": t("data_col_fix", lang)}
    sev = {"error": t("data_sev_error", lang), "warning": t("data_sev_warning", lang),
           "info": t("data_sev_info", lang)}
    order = {"error": 0, "warning": 1}
    zh = lang == "zh"
    rows = [[sev.get(p.severity, p.severity), p.file or "", "" if p.row is None else str(p.row),
             "" if p.column is None else str(p.column), "" if p.value is None else str(p.value),
             p.message_zh if zh else p.message_en, p.hint_zh if zh else p.hint_en]
            for p in sorted(problems, key=lambda p: order.get(p.severity, 2))[:MAX_SHOWN]]
    table = pd.DataFrame(rows, columns=list(cols.values())) if rows else pd.DataFrame()
    more = t("data_more_problems", lang, shown=MAX_SHOWN, total=len(problems)) if len(problems) > MAX_SHOWN else ""
    both = format_report(Report(list(problems)), "both") if problems else ""
    return ReportView(level, summary, table, more, both, cols)


# ============================================================== saving
def default_name(files: dict) -> str:
    """The name a new dataset gets until the user types one: the indicator (else survey) file's stem."""
    return PurePath((files.get("indicators") or files.get("survey") or ("",))[0]).stem


def save_plan(files: dict, mapping: dict, headers: dict, survey_import: dict | None,
              indicators_saved: tuple | None = None) -> dict:
    """What the Save button saves: ``{"files": {kind: (name, bytes)}, "sheets", "mapping", "extra"}``.

    ``files`` are the uploads ``{kind: (name, bytes, sheet)}``; ``indicators_saved`` the indicator file
    without its ignored columns (:func:`without_ignored`: name, bytes, header row), if any are ignored; a
    survey platform export is saved as converted to the survey layout (``survey_import``).
    """
    plan = {"files": {}, "sheets": {}, "mapping": mapping, "extra": {}}
    for kind, (name, data, sheet) in files.items():
        if kind == "indicators" and indicators_saved is not None:
            *saved, plan["sheets"][f"{kind}:header"] = indicators_saved
            plan["files"][kind] = tuple(saved)
        elif kind == "survey" and survey_import is not None:
            plan["extra"].update(survey_import["extra"])
            if survey_import["file"] is not None:
                plan["files"][kind] = survey_import["file"]
        else:
            plan["files"][kind] = (name, data)
            if sheet is not None:
                plan["sheets"][kind] = sheet
            if headers.get(kind):
                plan["sheets"][f"{kind}:header"] = headers[kind]
    return plan


def plan_files(plan: dict) -> tuple:
    """The plan's files as :func:`check_files` takes them (and its cache keys them): sorted by kind."""
    return tuple((k, n, d) for k, (n, d) in sorted(plan["files"].items()))


def plan_digest(plan: dict) -> str:
    """Identifies what the Save button would save (files, mapping, worksheets)."""
    h = hashlib.sha256()
    for kind, (name, data) in sorted(plan["files"].items()):
        h.update(f"{kind}\0{name}\0".encode())
        h.update(hashlib.sha256(data).digest())
    h.update(json.dumps([plan["mapping"], plan["sheets"]], sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def save_blockers(kinds, n_errors: int, import_blocker: str | None, mode: str, name: str, store_ok: bool,
                  saved_label: str | None, lang: str) -> list[str]:
    """Why the Save button is disabled (none: it is enabled), in the order the page lists them;
    ``saved_label`` names the version these very files were saved as, if they were."""
    out = []
    if not ({"indicators", "survey"} & set(kinds)):
        out.append(t("data_block_nodata", lang))
    if n_errors:
        out.append(t("data_block_errors", lang))
    if import_blocker:
        out.append(import_blocker)
    if mode == "new" and not str(name).strip():
        out.append(t("data_block_name", lang))
    if not store_ok:
        out.append(t("data_store_unavailable", lang))
    if saved_label is not None:     # escaped for Markdown by the caller
        out.append(t("data_already_saved", lang, label=saved_label))
    return out


# ============================================================== saved datasets and assessments
def datasets_table(rows, lang: str) -> pd.DataFrame:
    """The saved versions the user sees (:class:`ui.workspace.SavedVersion`), one row each."""
    yes, no = t("answer_yes", lang), t("answer_no", lang)
    return pd.DataFrame([{
        t("col_name", lang): r.name, t("data_col_version", lang): r.version,
        t("data_col_saved_by", lang): r.saved_by, t("data_col_saved_at", lang): r.saved_at,
        t("data_col_fingerprint", lang): r.fingerprint[:12], t("data_col_public", lang): yes if r.public else no,
        t("data_col_hidden", lang): yes if r.hidden else no,
        t("data_col_files", lang): ", ".join(f for _, f in r.files), t("col_description", lang): r.description,
    } for r in rows])


def assessments_table(saved, labels: dict, lang: str) -> pd.DataFrame:
    """Saved assessments (:class:`ui.workspace.SavedAssessment`) with their dataset's label (``labels``:
    dataset key -> label) and method."""
    return pd.DataFrame([{
        t("col_name", lang): a.name,
        t("dataset", lang): labels.get(a.key, a.key),
        t("data_col_method", lang): a.spec.describe(lang),
        t("data_col_saved_by", lang): a.saved_by, t("data_col_saved_at", lang): a.saved_at,
    } for a in saved])


# ============================================================== blank templates
#: The templates' headers are the readers' own aliases (Chinese with ``lang="zh"``), so a filled-in
#: template reads back without mapping; every template has a notes sheet in both languages.
TEMPLATE_KINDS = ("indicators", "survey", "framework", "regions")
#: the catalogue key of each kind of file's name (the upload box's label names indicator and survey data)
KIND_NAME = {"indicators": "data_up_indicators", "survey": "data_up_survey", "framework": "data_kind_framework",
             "regions": "data_kind_regions"}

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
    tokens = "、".join(sorted(x for x in MISSING_TOKENS if x)[:12])
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
        table = regions.table.reset_index().rename(columns={"index": "code"}).head(1)
        table = table.reindex(columns=cols).astype(object)
        table = table.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else
                          (int(v) if isinstance(v, float) and v.is_integer() else v))
    else:
        table = pd.DataFrame([["110000", "北京", "Beijing", "东部", 1, 4]], columns=cols)
    if lang == "zh":
        table = table.rename(columns=_REGIONS_ZH)
    h = (lambda c: _REGIONS_ZH[c]) if lang == "zh" else (lambda c: c)
    notes = [[h("code"), "地区代码（唯一）", "Region code (unique)", "text"],
             [h("name_zh"), "中文名称", "Chinese name", "text"],
             [h("name_en"), "英文名称", "English name", "text"],
             [h("group"), "地区分组（如 东部/中部/西部/东北）", "Region group (e.g. East/Centre/West/North-east)", "text"],
             [h("row"), "方块地图中的行（可选）", "Row in the tile map (optional)", "whole number"],
             [h("col"), "方块地图中的列（可选）", "Column in the tile map (optional)", "whole number"]]
    return table.reset_index(drop=True), notes


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
