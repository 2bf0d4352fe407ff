"""Limits that keep a hostile file harmless: checked before a reader opens the file, and used to clamp
what a file claims about itself (table spans) to what it really holds.

Every limit has a default here and an environment variable (the platform sets them from its settings):

=============================  =====================================================  ========
variable                       what                                                   default
=============================  =====================================================  ========
``GONGKAI_PARSE_MAX_PAGES``    most pages of a PDF                                    300
``GONGKAI_PARSE_MAX_UNZIPPED`` most bytes a DOCX/XLSX unpacks to (all entries)        200 MB
``GONGKAI_PARSE_MAX_ENTRIES``  most entries in a DOCX/XLSX                            2000
``GONGKAI_PARSE_MAX_RATIO``    highest compression ratio of one entry over 1 MB       100
``GONGKAI_PARSE_MEMORY_MB``    memory a parse may use (the child process, see         1024
                               :mod:`gongkai.core.sandbox`)
``GONGKAI_PARSE_TIMEOUT``      seconds a parse may take (CPU and wall clock)          60
``GONGKAI_PARSE_HELPER_MB``    memory (address space) LibreOffice or Tesseract may    2048
                               use (see :mod:`gongkai.core.parse.helpers`)
=============================  =====================================================  ========
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from functools import lru_cache

from gongkai.core.exceptions import UnreadableInputError

__all__ = ["MB", "RATIO_FLOOR", "ParseLimits", "check_pdf_pages", "check_zip", "clamp"]

MB = 1024 * 1024
#: Entries smaller than this are not held to the ratio limit (small XML parts compress very well).
RATIO_FLOOR = 1 * MB


@dataclass(frozen=True)
class ParseLimits:
    """How much one file may make a reader do."""

    max_pages: int = 300
    max_unzipped: int = 200 * MB
    max_entries: int = 2000
    max_ratio: int = 100
    memory_mb: int = 1024
    timeout: float = 60.0
    helper_memory_mb: int = 2048

    _ENV = {
        "max_pages": "GONGKAI_PARSE_MAX_PAGES",
        "max_unzipped": "GONGKAI_PARSE_MAX_UNZIPPED",
        "max_entries": "GONGKAI_PARSE_MAX_ENTRIES",
        "max_ratio": "GONGKAI_PARSE_MAX_RATIO",
        "memory_mb": "GONGKAI_PARSE_MEMORY_MB",
        "timeout": "GONGKAI_PARSE_TIMEOUT",
        "helper_memory_mb": "GONGKAI_PARSE_HELPER_MB",
    }

    @classmethod
    def from_env(cls, environ=None) -> ParseLimits:  # noqa: ANN001 - a mapping
        """The defaults, overridden by the ``GONGKAI_PARSE_*`` variables that are set (bad values ignored)."""
        environ = os.environ if environ is None else environ
        return cls._from_raw(tuple(environ.get(variable, "") for variable in cls._ENV.values()))

    @classmethod
    @lru_cache(maxsize=16)
    def _from_raw(cls, raws: tuple[str, ...]) -> ParseLimits:
        """The limits for the raw values of the ``_ENV`` variables, in its order (the instance is
        frozen, so one is shared by every parse under the same settings)."""
        given = dict(zip(cls._ENV, raws, strict=True))
        values = {}
        for f in fields(cls):
            raw = given.get(f.name, "").strip()
            if not raw:
                continue
            try:
                value = float(raw) if f.name == "timeout" else int(raw)
            except ValueError:
                continue
            if value > 0:
                values[f.name] = value
        return cls(**values)


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} 字节"


def check_zip(data: bytes, name: str, limits: ParseLimits) -> None:
    """Refuse a DOCX/XLSX whose entries would unpack too large, are too many, or compress too well (a zip
    bomb), from the central directory alone (nothing is unpacked).

    Python's zipfile never unpacks an entry past the size the directory declares, so the declared sizes
    bound what a reader can be made to unpack.

    Raises:
        UnreadableInputError: over a limit, or not a readable zip.
    """
    import io
    import zipfile  # here, not at import: the CLI and the sandbox import this module on every start

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UnreadableInputError(f"{name}：DOCX 文件已损坏或不完整，无法打开") from None
    if len(entries) > limits.max_entries:
        raise UnreadableInputError(
            f"{name}：压缩包内有 {len(entries)} 个文件，超过 {limits.max_entries} 个的上限，疑似恶意文件，拒绝读取"
        )
    total = sum(e.file_size for e in entries)
    if total > limits.max_unzipped:
        raise UnreadableInputError(
            f"{name}：解压后共 {_size(total)}，超过 {_size(limits.max_unzipped)} 的上限，疑似恶意文件（压缩炸弹），拒绝读取"
        )
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            ratio = entry.file_size // max(entry.compress_size, 1)
            raise UnreadableInputError(
                f"{name}：其中 {entry.filename[:60]} 的压缩比为 {ratio}:1，超过 {limits.max_ratio}:1 的上限，"
                "疑似恶意文件（压缩炸弹），拒绝读取"
            )


def check_pdf_pages(pages: int, name: str, limits: ParseLimits) -> None:
    """Refuse a PDF of more than ``limits.max_pages`` pages (an annual report has a few dozen)."""
    if pages > limits.max_pages:
        raise UnreadableInputError(
            f"{name}：PDF 有 {pages} 页，超过 {limits.max_pages} 页的上限（年度报告通常只有几十页），拒绝读取"
        )


def clamp(value: int, low: int, high: int) -> int:
    """*value* within ``low..high`` (a span a file claims, within what the table really has)."""
    return max(low, min(value, max(low, high)))
