"""Who may do what with applications. Decisions come from the one permissions module of the platform
(:mod:`gongkai.apps.organizations.permissions`); this file only names the questions this app asks."""

from __future__ import annotations

from gongkai.apps.organizations import permissions as core_permissions

VIEW = "applications.application.view"
REGISTER = "applications.application.register"
HANDLE = "applications.application.handle"
APPROVE = "applications.application.approve"


def can_see_identity(user, application) -> bool:
    """Identity numbers and contact details are shown to the handling staff only (handler, or the
    organization's 经办人/审核人); everyone else sees them masked."""
    if application.handler_id is not None and getattr(user, "pk", None) == application.handler_id:
        return True
    return core_permissions.user_can(user, HANDLE, application)


def require_any(user, actions: tuple[str, ...], obj) -> None:
    """Raise unless *user* may perform at least one of *actions* on *obj*.

    ``user=None`` is the system (management commands, data imports): no check, as in the
    organizations services.
    """
    if user is None:
        return
    if any(core_permissions.user_can(user, action, obj) for action in actions):
        return
    core_permissions.require(user, actions[0], obj)
