"""The bell in the staff header: the unread count (one indexed count, only when a page shows it)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .selectors import unread_count

        return unread_count(user=user)

    return {"unread_notifications": SimpleLazyObject(count)}
