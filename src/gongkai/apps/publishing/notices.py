"""Who is told what when an item moves (消息提醒), called from the workflow services inside their atomic step."""

from __future__ import annotations

from django.urls import reverse

from gongkai.apps.notifications.choices import Kind
from gongkai.apps.notifications.services import notify
from gongkai.apps.organizations.permissions import users_with_permission

from .models import Item
from .selectors import item_author_ids


def _link(item: Item) -> str:
    return reverse("publishing:item_detail", args=[item.organization.slug, item.pk])


def item_waits_for(item: Item, *, action: str, text: str, actor) -> None:
    """Tell the people who may take the next step (*action*) on *item*, never its drafters (four eyes)."""
    authors = item_author_ids(item)
    notify(
        recipients=users_with_permission(action, item.organization),
        kind=Kind.SUBMITTED,
        text=text,
        link=_link(item),
        organization=item.organization,
        exclude={*authors, getattr(actor, "pk", None)},
    )


def item_returned(item: Item, *, actor, comment: str) -> None:
    """Tell the item's drafters that it came back to them with the comments."""
    from django.contrib.auth import get_user_model

    drafters = get_user_model().objects.filter(pk__in=item_author_ids(item))
    notify(
        recipients=drafters,
        kind=Kind.RETURNED,
        text=f"《{item.title}》被退回修改：{comment}",
        link=_link(item),
        organization=item.organization,
        exclude={getattr(actor, "pk", None)},
    )
