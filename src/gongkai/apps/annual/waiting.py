"""The annual report's statutory date on the 工作台 (条例第四十九条: each body publishes its report for the
previous year by 31 January). Shown to the 经办人 who writes it and the 领导 who publishes it, from 1 December
of the report year until the report is published. Registered in :class:`~.apps.AnnualConfig`.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.waiting import WaitingLine

from .choices import AnnualReportStatus
from .models import AnnualReport

__all__ = ["annual_waiting", "report_due_date", "reports_due"]


def report_due_date(year: int) -> dt.date:
    """条例第四十九条: the report for *year* is published by 31 January of the next year."""
    return dt.date(year + 1, 1, 31)


def reports_due(organization, today: dt.date) -> list[int]:
    """The report years of *organization* that are due or overdue on *today* and not published.

    Last year's report (due this 31 January) until it is published; this year's from 1 December on. A body
    is not asked for a year before it was set up on the platform.
    """
    first_year = timezone.localtime(organization.created_at).year if organization.created_at else today.year
    years = [today.year - 1]
    if today.month == 12:
        years.append(today.year)
    years = [y for y in years if y >= first_year]
    if not years:
        return []
    published = set(
        AnnualReport.objects.filter(
            organization=organization, year__in=years, status=AnnualReportStatus.PUBLISHED
        ).values_list("year", flat=True)
    )
    return [y for y in years if y not in published]


def annual_waiting(*, user, organizations, today: dt.date) -> list[WaitingLine]:
    lines: list[WaitingLine] = []
    for org in organizations:
        writes = user_can(user, "reports.edit", org)
        publishes = user_can(user, "reports.publish", org)
        if not (writes or publishes):
            continue
        drafts = dict(AnnualReport.objects.filter(organization=org).values_list("year", "status"))
        for year in reports_due(org, today):
            exists = year in drafts
            what = "年报待发布" if exists else "年报待编制"
            url = reverse("annual:detail", args=[org.slug, year]) if exists else reverse("annual:list", args=[org.slug])
            lines.append(
                WaitingLine(
                    key=f"annual.report:{org.pk}:{year}",
                    what=what,
                    title=f"{year}年政府信息公开工作年度报告",
                    url=url,
                    organization=org.name,
                    organization_slug=org.slug,
                    due=report_due_date(year),
                    mine=True,
                    note="条例第四十九条：每年1月31日前公布上一年度报告",
                    nav="reports",
                )
            )
    return lines
