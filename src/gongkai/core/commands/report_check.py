"""``gongkai report check FILE [--previous FILE] [--json]``."""

from __future__ import annotations

import argparse
import sys

from gongkai.core.findings import ERROR, INFO, WARNING, has_errors
from gongkai.core.report import dumps_json
from gongkai.core.sandbox import load_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments."""
    parser.add_argument("file", help="年度报告文件（JSON；解析器支持时也可为 txt/md/html/docx/pdf）")
    parser.add_argument("--previous", help="上一年度的报告，用于核对结转")
    parser.add_argument("--json", action="store_true", help='输出 {"report": …, "findings": […]}')


def handle(args: argparse.Namespace) -> int:
    """Check the report; exit 0 without errors, 1 with errors (2 is raised by the CLI on bad input)."""
    loaded = load_file(args.file)
    previous = load_file(args.previous).report if args.previous else None
    findings = loaded.check(previous)
    if args.json:
        sys.stdout.write(
            dumps_json({"report": loaded.report.to_dict(), "findings": [f.to_dict() for f in findings]}) + "\n"
        )
    else:
        report = loaded.report
        print(
            f"{report.organization or '（未识别机关）'} {report.year or '（未识别年份）'} 年度报告，{report.format} 年格式"
        )
        for finding in findings:
            print(finding.describe())
        counts = {s: sum(1 for f in findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
        verdict = "未通过" if counts[ERROR] else "通过"
        print(f"{verdict}：{counts[ERROR]} 个错误，{counts[WARNING]} 个警告，{counts[INFO]} 个提示")
    return 1 if has_errors(findings) else 0
