"""Four eyes on an item: whoever drafted it never reviews or signs it, whatever roles he holds (issue 8)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.choices import Role
from gongkai.apps.organizations.models import Membership
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.organizations.testing import make_user
from gongkai.apps.publishing.choices import ItemStatus
from gongkai.apps.publishing.selectors import item_author_ids, review_queue
from gongkai.apps.publishing.services import (
    attachment_add,
    item_create,
    item_review_approve,
    item_review_return,
    item_sign,
    item_sign_return,
    item_submit,
    item_update,
)

from .helpers import blank_pdf, category, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db
PDF = blank_pdf()


def all_roles_in(org, username):
    """The issue's case: one person holding 经办人, 审核人 and 领导 (as sl_admin gave himself). The services no
    longer allow that set, so it is written directly, as an install from before the rules might hold it."""
    user = make_user(username)
    Membership.objects.bulk_create(
        [Membership(user=user, organization=org, role=r) for r in (Role.DRAFTER, Role.REVIEWER, Role.LEADER)]
    )
    return user


def test_one_person_with_every_role_cannot_publish_alone():
    staff = staff_with_catalogue()
    alone = all_roles_in(staff.org, "alone")
    item = item_create(actor=alone, organization=staff.org, title="自己起草", category=category(staff.org))
    item_submit(actor=alone, item=item)
    with pytest.raises(PermissionDeniedError, match="四眼原则"):
        item_review_approve(actor=alone, item=item)
    with pytest.raises(PermissionDeniedError):
        item_review_return(actor=alone, item=item, comment="退回")
    item.refresh_from_db()
    assert item.status == ItemStatus.PENDING_REVIEW
    item_review_approve(actor=staff.reviewer, item=item)
    with pytest.raises(PermissionDeniedError, match="不能签发"):
        item_sign(actor=alone, item=item)
    with pytest.raises(PermissionDeniedError):
        item_sign_return(actor=alone, item=item, comment="退回")
    item.refresh_from_db()
    assert item.status == ItemStatus.PENDING_SIGNOFF and item.signed_by is None
    assert not AuditLog.objects.filter(action="publishing.item.publish").exists()
    item_sign(actor=staff.leader, item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.signed_by == staff.leader


def test_editing_submitting_or_attaching_makes_a_drafter(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = staff_with_catalogue()
    helper = make_user("helper", organization=staff.org, roles=[Role.DRAFTER, Role.REVIEWER])
    signer = make_user("signer", organization=staff.org, roles=[Role.REVIEWER])
    item = draft(staff)
    assert item_author_ids(item) == {staff.drafter.pk}
    item_update(actor=helper, item=item, title="改过的标题")
    attachment_add(actor=helper, item=item, upload=SimpleUploadedFile("a.pdf", PDF))
    assert item_author_ids(item) == {staff.drafter.pk, helper.pk}
    item_submit(actor=staff.drafter, item=item)
    with pytest.raises(PermissionDeniedError):
        item_review_approve(actor=helper, item=item)  # he edited it: not his to review
    item_review_approve(actor=signer, item=item)


def test_a_superuser_who_drafted_does_not_sign():
    staff = staff_with_catalogue()
    root = make_user("root")
    root.is_superuser = True
    root.save()
    item = item_create(actor=root, organization=staff.org, title="平台起草", category=category(staff.org))
    item_submit(actor=root, item=item)
    with pytest.raises(PermissionDeniedError):
        item_review_approve(actor=root, item=item)


def test_the_page_offers_no_review_or_sign_button_to_the_drafter(client):
    staff = staff_with_catalogue()
    both = make_user("both", organization=staff.org, roles=[Role.DRAFTER, Role.REVIEWER])
    item = item_create(
        actor=both,
        organization=staff.org,
        title="兼任者起草",
        category=category(staff.org),
        formed_on=dt.date(2020, 3, 2),
    )
    item_submit(actor=both, item=item)
    url = reverse("publishing:item_detail", args=[staff.org.slug, item.pk])
    client.force_login(both)
    page = client.get(url).content.decode()
    assert "审核通过" not in page and "您起草或修改过该信息，不能对其进行保密审查" in page
    assert item not in review_queue(user=both, organization=staff.org)
    response = client.post(reverse("publishing:item_step", args=[staff.org.slug, item.pk, "review_approve"]))
    assert response.status_code == 403 and "四眼原则" in response.content.decode()
    client.force_login(staff.reviewer)
    page = client.get(url).content.decode()
    assert "审核通过" in page and "四眼原则" not in page
    assert item in review_queue(user=staff.reviewer, organization=staff.org)


def test_the_drafter_does_not_confirm_the_prepublication_findings_either():
    from gongkai.apps.publishing.services import item_finding_confirm

    staff = staff_with_catalogue()
    both = make_user("both2", organization=staff.org, roles=[Role.DRAFTER, Role.REVIEWER])
    item = item_create(
        actor=both,
        organization=staff.org,
        title="低保名单",
        category=category(staff.org),
        body="<p>张某，身份证号11010519491231002X。</p>",
    )
    item_submit(actor=both, item=item)
    finding = item.findings.first()
    assert finding is not None
    with pytest.raises(PermissionDeniedError, match="四眼原则"):
        item_finding_confirm(actor=both, finding=finding)
    item_finding_confirm(actor=staff.reviewer, finding=finding)
