"""Intake of applications (第二十九条–第三十一条): online submission, counter/mail registration, receipt dates."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization

from .. import notices, permissions
from ..choices import Channel, Status
from ..models import Application
from .common import (
    _AUDIT_FIELDS,
    _CODE_ALPHABET,
    CONFIRMATION_NEEDED,
    MAIL_NEEDS_SIGNED_ON,
    _check_date,
    _check_status,
    _hash_code,
    _locked,
    _new_tracking_number,
    _save_step,
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
    organization: Organization,
    channel: str,
    submitted_at: dt.datetime,
    fields: dict,
    *,
    code: str = "",
    submission_token_hash: str | None = None,
) -> tuple[Application, str]:
    unknown = set(fields) - set(_APPLICANT_FIELDS)
    if unknown:
        msg = f"unknown application fields: {sorted(unknown)}"
        raise TypeError(msg)
    code = code or "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
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
        submission_token_hash=submission_token_hash,
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a concurrent submission took the same number: try once more
        if submission_token_hash and Application.objects.filter(submission_token_hash=submission_token_hash).exists():
            raise  # not the number: the same submission again (see services.public)
        application.tracking_number = _new_tracking_number(submitted_at)
        application.query_code_hash = _hash_code(application.tracking_number, code)
        application.save()
    return application, code


@transaction.atomic
def application_submit(
    *, organization: Organization, code: str = "", submission_token_hash: str | None = None, **fields
) -> tuple[Application, str]:
    """A member of the public submits an application online (网上申请, 第二十九条).

    The application waits for the office to confirm receipt (第三十一条第（三）项: the date both
    sides confirm is the date of receipt). Returns the application and its query code (查询码),
    which is stored only as a keyed hash and must be shown to the applicant now. The public form goes
    through :func:`services.public.application_submit_once`, which passes the one-time token's hash and the
    code derived from it.
    """
    application, code = _create(
        organization, Channel.ONLINE, timezone.now(), fields, code=code, submission_token_hash=submission_token_hash
    )
    audit_log(
        actor=None,
        action="applications.application.submit",
        obj=application,
        after=snapshot(application, _AUDIT_FIELDS),
        reason="网上提交",
    )
    notices.submitted_online(application)
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
