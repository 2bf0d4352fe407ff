"""``gongkai review_import``: create a check batch (检查批次) from report files on disk.

For batches too large to upload through a browser in one request: the files are stored exactly as an upload
would, under the given user's name (who must be a 领导 or 系统管理员 of the scope), then read, matched and
checked here, one after the other, each in a limited child process (``--enqueue``: leave reading to the
workers).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.organizations.models import Organization
from gongkai.apps.review import reading, services
from gongkai.apps.review.choices import ReadStatus


class Command(BaseCommand):
    help = "把目录或文件中的年度报告导入为一个年报检查批次（读取、匹配机关、检查）。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="年报文件或目录（目录下的 pdf/docx/html/txt/md/json，含子目录）")
        parser.add_argument("--organization", required=True, help="检查范围机关的网址标识（slug）")
        parser.add_argument("--year", type=int, required=True, help="检查年度")
        parser.add_argument("--user", required=True, help="以哪个用户的名义导入（须为该机关的领导或系统管理员）")
        parser.add_argument("--title", default="", help="批次名称")
        parser.add_argument("--enqueue", action="store_true", help="只保存文件并排入后台队列，由 gongkai worker 读取")

    def handle(self, *args, **opts):
        org = Organization.objects.filter(slug=opts["organization"]).first()
        if org is None:
            raise CommandError(f"没有找到网址标识为“{opts['organization']}”的机关。")
        user = get_user_model().objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"没有找到用户“{opts['user']}”。")
        files: list[Path] = []
        for raw in opts["paths"]:
            path = Path(raw)
            if path.is_dir():
                files += sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in services.ALLOWED_SUFFIXES and not p.name.startswith(".")
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"文件或目录不存在：{path}")
        try:
            result = services.batch_import_paths(
                actor=user, organization=org, year=opts["year"], paths=files, title=opts["title"]
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "没有权限。") from None
        except services.ReviewError as exc:
            raise CommandError(str(exc)) from None
        added = result.added
        if opts["enqueue"]:
            self.stdout.write(
                f"已建立检查批次“{result.batch}”（编号 {result.batch.pk}）：{len(added)} 个文件已排入后台队列，由 gongkai worker 读取。"
            )
            return
        for row in added:
            reading.report_read(report_id=row.pk)
            row.refresh_from_db()
        unreadable = [r for r in added if r.status == ReadStatus.UNREADABLE]
        self.stdout.write(f"已建立检查批次“{result.batch}”（编号 {result.batch.pk}）：{len(added)} 个文件")
        for row in added:
            if row.status == ReadStatus.UNREADABLE:
                self.stdout.write(f"  无法读取 {row.original_name}：{row.parse_error}")
            else:
                self.stdout.write(
                    f"  {row.original_name}\t{row.organization_name}\t{row.detected_year or '—'}\t"
                    f"错误 {row.error_count}\t警告 {row.warning_count}"
                )
        if result.duplicates:
            self.stdout.write("相同文件未重复导入：" + "、".join(result.duplicates))
        self.stdout.write(f"无法读取 {len(unreadable)} 个。")
