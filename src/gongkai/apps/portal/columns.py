"""Content that other apps show in a catalogue column of the portal (栏目内容), registered by column code.

The portal imports no work app for this: an app that keeps records a statutory column must show (the
第二十条 registers: 规范性文件, 行政许可/处罚/强制 事项, 收费, 政府集中采购) registers a provider for the column's
code (``art20.9`` …) from its ``AppConfig.ready``. The column page then shows the provider's tables above the
column's items, read when the page is served, so a change to a register shows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Cell", "ColumnContent", "ColumnTable", "column_content", "register_column_content"]


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, and a link when the row stands for a published item."""

    text: str
    url: str = ""
    numeric: bool = False
    date: bool = False


@dataclass(frozen=True)
class ColumnTable:
    """A table of a column: caption, header row, body rows, and an optional footer row (合计)."""

    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    footer: tuple[Cell, ...] = ()
    empty: str = "暂无登记。"


@dataclass(frozen=True)
class ColumnContent:
    """What a provider shows in one column: tables, an introduction, and the date of the latest change."""

    tables: list[ColumnTable]
    intro: str = ""
    updated_on: dt.date | None = None

    @property
    def has_rows(self) -> bool:
        return any(table.rows for table in self.tables)


Provider = Callable[..., ColumnContent | None]
_PROVIDERS: dict[str, Provider] = {}


def register_column_content(code: str, provider: Provider) -> None:
    """Show ``provider(organization=…, item_url=…)`` in every column whose code is *code*.

    ``item_url(pk)`` gives the portal address of a published item of the organization.
    """
    _PROVIDERS[code] = provider


def column_content(code: str, *, organization, item_url: Callable[[int], str]) -> ColumnContent | None:
    """The registered content of the column *code* for *organization*, or ``None``."""
    provider = _PROVIDERS.get(code) if code else None
    if provider is None:
        return None
    return provider(organization=organization, item_url=item_url)
