"""Platform-wide background tasks (Django's Tasks API, see docs/platform.md "Background work").

Apps define their own tasks in ``<app>/tasks.py``; this module holds only what belongs to no app.
"""

from __future__ import annotations

import os

from django_tasks import task

__all__ = ["ping"]


@task()
def ping(token: str) -> dict:
    """A task that does nothing but answer: proves that a worker takes work from the queue.

    Returns the *token* and the id of the process that ran it.
    """
    return {"token": str(token), "pid": os.getpid()}
