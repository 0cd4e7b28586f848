"""Errors of the store, with messages in Chinese and English.

Problems with the *content* of uploaded files are :class:`metrics.errors.DataError`
(raised by :meth:`store.Store.save_version` before anything is written).  The
errors here concern the store itself: who may do what, what exists, what is in use.
"""
from __future__ import annotations


class StoreError(Exception):
    """Something the store refused or could not do.

    ``message_zh`` and ``message_en`` hold the two languages; ``str()`` gives
    both, Chinese first, one per line.
    """

    def __init__(self, message_zh: str, message_en: str | None = None):
        self.message_zh = message_zh
        self.message_en = message_en if message_en is not None else message_zh
        text = message_zh if self.message_en == message_zh else f"{message_zh}\n{self.message_en}"
        super().__init__(text)

    def text(self, lang: str = "en") -> str:
        """The message in one language (``"zh"`` or ``"en"``)."""
        return self.message_zh if lang == "zh" else self.message_en


class AccessError(StoreError):
    """The user may not see or change this dataset or assessment."""


class NotFoundError(StoreError, LookupError):
    """No dataset, version or assessment with that id."""


class InUseError(StoreError):
    """A version is referred to by saved assessments and cannot be deleted.

    ``assessments`` lists the :class:`store.AssessmentInfo` records that refer to it.
    """

    def __init__(self, message_zh: str, message_en: str, assessments: list):
        super().__init__(message_zh, message_en)
        self.assessments = list(assessments)


class IntegrityError(StoreError):
    """Stored bytes do not match what was recorded when they were saved, or a
    reopened assessment does not reproduce its saved results."""
