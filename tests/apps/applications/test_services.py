"""Workflow services: each step atomic, audited, permission-checked, and moving the stored deadline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.apps.applications import services
from gongkai.apps.applications.choices import Decision, Status
from gongkai.apps.applications.models import Application
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.testing import check_access

from .conftest import APPLICANT, reply

D = dt.date


def actions_of(app):
    return list(
        AuditLog.objects.filter(object_id=str(app.pk), action__startswith="applications.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_register_counter_sets_receipt_and_due(register):
    app = register(D(2025, 9, 26))
    assert app.status == Status.IN_PROGRESS
    assert app.received_on == D(2025, 9, 26)
    assert "第三十一条第（一）项" in app.receipt_basis
    assert app.due_on == D(2025, 10, 30)  # across 国庆 2025, see tests/core/test_deadlines.py
    assert app.deadline_explanation["days"][1]["label"] == "调休上班（国庆节）"
    assert actions_of(app) == ["applications.application.register"]


@pytest.mark.parametrize(
    ("channel", "kwargs", "expected"),
    [
        ("mail", {"submitted_on": D(2025, 3, 1), "signed_on": D(2025, 3, 4)}, D(2025, 3, 4)),
        ("mail", {"ordinary_letter": True, "confirmed_on": D(2025, 3, 5)}, D(2025, 3, 5)),
        ("fax", {"submitted_on": D(2025, 3, 3), "confirmed_on": D(2025, 3, 4)}, D(2025, 3, 4)),
        ("email", {"confirmed_on": D(2025, 3, 6)}, D(2025, 3, 6)),
    ],
)
def test_receipt_rules_per_channel(staff, channel, kwargs, expected):
    app, _ = services.application_register(
        actor=staff.drafter, organization=staff.org, channel=channel, **kwargs, **APPLICANT
    )
    assert app.received_on == expected


@pytest.mark.parametrize(
    ("channel", "kwargs"),
    [("mail", {"submitted_on": D(2025, 3, 1)}), ("fax", {"submitted_on": D(2025, 3, 1)}), ("counter", {})],
)
def test_receipt_rule_missing_date(staff, channel, kwargs):
    with pytest.raises(ValidationError):
        services.application_register(
            actor=staff.drafter, organization=staff.org, channel=channel, **kwargs, **APPLICANT
        )
    assert Application.objects.count() == 0


@pytest.mark.parametrize("day", [D(1, 1, 1), D(2008, 4, 30)])
def test_dates_before_the_regulations_are_refused(staff, day):
    with pytest.raises(ValidationError, match="2008-05-01"):
        services.application_register(
            actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=day, **APPLICANT
        )
    assert Application.objects.count() == 0


def test_register_permissions(staff):
    def attempt(user):
        Application.objects.all().delete()
        services.application_register(
            actor=user, organization=staff.org, channel="counter", submitted_on=D(2025, 3, 3), **APPLICANT
        )

    check_access(staff, attempt, allowed_roles={"drafter"})


def test_online_submit_then_confirm(staff):
    app, code = services.application_submit(organization=staff.org, **APPLICANT)
    assert app.status == Status.SUBMITTED and app.received_on is None
    assert len(code) == 6 and code not in app.query_code_hash
    assert services.query_code_matches(app, code)
    assert services.query_code_matches(app, code.lower())
    assert not services.query_code_matches(app, "AAAAAA")
    app = services.application_confirm_receipt(actor=staff.drafter, application=app, confirmed_on=timezone.localdate())
    assert app.status == Status.IN_PROGRESS and app.due_on is not None


def test_bad_applicant_data_is_refused(staff):
    with pytest.raises(ValidationError):
        services.application_submit(organization=staff.org, **{**APPLICANT, "applicant_type": "alien"})
    with pytest.raises(ValidationError):
        services.application_submit(organization=staff.org, **{**APPLICANT, "description": ""})
    assert Application.objects.count() == 0


def test_correction_restart_and_decide(register, staff):
    app = register()
    app = services.application_assign(actor=staff.leader, application=app, handler=staff.drafter)
    app = services.application_request_correction(
        actor=staff.drafter, application=app, date=D(2025, 3, 5), deadline=D(2025, 3, 20)
    )
    assert app.status == Status.AWAITING_CORRECTION and app.due_on is None
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=staff.drafter, application=app, decision="disclosed", decided_on=D(2025, 3, 6)
        )
    app = services.application_receive_correction(actor=staff.drafter, application=app, date=D(2025, 3, 17))
    assert app.due_on == D(2025, 4, 15)  # restarted from 3/17
    app = services.application_decide(
        actor=staff.reviewer,
        application=app,
        decision="partially_disclosed",
        decided_on=D(2025, 4, 10),
        reason="区分处理",
    )
    assert app.status == Status.AWAITING_APPROVAL and app.closed_on is None and app.reply_number == ""
    app = services.application_approve_reply(actor=staff.leader, application=app, approved_on=D(2025, 4, 11))
    assert app.status == Status.CLOSED and app.closed_on == D(2025, 4, 11) == app.decided_on
    assert app.reply_number == f"{staff.org.name}依申请公开〔2025〕1号"
    assert actions_of(app) == [
        "applications.application.register",
        "applications.application.assign",
        "applications.application.request_correction",
        "applications.application.receive_correction",
        "applications.application.decide",
        "applications.application.approve_reply",
    ]


def test_correction_only_once(register, staff):
    app = register()
    app = services.application_request_correction(
        actor=staff.drafter, application=app, date=D(2025, 3, 5), deadline=D(2025, 3, 20)
    )
    app = services.application_receive_correction(actor=staff.drafter, application=app, date=D(2025, 3, 10))
    with pytest.raises(ValidationError):
        services.application_request_correction(
            actor=staff.drafter, application=app, date=D(2025, 3, 11), deadline=D(2025, 3, 20)
        )


def test_abandoned_without_correction(register, staff):
    app = register()
    app = services.application_request_correction(
        actor=staff.drafter, application=app, date=D(2025, 3, 5), deadline=D(2025, 3, 20)
    )
    with pytest.raises(ValidationError):
        services.application_close_abandoned(actor=staff.drafter, application=app, date=D(2025, 3, 20))
    app = services.application_close_abandoned(actor=staff.drafter, application=app, date=D(2025, 3, 21))
    assert app.decision == Decision.OTHER_NO_CORRECTION and app.status == Status.CLOSED


def test_consultation_extension_and_fee(register, staff):
    app = register()
    app = services.application_start_consultation(
        actor=staff.drafter, application=app, date=D(2025, 3, 10), party="某公司"
    )
    assert app.status == Status.CONSULTING and app.due_on is None
    assert app.deadline_explanation["third_party_due"] == ["2025-03-31"]
    app = services.application_end_consultation(actor=staff.drafter, application=app, date=D(2025, 3, 14))
    assert app.due_on == D(2025, 4, 8)
    with pytest.raises(ValidationError):  # a handler must name the approving 机构负责人
        services.application_extend(actor=staff.drafter, application=app, days=5, date=D(2025, 4, 1))
    app = services.application_extend(actor=staff.leader, application=app, days=5, date=D(2025, 4, 1))
    assert app.due_on == D(2025, 4, 15)  # 4/9, 4/10, 4/11, 4/14, 4/15
    with pytest.raises(ValidationError):
        services.application_extend(actor=staff.leader, application=app, days=16, date=D(2025, 4, 1))
    app = services.application_issue_fee_notice(
        actor=staff.drafter,
        application=app,
        method="pages",
        units=120,
        sent_on=D(2025, 4, 2),
        delivered_on=D(2025, 4, 3),
    )
    assert app.fee_amount == 700 + 20 * 20 and app.status == Status.AWAITING_PAYMENT
    app = services.application_record_payment(actor=staff.drafter, application=app, date=D(2025, 4, 7))
    # Fee pause 4/2..4/7 (default: excluded): 4/2, 4/3, 4/7 no longer count → three more working days.
    assert app.due_on == D(2025, 4, 18)
    app = services.application_decide(
        actor=staff.drafter, application=app, decision="disclosed", decided_on=D(2025, 4, 16)
    )
    assert app.status == Status.AWAITING_APPROVAL


def test_unpaid_fee_closes_as_other_unpaid(register, staff):
    app = register()
    app = services.application_issue_fee_notice(
        actor=staff.drafter,
        application=app,
        method="pages",
        units=31,
        sent_on=D(2025, 3, 10),
        delivered_on=D(2025, 3, 11),
    )
    assert app.fee_amount == 10
    with pytest.raises(ValidationError):
        services.application_close_abandoned(actor=staff.drafter, application=app, date=D(2025, 4, 9))
    app = services.application_close_abandoned(actor=staff.drafter, application=app, date=D(2025, 4, 10))
    assert app.decision == Decision.OTHER_UNPAID_FEE


def test_fee_by_pieces_counts_the_month(register, staff):
    for day in (3, 4, 5):
        register(D(2025, 3, day))
    app = register(D(2025, 3, 6))
    # 3 earlier applications this month → this one's 10 pieces are pieces 4–13: 11, 12, 13 at 100 元.
    app = services.application_issue_fee_notice(
        actor=staff.drafter, application=app, method="pieces", units=10, sent_on=D(2025, 3, 7)
    )
    assert app.fee_amount == 300
    other = register(D(2025, 3, 10), id_number="220101199001011234")
    with pytest.raises(ValidationError):  # a different applicant starts from zero: 1 piece is free
        services.application_issue_fee_notice(
            actor=staff.drafter, application=other, method="pieces", units=1, sent_on=D(2025, 3, 11)
        )


def test_decide_refuses_abandon_rows_and_unknown(register, staff):
    app = register()
    for bad in ("other_no_correction", "other_unpaid_fee", "withheld", ""):
        with pytest.raises(ValidationError):
            services.application_decide(actor=staff.drafter, application=app, decision=bad, decided_on=D(2025, 3, 10))
    assert Application.objects.get(pk=app.pk).status == Status.IN_PROGRESS
    assert actions_of(app) == ["applications.application.register"]


def test_decide_permissions(register, staff):
    app = register()

    def attempt(user):
        services.application_decide(actor=user, application=app, decision="disclosed", decided_on=D(2025, 3, 10))

    def reset():
        Application.objects.filter(pk=app.pk).update(
            status=Status.IN_PROGRESS, decision="", closed_on=None, decided_on=None, reply_number=""
        )

    check_access(staff, attempt, allowed_roles={"drafter", "reviewer"}, reset=reset)


def test_outsider_cannot_touch(register, staff):
    app = register()
    with pytest.raises(PermissionDenied):
        services.application_request_correction(
            actor=staff.outsider, application=app, date=D(2025, 3, 5), deadline=D(2025, 3, 20)
        )


def test_future_dates_refused(register, staff):
    app = register()
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=staff.drafter, application=app, decision="disclosed", decided_on=D(2099, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=staff.drafter, application=app, decision="disclosed", decided_on=D(2025, 3, 1)
        )


def test_reply_numbers_run_per_year(register, staff):
    a, b = register(), register(D(2025, 3, 4))
    a = reply(staff, a, "disclosed", D(2025, 3, 10))
    b = reply(staff, b, "unavailable_not_held", D(2025, 3, 11))
    assert a.reply_number.endswith("〔2025〕1号") and b.reply_number.endswith("〔2025〕2号")


def test_system_actor_for_imports(staff):
    app, _ = services.application_register(
        actor=None, organization=staff.org, channel="counter", submitted_on=D(2025, 3, 3), **APPLICANT
    )
    with pytest.raises(ValidationError):  # even the system must name the approving 机构负责人
        services.application_extend(actor=None, application=app, days=5, date=D(2025, 3, 10))
    app = services.application_extend(actor=None, application=app, days=5, date=D(2025, 3, 10), approved_by="王主任")
    app = services.application_decide(actor=None, application=app, decision="disclosed", decided_on=D(2025, 3, 20))
    app = services.application_approve_reply(actor=None, application=app, approved_on=D(2025, 3, 20))
    assert app.reply_approved_by is None and app.reply_approved_by_name == "系统"
    assert actions_of(app) == [
        f"applications.application.{a}" for a in ("register", "extend", "decide", "approve_reply")
    ]
    assert not AuditLog.objects.filter(action__startswith="applications.", actor__isnull=False).exists()
