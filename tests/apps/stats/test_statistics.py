"""The statistics agree with the annual report's figures for the same body and year; the county adds up."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.apps.annual.records import build_report, publication_stats
from gongkai.apps.applications.calendar import holiday_calendar
from gongkai.apps.stats.selectors import scope_organizations, statistics_for
from gongkai.core.deadlines import working_days_between

from .conftest import YEAR

pytestmark = pytest.mark.django_db
D = dt.date


def test_statistics_agree_with_the_annual_report(county):
    org = county.a.org
    stats = statistics_for(organizations=[org], year=YEAR, today=D(2026, 1, 15))
    report = build_report(org, YEAR)
    t2, t3, t4 = report.table2, report.table3, report.table4
    # 收到申请数 and the applicant types (table 3 一、本年新收)
    assert stats.received == t3["new_received"]["total"] == 6
    columns = {"自然人": "natural_person", "商业企业": "commercial", "科研机构": "research",
               "社会公益组织": "social_welfare", "法律服务机构": "legal_service", "其他": "other_org"}  # fmt: skip
    assert {label: n for label, n in stats.applicant_types} == {
        label: t3["new_received"][key] for label, key in columns.items()
    }
    # 办理结果 (table 3 三): 予以公开 and the total processed
    outcomes = dict(stats.outcomes)
    assert outcomes["予以公开"] == t3["disclosed"]["total"] == 2
    assert outcomes["部分公开"] == t3["partially_disclosed"]["total"] == 1
    assert outcomes["其他处理"] == t3["other_unpaid_fee"]["total"] == 1
    assert stats.closed == t3["total_processed"]["total"] == 6
    # 复议/诉讼 (table 4), result as of 31 December
    remedies = {label: counts for label, counts in stats.remedies}
    assert remedies["行政复议"] == tuple(t4["reconsideration"][k] for k in ("upheld", "corrected", "other", "pending"))
    assert sum(remedies["行政复议"]) == t4["reconsideration"]["total"] == 2
    assert sum(remedies["行政诉讼（未经复议直接起诉）"]) == t4["litigation_direct"]["total"] == 1
    # items per category and per channel (一、总体情况's figures)
    published = publication_stats(org, YEAR)
    assert stats.per_category == published.per_category
    assert stats.items_total == published.total == 6
    assert sorted(n for _, n in stats.per_channel) == sorted(n for _, _, n in published.per_channel)
    # registers (table 2, 2021 format)
    documents = dict(stats.documents)
    assert documents["规范性文件"][0] == t2["normative_documents"]["made"] == 1
    assert dict(stats.decisions)["行政许可"] == t2["licensing"]["decisions"] == 5
    assert stats.procurement[0] == 1 and str(stats.procurement[1]) == "32.2526"


def test_months_channels_and_categories(county):
    stats = statistics_for(organizations=[county.a.org], year=YEAR)
    portal, wechat = stats.monthly_items["政府网站"], stats.monthly_items["政务微信公众号"]
    assert portal[0] == 2 and portal[2] == 1 and portal[10] == 1 and sum(portal) == 4
    assert wechat[0] == 1 and wechat[2] == 1 and sum(wechat) == 2
    assert dict(stats.per_category) == {"概况信息": 2, "综合管理信息": 1, "政策文件及解读": 1}
    assert stats.monthly_applications[1] == 1 and stats.monthly_applications[11] == 1
    assert dict(stats.app_channels) == {"网上申请平台": 0, "当面提交": 3, "邮寄": 1, "传真": 1, "电子邮件": 1}


def test_days_to_answer_median_p90_and_on_time_share(county):
    stats = statistics_for(organizations=[county.a.org], year=YEAR, today=D(2026, 1, 15))
    calendar = holiday_calendar()
    # the year's replies (the abandoned one made no reply), in working days received → 办结
    replies = [(D(2024, 12, 23), D(2025, 1, 6)), (D(2025, 2, 10), D(2025, 2, 14)), (D(2025, 3, 3), D(2025, 3, 17)),
               (D(2025, 4, 1), D(2025, 4, 29)), (D(2025, 6, 2), D(2025, 7, 14))]  # fmt: skip
    days = sorted(working_days_between(a, b, calendar) for a, b in replies)
    t = stats.timeliness
    assert t.answered == 5
    assert t.median == days[2]  # nearest rank: the 3rd of 5
    assert t.p90 == days[4]  # ⌈0.9 × 5⌉ = 5th
    assert t.mean == pytest.approx(sum(days) / 5)
    assert (t.on_time, t.late) == (4, 1)
    assert t.on_time_share == pytest.approx(0.8) and t.late_share == pytest.approx(0.2)
    assert sum(n for _, n in t.histogram) == 5
    # 2025-12-29's application is open and past its period by mid-February
    assert statistics_for(organizations=[county.a.org], year=YEAR, today=D(2026, 2, 20)).overdue_open == 1
    assert stats.overdue_open == 0


def test_county_adds_up_its_townships(county):
    bodies = scope_organizations(county.county_leader, county.county)
    assert [o.name for o in bodies] == ["统计县人民政府", "甲镇人民政府", "乙镇人民政府"]  # no 村委会
    total = statistics_for(organizations=bodies, year=YEAR)
    a = statistics_for(organizations=[county.a.org], year=YEAR)
    b = statistics_for(organizations=[county.b.org], year=YEAR)
    assert total.received == a.received + b.received == 7
    assert total.items_total == a.items_total + b.items_total == 7
    assert dict(total.per_category)["概况信息"] == 3  # same-named categories of two bodies add up
    assert dict(total.outcomes)["予以公开"] == 3
    assert total.timeliness.answered == 6
    rows = {row.organization.name: row for row in total.bodies}
    assert (rows["甲镇人民政府"].received, rows["乙镇人民政府"].received, rows["统计县人民政府"].received) == (6, 1, 0)
    assert rows["甲镇人民政府"].reconsideration == 2 and rows["甲镇人民政府"].litigation == 1
    assert rows["乙镇人民政府"].on_time_share == 1.0


def test_scope_follows_the_permissions(county):
    # a township's staff sees its own body only; the county's 经办人 (no inherited view) only the county
    assert scope_organizations(county.a.drafter, county.a.org) == [county.a.org]
    assert scope_organizations(county.a.drafter, county.b.org) == []
    assert scope_organizations(county.county_drafter, county.county) == [county.county]
    assert scope_organizations(county.county_leader, county.a.org) == [county.a.org]
    assert scope_organizations(county.a.auditor, county.a.org) == []  # 审计管理员: the audit log only


def test_queries_do_not_grow_with_the_records(county, django_assert_max_num_queries):
    bodies = scope_organizations(county.county_leader, county.county)
    with django_assert_max_num_queries(15):
        statistics_for(organizations=bodies, year=YEAR)
