"""Properties of the working-day counter that hold for any date (Hypothesis)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.deadlines import Extension, Pause, Received, add_working_days, reply_deadline, working_days_between
from gongkai.core.workdays import HolidayCalendar

CAL = HolidayCalendar()
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 6, 30))


@settings(max_examples=150, deadline=None)
@given(received=dates, days=st.integers(min_value=1, max_value=40))
def test_due_is_the_nth_working_day(received, days):
    result = add_working_days(received, days, CAL)
    assert CAL.is_workday(result.due)
    assert working_days_between(received, result.due, CAL) == days
    assert working_days_between(received, result.due - dt.timedelta(days=1), CAL) == days - 1
    assert [e.number for e in result.days if e.counted] == list(range(1, days + 1))


@settings(max_examples=150, deadline=None)
@given(received=dates, start=st.integers(min_value=0, max_value=30), length=st.integers(min_value=0, max_value=20))
def test_a_pause_never_brings_the_due_date_forward(received, start, length):
    first = received + dt.timedelta(days=start)
    pause = Pause(first, first + dt.timedelta(days=length))
    plain = reply_deadline([Received(received)], CAL).due
    paused = reply_deadline([Received(received), pause], CAL)
    assert paused.due >= plain
    skipped_workdays = sum(1 for e in paused.days if e.reason == "pause" and CAL.is_workday(e.date))
    assert working_days_between(received, paused.due, CAL) == 20 + skipped_workdays


@settings(max_examples=100, deadline=None)
@given(received=dates, extend=st.integers(min_value=1, max_value=20))
def test_extension_counts_from_the_original_due_date(received, extend):
    result = reply_deadline([Received(received), Extension(extend)], CAL)
    assert result.due == add_working_days(result.original_due, extend, CAL).due
