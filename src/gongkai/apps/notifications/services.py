"""Writes of the notifications app: create notices (and their e-mail), mark them read, the e-mail choice, and
the daily run that turns due dates into notices and sends each person one digest.

Other apps' services call :func:`notify` inside their own atomic step, so a notice exists exactly when the step
it tells of was committed; its e-mail is sent after the commit (``transaction.on_commit``), never for a step
that was rolled back. E-mail goes through Django's mail backend (``GONGKAI_EMAIL_*`` settings).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .choices import Kind
from .models import DigestSent, Notification, NotificationPreference

__all__ = [
    "DueRun",
    "notification_mark_all_read",
    "notification_mark_read",
    "notifications_send_due",
    "notify",
    "preference_for",
    "preference_update",
]

logger = logging.getLogger(__name__)

#: The daily run makes notices of lines due within this many working days (and of overdue lines).
DUE_SOON_WORKING_DAYS = 3


def preference_for(user) -> NotificationPreference:
    """The person's e-mail choice (both e-mails on until he changes them; not saved until then)."""
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref or NotificationPreference(user=user)


def absolute(link: str) -> str:
    base = getattr(settings, "GONGKAI_SITE_URL", "").rstrip("/")
    return f"{base}{link}" if link.startswith("/") and base else link


def _mail(user, subject: str, body: str) -> bool:
    if not user.email:
        return False
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # a mail server down must not undo the step (the notice is in the app anyway)
        logger.exception("notification e-mail to user %s failed", user.pk)
        return False
    return True


def _event_mail(user, text: str, link: str) -> None:
    body = f"{text}\n\n{absolute(link)}\n\n本邮件由政府信息公开工作平台自动发送。不需要邮件提醒，可在平台“消息”页面的“邮件设置”中关闭。"
    _mail(user, f"【政府信息公开】{text}"[:200], body)


