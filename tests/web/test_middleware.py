"""NUL characters never reach the database (PostgreSQL refuses them in text columns)."""

import pytest

from gongkai.apps.organizations.testing import make_staff

pytestmark = pytest.mark.django_db


def test_nul_in_query_and_form_does_not_500(client):
    staff = make_staff("nul")
    client.force_login(staff.drafter)
    response = client.get(f"/staff/o/{staff.org.slug}/items/", {"q": "通知\x00", "status": "\x00"})
    assert response.status_code == 200
    response = client.post("/apply/status/", {"tracking_number": "A\x00B", "query_code": "\x00"})
    assert response.status_code in (200, 302)
    assert client.get(f"/{staff.org.slug}/search/", {"q": "\x00\x00"}).status_code in (200, 404)


def test_error_pages_are_chinese(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post("/apply/", {f"f{i}": "x" for i in range(10)})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post("/apply/", {"step": "confirm"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_get_on_a_post_only_address_gets_a_chinese_405_page(client):
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    body = response.content.decode()
    assert "此地址不能直接打开" in body and 'href="/"' in body
    assert response["Content-Length"] == str(len(response.content))  # a stale 0 would truncate the page
    staff = make_staff("m405")
    client.force_login(staff.leader)
    response = client.get(f"/staff/o/{staff.org.slug}/reports/2024/publish/")
    assert response.status_code == 405
    assert "此地址不能直接打开" in response.content.decode()
