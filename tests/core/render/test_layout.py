"""The shared grid: every merged cell of the templates' tables 2–4, and cell formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core.formats import TABLE3_RESULTS_GROUP
from gongkai.core.render.layout import (
    BODY_TEXT_WIDTH_MM,
    document,
    format_cell,
    paragraphs,
    report_title,
    table_grid,
    title_parts,
)
from gongkai.core.report import Report


def _spans(grid):
    """{text: (rowspan, colspan)} of the header cells (labels are unique within a table here)."""
    return {cell.text: (cell.rowspan, cell.colspan) for cell in grid.cells() if cell.is_header}


@pytest.mark.parametrize(("version", "results_rows"), [("2019", 20), ("2021", 22)])
def test_table3_header_and_groups(version, results_rows):
    report = Report.blank(version)
    grid = table_grid(report, "table3")
    spans = _spans(grid)
    assert grid.n_cols == 10
    assert grid.n_head_rows == 3
    assert spans[report.fmt.table3_note] == (3, 3)
    assert spans["申请人情况"] == (1, 7)
    assert spans["自然人"] == (2, 1)
    assert spans["法人或其他组织"] == (1, 5)
    assert spans["总计"] == (2, 1)
    third = [c.text for c in grid.rows[2].cells]
    assert third == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert spans[TABLE3_RESULTS_GROUP] == (results_rows, 1)
    assert spans["（三）不予公开"] == (8, 1)
    assert spans["（四）无法提供"] == (3, 1)
    assert spans["（五）不予处理"] == (5, 1)
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "四、结转下年度继续办理"):
        assert spans[label] == (1, 3)
    assert spans["（七）总计"] == (1, 2)
    assert spans["（一）予以公开"] == (1, 2)
    # header rows + 一、二 + results + 四
    assert grid.n_rows == 3 + 2 + results_rows + 1
    grid.matrix()  # raises on a hole or an overlap


def test_table3_other_row_differs_between_versions():
    spans19 = _spans(table_grid(Report.blank("2019"), "table3"))
    spans21 = _spans(table_grid(Report.blank("2021"), "table3"))
    assert spans19["（六）其他处理"] == (1, 2)
    assert spans21["（六）其他处理"] == (3, 1)
    assert spans21["3.其他"] == (1, 1)


def test_table4_headers():
    grid = table_grid(Report.blank("2021"), "table4")
    assert grid.n_cols == 15
    assert grid.n_head_rows == 3
    first = [(c.text, c.colspan) for c in grid.rows[0].cells]
    assert first == [("行政复议", 5), ("行政诉讼", 10)]
    second = [(c.text, c.rowspan, c.colspan) for c in grid.rows[1].cells]
    assert second[:5] == [(label, 2, 1) for label in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    assert second[5:] == [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    third = [c.text for c in grid.rows[2].cells]
    assert third == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert [c.col for c in grid.rows[2].cells] == list(range(5, 15))
    refs = [c.ref for c in grid.rows[3].cells]
    assert refs[0] == "table4.reconsideration.upheld"
    assert refs[14] == "table4.litigation_after_reconsideration.total"
    grid.matrix()


def test_table2_2019_blocks():
    grid = table_grid(Report.blank("2019"), "table2")
    assert grid.n_cols == 4
    blocks = [c for c in grid.cells() if c.kind == "block"]
    assert [b.text for b in blocks] == [f"第二十条第（{n}）项" for n in ("一", "五", "六", "八", "九")]
    assert all(b.colspan == 4 for b in blocks)
    heads = [c for c in grid.cells() if c.text == "信息内容"]
    assert len(heads) == 5
    # （八） and （九） print two data columns over three: the last one spans two.
    fees = grid.cell_at("table2.fees.change")
    assert (fees.col, fees.colspan) == (2, 2)
    amount = grid.cell_at("table2.procurement.amount")
    assert (amount.col, amount.colspan) == (2, 2)
    assert grid.cell_at("table2.regulations.total_published").colspan == 1
    grid.matrix()


def test_table2_2021_single_column_blocks_span_three():
    grid = table_grid(Report.blank("2021"), "table2")
    assert grid.n_cols == 4
    assert [c.text for c in grid.cells() if c.kind == "block"] == [
        f"第二十条第（{n}）项" for n in ("一", "五", "六", "八")
    ]
    for ref in ("table2.licensing.decisions", "table2.penalty.decisions", "table2.fees.amount"):
        cell = grid.cell_at(ref)
        assert (cell.col, cell.colspan) == (1, 3)
    header = next(c for c in grid.cells() if c.text == "本年收费金额（单位：万元）")
    assert header.colspan == 3
    assert grid.cell_at("table2.regulations.made").colspan == 1


def test_every_report_cell_appears_once(report_2021, seed_report):
    for report in (report_2021, seed_report):
        refs = [c.ref for section in document(report)[1] if section.grid for c in section.grid.cells() if c.ref]
        assert sorted(refs) == sorted(ref for ref, _ in report.cells())


def test_widths_fill_the_text_area():
    for version in ("2019", "2021"):
        report = Report.blank(version)
        for key in ("table2", "table3", "table4"):
            grid = table_grid(report, key)
            assert len(grid.widths) == grid.n_cols
            assert sum(grid.widths) == pytest.approx(BODY_TEXT_WIDTH_MM)


def test_format_cell():
    assert format_cell(None) == ""
    assert format_cell(0) == "0"
    assert format_cell(-8) == "-8"
    assert format_cell(Decimal("32.2526")) == "32.2526"
    assert format_cell(Decimal("1.50")) == "1.50"
    assert format_cell(Decimal("1E+2")) == "100"
    assert format_cell(" 251000元 ") == "251000元"


def test_none_is_blank_and_zero_is_zero(report_2021):
    grid = table_grid(report_2021, "table3")
    assert grid.cell_at("table3.withheld_query_matter.total").text == ""
    assert grid.cell_at("table3.withheld_state_secret.total").text == "0"
    assert table_grid(report_2021, "table2").cell_at("table2.coercion.decisions").text == ""


def test_title_and_paragraphs(seed_report):
    assert report_title(seed_report) == "思礼镇人民政府2020年政府信息公开工作年度报告"
    assert title_parts(seed_report) == ("思礼镇人民政府", "2020年政府信息公开工作年度报告")
    assert report_title(Report.blank("2021")) == "（机关名称）××××年政府信息公开工作年度报告"
    assert paragraphs("甲\n\n乙\r\n 丙 \n") == ("甲", "乙", "丙")
    assert paragraphs(None) == ()


def test_document_sections(seed_report):
    title, sections = document(seed_report)
    assert [s.heading for s in sections] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert [s.grid.key if s.grid else None for s in sections] == [None, "table2", "table3", "table4", None, None]
    assert len(sections[0].paragraphs) == 4
    assert sections[0].paragraphs[1].startswith("1、加强领导")
    assert sections[5].paragraphs == ("2020 年末收取信息公开处理费用。",)
