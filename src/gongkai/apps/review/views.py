"""Staff pages of the report checking app (年报检查): batches, problem list, one report, coverage, totals,
comparison. Reads go through :mod:`.selectors`, writes through :mod:`.services`."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.decorators import org_page, staff_context
from gongkai.core import GongkaiError
from gongkai.core.diff import diff_reports
from gongkai.core.findings import SEVERITY_LABELS

from . import reading, selectors, services
from .choices import ReadStatus
from .exports import BACKGROUND_FORMATS, total_filename
from .forms import AddFilesForm, BatchForm, MatchForm
from .labels import cell_label
from .models import CheckBatch, CheckedReport, FindingReview, finding_fingerprint

TOTAL_DOWNLOADS = {
    "xlsx": "Excel 表格",
    "docx": "Word 文档",
    "pdf": "PDF",
    "html": "网页",
    "json": "JSON 数据",
}
KIND_FILTERS = {
    "": ("全部机关", None),
    "towns": ("乡镇和街道", [OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT]),
    "departments": ("政府部门", [OrganizationKind.DEPARTMENT]),
}


def _batch(org: Organization, pk: int) -> CheckBatch:
    return get_object_or_404(CheckBatch.objects.select_related("organization"), pk=pk, organization=org)


def _row(batch: CheckBatch, rid: int) -> CheckedReport:
    return get_object_or_404(
        CheckedReport.objects.select_related("matched_organization", "batch__organization"), pk=rid, batch=batch
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _upload_messages(request, result: services.UploadResult) -> None:
    added = result.added
    if added:
        messages.success(
            request, f"已上传 {len(added)} 个文件，正在后台逐个读取和检查；本页会自动刷新，显示每个文件的进度。"
        )
    if result.duplicates:
        messages.warning(request, "以下文件与批次中已有文件完全相同，未重复保存：" + "、".join(result.duplicates))


# ------------------------------------------------------------------ batches


@org_page("review.view")
def batch_list(request, org):
    """The scope's check batches, and the form to upload a new one."""
    can_manage = user_can(request.user, "review.manage", org)
    form = BatchForm()
    if request.method == "POST":
        if not can_manage:
            messages.error(request, "您没有权限上传年报：需要本机关领导或系统管理员岗位。")
            return redirect("review:batches", org.slug)
        form = BatchForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = services.batch_create(
                    actor=request.user,
                    organization=org,
                    year=form.cleaned_data["year"],
                    title=form.cleaned_data["title"],
                    files=form.cleaned_data["files"],
                )
            except services.ReviewError as exc:
                messages.error(request, str(exc))
            else:
                _upload_messages(request, result)
                return redirect("review:batch", org.slug, result.batch.pk)
        else:
            messages.error(request, "上传未成功，请按提示修改。")
    page = Paginator(selectors.batch_list(organization=org), 20).get_page(request.GET.get("page"))
    context = staff_context(request, org, "review", subnav="batches", page=page, form=form, can_manage=can_manage)
    return render(request, "review/batch_list.html", context, status=400 if form.errors else 200)


