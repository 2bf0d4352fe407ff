"""Statutory time limits of 依申请公开 and 主动公开, counted in working days (工作日).

Everything here is a pure function over dates, a :class:`~gongkai.core.workdays.HolidayCalendar`
and, for the reply period, a list of events. Each result explains itself: every day looked at is
listed as counted or skipped, with the reason (周末、法定节假日、调休上班、征求意见期间 …).

Rules (law-and-formats.md §3, §5, §8.1):

* 条例第三十三条: reply within 20 working days "自收到申请之日起"; the day of receipt (fixed by
  第三十一条) is not counted, counting starts the next day (民法典第二百零一条).
* 条例第三十条: 补正 notice within 7 working days of receipt; the reply period restarts from the
  day the corrected application is received; no correction by the set date → 视为放弃申请.
* 条例第三十二条/第三十三条第三款: consultation of third parties (15 working days for them) or other
  agencies does not count toward the period.
* 条例第三十三条第二款: one extension of at most 20 working days, approved by the 机构负责人,
  added after the original due date.
* 条例第三十五条: a reasonable delayed reply period set by the agency for mass requests.
* 国办函〔2020〕109号: the applicant pays within 20 working days from the day after receiving the
  fee notice, otherwise 视为放弃; whether notice-to-payment time counts toward the reply period is
  UNVERIFIED — configurable, default "excluded" (:attr:`DeadlineRules.fee_pause`).
* 条例第二十六条: proactive publication within 20 working days of 形成或者变更之日.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gongkai.core.exceptions import GongkaiError
from gongkai.core.workdays import PROVISIONAL_ASSUMPTION, WEEKDAY_ZH, HolidayCalendar

__all__ = [
    "Consultation",
    "CorrectionReceived",
    "CorrectionRequested",
    "DayEntry",
    "DeadlineResult",
    "DeadlineRuleError",
    "DeadlineRules",
    "DeadlineStatus",
    "Delay",
    "Extension",
    "FeeNoticeReceived",
    "FeeNoticeSent",
    "FeePaid",
    "Pause",
    "Received",
    "add_working_days",
    "correction_notice_deadline",
    "payment_deadline",
    "publication_deadline",
    "reply_deadline",
    "third_party_deadline",
    "working_days_between",
]

#: Upper bound on the days walked by one count (guards against an all-holiday calendar).
_MAX_SPAN_DAYS = 3660


class DeadlineRuleError(GongkaiError, ValueError):
    """The events break a statutory rule or contradict each other (e.g. an extension over 20 days)."""


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    """The numbers of the rules, in working days. Defaults follow the 条例 and 国办函〔2020〕109号."""

    reply_days: int = 20  # 第三十三条
    correction_notice_days: int = 7  # 第三十条
    third_party_days: int = 15  # 第三十二条
    max_extension_days: int = 20  # 第三十三条第二款
    payment_days: int = 20  # 国办函〔2020〕109号 (V-secondary)
    publication_days: int = 20  # 第二十六条
    #: UNVERIFIED: the time from sending the fee notice to payment does not count (default).
    fee_pause: bool = True


DEFAULT_RULES = DeadlineRules()


# -- events -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Received:
    """The application was received on *date* (第三十一条 receipt rules already applied)."""

    date: dt.date


@dataclass(frozen=True, slots=True)
class CorrectionRequested:
    """A 补正 notice was sent on *date*; *deadline* is the 补正期限 it set (None: not set)."""

    date: dt.date
    deadline: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CorrectionReceived:
    """The corrected application arrived on *date*: the reply period restarts (第三十条)."""

    date: dt.date


@dataclass(frozen=True, slots=True)
class Consultation:
    """Consultation of a third party or another agency from *start* to *end* inclusive (None: still open)."""

    start: dt.date
    end: dt.date | None = None
    party: str = "第三方"


@dataclass(frozen=True, slots=True)
class Pause:
    """Any other interval (inclusive) that does not count, with a reason shown in the explanation."""

    start: dt.date
    end: dt.date | None = None
    reason: str = "期限中止"


@dataclass(frozen=True, slots=True)
class Extension:
    """An extension of *days* working days approved by the 机构负责人 (第三十三条第二款)."""

    days: int
    approved_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Delay:
    """第三十五条 delayed reply: *days* more working days, or a reply date *until* set by the agency."""

    days: int | None = None
    until: dt.date | None = None
    decided_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class FeeNoticeSent:
    """The 收费通知 was sent on *date*."""

    date: dt.date


@dataclass(frozen=True, slots=True)
class FeeNoticeReceived:
    """The applicant received the 收费通知 on *date*: the 20-working-day payment period starts."""

    date: dt.date


@dataclass(frozen=True, slots=True)
class FeePaid:
    """The fee was paid on *date*."""

    date: dt.date


Event = (
    Received
    | CorrectionRequested
    | CorrectionReceived
    | Consultation
    | Pause
    | Extension
    | Delay
    | FeeNoticeSent
    | FeeNoticeReceived
    | FeePaid
)


# -- results ----------------------------------------------------------------------------------


class DeadlineStatus(enum.StrEnum):
    """State of the clock."""

    RUNNING = "running"
    PAUSED = "paused"
    AWAITING_CORRECTION = "awaiting_correction"
    ABANDONED_NO_CORRECTION = "abandoned_no_correction"
    AWAITING_PAYMENT = "awaiting_payment"
    ABANDONED_UNPAID = "abandoned_unpaid"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    DeadlineStatus.RUNNING: "计时中",
    DeadlineStatus.PAUSED: "中止计时（征求意见等）",
    DeadlineStatus.AWAITING_CORRECTION: "等待补正",
    DeadlineStatus.ABANDONED_NO_CORRECTION: "视为放弃申请（逾期未补正）",
    DeadlineStatus.AWAITING_PAYMENT: "等待缴纳信息处理费",
    DeadlineStatus.ABANDONED_UNPAID: "视为放弃申请（逾期未缴费）",
}

_PHASE_LABELS = {
    "base": "法定期限",
    "extension": "延长期限",
    "delay": "第三十五条延期",
}


@dataclass(frozen=True, slots=True)
class DayEntry:
    """One day of the explanation: counted as the *number*-th working day, or skipped and why."""

    date: dt.date
    counted: bool
    number: int | None
    phase: str
    reason: str
    label: str
    provisional: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "weekday": WEEKDAY_ZH[self.date.weekday()],
            "counted": self.counted,
            "number": self.number,
            "phase": self.phase,
            "reason": self.reason,
            "label": self.label,
            "provisional": self.provisional,
        }

    def to_text(self) -> str:
        what = f"计第{self.number}个工作日" if self.counted else "不计"
        if self.counted and self.phase != "base":
            what += f"（{_PHASE_LABELS[self.phase]}）"
        return f"{self.date.isoformat()} {WEEKDAY_ZH[self.date.weekday()]}  {what}：{self.label}"


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    """A computed time limit and its explanation.

    Attributes:
        kind: ``reply`` (答复期限), ``publication`` (主动公开), ``payment`` (缴费期限),
            ``correction_notice`` (补正告知期限) or ``third_party`` (第三方答复期限).
        start: the day counting starts *after* (receipt, or receipt of the correction).
        due: the last day of the period; None while the clock is stopped or the case closed.
        original_due: the due date before any extension or 第三十五条 delay.
        counted: working days counted so far (all of them when *due* is set).
    """

    kind: str
    start: dt.date | None
    due: dt.date | None
    provisional: bool
    status: DeadlineStatus = DeadlineStatus.RUNNING
    working_days: int = 0
    original_due: dt.date | None = None
    extension_days: int = 0
    delay_days: int = 0
    counted: int = 0
    correction_notice_due: dt.date | None = None
    correction_deadline: dt.date | None = None
    payment_due: dt.date | None = None
    third_party_due: tuple[dt.date, ...] = ()
    days: tuple[DayEntry, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (dates as ``YYYY-MM-DD``)."""

        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "kind": self.kind,
            "due": iso(self.due),
            "provisional": self.provisional,
            "status": self.status.value,
            "status_label": self.status.label,
            "start": iso(self.start),
            "working_days": self.working_days,
            "original_due": iso(self.original_due),
            "extension_days": self.extension_days,
            "delay_days": self.delay_days,
            "counted": self.counted,
            "correction_notice_due": iso(self.correction_notice_due),
            "correction_deadline": iso(self.correction_deadline),
            "payment_due": iso(self.payment_due),
            "third_party_due": [d.isoformat() for d in self.third_party_due],
            "notes": list(self.notes),
            "days": [d.to_dict() for d in self.days],
        }

    def to_text(self) -> str:
        """Chinese explanation: the result, the notes, then every day counted or skipped."""
        title = _KIND_TITLES.get(self.kind, "期限")
        lines = []
        if self.due:
            tag = "（暂定）" if self.provisional else ""
            lines.append(f"{title}：{self.due.isoformat()} {WEEKDAY_ZH[self.due.weekday()]}{tag}")
        else:
            lines.append(f"{title}：暂无（{self.status.label}）")
        if self.start:
            total = self.working_days + self.extension_days + self.delay_days
            lines.append(f"自 {self.start.isoformat()} 次日起计算，共 {total} 个工作日，已计 {self.counted} 个")
        if self.original_due and self.original_due != self.due:
            lines.append(f"原定期限：{self.original_due.isoformat()}")
        for label, value in (
            ("补正告知期限", self.correction_notice_due),
            ("补正期限", self.correction_deadline),
            ("缴费期限", self.payment_due),
        ):
            if value:
                lines.append(f"{label}：{value.isoformat()}")
        for value in self.third_party_due:
            lines.append(f"第三方答复期限：{value.isoformat()}")
        lines.append(f"状态：{self.status.label}")
        lines.extend(f"说明：{note}" for note in self.notes)
        if self.days:
            lines.append("逐日说明：")
            lines.extend("  " + entry.to_text() for entry in self.days)
        return "\n".join(lines)


