"""Account policy on every staff request: session clock, second factor, initial password.

Order of the checks for a logged-in user on a staff page (``/staff/``, ``/accounts/…`` pages that need it and the
admin site):

1. the session has been idle longer than ``GONGKAI_SESSION_IDLE_MINUTES`` or is older than
   ``GONGKAI_SESSION_MAX_HOURS``: log out and go to the login page with a Chinese notice;
2. the user needs a second factor and this session has not been verified with one: go to the verify page (or the
   enrolment page when he has no authenticator yet);
3. the password is an initial one: go to 修改密码.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from .policy import must_change_password, needs_second_factor
from .signals import LOGIN_AT, SEEN_AT

__all__ = ["AccountPolicyMiddleware"]

#: How often (seconds) the idle clock is written back to the session: not on every request.
_TOUCH_EVERY = 30
_OWN_PAGES = ("/accounts/",)


def _guarded(path: str) -> bool:
    admin = "/" + settings.GONGKAI_ADMIN_PATH.strip("/") + "/"
    return path.startswith("/staff/") or path.startswith(admin) or path.startswith("/accounts/")


class AccountPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path first: a public page (the portal) never loads the session or the user here.
        if not _guarded(request.path):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request: HttpRequest, user) -> HttpResponse | None:
        from django.urls import reverse

        now = int(time.time())
        session = request.session
        login_at = session.get(LOGIN_AT) or now
        seen_at = session.get(SEEN_AT) or now
        idle = settings.GONGKAI_SESSION_IDLE_MINUTES * 60
        lifetime = settings.GONGKAI_SESSION_MAX_HOURS * 3600
        if (idle > 0 and now - seen_at > idle) or (lifetime > 0 and now - login_at > lifetime):
            reason = (
                f"您已超过 {settings.GONGKAI_SESSION_IDLE_MINUTES} 分钟未操作"
                if now - seen_at > idle
                else f"本次登录已超过 {settings.GONGKAI_SESSION_MAX_HOURS} 小时"
            )
            logout(request)
            messages.info(request, f"{reason}，为保护账号安全已自动退出，请重新登录。")
            return redirect_to_login(request.get_full_path())
        if LOGIN_AT not in session:
            session[LOGIN_AT] = login_at
        if now - seen_at >= _TOUCH_EVERY or SEEN_AT not in session:
            session[SEEN_AT] = now

        path = request.path
        logout_url = reverse("logout")
        if path == logout_url:
            return None
        otp_pages = (reverse("accounts:otp_verify"), reverse("accounts:otp_setup"))
        if needs_second_factor(user) and not user.is_verified():
            if path in otp_pages:
                return None
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={_safe_next(request)}")
        if path in otp_pages:
            return None
        change_url = reverse("accounts:password_change")
        if path != change_url and must_change_password(user):
            messages.info(request, "您的密码是管理员设置的初始密码，请先修改为自己的密码。")
            return redirect(change_url)
        return None


def _safe_next(request: HttpRequest) -> str:
    from urllib.parse import quote

    return quote(request.get_full_path() if request.method == "GET" else "/staff/", safe="/")
