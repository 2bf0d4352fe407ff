"""Fixtures for the applications app: an organization with staff, and a factory of applications."""

import datetime as dt

import pytest

from gongkai.apps.applications import services
from gongkai.apps.organizations.testing import make_staff

APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "id_card",
    "id_number": "110101199001011234",
    "phone": "13800138000",
    "email": "zhangsan@example.cn",
    "address": "某市某区某路1号",
    "description": "2024年某镇农村道路建设项目的招标文件",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


@pytest.fixture
def staff(db):
    return make_staff("ap")


@pytest.fixture
def register(staff):
    """Register a counter application received on *received* (default 2025-03-03)."""

    def make(received=dt.date(2025, 3, 3), **overrides):
        data = {**APPLICANT, **overrides}
        app, _code = services.application_register(
            actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=received, **data
        )
        return app

    return make


def reply(staff, application, decision, on, reason=""):
    """The 经办人 decides and the 领导 approves on the same day: the reply is issued on *on*."""
    services.application_decide(
        actor=staff.drafter, application=application, decision=decision, decided_on=on, reason=reason
    )
    return services.application_approve_reply(actor=staff.leader, application=application, approved_on=on)
