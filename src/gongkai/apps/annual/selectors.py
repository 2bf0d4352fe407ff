"""Reads of annual reports."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.apps.organizations.permissions import restrict

from .choices import AnnualReportStatus
from .models import AnnualReport

__all__ = ["annual_reports_for_user", "published_reports"]


def annual_reports_for_user(*, user) -> QuerySet[AnnualReport]:
    """The reports of every organization *user* may view."""
    return restrict(AnnualReport.objects.select_related("organization"), user, "reports.view")


def published_reports(*, organization=None) -> QuerySet[AnnualReport]:
    """Published reports (the portal's 政府信息公开年报 column), newest year first."""
    qs = AnnualReport.objects.filter(status=AnnualReportStatus.PUBLISHED).select_related("organization")
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.order_by("-year")
