"""The demo's 思礼镇 2020 reproduces the seed report's figures, and the generated report checks clean."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.annual.records import build_report
from gongkai.apps.organizations.models import Organization
from gongkai.core import Report, check
from gongkai.web.demo import SEED_ORG, build_demo
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SEED = Report.from_json((FIXTURES / "reports" / "silizhen_2020.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo():
    return build_demo()


def test_generated_2020_report_has_the_seed_figures(demo):
    org = Organization.objects.get(name=SEED_ORG)
    report = build_report(org, 2020)
    assert report.format == "2019"
    assert report.table2 == SEED.table2
    assert report.table2["procurement"] == {"projects": 6, "amount": Decimal("32.2526")}
    assert report.table3 == SEED.table3
    assert report.table4 == SEED.table4
    overview = report.sections["overview"]
    for figure in (
        "共 1359 条",
        "政府网站发布信息 1292 条",
        "“文明思礼”发布信息 67 条",
        "概况信息 87 条",
        "综合管理信息 38 条",
        "政策文件及解读 30 条",
        "村居信息 1137 条",
        "未收到政府信息公开申请",
    ):
        assert figure in overview


def test_report_generate_command_output_passes_the_checker(demo):
    out = io.StringIO()
    call_command("report_generate", org=SEED_ORG, year=2020, json=True, stdout=out)
    report = Report.from_json(out.getvalue())
    findings = check(report)
    assert [f.rule for f in findings if f.severity == "error"] == []
    assert report.sections["problems"].startswith("1、加强宣传和引导")
    assert json.loads(out.getvalue())["table2"]["procurement"]["amount"] == 32.2526


def test_demo_publishes_the_2020_report(demo):
    annual = AnnualReport.objects.get(organization__name=SEED_ORG, year=2020)
    assert annual.status == "published"
    assert annual.error_count == 0
    assert {login[0] for login in demo.logins} >= {"sl_drafter", "sl_reviewer", "sl_leader", "sl_sysadmin", "sl_secadmin", "sl_auditor", "admin"}


def test_generate_for_an_unknown_organization_is_a_clear_error(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有名为“不存在镇”的机关"):
        call_command("report_generate", org="不存在镇", year=2020, json=True)


def test_later_demo_years_come_from_application_records_and_check_clean(demo):
    org = Organization.objects.get(name=SEED_ORG)
    last = None
    for year in (2021, 2022, 2023):
        report = build_report(org, year, problems="问题。", other="无。")
        assert report.format == "2021"
        assert report.table3["new_received"]["total"] >= 5
        assert report.table3["carried_forward"]["total"] == 1  # one application open on 31 December
        assert [f for f in check(report, last) if f.severity == "error"] == []
        last = report
    assert build_report(org, 2022).table4["reconsideration"]["upheld"] == 1


def test_demo_procurement_column_lists_the_six_projects(demo, client):
    """The seed's 6 集中采购 projects for 32.2526 万元 reach the portal's 第二十条第（九）项 column."""
    from gongkai.apps.publishing.models import CatalogueNode

    org = Organization.objects.get(name=SEED_ORG)
    column = CatalogueNode.objects.get(organization=org, code="art20.9")
    html = client.get(f"/{org.slug}/catalogue/{column.pk}/").content.decode()
    assert html.count("2020-CG-") == 6
    assert "合计 6 个项目" in html and "32.2526" in html
    assert "本栏目暂无公开信息" not in html


def test_demo_keeps_the_shipped_wrong_terms(demo):
    from gongkai.apps.publishing.models import SensitiveTerm

    assert SensitiveTerm.objects.filter(wrong="攻府", correct="政府", is_active=True).exists()
