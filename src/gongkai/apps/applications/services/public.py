"""The public side of applications: one-time submission tokens and guarded status lookups.

A submission token is issued with the confirmation page and signed, so only this server's tokens are accepted.
The application stores only the token's SHA-256; its query code is derived from the token with a keyed HMAC, so
the same token gives the same code again (a double click, a retry after a dropped connection) while neither the
code nor the token is ever stored in plain text. The code of a replayed token is shown only within
``GONGKAI_SUBMISSION_REPLAY_HOURS`` of the first submission.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai.apps.audit.services import audit_log

from ..models import Application, QueryGuard
from .common import _CODE_ALPHABET, query_code_matches

__all__ = [
    "LookupResult",
    "application_lookup",
    "application_submit_once",
    "submission_replay",
    "submission_token_issue",
    "submission_token_valid",
]

_TOKEN_SALT = "gongkai.applications.submission"
_TOKEN_MAX_AGE = 24 * 3600  # a confirmation page may stay open for a day


def submission_token_issue() -> str:
    """A new signed one-time token for the confirmation page."""
    return signing.TimestampSigner(salt=_TOKEN_SALT).sign(secrets.token_urlsafe(24))


def submission_token_valid(token: str) -> bool:
    """Whether *token* was issued by this server within the last day."""
    if not token or len(token) > 200:
        return False
    try:
        signing.TimestampSigner(salt=_TOKEN_SALT).unsign(token, max_age=_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_for_token(token: str) -> str:
    """The query code of the submission made with *token* (6 characters of the code alphabet)."""
    digest = salted_hmac("gongkai.applications.query_code", token, algorithm="sha256").digest()
    return "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:6])


def submission_replay(token: str) -> tuple[Application | None, str]:
    """The application already submitted with *token* and its code ('' once the replay window has passed)."""
    application = Application.objects.filter(submission_token_hash=_token_hash(token)).first()
    if application is None:
        return None, ""
    window = dt.timedelta(hours=settings.GONGKAI_SUBMISSION_REPLAY_HOURS)
    code = code_for_token(token)
    if timezone.now() - application.submitted_at > window or not query_code_matches(application, code):
        return application, ""
    return application, code


def application_submit_once(*, token: str, organization, **fields) -> tuple[Application, str, bool]:
    """Submit an online application carrying the one-time *token*; returns (application, code, replayed).

    The first call creates the application (``application_submit``); any later call with the same token,
    concurrent or not, returns that application and the same code with ``replayed=True``.
    """
    from .intake import application_submit

    existing, code = submission_replay(token)
    if existing is not None:
        return existing, code, True
    try:
        with transaction.atomic():
            application, code = application_submit(
                organization=organization, submission_token_hash=_token_hash(token), code=code_for_token(token),
                **fields,
            )
    except IntegrityError:
        # A concurrent request with the same token won the race: show what it stored.
        existing, code = submission_replay(token)
        if existing is None:
            raise
        return existing, code, True
    return application, code, False


@dataclass(frozen=True)
class LookupResult:
    application: Application | None
    locked_until: dt.datetime | None = None


@transaction.atomic
def application_lookup(*, tracking_number: str, query_code: str) -> LookupResult:
    """The application with this tracking number and query code, counting wrong codes.

    ``GONGKAI_QUERY_MAX_FAILURES`` wrong codes in a row lock the tracking number for
    ``GONGKAI_QUERY_LOCK_MINUTES`` (audited); while locked no code is checked. An unknown number gives nothing
    and stores nothing (no row per guessed number).
    """
    application = Application.objects.filter(tracking_number=tracking_number.strip().upper()).first()
    if application is None:
        return LookupResult(None)
    guard, _created = QueryGuard.objects.select_for_update().get_or_create(application=application)
    now = timezone.now()
    if guard.locked_until and guard.locked_until > now:
        return LookupResult(None, guard.locked_until)
    if query_code_matches(application, query_code):
        if guard.failures:
            guard.failures = 0
            guard.save(update_fields=["failures", "updated_at"])
        return LookupResult(application)
    guard.failures += 1
    if guard.failures >= settings.GONGKAI_QUERY_MAX_FAILURES:
        guard.failures = 0
        guard.locks += 1
        guard.locked_until = now + dt.timedelta(minutes=settings.GONGKAI_QUERY_LOCK_MINUTES)
        guard.save()
        audit_log(
            actor=None,
            action="applications.application.query_lock",
            obj=application,
            after={"locked_until": guard.locked_until, "locks": guard.locks},
            reason=f"连续 {settings.GONGKAI_QUERY_MAX_FAILURES} 次查询码错误，暂时锁定查询",
        )
        return LookupResult(None, guard.locked_until)
    guard.save(update_fields=["failures", "updated_at"])
    return LookupResult(None)
