"""Import a standard catalogue XLSX through the page, let an entry go overdue, see it on the watch page and in
the reminder e-mail — in a real browser (Debian Chromium)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import Workbook

from gongkai.apps.catalogue.models import Entry
from gongkai.apps.catalogue.reminders import send_reminders
from gongkai.apps.organizations.testing import PASSWORD, make_staff
from gongkai.apps.publishing.services import catalogue_seed_township

pytestmark = pytest.mark.browser


def catalogue_file(path, owner: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "社会救助"
    ws["A1"] = "社会救助领域基层政务公开标准目录"
    ws.append(["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
               None, "公开方式", None, "公开层级", None, None, "责任科室", "责任人", "更新周期", "对应栏目"])
    ws.append([None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请",
               "县级", "乡级", "村级"])
    ws.append([1, "最低生活保障", "审核信息", "初审对象名单及相关信息", "《社会救助暂行办法》",
               "制定或获取信息之日起10个工作日内，公示7个工作日", "乡镇人民政府", "■政府网站 ■社区/企事业单位/村公示栏（电子屏）",
               "√", "", "√", "", "", "√", "√", "社会事务办", owner, "每月", "基层政务公开标准目录/社会救助"])
    for cell in ("B2:C2", "I2:J2", "K2:L2", "M2:O2"):
        ws.merge_cells(cell)
    wb.save(path)


def test_import_overdue_watch_and_reminder(live_server, chromium_page, transactional_db, tmp_path):
    page, base = chromium_page, live_server.url
    staff = make_staff("bw")
    catalogue_seed_township(actor=None, organization=staff.org)
    staff.drafter.email = "minzheng@example.cn"
    staff.drafter.save()
    slug = staff.org.slug
    path = tmp_path / "社会救助目录.xlsx"
    catalogue_file(path, staff.drafter.username)

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", staff.sysadmin.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/staff/o/{slug}/standard/import/")
    page.set_input_files("#id_file", str(path))
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=新增 1 条")
    assert "社会救助领域" in page.content() and "社会事务办" in page.content()

    # Move the dates: the office has watched this monthly entry since three months ago and nothing was published.
    entry = Entry.objects.get(organization=staff.org, level2="审核信息")
    today = timezone.localdate()
    Entry.objects.filter(pk=entry.pk).update(tracked_since=(today.replace(day=1) - dt.timedelta(days=80)))
    page.goto(f"{base}/staff/o/{slug}/standard/watch/")
    overdue = page.inner_text("#overdue + .table-wrap")
    assert "社会救助·最低生活保障·审核信息" in overdue and "尚未公开" in overdue
    assert "社会事务办" in overdue
    assert "单项否决" in page.inner_text("#risk")
    page.goto(f"{base}/{slug}/standard/")
    page.set_viewport_size({"width": 375, "height": 800})
    assert "审核信息" in page.inner_text("table.std")
    assert page.evaluate("document.documentElement.scrollWidth") <= 376  # the table becomes cards on a phone

    run = send_reminders(organization=staff.org)
    assert run.sent == 1
    message = mail.outbox[-1]
    assert message.to == ["minzheng@example.cn"]
    assert "社会救助·最低生活保障·审核信息" in message.body and "已超期" in message.body
