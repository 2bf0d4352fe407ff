"""The 政府信息公开年报 column: published reports as HTML pages and DOCX/PDF/XLSX downloads."""

import io
import re
import zipfile
from pathlib import Path

import pytest

import gongkai.apps.portal
from gongkai.apps.annual.services import annual_report_generate, annual_report_withdraw
from gongkai.core.render.html import column_css

from .helpers import external_asset_urls, portal_staff, published_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return portal_staff("ar")


def test_published_report_is_listed_and_shown_with_the_core_tables(client, staff):
    annual = published_report(staff, 2021)
    slug = staff.org.slug
    listing = client.get(f"/{slug}/reports/").content.decode()
    assert f"{staff.org.name}2021年政府信息公开工作年度报告" in listing
    assert f'href="/{slug}/reports/2021/"' in listing
    response = client.get(f"/{slug}/reports/2021/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{staff.org.name}2021年政府信息公开工作年度报告" in html
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况"):
        assert heading in html
    assert "宣传不够；下一步加强宣传。" in html
    # The tables are the core HTML renderer's: merged cells and data-cell references.
    assert 'class="table3"' in html and "rowspan=" in html and 'data-cell="table3.' in html
    assert external_asset_urls(html) == []
    # column widths as classes (the CSP refuses style attributes), each with its rule in portal.css
    assert "<col style=" not in html and "style=" not in html.split("<main")[1]
    portal_css = (Path(gongkai.apps.portal.__file__).parent / "static/portal/portal.css").read_text(encoding="utf-8")
    for name in set(re.findall(r'<col class="(colw-[-0-9]+)">', html)):
        assert f"col.{name} {{ width:" in portal_css, name
    for fmt in ("docx", "pdf", "xlsx"):
        assert f'href="/{slug}/reports/2021/{fmt}/"' in html
    assert annual.status == "published"


def test_downloads_are_made_by_the_core_renderers(client, staff):
    published_report(staff, 2021)
    slug = staff.org.slug
    pdf = client.get(f"/{slug}/reports/2021/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"] and ".pdf" in pdf["Content-Disposition"]
    docx = client.get(f"/{slug}/reports/2021/docx/")
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        assert "word/document.xml" in z.namelist()
        assert "政府信息公开工作年度报告" in z.read("word/document.xml").decode()
    xlsx = client.get(f"/{slug}/reports/2021/xlsx/")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as z:
        assert "xl/workbook.xml" in z.namelist()


def test_draft_and_withdrawn_reports_are_404(client, staff):
    annual_report_generate(actor=staff.drafter, organization=staff.org, year=2022)
    annual = published_report(staff, 2021)
    annual_report_withdraw(actor=staff.leader, annual=annual, reason="数据有误，重新核对")
    slug = staff.org.slug
    for path in ("/{slug}/reports/2021/", "/{slug}/reports/2021/pdf/", "/{slug}/reports/2022/"):
        response = client.get(path.format(slug=slug))
        assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert "2021年政府信息公开工作年度报告" not in client.get(f"/{slug}/reports/").content.decode()


def test_portal_css_carries_every_report_column_width():
    """portal.css holds column_css() verbatim: every width any format's tables use (regenerate the block with
    ``python -c "from gongkai.core.render.html import column_css; print(column_css())"`` if a layout changes)."""
    portal_css = (Path(gongkai.apps.portal.__file__).parent / "static/portal/portal.css").read_text(encoding="utf-8")
    assert column_css() in portal_css
