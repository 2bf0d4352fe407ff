"""``gongkai restore FILE [--yes]``: put back the database and uploaded files of a ``gongkai backup`` archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.web.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "从 gongkai backup 的归档恢复数据库和上传文件（先完整校验，损坏的归档会被拒绝）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="gongkai backup 生成的 .tar 文件")
        parser.add_argument("--yes", action="store_true", help="不询问，直接替换当前数据")
        parser.add_argument("--check", action="store_true", help="只校验归档，不恢复")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        try:
            manifest = read_manifest(archive)
            files = len(manifest["files"]) - 1
            if options["check"]:
                self.stdout.write(f"归档完好：{manifest['created_at']} 的 {manifest['database']['vendor']} 备份，{files} 个上传文件。")
                return
            if not options["yes"]:
                answer = input(f"将用 {manifest['created_at']} 的备份替换当前数据库和上传文件，输入 yes 继续：")
                if answer.strip().lower() != "yes":
                    raise CommandError("已取消，未做任何改动。", returncode=2)
            restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(f"已恢复 {manifest['created_at']} 的备份（{files} 个上传文件）。")
