"""A closed application in a real browser: the case page and the applicant's status lookup show its final state
and every step (the applicant's without staff names). ``GONGKAI_SHOTS=/dir`` saves screenshots."""

import pytest

from tests.apps.applications.test_timeline import _case

from .test_publish_flow import login
from .test_reply_approval_flow import shoot

pytestmark = pytest.mark.browser


def test_closed_case_and_public_lookup(live_server, chromium_page, transactional_db):
    from gongkai.apps.organizations.testing import make_staff

    page, base = chromium_page, live_server.url
    staff = make_staff("tb")
    app, code = _case(staff)

    page.goto(f"{base}/apply/status/?tracking_number={app.tracking_number}")
    page.fill("#id_query_code", code)
    page.click("form.app-form button")
    page.wait_for_selector("ol.timeline")
    text = page.inner_text("#result")
    assert "已办结：2025-03-21" in text and "计时中" not in text
    assert "某某建设有限公司" not in text and staff.leader.username not in text
    shoot(page, "status-timeline")

    login(page, base, staff.drafter.username)
    page.goto(f"{base}/staff/applications/{app.pk}/")
    page.wait_for_selector("#timeline")
    assert "已办结：2025-03-21" in page.inner_text("#deadline")
    assert page.locator("#timeline li").count() >= 7
    shoot(page, "case-timeline")
