"""Annual report services: generate, edit, publish (blocked by errors), withdraw; permissions and audit."""

import pytest

from gongkai.apps.annual.services import (
    AnnualReportError,
    annual_report_edit,
    annual_report_generate,
    annual_report_publish,
    annual_report_withdraw,
)
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.organizations.testing import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_staff("ar")


def test_generate_drafts_every_section_but_five_and_six(staff):
    annual = annual_report_generate(actor=staff.drafter, organization=staff.org, year=2021)
    report = annual.report
    assert annual.format == "2021" and annual.status == "draft"
    assert "未收到政府信息公开申请" in report.sections["overview"]
    assert report.sections["problems"] is None
    assert {f["rule"] for f in annual.findings if f["severity"] == "error"} == {"structure.missing_section"}
    assert AuditLog.objects.filter(action="annual.report.generate", object_id=str(annual.pk)).count() == 1


def test_publish_is_blocked_until_errors_are_fixed(staff):
    annual = annual_report_generate(actor=staff.drafter, organization=staff.org, year=2021)
    with pytest.raises(AnnualReportError, match="2 个错误"):
        annual_report_publish(actor=staff.leader, annual=annual)
    annual.refresh_from_db()
    assert annual.status == "draft"
    annual = annual_report_edit(
        actor=staff.drafter,
        annual=annual,
        overview=annual.report.sections["overview"],
        problems="宣传不够；下一步加强宣传。",
        other="本年度未收取信息处理费。",
    )
    assert annual.error_count == 0
    annual = annual_report_publish(actor=staff.leader, annual=annual)
    assert annual.status == "published" and annual.published_by == staff.leader


def test_texts_survive_regeneration_and_published_reports_are_read_only(staff):
    annual = annual_report_generate(actor=staff.drafter, organization=staff.org, year=2022)
    annual_report_edit(actor=staff.drafter, annual=annual, overview="总体情况。", problems="问题。", other="其他。")
    annual = annual_report_generate(actor=staff.drafter, organization=staff.org, year=2022)
    assert annual.report.sections["problems"] == "问题。"
    annual_report_publish(actor=staff.leader, annual=annual)
    with pytest.raises(AnnualReportError, match="已发布"):
        annual_report_generate(actor=staff.drafter, organization=staff.org, year=2022)
    with pytest.raises(AnnualReportError, match="撤回理由"):
        annual_report_withdraw(actor=staff.leader, annual=annual, reason=" ")
    annual = annual_report_withdraw(actor=staff.leader, annual=annual, reason="数字更正")
    assert annual.status == "withdrawn"
    assert AuditLog.objects.filter(action="annual.report.withdraw", reason="数字更正").exists()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "reviewer", "sysadmin", "secadmin", "auditor"])
def test_only_drafters_generate(staff, who):
    with pytest.raises(PermissionDeniedError):
        annual_report_generate(actor=getattr(staff, who), organization=staff.org, year=2021)


def test_only_leaders_publish(staff):
    annual = annual_report_generate(actor=staff.drafter, organization=staff.org, year=2021)
    for who in (staff.drafter, staff.sysadmin, staff.outsider):
        with pytest.raises(PermissionDeniedError):
            annual_report_publish(actor=who, annual=annual)


def test_year_out_of_range(staff):
    with pytest.raises(AnnualReportError, match="年度应在"):
        annual_report_generate(actor=staff.drafter, organization=staff.org, year=2010)


def test_a_year_not_over_cannot_be_published(staff):
    from django.utils import timezone

    year = timezone.localdate().year
    annual = annual_report_generate(actor=staff.drafter, organization=staff.org, year=year)
    with pytest.raises(AnnualReportError, match=f"{year} 年度尚未结束"):
        annual_report_publish(actor=staff.leader, annual=annual)
    annual.refresh_from_db()
    assert annual.status != "published"
