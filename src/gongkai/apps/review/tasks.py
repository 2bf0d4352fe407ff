"""Background tasks of the report checking app (年报检查): reading each uploaded file (see reading.py)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task(queue_name="reports")
def read_report(report_id: int) -> str:
    """Read, match and check the uploaded file *report_id*; returns its new status.

    An error of the platform itself (not of the file: that is a Chinese reason on the file) is logged and
    the file marked unreadable with a reason asking for 重新读取, so no file stays 读取中 for ever.
    """
    from .reading import report_mark_failed, report_read

    try:
        return report_read(report_id=report_id)
    except Exception:
        logger.exception("reading checked report %s failed", report_id)
        report_mark_failed(report_id=report_id)
        raise


@task()
def render_total(*, org_id: int, user_id: int, batch_id: int, key: str, kinds: list[str] | None, to: str) -> dict:
    """Render one total of a batch (县级汇总) as *to* (PDF: about a second per file) and store it for *user_id*.

    Returns ``{"name": storage name, "filename": the download's name, "media_type": …}``; the waiting page
    (``review:total_export``) reads it. A total that no longer exists ends the task as failed.
    """
    from .exports import render_total_file

    return render_total_file(org_id=org_id, batch_id=batch_id, key=key, kinds=kinds, to=to)
