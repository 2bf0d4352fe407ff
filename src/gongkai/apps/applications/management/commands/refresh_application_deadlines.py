"""``gongkai refresh_application_deadlines``: recompute the stored reply periods of open applications.

Run it after editing the holiday table (节假日表), e.g. once the State Council publishes next
year's 节假日安排: provisional due dates become final. Each change is audited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.apps.applications.choices import OPEN_STATUSES
from gongkai.apps.applications.models import Application
from gongkai.apps.applications.services import application_refresh_deadline
from gongkai.apps.audit.services import audit_log


class Command(BaseCommand):
    help = "重新计算办理中申请的答复期限（修改节假日表后运行）"

    def add_arguments(self, parser):
        parser.add_argument("--provisional-only", action="store_true", help="只重新计算暂定期限")

    def handle(self, *args, **options):
        qs = Application.objects.filter(status__in=OPEN_STATUSES)
        if options["provisional_only"]:
            qs = qs.filter(due_provisional=True)
        changed = failed = 0
        for app in qs.iterator():
            before = (app.due_on, app.due_provisional)
            try:
                with transaction.atomic():
                    application_refresh_deadline(application=app)
                    if (app.due_on, app.due_provisional) != before:
                        changed += 1
                        audit_log(
                            actor=None,
                            action="applications.application.refresh_deadline",
                            obj=app,
                            before={"due_on": before[0], "due_provisional": before[1]},
                            after={"due_on": app.due_on, "due_provisional": app.due_provisional},
                            reason="节假日表更新后重新计算",
                        )
            except ValidationError as exc:
                failed += 1
                self.stderr.write(f"{app.tracking_number}: {'；'.join(exc.messages)}")
        self.stdout.write(f"已检查{qs.count()}件，期限变化{changed}件，失败{failed}件。")
