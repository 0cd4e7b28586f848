"""The A4 report: a PDF made with fpdf2, with Chinese text in Noto Sans CJK.

Contents: a cover (title, dataset, year, synthetic label, date); a table of
contents; the method; the overview map and ranking chart; the full ranking
table; one section per region in focus (radar, gaps, coordination band,
obstacles, measures); the comparison; the methods annex (formulas in words,
the weights table); the provenance (sources, spec, fingerprints).  Page
numbers in the footer, bookmarks in the outline.

Fonts: Debian's ``fonts-noto-cjk`` installs ``NotoSansCJK-Regular.ttc`` (a
font collection).  fpdf2 2.8 reads a collection face directly
(``collection_font_number``): Noto Sans CJK SC is face 2 and Noto Sans Mono
CJK SC face 7 of that file; fpdf2 embeds only the glyphs used.  Hashes and the
spec JSON are set in Courier (a PDF core font) when they are plain ASCII.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import string
import subprocess
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from plotly.colors import sample_colorscale

import charts

from . import figures as F
from metrics.diagnostics import paper_sections

from .content import ReportContent, fmt_int, fmt_num
from .errors import ExportError
from .i18n import both
from .images import figure_bytes

log = logging.getLogger(__name__)
MM_PER_IN = 25.4
MARGIN = 18.0
DARK = (31, 36, 48)
GREY = (75, 85, 99)
LIGHT = (156, 163, 175)
ACCENT = (0, 114, 178)
WARN = (185, 28, 28)
HEAD_FILL = (0, 114, 178)
ZEBRA = (243, 244, 246)
#: Face numbers inside Debian's Noto Sans CJK collections.
SC_FACE, MONO_SC_FACE = 2, 7
_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/opentype/noto-cjk", "/usr/share/fonts/noto-cjk",
         "/usr/share/fonts/truetype/noto")


@lru_cache(maxsize=1)
def cjk_fonts() -> dict[str, tuple[str, int]]:
    """Regular, bold and mono faces of Noto Sans CJK SC: ``{style: (path, face number)}``.

    Raises :class:`ExportError` (bilingual) when ``fonts-noto-cjk`` is not installed.
    """
    found: dict[str, tuple[str, int]] = {}
    for d in _DIRS:
        reg, bold = Path(d, "NotoSansCJK-Regular.ttc"), Path(d, "NotoSansCJK-Bold.ttc")
        if reg.exists():
            found[""] = (str(reg), SC_FACE)
            found["mono"] = (str(reg), MONO_SC_FACE)
            found["B"] = (str(bold), SC_FACE) if bold.exists() else (str(reg), SC_FACE)
            return found
    try:  # elsewhere: ask fontconfig for the SC face
        out = subprocess.run(["fc-match", "-f", "%{file}|%{index}", "Noto Sans CJK SC"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
        path, _, idx = out.partition("|")
        if "CJK" in path and Path(path).exists():
            face = int(idx or 0)
            return {"": (path, face), "B": (path, face), "mono": (path, face)}
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    raise ExportError(both("no_cjk_font"))


# --------------------------------------------------------------------------- a smaller font, cached on disk
#: Bump when the character set below changes.
FONT_CACHE_VERSION = 1
_font_lock = threading.Lock()


def _charset() -> set[str]:
    """Characters of the cached font: ASCII and Latin, punctuation, GB 2312 (6,763 hanzi and its symbols), and every
    character of the exports' labels, the default framework, measures and region table."""
    chars = set(string.printable) | {chr(c) for c in range(0xA0, 0x250)} | {chr(c) for c in range(0x2000, 0x2070)}
    chars |= {chr(c) for c in range(0x2190, 0x2200)} | {chr(c) for c in range(0x2200, 0x2300)}
    chars |= {chr(c) for c in range(0x2460, 0x24A0)} | {chr(c) for c in range(0x3000, 0x3040)}
    chars |= {chr(c) for c in range(0xFF00, 0xFFF0)} | {chr(c) for c in range(0x0370, 0x0400)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    from .i18n import TEXT
    chars |= {ch for pair in TEXT.values() for text in pair for ch in text}
    from metrics.framework import DATA_DIR
    for name in ("framework.csv", "measures.csv", "regions.csv", "region_groups.csv"):
        f = DATA_DIR / name
        if f.exists():
            chars |= set(f.read_text(encoding="utf-8", errors="ignore"))
    return {ch for ch in chars if ch.isprintable()}


def font_cache_dir() -> Path:
    return Path(os.environ.get("EXPORT_FONT_CACHE") or Path(tempfile.gettempdir()) / "synergy-export-fonts")


def _subset_path(src: str, face: int) -> Path:
    st = os.stat(src)
    key = hashlib.sha256(f"{FONT_CACHE_VERSION}|{src}|{face}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return font_cache_dir() / f"{Path(src).stem}-{face}-{key}.otf"


def prepare_fonts() -> dict[str, str]:
    """Subset Noto Sans CJK SC (regular, bold) to :func:`_charset` once and cache the files on disk.

    The full CJK collection makes every report spend seconds parsing 65,000 glyphs; the subset (about 8,000
    glyphs, 2 MB) loads in a fraction of that.  The first call on a machine takes several seconds per face
    (reports made meanwhile use the full font: see :func:`cached_fonts`); later calls return the cached
    paths.  ``EXPORT_FONT_CACHE`` sets the folder (default: a folder in the system's temporary directory).  A report that needs a character outside the subset (a rare name)
    is rebuilt with the full font, so nothing is ever drawn as an empty box.
    """
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    out = {}
    with _font_lock:
        for style in ("", "B"):
            src, face = cjk_fonts()[style]
            dst = _subset_path(src, face)
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                font = TTFont(src, fontNumber=face, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
                opts = ftsubset.Options()
                opts.notdef_outline = True
                opts.recommended_glyphs = True
                opts.layout_features = []
                opts.name_IDs = ["*"]
                opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG"]
                sub = ftsubset.Subsetter(opts)
                sub.populate(unicodes=[ord(ch) for ch in _charset()])
                sub.subset(font)
                tmp = dst.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
                font.save(str(tmp))
                os.replace(tmp, dst)       # atomic: concurrent sessions never read half a file
            out[style] = str(dst)
    return out


_warming: threading.Thread | None = None


def cached_fonts(start: bool = True) -> dict[str, str] | None:
    """The cached subset fonts when they are on disk; otherwise ``None`` (and, with ``start``, make them in a
    background thread, so this report uses the full font and the next ones the subset)."""
    global _warming
    try:
        paths = {style: _subset_path(*cjk_fonts()[style]) for style in ("", "B")}
    except (ExportError, OSError):
        return None
    if all(p.exists() for p in paths.values()):
        return {k: str(v) for k, v in paths.items()}
    if start:
        with _font_lock:
            if _warming is None or not _warming.is_alive():
                _warming = threading.Thread(target=_prepare_quietly, name="export-fonts", daemon=True)
                _warming.start()
    return None


def _prepare_quietly() -> None:
    try:
        prepare_fonts()
    except Exception:  # noqa: BLE001 - the full font keeps working; log and go on
        log.warning("could not cache the CJK font subset", exc_info=True)


def _mm(px_: float) -> float:
    return px_ / F.PX_PER_IN * MM_PER_IN


def add_cjk_fonts(pdf: FPDF, full_fonts: bool = False) -> None:
    """Register Noto Sans CJK SC as the font family ``"cjk"`` (regular and bold) of ``pdf``: the cached
    subset when it is on disk, else (or with ``full_fonts``) the whole collection face."""
    fonts = cjk_fonts()
    small = None if full_fonts else cached_fonts()
    for style in ("", "B"):
        if small:
            pdf.add_font("cjk", style, small[style])
        else:
            path, face = fonts[style]
            pdf.add_font("cjk", style, path, collection_font_number=face)
    for f in pdf.fonts.values():
        # keep the font's own bounding boxes when subsetting: the same embedded glyphs, about half the
        # time of fpdf2's output step with a CJK font (no glyph outline is re-measured)
        if getattr(f, "ttfont", None) is not None:
            f.ttfont.recalcBBoxes = False


def needs_full_fonts(pdf: FPDF) -> bool:
    """Whether ``pdf``, laid out with the cached subset, drew characters the subset lacks but the full
    font has (then lay it out again with ``full_fonts=True``, so nothing prints as an empty box)."""
    missing = {ch for f in pdf.fonts.values() for ch in getattr(f, "missing_glyphs", [])}
    if not missing:
        return False
    path, face = cjk_fonts()[""]
    from fontTools.ttLib import TTFont
    return bool(missing & set(TTFont(path, fontNumber=face, lazy=True).getBestCmap()))


class ReportPDF(FPDF):
    def __init__(self, c: ReportContent, full_fonts: bool = False):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.c = c
        self.zh = c.lang == "zh"
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        add_cjk_fonts(self, full_fonts)
        self.set_font("cjk", size=10.5)
        self.set_text_color(*DARK)
        self.set_title(c.title)
        self.set_author(c.t("app_title"))
        self.set_subject(c.subtitle)
        self.set_creator("export (fpdf2)")
        self.set_lang("zh-CN" if self.zh else "en")
        self.wrap = WrapMode.CHAR if self.zh else WrapMode.WORD
        self.cover = True

    # ---- page furniture
    def header(self):
        if self.cover:
            return
        self.set_font("cjk", size=8)
        self.set_text_color(*LIGHT)
        self.set_y(8)
        self.cell(0, 5, self.c.title, align=Align.L)
        if self.c.synthetic:
            self.set_text_color(*WARN)
            self.set_x(MARGIN)
            self.cell(0, 5, self.c.synthetic_label, align=Align.R)
        self.set_draw_color(*LIGHT)
        self.set_line_width(0.2)
        self.line(MARGIN, 13.5, self.w - MARGIN, 13.5)
        self.set_y(MARGIN)
        self.set_text_color(*DARK)

    def footer(self):
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.set_text_color(*LIGHT)
        self.cell(0, 5, self.c.footer, align=Align.L)
        self.set_x(MARGIN)
        self.cell(0, 5, self.c.t("page_of", page=self.page_no(), pages="{nb}"), align=Align.R)
        self.set_text_color(*DARK)

    # ---- text
    def h1(self, text: str, new_page: bool = True, level: int = 0):
        if new_page:
            self.add_page()
        self.start_section(text, level=level)
        self.set_font("cjk", "B", 17 if level == 0 else 14)
        self.set_text_color(*ACCENT if level else DARK)
        self.multi_cell(0, 9 if level == 0 else 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap,
                        align=Align.L)
        self.ln(2)
        self.set_text_color(*DARK)
        self.set_font("cjk", size=10.5)

    def h2(self, text: str):
        self.ensure(18)
        self.ln(1.5)
        self.set_font("cjk", "B", 12)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap, align=Align.L)
        self.set_text_color(*DARK)
        self.set_font("cjk", size=10.5)

    def _mono(self, text: str, size: float) -> None:
        """Courier (a PDF core font: nothing to embed) for ASCII code and hashes, else the CJK font."""
        try:
            str(text).encode("latin-1")
            self.set_font("Courier", "", size)
        except UnicodeEncodeError:
            self.set_font("cjk", "", size)

    def para(self, text: str, size: float = 10.5, color=DARK, style: str = "", h: float | None = None,
             mono: bool = False):
        if mono:
            self._mono(text, size)
        else:
            self.set_font("cjk", style, size)
        self.set_text_color(*color)
        self.multi_cell(0, h or size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                        wrapmode=WrapMode.CHAR if (self.zh or mono) else WrapMode.WORD, align=Align.L)
        self.set_text_color(*DARK)
        self.set_font("cjk", size=10.5)

    def label_value(self, label: str, value: str, size: float = 10.5, mono: bool = False):
        """``label: value`` with the label in bold, wrapped across lines."""
        colon = "：" if self.zh else ": "
        self.set_font("cjk", "B", size)
        h = size * 0.55
        self.write(h, label + colon, wrapmode=self.wrap)
        if mono:
            self._mono(value, size)
        else:
            self.set_font("cjk", "", size)
        self.write(h, str(value), wrapmode=WrapMode.CHAR if (self.zh or mono) else WrapMode.WORD)
        self.ln(h + 1)
        self.set_font("cjk", size=10.5)

    def bullet(self, text: str, size: float = 10.5, indent: float = 4):
        self.set_font("cjk", size=size)
        x = self.l_margin
        self.set_x(x + indent)
        self.cell(4, size * 0.55, "•")
        self.multi_cell(self.w - self.r_margin - (x + indent + 4), size * 0.55, text, new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT, wrapmode=self.wrap, align=Align.L)

    def ensure(self, height: float):
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()

    # ---- images, tables, band
    def picture(self, png: bytes, w_mm: float, px_w: int, px_h: int, x: float | None = None, title: str = ""):
        h_mm = w_mm * px_h / px_w
        if x is None:
            self.ensure(h_mm + 2)
            x = (self.w - w_mm) / 2
        y = self.get_y()
        self.image(io.BytesIO(png), x=x, y=y, w=w_mm, h=h_mm, alt_text=title or None)
        return h_mm

    def grid(self, header, rows, widths, align=None, size: float = 9, mono_cols=()):
        self.set_font("cjk", size=size)
        self.set_draw_color(209, 213, 219)
        self.set_line_width(0.15)
        self.set_fill_color(*ZEBRA)        # fpdf2 2.8 fills zebra rows with the current fill colour
        heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=HEAD_FILL)
        with self.table(col_widths=widths, text_align=align or "LEFT", line_height=size * 0.55,
                        headings_style=heading, cell_fill_color=FontFace(fill_color=ZEBRA).fill_color, cell_fill_mode=TableCellFillMode.ROWS,
                        wrapmode=self.wrap, padding=(0.8, 1.2), width=self.epw * min(1.0, sum(widths) / self.epw)
                        if widths else None, repeat_headings=1) as table:
            r = table.row()
            for h in header:
                r.cell(str(h))
            for row in rows:
                r = table.row()
                for j, v in enumerate(row):
                    r.cell(str(v))
        self.ln(2)
        self.set_font("cjk", size=10.5)

    def band(self, markers: dict, w: float | None = None):
        """The ten coordination bands of D, with a marker per value (first: the region, above; second below)."""
        from metrics.synergy import BANDS

        w = w or self.epw
        h_strip = 9.0
        self.ensure(h_strip + 22)
        x0 = self.l_margin
        y0 = self.get_y() + 8
        cols = sample_colorscale(charts.SEQUENTIAL, [i / 9 for i in range(10)])
        seg = w / 10
        for i, b in enumerate(BANDS):
            rgb = [int(float(v)) for v in cols[i][cols[i].index("(") + 1:-1].split(",")[:3]]
            self.set_fill_color(*rgb)
            self.set_draw_color(255, 255, 255)
            self.rect(x0 + i * seg, y0, seg, h_strip, style="DF")
            self.set_text_color(*((255, 255, 255) if i < 5 else (17, 17, 17)))
            self.set_font("cjk", size=6.5 if not self.zh else 7.5)
            name = b[2] if self.zh else b[3]
            self.set_xy(x0 + i * seg, y0 + (1.2 if not self.zh else 2.6))
            self.multi_cell(seg, 3.2, name, align=Align.C, wrapmode=self.wrap, new_x=XPos.RIGHT, new_y=YPos.TOP)
        for k, (label, v) in enumerate(list(markers.items())[:2]):
            if v is None or v != v:
                continue
            cx = x0 + w * min(max(float(v), 0.0), 1.0)
            s = 3.2 if k == 0 else 2.6
            self.set_fill_color(*((213, 94, 0) if k == 0 else GREY))
            self.set_draw_color(255, 255, 255)
            if k == 0:
                self.polygon([(cx - s / 2, y0 - s - 0.4), (cx + s / 2, y0 - s - 0.4), (cx, y0 - 0.4)], style="F")
                ty = y0 - s - 5.2
            else:
                self.polygon([(cx - s / 2, y0 + h_strip + s + 0.4), (cx + s / 2, y0 + h_strip + s + 0.4),
                              (cx, y0 + h_strip + 0.4)], style="F")
                ty = y0 + h_strip + s + 0.8
            self.set_font("cjk", "B" if k == 0 else "", 8.5 if k == 0 else 8)
            self.set_text_color(*(DARK if k == 0 else GREY))
            text = f"{label} {v:.3f}"
            tw = self.get_string_width(text) + 2
            tx = min(max(cx - tw / 2, x0), x0 + w - tw)
            self.set_xy(tx, ty)
            self.cell(tw, 4.5, text, align=Align.C)
        self.set_text_color(*DARK)
        self.set_font("cjk", size=10.5)
        self.set_y(y0 + h_strip + 10)


def _render_toc(pdf: ReportPDF, outline) -> None:
    c = pdf.c
    pdf.set_font("cjk", "B", 17)
    pdf.set_text_color(*DARK)
    pdf.set_x(pdf.l_margin)
    pdf.cell(0, 10, c.t("toc"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for sec in outline:
        size = 11 if sec.level == 0 else 10
        pdf.set_font("cjk", "B" if sec.level == 0 else "", size)
        indent = 7 * sec.level
        link = pdf.add_link(page=sec.page_number)
        page = str(sec.page_number)
        pw = pdf.get_string_width(page)
        name = sec.name
        avail = pdf.epw - indent - pw - 8
        while pdf.get_string_width(name) > avail and len(name) > 4:
            name = name[:-2] + "…"
        pdf.set_x(pdf.l_margin + indent)
        nw = pdf.get_string_width(name)
        pdf.cell(nw + 1, 7, name, link=link)
        dots_w = pdf.epw - indent - nw - pw - 3
        pdf.set_text_color(*LIGHT)
        dot = pdf.get_string_width(".")
        pdf.cell(dots_w, 7, "." * max(int(dots_w / max(dot, 0.1)) - 1, 0), align=Align.R)
        pdf.set_text_color(*DARK)
        pdf.cell(pw + 2, 7, page, align=Align.R, link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


# --------------------------------------------------------------------------- figures of the report
def report_figures(c: ReportContent) -> dict:
    """Every chart of the report with its layout size in pixels (reuses the deck's sizes where they match)."""
    out = {}
    m = F.overview_map(c, F.px(5.0))
    if m is not None:
        out["map"] = (m, (F.px(6.3), F.px(5.0)))
    out["ranking"] = (F.ranking_chart(c), (F.px(6.7), F.px(8.3)))
    for r in c.regions:   # the deck's boxes, so a deck and a report of the same choice share images
        out[f"radar:{r.code}"] = (F.region_radar(c, r), (F.px(4.45), F.px(4.3)))
        out[f"gaps:{r.code}"] = (F.region_gaps(c, r), (F.px(4.35), F.px(4.3)))
    if c.regions:
        out["comparison"] = (F.comparison_chart(c), (F.px(7.4), F.px(5.7)))
        tr = F.trend_chart(c)
        if tr is not None:
            out["trend"] = (tr, (F.px(6.7), F.px(3.6)))
    return out


# --------------------------------------------------------------------------- the report
def build_pdf(c: ReportContent) -> bytes:
    """The report of ``c`` as PDF bytes."""
    figs = report_figures(c)
    # JPEG (quality 0.92 from Chromium, at 3x: over 300 dpi on the page): fpdf2 embeds it as it is, where a PNG
    # would be decoded and compressed again (about 0.1-0.4 s per chart)
    png = {k: figure_bytes(fig, "jpeg", w, h, F.SCALE) for k, (fig, (w, h)) in figs.items()}
    pdf = _layout(c, figs, png, full_fonts=False)
    if needs_full_fonts(pdf):      # characters outside the cached subset: lay out again with the whole font
        log.info("report uses characters outside the cached font subset; using the full font")
        pdf = _layout(c, figs, png, full_fonts=True)
    return bytes(pdf.output())


def path_section(pdf: ReportPDF, c: ReportContent, name: str, path: dict) -> None:
    """A region's path to target: scores now and after, every change, the sub-dimensions that must move with
    the paper's first measure, the re-assessment, the method and the limits."""
    pdf.ensure(60)
    pdf.h1(c.t("sec_path", name=name), new_page=False, level=1)
    pdf.para(c.t("path_target", target=path["target"], plan=path["plan"]), 11, ACCENT, h=6.5)
    pdf.para(path["summary"], 10.5, h=6)
    pdf.para(path["note"], 10, GREY, h=5.8)
    pdf.grid([c.t("col_score"), c.t("path_col_before"), c.t("path_col_after")],
             [[n, fmt_num(b), fmt_num(a)] for n, b, a in path["scores"]], [70, 30, 30], ["LEFT", "RIGHT", "RIGHT"])
    if path["rows"]:
        pdf.grid([c.t("path_col_indicator"), c.t("path_col_points"), c.t("path_col_raw")],
                 [[r["name"] + (f"（{r['answer']}）" if pdf.zh and r["answer"] else f" ({r['answer']})"
                                if r["answer"] else ""), f"{r['points']:+.1f}", r["raw"]] for r in path["rows"]],
                 [100, 22, 48], ["LEFT", "RIGHT", "LEFT"], size=8.5)
    if path["subdims"]:
        pdf.h2(c.t("path_subdims"))
        for it in path["subdims"]:
            pdf.bullet(c.t("path_subdim_item", name=it["name"], points=f"{it['points']:+.1f}")
                       + (("：" if pdf.zh else ": ") + c.t("measure_item", text=it["measure"],
                                                            source=paper_sections(it["source"]))
                          if it["measure"] else ""), 10)
    if path["reassessed"]:
        pdf.para(path["reassessed"], 9.5, GREY, h=5.5)
    pdf.para(c.t("path_method", method=path["method"]), 9, GREY, h=5.2)
    pdf.h2(c.t("path_limits"))
    pdf.para(path["limits"], 9.5, GREY, h=5.5)


def _layout(c: ReportContent, figs: dict, png: dict, full_fonts: bool) -> ReportPDF:
    """The whole report laid out, section by section (each step below writes one section in order)."""
    pdf = ReportPDF(c, full_fonts)
    _cover(pdf, c)
    pdf.add_page()   # contents
    pdf.insert_toc_placeholder(_render_toc, pages=1, reset_page_indices=False)
    _method(pdf, c)
    _overview(pdf, c, figs, png)
    _ranking_table(pdf, c)
    pdf.h1(c.t("sec_regions"))
    if not c.regions:
        pdf.para(c.t("no_regions"))
    for i, r in enumerate(c.regions):
        _region_section(pdf, c, r, figs, png, new_page=i > 0)
    if c.regions:
        _comparison(pdf, c, figs, png)
    _annex(pdf, c)
    _provenance(pdf, c)
    return pdf


def _cover(pdf: ReportPDF, c: ReportContent) -> None:
    """Title, dataset, year, regions, method, date; the synthetic label in red when the data is synthetic."""
    pdf.add_page()
    pdf.set_y(55)
    pdf.set_font("cjk", "B", 26)
    pdf.multi_cell(0, 13, c.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=pdf.wrap, align=Align.L)
    pdf.ln(3)
    pdf.para(c.t("report_subtitle"), 13, GREY)
    pdf.ln(8)
    for line in (c.t("cover_dataset", dataset=c.dataset_label), c.t("cover_year", year=c.year_text),
                 c.t("cover_regions", n=len(c.ranking), chosen=", ".join(r.name for r in c.regions) or c.t("none")),
                 c.t("method_note", method=c.method_text), c.t("cover_date", date=c.date_text)):
        pdf.para(line, 11.5, DARK, h=7.5)
    if c.synthetic:
        pdf.ln(8)
        pdf.set_fill_color(*WARN)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("cjk", "B", 15)
        w = pdf.get_string_width(c.synthetic_label) + 14
        pdf.cell(w, 11, c.synthetic_label, align=Align.C, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
        pdf.para(c.synthetic_note, 10.5, WARN)
    pdf.set_y(-45)
    pdf.para(c.t("p_src_paper"), 8.5, GREY)
    pdf.cover = False


def _method(pdf: ReportPDF, c: ReportContent) -> None:
    """Section 1: the method in words, then the spec."""
    pdf.h1(c.t("sec_method"), new_page=False)
    pdf.para(c.method_intro, 10.5, GREY, h=6)
    pdf.ln(3)
    for label, value in c.method_lines:
        pdf.label_value(label, value)
    pdf.ln(2)
    pdf.label_value(c.t("m_spec"), c.method_text)


def _overview(pdf: ReportPDF, c: ReportContent, figs: dict, png: dict) -> None:
    """Section 2: the map (when there are tile positions) with the summary sentences, then the ranking chart."""
    pdf.h1(c.t("page_overview"))
    if "map" in figs:
        pdf.start_section(c.t("sec_map"), level=1)
        w = 150.0
        h = pdf.picture(png["map"], w, *figs["map"][1], title=c.t("map_title"))
        pdf.set_y(pdf.get_y() + h + 3)
    else:
        pdf.para(c.t("no_map"), 9.5, GREY)
    for s in c.ranking_summary:
        pdf.bullet(s)
    pdf.add_page()
    pdf.start_section(c.t("sec_ranking"), level=1)
    w = 165.0
    h = pdf.picture(png["ranking"], w, *figs["ranking"][1], title=c.t("ranking_title"))
    pdf.set_y(pdf.get_y() + h + 2)


def _ranking_table(pdf: ReportPDF, c: ReportContent) -> None:
    """Section 3: every region's rank, index, dimensions, level and coordination."""
    pdf.h1(c.t("sec_ranking_table"))
    header = [c.t("col_rank"), c.t("col_region"), c.ranking_labels["index"]] + [c.names[d] for d in c.dims] + \
        [c.t("col_level"), c.t("col_D"), c.t("col_band")]
    rows = [[fmt_int(r["rank"]), r["name"], fmt_num(r["index"])] + [fmt_num(r[d]) for d in c.dims] +
            [r["level_name"], fmt_num(r["D"], 3), r["band"]] for _, r in c.ranking.iterrows()]
    nd = len(c.dims)
    widths = [10, 22, 17] + [16] * nd + [22, 15, 28 if pdf.zh else 36]
    align = ["CENTER", "LEFT", "RIGHT"] + ["RIGHT"] * nd + ["LEFT", "RIGHT", "LEFT"]
    pdf.grid(header, rows, widths, align, size=8.5 if pdf.zh else 8)


def _region_section(pdf: ReportPDF, c: ReportContent, r, figs: dict, png: dict, new_page: bool) -> None:
    """Section 4, one region in focus: key figures, radar and gaps side by side, the coordination band, the
    dimensions, obstacles and measures, then its path to target."""
    pdf.h1(c.t("sec_region", name=r.name), new_page=new_page, level=1)
    pdf.para(r.key_line, 11, ACCENT, h=6.5)
    pdf.ln(2)
    half = (pdf.epw - 4) / 2
    rw, rh = figs[f"radar:{r.code}"][1]
    gw, gh = figs[f"gaps:{r.code}"][1]
    need = max(half * rh / rw, half * gh / gw)
    pdf.ensure(need + 2)
    y = pdf.get_y()
    pdf.picture(png[f"radar:{r.code}"], half, rw, rh, x=pdf.l_margin, title=c.t("profile"))
    pdf.set_y(y)
    pdf.picture(png[f"gaps:{r.code}"], half, gw, gh, x=pdf.l_margin + half + 4, title=c.t("gaps"))
    pdf.set_y(y + need + 2)
    pdf.h2(c.t("band_title"))
    pdf.band({r.name: r.synergy["D"], c.t("mean_all"): c.mean_synergy["D"]})
    pdf.para(c.t("band_sub", name=r.name, D=fmt_num(r.synergy["D"], 3), band=r.synergy["band_name"],
                 C=fmt_num(r.synergy["C"], 3), T=fmt_num(r.synergy["T"], 3)), 9.5, GREY)
    pdf.h2(c.t("col_dimension"))
    pdf.grid([c.t("col_dimension"), c.t("col_score"), c.t("col_mean"), c.t("col_gap")],
             [[d["name"], fmt_num(d["score"]), fmt_num(d["mean"]), f"{d['gap']:+.1f}" if d["gap"] == d["gap"]
               else "—"] for _, d in r.dims.iterrows()], [70, 30, 30, 30], ["LEFT", "RIGHT", "RIGHT", "RIGHT"])
    _region_measures(pdf, c, r)
    if r.path is not None:
        path_section(pdf, c, r.name, r.path)


def _region_measures(pdf: ReportPDF, c: ReportContent, r) -> None:
    """A region's obstacles (sub-dimensions, then indicators) and the paper's measures for each."""
    pdf.h2(c.t("obstacles"))
    pdf.grid([c.t("col_subdim"), c.t("col_obstacle"), c.t("col_score")],
             [[o["name"], fmt_num(o["pct"]), fmt_num(o["score"])] for _, o in r.obstacles.iterrows()],
             [70, 30, 30], ["LEFT", "RIGHT", "RIGHT"])
    if len(r.obstacles_ind):
        pdf.para(c.t("obstacles_ind") + ("：" if pdf.zh else ": ") + ("，" if pdf.zh else ", ").join(
            c.t("obstacle_item", name=o["name"], value=fmt_num(o["pct"])) for _, o in r.obstacles_ind.iterrows()),
            9.5, GREY, h=5.5)
    pdf.h2(c.t("pr_view_measures"))
    if r.strong:
        pdf.para(c.t("strong_everywhere"))
    for it in r.measures:
        pdf.ensure(14)
        pdf.para(c.t("measure_for", name=it["name"], value=fmt_num(it["pct"])), 10.5, DARK, "B", h=6)
        for m in it["measures"]:
            pdf.bullet(c.t("measure_item", text=m["text"], source=paper_sections(m["source"])), 10)
        pdf.ln(1)


def _comparison(pdf: ReportPDF, c: ReportContent, figs: dict, png: dict) -> None:
    """Section 5: the comparison chart and table of the regions in focus and the mean, then the trend."""
    pdf.h1(c.t("sec_comparison"))
    nd = len(c.dims)
    cw, ch = figs["comparison"][1]
    h = pdf.picture(png["comparison"], pdf.epw, cw, ch, title=c.t("compare_title"))
    pdf.set_y(pdf.get_y() + h + 2)
    header = [c.t("col_region"), c.ranking_labels["index"]] + [c.names[d] for d in c.dims] + \
        [c.t("col_rank"), c.t("col_level"), c.t("col_band")]
    rows = [[row["name"], fmt_num(row["index"])] + [fmt_num(row[d]) for d in c.dims] +
            [fmt_int(row["rank"]), row["level_name"], f"{fmt_num(row['D'], 3)} {row['band']}"]
            for _, row in c.comparison.iterrows()]
    pdf.grid(header, rows, [26, 17] + [17] * nd + [12, 24, 40 if pdf.zh else 46],
             ["LEFT", "RIGHT"] + ["RIGHT"] * nd + ["CENTER", "LEFT", "LEFT"], size=8.5)
    if "trend" in figs:
        tw, th = figs["trend"][1]
        h = pdf.picture(png["trend"], pdf.epw, tw, th, title=c.t("trend_title"))
        pdf.set_y(pdf.get_y() + h + 2)


def _annex(pdf: ReportPDF, c: ReportContent) -> None:
    """Section 6: the formulas in words, then every node's weights."""
    pdf.h1(c.t("sec_annex"))
    for head, text in c.annex:
        pdf.h2(head)
        pdf.para(text, 10, h=5.8)
    pdf.add_page()
    pdf.start_section(c.t("sec_weights"), level=1)
    pdf.h2(c.t("sec_weights"))
    wt = c.weights_table
    rows = [[("  " * (int(c.assessment.framework.max_level) - int(r["level"]))) + r["code"], r["name"],
             str(r["level"]), fmt_num(r["sibling_weight"], 3), fmt_num(r["overall_weight"], 4)]
            for _, r in wt.iterrows()]
    pdf.grid([c.t("col_code"), c.t("col_name"), c.t("col_levelno"), c.t("col_sibling_w"), c.t("col_overall_w")],
             rows, [42, 76, 12, 22, 22], ["LEFT", "LEFT", "CENTER", "RIGHT", "RIGHT"], size=8)


def _provenance(pdf: ReportPDF, c: ReportContent) -> None:
    """Section 7: sources, fingerprints and the spec, enough to reproduce the numbers."""
    pdf.h1(c.t("sec_provenance"))
    pdf.h2(c.t("p_sources"))
    for s in c.sources:
        pdf.bullet(s, 10)
    pdf.ln(2)
    for label, value in c.provenance_lines:
        if label == c.t("p_spec"):
            continue
        mono = label in (c.t("p_fingerprint"), c.t("p_fw_fingerprint"))
        pdf.label_value(label, value, 9.5, mono=mono)
    pdf.h2(c.t("p_spec"))
    pdf.para(c.spec_json, 8.5, DARK, mono=True, h=4.6)
    pdf.ln(2)
    pdf.para(c.t("p_reproduce"), 9.5, GREY)
