"""Writes of the report checking app (年报检查): upload a batch, add files, fix a match, delete a batch.

An upload checks permission and the files, then stores the files (``queued``), one background task per
file and the audit row in one transaction (stored files are removed again if it fails); the request never
waits for reading. Reading, matching and checking each file is reading.py's, run by ``gongkai worker``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from gongkai.apps.annual.choices import AnnualReportStatus
from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import require
from gongkai.core import check
from gongkai.core.checks import absent_refs
from gongkai.core.findings import ERROR, INFO, WARNING, Finding

from .choices import Decision, MatchMethod, ReadStatus, SourceKind
from .models import CheckBatch, CheckedReport, FindingReview, finding_fingerprint
from .reading import PENDING, Reading, ReviewError, _no_nul, read_report_file, report_reread

__all__ = [
    "ALLOWED_SUFFIXES",
    "ReviewError",
    "UploadResult",
    "batch_add_files",
    "batch_create",
    "batch_delete",
    "finding_decide",
    "max_file_size",
    "max_files",
    "read_report_file",
    "Reading",
    "report_match",
    "report_reread",
    "validate_uploads",
]

logger = logging.getLogger(__name__)

#: File kinds a batch accepts, by extension.
ALLOWED_SUFFIXES: dict[str, str] = {
    ".pdf": SourceKind.PDF,
    ".docx": SourceKind.DOCX,
    ".doc": SourceKind.DOC,
    ".wps": SourceKind.WPS,
    ".ofd": SourceKind.OFD,
    ".html": SourceKind.HTML,
    ".htm": SourceKind.HTML,
    ".md": SourceKind.MARKDOWN,
    ".txt": SourceKind.TEXT,
    ".json": SourceKind.JSON,
}
FIRST_YEAR = 2008  # 《政府信息公开条例》施行之年

NO_FILES = "请选择要上传的年报文件。"
TOO_MANY = "每次最多上传 {limit} 个文件，本次选择了 {count} 个，请分批上传。"
TOO_LARGE = "文件“{name}”有 {size}，超过单个文件 {limit} 的上限。"
WRONG_TYPE = (
    "文件“{name}”的类型不支持：只能上传 PDF、OFD、Word（.docx、.doc）、WPS（.wps）、网页（.html）、文本（.txt、.md）"
    "或 JSON 文件。"
)
BAD_YEAR = "检查年度应在 {first} 年至 {last} 年之间。"
OUT_OF_SCOPE = "“{name}”不在本机关的检查范围内。"
NOT_PARSED = "这份文件没有读出年报，无法指定对应机关。"
NO_SUCH_FINDING = "这份报告现在没有这个问题（可能已重新检查），请刷新页面后再复核。"
REASON_REQUIRED = "认定“不是问题”时请写明理由。"
BAD_DECISION = "复核结论只能是“确认是问题”或“不是问题”。"


def max_file_size() -> int:
    """Largest accepted file in bytes (setting ``GONGKAI_REVIEW_MAX_FILE_SIZE``, default 30 MB)."""
    return int(getattr(settings, "GONGKAI_REVIEW_MAX_FILE_SIZE", 30 * 1024 * 1024))


def max_files() -> int:
    """Most files per upload (setting ``GONGKAI_REVIEW_MAX_FILES``, default 300)."""
    return int(getattr(settings, "GONGKAI_REVIEW_MAX_FILES", 300))


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


def _base_name(name: str) -> str:
    """The file name without any folder a browser may send (``C:\\报告\\a.pdf`` → ``a.pdf``)."""
    return (name or "").replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "未命名文件"


def validate_uploads(files: Sequence) -> list[str]:
    """Chinese messages for every reason the uploaded *files* cannot be taken (empty list when fine)."""
    if not files:
        return [NO_FILES]
    errors: list[str] = []
    if len(files) > max_files():
        errors.append(TOO_MANY.format(limit=max_files(), count=len(files)))
    limit = max_file_size()
    for upload in files:
        name = _base_name(upload.name)
        suffix = Path(name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            errors.append(WRONG_TYPE.format(name=name))
        elif upload.size > limit:
            errors.append(TOO_LARGE.format(name=name, size=_human_size(upload.size), limit=_human_size(limit)))
    return errors


def _validate_year(year: int) -> None:
    last = timezone.localdate().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= last:
        raise ReviewError(BAD_YEAR.format(first=FIRST_YEAR, last=last))


# ------------------------------------------------------------------ storing (reading: see reading.py)


def _hash_upload(upload) -> tuple[str, int]:  # noqa: ANN001 - an uploaded or opened File
    """SHA-256 and size of *upload*, streamed chunk by chunk."""
    digest = hashlib.sha256()
    size = 0
    if hasattr(upload, "seek"):
        upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
        size += len(chunk)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return digest.hexdigest(), size


# ------------------------------------------------------------------ storing, matching, checking


@dataclass
class UploadResult:
    """A batch after an upload: the reports added, and files skipped as identical to one already there."""

    batch: CheckBatch
    added: list[CheckedReport] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _scope(organization: Organization) -> list[Organization]:
    return list(organization.descendants(include_self=True).only("id", "name", "short_name", "parent_id", "path"))


def _store(batch: CheckBatch, files: Sequence, stored_names: list[str], result: UploadResult) -> None:
    """Store each new file ``queued`` (identical files already in the batch are skipped); reading is the
    background task's."""
    seen = set(batch.reports.values_list("sha256", flat=True))
    for upload in files:
        name = _base_name(upload.name)
        sha256, size = _hash_upload(upload)
        if sha256 in seen:
            result.duplicates.append(name)
            continue
        seen.add(sha256)
        row = CheckedReport(
            batch=batch,
            original_name=name[:255],
            size=size,
            sha256=sha256,
            source_kind=ALLOWED_SUFFIXES[Path(name).suffix.lower()],
            status=ReadStatus.QUEUED,
        )
        row.file.save(name, upload if isinstance(upload, File) else File(upload, name=name), save=False)
        stored_names.append(row.file.name)
        row.save()
        result.added.append(row)


