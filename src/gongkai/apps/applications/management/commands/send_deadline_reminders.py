"""``gongkai send_deadline_reminders``: the old name of ``gongkai notify_due`` (the reminders are folded into
the daily digest: one e-mail per person per run). Kept so that existing cron lines keep working; ``--days`` is
accepted, but the window is the 工作台's 3 working days. See :mod:`gongkai.apps.applications.reminders`.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.apps.applications.reminders import REMINDER_DAYS, send_deadline_reminders


class Command(BaseCommand):
    help = "（已并入 gongkai notify_due）生成到期提醒，并向每人发送一封每日待办摘要邮件"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=REMINDER_DAYS, help="保留以兼容旧用法：固定按 3 个工作日提醒")
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
        if options["days"] != REMINDER_DAYS:
            self.stdout.write(f"提示：提醒已并入每日待办摘要，按 {REMINDER_DAYS} 个工作日计算，--days 不再生效。")
        if options["enqueue"]:
            if options["dry_run"]:
                raise CommandError("--dry-run 不能与 --enqueue 同时使用", returncode=2)
            from gongkai.apps.applications.tasks import send_deadline_reminders as task

            result = task.enqueue(today.isoformat() if today else None, options["days"])
            self.stdout.write(f"已加入后台任务队列：{result.id}")
            return
        run = send_deadline_reminders(today=today, dry_run=options["dry_run"])
        for line in run.dry_run_lines:
            self.stdout.write(line)
        self.stdout.write(run.message)