@org_page("review.view")
def batch_detail(request, org, pk: int):
    """The batch's overall problem list: one row per report, filters, rules, unreadable files apart."""
    batch = _batch(org, pk)
    can_manage = user_can(request.user, "review.manage", org)
    add_form = AddFilesForm()
    if request.method == "POST":
        if not can_manage:
            messages.error(request, "您没有权限上传年报：需要本机关领导或系统管理员岗位。")
            return redirect("review:batch", org.slug, batch.pk)
        add_form = AddFilesForm(request.POST, request.FILES)
        if add_form.is_valid():
            try:
                result = services.batch_add_files(actor=request.user, batch=batch, files=add_form.cleaned_data["files"])
            except services.ReviewError as exc:
                messages.error(request, str(exc))
            else:
                _upload_messages(request, result)
                return redirect("review:batch", org.slug, batch.pk)
        else:
            messages.error(request, "补充上传未成功，请按提示修改。")
    filters = {
        "q": request.GET.get("q", "")[:100],
        "severity": request.GET.get("severity", ""),
        "rule": request.GET.get("rule", "")[:100],
        "match": request.GET.get("match", ""),
        "status": request.GET.get("status", ""),
    }
    hide_failed = request.GET.get("hide_failed") == "1"
    parents = selectors.parent_organizations(organization=org)
    under = parents.filter(slug=request.GET.get("under", "")[:60]).first() if request.GET.get("under") else None
    rows = selectors.batch_report_list(batch=batch, under=under, **filters)
    parsed = rows.filter(status=ReadStatus.PARSED)
    unreadable = rows.filter(status=ReadStatus.UNREADABLE) if not hide_failed else rows.none()
    pending = batch.reports.filter(status__in=reading.PENDING).order_by("id")
    page = Paginator(parsed, 50).get_page(request.GET.get("page"))
    all_rows = batch.reports.all()
    stats = {
        "files": all_rows.count(),
        "parsed": all_rows.filter(status=ReadStatus.PARSED).count(),
        "unreadable": all_rows.filter(status=ReadStatus.UNREADABLE).count(),
        "with_errors": all_rows.filter(error_count__gt=0).count(),
        "unmatched": all_rows.filter(status=ReadStatus.PARSED, matched_organization__isnull=True).count(),
        "clean": all_rows.filter(status=ReadStatus.PARSED, error_count=0, warning_count=0).count(),
    }
    context = staff_context(
        request,
        org,
        "review",
        subnav="batches",
        batch=batch,
        page=page,
        unreadable=unreadable,
        rules=selectors.rule_summary(batch=batch),
        filters=filters,
        hide_failed=hide_failed,
        filtered=any(filters.values()) or hide_failed or under is not None,
        parents=parents,
        under=under,
        stats=stats,
        progress=reading.batch_progress(batch),
        pending=pending,
        add_form=add_form,
        can_manage=can_manage,
        severities=[("error", "有错误"), ("warning", "有警告"), ("info", "有提示"), ("clean", "无错误和警告")],
    )
    return render(request, "review/batch_detail.html", context, status=400 if add_form.errors else 200)


@require_POST
@org_page("review.manage")
def report_reread(request, org, pk: int, rid: int):
    """Queue one file to be read again (重新读取)."""
    batch = _batch(org, pk)
    row = _row(batch, rid)
    try:
        services.report_reread(actor=request.user, checked=row)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已将“{row.original_name}”重新排入读取队列，稍后刷新即可看到结果。")
    return redirect("review:batch", org.slug, batch.pk)


@require_POST
@org_page("review.manage")
def batch_delete(request, org, pk: int):
    """Delete a batch with its files and results."""
    batch = _batch(org, pk)
    services.batch_delete(actor=request.user, batch=batch)
    messages.success(request, f"已删除检查批次“{batch}”。")
    return redirect("review:batches", org.slug)


@org_page("review.view")
def batch_export(request, org, pk: int):
    """The batch's results as a workbook: reports, findings (with cell names in Chinese), unreadable files."""
    from io import BytesIO

    from openpyxl import Workbook

    batch = _batch(org, pk)
    book = Workbook()
    sheet = book.active
    sheet.title = "报告"
    sheet.append(["文件", "报告中的机关", "对应机关", "年度", "格式", "错误", "警告", "提示"])
    detail = book.create_sheet("发现")
    detail.append(["文件", "机关", "年度", "级别", "规则", "说明", "单元格", "单元格（中文）", "复核结论", "复核说明"])
    bad = book.create_sheet("无法读取")
    bad.append(["文件", "原因"])
    reviews = {(r.report_id, r.fingerprint): r for r in FindingReview.objects.filter(report__batch=batch)}
    for row in batch.reports.select_related("matched_organization").order_by("id"):
        if row.status == ReadStatus.UNREADABLE:
            bad.append([row.original_name, row.parse_error])
            continue
        matched = row.matched_organization.name if row.matched_organization else ""
        sheet.append(
            [
                row.original_name,
                row.detected_organization,
                matched,
                row.detected_year,
                row.report_format,
                row.error_count,
                row.warning_count,
                row.info_count,
            ]
        )
        for f in row.findings:
            detail.append(
                [
                    row.original_name,
                    row.organization_name,
                    row.detected_year,
                    SEVERITY_LABELS.get(f["severity"], f["severity"]),
                    f["rule"],
                    f["message"],
                    ", ".join(f["cells"])[:32000],
                    "；".join(cell_label(row.report_format, c) for c in f["cells"])[:32000],
                    *_review_columns(reviews.get((row.pk, finding_fingerprint(f)))),
                ]
            )
    buffer = BytesIO()
    book.save(buffer)
    return _attachment(
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{org.name}{batch.year}年度年报检查结果.xlsx",
    )


