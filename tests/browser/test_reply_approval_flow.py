"""A reply to an application: the 经办人 decides, the 领导 approves, only then the letter — in a real browser.

Set ``GONGKAI_SHOTS=/some/dir`` to also save screenshots of the pages at 1280 and 375 px.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from gongkai.apps.applications import services
from gongkai.apps.applications.models import Application
from gongkai.apps.organizations.testing import make_staff

from ..apps.applications.conftest import APPLICANT
from .test_publish_flow import login, logout

pytestmark = pytest.mark.browser


def shoot(page, name):
    folder = os.environ.get("GONGKAI_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_reply_needs_the_leader_before_the_letter(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    staff = make_staff("rp")
    app, _code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=dt.date(2025, 3, 3), **APPLICANT
    )
    case = f"{base}/staff/applications/{app.pk}/"

    # 经办人: 作出答复 goes to the 领导, no letter yet
    login(page, base, staff.drafter.username)
    page.goto(case)
    page.select_option("#id_decision", value="disclosed")
    page.fill("#id_decided_on", "2025-03-20")
    page.fill("#id_reason", "经查，所申请信息由本机关制作，予以公开。")
    page.click("text=作出答复，报领导审批")
    page.wait_for_selector("text=答复已报领导审批")
    assert "下载答复书" not in page.content()
    shoot(page, "case-awaiting-drafter")
    logout(page)

    # 领导: finds it under 待领导审批 and approves
    login(page, base, staff.leader.username)
    page.goto(f"{base}/staff/applications/?view=approval")
    page.click(f"text={app.tracking_number}")
    page.wait_for_selector("text=批准答复（出具答复书，编答复文号，办结）")
    shoot(page, "case-awaiting-leader")
    page.fill("#approve_date", "2025-03-21")
    page.click("form[action$='/approve_reply/'] button")
    page.wait_for_selector("text=下载答复书（DOCX）")
    assert "批准（" in page.content()
    shoot(page, "case-approved")

    app.refresh_from_db()
    assert app.status == "closed" and app.reply_approved_by == staff.leader
    assert app.decided_on == dt.date(2025, 3, 21) and app.reply_number
    with page.expect_download() as download:
        page.click("text=下载答复书（DOCX）")
    # The Chinese name of RFC 5987's filename*, as the office files it.
    assert download.value.suggested_filename == f"{app.organization.name}政府信息公开申请答复书（{app.tracking_number}）.docx"
    assert Application.objects.get(pk=app.pk).events.filter(kind="reply_approved").count() == 1
