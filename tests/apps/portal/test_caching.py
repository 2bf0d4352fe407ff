"""The portal cache's generations: read once per page view, and a change within the view is still seen."""

import pytest
from django.core.cache import cache

from gongkai.apps.portal import caching
from gongkai.apps.portal.rows import body_html
from gongkai.apps.publishing.sanitize import page_body

from .helpers import portal_staff, published


def test_one_view_reads_each_generation_once(monkeypatch):
    caching.org_generation(7), caching.site_generation()  # both in the cache
    reads = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **kw: reads.append(key) or original(key, *a, **kw))

    @caching.one_view
    def view():
        first = caching.org_generation(7)
        assert caching.org_generation(7) == first and caching.site_generation() == caching.site_generation()
        caching.bump_generation(7)  # a change during the view is seen by the rest of it
        assert caching.org_generation(7) != first
        return first

    view()
    assert reads.count("portal:org:7:gen") == 2  # the first read, and one after the bump
    assert reads.count("portal:gen") == 1
    reads.clear()
    caching.org_generation(7), caching.org_generation(7)  # outside a view: every call reads
    assert reads.count("portal:org:7:gen") == 2


@pytest.mark.django_db
def test_item_page_reads_its_generations_once(client, monkeypatch):
    staff = portal_staff("gen")
    item = published(staff.org, "关于防汛工作的通知")
    url = f"/{staff.org.slug}/items/{item.pk}/"
    assert client.get(url).status_code == 200
    reads = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **kw: reads.append(key) or original(key, *a, **kw))
    assert client.get(url).status_code == 200
    assert reads.count(f"portal:org:{staff.org.pk}:gen") == 1 and reads.count("portal:gen") == 1


def test_body_html_is_the_page_body_of_the_text():
    text = '<p style="text-align:center">通知</p><script>alert(1)</script>'
    assert body_html(text) == page_body(text) == '<p class="gk-align-center">通知</p>'
    assert body_html(text + "<p>补充</p>") == page_body(text + "<p>补充</p>")  # edited text: cleaned afresh
