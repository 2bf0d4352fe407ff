"""``gongkai fee --pieces N [--json]`` / ``gongkai fee --pages N [--json]``: 信息处理费 in 元.

按件 counts pieces for one applicant in one calendar month (国办函〔2020〕109号第四条); 按量
counts pages of one application (第五条). Both progressive; one method per application.
"""

from __future__ import annotations

import argparse
import json

from gongkai.core.fees import FeeInputError, fee_by_pages, fee_by_pieces


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--pieces", metavar="N", help="按件计收：同一申请人一个自然月内累计申请件数")
    group.add_argument("--pages", metavar="N", help="按量计收：一件申请提供信息的页数")
    parser.add_argument("--json", action="store_true", help="输出 JSON")


def _count(value: str, what: str) -> int:
    text = str(value).strip()
    if not text.lstrip("-").isdigit() or not text.isascii():
        msg = f"{what}必须是非负整数，收到“{value}”"
        raise FeeInputError(msg)
    return int(text)


def handle(args: argparse.Namespace) -> int:
    if args.pieces is not None:
        result = fee_by_pieces(_count(args.pieces, "件数"))
    else:
        result = fee_by_pages(_count(args.pages, "页数"))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.to_text())
    return 0
