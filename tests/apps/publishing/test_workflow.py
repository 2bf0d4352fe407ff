"""Every workflow step, every forbidden one, and who may take each step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.testing import check_access
from gongkai.apps.publishing.choices import ChannelKind, ItemStatus, ReviewStage, ReviewStatus
from gongkai.apps.publishing.models import Item, Review
from gongkai.apps.publishing.services import (
    WorkflowError,
    channel_create,
    item_review_approve,
    item_review_return,
    item_revise,
    item_sign,
    item_sign_return,
    item_submit,
    item_update,
    item_withdraw,
)

from .helpers import draft, staff_with_catalogue

pytestmark = pytest.mark.django_db


def _to(staff, item, status):
    """Drive *item* along the happy path up to *status*."""
    order = [ItemStatus.DRAFT, ItemStatus.PENDING_REVIEW, ItemStatus.PENDING_SIGNOFF, ItemStatus.PUBLISHED]
    steps = [
        lambda: item_submit(actor=staff.drafter, item=item),
        lambda: item_review_approve(actor=staff.reviewer, item=item, comment="经审查不涉密"),
        lambda: item_sign(actor=staff.leader, item=item),
    ]
    if status == ItemStatus.WITHDRAWN:
        _to(staff, item, ItemStatus.PUBLISHED)
        return item_withdraw(actor=staff.leader, item=item, reason="内容有误")
    for step in steps[: order.index(status)]:
        step()
    return item


def test_happy_path_publishes_with_reviews_distribution_and_audit():
    staff = staff_with_catalogue()
    item = draft(staff)
    item_submit(actor=staff.drafter, item=item)
    assert item.status == ItemStatus.PENDING_REVIEW
    item_review_approve(actor=staff.reviewer, item=item, comment="经审查不涉密")
    assert item.status == ItemStatus.PENDING_SIGNOFF
    item_sign(actor=staff.leader, item=item, comment="同意发布")
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.published_on is not None and item.signed_by == staff.leader
    reviews = list(item.reviews.values_list("stage", "status", "comment"))
    assert reviews == [
        (ReviewStage.CONFIDENTIALITY, ReviewStatus.APPROVED, "经审查不涉密"),
        (ReviewStage.SIGNOFF, ReviewStatus.APPROVED, "同意发布"),
    ]
    assert [d.channel.kind for d in item.distributions.all()] == [ChannelKind.PORTAL]
    actions = list(
        AuditLog.objects.filter(object_id=str(item.pk), action__startswith="publishing.item").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        [
            "publishing.item.create",
            "publishing.item.submit",
            "publishing.item.review_approve",
            "publishing.item.publish",
        ]
    )


def test_review_return_needs_comment_and_goes_back_to_draft():
    staff = staff_with_catalogue()
    item = _to(staff, draft(staff), ItemStatus.PENDING_REVIEW)
    with pytest.raises(ValidationError) as exc:
        item_review_return(actor=staff.reviewer, item=item, comment="  ")
    assert "修改意见" in str(exc.value)
    item_review_return(actor=staff.reviewer, item=item, comment="请删除第三段中的身份证号")
    assert item.status == ItemStatus.DRAFT
    assert item.reviews.get().status == ReviewStatus.RETURNED
    assert AuditLog.objects.get(action="publishing.item.review_return").reason == "请删除第三段中的身份证号"
    # the drafter fixes it and resubmits
    item_update(actor=staff.drafter, item=item, body="已修改")
    item_submit(actor=staff.drafter, item=item)
    assert item.status == ItemStatus.PENDING_REVIEW


def test_sign_return_goes_back_to_draft():
    staff = staff_with_catalogue()
    item = _to(staff, draft(staff), ItemStatus.PENDING_SIGNOFF)
    with pytest.raises(ValidationError):
        item_sign_return(actor=staff.leader, item=item, comment="")
    item_sign_return(actor=staff.leader, item=item, comment="标题不规范")
    assert item.status == ItemStatus.DRAFT
    assert not Review.objects.filter(item=item, status=ReviewStatus.OPEN).exists()


def test_withdraw_and_revise():
    staff = staff_with_catalogue()
    item = _to(staff, draft(staff), ItemStatus.PUBLISHED)
    with pytest.raises(ValidationError):
        item_withdraw(actor=staff.leader, item=item, reason="")
    item_withdraw(actor=staff.leader, item=item, reason="附件错误")
    assert item.status == ItemStatus.WITHDRAWN and item.withdraw_reason == "附件错误"
    item_revise(actor=staff.drafter, item=item, formed_on=dt.date(2020, 4, 1))
    assert item.status == ItemStatus.DRAFT and item.formed_on == dt.date(2020, 4, 1)
    _to(staff, item, ItemStatus.PUBLISHED)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.withdraw_reason == ""


STEPS = {
    "update": lambda s, i: item_update(actor=s.drafter, item=i, title="新标题"),
    "submit": lambda s, i: item_submit(actor=s.drafter, item=i),
    "review_approve": lambda s, i: item_review_approve(actor=s.reviewer, item=i),
    "review_return": lambda s, i: item_review_return(actor=s.reviewer, item=i, comment="意见"),
    "sign": lambda s, i: item_sign(actor=s.leader, item=i),
    "sign_return": lambda s, i: item_sign_return(actor=s.leader, item=i, comment="意见"),
    "withdraw": lambda s, i: item_withdraw(actor=s.leader, item=i, reason="理由"),
    "revise": lambda s, i: item_revise(actor=s.drafter, item=i),
}
ALLOWED_FROM = {
    "update": {ItemStatus.DRAFT},
    "submit": {ItemStatus.DRAFT},
    "review_approve": {ItemStatus.PENDING_REVIEW},
    "review_return": {ItemStatus.PENDING_REVIEW},
    "sign": {ItemStatus.PENDING_SIGNOFF},
    "sign_return": {ItemStatus.PENDING_SIGNOFF},
    "withdraw": {ItemStatus.PUBLISHED},
    "revise": {ItemStatus.WITHDRAWN},
}


@pytest.mark.parametrize("status", list(ItemStatus))
@pytest.mark.parametrize("step", list(STEPS))
def test_every_step_from_every_status(step, status):
    staff = staff_with_catalogue()
    item = _to(staff, draft(staff), status)
    before = Item.objects.get(pk=item.pk).status
    if status in ALLOWED_FROM[step]:
        STEPS[step](staff, item)
        return
    with pytest.raises(WorkflowError) as exc:
        STEPS[step](staff, item)
    assert "当前状态为" in exc.value.messages[0]
    assert Item.objects.get(pk=item.pk).status == before


STEP_ROLES = {
    "update": ({"drafter"}, ItemStatus.DRAFT),
    "submit": ({"drafter"}, ItemStatus.DRAFT),
    "review_approve": ({"reviewer"}, ItemStatus.PENDING_REVIEW),
    "review_return": ({"reviewer"}, ItemStatus.PENDING_REVIEW),
    "sign": ({"leader"}, ItemStatus.PENDING_SIGNOFF),
    "sign_return": ({"leader"}, ItemStatus.PENDING_SIGNOFF),
    "withdraw": ({"leader"}, ItemStatus.PUBLISHED),
    "revise": ({"drafter"}, ItemStatus.WITHDRAWN),
}
CALLS = {
    "update": lambda u, i: item_update(actor=u, item=i, title="新标题"),
    "submit": lambda u, i: item_submit(actor=u, item=i),
    "review_approve": lambda u, i: item_review_approve(actor=u, item=i),
    "review_return": lambda u, i: item_review_return(actor=u, item=i, comment="意见"),
    "sign": lambda u, i: item_sign(actor=u, item=i),
    "sign_return": lambda u, i: item_sign_return(actor=u, item=i, comment="意见"),
    "withdraw": lambda u, i: item_withdraw(actor=u, item=i, reason="理由"),
    "revise": lambda u, i: item_revise(actor=u, item=i),
}


@pytest.mark.parametrize("step", list(STEP_ROLES))
def test_who_may_take_each_step(step):
    """Anonymous, another organization's staff and wrong roles are refused; the right role passes."""
    staff = staff_with_catalogue()
    roles, status = STEP_ROLES[step]
    holder = {}

    def reset():
        holder["item"] = _to(staff, draft(staff), status)

    def attempt(user):
        with transaction.atomic():
            CALLS[step](user, holder["item"])

    check_access(staff, attempt, allowed_roles=roles, reset=reset)


