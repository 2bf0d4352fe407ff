import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.apps.organizations import permissions
from gongkai.apps.organizations.choices import OrganizationKind, Role
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import (
    ACTIONS,
    PermissionDeniedError,
    organizations_for_user,
    require,
    restrict,
    user_can,
)
from gongkai.apps.organizations.testing import check_access, make_org, make_staff, make_user

pytestmark = pytest.mark.django_db


def test_every_action_has_roles_and_inherited_is_subset():
    for action, rule in ACTIONS.items():
        assert rule.roles, action
        assert rule.inherited <= rule.roles, action


BUSINESS = {"drafter", "reviewer", "leader"}
VIEWERS = BUSINESS | {"sysadmin"}

#: Who may do what in the own organization, written out independently of ACTIONS (三员分立: the
#: administrators do no business work; the 安全管理员 manages people, the 审计管理员 only reads the log).
OWN_MATRIX = {
    "organization.view": BUSINESS | {"sysadmin", "secadmin", "auditor"},
    "organization.configure": {"sysadmin"},
    "organization.members": {"secadmin"},
    "accounts.unlock": {"secadmin"},
    "audit.view": {"auditor", "leader"},
    "publishing.item.view": VIEWERS,
    "publishing.item.create": {"drafter"},
    "publishing.item.edit": {"drafter"},
    "publishing.item.submit": {"drafter"},
    "publishing.item.review": {"reviewer"},
    "publishing.item.sign": {"leader"},
    "publishing.item.withdraw": {"leader"},
    "publishing.item.record_channel": {"drafter"},
    "publishing.item.import": {"sysadmin"},
    "publishing.item.validity": {"drafter", "leader"},
    "publishing.catalogue.manage": {"sysadmin"},
    "catalogue.view": VIEWERS,
    "catalogue.manage": {"sysadmin"},
    "registers.view": VIEWERS,
    "registers.edit": {"drafter"},
    "reports.view": VIEWERS,
    "stats.view": VIEWERS,
    "reports.edit": {"drafter"},
    "reports.publish": {"leader"},
    "review.view": {"leader", "sysadmin"},
    "review.manage": {"leader", "sysadmin"},
    "applications.application.view": BUSINESS,
    "applications.application.register": {"drafter"},
    "applications.application.handle": {"drafter", "reviewer"},
    "applications.application.approve": {"leader"},
    "applications.letters.manage": {"leader", "sysadmin"},
    "api.token.manage": {"secadmin"},
}


def test_matrix_covers_every_action():
    # Every action another app adds must get a row here, so nobody's powers change unnoticed.
    assert set(ACTIONS) == set(OWN_MATRIX)


def test_auditor_reads_the_audit_log_and_nothing_else():
    staff = make_staff()
    allowed = {action for action in ACTIONS if user_can(staff.auditor, action, staff.org)}
    assert allowed == {"audit.view", "organization.view"}


@pytest.mark.parametrize(("action", "allowed"), sorted(OWN_MATRIX.items()))
def test_matrix_on_own_organization(action, allowed):
    staff = make_staff()
    check_access(staff, lambda user: user_can(user, action, staff.org), allowed_roles=allowed)
    check_access(
        staff,
        lambda user: require(user, action, staff.org),
        allowed_roles=allowed,
        denied_exceptions=(PermissionDeniedError,),
    )


def test_unknown_action_is_a_programming_error():
    staff = make_staff()
    with pytest.raises(ValueError):
        user_can(staff.sysadmin, "publishing.item.fly", staff.org)


def test_require_message_is_chinese():
    staff = make_staff()
    with pytest.raises(PermissionDeniedError) as exc:
        require(staff.drafter, "publishing.item.sign", staff.org)
    assert "签发" in str(exc.value)


