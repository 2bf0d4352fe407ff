"""``gongkai audit verify``: check the SM3 hash chain of the audit log (exit 0 intact, 1 broken)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "审计日志：verify 校验 SM3 哈希链，报告第一处断链（完整时退出码 0，断链时 1）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        verify = sub.add_parser("verify", help="校验审计日志哈希链")
        verify.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, **options):
        from gongkai.apps.audit.chain import verify

        result = verify()
        if options.get("json"):
            import json

            broken = result.broken
            self.stdout.write(
                json.dumps(
                    {
                        "intact": broken is None,
                        "rows": result.rows,
                        "head_seq": result.head_seq,
                        "head_hash": result.head_hash,
                        "broken": None
                        if broken is None
                        else {
                            "row_id": broken.row_id,
                            "seq": broken.seq,
                            "timestamp": broken.timestamp.isoformat() if broken.timestamp else None,
                            "problem": broken.problem,
                        },
                    },
                    ensure_ascii=False,
                )
            )
        elif result.broken is None:
            self.stdout.write(
                f"审计日志完整：共 {result.rows} 条，哈希链无断裂。链头序号 {result.head_seq}，SM3 {result.head_hash}"
            )
        else:
            self.stderr.write(f"审计日志哈希链断裂：{result.broken.describe()}")
        if result.broken is not None:
            sys.exit(1)
