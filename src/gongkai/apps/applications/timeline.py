"""The course of one application, step by step (办理过程), and the final state of a closed one.

One timeline for the staff case page and the applicant's status lookup. The public version leaves out what is
not the applicant's: staff names, internal notes, the third party consulted, the approver; the internal
approval steps keep a neutral wording. Read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gongkai.apps.audit.models import AuditLog
from gongkai.core.deadlines import working_days_between

from .calendar import holiday_calendar
from .choices import Channel, Decision, EventKind, Status
from .models import Application, LawsuitCase, ReviewCase

__all__ = ["FinalState", "TimelineStep", "application_final_state", "application_timeline"]

#: How the applicant reads the internal approval steps (no one's name, no comments).
_PUBLIC_LABELS = {
    EventKind.REPLY_PROPOSED: "拟定答复，报机关负责人审批",
    EventKind.REPLY_APPROVED: "答复经审批出具",
    EventKind.REPLY_RETURNED: "答复退回承办人修改",
    EventKind.CONSULTATION: "征求第三方或其他机关意见",
}


@dataclass(frozen=True)
class TimelineStep:
    """One step: its legal date, what happened, details, and (staff only) who recorded it."""

    date: dt.date
    label: str
    detail: str = ""
    actor: str = ""
    kind: str = ""


@dataclass(frozen=True)
class FinalState:
    """How a closed application ended: the reply (or the 视为放弃) and whether it was within the period."""

    closed_on: dt.date
    decision: str
    reply_number: str
    due_on: dt.date | None
    late_working_days: int

    @property
    def in_time(self) -> bool:
        return self.late_working_days <= 0

    @property
    def text(self) -> str:
        head = f"已办结：{self.closed_on:%Y-%m-%d} {self.decision}"
        if self.reply_number:
            head += f"（{self.reply_number}）"
        if self.due_on is None:
            return head + "。"
        if self.in_time:
            return head + f"，在答复期限（{self.due_on:%Y-%m-%d}）内答复。"
        return head + f"，超过答复期限（{self.due_on:%Y-%m-%d}）{self.late_working_days} 个工作日。"


def application_final_state(application: Application, calendar=None) -> FinalState | None:
    """The final state of a closed application (None while it is open)."""
    if application.status != Status.CLOSED or application.closed_on is None:
        return None
    decided = application.decided_on or application.closed_on
    late = 0
    if application.due_on and decided > application.due_on:
        late = working_days_between(application.due_on, decided, calendar or holiday_calendar())
    decision = Decision(application.decision).label if application.decision else "办结"
    # The table-3 row label carries its numbering (（一）予以公开); the sentence wants the words only.
    decision = decision.split("）", 1)[-1] if decision.startswith("（") else decision
    return FinalState(
        closed_on=application.closed_on,
        decision=decision,
        reply_number=application.reply_number,
        due_on=application.due_on,
        late_working_days=late,
    )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _event_detail(event, public: bool) -> str:
    parts = []
    if event.end_date:
        parts.append(f"至 {event.end_date:%Y-%m-%d}")
    if event.days:
        parts.append(f"{event.days} 个工作日")
    if event.deadline:
        parts.append(f"期限 {event.deadline:%Y-%m-%d}")
    if not public:
        parts += [p for p in (event.party, event.approved_by and f"批准人 {event.approved_by}", event.note) if p]
    return "，".join(parts)


#: The audit action of each step that records an event, and that event's kind.
_EVENT_ACTIONS = {
    "request_correction": EventKind.CORRECTION_REQUESTED,
    "receive_correction": EventKind.CORRECTION_RECEIVED,
    "start_consultation": EventKind.CONSULTATION,
    "extend": EventKind.EXTENSION,
    "set_delay": EventKind.DELAY,
    "issue_fee_notice": EventKind.FEE_NOTICE_SENT,
    "record_fee_notice_delivery": EventKind.FEE_NOTICE_RECEIVED,
    "record_payment": EventKind.FEE_PAID,
    "decide": EventKind.REPLY_PROPOSED,
    "approve_reply": EventKind.REPLY_APPROVED,
    "return_reply": EventKind.REPLY_RETURNED,
}


#: Steps dated by when they were recorded (no legal date of their own).
_RECORD_DATED = ("assigned", "attachment")


def _clamp_record_dates(steps: list[TimelineStep]) -> None:
    """A step recorded later than the dated steps after it (a case entered afterwards, back-dated) takes the
    date of the step before it, so that the dates read in order."""
    for n, step in enumerate(steps):
        if step.kind not in _RECORD_DATED:
            continue
        later = [s.date for s in steps[n + 1 :] if s.kind not in _RECORD_DATED]
        if later and step.date > min(later) and n > 0:
            steps[n] = replace(step, date=steps[n - 1].date)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def application_timeline(application: Application, *, public: bool = False) -> list[TimelineStep]:
    """Every step of *application*, in the order the steps were taken (the audit log's order), each with its
    legal date (收到申请之日, the date of the 补正 notice, the 答复日期 …). Events no audit row accounts for (data
    loaded from elsewhere) are placed by their date."""
    audit = list(
        AuditLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Application), object_id=str(application.pk)
        )
        .order_by("seq")
        .values("action", "actor_name", "timestamp", "reason")
    )
    events = list(application.events.select_related("actor").order_by("id"))
    unused = list(events)
    steps: list[TimelineStep] = []
    online = application.channel == Channel.ONLINE
    final = application_final_state(application)
    abandoned = application.decision in (Decision.OTHER_NO_CORRECTION, Decision.OTHER_UNPAID_FEE)

    def actor(name: str) -> str:
        return "" if public else name

    def received(who: str) -> None:
        if application.received_on:
            steps.append(
                TimelineStep(
                    application.received_on,
                    "收到申请（开始计算答复期限）",
                    application.receipt_basis,
                    actor(who),
                    "received",
                )
            )

    def event_step(event) -> None:
        label = _PUBLIC_LABELS.get(event.kind, event.get_kind_display()) if public else event.get_kind_display()
        steps.append(
            TimelineStep(event.date, label, _event_detail(event, public), actor(_name(event.actor)), event.kind)
        )

    def closed(who: str) -> None:
        if final is not None and not any(step.kind == "closed" for step in steps):
            steps.append(
                TimelineStep(
                    final.closed_on,
                    "视为放弃申请，办结" if abandoned else "作出答复，办结",
                    "；".join(p for p in (final.decision, final.reply_number) if p),
                    actor(who),
                    "closed",
                )
            )

    steps.append(
        TimelineStep(
            _local_date(application.submitted_at),
            "网上提交申请" if online else "登记申请",
            application.get_channel_display(),
            "",
            "submitted",
        )
    )
    for row in audit:
        step = row["action"].removeprefix("applications.application.")
        who, when = row["actor_name"], _local_date(row["timestamp"])
        if step == "register":
            steps[0] = TimelineStep(steps[0].date, steps[0].label, steps[0].detail, actor(who), "submitted")
            received(who)
        elif step == "confirm_receipt":
            received(who)
        elif step == "assign":
            detail = "交承办人员办理" if public else f"承办人：{row['reason']}"
            steps.append(TimelineStep(when, "分办", detail, actor(who), "assigned"))
        elif step == "end_consultation":
            consultation = next((e for e in events if e.kind == EventKind.CONSULTATION and e.end_date), None)
            day = consultation.end_date if consultation else when
            steps.append(TimelineStep(day, "结束征求意见（恢复计算答复期限）", "", actor(who), "consultation_end"))
        elif step == "attach_document" and not public:
            steps.append(TimelineStep(when, "上传答复文件", row["reason"], who, "attachment"))
        elif step in _EVENT_ACTIONS:
            event = next((e for e in unused if e.kind == _EVENT_ACTIONS[step]), None)
            if event is not None:
                unused.remove(event)
                event_step(event)
            if step == "approve_reply" or (step == "decide" and application.status == Status.CLOSED and event is None):
                closed(who)
        elif step == "close_abandoned":
            closed(who)
    for event in unused:  # events without their audit row: by date
        at = next((n for n, s in enumerate(steps) if s.date > event.date), len(steps))
        before = len(steps)
        event_step(event)
        steps.insert(at, steps.pop(before))
    closed("")
    _clamp_record_dates(steps)
    if not public:
        for case in ReviewCase.objects.filter(application=application):
            steps.append(
                TimelineStep(
                    case.filed_on,
                    "申请人申请行政复议",
                    "；".join(p for p in (case.reviewing_body, case.get_result_display()) if p),
                    "",
                    "review_case",
                )
            )
        for case in LawsuitCase.objects.filter(application=application):
            steps.append(
                TimelineStep(
                    case.filed_on,
                    "申请人提起行政诉讼",
                    "；".join(p for p in (case.court, case.get_result_display()) if p),
                    "",
                    "lawsuit_case",
                )
            )
    return steps