def _review_columns(review: FindingReview | None) -> list[str]:
    return [review.get_decision_display(), review.comment] if review is not None else ["", ""]


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ------------------------------------------------------------------ one report


def _numbered_findings(row: CheckedReport) -> list[dict]:
    reviews = {r.fingerprint: r for r in FindingReview.objects.filter(report=row).select_related("decided_by")}
    out = []
    for number, f in enumerate(row.findings, start=1):
        fingerprint = finding_fingerprint(f)
        out.append(
            {
                **f,
                "number": number,
                "fingerprint": fingerprint,
                "review": reviews.get(fingerprint),
                "severity_label": SEVERITY_LABELS.get(f["severity"], f["severity"]),
                "description": selectors.rule_description(f["rule"]),
                "cell_labels": [{"ref": c, "label": cell_label(row.report_format, c)} for c in f["cells"]],
            }
        )
    return out


@org_page("review.view")
def report_detail(request, org, pk: int, rid: int):
    """One report: what was found (with the cells named in Chinese), the report with those cells marked,
    and the form to fix which organization it belongs to."""
    batch = _batch(org, pk)
    row = _row(batch, rid)
    can_manage = user_can(request.user, "review.manage", org)
    form = MatchForm(scope=org, initial={"organization": row.matched_organization_id})
    if request.method == "POST":
        if not can_manage:
            messages.error(request, "您没有权限修改对应机关：需要本机关领导或系统管理员岗位。")
            return redirect("review:report", org.slug, batch.pk, row.pk)
        form = MatchForm(request.POST, scope=org)
        if form.is_valid():
            try:
                services.report_match(actor=request.user, checked=row, organization=form.cleaned_data["organization"])
            except services.ReviewError as exc:
                messages.error(request, str(exc))
            else:
                chosen = form.cleaned_data["organization"]
                messages.success(request, f"已指定对应机关：{chosen.name}。" if chosen else "已取消对应机关。")
                return redirect("review:report", org.slug, batch.pk, row.pk)
        else:
            messages.error(request, "未能指定对应机关，请按提示修改。")
    context = staff_context(
        request,
        org,
        "review",
        subnav="batches",
        batch=batch,
        row=row,
        findings=_numbered_findings(row) if row.is_parsed else [],
        form=form,
        can_manage=can_manage,
        others=selectors.body_reports(row=row) if row.is_parsed else [],
    )
    return render(request, "review/report_detail.html", context, status=400 if form.errors else 200)


@require_POST
@org_page("review.manage")
def finding_decide(request, org, pk: int, rid: int):
    """Record the supervisor's decision on one finding (确认是问题 / 不是问题 with a reason / 撤销)."""
    batch = _batch(org, pk)
    row = _row(batch, rid)
    anchor = ""
    try:
        services.finding_decide(
            actor=request.user,
            checked=row,
            fingerprint=request.POST.get("fingerprint", "")[:16],
            decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", "")[:1000],
        )
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存复核结论。")
        number = _int(request.POST.get("number"))
        anchor = f"#finding-{number}" if number else ""
    return redirect(reverse("review:report", args=[org.slug, batch.pk, row.pk]) + anchor)


_HIGHLIGHT_CSS = """
td.gk-flag { outline: 2px solid #a4161a; outline-offset: -2px; background: #fde8e8; }
td.gk-flag.gk-warning { outline-color: #8a5300; background: #fff4d6; }
td.gk-flag.gk-info { outline-color: #0b4f9c; background: #e8f0fb; }
td.gk-flag:empty::after, td.gk-flag .gk-empty { color: #a4161a; }
sup.gk-ref { font-size: .65em; color: #a4161a; font-weight: 700; margin-left: .1em; word-break: break-all; }
.gk-empty { font-size: .8em; }
h2.gk-flag { background: #fde8e8; }
"""


