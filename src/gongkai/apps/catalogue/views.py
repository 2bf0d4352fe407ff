"""Staff pages of the standard catalogue and the freshness watch. Views parse input and call services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.decorators import add_errors, error_messages, org_page, staff_context

from . import report as report_files
from . import services, xlsx
from .forms import EntryForm, ImportForm, initial_for
from .models import Entry
from .selectors import entries_by_area
from .watch import county_report, watch_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _entry(org, pk: int) -> Entry:
    entry = Entry.objects.filter(pk=pk, organization=org).select_related("owner").first()
    if entry is None:
        raise Http404("没有找到该事项。")
    return entry


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@org_page("catalogue.view")
def entry_list(request, org):
    """The body's standard catalogue, area by area, with owners and the computed time-limit rules."""
    groups = entries_by_area(org)
    return render(
        request,
        "catalogue/entry_list.html",
        staff_context(
            request,
            org,
            "standard",
            groups=groups,
            total=sum(len(v) for v in groups.values()),
            flagged=sum(e.rule_flagged for v in groups.values() for e in v),
            can_manage=user_can(request.user, "catalogue.manage", org),
        ),
    )


def _form_page(request, org, form, title):
    return render(
        request,
        "catalogue/entry_form.html",
        staff_context(
            request, org, "standard", form=form, title=title, cancel_url=reverse("catalogue:entry_list", args=[org.slug])
        ),
    )


@org_page("catalogue.manage")
def entry_create(request, org):
    form = EntryForm(request.POST or None, organization=org, initial={"audience_public": True, "mode_proactive": True,
                                                                      "level_township": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_create(actor=request.user, organization=org, **form.service_fields())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已添加事项。")
            return redirect("catalogue:entry_list", org.slug)
    return _form_page(request, org, form, "添加标准目录事项")


@org_page("catalogue.manage")
def entry_edit(request, org, pk: int):
    entry = _entry(org, pk)
    form = EntryForm(request.POST or None, organization=org, initial=initial_for(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(actor=request.user, entry=entry, **form.service_fields())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已保存“{entry}”。")
            return redirect("catalogue:entry_list", org.slug)
    return _form_page(request, org, form, f"修改事项：{entry}")


@require_POST
@org_page("catalogue.manage")
def entry_delete(request, org, pk: int):
    entry = _entry(org, pk)
    services.entry_delete(actor=request.user, entry=entry)
    messages.success(request, f"已删除“{entry}”。")
    return redirect("catalogue:entry_list", org.slug)


@org_page("catalogue.manage")
def entry_import(request, org):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.entries_import(
                actor=request.user, organization=org, data=upload.read(), filename=upload.name
            )
        except ValidationError as exc:
            problems = error_messages(exc)
        else:
            messages.success(request, result.message)
            return redirect("catalogue:entry_list", org.slug)
    return render(
        request,
        "catalogue/import.html",
        staff_context(request, org, "standard", form=form, problems=problems),
    )


@org_page("catalogue.view")
def entry_export(request, org):
    data = xlsx.write_workbook(entries_by_area(org), node_label=services.node_labeller(org))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{org.name}基层政务公开标准目录.xlsx")
    return response


@require_POST
@org_page("catalogue.manage")
def seed(request, org):
    columns, entries = services.catalogue_seed_body(actor=request.user, organization=org)
    messages.success(request, f"已补充栏目 {columns} 个、标准目录事项 {entries} 条。")
    return redirect("catalogue:entry_list", org.slug)


def _today(request) -> dt.date:
    return timezone.localdate()


@org_page("catalogue.view")
def watch(request, org):
    """更新督查: overdue and due-soon entries and items, columns against the 检查指标, the 单项否决 risk."""
    report = watch_report(org, today=_today(request))
    has_children = org.children.filter(is_active=True).exclude(kind="village").exists()
    return render(
        request,
        "catalogue/watch.html",
        staff_context(request, org, "watch", report=report, has_children=has_children),
    )


@org_page("catalogue.view")
def watch_county(request, org):
    """The watch over the bodies below a county (its townships, 街道 and departments)."""
    county = county_report(org, today=_today(request))
    return render(request, "catalogue/watch_county.html", staff_context(request, org, "watch", county=county))


@org_page("catalogue.view")
def watch_report_file(request, org, fmt: str):
    """The 自查 report as XLSX or PDF."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404("不支持该格式。")
    report = watch_report(org, today=_today(request), with_urls=False)
    try:
        data = report_files.to_xlsx(report) if fmt == "xlsx" else report_files.to_pdf(report)
    except report_files.ReportUnavailable as exc:
        add_errors(request, ValidationError(str(exc)))
        return redirect("catalogue:watch", org.slug)
    response = HttpResponse(data, content_type=XLSX if fmt == "xlsx" else "application/pdf")
    name = f"{org.name}政务公开自查报告{report.today:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
