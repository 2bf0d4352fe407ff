"""Writes for organizations, staff users and memberships. Every write is atomic and audited.

``actor=None`` means the system (management commands, the demo builder): no permission check, and the
audit row names 系统 as the actor. Views always pass the logged-in user.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.apps.audit.services import audit_log, snapshot

from . import duties, permissions
from .choices import Role
from .models import Membership, Organization

__all__ = [
    "membership_grant",
    "membership_revoke",
    "organization_create",
    "organization_set_reply_approval",
    "organization_update",
    "staff_user_create",
]

ORGANIZATION_PARENT_CYCLE = "上级机关不能是本机关或其下级机关。"
ORGANIZATION_ROOT_NEEDS_SUPERUSER = "只有平台管理员可以创建顶级机关。"
USERNAME_TAKEN = "用户名“%(username)s”已被使用。"

_DETAIL_FIELDS = (
    "short_name",
    "office_name",
    "address",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "postcode",
    "sort_order",
    "is_active",
)


def _check_manage(actor, parent: Organization | None, action: str = "organization.configure") -> None:
    if actor is None:
        return
    if parent is None:
        if not (actor.is_active and actor.is_superuser):
            raise permissions.PermissionDeniedError(ORGANIZATION_ROOT_NEEDS_SUPERUSER)
        return
    permissions.require(actor, action, parent)


@transaction.atomic
def organization_create(
    *,
    actor,
    name: str,
    kind: str,
    slug: str,
    parent: Organization | None = None,
    code: str = "",
    **details,
) -> Organization:
    """Create an organization (机关) under *parent* (None for a root).

    Needs ``organization.configure`` (系统管理员) on the parent (a superuser for a root). Extra keyword arguments set the
    指南 details (``office_name``, ``address``, ``office_hours``, ``phone``, ``fax``, ``email``, ``website``,
    ``postcode``, ``short_name``, ``sort_order``, ``is_active``).

    Raises:
        PermissionDeniedError, ValidationError (Chinese messages).
    """
    _check_manage(actor, parent)
    unknown = set(details) - set(_DETAIL_FIELDS)
    if unknown:
        msg = f"unknown organization fields: {sorted(unknown)}"
        raise TypeError(msg)
    org = Organization(name=name.strip(), kind=kind, slug=slug.strip(), parent=parent, code=code.strip(), **details)
    org.full_clean()
    org.save()
    audit_log(actor=actor, action="organizations.organization.create", obj=org, after=snapshot(org))
    return org


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields) -> Organization:
    """Change an organization's fields; moving it (``parent=``) re-paths its whole subtree.

    Needs ``organization.configure`` (系统管理员) on the organization (and on the new parent when moving).
    """
    if actor is not None:
        permissions.require(actor, "organization.configure", organization)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(org)
    allowed = {"name", "kind", "slug", "code", "parent", *_DETAIL_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        msg = f"unknown organization fields: {sorted(unknown)}"
        raise TypeError(msg)
    old_path = org.path
    if "parent" in fields:
        new_parent = fields["parent"]
        if new_parent is not None and new_parent.path.startswith(old_path):
            raise ValidationError({"parent": ORGANIZATION_PARENT_CYCLE})
        if new_parent != org.parent:
            _check_manage(actor, new_parent)
    for key, value in fields.items():
        setattr(org, key, value.strip() if isinstance(value, str) else value)
    org.full_clean()
    org.save()
    if org.path != old_path:
        # Re-path descendants: replace the old prefix by the new one, deepest rows last.
        for child in Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk).order_by("path"):
            Organization.objects.filter(pk=child.pk).update(path=org.path + child.path[len(old_path) :])
    audit_log(actor=actor, action="organizations.organization.update", obj=org, before=before, after=snapshot(org))
    organization.refresh_from_db()
    return org


@transaction.atomic
def membership_grant(*, actor, user, organization: Organization, role: str) -> Membership:
    """Give *user* the *role* in *organization*; idempotent.

    Needs ``organization.members`` (安全管理员). Refused for oneself, and when the role cannot be combined
    with the user's other roles there (:func:`gongkai.apps.organizations.duties.role_conflict`).
    """
    if actor is not None:
        permissions.require(actor, "organization.members", organization)
    duties.check_not_self(actor, user)
    if role not in Role.values:
        raise ValidationError({"role": "无效的角色。"})
    held = set(
        Membership.objects.select_for_update().filter(user=user, organization=organization).values_list("role", flat=True)
    )
    if role not in held:
        conflict = duties.role_conflict(held, role)
        if conflict:
            raise ValidationError({"role": f"不能给“{user}”分配{Role(role).label}：{conflict}"})
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if created:
        audit_log(
            actor=actor,
            action="organizations.membership.grant",
            obj=membership,
            after=snapshot(membership, ["user", "organization", "role"]),
            organization=organization,
        )
    permissions.clear_cache(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor, user, organization: Organization, role: str) -> bool:
    """Take the *role* in *organization* away from *user*; returns whether a membership was removed.

    Needs ``organization.members`` (安全管理员); nobody revokes his own roles.
    """
    if actor is not None:
        permissions.require(actor, "organization.members", organization)
    duties.check_not_self(actor, user)
    membership = Membership.objects.filter(user=user, organization=organization, role=role).first()
    if membership is None:
        return False
    before = snapshot(membership, ["user", "organization", "role"])
    audit_log(
        actor=actor, action="organizations.membership.revoke", obj=membership, before=before, organization=organization
    )
    membership.delete()
    permissions.clear_cache(user)
    return True


@transaction.atomic
def staff_user_create(
    *,
    actor,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    organization: Organization | None = None,
    roles: tuple[str, ...] | list[str] = (),
    must_change_password: bool = True,
):
    """Create a staff login and give it *roles* in *organization*.

    The full name goes into ``first_name`` (Chinese names are not split). Needs ``organization.members``
    (安全管理员) on *organization* (a superuser when no organization is given). The roles are granted one by
    one through :func:`membership_grant`, so an incompatible set is refused and nothing is created. The password must pass
    the password rules (``AUTH_PASSWORD_VALIDATORS``); it is an initial password that its owner must change at
    first login unless ``must_change_password=False`` (test fixtures).
    """
    _check_manage(actor, organization, "organization.members")
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写用户名。"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN % {"username": username}})
    user = User(username=username, first_name=full_name.strip()[:150], email=email.strip())
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    from gongkai.apps.accounts.services import password_mark_initial

    password_mark_initial(user=user, must_change=must_change_password)
    audit_log(
        actor=actor,
        action="organizations.user.create",
        obj=user,
        after={"username": username, "full_name": full_name, "email": email},
        organization=organization,
    )
    for role in roles:
        if organization is None:
            raise ValidationError({"roles": "分配角色需要指定机关。"})
        membership_grant(actor=actor, user=user, organization=organization, role=role)
    return user


REPLY_APPROVAL_REASON_REQUIRED = "关闭答复领导审批须填写理由（将记入审计日志）。"


@transaction.atomic
def organization_set_reply_approval(*, actor, organization: Organization, required: bool, reason: str = "") -> Organization:
    """Turn the 领导 approval of replies to applications on or off for *organization* (default on).

    Needs ``organization.configure`` (系统管理员). Turning it off weakens a control, so it needs a reason;
    either change is one audit row (``organizations.organization.reply_approval``).
    """
    if actor is not None:
        permissions.require(actor, "organization.configure", organization)
    reason = (reason or "").strip()
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    required = bool(required)
    if org.reply_approval_required == required:
        return org
    if not required and not reason:
        raise ValidationError({"reason": REPLY_APPROVAL_REASON_REQUIRED})
    before = {"reply_approval_required": org.reply_approval_required}
    org.reply_approval_required = required
    org.save(update_fields=["reply_approval_required", "updated_at"])
    audit_log(
        actor=actor,
        action="organizations.organization.reply_approval",
        obj=org,
        before=before,
        after={"reply_approval_required": required},
        reason=reason,
    )
    organization.reply_approval_required = required
    return org
