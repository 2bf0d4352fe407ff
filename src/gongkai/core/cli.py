"""Argument parsing for the core subcommands (``gongkai report|deadline|fee``).

Each subcommand lives in its own module under :mod:`gongkai.core.commands` with two
functions, ``add_arguments(parser)`` and ``handle(args) -> int``. Exit codes: 0 success,
1 the input was read but has errors, 2 the input could not be read or the call was wrong.
Nothing here imports Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from gongkai.core.exceptions import GongkaiError

#: (command words, module under gongkai.core.commands, one-line help)
COMMANDS: list[tuple[tuple[str, ...], str, str]] = [
    (("report", "check"), "report_check", "检查年度报告（勾稽关系、结构、文字与表格）"),
    (("report", "parse"), "report_parse", "把已发布的年度报告读成数据"),
    (("report", "render"), "report_render", "把年度报告输出为 md/html/docx/xlsx/pdf"),
    (("report", "diff"), "report_diff", "比较两份年度报告"),
    (("report", "template"), "report_template", "输出空白年度报告模板"),
    (("report", "batch"), "report_batch", "批量读取并检查一个目录下的年度报告"),
    (("report", "total"), "report_total", "把同一年度多个机关的年度报告相加为合计报告"),
    (("deadline",), "deadline", "计算依申请公开答复期限（工作日）"),
    (("fee",), "fee", "计算信息处理费"),
]


class _Parser(argparse.ArgumentParser):
    """An argument parser that exits with code 2 and a one-line message on bad arguments."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"gongkai: 参数错误 / bad arguments: {message}\n")


def _selected(argv: list[str] | None) -> tuple[str, ...] | None:
    """The command words of :data:`COMMANDS` that *argv* starts with, if any."""
    if not argv:
        return None
    for words, _module, _help in COMMANDS:
        if tuple(argv[: len(words)]) == words:
            return words
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Build the parser for the core subcommands.

    Only the module of the subcommand that *argv* names is imported (a cold ``gongkai report check``
    does not pay for importing the renderers, the deadline rules and the batch tools); the others get
    their one-line help from :data:`COMMANDS`. With ``argv=None`` every module is imported.
    """
    chosen = _selected(argv)
    root = _Parser(prog="gongkai")
    subparsers = root.add_subparsers(dest="command", required=True, parser_class=_Parser)
    groups: dict[str, argparse._SubParsersAction] = {}
    for words, module_name, help_text in COMMANDS:
        load = argv is None or words == chosen
        module = None
        if load:
            try:
                module = importlib.import_module(f"gongkai.core.commands.{module_name}")
            except ModuleNotFoundError as exc:
                if exc.name and exc.name.endswith(module_name):
                    continue
                raise
        if len(words) == 1:
            parser = subparsers.add_parser(words[0], help=help_text, description=help_text)
        else:
            if words[0] not in groups:
                group_parser = subparsers.add_parser(words[0], help="年度报告工具")
                groups[words[0]] = group_parser.add_subparsers(dest="subcommand", required=True, parser_class=_Parser)
            parser = groups[words[0]].add_parser(words[1], help=help_text, description=help_text)
        if module is not None:
            module.add_arguments(parser)
            parser.set_defaults(_handler=module.handle)
    return root


def run(argv: list[str]) -> int:
    """Parse *argv* and run the chosen core subcommand; return its exit code."""
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return int(args._handler(args))
    except GongkaiError as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
