"""Test helpers shared by every app's tests: build organizations and staff, and check access matrices.

Kept in the package (like NetBox's ``utilities.testing``) so any test module can import it::

    from gongkai.apps.organizations.testing import make_org, make_staff, check_access
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from .choices import OrganizationKind, Role
from .models import Membership, Organization
from .services import membership_grant, organization_create, staff_user_create

__all__ = ["AccessCase", "Staff", "check_access", "make_org", "make_staff", "make_user"]

PASSWORD = "Test-pass-123"


def make_org(name: str = "测试镇人民政府", *, slug: str | None = None, parent=None, kind=None, **kw) -> Organization:
    """Create an organization through the service (system actor)."""
    kind = kind or (OrganizationKind.TOWNSHIP if parent is not None else OrganizationKind.COUNTY)
    slug = slug or f"org{Organization.objects.count() + 1}"
    return organization_create(actor=None, name=name, kind=kind, slug=slug, parent=parent, **kw)


def make_user(username: str, *, organization=None, roles: Iterable[str] = (), **kw):
    """Create a staff user with *roles* in *organization* (system actor)."""
    return staff_user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        organization=organization,
        roles=list(roles),
        must_change_password=kw.pop("must_change_password", False),
        **kw,
    )


@dataclass
class Staff:
    """One organization with one user per role, plus an outsider from another organization."""

    org: Organization
    drafter: Any
    reviewer: Any
    leader: Any
    sysadmin: Any
    secadmin: Any
    auditor: Any
    outsider: Any
    other_org: Organization
    anonymous: Any = field(default_factory=AnonymousUser)

    def by_role(self, role: str):
        return getattr(self, Role(role).value)


def make_staff(prefix: str = "t", *, org: Organization | None = None) -> Staff:
    """Build :class:`Staff`: an organization, six users (one per role) and an outsider elsewhere.

    The outsider holds *every* role, but in a different organization, so a test that lets the outsider
    through has found a cross-organization leak. No real person may hold all six (三员分立, see
    :mod:`.duties`), so the outsider's memberships are written directly, for this test helper only.
    """
    org = org or make_org(f"{prefix}镇人民政府", slug=f"{prefix}-town")
    other = make_org(f"{prefix}另一镇人民政府", slug=f"{prefix}-other")
    users = {role: make_user(f"{prefix}-{role}", organization=org, roles=[role]) for role in Role.values}
    outsider = make_user(f"{prefix}-outsider")
    Membership.objects.bulk_create([Membership(user=outsider, organization=other, role=r) for r in Role.values])
    return Staff(org=org, other_org=other, outsider=outsider, **users)


@dataclass
class AccessCase:
    """Expected outcome of one action for one kind of user."""

    who: str  # "anonymous", "outsider", "superuser", or a role value
    allowed: bool


def check_access(
    staff: Staff,
    attempt: Callable[[Any], Any],
    *,
    allowed_roles: Iterable[str],
    denied_exceptions: tuple[type[BaseException], ...] | None = None,
    reset: Callable[[], None] | None = None,
) -> dict[str, bool]:
    """Run *attempt(user)* as anonymous, the outsider and each role; assert who gets through.

    *attempt* either raises (denied) or returns normally (allowed); with ``denied_exceptions`` only those
    count as a denial (anything else propagates). *attempt* may also return a bool (``user_can`` style).
    *reset* runs before each attempt (e.g. to put an object back into its starting state).
    Returns ``{who: allowed}`` so the caller can assert further.
    """
    from django.core.exceptions import PermissionDenied

    denied = denied_exceptions or (PermissionDenied,)
    allowed_roles = set(allowed_roles)
    users = {"anonymous": staff.anonymous, "outsider": staff.outsider}
    users.update({role: staff.by_role(role) for role in Role.values})
    outcome: dict[str, bool] = {}
    for who, user in users.items():
        if reset is not None:
            reset()
        try:
            result = attempt(user)
        except denied:
            outcome[who] = False
        else:
            outcome[who] = result if isinstance(result, bool) else True
    expected = {who: (who in allowed_roles) for who in users}
    assert outcome == expected, f"access mismatch: expected {expected}, got {outcome}"
    return outcome


def get_user(username: str):
    """Fetch a user fresh from the database (drops the permission cache)."""
    return get_user_model().objects.get(username=username)


__all__ += ["PASSWORD", "get_user", "membership_grant"]


def check_view_access(
    client,
    staff: Staff,
    url: str,
    *,
    allowed_roles: Iterable[str],
    method: str = "get",
    data: dict | None = None,
    reset: Callable[[], Any] | None = None,
    ok_statuses: tuple[int, ...] = (200, 302),
) -> dict[str, int]:
    """Request *url* as anonymous, the outsider and each role; assert who gets in.

    Anonymous must be sent to the login page, users without permission must get the 403 page, allowed
    roles must get one of *ok_statuses*. *reset* runs before each request; if it returns a string, that
    string is used as the URL (for objects re-created per attempt). Returns ``{who: status}``.
    """
    allowed_roles = set(allowed_roles)
    statuses: dict[str, int] = {}
    for who in ["anonymous", "outsider", *Role.values]:
        target = url
        if reset is not None:
            new_url = reset()
            if isinstance(new_url, str):
                target = new_url
        client.logout()
        if who != "anonymous":
            user = staff.outsider if who == "outsider" else staff.by_role(who)
            client.force_login(user)
        response = getattr(client, method)(target, data or {})
        statuses[who] = response.status_code
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (who, response)
        elif who in allowed_roles:
            assert response.status_code in ok_statuses, (who, response.status_code)
        else:
            assert response.status_code == 403, (who, response.status_code)
            assert "没有权限" in response.content.decode()
    client.logout()
    return statuses


__all__ += ["check_view_access"]
