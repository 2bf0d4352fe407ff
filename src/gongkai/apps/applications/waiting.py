"""Applications' contribution to the 工作台: the cases a person handles (with their 答复期限), online applications
waiting to be confirmed and assigned, replies waiting for a 领导; for a 领导 also every other open case of the
office. Registered with :func:`gongkai.apps.staff.waiting.register_waiting` in :class:`~.apps.ApplicationsConfig`.

The due date is the stored ``due_on`` (条例第三十三条 as computed by the core); while a case waits for a 补正 or
a third party the clock is paused, and the line says so.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.apps.organizations.permissions import is_other_person, user_can
from gongkai.apps.staff.waiting import WaitingLine

from . import permissions
from .calendar import holiday_calendar
from .choices import OPEN_STATUSES, Status
from .models import Application
from .selectors import days_waiting

__all__ = ["applications_waiting"]

_WHAT = {
    Status.SUBMITTED: "待确认收到",
    Status.IN_PROGRESS: "申请待答复",
    Status.AWAITING_CORRECTION: "等待申请人补正",
    Status.CONSULTING: "等待第三方意见",
    Status.AWAITING_PAYMENT: "等待缴费",
    Status.AWAITING_APPROVAL: "答复待领导审批",
}
_LIMIT = 300


def _handler_name(app: Application) -> str:
    if app.handler is None:
        return "未分办"
    return app.handler.get_full_name() or app.handler.get_username()


def _line(app: Application, *, mine: bool, what: str = "", note: str = "", calendar=None, today=None) -> WaitingLine:
    waited = days_waiting(app, today, calendar) if today else None
    parts = [note] if note else []
    if waited is not None:
        parts.append(f"已收到 {waited} 个工作日")
    if app.status in (Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_PAYMENT):
        parts.append("期限暂停计算")
    if not mine:
        parts.append(f"承办人：{_handler_name(app)}")
    return WaitingLine(
        key=f"applications.application:{app.pk}",
        what=what or _WHAT.get(app.status, app.get_status_display()),
        title=f"{app.tracking_number} {app.description[:40]}",
        url=reverse("applications:staff_detail", args=[app.pk]),
        organization=app.organization.name,
        organization_slug=app.organization.slug,
        due=app.due_on,
        mine=mine,
        note="；".join(parts),
        nav="applications",
    )


def _org_lines(user, org, today: dt.date, calendar) -> list[WaitingLine]:
    lines: list[WaitingLine] = []
    qs = (
        Application.objects.filter(organization=org)
        .select_related("organization", "handler")
        .defer("deadline_explanation")
    )
    mine_ids: set[int] = set()

    def add(app, **kw):
        mine_ids.add(app.pk)
        lines.append(_line(app, mine=True, calendar=calendar, today=today, **kw))

    # The cases the person handles (承办人), whatever their state.
    for app in qs.filter(handler_id=user.pk, status__in=OPEN_STATUSES).order_by("due_on", "id")[:_LIMIT]:
        add(app)
    # Registration desk: online applications to confirm, received ones nobody handles yet.
    if user_can(user, permissions.REGISTER, org) or user_can(user, permissions.APPROVE, org):
        for app in qs.filter(status=Status.SUBMITTED).exclude(pk__in=mine_ids).order_by("submitted_at")[:_LIMIT]:
            add(app)
        unassigned = qs.filter(status__in=OPEN_STATUSES, handler__isnull=True).exclude(pk__in=mine_ids)
        for app in unassigned.order_by("due_on", "id")[:_LIMIT]:
            add(app, what="待分办")
    if user_can(user, permissions.APPROVE, org):
        from .services import reply_party_ids

        # Replies waiting for a 领导 (not his own: four eyes).
        pending = qs.filter(status=Status.AWAITING_APPROVAL).exclude(pk__in=mine_ids)
        for app in pending.order_by("due_on", "id")[:_LIMIT]:
            if is_other_person(user, reply_party_ids(app)):
                add(app, what="答复待我审批", note=app.get_decision_display())
        # The office's other open cases.
        office = qs.filter(status__in=OPEN_STATUSES).exclude(pk__in=mine_ids).order_by("due_on", "id")
        for app in office[:_LIMIT]:
            lines.append(_line(app, mine=False, calendar=calendar, today=today))
    return lines


def applications_waiting(*, user, organizations, today: dt.date) -> list[WaitingLine]:
    """The applications waiting for *user* (see the module docstring)."""
    calendar = holiday_calendar()
    lines: list[WaitingLine] = []
    for org in organizations:
        if user_can(user, permissions.VIEW, org):
            lines.extend(_org_lines(user, org, today, calendar))
    return lines
