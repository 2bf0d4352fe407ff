"""``gongkai report template --format 2019|2021 [--to md|html|docx|xlsx|pdf] -o OUT``: a blank report."""

from __future__ import annotations

import argparse
import sys

from gongkai.core.formats import FORMATS
from gongkai.core.render import RENDERERS, render_to_file
from gongkai.core.report import Report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments."""
    parser.add_argument("--format", required=True, choices=list(FORMATS), help="年报格式：2019（试行）或 2021")
    parser.add_argument("--to", choices=list(RENDERERS), help="输出格式；省略时按输出文件的扩展名判断")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件（- 表示标准输出）")
    parser.add_argument("--organization", help="填入标题的机关名称（可省略）")
    parser.add_argument("--year", type=int, help="填入标题的年度（可省略）")


def handle(args: argparse.Namespace) -> int:
    """Write a blank report (every cell empty) in the chosen format; 0 on success."""
    report = Report.blank(args.format, year=args.year, organization=args.organization)
    renderer = render_to_file(report, args.output, args.to)
    if args.output != "-":
        print(f"已输出空白模板 {args.output}（{args.format} 年格式，{renderer.label}）", file=sys.stderr)
    return 0
