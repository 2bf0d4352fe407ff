"""Public portal pages (政府信息公开专栏), anonymous and read-only.

Views only parse the URL and query string, call :mod:`~gongkai.apps.portal.selectors` and render. A bad slug,
id, year or page number raises :class:`~django.http.Http404`, which the site renders as its Chinese 404 page.
"""

from __future__ import annotations

import importlib.util
from functools import cache

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from . import selectors
from .caching import CACHE_SECONDS, one_view, organization_memo, site_generation
from .columns import column_content
from .framing import render_page
from .guide import RULES, contact_rows
from .nav import catalogue_nav_html, catalogue_outline_html, organization_tree_html
from .pagination import paginate, parse_page_number
from .rows import ITEM_KIND_LABELS, VALIDITY_LABELS, body_html, choice_text
from .rows import day_text as _day
from .rows import list_rows as _rows

__all__ = [
    "attachment",
    "catalogue",
    "category",
    "guide",
    "index",
    "item",
    "organization",
    "report",
    "report_download",
    "reports",
    "rules",
    "search",
]

ORG_NOT_FOUND = "未找到该机关，可能网址有误或该机关已停用。"
NODE_NOT_FOUND = "未找到该栏目。"
ITEM_NOT_FOUND = "未找到该信息，可能尚未发布或已撤回。"
ATTACHMENT_NOT_FOUND = "未找到该附件。"
REPORT_NOT_FOUND = "未找到该年度报告，可能尚未发布。"
FORMAT_NOT_FOUND = "不支持该下载格式。"

#: Annual report downloads offered on the portal, in the order shown.
DOWNLOAD_FORMATS = ("docx", "pdf", "xlsx")


def _org(slug: str) -> selectors.PortalOrg:
    org = selectors.portal_organization(slug)
    if org is None:
        raise Http404(ORG_NOT_FOUND)
    return org


def _page(org: selectors.PortalOrg, node, number: int):
    return paginate(
        selectors.portal_list(org, node),
        number=number,
        count=lambda: selectors.item_count(org, node),
        cap=selectors.COUNT_CAP,
    )


def _context(org: selectors.PortalOrg, section: str, **extra) -> dict:
    base = {"org": org, "organization": org.organization, "section": section, "site_title": site_title()}
    return {**base, "chrome": _chrome(base, extra.get("query", "")), **extra}


def _chrome(base: dict, query: str) -> dict[str, str]:
    """The organization's header (four columns, search box) and footer, rendered once per organization and column.

    They are the same on every page of a column, so they are cached like the catalogue tree (a search page,
    whose box shows the query, is rendered afresh).
    """

    def build() -> dict[str, str]:
        context = {**base, "query": query}
        return {
            "header": render_to_string("portal/_org_header.html", context),
            "footer": render_to_string("portal/_org_footer.html", context),
        }

    if query:
        found = build()
    else:
        found = organization_memo(base["organization"].pk, f"chrome:{base['section']}", build)
    return {name: mark_safe(html) for name, html in found.items()}  # safe: rendered by the template engine


def _nav(org: selectors.PortalOrg, tree: selectors.CatalogueTree, current: int | None = None):
    """The side navigation with *current* open, built once per catalogue change and column."""
    html = organization_memo(
        org.organization.pk,
        f"nav:{current}",
        lambda: str(catalogue_nav_html(tree, prefix=org.urls["category"], current=current)),
    )
    return mark_safe(html)  # safe: built by nav.py, every text escaped


def _shared(column: str) -> dict[str, str]:
    """The blocks of a list or item page that only show the body's data and the page's column (breadcrumbs, side
    navigation): rendered once per column and catalogue change (:func:`~gongkai.apps.portal.framing.render_page`)."""
    return {"breadcrumbs": column, "aside": column}


@require_safe
@one_view
def index(request: HttpRequest) -> HttpResponse:
    """Site home: every organization, grouped by the organization tree."""
    key = f"portal:index-html:{site_generation()}"
    found = django_cache.get(key)
    if found is None:
        entries = selectors.organization_list()
        found = (str(organization_tree_html(entries)), len(entries))
        django_cache.set(key, found, CACHE_SECONDS)
    tree_html, count = found
    context = {"tree_html": mark_safe(tree_html), "count": count, "site_title": site_title()}
    return render(request, "portal/index.html", context)


