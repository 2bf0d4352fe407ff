"""Issue 5's whole path: a public application, 补正, consultation and extension through the staff
pages, a reply letter, and the annual report counting it in the right row — every date explained."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from gongkai.apps.annual.records import build_report
from gongkai.apps.applications.models import Application
from gongkai.core import check
from tests.apps.applications.helpers import lookup, submit_online

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db
D = dt.date


def test_application_from_portal_to_annual_report(client, staff):
    # the public applies online (a 社会公益组织), confirms, and gets a tracking number and query code
    data = {
        **APPLICANT,
        "applicant_type": "social_welfare",
        "id_type": "credit_code",
        "id_number": "91110000100000000X",
    }
    done = submit_online(client, {**data, "organization": str(staff.org.pk)})
    page = done.content.decode()
    app = Application.objects.get()
    code = page.split('id="query-code">')[1].split("<")[0]
    # the case is replayed on 2025's calendar: the application was submitted on Saturday 30 August 2025
    Application.objects.filter(pk=app.pk).update(submitted_at=dt.datetime(2025, 8, 30, 10, 0, tzinfo=dt.UTC))

    client.force_login(staff.drafter)

    def act(name, **fields):
        response = client.post(reverse("applications:staff_action", args=[app.pk, name]), fields, follow=True)
        assert "已保存" in response.content.decode(), response.content.decode()[:2000]
        app.refresh_from_db()

    act("confirm_receipt", date="2025-09-01")  # a Monday: the period runs from 2 September
    act("assign", handler=staff.drafter.pk)
    act("request_correction", date="2025-09-03", deadline="2025-09-12", note="请说明所需文件的年份")
    act("receive_correction", date="2025-09-10")  # the 20 working days restart from here
    act("start_consultation", date="2025-09-15", party="某公司")
    act("end_consultation", date="2025-09-19")
    act("extend", date="2025-10-09", days="10", approved_by="陈主任", note="涉及多个部门")
    due = app.due_on
    # 20 working days after 10 September, skipping 15–19 September (consultation) and the National
    # Day holiday 1–8 October (with the 28 September and 11 October make-up working days counted),
    # then 10 more working days.
    assert due == D(2025, 11, 4)
    explanation = app.deadline_explanation
    text = str(explanation)
    for reason in ("征求", "国庆", "调休", "补正", "延长"):
        assert reason in text, reason
    act("decide", decision="partially_disclosed", decided_on="2025-10-30", reason="部分内容涉及商业秘密，已区分处理。")

    # The reply waits for the 领导: no 文号, no letter, and the public sees no decision yet.
    assert app.status == "awaiting_approval" and not app.reply_number
    refused = client.get(reverse("applications:staff_letter", args=[app.pk, "docx"]), follow=True)
    assert "尚待领导审批" in refused.content.decode()
    status = client.post(reverse("applications:status"), {"tracking_number": app.tracking_number, "query_code": code})
    assert "答复待领导审批" in status.content.decode() and "部分公开" not in status.content.decode()
    detail = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert "答复已报领导审批" in detail and "批准答复" not in detail

    client.force_login(staff.leader)
    detail = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert "领导审批" in detail and "批准答复" in detail and "部分公开" in detail
    act("approve_reply", date="2025-10-31", comment="同意。")
    assert app.status == "closed" and app.decided_on == D(2025, 10, 31) and app.closed_on == D(2025, 10, 31)
    assert app.reply_approved_by == staff.leader
    detail = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert f"{staff.leader.get_username()} 批准" in detail and "领导批准答复" in detail

    client.force_login(staff.drafter)
    letter = client.get(reverse("applications:staff_letter", args=[app.pk, "docx"]))
    body = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert app.reply_number and app.reply_number in body
    assert "行政复议" in body and "行政诉讼" in body

    # the public sees the decision with the query code
    status = lookup(client, app.tracking_number, code)
    assert "部分公开" in status.content.decode()

    report = build_report(staff.org, 2025, problems="无。", other="无。")
    assert report.table3["partially_disclosed"]["social_welfare"] == 1
    assert report.table3["new_received"]["social_welfare"] == 1
    assert report.table3["total_processed"]["total"] == 1
    assert [f for f in check(report) if f.severity == "error"] == []
