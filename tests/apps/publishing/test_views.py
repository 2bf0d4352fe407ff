"""Staff pages of publishing: access for anonymous / other organization / wrong role / right role, and a full
draft → review → sign run through the forms, with Chinese messages for bad input."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.apps.organizations.testing import check_view_access
from gongkai.apps.publishing.choices import ItemStatus
from gongkai.apps.publishing.models import CatalogueNode, Item
from gongkai.apps.publishing.services import item_review_approve, item_sign, item_submit

from .helpers import category, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db
ALL = {"drafter", "reviewer", "leader", "sysadmin"}


@pytest.fixture
def staff():
    return staff_with_catalogue()


def url(name, staff, *args):
    return reverse(f"publishing:{name}", args=[staff.org.slug, *args])


@pytest.mark.parametrize("name", ["item_list", "review_queue", "catalogue", "channels"])
def test_read_pages_access(client, staff, name):
    draft(staff)
    check_view_access(client, staff, url(name, staff), allowed_roles=ALL)


def test_item_pages_access(client, staff):
    item = draft(staff)
    check_view_access(client, staff, url("item_detail", staff, item.pk), allowed_roles=ALL)
    check_view_access(client, staff, url("item_wechat", staff, item.pk), allowed_roles=ALL)
    check_view_access(client, staff, url("item_create", staff), allowed_roles={"drafter"})
    check_view_access(client, staff, url("item_edit", staff, item.pk), allowed_roles={"drafter"})
    check_view_access(client, staff, url("catalogue_create", staff), allowed_roles={"sysadmin"})


def test_step_posts_are_checked_by_role(client, staff):
    def reset():
        item = draft(staff)
        item_submit(actor=staff.drafter, item=item)
        return url("item_step", staff, item.pk, "review_approve")

    statuses = check_view_access(client, staff, "", allowed_roles={"reviewer"}, method="post", reset=reset)
    # the service refuses the other roles and the page says so (403), only the reviewer's attempt works
    assert statuses["reviewer"] == 302
    approved = Item.objects.filter(status=ItemStatus.PENDING_SIGNOFF)
    assert approved.count() == 1


def test_full_workflow_through_the_pages(client, staff):
    client.force_login(staff.drafter)
    response = client.post(
        url("item_create", staff),
        {
            "title": "关于2020年春季防火的通告",
            "category": category(staff.org).pk,
            "written_on": "2020-03-02",
            "body": "各村：\n\n注意防火。",
        },
    )
    assert response.status_code == 302
    item = Item.objects.get(title="关于2020年春季防火的通告")
    detail = url("item_detail", staff, item.pk)
    page = client.get(detail).content.decode()
    assert item.index_number in page and "提交审核" in page
    client.post(url("item_step", staff, item.pk, "submit"))
    client.force_login(staff.reviewer)
    page = client.get(url("review_queue", staff)).content.decode()
    assert "关于2020年春季防火的通告" in page
    response = client.post(url("item_step", staff, item.pk, "review_return"), {"comment": ""}, follow=True)
    assert "退回时请填写修改意见。" in response.content.decode()
    client.post(url("item_step", staff, item.pk, "review_approve"), {"comment": "不涉密"})
    client.force_login(staff.leader)
    response = client.post(
        url("item_step", staff, item.pk, "sign"),
        {"comment": "同意", "published_on": "2020-03-05", "channels": [c.pk for c in staff.org.channels.all()]},
        follow=True,
    )
    assert "已签发发布" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_on == dt.date(2020, 3, 5)
    response = client.post(url("item_step", staff, item.pk, "sign"), follow=True)
    assert "当前状态为“已发布”" in response.content.decode()


def test_bad_input_gets_chinese_messages_not_500(client, staff):
    client.force_login(staff.drafter)
    response = client.post(url("item_create", staff), {"title": "", "category": "999999", "written_on": "2020-13-45"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "此项为必填项" in page
    assert "请输入有效日期" in page
    other_category = CatalogueNode.objects.filter(organization=staff.other_org).first()
    response = client.post(url("item_create", staff), {"title": "x", "category": other_category.pk})
    assert "请从列表中选择" in response.content.decode()  # not among this organization's columns
    item = draft(staff)
    response = client.post(
        url("attachment_add", staff, item.pk), {"file": SimpleUploadedFile("a.exe", b"MZ")}, follow=True
    )
    assert "不支持的附件类型" in response.content.decode()
    assert client.get(url("item_detail", staff, 999999)).status_code == 404
    assert client.post(url("item_step", staff, item.pk, "explode")).status_code == 404
    response = client.get(url("item_list", staff) + "?status=bogus&category=abc&page=xyz")
    assert response.status_code == 200


def test_other_organization_item_is_not_reachable_through_own_slug(client, staff):
    item = draft(staff)
    client.force_login(staff.outsider)
    other_url = reverse("publishing:item_detail", args=[staff.other_org.slug, item.pk])
    assert client.get(other_url).status_code == 404


def test_wechat_html_is_inline_styled(client, staff):
    item = draft(staff, body="<p>正文内容</p>")
    item_submit(actor=staff.drafter, item=item)
    item_review_approve(actor=staff.reviewer, item=item)
    item_sign(actor=staff.leader, item=item)
    client.force_login(staff.drafter)
    page = client.get(url("item_wechat", staff, item.pk)).content.decode()
    assert "复制 HTML" in page and "style=&quot;font-size:16px" in page
    assert "<link" not in page.split('id="wechat-html"')[1].split("</textarea>")[0]


def test_catalogue_admin_pages(client, staff):
    client.force_login(staff.sysadmin)
    response = client.post(url("catalogue_create", staff), {"name": "专题专栏", "sort_order": "5"}, follow=True)
    assert "已添加栏目" in response.content.decode()
    node = CatalogueNode.objects.get(organization=staff.org, name="专题专栏")
    response = client.post(url("catalogue_edit", staff, node.pk), {"name": "", "sort_order": "5"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    used = category(staff.org)
    draft(staff)
    response = client.post(url("catalogue_delete", staff, used.pk), follow=True)
    assert "不能删除" in response.content.decode()
    response = client.post(url("catalogue_delete", staff, node.pk), follow=True)
    assert "已删除栏目" in response.content.decode()
    response = client.post(url("channels", staff), {"kind": "wechat", "name": "文明思礼"}, follow=True)
    assert "文明思礼" in response.content.decode()
    client.force_login(staff.drafter)
    assert client.post(url("channels", staff), {"kind": "wechat", "name": "x"}).status_code == 403
