"""The per-organization navigation of the staff interface.

Apps add their own entries with :func:`register_nav` (in their ``AppConfig.ready``) or by adding a row here.
An entry shows when the user may perform its ``action`` in the organization and its URL resolves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from gongkai.apps.organizations.permissions import user_can

__all__ = ["NavEntry", "org_nav", "register_nav"]


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str  # reversed with the organization's slug as the only argument
    action: str
    order: int = 100


_ENTRIES: dict[str, NavEntry] = {}


def register_nav(entry: NavEntry) -> None:
    """Add or replace a navigation entry."""
    _ENTRIES[entry.key] = entry


for _entry in (
    NavEntry("items", "公开信息", "publishing:item_list", "publishing.item.view", 10),
    NavEntry("queue", "待办", "publishing:review_queue", "publishing.item.view", 20),
    NavEntry("catalogue", "公开目录", "publishing:catalogue", "publishing.item.view", 30),
    NavEntry("channels", "公开渠道", "publishing:channels", "publishing.item.view", 35),
    NavEntry("registers", "第二十条登记", "registers:index", "registers.view", 40),
    NavEntry("settings", "机关信息", "staff:org_settings", "organization.configure", 75),
    NavEntry("members", "人员与权限", "staff:members", "organization.members", 80),
    NavEntry("lockouts", "账号安全", "accounts:lockouts", "accounts.unlock", 85),
    NavEntry("audit", "审计日志", "staff:audit", "audit.view", 90),
):
    register_nav(_entry)


def org_nav(user, organization) -> list[dict[str, str]]:
    """The entries *user* may use in *organization*, as dicts for templates."""
    result = []
    for entry in sorted(_ENTRIES.values(), key=lambda e: (e.order, e.key)):
        if not user_can(user, entry.action, organization):
            continue
        try:
            url = reverse(entry.url_name, args=[organization.slug])
        except NoReverseMatch:
            continue
        result.append({"key": entry.key, "label": entry.label, "url": url})
    return result
