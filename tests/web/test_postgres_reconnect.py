"""PostgreSQL: a persistent connection killed between requests (pg_terminate_backend) is replaced by the next one.

A real gunicorn worker (one sync worker, so every request uses the same persistent connection) serves the
test database; the test kills the worker's backend and the next request must still succeed.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

import gongkai

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def _backends(dbname: str) -> list[int]:
    with connection.cursor() as c:
        c.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [dbname],
        )
        return [r[0] for r in c.fetchall()]


def test_killed_connection_is_recovered_by_the_next_request(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from gongkai.apps.organizations.testing import make_org

    org = make_org("重连测试镇人民政府", slug="reconnect")
    s = connection.settings_dict
    dbname = s["NAME"]
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{dbname}"
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(gongkai.__file__).resolve().parents[1]), "DATABASE_URL": url, "GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_CONN_MAX_AGE": "600"}
    env.pop("GONGKAI_TESTING", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "gongkai.web.wsgi"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status = _get(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200
        assert _get(f"{base}/{org.slug}/") == 200
        for round_ in range(3):
            pids = _backends(dbname)
            assert pids, "the worker keeps its connection open between requests"
            with connection.cursor() as c:
                for pid in pids:
                    c.execute("SELECT pg_terminate_backend(%s)", [pid])
            time.sleep(0.2)
            assert _get(f"{base}/{org.slug}/") == 200, f"round {round_}"
            assert _get(f"{base}/healthz") == 200
    finally:
        server.terminate()
        try:
            _, err = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert b"Traceback" not in err, err.decode(errors="replace")[-3000:]
