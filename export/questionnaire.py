"""Questionnaires made from the active framework: one per stakeholder group, in Chinese or English.

:func:`build_questionnaire` collects the survey items the framework aims at one group (an item is
asked of group ``g`` when a survey indicator that lists it has ``g`` in its ``groups`` column),
groups them into blocks by dimension (the top node's children), in the framework's order or shuffled
within each block with a seed, and gives each item its statement (the indicator's name in the chosen
language; an indicator with several items numbers them) and its answer scale (the ``scale`` of the
first indicator listing it, as the answers are scored: 5 or 7 points are labelled 非常不同意 … 非常同意 / Strongly disagree … Strongly agree,
other lengths at their ends only).  Reverse-coded items are asked as worded, unmarked: the reversal
happens when the answers are scored (:mod:`metrics.survey`).

Respondents never see item codes.  The files keep them where a researcher (or the platform import,
:mod:`metrics.platforms`) finds them:

* **Word** (:func:`to_docx`, python-docx): each statement carries its item code as hidden text
  (``w:vanish``), and the document's custom properties (``docProps/custom.xml``) hold the group,
  language, seed, framework fingerprint and one ``dgs_item_NN`` property per item
  (``item|indicator|block|k|reverse``).
* **PDF** (:func:`to_pdf`, the report's fpdf2 machinery and Noto Sans CJK font): the codebook is a
  JSON file attached to the PDF (``codebook.json``, an embedded file: in the metadata, not on the page).
* **LimeSurvey** (:func:`to_limesurvey`): the tab-separated survey structure that LimeSurvey imports
  as a ``.txt`` file ("Tab Separated Value survey structure", LimeSurvey manual,
  https://www.limesurvey.org/manual/Tab_Separated_Value_survey_structure; read by
  ``TSVImportSurvey()`` in LimeSurvey's ``application/helpers/admin/import_helper.php``).  The
  columns are the manual's ``id, related_id, class, type/scale, name, relevance, text, help,
  language, validation, mandatory, other, default, same_default``, plus ``hidden``, a question
  attribute (the importer stores any further column of a ``Q`` row as a question attribute).  Rows:
  ``S`` survey settings (``language``, ``format``, ``anonymized``, ``datestamp``, ``savetimings``,
  ``ipaddr``: anonymous, with submit time and timings for the quality checks, no IP address), ``SL``
  language settings (title, description, welcome and end texts), then per block a ``G`` group with
  one ``F`` array question per answer scale, its ``SQ`` subquestions (one per item) and ``A``
  answers ``1..k``.  A hidden equation question ``grp`` records the stakeholder group, and ``region``
  asks for the region.  Item codes become subquestion codes
  (:func:`metrics.platforms.limesurvey_codes`: letters and digits only, starting with a letter, at
  most 20 characters, the rules of LimeSurvey's question model), so a response export headed by
  question codes reads ``ORG[qorg2agencycoordinat]``, which :mod:`metrics.platforms` maps back.

The introduction (purpose, anonymity, voluntariness, consent, contact) is editable: pass ``intro``
(paragraphs separated by blank lines) to replace :func:`default_intro`.

>>> from metrics.framework import default_framework
>>> q = build_questionnaire(default_framework(), "ent", "en")
>>> q.blocks[0].title, len(q.items) > 5, all("ent" in i.groups for i in q.items)
('Organizational synergy', True, True)
"""
from __future__ import annotations

import csv
import io
import json
import random
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from metrics.framework import GROUPS, Framework, default_framework
from metrics.platforms import (item_texts, limesurvey_codes, limesurvey_question_code, region_answer_codes,
                               scale_labels)

from .errors import ExportError
from .i18n import both, check_lang, t

FORMATS = ("docx", "pdf", "limesurvey")
SUFFIX = {"docx": "docx", "pdf": "pdf", "limesurvey": "txt"}
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf", "limesurvey": "text/tab-separated-values"}
#: Codebook format tag (docx custom properties, the PDF's codebook.json).
CODEBOOK = "dgs-questionnaire/1"
#: LimeSurvey language codes.
LS_LANG = {"zh": "zh-Hans", "en": "en"}
#: Columns of LimeSurvey's tab-separated survey structure (manual), plus the question attribute ``hidden``.
LS_COLUMNS = ("id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language",
              "validation", "mandatory", "other", "default", "same_default", "hidden")
