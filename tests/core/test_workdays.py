"""Working-day calendar: chinesecalendar base, override table on top, provisional years."""

import datetime as dt
import json
import re

import pytest

from gongkai.core.exceptions import CalendarError, InvalidDateError
from gongkai.core.workdays import CalendarEntry, DayKind, HolidayCalendar, parse_date

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return HolidayCalendar()


def test_national_day_2025_kinds(cal):
    # 国办发明电〔2024〕12号: 10月1日至8日放假, 9月28日（周日）、10月11日（周六）上班.
    assert cal.day(D(2025, 9, 28)).kind is DayKind.MAKEUP_WORKDAY
    assert cal.day(D(2025, 9, 28)).name == "国庆节"
    assert cal.day(D(2025, 10, 1)).kind is DayKind.HOLIDAY
    assert cal.day(D(2025, 10, 1)).label == "法定节假日（国庆节）"
    assert cal.day(D(2025, 10, 8)).kind is DayKind.REST_IN_LIEU
    assert cal.day(D(2025, 10, 11)).is_workday
    assert cal.day(D(2025, 10, 12)).kind is DayKind.WEEKEND
    assert cal.day(D(2025, 10, 9)).kind is DayKind.WORKDAY


def test_spring_festival_2024(cal):
    # 2024 春节: 2月10日至17日放假, 2月4日（周日）、2月18日（周日）上班.
    assert not cal.is_workday(D(2024, 2, 16))
    assert cal.day(D(2024, 2, 10)).name == "春节"
    assert cal.is_workday(D(2024, 2, 4))
    assert cal.is_workday(D(2024, 2, 18))
    assert not cal.is_workday(D(2024, 2, 3))


def test_covered_years(cal):
    assert cal.covers(2024) and cal.covers(2026)
    assert not cal.covers(2027)


def test_provisional_year_assumption(cal):
    monday = cal.day(D(2027, 3, 1))
    assert monday.provisional and monday.source == "assumed" and monday.is_workday
    assert "暂定" in monday.label
    assert cal.day(D(2027, 3, 6)).kind is DayKind.WEEKEND
    new_year = cal.day(D(2027, 1, 1))  # a Friday, but 元旦 is a fixed-date holiday
    assert new_year.kind is DayKind.HOLIDAY and new_year.name == "元旦" and new_year.provisional


def test_override_wins_over_chinesecalendar():
    cal = HolidayCalendar(
        [
            CalendarEntry(D(2025, 10, 9), DayKind.HOLIDAY, "地方假日"),
            CalendarEntry(D(2025, 10, 12), DayKind.MAKEUP_WORKDAY, "补班"),
        ]
    )
    assert cal.day(D(2025, 10, 9)).kind is DayKind.HOLIDAY
    assert cal.day(D(2025, 10, 9)).source == "override"
    assert cal.is_workday(D(2025, 10, 12))
    # Days the table does not list still come from chinesecalendar.
    assert cal.day(D(2025, 10, 1)).kind is DayKind.HOLIDAY
    assert cal.is_workday(D(2025, 9, 28))


def test_table_covers_a_year_chinesecalendar_does_not():
    cal = HolidayCalendar.from_data(
        {"years": [2027], "days": [{"date": "2027-02-08", "kind": "holiday", "name": "春节"}]}
    )
    assert cal.covers(2027)
    assert not cal.day(D(2027, 2, 8)).provisional
    assert not cal.is_workday(D(2027, 2, 8))
    plain = cal.day(D(2027, 1, 1))  # not listed: in a covered year an unlisted weekday is a working day
    assert plain.kind is DayKind.WORKDAY and not plain.provisional


def test_load_json_and_csv(tmp_path):
    j = tmp_path / "h.json"
    j.write_text(json.dumps([{"date": "2027-10-01", "kind": "法定节假日", "name": "国庆节"}]), encoding="utf-8")
    assert HolidayCalendar.load(j).day(D(2027, 10, 1)).name == "国庆节"
    c = tmp_path / "h.csv"
    c.write_text("日期,类型,名称\n2027-09-26,调休上班,国庆节\n2027-10-07,rest,国庆节\n", encoding="utf-8")
    cal = HolidayCalendar.load(c)
    assert cal.is_workday(D(2027, 9, 26))  # a Sunday
    assert cal.day(D(2027, 10, 7)).kind is DayKind.REST_IN_LIEU


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps([{"date": "2027-13-01", "kind": "holiday"}]),
        json.dumps([{"date": "2027-01-01", "kind": "party"}]),
        json.dumps([{"date": "2027-01-01", "kind": "holiday"}, {"date": "2027-01-01", "kind": "workday"}]),
        json.dumps("text"),
    ],
)
def test_bad_tables_raise_calendar_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarError):
        HolidayCalendar.load(path)


def test_missing_table_file(tmp_path):
    with pytest.raises(CalendarError):
        HolidayCalendar.load(tmp_path / "nope.json")


@pytest.mark.parametrize("text", ["2025-2-3", "2025/02/03", "2025-02-30", "", "abcdefghij", "20250203"])
def test_parse_date_rejects(text):
    with pytest.raises(InvalidDateError):
        parse_date(text)


def test_parse_date_accepts():
    assert parse_date("2024-02-29") == D(2024, 2, 29)


def test_provisional_note_is_plain_chinese():
    # Shown to staff and applicants beside a provisional due date: no library names.
    from gongkai.core.workdays import PROVISIONAL_ASSUMPTION

    assert "暂定期限" in PROVISIONAL_ASSUMPTION
    assert not re.search(r"[A-Za-z]", PROVISIONAL_ASSUMPTION)
