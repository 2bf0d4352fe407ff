"""三审三校 before publishing, and the 政策文件 steps: 有效性 changes and 政策解读 links."""

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.publishing.choices import FindingStatus, ItemKind, ItemStatus, Validity
from gongkai.apps.publishing.models import ItemFinding, SensitiveTerm
from gongkai.apps.publishing.services import (
    attachment_add,
    item_finding_confirm,
    item_import_published,
    item_review_approve,
    item_review_return,
    item_sign,
    item_submit,
    item_update,
    item_validity_change,
)

from .helpers import category, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db

PERSONAL = "低保对象王某，身份证号11010519491231002X，联系电话13912345678。"


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_shipped_wrong_terms_come_with_their_sources():
    terms = {t.wrong: t for t in SensitiveTerm.objects.all()}
    assert terms["中华人民共合国"].correct == "中华人民共和国"
    assert terms["攻府"].correct == "政府"
    assert all(t.source for t in terms.values())


def test_submit_finds_personal_data_and_wrong_terms_in_title_body_and_attachments():
    staff = staff_with_catalogue("ck1")
    item = draft(staff, "攻府关于低保对象的公示", body=f"<p>{PERSONAL}</p>")
    attachment_add(
        actor=staff.drafter, item=item, upload=SimpleUploadedFile("名单.docx", _docx("户主 李某 银行卡 6217000010008888888"))
    )
    item = item_submit(actor=staff.drafter, item=item)
    rows = {(r.field, r.kind, r.shown) for r in ItemFinding.objects.filter(item=item)}
    assert ("标题", "term", "攻府") in rows
    assert ("正文", "id_card", "110*************2X") in rows  # stored masked, never in clear
    assert ("正文", "mobile", "139******78") in rows
    assert ("附件“名单.docx”", "bank_card", "621**************88") in rows
    assert not ItemFinding.objects.filter(shown__contains="11010519491231002X").exists()
    submit = AuditLog.objects.filter(action="publishing.item.submit").latest("id")
    assert submit.after["findings"] == len(rows)


def test_open_findings_block_approval_and_signing_until_confirmed():
    staff = staff_with_catalogue("ck2")
    item = item_submit(actor=staff.drafter, item=draft(staff, body=f"<p>{PERSONAL}</p>"))
    with pytest.raises(ValidationError) as excinfo:
        item_review_approve(actor=staff.reviewer, item=item)
    assert "三审三校提示未处理" in str(excinfo.value) and "身份证号" in str(excinfo.value)
    for finding in ItemFinding.objects.filter(item=item):
        item_finding_confirm(actor=staff.reviewer, finding=finding, comment="公示依法需要")
    item = item_review_approve(actor=staff.reviewer, item=item)
    item = item_sign(actor=staff.leader, item=item, published_on=dt.date(2020, 3, 20))
    assert item.status == ItemStatus.PUBLISHED
    confirmed = ItemFinding.objects.filter(item=item)
    assert {f.status for f in confirmed} == {FindingStatus.CONFIRMED}
    assert confirmed.first().confirmed_by_name
    assert AuditLog.objects.filter(action="publishing.item.finding_confirm").count() == confirmed.count()


def test_a_confirmation_survives_resubmission_of_the_same_text_but_not_a_changed_one():
    staff = staff_with_catalogue("ck3")
    item = item_submit(actor=staff.drafter, item=draft(staff, body="<p>联系电话13912345678</p>"))
    finding = ItemFinding.objects.get(item=item)
    item_finding_confirm(actor=staff.reviewer, finding=finding)
    item = item_review_return(actor=staff.reviewer, item=item, comment="请补充落款")
    item = item_update(actor=staff.drafter, item=item, summary="补充了落款")
    item = item_submit(actor=staff.drafter, item=item)
    assert ItemFinding.objects.get(item=item).status == FindingStatus.CONFIRMED
    item = item_review_return(actor=staff.reviewer, item=item, comment="号码写错了")
    item = item_update(actor=staff.drafter, item=item, body="<p>联系电话13912345679</p>")
    item = item_submit(actor=staff.drafter, item=item)
    assert list(ItemFinding.objects.filter(item=item).values_list("status", "shown")) == [
        (FindingStatus.OPEN, "139******79")
    ]


