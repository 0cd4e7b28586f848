"""Take-away files of an assessment: PowerPoint deck, PDF report, Excel workbook, chart images.

No Streamlit here: the dashboard calls these functions from its pages and
download buttons, and ``python -m export`` makes the same files from the
command line.

>>> from metrics import Dataset, assess
>>> from export import build_report
>>> a = assess(Dataset.sample())
>>> data = build_report(a, "xlsx", regions=["110000"], lang="en")
>>> data[:2]
b'PK'

``build_report(a, "pptx" | "pdf", ...)`` also renders charts: it needs Debian's
``chromium`` and ``fonts-noto-cjk`` (``scripts/system-deps.sh``); without them
it raises :class:`ExportError` with a message in Chinese and English.
"""
from __future__ import annotations

from .errors import ExportError

FORMATS = ("pptx", "pdf", "xlsx")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def build_report(assessment, fmt: str, year: int | None = None, regions=None, lang: str = "zh",
                 target: str | None = "level:next") -> bytes:
    """The report of ``assessment`` as file bytes.

    Parameters
    ----------
    assessment : metrics.Assessment
    fmt : {"pptx", "pdf", "xlsx"}
    year : int, optional
        Year reported (default: the latest).
    regions : list of str, optional
        Regions in focus, as codes (or names).  ``None``: the top three of the
        ranking for the deck and the PDF, every region for the workbook's
        measures sheet; ``[]``: none.
    lang : {"zh", "en"}
    target : str, optional
        The deck and the PDF show each region's path to this target (``level:next``, ``band:good``,
        ``rank:10`` ..., see :mod:`metrics.target`); ``None``: no path.

    Raises
    ------
    ExportError
        Unknown format, year, region or language; no Chromium for the charts
        (the message is in Chinese and English).
    """
    from .content import build_content
    from .i18n import both

    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(both("err_format", fmt=fmt))
    if fmt == "xlsx":
        from .xlsx import build_xlsx
        c = build_content(assessment, year, regions if regions is not None else [], lang, target=None)
        return build_xlsx(c, all_regions=regions is None)
    c = build_content(assessment, year, regions, lang, target=target)
    if fmt == "pptx":
        from .pptx import build_pptx
        return build_pptx(c)
    from .pdf import build_pdf
    return build_pdf(c)


def figure_bytes(fig, fmt: str = "png", width: int = 1600, height: int = 900, scale: float = 2) -> bytes:
    """A Plotly figure as PNG or SVG bytes at presentation resolution (see :func:`export.images.figure_bytes`)."""
    from .images import figure_bytes as _fb
    return _fb(fig, fmt, width, height, scale)


def filename(fmt: str, year: int | None = None, lang: str = "zh", stem: str = "synergy-report") -> str:
    """A download file name, for example ``synergy-report-2024-zh.pptx``."""
    parts = [stem] + ([str(year)] if year is not None else []) + [lang]
    return "-".join(parts) + "." + fmt


__all__ = ["ExportError", "FORMATS", "MIME", "build_report", "figure_bytes", "filename"]
