"""The meeting deck: a 16:9 PowerPoint file made with python-pptx.

Slides (their order and titles come from :func:`viewmodels.present.deck_outline`, the slide model shared
with the Presentation page): a title slide; the method in one slide; the overview map (when the
region table has tile positions) and the ranking; one slide per region in
focus (profile radar, gaps, coordination band, top obstacles and measures); the
comparison; a closing slide with the data sources, the spec (JSON) and the data
fingerprint.  Charts are high-resolution PNG images (kaleido); titles, text,
tables, the coordination band and the speaker notes are editable, in the chosen
language.  Every run carries an East Asian font (``Microsoft YaHei``, which
PowerPoint and WPS have; LibreOffice substitutes Noto Sans CJK) so Chinese
renders everywhere.
"""
from __future__ import annotations

import io

from plotly.colors import sample_colorscale
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

import charts
from metrics.diagnostics import paper_sections
from viewmodels import present

from . import figures as F

from .content import ReportContent, fmt_int, fmt_num
from .images import figure_bytes

SLIDE_W, SLIDE_H = 13.333, 7.5
EA_FONT = "Microsoft YaHei"
LATIN_FONT = "Arial"
MONO_FONT = "Consolas"
DARK = "1F2430"
GREY = "4B5563"
LIGHT = "9CA3AF"
ACCENT = "0072B2"
WARN = "B91C1C"
SCALE = F.SCALE
_FONT_SUCCESSORS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


# --------------------------------------------------------------------------- text helpers
def style_run(run, size: float | None = None, bold: bool | None = None, color: str | None = None,
              mono: bool = False, lang: str = "zh") -> None:
    """Size, weight, colour and the Latin + East Asian + complex-script typefaces of one run."""
    f = run.font
    if size is not None:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if color is not None:
        f.color.rgb = RGBColor.from_string(color)
    rPr = run._r.get_or_add_rPr()
    rPr.set("lang", "zh-CN" if lang == "zh" else "en-GB")
    rPr.set("altLang", "en-US" if lang == "zh" else "zh-CN")
    latin = MONO_FONT if mono else LATIN_FONT
    for tag in ("a:latin", "a:ea", "a:cs"):
        old = rPr.find(qn(tag))
        if old is not None:
            rPr.remove(old)
    anchor = next((rPr.find(qn(t)) for t in _FONT_SUCCESSORS if rPr.find(qn(t)) is not None), None)
    for tag, face in (("a:latin", latin), ("a:ea", EA_FONT), ("a:cs", latin)):
        el = rPr.makeelement(qn(tag), {"typeface": face})
        if anchor is not None:
            anchor.addprevious(el)
        else:
            rPr.append(el)


def fill_text(tf, paragraphs, size: float = 14, color: str = DARK, lang: str = "zh", align=None,
              space_after: float = 4, line_spacing: float | None = None) -> None:
    """Write paragraphs into a text frame.  A paragraph is a string or a list of ``(text, style)`` runs;
    ``style`` may set ``size``, ``bold``, ``color``, ``mono``, ``level``."""
    tf.word_wrap = True
    first = True
    for para in paragraphs:
        p = tf.paragraphs[0] if first else tf.add_paragraph()
        first = False
        runs = [(para, {})] if isinstance(para, str) else para
        for text, st in runs:
            if "level" in st:
                p.level = st["level"]
            r = p.add_run()
            r.text = text
            style_run(r, st.get("size", size), st.get("bold", False), st.get("color", color), st.get("mono", False),
                      lang)
        if align is not None:
            p.alignment = align
        p.space_after = Pt(space_after)
        if line_spacing:
            p.line_spacing = line_spacing


def add_text(slide, x, y, w, h, paragraphs, name: str | None = None, anchor=MSO_ANCHOR.TOP, **kw):
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    if name:
        box.name = name
    tf = box.text_frame
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.03)
    fill_text(tf, paragraphs, **kw)
    return box


def set_title(slide, text: str, lang: str, x=0.45, y=0.28, w=12.4, h=0.75, size=28):
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = Inches(x), Inches(y), Inches(w), Inches(h)
    tf = t.text_frame
    tf.clear()
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    r = p.add_run()
    r.text = text
    style_run(r, size, True, DARK, lang=lang)
    return t