@require_safe
@one_view
def organization(request: HttpRequest, org_slug: str) -> HttpResponse:
    """An organization's 政府信息公开 home: the four columns and the latest items.

    A village committee's address leads to its township's 村居信息 column, where its 村务 is published.
    """
    if selectors.portal_organization(org_slug) is None:
        target = selectors.village_home(org_slug)
        if target is not None:
            return redirect(target)
    org = _org(org_slug)
    tree = selectors.catalogue_tree(org.organization.pk)
    context = _context(
        org,
        "home",
        latest=_rows(org, selectors.portal_list(org)[:10]),
        roots=tree.roots,
        reports=selectors.report_years(org)[:3],
    )
    return render(request, "portal/organization.html", context)


@require_safe
@one_view
def guide(request: HttpRequest, org_slug: str) -> HttpResponse:
    """政府信息公开指南 (条例第十二条), generated from the organization's fields and catalogue."""
    org = _org(org_slug)
    tree = selectors.catalogue_tree(org.organization.pk)
    context = _context(
        org,
        "guide",
        roots=tree.roots,
        contacts=contact_rows(org.organization),
        apply_url=application_form_url(org_slug),
        index_example=f"{org.organization.index_prefix}/2020-00001",
    )
    return render(request, "portal/guide.html", context)


@require_safe
@one_view
def rules(request: HttpRequest, org_slug: str) -> HttpResponse:
    """政府信息公开制度: the items of the body's own 制度 column, else the standard rules of the 条例."""
    org = _org(org_slug)
    tree = selectors.catalogue_tree(org.organization.pk)
    node = tree.find_rules_node()
    page = None
    if node is not None:
        number = parse_page_number(request.GET.get("page"))
        page = _page(org, node, number)
    context = _context(org, "rules", node=node, page=page, rows=_rows(org, page.items) if page else [], rules=RULES)
    return render(request, "portal/rules.html", context)


@require_safe
@one_view
def catalogue(request: HttpRequest, org_slug: str) -> HttpResponse:
    """法定主动公开内容: the catalogue tree and every published item, newest first, 20 per page."""
    org = _org(org_slug)
    number = parse_page_number(request.GET.get("page"))
    tree = selectors.catalogue_tree(org.organization.pk)
    page = _page(org, None, number)
    context = _context(
        org,
        "catalogue",
        page=page,
        rows=_rows(org, page.items),
        nav_html=_nav(org, tree),
        # the whole tree's outline is the same on every visit: built once per catalogue change
        outline_html=mark_safe(  # safe: built by nav.py, every text escaped
            organization_memo(
                org.organization.pk, "outline", lambda: str(catalogue_outline_html(tree, prefix=org.urls["category"]))
            )
        )
        if number == 1
        else "",
        heading="全部信息",
    )
    return render_page(request, "portal/catalogue.html", context, shared=_shared("list:"))


@require_safe
@one_view
def category(request: HttpRequest, org_slug: str, node_id: int) -> HttpResponse:
    """One catalogue column (and its subcolumns): published items newest first, 20 per page."""
    org = _org(org_slug)
    number = parse_page_number(request.GET.get("page"))
    tree = selectors.catalogue_tree(org.organization.pk)
    node = tree.get(node_id)
    if node is None:
        raise Http404(NODE_NOT_FOUND)
    page = _page(org, node, number)
    context = _context(
        org,
        "catalogue",
        node=node,
        # A statutory sub-column fed by a register (第二十条 登记表) shows it above the column's items.
        register=column_content(node.code, organization=org.organization, item_url=org.item_url),
        trail=tree.path_to(node.pk),
        children=[tree.nodes[pk] for pk in node.children],
        page=page,
        rows=_rows(org, page.items),
        nav_html=_nav(org, tree, node.pk),
        heading=node.name,
    )
    return render_page(request, "portal/catalogue.html", context, shared=_shared(f"list:{node.pk}"))


