"""Handling an application: assignment, 补正, third-party consultation, extension, delay, fees, the decision."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization
from gongkai.core.deadlines import DeadlineStatus
from gongkai.core.fees import fee_by_pages, fee_by_pieces

from .. import notices, permissions
from ..choices import Decision, EventKind, FeeMethod, Status
from ..models import Application, ApplicationAttachment, id_number_indexes
from .common import (
    _AUDIT_FIELDS,
    _NO_DIRECT_DECISIONS,
    APPROVER_REQUIRED,
    CORRECTION_DEADLINE_BEFORE,
    CORRECTION_ONCE,
    DECISION_UNKNOWN,
    DECISION_VIA_CLOSE,
    FEE_ZERO,
    HANDLER_NOT_STAFF,
    NOT_ABANDONED_YET,
    _check_date,
    _check_status,
    _compute_deadline,
    _event,
    _locked,
    _save_step,
    _store_deadline,
    _today,
)

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
    changed = application.handler_id != handler.pk
    application.handler = handler
    saved = _save_step(application, actor=actor, action="assign", before=before, reason=str(handler), recompute=False)
    if changed:
        notices.assigned(saved, actor=actor)
    return saved


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
    from .letters import reply_number_take

    return reply_number_take(application.organization, year)


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
        id_number_index__in=id_number_indexes(application.id_number),
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
    """The handler's reply (答复): the decision is exactly one leaf row of table 3.

    Where the organization requires it (``reply_approval_required``, the default), the reply then waits for
    a 领导 (答复待领导审批, see :mod:`.reply`): no 文号, no letter and no 办结 before the approval.
    Otherwise it is issued at once on *decided_on*, with its 文号.
    """
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
    label = Decision(decision).label
    if Organization.objects.filter(pk=application.organization_id, reply_approval_required=True).exists():
        application.decision = decision
        application.decision_reason = reason
        application.status = Status.AWAITING_APPROVAL
        _event(application, actor, EventKind.REPLY_PROPOSED, decided_on, note=label)
        saved = _save_step(application, actor=actor, action="decide", before=before, reason=label, recompute=False)
        from .reply import reply_party_ids

        notices.reply_awaits_approval(saved, actor=actor, party_ids=reply_party_ids(saved))
        return saved
    _close(application, decision, decided_on, reason)
    return _save_step(application, actor=actor, action="decide", before=before, reason=label, recompute=False)


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
