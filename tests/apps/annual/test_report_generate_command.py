"""``gongkai report generate`` refuses a bad --year with the web form's Chinese message, not a traceback."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.apps.organizations.testing import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_staff("rg").org


@pytest.mark.parametrize(
    ("year", "message"),
    [("abc", "年度应为数字"), ("99999", "年度不能晚于明年"), ("2010", "年度不能早于 2019 年")],
)
def test_bad_year_is_a_command_error(org, year, message):
    with pytest.raises(CommandError, match=message):
        call_command("report_generate", "--org", org.slug, "--year", year, "--json")


def test_year_given_as_text_generates_that_year(org):
    out = io.StringIO()
    call_command("report_generate", "--org", org.slug, "--year", "2021", "--json", stdout=out)
    assert '"year": 2021' in out.getvalue()
