"""Writing the audit log (审计日志). Services call :func:`audit_log` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditLog

__all__ = ["SYSTEM_ACTOR_NAME", "audit_log", "snapshot"]

#: Frozen actor name for changes made by the system (commands, migrations, the demo builder).
SYSTEM_ACTOR_NAME = "系统"

_ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return str(value)


#: Fields whose values never enter an audit row (a password hash is a secret, not a change record).
_NEVER_RECORDED = frozenset({"password"})


def snapshot(obj: models.Model, fields: list[str] | tuple[str, ...] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of *obj*'s concrete field values (foreign keys as primary keys), for before/after.

    Encrypted personal fields (``EncryptedTextField``) are recorded masked; passwords not at all.

    Args:
        obj: the model instance.
        fields: field names to include; all concrete non-auto fields when omitted.
    """
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if isinstance(field, models.AutoField | models.BigAutoField) or field.name in _NEVER_RECORDED:
            continue
        key = field.name
        value = getattr(obj, field.attname)
        if hasattr(field, "masked"):  # encrypted personal data: never in plain text in the log
            value = field.masked(value or "")
        data[key] = _json_value(value)
    return data


def _actor_name(actor) -> str:
    if actor is None:
        return SYSTEM_ACTOR_NAME
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    username = actor.get_username() if hasattr(actor, "get_username") else str(actor)
    return f"{full}（{username}）" if full and full != username else username


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    organization=None,
) -> AuditLog:
    """Append one audit row and return it.

    Args:
        actor: the user who acted, or ``None`` for the system.
        action: a namespaced action such as ``publishing.item.publish``.
        obj: the changed object (its type, id and text are stored), or ``None``.
        before: state before the change (see :func:`snapshot`).
        after: state after the change.
        reason: free text: the reason or the reviewer's comments (理由、意见).
        organization: the body concerned; defaults to *obj* itself when it is an Organization, else
            ``obj.organization`` when present.

    Raises:
        ValueError: when *action* is not a namespaced lower-case string.
    """
    if not _ACTION_RE.match(action or ""):
        msg = f"audit action must be namespaced like 'app.model.verb', got {action!r}"
        raise ValueError(msg)
    from gongkai.apps.organizations.models import Organization

    if organization is None and obj is not None:
        if isinstance(obj, Organization):
            organization = obj
        else:
            candidate = getattr(obj, "organization", None)
            if isinstance(candidate, Organization):
                organization = candidate
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) is not None else None
    entry = AuditLog(
        actor=actor_obj,
        actor_name=_actor_name(actor)[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        organization=organization if organization is not None and organization.pk is not None else None,
        before=_json_value(before) if before is not None else None,
        after=_json_value(after) if after is not None else None,
        reason=reason or "",
    )
    entry.save()
    return entry
