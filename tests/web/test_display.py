"""大字 / 高对比度 without JavaScript: /display/ stores the choice in a cookie and sends the reader back; every
page then carries the mode's class on <html> and offers the way back to the standard display."""

import pytest
from django.urls import reverse

from gongkai.web.display import CONTRAST_COOKIE, TEXT_COOKIE

pytestmark = pytest.mark.django_db


def test_large_text_is_set_remembered_and_undone(client):
    response = client.get(reverse("display"), {"text": "large", "next": "/apply/?x=1"})
    assert response.status_code == 302 and response["Location"] == "/apply/?x=1"
    cookie = response.cookies[TEXT_COOKIE]
    assert cookie.value == "large" and int(cookie["max-age"]) == 365 * 24 * 3600 and cookie["samesite"] == "Lax"
    page = client.get("/apply/").content.decode()
    assert '<html lang="zh-CN" class="gk-large-text">' in page
    assert "?text=normal&amp;next=/apply/" in page and "标准字号" in page
    client.get(reverse("display"), {"contrast": "high", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()  # staff pages too
    assert '<html lang="zh-CN" class="gk-large-text gk-high-contrast">' in page and "标准配色" in page
    response = client.get(reverse("display"), {"text": "normal", "contrast": "normal", "next": "/"})
    assert response.cookies[TEXT_COOKIE]["max-age"] == 0 and response.cookies[CONTRAST_COOKIE]["max-age"] == 0
    page = client.get("/apply/").content.decode()
    assert '<html lang="zh-CN">' in page and "大字" in page and "高对比度" in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "/display/"])
def test_next_never_leaves_the_site(client, target):
    response = client.get(reverse("display"), {"text": "large", "next": target})
    assert response["Location"] == "/"


def test_unknown_values_and_cookies_change_nothing(client):
    client.cookies[TEXT_COOKIE] = '"><script>'
    page = client.get("/apply/").content.decode()
    assert '<html lang="zh-CN">' in page and "<script>" not in page.split("<head>")[0]
    response = client.get(reverse("display"), {"text": "huge"})
    assert response.cookies[TEXT_COOKIE]["max-age"] == 0  # anything but "large" is the standard size
    assert client.post(reverse("display"), {"text": "large"}).status_code == 405
