"""Entries: seeding, edits with permission and audit, time-limit rules read from 公开时限."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.catalogue import seed_data, services
from gongkai.apps.catalogue.models import Entry
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.organizations.testing import make_org

from .helpers import area_node, entry, seeded

pytestmark = pytest.mark.django_db


def test_seed_adds_the_published_entries_linked_to_their_columns():
    staff = seeded("s1")
    org = staff.org
    assert Entry.objects.filter(organization=org).count() == len(seed_data.ENTRIES)
    assert {e.area for e in Entry.objects.filter(organization=org)} == {"社会救助", "涉农补贴", "财政预决算", "救灾"}
    budget = entry(org, "财政预决算", "财政预决算", "政府预算")
    assert budget.subject == org.name  # "{body}" replaced
    assert budget.rule_kind == "calendar_days" and budget.rule_days == 20
    assert area_node(org, "财政预决算") in budget.nodes.all()
    assert budget.nodes.filter(code="art20.7").exists()
    review = entry(org, "社会救助", "最低生活保障", "审核信息")
    assert review.rule_kind == "working_days" and review.rule_days == 10 and review.rule_working
    # seeding again adds nothing
    assert services.catalogue_seed_body(actor=None, organization=org) == (0, 0)
    assert AuditLog.objects.filter(action="catalogue.entries.seed", organization=org).count() == 1


def test_org_create_command_seeds_through_the_signal(capsys):
    from django.core.management import call_command

    call_command("org_create", name="信号县人民政府", slug="sig-county", kind="county")
    call_command("org_create", name="信号镇人民政府", slug="sig-town", kind="township", parent="信号县人民政府", catalogue=True)
    out = capsys.readouterr().out
    assert f"基层政务公开标准目录事项 {len(seed_data.ENTRIES)} 条" in out
    assert Entry.objects.filter(organization__slug="sig-town").count() == len(seed_data.ENTRIES)


def test_organizations_app_imports_no_work_app():
    from pathlib import Path

    import gongkai.apps.organizations as base

    root = Path(base.__file__).parent
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for app in ("publishing", "catalogue", "registers", "applications", "annual"):
            assert f"gongkai.apps.{app}" not in text, f"{path} imports {app}"


def test_update_reparses_time_limit_and_audits():
    staff = seeded("s2")
    e = entry(staff.org, "救灾", "政策文件", "法律法规")
    services.entry_update(actor=staff.sysadmin, entry=e, time_limit="每季度结束后15日内", owner=staff.drafter, office="应急办")
    e.refresh_from_db()
    assert (e.rule_kind, e.rule_days, e.rule_working) == ("quarterly", 15, False)
    assert e.owner == staff.drafter
    log = AuditLog.objects.filter(action="catalogue.entry.update").latest("id")
    assert log.before["time_limit"] == "信息形成或变更之日起20个工作日内"
    assert log.after["time_limit"] == "每季度结束后15日内"


def test_unreadable_limit_is_flagged_then_set_by_hand():
    staff = seeded("s3")
    e = entry(staff.org, "救灾", "政策文件", "法律法规")
    services.entry_update(actor=staff.sysadmin, entry=e, time_limit="按上级部署")
    e.refresh_from_db()
    assert e.rule_flagged and e.time_limit == "按上级部署"
    services.entry_update(actor=staff.sysadmin, entry=e, rule_source="manual", rule_kind="monthly", rule_day=5)
    e.refresh_from_db()
    assert not e.rule_flagged and e.rule_source == "manual" and e.rule.kind == "monthly"
    # editing the text again keeps the office's rule
    services.entry_update(actor=staff.sysadmin, entry=e, time_limit="按上级部署执行")
    e.refresh_from_db()
    assert e.rule_kind == "monthly"


@pytest.mark.parametrize("who", ["drafter", "reviewer", "leader", "secadmin", "auditor", "outsider"])
def test_only_admins_edit(who):
    staff = seeded(f"s4{who[:3]}")
    e = entry(staff.org, "救灾", "政策文件", "法律法规")
    user = staff.outsider if who == "outsider" else staff.by_role(who)
    with pytest.raises(PermissionDeniedError):
        services.entry_update(actor=user, entry=e, office="x")


def test_owner_must_belong_to_the_body_and_channels_are_the_fixed_list():
    staff = seeded("s5")
    e = entry(staff.org, "救灾", "政策文件", "法律法规")
    with pytest.raises(ValidationError) as exc:
        services.entry_update(actor=staff.sysadmin, entry=e, owner=staff.outsider)
    assert "责任人须是本机关的工作人员" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.entry_update(actor=staff.sysadmin, entry=e, channels=["website", "weibo"])
    assert "不在规定的渠道列表" in str(exc.value)
    other = make_org("别的镇人民政府", slug="s5-else")
    from gongkai.apps.publishing.services import catalogue_seed_township

    catalogue_seed_township(actor=None, organization=other)
    with pytest.raises(ValidationError) as exc:
        services.entry_update(actor=staff.sysadmin, entry=e, nodes=[area_node(other, "救灾")])
    assert "不属于本机关" in str(exc.value)
