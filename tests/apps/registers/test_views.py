import pytest
from django.urls import reverse

from gongkai.apps.organizations.testing import check_view_access, make_staff
from gongkai.apps.registers.models import ProcurementProject

pytestmark = pytest.mark.django_db
ALL = {"drafter", "reviewer", "leader", "sysadmin"}


def test_access(client):
    staff = make_staff()
    slug = staff.org.slug
    check_view_access(client, staff, reverse("registers:index", args=[slug]), allowed_roles=ALL)
    for kind in ("documents", "matters", "decisions", "fees", "procurement"):
        check_view_access(client, staff, reverse("registers:register_list", args=[slug, kind]), allowed_roles=ALL)
    check_view_access(
        client,
        staff,
        reverse("registers:register_list", args=[slug, "procurement"]),
        method="post",
        data={"name": "采购", "procured_on": "2020-05-01", "amount": "100"},
        allowed_roles={"drafter"},
    )
    assert ProcurementProject.objects.count() == 1  # only the 经办人 registers (administrators do no business work)


def test_entry_table2_edit_delete_and_bad_input(client):
    staff = make_staff()
    slug = staff.org.slug
    client.force_login(staff.drafter)
    lst = reverse("registers:register_list", args=[slug, "procurement"])
    for amount in ("50000", "272526"):
        client.post(lst, {"name": f"项目{amount}", "procured_on": "2020-05-01", "amount": amount})
    page = client.get(reverse("registers:index", args=[slug]) + "?year=2020").content.decode()
    assert "32.2526" in page and "2019 年版" in page
    response = client.post(lst, {"name": "", "procured_on": "not a date", "amount": "-3"})
    page = response.content.decode()
    assert response.status_code == 200 and "请输入有效日期" in page
    docs = reverse("registers:register_list", args=[slug, "documents"])
    response = client.post(
        docs, {"kind": "normative", "title": "x", "made_on": "2020-05-01", "published_on": "2020-04-01"}
    )
    assert "公开日期不能早于制发日期" in response.content.decode()
    p = ProcurementProject.objects.first()
    edit = reverse("registers:register_edit", args=[slug, "procurement", p.pk])
    response = client.post(edit, {"name": "改名", "procured_on": "2020-05-01", "amount": "1"}, follow=True)
    assert "已保存" in response.content.decode()
    response = client.post(reverse("registers:register_delete", args=[slug, "procurement", p.pk]), follow=True)
    assert "已删除" in response.content.decode()
    assert client.get(reverse("registers:register_list", args=[slug, "nothing"])).status_code == 404
    assert client.get(reverse("registers:index", args=[slug]) + "?year=abc&format=1999").status_code == 200


def test_list_shows_dates_as_on_other_staff_pages(client):
    staff = make_staff("regdate")
    client.force_login(staff.drafter)
    docs = reverse("registers:register_list", args=[staff.org.slug, "documents"])
    client.post(docs, {"kind": "normative", "title": "某规范性文件", "made_on": "2020-05-01"})
    page = client.get(docs).content.decode()
    assert "<td>2020-05-01</td>" in page and "2020年5月1日" not in page


def test_select_fields_offer_a_chinese_blank_choice(client):
    staff = make_staff("regblank")
    client.force_login(staff.drafter)
    for kind in ("documents", "decisions", "fees"):
        page = client.get(reverse("registers:register_list", args=[staff.org.slug, kind])).content.decode()
        assert "---------" not in page and '<option value="" selected>请选择</option>' in page
