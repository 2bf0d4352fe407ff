"""``gongkai send_deadline_reminders``: the old name of the notifications' daily run (one digest per person)."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase

from gongkai.apps.applications import services

D = dt.date


def run(*args, command="send_deadline_reminders"):
    """Run *command*; the digests go out after commit, so its on-commit callbacks run as a real commit's would."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(command, *args, stdout=out)
    return out.getvalue()


def _handler_case(register, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff.drafter.email = "drafter@example.cn"
    staff.drafter.save()
    overdue = register(D(2025, 3, 3))  # due 2025-03-31
    services.application_assign(actor=staff.leader, application=overdue, handler=staff.drafter)
    return overdue


def test_reminders_are_the_daily_digest_one_mail_per_person(register, staff, settings):
    """The old command is the notifications' daily run: the handler's overdue case is a notice and a line of his
    one digest; ``notify_due`` the same day sends him nothing more."""
    from gongkai.apps.notifications.models import Notification

    overdue = _handler_case(register, staff, settings)
    later = register(D(2025, 4, 1))
    output = run("--today", "2025-04-03", "--days", "5")
    assert "--days 不再生效" in output and "发送待办摘要邮件" in output, output
    mine = [m for m in mail.outbox if m.to == ["drafter@example.cn"]]
    assert len(mine) == 1 and "待办摘要" in mine[0].subject
    notices = mine[0].body.split("今日新提醒：")[1].split("待办事项")[0]
    assert f"已超期：申请待答复 {overdue.tracking_number}" in notices and later.tracking_number not in notices
    assert Notification.objects.filter(recipient=staff.drafter, text__contains=overdue.tracking_number).exists()
    sent = len(mail.outbox)
    run("--today", "2025-04-03", command="notify_due")
    run("--today", "2025-04-03")
    assert len(mail.outbox) == sent  # one e-mail per person per day, whichever name ran


def test_the_digest_preference_is_respected(register, staff, settings):
    from gongkai.apps.notifications.services import preference_update

    _handler_case(register, staff, settings)
    preference_update(user=staff.drafter, email_events=True, email_digest=False)
    run("--today", "2025-04-03")
    assert [m for m in mail.outbox if m.to == ["drafter@example.cn"]] == []


def test_dry_run_sends_and_writes_nothing(register, staff, settings):
    from gongkai.apps.notifications.models import DigestSent, Notification

    _handler_case(register, staff, settings)
    notices = Notification.objects.count()  # the assignment's own notice
    mail.outbox.clear()
    output = run("--today", "2025-04-03", "--dry-run")
    assert "[dry-run] drafter@example.cn: 【政府信息公开】待办摘要" in output
    assert mail.outbox == [] and Notification.objects.count() == notices and not DigestSent.objects.exists()


def test_no_address_is_reported(register, staff):
    overdue = register(D(2025, 3, 3))
    services.application_assign(actor=staff.leader, application=overdue, handler=staff.drafter)
    assert "人无邮箱未发送" in run("--today", "2025-04-03")


@pytest.mark.parametrize("args", [("--today", "2025-02-30"), ("--days", "-1")])
def test_bad_arguments(db, args):
    with pytest.raises(CommandError):
        run(*args)


def test_refresh_after_holiday_table_edit(register, staff):
    from gongkai.apps.applications.models import Application, Holiday

    app = register(D(2025, 9, 26))
    assert app.due_on == D(2025, 10, 30)
    Holiday.objects.create(date=D(2025, 10, 13), kind="holiday", name="地方假日")
    out = StringIO()
    call_command("refresh_application_deadlines", stdout=out)
    assert "期限变化1件" in out.getvalue()
    assert Application.objects.get(pk=app.pk).due_on == D(2025, 10, 31)


def test_reminders_run_on_the_queue(register, staff, settings, run_tasks):
    """The old task name, enqueued by the command (or a scheduler), does the daily run on the worker."""
    from gongkai.apps.applications.tasks import send_deadline_reminders

    due = _handler_case(register, staff, settings)
    output = run("--today", "2025-04-03", "--enqueue")
    assert output.startswith("已加入后台任务队列：")
    assert mail.outbox == []  # nothing sent by the command itself
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert run_tasks() == 1
    mine = [m for m in mail.outbox if m.to == ["drafter@example.cn"]]
    assert len(mine) == 1 and due.tracking_number in mine[0].body
    result = send_deadline_reminders.get_result(output.split("：", 1)[1].strip())
    assert result.return_value["digests"] >= 1 and "待办摘要邮件" in result.return_value["message"]
    # enqueued directly (a scheduler) with the old arguments: the same day sends nothing twice
    sent = len(mail.outbox)
    send_deadline_reminders.enqueue("2025-04-03", 0)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert run_tasks() == 1
    assert len(mail.outbox) == sent
