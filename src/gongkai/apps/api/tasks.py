"""Background tasks of the open API: reading and checking a submitted report file (the ``reports`` queue)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task(queue_name="reports")
def run_check_job(job_id: int) -> str:
    """Read (in the sandbox) and check the file of report-check job *job_id*; return its status."""
    from .models import ReportCheckJob
    from .services import job_run

    try:
        return job_run(job_id=job_id)
    except Exception:
        logger.exception("report check job %s failed", job_id)
        ReportCheckJob.objects.filter(pk=job_id).exclude(status=ReportCheckJob.Status.DONE).update(
            status=ReportCheckJob.Status.FAILED, error="读取时系统出错，请稍后重新提交；仍不成功请联系系统管理员"
        )
        raise