_KIND_TITLES = {
    "reply": "答复期限",
    "publication": "主动公开期限",
    "payment": "缴费期限",
    "correction_notice": "补正告知期限",
    "third_party": "第三方答复期限",
}


# -- the counter ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Interval:
    start: dt.date
    end: dt.date | None
    reason: str
    label: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(slots=True)
class _Count:
    calendar: HolidayCalendar
    pauses: Sequence[_Interval] = ()
    entries: list[DayEntry] = field(default_factory=list)
    counted: int = 0
    provisional: bool = False
    day: dt.date | None = None

    def run(self, start: dt.date, target: int, phase: str, stop_before: dt.date | None = None) -> dt.date | None:
        """Walk forward from the day after the current position until *target* days are counted.

        Returns the day the target is reached, or None if *stop_before* is reached first.
        """
        day = self.day or start
        walked = 0
        while self.counted < target:
            if day >= dt.date.max:
                raise DeadlineRuleError(f"期限超出可计算的日期范围（{dt.date.max.isoformat()} 以后），请检查日期")
            day += dt.timedelta(days=1)
            walked += 1
            if walked > _MAX_SPAN_DAYS:
                raise DeadlineRuleError("日历中找不到足够的工作日（超过十年），请检查节假日表")
            if stop_before is not None and day >= stop_before:
                self.day = day - dt.timedelta(days=1)
                return None
            info = self.calendar.day(day)
            self.provisional = self.provisional or info.provisional
            pause = next((p for p in self.pauses if p.contains(day)), None)
            if pause is not None:
                label = pause.label + ("，该日为工作日，不计入" if info.is_workday else f"（{info.label}）")
                self.entries.append(DayEntry(day, False, None, phase, pause.reason, label, info.provisional))
            elif info.is_workday:
                self.counted += 1
                self.entries.append(
                    DayEntry(day, True, self.counted, phase, info.kind.value, info.label, info.provisional)
                )
            else:
                self.entries.append(DayEntry(day, False, None, phase, info.kind.value, info.label, info.provisional))
        self.day = day
        return day


