"""Django's admin site for superusers who logged in with a second factor, at ``GONGKAI_ADMIN_PATH``."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect


class GongkaiAdminSite(AdminSite):
    """The admin for superusers only, with a verified second factor (django-otp), logged in by the staff login."""

    site_header = "政府信息公开工作平台 · 系统管理"
    site_title = "系统管理"

    def has_permission(self, request) -> bool:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        return bool(user.is_active and user.is_superuser and verified)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Logged in but not a superuser with a second factor: no admin for him.
            if not request.user.is_superuser:
                from gongkai.apps.staff.decorators import forbidden

                return forbidden(request, "系统管理仅限超级管理员使用。")
            return redirect("accounts:otp_verify")
        return redirect_to_login(request.GET.get("next") or request.path)
