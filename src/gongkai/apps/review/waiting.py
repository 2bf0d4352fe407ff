"""年报检查 on the 工作台: the batches of a supervising body still in progress (files being read, reports not
matched to a body, reports with errors nobody has looked at yet). The batch's uploader sees his own; every
other member who may manage the checks sees the body's as the office's work. Registered in
:class:`~.apps.ReviewConfig`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.waiting import WaitingLine

from .choices import ReadStatus
from .models import CheckBatch

__all__ = ["review_waiting"]


def batches_in_progress(organization):
    """The batches of *organization* with something left to do, with the counts that say what."""
    return (
        CheckBatch.objects.filter(organization=organization)
        .annotate(
            pending=Count(
                "reports", filter=Q(reports__status__in=(ReadStatus.QUEUED, ReadStatus.READING)), distinct=True
            ),
            unmatched=Count(
                "reports",
                filter=Q(reports__status=ReadStatus.PARSED, reports__matched_organization__isnull=True),
                distinct=True,
            ),
            unreviewed=Count(
                "reports", filter=Q(reports__error_count__gt=0, reports__reviews__isnull=True), distinct=True
            ),
        )
        .filter(Q(pending__gt=0) | Q(unmatched__gt=0) | Q(unreviewed__gt=0))
        .select_related("organization")
        .order_by("created_at", "id")
    )


def review_waiting(*, user, organizations, today: dt.date) -> list[WaitingLine]:
    lines: list[WaitingLine] = []
    for org in organizations:
        if not user_can(user, "review.manage", org):
            continue
        for batch in batches_in_progress(org)[:100]:
            parts = []
            if batch.pending:
                parts.append(f"{batch.pending} 份正在读取")
            if batch.unmatched:
                parts.append(f"{batch.unmatched} 份未匹配机关")
            if batch.unreviewed:
                parts.append(f"{batch.unreviewed} 份有错误待人工复核")
            lines.append(
                WaitingLine(
                    key=f"review.batch:{batch.pk}",
                    what="年报检查进行中",
                    title=str(batch),
                    url=reverse("review:batch", args=[org.slug, batch.pk]),
                    organization=org.name,
                    organization_slug=org.slug,
                    due=None,
                    mine=batch.created_by_id == user.pk,
                    note="，".join(parts),
                    nav="review",
                )
            )
    return lines
