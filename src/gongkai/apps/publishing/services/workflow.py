"""The item workflow: draft, submit, 保密审查, 签发, withdraw, revise, import of published items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import require

from .. import notices
from ..choices import ItemStatus, ReviewStage, ReviewStatus
from ..deadlines import publication_due
from ..models import CatalogueNode, Channel, Distribution, Item, Review
from .catalogue import (
    channel_portal,
)
from .checks import item_prepublish_check, require_findings_settled
from .common import (
    CHANNEL_OTHER_ORG,
    CHANNEL_REQUIRED,
    COMMENT_REQUIRED,
    DRAFTER_CANNOT_REVIEW,
    DRAFTER_CANNOT_SIGN,
    ITEM_FIELDS,
    PUBLISHED_ON_BEFORE_FORMED,
    PUBLISHED_ON_FUTURE,
    REASON_REQUIRED,
    _clean_item,
    _close_review,
    _expect_status,
    _locked,
    _next_index,
    _now,
    _refresh,
    _require_not_drafter,
    _validate_category,
)

# ---------------------------------------------------------------------------------------------- items


@transaction.atomic
def item_create(
    *,
    actor,
    organization: Organization,
    title: str,
    category: CatalogueNode,
    formed_on: dt.date | None = None,
    written_on: dt.date | None = None,
    document_number: str = "",
    publisher: str = "",
    topic: str = "",
    validity: str = "",
    summary: str = "",
    body: str = "",
    kind: str = "",
    keywords: str = "",
    interprets: Item | None = None,
) -> Item:
    """Create a draft (草稿) with a new 索引号; needs ``publishing.item.create``.

    ``formed_on`` (the 第二十六条 start) defaults to ``written_on``, else today. The 索引号 is
    ``<prefix>/<year>-<sequence>`` with the year of ``formed_on``; it never changes afterwards.
    """
    if actor is not None:
        require(actor, "publishing.item.create", organization)
    _validate_category(organization, category)
    formed_on = formed_on or written_on or timezone.localdate()
    item = Item(
        organization=organization,
        title=title,
        category=category,
        formed_on=formed_on,
        written_on=written_on,
        document_number=(document_number or "").strip(),
        publisher=(publisher or "").strip() or organization.name,
        topic=(topic or "").strip(),
        validity=validity or "",
        summary=(summary or "").strip(),
        body=body,
        kind=kind or "",
        keywords=(keywords or "").strip(),
        interprets=interprets,
        created_by=actor,
        index_year=formed_on.year,
        index_sequence=0,
        index_number="-",
    )
    _clean_item(item)
    item.index_number, item.index_sequence = _next_index(organization, formed_on.year)
    item.save()
    audit_log(actor=actor, action="publishing.item.create", obj=item, after=snapshot(item))
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    """Edit a draft; needs ``publishing.item.edit`` and status 草稿."""
    if actor is not None:
        require(actor, "publishing.item.edit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.DRAFT, doing="修改")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        msg = f"unknown item fields: {sorted(unknown)}"
        raise TypeError(msg)
    if "category" in fields:
        _validate_category(locked.organization, fields["category"])
    before = snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value.strip() if isinstance(value, str) and key != "body" else value)
    if not locked.publisher:
        locked.publisher = locked.organization.name
    _clean_item(locked)
    locked.save()
    audit_log(actor=actor, action="publishing.item.update", obj=locked, before=before, after=snapshot(locked))
    return _refresh(item, locked)


@transaction.atomic
def item_submit(*, actor, item: Item, comment: str = "") -> Item:
    """草稿 → 待审核: send a draft to 保密审查; needs ``publishing.item.submit``."""
    require(actor, "publishing.item.submit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.DRAFT, doing="提交审核")
    Review.objects.create(
        item=locked, stage=ReviewStage.CONFIDENTIALITY, submitted_by=actor, submitted_at=_now(), comment=""
    )
    locked.status = ItemStatus.PENDING_REVIEW
    locked.save(update_fields=["status", "updated_at"])
    findings = item_prepublish_check(locked)  # 三审三校: shown to the reviewer, settled before 签发
    audit_log(
        actor=actor,
        action="publishing.item.submit",
        obj=locked,
        before={"status": ItemStatus.DRAFT},
        after={"status": locked.status, "findings": len(findings)},
        reason=comment,
    )
    notices.item_waits_for(
        locked, action="publishing.item.review", text=f"《{locked.title}》已提交，待您保密审查", actor=actor
    )
    return _refresh(item, locked)


@transaction.atomic
def item_review_approve(*, actor, item: Item, comment: str = "") -> Item:
    """待审核 → 待签发: the 审核人 passes the 保密审查 (条例第十七条); needs ``publishing.item.review``.

    Never by one of the item's drafters (four eyes).
    """
    require(actor, "publishing.item.review", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.PENDING_REVIEW, doing="审核通过")
    _require_not_drafter(actor, locked, DRAFTER_CANNOT_REVIEW)
    require_findings_settled(locked, "审核通过")
    _close_review(locked, stage=ReviewStage.CONFIDENTIALITY, status=ReviewStatus.APPROVED, actor=actor, comment=comment)
    Review.objects.create(item=locked, stage=ReviewStage.SIGNOFF, submitted_by=actor, submitted_at=_now())
    locked.status = ItemStatus.PENDING_SIGNOFF
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.review_approve",
        obj=locked,
        before={"status": ItemStatus.PENDING_REVIEW},
        after={"status": locked.status},
        reason=comment,
    )
    notices.item_waits_for(
        locked, action="publishing.item.sign", text=f"《{locked.title}》已通过保密审查，待您签发", actor=actor
    )
    return _refresh(item, locked)


def _return_to_draft(
    *, actor, item: Item, comment: str, permission: str, status: str, stage: str, action: str, not_drafter: str
) -> Item:
    """Send an item back to 草稿 from the review *stage* it waits in, with the required comments (退回修改)."""
    require(actor, permission, item)
    comment = (comment or "").strip()
    locked = _locked(item)
    _expect_status(locked, status, doing="退回")
    _require_not_drafter(actor, locked, not_drafter)
    if not comment:
        raise ValidationError({"comment": COMMENT_REQUIRED})
    _close_review(locked, stage=stage, status=ReviewStatus.RETURNED, actor=actor, comment=comment)
    locked.status = ItemStatus.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action=action,
        obj=locked,
        before={"status": status},
        after={"status": locked.status},
        reason=comment,
    )
    notices.item_returned(locked, actor=actor, comment=comment)
    return _refresh(item, locked)


@transaction.atomic
def item_review_return(*, actor, item: Item, comment: str) -> Item:
    """待审核 → 草稿 with the reviewer's comments; needs ``publishing.item.review``."""
    return _return_to_draft(
        actor=actor,
        item=item,
        comment=comment,
        permission="publishing.item.review",
        status=ItemStatus.PENDING_REVIEW,
        stage=ReviewStage.CONFIDENTIALITY,
        action="publishing.item.review_return",
        not_drafter=DRAFTER_CANNOT_REVIEW,
    )


