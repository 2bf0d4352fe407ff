"""Pages of the 三审三校 findings, the 有效性 step and the 政策文件/政策解读 links (staff and portal)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from gongkai.apps.portal.caching import clear_memo
from gongkai.apps.publishing.choices import FindingStatus, ItemKind, ItemStatus, Validity
from gongkai.apps.publishing.models import Item, ItemFinding
from gongkai.apps.publishing.services import item_import_published, item_submit

from .helpers import category, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    clear_memo()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _url(staff, item, suffix=""):
    return f"/staff/o/{staff.org.slug}/items/{item.pk}/{suffix}"


def test_reviewer_sees_the_finding_highlighted_and_confirms_it(client):
    staff = staff_with_catalogue("vc1")
    item = item_submit(actor=staff.drafter, item=draft(staff, body="<p>如有疑问请联系王某，电话13912345678。</p>"))
    client.force_login(staff.reviewer)
    html = client.get(_url(staff, item)).content.decode()
    assert "三审三校提示" in html and "1 项待确认" in html
    assert "<mark>139******78</mark>" in html and "13912345678" in html.split("正文")[-1]  # masked in the finding
    response = client.post(_url(staff, item, "do/review_approve/"), {"comment": "同意"}, follow=True)
    assert "三审三校提示未处理" in _text(response)
    assert Item.objects.get(pk=item.pk).status == ItemStatus.PENDING_REVIEW
    finding = ItemFinding.objects.get(item=item)
    response = client.post(_url(staff, item, f"findings/{finding.pk}/confirm/"), {"comment": "公开联系电话"}, follow=True)
    assert "已确认该提示无误" in _text(response)
    assert ItemFinding.objects.get(pk=finding.pk).status == FindingStatus.CONFIRMED
    response = client.post(_url(staff, item, "do/review_approve/"), {"comment": "同意"}, follow=True)
    assert Item.objects.get(pk=item.pk).status == ItemStatus.PENDING_SIGNOFF


def test_the_drafter_sees_findings_but_has_no_confirm_button(client):
    staff = staff_with_catalogue("vc2")
    item = item_submit(actor=staff.drafter, item=draft(staff, "攻府通知"))
    client.force_login(staff.drafter)
    html = client.get(_url(staff, item)).content.decode()
    assert "疑似错误表述“攻府”，应为“政府”" in html
    assert "确认无误</button>" not in html
    finding = ItemFinding.objects.get(item=item)
    client.post(_url(staff, item, f"findings/{finding.pk}/confirm/"))
    assert ItemFinding.objects.get(pk=finding.pk).status == FindingStatus.OPEN


def test_drafting_a_policy_interpretation_through_the_form(client):
    staff = staff_with_catalogue("vc3")
    policy = item_import_published(
        actor=None,
        organization=staff.org,
        title="思礼镇农村人居环境整治实施方案",
        category=category(staff.org, "local.policies"),
        published_on=dt.date(2021, 3, 1),
        kind=ItemKind.POLICY,
    )
    client.force_login(staff.drafter)
    form = client.get(f"/staff/o/{staff.org.slug}/items/new/").content.decode()
    assert "思礼镇农村人居环境整治实施方案" in form and "解读的政策文件" in form
    response = client.post(
        f"/staff/o/{staff.org.slug}/items/new/",
        {
            "title": "《思礼镇农村人居环境整治实施方案》解读",
            "category": category(staff.org, "local.policies").pk,
            "kind": ItemKind.INTERPRETATION,
            "interprets": policy.pk,
            "keywords": "人居环境 整治",
            "formed_on": "2021-03-02",
        },
    )
    assert response.status_code == 302
    reading = Item.objects.get(title__endswith="解读")
    assert reading.interprets_id == policy.pk and reading.keywords == "人居环境 整治"
    response = client.post(
        f"/staff/o/{staff.org.slug}/items/new/",
        {"title": "乱关联", "category": category(staff.org).pk, "interprets": 999999, "formed_on": "2021-03-02"},
    )
    assert response.status_code == 200 and "请从列表中选择" in response.content.decode()
    assert not Item.objects.filter(title="乱关联").exists()


def _published_policy(staff, title, **kw):
    return item_import_published(
        actor=None,
        organization=staff.org,
        title=title,
        category=category(staff.org, "local.policies"),
        published_on=dt.date(2021, 3, 1),
        kind=kw.pop("kind", ItemKind.POLICY),
        **kw,
    )


def test_validity_change_page_and_the_portal_shows_it_everywhere(client):
    staff = staff_with_catalogue("vc4")
    old = _published_policy(staff, "思礼镇村规民约管理办法", keywords="村规民约")
    new = _published_policy(staff, "思礼镇村规民约管理办法（2022年修订）")
    reading = _published_policy(staff, "《思礼镇村规民约管理办法》解读", kind=ItemKind.INTERPRETATION, interprets=old)
    client.force_login(staff.leader)
    assert "变更有效性" in client.get(_url(staff, old)).content.decode()
    response = client.post(
        _url(staff, old, "validity/"),
        {"validity": Validity.AMENDED, "changed_on": "2022-01-05", "replaced_by": new.pk, "reason": "2022年修订"},
        follow=True,
    )
    assert "已变更有效性" in _text(response)
    response = client.post(_url(staff, old, "validity/"), {"validity": Validity.REPEALED, "reason": ""}, follow=True)
    assert "变更理由" in _text(response) or "必填" in _text(response)
    old.refresh_from_db()
    assert old.validity == Validity.AMENDED
    client.logout()
    page = _text(client.get(f"/{staff.org.slug}/items/{old.pk}/"))
    assert "有效性 已修改（2022年1月5日）" in page and "主题词 村规民约" in page
    assert "本文件已被修改，请见： 思礼镇村规民约管理办法（2022年修订）" in page
    assert "政策解读 《思礼镇村规民约管理办法》解读" in page
    back = _text(client.get(f"/{staff.org.slug}/items/{reading.pk}/"))
    assert "解读的政策文件： 思礼镇村规民约管理办法" in back
    listing = _text(client.get(f"/{staff.org.slug}/catalogue/{category(staff.org, 'local.policies').pk}/"))
    assert "思礼镇村规民约管理办法 已修改" in listing and "（2022年修订） 有效" in listing


def test_a_policy_without_interpretation_says_so_on_both_sides(client):
    staff = staff_with_catalogue("vc5")
    policy = _published_policy(staff, "思礼镇防汛应急预案")
    assert "暂无解读" in _text(client.get(f"/{staff.org.slug}/items/{policy.pk}/"))
    client.force_login(staff.drafter)
    assert "尚无解读" in _text(client.get(_url(staff, policy)))
