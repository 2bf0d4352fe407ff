"""``gongkai erase_expired_personal_data``: erase the personal data of applications closed long ago.

An application closed more than ``GONGKAI_PERSONAL_DATA_RETENTION_DAYS`` days ago (办结日期), with
no 复议 or 诉讼 case still pending, loses its applicant's name, ID number and contact details (and
the blind index); the application itself stays for the annual reports (tables 3 and 4 need no
personal data). Each erasure is one audit row, in the transaction of its batch. ``--dry-run`` only
counts.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log

from ...choices import CaseResult, Status
from ...models import PERSONAL_FIELDS, Application, LawsuitCase, ReviewCase


def expired(today: dt.date, days: int):
    """Closed applications past the retention period whose personal data is still there."""
    cutoff = today - dt.timedelta(days=days)
    pending = CaseResult.PENDING
    return (
        Application.objects.filter(status=Status.CLOSED, closed_on__lt=cutoff, personal_data_erased_on__isnull=True)
        .exclude(pk__in=ReviewCase.objects.filter(result=pending, application__isnull=False).values("application_id"))
        .exclude(pk__in=LawsuitCase.objects.filter(result=pending, application__isnull=False).values("application_id"))
        .order_by("pk")
    )


class Command(BaseCommand):
    help = "删除超过保存期限的已办结申请中的申请人个人信息（姓名、证件号码、联系方式），并记入审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")
        parser.add_argument("--days", type=int, help="保存期限（日），默认取 GONGKAI_PERSONAL_DATA_RETENTION_DAYS")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.GONGKAI_PERSONAL_DATA_RETENTION_DAYS
        if days < 0 or options["batch_size"] <= 0:
            raise CommandError("保存期限不能为负数，--batch-size 必须为正整数。", returncode=2)
        today = timezone.localdate()
        qs = expired(today, days)
        if options["dry_run"]:
            count = qs.count()
            numbers = list(qs.values_list("tracking_number", flat=True)[:20])
            self.stdout.write(
                f"试运行：有 {count} 件办结超过 {days} 日的申请将被删除个人信息"
                + (f"，如 {'、'.join(numbers)}" if numbers else "")
                + "。未作任何修改。"
            )
            return
        total = 0
        while True:
            with transaction.atomic():
                batch = list(qs.select_for_update().only("pk", "tracking_number", "organization", "closed_on")[
                    : options["batch_size"]
                ])
                if not batch:
                    break
                Application.objects.filter(pk__in=[a.pk for a in batch]).update(
                    **dict.fromkeys(PERSONAL_FIELDS, ""), id_number_index="", personal_data_erased_on=today
                )
                for app in batch:
                    audit_log(
                        actor=None,
                        action="applications.application.erase_personal_data",
                        obj=app,
                        before={"closed_on": app.closed_on},
                        after={"personal_data_erased_on": today, "fields": list(PERSONAL_FIELDS)},
                        reason=f"超过个人信息保存期限（办结后 {days} 日）",
                    )
            total += len(batch)
        self.stdout.write(f"已删除 {total} 件申请的申请人个人信息（办结超过 {days} 日）。")
