"""The generated annual report counts each application in the right row and passes the checks."""

import datetime as dt

from gongkai.apps.annual.records import build_report
from gongkai.apps.applications import services
from gongkai.core import check

D = dt.date


def test_report_from_records_passes_checks_and_carries_over(register, staff):
    a = register(D(2024, 12, 20))
    b = register(D(2024, 12, 27), applicant_type="commercial")
    services.application_decide(actor=staff.drafter, application=a, decision="disclosed", decided_on=D(2024, 12, 30))
    services.application_decide(
        actor=staff.drafter, application=b, decision="partially_disclosed", decided_on=D(2025, 1, 6)
    )
    c = register(D(2025, 6, 3), applicant_type="legal_service")
    services.application_issue_fee_notice(
        actor=staff.drafter, application=c, method="pages", units=50, sent_on=D(2025, 6, 4), delivered_on=D(2025, 6, 5)
    )
    services.application_close_abandoned(actor=staff.drafter, application=c, date=D(2025, 7, 10))
    register(D(2025, 12, 30))  # open on 31 December → 结转下年度
    review = services.review_case_record(
        actor=staff.admin, organization=staff.org, filed_on=D(2025, 2, 1), application=b
    )
    services.remedy_case_conclude(actor=staff.admin, case=review, result="corrected", concluded_on=D(2025, 4, 1))

    texts = {"problems": "本年度无。", "other": "本年度无。"}  # sections 五 and 六 are written by staff
    last = build_report(staff.org, 2024, **texts)
    report = build_report(staff.org, 2025, **texts)
    assert report.table3["carried_over"]["commercial"] == 1
    assert report.table3["partially_disclosed"]["commercial"] == 1
    assert report.table3["other_unpaid_fee"]["legal_service"] == 1
    assert report.table3["carried_forward"]["natural_person"] == 1
    assert report.table4["reconsideration"]["corrected"] == 1
    errors = [f for f in check(report, previous=last) if f.severity == "error" and not f.rule.startswith("narrative")]
    assert errors == []
    old = build_report(staff.org, 2020, format="2019")
    assert "other" in old.table3
