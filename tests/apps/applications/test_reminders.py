"""``gongkai send_deadline_reminders`` sends one mail per recipient with the due and overdue cases."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from gongkai.apps.applications import services

from .conftest import reply

D = dt.date


def run(*args):
    out = StringIO()
    call_command("send_deadline_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminders_to_handler_and_organization(register, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff.drafter.email = "drafter@example.cn"
    staff.drafter.save()
    staff.org.email = "office@example.cn"
    staff.org.save()
    overdue = register(D(2025, 3, 3))  # due 2025-03-31
    services.application_assign(actor=staff.leader, application=overdue, handler=staff.drafter)
    soon = register(D(2025, 3, 10))  # due 2025-04-08 (清明 4/4)
    later = register(D(2025, 4, 1))
    decided = register(D(2025, 3, 4))
    reply(staff, decided, "disclosed", D(2025, 3, 10))
    output = run("--today", "2025-04-03", "--days", "3")
    assert "2件申请，2个收件人，已发送2封" in output
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"drafter@example.cn", "office@example.cn"}
    assert overdue.tracking_number in by_to["drafter@example.cn"].body and "已超期" in by_to["drafter@example.cn"].body
    assert soon.tracking_number in by_to["office@example.cn"].body
    assert later.tracking_number not in "".join(m.body for m in mail.outbox)


def test_dry_run_sends_nothing(register, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff.org.email = "office@example.cn"
    staff.org.save()
    register(D(2025, 3, 3))
    assert "[dry-run] office@example.cn" in run("--today", "2025-04-03", "--dry-run")
    assert mail.outbox == []


def test_no_address_is_reported(register, staff):
    register(D(2025, 3, 3))
    assert "1件因无邮箱未提醒" in run("--today", "2025-04-03")


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
    """The same reminders as a django-tasks task: enqueued by the command (or a scheduler), sent by the worker."""
    from gongkai.apps.applications.tasks import send_deadline_reminders

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff.org.email = "office@example.cn"
    staff.org.save()
    due = register(D(2025, 3, 3))
    output = run("--today", "2025-04-03", "--enqueue")
    assert output.startswith("已加入后台任务队列：")
    assert mail.outbox == []  # nothing sent by the command itself
    assert run_tasks() == 1
    (message,) = mail.outbox
    assert message.to == ["office@example.cn"] and due.tracking_number in message.body
    result_id = output.split("：", 1)[1].strip()
    result = send_deadline_reminders.get_result(result_id)
    assert result.return_value["sent"] == 1 and "已发送1封" in result.return_value["message"]
    # enqueued directly (a scheduler), with its own arguments
    send_deadline_reminders.enqueue("2025-04-03", 0)
    assert run_tasks() == 1 and len(mail.outbox) == 2
