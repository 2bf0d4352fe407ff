"""Highlighted snippets (摘要高亮): escaped text with the query's words in ``<mark>``.

Everything is escaped before marking, and only ``<mark>`` and ``</mark>`` are added, so a title or body holding
markup (``<script>``) prints as text.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["highlight", "snippet"]

#: Characters of text shown around the first match.
SNIPPET_CHARS = 120


def _pattern(words) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, words) -> SafeString:
    """*text* escaped, with every occurrence of *words* marked."""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # safe: every piece escaped above


def snippet(text: str, words, *, size: int = SNIPPET_CHARS) -> SafeString:
    """About *size* characters of *text* around the first match of *words*, highlighted ("…" where cut)."""
    text = " ".join((text or "").split())
    pattern = _pattern(words)
    found = pattern.search(text) if pattern else None
    start = 0 if found is None else max(0, found.start() - size // 3)
    end = min(len(text), start + size)
    piece = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(escape(prefix) + highlight(piece, words) + escape(suffix))  # safe: escaped
