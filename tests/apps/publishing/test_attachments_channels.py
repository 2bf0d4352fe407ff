import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from gongkai.apps.organizations.testing import check_access
from gongkai.apps.publishing.choices import ChannelKind, ItemStatus
from gongkai.apps.publishing.services import (
    WorkflowError,
    attachment_add,
    attachment_remove,
    channel_create,
    distribution_record,
    item_review_approve,
    item_sign,
    item_submit,
)

from .helpers import blank_pdf, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db

PDF = blank_pdf()


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def test_pdf_attachment_accepted_and_removed(tmp_path):
    staff = staff_with_catalogue()
    item = draft(staff)
    att = attachment_add(actor=staff.drafter, item=item, upload=SimpleUploadedFile("通知.pdf", PDF, "application/pdf"))
    assert att.size == len(PDF) and att.original_name == "通知.pdf"
    path = att.file.path
    assert open(path, "rb").read() == PDF
    attachment_remove(actor=staff.drafter, attachment=att)
    assert not item.attachments.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ....", "不支持的附件类型"),
        ("fake.pdf", b"<html>not a pdf</html>", "不符"),
        ("empty.pdf", b"", "空文件"),
        ("noext", b"abc", "不支持的附件类型"),
    ],
)
def test_bad_attachments_rejected_in_chinese(name, content, message):
    staff = staff_with_catalogue()
    item = draft(staff)
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=staff.drafter, item=item, upload=SimpleUploadedFile(name, content))
    assert message in exc.value.message_dict["file"][0]


@override_settings(GONGKAI_ATTACHMENT_MAX_BYTES=10)
def test_attachment_size_limit():
    staff = staff_with_catalogue()
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=staff.drafter, item=draft(staff), upload=SimpleUploadedFile("a.pdf", PDF))
    assert "超过大小上限" in exc.value.message_dict["file"][0]


def test_attachments_only_on_drafts_and_by_drafters():
    staff = staff_with_catalogue()
    item = draft(staff)
    check_access(
        staff,
        lambda u: attachment_add(actor=u, item=item, upload=SimpleUploadedFile("a.pdf", PDF)),
        allowed_roles={"drafter"},
    )
    item_submit(actor=staff.drafter, item=item)
    with pytest.raises(WorkflowError):
        attachment_add(actor=staff.drafter, item=item, upload=SimpleUploadedFile("a.pdf", PDF))


def test_distribution_record():
    staff = staff_with_catalogue()
    board = channel_create(
        actor=staff.sysadmin, organization=staff.org, kind=ChannelKind.NOTICE_BOARD, name="镇政府公告栏"
    )
    item = draft(staff)
    with pytest.raises(WorkflowError):
        distribution_record(actor=staff.drafter, item=item, channel=board)
    item_submit(actor=staff.drafter, item=item)
    item_review_approve(actor=staff.reviewer, item=item)
    item_sign(actor=staff.leader, item=item)
    assert item.status == ItemStatus.PUBLISHED
    with pytest.raises(ValidationError):
        distribution_record(actor=staff.drafter, item=item, channel=board, url="not a url")
    check_access(
        staff,
        lambda u: distribution_record(actor=u, item=item, channel=board, note="张贴"),
        allowed_roles={"drafter"},
    )
    assert item.distributions.count() == 2
    with pytest.raises(ValidationError):
        from django.utils import timezone

        distribution_record(
            actor=staff.drafter, item=item, channel=board, published_at=timezone.now() + dt.timedelta(days=1)
        )


def test_channel_rules():
    staff = staff_with_catalogue()
    with pytest.raises(ValidationError):
        channel_create(actor=staff.sysadmin, organization=staff.org, kind=ChannelKind.PORTAL, name="第二个网站")
    with pytest.raises(ValidationError):
        channel_create(actor=staff.sysadmin, organization=staff.org, kind="radio", name="广播")
    check_access(
        staff,
        lambda u: channel_create(actor=u, organization=staff.org, kind=ChannelKind.OTHER, name=f"渠道{u.pk}"),
        allowed_roles={"sysadmin"},
    )


def test_attachment_download_checks_permission(client):
    from django.urls import reverse

    from gongkai.apps.organizations.testing import check_view_access

    staff = staff_with_catalogue()
    item = draft(staff)
    att = attachment_add(actor=staff.drafter, item=item, upload=SimpleUploadedFile("通知.pdf", PDF, "application/pdf"))
    url = reverse("publishing:attachment_download", args=[staff.org.slug, att.pk])
    check_view_access(client, staff, url, allowed_roles={"drafter", "reviewer", "leader", "sysadmin"})
    client.force_login(staff.reviewer)
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    other = reverse("publishing:attachment_download", args=[staff.other_org.slug, att.pk])
    client.force_login(staff.outsider)
    assert client.get(other).status_code == 404


def test_channel_choice_has_a_chinese_blank_label():
    from gongkai.apps.publishing.forms import DistributionForm

    staff = staff_with_catalogue()
    html = str(DistributionForm(organization=staff.org)["channel"])
    assert "请选择渠道" in html and "---------" not in html