def _channels_for(organization: Organization, channels: Iterable[Channel] | None) -> list[Channel]:
    if channels is None:
        return [channel_portal(organization)]
    result = list(channels)
    if not result:
        raise ValidationError({"channels": CHANNEL_REQUIRED})
    for channel in result:
        if channel.organization_id != organization.pk:
            raise ValidationError({"channels": CHANNEL_OTHER_ORG})
    return result


@transaction.atomic
def item_sign(
    *,
    actor,
    item: Item,
    comment: str = "",
    published_on: dt.date | None = None,
    channels: Iterable[Channel] | None = None,
) -> Item:
    """待签发 → 已发布: the 领导 signs (签发) and the item is published; needs ``publishing.item.sign``.

    Records a distribution on each of *channels* (default: the portal). ``published_on`` defaults to today
    and may not lie in the future or before the information was formed. Never by one of the item's
    drafters (four eyes).
    """
    require(actor, "publishing.item.sign", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.PENDING_SIGNOFF, doing="签发")
    _require_not_drafter(actor, locked, DRAFTER_CANNOT_SIGN)
    require_findings_settled(locked, "签发")
    today = timezone.localdate()
    published_on = published_on or today
    if published_on > today:
        raise ValidationError({"published_on": PUBLISHED_ON_FUTURE})
    if published_on < locked.formed_on:
        raise ValidationError({"published_on": PUBLISHED_ON_BEFORE_FORMED})
    channel_list = _channels_for(locked.organization, channels)
    _close_review(locked, stage=ReviewStage.SIGNOFF, status=ReviewStatus.APPROVED, actor=actor, comment=comment)
    before = snapshot(locked, ["status", "published_on", "published_at"])
    now = _now()
    locked.status = ItemStatus.PUBLISHED
    locked.published_on = published_on
    locked.published_at = now
    locked.signed_by = actor
    locked.withdrawn_at = None
    locked.withdraw_reason = ""
    locked.save()
    for channel in channel_list:
        Distribution.objects.update_or_create(
            item=locked, channel=channel, defaults={"published_at": now, "recorded_by": actor}
        )
    audit_log(
        actor=actor,
        action="publishing.item.publish",
        obj=locked,
        before=before,
        after={
            **snapshot(locked, ["status", "published_on", "published_at"]),
            "channels": [c.name for c in channel_list],
        },
        reason=comment,
    )
    return _refresh(item, locked)


