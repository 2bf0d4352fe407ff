"""Template context of every page: the person's waiting-work counts for the staff header (computed lazily,
only when a staff page shows them)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def workbench(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def counts():
        from .workbench import waiting_counts

        return waiting_counts(user)

    return {"workbench_counts": SimpleLazyObject(counts)}
