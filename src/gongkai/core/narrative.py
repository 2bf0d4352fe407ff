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

__all__ = ["StatedClaim", "StatedFigure", "StatedSum", "stated_claims", "stated_figures", "stated_sums"]

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
    #: Which parts are approximate (“300余条”).
    approximate_parts: tuple[bool, ...] = ()

    def consistent(self) -> bool:
        """Whether the parts can add up to the total: the ranges of 余/多 figures (“1300余” is
        1300 up to the next step of its last non-zero digit) are taken into account."""
        low = high = 0
        flags = self.approximate_parts or (False,) * len(self.parts)
        for part, approximate in zip(self.parts, flags, strict=True):
            low += part
            high += part + (_step(part) - 1 if approximate else 0)
        top_low = self.total
        top_high = self.total + (_step(self.total) - 1 if self.approximate else 0)
        return low <= top_high and high >= top_low


def _int(text: str) -> int:
    return int(re.sub(r"[,，]", "", text))


_UNIT = r"\s*(?:件次|件|个|份|条)"
_GAP = r"[^，。；,;\d]"
#: Words that make a count something other than the quantity (复议纠错 is not 复议).
_NOT_TOTAL = re.compile(r"纠错|纠正|败诉|撤销|被确认违法|咨询|信件|来信|留言|热线")

_FIGURE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "received",
        re.compile(rf"(?:收到|新收|受理|接收|接到|共收)(?!{_GAP}{{0,4}}?结转){_GAP}{{0,24}}?申请{_GAP}{{0,6}}?" + _NUM + _UNIT),
    ),
    ("received", re.compile(rf"申请{_GAP}{{0,6}}?共\s*" + _NUM + _UNIT)),
    ("closed", re.compile(rf"(?:办结|办理完结|(?:共|已|累计)答复){_GAP}{{0,8}}?" + _NUM + r"\s*[件个份]")),
    ("disclosed", re.compile(r"(?<![不部])予以公开\s*" + _NUM + r"\s*件")),
    ("partially_disclosed", re.compile(r"部分公开\s*" + _NUM + r"\s*件")),
    ("withheld", re.compile(r"不予公开\s*" + _NUM + r"\s*件")),
    ("reconsideration", re.compile(rf"行政复议{_GAP}{{0,6}}?" + _NUM + r"\s*[件起宗个]")),
    ("litigation", re.compile(rf"行政诉讼{_GAP}{{0,6}}?" + _NUM + r"\s*[件起宗个]")),
    (
        "normative_in_force",
        re.compile(
            rf"(?:现行有效(?:的)?(?:行政)?规范性文件{_GAP}{{0,4}}?|(?:行政)?规范性文件{_GAP}{{0,4}}?现行有效{_GAP}{{0,2}}?)"
            + _NUM
            + r"\s*件"
        ),
    ),
)
_NEGATION_TAIL = rf"(?!{_GAP}{{0,2}}?(?:纠错|纠正|败诉|撤销))"
_NONE_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("received",), re.compile(r"(?:未|没有)(?:收到|受理)[^，。；,;]{0,12}?(?:依申请公开|公开申请|申请)")),
    (
        ("reconsideration", "litigation"),
        re.compile(
            r"(?:未|没有|无)(?:发生|出现)?[^，。；,;]{0,16}?(?:行政)?复议[、和及与或]?[^，。；,;]{0,4}?(?:行政)?诉讼"
            + _NEGATION_TAIL
        ),
    ),
    (
        ("reconsideration",),
        re.compile(
            r"(?:未|没有)(?:被申请|发生|出现)?[^，。；,;]{0,10}?行政复议(?![、和及与或][^，。；,;]{0,4}行政诉讼)"
            + _NEGATION_TAIL
        ),
    ),
    (
        ("litigation",),
        re.compile(
            r"(?:未|没有)(?:被提起|发生|出现)?[^，。；,;]{0,10}?(?<![、和及与或])行政诉讼" + _NEGATION_TAIL
        ),
    ),
)
#: “所有申请均已按要求办理完成”: nothing is left over (compared with 四、结转下年度继续办理).
_ALL_DONE = re.compile(
    r"(?:所有|全部|各项|全年)(?:的)?(?:政府信息公开)?申请(?:均已|均|都已|都|已全部|全部)?"
    r"(?:按(?:要求|时|期|规定|法定时限))?(?:办理完成|办结|办理完毕|处理完毕|答复完毕|全部办结)"
    r"|申请(?:均已|已全部|全部)(?:按(?:要求|时|期|规定))?(?:办结|办理完成|办理完毕)"
)
#: Text that says the stated count includes the carried-over applications.
_WITH_CARRIED = re.compile(r"含上年(?:度)?结转|包括上年(?:度)?结转")


@dataclass(frozen=True)
class StatedClaim:
    """A statement that no application is left over (checked against 结转下年度)."""

    excerpt: str


def stated_claims(text: str | None) -> list[StatedClaim]:
    """Every “all applications were closed” statement in *text*."""
    if not text:
        return []
    return [StatedClaim(m.group(0)) for m in _ALL_DONE.finditer(text)]


