"""``gongkai send_deadline_reminders``: e-mail each handler the applications due soon or overdue.

Meant for cron (e.g. every working morning); ``--enqueue`` hands the work to ``gongkai worker``. See
:mod:`gongkai.apps.applications.reminders`.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.applications.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "向承办人发送即将到期和已超期的政府信息公开申请提醒邮件"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="提醒多少个工作日内到期的申请（默认 3）")
        parser.add_argument("--today", help="以该日期（YYYY-MM-DD）为今天，默认当天")
        parser.add_argument("--dry-run", action="store_true", help="只显示将发送的提醒，不发送")
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务（gongkai worker）发送")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today“{options['today']}”不是 YYYY-MM-DD 格式的日期", returncode=2) from None
        if options["days"] < 0:
            raise CommandError("--days 不能为负数", returncode=2)
        if options["enqueue"]:
            if options["dry_run"]:
                raise CommandError("--dry-run 不能与 --enqueue 同时使用", returncode=2)
            from gongkai.apps.applications.tasks import send_deadline_reminders as task

            result = task.enqueue(today.isoformat() if today else None, options["days"])
            self.stdout.write(f"已加入后台任务队列：{result.id}")
            return
        run = send_deadline_reminders(today=today, days=options["days"], dry_run=options["dry_run"])
        for line in run.dry_run_lines:
            self.stdout.write(line)
        self.stdout.write(run.message)