def add_working_days(
    start: dt.date,
    days: int,
    calendar: HolidayCalendar,
    *,
    kind: str = "period",
    pauses: Iterable[Pause] = (),
) -> DeadlineResult:
    """The *days*-th working day after *start* (start itself not counted), skipping *pauses*.

    Raises:
        DeadlineRuleError: *days* is negative or a pause is malformed.
    """
    if days < 0:
        raise DeadlineRuleError("工作日数不能为负数")
    intervals = [_pause_interval(p) for p in pauses]
    open_pause = next((p for p in intervals if p.end is None), None)
    count = _Count(calendar, intervals)
    due = count.run(start, days, "base", stop_before=open_pause.start if open_pause else None)
    status = DeadlineStatus.RUNNING if due else DeadlineStatus.PAUSED
    notes = _provisional_notes(count)
    return DeadlineResult(
        kind=kind,
        start=start,
        due=due,
        provisional=count.provisional,
        status=status,
        working_days=days,
        original_due=due,
        counted=count.counted,
        days=tuple(count.entries),
        notes=notes,
    )


def publication_deadline(
    formed_on: dt.date, calendar: HolidayCalendar, *, rules: DeadlineRules = DEFAULT_RULES
) -> DeadlineResult:
    """条例第二十六条: proactive publication within 20 working days of 形成或者变更之日."""
    return add_working_days(formed_on, rules.publication_days, calendar, kind="publication")


