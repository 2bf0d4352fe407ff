"""HTML of the portal's trees: the catalogue navigation and the site's organization index.

Built in Python from the cached trees rather than by recursive template includes: a catalogue has a few
dozen columns and the site a thousand organizations, and string building keeps each page view cheap.
Every text is escaped; the result is marked safe.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .selectors import CatalogueTree, OrgEntry

__all__ = ["catalogue_nav_html", "catalogue_outline_html", "organization_tree_html"]


def catalogue_nav_html(tree: CatalogueTree, *, prefix: str, current: int | None = None) -> SafeString:
    """The side navigation: every top-level column, and the subcolumns along the path to *current*.

    *prefix* is the URL of the columns without the primary key (``/<slug>/catalogue/``). The current column
    carries ``aria-current="page"``.
    """
    open_ids = set()
    if current is not None and (node := tree.get(current)) is not None:
        open_ids = {*node.ancestors, node.pk}
    out: list[str] = []

    def walk(pks) -> None:
        out.append("<ul>")
        for pk in pks:
            node = tree.nodes[pk]
            attrs = ' aria-current="page"' if pk == current else ""
            cls = ' class="open"' if pk in open_ids else ""
            out.append(f'<li{cls}><a href="{prefix}{pk}/"{attrs}>{escape(node.name)}</a>')
            if node.children and pk in open_ids:
                walk(node.children)
            out.append("</li>")
        out.append("</ul>")

    roots = [n.pk for n in tree.roots]
    if roots:
        walk(roots)
    return mark_safe("".join(out))  # safe: every text above is escaped


def catalogue_outline_html(tree: CatalogueTree, *, prefix: str) -> SafeString:
    """The whole catalogue as nested lists (the 法定主动公开内容 overview page), with each column's 依据."""
    out: list[str] = []

    def walk(pks) -> None:
        out.append("<ul>")
        for pk in pks:
            node = tree.nodes[pk]
            basis = f' <span class="basis">（{escape(node.basis)}）</span>' if node.basis else ""
            out.append(f'<li><a href="{prefix}{pk}/">{escape(node.name)}</a>{basis}')
            if node.children:
                walk(node.children)
            out.append("</li>")
        out.append("</ul>")

    roots = [n.pk for n in tree.roots]
    if roots:
        walk(roots)
    return mark_safe("".join(out))  # safe: every text above is escaped


def organization_tree_html(entries: list[OrgEntry]) -> SafeString:
    """The organizations grouped by the tree: one section per top-level body, its subtree as nested lists.

    *entries* come in tree order with their depth (:func:`~gongkai.apps.portal.selectors.organization_list`).
    """
    roots: list[tuple[OrgEntry, list]] = []
    stack: list[tuple[OrgEntry, list]] = []
    for entry in entries:
        node: tuple[OrgEntry, list] = (entry, [])
        while stack and stack[-1][0].depth >= entry.depth:
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)

    def link(entry: OrgEntry) -> str:
        url = reverse("portal:organization", kwargs={"org_slug": entry.slug})
        kind = f' <span class="kind">{escape(entry.kind)}</span>' if entry.kind else ""
        return f'<a href="{url}">{escape(entry.name)}</a>{kind}'

    out: list[str] = []

    def walk(children: list) -> None:
        out.append("<ul>")
        for entry, grandchildren in children:
            out.append(f"<li>{link(entry)}")
            if grandchildren:
                walk(grandchildren)
            out.append("</li>")
        out.append("</ul>")

    for number, (entry, children) in enumerate(roots, start=1):
        out.append(f'<section class="org-group" aria-labelledby="org-group-{number}">')
        out.append(f'<h2 id="org-group-{number}">{link(entry)}</h2>')
        if children:
            walk(children)
        out.append("</section>")
    return mark_safe("".join(out))  # safe: every text above is escaped
