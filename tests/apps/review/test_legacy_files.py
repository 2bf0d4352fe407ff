"""年报检查 accepts what supervisors are sent besides PDF and DOCX: old Word (.doc), WPS (.wps), OFD and
scanned PDFs, uploaded through the page and read by the background worker in the sandbox like the rest;
without LibreOffice a .doc/.wps ends as one Chinese reason, and the upload is kept."""

from __future__ import annotations

import json
import shutil

import pytest
from django.urls import reverse

from gongkai.apps.review.models import CheckBatch
from gongkai.core.parse import legacy
from tests.conftest import FIXTURES

from .conftest import upload

pytestmark = pytest.mark.django_db

REAL = FIXTURES / "corpus" / "real" / "files"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def _url(name, county, *args):
    return reverse(f"review:{name}", args=[county.county.slug, *args])


def _real(relative: str, name: str):
    return upload(name, (REAL / relative).read_bytes())


def _truth(relative: str) -> dict:
    return json.loads((REAL / relative).with_suffix(".golden.json").read_text())


def _post(client, county, year, files):
    client.force_login(county.leader)
    response = client.post(_url("batches", county), {"year": year, "files": files})
    assert response.status_code == 302, response.content.decode()[:2000]
    return CheckBatch.objects.get()


def test_the_upload_page_names_the_new_kinds(client, county):
    client.force_login(county.leader)
    page = client.get(_url("batches", county)).content.decode()
    assert "Word（.docx、.doc）、WPS（.wps）" in page and "OFD" in page
    assert 'accept=".pdf,.docx,.doc,.wps,.ofd,' in page


@needs_soffice
@pytest.mark.parametrize(
    ("relative", "name", "kind"),
    [
        ("doc/dazhai_2021.doc", "大寨乡2021年报.doc", "旧版 Word 文档（.doc）"),
        ("wps/zhafu_2021.wps", "鲊埠回族乡2021年报.wps", "WPS 文字文档（.wps）"),
        ("ofd/tangcun_2020.ofd", "唐村镇2020年报.ofd", "OFD 版式文档"),
    ],
)
def test_real_doc_wps_and_ofd_are_read_through_the_queue(client, county, run_tasks, relative, name, kind):
    truth = _truth(relative)["report"]
    batch = _post(client, county, truth["year"], [_real(relative, name)])
    row = batch.reports.get()
    assert row.status == "queued" and row.get_source_kind_display() == kind
    assert run_tasks() == 1
    row.refresh_from_db()
    assert row.status == "parsed", row.parse_error
    assert (row.detected_organization, row.detected_year) == (truth["organization"], truth["year"])
    content = json.loads(row.content)
    assert content["table2"] == truth["table2"]  # every cell of table 2 as the source prints it
    page = client.get(_url("report", county, batch.pk, row.pk)).content.decode()
    assert kind in page and truth["organization"] in page


@needs_tesseract
def test_real_scanned_pdf_is_read_through_the_queue_and_marked_as_ocr(client, county, run_tasks):
    relative = "scan/tangcun_2020_scan.pdf"
    batch = _post(client, county, 2020, [_real(relative, "唐村镇扫描件.pdf")])
    assert run_tasks() == 1
    row = batch.reports.get()
    assert row.status == "parsed", row.parse_error
    assert "structure.ocr" in {f["rule"] for f in row.parse_findings}
    page = client.get(_url("report", county, batch.pk, row.pk)).content.decode()
    assert "OCR" in page


def test_without_libreoffice_a_doc_is_kept_with_a_chinese_reason(client, county, run_tasks, monkeypatch):
    monkeypatch.setattr(legacy, "_soffice", lambda: None)
    batch = _post(client, county, 2021, [_real("doc/dazhai_2021.doc", "大寨乡.doc"), _real("wps/zhafu_2021.wps", "鲊埠.wps")])
    assert run_tasks() == 2
    reasons = dict(batch.reports.values_list("original_name", "parse_error"))
    assert reasons["大寨乡.doc"] == (
        "大寨乡.doc：旧版 Word 97-2003 文件（.doc）需要 LibreOffice 转换后读取，本机未安装 LibreOffice"
        "（请管理员安装 libreoffice-writer，或将文件另存为 .docx 后再读取）"
    )
    assert reasons["鲊埠.wps"].startswith("鲊埠.wps：旧版 WPS 文字 文件（.wps）需要 LibreOffice")
    page = client.get(_url("batch", county, batch.pk)).content.decode()
    assert "请管理员安装 libreoffice-writer" in page and "重新读取" in page
    row = batch.reports.get(original_name="大寨乡.doc")
    original = client.get(_url("report_file", county, batch.pk, row.pk))
    assert b"".join(original.streaming_content) == (REAL / "doc/dazhai_2021.doc").read_bytes()
