"""Rows and dates of the portal's pages as ready text (列表行): no per-row template filters or URL reversing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from gongkai.apps.publishing.choices import ItemKind, Validity
from gongkai.apps.publishing.sanitize import page_body

from .selectors import PortalOrg

__all__ = ["ITEM_KIND_LABELS", "VALIDITY_LABELS", "ListRow", "body_html", "choice_text", "day_text", "list_rows"]


@dataclass(frozen=True, slots=True)
class ListRow:
    """One line of an item list, ready to print (URL and date as text: no per-row reversing or formatting)."""

    url: str
    title: str
    document_number: str
    date: str
    validity: str = ""

    @property
    def html(self) -> str:
        """The row's ``<li>`` in ``portal/_item_list.html`` (made here: one template variable instead of ten)."""
        parts = [f'<li><a href="{escape(self.url)}">{escape(self.title)}</a>']
        if self.validity:
            kind = "valid" if self.validity == "有效" else "changed"
            parts.append(f' <span class="validity validity-{kind}">{escape(self.validity)}</span>')
        if self.document_number:
            parts.append(f' <span class="docno">{escape(self.document_number)}</span>')
        parts.append(f' <time datetime="{escape(self.date)}">{escape(self.date)}</time></li>')
        return mark_safe("".join(parts))  # safe: every value escaped above


#: 有效性 labels shown in lists (a 政策文件's validity is marked where it is listed, as evaluators expect).
VALIDITY_LABELS = dict(Validity.choices)
#: 信息类型 labels of the item page.
ITEM_KIND_LABELS = dict(ItemKind.choices)


def list_rows(org: PortalOrg, items) -> list[ListRow]:
    """List-page rows of *items* (``pk``, ``title``, ``document_number``, ``published_on``, ``validity``)."""
    prefix = org.urls["item"]
    return [
        ListRow(
            f"{prefix}{it.pk}/",
            it.title,
            it.document_number,
            it.published_on.isoformat() if it.published_on else "",
            str(VALIDITY_LABELS.get(it.validity, "")) if it.validity else "",
        )
        for it in items
    ]


def day_text(day) -> tuple[str, str] | None:
    """A date as ``(ISO, 2024年3月1日)`` (the ``date:"Y-m-d"`` and ``date:"Y年n月j日"`` filters), or ``None``."""
    return (day.isoformat(), f"{day.year}年{day.month}月{day.day}日") if day else None


def choice_text(labels: dict, value: str) -> str:
    """The label of *value* as text, as ``Model.get_FOO_display()`` gives it (the value itself when unknown)."""
    return str(labels.get(value, value))


@lru_cache(maxsize=512)
def body_html(text: str) -> str:
    """An item body ready for its page (:func:`~gongkai.apps.publishing.sanitize.page_body`), remembered by its text.

    Cleaning is a function of the text alone, so a body read again (a popular item, or the same text in another
    item) is not cleaned again; an edited body is other text and is cleaned afresh.
    """
    return page_body(text)
