"""Writes of account security: initial passwords, password changes, lockout release, second-factor devices."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.models import Membership, Organization
from gongkai.apps.organizations.permissions import require

from .models import AccountState

__all__ = [
    "home_organization",
    "lockout_release",
    "otp_device_confirm",
    "otp_device_pending",
    "otp_device_reset",
    "password_change",
    "password_mark_initial",
]

UNLOCK = "accounts.unlock"
DEVICE_NAME = "动态口令"


def home_organization(user) -> Organization | None:
    """The first organization *user* is a member of (where his account events are audited)."""
    if user is None or user.pk is None:
        return None
    membership = Membership.objects.filter(user_id=user.pk).select_related("organization").order_by("pk").first()
    return membership.organization if membership else None


def _state(user) -> AccountState:
    state, _created = AccountState.objects.get_or_create(user=user)
    return state


@transaction.atomic
def password_mark_initial(*, user, must_change: bool = True, demo: bool = False) -> AccountState:
    """Record that *user*'s password was set by someone else (must be changed at first login), or not."""
    state = _state(user)
    state.must_change_password = must_change and not demo
    state.demo = demo
    state.save()
    return state


@transaction.atomic
def password_change(*, user, old_password: str, new_password: str) -> None:
    """The user replaces his own password: the old one must be right, the new one pass every rule.

    Raises:
        ValidationError: with ``old_password`` or ``new_password`` keys, in Chinese.
    """
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确。"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同。"})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    state = _state(user)
    state.must_change_password = False
    state.demo = False
    state.password_changed_at = timezone.now()
    state.save()
    audit_log(actor=user, action="accounts.password.change", obj=user, organization=home_organization(user))


@transaction.atomic
def lockout_release(*, actor, organization: Organization, username: str = "", ip_address: str = "") -> int:
    """The 安全管理员 unlocks a username (or a client address) locked after repeated failed logins.

    Returns the number of failure records removed. Needs ``accounts.unlock`` on *organization*; a username must
    belong to a member of *organization* or of a body below it.
    """
    from axes.utils import reset

    require(actor, UNLOCK, organization)
    if not username and not ip_address:
        raise ValidationError("请指定要解锁的用户名或地址。")
    if username and not Membership.objects.filter(
        user__username=username, organization__path__startswith=organization.path
    ).exists() and not actor.is_superuser:
        raise ValidationError("该用户不属于本机关，不能在此解锁。")
    if ip_address and organization.parent_id is not None and not actor.is_superuser:
        raise ValidationError("按地址解锁须由最上级机关的安全管理员操作。")
    count = reset(username=username or None) if username else 0
    if ip_address:
        count += reset(ip=ip_address)
    audit_log(
        actor=actor,
        action="accounts.lockout.release",
        obj=None,
        organization=organization,
        after={"username": username, "ip_address": ip_address, "records": count},
        reason="解除登录失败锁定",
    )
    return count


@transaction.atomic
def otp_device_pending(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator device (its secret is shown on the enrolment page), made once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def otp_device_confirm(*, user, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm enrolment with a first code from the app: the device then guards every login.

    Raises:
        ValidationError: the code does not match (in Chinese).
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token((token or "").strip().replace(" ", "")):
        raise ValidationError("动态口令不正确，请核对手机上显示的 6 位数字（注意手机时间是否准确）。")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit_log(actor=user, action="accounts.otp.enrol", obj=user, organization=home_organization(user))
    return device


@transaction.atomic
def otp_device_reset(*, actor, organization: Organization, user) -> int:
    """The 安全管理员 removes a member's authenticator (a lost phone): he enrols again at his next login."""
    require(actor, UNLOCK, organization)
    if user.pk == actor.pk and not actor.is_superuser:
        raise ValidationError("不能重置自己的动态口令，请由其他安全管理员操作。")
    if not Membership.objects.filter(user=user, organization__path__startswith=organization.path).exists():
        raise ValidationError("该用户不属于本机关。")
    count, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_log(actor=actor, action="accounts.otp.reset", obj=user, organization=organization, reason="重置动态口令")
    return count
