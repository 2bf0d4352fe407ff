"""Reads of the standard catalogue."""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import QuerySet

from .choices import AREAS
from .models import Entry

__all__ = ["entries_by_area", "entries_for"]


def entries_for(organization) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(organization=organization)
        .select_related("owner")
        .prefetch_related("nodes")
        .order_by("sort_order", "number", "id")
    )


def entries_by_area(organization) -> OrderedDict[str, list[Entry]]:
    """Entries grouped by area, areas in the 54号 order (others after, by name)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries_for(organization):
        groups.setdefault(entry.area, []).append(entry)
    rank = {a: i for i, a in enumerate(AREAS)}
    ordered = sorted(groups, key=lambda a: (rank.get(a, len(AREAS)), a))
    return OrderedDict((a, groups[a]) for a in ordered)


def rowspans(entries: list[Entry]) -> list[dict]:
    """Rows for the standard table, with the rowspan of merged 一级事项 cells (0: covered by the row above)."""
    rows = []
    for i, entry in enumerate(entries):
        if i and entries[i - 1].level1 == entry.level1:
            span = 0
        else:
            span = 1
            while i + span < len(entries) and entries[i + span].level1 == entry.level1:
                span += 1
        rows.append({"entry": entry, "level1_span": span})
    return rows
