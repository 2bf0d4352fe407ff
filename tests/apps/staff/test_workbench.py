"""The 工作台: one list per person fed by every app through the registry (staff.waiting)."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.apps.annual.waiting import report_due_date, reports_due
from gongkai.apps.applications import services as app_services
from gongkai.apps.applications.models import Application
from gongkai.apps.publishing.services import item_review_return, item_submit
from gongkai.apps.staff.waiting import WaitingLine, waiting_calendar, waiting_for, working_days_left
from gongkai.apps.staff.workbench import workbench_for
from tests.apps.applications.conftest import APPLICANT
from tests.apps.publishing.helpers import draft, staff_with_catalogue

pytestmark = pytest.mark.django_db

STAFF_DIR = Path(__file__).resolve().parents[3] / "src" / "gongkai" / "apps" / "staff"


def test_the_shell_imports_no_app():
    """staff/*.py import only the foundations (organizations, audit), never an app that feeds the 工作台."""
    allowed = {"gongkai.apps.staff", "gongkai.apps.organizations", "gongkai.apps.audit"}
    for path in STAFF_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("gongkai.apps."):
                    root = ".".join(name.split(".")[:3])
                    assert root in allowed, f"{path.name} imports {name}"


def test_working_days_left_counts_working_days_signed():
    cal = waiting_calendar()
    friday = dt.date(2025, 3, 7)
    assert working_days_left(friday, friday, cal) == 0
    assert working_days_left(dt.date(2025, 3, 10), friday, cal) == 1  # Monday after the weekend
    assert working_days_left(dt.date(2025, 3, 6), friday, cal) == -1
    assert working_days_left(dt.date(2025, 3, 3), dt.date(2025, 3, 10), cal) == -5
    assert working_days_left(None, friday, cal) is None
    # 国庆: 2025-09-30 → 2025-10-09 is one working day (10-01..08 off, 10-09 a Thursday)
    assert working_days_left(dt.date(2025, 10, 9), dt.date(2025, 9, 30), cal) == 1


def register(staff, received, **kw):
    app, _ = app_services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=received, **{**APPLICANT, **kw}
    )
    return app


def test_overdue_application_comes_first_for_its_handler():
    staff = staff_with_catalogue("wb")
    today = timezone.localdate()
    late = register(staff, today - dt.timedelta(days=60))
    fresh = register(staff, today)
    for app in (late, fresh):
        app_services.application_assign(actor=staff.drafter, application=app, handler=staff.drafter)
    item = draft(staff, "春季防火通知", formed_on=today)
    item_submit(actor=staff.drafter, item=item)
    item_review_return(actor=staff.reviewer, item=item, comment="请补充落款")

    bench = waiting_for(user=staff.drafter, organizations=[staff.org], today=today)
    first = bench.mine[0]
    assert first.key == f"applications.application:{late.pk}"
    assert first.overdue and first.days_left < -15 and "已超期" in first.days_text
    keys = [line.key for line in bench.mine]
    assert f"applications.application:{fresh.pk}" in keys
    returned = next(line for line in bench.mine if line.what == "退回修改")
    assert returned.title == "春季防火通知" and returned.note == "请补充落款"
    # sorted by urgency: days left never decrease down the list (undated last)
    dated = [line.days_left for line in bench.mine if line.days_left is not None]
    assert dated == sorted(dated)
    # the reviewer has nothing of it (four eyes and not his case)
    assert not waiting_for(user=staff.reviewer, organizations=[staff.org], today=today).mine


def test_leader_sees_replies_to_approve_and_the_office_work():
    staff = staff_with_catalogue("wl")
    today = timezone.localdate()
    app = register(staff, today - dt.timedelta(days=10))
    app_services.application_assign(actor=staff.drafter, application=app, handler=staff.drafter)
    other = register(staff, today - dt.timedelta(days=3))
    app_services.application_assign(actor=staff.drafter, application=other, handler=staff.reviewer)
    app_services.application_decide(actor=staff.drafter, application=app, decision="disclosed", decided_on=today)
    item = draft(staff, "村务公开", formed_on=today)
    item_submit(actor=staff.drafter, item=item)

    bench = waiting_for(user=staff.leader, organizations=[staff.org], today=today)
    mine = {line.key: line for line in bench.mine}
    assert mine[f"applications.application:{app.pk}"].what == "答复待我审批"
    office = {line.key: line for line in bench.office}
    assert f"applications.application:{other.pk}" in office
    assert "承办人" in office[f"applications.application:{other.pk}"].note
    assert any(line.title == "村务公开" and line.what == "待审核" for line in bench.office)
    # a 经办人 sees no office section
    assert not waiting_for(user=staff.drafter, organizations=[staff.org], today=today).office


def test_waiting_for_correction_and_third_party_say_the_clock_is_paused():
    staff = staff_with_catalogue("wc")
    today = timezone.localdate()
    app = register(staff, today - dt.timedelta(days=2))
    app_services.application_assign(actor=staff.drafter, application=app, handler=staff.drafter)
    app_services.application_request_correction(
        actor=staff.drafter, application=app, date=today, deadline=today + dt.timedelta(days=15), note="请补充"
    )
    bench = waiting_for(user=staff.drafter, organizations=[staff.org], today=today)
    line = next(line for line in bench.mine if line.key == f"applications.application:{app.pk}")
    assert line.what == "等待申请人补正" and "期限暂停计算" in line.note


def test_annual_report_date_until_published():
    staff = staff_with_catalogue("wa")
    org = staff.org
    type(org).objects.filter(pk=org.pk).update(created_at=timezone.make_aware(dt.datetime(2020, 5, 1)))
    org.refresh_from_db()
    assert report_due_date(2024) == dt.date(2025, 1, 31)
    assert reports_due(org, dt.date(2025, 1, 10)) == [2024]
    assert reports_due(org, dt.date(2025, 12, 1)) == [2024, 2025]
    assert reports_due(org, dt.date(2020, 6, 1)) == []  # set up this year: nothing due yet
    bench = waiting_for(user=staff.drafter, organizations=[org], today=dt.date(2025, 1, 20))
    line = next(line for line in bench.mine if line.key.startswith("annual.report"))
    # 21–24 Jan, Sunday 26 Jan (调休上班) and 27 Jan; 28 Jan–4 Feb is the Spring Festival
    assert line.due == dt.date(2025, 1, 31) and line.days_left == 6 and line.what == "年报待编制"
    from gongkai.apps.annual.models import AnnualReport

    AnnualReport.objects.create(
        organization=org, year=2024, format="2021", content="{}", status="published", generated_at=timezone.now()
    )
    bench = waiting_for(user=staff.leader, organizations=[org], today=dt.date(2025, 2, 3))
    assert not [line for line in bench.mine if line.key.startswith("annual.report")]


def test_provider_failure_is_named_not_fatal(monkeypatch):
    from gongkai.apps.staff import waiting

    staff = staff_with_catalogue("wf")

    def broken(**_kw):
        raise RuntimeError("boom")

    monkeypatch.setitem(waiting._PROVIDERS, "zz-broken", broken)
    bench = waiting_for(user=staff.drafter, organizations=[staff.org])
    assert bench.failed == ["zz-broken"]


def test_single_org_user_lands_on_the_workbench_with_counts(client):
    staff = staff_with_catalogue("wp")
    today = timezone.localdate()
    app = register(staff, today - dt.timedelta(days=90))
    app_services.application_assign(actor=staff.drafter, application=app, handler=staff.drafter)
    client.force_login(staff.drafter)
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "待我处理" in page and app.tracking_number in page and "已超期" in page
    assert reverse("applications:staff_detail", args=[app.pk]) in page
    # counts in the navigation: the 工作台 link and the 依申请公开 entry
    assert 'class="count count-overdue"' in page
    html = page.split('aria-label="' + staff.org.name + '"')[1]
    assert '依申请公开 <span class="count">1' in html


def test_multi_org_dashboard_lists_the_work_of_every_organization(client):
    from gongkai.apps.organizations.services import membership_grant

    staff = staff_with_catalogue("wm")
    membership_grant(actor=None, user=staff.drafter, organization=staff.other_org, role="drafter")
    today = timezone.localdate()
    app = register(staff, today - dt.timedelta(days=40))
    app_services.application_assign(actor=staff.drafter, application=app, handler=staff.drafter)
    client.force_login(staff.drafter)
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert app.tracking_number in page and staff.other_org.name in page
    bench = workbench_for(staff.drafter)
    assert bench.mine[0].organization == staff.org.name


def test_waiting_line_states():
    line = WaitingLine(key="k", what="w", title="t", url="/", organization="o", days_left=2)
    assert line.state == "due_soon" and line.days_text == "剩 2 个工作日"
    assert WaitingLine(key="k", what="w", title="t", url="/", organization="o").state == "undated"
    assert Application.objects.count() == 0
