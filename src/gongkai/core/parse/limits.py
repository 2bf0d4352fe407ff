"""The parser's limits: they live in :mod:`gongkai.core.limits` (importable without the parser package, so
that :mod:`gongkai.core.sandbox` and the CLI start without loading every reader); kept here under their
old name for the readers and callers that import them from the parser."""

from gongkai.core.limits import MB, RATIO_FLOOR, ParseLimits, check_pdf_pages, check_zip, clamp

__all__ = ["MB", "RATIO_FLOOR", "ParseLimits", "check_pdf_pages", "check_zip", "clamp"]
