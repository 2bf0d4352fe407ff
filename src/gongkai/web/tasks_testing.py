"""Run queued background tasks inside a test (no worker process needed).

``run_queued_tasks()`` takes the database backend's ready tasks one by one, oldest and highest priority first,
and runs each exactly as ``gongkai worker`` does (same claim, same success and failure bookkeeping), including
tasks that the tasks themselves enqueue. By default a task that failed makes the call raise, with the task's
traceback, so a broken task never passes a test silently. The pytest fixture ``run_tasks`` (tests/conftest.py)
returns this function. Works inside the test's transaction (``django_db``) on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["QueuedTaskFailed", "pending_tasks", "run_queued_tasks"]

WORKER_ID = "tests-in-process"


class QueuedTaskFailed(AssertionError):
    """A queued task raised while run by :func:`run_queued_tasks`."""


def pending_tasks(*, queue_names: Iterable[str] | None = None):
    """The queued tasks that are ready to run (a ``DBTaskResult`` queryset), in the order a worker takes them."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.ready()
    if queue_names is not None:
        rows = rows.filter(queue_name__in=list(queue_names))
    return rows


def run_queued_tasks(*, queue_names: Iterable[str] | None = None, raise_failures: bool = True, limit: int = 1000):
    """Run every ready task (and those they enqueue) in this process; return how many ran.

    Args:
        queue_names: only these queues (default: all).
        raise_failures: raise :class:`QueuedTaskFailed` when a task failed (after recording it as failed).
        limit: stop with an error after this many tasks (a task that keeps enqueueing itself).
    """
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    queues = list(queue_names) if queue_names is not None else None
    count = 0
    while True:
        row = pending_tasks(queue_names=queues).first()
        if row is None:
            return count
        if count >= limit:
            raise QueuedTaskFailed(f"more than {limit} queued tasks: a task keeps enqueueing work")
        row.claim(worker.worker_id)
        worker.run_task(row)
        count += 1
        row.refresh_from_db()
        if raise_failures and row.status == "FAILED":
            raise QueuedTaskFailed(f"queued task {row.task_path} failed:\n{row.traceback}")
