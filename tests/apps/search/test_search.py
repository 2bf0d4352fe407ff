"""Full-text search on the portal: site-wide and per body, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.apps.publishing.services import attachment_add, item_withdraw
from gongkai.apps.search.models import ReindexCheckpoint, SearchDocument, Source
from gongkai.apps.search.services import reindex
from tests.apps.portal.helpers import draft, portal_staff, publish_through_review, published

pytestmark = pytest.mark.django_db

BODY = (
    "<p>各村民委员会：</p><p>为切实做好今年春季森林防火工作，有效预防和遏制森林火灾发生，"
    "现就进山入林野外用火管理有关事项通知如下。</p><p>一、严禁在林区烧荒、燎地边。</p>"
)


@pytest.fixture
def staff():
    return portal_staff("s")


def _raw(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _get(client, url, params=None) -> str:
    """The page with the highlighting taken out (titles read whole)."""
    return _raw(client, url, params).replace("<mark>", "").replace("</mark>", "")


def test_a_phrase_of_the_body_finds_the_item_site_wide_and_per_body(client, staff, indexing):
    with indexing():
        item = published(staff.org, "关于做好春季防火工作的通知", body=BODY)
        published(staff.other_org, "其他机关的通知", body="<p>野外用火管理另有规定。</p>")
    site = _get(client, "/search/", {"q": "野外用火管理"})
    assert "<mark>野外用火管理</mark>" in _raw(client, "/search/", {"q": "野外用火管理"})
    assert item.title in site and "其他机关的通知" in site
    assert f"/{staff.org.slug}/items/{item.pk}/" in site
    own = _get(client, f"/{staff.org.slug}/search/", {"q": "野外用火管理"})
    assert item.title in own and "其他机关的通知" not in own
    other = _get(client, f"/{staff.other_org.slug}/search/", {"q": "遏制森林火灾"})
    assert item.title not in other and "没有找到相关信息" in other


def test_an_item_published_through_review_is_indexed_by_the_task(client, staff, indexing):
    item = draft(staff, "关于开展人居环境整治的通知")
    with indexing():
        publish_through_review(staff, item)
    assert SearchDocument.objects.filter(source=Source.ITEM, object_id=item.pk).exists()
    assert "关于开展人居环境整治的通知" in _get(client, "/search/", {"q": "人居环境整治"})


def test_withdrawal_removes_the_item_at_once_without_the_queue(client, staff, indexing):
    with indexing():
        item = published(staff.org, "关于秸秆禁烧的通告", body="<p>严禁露天焚烧秸秆。</p>")
    assert "关于秸秆禁烧的通告" in _get(client, "/search/", {"q": "秸秆"})
    item_withdraw(actor=staff.leader, item=item, reason="内容有误")  # no task runs
    assert not SearchDocument.objects.filter(source=Source.ITEM, object_id=item.pk).exists()
    assert "关于秸秆禁烧的通告" not in _get(client, "/search/", {"q": "秸秆"})
    assert "关于秸秆禁烧的通告" not in _get(client, f"/{staff.org.slug}/search/", {"q": "焚烧秸秆"})


def test_two_character_query(client, staff, indexing):
    with indexing():
        published(staff.org, "镇机关办公设备政府采购结果公告", body="<p>采购项目已完成验收。</p>")
        published(staff.org, "关于召开防汛工作会议的通知")
    html = _get(client, "/search/", {"q": "采购"})
    assert "镇机关办公设备政府采购结果公告" in html and "防汛工作会议" not in html


def test_exact_index_number_and_document_number(client, staff, indexing):
    with indexing():
        item = published(staff.org, "思礼镇农村人居环境整治实施方案", document_number="思政发〔2021〕5号")
        published(staff.org, "另一份方案", document_number="思政发〔2021〕15号")
    by_number = _get(client, "/search/", {"q": "思政发〔2021〕5号"})
    assert item.title in by_number and "另一份方案" not in by_number and "按索引号或文号" in by_number
    assert item.title in _get(client, "/search/", {"q": "思政发[2021]5号"})  # square brackets typed for 〔〕
    by_index = _get(client, f"/{staff.org.slug}/search/", {"q": item.index_number})
    assert item.title in by_index and "另一份方案" not in by_index


def test_attachment_text_is_searchable(client, staff, settings, tmp_path, indexing):
    settings.MEDIA_ROOT = tmp_path
    item = draft(staff, "关于印发应急预案的通知")
    attachment_add(
        actor=staff.drafter,
        item=item,
        upload=SimpleUploadedFile("预案.txt", "山洪地质灾害转移避险预案全文".encode(), content_type="text/plain"),
    )
    with indexing():
        publish_through_review(staff, item)
    assert "关于印发应急预案的通知" in _get(client, "/search/", {"q": "转移避险"})


def test_snippets_and_titles_are_escaped(client, staff, indexing):
    with indexing():
        published(staff.org, "<script>alert(1)</script>通知公告", body="<p>公告内容 &lt;b&gt;加粗&lt;/b&gt;</p>")
    html = _get(client, "/search/", {"q": "公告"})
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>加粗" not in html


def test_filters_by_year_type_and_column_and_bad_filters(client, staff, indexing):
    with indexing():
        old = published(staff.org, "2020年低保评议结果公示", day=dt.date(2020, 5, 1), code="local.villages")
        new = published(staff.org, "2023年低保评议结果公示", day=dt.date(2023, 5, 1))
    by_year = _get(client, "/search/", {"q": "低保", "year": "2020"})
    assert old.title in by_year and new.title not in by_year
    column = old.category_id
    by_column = _get(client, f"/{staff.org.slug}/search/", {"q": "低保", "column": str(column)})
    assert old.title in by_column and new.title not in by_column
    assert new.title not in _get(client, "/search/", {"q": "低保", "type": "report"})
    bad = _get(client, "/search/", {"q": "低保", "year": "abc", "page": "99999", "type": "<x>", "org": "-1"})
    assert "筛选条件有误" in bad and old.title in bad


def test_ranking_and_date_order_and_pagination(client, staff, indexing):
    with indexing():
        for n in range(12):
            day = dt.date(2021, 1, 1) + dt.timedelta(days=n)
            published(staff.org, f"第{n}期公开栏", body="<p>本期村务公开内容见附表。</p>", day=day)
        best = published(staff.org, "村务公开专题", body="<p>村务公开。</p>", day=dt.date(2020, 1, 1))
    html = _get(client, "/search/", {"q": "村务公开"})
    assert "找到 13 条" in html and "第 1/2 页" in html
    assert html.index(best.title) < html.index("第11期")  # a match in the title ahead of newer body-only ones
    by_date = _get(client, "/search/", {"q": "村务公开", "sort": "date"})
    assert "第11期" in by_date and best.title not in by_date  # the oldest is on page 2
    assert best.title in _get(client, "/search/", {"q": "村务公开", "sort": "date", "page": "2"})


def test_reports_registers_and_catalogue_are_searchable(client, staff, indexing):
    from tests.apps.portal.helpers import published_report

    with indexing():
        published_report(staff, 2021)
    html = _get(client, "/search/", {"q": "年度报告", "type": "report"})
    assert f"{staff.org.name}2021年政府信息公开工作年度报告" in html
    reindex()
    assert "政府信息公开指南" in _get(client, f"/{staff.org.slug}/search/", {"q": "公开指南", "type": "catalogue"}) or (
        SearchDocument.objects.filter(source=Source.CATALOGUE, organization=staff.org).exists()
    )


def test_empty_and_unsearchable_queries_say_so(client, staff):
    assert "请输入要检索的词语" in _get(client, "/search/")
    assert "没有可检索的词语" in _get(client, "/search/", {"q": "的 。，"})
    assert "没有找到相关信息" in _get(client, "/search/", {"q": "完全不存在的词语组合"})


def test_reindex_is_incremental_and_resumes_after_an_interruption(staff):
    items = [published(staff.org, f"关于第{n}批高标准农田建设的公示") for n in range(7)]  # no commit hooks: unindexed
    assert not SearchDocument.objects.filter(source=Source.ITEM).exists()
    first = reindex(batch_size=3, sources=[Source.ITEM], stop_after=2)
    assert not first.complete and first.indexed == 6
    checkpoint = ReindexCheckpoint.objects.get()
    assert checkpoint.last_id == items[5].pk
    second = reindex(batch_size=3, sources=[Source.ITEM])
    assert second.resumed and second.complete and second.indexed == 1
    assert not ReindexCheckpoint.objects.exists()
    assert SearchDocument.objects.filter(source=Source.ITEM).count() == 7
    again = reindex(batch_size=3, sources=[Source.ITEM])
    assert again.indexed == 0 and again.skipped == 7  # nothing changed
    full = reindex(batch_size=3, sources=[Source.ITEM], full=True)
    assert full.indexed == 7
    from gongkai.apps.search.selectors import parse_query, search

    assert search(parse_query({"q": "高标准农田"})).total == 7


def test_reindex_removes_documents_of_hidden_rows(staff):
    item = published(staff.org, "将被撤回的通知")
    reindex(sources=[Source.ITEM])
    from gongkai.apps.publishing.models import Item

    Item.objects.filter(pk=item.pk).update(status="withdrawn")  # a bulk change: no signal
    result = reindex(sources=[Source.ITEM])
    assert result.removed == 1 and not SearchDocument.objects.filter(object_id=item.pk).exists()


def test_command_reindexes_and_reports(staff):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    published(staff.org, "关于开展防汛演练的通知")
    out = StringIO()
    call_command("search", "reindex", "--quiet", "--source", "item", stdout=out)
    assert "写入 1 条" in out.getvalue()
    out = StringIO()
    call_command("search", "status", stdout=out)
    assert "公开信息：1 条" in out.getvalue()
    with pytest.raises(CommandError, match="--batch"):
        call_command("search", "reindex", "--batch", "0")


def test_results_lead_to_the_bodys_current_slug_without_reindexing(client, staff, indexing):
    from tests.apps.portal.helpers import published_report

    with indexing():
        item = published(staff.org, "关于秋冬季森林防火的通告")
        published_report(staff, 2022)
    document = SearchDocument.objects.get(source=Source.ITEM, object_id=item.pk)
    assert document.route == f"item:{item.pk}"  # the page, not its address
    staff.org.slug = "renamed-town"
    staff.org.save()
    html = _get(client, "/search/", {"q": "森林防火"})
    assert f'href="/renamed-town/items/{item.pk}/"' in html
    report = _get(client, "/search/", {"q": "年度报告", "type": "report"})
    assert 'href="/renamed-town/reports/2022/"' in report
    assert SearchDocument.objects.get(pk=document.pk).indexed_at == document.indexed_at  # nothing reindexed


def test_the_body_search_page_has_one_search_box(client, staff, indexing):
    with indexing():
        published(staff.org, "关于开展防汛演练的通知")
    html = _raw(client, f"/{staff.org.slug}/search/", {"q": "防汛"})
    assert html.count('type="search"') == 1 and 'name="column"' in html
    home = _raw(client, f"/{staff.org.slug}/")
    assert home.count('type="search"') == 1  # other pages keep the header's box


def test_addresses_of_an_older_index_become_routes():
    from gongkai.apps.search.links import route_from_path, route_url

    assert route_from_path("/town-a/items/12/") == "item:12"
    assert route_from_path("/town-a/catalogue/34/") == "category:34"
    assert route_from_path("/town-a/catalogue/") == "catalogue"
    assert route_from_path("/town-a/reports/2021/") == "report:2021"
    assert route_from_path("/nowhere/at/all/x") == ""
    assert route_url("item:12", "town-b") == "/town-b/items/12/"
    assert route_url("report:2021", "town-b") == "/town-b/reports/2021/"
    assert route_url("bogus:1", "town-b") == ""


def test_reindex_with_segmenting_processes_writes_the_same_documents(staff):
    from gongkai.apps.search import documents

    items = [published(staff.org, f"关于第{n}批耕地地力保护补贴发放的公示") for n in range(12)]
    original = documents.CHUNK
    documents.CHUNK = 3  # 12 items: four chunks over two processes
    try:
        parallel = reindex(sources=[Source.ITEM], workers=2)
    finally:
        documents.CHUNK = original
    assert parallel.indexed == 12
    single = {d.key: d for d in documents.item_documents(items)}
    assert {d.key: (d.tags, d.route) for d in SearchDocument.objects.all()} == {
        key: (d.tags, d.route) for key, d in single.items()
    }
    assert _indexed_terms() == {key: set(d.title_terms.split()) | set(d.terms.split()) for key, d in single.items()}
    from gongkai.apps.search.selectors import parse_query, search

    assert search(parse_query({"q": "耕地地力保护补贴"})).total == 12


def _indexed_terms() -> dict[int, set[str]]:
    """The terms the engine holds per document key (PostgreSQL's lexemes without the ``!``/``#`` ones)."""
    from django.db import connection

    from gongkai.apps.search.models import SearchVector

    if connection.vendor != "postgresql":
        return {d.key: set(d.title_terms.split()) | set(d.terms.split()) for d in SearchDocument.objects.all()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, tsvector_to_array(lexemes) FROM search_searchvector")
        rows = cursor.fetchall()
    assert len(rows) == SearchVector.objects.count()
    return {key: {t for t in terms if t[0] not in "!#"} for key, terms in rows}


def test_the_engine_gives_exactly_the_newest_matches_across_weeks_years_and_undated_rows(staff):
    from gongkai.apps.search import backends

    days = [dt.date(2024, 6, 30) - dt.timedelta(days=n) for n in (0, 3, 9, 20, 45, 200, 400, 800)]
    items = [published(staff.org, f"第{n}号防汛物资储备公告", day=day) for n, day in enumerate(days)]
    published(staff.other_org, "另一机关的防汛物资储备公告", day=dt.date(2023, 1, 5))
    reindex()  # the catalogue columns too (undated)
    expected = list(
        SearchDocument.objects.filter(source=Source.ITEM, title__contains="防汛物资")
        .order_by("-key")
        .values_list("key", flat=True)
    )
    assert len(expected) == 9
    for limit in (1, 3, 5, 9, 50):
        assert [key for key, _ in backends.match(["防汛", "物资"], [], limit=limit)] == expected[:limit]
    own = [key for key, _ in backends.match(["防汛"], [f"o{staff.org.pk}"], limit=50)]
    assert own == sorted(
        (d.key for d in SearchDocument.objects.filter(source=Source.ITEM, object_id__in=[i.pk for i in items])),
        reverse=True,
    )
    undated = SearchDocument.objects.filter(source=Source.CATALOGUE, date__isnull=True).first()
    if undated is not None:  # columns have no date: found after every dated document
        word = undated.title[:2]
        keys = [key for key, _ in backends.match([word], [], limit=1000)]
        assert undated.key in keys