def add_picture(slide, png: bytes, x, y, w, h, name: str | None = None):
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(x), Inches(y), Inches(w), Inches(h))
    if name:
        pic.name = name
    return pic


def _rgb(css: str) -> str:
    css = css.strip()
    if css.startswith("#"):
        return css[1:].upper()
    nums = [int(float(v)) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    return "".join(f"{n:02X}" for n in nums)


def add_table(slide, x, y, w, h, header, rows, lang, col_widths=None, size=11, name=None):
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(x), Inches(y), Inches(w), Inches(h))
    if name:
        shape.name = name
    table = shape.table
    if col_widths:
        total = sum(col_widths)
        for i, cw in enumerate(col_widths):
            table.columns[i].width = Emu(int(Inches(w) * cw / total))
    for j, text in enumerate(header):
        cell = table.cell(0, j)
        cell.text_frame.clear()
        r = cell.text_frame.paragraphs[0].add_run()
        r.text = str(text)
        style_run(r, size, True, "FFFFFF", lang=lang)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            cell = table.cell(i, j)
            cell.text_frame.clear()
            p = cell.text_frame.paragraphs[0]
            r = p.add_run()
            r.text = str(v)
            style_run(r, size, False, DARK, lang=lang)
            if j > 0 and isinstance(v, str) and v.replace(".", "").replace("-", "").isdigit():
                p.alignment = PP_ALIGN.RIGHT
    for i in range(len(rows) + 1):
        table.rows[i].height = Emu(int(Inches(h) / (len(rows) + 1)))
    return shape


def add_band(slide, x, y, w, h, markers: dict, lang: str, title: str = "", subtitle: str = ""):
    """The ten coordination bands of D as editable shapes in the box (x, y, w, h >= 1.15 in).

    The first marker (the region) points down onto the strip with its label above; the second (the
    mean) points up from below with its label underneath, so the two labels never collide.
    """
    from metrics.synergy import BANDS

    cols = [_rgb(c) for c in sample_colorscale(charts.SEQUENTIAL, [i / 9 for i in range(10)])]
    if title:
        add_text(slide, x, y + 0.3, 1.4, 0.7, [[(title, {"bold": True})], [(subtitle, {"color": GREY, "size": 9})]],
                 size=11, lang=lang, name="band_title", space_after=1)
    sx, sw = x + 1.45, w - 1.5
    strip_y, strip_h = y + 0.42, 0.36
    seg = sw / 10
    for i, b in enumerate(BANDS):
        r = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(sx + i * seg), Inches(strip_y), Inches(seg),
                                   Inches(strip_h))
        r.name = f"band_{i + 1}"
        r.fill.solid()
        r.fill.fore_color.rgb = RGBColor.from_string(cols[i])
        r.line.color.rgb = RGBColor.from_string("FFFFFF")
        r.line.width = Pt(1)
        tf = r.text_frame
        tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = Inches(0.01)
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        fill_text(tf, [b[2] if lang == "zh" else b[3]], size=7.5 if lang == "en" else 9,
                  color="FFFFFF" if i < 5 else "111111", lang=lang, align=PP_ALIGN.CENTER, space_after=0)
    for k, (label, v) in enumerate(list(markers.items())[:2]):
        if v is None or v != v:
            continue
        cx = sx + sw * min(max(float(v), 0.0), 1.0)
        size = 0.18 if k == 0 else 0.13
        ty = strip_y - size - 0.02 if k == 0 else strip_y + strip_h + 0.02
        tri = slide.shapes.add_shape(MSO_SHAPE.ISOSCELES_TRIANGLE, Inches(cx - size / 2), Inches(ty), Inches(size),
                                     Inches(size))
        tri.name = f"band_marker_{k + 1}"
        if k == 0:
            tri.rotation = 180
        tri.fill.solid()
        tri.fill.fore_color.rgb = RGBColor.from_string("D55E00" if k == 0 else GREY)
        tri.line.fill.background()
        ly = y if k == 0 else ty + size
        lx = min(max(cx - 1.2, sx - 0.2), sx + sw - 2.2)
        add_text(slide, lx, ly, 2.4, 0.22, [[(f"{label} {v:.3f}", {"bold": k == 0})]], size=10 if k == 0 else 9,
                 color=DARK if k == 0 else GREY, lang=lang, align=PP_ALIGN.CENTER, name=f"band_label_{k + 1}")


