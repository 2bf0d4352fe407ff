"""``gongkai report diff OLD NEW [--json]``."""

from __future__ import annotations

import argparse
import sys

from gongkai.core.diff import diff_reports
from gongkai.core.findings import has_errors
from gongkai.core.report import dumps_json
from gongkai.core.sandbox import load_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments."""
    parser.add_argument("old", help="较早的报告（如上一年度）")
    parser.add_argument("new", help="较新的报告")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def handle(args: argparse.Namespace) -> int:
    """Print the differences; exit 1 when the carry-over check finds an error, else 0."""
    old = load_file(args.old).report
    new = load_file(args.new).report
    result = diff_reports(old, new)
    if args.json:
        sys.stdout.write(dumps_json(result.to_dict()) + "\n")
        return 1 if has_errors(result.carry_over) else 0
    print(f"旧：{old.organization} {old.year} 年度（{old.format} 年格式）")
    print(f"新：{new.organization} {new.year} 年度（{new.format} 年格式）")
    if old.format != new.format:
        print(
            f"格式不同：只比较两种格式共有的单元格（旧格式独有 {len(result.only_old)} 个，新格式独有 {len(result.only_new)} 个）"
        )
    print(f"单元格变化 {len(result.cells)} 处：")
    for change in result.cells:
        delta = f"（{'+' if change.delta > 0 else ''}{change.delta}）" if change.delta is not None else ""
        old_text = "空" if change.old is None else change.old
        new_text = "空" if change.new is None else change.new
        print(f"  {change.cell}  {change.label}: {old_text} → {new_text}{delta}")
    print(f"文字变化 {len(result.sections)} 处：")
    for section in result.sections:
        status = {"added": "新增", "removed": "删除", "changed": "修改"}[section.status]
        print(f"  {section.heading}：{status}，相似度 {section.similarity:.0%}")
        if section.similarity > 0.95 and section.status == "changed":
            print("    （与上年几乎相同：注意“内容雷同”）")
    for ref in result.identical_sections:
        heading = next(s.heading for s in new.fmt.sections if f"section.{s.number}" == ref)
        print(f"  {heading}：与旧报告完全相同（注意“内容雷同”）")
    if result.carry_over:
        print("结转核对：")
        for finding in result.carry_over:
            print(f"  {finding.describe()}")
    elif old.year is not None and new.year == old.year + 1:
        print("结转核对：一致")
    return 1 if has_errors(result.carry_over) else 0
