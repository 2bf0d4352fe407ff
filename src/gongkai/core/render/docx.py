"""DOCX output in the layout of Chinese government documents (GB/T 9704 《党政机关公文格式》).

Page: A4 (210 × 297 mm), margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
Title: 方正小标宋简体 2号 (22 pt), centred, broken after the organization when it does not
fit one line. Section headings: 黑体 3号 (16 pt). Body: 仿宋_GB2312 3号 (16 pt), fixed line
pitch 28.95 pt (22 lines a page), first line indented two characters. Tables: 仿宋_GB2312 五号
(10.5 pt) with the template's merged cells (``cell.merge``), header rows repeated on a new page
(``w:tblHeader``) and kept with the first body row (keep-with-next), rows never split (``w:cantSplit``).
Page numbers: ``— 1 —`` in 宋体 4号 (14 pt) under the text area, odd pages right and even
pages left, one character in (a PAGE field, so Word and LibreOffice number every page).

Fonts. Each run names its Chinese font in ``w:eastAsia`` (Latin letters and digits use Times
New Roman). The official fonts are not free and may be missing where the file is opened, so
the font table (``word/fontTable.xml``) declares each with the GB2312 charset and an
``w:altName`` that Word substitutes: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 黑体 → SimHei,
宋体 → SimSun. On Linux (LibreOffice) fontconfig substitutes a CJK font of the same kind; with
Debian's ``fonts-noto-cjk`` that is Noto Serif CJK SC for the 宋/仿宋 faces and Noto Sans CJK
SC for 黑体 when fontconfig is told so: ``render/fonts.conf`` (next to this module) holds those
substitutes for ``FONTCONFIG_FILE=… soffice --convert-to pdf``. Nothing here depends on a
font being installed.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.core.render.layout import COLHEAD, CORNER, DATA, ROWHEAD, Grid, GridCell, document, title_parts
from gongkai.core.report import Report

__all__ = [
    "BODY_FONT",
    "HEADING_FONT",
    "LATIN_FONT",
    "PAGE_NUMBER_FONT",
    "TITLE_FONT",
    "declare_fonts",
    "page_numbers",
    "page_setup",
    "render",
    "set_run_fonts",
]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

#: Font sizes in points: 2号, 3号, 4号, 五号, 小五.
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE, NOTE_SIZE = 22, 16, 14, 10.5, 9
#: 22 lines in the 225 mm text area (GB/T 9704 7.1: 每页22行).
LINE_PITCH = Pt(28.95)

#: (font, Word substitute, w:family, w:pitch) for the font table.
_FONT_TABLE = (
    (TITLE_FONT, "宋体", "roman", "variable"),
    (BODY_FONT, "仿宋", "roman", "variable"),
    (HEADING_FONT, "SimHei", "swiss", "variable"),
    (PAGE_NUMBER_FONT, "SimSun", "roman", "variable"),
)

_STYLE_TITLE = "报告标题"
_STYLE_TABLE = "报告表格"


def render(report: Report) -> bytes:
    """The report as DOCX bytes."""
    doc = Document()
    page_setup(doc)
    _styles(doc)
    declare_fonts(doc)
    title, sections = document(report)
    _properties(doc, report, title)
    _title(doc, report)
    for section in sections:
        doc.add_paragraph(section.heading, style="Heading 1")
        paragraph = None
        for text in section.paragraphs:
            paragraph = doc.add_paragraph(text, style="Normal")
        if section.grid is not None:
            if paragraph is not None:
                paragraph.paragraph_format.keep_with_next = True  # the sentence that introduces the table
            _table(doc, section.grid)
            # A table must not end the document, and the next heading needs air.
            spacer = doc.add_paragraph(style="Normal")
            spacer.paragraph_format.line_spacing = Pt(BODY_SIZE)
    page_numbers(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- page and styles


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The number sits 7 mm under the text area (GB/T 9704 7.5); its line is about 5 mm high.
    section.footer_distance = Mm(23)
    doc.settings.odd_and_even_pages_header_footer = True


def set_run_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a ``w:rPr``: *east_asia* for Chinese, *latin* for letters and digits."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _style_font(style, east_asia: str, size: float, latin: str = LATIN_FONT) -> None:
    rpr = style.element.get_or_add_rPr()
    for child in list(rpr):
        rpr.remove(child)
    set_run_fonts(rpr, east_asia, latin)
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.color.rgb = None


def _indent_chars(paragraph_format_element, chars: int, size: float) -> None:
    """First-line indent of *chars* characters (``w:firstLineChars``, with points as fallback)."""
    ind = paragraph_format_element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size * 20)))


def _styles(doc) -> None:
    styles = doc.styles
    # Document defaults: Chinese language, no theme fonts.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _style_font(normal, BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = True
    _indent_chars(normal.element, 2, BODY_SIZE)

    heading = styles["Heading 1"]
    _style_font(heading, HEADING_FONT, BODY_SIZE)
    fmt = heading.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.keep_with_next = True
    _indent_chars(heading.element, 2, BODY_SIZE)

    title = styles.add_style(_STYLE_TITLE, 1)
    title.base_style = normal
    title.next_paragraph_style = normal
    _style_font(title, TITLE_FONT, TITLE_SIZE)
    fmt = title.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(35)
    fmt.space_after = LINE_PITCH
    _indent_chars(title.element, 0, TITLE_SIZE)

    table = styles.add_style(_STYLE_TABLE, 1)
    table.base_style = normal
    _style_font(table, BODY_FONT, TABLE_SIZE)
    fmt = table.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = fmt.space_after = Pt(0)
    _indent_chars(table.element, 0, TABLE_SIZE)
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    table.element.get_or_add_pPr().append(snap)


def declare_fonts(doc) -> None:
    """Declare the official Chinese fonts with a substitute (``w:altName``) and GB2312 charset."""
    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    for name, alt, family, pitch in _FONT_TABLE:
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("altName", alt), ("charset", "86"), ("family", family), ("pitch", pitch)):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _properties(doc, report: Report, title: str) -> None:
    props = doc.core_properties
    props.title = title
    props.subject = f"{report.fmt.title}（{report.fmt.document}）"
    props.author = report.organization or ""
    props.language = "zh-CN"
    props.keywords = "政府信息公开工作年度报告"
    props.comments = "gongkai"
    props.last_modified_by = ""
    props.revision = 1


def _title(doc, report: Report) -> None:
    organization, rest = title_parts(report)
    paragraph = doc.add_paragraph(style=_STYLE_TITLE)
    paragraph.add_run(organization)
    # 22 pt characters, 156 mm text area: 20 full-width characters a line (digits count half).
    if _width_in_chars(organization + rest) > 20:
        paragraph.runs[-1].add_break()
    paragraph.add_run(rest)


def _width_in_chars(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


# --------------------------------------------------------------------------- tables


def _table(doc, grid: Grid) -> None:
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    widths = [Mm(w) for w in grid.widths]
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    table_style = doc.styles[_STYLE_TABLE].style_id
    # python-docx looks cells up by scanning the table; take every cell once, before merging.
    positions = [list(row.cells) for row in table.rows]
    for line in positions:
        for index, cell in enumerate(line):
            cell.width = widths[index]
            # Every paragraph, including those left in merged-away cells, in the table style.
            cell._tc.p_lst[0].get_or_add_pPr().style = table_style
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < grid.n_head_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
            # Keep-with-next on every paragraph of a head row keeps it on the page of the first body row:
            # a table head never stands alone at the foot of a page.
            for cell in positions[index]:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    for cell in grid.cells():
        target = positions[cell.row][cell.col]
        if cell.merged:
            target = target.merge(positions[cell.last_row][cell.last_col])
        _write_cell(target, cell, table_style)


def _fixed_layout(table) -> None:
    """Fixed column widths and narrow cell margins (1 mm at the sides, 0.5 mm above and below)."""
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 28), ("left", 57), ("bottom", 28), ("right", 57)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)


def _write_cell(target, cell: GridCell, style_id: str) -> None:
    for extra in target.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph = target.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = style_id
    for run in paragraph.runs:
        run._element.getparent().remove(run._element)
    if cell.kind == ROWHEAD:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if cell.text:
        run = paragraph.add_run(cell.text)
        if cell.kind == CORNER:
            run.font.size = Pt(NOTE_SIZE)
    target.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    if cell.kind in (COLHEAD, DATA):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


# --------------------------------------------------------------------------- page numbers


def page_numbers(doc) -> None:
    """``— 1 —`` under the text area: odd pages right, even pages left, one character in."""
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment) -> None:
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    indent = Pt(PAGE_NUMBER_SIZE)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = indent
    else:
        fmt.left_indent = indent
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def run(text: str | None = None):
        r = paragraph.add_run(text)
        set_run_fonts(r._element.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        r.font.size = Pt(PAGE_NUMBER_SIZE)
        return r

    run("— ")
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run()._element.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._element.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run()._element.append(separate)
    run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run()._element.append(end)
    run(" —")
