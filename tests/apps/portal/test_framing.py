"""The cached page frame: framed item and list pages equal the full template rendering, and changes show at once."""

import pytest

from gongkai.apps.organizations.services import organization_update
from gongkai.apps.portal import framing
from gongkai.apps.publishing.services import item_withdraw

from .helpers import node, portal_staff, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return portal_staff("fr")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _full(client, url: str, monkeypatch) -> str:
    """The page rendered through the whole template chain (the frame switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(framing, "_page_blocks", lambda name: None)
        return _page(client, url)


def _urls(staff, item) -> list[str]:
    slug = staff.org.slug
    column = node(staff.org).pk
    return [
        f"/{slug}/items/{item.pk}/",
        f"/{slug}/catalogue/",
        f"/{slug}/catalogue/?page=2",
        f"/{slug}/catalogue/{column}/",
        f"/{slug}/catalogue/{node(staff.org, 'art20').pk}/",
    ]


@pytest.mark.parametrize("cookies", [{}, {"gk_text": "large"}, {"gk_text": "large", "gk_contrast": "high"}])
def test_framed_pages_equal_the_full_rendering(client, staff, monkeypatch, cookies):
    for n in range(25):  # two list pages
        item = published(staff.org, f"关于第{n}批补贴发放的公示", document_number=f"示政〔2020〕{n}号" if n % 2 else "")
    for name, value in cookies.items():
        client.cookies[name] = value
    for url in _urls(staff, item):
        framed = _page(client, url)  # builds the frame
        with monkeypatch.context() as patch:  # the frame is not rendered again: it comes from the cache
            patch.setattr(framing, "render_to_string", None)
            assert _page(client, url) == framed
        assert framed == _full(client, url, monkeypatch), url
        assert "gkslot" not in framed
        assert f"next={url.split('?')[0]}" in framed  # the display links return to this page (path only)


def test_frame_follows_changes_at_once(client, staff):
    item = published(staff.org, "关于春季防火的通告")
    url = f"/{staff.org.slug}/items/{item.pk}/"
    assert staff.org.name in _page(client, url)
    organization_update(actor=None, organization=staff.org, name="示例县新名镇人民政府")
    html = _page(client, f"/{staff.org.slug}/catalogue/")
    assert "示例县新名镇人民政府 · 政府信息公开</title>" in html
    item_withdraw(actor=staff.leader, item=item, reason="信息有误")
    assert client.get(url).status_code == 404
    assert "关于春季防火的通告" not in _page(client, f"/{staff.org.slug}/catalogue/")


def test_each_display_mode_has_its_own_frame(client, staff):
    item = published(staff.org, "关于秋季征兵的通告")
    url = f"/{staff.org.slug}/items/{item.pk}/"
    plain = _page(client, url)
    client.cookies["gk_contrast"] = "high"
    high = _page(client, url)
    assert 'class="gk-high-contrast"' in high and 'class="gk-high-contrast"' not in plain
    assert "?contrast=normal" in high and "?contrast=high" in plain


def test_pages_filling_other_blocks_are_rendered_in_full():
    assert framing._page_blocks("portal/item.html") is not None
    assert framing._page_blocks("portal/catalogue.html") is not None
    assert framing._page_blocks("portal/index.html") is None  # the site index extends base.html


def test_public_pages_leave_the_session_alone_and_vary_on_cookies(client, staff):
    item = published(staff.org, "关于冬季供暖的通知")
    for url in [u for u in _urls(staff, item) if "?page=" not in u]:  # one item: there is no page 2
        client.get(url)  # builds the frame (the full template chain, whose context processors look at the user)
        response = client.get(url)
        assert not response.wsgi_request.session.accessed, url  # no session or user load for a public page
        assert "Cookie" in response["Vary"], url  # the display modes are cookies
        assert "sessionid" not in response.cookies


def test_shared_blocks_are_made_once_per_column(client, staff, monkeypatch):
    from django.template.loader_tags import BlockNode

    first = published(staff.org, "关于第一批补贴的公示")
    second = published(staff.org, "关于第二批补贴的公示")
    slug = staff.org.slug
    _page(client, f"/{slug}/items/{first.pk}/")
    rendered = []
    original = BlockNode.render
    monkeypatch.setattr(
        BlockNode, "render", lambda self, context: rendered.append(self.name) or original(self, context)
    )
    html = _page(client, f"/{slug}/items/{second.pk}/")  # same column: breadcrumbs and aside from the cache
    assert "breadcrumbs" not in rendered and "aside" not in rendered and "content" in rendered
    assert "关于第二批补贴的公示" in html and 'aria-current="page">正文</li>' in html
