"""XLSX output: a text sheet, one sheet per table with the template's merges, numbers as numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gongkai.core.render import render
from gongkai.core.render.layout import document as layout_document

TOP = 2  # the grid starts on sheet row 2, under the section heading


def _book(report):
    return load_workbook(io.BytesIO(render(report, "xlsx")))


def _range(cell) -> str:
    first = f"{get_column_letter(cell.col + 1)}{cell.row + TOP}"
    last = f"{get_column_letter(cell.last_col + 1)}{cell.last_row + TOP}"
    return f"{first}:{last}"


def test_sheets(seed_report):
    book = _book(seed_report)
    assert book.sheetnames == ["正文", "表二", "表三", "表四"]
    assert book["表三"]["A1"].value == "三、收到和处理政府信息公开申请情况"
    assert book["表四"].page_setup.orientation == "landscape"
    assert book["表三"].freeze_panes == "D5"


@pytest.mark.parametrize("which", ["seed_report", "report_2021"])
def test_merged_ranges_and_labels_match_the_template(which, request):
    report = request.getfixturevalue(which)
    book = _book(report)
    for section in layout_document(report)[1]:
        grid = section.grid
        if grid is None:
            continue
        sheet = book[{"table2": "表二", "table3": "表三", "table4": "表四"}[grid.key]]
        expected = {_range(c) for c in grid.merged_cells()} | {f"A1:{get_column_letter(grid.n_cols)}1"}
        assert {str(r) for r in sheet.merged_cells.ranges} == expected
        for cell in grid.cells():
            if cell.is_header:
                assert sheet.cell(cell.row + TOP, cell.col + 1).value == cell.text


def test_table3_merges_by_address(seed_report):
    ranges = {str(r) for r in _book(seed_report)["表三"].merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A7:A26", "B9:B16", "B17:B19", "B20:B24"} <= ranges
    assert {"A5:C5", "A6:C6", "A27:C27", "B25:C25", "B26:C26"} <= ranges


def test_values_are_numbers_and_blanks_stay_blank(report_2021, seed_report):
    for report in (seed_report, report_2021):
        book = _book(report)
        for section in layout_document(report)[1]:
            grid = section.grid
            if grid is None:
                continue
            sheet = book[{"table2": "表二", "table3": "表三", "table4": "表四"}[grid.key]]
            for cell in grid.cells():
                if cell.ref is None:
                    continue
                value = sheet.cell(cell.row + TOP, cell.col + 1).value
                if cell.value is None:
                    assert value is None, cell.ref
                else:
                    assert isinstance(value, int | float) and not isinstance(value, bool), cell.ref
                    assert Decimal(str(value)) == Decimal(str(cell.value)), cell.ref
    fee = _book(report_2021)["表二"]
    amount = next(row[1] for row in fee.iter_rows(min_row=2) if row[0].value == "行政事业性收费")
    assert amount.value == 1.25 and amount.number_format == "0.00"
    seed = _book(seed_report)["表二"]
    procurement = next(row for row in seed.iter_rows(min_row=2) if row[0].value == "政府集中采购")
    assert procurement[1].value == 6
    assert procurement[2].value == pytest.approx(32.2526) and procurement[2].number_format == "0.0000"


def test_text_that_is_not_a_number_stays_text(report_2021):
    report_2021.set_cell("table2.fees.amount", "约1万元")
    report_2021.set_cell("table2.penalty.decisions", "12")
    sheet = _book(report_2021)["表二"]
    rows = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}
    assert rows["行政事业性收费"] == "约1万元"
    assert rows["行政处罚"] == 12


def test_text_sheet(seed_report):
    sheet = _book(seed_report)["正文"]
    values = [c.value for c in sheet["A"] if c.value]
    assert values[0] == "思礼镇人民政府2020年政府信息公开工作年度报告"
    assert "一、总体情况" in values and "六、其他需要报告的事项" in values
    assert "见工作表“表三”。" in values
    assert "\u3000\u30002020 年末收取信息公开处理费用。" in values
