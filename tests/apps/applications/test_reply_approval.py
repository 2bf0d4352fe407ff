"""The 领导's approval of a reply: recorded, four-eyes, and the letter only afterwards (issue 8, point 5)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.apps.applications import letters, selectors, services
from gongkai.apps.applications.choices import OPEN_STATUSES, EventKind, Status
from gongkai.apps.applications.models import Application
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.choices import Role
from gongkai.apps.organizations.services import organization_set_reply_approval
from gongkai.apps.organizations.testing import check_access, make_user

D = dt.date


DECIDED_ON = D(2025, 3, 10)


def decided(register, staff, on=DECIDED_ON, decision="disclosed", actor=None):
    app = register()
    return services.application_decide(
        actor=actor or staff.drafter, application=app, decision=decision, decided_on=on, reason="经查，予以公开。"
    )


def test_a_drafter_cannot_issue_a_reply_alone(register, staff):
    # The issue: a 经办人 decided an application and sent the reply with no 领导 step.
    app = decided(register, staff)
    assert app.status == Status.AWAITING_APPROVAL
    assert (app.reply_number, app.closed_on, app.decided_on) == ("", None, None)
    assert app.decision == "disclosed"  # the proposal is kept for the 领导 to read
    with pytest.raises(ValueError, match="尚待领导审批"):
        letters.letter_parts(app)
    with pytest.raises(PermissionDenied):
        services.application_approve_reply(actor=staff.drafter, application=app, approved_on=D(2025, 3, 10))
    proposal = app.events.get(kind=EventKind.REPLY_PROPOSED)
    assert (proposal.date, proposal.actor) == (D(2025, 3, 10), staff.drafter)


def test_approval_issues_the_reply_with_the_approvers_name(register, staff):
    app = decided(register, staff)
    app = services.application_approve_reply(
        actor=staff.leader, application=app, approved_on=D(2025, 3, 12), comment="同意。"
    )
    assert app.status == Status.CLOSED
    assert app.decided_on == app.closed_on == D(2025, 3, 12)  # the letter cannot be dated before approval
    assert app.reply_number.endswith("〔2025〕1号")
    assert app.reply_approved_by == staff.leader and app.reply_approved_by_name == staff.leader.get_username()
    assert app.reply_approved_at is not None
    event = app.events.get(kind=EventKind.REPLY_APPROVED)
    assert (event.date, event.actor, event.approved_by, event.note) == (
        D(2025, 3, 12),
        staff.leader,
        staff.leader.get_username(),
        "同意。",
    )
    row = AuditLog.objects.get(action="applications.application.approve_reply")
    assert row.actor == staff.leader and row.reason == "同意。"
    assert row.before["status"] == Status.AWAITING_APPROVAL and row.after["status"] == Status.CLOSED
    assert row.after["reply_approved_by_name"] == staff.leader.get_username()
    assert letters.letter_parts(app)["number"] == app.reply_number


def test_who_may_approve(register, staff):
    app = decided(register, staff)

    def reset():
        Application.objects.filter(pk=app.pk).update(
            status=Status.AWAITING_APPROVAL, closed_on=None, decided_on=None, reply_number=""
        )

    def attempt(user):
        services.application_approve_reply(actor=user, application=app, approved_on=D(2025, 3, 10))

    check_access(staff, attempt, allowed_roles={"leader"}, reset=reset)


def test_who_proposed_or_handles_the_reply_never_approves_it(register, staff):
    # A small office: 刘 is 审核人 and 领导. He may handle and decide, but not approve his own reply.
    both = make_user("liu", organization=staff.org, roles=[Role.REVIEWER, Role.LEADER])
    app = decided(register, staff, actor=both)
    with pytest.raises(PermissionDenied, match="四眼原则"):
        services.application_approve_reply(actor=both, application=app, approved_on=D(2025, 3, 10))
    with pytest.raises(PermissionDenied):
        services.application_return_reply(actor=both, application=app, comment="自己退回")
    # Nor the assigned handler, even when someone else pressed the button.
    other = register(D(2025, 3, 4))
    services.application_assign(actor=staff.leader, application=other, handler=both)
    other = services.application_decide(
        actor=staff.drafter, application=other, decision="disclosed", decided_on=D(2025, 3, 10)
    )
    with pytest.raises(PermissionDenied):
        services.application_approve_reply(actor=both, application=other, approved_on=D(2025, 3, 10))
    # A superuser is bound by the same rule.
    root = make_user("root")
    root.is_superuser = True
    root.save()
    third = decided(register, staff, actor=root)
    with pytest.raises(PermissionDenied):
        services.application_approve_reply(actor=root, application=third, approved_on=D(2025, 3, 10))
    services.application_approve_reply(actor=staff.leader, application=app, approved_on=D(2025, 3, 10))
    assert Application.objects.get(pk=app.pk).status == Status.CLOSED


def test_return_sends_the_reply_back_with_comments(register, staff):
    app = decided(register, staff)
    with pytest.raises(ValidationError, match="填写意见"):
        services.application_return_reply(actor=staff.leader, application=app, comment=" ")
    app = services.application_return_reply(actor=staff.leader, application=app, comment="请补充不予公开的依据。")
    assert app.status == Status.IN_PROGRESS and app.decision == "" and app.decision_reason == ""
    assert app.events.filter(kind=EventKind.REPLY_RETURNED, note="请补充不予公开的依据。").exists()
    assert AuditLog.objects.filter(action="applications.application.return_reply", actor=staff.leader).exists()
    with pytest.raises(ValidationError):  # nothing to approve now
        services.application_approve_reply(actor=staff.leader, application=app, approved_on=D(2025, 3, 12))
    app = services.application_decide(
        actor=staff.drafter, application=app, decision="partially_disclosed", decided_on=D(2025, 3, 14)
    )
    with pytest.raises(ValidationError, match="不能早于作出答复的日期"):
        services.application_approve_reply(actor=staff.leader, application=app, approved_on=D(2025, 3, 13))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.application_approve_reply(actor=staff.leader, application=app, approved_on=D(2099, 1, 1))
    app = services.application_approve_reply(actor=staff.leader, application=app, approved_on=D(2025, 3, 14))
    assert app.decision == "partially_disclosed" and app.status == Status.CLOSED


def test_a_pending_reply_is_open_for_deadlines(register, staff):
    app = decided(register, staff, on=D(2025, 3, 28))  # received 3/3, due 3/31
    assert app.status in OPEN_STATUSES
    assert list(selectors.applications_overdue(today=D(2025, 4, 2), queryset=Application.objects.all())) == [app]


def test_organization_may_turn_the_step_off_through_the_audited_setting(register, staff):
    organization_set_reply_approval(
        actor=staff.sysadmin, organization=staff.org, required=False, reason="仅一名领导，县政务公开办同意。"
    )
    app = decided(register, staff)
    assert app.status == Status.CLOSED and app.reply_number and app.decided_on == D(2025, 3, 10)
    assert not app.events.filter(kind=EventKind.REPLY_PROPOSED).exists()
    assert AuditLog.objects.filter(action="organizations.organization.reply_approval").count() == 1


def test_case_page_shows_the_step_to_the_right_people(client, register, staff):
    app = decided(register, staff)
    url = reverse("applications:staff_detail", args=[app.pk])
    client.force_login(staff.drafter)
    page = client.get(url).content.decode()
    assert "拟办理结果" in page and "待领导审批" in page and "答复已报领导审批" in page
    assert "批准答复" not in page and "下载答复书" not in page
    client.force_login(staff.leader)
    page = client.get(url).content.decode()
    assert "批准答复" in page and "退回承办人修改" in page
    response = client.post(reverse("applications:staff_action", args=[app.pk, "return_reply"]), {}, follow=True)
    assert "退回答复时请填写意见" in response.content.decode()
    listing = client.get(reverse("applications:staff_list"), {"view": "approval"}).content.decode()
    assert app.tracking_number in listing
    response = client.post(
        reverse("applications:staff_action", args=[app.pk, "approve_reply"]), {"date": "2025-03-11"}, follow=True
    )
    page = response.content.decode()
    assert "已保存" in page and "下载答复书" in page and "批准（" in page
    assert (
        app.tracking_number not in client.get(reverse("applications:staff_list"), {"view": "approval"}).content.decode()
    )
