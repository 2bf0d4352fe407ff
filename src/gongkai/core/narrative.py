"""Figures stated in a report's text (一、总体情况), read deterministically.

Two kinds are read:

* statements about the tables — 收到申请X件, 办结X件, 行政复议X件, 行政诉讼X件, and their
  negative forms (未收到…申请, 未发生…行政复议) — compared with tables 3 and 4;
* a stated total and the parts listed after it (“共 1300 余条，其中…67 条，…1292 条”;
  “发布信息 1292 条…具体内容为：概况信息 87 条…”), compared with each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["StatedFigure", "StatedSum", "stated_figures", "stated_sums"]

_NUM = r"(\d[\d,，]*)"


@dataclass(frozen=True)
class StatedFigure:
    """A figure the text states about a table quantity (``received``, ``closed``, …)."""

    quantity: str
    value: int
    excerpt: str


@dataclass(frozen=True)
class StatedSum:
    """A stated total (``approximate`` for 余/多) with the parts listed after it."""

    total: int
    approximate: bool
    parts: tuple[int, ...]
    unit: str
    excerpt: str

    def consistent(self) -> bool:
        """Whether the parts add up to the total (within the 余 range for an approximate total)."""
        summed = sum(self.parts)
        if not self.approximate:
            return summed == self.total
        # “1300余条”: at least 1300 and below the next step of the last non-zero digit's magnitude.
        step = 10 ** (len(str(self.total)) - len(str(self.total).rstrip("0"))) if self.total else 1
        return self.total <= summed < self.total + max(step, 10)


def _int(text: str) -> int:
    return int(re.sub(r"[,，]", "", text))


_FIGURE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("received", re.compile(r"(?:收到|新收|受理)[^，。；,;\d]{0,24}?申请[^，。；,;\d]{0,6}?" + _NUM + r"\s*[件个份]")),
    ("received", re.compile(r"申请[^，。；,;\d]{0,6}?共\s*" + _NUM + r"\s*[件个份]")),
    ("closed", re.compile(r"(?:办结|答复|办理完结)[^，。；,;\d]{0,12}?" + _NUM + r"\s*[件个份]")),
    ("reconsideration", re.compile(r"行政复议[^，。；,;\d]{0,6}?" + _NUM + r"\s*[件起宗个]")),
    ("litigation", re.compile(r"行政诉讼[^，。；,;\d]{0,6}?" + _NUM + r"\s*[件起宗个]")),
)
_NONE_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("received",), re.compile(r"(?:未|没有)(?:收到|受理)[^，。；,;]{0,12}?(?:依申请公开|公开申请|申请)")),
    (
        ("reconsideration", "litigation"),
        re.compile(r"(?:未|没有)(?:发生|出现)?[^，。；,;]{0,16}?行政复议[、和及与或]?[^，。；,;]{0,4}?行政诉讼"),
    ),
    (
        ("reconsideration",),
        re.compile(
            r"(?:未|没有)(?:被申请|发生|出现)?[^，。；,;]{0,10}?行政复议(?![、和及与或][^，。；,;]{0,4}行政诉讼)"
        ),
    ),
    (("litigation",), re.compile(r"(?:未|没有)(?:被提起|发生|出现)?[^，。；,;]{0,10}?(?<![、和及与或])行政诉讼")),
)


def stated_figures(text: str | None) -> list[StatedFigure]:
    """Every statement about table quantities that *text* makes, in reading order."""
    if not text:
        return []
    found: list[tuple[int, StatedFigure]] = []
    taken: set[tuple[str, int]] = set()
    for quantity, pattern in _FIGURE_PATTERNS:
        for match in pattern.finditer(text):
            if (quantity, match.start(1)) in taken:
                continue
            taken.add((quantity, match.start(1)))
            found.append((match.start(), StatedFigure(quantity, _int(match.group(1)), match.group(0))))
    for quantities, pattern in _NONE_PATTERNS:
        for match in pattern.finditer(text):
            for quantity in quantities:
                if not any(f.quantity == quantity for _, f in found):
                    found.append((match.start(), StatedFigure(quantity, 0, match.group(0))))
    return [figure for _, figure in sorted(found, key=lambda pair: pair[0])]


_AMOUNT = re.compile(_NUM + r"\s*(余|多)?\s*(条|件|篇|期|个|项|次)")
_MARKER = re.compile(r"其中|具体内容为|具体为|分别为|分别是|包括")
_TOTAL_HINT = re.compile(r"共|总计|合计|累计|发布")


def stated_sums(text: str | None) -> list[StatedSum]:
    """Every “total, 其中 parts” statement in *text* (one per marker, within a sentence)."""
    if not text:
        return []
    sums: list[StatedSum] = []
    for sentence in re.split(r"[。；;\n]", text):
        markers = list(_MARKER.finditer(sentence))
        for index, marker in enumerate(markers):
            before = list(_AMOUNT.finditer(sentence, 0, marker.start()))
            if not before:
                continue
            total_match = before[-1]
            if not _TOTAL_HINT.search(sentence, max(0, total_match.start() - 30), total_match.start()):
                continue
            end = markers[index + 1].start() if index + 1 < len(markers) else len(sentence)
            unit = total_match.group(3)
            parts = [m for m in _AMOUNT.finditer(sentence, marker.end(), end) if m.group(3) == unit]
            if len(parts) < 2:
                continue
            sums.append(
                StatedSum(
                    total=_int(total_match.group(1)),
                    approximate=bool(total_match.group(2)),
                    parts=tuple(_int(m.group(1)) for m in parts),
                    unit=unit,
                    excerpt=sentence[total_match.start() : parts[-1].end()],
                )
            )
    return sums
