"""The search pages in a real browser: a visitor searches a body's site from its header box and the whole
portal, and staff search their drafts. Set ``GONGKAI_SHOTS=/some/dir`` to save screenshots at 1280 and 375 px.
"""

import datetime as dt
import random

import pytest

from gongkai.web.demo_texts import body_html
from gongkai.web.tasks_testing import run_queued_tasks

from ..apps.portal.helpers import draft, portal_staff, published
from .test_publish_flow import login
from .test_reply_approval_flow import shoot

pytestmark = pytest.mark.browser

TITLES = ("关于开展安全生产大检查的通知", "思礼村3月份村务公开", "耕地地力保护补贴政策解读", "王庄村低保评议结果公示")


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_visitor_and_staff_search(live_server, chromium_page, transactional_db):
    page, base = chromium_page, live_server.url
    staff = portal_staff("bs")
    rng = random.Random(5)
    for n in range(14):
        title = TITLES[n % len(TITLES)]
        published(
            staff.org,
            title,
            body=body_html(title, org=staff.org.name, rng=rng),
            day=dt.date(2024, 1, 1) + dt.timedelta(days=9 * n),
            document_number=f"测政发〔2024〕{n + 1}号" if n % 4 == 2 else "",
        )
    published(staff.other_org, "另一镇安全生产检查情况通报", body="<p>安全生产检查发现隐患12处，已整改。</p>")
    assert run_queued_tasks() >= 15  # the commit hooks enqueued the indexing

    page.goto(f"{base}/{staff.org.slug}/")
    page.fill("#search-q", "安全生产 检查")
    page.click(".org-header .search button")
    page.wait_for_load_state()
    assert "关于开展安全生产大检查的通知" in page.inner_text("main")
    assert "另一镇" not in page.inner_text("main")
    assert page.locator(".search-results mark").count() > 0
    shoot(page, "search-body")
    page.set_viewport_size({"width": 375, "height": 900})
    assert _no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/search/?q=安全生产")
    text = page.inner_text("main")
    assert "另一镇安全生产检查情况通报" in text and "关于开展安全生产大检查的通知" in text
    page.select_option("select[name=sort]", "date")
    page.click(".search-form button")
    page.wait_for_load_state()
    assert "sort=date" in page.url
    shoot(page, "search-site")
    page.set_viewport_size({"width": 375, "height": 900})
    assert _no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/search/?q=测政发〔2024〕3号")
    assert "按索引号或文号找到 1 条" in page.inner_text("main")

    draft(staff, "关于安全生产月活动的方案（草稿）")
    login(page, base, staff.drafter.username)
    page.goto(f"{base}/staff/search/?q=安全生产")
    assert "关于安全生产月活动的方案（草稿）" in page.inner_text("main")
    shoot(page, "search-staff")