def test_permission_is_checked_before_status():
    staff = staff_with_catalogue()
    item = draft(staff)
    from gongkai.apps.organizations.permissions import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        item_sign(actor=staff.outsider, item=item)  # wrong status too, but permission comes first


def test_sign_date_rules_and_channels():
    staff = staff_with_catalogue()
    wechat = channel_create(actor=staff.sysadmin, organization=staff.org, kind=ChannelKind.WECHAT, name="文明思礼")
    other_wechat = channel_create(actor=None, organization=staff.other_org, kind=ChannelKind.WECHAT, name="别处")
    item = _to(staff, draft(staff), ItemStatus.PENDING_SIGNOFF)
    with pytest.raises(ValidationError) as exc:
        item_sign(actor=staff.leader, item=item, published_on=dt.date.today() + dt.timedelta(days=2))
    assert "晚于今天" in str(exc.value)
    with pytest.raises(ValidationError):
        item_sign(actor=staff.leader, item=item, published_on=dt.date(2020, 3, 1))
    with pytest.raises(ValidationError):
        item_sign(actor=staff.leader, item=item, channels=[other_wechat])
    with pytest.raises(ValidationError) as exc:
        item_sign(actor=staff.leader, item=item, channels=[])
    assert "至少选择一个发布渠道" in str(exc.value)
    item_sign(actor=staff.leader, item=item, published_on=dt.date(2020, 3, 10), channels=[wechat])
    assert item.published_on == dt.date(2020, 3, 10)
    assert [d.channel for d in item.distributions.all()] == [wechat]


def test_only_one_open_review_per_item():
    staff = staff_with_catalogue()
    item = _to(staff, draft(staff), ItemStatus.PENDING_REVIEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(item=item, stage=ReviewStage.SIGNOFF, submitted_at=item.created_at)
