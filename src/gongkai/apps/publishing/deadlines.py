"""第二十六条 publication limit: 20 working days from the date the information was made or changed.

The working-day arithmetic belongs to the framework-free core (``gongkai.core.deadlines``): statutory holidays
and 调休 from ``chinesecalendar`` (years it does not know yet are computed provisionally by the core).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

#: 条例第二十六条: “自该政府信息形成或者变更之日起20个工作日内”.
PUBLICATION_WORKING_DAYS = 20


def _calendar():
    """The platform's working-day calendar: chinesecalendar plus the operator's holiday table when present."""
    from django.apps import apps

    if apps.is_installed("gongkai.apps.applications"):
        from gongkai.apps.applications.calendar import holiday_calendar

        return holiday_calendar()
    return _plain_calendar()


@lru_cache(maxsize=1)
def _plain_calendar():
    from gongkai.core.workdays import HolidayCalendar

    return HolidayCalendar()


def publication_due(formed_on: dt.date | None) -> dt.date | None:
    """The last day to publish information formed or changed on *formed_on*, or None when unknown."""
    if formed_on is None:
        return None
    from gongkai.core.deadlines import publication_deadline

    return publication_deadline(formed_on, _calendar()).due