def highlighted_html(row: CheckedReport) -> str:
    """The report rendered by the core HTML renderer, with every cell (``data-cell``) and section heading a
    finding names marked: a colour, and the finding numbers as text (not colour alone)."""
    from gongkai.core.render.html import render_text

    by_cell: dict[str, list[tuple[int, str]]] = {}
    for number, f in enumerate(row.findings, start=1):
        for ref in f["cells"]:
            by_cell.setdefault(ref, []).append((number, f["severity"]))
    html = render_text(row.report)
    order = ("error", "warning", "info")

    def mark(ref: str, inner: str, opening: str, closing: str) -> str:
        items = by_cell[ref]
        worst = min((s for _, s in items), key=order.index)
        numbers = ",".join(str(n) for n, _ in items)
        label = f"问题 {numbers}"
        empty = "" if inner.strip() else '<span class="gk-empty">空</span>'
        return (
            f'{opening} class="gk-flag gk-{worst}" title="{escape(label)}">{inner}{empty}'
            f'<sup class="gk-ref">{escape(numbers)}</sup>{closing}'
        )

    def cell(match: re.Match) -> str:
        ref = match.group(2)
        if ref not in by_cell:
            return match.group(0)
        return mark(ref, match.group(4), match.group(1), "</td>")

    html = re.sub(r'(<td data-cell="([^"]*)"([^>]*))>(.*?)</td>', cell, html)

    def heading(match: re.Match) -> str:
        ref = f"section.{match.group(2)}"
        if ref not in by_cell:
            return match.group(0)
        return mark(ref, match.group(3), match.group(1), "</h2>")

    html = re.sub(r'(<h2 id="section-(\d)")>(.*?)</h2>', heading, html)
    return html.replace("</style>", _HIGHLIGHT_CSS + "</style>", 1)


# A generated document (its own <style>) shown in a same-origin preview frame: this view's policy lets the
# platform frame it and allows the document's inline style; scripts stay forbidden.
@csp_replace({"frame-ancestors": [SELF], "style-src": [SELF, UNSAFE_INLINE]})
@xframe_options_sameorigin
@org_page("review.view")
def report_preview(request, org, pk: int, rid: int):
    """The report as an HTML page with the cells that have findings marked (shown in the report page)."""
    row = _row(_batch(org, pk), rid)
    if not row.is_parsed:
        raise Http404("这份文件没有读出年报。")
    return HttpResponse(highlighted_html(row), content_type="text/html; charset=utf-8")


@org_page("review.view")
def report_file(request, org, pk: int, rid: int):
    """The file as uploaded."""
    row = _row(_batch(org, pk), rid)
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=row.original_name)


@org_page("review.view")
def report_compare(request, org, pk: int, rid: int):
    """Compare the report with another year's report of the same body (default: the one used for the
    carry-over check, else the latest other one)."""
    batch = _batch(org, pk)
    row = _row(batch, rid)
    if not row.is_parsed:
        messages.error(request, "这份文件没有读出年报，无法比较。")
        return redirect("review:report", org.slug, batch.pk, row.pk)
    others = selectors.body_reports(row=row)
    other_id = _int(request.GET.get("with"))
    other = None
    old_report = None
    if other_id is not None:
        other = next((o for o in others if o.pk == other_id), None)
        if other is None:
            messages.error(request, "所选报告不是同一机关的报告，无法比较。")
    elif row.previous_id:
        other = next((o for o in others if o.pk == row.previous_id), None)
    elif others:
        other = others[0]
    if other is not None:
        old_report = other.report
        other_label = f"{other.detected_year or '未识别'} 年度（{other.original_name}）"
    elif row.previous_annual_id and other_id is None:
        old_report = row.previous_annual.report
        other_label = f"{row.previous_annual.year} 年度（平台生成并发布的年报）"
    else:
        other_label = ""
    diff = None
    if old_report is not None:
        old, new = old_report, row.report
        if old.year and new.year and old.year > new.year:
            old, new = new, old
        diff = diff_reports(old, new)
    context = staff_context(
        request,
        org,
        "review",
        subnav="batches",
        batch=batch,
        row=row,
        others=others,
        other=other,
        other_label=other_label,
        diff=diff,
        identical=[cell_label(row.report_format, ref) for ref in (diff.identical_sections if diff else [])],
        carry_over=[
            {**f.to_dict(), "cell_labels": [cell_label(row.report_format, c) for c in f.cells]}
            for f in (diff.carry_over if diff else [])
        ],
    )
    return render(request, "review/compare.html", context)


