"""Account pages: change password, second factor (enrol and verify), lockouts for the 安全管理员."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.apps.staff.decorators import add_errors, org_page, staff_context

from . import selectors, services
from .forms import PasswordChangeForm, TokenForm, UnlockForm

__all__ = ["lockouts", "otp_setup", "otp_verify", "password_change"]


def _next(request, default: str = "/staff/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return default
    return target


@never_cache
@login_required
def password_change(request):
    """修改密码: the user's own password, checked against every rule; initial passwords end here."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("staff:dashboard")
    return render(request, "accounts/password_change.html", {"form": form})


def otpauth_uri(device: TOTPDevice) -> str:
    return device.config_url


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def _qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


@never_cache
@login_required
def otp_setup(request):
    """绑定动态口令: the secret as text and as a QR code (drawn here, offline); a first code confirms it."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{_otp_verify_url()}?next={_next(request)}")
    device = services.otp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.otp_device_confirm(user=request.user, device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.messages[0])
        else:
            otp_login(request, device)
            messages.success(request, "动态口令已绑定，以后每次登录都需输入。")
            return redirect(_next(request))
    uri = otpauth_uri(device)
    secret = secret_base32(device)
    context = {
        "form": form,
        "qr_svg": _qr_svg(uri),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", context)


def _otp_verify_url() -> str:
    from django.urls import reverse

    return reverse("accounts:otp_verify")


@never_cache
@login_required
def otp_verify(request):
    """输入动态口令: the second step of a login for those who need it."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        device = match_token(request.user, token)
        if device is None:
            form.add_error("token", "动态口令不正确或已使用，请输入手机上当前显示的 6 位数字。")
        else:
            otp_login(request, device)
            return redirect(_next(request))
    context = {"form": form, "next": _next(request), "issuer": settings.OTP_TOTP_ISSUER}
    return render(request, "accounts/otp_verify.html", context)


@org_page(services.UNLOCK)
def lockouts(request, org):
    """账号锁定: the usernames and addresses locked after repeated failed logins, and their release."""
    form = UnlockForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("reset_otp"):
                    user = get_user_model().objects.filter(username=data["username"]).first()
                    if user is None:
                        raise ValidationError("没有找到该用户。")
                    services.otp_device_reset(actor=request.user, organization=org, user=user)
                    messages.success(request, f"已重置 {user.username} 的动态口令，其下次登录时重新绑定。")
                else:
                    services.lockout_release(
                        actor=request.user,
                        organization=org,
                        username=data["username"],
                        ip_address=data["ip_address"] or "",
                    )
                    messages.success(request, f"已解除锁定：{data['username'] or data['ip_address']}。")
            except ValidationError as exc:
                add_errors(request, exc)
            else:
                return redirect("accounts:lockouts", org.slug)
        else:
            messages.error(request, "请填写正确的用户名或地址。")
    context = staff_context(
        request,
        org,
        "lockouts",
        rows=selectors.lockouts_for(org, request.user),
        limit=settings.AXES_FAILURE_LIMIT,
        address_limit=settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT,
        cooloff=settings.AXES_COOLOFF_TIME,
        cooloff_minutes=_cooloff_minutes(),
        members=selectors.members_with_devices(org),
    )
    return render(request, "accounts/lockouts.html", context)


def _cooloff_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds() // 60) if cooloff else 0


def lockout_response(request, original_response=None, credentials=None):
    """The Chinese page django-axes shows instead of the login form once a username or address is locked (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "username": username[:150],
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT,
        "lock": getattr(request, "gongkai_lock", None) or {"account": True, "address": True},
        "cooloff_timedelta": settings.AXES_COOLOFF_TIME,
        "cooloff_minutes": _cooloff_minutes(),
    }
    return render(request, "accounts/lockout.html", context, status=429)
