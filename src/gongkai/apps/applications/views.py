"""Pages: the public form and status lookup (no login), and the staff work pages.

Views only parse input, call one service or selector and render; bad input becomes a Chinese
message on the page, never a 500.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from gongkai.apps.organizations import permissions as core_permissions
from gongkai.apps.organizations.models import Organization
from gongkai.web.views import too_many_requests

from . import actions, forms, letters, permissions, selectors, services, throttles, timeline
from .calendar import holiday_calendar
from .choices import Status
from .masking import mask_email, mask_middle, mask_name
from .models import PERSONAL_FIELDS, Application, LawsuitCase, ReviewCase

#: Error reports (Django's technical 500 page, mail to ADMINS) show these POST fields as stars.
_hide_personal_data = sensitive_post_parameters(*PERSONAL_FIELDS)


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# -- public --------------------------------------------------------------------------------------


@_hide_personal_data
def apply(request):
    """The online application form (第二十九条): fill in → check on a confirmation page → submit.

    The confirmation page carries a signed one-time token: submitting it again (a double click, a retry after
    a dropped connection) shows the same application and query code. Every POST counts against the address's
    form rate, every submission against its submission rate (429 page beyond); past a few submissions a day
    the confirmation page asks for the image captcha too.
    """
    if request.method != "POST":
        initial = {}
        slug = request.GET.get("org")
        if slug:
            org = Organization.objects.filter(slug=slug, is_active=True).first()
            if org:
                initial["organization"] = org.pk
        return render(request, "applications/apply.html", {"form": forms.PublicApplicationForm(initial=initial)})
    if throttles.limited(request, "apply.form", "GONGKAI_APPLY_FORM_RATE"):
        return too_many_requests(request)
    token = request.POST.get("submission_token", "")
    confirming = request.POST.get("step") == "confirm" and "edit" not in request.POST
    if confirming and services.submission_token_valid(token):
        existing, code = services.submission_replay(token)
        if existing is not None:
            return _done(request, existing, code, replayed=True)
    form = forms.PublicApplicationForm(request.POST)
    if not form.is_valid():
        return render(request, "applications/apply.html", {"form": form}, status=200)
    if "edit" in request.POST:
        return render(request, "applications/apply.html", {"form": form})
    if not confirming:
        return _confirm_page(request, form, services.submission_token_issue())
    if not services.submission_token_valid(token):
        return _confirm_page(
            request, form, services.submission_token_issue(), error="页面已过期，请核对信息后再次点击“确认提交”。"
        )
    if throttles.captcha_needed(request):
        captcha = forms.CaptchaForm(request.POST)
        if not captcha.is_valid():
            return _confirm_page(request, form, token, captcha=captcha)
    if throttles.limited(request, "apply.submit", "GONGKAI_APPLY_RATE"):
        return too_many_requests(request)
    data = dict(form.cleaned_data)
    organization = data.pop("organization")
    try:
        application, code, replayed = services.application_submit_once(token=token, organization=organization, **data)
    except ValidationError as exc:
        form.add_error(None, _errors(exc))
        return render(request, "applications/apply.html", {"form": form})
    if not replayed:
        throttles.count_submission(request)
    return _done(request, application, code, replayed=replayed)


def _confirm_page(request, form, token: str, *, error: str = "", captcha=None):
    if captcha is None and throttles.captcha_needed(request):
        captcha = forms.CaptchaForm()
    context = {"form": form, "rows": _summary_rows(form), "token": token, "error": error, "captcha": captcha}
    response = render(request, "applications/apply_confirm.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _done(request, application: Application, code: str, *, replayed: bool):
    """Tracking number and query code, in the response to the submission itself (no redirect: a retry of the
    same POST shows them again, and they never travel in a URL)."""
    context = {"number": application.tracking_number, "code": code, "replayed": replayed, "application": application}
    response = render(request, "applications/apply_done.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _summary_rows(form) -> list[tuple[str, str]]:
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        rows.append((field.label, str(value) if value not in (None, "") else "—"))
    return rows


def apply_done(request):
    """The old address of the done page: the code is shown in the submission's own response now."""
    return redirect("applications:status")


def status(request):
    """Status lookup with tracking number and query code, no login.

    Only a POST is looked up, so the query code stays out of the address bar, browser history and server logs
    (a GET may fill in the tracking number, never the code). Lookups count against the address's rate, and
    repeated wrong codes lock the tracking number for a while (services.application_lookup).
    """
    application = None
    error = ""
    if request.method == "POST":
        if throttles.limited(request, "status", "GONGKAI_STATUS_RATE"):
            return too_many_requests(request)
        form = forms.StatusLookupForm(request.POST)
        if form.is_valid():
            result = services.application_lookup(
                tracking_number=form.cleaned_data["tracking_number"], query_code=form.cleaned_data["query_code"]
            )
            if result.locked_until is not None:
                until = timezone.localtime(result.locked_until).strftime("%H:%M")
                error = f"该申请编号的查询码连续输错次数过多，已暂停查询，请于 {until} 后再试。"
            elif result.application is None:
                error = "申请编号或查询码不正确，请核对后重新输入。"
            else:
                application = result.application
        else:
            error = "请输入申请编号和查询码。"
    else:
        number = request.GET.get("tracking_number", "")[:20]
        form = forms.StatusLookupForm(initial={"tracking_number": number} if number else None)
    response = render(
        request,
        "applications/status.html",
        {
            "form": form,
            "application": application,
            "error": error,
            # The applicant's own timeline: no staff names, notes or other people's data.
            "timeline": timeline.application_timeline(application, public=True) if application else [],
            "final_state": timeline.application_final_state(application) if application else None,
        },
        status=200,
    )
    response["Cache-Control"] = "no-store"
    return response


