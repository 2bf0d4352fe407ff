"""Reads for the account pages: current lockouts, members and their second factor."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.apps.organizations.models import Membership, Organization

__all__ = ["lockouts_for", "members_with_devices"]


def _recent(queryset):
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        queryset = queryset.filter(attempt_time__gte=timezone.now() - cooloff)
    return queryset


def lockouts_for(organization: Organization, user) -> list[dict]:
    """Usernames of members of *organization* (and below) and, for the top body, addresses with failed logins.

    Each row: kind (用户名 / 地址), value, failures, last attempt, locked (failures reached the limit).
    """
    limit = settings.AXES_FAILURE_LIMIT
    usernames = set(
        Membership.objects.filter(organization__path__startswith=organization.path).values_list(
            "user__username", flat=True
        )
    )
    attempts = _recent(AccessAttempt.objects.all())
    rows = []
    by_user = attempts.exclude(username=None).values("username").annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    for row in by_user.order_by("-last")[:200]:
        if row["username"] in usernames or user.is_superuser:
            rows.append({"kind": "username", "value": row["username"], "failures": row["n"], "last": row["last"],
                         "locked": row["n"] >= limit})
    if organization.parent_id is None or user.is_superuser:
        by_ip = attempts.exclude(ip_address=None).values("ip_address").annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        for row in by_ip.order_by("-last")[:200]:
            rows.append({"kind": "ip", "value": row["ip_address"], "failures": row["n"], "last": row["last"],
                         "locked": row["n"] >= settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT})
    return rows


def members_with_devices(organization: Organization) -> list[dict]:
    """The members of *organization* with whether each has bound an authenticator (动态口令)."""
    members = (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__username")
        .values_list("user_id", "user__username", "user__first_name")
        .distinct()
    )
    bound = set(TOTPDevice.objects.filter(confirmed=True, user_id__in=[m[0] for m in members]).values_list("user_id", flat=True))
    seen = set()
    result = []
    for user_id, username, full_name in members:
        if user_id in seen:
            continue
        seen.add(user_id)
        result.append({"username": username, "full_name": full_name, "bound": user_id in bound})
    return result
