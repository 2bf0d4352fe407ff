"""Background work: a task enqueued through the Tasks API is run by a real ``gongkai worker`` process.

Runs on the suite's database: SQLite (the in-memory test database is copied to a file the worker can open)
or PostgreSQL (the test database itself, where two workers share the queue). Every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from gongkai.web.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
SRC = str(ROOT / "src")
DEADLINE = 60  # seconds: far above what a worker needs, only so that a broken worker cannot hang the suite


def _database_url(tmp_path: Path) -> str:
    """A URL of the test database that another process can open."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    assert connection.vendor == "sqlite"
    connection.ensure_connection()
    target = tmp_path / "worker.sqlite3"
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{target}"


def _start_worker(url: str, tmp_path: Path, name: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"{name}.log"
    # the repository root too, so that a worker can import the tests' own task (tests.web.worker_tasks)
    env = {**os.environ, "DATABASE_URL": url, "GONGKAI_DATA_DIR": str(tmp_path), "PYTHONPATH": f"{SRC}:{ROOT}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "worker", "--interval", "0.1", "--no-startup-delay", "--worker-id", name],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + DEADLINE
    while "Starting worker" not in log.read_text():
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the worker did not start"
        time.sleep(0.1)
    return proc, log


def _stop(proc: subprocess.Popen, log: Path) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(DEADLINE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"the worker did not stop on SIGTERM:\n{log.read_text()}")


def _rows(url: str, ids: list[str]) -> list[tuple[str, list, dict | None]]:
    """(status, worker ids, return value) of each task, read through a fresh connection to *url*'s database."""
    if url.startswith("sqlite"):
        import json

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            found = {
                row[0]: (row[1], json.loads(row[2]), json.loads(row[3]) if row[3] else None)
                for row in db.execute("SELECT id, status, worker_ids, return_value FROM django_tasks_database_dbtaskresult")
            }
        return [found[i.replace("-", "")] for i in ids]
    return [
        (r.status, r.worker_ids, r.return_value)
        for r in sorted(DBTaskResult.objects.filter(id__in=ids), key=lambda r: ids.index(str(r.id)))
    ]


def _enqueue(url: str, tokens: list[str]) -> list[str]:
    """Enqueue ``ping(token)`` for each token into *url*'s database (from this process on PostgreSQL, from a
    separate one on SQLite, whose test database lives in this process's memory)."""
    if not url.startswith("sqlite"):
        return [ping.enqueue(t).id for t in tokens]
    code = (
        "import django, json, sys; django.setup(); from gongkai.web.tasks import ping;"
        "print(json.dumps([ping.enqueue(t).id for t in sys.argv[1:]]))"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings", "PYTHONPATH": SRC}
    out = subprocess.run([sys.executable, "-c", code, *tokens], env=env, capture_output=True, text=True, timeout=DEADLINE)
    assert out.returncode == 0, out.stderr
    import json

    return json.loads(out.stdout)


def _wait_done(url: str, ids: list[str]) -> list:
    deadline = time.monotonic() + DEADLINE
    while True:
        rows = _rows(url, ids)
        if all(status in ("SUCCESSFUL", "FAILED") for status, _, _ in rows):
            return rows
        assert time.monotonic() < deadline, f"tasks not run in {DEADLINE} s: {rows}"
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_runs_an_enqueued_task_and_stops_gracefully(tmp_path):
    url = _database_url(tmp_path)
    proc, log = _start_worker(url, tmp_path, "worker-one")
    try:
        ids = _enqueue(url, ["hello"])
        [(status, workers, value)] = _wait_done(url, ids)
    finally:
        code = _stop(proc, log)
    assert status == "SUCCESSFUL", log.read_text()
    assert workers == ["worker-one"]
    assert value["token"] == "hello" and value["pid"] == proc.pid
    assert code == 0, log.read_text()
    assert "shutting down gracefully" in log.read_text()


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_queue_on_postgresql(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several workers share a queue on PostgreSQL (SQLite: one worker)")
    url = _database_url(tmp_path)
    workers = [_start_worker(url, tmp_path, f"worker-{n}") for n in (1, 2)]
    try:
        ids = _enqueue(url, [f"t{n}" for n in range(40)])
        rows = _wait_done(url, ids)
    finally:
        codes = [_stop(proc, log) for proc, log in workers]
    assert [status for status, _, _ in rows] == ["SUCCESSFUL"] * 40
    # each task claimed exactly once, by one of the two
    assert all(len(w) == 1 and w[0] in ("worker-1", "worker-2") for _, w, _ in rows)
    assert [value["token"] for _, _, value in rows] == [f"t{n}" for n in range(40)]
    assert {value["pid"] for _, _, value in rows} <= {proc.pid for proc, _ in workers}
    assert codes == [0, 0]


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_drain_one_queue_running_no_task_twice(tmp_path):
    """N tasks, two real workers: every task runs exactly once (each run appends a line), both workers take part."""
    if connection.vendor != "postgresql":
        pytest.skip("several workers share a queue on PostgreSQL (SQLite: one worker)")
    from tests.web.worker_tasks import record_run

    url = _database_url(tmp_path)
    runs = tmp_path / "runs.log"
    workers = [_start_worker(url, tmp_path, f"drain-{n}") for n in (1, 2)]
    n_tasks = 120
    try:
        ids = [record_run.enqueue(f"job{n}", str(runs)).id for n in range(n_tasks)]
        rows = _wait_done(url, ids)
    finally:
        codes = [_stop(proc, log) for proc, log in workers]
    assert [status for status, _, _ in rows] == ["SUCCESSFUL"] * n_tasks
    lines = runs.read_text().split("\n")[:-1]
    tokens = [line.split()[0] for line in lines]
    assert sorted(tokens) == sorted(f"job{n}" for n in range(n_tasks))  # each exactly once: none twice, none lost
    pids = {int(line.split()[1]) for line in lines}
    assert pids == {proc.pid for proc, _ in workers}, "both workers took tasks"
    assert all(len(w) == 1 for _, w, _ in rows)
    assert codes == [0, 0]


@pytest.mark.django_db
def test_workers_claim_rows_with_skip_locked_on_postgresql():
    """django-tasks-db claims a task with SELECT … FOR UPDATE SKIP LOCKED, so workers never wait on each other."""
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's (SQLite has one writer)")
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    ping.enqueue("lock-me")
    with CaptureQueriesContext(connection) as seen, transaction.atomic():
        claimed = DBTaskResult.objects.ready().get_locked()
    assert claimed is not None
    [sql] = [q["sql"] for q in seen.captured_queries if "FOR UPDATE" in q["sql"]]
    assert sql.endswith("FOR UPDATE SKIP LOCKED")
