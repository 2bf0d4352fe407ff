"""Tables 3 and 4 from the records: every decision in one row, balance and carry-over by construction."""

import datetime as dt

from gongkai.apps.applications import selectors, services
from gongkai.apps.applications.calendar import holiday_calendar
from gongkai.apps.applications.choices import Decision
from gongkai.core.deadlines import add_working_days

from .conftest import reply

D = dt.date


def decide(staff, app, decision, on):
    return reply(staff, app, decision, on)  # decided and approved by the 领导 on the same day


def test_table3_counts_rows_columns_and_carry_over(register, staff):
    # 2024: three received; one decided in 2024, two carried into 2025.
    a = register(D(2024, 12, 2))
    b = register(D(2024, 12, 20), applicant_type="commercial")
    c = register(D(2024, 12, 27), applicant_type="legal_service")
    decide(staff, a, "disclosed", D(2024, 12, 10))
    # 2025: b and c closed, two new, one of them still open on 31 December.
    decide(staff, b, "withheld_third_party", D(2025, 1, 10))
    decide(staff, c, "partially_disclosed", D(2025, 1, 15))
    d = register(D(2025, 3, 3), applicant_type="research")
    register(D(2025, 12, 29))
    decide(staff, d, "not_processed_duplicate", D(2025, 3, 20))
    e = register(D(2025, 5, 6))
    services.application_request_correction(
        actor=staff.drafter, application=e, date=D(2025, 5, 7), deadline=D(2025, 5, 20)
    )
    services.application_close_abandoned(actor=staff.drafter, application=e, date=D(2025, 5, 21))

    t24 = selectors.report_table3(organization=staff.org, year=2024)
    assert t24["new_received"]["total"] == 3
    assert t24["disclosed"]["natural_person"] == 1
    assert t24["carried_forward"] == {
        **dict.fromkeys(selectors.TABLE3_COLUMNS, 0),
        "commercial": 1,
        "legal_service": 1,
        "total": 2,
    }

    t25 = selectors.report_table3(organization=staff.org, year=2025)
    assert t25["carried_over"] == t24["carried_forward"]  # 上年结转 = 上年结转下年度
    assert t25["new_received"]["total"] == 3
    assert t25["new_received"]["research"] == 1
    assert t25["withheld_third_party"]["commercial"] == 1
    assert t25["partially_disclosed"]["legal_service"] == 1
    assert t25["not_processed_duplicate"]["research"] == 1
    assert t25["other_no_correction"]["natural_person"] == 1
    assert t25["total_processed"]["total"] == 4
    assert t25["carried_forward"]["total"] == 1 and t25["carried_forward"]["natural_person"] == 1
    for col in [*selectors.TABLE3_COLUMNS, "total"]:  # the template's printed balance
        assert (
            t25["new_received"][col] + t25["carried_over"][col]
            == t25["total_processed"][col] + t25["carried_forward"][col]
        )
    for row in t25.values():
        assert row["total"] == sum(row[c] for c in selectors.TABLE3_COLUMNS)


def test_table3_has_every_schema_row(register, staff):
    t21 = selectors.report_table3(organization=staff.org, year=2025)
    assert list(t21) == [
        "new_received",
        "carried_over",
        *[d.value for d in Decision],
        "total_processed",
        "carried_forward",
    ]
    t19 = selectors.report_table3(organization=staff.org, year=2020, format="2019")
    assert "other" in t19 and "other_misc" not in t19


def test_table3_2019_merges_other_rows(register, staff):
    a, b = register(D(2025, 3, 3)), register(D(2025, 3, 4))
    decide(staff, a, "other_misc", D(2025, 3, 10))
    services.application_request_correction(
        actor=staff.drafter, application=b, date=D(2025, 3, 5), deadline=D(2025, 3, 10)
    )
    services.application_close_abandoned(actor=staff.drafter, application=b, date=D(2025, 3, 11))
    t19 = selectors.report_table3(organization=staff.org, year=2025, format="2019")
    assert t19["other"]["total"] == 2 and t19["total_processed"]["total"] == 2


def test_table3_other_organization_not_counted(register, staff):
    register(D(2025, 3, 3))
    assert selectors.report_table3(organization=staff.other_org, year=2025)["new_received"]["total"] == 0


def test_table4_groups_and_results(register, staff):
    app = decide(staff, register(D(2025, 3, 3)), "withheld_process_info", D(2025, 3, 20))
    review = services.review_case_record(
        actor=staff.drafter, organization=staff.org, filed_on=D(2025, 4, 1), application=app
    )
    services.remedy_case_conclude(actor=staff.drafter, case=review, result="upheld", concluded_on=D(2025, 5, 30))
    services.review_case_record(actor=staff.drafter, organization=staff.org, filed_on=D(2025, 11, 1))
    services.lawsuit_case_record(
        actor=staff.drafter, organization=staff.org, filed_on=D(2025, 6, 10), route="after_reconsideration", review=review
    )
    late = services.lawsuit_case_record(
        actor=staff.drafter, organization=staff.org, filed_on=D(2025, 12, 1), route="direct", application=app
    )
    services.remedy_case_conclude(actor=staff.drafter, case=late, result="corrected", concluded_on=D(2026, 2, 1))
    t4 = selectors.report_table4(organization=staff.org, year=2025)
    assert t4["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert t4["litigation_after_reconsideration"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    # concluded only in 2026: still 尚未审结 in the 2025 report
    assert t4["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert selectors.report_table4(organization=staff.org, year=2026)["litigation_direct"]["total"] == 0


def test_overdue_and_due_soon(register, staff):
    old = register(D(2025, 3, 3))  # due 2025-03-31
    today = D(2025, 4, 1)
    assert list(selectors.applications_overdue(organization=staff.org, today=today)) == [old]
    assert list(selectors.applications_overdue(organization=staff.org, today=D(2025, 3, 31))) == []
    soon = selectors.applications_due_soon(organization=staff.org, today=D(2025, 3, 25), working_days=5)
    assert list(soon) == [old]
    assert selectors.days_waiting(old, D(2025, 3, 31)) == 20
    decide(staff, old, "disclosed", D(2025, 3, 20))
    assert list(selectors.applications_overdue(organization=staff.org, today=today)) == []
    assert add_working_days(D(2025, 3, 25), 5, holiday_calendar()).due == D(2025, 4, 1)


def test_workload_and_visibility(register, staff):
    app = register(D(2025, 3, 3))
    services.application_assign(actor=staff.leader, application=app, handler=staff.reviewer)
    rows = selectors.workload_summary(
        queryset=selectors.application_list_for_user(user=staff.leader), today=D(2025, 4, 1)
    )
    assert rows == [{"organization": staff.org.name, "handler": "ap-reviewer", "open": 1, "due_soon": 0, "overdue": 1}]
    assert selectors.application_list_for_user(user=staff.outsider).count() == 0


def test_year_columns_follow_the_dates(register, staff):
    app = register(D(2024, 12, 30))
    assert (app.received_year, app.closed_year) == (2024, None)
    app = decide(staff, app, "disclosed", D(2025, 1, 3))
    from gongkai.apps.applications.models import Application

    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.received_year, fresh.closed_year) == (2024, 2025)


def test_workload_of_unassigned_applications(register, staff):
    app = register(D(2025, 3, 3))
    if app.handler_id is not None:
        services.application_assign(actor=staff.leader, application=app, handler=None)
    rows = selectors.workload_summary(
        queryset=selectors.application_list_for_user(user=staff.leader), today=D(2025, 4, 1)
    )
    assert [r["handler"] for r in rows] == ["（未分办）"]
