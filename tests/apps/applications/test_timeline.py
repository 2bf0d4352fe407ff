"""Closed applications show their final state and every step; the applicant sees the same steps, nobody's name."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.apps.applications import services
from gongkai.apps.applications.timeline import application_final_state, application_timeline
from gongkai.apps.organizations.testing import make_staff
from tests.apps.applications.conftest import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    staff = make_staff("tl")
    staff.drafter.first_name, staff.drafter.last_name = "经办", "王"
    staff.drafter.save()
    staff.leader.first_name, staff.leader.last_name = "领导", "李"
    staff.leader.save()
    return staff


def _case(staff, received=dt.date(2025, 3, 3)):
    app, code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=received, **APPLICANT
    )
    services.application_assign(actor=staff.drafter, application=app, handler=staff.drafter)
    services.application_start_consultation(
        actor=staff.drafter, application=app, date=dt.date(2025, 3, 5), party="某某建设有限公司", note="内部备注甲"
    )
    services.application_end_consultation(actor=staff.drafter, application=app, date=dt.date(2025, 3, 12))
    services.application_decide(
        actor=staff.drafter, application=app, decision="disclosed", decided_on=dt.date(2025, 3, 20), reason="予以公开"
    )
    services.application_approve_reply(actor=staff.leader, application=app, approved_on=dt.date(2025, 3, 21))
    app.refresh_from_db()
    return app, code


def test_closed_in_time_final_state_and_steps(staff):
    app, _code = _case(staff)
    final = application_final_state(app)
    assert final.in_time and final.closed_on == dt.date(2025, 3, 21)
    assert final.text.startswith("已办结：2025-03-21 予以公开（") and "在答复期限" in final.text
    steps = application_timeline(app)
    labels = [s.label for s in steps]
    assert labels[0] == "登记申请" and labels[-1] == "作出答复，办结"
    assert "分办" in labels and "征求第三方或其他机关意见" in labels and "领导批准答复，出具答复书" in labels
    assert [s.date for s in steps] == sorted(s.date for s in steps)  # done in date order here
    assert "结束征求意见（恢复计算答复期限）" in labels
    consult = next(s for s in steps if s.kind == "consultation")
    assert "某某建设有限公司" in consult.detail and consult.actor
    assert (
        application_final_state(
            services.application_register(
                actor=staff.drafter,
                organization=staff.org,
                channel="counter",
                submitted_on=dt.date(2025, 3, 3),
                **APPLICANT,
            )[0]
        )
        is None
    )


def test_closed_late_counts_the_working_days_over(staff):
    app, _ = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=dt.date(2025, 3, 3), **APPLICANT
    )
    services.application_assign(actor=staff.drafter, application=app, handler=staff.drafter)
    services.application_decide(
        actor=staff.drafter, application=app, decision="disclosed", decided_on=dt.date(2025, 4, 7)
    )
    services.application_approve_reply(actor=staff.leader, application=app, approved_on=dt.date(2025, 4, 7))
    app.refresh_from_db()
    final = application_final_state(app)
    # due 2025-03-31 (20 working days from 3 March); 1–3 April and 7 April are working days (清明 4–6 April)
    assert app.due_on == dt.date(2025, 3, 31)
    assert not final.in_time and final.late_working_days == 4 and "超过答复期限（2025-03-31）4 个工作日" in final.text


def test_staff_case_page_shows_final_state_not_running_clock(client, staff):
    app, _ = _case(staff)
    client.force_login(staff.drafter)
    page = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert "已办结：2025-03-21" in page and "计时中" not in page
    # staff see who took each step (the 领导 approved, the 经办人 registered and consulted)
    assert 'id="timeline"' in page and "经办：经办 王" in page and "经办：领导 李" in page
    assert "某某建设有限公司" in page


def test_public_lookup_shows_the_steps_without_names(client, staff):
    app, code = _case(staff)
    page = client.post(reverse("applications:status"), {"tracking_number": app.tracking_number, "query_code": code})
    html = page.content.decode()
    assert "已办结：2025-03-21" in html and "计时中" not in html
    for label in ("登记申请", "收到申请", "分办", "征求第三方或其他机关意见", "答复经审批出具", "作出答复，办结"):
        assert label in html, label
    for secret in (
        "某某建设有限公司",
        "内部备注甲",
        "王",
        "李",
        staff.drafter.username,
        staff.leader.username,
        "批准人",
    ):
        assert secret not in html, secret
    public_steps = application_timeline(app, public=True)
    assert all(not s.actor for s in public_steps)