_CHECK = "\u25a1"   # □


@dataclass(frozen=True)
class Item:
    """One question: ``item`` is the framework's item id (the survey data's column)."""

    item: str
    indicator: str
    block: str
    text: str
    scale: int
    reverse: bool
    groups: tuple
    code: str          # LimeSurvey subquestion code


@dataclass(frozen=True)
class Block:
    code: str
    title: str
    items: tuple


@dataclass(frozen=True)
class Questionnaire:
    group: str
    lang: str
    title: str
    intro: tuple            # paragraphs
    blocks: tuple
    seed: int | None = None
    framework: str = ""
    fingerprint: str = ""
    regions: tuple = ()     # (code, name) of the region question's options; empty: free text
    extra: dict = field(default_factory=dict)

    @property
    def items(self) -> list[Item]:
        return [it for b in self.blocks for it in b.items]

    def codebook(self) -> dict:
        """Everything needed to read the answers back: items in the order asked, with their codes."""
        return {"format": CODEBOOK, "group": self.group, "lang": self.lang, "seed": self.seed,
                "framework": self.framework, "framework_fingerprint": self.fingerprint,
                "items": [{"item": it.item, "indicator": it.indicator, "block": it.block, "scale": it.scale,
                           "reverse": it.reverse, "limesurvey": it.code} for it in self.items],
                "regions": [c for c, _ in self.regions]}


# --------------------------------------------------------------------------- content
def _minutes(n_items: int) -> int:
    return max(3, round(n_items * 12 / 60))    # about 12 seconds per Likert item


def default_intro(group: str, lang: str = "zh", n_items: int = 20, contact: str | None = None) -> str:
    """The default introduction: greeting, purpose, anonymity and voluntariness, consent, contact
    (paragraphs separated by blank lines; the contact is a placeholder to fill in)."""
    check_lang(lang)
    parts = [t("q_greeting", lang), t("q_purpose", lang), t("q_anonymity", lang, minutes=_minutes(n_items)),
             t("q_consent", lang), t("q_contact", lang, contact=contact or t("q_contact_blank", lang))]
    return "\n\n".join(parts)


def _check_group(group: str) -> str:
    if group not in GROUPS:
        raise ExportError(both("q_err_group", group=group))
    return group


def build_questionnaire(fw: Framework | None, group: str, lang: str = "zh", seed: int | None = None,
                        intro: str | None = None, regions=None) -> Questionnaire:
    """The questionnaire of ``group`` (``gov``, ``ent``, ``org`` or ``cit``) in ``lang``.

    Parameters
    ----------
    fw : Framework, optional
        Default: the shipped framework.
    seed : int, optional
        Shuffle the items within each block (reproducibly); ``None`` keeps the framework's order.
    intro : str, optional
        Introduction and consent text replacing :func:`default_intro` (blank lines separate paragraphs).
    regions : metrics.Regions, optional
        Offer the region table's regions as the options of the region question (else free text).

    Raises
    ------
    ExportError
        Unknown group or language, or no item for the group.
    """
    fw = fw or default_framework()
    _check_group(group)
    check_lang(lang)
    texts = item_texts(fw)
    codes = limesurvey_codes(fw)
    asked: dict[str, Item] = {}
    for ind in fw.survey_indicators:
        row = fw.table.loc[ind]
        if group not in row["groups"]:
            continue
        for it in row["items"]:
            if it in asked:
                continue
            groups = tuple(g for g in GROUPS if any(
                g in fw.table.at[c, "groups"] for c in fw.survey_indicators if it in fw.table.at[c, "items"]))
            asked[it] = Item(it, ind, fw.item_blocks[it], texts[it][0 if lang == "zh" else 1], fw.item_scales[it],
                             any(it in fw.table.at[c, "reverse"] for c in fw.survey_indicators), groups, codes[it])
    if not asked:
        raise ExportError(both("q_err_empty", group=group))
    order = list(dict.fromkeys(it.block for it in asked.values()))
    rng = random.Random(seed) if seed is not None else None
    blocks = []
    for b in order:
        items = [it for it in asked.values() if it.block == b]
        if rng is not None:
            rng.shuffle(items)
        blocks.append(Block(b, fw.name_of(b, lang), tuple(items)))
    if intro is None or not str(intro).strip():
        intro = default_intro(group, lang, len(asked))
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", str(intro).replace("\r\n", "\n")) if p.strip())
    region_opts = ()
    if regions is not None:
        region_opts = tuple((str(c), regions.name(c, lang)) for c in regions.table.index)
    return Questionnaire(group, lang, t("q_title", lang, group=t(f"q_group_{group}", lang)), paragraphs,
                         tuple(blocks), seed, fw.name, fw.fingerprint(), region_opts)


