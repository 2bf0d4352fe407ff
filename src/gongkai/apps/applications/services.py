"""Writes for disclosure applications: one atomic, audited function per workflow step.

Each service checks permission first, then the current status, then writes the change, the event,
the recomputed deadline (from :mod:`gongkai.core.deadlines`) and one audit row. Errors are
:class:`django.core.exceptions.ValidationError` with the Chinese messages below, so that views can
show them as they are. ``actor=None`` is the system (commands, the public portal).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization
from gongkai.core import deadlines as core
from gongkai.core.deadlines import DeadlineRuleError, DeadlineStatus
from gongkai.core.fees import fee_by_pages, fee_by_pieces

from . import permissions
from .calendar import holiday_calendar
from .choices import Channel, Decision, EventKind, FeeMethod, LawsuitRoute, Status
from .models import Application, ApplicationAttachment, ApplicationEvent, LawsuitCase, ReviewCase

__all__ = [
    "application_assign",
    "application_attach_document",
    "application_close_abandoned",
    "application_confirm_receipt",
    "application_deadline_on",
    "application_decide",
    "application_end_consultation",
    "application_extend",
    "application_issue_fee_notice",
    "application_receive_correction",
    "application_record_fee_notice_delivery",
    "application_record_payment",
    "application_refresh_deadline",
    "application_register",
    "application_request_correction",
    "application_set_delay",
    "application_start_consultation",
    "application_submit",
    "lawsuit_case_record",
    "query_code_matches",
    "receipt_date",
    "remedy_case_conclude",
    "review_case_record",
]

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


# -- intake --------------------------------------------------------------------------------------

_APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_number",
    "delivery_form",
    "delivery_method",
)


def _create(
    organization: Organization, channel: str, submitted_at: dt.datetime, fields: dict
) -> tuple[Application, str]:
    unknown = set(fields) - set(_APPLICANT_FIELDS)
    if unknown:
        msg = f"unknown application fields: {sorted(unknown)}"
        raise TypeError(msg)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    for _attempt in range(5):
        number = _new_tracking_number(submitted_at)
        if not Application.objects.filter(tracking_number=number).exists():
            break
    application = Application(
        organization=organization,
        channel=channel,
        submitted_at=submitted_at,
        tracking_number=number,
        query_code_hash=_hash_code(number, code),
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a concurrent submission took the same number: try once more
        application.tracking_number = _new_tracking_number(submitted_at)
        application.query_code_hash = _hash_code(application.tracking_number, code)
        application.save()
    return application, code


@transaction.atomic
def application_submit(*, organization: Organization, **fields) -> tuple[Application, str]:
    """A member of the public submits an application online (网上申请, 第二十九条).

    The application waits for the office to confirm receipt (第三十一条第（三）项: the date both
    sides confirm is the date of receipt). Returns the application and its query code (查询码),
    which is stored only as a keyed hash and must be shown to the applicant now.
    """
    application, code = _create(organization, Channel.ONLINE, timezone.now(), fields)
    audit_log(
        actor=None,
        action="applications.application.submit",
        obj=application,
        after=snapshot(application, _AUDIT_FIELDS),
        reason="网上提交",
    )
    return application, code


def receipt_date(
    channel: str,
    *,
    submitted_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    ordinary_letter: bool = False,
) -> tuple[dt.date, str]:
    """The date of receipt under 条例第三十一条 for *channel*, and the basis in words.

    Raises:
        ValidationError: the date the rule needs is missing.
    """
    if channel == Channel.COUNTER:
        if submitted_on is None:
            raise ValidationError("当面提交的申请请填写提交日期。")
        return submitted_on, "当面提交之日（第三十一条第（一）项）"
    if channel == Channel.MAIL:
        if ordinary_letter:
            if confirmed_on is None:
                raise ValidationError(MAIL_NEEDS_SIGNED_ON)
            return confirmed_on, "平常信函，与申请人确认之日（第三十一条第（二）项）"
        if signed_on is None:
            raise ValidationError(MAIL_NEEDS_SIGNED_ON)
        return signed_on, "邮件签收之日（第三十一条第（二）项）"
    if confirmed_on is None:
        raise ValidationError(CONFIRMATION_NEEDED, params={"channel": Channel(channel).label})
    return confirmed_on, "双方确认之日（第三十一条第（三）项）"


@transaction.atomic
def application_register(
    *,
    actor,
    organization: Organization,
    channel: str,
    submitted_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    ordinary_letter: bool = False,
    **fields,
) -> tuple[Application, str]:
    """Staff register an application received at the counter, by mail, fax or e-mail (登记).

    The date of receipt follows 第三十一条 for the channel (see :func:`receipt_date`); the reply
    period starts the next day.
    """
    permissions.require_any(actor, (permissions.REGISTER,), organization)
    if channel == Channel.ONLINE:
        raise ValidationError("网上申请由申请人在门户提交，请使用“确认收到”。")
    received, basis = receipt_date(
        channel,
        submitted_on=submitted_on,
        signed_on=signed_on,
        confirmed_on=confirmed_on,
        ordinary_letter=ordinary_letter,
    )
    _check_date(received, "收到申请之日")
    submitted_day = submitted_on or received
    if submitted_day > received:
        raise ValidationError("提交日期不能晚于收到申请之日。")
    submitted_at = timezone.make_aware(dt.datetime.combine(submitted_day, dt.time(9, 0)))
    application, code = _create(organization, channel, submitted_at, fields)
    before = snapshot(application, _AUDIT_FIELDS)
    application.received_on = received
    application.receipt_basis = basis
    application.status = Status.IN_PROGRESS
    _save_step(application, actor=actor, action="register", before=before, reason=basis)
    return application, code


@transaction.atomic
def application_confirm_receipt(*, actor, application: Application, confirmed_on: dt.date) -> Application:
    """Confirm receipt of an online application: the confirmation date is the date of receipt (第三十一条第（三）项)."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.HANDLE), application)
    application = _locked(application)
    _check_status(application, (Status.SUBMITTED,), "确认收到")
    _check_date(confirmed_on, "确认日期")
    if confirmed_on < timezone.localtime(application.submitted_at).date():
        raise ValidationError("确认日期不能早于申请提交日期。")
    before = snapshot(application, _AUDIT_FIELDS)
    application.received_on = confirmed_on
    application.receipt_basis = "双方确认之日（第三十一条第（三）项）"
    application.status = Status.IN_PROGRESS
    return _save_step(application, actor=actor, action="confirm_receipt", before=before)


