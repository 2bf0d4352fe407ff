"""The 领导's approval of a reply (答复审批): between the handler's decision and the letter being issued.

The handler's :func:`~.handling.application_decide` leaves the application 答复待领导审批 with its proposed
decision. A 领导 (``applications.application.approve``) either approves it, which issues the reply (文号,
letter, 办结 on the approval date) and records his name, or returns it with comments to 办理中. Four eyes:
whoever proposed the reply, and the assigned handler, never approve it, whatever roles they hold. The
approval is counted nowhere in table 3: the decision stays one leaf row, in the year of the reply.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import snapshot
from gongkai.apps.organizations.permissions import require_other_person

from .. import notices, permissions
from ..choices import Decision, EventKind, Status
from ..models import Application, ApplicationEvent
from .common import (
    _AUDIT_FIELDS,
    _check_date,
    _check_status,
    _compute_deadline,
    _event,
    _locked,
    _save_step,
    _store_deadline,
    _today,
)
from .handling import _close

__all__ = [
    "APPROVAL_BEFORE_PROPOSAL",
    "RETURN_COMMENT_REQUIRED",
    "REPLY_NOT_YOURS",
    "application_approve_reply",
    "application_return_reply",
    "reply_party_ids",
]

REPLY_NOT_YOURS = "您作出或承办了该答复，不能审批自己的答复，请由其他领导审批（四眼原则）。"
APPROVAL_BEFORE_PROPOSAL = "审批日期不能早于作出答复的日期（%(date)s）。"
RETURN_COMMENT_REQUIRED = "退回答复时请填写意见。"


def _proposal(application: Application) -> ApplicationEvent | None:
    return application.events.filter(kind=EventKind.REPLY_PROPOSED).order_by("-date", "-id").first()


def reply_party_ids(application: Application) -> set[int]:
    """Who may not approve the pending reply: the person who proposed it and the assigned handler."""
    proposal = _proposal(application)
    return {pk for pk in (application.handler_id, proposal.actor_id if proposal else None) if pk is not None}


def _name(actor) -> str:
    if actor is None:
        return "系统"
    return actor.get_full_name() or actor.get_username()


def _check_approver(actor, application: Application) -> ApplicationEvent | None:
    permissions.require_any(actor, (permissions.APPROVE,), application)
    require_other_person(actor, reply_party_ids(application), REPLY_NOT_YOURS)
    return _proposal(application)


@transaction.atomic
def application_approve_reply(
    *, actor, application: Application, approved_on: dt.date | None = None, comment: str = ""
) -> Application:
    """答复待领导审批 → 已办结: the 领导 approves; the reply is issued on *approved_on* (default today).

    The 答复日期 and 办结日期 are the approval date (the letter cannot go out earlier), the 文号 is assigned
    now, and the approver's name is stored on the application, its event and the audit row.
    """
    application = _locked(application)
    _check_status(application, (Status.AWAITING_APPROVAL,), "审批答复")
    proposal = _check_approver(actor, application)
    on = approved_on or _today()
    _check_date(on, "审批日期", application)
    if proposal is not None and on < proposal.date:
        raise ValidationError(APPROVAL_BEFORE_PROPOSAL, params={"date": proposal.date})
    before = snapshot(application, _AUDIT_FIELDS)
    _store_deadline(application, _compute_deadline(application, on))
    _close(application, application.decision, on, application.decision_reason)
    name = _name(actor)
    application.reply_approved_by = actor if getattr(actor, "pk", None) else None
    application.reply_approved_by_name = name
    application.reply_approved_at = timezone.now()
    _event(application, actor, EventKind.REPLY_APPROVED, on, approved_by=name, note=(comment or "").strip())
    reason = (comment or "").strip() or f"批准答复：{Decision(application.decision).label}"
    return _save_step(application, actor=actor, action="approve_reply", before=before, reason=reason, recompute=False)


@transaction.atomic
def application_return_reply(
    *, actor, application: Application, comment: str, date: dt.date | None = None
) -> Application:
    """答复待领导审批 → 办理中: the 领导 sends the proposed reply back with comments; the decision is cleared."""
    application = _locked(application)
    _check_status(application, (Status.AWAITING_APPROVAL,), "退回答复")
    _check_approver(actor, application)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(RETURN_COMMENT_REQUIRED)
    on = date or _today()
    _check_date(on, "退回日期", application)
    before = snapshot(application, _AUDIT_FIELDS)
    application.decision = ""
    application.decision_reason = ""
    application.status = Status.IN_PROGRESS
    _event(application, actor, EventKind.REPLY_RETURNED, on, approved_by=_name(actor), note=comment)
    saved = _save_step(application, actor=actor, action="return_reply", before=before, reason=comment)
    notices.reply_returned(saved, actor=actor, comment=comment)
    return saved