# ------------------------------------------------------------------ coverage and totals


def _coverage_query(request, org) -> dict:
    """The coverage page's parameters, read leniently (a bad year falls back to the default, with a message)."""
    year = _int(request.GET.get("year"))
    this_year = timezone.localdate().year
    if year is None or not services.FIRST_YEAR <= year <= this_year:
        if request.GET.get("year"):
            messages.error(request, f"年度应在 {services.FIRST_YEAR} 年至 {this_year} 年之间，已显示默认年度。")
        latest = CheckBatch.objects.filter(organization=org).order_by("-year").values_list("year", flat=True).first()
        year = latest or this_year - 1
    parents = selectors.parent_organizations(organization=org)
    under_slug = request.GET.get("under", "")[:60]
    query = {
        "year": year,
        "kind": request.GET.get("kind", ""),
        "q": request.GET.get("q", "")[:100],
        "under": parents.filter(slug=under_slug).first() if under_slug else None,
    }
    rows = selectors.coverage(organization=org, **query)
    return {**query, "rows": rows, "parents": parents, "only_missing": request.GET.get("missing") == "1"}


@org_page("review.view")
def coverage(request, org):
    """Which townships, subdistricts and departments of the scope have a report of the year, and which do not."""
    query = _coverage_query(request, org)
    rows = query.pop("rows")
    missing = [r for r in rows if not r.covered]
    context = staff_context(
        request,
        org,
        "review",
        subnav="coverage",
        rows=missing if query["only_missing"] else rows,
        total=len(rows),
        missing_count=len(missing),
        submitted_count=len(rows) - len(missing),
        kinds=[(k.value, k.label) for k in selectors.COVERAGE_KINDS],
        export_query=request.GET.urlencode(),
        **query,
    )
    return render(request, "review/coverage.html", context)


