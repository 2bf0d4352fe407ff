"""Pages: public form, confirmation, status lookup; staff list, case page, actions, letters. No 500s."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from gongkai.apps.applications import services
from gongkai.apps.applications.choices import Status
from gongkai.apps.applications.models import Application
from tests.apps.applications.helpers import code_of, lookup, submit_online

from .conftest import APPLICANT, reply

D = dt.date


def form_data(org, **over):
    return {**APPLICANT, "organization": str(org.pk), **over}


def test_public_form_preview_confirm_done_and_status(client, staff):
    url = reverse("applications:apply")
    assert client.get(url).status_code == 200
    preview = client.post(url, {**form_data(staff.org), "step": "preview"})
    assert preview.status_code == 200 and "核对申请信息" in preview.content.decode()
    assert 'class="app-form"' in preview.content.decode()  # the confirm buttons get the form's button style
    assert Application.objects.count() == 0  # nothing saved before confirmation
    done = submit_online(client, form_data(staff.org))
    page = done.content.decode()
    app = Application.objects.get()
    assert app.tracking_number in page and app.status == Status.SUBMITTED
    code = page.split('id="query-code">')[1].split("<")[0]
    status = lookup(client, app.tracking_number, code)
    assert "已提交，待确认收到" in status.content.decode()
    wrong = lookup(client, app.tracking_number, "XXXXXX")
    assert (
        wrong.status_code == 200
        and "不正确" in wrong.content.decode()
        and app.description not in wrong.content.decode()
    )


def test_invalid_contact_is_not_reported_as_missing(client, staff):
    data = form_data(staff.org, phone="电话号码", email="not-an-email", address="", delivery_method="email")
    page = client.post(reverse("applications:apply"), {**data, "step": "preview"}).content.decode()
    assert "联系电话只能包含数字" in page and "请输入有效的电子邮箱地址" in page
    assert "至少填写一种联系方式" not in page
    assert "选择以电子邮件获取信息时" not in page
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"applicant_name": ""}, "此项为必填项"),
        ({"id_number": "12345"}, "18位"),
        ({"email": "not-an-email"}, "有效的电子邮箱"),
        ({"applicant_type": "martian"}, "请从列表中选择"),
        ({"organization": "999999"}, "受理机关"),
        ({"organization": "abc"}, "受理机关"),
        ({"phone": "", "email": "", "address": "", "delivery_method": "pickup"}, "至少填写一种联系方式"),
        ({"description": "x" * 6000}, "最多 5000 个字，现在 6000 个字。"),
        ({"postcode": "abcdef"}, "邮政编码应为6位数字"),
    ],
)
def test_public_form_bad_input_is_explained(client, staff, override, message):
    response = client.post(reverse("applications:apply"), {**form_data(staff.org, **override), "step": "confirm"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Application.objects.count() == 0


def test_status_lookup_bad_input(client, db):
    for params in (
        {"tracking_number": "", "query_code": ""},
        {"tracking_number": "x" * 300, "query_code": "a"},
        {"tracking_number": "GK1", "query_code": "ABCDEF"},
    ):
        response = client.post(reverse("applications:status"), params)
        assert response.status_code == 200
        assert "申请编号" in response.content.decode()


def test_staff_pages_need_login(client, staff, register):
    app = register()
    for url in (reverse("applications:staff_list"), reverse("applications:staff_detail", args=[app.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_staff_list_and_masking(client, staff, register):
    app = register()
    client.force_login(staff.leader)  # not handling staff: masked
    page = client.get(reverse("applications:staff_list"), {"view": "overdue"}).content.decode()
    assert app.tracking_number in page and "已超期" in page
    assert "张*" in page and "张三" not in page
    detail = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert "110***********1234" in detail and "110101199001011234" not in detail
    assert "13800138000" not in detail
    client.force_login(staff.drafter)  # handling staff: shown
    detail = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert "110101199001011234" in detail
    assert "逐日说明" in detail


def test_outsider_gets_403(client, staff, register):
    app = register()
    client.force_login(staff.outsider)
    assert client.get(reverse("applications:staff_detail", args=[app.pk])).status_code == 403


def test_staff_actions_through_the_page(client, staff, register):
    app = register(D(2025, 9, 26))
    client.force_login(staff.drafter)
    act = lambda name, data: client.post(reverse("applications:staff_action", args=[app.pk, name]), data, follow=True)  # noqa: E731
    page = act("start_consultation", {"date": "2025-10-09", "party": "某公司"}).content.decode()
    assert "已保存" in page
    page = act("end_consultation", {"date": "2025-10-10"}).content.decode()
    assert Application.objects.get(pk=app.pk).due_on == D(2025, 11, 3)  # 10/9, 10/10 no longer count: 10/31, 11/3 added
    page = act("extend", {"date": "2025-10-20", "days": "25"}).content.decode()
    assert "最长 20 个工作日" in page
    page = act("decide", {"decision": "bogus", "decided_on": "2025-10-20"}).content.decode()
    assert "请从列表中选择办理结果" in page
    page = act("decide", {"decision": "disclosed", "decided_on": "2025-13-40"}).content.decode()
    assert "有效日期" in page
    page = act("decide", {"decision": "disclosed", "decided_on": "2025-10-20"}).content.decode()
    assert "答复待领导审批" in page and "答复已报领导审批" in page
    assert client.post(reverse("applications:staff_action", args=[app.pk, "nonsense"])).status_code == 404


def test_reply_letters_docx_and_pdf(client, staff, register):
    import docx
    import pdfplumber

    app = register()
    app = reply(staff, app, "withheld_process_info", D(2025, 3, 20))
    client.force_login(staff.drafter)
    response = client.get(reverse("applications:staff_letter", args=[app.pk, "docx"]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "政府信息公开申请答复书" in text and app.reply_number in text
    assert "第十六条第二款" in text and "六十日内" in text and "六个月内" in text
    pdf = client.get(reverse("applications:staff_letter", args=[app.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
        pdf_text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "答复书" in pdf_text and "行政复议" in pdf_text


def test_letter_before_decision_is_refused(client, staff, register):
    app = register()
    client.force_login(staff.drafter)
    response = client.get(reverse("applications:staff_letter", args=[app.pk, "pdf"]), follow=True)
    assert "尚未作出答复" in response.content.decode()


def test_staff_register_page(client, staff):
    client.force_login(staff.drafter)
    url = reverse("applications:staff_register")
    assert f'href="{reverse("applications:staff_list")}">← 依申请公开办理' in client.get(url).content.decode()
    bad = client.post(
        url, {**APPLICANT, "organization": str(staff.org.pk), "channel": "mail", "submitted_on": "2025-03-01"}
    )
    assert "签收" in bad.content.decode() and Application.objects.count() == 0
    ok = client.post(
        url, {**APPLICANT, "organization": str(staff.org.pk), "channel": "mail", "signed_on": "2025-03-04"}, follow=True
    )
    assert "查询码" in ok.content.decode()
    assert Application.objects.get().received_on == D(2025, 3, 4)
    client.force_login(staff.reviewer)  # 审核人 cannot register
    assert client.get(url).status_code == 403


def test_attachments_upload_download_and_letter(client, staff, register, settings, tmp_path):
    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    app = register()
    client.force_login(staff.drafter)
    url = reverse("applications:staff_action", args=[app.pk, "attach"])
    empty = client.post(url, {"file": SimpleUploadedFile("空.pdf", b"")}, follow=True)
    assert "空文件" in empty.content.decode()
    missing = client.post(url, {}, follow=True)
    assert "请选择要上传的文件" in missing.content.decode()
    client.post(url, {"file": SimpleUploadedFile("预算表.pdf", b"%PDF-1.4 test")}, follow=True)
    attachment = app.attachments.get()
    download = client.get(reverse("applications:staff_attachment", args=[app.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    client.force_login(staff.outsider)
    assert client.get(reverse("applications:staff_attachment", args=[app.pk, attachment.pk])).status_code == 403
    app = reply(staff, app, "disclosed", D(2025, 3, 20))
    client.force_login(staff.drafter)
    letter = client.get(reverse("applications:staff_letter", args=[app.pk, "docx"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.content)).paragraphs)
    assert "附件：预算表" in text  # GB/T 9704 7.3.4: the name, no extension, no punctuation


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("request_correction", {"date": "2025-03-05"}, "请填写日期"),
        ("request_correction", {"date": "2025-03-05", "deadline": "2025-03-01"}, "补正期限不能早于"),
        ("start_consultation", {"date": "2025-03-05"}, "请填写征求意见对象"),
        ("start_consultation", {"date": "2025-02-01", "party": "某公司"}, "不能早于收到申请之日"),
        ("issue_fee_notice", {"method": "pages", "units": "0", "sent_on": "2025-03-05"}, "至少为 1"),
        ("issue_fee_notice", {"method": "pages", "units": "10", "sent_on": "2025-03-05"}, "0 元"),
        ("issue_fee_notice", {"method": "both", "units": "50", "sent_on": "2025-03-05"}, "请从列表中选择"),
        ("issue_fee_notice", {"method": "pieces", "units": "99999999999", "sent_on": "2025-03-05"}, "不能超过"),
        ("extend", {"date": "2025-03-05", "days": "abc"}, "请输入整数"),
        ("receive_correction", {"date": "2025-03-05"}, "不能登记补正"),
        ("end_consultation", {"date": "2025-03-05"}, "不能结束征求意见"),
        ("record_payment", {"date": "2025-03-05"}, "不能登记缴费"),
        ("close_abandoned", {"date": "2025-03-05"}, "不能按视为放弃办结"),
        ("confirm_receipt", {"date": "2025-03-05"}, "不能确认收到"),
        ("assign", {"handler": "999999"}, "承办人必须是"),
        ("assign", {"handler": "x"}, "请选择承办人"),
        ("review_case", {"filed_on": "bad"}, "有效日期"),
        ("lawsuit_case", {"filed_on": "2025-04-01", "route": "after_reconsideration"}, "请关联行政复议案件"),
    ],
)
def test_staff_action_bad_input_is_explained_and_changes_nothing(client, staff, register, name, data, message):
    from gongkai.apps.audit.models import AuditLog

    app = register()
    client.force_login(staff.leader if name in ("assign", "review_case", "lawsuit_case") else staff.drafter)
    audit_before = AuditLog.objects.count()
    response = client.post(reverse("applications:staff_action", args=[app.pk, name]), data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[page.find("messages") : page.find("messages") + 400]
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.status, fresh.due_on) == (Status.IN_PROGRESS, app.due_on)
    assert fresh.events.count() == 0
    assert AuditLog.objects.count() == audit_before


def test_notices_for_correction_extension_and_fee(client, staff, register):
    import docx

    app = register()
    client.force_login(staff.drafter)
    missing = client.get(reverse("applications:staff_notice", args=[app.pk, "correction", "docx"]), follow=True)
    assert "没有相应的办理记录" in missing.content.decode()
    app = services.application_request_correction(
        actor=staff.drafter, application=app, date=D(2025, 3, 5), deadline=D(2025, 3, 20), note="请写明文件名称"
    )
    app = services.application_receive_correction(actor=staff.drafter, application=app, date=D(2025, 3, 17))
    app = services.application_extend(
        actor=staff.leader, application=app, days=10, date=D(2025, 4, 10), reason="需要检索档案"
    )
    app = services.application_issue_fee_notice(
        actor=staff.drafter, application=app, method="pages", units=150, sent_on=D(2025, 4, 11)
    )

    def text(kind):
        response = client.get(reverse("applications:staff_notice", args=[app.pk, kind, "docx"]))
        assert response.status_code == 200
        return "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)

    assert "2025年3月20日前" in text("correction") and "请写明文件名称" in text("correction")
    extension = text("extension")
    assert "延长10个工作日" in extension and "第三十三条第二款" in extension and "需要检索档案" in extension
    # restarted 3/17 → original due 4/15; ten more working days: 4/16–18, 4/21–25, 4/27（日，调休上班）, 4/28
    assert "延长后的答复期限为2025年4月28日" in extension
    fee = text("fee")
    assert "1700元" in fee and "20个工作日内缴纳" in fee  # 70×10 + 50×20
    pdf = client.get(reverse("applications:staff_notice", args=[app.pk, "fee", "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("applications:staff_notice", args=[app.pk, "bogus", "docx"]), follow=True).status_code == 200
    )
    assert client.get(reverse("applications:staff_notice", args=[app.pk, "fee", "odt"])).status_code == 404


def test_public_status_explains_the_deadline(client, staff):
    app, code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=D(2025, 9, 26), **APPLICANT
    )
    page = lookup(client, app.tracking_number, code).content.decode()
    assert "答复期限：2025-10-30" in page
    assert "调休上班（国庆节）" in page and "法定节假日（国庆节）" in page
    assert APPLICANT["id_number"] not in page and APPLICANT["phone"] not in page


def test_staff_navigation_entry(client, staff, register):
    from gongkai.apps.staff.navigation import org_nav

    entries = {e["key"]: e["url"] for e in org_nav(staff.drafter, staff.org)}
    assert "applications" in entries
    app = register()
    client.force_login(staff.drafter)
    page = client.get(entries["applications"], follow=True).content.decode()
    assert app.tracking_number in page
    other = client.get(reverse("applications:staff_list"), {"org": str(staff.other_org.pk)}).content.decode()
    assert app.tracking_number not in other


def test_staff_action_error_keeps_what_was_typed(client, staff, register):
    app = register()
    client.force_login(staff.drafter)
    reason = "经检索，该信息由县交通运输局制作，请向其申请。"
    url = reverse("applications:staff_action", args=[app.pk, "decide"])
    response = client.post(url, {"decision": "unavailable_not_held", "decided_on": "bad", "reason": reason})
    assert response.status_code == 200
    page = response.content.decode()
    assert "有效日期" in page and reason in page
    assert Application.objects.get(pk=app.pk).decided_on is None
    response = client.post(
        reverse("applications:staff_action", args=[app.pk, "extend"]),
        {"date": "2025-03-05", "days": "25", "approved_by": "王主任", "note": "需调取档案材料"},
    )
    page = response.content.decode()
    assert "最长 20 个工作日" in page and "需调取档案材料" in page and 'value="王主任"' in page


def test_handler_is_shown_by_name(client, staff, register):
    staff.drafter.first_name = "张经办"
    staff.drafter.save()
    app = register()
    if app.handler_id is None:
        services.application_assign(actor=staff.leader, application=app, handler=staff.drafter)
    client.force_login(staff.leader)
    listing = client.get(reverse("applications:staff_list")).content.decode()
    assert "<td>张经办</td>" in listing and f"<td>{staff.drafter.username}</td>" not in listing
    detail = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert "<th>承办人</th><td>张经办</td>" in detail


def test_status_lookup_posts_so_the_query_code_stays_out_of_the_url(client, staff):
    page = client.get(reverse("applications:status")).content.decode()
    assert 'method="post"' in page
    done = submit_online(client, form_data(staff.org))
    code = code_of(done)
    app = Application.objects.get()
    response = client.post(reverse("applications:status"), {"tracking_number": app.tracking_number, "query_code": code})
    assert response.status_code == 200 and "已提交，待确认收到" in response.content.decode()
    wrong = client.post(
        reverse("applications:status"), {"tracking_number": app.tracking_number, "query_code": "XXXXXX"}
    )
    assert "不正确" in wrong.content.decode() and "已提交，待确认收到" not in wrong.content.decode()