def _previous(row: CheckedReport) -> tuple[CheckedReport | None, AnnualReport | None]:
    """Last year's report of the same body: from this batch or an earlier one of the same scope, else the
    platform's published report of the matched organization."""
    if row.detected_year is None:
        return None, None
    candidates = CheckedReport.objects.filter(
        status=ReadStatus.PARSED,
        detected_year=row.detected_year - 1,
        batch__organization_id=row.batch.organization_id,
        batch_id__lte=row.batch_id,
    ).exclude(pk=row.pk)
    if row.matched_organization_id:
        candidates = candidates.filter(matched_organization_id=row.matched_organization_id)
    elif row.detected_organization:
        candidates = candidates.filter(
            matched_organization__isnull=True, detected_organization=row.detected_organization
        )
    else:
        return None, None
    previous = candidates.order_by("-batch_id", "error_count", "id").first()
    if previous is not None or not row.matched_organization_id:
        return previous, None
    annual = AnnualReport.objects.filter(
        organization_id=row.matched_organization_id, year=row.detected_year - 1, status=AnnualReportStatus.PUBLISHED
    ).first()
    return None, annual


def _recheck(row: CheckedReport) -> None:
    """Run the checker on *row* again (with last year's report when one is known) and store the result."""
    if row.status != ReadStatus.PARSED:
        return
    previous, annual = _previous(row)
    last_year = previous.report if previous is not None else annual.report if annual is not None else None
    found = check(row.report, last_year, absent=absent_refs(row.parse_findings))
    if row.parse_findings:
        # How the file was read qualifies the checker's findings (uncertain readings, tables the
        # reader could not read are not missing sections).
        from gongkai.core.parse import qualify

        found = qualify(found, [Finding.from_dict(f) for f in row.parse_findings])
    row.previous, row.previous_annual = previous, annual
    row.findings = _no_nul([*row.parse_findings, *(f.to_dict() for f in found)])
    row.error_count = sum(1 for f in row.findings if f["severity"] == ERROR)
    row.warning_count = sum(1 for f in row.findings if f["severity"] == WARNING)
    row.info_count = sum(1 for f in row.findings if f["severity"] == INFO)
    rules = sorted({f["rule"] for f in row.findings})
    row.rules = f" {' '.join(rules)} " if rules else ""
    row.save(
        update_fields=[
            "previous",
            "previous_annual",
            "findings",
            "error_count",
            "warning_count",
            "info_count",
            "rules",
        ]
    )


