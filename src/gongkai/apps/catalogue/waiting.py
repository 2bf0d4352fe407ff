"""The standard catalogue's contribution to the 工作台: the freshness watch's overdue, due-soon and stale lines.

Items late for publication are left to the publishing app's lines. Lines whose owner (责任人) is the person are his; the body's 系统管理员 and 领导 also see every other overdue or
stale line of the office. Registered in :class:`~.apps.CatalogueConfig`.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.waiting import WaitingLine

from .watch import watch_report

__all__ = ["catalogue_waiting"]

SHOWN_STATES = ("overdue", "due_soon", "stale", "blank")


def catalogue_waiting(*, user, organizations, today: dt.date) -> list[WaitingLine]:
    """The watch lines of *organizations* that are *user*'s (and the office's for its answerable people)."""
    lines: list[WaitingLine] = []
    for org in organizations:
        if not user_can(user, "catalogue.view", org):
            continue
        office = user_can(user, "catalogue.manage", org) or user_can(user, "publishing.item.sign", org)
        report = watch_report(org, today=today, with_urls=True)
        fallback = reverse("catalogue:watch", args=[org.slug])
        for line in report.lines:
            # Unpublished items past their 第二十六条 limit come from the publishing app's own lines.
            if line.state not in SHOWN_STATES or line.what == "item":
                continue
            mine = any(owner.user_id == user.pk for owner in line.owners)
            if not mine and not office:
                continue
            note = line.detail if mine else f"{line.detail}；责任人：{line.owner_text}"
            lines.append(
                WaitingLine(
                    key=f"catalogue.{line.what}:{org.pk}:{line.title}",
                    what=f"目录{line.state_label}",
                    title=line.title,
                    url=line.url or fallback,
                    organization=org.name,
                    organization_slug=org.slug,
                    due=line.due,
                    mine=mine,
                    note=note,
                    nav="watch",
                )
            )
    return lines
