"""The workflow steps offered on the staff case page, as one table.

Each step names the form that reads its input, the key under which the case page shows that form (so a page
shown again after an error keeps what was typed), and the service call it makes. Views look a step up here
and never spell out the services themselves; the services check permissions and audit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from . import forms, services
from .models import Application, ReviewCase


@dataclass(frozen=True)
class Step:
    """One case-page step: its form, the page's form key (``None``: not shown again) and what it runs."""

    form: type
    run: Callable[[Any, Application, dict], object]
    page_key: str | None = None


def _assign(user, application: Application, data: dict):
    handler = get_user_model().objects.filter(pk=data["handler"]).first()
    return services.application_assign(actor=user, application=application, handler=handler)


def _lawsuit(user, application: Application, data: dict):
    data = dict(data)
    review = (
        ReviewCase.objects.filter(application=application).order_by("-filed_on").first()
        if data["route"] == "after_reconsideration"
        else None
    )
    return services.lawsuit_case_record(
        actor=user, organization=application.organization, application=application, review=review, **data
    )


def _dated(service, *, note: bool = False) -> Callable[[Any, Application, dict], object]:
    """A step that records one date (and, where the service takes one, a note)."""

    def run(user, application: Application, data: dict):
        extra = {"note": data["note"]} if note else {}
        return service(actor=user, application=application, date=data["date"], **extra)

    return run


STEPS: dict[str, Step] = {
    "confirm_receipt": Step(
        forms.DateForm,
        lambda user, a, d: services.application_confirm_receipt(actor=user, application=a, confirmed_on=d["date"]),
    ),
    "assign": Step(forms.AssignForm, _assign),
    "request_correction": Step(
        forms.CorrectionForm,
        lambda user, a, d: services.application_request_correction(
            actor=user, application=a, date=d["date"], deadline=d["deadline"], note=d["note"]
        ),
        "correction",
    ),
    "receive_correction": Step(forms.DateForm, _dated(services.application_receive_correction, note=True)),
    "end_consultation": Step(forms.DateForm, _dated(services.application_end_consultation, note=True)),
    "record_payment": Step(forms.DateForm, _dated(services.application_record_payment)),
    "record_fee_notice_delivery": Step(forms.DateForm, _dated(services.application_record_fee_notice_delivery)),
    "close_abandoned": Step(forms.DateForm, _dated(services.application_close_abandoned)),
    "start_consultation": Step(
        forms.ConsultationForm,
        lambda user, a, d: services.application_start_consultation(
            actor=user, application=a, date=d["date"], party=d["party"], note=d["note"]
        ),
        "consultation",
    ),
    "extend": Step(
        forms.ExtendForm,
        lambda user, a, d: services.application_extend(
            actor=user, application=a, days=d["days"], date=d["date"], approved_by=d["approved_by"], reason=d["note"]
        ),
        "extend",
    ),
    "issue_fee_notice": Step(
        forms.FeeNoticeForm,
        lambda user, a, d: services.application_issue_fee_notice(
            actor=user,
            application=a,
            method=d["method"],
            units=d["units"],
            sent_on=d["sent_on"],
            delivered_on=d["delivered_on"],
        ),
        "fee",
    ),
    "decide": Step(
        forms.DecideForm,
        lambda user, a, d: services.application_decide(
            actor=user, application=a, decision=d["decision"], decided_on=d["decided_on"], reason=d["reason"]
        ),
        "decide",
    ),
    "approve_reply": Step(
        forms.ApproveReplyForm,
        lambda user, a, d: services.application_approve_reply(
            actor=user, application=a, approved_on=d["date"], comment=d["comment"]
        ),
        "approve_reply",
    ),
    "return_reply": Step(
        forms.ReturnReplyForm,
        lambda user, a, d: services.application_return_reply(actor=user, application=a, comment=d["comment"]),
        "return_reply",
    ),
    "review_case": Step(
        forms.ReviewCaseForm,
        lambda user, a, d: services.review_case_record(actor=user, organization=a.organization, application=a, **d),
        "review",
    ),
    "lawsuit_case": Step(forms.LawsuitCaseForm, _lawsuit, "lawsuit"),
}


def run_step(user, application: Application, name: str, post, files) -> None:
    """Run the step *name* with the posted input; a form error or a refused step raises ``ValidationError``.

    ``KeyError`` for a name that is no step (the view answers 404). ``attach`` takes the uploaded file.
    """
    if name == "attach":
        uploaded = files.get("file")
        if uploaded is None:
            raise ValidationError("请选择要上传的文件。")
        services.application_attach_document(actor=user, application=application, uploaded_file=uploaded)
        return
    step = STEPS[name]
    form = step.form(post)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        raise ValidationError(errors or ["输入有误。"])
    step.run(user, application, form.cleaned_data)
