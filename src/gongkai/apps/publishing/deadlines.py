"""第二十六条 publication limit: 20 working days from the date the information was made or changed.

The working-day arithmetic belongs to the framework-free core (``gongkai.core.deadlines``). Until that
module is present this returns ``None`` (the field stays empty) rather than guessing.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

#: 条例第二十六条: “自该政府信息形成或者变更之日起20个工作日内”.
PUBLICATION_WORKING_DAYS = 20


@lru_cache(maxsize=1)
def _calendar():
    from gongkai.core.workdays import HolidayCalendar

    return HolidayCalendar()


def publication_due(formed_on: dt.date | None) -> dt.date | None:
    """The last day to publish information formed or changed on *formed_on*, or None when unknown."""
    if formed_on is None:
        return None
    try:
        from gongkai.core.deadlines import publication_deadline
    except ImportError:  # the core's deadline module is not installed yet
        return None
    return publication_deadline(formed_on, _calendar()).due
