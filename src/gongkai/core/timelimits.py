"""公开时限 as rules that compute: the time limits of the 基层政务公开标准目录 (国办发〔2019〕54号).

A county or township catalogue writes each entry's 公开时限 as text. The common shapes are read here into a
:class:`TimeLimit`; anything else stays text and is reported as unreadable, for the office to set by hand.

* **Per event, in working days** — "信息形成或者变更之日起20个工作日内", "制定或获取信息之日起10个工作日内，
  公示7个工作日" (the first count is the time limit; a 公示 period that follows is a duration, not a limit).
  Counted with :func:`gongkai.core.deadlines.add_working_days` over a
  :class:`~gongkai.core.workdays.HolidayCalendar` (statutory holidays and 调休 included; the day of the event
  is not counted).
* **Per event, in calendar days** — "本级人民代表大会或其常务委员会批准后20日内" (预算法第十四条's 20 日 are
  calendar days): the event date plus the days.
* **Per event, no number** — "及时公开", "按进展情况及时公开", "长期公开": no later than 条例第二十六条's
  20 working days from 形成或者变更之日 (the 条例's limit applies to every proactive disclosure unless a law says
  otherwise), so that is the computed due date and the explanation says so.
* **Periodic** — 每月 / 每季度 / 每半年 / 每年, optionally anchored ("每年1月31日前", "每月10日前") or offset
  from the period end ("每季度结束后15日内", "每季度后10个工作日内"). Each period has one due date; a period is
  met when something was published after the previous period's due date and no later than its own.

Pure functions over dates; no Django.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from gongkai.core.deadlines import add_working_days
from gongkai.core.workdays import HolidayCalendar

__all__ = [
    "DEFAULT_EVENT_WORKING_DAYS",
    "LimitKind",
    "Period",
    "PeriodicStatus",
    "TimeLimit",
    "event_due",
    "parse_time_limit",
    "periodic_status",
    "periods",
]

#: 条例第二十六条: “自该政府信息形成或者变更之日起20个工作日内”, the limit behind “及时公开”.
DEFAULT_EVENT_WORKING_DAYS = 20


class LimitKind(enum.StrEnum):
    WORKING_DAYS = "working_days"  # 事项发生后 N 个工作日内
    CALENDAR_DAYS = "calendar_days"  # 事项发生后 N 日内
    PROMPT = "prompt"  # 及时公开（不晚于条例第二十六条的 20 个工作日）
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    UNKNOWN = "unknown"  # 无法识别，须由科室设定

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def periodic(self) -> bool:
        return self in _MONTHS_PER_PERIOD

    @property
    def per_event(self) -> bool:
        return self in (LimitKind.WORKING_DAYS, LimitKind.CALENDAR_DAYS, LimitKind.PROMPT)


_KIND_LABELS = {
    LimitKind.WORKING_DAYS: "事项发生后按工作日计",
    LimitKind.CALENDAR_DAYS: "事项发生后按自然日计",
    LimitKind.PROMPT: "及时公开",
    LimitKind.MONTHLY: "每月",
    LimitKind.QUARTERLY: "每季度",
    LimitKind.HALF_YEARLY: "每半年",
    LimitKind.YEARLY: "每年",
    LimitKind.UNKNOWN: "无法识别",
}

_MONTHS_PER_PERIOD = {
    LimitKind.MONTHLY: 1,
    LimitKind.QUARTERLY: 3,
    LimitKind.HALF_YEARLY: 6,
    LimitKind.YEARLY: 12,
}


@dataclass(frozen=True)
class TimeLimit:
    """A 公开时限 read into a rule.

    Attributes:
        kind: what the rule is (:class:`LimitKind`).
        days: per-event rules: the count; periodic rules: the offset after the period end (``None`` when due
            at the end of the period or at an anchor day).
        working: whether ``days`` counts working days (otherwise calendar days).
        month, day: periodic anchor: due on that month/day of each period (``month`` only for yearly rules,
            e.g. 每年1月31日前 → month 1, day 31; 每月10日前 → day 10).
        text: the text read (kept for display and for the office to correct).
    """

    kind: LimitKind
    days: int | None = None
    working: bool = False
    month: int | None = None
    day: int | None = None
    text: str = ""

    @property
    def readable(self) -> bool:
        return self.kind is not LimitKind.UNKNOWN

    @property
    def explanation(self) -> str:
        """The rule in one Chinese sentence, as the watch and the entry page show it."""
        k = self.kind
        if k is LimitKind.WORKING_DAYS:
            return f"事项发生（信息形成、变更或获取）之日起 {self.days} 个工作日内，节假日和调休按工作日历计算"
        if k is LimitKind.CALENDAR_DAYS:
            return f"事项发生（批准、形成或变更）之日起 {self.days} 日内（自然日）"
        if k is LimitKind.PROMPT:
            return (
                f"及时公开；按条例第二十六条，不晚于信息形成或变更之日起 {DEFAULT_EVENT_WORKING_DAYS} 个工作日"
            )
        if k.periodic:
            return f"{k.label}公开一次，{self._periodic_due_text()}"
        return "公开时限无法自动识别，请科室设定计算规则"

    def _periodic_due_text(self) -> str:
        if self.days is not None:
            unit = "个工作日" if self.working else "日"
            return f"期末后 {self.days} {unit}内"
        if self.kind is LimitKind.YEARLY and self.month and self.day:
            return f"每年 {self.month} 月 {self.day} 日前"
        if self.day:
            return f"每期第一个月的 {self.day} 日前" if self.kind is not LimitKind.MONTHLY else f"每月 {self.day} 日前"
        return "期末前完成"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "days": self.days,
            "working": self.working,
            "month": self.month,
            "day": self.day,
            "text": self.text,
        }


# ------------------------------------------------------------------------------------------------ parsing

_FULLWIDTH = str.maketrans("０１２３４５６７８９（）：，；", "0123456789():,;")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[一二两三四五六七八九十]{1,4}(?=个?(?:工作日|日|天|月))")


def _cn_to_int(text: str) -> int:
    """二十 → 20, 十五 → 15, 三十一 → 31, 七 → 7 (numbers below 100)."""
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(text, 0)


def _normalize(text: str) -> str:
    text = re.sub(r"\s+", "", (text or "").translate(_FULLWIDTH))
    return _CN_NUMBER.sub(lambda m: str(_cn_to_int(m.group(0))), text)


_WORKING = re.compile(r"(\d{1,3})个?工作日")
_CALENDAR = re.compile(r"(\d{1,3})(?:个自然日|个日|日|天)内")
_YEAR_ANCHOR = re.compile(r"(\d{1,2})月(\d{1,2})日(?:前|之前|以前)")
_YEAR_MONTH_END = re.compile(r"(\d{1,2})月(?:底|末)(?:前|之前|以前)?")
_DAY_ANCHOR = re.compile(r"(\d{1,2})日(?:前|之前|以前)")
_PERIOD_OFFSET = re.compile(r"(?:结束|期满|终了)?(?:后|起)(\d{1,3})(个工作日|个?日|天)内")
_PROMPT = re.compile(r"及时|即时|实时|随时|按进展|动态更新|长期|常年")

_PERIOD_WORDS: tuple[tuple[LimitKind, re.Pattern[str]], ...] = (
    (LimitKind.HALF_YEARLY, re.compile(r"每半年|半年度|按半年")),
    (LimitKind.QUARTERLY, re.compile(r"每季度?|按季度?|季度")),
    (LimitKind.MONTHLY, re.compile(r"每月|按月|月度|每个月")),
    (LimitKind.YEARLY, re.compile(r"每年|按年|年度|每一年|上一年|上年")),
)


def parse_time_limit(text: str) -> TimeLimit:
    """Read a 公开时限 text into a :class:`TimeLimit` (``kind`` UNKNOWN when it cannot be read)."""
    raw = (text or "").strip()
    norm = _normalize(raw)
    if not norm:
        return TimeLimit(LimitKind.UNKNOWN, text=raw)
    period = next((kind for kind, pattern in _PERIOD_WORDS if pattern.search(norm)), None)
    # "之日起20个工作日内" is per event even when the text also names a 年度 (年度报告 …) in passing.
    working = _WORKING.search(norm)
    if working and (period is None or re.search(r"之日起|形成|变更|获取|批准|批复|作出", norm[: working.start()])):
        return TimeLimit(LimitKind.WORKING_DAYS, days=int(working.group(1)), working=True, text=raw)
    if period is not None:
        return _periodic(period, norm, raw)
    calendar_days = _CALENDAR.search(norm)
    if calendar_days:
        return TimeLimit(LimitKind.CALENDAR_DAYS, days=int(calendar_days.group(1)), text=raw)
    if _PROMPT.search(norm):
        return TimeLimit(LimitKind.PROMPT, text=raw)
    return TimeLimit(LimitKind.UNKNOWN, text=raw)


def _periodic(kind: LimitKind, norm: str, raw: str) -> TimeLimit:
    offset = _PERIOD_OFFSET.search(norm)
    if offset:
        days = int(offset.group(1))
        if 0 < days <= 366:
            return TimeLimit(kind, days=days, working="工作日" in offset.group(2), text=raw)
    if kind is LimitKind.YEARLY:
        anchor = _YEAR_ANCHOR.search(norm)
        if anchor:
            month, day = int(anchor.group(1)), int(anchor.group(2))
            if 1 <= month <= 12 and 1 <= day <= _calendar.monthrange(2001, month)[1]:
                return TimeLimit(kind, month=month, day=day, text=raw)
        month_end = _YEAR_MONTH_END.search(norm)
        if month_end and 1 <= int(month_end.group(1)) <= 12:
            month = int(month_end.group(1))
            return TimeLimit(kind, month=month, day=_calendar.monthrange(2001, month)[1], text=raw)
    elif kind is LimitKind.MONTHLY:
        anchor = _DAY_ANCHOR.search(norm)
        if anchor and 1 <= int(anchor.group(1)) <= 28:
            return TimeLimit(kind, day=int(anchor.group(1)), text=raw)
    return TimeLimit(kind, text=raw)


# ----------------------------------------------------------------------------------------------- due dates


def event_due(limit: TimeLimit, event_on: dt.date, calendar: HolidayCalendar) -> tuple[dt.date | None, bool]:
    """The due date of a per-event rule for an event on *event_on*, and whether it is provisional.

    Periodic and unknown rules have no per-event due date: ``(None, False)``.
    """
    if limit.kind is LimitKind.WORKING_DAYS:
        result = add_working_days(event_on, limit.days or 0, calendar, kind="publication")
        return result.due, result.provisional
    if limit.kind is LimitKind.PROMPT:
        result = add_working_days(event_on, DEFAULT_EVENT_WORKING_DAYS, calendar, kind="publication")
        return result.due, result.provisional
    if limit.kind is LimitKind.CALENDAR_DAYS:
        return event_on + dt.timedelta(days=limit.days or 0), False
    return None, False


@dataclass(frozen=True)
class Period:
    """One period of a periodic rule: its label (2025年第3季度), its span and its due date."""

    label: str
    start: dt.date
    end: dt.date
    due: dt.date


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _period_label(kind: LimitKind, start: dt.date) -> str:
    if kind is LimitKind.MONTHLY:
        return f"{start.year}年{start.month}月"
    if kind is LimitKind.QUARTERLY:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if kind is LimitKind.HALF_YEARLY:
        return f"{start.year}年{'上' if start.month <= 6 else '下'}半年"
    return f"{start.year}年"


def _period_due(limit: TimeLimit, start: dt.date, end: dt.date, calendar: HolidayCalendar | None) -> dt.date:
    if limit.days is not None:
        if limit.working:
            if calendar is None:
                calendar = HolidayCalendar()
            found = add_working_days(end, limit.days, calendar).due
            return found or end + dt.timedelta(days=limit.days)
        return end + dt.timedelta(days=limit.days)
    if limit.kind is LimitKind.YEARLY and limit.month and limit.day:
        # "每年1月31日前（公开上一年度）": the anchor falls after the year it reports on when it is early in the
        # year; an anchor late in the year (每年12月20日前) is due within the year itself.
        year = start.year + 1 if limit.month <= 6 else start.year
        day = min(limit.day, _calendar.monthrange(year, limit.month)[1])
        return dt.date(year, limit.month, day)
    if limit.day:
        # "每月10日前": the report of a month is due on the 10th of the next month.
        y, m = _add_months(end.year, end.month, 1)
        return dt.date(y, m, min(limit.day, _calendar.monthrange(y, m)[1]))
    return end


def periods(
    limit: TimeLimit, first: dt.date, last: dt.date, calendar: HolidayCalendar | None = None
) -> Iterator[Period]:
    """The periods of a periodic rule from the one containing *first* to the one containing *last*."""
    months = _MONTHS_PER_PERIOD.get(limit.kind)
    if months is None:
        return
    y, m = first.year, ((first.month - 1) // months) * months + 1
    while dt.date(y, m, 1) <= last:
        start = dt.date(y, m, 1)
        ny, nm = _add_months(y, m, months)
        end = dt.date(ny, nm, 1) - dt.timedelta(days=1)
        yield Period(_period_label(limit.kind, start), start, end, _period_due(limit, start, end, calendar))
        y, m = ny, nm


@dataclass(frozen=True)
class PeriodicStatus:
    """Where a periodic rule stands on *today*.

    Attributes:
        overdue: the latest period whose due date has passed without a publication (``None`` if none).
        missed: how many past periods were missed since tracking began.
        next: the next period still to be met whose due date is today or later (``None`` when the rule is not
            periodic).
    """

    overdue: Period | None
    missed: int
    next: Period | None

    @property
    def due(self) -> dt.date | None:
        """The date that matters now: the missed period's due date, else the next one's."""
        if self.overdue is not None:
            return self.overdue.due
        return self.next.due if self.next is not None else None


def periodic_status(
    limit: TimeLimit,
    *,
    since: dt.date,
    published: Iterable[dt.date],
    today: dt.date,
    calendar: HolidayCalendar | None = None,
) -> PeriodicStatus:
    """Check a periodic rule against the publication dates of its columns.

    Periods whose due date is before *since* (when the office began to track the entry) are not judged. A period
    is met by a publication after the previous period's due date and on or before its own due date.
    """
    if not limit.kind.periodic:
        return PeriodicStatus(None, 0, None)
    dates: Sequence[dt.date] = sorted(published)
    previous_due: dt.date | None = None
    overdue: Period | None = None
    missed = 0
    horizon = today + dt.timedelta(days=400)
    # start one period early so that an anchor after the period (每年1月31日前) is seen for the year before
    start = dt.date(since.year - 1, 1, 1)
    for period in periods(limit, start, horizon, calendar):
        met = any((previous_due is None or d > previous_due) and d <= period.due for d in dates)
        previous_due = period.due
        if period.due < since:
            continue
        if period.due < today:
            if not met:
                missed += 1
                overdue = period  # the latest missed period is the one to act on
            continue
        if met:
            continue
        return PeriodicStatus(overdue, missed, period)
    return PeriodicStatus(overdue, missed, None)
