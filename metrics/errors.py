"""Problems found in input data, reported in Chinese and English.

Every reader and validator in :mod:`metrics` reports what is wrong with a file
as :class:`Problem` records that name the file, the row and the column, the
offending value, what is wrong and how to fix it, in both languages.  Errors
block use of the file; warnings do not; notes (``"info"``) only say how the file was read (which
row held the header, which rows at the bottom were notes).  A function that finds errors raises
:class:`DataError`, which carries all of them at once (not just the first), so
a researcher can fix a file in one pass.

Row numbers follow what a person sees in a spreadsheet: the header is row 1
and the first data row is row 2.  ``row`` is ``None`` for a problem that
concerns a whole file or a whole column.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable

import pandas as pd

ERROR = "error"
WARNING = "warning"
INFO = "info"

#: At most this many problems of one kind are listed for one column; the rest are counted in one
#: "… and N more" line, so a million-row file with a systematic mistake gives a short report.
MAX_PER_COLUMN = 20

#: How :meth:`Problem.text` adds the value, the hint and the place in each language
_TEXT_FORMS = {"zh": ("（值：“{}”）", "。{}", "{}：{}"), "en": (" (value: '{}')", ". {}", "{}: {}")}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    Parameters
    ----------
    message_zh, message_en : str
        What is wrong, in Chinese and English.
    hint_zh, hint_en : str
        How to fix it.
    file : str, optional
        File name as the user knows it.
    row : int, optional
        Spreadsheet row number (header = 1, first data row = 2).
    column : str, optional
        Column name as written in the file.
    value : str, optional
        The offending value, as text.
    severity : {"error", "warning", "info"}
    code : str
        A stable machine-readable key (for example ``"not_a_number"``).
    """

    message_zh: str
    message_en: str
    hint_zh: str = ""
    hint_en: str = ""
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR
    code: str = ""

    def where(self, lang: str = "en") -> str:
        """Location as text, for example ``survey.csv, row 12, column q1``."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"第 {self.row} 行" if lang == "zh" else f"row {self.row}")
        if self.column is not None:
            parts.append(f"列“{self.column}”" if lang == "zh" else f"column '{self.column}'")
        return "，".join(parts) if lang == "zh" else ", ".join(parts)

    def text(self, lang: str = "en") -> str:
        """A one-line, human-readable description in one language."""
        where = self.where(lang)
        value, hint, located = _TEXT_FORMS["zh" if lang == "zh" else "en"]
        msg = self.message_zh if lang == "zh" else self.message_en
        if self.value is not None:
            msg += value.format(self.value)
        if self.hint_zh if lang == "zh" else self.hint_en:
            msg += hint.format(self.hint_zh if lang == "zh" else self.hint_en)
        return located.format(where, msg) if where else msg

    def bilingual(self) -> str:
        """Chinese line, then English line."""
        return f"{self.text('zh')}\n{self.text('en')}"


class DataError(ValueError):
    """Raised when input data has one or more errors.

    ``problems`` holds every problem found (errors and warnings); ``str()`` of
    the exception lists the errors in both languages.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == ERROR] or self.problems
        shown = errors[:20]
        lines = [p.bilingual() for p in shown]
        if len(errors) > len(shown):
            lines.append(f"…… 另有 {len(errors) - len(shown)} 个错误 / … and {len(errors) - len(shown)} more errors")
        super().__init__("\n".join(lines))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


@dataclass
class Report:
    """A collection of problems with helpers to raise, count and tabulate."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, *args, **kwargs) -> None:
        self.problems.append(Problem(*args, **kwargs))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def add_more(self, n: int, *, file: str | None = None, column: str | None = None, code: str = "",
                 severity: str = ERROR) -> None:
        """Add the "… and ``n`` more" line that closes a capped list of problems (nothing if ``n`` <= 0).

        Examples
        --------
        >>> r = Report()
        >>> r.add_more(5, file="a.csv", column="q1", code="likert_range")
        >>> r.problems[0].message_en
        '… and 5 more problems of this kind in this column (not listed one by one)'
        """
        if n <= 0:
            return
        where_zh = "该列" if column is not None else "该文件"
        where_en = "this column" if column is not None else "this file"
        self.add(f"…… {where_zh}另有 {n} 处同类问题（未逐一列出）",
                 f"… and {n} more problems of this kind in {where_en} (not listed one by one)",
                 "请按上面列出的问题的说明，检查并改正整列" if column is not None else "请按上面列出的问题的说明，检查整个文件",
                 "Fix them the same way as the ones listed above; check the whole column" if column is not None
                 else "Fix them the same way as the ones listed above; check the whole file",
                 file=file, column=column, value=None, severity=severity, code=code)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def infos(self) -> list[Problem]:
        """Notes on how a file was read (``severity="info"``)."""
        return [p for p in self.problems if p.severity == INFO]

    @property
    def notes(self) -> list[Problem]:
        """Everything that is not an error (warnings and infos), in order: what a usable file carries."""
        return [p for p in self.problems if p.severity != ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataError(self.problems)

    def to_frame(self) -> pd.DataFrame:
        cols = ["severity", "file", "row", "column", "value", "message_zh", "message_en",
                "hint_zh", "hint_en", "code"]
        if not self.problems:
            return pd.DataFrame(columns=cols)
        return pd.DataFrame([asdict(p) for p in self.problems])[cols]
