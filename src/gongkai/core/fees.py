"""信息处理费 (国办函〔2020〕109号《政府信息公开信息处理费管理办法》).

Two methods, both progressive (超额累进: each rate applies only to the part inside its band),
and never both for one application (第三条):

* 按件计收 (第四条), per applicant per calendar month (一个自然月内): up to 10 pieces free,
  pieces 11–30 at 100 元 each, then bands of 10 pieces, each band 100 元 more per piece than the
  one before (31–40 at 200 元, 41–50 at 300 元, …).
* 按量计收 (第五条), per application: up to 30 pages free, 31–100 at 10 元, 101–200 at 20 元,
  201 and more at 40 元 a page.

Check: the 西安 case of 2,219 pages comes to 70×10 + 100×20 + 2,019×40 = 83,460 元
(law-and-formats.md §8.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.exceptions import GongkaiError

__all__ = [
    "FeeBand",
    "FeeInputError",
    "FeeResult",
    "fee_by_pages",
    "fee_by_pieces",
]

#: 第五条: (first page of band, last page or None, 元 per page)
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)

FREE_PIECES = 10  # 第四条（一）
FIRST_PAID_BAND_END = 30  # 第四条（二）: 11–30
FIRST_PAID_RATE = 100  # 元/件
BAND_SIZE = 10  # 第四条（三）: 以10件为一档
BAND_STEP = 100  # 每增加一档，提高100元/件
MAX_COUNT = 100_000  # sanity bound on 件数/页数 (the 按件 schedule grows one band per 10 pieces)


class FeeInputError(GongkaiError, ValueError):
    """The count of pieces or pages is not a non-negative whole number."""


@dataclass(frozen=True, slots=True)
class FeeBand:
    """One band of the schedule that the count reaches: units *first*..*last* at *rate* 元."""

    first: int
    last: int
    units: int
    rate: int
    amount: int

    def to_dict(self) -> dict[str, int]:
        return {"first": self.first, "last": self.last, "units": self.units, "rate": self.rate, "amount": self.amount}


@dataclass(frozen=True, slots=True)
class FeeResult:
    """Amount in 元 and the per-band breakdown. *method* is ``pieces`` (按件) or ``pages`` (按量)."""

    method: str
    count: int
    amount: int
    bands: tuple[FeeBand, ...]

    @property
    def unit(self) -> str:
        return "件" if self.method == "pieces" else "页"

    def to_dict(self) -> dict[str, object]:
        return {
            "amount": self.amount,
            "currency": "CNY",
            "method": self.method,
            "count": self.count,
            "bands": [b.to_dict() for b in self.bands],
            "basis": "国办函〔2020〕109号 "
            + ("第四条（按件计收）" if self.method == "pieces" else "第五条（按量计收）"),
        }

    def to_text(self) -> str:
        title = (
            "按件计收（同一申请人一个自然月内累计件数）" if self.method == "pieces" else "按量计收（每件申请的页数）"
        )
        lines = [f"信息处理费：{self.amount} 元", f"{title}：{self.count} {self.unit}，超额累进"]
        for band in self.bands:
            rate = "免费" if band.rate == 0 else f"{band.rate} 元/{self.unit}"
            lines.append(
                f"  第{band.first}—{band.last}{self.unit}：{band.units} {self.unit} × {rate} = {band.amount} 元"
            )
        return "\n".join(lines)


def _check_count(count: object, what: str) -> int:
    if isinstance(count, bool) or not isinstance(count, int):
        msg = f"{what}必须是整数，收到“{count}”"
        raise FeeInputError(msg)
    if count < 0:
        msg = f"{what}不能为负数，收到 {count}"
        raise FeeInputError(msg)
    if count > MAX_COUNT:
        msg = f"{what}过大（最多 {MAX_COUNT}），收到 {count}"
        raise FeeInputError(msg)
    return count


def _bands(count: int, schedule: list[tuple[int, int | None, int]]) -> tuple[FeeBand, ...]:
    bands = []
    for first, last, rate in schedule:
        if count < first:
            break
        top = count if last is None else min(count, last)
        units = top - first + 1
        bands.append(FeeBand(first, top, units, rate, units * rate))
    return tuple(bands)


def _piece_schedule(count: int) -> list[tuple[int, int | None, int]]:
    schedule: list[tuple[int, int | None, int]] = [
        (1, FREE_PIECES, 0),
        (FREE_PIECES + 1, FIRST_PAID_BAND_END, FIRST_PAID_RATE),
    ]
    first, rate = FIRST_PAID_BAND_END + 1, FIRST_PAID_RATE + BAND_STEP
    while first <= count:
        schedule.append((first, first + BAND_SIZE - 1, rate))
        first += BAND_SIZE
        rate += BAND_STEP
    return schedule


def fee_by_pieces(count: int) -> FeeResult:
    """按件计收 for *count* pieces counted for one applicant in one calendar month (第四条).

    For the fee of one more application in a month, take the difference between the month's
    total with it and without it.

    Raises:
        FeeInputError: *count* is negative or not an integer.
    """
    count = _check_count(count, "件数")
    bands = _bands(count, _piece_schedule(count))
    return FeeResult("pieces", count, sum(b.amount for b in bands), bands)


def fee_by_pages(count: int) -> FeeResult:
    """按量计收 for one application of *count* pages (第五条).

    Raises:
        FeeInputError: *count* is negative or not an integer.
    """
    count = _check_count(count, "页数")
    bands = _bands(count, list(PAGE_BANDS))
    return FeeResult("pages", count, sum(b.amount for b in bands), bands)
