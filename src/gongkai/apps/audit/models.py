"""The append-only audit log (审计日志)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditLog", "AuditLogImmutableError"]


class AuditLogImmutableError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AuditLogQuerySet(models.QuerySet):
    """A queryset that refuses bulk updates and deletes: the log is append-only."""

    def update(self, **kwargs):
        raise AuditLogImmutableError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AuditLogImmutableError("审计日志只能追加，不能删除。")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutableError("审计日志只能追加，不能修改。")


class AuditLog(models.Model):
    """One recorded change (审计记录): who did what, when, to which object, before/after, and why.

    Rows outlive their actors and objects: foreign keys are ``SET_NULL`` and the actor's name and the
    object's representation are frozen copies. Write rows through
    :func:`gongkai.apps.audit.services.audit_log` only.
    """

    timestamp = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("机关"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    before = models.JSONField(_("修改前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("修改后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("理由或意见"), blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        """The Chinese name of :attr:`action` (see :mod:`gongkai.apps.audit.labels`)."""
        from .labels import action_label

        return action_label(self.action)

    def save(self, *args, **kwargs) -> None:
        """Insert only: saving an existing row raises."""
        if not self._state.adding or self.pk is not None:
            raise AuditLogImmutableError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutableError("审计日志只能追加，不能删除。")
