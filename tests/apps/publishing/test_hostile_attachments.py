"""Hostile attachments at submission (issue 8): the 三审三校 checks read attachments in a limited child process.

Before, ``attachment_text`` opened DOCX and PDF in the request itself: a 39 KB DOCX whose cell claims
``gridSpan="300000000"`` made python-docx build a row of 300 million cells (gigabytes, tens of seconds), and
a zip bomb, a damaged file or pages past the 50th were skipped without a word. Now each becomes one Chinese
finding the reviewer must confirm, and the request answers.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.apps.publishing.choices import FindingStatus, ItemStatus
from gongkai.apps.publishing.models import Item, ItemFinding
from gongkai.apps.publishing.services import attachment_add, attachment_text, item_submit
from gongkai.core.parse.limits import ParseLimits
from tests.core.hostile import files

from .helpers import draft, staff_with_catalogue

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


def _attach(staff, item, path: Path, name: str | None = None):
    return attachment_add(actor=staff.drafter, item=item, upload=SimpleUploadedFile(name or path.name, path.read_bytes()))


def _gridspan_with_text(path: Path) -> Path:
    """A DOCX with personal data in a paragraph and a table cell claiming 300,000,000 columns."""
    document = docx.Document()
    document.add_paragraph(f"低保对象王某，身份证号{ID_NUMBER}。")
    document.add_table(rows=2, cols=3).cell(1, 1).text = "表格里的文字 攻府"
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = data.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="300000000"/>', 1)
            out.writestr(entry, data)
    return path


def test_a_huge_gridspan_is_read_quickly_and_its_text_still_checked(tmp_path):
    path = _gridspan_with_text(tmp_path / "名单.docx")
    start = time.monotonic()
    read = attachment_text(path, "名单.docx")
    assert time.monotonic() - start < 10
    assert ID_NUMBER in read.text and "表格里的文字 攻府" in read.text and read.note == ""


def test_hostile_attachments_become_chinese_findings_and_block_approval(tmp_path):
    staff = staff_with_catalogue("ha1")
    item = draft(staff, "关于低保对象的公示")
    _attach(staff, item, files.zip_bomb_docx(tmp_path / "炸弹.docx"))
    _attach(staff, item, files.many_pages_pdf(tmp_path / "长文件.pdf", pages=5000))
    _attach(staff, item, files.corrupt_pdf(tmp_path / "坏文件.pdf"))
    _attach(staff, item, _gridspan_with_text(tmp_path / "名单.docx"))
    start = time.monotonic()
    item = item_submit(actor=staff.drafter, item=item)
    assert time.monotonic() - start < 30
    rows = {r.field: r for r in ItemFinding.objects.filter(item=item)}
    bomb = rows["附件“炸弹.docx”"]
    assert bomb.kind == "unchecked" and "压缩炸弹" in bomb.message and bomb.message.count("\n") == 0
    pages = rows["附件“长文件.pdf”"]
    assert pages.kind == "unchecked" and "PDF 有 5000 页" in pages.message and "人工核对" in pages.message
    assert rows["附件“坏文件.pdf”"].message == "PDF 第 1 页无法解析，未能检查其中的文字"
    # the text of the gridSpan file is checked like any other
    assert ItemFinding.objects.filter(item=item, field="附件“名单.docx”", kind="id_card").exists()
    assert not ItemFinding.objects.filter(message__contains="Traceback").exists()
    # the reviewer must look at them before approving
    with pytest.raises(Exception, match="三审三校提示未处理"):
        from gongkai.apps.publishing.services import item_review_approve

        item_review_approve(actor=staff.reviewer, item=item, comment="同意")
    assert Item.objects.get(pk=item.pk).status == ItemStatus.PENDING_REVIEW
    assert all(r.status == FindingStatus.OPEN for r in rows.values())


def test_a_memory_hog_attachment_is_stopped_by_the_child_process_limit(tmp_path, settings):
    """With the zip checks raised out of the way, a 300 MB document.xml still cannot take the server's memory:
    the child process has its own limit and ends as one line."""
    bomb = files.zip_bomb_docx(tmp_path / "大文件.docx", megabytes=300)
    settings.GONGKAI_PARSE_LIMITS = {"max_unzipped": 1 << 40, "max_ratio": 1 << 30, "memory_mb": 64}
    read = attachment_text(bomb, "大文件.docx")
    assert read.text == "" and read.note == "大文件.docx：读取时需要的内存超过 64 MB 的上限（文件过大或结构异常），已停止读取"


def test_attachments_share_one_time_budget(tmp_path, settings):
    settings.GONGKAI_ATTACHMENT_CHECK_SECONDS = 0.5
    staff = staff_with_catalogue("ha2")
    item = draft(staff)
    for n in range(3):
        _attach(staff, item, files.many_pages_pdf(tmp_path / f"p{n}.pdf", pages=3000))
    item = item_submit(actor=staff.drafter, item=item)
    messages = [r.message for r in ItemFinding.objects.filter(item=item, kind="unchecked")]
    assert len(messages) == 3 and all("请人工核对" in m or "秒" in m for m in messages)


def test_the_submit_page_answers_and_the_item_page_shows_the_line(client, tmp_path):
    staff = staff_with_catalogue("ha3")
    item = draft(staff)
    _attach(staff, item, files.zip_bomb_docx(tmp_path / "炸弹.docx"))
    client.force_login(staff.drafter)
    response = client.post(f"/staff/o/{staff.org.slug}/items/{item.pk}/do/submit/", {"comment": ""})
    assert response.status_code == 302
    client.force_login(staff.reviewer)
    html = client.get(f"/staff/o/{staff.org.slug}/items/{item.pk}/").content.decode()
    assert "（未能检查）" in html and "压缩炸弹" in html and "1 项待确认" in html


def test_limits_from_the_core_are_used(settings):
    from gongkai.apps.publishing.services import attachment_limits

    settings.GONGKAI_PARSE_LIMITS = {"max_pages": 7}
    limits = attachment_limits()
    assert isinstance(limits, ParseLimits) and limits.max_pages == 7 and limits.timeout <= 20