# -- staff ---------------------------------------------------------------------------------------


def _staff_application(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("organization", "handler"), pk=pk)
    if not core_permissions.user_can(request.user, permissions.VIEW, application):
        raise PermissionDenied("您没有权限查看该申请。")
    return application


@login_required
def staff_list(request):
    """Work list: all, due soon or overdue, per organization and handler, with days waiting."""
    today = timezone.localdate()
    qs = selectors.application_list_for_user(user=request.user)
    view = request.GET.get("view", "open")
    if view == "overdue":
        items = selectors.applications_overdue(today=today, queryset=qs)
    elif view == "due_soon":
        items = selectors.applications_due_soon(today=today, queryset=qs)
    elif view == "approval":
        items = qs.filter(status=Status.AWAITING_APPROVAL).order_by("due_on", "-submitted_at")
    elif view == "all":
        items = qs.order_by("-submitted_at")
    else:
        view = "open"
        items = qs.exclude(status=Status.CLOSED).order_by("due_on", "-submitted_at")
    if request.GET.get("handler") == "me":
        items = items.filter(handler=request.user)
    org = request.GET.get("org", "")
    if org.isdigit():
        items = items.filter(organization_id=int(org))
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    calendar = holiday_calendar()
    rows = [
        {
            "app": app,
            "name": app.applicant_name
            if permissions.can_see_identity(request.user, app)
            else mask_name(app.applicant_name),
            "waiting": selectors.days_waiting(app, today, calendar),
            "overdue": bool(app.due_on and app.due_on < today and app.status != Status.CLOSED),
        }
        for app in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "view": view,
        "workload": selectors.workload_summary(queryset=qs, today=today),
        "can_register": core_permissions.user_can(request.user, permissions.REGISTER),
    }
    return render(request, "applications/staff_list.html", context)


@login_required
def staff_org(request, slug: str):
    """The work list of one organization (the entry of the staff navigation)."""
    organization = get_object_or_404(Organization, slug=slug)
    return redirect(f"{reverse('applications:staff_list')}?org={organization.pk}")


@_hide_personal_data
@login_required
def staff_register(request):
    """Register a counter, mail, fax or e-mail application."""
    orgs = core_permissions.organizations_for_user(request.user, permissions.REGISTER)
    if not orgs.exists():
        raise PermissionDenied("您没有登记申请的权限。")
    form = forms.RegisterForm(request.POST or None)
    org_id = request.POST.get("organization") if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        organization = orgs.filter(pk=org_id).first() if org_id and org_id.isdigit() else None
        if organization is None:
            form.add_error(None, "请选择受理机关。")
        else:
            data = dict(form.cleaned_data)
            try:
                application, code = services.application_register(actor=request.user, organization=organization, **data)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(
                    request,
                    f"已登记，申请编号 {application.tracking_number}，查询码 {code}（请告知申请人，仅显示一次）。",
                )
                return redirect("applications:staff_detail", pk=application.pk)
    return render(request, "applications/staff_register.html", {"form": form, "organizations": orgs})


@_hide_personal_data
@require_POST
@login_required
def staff_search(request):
    """Applications of one applicant, by ID number (POST, so the number stays out of URLs and logs)."""
    number = request.POST.get("id_number", "").strip()[:50]
    items = selectors.applications_of_applicant(user=request.user, id_number=number)[:200] if number else []
    return render(
        request,
        "applications/staff_search.html",
        {"rows": [{"app": app, "name": app.applicant_name} for app in items], "searched": bool(number)},
    )


@login_required
def staff_detail(request, pk: int):
    """Case page: the application, its deadline explained day by day, its events and the actions."""
    return _render_detail(request, _staff_application(request, pk))


