"""The 统计 page, its permissions, and its XLSX, PDF and DOCX files (the same numbers everywhere)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile

import pdfplumber
import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree
from openpyxl import load_workbook

from gongkai.apps.annual.records import build_report

from .conftest import YEAR

pytestmark = pytest.mark.django_db
URL = "/staff/o/{slug}/stats/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user, slug, query=f"?year={YEAR}"):
    return _client(user).get(URL.format(slug=slug) + query)


def test_township_page_shows_charts_with_tables(county):
    response = _page(county.a.drafter, county.a.org.slug)
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲镇人民政府 2025 年政府信息公开统计" in html
    assert '<a href="/staff/o/tj-a/stats/" aria-current="page">统计</a>' in html  # the nav entry
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(images) == 12
    for data, _alt in images:
        root = etree.fromstring(base64.b64decode(data))
        assert not list(root.iter("{http://www.w3.org/2000/svg}script"))
    assert "<script" not in html.split("</head>")[1]
    applicants = html.split('id="chart-applicant_types"')[1].split("</figure>")[0]
    assert '<th scope="row">商业企业</th><td>2</td>' in applicants
    assert '<th scope="row">合计</th><td>6</td>' in applicants
    assert "80.0%" in html  # 在答复期限内答复 4 of 5
    assert "各机关" not in html  # a township has no bodies below


def test_permissions_township_county_public(county):
    a, b = county.a.org.slug, county.b.org.slug
    assert _page(county.a.drafter, b).status_code == 403
    assert _page(county.a.drafter, county.county.slug).status_code == 403
    assert _page(county.a.auditor, a).status_code == 403
    anonymous = Client().get(URL.format(slug=a))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert Client().get(URL.format(slug=a) + "file.xlsx").status_code == 302
    # the county's 领导 sees the county with its townships, and each township
    html = _page(county.county_leader, county.county.slug).content.decode()
    assert "统计县人民政府及下级机关（3 个）" in html
    bodies = html.split("<caption>各机关主要数据</caption>")[1]
    assert "甲镇人民政府" in bodies and "乙镇人民政府" in bodies and "村民委员会" not in bodies
    assert _page(county.county_leader, a).status_code == 200
    only = _page(county.county_leader, county.county.slug, f"?year={YEAR}&scope=self").content.decode()
    assert "统计县人民政府 2025 年政府信息公开统计" in only and "各机关主要数据" not in only
    # the county's 经办人 has no inherited view: his county alone, no scope choice
    html = _page(county.county_drafter, county.county.slug).content.decode()
    assert "统计县人民政府 2025 年" in html and 'name="scope"' not in html


def test_bad_year_gives_a_chinese_message(county):
    for bad in ("abc", "1999", "99999", "2025-1"):
        response = _page(county.a.drafter, county.a.org.slug, f"?year={bad}")
        assert response.status_code == 200
        assert "年度应为 2019 年至" in response.content.decode()
    assert _client(county.a.drafter).get(URL.format(slug=county.a.org.slug) + "file.exe").status_code == 404


def test_xlsx_has_the_same_numbers_as_the_report(county):
    response = _client(county.a.drafter).get(URL.format(slug=county.a.org.slug) + f"file.xlsx?year={YEAR}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    report = build_report(county.a.org, YEAR)
    types = {row[0]: row[1] for row in book["申请人类型"].iter_rows(min_row=3, values_only=True)}
    assert types["商业企业"] == report.table3["new_received"]["commercial"] == 2
    assert types["合计"] == report.table3["new_received"]["total"]
    outcomes = {row[0]: row[1] for row in book["本年办结申请的办理结果"].iter_rows(min_row=3, values_only=True)}
    assert outcomes["予以公开"] == report.table3["disclosed"]["total"]
    remedies = {
        row[0]: row[1:] for row in book["行政复议、行政诉讼案件（按结果）"].iter_rows(min_row=3, values_only=True)
    }
    assert sum(remedies["行政复议"]) == report.table4["reconsideration"]["total"]
    summary = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=4, values_only=True)}
    assert summary["依申请公开：本年收到申请"] == 6
    assert summary["答复时间：在答复期限内答复"] == pytest.approx(0.8)
    assert summary["第二十条登记：政府集中采购金额（万元）"] == pytest.approx(32.2526)


def test_county_xlsx_has_the_bodies(county):
    response = _client(county.county_leader).get(URL.format(slug=county.county.slug) + f"file.xlsx?year={YEAR}")
    rows = {row[0]: row for row in load_workbook(io.BytesIO(response.content))["各机关"].iter_rows(values_only=True)}
    assert rows["甲镇人民政府"][2] == 6 and rows["乙镇人民政府"][2] == 1 and rows["乙镇人民政府"][4] == 1


def test_pdf_and_docx_carry_the_charts(county):
    client = _client(county.a.drafter)
    pdf = client.get(URL.format(slug=county.a.org.slug) + f"file.pdf?year={YEAR}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    for title in (
        "每月发布信息数（按渠道）",
        "申请人类型",
        "答复用时分布（工作日）",
        "行政复议、行政诉讼案件（按结果）",
    ):
        assert title in text
    assert "商业企业" in text and "概况信息" in text  # chart labels and tables are text
    docx = client.get(URL.format(slug=county.a.org.slug) + f"file.docx?year={YEAR}")
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        pictures = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        xml = z.read("word/document.xml").decode()
    assert len(pictures) == 12
    assert "申请人类型" in xml and "商业企业" in xml and "w:tblHeader" in xml


def test_page_opens_on_the_latest_year_with_data(county):
    # the fixture's records are in 2025 (and one item in 2024): with no ?year= the page shows 2025
    html = _page(county.a.drafter, county.a.org.slug, "").content.decode()
    assert "甲镇人民政府 2025 年政府信息公开统计" in html
    assert '<option value="2025" selected>' in html
    # an unusable year falls back to the same year, and says so
    html = _page(county.a.drafter, county.a.org.slug, "?year=abc").content.decode()
    assert "已显示 2025 年" in html and "甲镇人民政府 2025 年政府信息公开统计" in html
    # the export links carry the year shown
    assert "file.xlsx?year=2025" in html


def test_latest_year_with_data_and_the_last_complete_year(county):
    from gongkai.apps.organizations.testing import make_org
    from gongkai.apps.stats.selectors import latest_year_with_data

    later = dt.date(2028, 3, 1)
    assert latest_year_with_data([county.a.org], today=later) == 2025
    assert latest_year_with_data([county.b.org, county.a.org], today=later) == 2025
    # records after "today" are not looked at: before 2025 only the 2024 item counts
    assert latest_year_with_data([county.a.org], today=dt.date(2024, 12, 31)) == 2024
    # a body with no records opens on the last complete year
    empty = make_org("空白镇人民政府", slug="tj-empty")
    assert latest_year_with_data([empty], today=later) == 2027
    assert latest_year_with_data([empty]) == timezone.localdate().year - 1
