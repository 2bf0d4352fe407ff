"""Staff pages and the portal page of the standard catalogue; the 自查 report files; the reminders."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.apps.catalogue import services
from gongkai.apps.catalogue.models import ReminderSent
from gongkai.apps.catalogue.reminders import send_reminders
from gongkai.apps.catalogue.selectors import entries_by_area
from gongkai.apps.organizations.testing import PASSWORD
from gongkai.apps.publishing import services as pub

from .helpers import area_node, entry, publish, seeded

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_entry_list_and_edit(client):
    staff = seeded("v1")
    login(client, staff.sysadmin)
    page = client.get(reverse("catalogue:entry_list", args=[staff.org.slug]))
    text = page.content.decode()
    assert page.status_code == 200 and "社会救助领域" in text and "未指定责任人" in text
    e = entry(staff.org, "救灾", "政策文件", "法律法规")
    url = reverse("catalogue:entry_edit", args=[staff.org.slug, e.pk])
    assert client.get(url).status_code == 200
    data = {
        "area": "救灾", "number": 9, "level1": "政策文件", "level2": "法律法规", "content": e.content,
        "basis": e.basis, "time_limit": "按上级要求", "subject": e.subject, "channels": ["website"],
        "audience_public": "on", "mode_proactive": "on", "level_township": "on", "office": "应急办",
        "owner": staff.drafter.pk, "update_cycle": "event", "nodes": [area_node(staff.org, "救灾").pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.owner == staff.drafter and e.rule_flagged
    page = client.get(reverse("catalogue:entry_list", args=[staff.org.slug])).content.decode()
    assert "无法自动识别" in page and "1 条公开时限无法自动识别" in page


def test_drafter_sees_but_cannot_edit(client):
    staff = seeded("v2")
    login(client, staff.drafter)
    assert client.get(reverse("catalogue:entry_list", args=[staff.org.slug])).status_code == 200
    e = entry(staff.org, "救灾", "政策文件", "法律法规")
    assert client.get(reverse("catalogue:entry_edit", args=[staff.org.slug, e.pk])).status_code == 403
    assert client.get(reverse("catalogue:entry_import", args=[staff.org.slug])).status_code == 403
    login(client, staff.outsider)
    assert client.get(reverse("catalogue:watch", args=[staff.org.slug])).status_code == 403


def test_import_page_shows_row_errors(client):
    from openpyxl import Workbook

    staff = seeded("v3")
    login(client, staff.sysadmin)
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "一级事项", "二级事项", "公开内容（要素）", "公开时限", "公开主体", "公开渠道和载体"])
    ws.append([1, "临时救助", "", "", "20个工作日", "镇政府", "飞鸽传书"])
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "bad.xlsx"
    page = client.post(reverse("catalogue:entry_import", args=[staff.org.slug]), {"file": upload})
    text = page.content.decode()
    assert page.status_code == 200 and "未导入" in text
    assert "第2行：“公开内容（要素）”不能为空。" in text and "飞鸽传书" in text


def test_watch_page_report_files_and_portal_table(client):
    staff = seeded("v4")
    org = staff.org
    e = entry(org, "社会救助", "最低生活保障", "审核信息")
    services.entry_update(actor=None, entry=e, owner=staff.drafter, office="社会事务办")
    pub.item_create(actor=staff.drafter, organization=org, title="超期的低保名单", category=area_node(org, "社会救助"),
                    formed_on=dt.date(2020, 3, 2))
    item = publish(org, area_node(org, "救灾"), "防汛应急预案", dt.date(2025, 6, 1))
    login(client, staff.leader)
    page = client.get(reverse("catalogue:watch", args=[org.slug])).content.decode()
    assert "超期的低保名单" in page and "单项否决" in page and "社会事务办" in page
    xlsx_file = client.get(reverse("catalogue:watch_report", args=[org.slug, "xlsx"]))
    assert xlsx_file.status_code == 200 and xlsx_file.content[:2] == b"PK"
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(io.BytesIO(xlsx_file.content))["自查结论"].iter_rows() for c in row]
    assert "超期的低保名单" in cells
    pdf = client.get(reverse("catalogue:watch_report", args=[org.slug, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("catalogue:watch_report", args=[org.slug, "doc"])).status_code == 404
    client.logout()
    public = client.get(f"/{org.slug}/standard/").content.decode()
    assert "社会救助领域基层政务公开标准目录" in public and "公开渠道和载体" in public
    assert f"/{org.slug}/items/{item.pk}/" in public  # the entry links to its published item
    assert client.get("/no-such-body/standard/").status_code == 404


def test_reminders_mail_each_owner_once_a_day():
    staff = seeded("v5")
    org = staff.org
    staff.drafter.email = "drafter@example.cn"
    staff.drafter.save()
    e = entry(org, "社会救助", "最低生活保障", "审核信息")
    services.entry_update(actor=None, entry=e, owner=staff.drafter, office="社会事务办")
    pub.item_create(actor=staff.drafter, organization=org, title="超期的低保名单", category=area_node(org, "社会救助"),
                    formed_on=dt.date(2025, 9, 26))
    run = send_reminders(organization=org, today=dt.date(2025, 10, 20))
    assert run.sent == 1
    message = mail.outbox[0]
    assert message.to == ["drafter@example.cn"]
    assert "超期的低保名单" in message.body and "2025-10-16" in message.body and "单项否决" in message.body
    again = send_reminders(organization=org, today=dt.date(2025, 10, 20))
    assert again.sent == 0 and again.already_sent == 1 and len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=staff.drafter).count() == 1


def test_reminder_task_runs_through_the_queue(run_tasks):
    from gongkai.apps.catalogue.tasks import send_catalogue_reminders

    staff = seeded("v6")
    staff.drafter.email = "d6@example.cn"
    staff.drafter.save()
    e = entry(staff.org, "社会救助", "最低生活保障", "审核信息")
    services.entry_update(actor=None, entry=e, owner=staff.drafter)
    pub.item_create(actor=staff.drafter, organization=staff.org, title="排队提醒的名单",
                    category=area_node(staff.org, "社会救助"), formed_on=dt.date(2025, 9, 26))
    result = send_catalogue_reminders.enqueue(staff.org.pk, "2025-10-20")
    assert run_tasks() == 1
    assert send_catalogue_reminders.get_result(result.id).return_value["sent"] == 1
    assert [m.to for m in mail.outbox] == [["d6@example.cn"]] and "排队提醒的名单" in mail.outbox[0].body


def test_registers_on_the_portal_keep_a_column_from_being_blank():
    from gongkai.apps.catalogue.watch import watch_report
    from gongkai.apps.registers.models import ProcurementProject

    staff = seeded("v7")
    before = {c.path for c in watch_report(staff.org, today=dt.date(2025, 10, 20)).blank_columns}
    ProcurementProject.objects.create(organization=staff.org, name="办公设备", project_number="1",
                                      procured_on=dt.date(2025, 5, 1), amount=1000)
    after = {c.path for c in watch_report(staff.org, today=dt.date(2025, 10, 20)).blank_columns}
    gone = before - after
    assert len(gone) == 1 and "政府集中采购" in gone.pop()


def test_county_watch_page_lists_townships_with_their_lines(client):
    from gongkai.apps.organizations.testing import make_org, make_user

    county = make_org("督查页县人民政府", slug="v8-county")
    leader = make_user("v8-county-leader", organization=county, roles=["leader"])
    staff = seeded("v8")
    staff.org.parent = county
    staff.org.save()
    pub.item_create(actor=staff.drafter, organization=staff.org, title="乡镇超期的信息",
                    category=area_node(staff.org, "救灾"), formed_on=dt.date(2020, 3, 2))
    login(client, leader)
    page = client.get(reverse("catalogue:watch_county", args=[county.slug])).content.decode()
    assert staff.org.name in page and "乡镇超期的信息" in page
    # the county leader also sees the township's own watch page (inherited view)
    assert client.get(reverse("catalogue:watch", args=[staff.org.slug])).status_code == 200
    assert "下级机关督查" in client.get(reverse("catalogue:watch", args=[county.slug])).content.decode()


def test_seed_numbers_each_area_from_one():
    staff = seeded("v9")
    numbers = [e.number for e in entries_by_area(staff.org)["救灾"]]
    assert numbers == [1, 2, 3]