def test_parent_leader_and_admins_reach_children_but_do_not_sign():
    county = make_org("某县人民政府", slug="county")
    town = make_org("某镇人民政府", slug="town", parent=county)
    sibling = make_org("另一县人民政府", slug="county2")
    leader = make_user("county-leader", organization=county, roles=[Role.LEADER])
    sysadmin = make_user("county-sys", organization=county, roles=[Role.SYSADMIN])
    secadmin = make_user("county-sec", organization=county, roles=[Role.SECADMIN])
    auditor = make_user("county-aud", organization=county, roles=[Role.AUDITOR])
    drafter = make_user("county-drafter", organization=county, roles=[Role.DRAFTER])
    assert user_can(leader, "publishing.item.view", town)
    assert not user_can(leader, "publishing.item.sign", town)
    assert user_can(leader, "publishing.item.sign", county)
    assert user_can(leader, "applications.application.view", town)
    assert not user_can(leader, "applications.application.approve", town)
    assert user_can(sysadmin, "publishing.catalogue.manage", town)
    assert user_can(sysadmin, "organization.configure", town)
    assert not user_can(sysadmin, "organization.members", town)
    assert not user_can(sysadmin, "applications.application.view", town)
    assert user_can(secadmin, "organization.members", town)
    assert not user_can(secadmin, "organization.configure", town)
    assert not user_can(secadmin, "publishing.item.view", town)
    assert user_can(auditor, "audit.view", town)
    assert not user_can(auditor, "publishing.item.view", town)
    assert set(organizations_for_user(auditor, "organization.view")) == {county, town}
    assert not user_can(drafter, "publishing.item.view", town)
    assert not user_can(leader, "publishing.item.view", sibling)
    assert set(organizations_for_user(leader, "publishing.item.view")) == {county, town}
    assert set(organizations_for_user(leader, "publishing.item.sign")) == {county}
    assert set(organizations_for_user(drafter, "publishing.item.view")) == {county}


def test_child_roles_do_not_reach_parent():
    county = make_org("某县人民政府", slug="county")
    town = make_org("某镇人民政府", slug="town", parent=county)
    admin = make_user("town-admin", organization=town, roles=[Role.SYSADMIN])
    secadmin = make_user("town-sec", organization=town, roles=[Role.SECADMIN])
    assert not user_can(admin, "publishing.item.view", county)
    assert set(organizations_for_user(admin, "organization.configure")) == {town}
    assert set(organizations_for_user(secadmin, "organization.members")) == {town}


def test_anonymous_inactive_and_superuser():
    staff = make_staff()
    assert not user_can(AnonymousUser(), "publishing.item.view", staff.org)
    assert not organizations_for_user(AnonymousUser(), "publishing.item.view").exists()
    staff.sysadmin.is_active = False
    assert not user_can(staff.sysadmin, "organization.configure", staff.org)
    root = make_user("root")
    root.is_superuser = True
    root.save()
    assert user_can(root, "publishing.item.sign", staff.org)
    assert organizations_for_user(root, "publishing.item.sign").count() == Organization.objects.count()


def test_user_can_without_object_means_somewhere():
    staff = make_staff()
    assert user_can(staff.reviewer, "publishing.item.review")
    assert not user_can(staff.drafter, "publishing.item.review")


def test_object_with_organization_attribute():
    staff = make_staff()

    class Thing:
        organization = staff.org

    assert user_can(staff.drafter, "publishing.item.edit", Thing())
    assert not user_can(staff.outsider, "publishing.item.edit", Thing())
    with pytest.raises(TypeError):
        user_can(staff.drafter, "publishing.item.edit", object())


def test_restrict_filters_querysets_and_cache_is_cleared_on_grant():
    staff = make_staff()
    qs = Organization.objects.all()
    assert list(restrict(qs.filter(pk=staff.org.pk), staff.outsider, "publishing.item.view", field="pk")) == []
    from gongkai.apps.organizations.services import membership_grant

    assert not user_can(staff.outsider, "publishing.item.view", staff.org)
    membership_grant(actor=staff.secadmin, user=staff.outsider, organization=staff.org, role=Role.REVIEWER)
    assert user_can(staff.outsider, "publishing.item.view", staff.org)
    permissions.clear_cache(staff.outsider)
    assert user_can(staff.outsider, "publishing.item.review", staff.org)


def test_kinds_have_chinese_labels():
    assert OrganizationKind.TOWNSHIP.label == "乡镇人民政府"
    assert Role.REVIEWER.label == "审核人"
