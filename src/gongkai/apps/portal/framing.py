"""The organization pages' frame (页面框架), rendered once per organization and display mode.

Every page of an organization extends ``portal/org_base.html``: the site header with the display-mode links,
the organization's header, the layout and the footers are the same on all its pages. Rendering that chain of
templates is about half of an item or list page's cost, so :func:`render_page` renders it once per
organization, section and display mode — with a marker in place of each block a page fills and of the
display links' ``next`` — caches it like the catalogue tree (under the organization's generation, so a change
shows at once), and per request renders only the page template's own blocks and splices them in. The page
is the same, byte for byte, as rendering the template chain in full (a test compares the two).

Blocks that show only the organization's data and the page's column (breadcrumbs, side navigation) are
cached the same way when the view names them (``shared``). Every framed response says ``Vary: Cookie``: the
display modes come from cookies.

A page template that fills a block the frame does not have a marker for is rendered in full.
"""

from __future__ import annotations

import re
import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import Context
from django.template.defaultfilters import urlencode
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode, ExtendsNode
from django.utils.cache import patch_vary_headers
from django.utils.html import escape

from gongkai.web.display import display

from .caching import organization_memo

__all__ = ["SLOTS", "render_page"]

#: The blocks of ``portal/org_base.html`` a framed page may fill.
SLOTS = ("page_title", "breadcrumbs", "layout_class", "content", "aside")
_FRAME = "portal/_frame.html"
_NEXT = "display_next"
#: Markers are random per process, so no text of a page can contain one by chance.
_TOKEN = secrets.token_hex(8)
_MARKER = re.compile(rf"gkslot{_TOKEN}([a-z_]+)x")


def _marker(name: str) -> str:
    return f"gkslot{_TOKEN}{name}x"


def _page_blocks(template_name: str) -> dict[str, BlockNode] | None:
    """The blocks of *template_name* when it extends the organization base and fills only :data:`SLOTS`."""
    template = get_template(template_name).template
    extends = template.nodelist[0] if template.nodelist else None
    if not isinstance(extends, ExtendsNode) or extends.parent_name.var != "portal/org_base.html":
        return None
    if not set(extends.blocks) <= set(SLOTS):
        return None
    return extends.blocks


def _frame(request: HttpRequest, context: dict, modes: dict) -> list[str]:
    """The frame as text pieces: even places are text, odd places the names of the slots between them."""
    organization = context["organization"]
    key = f"frame:{context.get('section', '')}:{modes['display_classes'].replace(' ', '+')}"

    def build() -> list[str]:
        markers = {f"slot_{name}": _marker(name) for name in SLOTS}
        html = render_to_string(_FRAME, {**context, **markers, _NEXT: _marker(_NEXT)}, request=request)
        return _MARKER.split(html)

    return organization_memo(organization.pk, key, build)


def render_page(
    request: HttpRequest, template_name: str, context: dict, *, shared: dict[str, str] | None = None
) -> HttpResponse:
    """Render an organization page: its own blocks into the cached frame (or, if it has others, in full).

    *shared* maps blocks that depend on nothing but the organization's data and a key (e.g. the page's column)
    to that key: they are rendered once per key and change of the organization, like the frame.
    """
    blocks = _page_blocks(template_name)
    if blocks is None:
        response = render(request, template_name, context)
    else:
        modes = display(request)
        pieces = _frame(request, context, modes)
        page_context = Context({**modes, **context}, autoescape=True)
        filled = {_NEXT: escape(urlencode(modes[_NEXT]))}
        shared = shared or {}
        organization_id = context["organization"].pk
        with page_context.bind_template(get_template(template_name).template):
            for name in SLOTS:
                block = blocks.get(name)
                if block is None:
                    filled[name] = ""
                elif name in shared:
                    key = f"block:{template_name}:{name}:{shared[name]}"
                    filled[name] = organization_memo(organization_id, key, lambda b=block: b.render(page_context))
                else:
                    filled[name] = block.render(page_context)
        response = HttpResponse("".join(piece if i % 2 == 0 else filled[piece] for i, piece in enumerate(pieces)))
    # the display modes (大字, 高对比度) are cookies: a shared cache must not give one reader's page to another
    patch_vary_headers(response, ("Cookie",))
    return response
