import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.choices import OrganizationKind, Role
from gongkai.apps.organizations.models import Membership
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.organizations.services import (
    membership_grant,
    membership_revoke,
    organization_create,
    organization_update,
    staff_user_create,
)
from gongkai.apps.organizations.testing import PASSWORD, check_access, make_org, make_staff, make_user

pytestmark = pytest.mark.django_db


def test_staff_user_create_with_roles_logs_in_and_is_audited():
    org = make_org("思礼镇人民政府", slug="sili")
    user = staff_user_create(
        actor=None,
        username="zhang",
        password="s3cret-pass",
        full_name="张三",
        organization=org,
        roles=[Role.DRAFTER, Role.REVIEWER],
    )
    assert authenticate(username="zhang", password="s3cret-pass") == user
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {"drafter", "reviewer"}
    actions = list(AuditLog.objects.filter(organization=org).values_list("action", flat=True))
    assert actions.count("organizations.membership.grant") == 2
    assert "organizations.user.create" in actions
    assert AuditLog.objects.get(action="organizations.user.create").actor_name == "系统"


def test_duplicate_username_has_chinese_message():
    make_user("li")
    with pytest.raises(ValidationError) as exc:
        make_user("li")
    assert "已被使用" in exc.value.message_dict["username"][0]


def test_grant_and_revoke_permissions():
    staff = make_staff()
    newcomer = make_user("newcomer")

    def attempt(user):
        membership_grant(actor=user, user=newcomer, organization=staff.org, role=Role.DRAFTER)

    check_access(staff, attempt, allowed_roles={"secadmin"})
    assert membership_revoke(actor=staff.secadmin, user=newcomer, organization=staff.org, role=Role.DRAFTER)
    assert not membership_revoke(actor=staff.secadmin, user=newcomer, organization=staff.org, role=Role.DRAFTER)
    assert AuditLog.objects.filter(action="organizations.membership.revoke").count() == 1


def test_grant_is_idempotent_and_rejects_bad_role():
    staff = make_staff()
    membership_grant(actor=None, user=staff.drafter, organization=staff.org, role=Role.DRAFTER)
    assert Membership.objects.filter(user=staff.drafter).count() == 1
    with pytest.raises(ValidationError):
        membership_grant(actor=None, user=staff.drafter, organization=staff.org, role="boss")


def test_only_superuser_creates_roots_and_sysadmin_creates_children():
    staff = make_staff()
    with pytest.raises(PermissionDeniedError):
        organization_create(actor=staff.sysadmin, name="新县", kind=OrganizationKind.COUNTY, slug="new-county")
    child = organization_create(
        actor=staff.sysadmin, name="某村", kind=OrganizationKind.VILLAGE, slug="cun", parent=staff.org
    )
    assert child.parent == staff.org
    with pytest.raises(PermissionDeniedError):
        organization_create(
            actor=staff.leader, name="另村", kind=OrganizationKind.VILLAGE, slug="cun2", parent=staff.org
        )


def test_update_is_audited_with_before_and_after():
    staff = make_staff()
    organization_update(actor=staff.sysadmin, organization=staff.org, phone="0536-1234567")
    entry = AuditLog.objects.filter(action="organizations.organization.update").get()
    assert entry.before["phone"] == ""
    assert entry.after["phone"] == "0536-1234567"
    assert entry.actor == staff.sysadmin
    with pytest.raises(PermissionDeniedError):
        organization_update(actor=staff.outsider, organization=staff.org, phone="1")


def test_password_constant_usable():
    user = make_user("wang")
    assert authenticate(username="wang", password=PASSWORD) == user


@pytest.mark.parametrize("slug", ["admin", "apply", "staff", "accounts", "static", "media", "Admin"])
def test_slug_shadowed_by_a_url_prefix_is_refused(slug):
    with pytest.raises(ValidationError) as exc:
        organization_create(actor=None, name="某镇人民政府", kind=OrganizationKind.TOWNSHIP, slug=slug)
    assert "系统保留的网址前缀" in exc.value.message_dict["slug"][0]
    org = make_org("某乡人民政府", slug="mouxiang")
    with pytest.raises(ValidationError, match="系统保留"):
        organization_update(actor=None, organization=org, slug=slug)
    org.refresh_from_db()
    assert org.slug == "mouxiang"
