"""Writes to annual reports: one atomic, audited function per step.

generate (from records) → edit texts → check → publish (blocked by errors) → withdraw.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.permissions import require
from gongkai.core import Finding, Report, ReportFormatError, check, has_errors

from .choices import AnnualReportStatus
from .models import AnnualReport
from .records import build_report

__all__ = [
    "AnnualReportError",
    "annual_report_check",
    "annual_report_edit",
    "annual_report_generate",
    "annual_report_publish",
    "annual_report_withdraw",
]

REPORT_PUBLISHED_READONLY = "该年报已发布，不能修改；如需更正请先撤回。"
REPORT_HAS_ERRORS = "年报检查发现 {n} 个错误，改正后才能发布。"
REPORT_YEAR_NOT_OVER = "{year} 年度尚未结束，年度报告应在次年年初（条例第四十九条：1月31日前）发布。"
REPORT_NOT_PUBLISHED = "该年报未发布，无需撤回。"
REPORT_REASON_REQUIRED = "请填写撤回理由。"
REPORT_YEAR_INVALID = "年度应在 2019 年至明年之间。"


class AnnualReportError(Exception):
    """A step on an annual report was refused; the message is Chinese and shown to the user."""


def _summary(report: AnnualReport) -> dict:
    return {
        "year": report.year,
        "format": report.format,
        "status": report.status,
        "errors": report.error_count,
        "warnings": report.warning_count,
    }


def _store_check(annual: AnnualReport, report: Report) -> None:
    findings = check(report, _previous(annual))
    annual.findings = [f.to_dict() for f in findings]
    annual.checked_at = timezone.now()


def _previous(annual: AnnualReport) -> Report | None:
    previous = AnnualReport.objects.filter(organization=annual.organization, year=annual.year - 1).first()
    return previous.report if previous else None


@transaction.atomic
def annual_report_generate(*, actor, organization, year: int, format: str | None = None) -> AnnualReport:
    """Generate (or regenerate) the draft report of *organization* for *year* from its records.

    The tables and 一、总体情况 come from the records; 五 and 六, written by staff, are kept.
    """
    require(actor, "reports.edit", organization)
    if not 2019 <= year <= timezone.localdate().year + 1:
        raise AnnualReportError(REPORT_YEAR_INVALID)
    annual = AnnualReport.objects.select_for_update().filter(organization=organization, year=year).first()
    if annual and annual.status == AnnualReportStatus.PUBLISHED:
        raise AnnualReportError(REPORT_PUBLISHED_READONLY)
    kept = annual.report.sections if annual else {}
    try:
        report = build_report(organization, year, format, problems=kept.get("problems"), other=kept.get("other"))
    except ReportFormatError as exc:
        raise AnnualReportError(str(exc)) from None
    before = _summary(annual) if annual else None
    if annual is None:
        annual = AnnualReport(organization=organization, year=year)
    annual.format = report.format
    annual.content = report.to_json()
    annual.generated_at = timezone.now()
    annual.status = AnnualReportStatus.DRAFT
    _store_check(annual, report)
    annual.save()
    audit_log(actor=actor, action="annual.report.generate", obj=annual, before=before, after=_summary(annual))
    return annual


@transaction.atomic
def annual_report_edit(
    *, actor, annual: AnnualReport, overview: str, problems: str, other: str, reason: str = ""
) -> AnnualReport:
    """Replace the texts of 一、五、六 (written or revised by staff) and re-check."""
    annual = AnnualReport.objects.select_for_update().get(pk=annual.pk)
    require(actor, "reports.edit", annual.organization)
    if annual.status == AnnualReportStatus.PUBLISHED:
        raise AnnualReportError(REPORT_PUBLISHED_READONLY)
    report = annual.report
    before = dict(report.sections)
    report.sections.update(
        overview=overview.strip() or None, problems=problems.strip() or None, other=other.strip() or None
    )
    annual.content = report.to_json()
    _store_check(annual, report)
    annual.save()
    audit_log(
        actor=actor, action="annual.report.edit", obj=annual, before=before, after=dict(report.sections), reason=reason
    )
    return annual


@transaction.atomic
def annual_report_check(*, actor, annual: AnnualReport) -> AnnualReport:
    """Run the checker again (e.g. after last year's report changed) and store the findings."""
    annual = AnnualReport.objects.select_for_update().get(pk=annual.pk)
    require(actor, "reports.view", annual.organization)
    _store_check(annual, annual.report)
    annual.save(update_fields=["findings", "checked_at", "updated_at"])
    return annual


@transaction.atomic
def annual_report_publish(*, actor, annual: AnnualReport) -> AnnualReport:
    """Publish the report to the portal's 政府信息公开年报 column; refused while the check finds errors."""
    annual = AnnualReport.objects.select_for_update().get(pk=annual.pk)
    require(actor, "reports.publish", annual.organization)
    if annual.status == AnnualReportStatus.PUBLISHED:
        raise AnnualReportError("该年报已发布。")
    if annual.year >= timezone.localdate().year:
        # 条例第四十九条: the report covers a finished year and is published by 31 January of the next.
        raise AnnualReportError(REPORT_YEAR_NOT_OVER.format(year=annual.year))
    report = annual.report
    _store_check(annual, report)
    if has_errors([Finding.from_dict(f) for f in annual.findings]):
        annual.save(update_fields=["findings", "checked_at", "updated_at"])
        raise AnnualReportError(REPORT_HAS_ERRORS.format(n=annual.error_count))
    before = _summary(annual)
    annual.status = AnnualReportStatus.PUBLISHED
    annual.published_at = timezone.now()
    annual.published_by = actor
    annual.save()
    audit_log(actor=actor, action="annual.report.publish", obj=annual, before=before, after=_summary(annual))
    return annual


@transaction.atomic
def annual_report_withdraw(*, actor, annual: AnnualReport, reason: str) -> AnnualReport:
    """Take a published report off the portal (撤回), with a reason; it becomes editable again."""
    annual = AnnualReport.objects.select_for_update().get(pk=annual.pk)
    require(actor, "reports.publish", annual.organization)
    if annual.status != AnnualReportStatus.PUBLISHED:
        raise AnnualReportError(REPORT_NOT_PUBLISHED)
    if not reason.strip():
        raise AnnualReportError(REPORT_REASON_REQUIRED)
    before = _summary(annual)
    annual.status = AnnualReportStatus.WITHDRAWN
    annual.save()
    audit_log(
        actor=actor, action="annual.report.withdraw", obj=annual, before=before, after=_summary(annual), reason=reason
    )
    return annual
