"""GONGKAI_CACHE_URL switches the cache to Redis, shared by every worker."""

import os
import subprocess
import sys

import pytest


def _settings_with(env: dict) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='gongkai.web.settings'; django.setup();"
        "from django.core.cache import cache; from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND']);"
        "cache.set('gk-probe', 'ok', 5); print(cache.get('gk-probe'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env})
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_local_memory_by_default():
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_CACHE_URL"}
    assert "LocMemCache" in _settings_with({**env, "GONGKAI_CACHE_URL": ""})


def test_redis_when_configured():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    out = _settings_with({"GONGKAI_CACHE_URL": "redis://127.0.0.1:6379/0", "GONGKAI_CACHE_PREFIX": "gk-test"})
    assert out.split() == ["django.core.cache.backends.redis.RedisCache", "ok"]


def _redis_or_skip():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def _run(code: str, env: dict) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_SESSION") and k != "GONGKAI_CACHE_URL"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='gongkai.web.settings'; django.setup();" + code,
        ],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_sessions_stay_in_the_database_without_a_shared_cache():
    assert (
        _run("from django.conf import settings; print(settings.SESSION_ENGINE)", {})
        == "django.contrib.sessions.backends.db"
    )


def test_sessions_are_shared_through_redis_by_every_app_server():
    """With GONGKAI_CACHE_URL: cached_db by default; a session written by one process is read by another."""
    _redis_or_skip()
    redis = {"GONGKAI_CACHE_URL": "redis://127.0.0.1:6379/12", "GONGKAI_CACHE_PREFIX": f"gk-api-test-{os.getpid()}"}
    assert _run("from django.conf import settings; print(settings.SESSION_ENGINE)", redis) == (
        "django.contrib.sessions.backends.cached_db"
    )
    only_cache = {**redis, "GONGKAI_SESSION_ENGINE": "django.contrib.sessions.backends.cache"}
    key = _run(
        "from django.contrib.sessions.backends.cache import SessionStore; s = SessionStore(); s['who'] = '经办人';"
        "s.save(); print(s.session_key)",
        only_cache,
    )
    got = _run(
        f"from django.contrib.sessions.backends.cache import SessionStore; print(SessionStore('{key}').load())",
        only_cache,
    )
    assert got == "{'who': '经办人'}"
