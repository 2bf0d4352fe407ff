"""XLSX output: a sheet with the title and section texts, then one sheet per table.

Sheets 表二、表三、表四 hold tables 2–4 with the template's labels and merged cells (the grid of
:mod:`gongkai.core.render.layout`). Figures are numbers (decimals keep their written digits
through the number format); an empty cell (``None``) stays empty, ``0`` is the number 0. Text
that is not a number (kept by a parser for the checker) stays text. Each sheet prints on A4,
fitted to the page width.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.core.render.layout import BLOCK, CORNER, DATA, GROUP, ROWHEAD, SectionView, document
from gongkai.core.report import Cell, Report, cell_number

__all__ = ["SHEET_NAMES", "TEXT_SHEET", "render"]

#: Sheet of the title and the narrative sections.
TEXT_SHEET = "正文"
#: Sheet name of each table, as the tables are numbered in the report (表二 for section 二 …).
SHEET_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}

_FONT = "宋体"
_HEADING_FONT = "黑体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
#: Excel column-width units per millimetre of the printed layout (wider than print: no page limit).
_UNITS_PER_MM = 0.7
_LINE_HEIGHT = 14.5
_TEXT_WIDTH = 60


def render(report: Report) -> bytes:
    """The report as XLSX bytes."""
    title, sections = document(report)
    book = Workbook()
    text_sheet = book.active
    text_sheet.title = TEXT_SHEET
    _text_sheet(text_sheet, report, title, sections)
    for section in sections:
        if section.grid is not None:
            _table_sheet(book.create_sheet(SHEET_NAMES.get(section.grid.key, section.grid.key)), section)
    book.properties.title = title
    book.properties.creator = report.organization or "gongkai"
    book.properties.subject = f"{report.fmt.title}（{report.fmt.document}）"
    book.properties.language = "zh-CN"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_sheet(sheet: Worksheet, report: Report, title: str, sections: tuple[SectionView, ...]) -> None:
    # Narrow enough for a portrait A4 page at 100 % (LibreOffice measures CJK text wider than Excel).
    sheet.column_dimensions["A"].width = _TEXT_WIDTH
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1
    sheet.cell(row, 1, title).font = Font(name=_HEADING_FONT, size=16)
    sheet.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[row].height = 30
    row += 2
    for section in sections:
        heading = sheet.cell(row, 1, section.heading)
        heading.font = Font(name=_HEADING_FONT, size=12)
        row += 1
        if section.grid is not None:
            sheet.cell(row, 1, f"见工作表“{SHEET_NAMES.get(section.grid.key, section.grid.key)}”。").font = Font(
                name=_FONT, size=11
            )
            row += 1
        for text in section.paragraphs:
            cell = sheet.cell(row, 1, "\u3000\u3000" + text)
            cell.font = Font(name=_FONT, size=11)
            cell.alignment = wrap
            lines = max(1, math.ceil(_text_units(cell.value) / (_TEXT_WIDTH * 0.85)))
            sheet.row_dimensions[row].height = _LINE_HEIGHT * lines + 4
            row += 1
        row += 1
    note = sheet.cell(row, 1, f"表格格式：{report.fmt.title}（{report.fmt.document}）")
    note.font = Font(name=_FONT, size=9, color="555555")
    _print_setup(sheet, landscape=False, centered=False)


def _table_sheet(sheet: Worksheet, section: SectionView) -> None:
    grid = section.grid
    assert grid is not None
    widths = [max(5.0, w * _UNITS_PER_MM * (1.6 if grid.key == "table4" else 1.0)) for w in grid.widths]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 1)
    heading = sheet.cell(1, 1, section.heading)
    heading.font = Font(name=_HEADING_FONT, size=12)
    heading.alignment = Alignment(horizontal="left", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    sheet.row_dimensions[1].height = 24
    top = 2  # grid row 0 is sheet row 2
    lines = [1] * grid.n_rows
    for cell in grid.cells():
        row, col = top + cell.row, 1 + cell.col
        target = sheet.cell(row, col)
        _write_value(target, cell.value if cell.kind == DATA else cell.text, cell.kind == DATA)
        target.font = Font(name=_FONT, size=9 if cell.kind == CORNER else 10.5)
        horizontal = "left" if cell.kind == ROWHEAD else "center"
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                sheet.cell(r, c).border = _BORDER
        if cell.merged:
            sheet.merge_cells(
                start_row=row, start_column=col, end_row=cell.last_row + top, end_column=cell.last_col + 1
            )
        if cell.rowspan == 1 and cell.kind not in (GROUP, BLOCK):
            available = sum(widths[cell.col : cell.last_col + 1])
            lines[cell.row] = max(lines[cell.row], math.ceil(_text_units(cell.text) / max(available - 1, 1)))
    for index, count in enumerate(lines):
        sheet.row_dimensions[top + index].height = _LINE_HEIGHT * count + 3
    if grid.n_head_rows:
        first_data_col = min((c.col for c in grid.cells() if c.kind == DATA), default=0)
        sheet.freeze_panes = sheet.cell(top + grid.n_head_rows, 1 + first_data_col)
        sheet.print_title_rows = f"{top}:{top + grid.n_head_rows - 1}"
    _print_setup(sheet, landscape=grid.key == "table4")


def _write_value(target, value: Cell, is_data: bool) -> None:
    """Write a figure as a number (None stays empty) or a label as text."""
    if not is_data:
        target.value = value
        return
    if value is None:
        return
    number = cell_number(value)
    if number is None:
        target.value = str(value)  # not a number: kept as the source wrote it
        return
    if isinstance(number, Decimal):
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if number == number.to_integral_value() and places == 0:
            target.value = int(number)
        else:
            target.value = number
            target.number_format = "0." + "0" * places if places else "0"
        return
    target.value = number


def _text_units(text: str) -> float:
    """Width of *text* in Excel column units (a Chinese character is about two)."""
    return sum(1.1 if ord(ch) < 0x2E80 else 2.0 for ch in str(text or ""))


def _print_setup(sheet: Worksheet, landscape: bool, centered: bool = True) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = centered
