"""Staff pages of the 第二十条 registers: an overview with table 2, and one list/entry page per register."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.decorators import add_errors, org_page, staff_context

from .forms import FORMS
from .selectors import table2_for
from .services import REGISTERS, register_entry_create, register_entry_delete, register_entry_update

TITLES = {
    "documents": "规章和规范性文件",
    "matters": "事项清单（许可、服务、处罚、强制、收费）",
    "decisions": "处理决定",
    "fees": "行政事业性收费金额",
    "procurement": "政府集中采购项目",
}

#: Columns shown in the lists: (field, label).
COLUMNS = {
    "documents": [
        ("get_kind_display", "类别"),
        ("title", "名称"),
        ("document_number", "文号"),
        ("made_on", "制发日期"),
        ("published_on", "公开日期"),
        ("repealed_on", "废止日期"),
    ],
    "matters": [
        ("get_kind_display", "类别"),
        ("name", "事项名称"),
        ("listed_on", "列入日期"),
        ("delisted_on", "取消日期"),
    ],
    "decisions": [
        ("get_kind_display", "类别"),
        ("decided_on", "决定日期"),
        ("quantity", "数量"),
        ("document_number", "文书编号"),
        ("summary", "摘要"),
    ],
    "fees": [("received_on", "收费日期"), ("amount", "金额（元）"), ("matter", "收费事项"), ("note", "备注")],
    "procurement": [
        ("name", "项目名称"),
        ("procured_on", "采购日期"),
        ("amount", "采购金额（元）"),
        ("supplier", "供应商"),
    ],
}

ROW_LABELS = {
    "regulations": "规章",
    "normative_documents": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
COLUMN_LABELS = {
    "new_made": "本年新制作数量",
    "new_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "previous_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "projects": "采购项目数量",
    "amount": "金额（万元）",
    "made": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 1990 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year - 1


def _kind(kind: str):
    if kind not in REGISTERS:
        raise Http404("没有这个登记簿。")
    return REGISTERS[kind]


@org_page("registers.view")
def index(request, org):
    """Overview: table 2 as the registers fill it for a year and format."""
    year = _year(request)
    fmt = request.GET.get("format") or ("2019" if year <= 2020 else "2021")
    if fmt not in ("2019", "2021"):
        fmt = "2021"
    table = table2_for(org, year, fmt)
    rows = [
        {
            "label": ROW_LABELS[key] if not (fmt == "2021" and key == "normative_documents") else "行政规范性文件",
            "cells": [(COLUMN_LABELS[c], v) for c, v in cells.items()],
        }
        for key, cells in table.items()
    ]
    registers = [
        {"kind": k, "title": TITLES[k], "count": m.objects.filter(organization=org).count()}
        for k, m in REGISTERS.items()
    ]
    return render(
        request,
        "registers/index.html",
        staff_context(request, org, "registers", rows=rows, year=year, format=fmt, registers=registers),
    )


@org_page("registers.view")
def register_list(request, org, kind: str):
    """One register: its entries, and an entry form for those who may edit."""
    model = _kind(kind)
    can_edit = user_can(request.user, "registers.edit", org)
    form_class = FORMS[kind]
    form = form_class(organization=org) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            from gongkai.apps.staff.decorators import forbidden

            return forbidden(request, "您没有权限登记第二十条事项。")
        form = form_class(request.POST, organization=org)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form._meta.fields}
            try:
                register_entry_create(actor=request.user, organization=org, model=model, **data)
            except ValidationError as exc:
                add_errors(request, exc)
            else:
                messages.success(request, "已登记。")
                return redirect("registers:register_list", org.slug, kind)
    qs = model.objects.filter(organization=org)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    columns = COLUMNS[kind]
    rows = [{"pk": e.pk, "cells": [_cell(e, name) for name, _ in columns]} for e in page.object_list]
    return render(
        request,
        "registers/register_list.html",
        staff_context(
            request,
            org,
            "registers",
            kind=kind,
            title=TITLES[kind],
            columns=[label for _, label in columns],
            rows=rows,
            page=page,
            form=form,
            can_edit=can_edit,
        ),
    )


def _cell(entry, name: str):
    value = getattr(entry, name)
    if callable(value):
        value = value()
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()  # YYYY-MM-DD, as on every other staff list
    return "" if value is None else value


@org_page("registers.edit")
def register_edit(request, org, kind: str, pk: int):
    model = _kind(kind)
    entry = model.objects.filter(pk=pk, organization=org).first()
    if entry is None:
        raise Http404("没有找到该记录。")
    form_class = FORMS[kind]
    form = form_class(request.POST or None, organization=org, instance=model.objects.get(pk=entry.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            register_entry_update(actor=request.user, entry=entry, **data)
        except ValidationError as exc:
            add_errors(request, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("registers:register_list", org.slug, kind)
    from django.urls import reverse

    return render(
        request,
        "staff/form.html",
        staff_context(
            request,
            org,
            "registers",
            form=form,
            title=f"修改：{TITLES[kind]}",
            cancel_url=reverse("registers:register_list", args=[org.slug, kind]),
        ),
    )


@require_POST
@org_page("registers.edit")
def register_delete(request, org, kind: str, pk: int):
    model = _kind(kind)
    entry = model.objects.filter(pk=pk, organization=org).first()
    if entry is None:
        messages.error(request, "该记录不存在或已删除。")
    else:
        register_entry_delete(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
        messages.success(request, "已删除。")
    return redirect("registers:register_list", org.slug, kind)
