"""``gongkai search reindex|status``: rebuild the search index (resumable) and show what it holds."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.search.models import ReindexCheckpoint, SearchDocument, Source


class Command(BaseCommand):
    help = "全文检索索引：reindex 增量重建（中断后从断点继续），status 查看索引情况。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("reindex", help="增量重建索引；中断后再次运行从断点继续")
        run.add_argument("--full", action="store_true", help="全部重建（不跳过未变的文档）")
        run.add_argument("--batch", type=int, default=1000, help="每批处理的记录数（默认 1000）")
        run.add_argument(
            "--source",
            action="append",
            choices=[s.name.lower() for s in Source],
            help="只重建这一类来源（可重复）",
        )
        run.add_argument(
            "--workers", type=int, default=None, help="分词进程数（默认为 CPU 核数，最多 4；1 为不另起进程）"
        )
        run.add_argument("--quiet", action="store_true", help="不显示进度")
        sub.add_parser("status", help="各类来源的文档数，以及未完成的重建")

    def handle(self, *args, action: str, **options) -> None:
        if action == "status":
            self._status()
            return
        from gongkai.apps.search.services import reindex

        if not 1 <= options["batch"] <= 100_000:
            raise CommandError("--batch 须在 1 到 100000 之间。")
        workers = options["workers"] if options["workers"] is not None else min(4, os.cpu_count() or 1)
        if not 1 <= workers <= 32:
            raise CommandError("--workers 须在 1 到 32 之间。")
        sources = [Source[name.upper()] for name in options["source"]] if options["source"] else None
        progress = None if options["quiet"] else (lambda line: self.stderr.write(line))
        try:
            result = reindex(
                full=options["full"],
                batch_size=options["batch"],
                sources=sources,
                progress=progress,
                workers=workers,
            )
        except KeyboardInterrupt:
            raise CommandError("已中断；再次运行 gongkai search reindex 从断点继续。") from None
        resumed = "（从断点继续）" if result.resumed else ""
        self.stdout.write(
            f"索引完成{resumed}：写入 {result.indexed} 条，未变跳过 {result.skipped} 条，删除 {result.removed} 条，"
            f"用时 {result.seconds:.1f} 秒（{result.rate:.0f} 条/秒）。"
        )

    def _status(self) -> None:
        from django.db.models import Count

        counts = dict(SearchDocument.objects.values_list("source").annotate(n=Count("key")).values_list("source", "n"))
        for source in Source:
            self.stdout.write(f"{source.label}：{counts.get(source, 0)} 条")
        checkpoint = ReindexCheckpoint.objects.first()
        if checkpoint:
            self.stdout.write(
                f"未完成的重建：{checkpoint.get_source_display()} 已到 #{checkpoint.last_id}"
                f"（开始于 {checkpoint.started_at:%Y-%m-%d %H:%M}），再次运行 reindex 继续。"
            )
