"""The 正文 editor in a real browser: it loads from the package's static files under the strict CSP, writes
headings, bold text, lists and tables into the body, and the saved body is the sanitizer's output."""

import pytest
from django.conf import settings
from django.test import Client

from gongkai.apps.organizations.testing import make_staff
from gongkai.apps.publishing.models import CatalogueNode, Item
from gongkai.apps.publishing.services import catalogue_seed_township, item_create

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


def _login(page, base, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def _editor_page(page, base, url, console):
    page.goto(f"{base}{url}")
    page.wait_for_selector(".body-editor .tiptap[contenteditable=true]")
    return page.locator(".body-editor .tiptap")


def test_editor_writes_formatted_body_under_csp(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.type + " " + msg.text))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.add_init_script(LISTEN)
    staff = make_staff("ed")
    catalogue_seed_township(actor=None, organization=staff.org)
    slug = staff.org.slug
    _login(page, base, staff.drafter)

    editor = _editor_page(page, base, f"/staff/o/{slug}/items/new/", console)
    # the toolbar speaks Chinese and every button has a name
    names = page.eval_on_selector_all(".prose-menubar button", "bs => bs.map(b => b.getAttribute('aria-label'))")
    assert "加粗" in names and "插入表格" in names and None not in names
    assert editor.get_attribute("aria-label") == "正文"
    page.fill("#id_title", "关于春耕生产的通知")
    page.select_option("#id_category", label="政策文件及解读")
    editor.click()
    page.keyboard.type("各村：")
    page.keyboard.press("Enter")
    page.click(".prose-menubar button[aria-label='加粗']")
    page.keyboard.type("请做好准备。")
    page.click(".prose-menubar button[aria-label='加粗']")
    page.keyboard.press("Enter")
    page.keyboard.type("- 第一项")  # Tiptap's input rule: "- " starts a list
    page.keyboard.press("Enter")
    page.keyboard.type("第二项")
    body = page.input_value("#id_body")
    assert "<strong>请做好准备。</strong>" in body and "<ul>" in body and "<li><p>第二项</p></li>" in body
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=已保存草稿")
    item = Item.objects.get(title="关于春耕生产的通知")
    assert "<strong>请做好准备。</strong>" in item.body
    assert "<li><p>第一项</p></li>" in item.body
    # the detail page shows it formatted
    assert page.locator(".body-html strong", has_text="请做好准备。").count() == 1
    violations = page.evaluate("window.__cspViolations")
    assert violations == [] and not [m for m in console if "Content Security Policy" in m], (violations, console)
    assert failed == []


def test_editor_opens_existing_bodies_plain_text_and_tables(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.add_init_script(LISTEN)
    staff = make_staff("ed2")
    catalogue_seed_township(actor=None, organization=staff.org)
    node = CatalogueNode.objects.filter(organization=staff.org).first()
    plain = item_create(
        actor=staff.drafter, organization=staff.org, title="纯文本", category=node, body="第一段\n\n第二段"
    )
    table = item_create(
        actor=staff.drafter,
        organization=staff.org,
        title="表格",
        category=node,
        body="<h2>一、概况</h2><table><tbody><tr><th>项目</th><th>金额</th></tr><tr><td>春耕</td><td>3万元</td></tr></tbody></table>",
    )
    _login(page, base, staff.drafter)
    editor = _editor_page(page, base, f"/staff/o/{staff.org.slug}/items/{plain.pk}/edit/", console)
    assert editor.locator("p").all_inner_texts() == ["第一段", "第二段"]

    editor = _editor_page(page, base, f"/staff/o/{staff.org.slug}/items/{table.pk}/edit/", console)
    assert editor.locator("h2").inner_text() == "一、概况"
    assert editor.locator("table td").all_inner_texts() == ["春耕", "3万元"]
    editor.locator("table td").last.click()
    page.keyboard.press("End")
    page.keyboard.type("（已拨付）")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=已保存。")
    table.refresh_from_db()
    assert "3万元（已拨付）" in table.body and "<h2>一、概况</h2>" in table.body
    assert "style=" not in table.body  # the editor's table widths never reach the body
    assert page.evaluate("window.__cspViolations") == []
    assert not [m for m in console if "Content Security Policy" in m], console
