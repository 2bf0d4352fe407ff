"""Access tokens of the open API: issue, revoke, authenticate (each audited), and the scopes they carry.

A token reads ``gk_<prefix>_<secret>``. The prefix (public, unique) finds the row; only the SHA-256 digest of the
secret is stored and compared in constant time. A token is refused once revoked or past its expiry. The
安全管理员 of a body (``api.token.manage``, inherited down the tree) issues and revokes tokens for it and for the
bodies below it; ``gongkai api_token`` does the same from the server's command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.models import Membership, Organization
from gongkai.apps.organizations.permissions import require

from .models import ApiToken, TokenKind

__all__ = [
    "MAX_DAYS",
    "SCOPES",
    "ScopeError",
    "require_scope",
    "token_authenticate",
    "token_issue",
    "token_revoke",
]

#: What a token may be allowed to do (its scopes), with the Chinese label shown to the 安全管理员.
SCOPES: dict[str, str] = {
    "reports.check": "提交年报文件并获取检查结果",
    "applications.read": "查看依申请公开办理情况（个人信息脱敏）",
    "items.pull": "拉取公开信息的变更（同步）",
    "items.push": "推送公开信息（按外部编号幂等，同步）",
}
#: A token lives at most this many days.
MAX_DAYS = 366
PREFIX = "gk_"


class ScopeError(Exception):
    """The token lacks the scope an endpoint needs (the message is Chinese)."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _validate(*, organization, kind: str, scopes, days: int, user, name: str) -> list[str]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "请填写令牌名称（如“省政务公开平台同步”）。"
    if kind not in TokenKind.values:
        errors["kind"] = "令牌类型应为工作人员或上级平台。"
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        errors["scopes"] = f"未知的权限范围：{'、'.join(unknown)}。" if unknown else "请至少选择一项权限范围。"
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = f"有效期应为 1 至 {MAX_DAYS} 天。"
    if kind == TokenKind.STAFF:
        if user is None:
            errors["user"] = "工作人员令牌须指定工作人员。"
        elif not Membership.objects.filter(user=user, organization__path__startswith=organization.path).exists():
            errors["user"] = "该工作人员不在本机关或下级机关任职。"
    elif user is not None:
        errors["user"] = "上级平台令牌不属于某个工作人员。"
    if errors:
        raise ValidationError(errors)
    return [s for s in SCOPES if s in set(scopes)]


@transaction.atomic
def token_issue(
    *, actor, organization: Organization, name: str, kind: str, scopes, days: int = 90, user=None
) -> tuple[ApiToken, str]:
    """Issue a token; return it and its full secret string (shown once, never stored).

    *actor* ``None`` is the server's operator (the management command).

    Raises:
        PermissionDeniedError: *actor* may not manage tokens of *organization*.
        ValidationError: a field is wrong (Chinese messages by field).
    """
    if actor is not None:
        require(actor, "api.token.manage", organization)
    scopes = _validate(organization=organization, kind=kind, scopes=scopes, days=days, user=user, name=name)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip()[:100],
        kind=kind,
        organization=organization,
        user=user,
        scopes=scopes,
        prefix=prefix,
        secret_hash=_digest(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="api.token.issue",
        obj=token,
        after={
            "name": token.name,
            "kind": kind,
            "scopes": scopes,
            "user": getattr(user, "username", None),
            "expires_at": token.expires_at.isoformat(),
        },
        organization=organization,
    )
    return token, f"{PREFIX}{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, actor, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke *token* at once (a revoked token is refused from the next request on)."""
    token = ApiToken.objects.select_for_update().select_related("organization").get(pk=token.pk)
    if actor is not None:
        require(actor, "api.token.manage", token.organization)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_log(
        actor=actor,
        action="api.token.revoke",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
        reason=reason,
        organization=token.organization,
    )
    return token


def _parse(raw: str) -> tuple[str, str] | None:
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    prefix, sep, secret = raw[len(PREFIX) :].partition("_")
    if not sep or not prefix or not secret:
        return None
    return prefix, secret


def token_authenticate(raw: str, *, method: str = "", path: str = "") -> ApiToken | None:
    """The active token *raw* names, or ``None``; each accepted use is audited (``api.token.use``)."""
    parsed = _parse(raw)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = ApiToken.objects.select_related("organization", "user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(secret)):
        return None
    if not token.is_active:
        return None
    if token.user is not None and not token.user.is_active:
        return None
    now = timezone.now()
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        audit_log(
            actor=token.user,
            action="api.token.use",
            obj=token,
            reason=f"{method} {path}"[:300],
            organization=token.organization,
        )
    token.last_used_at = now
    return token


def require_scope(token: ApiToken, scope: str) -> None:
    if scope not in (token.scopes or []):
        raise ScopeError(f"该令牌没有“{SCOPES.get(scope, scope)}”的权限。")
