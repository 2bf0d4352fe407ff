"""Item bodies on pages: the inline styles a body keeps become classes (the CSP refuses style attributes)."""

from gongkai.apps.publishing.sanitize import page_body, sanitize_body


def test_styles_become_classes_and_nothing_else_survives():
    body = (
        '<p style="text-align:center; font-weight:bold; color:red">标题</p>'
        '<p style="text-indent:32px;text-align: justify">正文</p>'
        '<span style="font-weight: 700">加粗</span><p style="text-indent:0">无缩进</p>'
        '<p onclick="alert(1)" style="background:url(javascript:alert(1))">x</p>'
    )
    html = page_body(body)
    assert "style=" not in html and "onclick" not in html and "javascript" not in html
    assert '<p class="gk-align-center gk-bold">标题</p>' in html
    assert '<p class="gk-indent gk-align-justify">正文</p>' in html
    assert '<span class="gk-bold">加粗</span>' in html
    assert "<p>无缩进</p>" in html


def test_the_stored_body_keeps_its_inline_styles_for_wechat():
    assert 'style="text-align:center"' in sanitize_body('<p style="text-align:center">x</p>')


def test_plain_text_bodies_are_unchanged():
    assert page_body("第一段\n\n第二段") == "<p>第一段</p><p>第二段</p>"
