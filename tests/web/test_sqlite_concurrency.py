"""SQLite as a real default: 20 concurrent 索引号 allocations on a file database give no 500."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gongkai

HERE = Path(__file__).resolve().parent


def test_twenty_concurrent_drafts_on_a_sqlite_file_all_get_an_index_number(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(gongkai.__file__).resolve().parents[1]),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'conc.sqlite3'}",
        "GONGKAI_DATA_DIR": str(tmp_path),
        "GONGKAI_TESTING": "1",
        # the child logs in with force_login (no second factor): the requirement is off, as in tests/conftest.py
        "GONGKAI_OTP_SUPERUSERS": "0",
        "GONGKAI_OTP_ROLES": "",
        "GONGKAI_OTP_ORG_KINDS": "",
    }
    env.pop("GONGKAI_CACHE_URL", None)
    out = subprocess.run(
        [sys.executable, str(HERE / "sqlite_concurrency.py"), "20"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["statuses"] == [302] * 20, out.stderr[-3000:]
    assert result["sequences"] == list(range(1, 21))  # no gap, no duplicate
    log = "\n".join(p.read_text() for p in (tmp_path / "logs").glob("*.log"))
    assert "database is locked" not in log


@pytest.mark.django_db
def test_sqlite_connections_use_wal_and_immediate_transactions(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
