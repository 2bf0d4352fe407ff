"""Sanitizing item bodies (正文) with nh3: only a small, safe subset of HTML is kept."""

from __future__ import annotations

import html

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
