"""The 工作台 and the notifications in a real browser: an overdue application reaches its 经办人 first (and by
e-mail); an item a drafter submits reaches the reviewer under the bell.

Set ``GONGKAI_SHOTS=/some/dir`` to also save screenshots at 1280 and 375 px.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from gongkai.apps.applications import services
from gongkai.apps.notifications.models import Notification
from gongkai.apps.organizations.testing import make_staff
from gongkai.apps.publishing.models import Item
from gongkai.apps.publishing.services import catalogue_seed_township, item_create

from ..apps.applications.conftest import APPLICANT
from .test_publish_flow import login, logout
from .test_reply_approval_flow import shoot

pytestmark = pytest.mark.browser


def _with_email(staff):
    for user in (staff.drafter, staff.reviewer, staff.leader):
        user.email = f"{user.username}@example.cn"
        user.save()


def test_overdue_application_first_on_the_workbench_and_by_email(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    staff = make_staff("wo")
    _with_email(staff)
    today = timezone.localdate()
    late, _ = services.application_register(
        actor=staff.drafter,
        organization=staff.org,
        channel="counter",
        submitted_on=today - dt.timedelta(days=120),
        **APPLICANT,
    )
    recent, _ = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=today, **APPLICANT
    )
    for app in (recent, late):
        services.application_assign(actor=staff.leader, application=app, handler=staff.drafter)
    mail.outbox.clear()

    # the morning run (cron: gongkai notify_due)
    call_command("notify_due")
    to_drafter = [m for m in mail.outbox if m.to == [staff.drafter.email]]
    assert len(to_drafter) == 1 and late.tracking_number in to_drafter[0].body
    assert "已超期" in to_drafter[0].subject

    # the 经办人 logs in and lands on his organization's 工作台: the overdue case is the first line
    login(page, base, staff.drafter.username)
    assert page.url.endswith(f"/staff/o/{staff.org.slug}/")
    first = page.locator("#mine-h + ol.waiting > li").first
    assert late.tracking_number in first.inner_text()
    assert "已超期" in first.inner_text() and "waiting-overdue" in first.get_attribute("class")
    # the count by 工作台 in the header: both cases and the annual report's date (条例第四十九条)
    assert int(page.locator("header .count").first.inner_text().split()[0]) >= 2
    shoot(page, "workbench-drafter")
    first.locator("a").click()
    page.wait_for_selector(f"text=申请 {late.tracking_number}")

    # the bell: the overdue notice, then marked read
    page.click("header a.bell")
    page.wait_for_selector("h1:has-text('消息')")
    assert late.tracking_number in page.content()
    shoot(page, "notifications")
    page.click("text=全部标为已读")
    page.wait_for_selector("text=条消息标为已读")
    assert not Notification.objects.filter(recipient=staff.drafter, read_at__isnull=True).exists()
    logout(page)

    # the 领导 sees the office's open cases with their handler
    login(page, base, staff.leader.username)
    office = page.locator("#office-h + ol.waiting")
    assert late.tracking_number in office.inner_text() and "承办人" in office.inner_text()
    shoot(page, "workbench-leader")


def test_submitted_item_reaches_the_reviewer(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    staff = make_staff("wn")
    _with_email(staff)
    catalogue_seed_township(actor=None, organization=staff.org)
    from gongkai.apps.publishing.models import CatalogueNode

    item = item_create(
        actor=staff.drafter,
        organization=staff.org,
        title="关于开展冬季消防安全检查的通知",
        category=CatalogueNode.objects.get(organization=staff.org, code="local.overview"),
        formed_on=timezone.localdate(),
    )
    mail.outbox.clear()

    login(page, base, staff.drafter.username)
    page.goto(f"{base}/staff/o/{staff.org.slug}/items/{item.pk}/")
    page.click("text=提交审核")
    page.wait_for_selector("text=待审核")
    logout(page)
    assert [m.to for m in mail.outbox] == [[staff.reviewer.email]]

    login(page, base, staff.reviewer.username)
    bell = page.locator("header a.bell")
    assert bell.locator(".count").inner_text().startswith("1")
    # and on his 工作台
    assert "关于开展冬季消防安全检查的通知" in page.locator("#mine-h + ol.waiting").inner_text()
    shoot(page, "workbench-reviewer")
    bell.click()
    page.wait_for_selector("text=待您保密审查")
    shoot(page, "notifications-reviewer")
    page.click("ul.notices button[name=open]")
    page.wait_for_selector("text=审核通过，送领导签发")
    assert Item.objects.get(pk=item.pk).status == "pending_review"
    assert Notification.objects.get(recipient=staff.reviewer).read_at is not None