# -- handling ------------------------------------------------------------------------------------


@transaction.atomic
def application_assign(*, actor, application: Application, handler) -> Application:
    """Assign the application to a handler (承办人): a 经办人 or 审核人 of the organization."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.APPROVE), application)
    application = _locked(application)
    _check_status(application, (Status.SUBMITTED, *_OPEN), "分办")
    from gongkai.apps.organizations import permissions as core_permissions

    if handler is None or not core_permissions.user_can(handler, permissions.HANDLE, application.organization):
        raise ValidationError(HANDLER_NOT_STAFF)
    before = snapshot(application, _AUDIT_FIELDS)
    application.handler = handler
    return _save_step(application, actor=actor, action="assign", before=before, reason=str(handler), recompute=False)


_OPEN = (Status.IN_PROGRESS, Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_PAYMENT)


@transaction.atomic
def application_request_correction(
    *, actor, application: Application, date: dt.date, deadline: dt.date, note: str = ""
) -> Application:
    """Send the one-time 补正 notice (第三十条) with a reasonable 补正期限."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.IN_PROGRESS,), "发出补正通知")
    _check_date(date, "补正通知日期", application)
    if application.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        raise ValidationError(CORRECTION_ONCE)
    if deadline < date:
        raise ValidationError(CORRECTION_DEADLINE_BEFORE)
    before = snapshot(application, _AUDIT_FIELDS)
    _event(application, actor, EventKind.CORRECTION_REQUESTED, date, deadline=deadline, note=note)
    application.status = Status.AWAITING_CORRECTION
    return _save_step(application, actor=actor, action="request_correction", before=before, reason=note)


