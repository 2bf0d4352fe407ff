"""Notifications: emitted by the services, shown under the bell, e-mailed by choice; the daily run."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.apps.applications import services as app_services
from gongkai.apps.notifications.models import DigestSent, Notification
from gongkai.apps.notifications.services import (
    notification_mark_all_read,
    notifications_send_due,
    notify,
    preference_update,
)
from gongkai.apps.publishing.services import item_review_approve, item_review_return, item_submit
from tests.apps.applications.conftest import APPLICANT
from tests.apps.publishing.helpers import draft, staff_with_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    staff = staff_with_catalogue("nt")
    for user in (staff.drafter, staff.reviewer, staff.leader):
        user.email = f"{user.username}@example.cn"
        user.save()
    return staff


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the e-mails) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def register(staff, received):
    app, _ = app_services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=received, **APPLICANT
    )
    return app


def test_submitting_an_item_tells_the_reviewer_not_the_drafter(staff, commits):
    item = draft(staff, "关于秋季征兵的通告", formed_on=timezone.localdate())
    with commits():
        item_submit(actor=staff.drafter, item=item)
    notice = Notification.objects.get(recipient=staff.reviewer)
    assert notice.kind == "submitted" and "关于秋季征兵的通告" in notice.text and "保密审查" in notice.text
    assert notice.link == reverse("publishing:item_detail", args=[staff.org.slug, item.pk])
    assert not Notification.objects.filter(recipient=staff.drafter).exists()
    assert [m.to for m in mail.outbox] == [[staff.reviewer.email]]
    assert "关于秋季征兵的通告" in mail.outbox[0].subject and notice.link in mail.outbox[0].body

    with commits():
        item_review_approve(actor=staff.reviewer, item=item)
    assert Notification.objects.get(recipient=staff.leader).text.endswith("待您签发")


def test_returning_tells_the_drafter_with_the_comment(staff, commits):
    item = draft(staff, "村级财务公开", formed_on=timezone.localdate())
    item_submit(actor=staff.drafter, item=item)
    with commits():
        item_review_return(actor=staff.reviewer, item=item, comment="金额单位写错")
    notice = Notification.objects.get(recipient=staff.drafter)
    assert notice.kind == "returned" and "金额单位写错" in notice.text


def test_application_assign_decide_and_return(staff, commits):
    app = register(staff, timezone.localdate())
    with commits():
        app_services.application_assign(actor=staff.leader, application=app, handler=staff.drafter)
    assert Notification.objects.get(recipient=staff.drafter, kind="assigned").text.startswith(
        f"申请 {app.tracking_number} 已分办给您"
    )
    with commits():
        app_services.application_decide(
            actor=staff.drafter, application=app, decision="disclosed", decided_on=timezone.localdate()
        )
    approval = Notification.objects.get(kind="approval")
    assert approval.recipient == staff.leader and "待您审批" in approval.text
    with commits():
        app_services.application_return_reply(actor=staff.leader, application=app, comment="理由写清楚")
    assert "理由写清楚" in Notification.objects.get(recipient=staff.drafter, kind="returned").text
    # the actor is never told of his own step
    assert not Notification.objects.filter(recipient=staff.leader, kind="assigned").exists()


def test_email_is_the_persons_choice(staff, commits):
    preference_update(user=staff.reviewer, email_events=False, email_digest=True)
    item = draft(staff, formed_on=timezone.localdate())
    with commits():
        item_submit(actor=staff.drafter, item=item)
    assert Notification.objects.filter(recipient=staff.reviewer).count() == 1
    assert mail.outbox == []


def test_a_rolled_back_step_leaves_no_notice_and_sends_nothing(staff, commits):
    item = draft(staff, formed_on=timezone.localdate())
    with commits(), pytest.raises(RuntimeError), transaction.atomic():
        item_submit(actor=staff.drafter, item=item)
        raise RuntimeError("later failure")
    assert not Notification.objects.exists() and mail.outbox == []


def test_keyed_notices_are_made_once(staff):
    for _ in range(2):
        notify(recipients=[staff.drafter], kind="overdue", text="x", key="k1", email=False)
    assert Notification.objects.filter(recipient=staff.drafter).count() == 1


def test_daily_run_overdue_notice_and_digest_once_a_day(staff, commits):
    today = timezone.localdate()
    app = register(staff, today - dt.timedelta(days=60))
    app_services.application_assign(actor=staff.leader, application=app, handler=staff.drafter)
    mail.outbox.clear()
    with commits():
        run = notifications_send_due(today=today)
    overdue = Notification.objects.get(recipient=staff.drafter, kind="overdue")
    assert app.tracking_number in overdue.text and "已超期" in overdue.text
    digest = [m for m in mail.outbox if m.to == [staff.drafter.email]]
    assert len(digest) == 1 and "待办摘要" in digest[0].subject and app.tracking_number in digest[0].body
    assert "已超期" in digest[0].body and run.overdue >= 1 and run.digests >= 1
    # again the same day: nothing new; the next day: a digest, but no second notice for the same due date
    mail.outbox.clear()
    with commits():
        again = notifications_send_due(today=today)
    assert again.overdue == 0 and again.digests == 0 and mail.outbox == []
    with commits():
        notifications_send_due(today=today + dt.timedelta(days=1))
    assert Notification.objects.filter(recipient=staff.drafter, kind="overdue").count() == 1
    assert DigestSent.objects.filter(user=staff.drafter).count() == 2


def test_digest_off_and_no_email(staff, commits):
    today = timezone.localdate()
    app = register(staff, today - dt.timedelta(days=60))
    app_services.application_assign(actor=staff.leader, application=app, handler=staff.drafter)
    preference_update(user=staff.drafter, email_events=True, email_digest=False)
    staff.leader.email = ""
    staff.leader.save()
    mail.outbox.clear()
    with commits():
        run = notifications_send_due(today=today)
    assert Notification.objects.filter(recipient=staff.drafter, kind="overdue").exists()
    assert not [m for m in mail.outbox if m.to == [staff.drafter.email]]
    assert run.no_email >= 1


def test_command_and_task(staff, run_tasks):
    out = StringIO()
    call_command("notify_due", "--today", timezone.localdate().isoformat(), "--no-digest", stdout=out)
    assert out.getvalue().startswith("到期提醒：")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("notify_due", "--today", "2025-13-01")
    out = StringIO()
    call_command("notify_due", "--enqueue", stdout=out)
    assert "已加入后台任务队列" in out.getvalue()
    assert run_tasks() == 1


def test_bell_list_and_mark_read(client, staff):
    notify(recipients=[staff.drafter], kind="assigned", text="第一条", link="/staff/", email=False)
    notify(recipients=[staff.drafter], kind="assigned", text="第二条", email=False)
    other = notify(recipients=[staff.reviewer], kind="assigned", text="别人的", email=False)[0]
    client.force_login(staff.drafter)
    page = client.get(reverse("staff:org_home", args=[staff.org.slug])).content.decode()
    assert '消息 <span class="count">2' in page
    page = client.get(reverse("notifications:list")).content.decode()
    assert "第一条" in page and "第二条" in page and "别人的" not in page and "2 条未读" in page
    first = Notification.objects.get(text="第一条")
    response = client.post(reverse("notifications:read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    first.refresh_from_db()
    assert first.is_read
    response = client.post(reverse("notifications:read", args=[other.pk]), follow=True)
    assert "不是发给您的" in response.content.decode()
    other.refresh_from_db()
    assert not other.is_read
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=staff.drafter, read_at__isnull=True).exists()
    assert notification_mark_all_read(user=staff.drafter) == 0
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_preferences_page(client, staff):
    client.force_login(staff.drafter)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "每个工作日发送待办摘要邮件" in page
    client.post(reverse("notifications:preferences"), {"email_events": "on"})
    pref = staff.drafter.notification_preference
    assert pref.email_events and not pref.email_digest


def test_pages_need_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
