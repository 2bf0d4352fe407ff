"""Reply periods (条例第三十条–第三十五条). Expected dates were counted by hand on the 国办 notices:

* 2025 国庆/中秋: 10月1日–8日 off, 9月28日（日）and 10月11日（六）working.
* 2025 春节: 1月28日–2月4日 off, 1月26日（日）and 2月8日（六）working.
* 2024 中秋/国庆: 9月15–17日, 10月1–7日 off; 9月14日（六）, 9月29日（日）, 10月12日（六）working.
* 2024 春节: 2月10–17日 off; 2月4日（日）, 2月18日（日）working.
* 2025 清明 4月4–6日 off; 劳动节 5月1–5日 off, 4月27日（日）working.
"""

import datetime as dt
import json

import pytest

from gongkai.core.deadlines import (
    Consultation,
    CorrectionReceived,
    CorrectionRequested,
    DeadlineRuleError,
    DeadlineRules,
    DeadlineStatus,
    Delay,
    Extension,
    FeeNoticeReceived,
    FeeNoticeSent,
    FeePaid,
    Pause,
    Received,
    add_working_days,
    payment_deadline,
    publication_deadline,
    reply_deadline,
    working_days_between,
)
from gongkai.core.workdays import CalendarEntry, DayKind, HolidayCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return HolidayCalendar()


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2025, 9, 26), D(2025, 10, 30)),  # 国庆 with two 调休 weekend days counted
        (D(2025, 1, 20), D(2025, 2, 21)),  # 春节 2025
        (D(2024, 9, 20), D(2024, 10, 23)),  # 中秋 + 国庆 2024
        (D(2024, 2, 1), D(2024, 3, 5)),  # 春节 2024
        (D(2025, 3, 3), D(2025, 3, 31)),  # an ordinary month
    ],
)
def test_reply_due_across_holidays(cal, received, due):
    result = reply_deadline([Received(received)], cal)
    assert result.due == due
    assert not result.provisional
    assert result.status is DeadlineStatus.RUNNING
    counted = [e for e in result.days if e.counted]
    assert len(counted) == 20 and counted[-1].date == due
    assert result.days[0].date == received + dt.timedelta(days=1)  # 次日起算
    assert working_days_between(received, due, cal) == 20


def test_explanation_names_every_skipped_day(cal):
    result = reply_deadline([Received(D(2025, 9, 26))], cal)
    by_date = {e.date: e for e in result.days}
    assert not by_date[D(2025, 9, 27)].counted and by_date[D(2025, 9, 27)].label == "周末"
    assert by_date[D(2025, 9, 28)].counted and by_date[D(2025, 9, 28)].number == 1
    assert by_date[D(2025, 9, 28)].label == "调休上班（国庆节）"
    assert by_date[D(2025, 10, 6)].label == "法定节假日（中秋节）"
    assert by_date[D(2025, 10, 8)].reason == DayKind.REST_IN_LIEU.value
    assert by_date[D(2025, 10, 11)].counted and by_date[D(2025, 10, 11)].number == 6
    assert len(result.days) == (D(2025, 10, 30) - D(2025, 9, 26)).days  # no day left out
    text = result.to_text()
    assert "2025-09-28 星期日  计第1个工作日：调休上班（国庆节）" in text
    assert "2025-10-01 星期三  不计：法定节假日（国庆节）" in text


def test_pause_days_do_not_count(cal):
    result = reply_deadline([Received(D(2025, 3, 3)), Pause(D(2025, 3, 10), D(2025, 3, 14), "征求意见")], cal)
    # 3/4–3/7 = 4, 3/17–3/28 = 14, 3/31–4/3 = 18, 4/4 清明 skipped, 4/7 = 19, 4/8 = 20.
    assert result.due == D(2025, 4, 8)
    paused = [e for e in result.days if e.reason == "pause"]
    assert [e.date for e in paused] == [D(2025, 3, d) for d in range(10, 15)]
    assert all("不计入" in e.label for e in paused)
    assert next(e for e in result.days if e.date == D(2025, 4, 4)).label == "法定节假日（清明节）"


def test_consultation_pause_and_third_party_period(cal):
    events = [Received(D(2025, 3, 3)), Consultation(D(2025, 3, 10), D(2025, 3, 14))]
    result = reply_deadline(events, cal)
    assert result.due == D(2025, 4, 8)
    assert result.third_party_due == (D(2025, 3, 31),)  # 15 working days after 3/10
    assert any("第三十三条第三款" in n for n in result.notes)
    assert {e.reason for e in result.days if not e.counted} >= {"consultation", "weekend"}


