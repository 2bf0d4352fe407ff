"""Every main page satisfies the Content-Security-Policy: no violation reported in a real browser.

Chromium reports each blocked inline script, style attribute or event handler twice: a
``securitypolicyviolation`` event in the page and a console error; the test listens to both on the portal,
the public application form (with its confirm step), the staff pages, the review and applications apps
and /admin/.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from gongkai.apps.annual.services import annual_report_generate
from gongkai.apps.applications import services as app_services
from gongkai.apps.organizations.testing import make_org, make_staff
from gongkai.apps.publishing.models import CatalogueNode
from gongkai.apps.publishing.services import catalogue_seed_township, item_create, item_import_published
from tests.apps.portal.helpers import published_report

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""

STYLED_BODY = (
    '<p style="text-align:center;font-weight:bold">关于做好春耕生产工作的通知</p>'
    '<p style="text-indent:2em">各村：请做好春耕生产准备工作。</p><p style="text-align:right">思礼镇人民政府</p>'
)


def _login_cookie(page, base, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base}]
    )


def _visit(page, url, console):
    console.clear()
    response = page.goto(url)
    page.wait_for_load_state("load")
    violations = []
    for frame in page.frames:  # the report previews are same-origin frames with their own policy
        violations += frame.evaluate("window.__cspViolations || []")
    csp_console = [m for m in console if "Content Security Policy" in m]
    return response, violations + csp_console


def test_main_pages_report_no_csp_violation(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.add_init_script(LISTEN)

    staff = make_staff("csp", org=make_org("内容安全镇人民政府", slug="csp-town", parent=make_org("内容安全县", slug="csp-county")))
    org = staff.org
    catalogue_seed_township(actor=None, organization=org)
    node = CatalogueNode.objects.get(organization=org, code="local.overview")
    published = item_import_published(
        actor=None, organization=org, title="关于做好春耕生产工作的通知", category=node,
        published_on=dt.date(2026, 3, 2), body=STYLED_BODY,
    )  # fmt: skip
    draft = item_create(actor=staff.drafter, organization=org, title="草稿通知", category=node, body=STYLED_BODY)
    application, _code = app_services.application_register(
        actor=staff.drafter, organization=org, channel="counter", submitted_on=dt.date(2026, 3, 3),
        applicant_type="natural_person", applicant_name="张三", id_type="id_card", id_number="110101199001011234",
        phone="13800138000", email="zhangsan@example.cn", address="某路1号", description="2025年财政预算",
        delivery_form="electronic", delivery_method="email",
    )  # fmt: skip
    annual_report_generate(actor=staff.drafter, organization=org, year=2025)
    published_report(staff, 2024)  # the portal's 年报 page: the core renderer's tables with their column widths
    slug = org.slug
    found: dict[str, list[str]] = {}

    def check(url, expect=(200,)):
        response, violations = _visit(page, f"{base}{url}", console)
        assert response is not None and response.status in expect, (url, response and response.status)
        if violations:
            found[url] = violations

    # the public side
    for url in ("/", f"/{slug}/", f"/{slug}/guide/", f"/{slug}/catalogue/", f"/{slug}/catalogue/{node.pk}/",
                f"/{slug}/items/{published.pk}/", f"/{slug}/search/?q=春耕", f"/{slug}/reports/", f"/{slug}/reports/2024/",
                "/apply/", "/apply/status/", "/accounts/login/"):  # fmt: skip
        check(url)
    check("/no-such-page/", expect=(404,))
    # the body's alignment survives as classes: the policy refuses its style attributes
    page.goto(f"{base}/{slug}/items/{published.pk}/")
    first = page.locator("p.gk-align-center").first
    assert first.evaluate("e => getComputedStyle(e).textAlign") == "center"
    assert first.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    # the report tables' column widths come from the stylesheet (classes), not from refused style attributes
    page.goto(f"{base}/{slug}/reports/2024/")
    widths = page.evaluate(
        "[...document.querySelectorAll('table.table3 col')].map(c => parseFloat(getComputedStyle(c).width))"
    )
    assert len(widths) == 10, widths
    assert widths[2] / widths[0] == pytest.approx(33.33 / 7.05, rel=0.05), widths  # 52 mm against 11 mm

    # the public form through its confirm step
    page.goto(f"{base}/apply/")
    page.select_option("#id_organization", str(org.pk))
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "李四")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "11010119900101123X")
    page.fill("#id_email", "lisi@example.cn")
    page.fill("#id_description", "本镇2025年财政预算公开文件")
    page.select_option("#id_delivery_form", "electronic")
    page.select_option("#id_delivery_method", "email")
    page.click("#preview")
    page.wait_for_selector("#confirm")
    assert page.evaluate("window.__cspViolations") == [], "confirm step"

    # staff pages as the 领导 (sees every business page), then as the 经办人 (the forms)
    _login_cookie(page, base, staff.leader)
    for url in ("/staff/", f"/staff/o/{slug}/items/", f"/staff/o/{slug}/items/{published.pk}/",
                f"/staff/o/{slug}/items/{published.pk}/wechat/", f"/staff/o/{slug}/catalogue/",
                f"/staff/o/{slug}/channels/", f"/staff/o/{slug}/registers/", f"/staff/o/{slug}/registers/documents/",
                f"/staff/o/{slug}/registers/procurement/", f"/staff/o/{slug}/reports/", f"/staff/o/{slug}/reports/2025/",
                f"/staff/o/{slug}/review/", f"/staff/o/{slug}/standard/watch/",
                "/staff/applications/", f"/staff/applications/{application.pk}/"):  # fmt: skip
        check(url)
    _login_cookie(page, base, staff.drafter)
    for url in (f"/staff/o/{slug}/items/new/", f"/staff/o/{slug}/items/{draft.pk}/",
                f"/staff/o/{slug}/items/{draft.pk}/edit/", "/staff/applications/new/"):  # fmt: skip
        check(url)

    # /admin/
    admin = get_user_model().objects.create_superuser("csp_root", "root@example.cn", "Csp-root-2026-pass!")
    _login_cookie(page, base, admin)
    for url in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{admin.pk}/change/",
                "/admin/organizations/organization/", "/admin/organizations/organization/add/"):  # fmt: skip
        check(url, expect=(200, 302))

    assert found == {}, found
