"""The portal's 年报 page carries the 图解: each chart an SVG image beside its table, the figures of the report."""

import base64
import datetime as dt
import io
import re

import pdfplumber
import pytest
from lxml import etree

from gongkai.apps.applications import services as app_services

from .helpers import external_asset_urls, portal_staff, published_report

pytestmark = pytest.mark.django_db

D = dt.date
APPLICANT = {
    "applicant_name": "张三", "id_type": "id_card", "id_number": "110101199001011234", "phone": "13800138000",
    "email": "zhangsan@example.cn", "address": "某路1号", "description": "2021年财政预算",
    "delivery_form": "electronic", "delivery_method": "email",
}  # fmt: skip


@pytest.fixture
def staff():
    staff = portal_staff("fig")
    for received, kind, decision in (
        (D(2021, 3, 1), "natural_person", "disclosed"),
        (D(2021, 4, 6), "natural_person", "disclosed"),
        (D(2021, 5, 10), "commercial", "unavailable_not_held"),
        (D(2021, 12, 27), "research", None),
    ):
        app, _ = app_services.application_register(
            actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=received,
            applicant_type=kind, **APPLICANT,
        )  # fmt: skip
        if decision:
            on = received + dt.timedelta(days=10)
            app_services.application_decide(actor=staff.drafter, application=app, decision=decision, decided_on=on)
            app_services.application_approve_reply(actor=staff.leader, application=app, approved_on=on)
    return staff


def _svg_texts(uri_b64: str) -> list[str]:
    root = etree.fromstring(base64.b64decode(uri_b64))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not list(root.iter("{http://www.w3.org/2000/svg}script"))
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]


def test_report_page_shows_charts_with_their_tables(client, staff):
    annual = published_report(staff, 2021)
    html = client.get(f"/{staff.org.slug}/reports/2021/").content.decode()
    assert '<h2 id="figures-heading">图解</h2>' in html
    assert external_asset_urls(html) == [] and "<script" not in html
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(images) == 6
    assert all("数据见旁边的表格" in alt for _, alt in images)
    # 办理结果: the chart and its table give table 3's figures
    t3 = annual.report.table3
    assert t3["disclosed"]["total"] == 2 and t3["new_received"]["total"] == 4
    results = html.split('id="chart-results"')[1].split("</figure>")[0]
    assert '<th scope="row">予以公开</th><td>2</td>' in results
    assert '<th scope="row">无法提供</th><td>1</td>' in results
    assert '<th scope="row">合计</th><td>3</td>' in results
    uri = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', results).group(1)
    texts = _svg_texts(uri)
    assert {"予以公开", "无法提供", "2", "1"} <= set(texts)
    applicants = html.split('id="chart-applicants"')[1].split("</figure>")[0]
    assert '<th scope="row">合计</th><td>4</td>' in applicants


def test_report_pdf_download_has_the_figures(client, staff):
    published_report(staff, 2021)
    pdf = client.get(f"/{staff.org.slug}/reports/2021/pdf/")
    assert pdf.status_code == 200
    with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    figures = text.split("附：图解", 1)[1]
    for title in ("政府信息公开申请办理概况", "本年新收申请的申请人类型", "本年度办理结果", "行政复议、行政诉讼情况"):
        assert title in figures
    assert "予以公开" in figures and "无法提供" in figures
