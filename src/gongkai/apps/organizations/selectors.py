"""Reads for organizations."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import Role
from .models import Membership, Organization
from .permissions import organizations_for_user, roles_for

__all__ = [
    "organization_by_slug",
    "organization_members",
    "organization_tree",
    "organizations_for_user",
    "roles_label",
]


def organization_tree(*, root: Organization | None = None, active_only: bool = False) -> QuerySet[Organization]:
    """Organizations in tree order (by path), optionally one subtree."""
    qs = Organization.objects.all() if root is None else root.descendants(include_self=True)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("path")


def organization_by_slug(slug: str) -> Organization | None:
    """The organization with this URL slug, or None."""
    return Organization.objects.filter(slug=slug).first()


def organization_members(organization: Organization) -> QuerySet[Membership]:
    """Memberships of one organization with their users."""
    return Membership.objects.filter(organization=organization).select_related("user").order_by("user__username")


def roles_label(user, organization: Organization) -> str:
    """The user's own roles in *organization* as Chinese text, in role order (e.g. “经办人、审核人”)."""
    held = roles_for(user, organization)
    return "、".join(str(role.label) for role in Role if role.value in held)
