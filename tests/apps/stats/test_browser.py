"""The 统计 page and the portal's 年报 page with its 图解 in a real browser: the strict CSP holds, charts
load, nothing scrolls sideways at 375 px. ``GONGKAI_SHOTS=/dir`` saves screenshots at 1280 and 375 px."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.apps.portal.helpers import published_report

from .conftest import YEAR

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian chromium is not installed"),
]
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' ' + (e.target && e.target.tagName)));
"""


def _login(page, base, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def _check(page, url, name, console):
    console.clear()
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert response.status == 200, url
    assert page.evaluate("window.__csp") == [], url
    refused = [m for m in console if "Content Security Policy" in m]
    assert refused == [], url
    # every chart image decoded (a blocked or broken data: image has no natural width)
    widths = page.evaluate("[...document.querySelectorAll('figure.chart img')].map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths), url
    folder = os.environ.get("GONGKAI_SHOTS")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (url, width, overflow)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    return widths


def test_statistics_and_portal_figures_in_a_browser(live_server, county, transactional_db):
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    published_report(county.a, YEAR)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(20000)
            page.add_init_script(LISTEN)
            console: list[str] = []
            page.on("console", lambda msg: console.append(msg.text))
            base = live_server.url
            assert len(_check(page, f"{base}/{county.a.org.slug}/reports/{YEAR}/", "portal-report", console)) == 6
            _login(page, base, county.county_leader)
            url = f"{base}/staff/o/{county.county.slug}/stats/?year={YEAR}"
            assert len(_check(page, url, "stats-county", console)) == 15
            _check(page, f"{base}/staff/o/{county.a.org.slug}/stats/?year={YEAR}", "stats-township", console)
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
