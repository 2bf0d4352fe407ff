"""The site-wide Chinese error pages and the stylesheet's colour contrast (WCAG 2.1 AA)."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import page_not_found, server_error

from .helpers import external_asset_urls

CSS = Path(__file__).resolve().parents[3] / "src/gongkai/apps/portal/static/portal/portal.css"


@pytest.mark.django_db
def test_server_error_page_is_chinese_and_standalone():
    response = server_error(RequestFactory().get("/x/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="zh-CN">' in html and "服务暂时不可用" in html
    assert external_asset_urls(html) == [] and "<link" not in html  # renders even if static files are broken


@pytest.mark.django_db
def test_not_found_page_is_chinese():
    from django.http import Http404

    response = page_not_found(RequestFactory().get("/x/"), Http404("x"))
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and 'href="/"' in html


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_have_aa_contrast_on_their_backgrounds():
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text(encoding="utf-8")))
    pairs = [
        ("text", "#ffffff"),
        ("text", "soft"),
        ("muted", "#ffffff"),
        ("muted", "soft"),
        ("muted", "#eef1f4"),  # the item page's attribute labels
        ("link", "#ffffff"),
        ("link", "soft"),
        ("#ffffff", "red"),  # header, current column, current page
        ("#ffffff", "red-dark"),
        ("red-dark", "soft"),
        ("focus-text", "focus"),
    ]
    for fg, bg in pairs:
        fg_hex = variables.get(fg, fg)
        bg_hex = variables.get(bg, bg)
        assert _contrast(fg_hex, bg_hex) >= 4.5, (fg, bg, round(_contrast(fg_hex, bg_hex), 2))


@pytest.mark.django_db
def test_pages_name_an_inline_icon(client):
    # Without it every page view also requests /favicon.ico, which is a 404 in the log.
    for path in ("/", "/accounts/login/"):
        head = client.get(path).content.decode().split("</head>")[0]
        assert '<link rel="icon" href="data:,">' in head