@require_safe
@one_view
def item(request: HttpRequest, org_slug: str, item_id: int) -> HttpResponse:
    """One published item: the 索引号/发布机构/成文日期/文号/发布日期/主题分类/有效性 block, body and attachments."""
    org = _org(org_slug)
    found = selectors.portal_item(org, item_id)
    if found is None:
        raise Http404(ITEM_NOT_FOUND)
    tree = selectors.catalogue_tree(org.organization.pk)
    in_nav = found.category_id in tree.nodes
    context = _context(
        org,
        "catalogue",
        item=found,
        # The column's name from the cached tree; a column switched off since is read from the database.
        category_name=tree.nodes[found.category_id].name if in_nav else found.category.name,
        # Bodies are sanitized when saved; sanitizing again here also covers rows written in bulk. Their inline
        # styles become gk-* classes: the Content-Security-Policy refuses style attributes.
        body=mark_safe(body_html(found.body)),  # safe: nh3-cleaned
        # dates and labels as text, made here once instead of by template filters
        dates={
            "written": _day(found.written_on),
            "published": _day(found.published_on),
            "validity_changed": _day(found.validity_changed_on),
        },
        labels={
            "validity": choice_text(VALIDITY_LABELS, found.validity),
            "kind": choice_text(ITEM_KIND_LABELS, found.kind),
        },
        attachments=selectors.item_attachments(found),
        relations=selectors.item_relations(org, found),
        trail=tree.path_to(found.category_id) if in_nav else [],
        nav_html=_nav(org, tree, found.category_id if in_nav else None),
    )
    return render_page(
        request, "portal/item.html", context, shared=_shared(f"item:{found.category_id if in_nav else ''}")
    )


@require_safe
@one_view
def attachment(request: HttpRequest, org_slug: str, item_id: int, attachment_id: int) -> FileResponse:
    """Download one attachment (附件) of a published item, under its original file name."""
    org = _org(org_slug)
    found = selectors.item_attachment(org, item_id, attachment_id)
    if found is None or not found.file:
        raise Http404(ATTACHMENT_NOT_FOUND)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(ATTACHMENT_NOT_FOUND) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type or "application/octet-stream",
    )


