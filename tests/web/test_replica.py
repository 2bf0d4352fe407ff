"""The read-replica router (DATABASE_REPLICA_URL): portal reads go to the replica, writes to the primary.

The replica alias exists only when the variable is set at start-up, so the cases (tests/web/replica/) run in a
child pytest configured with it: on SQLite (a second database file) and, when DATABASE_URL is PostgreSQL, with a
second PostgreSQL database. In tests the replica is a TEST MIRROR of the primary.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from gongkai.web.dbrouter import PortalReplicaRouter, replica_reads

ROOT = Path(__file__).resolve().parents[2]
CASES = "tests/web/replica/cases_replica.py"


def _run_cases(env: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "GONGKAI_TESTING": "1", **env}
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]  # SQLite
    return subprocess.run(
        [sys.executable, "-m", "pytest", CASES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_router_on_sqlite(tmp_path):
    out = _run_cases({"DATABASE_URL": "", "DATABASE_REPLICA_URL": f"sqlite:///{tmp_path / 'replica.sqlite3'}"})
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "6 passed" in out.stdout


def test_the_router_with_a_second_postgresql_database():
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.skip("set DATABASE_URL=postgres://… to test the replica on PostgreSQL")
    parts = urlsplit(base)
    replica = urlunsplit(parts._replace(path=f"{parts.path}_replica"))
    out = _run_cases({"DATABASE_URL": base, "DATABASE_REPLICA_URL": replica})
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "6 passed" in out.stdout


def test_without_a_replica_the_router_leaves_everything_to_the_primary():
    from gongkai.apps.publishing.models import Item

    router = PortalReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Item) is None
    assert router.db_for_write(Item) == "default"
    assert router.allow_migrate("default", "publishing") and not router.allow_migrate("replica", "publishing")