@transaction.atomic
def application_receive_correction(*, actor, application: Application, date: dt.date, note: str = "") -> Application:
    """Record the corrected application: the reply period restarts from this date (第三十条)."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.AWAITING_CORRECTION,), "登记补正")
    _check_date(date, "收到补正日期", application)
    before = snapshot(application, _AUDIT_FIELDS)
    _event(application, actor, EventKind.CORRECTION_RECEIVED, date, note=note)
    application.status = Status.IN_PROGRESS
    return _save_step(application, actor=actor, action="receive_correction", before=before, reason=note)


def _reply_number(application: Application, year: int) -> str:
    org = Organization.objects.select_for_update().get(pk=application.organization_id)
    count = Application.objects.filter(organization=org, decided_on__year=year).exclude(reply_number="").count()
    return f"{org.short_name or org.name}依申请公开〔{year}〕{count + 1}号"


def _close(application: Application, decision: str, on: dt.date, reason: str) -> None:
    application.decision = decision
    application.decision_reason = reason
    application.decided_on = on
    application.closed_on = on
    application.status = Status.CLOSED
    application.reply_number = _reply_number(application, on.year)


@transaction.atomic
def application_close_abandoned(*, actor, application: Application, date: dt.date | None = None) -> Application:
    """Close as 视为放弃: no correction by the 补正期限 (第三十条), or no payment within 20 working days
    of receiving the fee notice (国办函〔2020〕109号). Table 3 rows （六）1 and （六）2."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.AWAITING_CORRECTION, Status.AWAITING_PAYMENT), "按视为放弃办结")
    on = date or _today()
    _check_date(on, "办结日期", application)
    result = _compute_deadline(application, on)
    if application.status == Status.AWAITING_CORRECTION:
        if result.status is not DeadlineStatus.ABANDONED_NO_CORRECTION:
            raise ValidationError(
                NOT_ABANDONED_YET, params={"what": "补正", "deadline": result.correction_deadline or "未设定"}
            )
        decision, reason = Decision.OTHER_NO_CORRECTION, "申请人无正当理由逾期不补正，视为放弃申请（第三十条）"
    else:
        if result.status is not DeadlineStatus.ABANDONED_UNPAID:
            raise ValidationError(
                NOT_ABANDONED_YET, params={"what": "缴费", "deadline": result.payment_due or "未起算"}
            )
        decision, reason = Decision.OTHER_UNPAID_FEE, "申请人逾期未缴纳信息处理费，视为放弃申请（国办函〔2020〕109号）"
    before = snapshot(application, _AUDIT_FIELDS)
    _store_deadline(application, result)
    _close(application, decision, on, reason)
    return _save_step(application, actor=actor, action="close_abandoned", before=before, reason=reason, recompute=False)


@transaction.atomic
def application_start_consultation(
    *, actor, application: Application, date: dt.date, party: str, note: str = ""
) -> Application:
    """Start consulting a third party or another agency (第三十二条, 第三十四条): the clock stops."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.IN_PROGRESS,), "征求意见")
    _check_date(date, "征求意见日期", application)
    if not (party or "").strip():
        raise ValidationError("请填写征求意见的对象。")
    before = snapshot(application, _AUDIT_FIELDS)
    _event(application, actor, EventKind.CONSULTATION, date, party=party.strip(), note=note)
    application.status = Status.CONSULTING
    return _save_step(application, actor=actor, action="start_consultation", before=before, reason=party)


@transaction.atomic
def application_end_consultation(*, actor, application: Application, date: dt.date, note: str = "") -> Application:
    """The consultation ended (reply received, or the 15 working days ran out): the clock runs again."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.CONSULTING,), "结束征求意见")
    event = application.events.filter(kind=EventKind.CONSULTATION, end_date__isnull=True).order_by("-date").first()
    if event is None:
        raise ValidationError("没有进行中的征求意见。")
    _check_date(date, "征求意见结束日期", application)
    if date < event.date:
        raise ValidationError("结束日期不能早于征求意见开始日期。")
    before = snapshot(application, _AUDIT_FIELDS)
    event.end_date = date
    event.note = "\n".join(x for x in (event.note, note) if x)
    event.save(update_fields=["end_date", "note"])
    application.status = Status.IN_PROGRESS
    return _save_step(application, actor=actor, action="end_consultation", before=before, reason=note)


