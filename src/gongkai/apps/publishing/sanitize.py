"""Sanitizing item bodies (正文) with nh3: only a small, safe subset of HTML is kept."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "h2", "h3", "h4", "blockquote",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "img", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "p": {"style"},
    "span": {"style"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _looks_like_html(text: str) -> bool:
    return "<" in text and ">" in text


def sanitize_body(text: str) -> str:
    """Return safe HTML for an item body.

    Plain text (no tags) is turned into paragraphs, one per blank-line-separated block; HTML is cleaned
    with nh3 (scripts, event handlers, ``javascript:`` links and unknown tags removed).
    """
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _looks_like_html(text):
        blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
        return "".join("<p>" + html.escape(b).replace("\n", "<br>") + "</p>" for b in blocks)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align", "font-weight", "text-indent"},
    ).strip()


_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_ALIGN = {"left", "center", "right", "justify"}
_BOLD = {"bold", "bolder", "600", "700", "800", "900"}


def _classes_for(style: str) -> list[str]:
    classes = []
    for declaration in html.unescape(style).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "text-align" and value in _ALIGN:
            classes.append(f"gk-align-{value}")
        elif name == "font-weight" and value in _BOLD:
            classes.append("gk-bold")
        elif name == "text-indent" and value and not value.startswith(("0", "-")):
            classes.append("gk-indent")  # 首行缩进 (2em, 32px, …): one indent, two characters
    return classes


def styles_to_classes(cleaned: str) -> str:
    """Turn the few inline styles a cleaned body keeps into ``gk-*`` classes, for pages under a CSP.

    The Content-Security-Policy forbids ``style="…"`` attributes on the platform's pages; the bodies keep
    them in the database (the WeChat article needs inline styles), and the portal and staff pages show the
    same alignment, bold and first-line indent through the classes of portal.css / staff.css.
    *cleaned* must be :func:`sanitize_body` output (nh3 writes every attribute with double quotes).
    """

    def replace(match: re.Match) -> str:
        classes = _classes_for(match.group(1))
        return f' class="{" ".join(classes)}"' if classes else ""

    return _STYLE_ATTR.sub(replace, cleaned)


def page_body(text: str) -> str:
    """An item body ready for a page: cleaned, and its inline styles turned into classes."""
    return styles_to_classes(sanitize_body(text))
