"""Per-account security state kept beside Django's user (the user model stays Django's own)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AccountState"]


class AccountState(models.Model):
    """Whether the user must replace an initial password, and when the password last changed.

    A password set by someone else (an administrator on 人员与权限, ``gongkai staff_create``) is an initial
    password: the middleware sends its owner to 修改密码 until he has chosen his own. The demo's accounts are
    marked ``demo`` so that they keep the printed password.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="account_state"
    )
    must_change_password = models.BooleanField(_("须修改初始密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    demo = models.BooleanField(_("演示账号"), default=False)

    class Meta:
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")

    def __str__(self) -> str:
        return str(self.user)
