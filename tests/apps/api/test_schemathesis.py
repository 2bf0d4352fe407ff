"""schemathesis against the OpenAPI document, in-process through the WSGI application: generated requests to
every operation (public ones anonymous, token ones with a token holding every scope) never get a server error,
and every response matches the documented status codes, content type and schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.apps.api.tokens import SCOPES, token_issue

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema():
    from gongkai.web.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI application itself, whose request signals close the database connection
    (inside the test's transaction it looks unusable): keep it open, as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def every_scope(world):
    _, secret = token_issue(
        actor=world.county_secadmin, organization=world.county, name="全部权限", kind="platform", scopes=list(SCOPES)
    )
    return secret


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_openapi_document(case, world, every_scope, settings):
    settings.GONGKAI_STATUS_RATE = ""  # generated lookups are many; the throttle has its own test
    headers = {"Authorization": f"Bearer {every_scope}"} if case.operation.definition.raw.get("security") else None
    case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.django_db
def test_real_records_conform_too(api_schema, world, every_scope):
    """Generated slugs and ids mostly miss: the same checks on the fixture's real body, item, report and job."""
    slug, item = world.staff.org.slug, world.item.pk
    auth = {"Authorization": f"Bearer {every_scope}"}
    calls = [
        ("/api/bodies/{slug}", "GET", {"path_parameters": {"slug": slug}}),
        ("/api/bodies/{slug}/catalogue", "GET", {"path_parameters": {"slug": slug}}),
        ("/api/bodies/{slug}/items", "GET", {"path_parameters": {"slug": slug}, "query": {"page_size": 5}}),
        ("/api/bodies/{slug}/items/{item_id}", "GET", {"path_parameters": {"slug": slug, "item_id": item}}),
        ("/api/bodies/{slug}/registers", "GET", {"path_parameters": {"slug": slug}}),
        ("/api/bodies/{slug}/reports", "GET", {"path_parameters": {"slug": slug}}),
        ("/api/bodies/{slug}/reports/{year}", "GET", {"path_parameters": {"slug": slug, "year": 2021}}),
        (
            "/api/applications/status",
            "POST",
            {"body": {"tracking_number": world.application.tracking_number, "query_code": world.query_code}},
        ),
        ("/api/applications", "GET", {"headers": auth}),
        ("/api/sync/items", "GET", {"headers": auth}),
    ]
    for path, method, kwargs in calls:
        case = api_schema[path][method].Case(**kwargs)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
