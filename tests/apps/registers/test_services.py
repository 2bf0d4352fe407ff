import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.testing import check_access, make_staff
from gongkai.apps.registers.models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter
from gongkai.apps.registers.selectors import register_list_for_user
from gongkai.apps.registers.services import register_entry_create, register_entry_delete, register_entry_update

pytestmark = pytest.mark.django_db
D = dt.date


def test_create_update_delete_are_audited():
    staff = make_staff()
    p = register_entry_create(
        actor=staff.drafter,
        organization=staff.org,
        model=ProcurementProject,
        name="办公设备",
        procured_on=D(2020, 5, 1),
        amount=Decimal("12000"),
    )
    register_entry_update(actor=staff.drafter, entry=p, amount=Decimal("13000"))
    p.refresh_from_db()
    assert p.amount == Decimal("13000")
    register_entry_delete(actor=staff.drafter, entry=p, reason="重复登记")
    assert not ProcurementProject.objects.exists()
    actions = list(AuditLog.objects.filter(action__startswith="registers.").values_list("action", flat=True))
    assert sorted(actions) == [
        "registers.procurement.create",
        "registers.procurement.delete",
        "registers.procurement.update",
    ]
    entry = AuditLog.objects.get(action="registers.procurement.update")
    assert entry.before["amount"] == "12000.00" and entry.after["amount"] == "13000"


def test_permissions():
    staff = make_staff()
    check_access(
        staff,
        lambda u: register_entry_create(
            actor=u, organization=staff.org, model=FeeIncome, received_on=D(2021, 1, 1), amount=Decimal(1)
        ),
        allowed_roles={"drafter"},
    )
    assert register_list_for_user(user=staff.reviewer, model=FeeIncome).count() == 1
    assert register_list_for_user(user=staff.outsider, model=FeeIncome).count() == 0


def test_validation_in_chinese():
    staff = make_staff()
    with pytest.raises(ValidationError) as exc:
        register_entry_create(
            actor=staff.drafter,
            organization=staff.org,
            model=RegulatoryDocument,
            kind="normative",
            title="x",
            made_on=D(2020, 5, 1),
            published_on=D(2020, 4, 1),
        )
    assert "公开日期不能早于制发日期" in str(exc.value)
    with pytest.raises(ValidationError):
        register_entry_create(
            actor=staff.drafter,
            organization=staff.org,
            model=ProcurementProject,
            name="负数",
            procured_on=D(2020, 1, 1),
            amount=Decimal("-1"),
        )
    with pytest.raises(ValidationError):
        register_entry_create(
            actor=staff.drafter,
            organization=staff.org,
            model=Decision,
            kind="penalty",
            decided_on=D(2020, 1, 1),
            quantity=0,
        )


def test_relations_stay_in_the_organization_and_kind():
    staff = make_staff()
    foreign = register_entry_create(
        actor=None,
        organization=staff.other_org,
        model=ServiceMatter,
        kind="penalty",
        name="外",
        listed_on=D(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        register_entry_create(
            actor=staff.drafter,
            organization=staff.org,
            model=Decision,
            kind="penalty",
            matter=foreign,
            decided_on=D(2020, 2, 1),
        )
    assert "不属于本机关" in str(exc.value)
    licensing = register_entry_create(
        actor=None, organization=staff.org, model=ServiceMatter, kind="licensing", name="许可", listed_on=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError):
        register_entry_create(
            actor=staff.drafter,
            organization=staff.org,
            model=Decision,
            kind="penalty",
            matter=licensing,
            decided_on=D(2020, 2, 1),
        )
    with pytest.raises(ValidationError):
        register_entry_create(
            actor=staff.drafter,
            organization=staff.org,
            model=FeeIncome,
            matter=licensing,
            received_on=D(2020, 2, 1),
            amount=Decimal(1),
        )
