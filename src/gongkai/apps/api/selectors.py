"""Reads of the token page: the tokens of a body and of the bodies below it, and who may hold a staff token."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import ApiToken


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
