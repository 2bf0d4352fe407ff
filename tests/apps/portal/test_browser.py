"""The portal in a real browser at phone width (375 px): no sideways scrolling, skip link, visible focus."""

import datetime as dt
import os
import shutil

import pytest

from .helpers import portal_staff, published, published_report

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian chromium is not installed"),
]


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=1)
        page.set_default_timeout(15000)
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.django_db(transaction=True)
def test_pages_fit_a_phone_and_work_with_the_keyboard(live_server, phone):
    staff = portal_staff("phone")
    item = published(
        staff.org,
        "关于印发《思礼镇2020年政府信息公开工作要点》的通知（一个很长的标题，用来检查手机上的换行）",
        code="art20.1",
        document_number="思政〔2020〕15号",
        written_on=dt.date(2020, 3, 1),
        topic="综合政务",
        body="<p>各村（社区）：</p><table><tr><td>一列</td><td>二列</td><td>三列</td><td>四列</td><td>五列</td>"
        "<td>六列</td><td>七列</td><td>八列</td><td>九列</td><td>十列</td></tr></table>",
    )
    for day in range(1, 25):
        published(staff.org, f"第{day}条信息", day=dt.date(2020, 4, day))
    published_report(staff, 2021)
    slug = staff.org.slug
    pages = [
        "/",
        f"/{slug}/",
        f"/{slug}/guide/",
        f"/{slug}/rules/",
        f"/{slug}/catalogue/",
        f"/{slug}/catalogue/?page=2",
        f"/{slug}/items/{item.pk}/",
        f"/{slug}/reports/",
        f"/{slug}/reports/2021/",
        f"/{slug}/no-such-page/",
    ]
    shots = os.environ.get("GONGKAI_PORTAL_SCREENSHOTS")
    for number, path in enumerate(pages):
        phone.goto(live_server.url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
        assert phone.evaluate("document.documentElement.lang") == "zh-CN"
        assert phone.locator("main").count() == 1 and phone.locator("h1").count() == 1, path
        if shots:
            phone.screenshot(path=os.path.join(shots, f"{number:02d}.png"), full_page=True)
    phone.goto(f"{live_server.url}/{slug}/catalogue/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert phone.locator(".skip-link").is_visible()
    background = phone.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert background == "rgb(255, 221, 0)"  # the yellow focus band
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"
    # Keyboard users reach the columns and the pager with Tab; the focused link is highlighted.
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.tagName") == "A"
    assert phone.evaluate("getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)"