def _instructions(q: Questionnaire, k: int) -> str:
    labels = scale_labels(k, q.lang)
    return t("q_instructions", q.lang, low=labels[0], high=labels[-1], k=k)


def _scales(block: Block) -> list[int]:
    return list(dict.fromkeys(it.scale for it in block.items))


# --------------------------------------------------------------------------- Word
def _custom_properties(props: list[tuple[str, str]]) -> bytes:
    """``docProps/custom.xml`` with string properties (ECMA-376 part 1, 22.3)."""
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    body = "".join(f'<property fmtid="{fmtid}" pid="{i}" name="{escape(k, {chr(34): "&quot;"})}">'
                   f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>" for i, (k, v) in enumerate(props, 2))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"{body}</Properties>").encode("utf-8")


def docx_properties(q: Questionnaire) -> list[tuple[str, str]]:
    """The custom properties of the Word file (each value under 255 characters, Word's limit)."""
    props = [("dgs_format", CODEBOOK), ("dgs_group", q.group), ("dgs_lang", q.lang),
             ("dgs_seed", "" if q.seed is None else str(q.seed)), ("dgs_framework", q.framework[:200]),
             ("dgs_framework_fingerprint", q.fingerprint), ("dgs_items", str(len(q.items)))]
    for n, it in enumerate(q.items, 1):
        props.append((f"dgs_item_{n:02d}", f"{it.item}|{it.indicator}|{it.block}|{it.scale}|{int(it.reverse)}"))
    return props


def to_docx(q: Questionnaire) -> bytes:
    """The questionnaire as a Word document (item codes as hidden text and custom properties)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2)
    cp = doc.core_properties
    cp.title, cp.subject, cp.keywords = q.title, CODEBOOK, f"{q.group} {q.lang}"
    cp.comments = t("q_codebook", q.lang)

    head = doc.add_heading(q.title, level=1)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for p in q.intro:
        doc.add_paragraph(p)
    doc.add_heading(t("q_background", q.lang), level=2)
    para = doc.add_paragraph(t("q_region", q.lang) + ("：" if q.lang == "zh" else ": "))
    if q.regions:
        para.add_run("  ".join(f"{_CHECK}{name}" for _, name in q.regions))
    else:
        para.add_run("_" * 30)
    n = 0
    for bi, b in enumerate(q.blocks, 1):
        doc.add_heading(t("q_block", q.lang, n=bi, name=b.title), level=2)
        for k in _scales(b):
            items = [it for it in b.items if it.scale == k]
            doc.add_paragraph(_instructions(q, k)).runs[0].italic = True
            labels = scale_labels(k, q.lang)
            table = doc.add_table(rows=1, cols=2 + k)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            hdr = table.rows[0].cells
            hdr[0].text, hdr[1].text = t("q_col_no", q.lang), t("q_col_statement", q.lang)
            for j, lab in enumerate(labels):
                hdr[2 + j].text = f"{j + 1}\n{lab}"
            for cell in hdr:
                for p in cell.paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for r in p.runs:
                        r.font.size, r.bold = Pt(8), True
            for it in items:
                n += 1
                cells = table.add_row().cells
                cells[0].text = str(n)
                p = cells[1].paragraphs[0]
                p.add_run(it.text)
                hidden = p.add_run(f" [{it.item}]")
                hidden.font.hidden = True
                for j in range(k):
                    cells[2 + j].text = _CHECK
                    cells[2 + j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            widths = [Cm(1.0), Cm(17.0 - 1.0 - 1.3 * k)] + [Cm(1.3)] * k
            for row in table.rows:
                for cell, w in zip(row.cells, widths):
                    cell.width = w
    doc.add_paragraph()
    end = doc.add_paragraph(t("q_thanks", q.lang))
    end.alignment = WD_ALIGN_PARAGRAPH.CENTER

    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                _custom_properties(docx_properties(q)), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- PDF
def to_pdf(q: Questionnaire) -> bytes:
    """The questionnaire as an A4 PDF in Noto Sans CJK (the report's fonts); the codebook is an
    attached ``codebook.json``, never printed."""
    from .pdf import needs_full_fonts

    pdf = _pdf_layout(q, False)
    if needs_full_fonts(pdf):
        pdf = _pdf_layout(q, True)
    return bytes(pdf.output())


def _pdf_layout(q: Questionnaire, full_fonts: bool):
    """The questionnaire laid out in an ``FPDF`` (``full_fonts``: the full CJK fonts, not the subset)."""
    from fpdf import FPDF
    from fpdf.enums import Align, WrapMode, XPos, YPos

    from .pdf import DARK, MARGIN, add_cjk_fonts

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    add_cjk_fonts(pdf, full_fonts)
    pdf.set_title(q.title)
    pdf.set_subject(CODEBOOK)
    pdf.set_keywords(f"{q.group} {q.lang}")
    pdf.set_creator("export.questionnaire (fpdf2)")
    pdf.set_lang("zh-CN" if q.lang == "zh" else "en")
    wrap = WrapMode.CHAR if q.lang == "zh" else WrapMode.WORD
    pdf.add_page()
    pdf.set_text_color(*DARK)
    pdf.set_font("cjk", "B", 16)
    pdf.multi_cell(0, 9, q.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap)
    pdf.ln(3)
    pdf.set_font("cjk", "", 10.5)
    for p in q.intro:
        pdf.multi_cell(0, 6, p, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap)
        pdf.ln(1.5)
    _pdf_heading(pdf, t("q_background", q.lang), wrap)
    region = t("q_region", q.lang) + ("：" if q.lang == "zh" else ": ")
    region += "  ".join(f"{_CHECK}{name}" for _, name in q.regions) if q.regions else "_" * 30
    pdf.multi_cell(0, 6, region, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap)
    n = 0
    for bi, b in enumerate(q.blocks, 1):
        _pdf_heading(pdf, t("q_block", q.lang, n=bi, name=b.title), wrap)
        for k in _scales(b):
            n = _pdf_scale_table(pdf, q, b, k, n, wrap)
    pdf.ln(4)
    pdf.set_font("cjk", "B", 11)
    pdf.multi_cell(0, 7, t("q_thanks", q.lang), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.embed_file(bytes=json.dumps(q.codebook(), ensure_ascii=False, indent=1).encode("utf-8"),
                   basename="codebook.json", desc=t("q_codebook", q.lang))
    return pdf


def _pdf_heading(pdf, text: str, wrap) -> None:
    """A section heading (on a new page when fewer than 50 mm are left)."""
    from fpdf.enums import XPos, YPos

    from .pdf import ACCENT, DARK

    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("cjk", "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap)
    pdf.set_text_color(*DARK)
    pdf.set_font("cjk", "", 10.5)


def _pdf_scale_table(pdf, q: Questionnaire, b, k: int, n: int, wrap) -> int:
    """The instructions and the table of block ``b``'s items on a ``k``-point scale; the last item number."""
    from fpdf.enums import TableCellFillMode, XPos, YPos
    from fpdf.fonts import FontFace

    from .pdf import DARK, GREY, HEAD_FILL, ZEBRA

    pdf.set_font("cjk", "", 9.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 5.5, _instructions(q, k), new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=wrap)
    pdf.set_text_color(*DARK)
    pdf.ln(1)
    labels = scale_labels(k, q.lang)
    col = 15.0 if k <= 5 else 12.0
    widths = (9.0, pdf.epw - 9.0 - col * k) + (col,) * k
    pdf.set_font("cjk", "", 9)
    pdf.set_fill_color(*ZEBRA)
    heading_style = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=HEAD_FILL, size_pt=7.5)
    with pdf.table(col_widths=widths, text_align=["CENTER", "LEFT"] + ["CENTER"] * k, line_height=4.8,
                   headings_style=heading_style, cell_fill_color=ZEBRA,
                   cell_fill_mode=TableCellFillMode.ROWS, wrapmode=wrap, padding=(0.8, 1.0),
                   repeat_headings=1) as table:
        r = table.row()
        r.cell(t("q_col_no", q.lang))
        r.cell(t("q_col_statement", q.lang))
        for j, lab in enumerate(labels):
            r.cell(f"{j + 1}\n{lab}")
        for it in (it for it in b.items if it.scale == k):
            n += 1
            r = table.row()
            r.cell(str(n))
            r.cell(it.text)
            for _ in range(k):
                r.cell("○")
    pdf.ln(2)
    return n


# --------------------------------------------------------------------------- LimeSurvey
def _html(paragraphs) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def to_limesurvey(q: Questionnaire) -> bytes:
    """LimeSurvey's tab-separated survey structure (UTF-8 with BOM, ``.txt``); see the module docstring."""
    lang = LS_LANG[q.lang]
    rows: list[dict] = []

    def row(cls: str, name: str = "", text: str = "", ts: str = "", **kw) -> None:
        r = dict.fromkeys(LS_COLUMNS, "")
        r.update({"class": cls, "type/scale": ts, "name": name, "text": text, **kw})
        rows.append(r)

    for name, value in (("language", lang), ("additional_languages", ""), ("format", "G"), ("anonymized", "Y"),
                        ("datestamp", "Y"), ("savetimings", "Y"), ("ipaddr", "N"), ("allowprev", "Y")):
        row("S", name, value)
    for name, value in (("surveyls_title", q.title), ("surveyls_description", ""),
                        ("surveyls_welcometext", _html(q.intro)), ("surveyls_endtext", _html([t("q_thanks", q.lang)]))):
        row("SL", name, value, language=lang)
    row("G", t("q_background", q.lang), "", ts="G1", language=lang)
    row("Q", "grp", q.group, ts="*", language=lang, mandatory="N", hidden="1",
        help=t("q_codebook", q.lang))
    if q.regions:
        row("Q", "region", t("q_region", q.lang), ts="!", language=lang, mandatory="N")
        for code, (_, name) in zip(region_answer_codes(c for c, _ in q.regions), q.regions):
            row("A", code, name, ts="0", language=lang)
    else:
        row("Q", "region", t("q_region", q.lang), ts="S", language=lang, mandatory="N")
    used = {"grp", "region"}
    for bi, b in enumerate(q.blocks, 1):
        row("G", t("q_block", q.lang, n=bi, name=b.title), "", ts=f"G{bi + 1}", language=lang)
        scales = _scales(b)
        for k in scales:
            code = limesurvey_question_code(b.code + ("" if len(scales) == 1 else str(k)), used)
            row("Q", code, _instructions(q, k), ts="F", language=lang, mandatory="N")
            for it in (it for it in b.items if it.scale == k):
                row("SQ", it.code, it.text, ts="0", language=lang)
            for v, lab in enumerate(scale_labels(k, q.lang), 1):
                row("A", str(v), lab, ts="0", relevance=str(v), language=lang)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(LS_COLUMNS)
    for r in rows:
        w.writerow([" ".join(str(r[c]).split()) if c == "text" else r[c] for c in LS_COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------- one entry point
def questionnaire_file(fmt: str, fw: Framework | None, group: str, lang: str = "zh", seed: int | None = None,
                       intro: str | None = None, regions=None) -> bytes:
    """The questionnaire of ``group`` as ``docx``, ``pdf`` or ``limesurvey`` bytes."""
    if fmt not in FORMATS:
        raise ExportError(both("q_err_format", fmt=fmt))
    q = build_questionnaire(fw, group, lang, seed, intro, regions)
    return {"docx": to_docx, "pdf": to_pdf, "limesurvey": to_limesurvey}[fmt](q)


def filename(fmt: str, group: str, lang: str) -> str:
    """``questionnaire-gov-zh.docx``; LimeSurvey structures end in ``.txt`` (what LimeSurvey imports)."""
    return f"questionnaire-{group}-{lang}.{SUFFIX[fmt]}"
