"""Models of the open API: access tokens, report-check jobs, and the external ids of synchronised items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ApiToken", "ReportCheckJob", "SyncedItem", "TokenKind"]


class TokenKind(models.TextChoices):
    STAFF = "staff", _("工作人员")
    PLATFORM = "platform", _("上级平台")


class ApiToken(models.Model):
    """An access token (接口令牌). Only a SHA-256 digest of its secret is stored; the secret is shown once.

    A staff token acts as its user (the user's roles still decide, at every request); a platform token acts for
    a provincial or city platform over its organization and every body below. ``scopes`` lists what it may do.
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=TokenKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    scopes = models.JSONField(_("权限范围"), default=list)
    prefix = models.CharField(_("令牌编号"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("令牌摘要"), max_length=64, editable=False)
    expires_at = models.DateTimeField(_("有效期至"))
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("吊销人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ReportCheckJob(models.Model):
    """A report file submitted through the API to be read (in the sandbox, by a worker) and checked."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队")
        RUNNING = "running", _("读取中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("无法读取")

    public_id = models.CharField(_("任务编号"), max_length=32, unique=True, editable=False)
    token = models.ForeignKey(ApiToken, verbose_name=_("令牌"), on_delete=models.PROTECT, related_name="jobs")
    file = models.FileField(_("文件"), upload_to="api/reports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    report = models.JSONField(_("报告数据"), null=True, blank=True)
    findings = models.JSONField(_("检查结果"), default=list, blank=True)
    error = models.TextField(_("无法读取的原因"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年报检查任务")
        verbose_name_plural = _("年报检查任务")


class SyncedItem(models.Model):
    """An item pushed by a platform under its own id (external id), so that pushing it again is idempotent."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    external_id = models.CharField(_("外部编号"), max_length=100)
    item = models.OneToOneField(
        "publishing.Item", verbose_name=_("公开信息"), on_delete=models.CASCADE, related_name="synced_from"
    )
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    token = models.ForeignKey(ApiToken, verbose_name=_("令牌"), on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(_("同步时间"), auto_now=True)

    class Meta:
        verbose_name = _("同步信息")
        verbose_name_plural = _("同步信息")
        constraints = [
            models.UniqueConstraint(fields=["organization", "external_id"], name="synced_item_unique_external_id")
        ]
