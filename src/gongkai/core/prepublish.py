"""Checks before review (三审三校): personal data and wrong wordings in text about to be published.

Pure functions over plain text; no Django. The platform runs :func:`scan` on an item's title, body and
attachment text when it is submitted and shows the reviewer each finding, highlighted, to fix or confirm.

What is found:

* 公民身份号码 — 18 characters whose birth date and GB 11643 check character are valid;
* 手机号码 — 11 digits starting 13–19, not part of a longer number;
* 银行卡号 — 16 to 19 digits passing the Luhn check (and not an ID number);
* entries of a 错敏词 list — a wrong form and its correct form (e.g. “中华人民共合国” → “中华人民共和国”).

Every finding carries a *fingerprint* (kind + matched text + field) so a reviewer's confirmation survives
re-checks of an unchanged text and is asked again when the text changes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .identifiers import is_bank_card, is_id_card

__all__ = ["ID_CARD", "KINDS", "MOBILE", "BANK_CARD", "TERM", "Finding", "Term", "mask", "scan"]

ID_CARD, MOBILE, BANK_CARD, TERM = "id_card", "mobile", "bank_card", "term"

#: Chinese names of the kinds of finding.
KINDS = {ID_CARD: "身份证号", MOBILE: "手机号码", BANK_CARD: "银行卡号", TERM: "错敏词"}

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])(1[3-9]\d{9})(?![0-9])")
_DIGITS_RE = re.compile(r"(?<![0-9])(\d{16,19})(?![0-9])")
_CONTEXT = 18


@dataclass(frozen=True)
class Term:
    """A 错敏词 entry: the wrong form, the correct form (may be empty: just remove it) and its source."""

    wrong: str
    correct: str = ""
    source: str = ""


@dataclass(frozen=True)
class Finding:
    """One thing the reviewer must see: where it is, what it is, and what to do."""

    field: str
    kind: str
    start: int
    end: int
    text: str
    before: str
    after: str
    suggestion: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.field}\x1f{self.kind}\x1f{self.text}".encode()).hexdigest()[:32]

    @property
    def message(self) -> str:
        if self.kind == TERM:
            if self.suggestion:
                return f"疑似错误表述“{self.text}”，应为“{self.suggestion}”。"
            return f"疑似不当表述“{self.text}”。"
        return f"含有{self.label}“{mask(self.text)}”，公开前请确认是否应删除或遮盖（个人信息）。"


def mask(value: str) -> str:
    """Show the first 3 and last 2 characters of an identifier: 110105*************2X."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def _finding(field: str, text: str, start: int, end: int, kind: str, **extra) -> Finding:
    return Finding(
        field=field,
        kind=kind,
        start=start,
        end=end,
        text=text[start:end],
        before=text[max(0, start - _CONTEXT) : start],
        after=text[end : end + _CONTEXT],
        **extra,
    )


def _scan_one(field: str, text: str, terms: Iterable[Term]) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for m in _ID_RE.finditer(text):
        if is_id_card(m.group(1)):
            found.append(_finding(field, text, m.start(1), m.end(1), ID_CARD))
            taken.append(m.span(1))
    for m in _DIGITS_RE.finditer(text):
        if free(*m.span(1)) and is_bank_card(m.group(1)):
            found.append(_finding(field, text, m.start(1), m.end(1), BANK_CARD))
            taken.append(m.span(1))
    for m in _MOBILE_RE.finditer(text):
        if free(*m.span(1)):
            found.append(_finding(field, text, m.start(1), m.end(1), MOBILE))
            taken.append(m.span(1))
    for term in terms:
        if not term.wrong:
            continue
        start = text.find(term.wrong)
        while start != -1:
            end = start + len(term.wrong)
            # “中华人民共和国” contains no wrong form, but a list entry must not fire inside its own correct form
            if not (term.correct and term.wrong in term.correct and _inside_correct(text, start, term)):
                found.append(_finding(field, text, start, end, TERM, suggestion=term.correct, source=term.source))
            start = text.find(term.wrong, end)
    found.sort(key=lambda f: (f.start, f.end))
    return _masked_contexts(text, found)


def _masked_contexts(text: str, found: list[Finding]) -> list[Finding]:
    """Re-cut every finding's context from the text with all personal data masked (no ID in a neighbour's context)."""
    personal = [f for f in found if f.kind != TERM]
    if not personal:
        return found
    chars = list(text)
    for f in personal:
        chars[f.start : f.end] = mask(f.text)  # same length
    masked = "".join(chars)
    return [
        Finding(
            field=f.field,
            kind=f.kind,
            start=f.start,
            end=f.end,
            text=f.text,
            before=masked[max(0, f.start - _CONTEXT) : f.start],
            after=masked[f.end : f.end + _CONTEXT],
            suggestion=f.suggestion,
            source=f.source,
        )
        for f in found
    ]


def _inside_correct(text: str, start: int, term: Term) -> bool:
    offset = term.correct.find(term.wrong)
    begin = start - offset
    return begin >= 0 and text[begin : begin + len(term.correct)] == term.correct


def scan(texts: Mapping[str, str], terms: Iterable[Term] = ()) -> list[Finding]:
    """Scan each named text (``{"title": …, "body": …, "附件：通知.docx": …}``) and return every finding."""
    terms = list(terms)
    found: list[Finding] = []
    for field, text in texts.items():
        if text:
            found.extend(_scan_one(field, text, terms))
    return found
