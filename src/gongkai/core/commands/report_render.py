"""``gongkai report render FILE --to md|html|docx|xlsx|pdf -o OUT``."""

from __future__ import annotations

import argparse
import sys

from gongkai.core.render import RENDERERS, render_to_file
from gongkai.core.sandbox import load_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments."""
    parser.add_argument("file", help="年度报告文件（JSON；解析器支持时也可为 txt/md/html/docx/pdf）")
    parser.add_argument(
        "--to",
        choices=list(RENDERERS),
        help="输出格式；省略时按输出文件的扩展名判断",
    )
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件（- 表示标准输出）")


def handle(args: argparse.Namespace) -> int:
    """Render the report into the output file; 0 on success (bad input raises, exit 2)."""
    report = load_file(args.file).report
    renderer = render_to_file(report, args.output, args.to)
    if args.output != "-":
        print(f"已输出 {args.output}（{renderer.label}）", file=sys.stderr)
    return 0
