"""/healthz: database and cache (and the task queue once it exists), JSON, 200 or 503, never cached."""

import pytest
from django.db import connection

from gongkai.web import views

pytestmark = pytest.mark.django_db


def test_healthy_platform_answers_200_json_not_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache"} <= set(body["checks"])
    assert set(body["checks"].values()) == {"ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_failing_part_gives_503_without_details(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("password=secret host=db.internal")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["checks"]["database"] == "error"
    assert body["checks"]["cache"] == "ok"
    assert "secret" not in response.content.decode()


def test_a_broken_cache_gives_503(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }  # nothing listens on port 1; Django's setting_changed signal rebuilds the cache handler
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "error"


def test_checks_table_names_the_parts():
    assert list(views.HEALTH_CHECKS) == ["database", "cache", "queue"]


def test_a_queue_nobody_works_on_is_stalled(client, run_tasks):
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from gongkai.web.tasks import ping

    result = ping.enqueue("hz")
    assert client.get("/healthz").json()["checks"]["queue"] == "ok"  # just enqueued
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - dt.timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["queue"] == "stalled"
    assert run_tasks() == 1  # a worker takes it: healthy again
    assert client.get("/healthz").status_code == 200