def test_open_consultation_stops_the_clock(cal):
    result = reply_deadline([Received(D(2025, 3, 3)), Consultation(D(2025, 3, 10))], cal)
    assert result.due is None
    assert result.status is DeadlineStatus.PAUSED
    assert result.counted == 4  # 3/4–3/7


def test_extension_after_original_due(cal):
    result = reply_deadline([Received(D(2025, 3, 3)), Extension(20)], cal)
    assert result.original_due == D(2025, 3, 31)
    # 4/1–4/3 = 3, 4/7–4/11 = 8, 4/14–4/18 = 13, 4/21–4/25 = 18, 4/27（日，调休上班）= 19, 4/28 = 20.
    assert result.due == D(2025, 4, 28)
    ext = [e for e in result.days if e.phase == "extension" and e.counted]
    assert len(ext) == 20 and ext[0].date == D(2025, 4, 1)
    assert next(e for e in ext if e.date == D(2025, 4, 27)).label == "调休上班（劳动节）"


def test_extensions_over_twenty_are_refused(cal):
    assert reply_deadline([Received(D(2025, 3, 3)), Extension(10), Extension(10)], cal).extension_days == 20
    with pytest.raises(DeadlineRuleError):
        reply_deadline([Received(D(2025, 3, 3)), Extension(21)], cal)
    with pytest.raises(DeadlineRuleError):
        reply_deadline([Received(D(2025, 3, 3)), Extension(0)], cal)


def test_correction_restarts_the_period(cal):
    events = [
        Received(D(2025, 3, 3)),
        CorrectionRequested(D(2025, 3, 5), deadline=D(2025, 3, 20)),
        CorrectionReceived(D(2025, 3, 17)),
    ]
    result = reply_deadline(events, cal)
    assert result.start == D(2025, 3, 17)
    # 3/18–3/21 = 4, 3/24–3/28 = 9, 3/31–4/3 = 13, 4/7–4/11 = 18, 4/14 = 19, 4/15 = 20.
    assert result.due == D(2025, 4, 15)
    assert result.correction_notice_due == D(2025, 3, 12)  # 7 working days after 3/3
    assert result.days[0].date == D(2025, 3, 18)
    assert any("重新起算" in n for n in result.notes)


def test_late_correction_notice_is_flagged(cal):
    events = [Received(D(2025, 3, 3)), CorrectionRequested(D(2025, 3, 13)), CorrectionReceived(D(2025, 3, 14))]
    result = reply_deadline(events, cal)
    assert any("晚于第三十条" in n for n in result.notes)


def test_awaiting_then_abandoned_correction(cal):
    events = [Received(D(2025, 3, 3)), CorrectionRequested(D(2025, 3, 5), deadline=D(2025, 3, 20))]
    waiting = reply_deadline(events, cal, as_of=D(2025, 3, 20))
    assert waiting.status is DeadlineStatus.AWAITING_CORRECTION and waiting.due is None
    gone = reply_deadline(events, cal, as_of=D(2025, 3, 21))
    assert gone.status is DeadlineStatus.ABANDONED_NO_CORRECTION
    assert any("视为放弃" in n for n in gone.notes)


def test_fee_notice_pause_default_and_configurable(cal):
    events = [
        Received(D(2025, 3, 3)),
        FeeNoticeSent(D(2025, 3, 10)),
        FeeNoticeReceived(D(2025, 3, 11)),
        FeePaid(D(2025, 3, 14)),
    ]
    assert reply_deadline(events, cal).due == D(2025, 4, 8)  # 3/10..3/14 excluded (default)
    assert reply_deadline(events, cal, rules=DeadlineRules(fee_pause=False)).due == D(2025, 3, 31)
    # 3/12–3/14 = 3, 3/17–3/21 = 8, 3/24–3/28 = 13, 3/31–4/3 = 17, 4/7 = 18, 4/8 = 19, 4/9 = 20.
    assert reply_deadline(events, cal).payment_due == D(2025, 4, 9)
    assert payment_deadline(D(2025, 3, 11), cal).due == D(2025, 4, 9)