@transaction.atomic
def application_extend(
    *, actor, application: Application, days: int, date: dt.date, approved_by: str = "", reason: str = ""
) -> Application:
    """Extend the reply period by *days* working days (第三十三条第二款: at most 20, with the consent of
    the 机构负责人, the applicant told). A 领导 may record it directly; a handler names the approver."""
    from gongkai.apps.organizations import permissions as core_permissions

    permissions.require_any(actor, (permissions.APPROVE, permissions.HANDLE), application)
    if not core_permissions.user_can(actor, permissions.APPROVE, application) and not approved_by.strip():
        raise ValidationError(APPROVER_REQUIRED)
    application = _locked(application)
    _check_status(application, (Status.IN_PROGRESS, Status.CONSULTING), "延长答复期限")
    _check_date(date, "批准日期", application)
    if not isinstance(days, int) or days <= 0:
        raise ValidationError("延长的工作日数必须为正整数。")
    if actor is None and not approved_by.strip():
        raise ValidationError(APPROVER_REQUIRED)
    approver = approved_by.strip() or (actor.get_full_name() or actor.get_username())
    before = snapshot(application, _AUDIT_FIELDS)
    _event(application, actor, EventKind.EXTENSION, date, days=days, approved_by=approver, note=reason)
    return _save_step(application, actor=actor, action="extend", before=before, reason=reason or f"延长{days}个工作日")


@transaction.atomic
def application_set_delay(
    *,
    actor,
    application: Application,
    date: dt.date,
    days: int | None = None,
    until: dt.date | None = None,
    reason: str = "",
) -> Application:
    """第三十五条: for mass or repeated requests the agency sets a reasonable delayed reply period."""
    permissions.require_any(actor, (permissions.APPROVE,), application)
    application = _locked(application)
    _check_status(application, (Status.IN_PROGRESS,), "确定延期答复期限")
    _check_date(date, "决定日期", application)
    before = snapshot(application, _AUDIT_FIELDS)
    _event(application, actor, EventKind.DELAY, date, days=days, deadline=until, note=reason)
    return _save_step(application, actor=actor, action="set_delay", before=before, reason=reason)


# -- fees ----------------------------------------------------------------------------------------


def _month_pieces_before(application: Application) -> int:
    """Pieces already counted for this applicant at this organization earlier in the same calendar month."""
    received = application.received_on
    month_start = received.replace(day=1)
    others = Application.objects.filter(
        organization_id=application.organization_id,
        id_number=application.id_number,
        received_on__gte=month_start,
        received_on__lte=received,
    ).exclude(pk=application.pk)
    others = others.filter(received_on__lt=received) | others.filter(received_on=received, pk__lt=application.pk)
    total = 0
    for method, units in others.values_list("fee_method", "fee_units"):
        total += units if method == FeeMethod.PIECES and units else 1
    return total


