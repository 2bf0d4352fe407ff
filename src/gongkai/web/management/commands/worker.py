"""``gongkai worker``: run queued background tasks (django-tasks-db's worker with gongkai's defaults).

Every queue by default (``--queue-name reports`` for one), no autoreload, a worker id naming the host and
process. SIGTERM or Ctrl+C stop it gracefully: a task under way is finished first, then the worker exits 0;
a second signal stops the task at once (it is marked failed). ``--batch`` runs what is queued and exits.
"""

from __future__ import annotations

import os
import socket

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


def default_worker_id() -> str:
    """``<host>-<pid>-<random>``, at most 64 characters: unique across a pool of workers on several machines."""
    host = socket.gethostname().split(".")[0][:40] or "host"
    return f"{host}-{os.getpid()}-{get_random_string(8)}"[:64]


class Command(DbWorkerCommand):
    help = "运行后台任务（读取上传的年报、提醒等）。SIGTERM 或 Ctrl+C 时先做完当前任务再退出。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False, worker_id=default_worker_id())
