"""Every portal page renders for a published item, with the right content and no external asset."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.testing import make_org
from gongkai.apps.publishing.services import attachment_add
from tests.apps.publishing.helpers import blank_pdf

from .helpers import draft, external_asset_urls, node, portal_staff, publish_through_review, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return portal_staff()


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_site_index_lists_organizations_grouped_by_the_tree(client, staff):
    county = make_org("示例县人民政府", slug="county")
    make_org("示例县乙镇人民政府", slug="town-b", parent=county, sort_order=2)
    town = make_org("示例县甲镇人民政府", slug="town-a", parent=county, sort_order=1)
    office = make_org("示例县甲镇财政所", slug="office", parent=town, kind=OrganizationKind.DEPARTMENT)
    make_org("甲镇东村村民委员会", slug="village", parent=town, kind=OrganizationKind.VILLAGE)
    html = _get(client, "/")
    assert '<html lang="zh-CN">' in html
    assert staff.org.name in html and staff.other_org.name in html
    assert reverse("portal:organization", args=[office.slug]) in html
    assert "东村村民委员会" not in html  # not a 机关 under the 条例: no column of its own
    # One section per top-level body; its subtree as nested lists in tree order (siblings by 排序).
    group = re.search(
        r'<section class="org-group"[^>]*><h2[^>]*><a href="/county/">示例县人民政府</a>.*?</section>', html
    )
    assert group is not None
    inner = group.group(0)
    assert inner.index("甲镇人民政府") < inner.index("甲镇财政所") < inner.index("乙镇人民政府")
    assert re.search(r"甲镇人民政府</a>[^<]*(<span[^>]*>[^<]*</span>)?<ul><li><a href=\"/office/\">", inner)
    town_home = _get(client, "/town-a/")
    assert "上级机关" in town_home and 'href="/county/"' in town_home


def test_organization_pages_render_the_four_columns(client, staff):
    item = published(staff.org, "关于公布2020年财政预算的通知", code="art20.7", document_number="思政〔2020〕3号")
    slug = staff.org.slug
    home = _get(client, f"/{slug}/")
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert column in home
    assert item.title in home
    guide = _get(client, f"/{slug}/guide/")
    for text in ("信息分类", "编排体系", "获取方式", "党政综合办公室", "示例县思礼镇人民路1号", "0391-1234567"):
        assert text in guide
    assert "传真号码" in guide and "暂未提供" in guide  # empty fields are said to be missing, not invented
    assert "概况信息" in guide  # the catalogue's top columns are the 信息分类
    rules = _get(client, f"/{slug}/rules/")
    assert "第二十六条" in rules and "20个工作日" in rules
    reports = _get(client, f"/{slug}/reports/")
    assert "暂无已发布的政府信息公开工作年度报告" in reports


def test_guide_links_to_the_online_application_form(client, staff):
    guide = _get(client, f"/{staff.org.slug}/guide/")
    url = f"{reverse('applications:apply')}?org={staff.org.slug}"
    assert f'href="{url}"' in guide
    form = client.get(url)
    assert form.status_code == 200


def test_catalogue_and_category_lists(client, staff):
    budget = published(staff.org, "2020年财政预算公开", code="art20.7", day=dt.date(2020, 4, 1))
    overview = published(staff.org, "思礼镇概况", code="local.overview", day=dt.date(2020, 2, 1))
    slug = staff.org.slug
    all_items = _get(client, f"/{slug}/catalogue/")
    assert all_items.index(budget.title) < all_items.index(overview.title)  # newest first
    assert "条例第二十条第（七）项" in all_items  # the outline shows each column's basis
    root = node(staff.org, "art20")
    child = node(staff.org, "art20.7")
    parent_page = _get(client, f"/{slug}/catalogue/{root.pk}/")
    assert budget.title in parent_page and overview.title not in parent_page  # a column lists its subcolumns
    child_page = _get(client, f"/{slug}/catalogue/{child.pk}/")
    assert budget.title in child_page
    assert re.search(r'aria-current="page">财政预算、决算信息<', child_page)
    empty = _get(client, f"/{slug}/catalogue/{node(staff.org, 'local.villages').pk}/")
    assert "本栏目暂无公开信息" in empty


def test_item_page_shows_the_attribute_block_and_the_sanitized_body(client, staff):
    item = published(
        staff.org,
        "关于印发《思礼镇防汛应急预案》的通知",
        code="art20.12",
        document_number="思政〔2020〕12号",
        written_on=dt.date(2020, 3, 1),
        topic="综合政务",
        validity="valid",
        summary="防汛应急预案。",
        body="<p>各村（社区）：</p><script>alert(1)</script><p onclick='x()'>现将预案印发给你们。</p>",
    )
    html = _get(client, f"/{staff.org.slug}/items/{item.pk}/")
    for label, value in (
        ("索引号", item.index_number),
        ("发布机构", staff.org.name),
        ("成文日期", "2020年3月1日"),
        ("文号", "思政〔2020〕12号"),
        ("发布日期", "2020年3月10日"),
        ("主题分类", "综合政务"),
        ("有效性", "有效"),
    ):
        assert re.search(rf"<th scope=\"row\">{label}</th><td>[^<]*(<time[^>]*>)?{re.escape(value)}", html), label
    assert "现将预案印发给你们" in html
    assert "<script>alert" not in html and "onclick" not in html


def test_attachment_download_after_the_full_review_workflow(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = draft(staff, "附件测试通知")
    pdf = blank_pdf()  # a real PDF: the checks before publishing read it (a damaged one is a finding)
    attachment = attachment_add(
        actor=staff.drafter,
        item=item,
        upload=SimpleUploadedFile("预案.pdf", pdf, content_type="application/pdf"),
    )
    item = publish_through_review(staff, item)
    html = _get(client, f"/{staff.org.slug}/items/{item.pk}/")
    url = reverse("portal:attachment", args=[staff.org.slug, item.pk, attachment.pk])
    assert url in html and "预案.pdf" in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf


def test_search_finds_by_title_and_document_number(client, staff, indexing):
    with indexing():
        item = published(staff.org, "关于秸秆禁烧工作的通告", document_number="思政〔2020〕8号")
        published(staff.org, "其他信息")
    by_title = _get(client, f"/{staff.org.slug}/search/?q=秸秆").replace("<mark>", "").replace("</mark>", "")
    assert item.title in by_title and "其他信息" not in by_title
    by_number = _get(client, f"/{staff.org.slug}/search/?q=〔2020〕8号")
    assert item.title in by_number.replace("<mark>", "").replace("</mark>", "")
    nothing = _get(client, f"/{staff.org.slug}/search/?q=不存在的词")
    assert "没有找到相关信息" in nothing


@pytest.mark.parametrize(
    "path",
    ["/", "/{slug}/", "/{slug}/guide/", "/{slug}/rules/", "/{slug}/catalogue/", "/{slug}/items/{item}/", "/nope/"],
)
def test_pages_load_no_external_assets_and_are_accessible(client, staff, path):
    item = published(staff.org, "资源测试")
    response = client.get(path.format(slug=staff.org.slug, item=item.pk))
    html = response.content.decode()
    assert response.status_code in (200, 404)
    assert external_asset_urls(html) == []
    assert '<html lang="zh-CN">' in html
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert re.search(r'<link rel="stylesheet" href="/static/portal/portal\.css">', html)
    for img in re.findall(r"<img\b[^>]*>", html):
        assert "alt=" in img


def test_a_village_committee_is_not_a_body_of_its_own(client, staff):
    """村（居）民委员会 are not 机关 under the 条例: their 村务 is published under the township (村居信息)."""
    village = make_org("思礼村村民委员会", slug="sili-village", parent=staff.org, kind=OrganizationKind.VILLAGE)
    response = client.get(f"/{village.slug}/")
    column = node(staff.org, "local.villages")
    assert response.status_code == 302 and response["Location"] == f"/{staff.org.slug}/catalogue/{column.pk}/"
    for page in ("guide/", "reports/", "catalogue/"):
        assert client.get(f"/{village.slug}/{page}").status_code == 404
    form = client.get("/apply/").content.decode()
    assert staff.org.name in form and "思礼村村民委员会" not in form


def test_every_body_has_a_request_column_with_its_form_and_the_status_lookup(client, staff):
    html = _get(client, f"/{staff.org.slug}/request/")
    assert "<h1>依申请公开</h1>" in html
    assert f'href="/apply/?org={staff.org.slug}"' in html and 'href="/apply/status/"' in html
    assert "20 个工作日内予以答复" in html and "党政综合办公室" in html
    home = _get(client, f"/{staff.org.slug}/")
    assert f'href="/{staff.org.slug}/request/"' in home and "依申请公开" in home
