"""Working-day calendar (工作日历): statutory holidays, 调休 rest days and 调休 working days.

The base is the ``chinesecalendar`` package, which carries the State Council's annual
《国务院办公厅关于XXXX年部分节假日安排的通知》 up to the last year it knows. An operator-maintained
override table (passed in as data) takes precedence over it, day by day. A year that neither
covers is *provisional*: its days are classified by an explicit assumption (see
:data:`PROVISIONAL_ASSUMPTION`) and every result computed over it is marked provisional.

A 调休 Saturday or Sunday (调休上班) counts as a working day and a weekday turned into a rest day
does not (law-and-formats.md §5, §8.3 — UNVERIFIED practice, documented in
docs/deadlines-and-fees.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.exceptions import CalendarError, InvalidDateError

__all__ = [
    "PROVISIONAL_ASSUMPTION",
    "CalendarEntry",
    "DayInfo",
    "DayKind",
    "HolidayCalendar",
    "WEEKDAY_ZH",
    "parse_date",
]

WEEKDAY_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

#: chinesecalendar's English holiday names → the official Chinese names.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

#: Fixed-date statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision) assumed in a
#: provisional year. Lunar-calendar holidays (春节、清明节、端午节、中秋节) and 调休 cannot be
#: known before the annual notice and are NOT assumed.
PROVISIONAL_FIXED_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}

PROVISIONAL_ASSUMPTION = (
    "该年度节假日安排尚未发布（内置节假日数据与本地节假日表均未覆盖），暂按以下假定计算："
    "周一至周五为工作日，周六、周日休息；元旦（1月1日）、劳动节（5月1日、2日）、国庆节（10月1日至3日）"
    "按固定日期休息；春节、清明节、端午节、中秋节及调休安排未计入。结果为暂定期限，"
    "国务院办公厅发布当年节假日安排后须在节假日表中补录并重新计算。"
)


class DayKind(enum.StrEnum):
    """What kind of day a date is, for working-day counting."""

    WORKDAY = "workday"  # 工作日
    WEEKEND = "weekend"  # 周末
    HOLIDAY = "holiday"  # 法定节假日
    REST_IN_LIEU = "rest_in_lieu"  # 调休休息日（工作日调为休息）
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班（周末调为工作日）

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_workday(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


_KIND_LABELS = {
    DayKind.WORKDAY: "工作日",
    DayKind.WEEKEND: "周末",
    DayKind.HOLIDAY: "法定节假日",
    DayKind.REST_IN_LIEU: "调休休息",
    DayKind.MAKEUP_WORKDAY: "调休上班",
}

#: Spellings accepted for the ``kind`` column of an override table.
_KIND_ALIASES = {
    "holiday": DayKind.HOLIDAY,
    "法定节假日": DayKind.HOLIDAY,
    "节假日": DayKind.HOLIDAY,
    "假日": DayKind.HOLIDAY,
    "rest": DayKind.REST_IN_LIEU,
    "rest_in_lieu": DayKind.REST_IN_LIEU,
    "调休休息": DayKind.REST_IN_LIEU,
    "休息": DayKind.REST_IN_LIEU,
    "workday": DayKind.MAKEUP_WORKDAY,
    "makeup_workday": DayKind.MAKEUP_WORKDAY,
    "调休上班": DayKind.MAKEUP_WORKDAY,
    "上班": DayKind.MAKEUP_WORKDAY,
    "工作日": DayKind.MAKEUP_WORKDAY,
}


def parse_date(value: str | dt.date, *, what: str = "日期") -> dt.date:
    """Parse a strict ``YYYY-MM-DD`` date.

    Raises:
        InvalidDateError: the text is not a valid calendar date in that form.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        msg = f"{what}“{value}”不是 YYYY-MM-DD 格式的日期"
        raise InvalidDateError(msg)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{what}“{value}”不是有效的日期"
        raise InvalidDateError(msg) from None


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One row of the override table (节假日表): a date, its kind and the holiday's name."""

    date: dt.date
    kind: DayKind
    name: str = ""

    def __post_init__(self) -> None:
        if self.kind in (DayKind.WORKDAY, DayKind.WEEKEND):
            msg = f"节假日表 {self.date}：类型只能是法定节假日、调休休息或调休上班"
            raise CalendarError(msg)