def _recheck_batch(batch: CheckBatch) -> None:
    for row in batch.reports.filter(status=ReadStatus.PARSED).select_related("batch"):
        _recheck(row)


def _summary(batch: CheckBatch) -> dict:
    rows = batch.reports.all()
    return {
        "organization": batch.organization.name,
        "year": batch.year,
        "title": batch.title,
        "files": rows.count(),
        "pending": rows.filter(status__in=PENDING).count(),
        "unreadable": rows.filter(status=ReadStatus.UNREADABLE).count(),
        "with_errors": rows.filter(error_count__gt=0).count(),
    }


def _upload(batch: CheckBatch, files: Sequence, *, create: bool, actor) -> UploadResult:
    from .tasks import read_report

    errors = validate_uploads(files)
    if errors:
        raise ReviewError("；".join(errors))
    result = UploadResult(batch)
    stored: list[str] = []
    try:
        with transaction.atomic():
            before = None if create else _summary(batch)
            if create:
                batch.save()
            _store(batch, files, stored, result)
            if result.added:
                batch.read_done_at = None
                batch.save(update_fields=["read_done_at"])
            for row in result.added:
                # written in this transaction: a failed upload leaves no task behind
                read_report.enqueue(row.pk)
            audit_log(
                actor=actor,
                action="review.batch.create" if create else "review.batch.add_files",
                obj=batch,
                before=before,
                after={**_summary(batch), "added": [r.original_name for r in result.added]},
                reason="相同文件已在批次中，未重复保存：" + "、".join(result.duplicates) if result.duplicates else "",
            )
    except BaseException:
        for name in stored:
            CheckedReport.file.field.storage.delete(name)
        raise
    return result


