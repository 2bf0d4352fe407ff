"""``gongkai notify_due [--today YYYY-MM-DD] [--no-digest] [--enqueue]``: the daily run of the notifications.

Every person's work due within 3 working days or overdue becomes a notice, and each person gets one digest
e-mail a day. For cron (every working morning); a second run the same day repeats nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "生成即将到期和已超期提醒，并向每人发送每日待办摘要邮件"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="以该日期（YYYY-MM-DD）为今天，默认当天")
        parser.add_argument("--no-digest", action="store_true", help="只生成站内提醒，不发摘要邮件")
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务（gongkai worker）执行")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today“{options['today']}”不是 YYYY-MM-DD 格式的日期") from None
        if options["enqueue"]:
            from gongkai.apps.notifications.tasks import send_due_notifications

            result = send_due_notifications.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"已加入后台任务队列：{result.id}")
            return
        from gongkai.apps.notifications.services import notifications_send_due

        run = notifications_send_due(today=today, digest=not options["no_digest"])
        self.stdout.write(run.message)