def notify(
    *,
    recipients: Iterable,
    kind: str,
    text: str,
    link: str = "",
    organization=None,
    key: str = "",
    exclude: Iterable[int] = (),
    email: bool = True,
) -> list[Notification]:
    """Tell each of *recipients* (users) *text*; with *key*, at most once per person and key.

    Inactive people and those in *exclude* (user ids: usually the actor, who knows) are skipped. With *email*,
    each person who keeps event e-mail on gets one after the commit.
    """
    kind = Kind(kind)
    skip = {pk for pk in exclude if pk}
    created: list[Notification] = []
    with transaction.atomic():
        seen: set[int] = set()
        for user in recipients:
            if user is None or not user.is_active or user.pk in skip or user.pk in seen:
                continue
            seen.add(user.pk)
            if key and Notification.objects.filter(recipient=user, key=key).exists():
                continue
            try:
                with transaction.atomic():
                    notice = Notification.objects.create(
                        recipient=user, kind=kind, text=text[:500], link=link, organization=organization, key=key
                    )
            except IntegrityError:  # the same key written meanwhile by another run
                continue
            created.append(notice)
            if email and preference_for(user).email_events and user.email:
                transaction.on_commit(lambda u=user: _event_mail(u, text, link))
    # The people told, and those excluded (the actor, whose own work just moved), count afresh.
    changed = {n.recipient_id for n in created} | skip
    if changed:
        from gongkai.apps.staff.workbench import forget_counts

        transaction.on_commit(lambda: forget_counts(changed))
    return created


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> Notification | None:
    """Mark one of *user*'s notices read (another person's notice is not found: None)."""
    notice = Notification.objects.select_for_update().filter(pk=notification_id, recipient=user).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    """Mark every unread notice of *user* read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, user, email_events: bool, email_digest: bool) -> NotificationPreference:
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    pref.email_events = bool(email_events)
    pref.email_digest = bool(email_digest)
    pref.save()
    return pref


# -- the daily run ------------------------------------------------------------------------------------------


@dataclass
class DueRun:
    people: int = 0
    due_soon: int = 0
    overdue: int = 0
    digests: int = 0
    no_email: int = 0
    dry_run_lines: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return (
            f"到期提醒：{self.people} 人有待办，新提醒即将到期 {self.due_soon} 条、已超期 {self.overdue} 条；"
            f"发送待办摘要邮件 {self.digests} 封，{self.no_email} 人无邮箱未发送。"
        )


def _people():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, memberships__isnull=False).distinct().order_by("pk")


def _digest_body(user, today: dt.date, bench, new: list[Notification]) -> tuple[str, str]:
    name = user.get_full_name() or user.get_username()
    lines = [
        f"{name}：",
        "",
        f"截至 {today:%Y-%m-%d}，您有 {bench.count} 项待办（已超期 {bench.overdue_count} 项）。",
        "",
    ]
    if new:
        lines.append("今日新提醒：")
        lines += [f"  · {n.text}" for n in new]
        lines.append("")
    lines.append("待办事项（按紧急程度）：")
    for line in bench.mine[:30]:
        due = f"，期限 {line.due:%Y-%m-%d}，{line.days_text}" if line.due else ""
        lines.append(f"  · 【{line.what}】{line.title}（{line.organization}{due}）")
        lines.append(f"    {absolute(line.url)}")
    if bench.count > 30:
        lines.append(f"  …… 另有 {bench.count - 30} 项，请登录平台查看工作台。")
    lines += ["", "本邮件由政府信息公开工作平台自动发送。不需要摘要邮件，可在平台“消息”页面的“邮件设置”中关闭。"]
    subject = f"【政府信息公开】待办摘要：{bench.count} 项，已超期 {bench.overdue_count} 项（{today:%m月%d日}）"
    return subject, "\n".join(lines)


def notifications_send_due(*, today: dt.date | None = None, digest: bool = True, dry_run: bool = False) -> DueRun:
    """The daily run (cron or the background task): for every person, each of his waiting lines that falls due
    within 3 working days or is overdue becomes a notice (once per line and due date, so running again the same
    day, or the next, repeats nothing), and he gets one digest e-mail a day (if he keeps it on and has work).
    It is also the applications' old deadline reminders (``gongkai send_deadline_reminders``): their cases are
    lines of the 工作台, so one e-mail per person covers both. *dry_run* writes and sends nothing and lists, in
    ``dry_run_lines``, the digests that would go out.
    """
    from gongkai.apps.staff.waiting import waiting_for
    from gongkai.apps.staff.workbench import member_organizations

    today = today or timezone.localdate()
    run = DueRun()
    for user in _people():
        bench = waiting_for(user=user, organizations=member_organizations(user), today=today)
        if not bench.mine:
            continue
        run.people += 1
        if dry_run:
            wanted = digest and preference_for(user).email_digest
            if wanted and user.email and not DigestSent.objects.filter(user=user, day=today).exists():
                subject, _body = _digest_body(user, today, bench, [])
                run.dry_run_lines.append(f"[dry-run] {user.email}: {subject}")
            continue
        new: list[Notification] = []
        for line in bench.mine:
            if line.state == "overdue":
                kind, text = (
                    Kind.OVERDUE,
                    f"已超期：{line.what} {line.title}（期限 {line.due:%Y-%m-%d}，{line.days_text}）",
                )
            elif line.state == "due_soon":
                kind, text = (
                    Kind.DUE_SOON,
                    f"即将到期：{line.what} {line.title}（期限 {line.due:%Y-%m-%d}，{line.days_text}）",
                )
            else:
                continue
            made = notify(
                recipients=[user],
                kind=kind,
                text=text,
                link=line.url,
                key=f"{kind}:{line.key}:{line.due:%Y-%m-%d}",
                email=False,
            )
            if made:
                new += made
                if kind == Kind.OVERDUE:
                    run.overdue += 1
                else:
                    run.due_soon += 1
        if not digest or not preference_for(user).email_digest:
            continue
        if not user.email:
            run.no_email += 1
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, day=today, lines=bench.count)
                subject, body = _digest_body(user, today, bench, new)
                transaction.on_commit(lambda u=user, s=subject, b=body: _mail(u, s, b))
        except IntegrityError:  # already sent today
            continue
        run.digests += 1
    return run
