"""``gongkai backup [-o FILE]``: the database and the uploaded files in one checked archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.web.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库和上传文件（一个带清单和校验和的归档文件）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="归档文件路径（默认 GONGKAI_DATA_DIR/backups/gongkai-YYYYMMDD-HHMMSS.tar）",
        )

    def handle(self, *args, **options):
        if options["output"]:
            target = Path(options["output"])
        else:
            folder = Path(settings.DATA_DIR) / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"gongkai-{dt.datetime.now():%Y%m%d-%H%M%S}.tar"
        try:
            manifest = create_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        size = target.stat().st_size
        self.stdout.write(f"已备份到 {target}（{manifest['database']['vendor']} 数据库，{media} 个上传文件，{size:,} 字节）")
