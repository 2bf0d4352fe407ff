"""What is waiting for a person (工作台 / 待办): a registry that every app feeds, like the navigation.

An app registers a *provider* with :func:`register_waiting` in its ``AppConfig.ready`` (or a ``waiting.py``
imported there). A provider is called as ``provider(user=..., organizations=[...], today=...)`` and returns
:class:`WaitingLine` objects: the work of that app waiting for *user* in those organizations (``mine=True``)
and, for the people who answer for the office (领导, and the roles each app names), the office's other open
work (``mine=False``). The shell imports no app: it only calls the providers, adds the working days left
and sorts by urgency.

Working days come from the calendar an app registers with :func:`register_calendar` (the applications app
gives its editable holiday table); without one, the core's calendar (statutory holidays and 调休).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from gongkai.core.deadlines import working_days_between

__all__ = [
    "WaitingLine",
    "Workbench",
    "register_calendar",
    "register_waiting",
    "waiting_calendar",
    "waiting_for",
    "working_days_left",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WaitingLine:
    """One piece of work waiting for someone.

    ``key`` identifies the thing and its step (``applications.application:12``), stable across days: the
    notifications use it so that a notice about one thing is not sent twice. ``what`` is the kind of work in
    a few words (待审核, 申请即将到期); ``nav`` the key of the navigation entry it belongs to (for the counts).
    """

    key: str
    what: str
    title: str
    url: str
    organization: str
    due: dt.date | None = None
    mine: bool = True
    note: str = ""
    nav: str = ""
    organization_slug: str = ""
    #: Filled in by the shell: working days from today to ``due`` (0 = due today, negative = overdue).
    days_left: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def state(self) -> str:
        """``overdue``, ``due_soon`` (within 3 working days), ``open`` (later) or ``undated``."""
        if self.days_left is None:
            return "undated"
        if self.days_left < 0:
            return "overdue"
        if self.days_left <= 3:
            return "due_soon"
        return "open"

    @property
    def days_text(self) -> str:
        """The days left in words: 已超期 5 个工作日 / 今天到期 / 剩 3 个工作日 / —."""
        if self.days_left is None:
            return "—"
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 个工作日"
        if self.days_left == 0:
            return "今天到期"
        return f"剩 {self.days_left} 个工作日"


Provider = Callable[..., Iterable[WaitingLine]]

_PROVIDERS: dict[str, Provider] = {}
_CALENDAR: list[Callable[[], object]] = []


def register_waiting(name: str, provider: Provider) -> None:
    """Add or replace the provider called *name* (one per app)."""
    _PROVIDERS[name] = provider


def register_calendar(factory: Callable[[], object]) -> None:
    """Use *factory()* (a :class:`gongkai.core.workdays.HolidayCalendar`) to count working days."""
    _CALENDAR[:] = [factory]


def waiting_calendar():
    if _CALENDAR:
        return _CALENDAR[0]()
    from gongkai.core.workdays import HolidayCalendar

    return HolidayCalendar()


def working_days_left(due: dt.date | None, today: dt.date, calendar) -> int | None:
    """Working days from *today* to *due*: 0 when due today, negative once past (days overdue)."""
    if due is None:
        return None
    if due >= today:
        return working_days_between(today, due, calendar)
    return -max(working_days_between(due, today, calendar), 1)


def _urgency(line: WaitingLine) -> tuple:
    return (
        line.days_left is None,
        line.days_left if line.days_left is not None else 0,
        line.due or dt.date.max,
        line.title,
    )


@dataclass
class Workbench:
    """Everything waiting for one person, sorted by urgency: ``mine`` first, then the office's."""

    mine: list[WaitingLine] = field(default_factory=list)
    office: list[WaitingLine] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.mine)

    @property
    def overdue_count(self) -> int:
        return sum(1 for line in self.mine if line.overdue)

    def counts_by_nav(self, organization_slug: str) -> dict[str, int]:
        """How many of *my* lines each navigation entry of one organization has."""
        counts: dict[str, int] = {}
        for line in self.mine:
            if line.nav and line.organization_slug == organization_slug:
                counts[line.nav] = counts.get(line.nav, 0) + 1
        return counts


def waiting_for(*, user, organizations: Iterable, today: dt.date | None = None) -> Workbench:
    """Ask every provider what waits for *user* in *organizations*; add the days left; sort by urgency.

    A provider that fails is logged and named in ``failed`` (the page says which part is missing) instead of
    taking the whole 工作台 down.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    organizations = list(organizations)
    bench = Workbench()
    if not organizations or not getattr(user, "is_authenticated", False):
        return bench
    calendar = waiting_calendar()
    seen: set[tuple[str, bool]] = set()
    for name, provider in sorted(_PROVIDERS.items()):
        try:
            lines = list(provider(user=user, organizations=organizations, today=today))
        except Exception:
            logger.exception("waiting provider %s failed", name)
            bench.failed.append(name)
            continue
        for line in lines:
            if (line.key, line.mine) in seen:
                continue
            seen.add((line.key, line.mine))
            line = replace(line, days_left=working_days_left(line.due, today, calendar))
            (bench.mine if line.mine else bench.office).append(line)
    mine_keys = {line.key for line in bench.mine}
    bench.office = [line for line in bench.office if line.key not in mine_keys]
    bench.mine.sort(key=_urgency)
    bench.office.sort(key=_urgency)
    return bench