@transaction.atomic
def application_issue_fee_notice(
    *,
    actor,
    application: Application,
    method: str,
    units: int,
    sent_on: dt.date,
    delivered_on: dt.date | None = None,
) -> Application:
    """Send the 收费通知 (国办函〔2020〕109号): amount from the core's schedule, one method only.

    按件: *units* is this application's pieces (一事一申请拆分后); the fee is the month's progressive
    total with them minus the total without them. 按量: *units* is the page count of this application.
    """
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.IN_PROGRESS,), "发出收费通知")
    _check_date(sent_on, "收费通知日期", application)
    if application.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists():
        raise ValidationError("本申请已发出过收费通知。")
    if not isinstance(units, int) or units <= 0:
        raise ValidationError("件数或页数必须为正整数。")
    if method == FeeMethod.PIECES:
        before_units = _month_pieces_before(application)
        amount = fee_by_pieces(before_units + units).amount - fee_by_pieces(before_units).amount
    elif method == FeeMethod.PAGES:
        amount = fee_by_pages(units).amount
    else:
        raise ValidationError("计费方式只能是按件计收或按量计收。")
    if amount == 0:
        raise ValidationError(FEE_ZERO)
    before = snapshot(application, _AUDIT_FIELDS)
    application.fee_method, application.fee_units, application.fee_amount = method, units, amount
    _event(application, actor, EventKind.FEE_NOTICE_SENT, sent_on, note=f"{amount}元")
    if delivered_on is not None:
        if delivered_on < sent_on:
            raise ValidationError("申请人收到收费通知的日期不能早于发出日期。")
        _check_date(delivered_on, "收到收费通知日期", application)
        _event(application, actor, EventKind.FEE_NOTICE_RECEIVED, delivered_on)
    application.status = Status.AWAITING_PAYMENT
    return _save_step(application, actor=actor, action="issue_fee_notice", before=before, reason=f"{amount}元")


@transaction.atomic
def application_record_fee_notice_delivery(*, actor, application: Application, date: dt.date) -> Application:
    """The applicant received the fee notice: the 20-working-day payment period starts the next day."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.AWAITING_PAYMENT,), "登记收费通知送达")
    sent = application.events.filter(kind=EventKind.FEE_NOTICE_SENT).first()
    if application.events.filter(kind=EventKind.FEE_NOTICE_RECEIVED).exists():
        raise ValidationError("已登记过收费通知送达日期。")
    if sent is None or date < sent.date:
        raise ValidationError("申请人收到收费通知的日期不能早于发出日期。")
    _check_date(date, "收到收费通知日期", application)
    before = snapshot(application, _AUDIT_FIELDS)
    _event(application, actor, EventKind.FEE_NOTICE_RECEIVED, date)
    return _save_step(application, actor=actor, action="record_fee_notice_delivery", before=before)


@transaction.atomic
def application_record_payment(*, actor, application: Application, date: dt.date) -> Application:
    """The fee was paid: handling resumes."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.AWAITING_PAYMENT,), "登记缴费")
    sent = application.events.filter(kind=EventKind.FEE_NOTICE_SENT).first()
    if sent is None or date < sent.date:
        raise ValidationError("缴费日期不能早于发出收费通知的日期。")
    _check_date(date, "缴费日期", application)
    before = snapshot(application, _AUDIT_FIELDS)
    _event(application, actor, EventKind.FEE_PAID, date, note=f"{application.fee_amount}元")
    application.status = Status.IN_PROGRESS
    return _save_step(
        application, actor=actor, action="record_payment", before=before, reason=f"{application.fee_amount}元"
    )


# -- decision ------------------------------------------------------------------------------------


