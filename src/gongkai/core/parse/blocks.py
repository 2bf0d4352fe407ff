"""What every reader produces: the report as a sequence of paragraphs and table grids."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Block", "Grid", "Para"]


@dataclass
class Para:
    """A paragraph or line of text (headings, title and section text)."""

    text: str


@dataclass
class Grid:
    """A table fragment as rows of cells.

    A cell is a string (``""`` for an empty cell) or ``None`` where a merged cell (rowspan or
    colspan) continues. ``positioned`` is False for rows rebuilt from running text (one cell per
    line), whose cells have no column positions, only an order. ``ordered`` rows (cells ended by
    ``|`` in text) keep their blank cells: the cells after a row's label are its columns in order.
    """

    rows: list[list[str | None]] = field(default_factory=list)
    positioned: bool = True
    ordered: bool = False


Block = Para | Grid
