"""Files rendered in the background (a large PDF) and kept for their requester to download.

A task renders the file and stores it with :func:`save_export` under ``exports/`` in the default storage
(the data directory's ``media/``, or S3 when configured); the page that enqueued the task shows queued /
running / done from the task's result and then offers the file. Exports older than
:data:`EXPORT_MAX_AGE` are deleted when a new one is stored.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

__all__ = ["EXPORT_MAX_AGE", "STATUS_LABELS", "prune_exports", "save_export"]

ROOT = "exports"
EXPORT_MAX_AGE = dt.timedelta(days=1)
#: Chinese names of django-tasks' statuses for the waiting page.
STATUS_LABELS = {"READY": "排队中", "RUNNING": "正在生成", "SUCCESSFUL": "已完成", "FAILED": "生成失败"}


def save_export(data: bytes, filename: str, area: str) -> str:
    """Store *data* as ``exports/<area>/<random>/<filename>``; returns the storage name."""
    prune_exports(area)
    return default_storage.save(f"{ROOT}/{area}/{secrets.token_hex(16)}/{filename}", ContentFile(data))


def prune_exports(area: str, max_age: dt.timedelta = EXPORT_MAX_AGE) -> int:
    """Delete the exports of *area* older than *max_age*; returns how many."""
    base = f"{ROOT}/{area}"
    try:
        folders, _ = default_storage.listdir(base)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    cutoff = timezone.now() - max_age
    deleted = 0
    for folder in folders:
        _, names = default_storage.listdir(f"{base}/{folder}")
        for name in names:
            path = f"{base}/{folder}/{name}"
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    deleted += 1
            except (FileNotFoundError, OSError):
                continue
    return deleted
