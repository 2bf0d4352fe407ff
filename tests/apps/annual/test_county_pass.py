"""A county's annual reports in one pass (``build_reports``: one GROUP BY per table over all bodies) equal the
per-body generation (``build_report``) for every body of the demo, every year, both formats.

The demo holds a county, its townships and departments with registers, applications, 复议/诉讼 cases and
publications; the seed reproduction tests pin the per-body figures to 思礼镇's published 2020 report.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.apps.annual.records import build_report, build_reports
from gongkai.apps.applications.models import Application
from gongkai.apps.organizations.models import Organization
from gongkai.web.demo import SEED_ORG, build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo()
        _spread_over_two_bodies()
        yield
        from django.core.management import call_command

        from gongkai.apps.publishing.terms import ensure_shipped_terms

        call_command("flush", interactive=False, verbosity=0)
        # flush empties the tables the migrations filled too: put their data back for the tests that follow
        ensure_shipped_terms()


def _spread_over_two_bodies() -> None:
    """Move every other record of the body that has them to a second one, so that the GROUP BYs see several
    bodies' rows of every table (the demo keeps applications and registers in 思礼镇 alone)."""
    from gongkai.apps.applications.models import LawsuitCase, ReviewCase
    from gongkai.apps.registers.models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter

    seed = Organization.objects.get(name=SEED_ORG)
    other = Organization.objects.exclude(pk=seed.pk).filter(kind=seed.kind).order_by("id").first()
    for model in (Application, ReviewCase, LawsuitCase, RegulatoryDocument, ServiceMatter, Decision, FeeIncome, ProcurementProject):
        ids = list(model.objects.filter(organization=seed).order_by("id").values_list("id", flat=True))[::2]
        model.objects.filter(pk__in=ids).update(organization=other)


@pytest.mark.parametrize("year", [2020, 2021, 2023, 2024, 2025])
@pytest.mark.parametrize("format", [None, "2019", "2021"])
def test_one_pass_equals_each_body_alone(demo, year, format):
    bodies = list(Organization.objects.order_by("id"))
    assert len(bodies) >= 5
    sections = {o.pk: {"problems": f"{o.name}的问题", "other": "无。"} for o in bodies}
    together = build_reports(bodies, year, format, sections=sections)
    assert set(together) == {o.pk for o in bodies}
    for body in bodies:
        alone = build_report(body, year, format, problems=f"{body.name}的问题", other="无。")
        assert together[body.pk].to_json() == alone.to_json(), body.name


def test_the_fixture_has_data_in_several_bodies(demo):
    with_applications = Application.objects.values("organization_id").distinct().count()
    assert with_applications >= 2
    bodies = list(Organization.objects.all())
    reports = build_reports(bodies, 2024)
    published = [r for r in reports.values() if "发布信息共" in r.sections["overview"]]
    assert len(published) >= 2


def test_the_query_count_does_not_grow_with_the_bodies(demo):
    bodies = list(Organization.objects.order_by("id"))
    with CaptureQueriesContext(connection) as one:  # the body with records in every table
        build_reports([Organization.objects.get(name=SEED_ORG)], 2020)
    with CaptureQueriesContext(connection) as all_of_them:
        build_reports(bodies, 2020)
    # the same statements, whatever the number of bodies (one fewer or more where a table has no row to join)
    assert len(bodies) >= 5 and abs(len(all_of_them) - len(one)) <= 1 and len(all_of_them) <= 16


def _report_statements():
    """Every statement behind the annual report, with the values it is run with for a year."""
    import datetime as dt

    from gongkai.apps.annual import records
    from gongkai.apps.applications import selectors as applications
    from gongkai.apps.registers import selectors as registers

    def dates(year):
        return {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}

    def window(year):
        start, end = records._year_range(year)
        return {"start": start, "end": end}

    pub = records._statements()
    return [
        (registers._DOCUMENTS, lambda ids, channels, y: {"ids": ids, **dates(y)}),
        (registers._MATTERS, lambda ids, channels, y: {"ids": ids, "before": dt.date(y - 1, 12, 31), "now": dt.date(y, 12, 31)}),
        (registers._DECISIONS, lambda ids, channels, y: {"ids": ids, **dates(y)}),
        *[(s, lambda ids, channels, y: {"ids": ids, **dates(y)}) for s in registers._SUMS.values()],
        *[
            (s, lambda ids, channels, y: {"ids": ids, "year": y})
            for s in (applications._NEW, applications._OPEN, applications._CLOSED_FROM_BEFORE, applications._CLOSED_AFTER, applications._RESULTS)
        ],
        (applications._REVIEWS, lambda ids, channels, y: {"ids": ids, **dates(y)}),
        (applications._LAWSUITS, lambda ids, channels, y: {"ids": ids, **dates(y)}),
        (pub.channels, lambda ids, channels, y: {"ids": ids}),
        (pub.per_channel, lambda ids, channels, y: {"channels": channels, **window(y)}),
        (pub.per_category, lambda ids, channels, y: {"channels": channels, **window(y)}),
    ]


@pytest.mark.parametrize("year", [2020, 2021, 2023, 2024, 2025])
def test_the_compiled_statements_return_what_the_orm_returns(demo, year):
    from gongkai.apps.publishing.models import Channel

    bodies = list(Organization.objects.order_by("id").values_list("id", flat=True))
    seed = Organization.objects.get(name=SEED_ORG).pk
    seen_rows = 0
    for ids in ([seed], bodies, bodies[::-1][:3]):
        channels = list(Channel.objects.filter(organization_id__in=ids).order_by("id").values_list("id", flat=True))
        for statement, values_for in _report_statements():
            values = values_for(ids, channels, year)
            compiled = statement.rows(**values)
            assert compiled == statement.rows(compiled=False, **values), (statement.model.__name__, values)
            seen_rows += len(compiled)
    assert seen_rows > 0


def test_the_compiled_statements_on_empty_tables(demo):
    """A body with no record in any table: every statement returns no rows on both paths, and its report is all zeros."""
    from gongkai.apps.organizations.testing import make_org

    empty = make_org(name="无记录镇人民政府")
    for statement, values_for in _report_statements():
        values = values_for([empty.pk], [10**9], 2024)
        assert statement.rows(**values) == statement.rows(compiled=False, **values) == []
    report = build_report(empty, 2024)
    assert report.table3["new_received"]["total"] == 0 and report.table4["reconsideration"]["total"] == 0
    assert "未收到政府信息公开申请" in report.sections["overview"]
