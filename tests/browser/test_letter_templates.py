"""A 领导 changes a letter's wording in a real browser: the check refuses a template alternative, the
preview shows the letter, saving keeps it. ``GONGKAI_SHOTS=/some/dir`` saves screenshots at 1280 and 375 px."""

import pytest

from gongkai.apps.applications.models import LetterTemplate
from gongkai.apps.organizations.testing import make_org, make_staff

from .test_publish_flow import login
from .test_reply_approval_flow import shoot

pytestmark = pytest.mark.browser


def test_leader_edits_previews_and_saves_a_letter(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    org = make_org("思礼镇人民政府", slug="sl-letters", short_name="思政")
    staff = make_staff("lb", org=org)
    login(page, base, staff.leader.username)
    page.goto(f"{base}/staff/applications/o/{org.slug}/letters/")
    assert "思政依申请公开〔" in page.content()
    shoot(page, "letters-list")
    page.click("a[href$='/letters/partially_disclosed/']")
    page.wait_for_selector(".letter-preview")
    shoot(page, "letters-edit")
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value().replace("本机关经区分处理", "本机关经区分处理（或不予公开）"))
    page.click("button[value=save]")
    page.wait_for_selector(".errorlist")
    assert "模板备选" in page.content() and not LetterTemplate.objects.exists()
    shoot(page, "letters-refused")
    body.fill(body.input_value().replace("本机关经区分处理（或不予公开）", "本机关经认真区分处理"))
    page.click("button[value=preview]")
    page.wait_for_selector("text=本机关经认真区分处理")
    page.click("button[value=save]")
    page.wait_for_selector("text=模板已保存")
    assert "本机关经认真区分处理" in LetterTemplate.objects.get(organization=org).body
