"""Reading uploaded report files (年报检查, the stage after the upload): in the background, one task per file.

An upload only stores the files (status ``queued``) and enqueues :func:`gongkai.apps.review.tasks.read_report`
for each. A worker then claims the file (``reading``), reads it in a limited child process
(:mod:`gongkai.core.sandbox`: memory, time and page limits, zip checks), and stores the result (``parsed``
or ``unreadable`` with a one-line Chinese reason), matches it to an organization and checks it. Whatever
goes wrong, the uploaded file stays stored and the page says why in Chinese; 重新读取 queues it again.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.permissions import require
from gongkai.core import GongkaiError, Report
from gongkai.core.parse.limits import ParseLimits
from gongkai.core.sandbox import load_file

from .choices import ReadStatus
from .matching import match_organization
from .models import CheckBatch, CheckedReport

__all__ = [
    "PENDING",
    "Reading",
    "ReviewError",
    "batch_progress",
    "parse_limits",
    "read_report_file",
    "report_mark_failed",
    "report_read",
    "report_reread",
]

logger = logging.getLogger(__name__)

#: Statuses of a file whose reading is not finished.
PENDING = (ReadStatus.QUEUED, ReadStatus.READING)

INTERNAL_ERROR = "{name}：读取时系统出错，文件已保存，请稍后点击“重新读取”；仍不成功请联系系统管理员"
NOT_REREADABLE = "这份文件正在排队或读取中，请稍候。"


class ReviewError(Exception):
    """A write of the checking app was refused; the message is Chinese and shown to the user."""


def parse_limits() -> ParseLimits:
    """The limits every uploaded file is read under: the core's defaults, the ``GONGKAI_PARSE_*``
    environment variables, then the ``GONGKAI_PARSE_LIMITS`` setting (a dict of :class:`ParseLimits`
    fields)."""
    overrides = getattr(settings, "GONGKAI_PARSE_LIMITS", None) or {}
    return dataclasses.replace(ParseLimits.from_env(), **overrides)


@dataclass
class Reading:
    """What reading one file gave: the report and the reader's findings, or why it could not be read."""

    report: Report | None = None
    findings: list[dict] = field(default_factory=list)
    error: str = ""


def read_report_file(path: Path, display_name: str, limits: ParseLimits | None = None) -> Reading:
    """Read *path* in a limited child process; any failure becomes a one-line Chinese reason, never an
    exception."""
    try:
        loaded = load_file(path, limits or parse_limits())
    except GongkaiError as exc:
        message = str(exc).replace(str(path), display_name).replace(path.name, display_name)
        return Reading(error=message)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop a batch of hundreds
        logger.exception("reading %s failed", display_name)
        return Reading(error=f"{display_name}：读取时出错（{type(exc).__name__}），无法识别为年度报告")
    return Reading(loaded.report, [f.to_dict() for f in loaded.findings])


