"""Reading the audit log."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai.apps.organizations.permissions import restrict

from .models import AuditLog

__all__ = ["audit_log_for_object", "audit_log_list"]


def audit_log_for_object(obj: models.Model) -> models.QuerySet[AuditLog]:
    """The audit rows of one object, newest first."""
    ct = ContentType.objects.get_for_model(obj)
    return AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


def audit_log_list(*, user, organization=None, action_prefix: str = "") -> models.QuerySet[AuditLog]:
    """The audit rows *user* may see (``audit.view``), optionally for one organization and action prefix."""
    qs = restrict(AuditLog.objects.select_related("organization"), user, "audit.view")
    if organization is not None:
        qs = qs.filter(organization=organization)
    if action_prefix:
        qs = qs.filter(action__startswith=action_prefix)
    return qs
