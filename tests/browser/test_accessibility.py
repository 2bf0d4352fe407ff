"""Pages for everyone (GB/T 37668, 适老化), checked in a real browser on the portal's and the staff's main pages:

- axe-core (the copy bundled in axe-playwright-python, nothing downloaded) finds no serious or critical violation,
  in the normal, large-text and high-contrast modes;
- at 1280 px and 375 px no table squeezes a column so narrow that its text stands one character per line;
- the large-text and high-contrast modes work without JavaScript (a link sets a cookie, the server adds a class)
  and are remembered; every page can be used from the keyboard: the skip link comes first and focus is visible.

``GONGKAI_SCREENSHOTS=dir`` keeps a screenshot of every page at both widths in the three modes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from gongkai.apps.applications import services as app_services
from gongkai.apps.organizations.choices import Role
from gongkai.apps.organizations.testing import make_org, make_staff, make_user
from gongkai.apps.publishing.models import CatalogueNode
from gongkai.apps.publishing.services import catalogue_seed_township, item_create, item_import_published
from gongkai.apps.review.models import CheckedReport
from gongkai.apps.review.services import batch_create
from tests.apps.review.conftest import seed_file

pytestmark = pytest.mark.browser

WIDTHS = (1280, 375)
MODES = {"normal": "", "large": "text=large", "contrast": "contrast=high"}
BODY = (
    '<p style="text-align:center">关于做好春耕生产工作的通知</p><p>各村：请做好春耕生产准备工作。</p>'
    "<table><thead><tr><th>项目</th><th>金额（万元）</th><th>说明</th></tr></thead>"
    "<tbody><tr><td>种子补贴</td><td>12.5</td><td>按户发放，于四月底前发放到位</td></tr></tbody></table>"
)

#: Cells, and the buttons, links, labels and fields in them, laid out narrower than their text needs: a cell or
#: a button narrower than two characters stands its text one character per line; a select or text field
#: narrower than four characters shows no more than a character of what it holds.
SQUEEZED = """
() => {
  const found = [];
  const width = (el) => {
    const style = getComputedStyle(el);
    return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  };
  const controls = 'table button, table .button, table a, table label, table select, table input, table textarea';
  for (const el of document.querySelectorAll('table th, table td, ' + controls)) {
    if (el.offsetParent === null || el.closest('.visually-hidden')) continue;
    if (el.tagName === 'INPUT' && !['text', 'search', 'date', 'number', 'email', 'url', 'file'].includes(el.type)) continue;
    const field = ['SELECT', 'INPUT', 'TEXTAREA'].includes(el.tagName);
    const text = field ? (el.tagName === 'SELECT' ? el.options[el.selectedIndex]?.text || '' : 'xxxx') : el.innerText.trim();
    if (text.length < 2) continue;
    const em = parseFloat(getComputedStyle(el).fontSize);
    const inner = field ? el.clientWidth : (el.tagName === 'A' || el.tagName === 'LABEL') ? el.getBoundingClientRect().width : width(el);
    if (inner < (field ? 4 : 2) * em - 1) found.push(`${el.tagName} “${text.slice(0, 20)}” ${Math.round(inner)}px`);
  }
  return found;
}
"""


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _pages(run_tasks) -> list[tuple[str, str, object]]:
    """(name, url, user or None) of the main pages, with the data they need."""
    county = make_org("无障碍县人民政府", slug="wza-county")
    staff = make_staff("wza", org=make_org("无障碍镇人民政府", slug="wza-town", parent=county))
    org = staff.org
    catalogue_seed_township(actor=None, organization=org)
    node = CatalogueNode.objects.get(organization=org, code="local.overview")
    published = item_import_published(
        actor=None, organization=org, title="关于做好春耕生产工作的通知", category=node,
        published_on=dt.date(2026, 3, 2), body=BODY,
    )  # fmt: skip
    item_create(actor=staff.drafter, organization=org, title="草稿通知", category=node, body=BODY)
    application, _code = app_services.application_register(
        actor=staff.drafter, organization=org, channel="counter", submitted_on=dt.date(2026, 3, 3),
        applicant_type="natural_person", applicant_name="张三", id_type="id_card", id_number="110101199001011234",
        phone="13800138000", email="zhangsan@example.cn", address="某路1号", description="2025年财政预算",
        delivery_form="electronic", delivery_method="email",
    )  # fmt: skip
    supervisor = make_user("wza-county-leader", organization=county, roles=[Role.LEADER])
    batch = batch_create(actor=supervisor, organization=county, year=2020, files=[seed_file()]).batch
    run_tasks()
    report = CheckedReport.objects.get(batch=batch)
    slug = org.slug
    return [
        ("portal-home", "/", None),
        ("body-home", f"/{slug}/", None),
        ("column", f"/{slug}/catalogue/{node.pk}/", None),
        ("item", f"/{slug}/items/{published.pk}/", None),
        ("apply", "/apply/", None),
        ("status", "/apply/status/", None),
        ("login", "/accounts/login/", None),
        ("workbench", "/staff/", staff.drafter),
        ("item-form", f"/staff/o/{slug}/items/new/", staff.drafter),
        ("application", f"/staff/applications/{application.pk}/", staff.drafter),
        ("review", f"/staff/o/{county.slug}/review/{batch.pk}/r/{report.pk}/", supervisor),
    ]


def _open(page, base, url, user, mode_query=""):
    page.context.clear_cookies()
    if user is not None:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": _session(user), "url": base}])
    if mode_query:
        page.goto(f"{base}/display/?{mode_query}&next=/")
    response = page.goto(base + url)
    assert response is not None and response.status == 200, (url, response and response.status)
    page.wait_for_load_state("load")
    if "/items/new/" in url:
        page.wait_for_selector(".body-editor .tiptap")


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): " + " | ".join(str(n["target"]) for n in v["nodes"][:4])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_axe_violations_in_every_mode(
    live_server, chromium_page, transactional_db, run_tasks
):
    page, base = chromium_page, live_server.url
    found = {}
    for name, url, user in _pages(run_tasks):
        for mode, query in MODES.items():
            _open(page, base, url, user, query)
            violations = _serious(page)
            if violations:
                found[f"{name} ({mode})"] = violations
    assert found == {}, found


def test_no_table_column_is_squeezed_at_1280_and_375(live_server, chromium_page, transactional_db, run_tasks):
    page, base = chromium_page, live_server.url
    shots = os.environ.get("GONGKAI_SCREENSHOTS")
    found = {}
    for name, url, user in _pages(run_tasks):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for mode, query in MODES.items():
                _open(page, base, url, user, query)
                squeezed = page.evaluate(SQUEEZED)
                if squeezed:
                    found[f"{name} {width}px ({mode})"] = squeezed
                # nothing but a table's own box scrolls sideways
                assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (name, width, mode)
                if shots:
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(shots) / f"{name}-{width}-{mode}.png"), full_page=True)
    assert found == {}, found


FOCUS_STYLE = """
el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor].join('|'); }
"""


def test_keyboard_skip_link_visible_focus_and_modes(live_server, chromium_page, transactional_db, run_tasks):
    page, base = chromium_page, live_server.url
    pages = {name: (url, user) for name, url, user in _pages(run_tasks)}
    page.set_viewport_size({"width": 375, "height": 800})
    for name in ("item", "apply", "login", "workbench", "item-form", "review"):
        url, user = pages[name]
        _open(page, base, url, user)
        first = "document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')"
        if page.evaluate("document.activeElement === document.body"):
            page.keyboard.press("Tab")
        else:  # a field with autofocus (登录): the skip link is still first in the tab order
            page.evaluate(f"{first}.focus()")
        assert page.evaluate(f"document.activeElement === {first}"), name
        skip = page.evaluate_handle("document.activeElement")
        assert skip.evaluate("e => e.textContent.trim()") == "跳到主要内容", name
        box = skip.evaluate("e => { const r = e.getBoundingClientRect(); return [r.top, r.left, r.width]; }")
        assert box[0] >= 0 and box[1] >= 0 and box[2] > 0, (name, box)  # shown when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", name
        # the next link reached by Tab looks different while it has the focus
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        assert focused.evaluate("e => e.tagName") in ("A", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "SUMMARY"), name
        with_focus = focused.evaluate(FOCUS_STYLE)
        page.evaluate("document.activeElement.blur()")
        assert focused.evaluate(FOCUS_STYLE) != with_focus, name
    # 大字 and 高对比度 from the keyboard, without JavaScript, remembered on the next page
    context = page.context.browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{base}{pages['item'][0]}")
    plain.get_by_role("link", name="大字").focus()
    plain.keyboard.press("Enter")
    plain.wait_for_load_state("load")
    plain.get_by_role("link", name="高对比度").focus()
    plain.keyboard.press("Enter")
    plain.wait_for_load_state("load")
    assert plain.url == f"{base}{pages['item'][0]}"
    plain.goto(f"{base}/apply/")
    html_class = plain.locator("html").get_attribute("class")
    assert html_class == "gk-large-text gk-high-contrast"
    root = plain.locator("html").evaluate("e => getComputedStyle(e).fontSize")
    assert root == "20px"  # 125 % of 16 px
    context.close()
