"""``gongkai report parse FILE [--json]``: read a published report into data."""

from __future__ import annotations

import argparse
import sys

from gongkai.core.findings import ERROR, INFO, WARNING
from gongkai.core.report import dumps_json
from gongkai.core.sandbox import parse_file

_KINDS = {
    "text": "文本",
    "markdown": "Markdown",
    "html": "HTML",
    "docx": "DOCX",
    "pdf": "PDF",
    "pdf-ocr": "扫描版 PDF（OCR）",
    "ofd": "OFD",
    "doc": "Word 97-2003（经 LibreOffice 转换）",
    "wps": "WPS 文字（经 LibreOffice 转换）",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments."""
    parser.add_argument("file", help="已发布的年度报告：txt/md/html/docx/pdf")
    parser.add_argument("--json", action="store_true", help='输出 {"report": …, "findings": […]}（解析发现）')


def handle(args: argparse.Namespace) -> int:
    """Print the report and what the parser found; exit 0 (2 is raised by the CLI on bad input).

    Only the parser's own findings are printed; ``gongkai report check`` adds the checks.
    """
    result = parse_file(args.file)
    report = result.report
    if args.json:
        out = {"report": report.to_dict(), "findings": [f.to_dict() for f in result.findings]}
        sys.stdout.write(dumps_json(out) + "\n")
        return 0
    print(
        f"{report.organization or '（未识别机关）'} {report.year or '（未识别年份）'} 年度报告，"
        f"{report.format} 年格式，来源 {_KINDS.get(result.source_kind, result.source_kind)}"
    )
    total = sum(1 for _ in report.cells())
    empty = sum(1 for _, value in report.cells() if value is None)
    print(f"读取单元格 {total - empty}/{total} 个，{empty} 个无数据（保留为空，不补 0）")
    for key, text in report.sections.items():
        label = {
            "overview": "一、总体情况",
            "problems": "五、存在的主要问题及改进情况",
            "other": "六、其他需要报告的事项",
        }[key]
        print(f"{label}：{'无' if not text else f'{len(text)} 字'}")
    for finding in result.findings:
        print(finding.describe())
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
    print(
        f"解析发现：{counts[ERROR]} 个错误，{counts[WARNING]} 个警告，{counts[INFO]} 个提示（用 gongkai report check 做完整检查）"
    )
    return 0
