"""The statistics as files: XLSX (the tables), PDF (charts as SVG, WeasyPrint) and DOCX (charts as PNG)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.template.loader import render_to_string

from gongkai.core.charts import data_uri, png_images, svg

from .figures import Section, percent, sections_for, title_for
from .selectors import Statistics

__all__ = ["EXPORTS", "body_rows", "export"]

EXPORTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_BODY_HEAD = ("机关", "发布信息（条）", "收到申请（件）", "办结申请（件）", "按期答复率", "答复用时中位数（工作日）",
              "目前逾期未办结（件）", "行政复议（件）", "行政诉讼（件）")  # fmt: skip


def body_rows(stats: Statistics) -> list[tuple]:
    """The per-body table: one row per body (name, items, received, closed, on-time share, median, …)."""
    return [
        (b.organization.name, b.items, b.received, b.closed, b.on_time_share, b.median_days, b.overdue_open,
         b.reconsideration, b.litigation)
        for b in stats.bodies
    ]  # fmt: skip


def export(stats: Statistics, to: str) -> bytes:
    """The statistics as *to* (``xlsx``, ``pdf`` or ``docx``)."""
    sections = sections_for(stats)
    return {"xlsx": _xlsx, "pdf": _pdf, "docx": _docx}[to](stats, sections)


# ---------------------------------------------------------------------------------------------- XLSX


def _xlsx(stats: Statistics, sections: list[Section]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    book = Workbook()
    summary = book.active
    summary.title = "概况"
    summary.append([title_for(stats)])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([])
    summary.append(["指标", "数值", "说明"])
    for cell in summary[3]:
        cell.font = bold
    for section in sections:
        for indicator in section.indicators:
            value = indicator.value
            summary.append([f"{section.heading}：{indicator.label}", _cell(value), indicator.note])
            if isinstance(value, float) and indicator.text.endswith("%）"):
                summary.cell(summary.max_row, 2).number_format = "0.0%"
    summary.column_dimensions["A"].width = 44
    summary.column_dimensions["B"].width = 16
    summary.column_dimensions["C"].width = 40
    if len(stats.organizations) > 1:
        sheet = book.create_sheet("各机关")
        sheet.append(list(_BODY_HEAD))
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
        for row in body_rows(stats):
            sheet.append([_cell(v) for v in row])
            sheet.cell(sheet.max_row, 5).number_format = "0.0%"
        sheet.column_dimensions["A"].width = 28
    used: set[str] = {"概况", "各机关"}
    for section in sections:
        for figure in section.figures:
            name = _sheet_name(figure.title, used)
            sheet = book.create_sheet(name)
            table = figure.table
            sheet.append([f"{figure.title}（单位：{table.unit}）" if table.unit else figure.title])
            sheet["A1"].font = bold
            sheet.append([table.row_header, *table.columns])
            for cell in sheet[2]:
                cell.font = bold
            for label, values in table.printed_rows():
                sheet.append([label, *(_cell(v) for v in values)])
            sheet.column_dimensions["A"].width = 30
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28]
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}{n}", n + 1
    used.add(name)
    return name


# ---------------------------------------------------------------------------------------------- PDF


def _pdf(stats: Statistics, sections: list[Section]) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string("stats/document.html", _document_context(stats, sections))
    document = HTML(string=html).render(font_config=FontConfiguration())
    document.metadata.title = title_for(stats)
    return document.write_pdf()


def _document_context(stats: Statistics, sections: list[Section]) -> dict:
    from django.utils.safestring import mark_safe

    from gongkai.core.render.figures import figure_table_html

    return {
        "title": title_for(stats),
        "stats": stats,
        "sections": [
            {
                "heading": s.heading,
                "indicators": s.indicators,
                "figures": [
                    {
                        "title": f.title,
                        "alt": f.alt,
                        "src": data_uri(svg(f, title=False)),
                        # safe: the core escapes every label and value
                        "table": mark_safe("\n".join(figure_table_html(f, caption=False))),  # noqa: S308
                    }
                    for f in s.figures
                ],
            }
            for s in sections
        ],
        "bodies": [(*row[:4], percent(row[4]), "—" if row[5] is None else row[5], *row[6:]) for row in body_rows(stats)]
        if len(stats.organizations) > 1
        else [],
        "body_head": _BODY_HEAD,
    }


# ---------------------------------------------------------------------------------------------- DOCX


def _docx(stats: Statistics, sections: list[Section]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    figures = [f for s in sections for f in s.figures]
    pictures = iter(png_images([svg(f) for f in figures]))
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.name = "仿宋_GB2312"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    heading = doc.add_heading(title_for(stats), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in sections:
        doc.add_heading(section.heading, level=1)
        if section.indicators:
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for indicator in section.indicators:
                cells = table.add_row().cells
                cells[0].text = indicator.label
                cells[1].text = indicator.text
        for figure in section.figures:
            doc.add_heading(figure.title, level=2)
            doc.add_picture(io.BytesIO(next(pictures)), width=Cm(15))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_table(doc, figure)
        if section.key == "bodies":
            doc.add_heading("各机关主要数据", level=2)
            rows = body_rows(stats)
            table = doc.add_table(rows=1, cols=len(_BODY_HEAD))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, _BODY_HEAD, strict=True):
                cell.text = text
            _repeat_header(table.rows[0])
            for row in rows:
                cells = table.add_row().cells
                for index, value in enumerate(row):
                    cells[index].text = percent(value) if index == 4 else ("—" if value is None else str(value))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_table(doc, figure) -> None:
    table_data = figure.table
    table = doc.add_table(rows=1, cols=1 + len(table_data.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (table_data.row_header, *table_data.columns), strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    for label, values in table_data.printed_rows():
        cells = table.add_row().cells
        cells[0].text = label
        for index, value in enumerate(values, start=1):
            cells[index].text = (
                "" if value is None else (format(value, "f") if isinstance(value, Decimal) else str(value))
            )
    doc.add_paragraph(f"单位：{table_data.unit}" if table_data.unit else "")


def _repeat_header(row) -> None:
    """Mark a table's first row as a header row repeated on every page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
