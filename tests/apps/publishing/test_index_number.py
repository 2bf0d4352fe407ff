"""索引号 as the national scheme sets it (国办秘函〔2009〕6号), configurable per deployment, never changed."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from gongkai.apps.organizations.services import organization_update
from gongkai.apps.publishing.services import item_update
from gongkai.apps.publishing.services.common import index_number_for

from .helpers import draft, staff_with_catalogue

pytestmark = pytest.mark.django_db


def test_default_is_credit_code_slash_year_dash_five_digits():
    assert index_number_for("11441700007280420Y", 2021, 50) == "11441700007280420Y/2021-00050"


def test_items_take_the_bodys_credit_code(settings):
    staff = staff_with_catalogue("ix1")
    organization_update(actor=None, organization=staff.org, code="11441700007280420Y")
    first, second = draft(staff), draft(staff, "第二条")
    assert (first.index_number, second.index_number) == ("11441700007280420Y/2020-00001", "11441700007280420Y/2020-00002")


def test_a_province_pattern_applies_to_new_items_only(settings):
    staff = staff_with_catalogue("ix2")
    organization_update(actor=None, organization=staff.org, code="11441700007280420Y")
    old = draft(staff)
    settings.GONGKAI_INDEX_PATTERN = "{code}-{year}-{seq:06d}"
    new = draft(staff, "新格式")
    assert new.index_number == "11441700007280420Y-2020-000002"
    old = item_update(actor=staff.drafter, item=old, title="改了标题")
    assert old.index_number == "11441700007280420Y/2020-00001"


@pytest.mark.parametrize("pattern", ["{code}/{seq}", "{code}/{year}-{seq:zz}", "{code}{year}{seq}{other}"])
def test_a_bad_pattern_is_a_clear_configuration_error(pattern):
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_INDEX_PATTERN"):
        index_number_for("X", 2021, 1, pattern)


def test_a_credit_code_with_a_wrong_check_character_is_refused():
    staff = staff_with_catalogue("ix3")
    with pytest.raises(ValidationError, match="统一社会信用代码校验位"):
        organization_update(actor=None, organization=staff.org, code="11441700007280420X")
    with pytest.raises(ValidationError, match="组织机构代码校验位"):
        organization_update(actor=None, organization=staff.org, code="00728042-1")
    assert organization_update(actor=None, organization=staff.org, code="00728042-0").code == "00728042-0"
