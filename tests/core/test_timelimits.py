"""公开时限 parsing and due dates (gongkai.core.timelimits)."""

import datetime as dt

import pytest

from gongkai.core.timelimits import (
    LimitKind,
    TimeLimit,
    event_due,
    parse_time_limit,
    periodic_status,
    periods,
)
from gongkai.core.workdays import HolidayCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return HolidayCalendar()


@pytest.mark.parametrize(
    ("text", "kind", "days"),
    [
        # texts as printed in published county and township catalogues
        ("信息形成或者变更之日起20个工作日内", LimitKind.WORKING_DAYS, 20),
        ("自信息形成或者变更之日起二十个工作日内予以公开", LimitKind.WORKING_DAYS, 20),
        ("信息形成或者变更之日起 20 个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定。", LimitKind.WORKING_DAYS, 20),
        ("制定或获取信息之日起10个工作日内，公示7个工作日", LimitKind.WORKING_DAYS, 10),
        ("信息形成(变更)20个工作日内", LimitKind.WORKING_DAYS, 20),
        ("20工作日", LimitKind.WORKING_DAYS, 20),
        ("本级人民代表大会或其常务委员会批准后20日内", LimitKind.CALENDAR_DAYS, 20),
        ("按进展情况及时公开", LimitKind.PROMPT, None),
        ("长期公开", LimitKind.PROMPT, None),
        ("每季度结束后15日内", LimitKind.QUARTERLY, 15),
        ("按月公开", LimitKind.MONTHLY, None),
        ("每半年公开一次", LimitKind.HALF_YEARLY, None),
    ],
)
def test_published_texts_are_read(text, kind, days):
    rule = parse_time_limit(text)
    assert rule.kind is kind
    assert rule.days == days
    assert rule.readable
    assert rule.text == text


def test_yearly_anchor_is_read():
    rule = parse_time_limit("每年1月31日前公开上一年度公开年度报告")
    assert (rule.kind, rule.month, rule.day) == (LimitKind.YEARLY, 1, 31)
    assert parse_time_limit("每年3月底前").day == 31


@pytest.mark.parametrize("text", ["", "   ", "视情况而定", "按上级要求", "另行通知"])
def test_unreadable_text_stays_text_and_is_flagged(text):
    rule = parse_time_limit(text)
    assert rule.kind is LimitKind.UNKNOWN and not rule.readable
    assert "无法自动识别" in rule.explanation
    assert event_due(rule, D(2025, 3, 3), HolidayCalendar()) == (None, False)


def test_working_days_count_holidays_and_tiaoxiu(cal):
    # 2025 国庆/中秋: 10-1..10-8 off, Sunday 9-28 and Saturday 10-11 are 调休 working days.
    rule = parse_time_limit("信息形成或者变更之日起20个工作日内")
    due, provisional = event_due(rule, D(2025, 9, 26), cal)
    assert due == D(2025, 10, 30) and not provisional


def test_prompt_is_bounded_by_article_26(cal):
    rule = parse_time_limit("及时公开")
    assert event_due(rule, D(2025, 9, 26), cal)[0] == D(2025, 10, 30)


def test_calendar_days_are_calendar_days(cal):
    rule = parse_time_limit("本级人民代表大会或其常务委员会批准后20日内")
    assert event_due(rule, D(2025, 1, 20), cal) == (D(2025, 2, 9), False)


def test_quarter_periods_and_labels():
    rule = parse_time_limit("每季度结束后15日内")
    found = list(periods(rule, D(2025, 2, 1), D(2025, 8, 1)))
    assert [p.label for p in found] == ["2025年第1季度", "2025年第2季度", "2025年第3季度"]
    assert [p.due for p in found] == [D(2025, 4, 15), D(2025, 7, 15), D(2025, 10, 15)]


def test_monthly_anchor_falls_in_the_next_month():
    rule = parse_time_limit("每月10日前")
    first = next(periods(rule, D(2025, 12, 5), D(2025, 12, 5)))
    assert (first.label, first.due) == ("2025年12月", D(2026, 1, 10))


def test_periodic_status_finds_the_missed_period():
    rule = TimeLimit(LimitKind.MONTHLY)
    status = periodic_status(rule, since=D(2025, 1, 1), published=[D(2025, 1, 15), D(2025, 3, 3)], today=D(2025, 4, 10))
    # January met, February missed (due 2-28), March met, April open and due 4-30.
    assert status.overdue is not None and status.overdue.label == "2025年2月"
    assert status.missed == 1
    assert status.next.label == "2025年4月" and status.due == D(2025, 2, 28)


def test_periodic_status_when_current_period_is_met():
    rule = TimeLimit(LimitKind.QUARTERLY)
    status = periodic_status(rule, since=D(2025, 1, 1), published=[D(2025, 3, 1), D(2025, 4, 2)], today=D(2025, 4, 10))
    assert status.overdue is None and status.missed == 0
    assert status.next.label == "2025年第3季度" and status.due == D(2025, 9, 30)


def test_yearly_report_due_next_january():
    rule = parse_time_limit("每年1月31日前公开上一年度公开年度报告")
    on_time = periodic_status(rule, since=D(2024, 6, 1), published=[D(2025, 1, 20)], today=D(2025, 2, 5))
    assert on_time.overdue is None and on_time.next.due == D(2026, 1, 31)
    late = periodic_status(rule, since=D(2024, 6, 1), published=[], today=D(2025, 2, 5))
    assert late.overdue.label == "2024年" and late.overdue.due == D(2025, 1, 31)


def test_periods_before_tracking_are_not_judged():
    rule = TimeLimit(LimitKind.MONTHLY)
    status = periodic_status(rule, since=D(2025, 4, 1), published=[], today=D(2025, 4, 10))
    assert status.overdue is None and status.next.due == D(2025, 4, 30)


def test_per_event_rule_has_no_periods():
    rule = parse_time_limit("信息形成或者变更之日起20个工作日内")
    assert list(periods(rule, D(2025, 1, 1), D(2025, 12, 31))) == []
    assert periodic_status(rule, since=D(2025, 1, 1), published=[], today=D(2025, 6, 1)).due is None


def test_to_dict_round_trip_fields():
    rule = parse_time_limit("每季度后10个工作日内")
    assert rule.to_dict() == {
        "kind": "quarterly",
        "days": 10,
        "working": True,
        "month": None,
        "day": None,
        "text": "每季度后10个工作日内",
    }
