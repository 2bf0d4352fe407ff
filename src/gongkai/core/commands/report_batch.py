"""``gongkai report batch DIR [-o results.xlsx|results.json]``: read and check every report under DIR.

One row per report (organization, year, format, error/warning/info counts, each finding). Files
that cannot be read are listed with the reason and the run goes on. When two consecutive years of
one body are present, the later one is checked against the earlier (``cross_year.carry_over``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.exceptions import GongkaiError, UnreadableInputError
from gongkai.core.findings import ERROR, INFO, WARNING, Finding, has_errors
from gongkai.core.load import LoadedReport
from gongkai.core.report import dumps_json
from gongkai.core.sandbox import load_file

__all__ = ["BatchResult", "ReportRow", "add_arguments", "handle", "run_batch"]

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".json"})


@dataclass
class ReportRow:
    """One report read by the batch: where from, what it is, and what was found."""

    file: str
    organization: str | None
    year: int | None
    format: str
    source_kind: str
    findings: list[Finding] = field(default_factory=list)
    previous: str | None = None

    def count(self, severity: str) -> int:
        """How many findings of *severity*."""
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict:
        """JSON object of the row."""
        return {
            "file": self.file,
            "organization": self.organization,
            "year": self.year,
            "format": self.format,
            "source_kind": self.source_kind,
            "previous": self.previous,
            "errors": self.count(ERROR),
            "warnings": self.count(WARNING),
            "infos": self.count(INFO),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class BatchResult:
    """Every report read, and every file that could not be read (file, reason)."""

    rows: list[ReportRow] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON object of the whole run."""
        return {
            "reports": [r.to_dict() for r in self.rows],
            "unreadable": [{"file": f, "message": m} for f, m in self.unreadable],
        }


def _files(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    )


def run_batch(directory: str | Path, *, progress: bool = True) -> BatchResult:
    """Read and check every report file under *directory* (recursively).

    Raises:
        UnreadableInputError: *directory* is not a directory.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise UnreadableInputError(f"{directory} 不是目录")
    files = _files(directory)
    result = BatchResult()
    loaded: list[tuple[str, LoadedReport, str]] = []
    try:
        from tqdm import tqdm

        iterator = tqdm(files, desc="读取年报", unit="份", file=sys.stderr, disable=not progress or None)
    except ImportError:  # pragma: no cover - tqdm is a dependency
        iterator = files
    for path in iterator:
        name = str(path.relative_to(directory))
        try:
            report = load_file(path)
        except GongkaiError as exc:
            result.unreadable.append((name, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - a batch must go on past any one bad file
            result.unreadable.append((name, f"{path.name}：读取时出错（{type(exc).__name__}）"))
            continue
        kind = "json" if path.suffix.lower() == ".json" else _kind(path)
        loaded.append((name, report, kind))
    by_body: dict[tuple[str, int], list[tuple[str, LoadedReport]]] = {}
    for name, item, _ in loaded:
        if item.report.organization and item.report.year:
            by_body.setdefault((item.report.organization, item.report.year), []).append((name, item))
    for name, item, kind in loaded:
        report = item.report
        previous = None
        if report.organization and report.year:
            earlier = by_body.get((report.organization, report.year - 1), [])
            # Several copies of last year's report (PDF and HTML of one report): prefer the one
            # in the same folder, then the first by name; the row names the file used.
            same_folder = [e for e in earlier if Path(e[0]).parent == Path(name).parent]
            if same_folder or earlier:
                previous = (same_folder or earlier)[0]
        findings = item.check(previous[1].report if previous else None)
        result.rows.append(
            ReportRow(
                name,
                report.organization,
                report.year,
                report.format,
                kind,
                findings,
                previous[0] if previous else None,
            )
        )
    return result


def _kind(path: Path) -> str:
    return {".md": "markdown", ".htm": "html", ".html": "html", ".docx": "docx", ".pdf": "pdf"}.get(
        path.suffix.lower(), "text"
    )


# ------------------------------------------------------------------ output


def write_xlsx(result: BatchResult, path: Path) -> None:
    """Write the run as a workbook: 报告 (one row per report), 发现 (one row per finding), 无法读取."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "报告"
    sheet.append(["文件", "机关", "年度", "格式", "来源", "上年报告", "错误", "警告", "提示", "发现"])
    for row in result.rows:
        sheet.append(
            [
                row.file,
                row.organization,
                row.year,
                row.format,
                row.source_kind,
                row.previous,
                row.count(ERROR),
                row.count(WARNING),
                row.count(INFO),
                "\n".join(f.describe() for f in row.findings)[:32000],
            ]
        )
    detail = book.create_sheet("发现")
    detail.append(["文件", "机关", "年度", "规则", "级别", "说明", "单元格"])
    for row in result.rows:
        for f in row.findings:
            detail.append(
                [row.file, row.organization, row.year, f.rule, f.severity, f.message, ", ".join(f.cells)[:32000]]
            )
    bad = book.create_sheet("无法读取")
    bad.append(["文件", "原因"])
    for name, message in result.unreadable:
        bad.append([name, message])
    tmp = path.with_name(path.name + ".tmp")
    book.save(tmp)
    tmp.replace(path)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments."""
    parser.add_argument("directory", help="存放年度报告的目录（txt/md/html/docx/pdf/json，含子目录）")
    parser.add_argument("-o", "--output", help="结果文件：.xlsx 或 .json")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")


def handle(args: argparse.Namespace) -> int:
    """Run the batch; exit 1 when any report has errors or a file could not be read, else 0."""
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in (".xlsx", ".json"):
        raise UnreadableInputError(f"结果文件应为 .xlsx 或 .json：{output}")
    result = run_batch(args.directory, progress=not args.no_progress)
    if not result.rows and not result.unreadable:
        raise UnreadableInputError(f"{args.directory} 中没有年度报告文件（txt/md/html/docx/pdf/json）")
    for row in result.rows:
        pair = f"，与上年 {row.previous} 核对结转" if row.previous else ""
        print(
            f"{row.file}\t{row.organization or '（未识别机关）'}\t{row.year or '—'}\t{row.format} 年格式\t"
            f"错误 {row.count(ERROR)}\t警告 {row.count(WARNING)}\t提示 {row.count(INFO)}{pair}"
        )
    if result.unreadable:
        print(f"无法读取 {len(result.unreadable)} 个文件：")
        for name, message in result.unreadable:
            print(f"  {name}：{message}")
    failed = sum(1 for r in result.rows if has_errors(r.findings))
    print(f"共 {len(result.rows)} 份报告，{failed} 份有错误，{len(result.unreadable)} 个文件无法读取")
    if output is not None:
        try:
            if output.suffix.lower() == ".json":
                tmp = output.with_name(output.name + ".tmp")
                tmp.write_text(dumps_json(result.to_dict()) + "\n", encoding="utf-8")
                tmp.replace(output)
            else:
                write_xlsx(result, output)
        except OSError as exc:
            raise UnreadableInputError(f"无法写入结果文件 {output}：{exc.strerror or exc}") from None
        print(f"结果已写入 {output}")
    return 1 if failed or result.unreadable else 0