def test_unpaid_fee(cal):
    events = [Received(D(2025, 3, 3)), FeeNoticeSent(D(2025, 3, 10)), FeeNoticeReceived(D(2025, 3, 11))]
    waiting = reply_deadline(events, cal, as_of=D(2025, 4, 9))
    assert waiting.status is DeadlineStatus.AWAITING_PAYMENT and waiting.due is None
    gone = reply_deadline(events, cal, as_of=D(2025, 4, 10))
    assert gone.status is DeadlineStatus.ABANDONED_UNPAID


def test_delay_article_35(cal):
    by_days = reply_deadline([Received(D(2025, 3, 3)), Delay(days=10)], cal)
    # after 3/31: 4/1, 4/2, 4/3, 4/7, 4/8, 4/9, 4/10, 4/11, 4/14, 4/15
    assert by_days.due == D(2025, 4, 15) and by_days.delay_days == 10
    by_date = reply_deadline([Received(D(2025, 3, 3)), Delay(until=D(2025, 5, 30))], cal)
    assert by_date.due == D(2025, 5, 30)
    assert by_date.days[-1].date == D(2025, 5, 30) and by_date.days[-1].phase == "delay"
    with pytest.raises(DeadlineRuleError):
        reply_deadline([Received(D(2025, 3, 3)), Delay(until=D(2025, 3, 20))], cal)


def test_year_not_covered_is_provisional(cal):
    result = reply_deadline([Received(D(2027, 3, 1))], cal)
    assert result.provisional
    assert result.due == D(2027, 3, 29)  # weekdays only: 3/2–3/5, 8–12, 15–19, 22–26, 29
    assert any("暂定" in n or "尚未发布" in n for n in result.notes)
    assert all(e.provisional for e in result.days)


def test_december_2026_runs_into_provisional_2027(cal):
    result = reply_deadline([Received(D(2026, 12, 15))], cal)
    # 12/16–12/18 = 3, 12/21–25 = 8, 12/28–31 = 12, 1/1 元旦 (assumed), 1/4–8 = 17, 1/11–13 = 20.
    assert result.due == D(2027, 1, 13)
    assert result.provisional
    assert "（暂定）" in result.to_text()


def test_override_table_wins(cal):
    local = HolidayCalendar([CalendarEntry(D(2025, 10, 13), DayKind.HOLIDAY, "地方假日")])
    assert reply_deadline([Received(D(2025, 9, 26))], local).due == D(2025, 10, 31)
    table_2027 = HolidayCalendar.from_data({"years": [2027], "days": []})
    result = reply_deadline([Received(D(2027, 3, 1))], table_2027)
    assert result.due == D(2027, 3, 29) and not result.provisional


def test_publication_deadline_same_counter(cal):
    result = publication_deadline(D(2025, 9, 26), cal)
    assert result.kind == "publication" and result.due == D(2025, 10, 30)


def test_add_working_days_zero_and_negative(cal):
    assert add_working_days(D(2025, 3, 3), 0, cal).due == D(2025, 3, 3)
    with pytest.raises(DeadlineRuleError):
        add_working_days(D(2025, 3, 3), -1, cal)


@pytest.mark.parametrize(
    "events",
    [
        [],
        [Received(D(2025, 3, 3)), Received(D(2025, 3, 4))],
        [Received(D(2025, 3, 3)), Pause(D(2025, 3, 1), D(2025, 3, 5))],
        [Received(D(2025, 3, 3)), Pause(D(2025, 3, 10), D(2025, 3, 5))],
        [Received(D(2025, 3, 3)), CorrectionReceived(D(2025, 3, 10))],
        [Received(D(2025, 3, 3)), CorrectionRequested(D(2025, 3, 5)), CorrectionRequested(D(2025, 3, 6))],
        [Received(D(2025, 3, 3)), FeePaid(D(2025, 3, 10))],
    ],
)
def test_contradictory_events(cal, events):
    with pytest.raises(DeadlineRuleError):
        reply_deadline(events, cal)


def test_json_shape(cal):
    data = reply_deadline([Received(D(2025, 9, 26)), Extension(5)], cal).to_dict()
    text = json.dumps(data, ensure_ascii=False)
    back = json.loads(text)
    assert back["due"] == "2025-11-06" and back["provisional"] is False
    assert back["original_due"] == "2025-10-30" and back["extension_days"] == 5
    assert back["days"][1] == {
        "date": "2025-09-28",
        "weekday": "星期日",
        "counted": True,
        "number": 1,
        "phase": "base",
        "reason": "makeup_workday",
        "label": "调休上班（国庆节）",
        "provisional": False,
    }