def footer(slide, c: ReportContent, number: int, total: int):
    add_text(slide, 0.45, 7.08, 10.5, 0.3, [c.footer], size=9, color=LIGHT if not c.synthetic else GREY,
             lang=c.lang, name="footer")
    add_text(slide, 11.6, 7.08, 1.3, 0.3, [f"{number} / {total}"], size=9, color=LIGHT, lang=c.lang,
             align=PP_ALIGN.RIGHT, name="slide_number")


def synthetic_badge(slide, c: ReportContent, x, y, w=3.2, h=0.42, size=14):
    box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
    box.name = "synthetic_badge"
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor.from_string(WARN)
    box.line.fill.background()
    tf = box.text_frame
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    fill_text(tf, [[(c.synthetic_label, {"bold": True})]], size=size, color="FFFFFF", lang=c.lang,
              align=PP_ALIGN.CENTER, space_after=0)
    return box


def notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def path_slide(s, c: ReportContent, path: dict, max_rows: int = 8) -> None:
    """A region's path to target: the changes as an editable table, scores now and after, the sub-dimensions
    that must move with the paper's first measure, and the limits; every change and the method in the notes."""
    lang = c.lang
    add_text(s, 0.45, 0.98, 12.4, 0.4, [c.t("path_target", target=path["target"], plan=path["plan"])], size=14,
             color=ACCENT, lang=lang, name="path_target")
    add_text(s, 0.45, 1.38, 12.4, 0.4, [path["summary"]], size=13, lang=lang, name="path_summary")
    rows = path["rows"]
    if rows:
        shown = [[r["name"], f"{r['points']:+.1f}", r["raw"]] for r in rows[:max_rows]]
        add_table(s, 0.45, 1.9, 7.7, min(4.2, 0.4 * (len(shown) + 1)),
                  [c.t("path_col_indicator"), c.t("path_col_points"), c.t("path_col_raw")], shown, lang,
                  col_widths=[4.2, 1.1, 2.4], size=10, name="path_table")
        if len(rows) > max_rows:
            add_text(s, 0.45, 6.1, 7.7, 0.3, [[(c.t("path_more", n=len(rows) - max_rows), {"color": GREY})]],
                     size=10, lang=lang)
    else:
        add_text(s, 0.45, 1.9, 7.7, 1.0, [path["note"]], size=14, lang=lang, name="path_note")
    scores = [[name, fmt_num(b), fmt_num(a)] for name, b, a in path["scores"]]
    add_table(s, 8.4, 1.9, 4.5, 0.36 * (len(scores) + 1),
              [c.t("col_score"), c.t("path_col_before"), c.t("path_col_after")], scores, lang,
              col_widths=[2.3, 1.1, 1.1], size=10, name="path_scores")
    paras = [[(c.t("path_subdims"), {"bold": True, "color": ACCENT, "size": 12})]]
    for it in path["subdims"][:3]:
        paras.append([(c.t("path_subdim_item", name=it["name"], points=f"{it['points']:+.1f}"), {"bold": True})])
        if it["measure"]:
            paras.append("• " + c.t("measure_item", text=it["measure"], source=paper_sections(it["source"])))
    if path["reassessed"]:
        paras.append([(path["reassessed"], {"color": GREY, "size": 9.5})])
    add_text(s, 8.4, 2.1 + 0.36 * (len(scores) + 1), 4.5, 3.9 - 0.36 * (len(scores) + 1), paras, size=10,
             lang=lang, name="path_text", space_after=2)
    add_text(s, 0.45, 6.45, 12.4, 0.55, [[(c.t("path_limits") + ("：" if lang == "zh" else ": "), {"bold": True}),
                                          (path["limits"], {})]], size=8.5, color=GREY, lang=lang,
             name="path_limits")
    sep = "：" if lang == "zh" else ": "
    lines = [path["target"] + " · " + path["plan"], path["summary"], path["note"], path["reassessed"]]
    lines += [f"{r['name']}{sep}{r['points']:+.1f} · {r['raw']}" + (f" · {r['answer']}" if r["answer"] else "")
              for r in rows]
    lines += [path["method"], path["limits"]]
    notes(s, "\n".join(x for x in lines if x))


