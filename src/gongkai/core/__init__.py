"""The framework-free core of gongkai: the annual report model and formats, checks, rules.

Nothing in this package imports Django; the platform calls it.
"""

from gongkai.core.checks import RULES, check
from gongkai.core.exceptions import GongkaiError, ReportFormatError, UnreadableInputError
from gongkai.core.findings import ERROR, INFO, WARNING, Finding, has_errors
from gongkai.core.formats import FORMATS, ReportFormat, format_for_year, get_format
from gongkai.core.report import SCHEMA, Report, dumps_json

__all__ = [
    "ERROR",
    "FORMATS",
    "INFO",
    "RULES",
    "SCHEMA",
    "WARNING",
    "Finding",
    "GongkaiError",
    "Report",
    "ReportFormat",
    "ReportFormatError",
    "UnreadableInputError",
    "check",
    "dumps_json",
    "format_for_year",
    "get_format",
    "has_errors",
]
