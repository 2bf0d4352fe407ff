"""The append-only audit log (审计日志)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditChainHead", "AuditLog", "AuditLogImmutableError"]


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

    def bulk_create(self, objs, *args, **kwargs):
        # Rows enter the hash chain one at a time (see chain.append).
        for obj in objs:
            obj.save()
        return objs


class AuditLog(models.Model):
    """One recorded change (审计记录): who did what, when, to which object, before/after, and why.

    Rows outlive their actors and objects and are never changed: the foreign keys have no database
    constraint and no ``on_delete`` action (the id of a deleted user stays, as the hash covers it),
    and the actor's name and the object's representation are frozen copies. Write rows through
    :func:`gongkai.apps.audit.services.audit_log` only. ``seq``, ``prev_hash`` and ``chain_hash``
    chain every row to the one before (see :mod:`gongkai.apps.audit.chain`); database triggers
    refuse UPDATE and DELETE (see :mod:`gongkai.apps.audit.triggers`).
    """

    timestamp = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("对象类型"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("机关"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    before = models.JSONField(_("修改前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("修改后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("理由或意见"), blank=True)
    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64, editable=False)
    chain_hash = models.CharField(_("SM3 摘要"), max_length=64, editable=False)

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
        """Insert only, at the end of the hash chain: saving an existing row raises."""
        if not self._state.adding or self.pk is not None:
            raise AuditLogImmutableError("审计日志只能追加，不能修改。")
        if self.seq is None:
            from .chain import append

            append(self)  # sets seq and the hashes, then comes back here
            return
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutableError("审计日志只能追加，不能删除。")


class AuditChainHead(models.Model):
    """The end of the audit hash chain (one row, ``pk=1``): the last ``seq`` and its hash.

    Appends lock this row, so the chain has one end at any time; it also shows when rows were cut
    off the end of the log.
    """

    seq = models.PositiveBigIntegerField(_("最后序号"), default=0)
    chain_hash = models.CharField(_("最后摘要"), max_length=64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"{self.seq} {self.chain_hash}"
