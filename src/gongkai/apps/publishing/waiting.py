"""Proactive disclosure's contribution to the 工作台: items to review or sign, items returned, drafts near their
第二十六条 limit; for a 领导 also the office's items still in the workflow.

Registered with :func:`gongkai.apps.staff.waiting.register_waiting` in :class:`~.apps.PublishingConfig`.
Each line's due date is the item's 公开期限 (条例第二十六条: 20 working days from 形成或者变更).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.waiting import WaitingLine

from .choices import ItemStatus, ReviewStage, ReviewStatus
from .models import Item, Review

__all__ = ["publishing_waiting"]

#: Own drafts show on the 工作台 once their 公开期限 is this close (calendar days).
DRAFT_WARNING_DAYS = 7


def _line(item: Item, what: str, *, mine: bool, note: str = "") -> WaitingLine:
    return WaitingLine(
        key=f"publishing.item:{item.pk}:{item.status}",
        what=what,
        title=item.title,
        url=reverse("publishing:item_detail", args=[item.organization.slug, item.pk]),
        organization=item.organization.name,
        organization_slug=item.organization.slug,
        due=item.publish_due,
        mine=mine,
        note=note,
        nav="queue",
    )


def publishing_waiting(*, user, organizations, today: dt.date) -> list[WaitingLine]:
    """The items waiting for *user* (see the module docstring)."""
    lines: list[WaitingLine] = []
    for org in organizations:
        if not user_can(user, "publishing.item.view", org):
            continue
        items = Item.objects.filter(organization=org).select_related("organization")
        own_submitted = Review.objects.filter(stage=ReviewStage.CONFIDENTIALITY, submitted_by_id=user.pk).values(
            "item_id"
        )
        not_own = ~Q(created_by_id=user.pk) & ~Q(pk__in=own_submitted)
        mine_ids: set[int] = set()
        if user_can(user, "publishing.item.review", org):
            for item in items.filter(not_own, status=ItemStatus.PENDING_REVIEW).order_by("publish_due", "id")[:200]:
                lines.append(_line(item, "待审核（保密审查）", mine=True))
                mine_ids.add(item.pk)
        if user_can(user, "publishing.item.sign", org):
            for item in items.filter(not_own, status=ItemStatus.PENDING_SIGNOFF).order_by("publish_due", "id")[:200]:
                lines.append(_line(item, "待签发", mine=True))
                mine_ids.add(item.pk)
        if user_can(user, "publishing.item.edit", org):
            returned = Review.objects.filter(status=ReviewStatus.RETURNED).values("item_id")
            drafts = items.filter(status=ItemStatus.DRAFT).filter(Q(created_by_id=user.pk) | Q(pk__in=own_submitted))
            for item in drafts.filter(pk__in=returned).order_by("publish_due", "id")[:200]:
                comment = (
                    Review.objects.filter(item=item, status=ReviewStatus.RETURNED)
                    .order_by("-decided_at", "-id")
                    .values_list("comment", flat=True)
                    .first()
                )
                lines.append(_line(item, "退回修改", mine=True, note=comment or ""))
                mine_ids.add(item.pk)
            soon = today + dt.timedelta(days=DRAFT_WARNING_DAYS)
            for item in (
                drafts.exclude(pk__in=returned).filter(publish_due__lte=soon).order_by("publish_due", "id")[:200]
            ):
                lines.append(_line(item, "草稿待提交", mine=True, note="临近第二十六条公开期限"))
                mine_ids.add(item.pk)
        # The office's items still in the workflow, for the 领导 who answers for them.
        if user_can(user, "publishing.item.sign", org):
            returned = Review.objects.filter(status=ReviewStatus.RETURNED).values("item_id")
            office = items.filter(
                Q(status__in=[ItemStatus.PENDING_REVIEW, ItemStatus.PENDING_SIGNOFF])
                | Q(status=ItemStatus.DRAFT, pk__in=returned)
            ).exclude(pk__in=mine_ids)
            for item in office.order_by("publish_due", "id")[:200]:
                lines.append(_line(item, item.get_status_display(), mine=False))
    return lines
