"""Separation of duties (职责分离, 等保 三员分立): which roles one person may hold together in one organization.

The rules (also in ``docs/platform.md``, "Separation of duties"):

1. Nobody grants or revokes a role for himself, not even a superuser (:func:`check_not_self`).
2. The three administrators are three people: in one organization nobody holds two of 系统管理员,
   安全管理员 and 审计管理员.
3. The 审计管理员 holds no other role in that organization: he checks the others' work, including the
   administrators'. A township with too few people leaves the auditing to its county's 审计管理员, whose
   ``audit.view`` is inherited down the tree.
4. A 系统管理员 or 安全管理员 holds no business role (经办人, 审核人, 领导) in the same organization, unless
   the install sets ``GONGKAI_ALLOW_ADMIN_BUSINESS_ROLES=1`` for a very small office.
5. Nobody is both 经办人 and 领导 of one organization: the 领导 signs what the 经办人 prepared.

Whatever roles a person holds, the four-eyes rules on each object still apply (checked where the step is
done, with :func:`gongkai.apps.organizations.permissions.require_other_person`): whoever drafted an item
never reviews or signs it, whoever proposed a reply to an application never approves it.

Memberships from before these rules (the old single 管理员 became 系统管理员 + 安全管理员, migration 0003)
are kept; :func:`membership_conflicts` lists what breaks a rule so the members page can show it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from .choices import ADMIN_ROLES, BUSINESS_ROLES, Role

__all__ = ["SELF_GRANT", "admin_business_allowed", "check_not_self", "membership_conflicts", "role_conflict"]

SELF_GRANT = "不能为自己分配或取消角色，请由本机关其他安全管理员操作（职责分离）。"


def admin_business_allowed() -> bool:
    """Whether this install lets a 系统管理员/安全管理员 also hold business roles (small offices)."""
    return bool(getattr(settings, "GONGKAI_ALLOW_ADMIN_BUSINESS_ROLES", False))


def _label(role: str) -> str:
    return str(Role(role).label)


def role_conflict(held: Iterable[str], new: str) -> str | None:
    """Why *new* may not be added to the roles *held* in one organization, in Chinese; None when it may."""
    held = {Role(r) for r in held if r in Role.values} - {new}
    new = Role(new)
    for other in sorted(held):
        if new in ADMIN_ROLES and other in ADMIN_ROLES:
            return f"{_label(new)}与{_label(other)}须由不同人员担任（三员分立）。"
        if Role.AUDITOR in (new, other):
            return "审计管理员不能兼任本机关的其他角色（三员分立）。"
        pair = {new, other}
        if pair & ADMIN_ROLES and pair & BUSINESS_ROLES and not admin_business_allowed():
            admin = next(iter(pair & ADMIN_ROLES))
            return (
                f"{_label(admin)}不能兼任经办人、审核人或领导（三员分立）；"
                "人员很少的机关可由平台设置 GONGKAI_ALLOW_ADMIN_BUSINESS_ROLES 放开。"
            )
        if pair == {Role.DRAFTER, Role.LEADER}:
            return "经办人与领导须由不同人员担任：领导签发经办人起草的信息。"
    return None


def membership_conflicts(roles: Iterable[str]) -> list[str]:
    """The rules a set of roles held in one organization breaks (for memberships from before the rules)."""
    roles = sorted({r for r in roles if r in Role.values})
    problems: list[str] = []
    for i, role in enumerate(roles):
        for other in roles[:i]:
            message = role_conflict([other], role)
            if message and message not in problems:
                problems.append(message)
    return problems


def check_not_self(actor, user) -> None:
    """Refuse a grant or revocation that *actor* would make for himself (the system, ``None``, may)."""
    from .permissions import PermissionDeniedError

    if actor is not None and getattr(actor, "pk", None) is not None and actor.pk == getattr(user, "pk", None):
        raise PermissionDeniedError(SELF_GRANT)