def payment_deadline(
    notice_received: dt.date, calendar: HolidayCalendar, *, rules: DeadlineRules = DEFAULT_RULES
) -> DeadlineResult:
    """国办函〔2020〕109号: pay within 20 working days from the day after the notice is received."""
    return add_working_days(notice_received, rules.payment_days, calendar, kind="payment")


def correction_notice_deadline(
    received: dt.date, calendar: HolidayCalendar, *, rules: DeadlineRules = DEFAULT_RULES
) -> DeadlineResult:
    """条例第三十条: the 补正 notice goes out within 7 working days of receipt."""
    return add_working_days(received, rules.correction_notice_days, calendar, kind="correction_notice")


def third_party_deadline(
    letter_received: dt.date, calendar: HolidayCalendar, *, rules: DeadlineRules = DEFAULT_RULES
) -> DeadlineResult:
    """条例第三十二条: the third party answers within 15 working days of receiving the letter."""
    return add_working_days(letter_received, rules.third_party_days, calendar, kind="third_party")


def working_days_between(start: dt.date, end: dt.date, calendar: HolidayCalendar) -> int:
    """Working days in the interval (start, end], i.e. counted the statutory way. 0 if end <= start."""
    total = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if calendar.is_workday(day):
            total += 1
    return total


def reply_deadline(
    events: Iterable[Event],
    calendar: HolidayCalendar,
    *,
    rules: DeadlineRules = DEFAULT_RULES,
    as_of: dt.date | None = None,
) -> DeadlineResult:
    """The 答复期限 of an application from its events (条例第三十条–第三十五条, 国办函〔2020〕109号).

    Args:
        events: exactly one :class:`Received`, plus any of the other event types, in any order.
        calendar: the working-day calendar.
        rules: the numbers (configurable; see :class:`DeadlineRules`).
        as_of: today; needed to tell that a 补正 or payment period has run out (视为放弃).

    Raises:
        DeadlineRuleError: the events contradict each other or break a statutory limit.
    """
    events = list(events)
    received = _one(events, Received, "收到申请")
    if received is None:
        raise DeadlineRuleError("缺少收到申请的日期")
    for event in events:
        for value in _event_dates(event):
            if value < received.date:
                msg = f"{_event_name(event)}的日期 {value} 早于收到申请之日 {received.date}"
                raise DeadlineRuleError(msg)
    notes: list[str] = []
    start = received.date
    correction_notice_due = correction_notice_deadline(received.date, calendar, rules=rules)
    provisional = correction_notice_due.provisional
    correction_deadline = None

    # 条例第三十条: 补正, one notice only, the period restarts on receipt of the correction.
    requested = _one(events, CorrectionRequested, "补正通知")
    corrected = _one(events, CorrectionReceived, "收到补正")
    if corrected is not None and requested is None:
        raise DeadlineRuleError("有收到补正的日期，却没有补正通知")
    if requested is not None:
        correction_deadline = requested.deadline
        if correction_deadline is not None and correction_deadline < requested.date:
            raise DeadlineRuleError("补正期限早于补正通知日期")
        assert correction_notice_due.due is not None
        if requested.date > correction_notice_due.due:
            notes.append(
                f"补正通知于 {requested.date} 发出，晚于第三十条规定的告知期限 {correction_notice_due.due}"
                "（收到申请之日起7个工作日内）"
            )
        if corrected is None:
            abandoned = as_of is not None and correction_deadline is not None and as_of > correction_deadline
            status = DeadlineStatus.ABANDONED_NO_CORRECTION if abandoned else DeadlineStatus.AWAITING_CORRECTION
            notes.append(
                f"{requested.date} 已发出补正通知"
                + (f"，补正期限 {correction_deadline}" if correction_deadline else "")
                + "；答复期限自收到补正申请之日起计算（第三十条）"
                + ("；申请人逾期未补正，视为放弃申请，行政机关不再处理" if abandoned else "")
            )
            return DeadlineResult(
                kind="reply",
                start=None,
                due=None,
                provisional=provisional,
                status=status,
                working_days=rules.reply_days,
                correction_notice_due=correction_notice_due.due,
                correction_deadline=correction_deadline,
                notes=tuple(notes),
            )
        if corrected.date < requested.date:
            raise DeadlineRuleError("收到补正的日期早于补正通知日期")
        start = corrected.date
        notes.append(
            f"{requested.date} 发出补正通知，{corrected.date} 收到补正申请，"
            f"答复期限自 {corrected.date} 次日重新起算（第三十条）"
        )
        if correction_deadline is not None and corrected.date > correction_deadline:
            notes.append(f"补正于补正期限 {correction_deadline} 之后收到，是否有正当理由须经办人确认")

    # Intervals that do not count: consultations, manual pauses, and (by default) the fee notice.
    intervals: list[_Interval] = []
    third_party_due: list[dt.date] = []
    for event in events:
        if isinstance(event, Consultation):
            intervals.append(_consultation_interval(event))
            tp = third_party_deadline(event.start, calendar, rules=rules)
            if tp.due:
                third_party_due.append(tp.due)
            provisional = provisional or tp.provisional
        elif isinstance(event, Pause):
            intervals.append(_pause_interval(event))

    payment_due = None
    fee_open = False
    sent = _one(events, FeeNoticeSent, "发出收费通知")
    notice_received = _one(events, FeeNoticeReceived, "收到收费通知")
    paid = _one(events, FeePaid, "缴费")
    if (notice_received or paid) and sent is None:
        raise DeadlineRuleError("有收费通知的送达或缴费日期，却没有发出收费通知的日期")
    if sent is not None:
        if notice_received is not None:
            if notice_received.date < sent.date:
                raise DeadlineRuleError("收到收费通知的日期早于发出日期")
            payment = payment_deadline(notice_received.date, calendar, rules=rules)
            payment_due = payment.due
            provisional = provisional or payment.provisional
        if paid is not None and paid.date < sent.date:
            raise DeadlineRuleError("缴费日期早于发出收费通知的日期")
        fee_open = paid is None
        if rules.fee_pause:
            intervals.append(
                _Interval(
                    sent.date,
                    paid.date if paid else None,
                    "fee",
                    "收费通知发出至缴费期间（按可配置规则不计入答复期限，UNVERIFIED）",
                )
            )
        if fee_open and as_of is not None and payment_due is not None and as_of > payment_due:
            notes.append(f"申请人未在缴费期限 {payment_due} 前缴费，视为放弃申请，行政机关不再处理")
            return DeadlineResult(
                kind="reply",
                start=start,
                due=None,
                provisional=provisional,
                status=DeadlineStatus.ABANDONED_UNPAID,
                working_days=rules.reply_days,
                correction_notice_due=correction_notice_due.due,
                correction_deadline=correction_deadline,
                payment_due=payment_due,
                third_party_due=tuple(third_party_due),
                notes=tuple(notes),
            )

    # 第三十三条第二款: extensions, at most 20 working days in total.
    extension_days = sum(e.days for e in events if isinstance(e, Extension))
    if any(e.days <= 0 for e in events if isinstance(e, Extension)):
        raise DeadlineRuleError("延长的工作日数必须为正整数")
    if extension_days > rules.max_extension_days:
        msg = f"延长期限合计 {extension_days} 个工作日，超过第三十三条规定的最长 {rules.max_extension_days} 个工作日"
        raise DeadlineRuleError(msg)
    delays = [e for e in events if isinstance(e, Delay)]
    if len(delays) > 1:
        raise DeadlineRuleError("第三十五条延期答复只能设定一次")
    delay = delays[0] if delays else None
    if delay is not None and (delay.days is None) == (delay.until is None):
        raise DeadlineRuleError("第三十五条延期答复须给出工作日数或答复日期之一")
    if delay is not None and delay.days is not None and delay.days <= 0:
        raise DeadlineRuleError("第三十五条延期的工作日数必须为正整数")

    # Count. An open interval stops the clock at its first day.
    open_interval = next((i for i in intervals if i.end is None), None)
    stop = open_interval.start if open_interval else None
    count = _Count(calendar, intervals)
    original_due = count.run(start, rules.reply_days, "base", stop_before=stop)
    due = original_due
    if due is not None and extension_days:
        due = count.run(start, rules.reply_days + extension_days, "extension", stop_before=stop)
        notes.append(
            f"经机构负责人同意延长 {extension_days} 个工作日，自原定期限 {original_due} 之后续算（第三十三条第二款）"
        )
    delay_days = 0
    if due is not None and delay is not None:
        if delay.days is not None:
            delay_days = delay.days
            due = count.run(start, rules.reply_days + extension_days + delay.days, "delay", stop_before=stop)
            notes.append(f"依第三十五条延期答复 {delay.days} 个工作日")
        else:
            assert delay.until is not None
            if delay.until <= due:
                raise DeadlineRuleError(f"第三十五条延期答复日期 {delay.until} 不晚于原期限 {due}")
            before = count.counted
            # Walk to the agency's date: list those days as the delayed period.
            count.run(start, 10**9, "delay", stop_before=delay.until + dt.timedelta(days=1))
            delay_days = count.counted - before
            due = delay.until
            notes.append(f"依第三十五条确定延期答复日期 {delay.until}（合理期限，由行政机关确定并告知申请人）")
    status = DeadlineStatus.RUNNING
    if due is None:
        assert open_interval is not None
        status = DeadlineStatus.AWAITING_PAYMENT if open_interval.reason == "fee" else DeadlineStatus.PAUSED
        notes.append(f"自 {open_interval.start} 起{open_interval.label}，期限中止，已计 {count.counted} 个工作日")
    if any(i.reason == "consultation" for i in intervals):
        notes.append("征求第三方或其他机关意见的时间不计算在答复期限内（第三十三条第三款）")
    return DeadlineResult(
        kind="reply",
        start=start,
        due=due,
        provisional=provisional or count.provisional,
        status=status,
        working_days=rules.reply_days,
        original_due=original_due,
        extension_days=extension_days,
        delay_days=delay_days,
        counted=count.counted,
        correction_notice_due=correction_notice_due.due,
        correction_deadline=correction_deadline,
        payment_due=payment_due,
        third_party_due=tuple(third_party_due),
        days=tuple(count.entries),
        notes=tuple(notes + list(_provisional_notes(count))),
    )