@transaction.atomic
def item_sign_return(*, actor, item: Item, comment: str) -> Item:
    """待签发 → 草稿 with the leader's comments; needs ``publishing.item.sign``."""
    return _return_to_draft(
        actor=actor,
        item=item,
        comment=comment,
        permission="publishing.item.sign",
        status=ItemStatus.PENDING_SIGNOFF,
        stage=ReviewStage.SIGNOFF,
        action="publishing.item.sign_return",
        not_drafter=DRAFTER_CANNOT_SIGN,
    )


@transaction.atomic
def item_withdraw(*, actor, item: Item, reason: str) -> Item:
    """已发布 → 已撤回 (撤回) with a reason; needs ``publishing.item.withdraw``. The portal stops showing it."""
    require(actor, "publishing.item.withdraw", item)
    return _withdraw(actor=actor, item=item, reason=reason)


@transaction.atomic
def item_withdraw_synced(*, item: Item, reason: str) -> Item:
    """已发布 → 已撤回 asked by a provincial platform's push (the open API). A platform token acts for no user:
    the API has already checked that the token reaches the item's body; the step and its audit are the same."""
    return _withdraw(actor=None, item=item, reason=reason)


def _withdraw(*, actor, item: Item, reason: str) -> Item:
    reason = (reason or "").strip()
    locked = _locked(item)
    _expect_status(locked, ItemStatus.PUBLISHED, doing="撤回")
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    locked.status = ItemStatus.WITHDRAWN
    locked.withdrawn_at = _now()
    locked.withdraw_reason = reason
    locked.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.withdraw",
        obj=locked,
        before={"status": ItemStatus.PUBLISHED},
        after={"status": locked.status},
        reason=reason,
    )
    return _refresh(item, locked)


@transaction.atomic
def item_revise(*, actor, item: Item, formed_on: dt.date | None = None) -> Item:
    """已撤回 → 草稿 to correct and publish again; needs ``publishing.item.edit``.

    The correction is a change of the information (变更), so the 第二十六条 clock restarts at *formed_on*
    (default today).
    """
    require(actor, "publishing.item.edit", item)
    locked = _locked(item)
    _expect_status(locked, ItemStatus.WITHDRAWN, doing="重新编辑")
    before = snapshot(locked, ["status", "formed_on", "publish_due"])
    locked.status = ItemStatus.DRAFT
    locked.formed_on = formed_on or timezone.localdate()
    locked.publish_due = publication_due(locked.formed_on)
    locked.save(update_fields=["status", "formed_on", "publish_due", "updated_at"])
    audit_log(
        actor=actor,
        action="publishing.item.revise",
        obj=locked,
        before=before,
        after=snapshot(locked, ["status", "formed_on", "publish_due"]),
    )
    return _refresh(item, locked)


@transaction.atomic
def item_import_published(
    *,
    actor,
    organization: Organization,
    title: str,
    category: CatalogueNode,
    published_on: dt.date,
    formed_on: dt.date | None = None,
    channels: Iterable[Channel] | None = None,
    reason: str = "历史信息导入",
    **fields,
) -> Item:
    """Record information that was already published outside the platform (历史信息导入), in one step.

    For migrating a body's earlier website and WeChat records. Needs ``publishing.item.import`` (系统管理员),
    is audited as ``publishing.item.import`` and skips the review steps, which happened outside.
    """
    if actor is not None:
        require(actor, "publishing.item.import", organization)
    _validate_category(organization, category)
    formed_on = formed_on or fields.get("written_on") or published_on
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        msg = f"unknown item fields: {sorted(unknown)}"
        raise TypeError(msg)
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": PUBLISHED_ON_FUTURE})
    if published_on < formed_on:
        raise ValidationError({"published_on": PUBLISHED_ON_BEFORE_FORMED})
    publisher = fields.pop("publisher", "") or organization.name
    item = Item(
        organization=organization,
        title=title,
        category=category,
        formed_on=formed_on,
        publisher=publisher,
        status=ItemStatus.PUBLISHED,
        published_on=published_on,
        published_at=timezone.make_aware(dt.datetime.combine(published_on, dt.time(9, 0))),
        created_by=actor,
        signed_by=actor,
        index_year=formed_on.year,
        index_sequence=0,
        index_number="-",
        **fields,
    )
    _clean_item(item)
    item.index_number, item.index_sequence = _next_index(organization, formed_on.year)
    item.save()
    for channel in _channels_for(organization, channels):
        Distribution.objects.create(item=item, channel=channel, published_at=item.published_at, recorded_by=actor)
    audit_log(actor=actor, action="publishing.item.import", obj=item, after=snapshot(item), reason=reason)
    return item
