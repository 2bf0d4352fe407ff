"""A task for the worker tests only (imported by real ``gongkai worker`` processes from the repository root)."""

from __future__ import annotations

import os
import time

from django_tasks import task


@task()
def record_run(token: str, log_path: str) -> int:
    """Append ``token pid`` to *log_path* (one atomic O_APPEND write per run) after a short piece of work."""
    time.sleep(0.02)
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{token} {os.getpid()}\n".encode())
    finally:
        os.close(fd)
    return os.getpid()
