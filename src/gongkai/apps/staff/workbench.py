"""The person's 工作台 over the organizations he belongs to, and the counts the navigation shows.

The counts are kept in the cache for :data:`COUNTS_SECONDS` per person so that every staff page can show them
without asking every app again; opening the 工作台 refreshes them.
"""

from __future__ import annotations

from django.core.cache import cache

from gongkai.apps.organizations.models import Organization

from .waiting import Workbench, waiting_for

__all__ = ["COUNTS_SECONDS", "forget_counts", "member_organizations", "waiting_counts", "workbench_for"]

COUNTS_SECONDS = 60


def member_organizations(user) -> list[Organization]:
    """The active organizations *user* holds a role in himself (not those he supervises from above)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organization.objects.filter(memberships__user=user, is_active=True).distinct().order_by("path"))


def _key(user) -> str:
    return f"gongkai:workbench-counts:{user.pk}"


def _counts(bench: Workbench) -> dict:
    by_org: dict[str, dict[str, int]] = {}
    for line in bench.mine:
        nav = by_org.setdefault(line.organization_slug, {})
        nav[line.nav] = nav.get(line.nav, 0) + 1
        nav["home"] = nav.get("home", 0) + 1
    return {"total": bench.count, "overdue": bench.overdue_count, "by_org": by_org}


def workbench_for(user) -> Workbench:
    """Everything waiting for *user* in his organizations (and refresh the navigation's counts)."""
    bench = waiting_for(user=user, organizations=member_organizations(user))
    cache.set(_key(user), _counts(bench), COUNTS_SECONDS)
    return bench


def waiting_counts(user) -> dict:
    """``{"total": n, "overdue": m, "by_org": {slug: {nav key: n}}}`` of *user*'s own waiting work."""
    if not getattr(user, "is_authenticated", False):
        return {"total": 0, "overdue": 0, "by_org": {}}
    counts = cache.get(_key(user))
    if counts is None:
        counts = _counts(waiting_for(user=user, organizations=member_organizations(user)))
        cache.set(_key(user), counts, COUNTS_SECONDS)
    return counts


def forget_counts(user_ids) -> None:
    """Drop the cached counts of these people (their work just changed)."""
    cache.delete_many([f"gongkai:workbench-counts:{pk}" for pk in user_ids if pk])
