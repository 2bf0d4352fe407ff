"""The 图解 of an annual report: charts of tables 2–4 in the PDF (and on request in the HTML)."""

from __future__ import annotations

import base64
import io
import re

import pdfplumber
import pytest
from lxml import etree

from gongkai.core.render import render
from gongkai.core.render.figures import FIGURES_HEADING, report_figures

parse = pytest.importorskip("gongkai.core.parse")


def _figure(report, key):
    return next(f for f in report_figures(report) if f.key == key)


def test_figures_say_what_the_tables_say(report_2021):
    t3, t4 = report_2021.table3, report_2021.table4
    overview = dict(_figure(report_2021, "applications").table.rows)
    assert overview["本年新收"] == (t3["new_received"]["total"],)
    assert overview["本年办结"] == (t3["total_processed"]["total"],)
    assert overview["结转下年度"] == (t3["carried_forward"]["total"],)
    applicants = _figure(report_2021, "applicants").table
    assert applicants.total_row() == (t3["new_received"]["total"],)
    results = _figure(report_2021, "results").table
    assert dict(results.rows)["予以公开"] == (t3["disclosed"]["total"],)
    assert results.total_row() == (t3["total_processed"]["total"],)
    remedies = dict(_figure(report_2021, "remedies").table.rows)
    assert sum(remedies["行政复议"]) == t4["reconsideration"]["total"]
    decisions = dict(_figure(report_2021, "decisions").table.rows)
    assert decisions["行政许可"] == (report_2021.table2["licensing"]["decisions"],)


def test_2019_format_figures(seed_report):
    keys = [f.key for f in report_figures(seed_report)]
    assert keys == ["applications", "applicants", "results", "remedies", "documents", "decisions"]
    docs = _figure(seed_report, "documents").table
    assert docs.columns == ("本年新制作数量", "本年新公开数量", "对外公开总数量")


def test_pdf_carries_the_figures_and_parses_back_unchanged(report_2021, tmp_path):
    data = render(report_2021, "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert FIGURES_HEADING in text
    for figure in report_figures(report_2021):
        assert figure.title in text
    # the chart labels are real text in the PDF (WeasyPrint draws the SVG), CJK included
    assert "行政复议" in text.split(FIGURES_HEADING, 1)[1]
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    parsed = parse.parse_path(path).report
    assert dict(parsed.cells()) == dict(report_2021.cells())
    # the parser stops at the 图解: section 六 is the report's own text
    assert parsed.sections["other"] == report_2021.sections["other"]


def test_html_figures_only_on_request(report_2021):
    plain = render(report_2021, "html").decode()
    assert FIGURES_HEADING not in plain
    from gongkai.core.render.html import render_text

    page = render_text(report_2021, figures=True)
    assert FIGURES_HEADING in page and "<script" not in page
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', page)
    assert len(images) == len(report_figures(report_2021))
    svg_text = base64.b64decode(images[0][0])
    assert etree.fromstring(svg_text).tag.endswith("svg")
    assert 'class="chart-data"' in page and 'scope="row"' in page