def includes_carried(excerpt_end: int, text: str) -> bool:
    """Whether the words right after a stated count say it includes the carried-over ones."""
    return bool(_WITH_CARRIED.search(text, excerpt_end, excerpt_end + 12))


def stated_figures(text: str | None) -> list[StatedFigure]:
    """Every statement about table quantities that *text* makes, in reading order."""
    if not text:
        return []
    found: list[tuple[int, StatedFigure]] = []
    taken: set[tuple[str, int]] = set()
    for quantity, pattern in _FIGURE_PATTERNS:
        for match in pattern.finditer(text):
            if (quantity, match.start(1)) in taken or _NOT_TOTAL.search(match.group(0)):
                continue
            taken.add((quantity, match.start(1)))
            carried = quantity == "received" and includes_carried(match.end(), text)
            found.append(
                (
                    match.start(),
                    StatedFigure("received_with_carried" if carried else quantity, _int(match.group(1)), match.group(0)),
                )
            )
    for quantities, pattern in _NONE_PATTERNS:
        for match in pattern.finditer(text):
            for quantity in quantities:
                if not any(f.quantity == quantity for _, f in found):
                    found.append((match.start(), StatedFigure(quantity, 0, match.group(0))))
    return [figure for _, figure in sorted(found, key=lambda pair: pair[0])]


_AMOUNT = re.compile(_NUM + r"\s*(余|多)?\s*(条|件|篇|期|个|项|次)")
_MARKER = re.compile(r"其中|具体内容为|具体为|分别为|分别是|包括")
_TOTAL_HINT = re.compile(r"共|总计|合计|累计|发布")
#: Words after a listed part that open its own sub-list (机构类20条，内有领导成员10条、…).
_SUB_MARKER = re.compile(r"内有|其中|包括|含")
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")
_LINE_BREAK = re.compile(r"(?<![。！？；;：:])\n+")


def _step(total: int) -> int:
    # “1300余”: below the next step of the last non-zero digit's magnitude (at least 10).
    return max(10 ** (len(str(total)) - len(str(total).rstrip("0"))) if total else 1, 10)


def _list_parts(flat: str, parts: list[re.Match[str]], total: int) -> list[re.Match[str]]:
    """The parts of one list, each counted once.

    A part followed by 内有/其中/具体内容为 … owns the parts after it that add up to it: they are
    skipped. If they do not add up, the list ends at that marker (the sub-list is its own
    statement). The list also ends once its parts reach the total exactly (what follows belongs to
    an outer list).
    """
    out: list[re.Match[str]] = []
    summed = 0
    n = 0
    while n < len(parts):
        part = parts[n]
        out.append(part)
        summed += _int(part.group(1))
        n += 1
        if n < len(parts) and (
            _SUB_MARKER.search(flat, part.end(), parts[n].start()) or _MARKER.search(flat, part.end(), parts[n].start())
        ):
            whole, inner, k = _int(part.group(1)), 0, n
            while k < len(parts) and inner < whole:
                inner += _int(parts[k].group(1))
                k += 1
            if inner != whole:
                break
            n = k
        if summed == total and n < len(parts) and total:
            break
    return out


def stated_sums(text: str | None) -> list[StatedSum]:
    """Every “total, 其中 parts” statement in *text* (one per marker, within a sentence).

    A list broken across lines is followed (a line break not after 。；： joins the lines); parts in
    brackets and parts of a nested sub-list (内有/其中 after a part) are counted once; a sub-list
    that does not add up makes the statement unclear, and it is not compared.
    """
    if not text:
        return []
    text = _LINE_BREAK.sub("", text)
    # “共50条。其中…” continues the sentence of its total.
    text = re.sub(r"。\s*(?=其中)", "，", text)
    sums: list[StatedSum] = []
    for sentence in re.split(r"[。\n]", text):
        markers = list(_MARKER.finditer(sentence))
        for marker in markers:
            before = list(_AMOUNT.finditer(sentence, 0, marker.start()))
            if not before:
                continue
            total_match = before[-1]
            if not _TOTAL_HINT.search(sentence, max(0, total_match.start() - 30), total_match.start()):
                continue
            unit = total_match.group(3)
            # Brackets are blanked (same length) so their parts are not listed twice.
            flat = _PAREN.sub(lambda m: "　" * len(m.group(0)), sentence)
            parts = [m for m in _AMOUNT.finditer(flat, marker.end()) if m.group(3) == unit]
            top = _list_parts(flat, parts, _int(total_match.group(1)))
            if len(top) < 2:
                continue
            sums.append(
                StatedSum(
                    total=_int(total_match.group(1)),
                    approximate=bool(total_match.group(2)),
                    parts=tuple(_int(m.group(1)) for m in top),
                    unit=unit,
                    excerpt=sentence[total_match.start() : top[-1].end()],
                    approximate_parts=tuple(bool(m.group(2)) for m in top),
                )
            )
    return sums