# --------------------------------------------------------------------------- images of the deck
def _region_boxes():
    return {"radar": (0.4, 1.42, 4.45, 4.3), "gaps": (4.95, 1.42, 4.35, 4.3), "band": (0.4, 5.8, 8.9, 1.2),
            "text": (9.45, 1.42, 3.5, 5.55)}


def deck_figures(c: ReportContent) -> dict:
    """Every chart of the deck with the box (x, y, w, h in inches) it fills."""
    out = {}
    m = F.overview_map(c, F.px(5.7))
    if m is not None:
        out["map"] = (m, (0.4, 1.3, 7.2, 5.7))
    out["ranking"] = (F.ranking_columns(c), (0.4, 1.3, 12.5, 5.7))
    boxes = _region_boxes()
    for r in c.regions:
        out[f"radar:{r.code}"] = (F.region_radar(c, r), boxes["radar"])
        out[f"gaps:{r.code}"] = (F.region_gaps(c, r), boxes["gaps"])
    if c.regions:
        out["comparison"] = (F.comparison_chart(c), (0.4, 1.3, 7.4, 5.7))
    return out


def render_figures(figs: dict) -> dict:
    return {k: figure_bytes(fig, "png", F.px(box[2]), F.px(box[3]), SCALE) for k, (fig, box) in figs.items()}


# --------------------------------------------------------------------------- the deck
def build_pptx(c: ReportContent) -> bytes:
    """The deck of ``c`` as ``.pptx`` bytes: the slides of :func:`viewmodels.present.deck_outline`, in order,
    each laid out by its view (:data:`SLIDES`)."""
    figs = deck_figures(c)
    art = (figs, render_figures(figs))
    outline = present.deck_outline(c.lang, "map" in figs, [(r.code, r.name, r.path is not None)
                                                           for r in c.regions])
    regions = {r.code: r for r in c.regions}
    prs = Presentation()
    prs.slide_width = Inches(SLIDE_W)
    prs.slide_height = Inches(SLIDE_H)
    for n, slide in enumerate(outline, start=1):
        if slide.view == "title":
            _title_slide(prs.slides.add_slide(prs.slide_layouts[0]), c, slide)
            continue
        s = prs.slides.add_slide(prs.slide_layouts[5])   # title only
        set_title(s, slide.title, c.lang)
        footer(s, c, n, len(outline))
        SLIDES[slide.view](s, c, regions.get(slide.region), art)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _title_slide(s, c: ReportContent, slide) -> None:
    """The deck's title, dataset, year, method and date; the synthetic label and note when the data is synthetic."""
    lang = c.lang
    set_title(s, slide.title, lang, x=0.8, y=1.7, w=11.7, h=1.3, size=40)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Inches(0.8), Inches(3.05), Inches(11.7), Inches(1.9)
    sub.text_frame.clear()
    fill_text(sub.text_frame, [
        [(c.t("report_subtitle"), {"size": 20, "color": GREY})],
        [(c.t("cover_dataset", dataset=c.dataset_label) + " · " + c.t("cover_year", year=c.year_text),
          {"size": 18})],
        [(c.t("method_note", method=c.method_text), {"size": 14, "color": GREY})],
        [(c.t("cover_date", date=c.date_text), {"size": 14, "color": GREY})],
    ], lang=lang, align=PP_ALIGN.LEFT)
    if c.synthetic:
        synthetic_badge(s, c, 0.8, 5.25, w=3.6, h=0.5, size=18)
        add_text(s, 0.8, 5.85, 11.7, 0.7, [c.synthetic_note], size=14, color=WARN, lang=lang, name="synthetic_note")
    notes(s, "\n".join([c.title, c.subtitle, c.synthetic_note if c.synthetic else ""]).strip())


