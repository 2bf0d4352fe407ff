"""Reads of the open API's own records: the tokens of a body and of the bodies below it, who may hold a staff
token, and the report-check jobs a token may see."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import ApiToken, ReportCheckJob


def tokens_for(organization) -> QuerySet[ApiToken]:  # noqa: ANN001
    return (
        ApiToken.objects.filter(organization__path__startswith=organization.path)
        .select_related("organization", "user", "created_by", "revoked_by")
        .order_by("-created_at", "-id")
    )


def token_holders(organization):  # noqa: ANN001
    """Staff who may be given a token for *organization*: members of it or of a body below it."""
    return (
        get_user_model()
        .objects.filter(memberships__organization__path__startswith=organization.path, is_active=True)
        .distinct()
        .order_by("username")
    )


def visible_jobs(token: ApiToken) -> QuerySet[ReportCheckJob]:
    """The report-check jobs *token* may read: those it submitted and, for a staff token, those its user
    submitted with another token. Other tokens of the same body see none of them (a job holds a whole file)."""
    mine = Q(token=token)
    if token.user_id is not None:
        mine |= Q(token__user_id=token.user_id)
    return ReportCheckJob.objects.filter(mine)
