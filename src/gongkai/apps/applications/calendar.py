"""The working-day calendar of the platform: chinesecalendar plus the editable holiday table."""

from __future__ import annotations

from gongkai.core.workdays import CalendarEntry, DayKind, HolidayCalendar

_KINDS = {"holiday": DayKind.HOLIDAY, "rest": DayKind.REST_IN_LIEU, "workday": DayKind.MAKEUP_WORKDAY}


def holiday_calendar() -> HolidayCalendar:
    """Build the calendar from the :class:`~gongkai.apps.applications.models.Holiday` rows (one query)."""
    from .models import Holiday

    rows = Holiday.objects.values_list("date", "kind", "name")
    return HolidayCalendar([CalendarEntry(d, _KINDS[k], n) for d, k, n in rows])
