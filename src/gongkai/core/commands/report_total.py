"""``gongkai report total FILE... --organization NAME [--year YYYY] [--json | --to KIND -o OUT]``.

Adds up several bodies' reports of one year and one template version into one report (汇总). Without
``--json`` or ``--to`` the total is printed as Markdown. Findings (cells left empty because an input
lacked them, what was added) go to standard error, or into the JSON. Exit 0 when every cell of the total
could be added, 1 when some cells are left empty, 2 when the files cannot be read or added up.
"""

from __future__ import annotations

import argparse
import sys

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.findings import WARNING
from gongkai.core.render import RENDERERS, render, render_to_file
from gongkai.core.report import dumps_json
from gongkai.core.sandbox import load_file
from gongkai.core.totals import total_reports


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="同一年度、同一格式的各机关年度报告文件")
    parser.add_argument("--organization", required=True, metavar="NAME", help="合计报告署名，如 某某县（各乡镇合计）")
    parser.add_argument("--year", type=int, metavar="YYYY", help="年度；给出时核对每份报告都是该年度")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help='输出 {"report": …, "findings": […], "sources": […]}')
    out.add_argument("--to", choices=list(RENDERERS), help="输出格式（md/html/docx/xlsx/pdf），与 -o 一起用")
    parser.add_argument("-o", "--output", metavar="OUT", help="输出文件（- 表示标准输出）")


def handle(args: argparse.Namespace) -> int:
    """Add the reports up and write the total; 1 when some cells of the total are left empty."""
    if args.to and not args.output:
        raise UnreadableInputError("使用 --to 时请用 -o 给出输出文件（- 表示标准输出）")
    loaded = [load_file(path) for path in args.files]
    result = total_reports(
        [item.report for item in loaded],
        organization=args.organization,
        year=args.year,
        labels=[item.report.organization or str(path) for item, path in zip(loaded, args.files, strict=True)],
    )
    if args.json:
        text = dumps_json(result.to_dict()) + "\n"
        if args.output and args.output != "-":
            from pathlib import Path

            from gongkai.core.render import write_output

            write_output(text.encode("utf-8"), Path(args.output))
        else:
            sys.stdout.write(text)
    else:
        for finding in result.findings:
            print(finding.describe(), file=sys.stderr)
        if args.output:
            renderer = render_to_file(result.report, args.output, args.to)
            if args.output != "-":
                print(f"已输出 {args.output}（{renderer.label}）", file=sys.stderr)
        else:
            sys.stdout.write(render(result.report, "md").decode("utf-8"))
    return 1 if any(f.severity == WARNING for f in result.findings) else 0
