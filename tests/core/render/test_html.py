"""HTML output: golden renders, standalone printable page, accessible merged-cell tables."""

from __future__ import annotations

import re

import lxml.html

from gongkai.core.render import render
from gongkai.core.render.html import render_text

from .conftest import assert_golden


def test_seed_golden(seed_report):
    assert_golden("silizhen_2020.html", render_text(seed_report))


def test_2021_golden(report_2021):
    assert_golden("example_2021.html", render_text(report_2021))


def test_standalone_page(seed_report):
    text = render(seed_report, "html").decode("utf-8")
    page = lxml.html.fromstring(text)
    assert page.get("lang") == "zh-CN"
    assert page.findtext(".//title") == "思礼镇人民政府2020年政府信息公开工作年度报告"
    assert page.xpath("//link") == []
    assert page.xpath("//script") == []
    assert page.xpath("//*[@src]") == []
    assert not re.search(r"url\(|https?://|@import", text)
    style = page.findtext(".//style")
    assert "size: A4" in style
    assert "margin: 37mm 26mm 35mm 28mm" in style
    assert "counter(page)" in style


def test_headings_and_paragraphs(seed_report):
    page = lxml.html.fromstring(render_text(seed_report))
    assert [h.text_content() for h in page.xpath("//h1")] == ["思礼镇人民政府2020年政府信息公开工作年度报告"]
    assert page.xpath("//h2/text()")[0] == "一、总体情况"
    assert len(page.xpath("//h2")) == 6
    overview = page.xpath("//section[1]/p/text()")
    assert len(overview) == 4 and overview[3].startswith("3、加强保密意识")


def test_tables_have_real_merges_and_scopes(report_2021):
    page = lxml.html.fromstring(render_text(report_2021))
    table3 = page.get_element_by_id("table3")
    assert table3.findtext("caption") == "收到和处理政府信息公开申请情况"
    group = table3.xpath(".//th[text()='三、本年度办理结果']")[0]
    assert group.get("rowspan") == "22" and group.get("scope") == "rowgroup"
    note = table3.xpath(".//thead//th[@class='corner']")[0]
    assert (note.get("rowspan"), note.get("colspan")) == ("3", "3")
    assert table3.xpath(".//th[text()='申请人情况']")[0].get("colspan") == "7"
    assert table3.xpath(".//th[text()='自然人']")[0].get("scope") == "col"
    assert table3.xpath(".//th[text()='法人或其他组织']")[0].get("scope") == "colgroup"
    assert table3.xpath(".//th[text()='（六）其他处理']")[0].get("rowspan") == "3"
    assert len(table3.xpath("./thead/tr")) == 3
    assert len(table3.xpath("./tbody/tr")) == 25
    table4 = page.get_element_by_id("table4")
    assert table4.xpath(".//th[text()='行政诉讼']")[0].get("colspan") == "10"
    assert [th.get("rowspan") for th in table4.xpath("./thead/tr[2]/th")][:5] == ["2"] * 5
    table2 = page.get_element_by_id("table2")
    assert len(table2.xpath("./tbody")) == 4  # one per 第二十条 block
    assert table2.xpath(".//td[@data-cell='table2.fees.amount']")[0].get("colspan") == "3"
    # Every data cell is a td, every label a th with a scope (or the note).
    for th in page.xpath("//table//th"):
        assert th.get("scope") or th.get("class") == "corner"


def test_blank_and_zero_cells(report_2021):
    page = lxml.html.fromstring(render_text(report_2021))

    def cell(ref):
        return page.xpath(f"//td[@data-cell='{ref}']")[0].text_content()

    assert cell("table3.withheld_query_matter.total") == ""
    assert cell("table2.coercion.decisions") == ""
    assert cell("table3.withheld_state_secret.total") == "0"
    assert cell("table2.fees.amount") == "1.25"
    assert cell("table3.new_received.total") == "6"


def test_text_is_escaped():
    from gongkai.core.report import Report

    report = Report.blank("2021", year=2023, organization="<甲&乙>")
    report.sections["other"] = "<script>alert(1)</script>"
    text = render_text(report)
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "&lt;甲&amp;乙&gt;" in text