def _no_nul(value):
    """*value* without NUL characters, which PostgreSQL text and jsonb columns refuse (strings in lists and
    dicts too). Report content is stored as JSON text, where they are escaped, so it needs no cleaning."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _no_nul(v) for k, v in value.items()}
    return value


@contextmanager
def _local_copy(row: CheckedReport):
    """A path on this machine holding the stored file, named as uploaded (the name is a title hint)."""
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-read-"))
    try:
        target = tmp / row.original_name
        with row.file.open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        yield target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _claim(report_id: int) -> CheckedReport | None:
    """Mark the file ``reading`` if it is queued (so two workers never read the same file)."""
    with transaction.atomic():
        row = CheckedReport.objects.select_for_update().filter(pk=report_id).first()
        if row is None or row.status != ReadStatus.QUEUED:
            return None
        row.status = ReadStatus.READING
        row.read_started_at = timezone.now()
        row.save(update_fields=["status", "read_started_at"])
    return row


def _apply(row: CheckedReport, reading: Reading, candidates) -> None:  # noqa: ANN001
    report = reading.report
    row.read_finished_at = timezone.now()
    if report is None:
        row.status = ReadStatus.UNREADABLE
        row.parse_error = _no_nul(reading.error)[:2000]
        return
    row.status = ReadStatus.PARSED
    row.parse_error = ""
    row.content = report.to_json()
    row.parse_findings = _no_nul(reading.findings)
    row.findings = row.parse_findings
    row.report_format = report.format
    row.detected_organization = _no_nul(report.organization or "")[:200]
    row.detected_year = report.year if report.year and report.year > 0 else None
    row.matched_organization, row.match_method = match_organization(report.organization, candidates)


def _dependents(row: CheckedReport):
    """Parsed reports of the same scope whose carry-over check may use *row* (next year, same body)."""
    if row.status != ReadStatus.PARSED or row.detected_year is None:
        return CheckedReport.objects.none()
    same_body = (
        Q(matched_organization_id=row.matched_organization_id)
        if row.matched_organization_id
        else Q(matched_organization__isnull=True, detected_organization=row.detected_organization)
    )
    return (
        CheckedReport.objects.filter(
            status=ReadStatus.PARSED,
            detected_year=row.detected_year + 1,
            batch__organization_id=row.batch.organization_id,
        )
        .filter(same_body)
        .exclude(pk=row.pk)
        .select_related("batch")
    )


def report_read(*, report_id: int, limits: ParseLimits | None = None) -> str:
    """Read, match and check one uploaded file (the background task's work); return its new status.

    A file that is not ``queued`` (already read, or being read by another worker) is left alone, so running
    this twice does no harm. When the batch's last file is done, the whole batch is checked again (the
    carry-over check looks for last year's report among the others) and an audit row records the result.
    """
    from .services import _recheck, _recheck_batch, _scope, _summary

    row = _claim(report_id)
    if row is None:
        return "skipped"
    try:
        with _local_copy(row) as path:
            reading = read_report_file(path, row.original_name, limits)
    except OSError as exc:
        logger.error("stored file of checked report %s cannot be opened: %s", report_id, exc)
        reading = Reading(error=f"{row.original_name}：已保存的文件无法打开（{exc.strerror or type(exc).__name__}），请重新上传")
    with transaction.atomic():
        row = CheckedReport.objects.select_for_update().select_related("batch__organization").get(pk=report_id)
        if row.status != ReadStatus.READING:
            return "skipped"
        batch = row.batch
        _apply(row, reading, _scope(batch.organization))
        row.save()
        _recheck(row)
        for later in _dependents(row):
            _recheck(later)
    with transaction.atomic():
        batch = CheckBatch.objects.select_for_update().get(pk=batch.pk)
        if not batch.reports.filter(status__in=PENDING).exists() and batch.read_done_at is None:
            _recheck_batch(batch)
            batch.read_done_at = timezone.now()
            batch.save(update_fields=["read_done_at"])
            audit_log(actor=None, action="review.batch.read", obj=batch, after=_summary(batch), organization=batch.organization)
    return row.status


def report_mark_failed(*, report_id: int) -> None:
    """Record that reading *report_id* failed inside the platform (not the file's fault): the file stays,
    the page shows a Chinese reason and offers 重新读取."""
    with transaction.atomic():
        row = CheckedReport.objects.select_for_update().filter(pk=report_id).first()
        if row is None or row.status not in PENDING:
            return
        row.status = ReadStatus.UNREADABLE
        row.parse_error = INTERNAL_ERROR.format(name=row.original_name)
        row.read_finished_at = timezone.now()
        row.save(update_fields=["status", "parse_error", "read_finished_at"])


def _stale(row: CheckedReport, limits: ParseLimits) -> bool:
    """A file ``reading`` for far longer than a read may take (its worker was killed)."""
    started = row.read_started_at or row.created_at
    return row.status == ReadStatus.READING and timezone.now() - started > timedelta(seconds=3 * limits.timeout + 60)


def report_reread(*, actor, checked: CheckedReport) -> CheckedReport:
    """Queue *checked* to be read again (重新读取): after the reader improved, after a platform error, or
    when its worker was stopped mid-way. Its stored file is read again; the result replaces the old one.

    Raises:
        PermissionDeniedError: the actor may not manage checks of the batch's scope.
        ReviewError: the file is queued or being read right now.
    """
    from .tasks import read_report

    with transaction.atomic():
        checked = CheckedReport.objects.select_for_update().select_related("batch__organization").get(pk=checked.pk)
        batch = checked.batch
        require(actor, "review.manage", batch.organization)
        if checked.status == ReadStatus.QUEUED or (checked.status == ReadStatus.READING and not _stale(checked, parse_limits())):
            raise ReviewError(NOT_REREADABLE)
        before = {"status": checked.status, "parse_error": checked.parse_error}
        checked.status = ReadStatus.QUEUED
        checked.read_started_at = checked.read_finished_at = None
        checked.save(update_fields=["status", "read_started_at", "read_finished_at"])
        CheckBatch.objects.filter(pk=batch.pk).update(read_done_at=None)
        read_report.enqueue(checked.pk)
        audit_log(
            actor=actor,
            action="review.report.reread",
            obj=checked,
            before=before,
            after={"status": checked.status},
            organization=batch.organization,
        )
    return checked


def batch_progress(batch: CheckBatch) -> dict:
    """How far reading *batch* has come: counts per status, files done, and the percentage."""
    counts = dict.fromkeys(ReadStatus.values, 0)
    for status in batch.reports.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    total = sum(counts.values())
    done = counts[ReadStatus.PARSED] + counts[ReadStatus.UNREADABLE]
    return {
        "total": total,
        "done": done,
        "queued": counts[ReadStatus.QUEUED],
        "reading": counts[ReadStatus.READING],
        "pending": total - done,
        "percent": round(100 * done / total) if total else 100,
    }
