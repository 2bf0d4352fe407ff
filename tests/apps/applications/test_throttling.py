"""Public endpoints under attack: rate limits per address, query-code lock, captcha, one-time submission tokens.

Each throttle test runs twice: on the local-memory cache and on a real Redis (127.0.0.1:6379, own key prefix),
the cache several workers share in production.
"""

import re
import socket
import uuid

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from gongkai.apps.applications import services
from gongkai.apps.applications.models import Application, QueryGuard
from gongkai.apps.audit.models import AuditLog
from tests.apps.applications.helpers import code_of, lookup, submit_online, token_of

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    if request.param == "redis":
        if not _redis_up():
            pytest.skip("no Redis on 127.0.0.1:6379")
        prefix = f"gk-accounts-throttle-{uuid.uuid4().hex[:8]}"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/0",
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        import redis

        client = redis.Redis(host="127.0.0.1", port=6379, db=0)
        for key in client.scan_iter(f"{prefix}:*"):  # never FLUSHDB: the Redis is shared
            client.delete(key)
        return
    yield request.param


def form(org, **over):
    return {**APPLICANT, "organization": str(org.pk), **over}


# -- one-time submission token ----------------------------------------------------------------------------


def test_the_same_post_twice_gives_one_application_and_the_same_code(client, staff):
    url = reverse("applications:apply")
    preview = client.post(url, {**form(staff.org), "step": "preview"})
    token = token_of(preview)
    confirm = {**form(staff.org), "step": "confirm", "submission_token": token}
    first = client.post(url, confirm)
    second = client.post(url, confirm)  # a double click, or the browser retrying after a dropped connection
    assert first.status_code == second.status_code == 200
    assert Application.objects.count() == 1
    app = Application.objects.get()
    assert code_of(first) == code_of(second)
    assert services.query_code_matches(app, code_of(second))
    assert "没有重复提交" in second.content.decode() and "没有重复提交" not in first.content.decode()
    # a new browser (no cookie) retrying the same body gets the same answer too
    third = type(client)().post(url, confirm)
    assert code_of(third) == code_of(first) and Application.objects.count() == 1
    # neither the token nor the code is stored in plain text
    assert token not in app.submission_token_hash and code_of(first) not in app.query_code_hash


def test_a_forged_or_missing_token_submits_nothing(client, staff):
    url = reverse("applications:apply")
    for token in ("", "forged-token", "x" * 500):
        page = client.post(url, {**form(staff.org), "step": "confirm", "submission_token": token})
        assert page.status_code == 200 and "页面已过期" in page.content.decode()
        assert token_of(page)  # a fresh token to confirm with
    assert Application.objects.count() == 0


def test_retry_after_the_replay_window_shows_the_number_but_not_the_code(client, staff, settings):
    import datetime as dt

    url = reverse("applications:apply")
    token = token_of(client.post(url, {**form(staff.org), "step": "preview"}))
    confirm = {**form(staff.org), "step": "confirm", "submission_token": token}
    client.post(url, confirm)
    Application.objects.update(submitted_at=Application.objects.get().submitted_at - dt.timedelta(hours=25))
    late = client.post(url, confirm)
    page = late.content.decode()
    assert Application.objects.count() == 1 and Application.objects.get().tracking_number in page
    assert 'id="query-code"' not in page and "联系受理机关" in page


