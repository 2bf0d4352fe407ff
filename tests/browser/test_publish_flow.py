"""Draft → 保密审查 → 签发 → visible on the portal, clicked through in a real browser."""

import pytest

from gongkai.apps.organizations.testing import PASSWORD, make_staff
from gongkai.apps.publishing.models import Item
from gongkai.apps.publishing.services import catalogue_seed_township

pytestmark = pytest.mark.browser


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def logout(page):
    page.click("header form button")
    page.wait_for_load_state()


def test_draft_review_sign_then_public(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    staff = make_staff("br")
    catalogue_seed_township(actor=None, organization=staff.org)
    slug = staff.org.slug

    # 经办人 drafts, with one mistake first: the page must explain it in Chinese
    login(page, base, staff.drafter.username)
    page.goto(f"{base}/staff/o/{slug}/items/new/")
    page.select_option("#id_category", label="政策文件及解读")
    page.click("form.stack button[type=submit]")
    assert "此项为必填项" in page.content()  # Chinese even though the browser asks for English
    page.fill("#id_title", "关于做好2025年春耕生产工作的通知")
    page.locator(".body-editor .tiptap").click()  # the 正文 editor (tests/browser/test_body_editor.py)
    page.keyboard.type("各村：")
    page.keyboard.press("Enter")
    page.keyboard.type("请做好春耕生产准备工作。")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=草稿")
    item = Item.objects.get(title="关于做好2025年春耕生产工作的通知")
    page.click("text=提交审核")
    page.wait_for_selector("text=待审核")
    logout(page)

    # 审核人: 保密审查
    login(page, base, staff.reviewer.username)
    page.goto(f"{base}/staff/o/{slug}/items/{item.pk}/")
    page.click("text=审核通过，送领导签发")
    page.wait_for_selector("text=待签发")
    logout(page)

    # not visible to the public before it is signed
    assert page.goto(f"{base}/{slug}/items/{item.pk}/").status == 404

    # 领导: 签发
    login(page, base, staff.leader.username)
    page.goto(f"{base}/staff/o/{slug}/items/{item.pk}/")
    page.click("text=签发并发布")
    page.wait_for_selector("text=已发布")
    logout(page)

    item.refresh_from_db()
    assert item.status == "published"
    response = page.goto(f"{base}/{slug}/items/{item.pk}/")
    assert response.status == 200
    text = page.content()
    assert "关于做好2025年春耕生产工作的通知" in text
    assert item.index_number in text
    assert "请做好春耕生产准备工作" in text
