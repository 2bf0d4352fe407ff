"""``gongkai deadline RECEIVED [--days 20] [--pause FROM..TO]... [--extend N] [--holidays FILE] [--json]``.

Computes the 答复期限 of 条例第三十三条: the N-th working day after the day of receipt, skipping
weekends, statutory holidays and 调休 rest days, counting 调休 working days, leaving out the
working days of each ``--pause`` (征求意见等, inclusive) and adding ``--extend`` working days after
the original due date. Prints every day counted or skipped and why.
"""

from __future__ import annotations

import argparse
import json

from gongkai.core.deadlines import DeadlineRules, Extension, Pause, Received, reply_deadline
from gongkai.core.exceptions import GongkaiError
from gongkai.core.workdays import HolidayCalendar, parse_date


class DeadlineArgumentError(GongkaiError, ValueError):
    """A command-line value of ``gongkai deadline`` is malformed."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("received", metavar="RECEIVED", help="收到申请之日（YYYY-MM-DD，第三十一条）")
    parser.add_argument("--days", default="20", help="法定答复期限的工作日数（默认 20，第三十三条）")
    parser.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="FROM..TO",
        help="不计入期限的期间（如征求第三方意见），含首尾两日；可重复",
    )
    parser.add_argument("--extend", default="0", metavar="N", help="经机构负责人同意延长的工作日数（最长 20）")
    parser.add_argument("--holidays", metavar="FILE", help="本地节假日表（JSON 或 CSV），优先于 chinesecalendar")
    parser.add_argument("--json", action="store_true", help="输出 JSON")


def _int(value: str, what: str, minimum: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        msg = f"{what}必须是整数，收到“{value}”"
        raise DeadlineArgumentError(msg) from None
    if number < minimum:
        msg = f"{what}不能小于 {minimum}，收到 {number}"
        raise DeadlineArgumentError(msg)
    return number


def _pause(text: str) -> Pause:
    if ".." not in text:
        msg = f"--pause 应写作 FROM..TO（YYYY-MM-DD..YYYY-MM-DD），收到“{text}”"
        raise DeadlineArgumentError(msg)
    first, _, last = text.partition("..")
    return Pause(
        parse_date(first, what="--pause 开始日"), parse_date(last, what="--pause 结束日"), "期限中止（--pause）"
    )


def handle(args: argparse.Namespace) -> int:
    received = parse_date(args.received, what="收到申请之日")
    days = _int(args.days, "--days", 1)
    extend = _int(args.extend, "--extend", 0)
    pauses = [_pause(p) for p in args.pause]
    calendar = HolidayCalendar.load(args.holidays) if args.holidays else HolidayCalendar()
    events: list[object] = [Received(received), *pauses]
    if extend:
        events.append(Extension(extend))
    result = reply_deadline(events, calendar, rules=DeadlineRules(reply_days=days))  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"收到申请：{received.isoformat()}")
        print(result.to_text())
    return 0
