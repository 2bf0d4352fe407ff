"""DOCX output: GB/T 9704 page, fonts with east-asian names, merged template tables, page numbers."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from gongkai.core.render import render
from gongkai.core.render.layout import document as layout_document

from .spans import docx_table_spans, grid_spans


def _open(report):
    return Document(io.BytesIO(render(report, "docx")))


def _fonts(style):
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii"))


def test_page_is_a4_with_official_margins(seed_report):
    section = _open(seed_report).sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)


def test_styles_name_chinese_fonts_and_sizes(seed_report):
    doc = _open(seed_report)
    normal = doc.styles["Normal"]
    assert _fonts(normal) == ("仿宋_GB2312", "Times New Roman")
    assert normal.font.size.pt == 16
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert _fonts(doc.styles["Heading 1"])[0] == "黑体"
    assert doc.styles["Heading 1"].font.size.pt == 16
    assert not doc.styles["Heading 1"].font.bold
    title = doc.styles["报告标题"]
    assert _fonts(title)[0] == "方正小标宋简体"
    assert title.font.size.pt == 22
    table = doc.styles["报告表格"]
    assert _fonts(table)[0] == "仿宋_GB2312"
    assert table.font.size.pt < 16
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_font_table_declares_substitutes(seed_report):
    doc = _open(seed_report)
    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    alt = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in root.findall(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert alt == {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "黑体": "SimHei", "宋体": "SimSun"}


def test_title_headings_and_paragraphs(seed_report):
    doc = _open(seed_report)
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "报告标题"
    assert paragraphs[0].text == "思礼镇人民政府\n2020年政府信息公开工作年度报告"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in layout_document(seed_report)[1]]
    body = [p.text for p in paragraphs if p.style.name == "Normal" and p.text]
    assert body[1].startswith("1、加强领导")
    assert body[-1] == "2020 年末收取信息公开处理费用。"
    assert doc.core_properties.title == "思礼镇人民政府2020年政府信息公开工作年度报告"


def test_short_title_stays_on_one_line():
    from gongkai.core.report import Report

    doc = Document(io.BytesIO(render(Report.blank("2021", year=2023, organization="某镇"), "docx")))
    assert doc.paragraphs[0].text == "某镇2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("which", ["seed_report", "report_2021"])
def test_tables_have_the_template_merges(which, request):
    report = request.getfixturevalue(which)
    doc = _open(report)
    grids = [s.grid for s in layout_document(report)[1] if s.grid]
    assert len(doc.tables) == 3
    for table, grid in zip(doc.tables, grids, strict=True):
        assert docx_table_spans(table) == grid_spans(grid)


def test_table3_merges_by_label(seed_report, report_2021):
    for report, results in ((seed_report, 20), (report_2021, 22)):
        spans = {text: (rs, cs) for _r, _c, rs, cs, text in docx_table_spans(_open(report).tables[1])}
        assert spans["三、本年度办理结果"] == (results, 1)
        assert spans["申请人情况"] == (1, 7)
        assert spans["自然人"] == (2, 1)
        assert spans["法人或其他组织"] == (1, 5)
        assert spans["（三）不予公开"] == (8, 1)
        assert spans[report.fmt.table3_note] == (3, 3)


def test_table_header_rows_repeat_and_rows_do_not_split(seed_report):
    table3 = _open(seed_report).tables[1]
    flags = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in table3._tbl.tr_lst]
    assert flags[:3] == [True, True, True]
    assert not any(flags[3:])
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table3._tbl.tr_lst)


def test_table_heads_never_stand_alone_at_a_page_foot(seed_report):
    """Every paragraph of a head row keeps with the next row; body rows do not (they may break anywhere)."""
    doc = _open(seed_report)
    for table in doc.tables:
        rows = table._tbl.tr_lst
        head = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows]
        for tr, is_head in zip(rows, head, strict=True):
            keeps = [p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in tr.iter(qn("w:p"))]
            assert all(keeps) if is_head else not any(keeps)
    # the sentence that introduces a table keeps with it
    body = doc.element.body
    for tbl in body.iter(qn("w:tbl")):
        previous = tbl.getprevious()
        if previous is not None and previous.tag == qn("w:p") and previous.xpath("string(.)").strip():
            style = previous.pPr.pStyle.val if previous.pPr is not None and previous.pPr.pStyle is not None else None
            if style:  # a heading: its style keeps with the next paragraph
                assert doc.styles.get_by_id(style, 1).paragraph_format.keep_with_next
            else:
                assert previous.pPr.find(qn("w:keepNext")) is not None


def test_figures_blank_and_zero(seed_report, report_2021):
    seed = _open(seed_report).tables[0]
    procurement = [c.text for c in seed.rows[-1].cells]
    assert procurement == ["政府集中采购", "6", "32.2526", "32.2526"]  # the amount spans two columns
    table2 = _open(report_2021).tables[0]
    coercion = next(row for row in table2.rows if row.cells[0].text == "行政强制")
    assert [c.text for c in coercion.cells] == ["行政强制", "", "", ""]
    penalty = next(row for row in table2.rows if row.cells[0].text == "行政处罚")
    assert penalty.cells[1].text == "46"
    table3 = _open(report_2021).tables[1]
    query = next(row for row in table3.rows if row.cells[2].text == "8.属于行政查询事项")
    assert [c.text for c in query.cells[3:]] == [""] * 7
    secret = next(row for row in table3.rows if row.cells[2].text == "1.属于国家秘密")
    assert [c.text for c in secret.cells[3:]] == ["0"] * 7


def test_footer_page_numbers(seed_report):
    doc = _open(seed_report)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, alignment in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert xml.count("w:fldCharType") == 3
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment.name.lower() == alignment
        fonts = paragraph.runs[0]._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "宋体"
        assert paragraph.runs[0].font.size.pt == 14
