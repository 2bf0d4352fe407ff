import datetime
import decimal

import pytest
from django.contrib.auth import get_user_model

from gongkai.apps.audit.models import AuditLog, AuditLogImmutableError
from gongkai.apps.audit.selectors import audit_log_for_object, audit_log_list
from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.testing import make_org, make_staff, make_user

pytestmark = pytest.mark.django_db


def test_audit_log_records_everything():
    org = make_org("甲镇", slug="jia")
    user = make_user("zhang", full_name="张三")
    entry = audit_log(
        actor=user, action="test.thing.change", obj=org, before={"a": 1}, after={"a": 2}, reason="更正错别字"
    )
    entry.refresh_from_db()
    assert entry.actor == user
    assert entry.actor_name == "张三（zhang）"
    assert entry.organization == org
    assert entry.object_id == str(org.pk)
    assert entry.object_repr == "甲镇"
    assert entry.before == {"a": 1} and entry.after == {"a": 2}
    assert entry.reason == "更正错别字"
    assert list(audit_log_for_object(org).filter(action="test.thing.change")) == [entry]


def test_action_must_be_namespaced():
    with pytest.raises(ValueError):
        audit_log(actor=None, action="publish", obj=None)
    with pytest.raises(ValueError):
        audit_log(actor=None, action="Publishing.Item", obj=None)


def test_rows_cannot_be_changed_or_deleted():
    entry = audit_log(actor=None, action="test.thing.create", obj=None)
    entry.reason = "篡改"
    with pytest.raises(AuditLogImmutableError):
        entry.save()
    with pytest.raises(AuditLogImmutableError):
        entry.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.filter(pk=entry.pk).update(reason="篡改")
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.all().delete()
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.bulk_update([entry], ["reason"])
    entry.refresh_from_db()
    assert entry.reason == ""


def test_rows_outlive_actor_and_object():
    user = make_user("temp", full_name="临时")
    org = make_org("乙镇", slug="yi")
    entry = audit_log(actor=user, action="test.thing.create", obj=org)
    get_user_model().objects.filter(pk=user.pk).delete()
    org.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.organization is None
    assert entry.actor_name == "临时（temp）"
    assert entry.object_repr == "乙镇"


def test_snapshot_is_json_safe():
    org = make_org("丙镇", slug="bing", parent=make_org("某县", slug="county"))
    data = snapshot(org)
    assert data["parent"] == org.parent_id
    assert isinstance(data["created_at"], str)
    assert "id" not in data
    assert snapshot(org, ["name"]) == {"name": "丙镇"}
    entry = audit_log(
        actor=None,
        action="test.thing.values",
        obj=None,
        after={"d": datetime.date(2020, 1, 2), "m": decimal.Decimal("32.2526")},
    )
    entry.refresh_from_db()
    assert entry.after == {"d": "2020-01-02", "m": "32.2526"}


def test_audit_list_restricted_to_leaders_and_auditors_of_the_organization():
    staff = make_staff()
    audit_log(actor=None, action="test.thing.create", obj=staff.org)
    audit_log(actor=None, action="test.thing.create", obj=staff.other_org)
    mine = audit_log_list(user=staff.leader, action_prefix="test.")
    assert [e.organization for e in mine] == [staff.org]
    assert not audit_log_list(user=staff.drafter, action_prefix="test.").exists()
    assert [e.organization for e in audit_log_list(user=staff.auditor, action_prefix="test.")] == [staff.org]
    for user in (staff.sysadmin, staff.secadmin, staff.reviewer):  # the administrators do not read their own trail
        assert not audit_log_list(user=user, action_prefix="test.").exists()
