"""Who is told what when an application moves (消息提醒), called from the services inside their atomic step."""

from __future__ import annotations

from django.urls import reverse

from gongkai.apps.notifications.choices import Kind
from gongkai.apps.notifications.services import notify
from gongkai.apps.organizations.permissions import users_with_permission

from . import permissions
from .models import Application


def _link(app: Application) -> str:
    return reverse("applications:staff_detail", args=[app.pk])


def _due(app: Application) -> str:
    return f"，答复期限 {app.due_on:%Y-%m-%d}" if app.due_on else ""


def submitted_online(app: Application) -> None:
    """A new online application: the registration desk (经办人) confirms receipt."""
    notify(
        recipients=users_with_permission(permissions.REGISTER, app.organization),
        kind=Kind.SUBMITTED,
        text=f"新的网上申请 {app.tracking_number}，待确认收到",
        link=_link(app),
        organization=app.organization,
    )


def assigned(app: Application, *, actor) -> None:
    notify(
        recipients=[app.handler],
        kind=Kind.ASSIGNED,
        text=f"申请 {app.tracking_number} 已分办给您{_due(app)}",
        link=_link(app),
        organization=app.organization,
        exclude={getattr(actor, "pk", None)},
    )


def reply_awaits_approval(app: Application, *, actor, party_ids: set[int]) -> None:
    """The handler's reply waits for a 领导: every 领导 who may approve it (not a party to it: four eyes)."""
    notify(
        recipients=users_with_permission(permissions.APPROVE, app.organization),
        kind=Kind.APPROVAL,
        text=f"申请 {app.tracking_number} 的答复（{app.get_decision_display()}）待您审批{_due(app)}",
        link=_link(app),
        organization=app.organization,
        exclude={*party_ids, getattr(actor, "pk", None)},
    )


def reply_returned(app: Application, *, actor, comment: str) -> None:
    notify(
        recipients=[app.handler],
        kind=Kind.RETURNED,
        text=f"申请 {app.tracking_number} 的答复被退回：{comment}",
        link=_link(app),
        organization=app.organization,
        exclude={getattr(actor, "pk", None)},
    )