@org_page("review.view")
def coverage_export(request, org):
    """The coverage list as a workbook (未提交 first), to send reminders from."""
    from io import BytesIO

    from openpyxl import Workbook

    query = _coverage_query(request, org)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{query['year']}年度提交情况"
    sheet.append(["机关", "类型", "上级机关", "提交情况", "已上传的文件", "本平台发布"])
    for r in query["rows"]:
        if query["only_missing"] and r.covered:
            continue
        sheet.append(
            [
                r.organization.name,
                r.organization.get_kind_display(),
                r.organization.parent.name if r.organization.parent else "",
                "已提交" if r.covered else "未提交",
                "、".join(c.original_name for c in r.checked),
                r.annual.published_at.strftime("%Y-%m-%d") if r.annual and r.annual.published_at else "",
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    return _attachment(
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{org.name}{query['year']}年度年报提交情况.xlsx",
    )


def _kinds(request) -> tuple[str, list[str] | None]:
    key = request.GET.get("kind", "")
    if key not in KIND_FILTERS:
        key = ""
    return key, KIND_FILTERS[key][1]


@org_page("review.view")
def batch_total(request, org, pk: int):
    """The batch's reports of its year added up per template version (县级汇总), with downloads."""
    batch = _batch(org, pk)
    kind_key, kinds = _kinds(request)
    groups, excluded = selectors.batch_totals(batch=batch, kinds=kinds)
    for group in groups:
        if group.result is not None:
            group.findings = [
                {
                    **f.to_dict(),
                    "severity_label": SEVERITY_LABELS[f.severity],
                    "cell_labels": [cell_label(group.format, c) for c in f.cells[:20]],
                    "more": max(0, len(f.cells) - 20),
                }
                for f in group.result.findings
            ]
    context = staff_context(
        request,
        org,
        "review",
        subnav="batches",
        batch=batch,
        groups=groups,
        excluded=excluded,
        kind_key=kind_key,
        kind_filters=[(k, v[0]) for k, v in KIND_FILTERS.items()],
        downloads=TOTAL_DOWNLOADS,
    )
    return render(request, "review/total.html", context)


# A generated document (its own <style>) shown in a same-origin preview frame: this view's policy lets the
# platform frame it and allows the document's inline style; scripts stay forbidden.
@csp_replace({"frame-ancestors": [SELF], "style-src": [SELF, UNSAFE_INLINE]})
@xframe_options_sameorigin
@org_page("review.view")
def total_download(request, org, pk: int, key: str, to: str):
    """One total as XLSX, DOCX, PDF, HTML (shown inline) or JSON."""
    batch = _batch(org, pk)
    if to not in TOTAL_DOWNLOADS:
        raise Http404("不支持的格式。")
    _, kinds = _kinds(request)
    groups, _ = selectors.batch_totals(batch=batch, kinds=kinds)
    group = next((g for g in groups if g.key == key and g.result is not None), None)
    if group is None:
        raise Http404("没有这个合计。")
    filename = total_filename(org.name, group, to)
    if to in BACKGROUND_FORMATS:  # about a second of rendering: on the queue, with a page that waits for it
        from .tasks import render_total

        result = render_total.enqueue(
            org_id=org.pk, user_id=request.user.pk, batch_id=batch.pk, key=key, kinds=kinds, to=to
        )
        return redirect(reverse("review:total_export", args=[org.slug, batch.pk, result.id]))
    if to == "json":
        from gongkai.core import dumps_json

        data = (dumps_json(group.result.to_dict()) + "\n").encode("utf-8")
        return _attachment(data, "application/json; charset=utf-8", filename)
    from gongkai.core.render import get_renderer

    renderer = get_renderer(to)
    try:
        data = renderer(group.result.report)
    except GongkaiError as exc:
        messages.error(request, f"导出失败：{exc}")
        return redirect(reverse("review:total", args=[org.slug, batch.pk]))
    if to == "html" and not request.GET.get("download"):
        return HttpResponse(data, content_type=renderer.media_type)
    return _attachment(data, renderer.media_type, filename)


def _export_result(request, org, batch: CheckBatch, task_id: str):
    """The render task *task_id* if it is this user's export of this batch, else 404."""
    from django_tasks.exceptions import TaskResultDoesNotExist

    from .tasks import render_total

    try:
        result = render_total.get_result(task_id)
    except (TaskResultDoesNotExist, ValueError, TypeError):
        raise Http404("没有这个导出任务。") from None
    kwargs = result.kwargs
    if kwargs.get("org_id") != org.pk or kwargs.get("batch_id") != batch.pk or kwargs.get("user_id") != request.user.pk:
        raise Http404("没有这个导出任务。")
    return result


@org_page("review.view")
def total_export(request, org, pk: int, task_id: str):
    """Waiting for a total rendered in the background: queued / running / done (then the file) / failed."""
    from gongkai.web.exports import STATUS_LABELS

    batch = _batch(org, pk)
    result = _export_result(request, org, batch, task_id)
    status = str(result.status)
    context = staff_context(
        request,
        org,
        "review",
        subnav="batches",
        batch=batch,
        task_id=task_id,
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        waiting=status in ("READY", "RUNNING"),
        filename=result.return_value["filename"] if status == "SUCCESSFUL" else "",
        format_label=TOTAL_DOWNLOADS.get(result.kwargs.get("to"), ""),
    )
    return render(request, "review/total_export.html", context)


@org_page("review.view")
def total_export_file(request, org, pk: int, task_id: str):
    """The file a finished render task stored."""
    from django.core.files.storage import default_storage

    batch = _batch(org, pk)
    result = _export_result(request, org, batch, task_id)
    if str(result.status) != "SUCCESSFUL":
        return redirect(reverse("review:total_export", args=[org.slug, batch.pk, task_id]))
    stored = result.return_value
    try:
        handle = default_storage.open(stored["name"], "rb")
    except (FileNotFoundError, OSError):
        messages.error(request, "导出的文件已过期删除，请重新导出。")
        return redirect(reverse("review:total", args=[org.slug, batch.pk]))
    return FileResponse(handle, as_attachment=True, filename=stored["filename"], content_type=stored["media_type"])