@dataclass(frozen=True, slots=True)
class DayInfo:
    """How the calendar classifies one date.

    ``source`` is ``"override"`` (the local table), ``"chinesecalendar"`` or ``"assumed"``
    (a provisional year; see :data:`PROVISIONAL_ASSUMPTION`).
    """

    date: dt.date
    kind: DayKind
    name: str
    source: str
    provisional: bool

    @property
    def is_workday(self) -> bool:
        return self.kind.is_workday

    @property
    def label(self) -> str:
        """Chinese reason, e.g. ``法定节假日（国庆节）`` or ``调休上班（春节）``."""
        text = self.kind.label
        if self.name:
            text += f"（{self.name}）"
        if self.provisional:
            text += "［暂定］"
        return text


class HolidayCalendar:
    """Working-day calendar: chinesecalendar as base, an override table on top.

    Args:
        entries: override rows; they win over chinesecalendar for their dates.
        covered_years: years the override table declares complete (the whole annual notice
            entered). A year with at least one entry is also taken as covered.
        use_chinesecalendar: turn the package off (tests, or an operator who wants only the table).

    Raises:
        CalendarError: the same date appears twice with different kinds.
    """

    def __init__(
        self,
        entries: Iterable[CalendarEntry] = (),
        *,
        covered_years: Iterable[int] = (),
        use_chinesecalendar: bool = True,
    ) -> None:
        self._overrides: dict[dt.date, CalendarEntry] = {}
        for entry in entries:
            previous = self._overrides.get(entry.date)
            if previous is not None and previous.kind != entry.kind:
                msg = f"节假日表中 {entry.date} 出现两次且类型矛盾（{previous.kind.label} / {entry.kind.label}）"
                raise CalendarError(msg)
            self._overrides[entry.date] = entry
        self._table_years = set(covered_years) | {d.year for d in self._overrides}
        self._cc = _load_chinesecalendar() if use_chinesecalendar else None

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def from_data(cls, data: Mapping[str, object] | list[object], **kwargs: object) -> HolidayCalendar:
        """Build from parsed JSON: ``{"years": [2027], "days": [{"date", "kind", "name"}]}`` or a bare list."""
        if isinstance(data, list):
            rows, years = data, []
        elif isinstance(data, Mapping):
            rows = data.get("days", [])
            years = data.get("years", [])
        else:
            raise CalendarError("节假日表应为 JSON 对象或数组")
        if not isinstance(rows, list) or not isinstance(years, list):
            raise CalendarError("节假日表的 days 与 years 应为数组")
        entries = [_entry_from_mapping(row, i + 1) for i, row in enumerate(rows)]
        try:
            covered = [int(y) for y in years]
        except (TypeError, ValueError):
            raise CalendarError("节假日表的 years 应为年份数字") from None
        return cls(entries, covered_years=covered, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_csv_text(cls, text: str, **kwargs: object) -> HolidayCalendar:
        """Build from CSV with a header ``date,kind,name`` (Chinese headers 日期,类型,名称 also accepted)."""
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        if not reader.fieldnames:
            raise CalendarError("节假日表 CSV 为空")
        header = {h.strip(): h for h in reader.fieldnames if h}
        aliases = {"date": ("date", "日期"), "kind": ("kind", "类型"), "name": ("name", "名称")}
        cols = {}
        for key, options in aliases.items():
            cols[key] = next((header[o] for o in options if o in header), None)
        if cols["date"] is None or cols["kind"] is None:
            raise CalendarError("节假日表 CSV 需要 date 与 kind 两列（或 日期、类型）")
        entries = []
        for line_no, row in enumerate(reader, start=2):
            mapping = {k: (row.get(c) or "") for k, c in cols.items() if c is not None}
            entries.append(_entry_from_mapping(mapping, line_no))
        return cls(entries, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: str | Path, **kwargs: object) -> HolidayCalendar:
        """Read an override table from a ``.json`` or ``.csv`` file.

        Raises:
            CalendarError: the file is missing, unreadable or malformed.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"无法读取节假日表 {path}：{exc.__class__.__name__}"
            raise CalendarError(msg) from None
        if path.suffix.lower() == ".csv":
            return cls.from_csv_text(text, **kwargs)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"节假日表 {path} 不是有效的 JSON（第{exc.lineno}行）"
            raise CalendarError(msg) from None
        return cls.from_data(data, **kwargs)

    # -- queries -----------------------------------------------------------------------------

    def covers(self, year: int) -> bool:
        """Whether *year* is known (by the table or by chinesecalendar), i.e. not provisional."""
        if year in self._table_years:
            return True
        return self._cc is not None and self._cc.covers(year)

    def day(self, date: dt.date) -> DayInfo:
        """Classify *date*."""
        entry = self._overrides.get(date)
        if entry is not None:
            return DayInfo(date, entry.kind, entry.name, "override", False)
        weekend = date.weekday() >= 5
        if self._cc is not None and self._cc.covers(date.year):
            return self._cc.day(date)
        if date.year in self._table_years:
            # The table covers a year chinesecalendar does not know: a day it does not list is
            # an ordinary day (the operator entered the year's whole 国办 notice).
            return DayInfo(date, DayKind.WEEKEND if weekend else DayKind.WORKDAY, "", "override", False)
        name = PROVISIONAL_FIXED_HOLIDAYS.get((date.month, date.day))
        if name:
            return DayInfo(date, DayKind.HOLIDAY, name, "assumed", True)
        return DayInfo(date, DayKind.WEEKEND if weekend else DayKind.WORKDAY, "", "assumed", True)

    def is_workday(self, date: dt.date) -> bool:
        return self.day(date).is_workday


class _ChineseCalendar:
    """Thin adapter over the chinesecalendar package (imported lazily)."""

    def __init__(self, module: object) -> None:
        self._holidays: dict[dt.date, str] = module.holidays  # type: ignore[attr-defined]
        self._workdays: dict[dt.date, str] = module.workdays  # type: ignore[attr-defined]
        self._in_lieu: dict[dt.date, str] = module.in_lieu_days  # type: ignore[attr-defined]
        known = set(self._holidays) | set(self._workdays)
        self._years = {d.year for d in known}

    def covers(self, year: int) -> bool:
        return year in self._years

    def day(self, date: dt.date) -> DayInfo:
        if date in self._workdays:
            return DayInfo(date, DayKind.MAKEUP_WORKDAY, _zh(self._workdays[date]), "chinesecalendar", False)
        if date in self._in_lieu:
            return DayInfo(date, DayKind.REST_IN_LIEU, _zh(self._in_lieu[date]), "chinesecalendar", False)
        if date in self._holidays:
            return DayInfo(date, DayKind.HOLIDAY, _zh(self._holidays[date]), "chinesecalendar", False)
        kind = DayKind.WEEKEND if date.weekday() >= 5 else DayKind.WORKDAY
        return DayInfo(date, kind, "", "chinesecalendar", False)


def _zh(name: str | None) -> str:
    if not name:
        return ""
    return HOLIDAY_NAMES_ZH.get(name, name)


_CC_CACHE: list[_ChineseCalendar | None] = []


def _load_chinesecalendar() -> _ChineseCalendar | None:
    if not _CC_CACHE:
        try:
            import chinese_calendar
        except ImportError:  # the package is a dependency; without it every year is provisional
            _CC_CACHE.append(None)
        else:
            _CC_CACHE.append(_ChineseCalendar(chinese_calendar))
    return _CC_CACHE[0]


def _entry_from_mapping(row: object, position: int) -> CalendarEntry:
    if not isinstance(row, Mapping):
        msg = f"节假日表第{position}项应为对象（date、kind、name）"
        raise CalendarError(msg)
    raw_date = row.get("date")
    raw_kind = str(row.get("kind") or "").strip()
    try:
        date = parse_date(str(raw_date or ""), what=f"节假日表第{position}项的日期")
    except InvalidDateError as exc:
        raise CalendarError(str(exc)) from None
    kind = _KIND_ALIASES.get(raw_kind.lower()) or _KIND_ALIASES.get(raw_kind)
    if kind is None:
        msg = f"节假日表第{position}项的类型“{raw_kind}”无法识别（应为 holiday、rest 或 workday）"
        raise CalendarError(msg)
    return CalendarEntry(date, kind, str(row.get("name") or "").strip())
