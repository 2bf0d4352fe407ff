"""Audited Django admin: every add, change and delete made in /admin/ writes an audit row.

The staff pages go through the audited services; /admin/ is the platform operator's back door.
Models edited there use :class:`AuditedModelAdmin` (and :class:`AuditedInlineMixin` for inlines),
so that a change in /admin/ leaves the same trace as one made through the services: action
``<app>.<model>.admin_create`` / ``admin_change`` / ``admin_delete``, with before/after snapshots.
A delete also records what the database cascades (rows deleted or detached with it), in the same
transaction as the delete.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import router, transaction
from django.db.models.deletion import Collector

from .services import audit_log, snapshot

__all__ = ["AuditedModelAdmin", "admin_action"]


def admin_action(obj, verb: str) -> str:
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}.admin_{verb}"


def _fresh(obj):
    if obj.pk is None:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def _cascade_summary(objs) -> dict[str, int]:
    """What deleting *objs* also deletes or detaches, as ``{"app.model": count}``."""
    if not objs:
        return {}
    collector = Collector(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    own = {(type(o), o.pk) for o in objs}
    summary: dict[str, int] = {}
    for model, instances in collector.data.items():
        n = sum(1 for i in instances if (model, i.pk) not in own)
        if n:
            summary[model._meta.label_lower] = summary.get(model._meta.label_lower, 0) + n
    for qs in collector.fast_deletes:
        n = qs.count()
        if n:
            summary[qs.model._meta.label_lower] = summary.get(qs.model._meta.label_lower, 0) + n
    for (field, _value), targets in collector.field_updates.items():
        n = sum(t.count() if hasattr(t, "count") and not isinstance(t, list | tuple) else len(t) for t in targets)
        if n:
            key = f"{field.model._meta.label_lower}.{field.name}（置空）"
            summary[key] = summary.get(key, 0) + n
    return summary


def _audit_delete(request, obj) -> None:
    cascade = _cascade_summary([obj])
    audit_log(
        actor=request.user,
        action=admin_action(obj, "delete"),
        obj=obj,
        before=snapshot(obj),
        after={"cascade": cascade} if cascade else None,
        reason="通过管理后台删除",
    )


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose writes are audited (see the module docstring)."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic(using=router.db_for_write(type(obj))):
            old = _fresh(obj) if change else None
            before = snapshot(old) if old is not None else None
            super().save_model(request, obj, form, change)
            audit_log(
                actor=request.user,
                action=admin_action(obj, "change" if change else "create"),
                obj=obj,
                before=before,
                after=snapshot(obj),
                reason="通过管理后台修改" if change else "通过管理后台新增",
            )

    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(type(obj))):
            _audit_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                _audit_delete(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows: audit each row added, changed or deleted."""
        with transaction.atomic(using=router.db_for_write(formset.model)):
            befores = {
                f.instance.pk: snapshot(_fresh(f.instance))
                for f in formset.forms
                if f.instance.pk is not None and f.has_changed() and _fresh(f.instance) is not None
            }
            deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
            for obj in deleted:
                _audit_delete(request, obj)
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit_log(
                    actor=request.user,
                    action=admin_action(obj, "create"),
                    obj=obj,
                    after=snapshot(obj),
                    reason="通过管理后台新增",
                )
            for obj, _fields in formset.changed_objects:
                audit_log(
                    actor=request.user,
                    action=admin_action(obj, "change"),
                    obj=obj,
                    before=befores.get(obj.pk),
                    after=snapshot(obj),
                    reason="通过管理后台修改",
                )
