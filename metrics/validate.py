"""Validation reports for uploaded files: every problem, errors and warnings, without raising.

:func:`validate` reads a file as a given kind (indicator data, survey data,
framework, region table) and returns a :class:`~metrics.errors.Report` with
every problem found, plus the parsed object when the file is usable.  Without a region table,
indicator and survey data are checked against the shipped one when most of their regions are in
it (:mod:`metrics.data`), as :meth:`metrics.Dataset.load` and the upload page do.  The
dashboard's upload page and ``python -m metrics validate`` print the same
report.  Errors block saving; warnings do not (an indicator with 40% or more
missing values, a survey scale with Cronbach's alpha below 0.7, a region that
is not in the region table, a column that is ignored).  The response-quality
flags of survey data (:func:`quality_report`) are a report of their own: they
describe respondents, not the file.

:func:`validate` never raises for a bad file: every problem, including one
the readers did not foresee, ends up in the report (an unforeseen failure as
an ``unreadable`` error), and the report is capped at :data:`MAX_PROBLEMS`
lines.  It reads the file and changes nothing.
"""
from __future__ import annotations

import os

import pandas as pd

from .data import load_regions, read_indicators, read_survey
from .errors import DataError, Problem, Report
from .framework import Framework, default_framework, framework_warnings, load_framework
from .readers import read_table

KINDS = ("indicators", "survey", "framework", "regions")
#: Most problems a report lists (each reader already caps a column at ``MAX_PER_COLUMN``).
MAX_PROBLEMS = 500
KIND_NAMES = {"indicators": ("指标数据", "indicator data"), "survey": ("问卷数据", "survey data"),
              "framework": ("指标框架", "framework"), "regions": ("地区表", "region table")}


def validate(source: str | os.PathLike | bytes, kind: str, framework: Framework | None = None,
             regions=None, name: str | None = None, sheet=None, mapping: dict | None = None,
             header_row: int | None = None):
    """Check a file; returns ``(report, parsed_or_None)``.

    ``header_row`` (1 = the first row) says where the header is; by default it is found in
    indicator and survey data (:func:`metrics.data.read_data_table`, said in a note when it is not
    row 1) and is row 1 of a framework or region table.

    Examples
    --------
    >>> rep, obj = validate(b"region,year,ORG1_law_level\\n110000,2023,abc\\n", "indicators", name="x.csv")
    >>> rep.ok, rep.errors[0].code, rep.errors[0].row
    (False, 'not_a_number', 2)
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    report = Report()
    obj = None
    try:
        fw = framework or default_framework()
        if kind == "framework":
            table = source if isinstance(source, pd.DataFrame) else read_table(source, name=name, sheet=sheet,
                                                                                 header_row=header_row or 1)
            obj = load_framework(table, name=name or table.attrs.get("name"))
            report.extend(table.attrs.get("problems") or [])  # what the reader saw (formulas, merged cells)
            report.extend(framework_warnings(obj))
        elif kind == "regions":
            table = source if isinstance(source, pd.DataFrame) else read_table(source, name=name, sheet=sheet,
                                                                                 header_row=header_row or 1)
            obj = load_regions(table, name=name)
            report.extend(getattr(obj, "_warnings", []))
        elif kind == "indicators":
            obj = read_indicators(source, fw, regions, name=name, sheet=sheet, mapping=mapping, header_row=header_row)
            report.extend(obj.problems)
        else:
            obj = read_survey(source, fw, regions, name=name, sheet=sheet, header_row=header_row)
            report.extend(obj.problems)
            try:
                report.extend(_alpha_warnings(obj, fw, name or obj.source_name))
            except Exception:  # noqa: BLE001 - a reliability check must not block a usable file
                pass
    except DataError as exc:
        report.extend(exc.problems)
        obj = None
    except Exception as exc:  # noqa: BLE001 - a bad file never shows a traceback
        report.add("读取文件时发生意外错误，文件可能已损坏或格式不受支持",
                   "An unexpected error occurred while reading the file; it may be damaged or in an unsupported format",
                   "请检查文件，或另存为 CSV UTF-8 后重试；如果问题依旧，请把文件和这条信息发给管理员",
                   "Check the file or save it as 'CSV UTF-8' and try again; if it persists, send the file and this "
                   "message to the administrator",
                   file=_display_name(source, name), value=f"{type(exc).__name__}: {exc}"[:200], code="unreadable")
        obj = None
    if len(report.problems) > MAX_PROBLEMS:
        kept = report.errors[:MAX_PROBLEMS] + report.notes[:max(0, MAX_PROBLEMS - len(report.errors))]
        n_more = len(report.problems) - len(kept)
        report = Report(kept)
        report.add_more(n_more, file=_display_name(source, name), code="more",
                        severity="error" if not report.ok else "warning")
    return report, obj


def quality_report(survey, fw: Framework, params=None):
    """The response-quality flags of parsed survey data (:mod:`metrics.survey_quality`): speeders,
    straight-lining, duplicates, out-of-scale answers; nothing is excluded."""
    from .survey_quality import check_quality
    return check_quality(survey.frame, fw, survey.meta, params)


def _display_name(source, name: str | None) -> str:
    if name:
        return name
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    attrs = getattr(source, "attrs", None)
    return (attrs.get("name") if isinstance(attrs, dict) else None) or "upload"


def _alpha_warnings(survey, fw: Framework, file: str) -> list[Problem]:
    from .reliability import cronbach_alpha
    from .survey import item_scores
    x, items = item_scores(survey.frame, fw)
    X = pd.DataFrame(x, columns=items)
    by_sub: dict[str, list[str]] = {}
    for ind in fw.survey_indicators:
        if fw.table.at[ind, "stat"] == "consensus":
            continue
        sub = fw.ancestor_at(ind, 2) or fw.table.at[ind, "parent"]
        by_sub.setdefault(sub, []).extend(i for i in fw.table.at[ind, "items"] if i in items)
    out = []
    for sub, its in by_sub.items():
        its = list(dict.fromkeys(its))
        if len(its) < 2:
            continue
        d = X[its].dropna()
        if len(d) < 10:
            continue
        a = cronbach_alpha(d)
        if a == a and a < 0.7:
            out.append(Problem(
                f"子维度“{fw.name_of(sub, 'zh')}”的量表信度偏低：Cronbach's α = {a:.2f} < 0.7",
                f"Low reliability of the '{fw.name_of(sub, 'en')}' scale: Cronbach's alpha = {a:.2f} < 0.7",
                "结果仍可计算，但解读时需谨慎；可检查反向题设置或题项措辞",
                "Scores are still computed, but read them with care; check reverse-coded items and wording",
                file=file, column=", ".join(its), severity="warning", code="low_alpha"))
    return out


def format_report(report: Report, lang: str = "both") -> str:
    """The report as text: errors, warnings, then notes on how the file was read."""
    lines = []
    for p in report.errors + report.warnings + report.infos:
        tag = {"error": ("错误", "ERROR"), "warning": ("警告", "WARNING"), "info": ("说明", "NOTE")}[p.severity]
        if lang in ("zh", "both"):
            lines.append(f"[{tag[0]}] {p.text('zh')}")
        if lang in ("en", "both"):
            lines.append(f"[{tag[1]}] {p.text('en')}")
    n_e, n_w, n_i = len(report.errors), len(report.warnings), len(report.infos)
    notes = (f"，{n_i} 条说明", f", {n_i} notes") if n_i else ("", "")
    lines.append(f"{n_e} 个错误，{n_w} 个警告{notes[0]} / {n_e} errors, {n_w} warnings{notes[1]}")
    return "\n".join(lines)
