"""The freshness watch: overdue entries and items, due soon, stale and blank columns, the 单项否决 statement."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from gongkai.apps.catalogue import services
from gongkai.apps.catalogue.watch import county_report, watch_report
from gongkai.apps.organizations.testing import make_org
from gongkai.apps.publishing import services as pub
from gongkai.apps.publishing.models import CatalogueNode

from .helpers import area_node, entry, publish, seeded

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 10, 20)


def test_item_overdue_by_the_entry_limit_with_holidays(settings):
    staff = seeded("w1")
    org = staff.org
    e = entry(org, "社会救助", "最低生活保障", "审核信息")  # 10 working days
    services.entry_update(actor=None, entry=e, owner=staff.drafter, office="社会事务办")
    # formed 2025-09-26: 10 working days with the National Day holidays and 调休 → due 2025-10-14
    item = pub.item_create(actor=staff.drafter, organization=org, title="低保初审名单", category=area_node(org, "社会救助"),
                           formed_on=dt.date(2025, 9, 26))
    report = watch_report(org, today=TODAY)
    line = next(line for line in report.overdue if line.title == item.title)
    assert line.due == dt.date(2025, 10, 16)
    assert line.owner_text == "社会事务办 " + (staff.drafter.get_full_name() or staff.drafter.username)
    # the day before the due date it is "due soon", not overdue
    soon = watch_report(org, today=dt.date(2025, 10, 15))
    assert item.title in [line.title for line in soon.due_soon]
    assert item.title not in [line.title for line in soon.overdue]


def test_item_without_entry_uses_article_26():
    staff = seeded("w2")
    node = CatalogueNode.objects.get(organization=staff.org, code="local.management")
    item = pub.item_create(actor=staff.drafter, organization=staff.org, title="会议通知", category=node,
                           formed_on=dt.date(2025, 9, 1))
    line = next(line for line in watch_report(staff.org, today=TODAY).overdue if line.title == item.title)
    assert line.due == item.publish_due and "条例第二十六条" in line.detail
    assert staff.drafter.username in line.owner_text or "起草人" in line.owner_text


def test_monthly_entry_overdue_when_a_month_is_missed():
    staff = seeded("w3")
    org = staff.org
    e = entry(org, "社会救助", "最低生活保障", "审核信息")
    services.entry_update(actor=None, entry=e, owner=staff.drafter, update_cycle="monthly",
                          tracked_since=dt.date(2025, 7, 1))
    node = area_node(org, "社会救助")
    publish(org, node, "7月低保公示", dt.date(2025, 7, 10))
    publish(org, node, "8月低保公示", dt.date(2025, 8, 10))
    report = watch_report(org, today=TODAY)
    line = next(line for line in report.overdue if line.what == "entry")
    assert line.due == dt.date(2025, 9, 30) and "2025年9月" in line.detail
    publish(org, node, "9月低保公示", dt.date(2025, 9, 28))
    report = watch_report(org, today=dt.date(2025, 10, 27))
    assert not [line for line in report.overdue if line.what == "entry"]
    assert any(line.what == "entry" and line.due == dt.date(2025, 10, 31) for line in report.due_soon)


def test_stale_and_blank_columns_and_the_veto_statement():
    staff = seeded("w4")
    org = staff.org
    policies = CatalogueNode.objects.get(organization=org, code="local.policies")  # 政策文件及解读: 6 months
    publish(org, policies, "旧政策", dt.date(2025, 3, 1))
    report = watch_report(org, today=TODAY)
    stale = [c.path for c in report.stale_columns]
    assert stale == ["政策文件及解读"]
    assert "已有 1 个栏目超期未更新，达到 5 个即单项否决。" in report.risk_statements
    assert any(s.startswith("首页已 ") for s in report.risk_statements)  # last update 2025-03-01
    blank = len(report.blank_columns)
    assert blank >= 5 and f"已有 {blank} 个空白栏目，已达到单项否决标准（5 个）。" in report.risk_statements
    assert report.veto_reached and report.has_overdue
    # four more stale 动态 columns reach the veto for stale columns too
    for i in range(4):
        node = CatalogueNode.objects.create(organization=org, name=f"工作动态{i}", sort_order=90 + i)
        publish(org, node, "动态", dt.date(2025, 9, 1))
    report = watch_report(org, today=TODAY)
    assert "已有 5 个栏目超期未更新，已达到单项否决标准（5 个）。" in report.risk_statements


def test_thresholds_are_configurable(settings, tmp_path):
    from gongkai.apps.catalogue import inspection

    path = tmp_path / "t.json"
    path.write_text(json.dumps({"stale_veto": 2, "blank_veto": 100}), encoding="utf-8")
    settings.GONGKAI_CATALOGUE_INSPECTION = str(path)
    inspection._load.cache_clear()
    try:
        staff = seeded("w5")
        report = watch_report(staff.org, today=TODAY)
        assert report.thresholds.stale_veto == 2 and report.thresholds.origin == str(path)
        assert any("达到 100 个即单项否决" in s for s in report.risk_statements)
    finally:
        settings.GONGKAI_CATALOGUE_INSPECTION = ""
        inspection._load.cache_clear()


def test_flags_unset_limit_and_missing_owner():
    staff = seeded("w6")
    e = entry(staff.org, "救灾", "政策文件", "法律法规")
    services.entry_update(actor=None, entry=e, time_limit="按上级要求")
    report = watch_report(staff.org, today=TODAY)
    states = {(line.state, line.title) for line in report.flags}
    assert ("unset", str(e)) in states and ("unowned", str(e)) in states


def test_county_report_covers_townships():
    county = make_org("督查县人民政府", slug="w7-county")
    staff = seeded("w7")
    staff.org.parent = county
    staff.org.save()
    report = county_report(county, today=TODAY)
    assert [r.organization for r in report.bodies] == [staff.org]


def test_watch_command_json_and_exit_codes(capsys):
    staff = seeded("w8")
    org = staff.org
    e = entry(org, "社会救助", "最低生活保障", "审核信息")
    services.entry_update(actor=None, entry=e, owner=staff.drafter, office="社会事务办")
    pub.item_create(actor=staff.drafter, organization=org, title="低保初审名单", category=area_node(org, "社会救助"),
                    formed_on=dt.date(2025, 9, 26))
    with pytest.raises(SystemExit) as exc:
        call_command("catalogue", "watch", "--org", org.slug, "--json", "--today", "2025-10-20")
    assert exc.value.code == 1
    data = json.loads(capsys.readouterr().out)
    overdue = [line for line in data["overdue"] if line["title"] == "低保初审名单"]
    assert overdue[0]["due"] == "2025-10-16" and overdue[0]["owners"][0]["office"] == "社会事务办"
    assert data["risk"] and data["veto_reached"] is True
    with pytest.raises(SystemExit) as exc:
        call_command("catalogue", "watch", "--org", "no-such-body")
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == "没有找到机关“no-such-body”（请填写网址标识，如 silizhen）。"


def test_watch_command_exit_zero_when_nothing_is_overdue(capsys):
    org = make_org("整洁镇人民政府", slug="w9-town")
    node = CatalogueNode.objects.create(organization=org, name="工作动态")
    publish(org, node, "今日动态", TODAY)
    call_command("catalogue", "watch", "--org", org.slug, "--today", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "已超期：0" in out and "已有 0 个栏目超期未更新" in out


def test_a_policy_without_interpretation_is_flagged_after_the_grace_days(settings):
    from gongkai.apps.publishing.models import Item

    settings.GONGKAI_POLICY_INTERPRETATION_DAYS = 3
    staff = seeded("w-interp")
    org = staff.org
    column = CatalogueNode.objects.filter(organization=org).first()
    policy = pub.item_import_published(
        actor=None, organization=org, title="思礼镇防汛应急预案", category=column, published_on=dt.date(2025, 10, 10), kind="policy"
    )
    flagged = [line.title for line in watch_report(org, today=TODAY).flags if line.state == "no_interpretation"]
    assert flagged == ["思礼镇防汛应急预案"]
    # within the grace days it is not flagged yet
    assert not [line for line in watch_report(org, today=dt.date(2025, 10, 12)).flags if line.state == "no_interpretation"]
    pub.item_import_published(
        actor=None, organization=org, title="《思礼镇防汛应急预案》解读", category=column, published_on=dt.date(2025, 10, 11),
        kind="interpretation", interprets=policy,
    )
    assert not [line for line in watch_report(org, today=TODAY).flags if line.state == "no_interpretation"]
    assert Item.objects.filter(interprets=policy).count() == 1