def batch_create(*, actor, organization: Organization, year: int, files: Sequence, title: str = "") -> UploadResult:
    """Create a check batch (检查批次) of *year* for *organization*'s scope from the uploaded *files*.

    Every file is stored, read, matched to an organization of the scope and checked (with last year's report
    of the same body when the batch or an earlier one holds it). Unreadable files are kept with the reason.

    Raises:
        PermissionDeniedError: the actor may not manage checks of *organization*.
        ReviewError: no files, too many, a file too large or of a kind that is not a report, a bad year.
    """
    require(actor, "review.manage", organization)
    _validate_year(year)
    batch = CheckBatch(
        organization=organization,
        year=year,
        title=(title or "").strip()[:100],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    return _upload(batch, files, create=True, actor=actor)


def batch_add_files(*, actor, batch: CheckBatch, files: Sequence) -> UploadResult:
    """Add more files to *batch*; identical files already in it are skipped (and named in the result)."""
    require(actor, "review.manage", batch.organization)
    return _upload(batch, files, create=False, actor=actor)


@transaction.atomic
def report_match(*, actor, checked: CheckedReport, organization: Organization | None) -> CheckedReport:
    """Set by hand which organization of the scope *checked* is the report of (``None`` to clear).

    The batch is checked again, since last year's report of the body (carry-over check) depends on it.

    Raises:
        PermissionDeniedError: the actor may not manage checks of the batch's scope.
        ReviewError: the file was not read as a report, or *organization* is outside the scope.
    """
    checked = CheckedReport.objects.select_for_update().select_related("batch__organization").get(pk=checked.pk)
    batch = checked.batch
    require(actor, "review.manage", batch.organization)
    if checked.status != ReadStatus.PARSED:
        raise ReviewError(NOT_PARSED)
    if organization is not None and not organization.path.startswith(batch.organization.path):
        raise ReviewError(OUT_OF_SCOPE.format(name=organization.name))
    before = {"organization": checked.matched_organization.name if checked.matched_organization else None}
    before["method"] = checked.match_method
    checked.matched_organization = organization
    checked.match_method = MatchMethod.MANUAL if organization is not None else MatchMethod.NONE
    checked.save(update_fields=["matched_organization", "match_method"])
    _recheck_batch(batch)
    checked.refresh_from_db()
    audit_log(
        actor=actor,
        action="review.report.match",
        obj=checked,
        before=before,
        after={"organization": organization.name if organization else None, "method": checked.match_method},
        organization=batch.organization,
    )
    return checked


@transaction.atomic
def finding_decide(*, actor, checked: CheckedReport, fingerprint: str, decision: str, comment: str = ""):
    """Record a supervisor's decision on one finding (人工复核): ``confirmed`` or ``dismissed`` (with a
    reason), or ``""`` to withdraw the decision. Decisions are keyed by the finding's fingerprint, so they
    survive re-checks of the report.

    Raises:
        PermissionDeniedError: the actor may not manage checks of the batch's scope.
        ReviewError: no such finding on the report now, a dismissal without a reason, an unknown decision.
    """
    checked = CheckedReport.objects.select_for_update().select_related("batch__organization").get(pk=checked.pk)
    require(actor, "review.manage", checked.batch.organization)
    finding = next((f for f in checked.findings if finding_fingerprint(f) == fingerprint), None)
    if finding is None:
        raise ReviewError(NO_SUCH_FINDING)
    comment = _no_nul((comment or "").strip())
    if decision not in ("", *Decision.values):
        raise ReviewError(BAD_DECISION)
    if decision == Decision.DISMISSED and not comment:
        raise ReviewError(REASON_REQUIRED)
    existing = FindingReview.objects.filter(report=checked, fingerprint=fingerprint).first()
    before = {"decision": existing.decision, "comment": existing.comment} if existing else None
    review = None
    if decision == "":
        if existing is not None:
            existing.delete()
    else:
        review = existing or FindingReview(report=checked, fingerprint=fingerprint, rule=finding["rule"])
        review.decision, review.comment = decision, comment
        review.decided_by = actor if getattr(actor, "pk", None) else None
        review.decided_at = timezone.now()
        review.save()
    audit_log(
        actor=actor,
        action="review.finding.decide",
        obj=checked,
        before=before,
        after={"rule": finding["rule"], "cells": finding["cells"][:20], "decision": decision, "comment": comment},
        reason=comment,
        organization=checked.batch.organization,
    )
    return review


def batch_delete(*, actor, batch: CheckBatch) -> None:
    """Delete *batch*, its results and its stored files (the audit row keeps what it held)."""
    require(actor, "review.manage", batch.organization)
    names: list[str] = []
    with transaction.atomic():
        batch = CheckBatch.objects.select_for_update().get(pk=batch.pk)
        before = _summary(batch)
        names = [n for n in batch.reports.values_list("file", flat=True) if n]
        audit_log(actor=actor, action="review.batch.delete", obj=batch, before=before, organization=batch.organization)
        batch.delete()
        storage = CheckedReport.file.field.storage
        transaction.on_commit(lambda: [storage.delete(n) for n in names])


def batch_import_paths(*, actor, organization: Organization, year: int, paths: Sequence[Path], title: str = ""):
    """Create a batch from files on disk (the ``review_import`` command), streaming each file; see
    :func:`batch_create`."""
    handles = [File(Path(p).open("rb"), name=Path(p).name) for p in paths]
    try:
        return batch_create(actor=actor, organization=organization, year=year, files=handles, title=title)
    finally:
        for handle in handles:
            handle.close()
