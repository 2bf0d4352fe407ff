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
