"""The one place that decides who may do what (权限).

Every view, service and selector asks this module; nothing else checks roles or ``is_staff``.

Rules
-----
* Anonymous and inactive users may do nothing here (the public portal needs no permission).
* A superuser (platform operator) may do everything everywhere, except what the four-eyes rules forbid to
  anyone (see below).
* Otherwise a user acts through memberships: (organization, role). Each action names the roles that grant
  it on the member's **own** organization (``roles``), and the roles that also grant it on every
  organization **below** the member's organization (``inherited``).
* The administrators are three (三员分立, :mod:`.duties`): the 系统管理员 configures (机关信息, 公开目录,
  渠道, 历史信息导入, the reply-approval setting), the 安全管理员 manages accounts and roles, the 审计管理员
  reads the audit log and nothing else. No administrator does business work (drafting, review, 签发,
  applications).
* Inheritance down the tree is deliberately narrow: a county's 领导 and 系统管理员 may *view* the records of
  its townships, departments and villages (supervision, 集约化平台); a county's 系统管理员 may also
  configure them, its 安全管理员 manage their accounts, its 审计管理员 read their audit logs. Drafting,
  保密审查, 签发 and the handling of applications are never inherited: each body does its own.
* Four eyes (四眼原则): on one object, some steps may not be taken by the person who took an earlier one,
  whatever roles he holds. :func:`require_other_person` checks it; the publishing and applications
  services call it (the drafter of an item never reviews or signs it; whoever proposed a reply never
  approves it).

Actions are namespaced strings (``publishing.item.submit``); the table :data:`ACTIONS` lists them all.
Other apps add their actions to this table (one place), not elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .choices import Role
from .models import Membership, Organization

__all__ = [
    "ACTIONS",
    "ActionRule",
    "PermissionDeniedError",
    "clear_cache",
    "organization_of",
    "organizations_for_user",
    "is_other_person",
    "require",
    "require_other_person",
    "restrict",
    "roles_for",
    "user_can",
    "users_with_permission",
]

D, R, L = Role.DRAFTER, Role.REVIEWER, Role.LEADER
SYS, SEC, AUD = Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR
ALL_ROLES = frozenset(Role)
#: Who sees the records of the own organization: the business roles and the 系统管理员 (who configures the
#: catalogue and channels they are filed under). Not the 安全管理员 or the 审计管理员.
VIEWERS = frozenset({D, R, L, SYS})
#: Who sees the records of the organizations below (supervision).
SUPERVISORS = frozenset({L, SYS})
#: Every role sees the organization's workbench; the county's administrators reach the township's.
WORKBENCH_INHERITED = frozenset({L, SYS, SEC, AUD})


@dataclass(frozen=True)
class ActionRule:
    """Who may perform one action: ``roles`` on the own organization, ``inherited`` on descendants too."""

    roles: frozenset[Role]
    inherited: frozenset[Role] = frozenset()
    label: str = ""


def _rule(roles, inherited=(), label: str = "") -> ActionRule:
    return ActionRule(frozenset(roles), frozenset(inherited), label)


#: Every action of the platform, with the roles that grant it.
ACTIONS: dict[str, ActionRule] = {
    # Organizations, accounts and the audit log (三员: configuration, accounts and roles, audit)
    "organization.view": _rule(ALL_ROLES, WORKBENCH_INHERITED, "查看机关工作台"),
    "organization.configure": _rule({SYS}, {SYS}, "管理机关信息和下级机关"),
    "organization.members": _rule({SEC}, {SEC}, "管理人员账号和角色"),
    "audit.view": _rule({AUD, L}, {AUD, L}, "查看审计日志"),
    # Account security: release login lockouts, reset a lost authenticator (安全管理员's work)
    "accounts.unlock": _rule({SEC}, {SEC}, "解除账号锁定、重置动态口令"),
    # Open API tokens (接口令牌: issued to staff or to a provincial platform), the 安全管理员's work
    "api.token.manage": _rule({SEC}, {SEC}, "签发和吊销接口令牌"),
    # Proactive disclosure (主动公开)
    "publishing.item.view": _rule(VIEWERS, SUPERVISORS, "查看公开信息"),
    "publishing.item.create": _rule({D}, (), "起草公开信息"),
    "publishing.item.edit": _rule({D}, (), "修改草稿"),
    "publishing.item.submit": _rule({D}, (), "提交审核"),
    "publishing.item.review": _rule({R}, (), "保密审查"),
    "publishing.item.sign": _rule({L}, (), "签发"),
    "publishing.item.withdraw": _rule({L}, (), "撤回已发布信息"),
    "publishing.item.record_channel": _rule({D}, (), "登记发布渠道"),
    "publishing.item.import": _rule({SYS}, (), "导入历史已发布信息"),
    "publishing.catalogue.manage": _rule({SYS}, {SYS}, "管理公开目录和渠道"),
    "publishing.item.validity": _rule({D, L}, (), "变更政策文件有效性"),
    # 基层政务公开标准目录 (catalogue app): entries with owners and time limits, the freshness watch
    "catalogue.view": _rule(VIEWERS, SUPERVISORS, "查看标准目录和更新督查"),
    "catalogue.manage": _rule({SYS}, {SYS}, "管理标准目录（编辑、导入）"),
    # 第二十条 registers
    "registers.view": _rule(VIEWERS, SUPERVISORS, "查看第二十条登记"),
    "registers.edit": _rule({D}, (), "登记第二十条事项"),
    # Annual reports (年度报告)
    "reports.view": _rule(VIEWERS, SUPERVISORS, "查看年度报告"),
    "reports.edit": _rule({D}, (), "编写年度报告"),
    "reports.publish": _rule({L}, (), "发布年度报告"),
    # Statistics (统计): aggregate figures only, no personal data; a supervisor sees the bodies below
    "stats.view": _rule(VIEWERS, SUPERVISORS, "查看统计"),
    # Checking published annual reports (年报检查, by 政务公开办 and evaluators), inherited down the tree
    "review.view": _rule(SUPERVISORS, SUPERVISORS, "查看年报检查"),
    "review.manage": _rule(SUPERVISORS, SUPERVISORS, "上传和管理年报检查"),
    # Disclosure applications (依申请公开): personal data, so business roles only.
    "applications.application.view": _rule({D, R, L}, {L}, "查看依申请公开"),
    "applications.application.register": _rule({D}, (), "登记申请"),
    "applications.application.handle": _rule({D, R}, (), "办理申请"),
    "applications.application.approve": _rule({L}, (), "审批答复"),
    "applications.letters.manage": _rule({L, SYS}, {SYS}, "管理答复文书模板和文号格式"),
}


class PermissionDeniedError(PermissionDenied):
    """Raised by :func:`require`; the message is Chinese and may be shown to the user."""

    def __init__(self, message: str = "您没有权限执行此操作。") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


_CACHE_ATTR = "_gongkai_memberships"


def _memberships(user) -> list[tuple[int, str, str]]:
    """(organization id, organization path, role) of the user's memberships, cached on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user_id=user.pk).values_list("organization_id", "organization__path", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def clear_cache(user) -> None:
    """Forget the cached memberships of *user* (call after granting or revoking roles)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _rule_for(action: str) -> ActionRule:
    try:
        return ACTIONS[action]
    except KeyError:
        msg = f"unknown permission action {action!r}; add it to gongkai.apps.organizations.permissions.ACTIONS"
        raise ValueError(msg) from None


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def organization_of(obj: Any) -> Organization | None:
    """The organization an object belongs to: the object itself, or its ``organization`` attribute."""
    if obj is None or isinstance(obj, Organization):
        return obj
    org = getattr(obj, "organization", None)
    if isinstance(org, Organization):
        return org
    msg = f"{type(obj).__name__} has no organization"
    raise TypeError(msg)


def roles_for(user, organization: Organization) -> set[str]:
    """The roles *user* holds directly in *organization* (no inheritance)."""
    if not _active(user):
        return set()
    return {role for org_id, _path, role in _memberships(user) if org_id == organization.pk}


def user_can(user, action: str, obj: Any = None) -> bool:
    """Whether *user* may perform *action* on *obj* (an Organization or an object with ``.organization``).

    With ``obj=None`` the answer is whether the user may perform the action in at least one organization
    (used to show or hide menu entries).
    """
    rule = _rule_for(action)
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    org = organization_of(obj)
    for org_id, path, role in _memberships(user):
        if org is None:
            if role in rule.roles or role in rule.inherited:
                return True
            continue
        if org_id == org.pk and role in rule.roles:
            return True
        if role in rule.inherited and org.path.startswith(path):
            return True
    return False


def require(user, action: str, obj: Any = None, message: str | None = None) -> None:
    """Raise :class:`PermissionDeniedError` unless :func:`user_can` allows the action."""
    if not user_can(user, action, obj):
        if message is None:
            label = ACTIONS[action].label or action
            message = f"您没有权限执行此操作：{label}。"
        raise PermissionDeniedError(message)


def organizations_for_user(user, action: str) -> QuerySet[Organization]:
    """The organizations in which *user* may perform *action* (one query when evaluated)."""
    rule = _rule_for(action)
    qs = Organization.objects.all()
    if not _active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    condition = Q(pk__in=[])
    for org_id, path, role in _memberships(user):
        if role in rule.roles:
            condition |= Q(pk=org_id)
        if role in rule.inherited:
            condition |= Q(path__startswith=path)
    return qs.filter(condition)


def restrict(queryset: QuerySet, user, action: str, *, field: str = "organization") -> QuerySet:
    """Filter *queryset* to the rows whose ``field`` organization allows *action* for *user*.

    Example: ``restrict(Item.objects.all(), user, "publishing.item.view")``.
    """
    if _active(user) and user.is_superuser:
        return queryset
    return queryset.filter(**{f"{field}__in": organizations_for_user(user, action)})


def is_other_person(user, party_ids) -> bool:
    """Whether *user* is none of the people in *party_ids* (four eyes); the system (``None``) always is."""
    if user is None:
        return True
    return getattr(user, "pk", None) not in {pk for pk in party_ids if pk is not None}


def require_other_person(user, party_ids, message: str) -> None:
    """Raise :class:`PermissionDeniedError` with *message* when *user* is one of *party_ids*.

    The four-eyes rule binds superusers too: a platform operator who drafted an item does not sign it.
    """
    if not is_other_person(user, party_ids):
        raise PermissionDeniedError(message)


def users_with_permission(action: str, organization: Organization):
    """The active people who may perform *action* in *organization* through a role held there (not inherited
    from above, not superusers): whom to tell that work waits (e.g. the 审核人 of a submitted item)."""
    from django.contrib.auth import get_user_model

    rule = ACTIONS[action]
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__organization=organization, memberships__role__in=list(rule.roles)
        )
        .distinct()
        .order_by("pk")
    )