def test_concurrent_double_submission_stores_one_application(staff, transactional_db):
    """Two requests with the same token at the same moment (threads): one row, both answers the same code."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    token = services.submission_token_issue()
    results, errors = [], []
    barrier = threading.Barrier(2)

    def go():
        try:
            barrier.wait()
            app, code, _replayed = services.application_submit_once(token=token, organization=staff.org, **APPLICANT)
            results.append((app.pk, code))
        except Exception as exc:  # pragma: no cover - shown in the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert len({pk for pk, _ in results}) == 1 and len({c for _, c in results}) == 1
    assert Application.objects.filter(submission_token_hash__isnull=False).count() == 1


# -- query codes stay out of URLs -------------------------------------------------------------------------


def test_query_code_never_appears_in_a_url(client, staff):
    done = submit_online(client, form(staff.org))
    code = code_of(done)
    page = done.content.decode()
    for url in re.findall(r'(?:href|action|src)="([^"]*)"', page):
        assert code not in url, url
    assert "Location" not in done  # the code is shown in the response itself, no redirect carries it
    # the 查看办理进度 button posts the number and code
    assert re.search(r'<form method="post" action="/apply/status/"', page)
    app = Application.objects.get()
    shown = lookup(client, app.tracking_number, code)
    assert "已提交，待确认收到" in shown.content.decode() and "Location" not in shown
    # a link with the code in its query string is not looked up (and so never worth making)
    via_get = client.get(reverse("applications:status"), {"tracking_number": app.tracking_number, "query_code": code})
    assert "已提交，待确认收到" not in via_get.content.decode()
    assert app.tracking_number in via_get.content.decode()  # the number alone may be filled in
    assert code not in via_get.content.decode()
    assert client.get(reverse("applications:apply_done"))["Location"] == reverse("applications:status")


# -- rate limits ------------------------------------------------------------------------------------------


def test_500_applications_from_one_client_are_throttled_after_the_limit(client, staff, settings, shared_cache):
    settings.GONGKAI_APPLY_CAPTCHA_AFTER = 10_000  # this test is about the rate limit alone
    settings.GONGKAI_APPLY_RATE = "20/d"  # a day-long window: the test never straddles its boundary
    settings.GONGKAI_APPLY_FORM_RATE = "1000/h"
    url = reverse("applications:apply")
    statuses = []
    for i in range(500):
        token = token_of(client.post(url, {**form(staff.org), "step": "preview"}))
        response = client.post(
            url, {**form(staff.org, description=f"第{i}件"), "step": "confirm", "submission_token": token}
        )
        statuses.append(response.status_code)
    assert Application.objects.count() == 20
    assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}
    page = response.content.decode()
    assert "请求过于频繁" in page and response["Retry-After"]
    # another address is not affected
    other = submit_online(client, form(staff.org), REMOTE_ADDR="10.7.7.7")
    assert other.status_code == 200 and Application.objects.count() == 21


def test_form_posts_are_throttled_too(client, staff, settings, shared_cache):
    settings.GONGKAI_APPLY_FORM_RATE = "5/d"
    url = reverse("applications:apply")
    statuses = [client.post(url, {**form(staff.org), "step": "preview"}).status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3


def test_status_lookups_are_throttled_per_address(client, staff, register, settings, shared_cache):
    settings.GONGKAI_STATUS_RATE = "30/d"  # fixed windows: a minute-long one could end mid-test
    settings.GONGKAI_QUERY_MAX_FAILURES = 10_000
    app = register()
    statuses = [lookup(client, app.tracking_number, f"W{i:05d}").status_code for i in range(40)]
    assert statuses[:30] == [200] * 30 and set(statuses[30:]) == {429}
    assert lookup(client, app.tracking_number, "AAAAAA", REMOTE_ADDR="10.8.8.8").status_code == 200


def test_rates_come_from_the_environment():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "PYTHONPATH": "src",
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
        "GONGKAI_APPLY_RATE": "5000/m",
        "GONGKAI_STATUS_RATE": "9000/m",
        "GONGKAI_RATELIMIT": "0",
    }
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.GONGKAI_APPLY_RATE, s.GONGKAI_STATUS_RATE, s.RATELIMIT_ENABLE)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["5000/m", "9000/m", "False"]


# -- query-code lock --------------------------------------------------------------------------------------


def test_2000_query_code_guesses_lock_the_tracking_number_early(client, staff, settings, shared_cache):
    settings.GONGKAI_STATUS_RATE = ""  # the lock alone, as if the guesses came from many addresses
    app, code = services.application_register(
        actor=staff.drafter,
        organization=staff.org,
        channel="counter",
        submitted_on=__import__("datetime").date(2025, 3, 3),
        **APPLICANT,
    )
    guesses = [f"{i:06d}" for i in range(2000)]
    guesses[1000] = code  # the right code among them, late: it must not be accepted while locked
    found = 0
    for i, guess in enumerate(guesses):
        page = lookup(client, app.tracking_number, guess, REMOTE_ADDR=f"10.{i // 250}.{i % 250}.1").content.decode()
        found += "办理状态" in page
    assert found == 0
    guard = QueryGuard.objects.get(application=app)
    assert guard.locks == 1 and guard.locked_until is not None
    assert "已暂停查询" in page
    assert AuditLog.objects.filter(action="applications.application.query_lock", object_id=str(app.pk)).count() == 1


def test_the_lock_ends_with_time_and_a_right_code_resets_the_count(client, staff, register, settings):
    import datetime as dt

    from django.utils import timezone

    settings.GONGKAI_QUERY_MAX_FAILURES = 3
    app, code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=dt.date(2025, 3, 3), **APPLICANT
    )
    lookup(client, app.tracking_number, "WRONG1")
    lookup(client, app.tracking_number, "WRONG2")
    assert "办理状态" in lookup(client, app.tracking_number, code).content.decode()
    assert QueryGuard.objects.get(application=app).failures == 0
    for i in range(3):
        lookup(client, app.tracking_number, f"BAD{i}")
    locked = lookup(client, app.tracking_number, code).content.decode()
    assert "已暂停查询" in locked and "办理状态" not in locked
    QueryGuard.objects.filter(application=app).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert "办理状态" in lookup(client, app.tracking_number, code).content.decode()


def test_unknown_numbers_store_nothing(client, db):
    for i in range(20):
        lookup(client, f"GK20250101{i:04d}", "ABCDEF")
    assert QueryGuard.objects.count() == 0


# -- captcha ----------------------------------------------------------------------------------------------


def _captcha_answer(page: str) -> tuple[str, str]:
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


def test_captcha_appears_after_a_few_submissions_a_day(client, staff, settings, shared_cache):
    settings.GONGKAI_APPLY_CAPTCHA_AFTER = 3
    url = reverse("applications:apply")
    for _ in range(3):
        preview = client.post(url, {**form(staff.org), "step": "preview"})
        assert "captcha_0" not in preview.content.decode()
        client.post(url, {**form(staff.org), "step": "confirm", "submission_token": token_of(preview)})
    assert Application.objects.count() == 3
    preview = client.post(url, {**form(staff.org), "step": "preview"})
    page = preview.content.decode()
    assert "验证码" in page and "captcha_0" in page
    key, answer = _captcha_answer(page)
    image = client.get(re.search(r'<img[^>]+src="(/captcha/image/[^"]+)"', page).group(1))
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    token = token_of(preview)
    base = {**form(staff.org), "step": "confirm", "submission_token": token, "captcha_0": key}
    wrong = client.post(url, {**base, "captcha_1": "zzzz" if answer != "zzzz" else "yyyy"})
    assert "验证码不正确" in wrong.content.decode() and Application.objects.count() == 3
    key2, answer2 = _captcha_answer(wrong.content.decode())
    ok = client.post(url, {**base, "captcha_0": key2, "captcha_1": answer2})
    assert ok.status_code == 200 and 'id="query-code"' in ok.content.decode()
    assert Application.objects.count() == 4
    # a bot that cannot read the image stores nothing more
    for _ in range(20):
        p = client.post(url, {**form(staff.org), "step": "preview"})
        client.post(url, {**form(staff.org), "step": "confirm", "submission_token": token_of(p), "captcha_1": "abcd"})
    assert Application.objects.count() == 4
    # another address still needs none
    assert (
        "captcha_0"
        not in client.post(url, {**form(staff.org), "step": "preview"}, REMOTE_ADDR="10.6.6.6").content.decode()
    )


def test_500_submissions_with_default_settings_store_only_a_few(client, staff):
    """The issue's case with the shipped defaults: past the captcha threshold a script stores nothing."""
    url = reverse("applications:apply")
    for i in range(500):
        preview = client.post(url, {**form(staff.org), "step": "preview"})
        if preview.status_code == 429:
            break
        client.post(
            url,
            {
                **form(staff.org, description=f"第{i}件"),
                "step": "confirm",
                "submission_token": token_of(preview),
                "captcha_1": "abcd",
            },
        )
    from django.conf import settings

    assert Application.objects.count() == settings.GONGKAI_APPLY_CAPTCHA_AFTER
    assert preview.status_code == 429


def test_ratelimit_off_turns_the_captcha_off_too(client, staff, settings):
    settings.RATELIMIT_ENABLE = False
    settings.GONGKAI_APPLY_CAPTCHA_AFTER = 0  # would always ask
    done = submit_online(client, form(staff.org))
    assert 'id="query-code"' in done.content.decode()