#: Action name → the key and class of its form on the case page (restored with the input after an error).
def _render_detail(request, application: Application, bound: dict | None = None):
    see = permissions.can_see_identity(request.user, application)
    identity = {
        "name": application.applicant_name if see else mask_name(application.applicant_name),
        "id_number": application.id_number if see else mask_middle(application.id_number),
        "phone": application.phone if see else mask_middle(application.phone, 3, 2),
        "email": application.email if see else mask_email(application.email),
        "address": application.address if see else ("（已隐藏）" if application.address else ""),
    }
    user_model = get_user_model()
    handlers = [
        u
        for u in user_model.objects.filter(memberships__organization=application.organization).distinct()
        if core_permissions.user_can(u, permissions.HANDLE, application.organization)
    ]
    others = (
        selectors.applications_of_applicant(user=request.user, id_number=application.id_number).exclude(
            pk=application.pk
        )[:20]
        if see
        else []
    )
    context = {
        "application": application,
        "identity": identity,
        "other_applications": others,
        "can_see_identity": see,
        "events": application.events.all(),
        "timeline": timeline.application_timeline(application),
        "final_state": timeline.application_final_state(application),
        "explanation": application.deadline_explanation or {},
        "can_handle": core_permissions.user_can(request.user, permissions.HANDLE, application),
        "can_register": core_permissions.user_can(request.user, permissions.REGISTER, application),
        "can_approve": core_permissions.user_can(request.user, permissions.APPROVE, application),
        # The approval step is offered to a 领导 who neither proposed the reply nor handles the case.
        "can_approve_reply": application.status == Status.AWAITING_APPROVAL
        and core_permissions.user_can(request.user, permissions.APPROVE, application)
        and core_permissions.is_other_person(request.user, services.reply_party_ids(application)),
        "approval_required": application.organization.reply_approval_required,
        "handlers": handlers,
        "forms": {
            "correction": forms.CorrectionForm(),
            "consultation": forms.ConsultationForm(),
            "extend": forms.ExtendForm(),
            "fee": forms.FeeNoticeForm(),
            "decide": forms.DecideForm(),
            "approve_reply": forms.ApproveReplyForm(initial={"date": timezone.localdate()}, auto_id="approve_%s"),
            "return_reply": forms.ReturnReplyForm(auto_id="return_%s"),
            "date": forms.DateForm(),
            "review": forms.ReviewCaseForm(),
            "lawsuit": forms.LawsuitCaseForm(),
            **(bound or {}),
        },
        "attachments": application.attachments.all(),
        "reviews": ReviewCase.objects.filter(application=application),
        "lawsuits": LawsuitCase.objects.filter(application=application),
        "today": timezone.localdate(),
    }
    return render(request, "applications/staff_detail.html", context)


@login_required
@require_POST
def staff_action(request, pk: int, name: str):
    """Run one workflow step on the application; errors come back as messages."""
    application = _staff_application(request, pk)
    if name != "attach" and name not in actions.STEPS:
        raise Http404("未知操作")
    try:
        actions.run_step(request.user, application, name, request.POST, request.FILES)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        step = actions.STEPS.get(name)
        if step is not None and step.page_key:
            # Show the page again with what was typed (a long 答复理由 must not be lost to one wrong date).
            application.refresh_from_db()
            return _render_detail(request, application, {step.page_key: step.form(request.POST)})
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有权限执行此操作。")
    else:
        messages.success(request, "已保存。")
    return redirect("applications:staff_detail", pk=application.pk)


@login_required
def staff_case_conclude(request, kind: str, pk: int):
    """Record the result of a 复议/诉讼 case."""
    model = {"review": ReviewCase, "lawsuit": LawsuitCase}.get(kind)
    if model is None or request.method != "POST":
        raise Http404("未知案件")
    case = get_object_or_404(model, pk=pk)
    form = forms.ConcludeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.remedy_case_conclude(actor=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有权限执行此操作。")
    else:
        messages.success(request, "已保存。")
    if case.application_id:
        return redirect("applications:staff_detail", pk=case.application_id)
    return redirect("applications:staff_list")


@login_required
def staff_attachment(request, pk: int, attachment_id: int):
    """Download an attachment (permission-checked; never served from a public media URL)."""
    application = _staff_application(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("附件文件不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
def staff_notice(request, pk: int, kind: str, fmt: str):
    """Download a notice (补正、延期、延迟答复告知书，收费通知书，第三方意见征询函) as DOCX or PDF."""
    application = _staff_application(request, pk)
    try:
        parts = letters.notice_parts(application, kind)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("applications:staff_detail", pk=pk)
    return _download(parts, fmt, application.tracking_number)


def _download(parts, fmt: str, ascii_stem: str) -> HttpResponse:
    """The letter as an attachment named in Chinese (RFC 6266/5987 ``filename*``), with an ASCII fallback."""
    if fmt == "docx":
        data, mime = letters.render_docx(parts), letters.DOCX_MEDIA_TYPE
    elif fmt == "pdf":
        data, mime = letters.render_pdf(parts), letters.PDF_MEDIA_TYPE
    else:
        raise Http404("未知格式")
    response = HttpResponse(data, content_type=mime)
    name = quote(letters.file_name(parts, fmt), safe="")
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_stem}.{fmt}\"; filename*=UTF-8''{name}"
    return response


@login_required
def staff_letter(request, pk: int, fmt: str):
    """Download the reply letter as DOCX or PDF."""
    application = _staff_application(request, pk)
    try:
        parts = letters.letter_parts(application)  # only once the reply was issued (approved)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("applications:staff_detail", pk=pk)
    return _download(parts, fmt, application.tracking_number)
