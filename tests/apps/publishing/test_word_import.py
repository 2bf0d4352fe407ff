"""导入 Word through the item form and the services: the body is the document's (sanitized), its images become
attachments, hostile or wrong files are refused with a Chinese message and change nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.publishing.models import Attachment, Item
from gongkai.apps.publishing.services import (
    WORD_NOT_DOCX,
    WorkflowError,
    item_body_from_word,
    item_submit,
    word_document_read,
)
from gongkai.core.wordimport import EmbeddedFile, WordDocument
from tests.conftest import FIXTURES
from tests.core.hostile.files import gridspan_docx, zip_bomb_docx

from .helpers import category, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db
NOTICE = FIXTURES / "word" / "notice-libreoffice.docx"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def staff():
    return staff_with_catalogue("wd")


def url(name, staff, *args):
    return reverse(f"publishing:{name}", args=[staff.org.slug, *args])


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="application/octet-stream")


def test_create_a_draft_from_a_libreoffice_document(client, staff):
    client.force_login(staff.drafter)
    response = client.post(
        url("item_create", staff),
        {
            "title": "关于做好春耕生产工作的通知",
            "category": category(staff.org).pk,
            "word_file": upload(NOTICE, "春耕通知.docx"),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已从 Word 导入正文，另有 1 个图片或文件成为附件。" in page
    item = Item.objects.get(title="关于做好春耕生产工作的通知")
    assert item.body.startswith("<h2>关于做好春耕生产工作的通知</h2><p>各村（社区）：</p>")
    assert "<strong>现将有关事项通知如下</strong>" in item.body and "<ol><li>摸底调查。</li>" in item.body
    assert '<td rowspan="2">另行通知</td>' in item.body and '<td colspan="2">合计 20.5</td>' in item.body
    assert '<th scope="col">项目</th>' in item.body
    attachment = Attachment.objects.get(item=item)
    assert attachment.original_name == "春耕通知-图1.png" and attachment.content_type == "image/png"
    assert attachment.file.read().startswith(b"\x89PNG")
    # the detail page shows the table and the attachment; the right alignment became a class (the CSP)
    assert '<td rowspan="2">另行通知</td>' in page and "春耕通知-图1.png" in page
    assert '<p class="gk-align-right">思礼镇人民政府</p>' in page
    log = AuditLog.objects.get(action="publishing.item.import_word")
    assert log.after["file"] == "春耕通知.docx" and log.after["attachments"] == ["春耕通知-图1.png"]
    assert log.after["tables"] == 1


def test_editing_a_draft_replaces_its_body(client, staff):
    item = draft(staff, body="旧的正文")
    client.force_login(staff.drafter)
    response = client.post(
        url("item_edit", staff, item.pk),
        {
            "title": item.title,
            "category": item.category_id,
            "formed_on": "2020-03-02",
            "body": "表单里的正文",
            "word_file": upload(NOTICE),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    item.refresh_from_db()
    assert "旧的正文" not in item.body and "表单里的正文" not in item.body and "<h3>三、资金安排</h3>" in item.body


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda tmp: gridspan_docx(tmp / "表格.docx"), "表格.docx：表格声称有 300000002 列"),
        (lambda tmp: zip_bomb_docx(tmp / "炸弹.docx", megabytes=8), "疑似恶意文件（压缩炸弹），拒绝读取"),
    ],
    ids=["gridspan", "zip-bomb"],
)
def test_hostile_documents_are_refused_on_the_form(client, staff, tmp_path, make, message):
    item = draft(staff, body="原来的正文")
    client.force_login(staff.drafter)
    path = make(tmp_path)
    response = client.post(
        url("item_edit", staff, item.pk),
        {"title": "改了标题", "category": item.category_id, "formed_on": "2020-03-02", "word_file": upload(path)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    item.refresh_from_db()
    assert item.title != "改了标题" and item.body == "<p>原来的正文</p>"  # nothing of the form was saved
    # creating is refused the same way: no draft without its body
    before = Item.objects.count()
    response = client.post(
        url("item_create", staff), {"title": "新的", "category": item.category_id, "word_file": upload(path)}
    )
    assert message in response.content.decode() and Item.objects.count() == before


def test_an_old_doc_file_is_asked_to_be_saved_as_docx(client, staff):
    client.force_login(staff.drafter)
    doc = SimpleUploadedFile("通知.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    response = client.post(
        url("item_create", staff), {"title": "x", "category": category(staff.org).pk, "word_file": doc}
    )
    assert WORD_NOT_DOCX in response.content.decode()
    renamed = SimpleUploadedFile("通知.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    response = client.post(
        url("item_create", staff), {"title": "x", "category": category(staff.org).pk, "word_file": renamed}
    )
    assert "通知.docx：不是有效的 Word（.docx）文件，或文件已损坏，无法导入" in response.content.decode()


def test_read_then_write_with_the_services(staff):
    document = word_document_read(upload=upload(NOTICE))
    item = draft(staff)
    result = item_body_from_word(actor=staff.drafter, item=item, document=document, file_name=NOTICE.name)
    assert [a.original_name for a in result.attachments] == ["notice-libreoffice-图1.png"]
    assert item.body.startswith("<h2>")  # the caller's instance sees the change


def test_embedded_files_of_other_types_are_named_not_attached(staff):
    item = draft(staff)
    document = WordDocument(
        html='<p>正文<script>alert(1)</script></p><p onclick="x()">二</p>',
        files=(
            EmbeddedFile("a-图1.png", PNG, "image/png"),
            EmbeddedFile("a-图2.emf", b"\x01\x00\x00\x00", "image/x-emf"),
            EmbeddedFile("a-图3.png", b"not a png", "image/png"),
        ),
    )
    result = item_body_from_word(actor=staff.drafter, item=item, document=document, file_name="a.docx")
    assert item.body == "<p>正文</p><p>二</p>"  # the sanitizer ran
    assert [a.original_name for a in result.attachments] == ["a-图1.png"]
    assert result.skipped == [
        "a-图2.emf（emf 格式不能作为附件）",
        "a-图3.png（附件“a-图3.png”的内容与扩展名“png”不符。）",
    ]


def test_only_the_drafter_of_a_draft_may_import(staff):
    item = draft(staff)
    document = WordDocument(html="<p>x</p>")
    with pytest.raises(PermissionDeniedError):
        item_body_from_word(actor=staff.reviewer, item=item, document=document, file_name="a.docx")
    item_submit(actor=staff.drafter, item=item)
    with pytest.raises(WorkflowError, match="不能导入 Word 正文"):
        item_body_from_word(actor=staff.drafter, item=item, document=document, file_name="a.docx")
