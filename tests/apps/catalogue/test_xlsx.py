"""XLSX import and export in the published layout: merged cells, ticks, channels, atomic import with row errors."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.catalogue import services, xlsx
from gongkai.apps.catalogue.models import Entry
from gongkai.apps.catalogue.selectors import entries_by_area

from .helpers import seeded

pytestmark = pytest.mark.django_db


def published_sheet(rows, *, title="某县社会救助领域基层政务公开标准目录", extra=True):
    """A sheet laid out like the county catalogues: title, two header rows, merged 一级事项."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = title
    top = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
           "公开对象", None, "公开方式", None, "公开层级", None]
    sub = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
           "县级", "乡、村级"]
    if extra:
        top += ["责任科室", "责任人", "更新周期", "对应栏目"]
        sub += [None, None, None, None]
    ws.append(top)
    ws.append(sub)
    for row in rows:
        ws.append(row)
    ws.merge_cells("B2:C2")
    ws.merge_cells("I2:J2")
    ws.merge_cells("K2:L2")
    ws.merge_cells("M2:N2")
    return wb, ws


def to_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ROW = ["制定或获取信息之日起10个工作日内", "乡镇人民政府", "■政府网站 □政府公报 ■社区/企事业单位/村公示栏(电子屏)",
       "√", "", "√", "", "", "√"]


def test_import_published_layout_with_merged_level1():
    staff = seeded("x1")
    wb, ws = published_sheet(
        [
            [1, "特困人员救助供养", "办事指南", "办理事项、办理条件、救助供养标准", "《社会救助暂行办法》", *ROW,
             "社会事务办", "x1-drafter", "每月", "基层政务公开标准目录/社会救助"],
            [2, None, "审核信息", "初审对象名单及相关信息", "《社会救助暂行办法》", *ROW, "社会事务办", "", "", ""],
        ]
    )
    ws.merge_cells("B4:B5")
    result = services.entries_import(actor=staff.sysadmin, organization=staff.org, data=to_bytes(wb), filename="a.xlsx")
    assert (result.created, result.updated) == (2, 0)
    second = Entry.objects.get(organization=staff.org, level2="审核信息", level1="特困人员救助供养")
    assert second.area == "社会救助"  # from the title row, the county's name stripped
    assert second.channels == ["website", "notice_board"]
    assert second.audience_public and not second.audience_specific and second.mode_proactive
    assert second.level_township and not second.level_county
    first = Entry.objects.get(organization=staff.org, level2="办事指南", level1="特困人员救助供养")
    assert first.owner == staff.drafter and first.update_cycle == "monthly"
    assert [(n.parent.code, n.name) for n in first.nodes.all()] == [("area", "社会救助")]
    log = AuditLog.objects.get(action="catalogue.entries.import")
    assert log.after["created"] == 2 and log.after["file"] == "a.xlsx"


def test_import_is_all_or_nothing_with_chinese_row_errors():
    staff = seeded("x2")
    before = Entry.objects.filter(organization=staff.org).count()
    wb, _ws = published_sheet(
        [
            [1, "特困人员救助供养", "办事指南", "要素", "依据", *ROW, "", "", "", ""],
            [2, "特困人员救助供养", "审核信息", "", "依据", *ROW, "", "无此人", "每周", "没有的栏目"],
            [3, "临时救助", "办事指南", "要素", "依据", "20个工作日", "镇政府", "■微博", "是的", "", "√", "", "", "√",
             "", "", "", ""],
        ]
    )
    with pytest.raises(ValidationError) as exc:
        services.entries_import(actor=staff.sysadmin, organization=staff.org, data=to_bytes(wb))
    messages = exc.value.messages
    text = "\n".join(messages)
    assert "工作表“Sheet1”第5行：“公开内容（要素）”不能为空。" in messages
    assert "第5行：责任人“无此人”不是本机关的工作人员" in text
    assert "第5行：更新周期“每周”" in text
    assert "第5行：没有名为“没有的栏目”的栏目" in text
    assert "第6行：公开渠道“微博”不在规定的渠道列表中" in text
    assert "第6行：“全社会”列应为“√”或留空" in text
    assert Entry.objects.filter(organization=staff.org).count() == before  # nothing written
    assert not AuditLog.objects.filter(action="catalogue.entries.import").exists()


def test_not_an_xlsx_file_is_refused_in_chinese():
    staff = seeded("x3")
    with pytest.raises(ValidationError) as exc:
        services.entries_import(actor=staff.sysadmin, organization=staff.org, data=b"%PDF-1.4 not a workbook")
    assert "不是有效的 XLSX" in exc.value.messages[0]


def test_export_then_import_round_trip():
    staff = seeded("x4")
    data = xlsx.write_workbook(entries_by_area(staff.org), node_label=services.node_labeller(staff.org))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["财政预决算", "救灾", "社会救助", "涉农补贴"]  # the 54号 order of areas
    ws = wb["社会救助"]
    assert ws["A1"].value == "社会救助领域基层政务公开标准目录"
    assert ws["B2"].value == "公开事项" and ws["B3"].value == "一级事项" and ws["C3"].value == "二级事项"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "B2:C2" in merged and "I2:J2" in merged and "M2:O2" in merged
    assert "B4:B5" in merged  # 综合业务 over two rows
    assert "■政府网站" in ws["H4"].value and "□政府公报" in ws["H4"].value
    # change one cell and import the file back: one update, nothing created
    ws["F4"] = "每季度结束后15日内"
    out = io.BytesIO()
    wb.save(out)
    result = services.entries_import(actor=staff.sysadmin, organization=staff.org, data=out.getvalue())
    assert result.created == 0 and result.updated == Entry.objects.filter(organization=staff.org).count()
    changed = Entry.objects.get(organization=staff.org, area="社会救助", level1="综合业务", level2="政策法规文件")
    assert changed.rule_kind == "quarterly"
    assert Entry.objects.get(organization=staff.org, area="救灾", level2="法律法规").channels == [
        "website", "reading_point", "service_center"]


@pytest.mark.parametrize(
    ("cell", "codes", "unknown"),
    [
        ("■政府网站 □政府公报 □两微一端 ■公开查阅点 ■政务服务中心", ["website", "reading_point", "service_center"], []),
        ("政府网站、12345热线", ["website", "hotline"], []),
        ("■政府网站 ■电报", ["website"], ["电报"]),
        ("", [], []),
    ],
)
def test_channel_cells(cell, codes, unknown):
    assert xlsx.parse_channels(cell) == (codes, unknown)
