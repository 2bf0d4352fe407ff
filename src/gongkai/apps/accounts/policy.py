"""Who needs what (read-only): the second-factor requirement and the initial-password flag."""

from __future__ import annotations

from django.conf import settings

from gongkai.apps.organizations.models import Membership

__all__ = ["must_change_password", "needs_second_factor"]


def needs_second_factor(user) -> bool:
    """Whether *user* must log in with a TOTP code as well as the password.

    Superusers always; members holding a role listed in ``GONGKAI_OTP_ROLES``; members of a body whose kind is
    listed in ``GONGKAI_OTP_ORG_KINDS`` (县级 and above by default). Both lists empty: nobody but superusers.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and getattr(settings, "GONGKAI_OTP_SUPERUSERS", True):
        return True
    roles = list(getattr(settings, "GONGKAI_OTP_ROLES", ()))
    kinds = list(getattr(settings, "GONGKAI_OTP_ORG_KINDS", ()))
    if not roles and not kinds:
        return False
    memberships = Membership.objects.filter(user_id=user.pk)
    return memberships.filter(role__in=roles).exists() or memberships.filter(organization__kind__in=kinds).exists()


def must_change_password(user) -> bool:
    """Whether *user* still has an initial password set by someone else."""
    state = getattr(user, "account_state", None) if user.pk else None
    return bool(state and state.must_change_password and not state.demo)
