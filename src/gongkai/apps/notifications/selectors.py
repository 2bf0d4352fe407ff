"""Reads of the notifications app."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification

__all__ = ["notification_list", "unread_count"]


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """*user*'s notices, newest first."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created", "-id")


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
