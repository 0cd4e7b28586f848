"""The one exception the exports raise for bad input or a missing system dependency."""
from __future__ import annotations


class ExportError(ValueError):
    """Bad input to an export, or an export that cannot be made here.

    ``str()`` is a message in Chinese and English (``中文 / English``), fit to
    show to a user or print on stderr.
    """