@transaction.atomic
def application_decide(
    *, actor, application: Application, decision: str, decided_on: dt.date, reason: str = ""
) -> Application:
    """Reply to the applicant (答复): the decision is exactly one leaf row of table 3; a 文号 is assigned."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.IN_PROGRESS,), "作出答复")
    if decision not in Decision.values:
        raise ValidationError(DECISION_UNKNOWN, params={"decision": decision})
    if decision in _NO_DIRECT_DECISIONS:
        raise ValidationError(DECISION_VIA_CLOSE)
    _check_date(decided_on, "答复日期", application)
    before = snapshot(application, _AUDIT_FIELDS)
    _store_deadline(application, _compute_deadline(application, decided_on))
    _close(application, decision, decided_on, reason)
    return _save_step(
        application, actor=actor, action="decide", before=before, reason=Decision(decision).label, recompute=False
    )


MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
ATTACHMENT_TOO_LARGE = "附件不能超过 50 MB。"
ATTACHMENT_EMPTY = "附件是空文件。"


@transaction.atomic
def application_attach_document(*, actor, application: Application, uploaded_file) -> ApplicationAttachment:
    """Attach a document delivered to the applicant (答复所附政府信息); listed in the reply letter."""
    permissions.require_any(actor, (permissions.HANDLE,), application)
    application = _locked(application)
    _check_status(application, (Status.IN_PROGRESS, Status.CLOSED, Status.CONSULTING), "上传附件")
    size = getattr(uploaded_file, "size", 0) or 0
    if size == 0:
        raise ValidationError(ATTACHMENT_EMPTY)
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(ATTACHMENT_TOO_LARGE)
    name = (getattr(uploaded_file, "name", "") or "附件").rsplit("/", 1)[-1][:200]
    attachment = ApplicationAttachment(
        application=application, name=name, size=size, uploaded_by=actor if getattr(actor, "pk", None) else None
    )
    attachment.file.save(name, uploaded_file, save=False)
    attachment.save()
    audit_log(
        actor=actor,
        action="applications.application.attach_document",
        obj=application,
        after={"attachment": attachment.pk, "name": name, "size": size},
        reason=name,
    )
    return attachment


# -- 行政复议 and 行政诉讼 -------------------------------------------------------------------------


@transaction.atomic
def review_case_record(
    *,
    actor,
    organization: Organization,
    filed_on: dt.date,
    application: Application | None = None,
    case_number: str = "",
    reviewing_body: str = "",
    note: str = "",
) -> ReviewCase:
    """Record a 行政复议 case against the organization (table 4, group 行政复议)."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.APPROVE), organization)
    if application is not None and application.organization_id != organization.pk:
        raise ValidationError("关联的申请不属于本机关。")
    _check_date(filed_on, "复议申请日期")
    case = ReviewCase(
        organization=organization,
        application=application,
        filed_on=filed_on,
        case_number=case_number,
        reviewing_body=reviewing_body,
        note=note,
    )
    case.full_clean()
    case.save()
    audit_log(
        actor=actor, action="applications.review_case.record", obj=case, after=snapshot(case), organization=organization
    )
    return case


@transaction.atomic
def lawsuit_case_record(
    *,
    actor,
    organization: Organization,
    filed_on: dt.date,
    route: str,
    application: Application | None = None,
    review: ReviewCase | None = None,
    case_number: str = "",
    court: str = "",
    note: str = "",
) -> LawsuitCase:
    """Record a 行政诉讼 case: sued directly or after 行政复议 (table 4, litigation groups)."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.APPROVE), organization)
    if route == LawsuitRoute.AFTER_RECONSIDERATION and review is None:
        raise ValidationError(ROUTE_NEEDS_REVIEW)
    if route == LawsuitRoute.DIRECT and review is not None:
        raise ValidationError("直接起诉的案件不应关联行政复议案件。")
    _check_date(filed_on, "起诉日期")
    case = LawsuitCase(
        organization=organization,
        application=application or (review.application if review else None),
        filed_on=filed_on,
        route=route,
        review=review,
        case_number=case_number,
        court=court,
        note=note,
    )
    case.full_clean()
    case.save()
    audit_log(
        actor=actor,
        action="applications.lawsuit_case.record",
        obj=case,
        after=snapshot(case),
        organization=organization,
    )
    return case


@transaction.atomic
def remedy_case_conclude(
    *, actor, case: ReviewCase | LawsuitCase, result: str, concluded_on: dt.date
) -> ReviewCase | LawsuitCase:
    """Record the result of a 复议 or 诉讼 case: 维持, 纠正 or 其他."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.APPROVE), case.organization)
    if result not in ("upheld", "corrected", "other"):
        raise ValidationError("审结结果只能是维持、纠正或其他。")
    _check_date(concluded_on, "审结日期")
    if concluded_on < case.filed_on:
        raise ValidationError("审结日期不能早于立案日期。")
    case = type(case).objects.select_for_update().get(pk=case.pk)
    before = snapshot(case)
    case.result, case.concluded_on = result, concluded_on
    case.full_clean()
    case.save()
    kind = "review_case" if isinstance(case, ReviewCase) else "lawsuit_case"
    audit_log(actor=actor, action=f"applications.{kind}.conclude", obj=case, before=before, after=snapshot(case))
    return case
