"""Read a report from a file of any supported kind into a :class:`Report` plus parse findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.exceptions import ReportFormatError, UnreadableInputError
from gongkai.core.findings import Finding
from gongkai.core.report import Report

__all__ = ["LoadedReport", "load_report"]


@dataclass
class LoadedReport:
    """A report read from *path*, with what the reading itself found (structure, labels)."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    path: Path | None = None

    def check(self, previous: Report | None = None) -> list[Finding]:
        """The reading's findings and the checker's, the latter qualified by how the file was read
        (uncertain readings say so; a table the reader could not read is not a missing section)."""
        from gongkai.core.checks import absent_refs, check

        # A file with only part of a report: the parts it lacks are not checked (structure.partial).
        found = check(self.report, previous, absent=absent_refs(self.findings))
        if self.findings:
            from gongkai.core.parse import qualify

            found = qualify(found, self.findings)
        return [*self.findings, *found]


def load_report(path: str | Path, *, limits=None) -> LoadedReport:  # noqa: ANN001 - ParseLimits | None
    """Read *path*: report JSON directly, other kinds (txt, md, html, docx, pdf) through the parser
    (with *limits*, see :func:`gongkai.core.parse.parse_path`; :func:`gongkai.core.sandbox.load_file` runs
    this in a child process with memory and time limits).

    Raises:
        UnreadableInputError: the file is missing, empty, or not a report.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableInputError(f"文件不存在或不是普通文件：{path}")
    if path.suffix.lower() == ".json":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableInputError(f"无法读取 {path}：{exc.strerror}") from None
        if not data.strip():
            raise UnreadableInputError(f"{path} 是空文件")
        try:
            return LoadedReport(Report.from_json(data), [], path)
        except ReportFormatError as exc:
            raise UnreadableInputError(f"{path.name}：{exc}") from None
    try:
        from gongkai.core.parse import parse_path
    except ImportError:
        raise UnreadableInputError(f"{path.name}：此版本只能读取年度报告 JSON") from None
    result = parse_path(path, limits=limits)
    return LoadedReport(result.report, list(result.findings), path)
