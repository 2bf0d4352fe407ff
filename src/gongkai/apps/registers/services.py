"""Writes to the 第二十条 registers: one create/update/delete trio for every register, atomic and audited.

Registers are edited by 经办人 (``registers.edit``). Every register model has an
``organization``; entries referencing other rows (a matter, a published item) must stay in the same
organization.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import require

from .models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter

__all__ = ["REGISTERS", "register_entry_create", "register_entry_delete", "register_entry_update"]

#: URL key → register model (the staff UI and the audit action names use the key).
REGISTERS: dict[str, type[models.Model]] = {
    "documents": RegulatoryDocument,
    "matters": ServiceMatter,
    "decisions": Decision,
    "fees": FeeIncome,
    "procurement": ProcurementProject,
}

OTHER_ORGANIZATION = "所选记录不属于本机关。"
DECISION_KIND_MISMATCH = "处理决定的类别与所选事项的类别不一致。"
FEE_MATTER_KIND = "收费金额只能关联行政事业性收费事项。"


def _key(model: type[models.Model]) -> str:
    for key, candidate in REGISTERS.items():
        if candidate is model:
            return key
    msg = f"{model.__name__} is not a register"
    raise TypeError(msg)


def _check_relations(entry: models.Model) -> None:
    for name in ("matter", "item"):
        related = getattr(entry, name, None) if hasattr(entry, f"{name}_id") else None
        if related is not None and related.organization_id != entry.organization_id:
            raise ValidationError({name: OTHER_ORGANIZATION})
    if isinstance(entry, Decision) and entry.matter is not None and entry.matter.kind != entry.kind:
        raise ValidationError({"matter": DECISION_KIND_MISMATCH})
    if isinstance(entry, FeeIncome) and entry.matter is not None and entry.matter.kind != "fees":
        raise ValidationError({"matter": FEE_MATTER_KIND})


def _editable_fields(model: type[models.Model]) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in {"organization", "created_at"}
    }


@transaction.atomic
def register_entry_create(*, actor, organization: Organization, model: type[models.Model], **fields) -> models.Model:
    """Add an entry to a register (*model* is one of :data:`REGISTERS`); needs ``registers.edit``."""
    key = _key(model)
    if actor is not None:
        require(actor, "registers.edit", organization)
    unknown = set(fields) - _editable_fields(model)
    if unknown:
        msg = f"unknown {model.__name__} fields: {sorted(unknown)}"
        raise TypeError(msg)
    entry = model(organization=organization, **fields)
    entry.full_clean()
    _check_relations(entry)
    entry.save()
    audit_log(actor=actor, action=f"registers.{key}.create", obj=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def register_entry_update(*, actor, entry: models.Model, **fields) -> models.Model:
    """Change a register entry; needs ``registers.edit`` on its organization."""
    model = type(entry)
    key = _key(model)
    if actor is not None:
        require(actor, "registers.edit", entry.organization)
    unknown = set(fields) - _editable_fields(model)
    if unknown:
        msg = f"unknown {model.__name__} fields: {sorted(unknown)}"
        raise TypeError(msg)
    locked = model.objects.select_for_update().get(pk=entry.pk)
    before = snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    _check_relations(locked)
    locked.save()
    audit_log(actor=actor, action=f"registers.{key}.update", obj=locked, before=before, after=snapshot(locked))
    if locked is not entry:
        entry.refresh_from_db()
    return locked


@transaction.atomic
def register_entry_delete(*, actor, entry: models.Model, reason: str = "") -> None:
    """Delete a register entry (the audit row keeps its content); needs ``registers.edit``."""
    key = _key(type(entry))
    if actor is not None:
        require(actor, "registers.edit", entry.organization)
    audit_log(actor=actor, action=f"registers.{key}.delete", obj=entry, before=snapshot(entry), reason=reason)
    entry.delete()
