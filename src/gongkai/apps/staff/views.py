"""Staff shell pages: login, dashboard, organization home, people and roles, audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.apps.audit.labels import ACTION_GROUPS
from gongkai.apps.audit.selectors import audit_log_list
from gongkai.apps.organizations.duties import admin_business_allowed, membership_conflicts
from gongkai.apps.organizations.models import Membership
from gongkai.apps.organizations.permissions import organizations_for_user, user_can
from gongkai.apps.organizations.selectors import organization_members, roles_label
from gongkai.apps.organizations.services import (
    membership_grant,
    membership_revoke,
    organization_set_reply_approval,
    organization_update,
    staff_user_create,
)

from .decorators import add_errors, org_page, staff_context
from .forms import MembershipGrantForm, OrganizationSettingsForm, ReplyApprovalForm, StaffUserCreateForm
from .waiting import waiting_for
from .workbench import workbench_for


class StaffLoginView(LoginView):
    """Login page (工作人员登录)."""

    template_name = "staff/login.html"
    redirect_authenticated_user = True


@login_required
def dashboard(request):
    """工作台: everything waiting for the user in the organizations he belongs to, most urgent first, and his
    organizations. A member of one organization goes straight to its page, which shows the same list."""
    orgs = organizations_for_user(request.user, "organization.view").order_by("path")
    page = Paginator(orgs, 50).get_page(request.GET.get("page"))
    if page.paginator.count == 1 and not request.GET:
        return redirect("staff:org_home", page.object_list[0].slug)
    bench = workbench_for(request.user)
    per_org: dict[str, int] = {}
    for line in bench.mine:
        per_org[line.organization_slug] = per_org.get(line.organization_slug, 0) + 1
    rows = [
        {"org": org, "roles": roles_label(request.user, org), "waiting": per_org.get(org.slug)}
        for org in page.object_list
    ]
    return render(request, "staff/dashboard.html", staff_context(request, None, rows=rows, page=page, bench=bench))


@org_page("organization.view")
def org_home(request, org):
    """One organization's 工作台: what waits for the user there (and, for its 领导, the office's open work)."""
    bench = waiting_for(user=request.user, organizations=[org])
    return render(
        request,
        "staff/org_home.html",
        staff_context(
            request,
            org,
            "home",
            bench=bench,
            roles=roles_label(request.user, org),
            can_create=user_can(request.user, "publishing.item.create", org),
        ),
    )


def _member_rows(org, user) -> list[dict]:
    """One row per person: his roles here, whether they are his own, and the 职责分离 rules they break."""
    rows: dict[int, dict] = {}
    for m in organization_members(org):
        row = rows.setdefault(m.user_id, {"user": m.user, "memberships": [], "is_self": m.user_id == user.pk})
        row["memberships"].append(m)
    for row in rows.values():
        row["conflicts"] = membership_conflicts(m.role for m in row["memberships"])
    return list(rows.values())


@org_page("organization.members")
def members(request, org):
    """People and roles of one organization (人员与权限), for its 安全管理员."""
    create_form = StaffUserCreateForm(prefix="new")
    grant_form = MembershipGrantForm(prefix="grant")
    if request.method == "POST":
        if "new-username" in request.POST:
            create_form = StaffUserCreateForm(request.POST, prefix="new")
            if create_form.is_valid():
                data = create_form.cleaned_data
                try:
                    staff_user_create(
                        actor=request.user,
                        username=data["username"],
                        password=data["password"],
                        full_name=data["full_name"],
                        organization=org,
                        roles=data["roles"],
                    )
                except ValidationError as exc:
                    add_errors(request, exc)
                else:
                    messages.success(request, f"已创建用户“{data['username']}”。")
                    return redirect("staff:members", org.slug)
        else:
            grant_form = MembershipGrantForm(request.POST, prefix="grant")
            if grant_form.is_valid():
                try:
                    membership_grant(
                        actor=request.user, user=grant_form.user, organization=org, role=grant_form.cleaned_data["role"]
                    )
                except ValidationError as exc:
                    add_errors(request, exc)
                except PermissionDenied as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, "已分配角色。")
                    return redirect("staff:members", org.slug)
    return render(
        request,
        "staff/members.html",
        staff_context(
            request,
            org,
            "members",
            rows=_member_rows(org, request.user),
            create_form=create_form,
            grant_form=grant_form,
            admin_business_allowed=admin_business_allowed(),
        ),
    )


@require_POST
@org_page("organization.members")
def membership_remove(request, org, pk: int):
    """Take one role away (POST)."""
    membership = Membership.objects.filter(pk=pk, organization=org).select_related("user").first()
    if membership is None:
        messages.error(request, "该岗位记录不存在或已删除。")
        return redirect("staff:members", org.slug)
    try:
        membership_revoke(actor=request.user, user=membership.user, organization=org, role=membership.role)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已取消 {membership.user} 的“{membership.get_role_display()}”角色。")
    return redirect("staff:members", org.slug)


@org_page("audit.view")
def audit(request, org):
    """The organization's audit log (审计日志), newest first."""
    prefix = request.GET.get("action", "").strip()
    qs = audit_log_list(user=request.user, organization=org, action_prefix=prefix)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    groups = ACTION_GROUPS if prefix in dict(ACTION_GROUPS) else [*ACTION_GROUPS, (prefix, prefix)]
    return render(
        request,
        "staff/audit.html",
        staff_context(request, org, "audit", page=page, action=prefix, action_groups=groups),
    )


def _settings_page(request, org, form, approval_form):
    return render(
        request,
        "staff/org_settings.html",
        staff_context(
            request, org, "settings", form=form, approval_form=approval_form, title="机关信息（政府信息公开指南）"
        ),
    )


@org_page("organization.configure")
def org_settings(request, org):
    """Edit the organization's 指南 details (机构、地址、时间、电话…), 索引号 prefix, and see its settings."""
    fields = list(OrganizationSettingsForm.base_fields)
    form = OrganizationSettingsForm(request.POST or None, initial={name: getattr(org, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            organization_update(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "已保存机关信息。")
            return redirect("staff:org_settings", org.slug)
    approval_form = ReplyApprovalForm(initial={"required": org.reply_approval_required})
    return _settings_page(request, org, form, approval_form)


@require_POST
@org_page("organization.configure")
def org_reply_approval(request, org):
    """Turn the 领导 approval of replies on or off (audited, with a reason)."""
    approval_form = ReplyApprovalForm(request.POST)
    if approval_form.is_valid():
        data = approval_form.cleaned_data
        if data["required"] == org.reply_approval_required:
            messages.info(request, "审批设置没有改变。")
            return redirect("staff:org_settings", org.slug)
        try:
            organization_set_reply_approval(
                actor=request.user, organization=org, required=data["required"], reason=data["reason"]
            )
        except ValidationError as exc:
            for error in exc.messages:
                approval_form.add_error("reason", error)
        else:
            state = "开启" if data["required"] else "关闭"
            messages.success(request, f"已{state}答复领导审批，已记入审计日志。")
            return redirect("staff:org_settings", org.slug)
    fields = list(OrganizationSettingsForm.base_fields)
    form = OrganizationSettingsForm(initial={name: getattr(org, name) for name in fields})
    return _settings_page(request, org, form, approval_form)
