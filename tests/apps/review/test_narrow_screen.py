"""A checked report's page fits a 375 px phone screen: its wide findings table scrolls inside its box."""

import os
import shutil

import pytest
from django.conf import settings
from django.urls import reverse

from gongkai.apps.review.models import CheckBatch, CheckedReport

from .conftest import seed_file

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian chromium is not installed"),
]


def test_report_page_does_not_scroll_sideways_on_a_phone(live_server, transactional_db, client, county, run_tasks):
    from playwright.sync_api import sync_playwright

    client.force_login(county.leader)
    response = client.post(reverse("review:batches", args=[county.county.slug]), {"year": 2020, "files": [seed_file()]})
    assert response.status_code == 302
    batch = CheckBatch.objects.get()
    run_tasks()
    row = CheckedReport.objects.get(batch=batch)
    assert row.error_count + row.warning_count > 0  # the findings table, with its hidden form labels, is there
    url = reverse("review:report", args=[county.county.slug, batch.pk, row.pk])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-sync"]
            )
            page = browser.new_page(viewport={"width": 375, "height": 800})
            page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
            page.goto(live_server.url + url)
            assert page.locator("form.decide").count() > 0
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
