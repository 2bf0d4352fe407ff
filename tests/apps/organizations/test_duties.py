"""Separation of duties (三员分立): self-grants refused, incompatible roles refused, the reply-approval setting
changed only through an audited service, and the old 管理员 memberships migrated."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.choices import Role
from gongkai.apps.organizations.duties import membership_conflicts, role_conflict
from gongkai.apps.organizations.models import Membership
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.organizations.services import (
    membership_grant,
    membership_revoke,
    organization_set_reply_approval,
    staff_user_create,
)
from gongkai.apps.organizations.testing import check_access, make_staff, make_user

pytestmark = pytest.mark.django_db


def roles_of(user, org):
    return set(Membership.objects.filter(user=user, organization=org).values_list("role", flat=True))


@pytest.mark.parametrize("role", Role.values)
def test_nobody_grants_himself_a_role(role):
    # The issue: sl_admin gave himself 经办人, 审核人 and 领导. Now refused for every role, by the service.
    staff = make_staff()
    before = roles_of(staff.secadmin, staff.org)
    with pytest.raises(PermissionDeniedError, match="不能为自己分配或取消角色"):
        membership_grant(actor=staff.secadmin, user=staff.secadmin, organization=staff.org, role=role)
    assert roles_of(staff.secadmin, staff.org) == before
    assert not AuditLog.objects.filter(action="organizations.membership.grant", actor=staff.secadmin).exists()


def test_nobody_revokes_his_own_role_not_even_a_superuser():
    staff = make_staff()
    with pytest.raises(PermissionDeniedError):
        membership_revoke(actor=staff.secadmin, user=staff.secadmin, organization=staff.org, role=Role.SECADMIN)
    root = make_user("root")
    root.is_superuser = True
    root.save()
    with pytest.raises(PermissionDeniedError):
        membership_grant(actor=root, user=root, organization=staff.org, role=Role.LEADER)
    assert roles_of(staff.secadmin, staff.org) == {Role.SECADMIN}


def test_granting_to_others_needs_the_security_administrator():
    staff = make_staff()
    newcomer = make_user("newcomer")

    def attempt(user):
        Membership.objects.filter(user=newcomer).delete()
        membership_grant(actor=user, user=newcomer, organization=staff.org, role=Role.REVIEWER)

    check_access(staff, attempt, allowed_roles={"secadmin"})


@pytest.mark.parametrize(
    ("held", "new", "refused"),
    [
        ({Role.SYSADMIN}, Role.SECADMIN, True),  # three administrators, three people
        ({Role.SECADMIN}, Role.AUDITOR, True),
        ({Role.SYSADMIN}, Role.AUDITOR, True),
        ({Role.DRAFTER}, Role.AUDITOR, True),  # the auditor checks everybody's work
        ({Role.AUDITOR}, Role.LEADER, True),
        ({Role.SYSADMIN}, Role.DRAFTER, True),  # administrators do no business work
        ({Role.SECADMIN}, Role.LEADER, True),
        ({Role.LEADER}, Role.SYSADMIN, True),
        ({Role.DRAFTER}, Role.LEADER, True),  # the 领导 signs what the 经办人 prepared
        ({Role.DRAFTER}, Role.REVIEWER, False),  # allowed; the four-eyes rule holds per item
        ({Role.REVIEWER}, Role.LEADER, False),
        (set(), Role.AUDITOR, False),
    ],
)
def test_incompatible_roles_are_refused(held, new, refused):
    staff = make_staff()
    person = make_user("person", organization=staff.org, roles=sorted(held))
    if refused:
        with pytest.raises(ValidationError) as exc:
            membership_grant(actor=staff.secadmin, user=person, organization=staff.org, role=new)
        assert "三员分立" in str(exc.value) or "不同人员" in str(exc.value)
        assert roles_of(person, staff.org) == held
    else:
        membership_grant(actor=staff.secadmin, user=person, organization=staff.org, role=new)
        assert roles_of(person, staff.org) == held | {new}


def test_roles_in_different_organizations_do_not_conflict():
    staff = make_staff()
    person = make_user("person", organization=staff.org, roles=[Role.DRAFTER])
    membership_grant(actor=None, user=person, organization=staff.other_org, role=Role.AUDITOR)
    assert roles_of(person, staff.other_org) == {Role.AUDITOR}


def test_small_office_setting_allows_admin_with_business_roles_but_never_the_auditor():
    staff = make_staff()
    person = make_user("person", organization=staff.org, roles=[Role.DRAFTER])
    with override_settings(GONGKAI_ALLOW_ADMIN_BUSINESS_ROLES=True):
        membership_grant(actor=staff.secadmin, user=person, organization=staff.org, role=Role.SYSADMIN)
        with pytest.raises(ValidationError):
            membership_grant(actor=staff.secadmin, user=person, organization=staff.org, role=Role.AUDITOR)
        with pytest.raises(ValidationError):
            membership_grant(actor=staff.secadmin, user=person, organization=staff.org, role=Role.SECADMIN)
    assert roles_of(person, staff.org) == {Role.DRAFTER, Role.SYSADMIN}


def test_new_user_with_an_incompatible_set_is_not_created():
    staff = make_staff()
    with pytest.raises(ValidationError):
        staff_user_create(
            actor=staff.secadmin,
            username="everything",
            password="long-pass-123",
            organization=staff.org,
            roles=[Role.DRAFTER, Role.REVIEWER, Role.LEADER],
        )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="everything").exists()


def test_conflicts_of_existing_memberships_are_listed():
    assert membership_conflicts([Role.SYSADMIN, Role.SECADMIN]) == [role_conflict([Role.SECADMIN], Role.SYSADMIN)]
    assert membership_conflicts([Role.DRAFTER, Role.REVIEWER]) == []
    assert len(membership_conflicts([Role.DRAFTER, Role.LEADER, Role.AUDITOR])) == 2


def test_reply_approval_setting_is_audited_and_needs_the_system_administrator():
    staff = make_staff()
    assert staff.org.reply_approval_required is True

    def attempt(user):
        organization_set_reply_approval(actor=user, organization=staff.org, required=True)

    check_access(staff, attempt, allowed_roles={"sysadmin"})
    with pytest.raises(ValidationError, match="理由"):
        organization_set_reply_approval(actor=staff.sysadmin, organization=staff.org, required=False)
    staff.org.refresh_from_db()
    assert staff.org.reply_approval_required is True
    organization_set_reply_approval(
        actor=staff.sysadmin,
        organization=staff.org,
        required=False,
        reason="本机关仅两名工作人员，由县政务公开办备案。",
    )
    staff.org.refresh_from_db()
    assert staff.org.reply_approval_required is False
    row = AuditLog.objects.get(action="organizations.organization.reply_approval")
    assert row.actor == staff.sysadmin
    assert row.before == {"reply_approval_required": True}
    assert row.after == {"reply_approval_required": False}
    assert "两名工作人员" in row.reason
    organization_set_reply_approval(actor=staff.sysadmin, organization=staff.org, required=True)
    assert AuditLog.objects.filter(action="organizations.organization.reply_approval").count() == 2


def test_reply_approval_is_not_changed_by_organization_update():
    from gongkai.apps.organizations.services import organization_update

    staff = make_staff()
    with pytest.raises(TypeError):
        organization_update(actor=staff.sysadmin, organization=staff.org, reply_approval_required=False)


@pytest.mark.django_db(transaction=True)
def test_migration_maps_old_administrators_to_system_and_security_administrator():
    executor = MigrationExecutor(connection)
    executor.migrate([("organizations", "0002_code_violation_message")])
    old_apps = executor.loader.project_state([("organizations", "0002_code_violation_message")]).apps
    User = old_apps.get_model("auth", "User")
    Organization = old_apps.get_model("organizations", "Organization")
    OldMembership = old_apps.get_model("organizations", "Membership")
    org = Organization.objects.create(name="旧镇人民政府", slug="old", kind="township", path="/")
    admin = User.objects.create(username="old-admin")
    drafter = User.objects.create(username="old-drafter")
    OldMembership.objects.create(user=admin, organization=org, role="admin")
    OldMembership.objects.create(user=drafter, organization=org, role="drafter")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert set(Membership.objects.filter(user_id=admin.pk).values_list("role", flat=True)) == {"sysadmin", "secadmin"}
    assert set(Membership.objects.filter(user_id=drafter.pk).values_list("role", flat=True)) == {"drafter"}
    assert not Membership.objects.filter(role="admin").exists()
