"""The generated annual report counts each application in the right row and passes the checks."""

import datetime as dt

from gongkai.apps.annual.records import build_report
from gongkai.apps.applications import services
from gongkai.core import check

from .conftest import reply

D = dt.date


def test_report_from_records_passes_checks_and_carries_over(register, staff):
    a = register(D(2024, 12, 20))
    b = register(D(2024, 12, 27), applicant_type="commercial")
    reply(staff, a, "disclosed", D(2024, 12, 30))
    reply(staff, b, "partially_disclosed", D(2025, 1, 6))
    c = register(D(2025, 6, 3), applicant_type="legal_service")
    services.application_issue_fee_notice(
        actor=staff.drafter, application=c, method="pages", units=50, sent_on=D(2025, 6, 4), delivered_on=D(2025, 6, 5)
    )
    services.application_close_abandoned(actor=staff.drafter, application=c, date=D(2025, 7, 10))
    register(D(2025, 12, 30))  # open on 31 December → 结转下年度
    # Decided in 2025 but not yet approved on 31 December: still open, so carried forward, in no result row.
    pending = register(D(2025, 12, 1), applicant_type="research")
    services.application_decide(actor=staff.drafter, application=pending, decision="disclosed", decided_on=D(2025, 12, 29))
    review = services.review_case_record(
        actor=staff.drafter, organization=staff.org, filed_on=D(2025, 2, 1), application=b
    )
    services.remedy_case_conclude(actor=staff.drafter, case=review, result="corrected", concluded_on=D(2025, 4, 1))

    texts = {"problems": "本年度无。", "other": "本年度无。"}  # sections 五 and 六 are written by staff
    last = build_report(staff.org, 2024, **texts)
    report = build_report(staff.org, 2025, **texts)
    assert report.table3["carried_over"]["commercial"] == 1
    assert report.table3["partially_disclosed"]["commercial"] == 1
    assert report.table3["other_unpaid_fee"]["legal_service"] == 1
    assert report.table3["carried_forward"]["natural_person"] == 1
    assert report.table3["carried_forward"]["research"] == 1
    assert report.table3["disclosed"]["research"] == 0
    # Approved in 2026, it counts once, as 予以公开, in 2026, and as carried over from 2025.
    services.application_approve_reply(actor=staff.leader, application=pending, approved_on=D(2026, 1, 5))
    following = build_report(staff.org, 2026, **texts)
    assert following.table3["disclosed"]["research"] == 1
    assert following.table3["carried_over"]["research"] == 1
    assert build_report(staff.org, 2025, **texts).table3 == report.table3
    assert report.table4["reconsideration"]["corrected"] == 1
    errors = [f for f in check(report, previous=last) if f.severity == "error" and not f.rule.startswith("narrative")]
    assert errors == []
    old = build_report(staff.org, 2020, format="2019")
    assert "other" in old.table3