@require_safe
@one_view
def search(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Full-text search of one organization's published information (gongkai.apps.search), with filters."""
    from gongkai.apps.search.selectors import parse_query
    from gongkai.apps.search.views import filter_context

    org = _org(org_slug)
    query = parse_query(request.GET, organization_id=org.organization.pk)
    tree = selectors.catalogue_tree(org.organization.pk)
    context = _context(
        org,
        "search",  # the header leaves out its search box: the page has one, with the filters
        **filter_context(query, with_org=False),
        columns=tree.roots,
        nav_html=_nav(org, tree),
    )
    return render(request, "portal/search.html", context)


@require_safe
@one_view
def reports(request: HttpRequest, org_slug: str) -> HttpResponse:
    """政府信息公开年报: the organization's published annual reports by year."""
    org = _org(org_slug)
    context = _context(org, "reports", reports=selectors.report_years(org), formats=download_links())
    return render(request, "portal/reports.html", context)


def _report(org: selectors.PortalOrg, year: int):
    if not 1990 <= year <= 2999:
        raise Http404(REPORT_NOT_FOUND)
    found = selectors.published_report(org, year)
    if found is None:
        raise Http404(REPORT_NOT_FOUND)
    return found


@require_safe
@one_view
def report(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    """One published annual report as a web page (the core's tables), with downloads."""
    org = _org(org_slug)
    found = _report(org, year)
    title, sections = report_sections(found)
    context = _context(
        org,
        "reports",
        report=found,
        title=title,
        sections=sections,
        formats=download_links(),
        all_reports=selectors.report_years(org),
        figures=report_figures(found),
    )
    return render(request, "portal/report.html", context)


@require_safe
@one_view
def report_download(request: HttpRequest, org_slug: str, year: int, fmt: str) -> HttpResponse:
    """The annual report as DOCX, PDF or XLSX, made on demand by the core renderer (and cached)."""
    org = _org(org_slug)
    found = _report(org, year)
    formats = {f.name: f for f in download_formats()}
    if fmt not in formats:
        raise Http404(FORMAT_NOT_FOUND)
    renderer = formats[fmt]
    key = f"portal:report-file:{found.pk}:{found.updated_at.timestamp()}:{fmt}"
    data = django_cache.get(key)
    if data is None:
        data = renderer(found.report)
        django_cache.set(key, data, 24 * 3600)
    response = HttpResponse(data, content_type=renderer.media_type)
    filename = f"{org.organization.name}{found.year}年政府信息公开工作年度报告{renderer.extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(data))
    return response


# ------------------------------------------------------------------------------------------------ helpers


@cache
def download_formats() -> tuple:
    """The core renderers offered as downloads that exist in this installation (DOCX, PDF, XLSX)."""
    try:
        from gongkai.core.render import RENDERERS
    except ImportError:
        return ()
    found = []
    for name in DOWNLOAD_FORMATS:
        renderer = RENDERERS.get(name)
        if renderer is not None and importlib.util.find_spec(f"gongkai.core.render.{renderer.module}") is not None:
            found.append(renderer)
    return tuple(found)


def download_links() -> list[dict[str, str]]:
    """The download formats for templates (plain dicts: a renderer is callable, which templates would call)."""
    return [{"name": r.name, "label": r.label} for r in download_formats()]


def report_sections(report_row) -> tuple[str, list[dict]]:
    """The report's title and sections for the page; tables come from the core HTML renderer (cached)."""
    key = f"portal:report-html:v2:{report_row.pk}:{report_row.updated_at.timestamp()}"  # v2: <col> classes
    found = django_cache.get(key)
    if found is None:
        from gongkai.core.render.html import table_html
        from gongkai.core.render.layout import document

        title, views = document(report_row.report)
        sections = [
            {
                "number": view.number,
                "heading": view.heading,
                "paragraphs": list(view.paragraphs),
                "table": "\n".join(table_html(view.grid)) if view.grid is not None else "",
            }
            for view in views
        ]
        found = (title, sections)
        django_cache.set(key, found, CACHE_SECONDS * 30)
    title, sections = found
    return title, [{**s, "table": mark_safe(s["table"])} for s in sections]  # safe: core-escaped


def report_figures(report_row) -> list[dict]:
    """The report's 图解: each chart as an SVG image (a data URI) with its table (cached like the tables)."""
    key = f"portal:report-figures:{report_row.pk}:{report_row.updated_at.timestamp()}"
    found = django_cache.get(key)
    if found is None:
        from gongkai.core.charts import data_uri, svg
        from gongkai.core.render.figures import figure_table_html
        from gongkai.core.render.figures import report_figures as figures_of

        found = [
            {
                "key": figure.key,
                "title": figure.title,
                "alt": figure.alt,
                "src": data_uri(svg(figure, title=False)),
                "table": "\n".join(figure_table_html(figure, caption=False)),
            }
            for figure in figures_of(report_row.report)
        ]
        django_cache.set(key, found, CACHE_SECONDS * 30)
    return [{**f, "table": mark_safe(f["table"])} for f in found]  # safe: core-escaped


@require_safe
@one_view
def request_info(request: HttpRequest, org_slug: str) -> HttpResponse:
    """依申请公开: how to apply to this body, its online form, the status lookup and the 工作机构's contacts."""
    org = _org(org_slug)
    context = _context(
        org,
        "request",
        contacts=contact_rows(org.organization),
        apply_url=application_form_url(org.organization.slug),
        status_url=application_status_url(),
    )
    return render(request, "portal/request.html", context)


def application_status_url() -> str:
    """The public status lookup (办理进度查询, applications app), or ``""`` when that app is not installed."""
    try:
        return reverse("applications:status")
    except NoReverseMatch:
        return ""


def application_form_url(org_slug: str) -> str:
    """The online application form (在线申请, applications app) with the organization chosen, or ``""``."""
    try:
        return f"{reverse('applications:apply')}?org={org_slug}"
    except NoReverseMatch:
        return ""


def site_title() -> str:
    """The portal's site name (setting ``GONGKAI_PORTAL_TITLE``, default 政府信息公开平台)."""
    return getattr(settings, "GONGKAI_PORTAL_TITLE", "政府信息公开平台")