# -- helpers ----------------------------------------------------------------------------------


def _provisional_notes(count: _Count) -> tuple[str, ...]:
    if not count.provisional:
        return ()
    years = sorted({e.date.year for e in count.entries if e.provisional})
    return (f"{'、'.join(str(y) for y in years)}年：{PROVISIONAL_ASSUMPTION}",)


def _pause_interval(pause: Pause) -> _Interval:
    if pause.end is not None and pause.end < pause.start:
        msg = f"中止期间 {pause.start}..{pause.end} 的结束日早于开始日"
        raise DeadlineRuleError(msg)
    return _Interval(pause.start, pause.end, "pause", pause.reason or "期限中止")


def _consultation_interval(c: Consultation) -> _Interval:
    if c.end is not None and c.end < c.start:
        msg = f"征求意见期间 {c.start}..{c.end} 的结束日早于开始日"
        raise DeadlineRuleError(msg)
    return _Interval(c.start, c.end, "consultation", f"征求{c.party}意见期间")


def _one(events: list[Event], cls: type, what: str):  # type: ignore[no-untyped-def]
    found = [e for e in events if isinstance(e, cls)]
    if len(found) > 1:
        msg = (
            f"“{what}”只能有一次（第三十条：补正一次性告知）"
            if cls in (CorrectionRequested, CorrectionReceived)
            else f"“{what}”只能有一次"
        )
        raise DeadlineRuleError(msg)
    return found[0] if found else None


def _event_dates(event: Event) -> list[dt.date]:
    values = []
    for name in ("date", "start", "end", "deadline", "until", "approved_on", "decided_on"):
        value = getattr(event, name, None)
        if isinstance(value, dt.date):
            values.append(value)
    return values


_EVENT_NAMES = {
    Received: "收到申请",
    CorrectionRequested: "补正通知",
    CorrectionReceived: "收到补正",
    Consultation: "征求意见",
    Pause: "中止期间",
    Extension: "延长期限",
    Delay: "第三十五条延期",
    FeeNoticeSent: "发出收费通知",
    FeeNoticeReceived: "收到收费通知",
    FeePaid: "缴费",
}


def _event_name(event: Event) -> str:
    return _EVENT_NAMES.get(type(event), "事件")