def test_fixing_the_text_clears_the_finding():
    staff = staff_with_catalogue("ck4")
    item = item_submit(actor=staff.drafter, item=draft(staff, "中华人民共合国成立75周年"))
    item = item_review_return(actor=staff.reviewer, item=item, comment="标题错字")
    item = item_update(actor=staff.drafter, item=item, title="中华人民共和国成立75周年")
    item = item_submit(actor=staff.drafter, item=item)
    assert not ItemFinding.objects.filter(item=item).exists()
    assert item_review_approve(actor=staff.reviewer, item=item).status == ItemStatus.PENDING_SIGNOFF


def test_only_reviewers_and_signers_confirm_and_only_while_in_review():
    staff = staff_with_catalogue("ck5")
    item = item_submit(actor=staff.drafter, item=draft(staff, body="<p>电话13912345678</p>"))
    finding = ItemFinding.objects.get(item=item)
    with pytest.raises(PermissionDeniedError):
        item_finding_confirm(actor=staff.drafter, finding=finding)
    with pytest.raises(PermissionDeniedError):
        item_finding_confirm(actor=staff.outsider, finding=finding)
    item_finding_confirm(actor=staff.reviewer, finding=finding)
    with pytest.raises(ValidationError, match="已经确认"):
        item_finding_confirm(actor=staff.reviewer, finding=finding)


def _policy(staff, title="思礼镇农村人居环境整治实施方案", **kw):
    return item_import_published(
        actor=None,
        organization=staff.org,
        title=title,
        category=category(staff.org, "local.policies"),
        published_on=dt.date(2021, 3, 1),
        kind=ItemKind.POLICY,
        **kw,
    )


def test_policy_documents_state_validity_and_change_it_as_an_audited_step():
    staff = staff_with_catalogue("ck6")
    old = _policy(staff)
    assert old.validity == Validity.VALID
    new = _policy(staff, "思礼镇农村人居环境整治实施方案（修订）")
    with pytest.raises(ValidationError, match="修改后的文件"):
        item_validity_change(actor=staff.leader, item=old, validity=Validity.AMENDED, reason="修订")
    with pytest.raises(ValidationError, match="变更理由"):
        item_validity_change(actor=staff.leader, item=old, validity=Validity.REPEALED)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        item_validity_change(
            actor=staff.leader, item=old, validity=Validity.REPEALED, reason="x", changed_on=dt.date.today() + dt.timedelta(days=1)
        )
    with pytest.raises(PermissionDeniedError):
        item_validity_change(actor=staff.reviewer, item=old, validity=Validity.REPEALED, reason="x")
    old = item_validity_change(
        actor=staff.leader, item=old, validity=Validity.AMENDED, replaced_by=new, reason="被新方案修改", changed_on=dt.date(2022, 1, 5)
    )
    assert (old.validity, old.validity_changed_on, old.replaced_by_id) == (Validity.AMENDED, dt.date(2022, 1, 5), new.pk)
    entry = AuditLog.objects.get(action="publishing.item.validity_change")
    assert entry.before["validity"] == "valid" and entry.after["replaced_by"] == new.pk and entry.reason == "被新方案修改"


def test_validity_is_only_for_published_policy_documents():
    staff = staff_with_catalogue("ck7")
    plain = item_import_published(
        actor=None, organization=staff.org, title="春季植树通知", category=category(staff.org), published_on=dt.date(2021, 3, 1)
    )
    with pytest.raises(ValidationError, match="政策文件"):
        item_validity_change(actor=staff.leader, item=plain, validity=Validity.REPEALED, reason="x")


def test_interpretation_links_to_a_policy_of_the_same_body():
    staff = staff_with_catalogue("ck8")
    policy = _policy(staff)
    reading = draft(staff, "《思礼镇农村人居环境整治实施方案》政策解读", kind=ItemKind.INTERPRETATION, interprets=policy)
    assert list(policy.interpretations.all()) == [reading]
    with pytest.raises(ValidationError, match="政策解读"):
        draft(staff, "普通信息", interprets=policy)
    with pytest.raises(ValidationError, match="本机关的政策文件"):
        draft(staff, "解读一个普通信息", kind=ItemKind.INTERPRETATION, interprets=reading)
