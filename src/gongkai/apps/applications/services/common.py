"""Shared pieces of the application services: messages, status and date checks, deadlines, step saving."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.core import deadlines as core
from gongkai.core.deadlines import DeadlineRuleError

from ..calendar import holiday_calendar
from ..choices import Decision, EventKind, Status
from ..models import Application, ApplicationEvent

WRONG_STATUS = "该申请当前状态为“%(status)s”，不能%(action)s。"
DATE_IN_FUTURE = "%(what)s不能晚于今天。"
DATE_BEFORE_REGULATIONS = "%(what)s不能早于 2008-05-01（《政府信息公开条例》施行之日）。"
#: The 条例 took effect on 2008-05-01: no application, step or case can be dated earlier.
EARLIEST_DATE = dt.date(2008, 5, 1)
DATE_BEFORE_RECEIPT = "%(what)s不能早于收到申请之日（%(received)s）。"
MAIL_NEEDS_SIGNED_ON = (
    "邮寄的申请以签收之日为收到申请之日，请填写签收日期；平常信函请填写与申请人确认的日期（第三十一条第（二）项）。"
)
CONFIRMATION_NEEDED = "%(channel)s提交的申请以双方确认之日为收到申请之日，请填写确认日期（第三十一条第（三）项）。"
HANDLER_NOT_STAFF = "承办人必须是本机关的经办人或审核人。"
CORRECTION_ONCE = "补正只能一次性告知（第三十条），本申请已发出过补正通知。"
CORRECTION_DEADLINE_BEFORE = "补正期限不能早于补正通知日期。"
NOT_ABANDONED_YET = "%(what)s期限（%(deadline)s）尚未届满，不能按视为放弃办结。"
FEE_ZERO = "按所填件数或页数计算，信息处理费为 0 元，无需发出收费通知。"
APPROVER_REQUIRED = "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人。"
DECISION_VIA_CLOSE = "“视为放弃”类办理结果请通过“逾期未补正/未缴费办结”操作登记。"
DECISION_UNKNOWN = "办理结果“%(decision)s”不是年度报告表三中的一项。"
ROUTE_NEEDS_REVIEW = "复议后起诉的案件请关联行政复议案件。"

_NO_DIRECT_DECISIONS = {Decision.OTHER_NO_CORRECTION, Decision.OTHER_UNPAID_FEE}
_TRACKING_ALPHABET = "0123456789"
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# -- helpers -------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _check_status(application: Application, allowed: tuple[str, ...], action: str) -> None:
    if application.status not in allowed:
        raise ValidationError(WRONG_STATUS, params={"status": application.get_status_display(), "action": action})


def _check_date(value: dt.date, what: str, application: Application | None = None) -> None:
    if value > _today():
        raise ValidationError(DATE_IN_FUTURE, params={"what": what})
    if value < EARLIEST_DATE:
        raise ValidationError(DATE_BEFORE_REGULATIONS, params={"what": what})
    if application is not None and application.received_on and value < application.received_on:
        raise ValidationError(DATE_BEFORE_RECEIPT, params={"what": what, "received": application.received_on})


def _hash_code(tracking_number: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{tracking_number}:{code.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def query_code_matches(application: Application, code: str) -> bool:
    """Whether *code* is the query code (查询码) of *application* (constant-time comparison)."""
    return hmac.compare_digest(application.query_code_hash, _hash_code(application.tracking_number, code or ""))


def _new_tracking_number(when: dt.datetime) -> str:
    return (
        "GK"
        + timezone.localtime(when).strftime("%Y%m%d")
        + "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(6))
    )


def _core_events(application: Application) -> list[object]:
    events: list[object] = [core.Received(application.received_on)]
    for event in application.events.all():
        kind = event.kind
        if kind == EventKind.CORRECTION_REQUESTED:
            events.append(core.CorrectionRequested(event.date, event.deadline))
        elif kind == EventKind.CORRECTION_RECEIVED:
            events.append(core.CorrectionReceived(event.date))
        elif kind == EventKind.CONSULTATION:
            events.append(core.Consultation(event.date, event.end_date, event.party or "第三方"))
        elif kind == EventKind.EXTENSION:
            events.append(core.Extension(event.days or 0, event.date))
        elif kind == EventKind.DELAY:
            events.append(core.Delay(days=event.days, until=event.deadline, decided_on=event.date))
        elif kind == EventKind.FEE_NOTICE_SENT:
            events.append(core.FeeNoticeSent(event.date))
        elif kind == EventKind.FEE_NOTICE_RECEIVED:
            events.append(core.FeeNoticeReceived(event.date))
        elif kind == EventKind.FEE_PAID:
            events.append(core.FeePaid(event.date))
    return events


def application_deadline_on(application: Application, day: dt.date) -> core.DeadlineResult:
    """The reply period as it stood at the end of *day* (only the events known by then)."""
    events: list[object] = []
    for event in _core_events(application):
        when = getattr(event, "date", None) or getattr(event, "start", None) or getattr(event, "approved_on", None)
        when = when or getattr(event, "decided_on", None)
        if when is not None and when > day:
            continue
        if isinstance(event, core.Consultation) and event.end is not None and event.end > day:
            event = core.Consultation(event.start, None, event.party)
        events.append(event)
    try:
        return core.reply_deadline(events, holiday_calendar(), as_of=day)
    except DeadlineRuleError as exc:
        raise ValidationError(str(exc)) from None


def _compute_deadline(application: Application, as_of: dt.date | None = None) -> core.DeadlineResult:
    try:
        return core.reply_deadline(_core_events(application), holiday_calendar(), as_of=as_of or _today())
    except DeadlineRuleError as exc:
        raise ValidationError(str(exc)) from None


def _store_deadline(application: Application, result: core.DeadlineResult) -> None:
    application.due_on = result.due
    application.due_provisional = result.provisional
    application.deadline_status = result.status.value
    application.deadline_explanation = result.to_dict()


def application_refresh_deadline(*, application: Application, as_of: dt.date | None = None) -> core.DeadlineResult:
    """Recompute and store the reply period of an open application (e.g. after editing the holiday table)."""
    if application.received_on is None or application.status == Status.CLOSED:
        msg = "只有已收到、尚未办结的申请需要重新计算期限。"
        raise ValidationError(msg)
    result = _compute_deadline(application, as_of)
    _store_deadline(application, result)
    Application.objects.filter(pk=application.pk).update(
        due_on=application.due_on,
        due_provisional=application.due_provisional,
        deadline_status=application.deadline_status,
        deadline_explanation=application.deadline_explanation,
    )
    return result


def _save_step(
    application: Application,
    *,
    actor,
    action: str,
    before: dict,
    reason: str = "",
    recompute: bool = True,
) -> Application:
    if recompute and application.received_on is not None:
        _store_deadline(application, _compute_deadline(application))
    application.full_clean()
    application.save()
    audit_log(
        actor=actor,
        action=f"applications.application.{action}",
        obj=application,
        before=before,
        after=snapshot(application, _AUDIT_FIELDS),
        reason=reason,
    )
    return application


_AUDIT_FIELDS = (
    "status",
    "handler",
    "received_on",
    "due_on",
    "due_provisional",
    "deadline_status",
    "decision",
    "decided_on",
    "reply_number",
    "reply_approved_by_name",
    "closed_on",
    "fee_method",
    "fee_units",
    "fee_amount",
)


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _event(application: Application, actor, kind: str, date: dt.date, **fields) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, kind=kind, date=date, actor=actor if getattr(actor, "pk", None) else None, **fields
    )
