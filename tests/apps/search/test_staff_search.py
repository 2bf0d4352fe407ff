"""Staff search: own unpublished items and applications, within the permissions, personal data masked."""

from __future__ import annotations

import pytest

from gongkai.apps.applications import services as applications
from tests.apps.portal.helpers import draft, portal_staff, published

pytestmark = pytest.mark.django_db

APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三丰",
    "id_type": "id_card",
    "id_number": "110101199001011234",
    "phone": "13800138000",
    "email": "zhangsan@example.cn",
    "address": "某市某区某路1号",
    "description": "申请公开2024年农村道路建设项目的招标文件，本人身份证号110101199001011234，电话13800138000",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


@pytest.fixture
def staff():
    return portal_staff("t")


def _page(client, user, q) -> str:
    client.force_login(user)
    response = client.get("/staff/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


def test_staff_find_their_drafts_but_not_another_bodys(client, staff):
    mine = draft(staff, "关于做好秋季防火工作的通知（征求意见稿）")
    published(staff.org, "已发布的秋季防火通知")
    html = _page(client, staff.drafter, "秋季防火")
    assert mine.title in html and "草稿" in html
    assert "已发布的秋季防火通知" not in html  # published items are in the public search
    outsider = portal_staff("u")
    assert mine.title not in _page(client, outsider.drafter, "秋季防火")


def test_applications_are_found_with_personal_data_masked(client, staff):
    application, _code = applications.application_submit(organization=staff.org, **APPLICANT)
    html = _page(client, staff.drafter, "道路建设 招标文件")
    assert application.tracking_number in html
    assert "张**" in html and "张三丰" not in html
    assert "110101199001011234" not in html and "13800138000" not in html
    assert "110" in html and "***" in html
    assert application.tracking_number not in _page(client, portal_staff("v").drafter, "招标文件")


def test_staff_search_needs_a_login_and_bad_queries_say_so(client, staff):
    response = client.get("/staff/search/", {"q": "通知"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "没有可检索的词语" in _page(client, staff.drafter, "的，。")
    assert "没有找到相关的草稿或申请" in _page(client, staff.drafter, "完全不存在的词语")
