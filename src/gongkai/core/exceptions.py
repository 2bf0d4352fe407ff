"""Exceptions of the core. Each failure has its own class; messages are Chinese, one line."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base class of every error the core raises on purpose."""


class ReportFormatError(GongkaiError, ValueError):
    """The data does not fit the annual-report schema (unknown key, wrong type, bad format)."""


class UnreadableInputError(GongkaiError):
    """A file could not be read as a report (empty, binary, truncated, encrypted, another kind)."""


class InvalidDateError(GongkaiError, ValueError):
    """A date argument is not a valid ``YYYY-MM-DD`` date."""


class CalendarError(GongkaiError):
    """A holiday calendar entry is malformed or contradicts another."""
