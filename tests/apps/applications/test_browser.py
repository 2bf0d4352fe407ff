"""The public form submitted in a real browser (Debian Chromium through Playwright)."""

import os
import shutil

import pytest

from gongkai.apps.applications.models import Application
from gongkai.apps.organizations.testing import make_org

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian chromium is not installed"),
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser.new_page()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_public_form_submitted_in_browser(live_server, page, transactional_db):
    org = make_org("浏览器测试镇人民政府", slug="browser-town")
    page.goto(f"{live_server.url}/apply/")
    page.select_option("#id_organization", str(org.pk))
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "李四")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "12345")  # wrong on purpose: the page must explain, not fail
    page.fill("#id_email", "lisi@example.cn")
    page.fill("#id_description", "本镇2025年财政预算公开文件")
    page.select_option("#id_delivery_form", "electronic")
    page.select_option("#id_delivery_method", "email")
    page.click("#preview")
    assert "18位" in page.content()
    page.fill("#id_id_number", "11010119900101123X")
    page.click("#preview")
    page.wait_for_selector("#confirm")
    assert "核对申请信息" in page.content() and "本镇2025年财政预算公开文件" in page.content()
    page.click("#confirm")
    page.wait_for_selector("#tracking-number")
    number = page.inner_text("#tracking-number").strip()
    code = page.inner_text("#query-code").strip()
    app = Application.objects.get()
    assert app.tracking_number == number and app.applicant_name == "李四" and app.id_number == "11010119900101123X"
    page.goto(f"{live_server.url}/apply/status/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    page.click("button[type=submit]")
    page.wait_for_selector("#result")
    assert "已提交，待确认收到" in page.inner_text("#result")


def test_case_page_fits_a_phone_screen(live_server, page, transactional_db, client):
    import datetime as dt

    from django.conf import settings

    from gongkai.apps.applications import services
    from gongkai.apps.organizations.testing import make_staff

    from .conftest import APPLICANT

    staff = make_staff("narrow")
    app, _code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=dt.date(2025, 3, 3), **APPLICANT
    )
    client.force_login(staff.drafter)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/staff/applications/{app.pk}/")
    assert "110101199001011234" in page.content()  # the long, unbreakable number the table must wrap
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_double_click_and_reload_give_one_application_and_the_same_code(live_server, page, transactional_db):
    org = make_org("双击测试镇人民政府", slug="dblclick-town")
    page.goto(f"{live_server.url}/apply/")
    page.select_option("#id_organization", str(org.pk))
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "王五")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "11010119900101123X")
    page.fill("#id_email", "wangwu@example.cn")
    page.fill("#id_description", "本镇2025年财政决算公开文件")
    page.select_option("#id_delivery_form", "electronic")
    page.select_option("#id_delivery_method", "email")
    page.click("#preview")
    page.wait_for_selector("#confirm")
    page.dblclick("#confirm")
    page.wait_for_selector("#query-code")
    code = page.inner_text("#query-code").strip()
    page.reload()  # the browser posts the same form again (a retry after a dropped connection)
    page.wait_for_selector("#query-code")
    assert page.inner_text("#query-code").strip() == code
    assert "没有重复提交" in page.content()  # the reload really posted again, and was recognised
    assert Application.objects.count() == 1
    assert code not in page.url
    page.click("#view-status")
    page.wait_for_selector("#result")
    assert "已提交，待确认收到" in page.inner_text("#result") and code not in page.url