def _method_slide(s, c: ReportContent, region, art) -> None:
    """The method in words beside the dimensions' weights; the methods annex in the notes."""
    lang = c.lang
    colon = "：" if lang == "zh" else ": "
    paras = [[(c.method_intro, {"size": 15, "color": GREY})]]
    for label, value in c.method_lines:
        paras.append([(label + colon, {"bold": True}), (value, {})])
    add_text(s, 0.45, 1.2, 7.9, 5.8, paras, size=13, lang=lang, name="method_text", space_after=5)
    a = c.assessment
    rows = []
    for d in c.dims:
        kids = a.framework.children.get(d, [])
        rows.append([c.names[d], fmt_num(a.weights.get(d, float("nan")) * 100, 1) + "%",
                     str(len(kids)), str(len(a.framework.leaves_of[d]))])
    add_table(s, 8.6, 1.35, 4.3, 0.42 * (len(rows) + 1),
              [c.t("col_dimension"), c.t("col_overall_w"), c.t("col_subdim"), "n"], rows, lang,
              col_widths=[2.2, 1.1, 1.1, 0.6], size=11, name="dimension_table")
    if c.synthetic:
        synthetic_badge(s, c, 8.6, 1.5 + 0.42 * (len(rows) + 1), w=3.0, h=0.38, size=12)
    notes(s, "\n".join(f"{h}: {p}" if lang == "en" else f"{h}：{p}" for h, p in c.annex))


def _map_slide(s, c: ReportContent, region, art) -> None:
    """The tile map of the index beside the ranking's summary sentences."""
    figs, png = art
    summary = c.ranking_summary or [c.t("no_map")]
    add_picture(s, png["map"], *figs["map"][1], name="chart_map")
    add_text(s, 7.9, 1.6, 5.0, 5.2, [[(x, {})] for x in summary], size=15, lang=c.lang, name="overview_text",
             space_after=10)
    notes(s, "\n".join(summary))


def _ranking_slide(s, c: ReportContent, region, art) -> None:
    """Every region's index as columns, best on the left; each region's figures in the notes."""
    figs, png = art
    add_picture(s, png["ranking"], *figs["ranking"][1], name="chart_ranking")
    notes(s, "\n".join(f"{r['rank']}. {r['name']} ({r['code']}) {fmt_num(r['index'])} · {r['level_name']} · "
                       f"D {fmt_num(r['D'], 3)} {r['band']}" for _, r in c.ranking.iterrows()))


def _profile_slide(s, c: ReportContent, r, art) -> None:
    """A region in focus: key figures, radar and gaps, the coordination band (editable shapes), its obstacles
    and the first measure for each; every measure in the notes."""
    png = art[1]
    boxes = _region_boxes()
    add_text(s, 0.45, 0.98, 12.4, 0.4, [r.key_line], size=14, color=ACCENT, lang=c.lang, name="key_figures")
    add_picture(s, png[f"radar:{r.code}"], *boxes["radar"], name="chart_radar")
    add_picture(s, png[f"gaps:{r.code}"], *boxes["gaps"], name="chart_gaps")
    add_band(s, *boxes["band"], {r.name: r.synergy["D"], c.t("mean_all"): c.mean_synergy["D"]}, c.lang,
             c.t("m_synergy"), c.t("band_axis"))
    size = 10.5 if c.lang == "en" else 11
    add_text(s, *boxes["text"], _region_paragraphs(c, r, size), size=size, lang=c.lang, name="region_text",
             space_after=3)
    notes(s, r.notes)


