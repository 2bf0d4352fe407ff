"""Audit rows for lockouts (django-axes' signal) and the session clock started at each login."""

from __future__ import annotations

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from gongkai.apps.audit.services import audit_log

LOGIN_AT = "gongkai_login_at"
SEEN_AT = "gongkai_seen_at"


@receiver(user_locked_out)
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    from .services import home_organization

    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_log(
        actor=None,
        action="accounts.lockout.lock",
        obj=user,
        organization=home_organization(user),
        after={"username": username or "", "ip_address": ip_address or ""},
        reason="连续登录失败，已锁定",
    )


@receiver(user_logged_in)
def start_session_clock(sender, request=None, user=None, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now
