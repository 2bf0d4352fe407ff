"""Staff search (工作人员检索): one's own unpublished items and applications, with personal data masked.

Drafts change all the time and a body holds few of them, so this reads the records directly instead of the
public index: every query word (segmented like the public search) must occur in the title, 内容概述, body or
文号 of an item, or in an application's 申请编号, description or 文号. What a user sees is what the
permissions module lets them view (``publishing.item.view``, ``applications.application.view``) — the same
rule as their lists. Applicants' names are shown masked (``张**``), and identity numbers, phone numbers and
e-mail addresses inside a description are masked as the 三审三校 checks mask them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from gongkai.apps.organizations.permissions import restrict

from .highlight import highlight, snippet
from .segment import query_terms

__all__ = ["StaffHit", "staff_search"]

LIMIT = 50

#: 18-digit 身份证 numbers, mobile phone numbers and e-mail addresses inside free text.
_PERSONAL = re.compile(
    r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])|(?<![0-9])1[3-9][0-9]{9}(?![0-9])|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)


def mask_personal(text: str) -> str:
    """*text* with identity numbers, phone numbers and e-mail addresses masked."""
    from gongkai.core.prepublish import mask

    return _PERSONAL.sub(lambda m: mask(m.group(0)), text or "")


@dataclass(frozen=True)
class StaffHit:
    """One staff result: what it is, where it is, and a masked, highlighted line."""

    kind: str
    url: str
    title: object
    snippet: object
    organization_name: str
    status: str
    number: str


def _words_q(words, fields) -> Q:
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def staff_search(user, text: str) -> tuple[list[StaffHit], list[str]]:
    """The user's unpublished items and applications matching *text* (at most 50 of each), and the words."""
    from gongkai.apps.applications.masking import mask_name
    from gongkai.apps.applications.models import Application
    from gongkai.apps.publishing.choices import ItemStatus
    from gongkai.apps.publishing.models import Item

    from .documents import html_text

    text = " ".join((text or "").split())[:60]
    words = query_terms(text)
    if not words:
        return [], []
    hits: list[StaffHit] = []
    items = restrict(Item.objects.exclude(status=ItemStatus.PUBLISHED), user, "publishing.item.view")
    items = items.filter(_words_q(words, ("title", "summary", "body", "document_number", "index_number")))
    for it in items.select_related("organization").order_by("-updated_at")[:LIMIT]:
        hits.append(
            StaffHit(
                kind="公开信息",
                url=reverse("publishing:item_detail", args=[it.organization.slug, it.pk]),
                title=highlight(it.title, words),
                snippet=snippet(mask_personal(f"{it.summary}\n{html_text(it.body)}"), words),
                organization_name=it.organization.name,
                status=it.get_status_display(),
                number=it.document_number,
            )
        )
    applications = restrict(Application.objects.all(), user, "applications.application.view")
    applications = applications.filter(_words_q(words, ("tracking_number", "description", "document_number")))
    for app in applications.select_related("organization").order_by("-submitted_at")[:LIMIT]:
        hits.append(
            StaffHit(
                kind="依申请公开",
                url=reverse("applications:staff_detail", args=[app.pk]),
                title=highlight(f"{app.tracking_number} · 申请人 {mask_name(app.applicant_name or '')}", words),
                snippet=snippet(mask_personal(app.description), words),
                organization_name=app.organization.name,
                status=app.get_status_display(),
                number=app.document_number,
            )
        )
    return hits, words