def _region_paragraphs(c: ReportContent, r, size: float) -> list:
    """The text beside a region's charts: its top obstacles, then the paper's first measure for each."""
    paras = [[(c.t("obstacles"), {"bold": True, "size": size + 2, "color": ACCENT})]]
    for code, o in r.obstacles.iterrows():
        paras.append(f"• {c.t('obstacle_item', name=o['name'], value=fmt_num(o['pct']))}")
    paras.append([(c.t("pr_view_measures"), {"bold": True, "size": size + 2, "color": ACCENT})])
    if r.strong:
        paras.append(c.t("strong_everywhere"))
    for it in r.measures:
        paras.append([(c.t("measure_for", name=it["name"], value=fmt_num(it["pct"])), {"bold": True})])
        first = it["measures"][0] if it["measures"] else None
        if first:
            paras.append("• " + c.t("measure_item", text=first["text"], source=paper_sections(first["source"])))
    if any(len(it["measures"]) > 1 for it in r.measures):
        paras.append([(c.t("more_in_notes"), {"color": GREY, "size": size - 1})])
    return paras


def _path_slide(s, c: ReportContent, r, art) -> None:
    path_slide(s, c, r.path)


def _comparison_slide(s, c: ReportContent, region, art) -> None:
    """The regions in focus and the mean: grouped bars beside a table; every dimension in the notes."""
    figs, png = art
    add_picture(s, png["comparison"], *figs["comparison"][1], name="chart_comparison")
    header = [c.t("col_region"), c.names.get(c.root, c.t("col_index")), c.t("col_rank"), c.t("col_level"),
              c.t("col_band")]
    rows = [[row["name"], fmt_num(row["index"]), fmt_int(row["rank"]), row["level_name"],
             f"{fmt_num(row['D'], 3)} {row['band']}"] for _, row in c.comparison.iterrows()]
    h = min(5.6, 0.36 * (len(rows) + 1))
    add_table(s, 7.95, 1.45, 5.0, h, header, rows, c.lang, col_widths=[1.5, 0.9, 0.7, 1.3, 2.0],
              size=10 if len(rows) > 8 else 11, name="comparison_table")
    notes(s, "\n".join(
        f"{row['name']}: {fmt_num(row['index'])} · " + " · ".join(f"{c.names[d]} {fmt_num(row[d])}" for d in c.dims)
        + f" · D {fmt_num(row['D'], 3)} {row['band']}" for _, row in c.comparison.iterrows()))


def _closing_slide(s, c: ReportContent, region, art) -> None:
    """Sources and provenance, the spec (JSON) and the data fingerprint: enough to reproduce the deck."""
    lang = c.lang
    colon = "：" if lang == "zh" else ": "
    left = [[(c.t("p_sources"), {"bold": True, "color": ACCENT, "size": 14})]]
    left += [f"• {x}" for x in c.sources]
    for label, value in c.provenance_lines:
        if label in (c.t("p_spec"),):
            continue
        left.append([(label + colon, {"bold": True}), (str(value), {"mono": label in (c.t("p_fingerprint"),
                                                                                     c.t("p_fw_fingerprint"))})])
    add_text(s, 0.45, 1.2, 7.3, 5.75, left, size=11, lang=lang, name="provenance_text", space_after=4)
    add_text(s, 7.95, 1.2, 4.95, 0.35, [[(c.t("p_spec"), {"bold": True, "color": ACCENT})]], size=13, lang=lang)
    add_text(s, 7.95, 1.6, 4.95, 3.6, [[(c.spec_json, {"mono": True})]], size=10, lang=lang, name="spec_json")
    add_text(s, 7.95, 5.3, 4.95, 0.3, [[(c.t("p_fingerprint"), {"bold": True, "color": ACCENT})]], size=11,
             lang=lang)
    add_text(s, 7.95, 5.6, 4.95, 0.6, [[(c.provenance["data_fingerprint"], {"mono": True})]], size=10, lang=lang,
             name="data_fingerprint")
    if c.synthetic:
        synthetic_badge(s, c, 7.95, 6.35, w=3.0, h=0.38, size=12)
    notes(s, c.t("p_reproduce") + "\n" + c.spec_json + "\n" + c.provenance["data_fingerprint"])


#: how each view of the outline is laid out: ``(slide, content, the region or None, (figures, images))``
SLIDES = {"method": _method_slide, "map": _map_slide, "ranking": _ranking_slide, "profile": _profile_slide,
          "path": _path_slide, "compare": _comparison_slide, "closing": _closing_slide}
