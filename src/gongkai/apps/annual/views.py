"""Staff pages of annual reports: list and generate, edit texts, check, publish, withdraw, download."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from gongkai.apps.organizations.permissions import user_can
from gongkai.apps.staff.decorators import org_page, staff_context
from gongkai.core import GongkaiError

from . import services
from .forms import GenerateForm, SectionsForm, WithdrawForm
from .models import AnnualReport

DOWNLOADS = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "json": ("application/json; charset=utf-8", "json"),
}


def _get(org, year: int) -> AnnualReport:
    annual = AnnualReport.objects.filter(organization=org, year=year).first()
    if annual is None:
        raise Http404("该年度的年报尚未生成。")
    return annual


@org_page("reports.view")
def report_list(request, org):
    """The organization's annual reports by year, and the form to generate one."""
    form = GenerateForm(request.POST or None)
    if request.method == "POST":
        if not user_can(request.user, "reports.edit", org):
            messages.error(request, "只有经办人可以生成年报。")
        elif form.is_valid():
            try:
                annual = services.annual_report_generate(
                    actor=request.user,
                    organization=org,
                    year=form.cleaned_data["year"],
                    format=form.cleaned_data["format"] or None,
                )
            except services.AnnualReportError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已从记录生成 {annual.year} 年度报告。")
                return redirect("annual:detail", org.slug, annual.year)
    reports = AnnualReport.objects.filter(organization=org).order_by("-year")
    context = staff_context(
        request, org, "reports", reports=reports, form=form, can_edit=user_can(request.user, "reports.edit", org)
    )
    return render(request, "annual/list.html", context)


@org_page("reports.view")
def report_detail(request, org, year: int):
    """One report: its check results, texts, preview and the actions the user may take."""
    return _render_detail(request, org, _get(org, year))


def _render_detail(request, org, annual: AnnualReport, form: SectionsForm | None = None):
    """The detail page; *form* is the bound texts form when saving them failed (keeps what was typed)."""
    report = annual.report
    if form is None:
        form = SectionsForm(
            initial={
                "overview": report.sections["overview"] or "",
                "problems": report.sections["problems"] or "",
                "other": report.sections["other"] or "",
            }
        )
    context = staff_context(
        request,
        org,
        "reports",
        annual=annual,
        findings=annual.findings,
        form=form,
        withdraw_form=WithdrawForm(),
        can_edit=user_can(request.user, "reports.edit", org) and annual.status != "published",
        can_publish=user_can(request.user, "reports.publish", org),
        downloads=list(DOWNLOADS),
    )
    return render(request, "annual/detail.html", context)


@require_POST
@org_page("reports.edit")
def report_edit(request, org, year: int):
    """Save the texts of 一、五、六 and re-check."""
    annual = _get(org, year)
    form = SectionsForm(request.POST)
    if form.is_valid():
        try:
            services.annual_report_edit(actor=request.user, annual=annual, **form.cleaned_data)
        except services.AnnualReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已保存并重新检查。")
    else:
        messages.error(request, "输入有误，未保存。")
        return _render_detail(request, org, annual, form)
    return redirect("annual:detail", org.slug, year)


@require_POST
@org_page("reports.edit")
def report_regenerate(request, org, year: int):
    """Regenerate the tables and 一、总体情况 from the records (五、六 kept)."""
    annual = _get(org, year)
    try:
        services.annual_report_generate(actor=request.user, organization=org, year=year, format=annual.format)
    except services.AnnualReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已按最新记录重新生成。")
    return redirect("annual:detail", org.slug, year)


@require_POST
@org_page("reports.publish")
def report_publish(request, org, year: int):
    """Publish (签发) the report to the portal; refused while the check finds errors."""
    annual = _get(org, year)
    try:
        services.annual_report_publish(actor=request.user, annual=annual)
    except services.AnnualReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "年报已发布到门户网站的“政府信息公开年报”栏目。")
    return redirect("annual:detail", org.slug, year)


@require_POST
@org_page("reports.publish")
def report_withdraw(request, org, year: int):
    """Withdraw a published report, with a reason."""
    annual = _get(org, year)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤回理由。")
    else:
        try:
            services.annual_report_withdraw(actor=request.user, annual=annual, reason=form.cleaned_data["reason"])
        except services.AnnualReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "年报已撤回。")
    return redirect("annual:detail", org.slug, year)


# A generated document (its own <style>) shown in a same-origin preview frame: this view's policy lets the
# platform frame it and allows the document's inline style; scripts stay forbidden.
@csp_replace({"frame-ancestors": [SELF], "style-src": [SELF, UNSAFE_INLINE]})
@xframe_options_sameorigin
@org_page("reports.view")
def report_download(request, org, year: int, to: str):
    """The report as a file (or the HTML page inline for preview)."""
    if to not in DOWNLOADS:
        raise Http404("不支持的格式。")
    annual = _get(org, year)
    content_type, extension = DOWNLOADS[to]
    if to == "json":
        data = annual.content.encode("utf-8")
    else:
        from gongkai.core.render import render as render_report

        try:
            data = render_report(annual.report, to)
        except GongkaiError as exc:
            messages.error(request, f"导出失败：{exc}")
            return redirect("annual:detail", org.slug, year)
    response = HttpResponse(data, content_type=content_type)
    if to != "html" or request.GET.get("download"):
        filename = f"{org.name}{year}年政府信息公开工作年度报告.{extension}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
