"""Notifications (消息提醒), each person's e-mail choice, and the daily digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Kind

__all__ = ["DigestSent", "Notification", "NotificationPreference"]


class Notification(models.Model):
    """One notice to one person (消息), shown under the bell until he marks it read.

    ``key`` names the thing and occasion of a notice that must not be repeated (a due date reached, for one
    item and due date): a second notice with the same key for the same person is not created.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("内容"), max_length=500)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(_("去重标识"), max_length=200, blank=True)
    created = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created"], name="notification_inbox_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="notification_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice of e-mail (邮件提醒设置); without a row, both e-mails are on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_events = models.BooleanField(_("有事项提交、退回、分办或待审批时发邮件"), default=True)
    email_digest = models.BooleanField(_("每个工作日发送待办摘要邮件（含即将到期和已超期事项）"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("邮件提醒设置")
        verbose_name_plural = _("邮件提醒设置")

    def __str__(self) -> str:
        return str(self.user)


class DigestSent(models.Model):
    """The daily digest e-mail went to this person on this day (so a second run sends none)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("日期"))
    lines = models.PositiveIntegerField(_("待办数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("待办摘要邮件")
        verbose_name_plural = _("待办摘要邮件")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_sent_unique_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
