"""A county with two townships and a year of records: items, applications, 复议/诉讼 cases, registers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gongkai.apps.applications import services as app_services
from gongkai.apps.organizations.testing import make_org, make_staff, make_user
from gongkai.apps.publishing.models import CatalogueNode
from gongkai.apps.publishing.services import (
    catalogue_seed_township,
    channel_create,
    channel_portal,
    item_import_published,
)
from gongkai.apps.registers.models import Decision, ProcurementProject, RegulatoryDocument
from gongkai.apps.registers.services import register_entry_create

D = dt.date
YEAR = 2025
APPLICANT = {
    "applicant_name": "张三", "id_type": "id_card", "id_number": "110101199001011234", "phone": "13800138000",
    "email": "zhangsan@example.cn", "address": "某路1号", "description": "本镇财政预算",
    "delivery_form": "electronic", "delivery_method": "email",
}  # fmt: skip


@dataclass
class County:
    county: object
    a: object  # Staff of township A
    b: object  # Staff of township B
    county_leader: object
    county_drafter: object


def _items(org, plan):
    catalogue_seed_township(actor=None, organization=org)
    wechat = channel_create(actor=None, organization=org, kind="wechat", name=f"{org.name}公众号")
    portal = channel_portal(org)
    for n, (day, code, on_wechat) in enumerate(plan):
        category = CatalogueNode.objects.get(organization=org, code=code)
        item_import_published(
            actor=None, organization=org, title=f"通知{n}", category=category, published_on=day,
            channels=[portal, wechat] if on_wechat else [portal],
        )  # fmt: skip
    return wechat


def _application(staff, received, kind="natural_person", channel="counter", decision=None, on=None):
    dates = {"mail": {"signed_on": received}, "fax": {"confirmed_on": received}, "email": {"confirmed_on": received}}
    app, _ = app_services.application_register(
        actor=staff.drafter, organization=staff.org, channel=channel, submitted_on=received, applicant_type=kind,
        **dates.get(channel, {}), **APPLICANT,
    )  # fmt: skip
    if decision:
        app_services.application_decide(actor=staff.drafter, application=app, decision=decision, decided_on=on)
        app_services.application_approve_reply(actor=staff.leader, application=app, approved_on=on)
    return app


@pytest.fixture
def county(db):
    county = make_org("统计县人民政府", slug="tj-county")
    a = make_staff("tja", org=make_org("甲镇人民政府", slug="tj-a", parent=county))
    b = make_staff("tjb", org=make_org("乙镇人民政府", slug="tj-b", parent=county))
    make_org("甲镇某村民委员会", slug="tj-a-village", parent=a.org, kind="village")
    leader = make_user("tj-county-leader", organization=county, roles=["leader"])
    drafter = make_user("tj-county-drafter", organization=county, roles=["drafter"])
    _items(
        a.org,
        [
            (D(2025, 1, 6), "local.overview", True),
            (D(2025, 1, 20), "local.overview", False),
            (D(2025, 3, 3), "local.management", True),
            (D(2025, 11, 28), "local.policies", False),
            (D(2024, 12, 30), "local.overview", True),  # the year before: not counted
        ],
    )
    _items(b.org, [(D(2025, 5, 6), "local.overview", False)])
    # Township A: six applications received in 2025, one carried over from 2024.
    _application(a, D(2024, 12, 23), decision="disclosed", on=D(2025, 1, 6))
    _application(a, D(2025, 2, 10), decision="disclosed", on=D(2025, 2, 14))
    _application(a, D(2025, 3, 3), kind="commercial", channel="fax", decision="partially_disclosed",
                 on=D(2025, 3, 17))  # fmt: skip
    _application(a, D(2025, 4, 1), kind="commercial", channel="mail", decision="unavailable_not_held",
                 on=D(2025, 4, 29))  # fmt: skip
    # received 2 June, answered 14 July: past the 20 working days (逾期答复)
    _application(a, D(2025, 6, 2), kind="research", decision="withheld_third_party", on=D(2025, 7, 14))
    abandoned = _application(a, D(2025, 7, 1), kind="legal_service", channel="email")
    app_services.application_issue_fee_notice(
        actor=a.drafter, application=abandoned, method="pages", units=50, sent_on=D(2025, 7, 2),
        delivered_on=D(2025, 7, 3),
    )  # fmt: skip
    app_services.application_close_abandoned(actor=a.drafter, application=abandoned, date=D(2025, 8, 5))
    _application(a, D(2025, 12, 29))  # open on 31 December
    review = app_services.review_case_record(actor=a.drafter, organization=a.org, filed_on=D(2025, 3, 1))
    app_services.remedy_case_conclude(actor=a.drafter, case=review, result="corrected", concluded_on=D(2025, 5, 1))
    app_services.review_case_record(actor=a.drafter, organization=a.org, filed_on=D(2025, 9, 1))
    app_services.lawsuit_case_record(actor=a.drafter, organization=a.org, filed_on=D(2025, 10, 9), route="direct")
    register_entry_create(
        actor=a.drafter, organization=a.org, model=RegulatoryDocument, kind="normative", title="某镇管理办法",
        made_on=D(2025, 2, 1), published_on=D(2025, 2, 3),
    )  # fmt: skip
    register_entry_create(actor=a.drafter, organization=a.org, model=Decision, kind="licensing",
                          decided_on=D(2025, 5, 5), quantity=5)  # fmt: skip
    register_entry_create(actor=a.drafter, organization=a.org, model=ProcurementProject, name="道路硬化",
                          procured_on=D(2025, 6, 1), amount=Decimal("322526.00"))  # fmt: skip
    # Township B: one application, answered in time.
    _application(b, D(2025, 5, 12), channel="counter", decision="disclosed", on=D(2025, 5, 20))
    return County(county=county, a=a, b=b, county_leader=leader, county_drafter=drafter)
