import pytest
from django.urls import reverse

from gongkai.apps.organizations.choices import Role
from gongkai.apps.organizations.models import Membership
from gongkai.apps.organizations.testing import PASSWORD, check_view_access, make_staff

pytestmark = pytest.mark.django_db


def test_login_and_dashboard(client):
    staff = make_staff()
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    page = client.get(reverse("login")).content.decode()
    assert "工作人员登录" in page
    response = client.post(reverse("login"), {"username": staff.drafter.username, "password": "wrong"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = client.post(reverse("login"), {"username": staff.drafter.username, "password": PASSWORD})
    assert response.status_code == 302
    # one organization: the dashboard goes straight to it
    response = client.get(reverse("staff:dashboard"))
    assert response["Location"] == reverse("staff:org_home", args=[staff.org.slug])
    page = client.get(response["Location"]).content.decode()
    assert staff.org.name in page and "起草公开信息" in page
    client.post(reverse("logout"))
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_dashboard_lists_all_organizations_for_multi_org_user(client):
    staff = make_staff()
    from gongkai.apps.organizations.services import membership_grant

    membership_grant(actor=None, user=staff.leader, organization=staff.other_org, role=Role.LEADER)
    client.force_login(staff.leader)
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert staff.org.name in page and staff.other_org.name in page


def test_user_without_organization_sees_explanation(client):
    from gongkai.apps.organizations.testing import make_user

    client.force_login(make_user("lonely"))
    assert "尚未分配到任何机关" in client.get(reverse("staff:dashboard")).content.decode()


def test_org_pages_access(client):
    staff = make_staff()
    slug = staff.org.slug
    check_view_access(client, staff, reverse("staff:org_home", args=[slug]), allowed_roles=set(Role.values))
    check_view_access(client, staff, reverse("staff:members", args=[slug]), allowed_roles={"secadmin"})
    check_view_access(client, staff, reverse("staff:audit", args=[slug]), allowed_roles={"leader", "auditor"})
    assert client.get(reverse("staff:org_home", args=["no-such-org"])).status_code in (302, 404)


def test_security_admin_creates_user_and_grants_and_revokes(client):
    staff = make_staff()
    client.force_login(staff.secadmin)
    members = reverse("staff:members", args=[staff.org.slug])
    response = client.post(
        members,
        {
            "new-username": "zhaoliu",
            "new-full_name": "赵六",
            "new-password": "long-enough-1",
            "new-roles": ["drafter", "reviewer"],
        },
        follow=True,
    )
    assert "已创建用户" in response.content.decode()
    assert set(Membership.objects.filter(user__username="zhaoliu").values_list("role", flat=True)) == {
        "drafter",
        "reviewer",
    }
    response = client.post(
        members,
        {"new-username": "zhaoliu", "new-password": "long-enough-1", "new-roles": ["drafter"]},
        follow=True,
    )
    assert "已被使用" in response.content.decode()
    response = client.post(members, {"grant-username": "nobody", "grant-role": "leader"})
    assert "没有找到该用户" in response.content.decode()
    response = client.post(members, {"grant-username": staff.outsider.username, "grant-role": "leader"}, follow=True)
    assert "已分配角色" in response.content.decode()
    m = Membership.objects.get(user=staff.outsider, organization=staff.org)
    response = client.post(reverse("staff:membership_remove", args=[staff.org.slug, m.pk]), follow=True)
    assert "已取消" in response.content.decode()
    assert not Membership.objects.filter(pk=m.pk).exists()
    client.force_login(staff.auditor)
    page = client.get(reverse("staff:audit", args=[staff.org.slug])).content.decode()
    assert "organizations.membership.revoke" in page  # the code stays, as the tooltip
    assert ">撤销岗位</span>" in page and ">授予岗位</span>" in page
    page = client.get(reverse("staff:audit", args=[staff.org.slug]), {"action": "publishing."}).content.decode()
    assert '<option value="publishing." selected>主动公开</option>' in page and "撤销岗位" not in page


def test_nobody_grants_or_drops_his_own_roles_on_the_page(client):
    staff = make_staff()
    client.force_login(staff.secadmin)
    members = reverse("staff:members", args=[staff.org.slug])
    page = client.get(members).content.decode()
    # No remove button on one's own row; the others have theirs.
    own = Membership.objects.get(user=staff.secadmin, organization=staff.org)
    other = Membership.objects.get(user=staff.drafter, organization=staff.org)
    assert reverse("staff:membership_remove", args=[staff.org.slug, own.pk]) not in page
    assert reverse("staff:membership_remove", args=[staff.org.slug, other.pk]) in page
    # Posting anyway is refused by the service, with a Chinese message.
    response = client.post(reverse("staff:membership_remove", args=[staff.org.slug, own.pk]), follow=True)
    assert "不能为自己分配或取消角色" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    for role in ("drafter", "reviewer", "leader"):
        response = client.post(members, {"grant-username": staff.secadmin.username, "grant-role": role}, follow=True)
        assert response.status_code == 200
        assert "不能为自己分配或取消角色" in response.content.decode()
    assert set(Membership.objects.filter(user=staff.secadmin).values_list("role", flat=True)) == {"secadmin"}
    # An incompatible grant to someone else is refused too.
    response = client.post(members, {"grant-username": staff.drafter.username, "grant-role": "leader"}, follow=True)
    assert "经办人与领导须由不同人员担任" in response.content.decode()


def test_members_page_flags_memberships_that_break_the_rules(client):
    staff = make_staff()
    # As the 0003 migration leaves a former 管理员: 系统管理员 + 安全管理员 in one person.
    Membership.objects.create(user=staff.sysadmin, organization=staff.org, role=Role.SECADMIN)
    client.force_login(staff.secadmin)
    page = client.get(reverse("staff:members", args=[staff.org.slug])).content.decode()
    assert "不符合职责分离" in page and "须由不同人员担任（三员分立）" in page


def test_reply_approval_setting_on_the_settings_page(client):
    from gongkai.apps.audit.models import AuditLog

    staff = make_staff()
    url = reverse("staff:org_settings", args=[staff.org.slug])
    toggle = reverse("staff:org_reply_approval", args=[staff.org.slug])
    check_view_access(client, staff, toggle, method="post", data={"required": "on"}, allowed_roles={"sysadmin"})
    client.force_login(staff.sysadmin)
    page = client.get(url).content.decode()
    assert "依申请公开答复审批" in page and "<strong>开启</strong>" in page
    response = client.post(toggle, {"required": "on"}, follow=True)
    assert "审批设置没有改变" in response.content.decode()
    response = client.post(toggle, {"reason": ""})
    assert response.status_code == 200 and "关闭答复领导审批须填写理由" in response.content.decode()
    staff.org.refresh_from_db()
    assert staff.org.reply_approval_required
    response = client.post(toggle, {"reason": "仅两名工作人员"}, follow=True)
    assert "已关闭答复领导审批" in response.content.decode() and "<strong>已关闭</strong>" in response.content.decode()
    staff.org.refresh_from_db()
    assert not staff.org.reply_approval_required
    assert AuditLog.objects.get(action="organizations.organization.reply_approval").reason == "仅两名工作人员"


def test_org_settings(client):
    staff = make_staff()
    url = reverse("staff:org_settings", args=[staff.org.slug])
    check_view_access(client, staff, url, allowed_roles={"sysadmin"})
    client.force_login(staff.sysadmin)
    response = client.post(url, {"office_name": "党政综合办公室", "phone": "0533-1234567", "email": "bad"})
    assert response.status_code == 200 and "请输入有效的电子邮箱地址。" in response.content.decode()
    response = client.post(
        url, {"office_name": "党政综合办公室", "phone": "0533-1234567", "code": "1137ABC"}, follow=True
    )
    assert "已保存机关信息" in response.content.decode()
    staff.org.refresh_from_db()
    assert staff.org.office_name == "党政综合办公室" and staff.org.index_prefix == "1137ABC"
    other = make_staff("u")
    client.force_login(other.sysadmin)
    response = client.post(reverse("staff:org_settings", args=[other.org.slug]), {"code": "1137ABC"})
    assert response.status_code == 200 and "索引号前缀已被其他机关使用" in response.content.decode()
