"""Run by tests/web/test_replica.py in a child pytest with DATABASE_REPLICA_URL set (the replica alias exists
only then). The replica is a TEST MIRROR of the primary's test database: the same rows, its own connection, so
the queries each connection runs show where the router sent them."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from gongkai.apps.organizations.models import Organization
from gongkai.web.dbrouter import replica_reads
from tests.apps.portal.helpers import portal_staff, published

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


class _Both:
    def __enter__(self):
        self._stack = ExitStack()
        self.primary = self._stack.enter_context(CaptureQueriesContext(connections["default"]))
        self.replica = self._stack.enter_context(CaptureQueriesContext(connections["replica"]))
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)

    def tables(self, which: str) -> str:
        return "\n".join(q["sql"] for q in getattr(self, which).captured_queries)


def test_the_replica_is_configured_as_a_test_mirror():
    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"
    assert connections["replica"].settings_dict["NAME"] == connections["default"].settings_dict["NAME"]


def test_portal_pages_read_from_the_replica(client):
    staff = portal_staff("rp")
    item = published(staff.org, "关于开展秋季征兵工作的通告")
    for url in (f"/{staff.org.slug}/", f"/{staff.org.slug}/items/{item.pk}/", f"/{staff.org.slug}/catalogue/"):
        with _Both() as seen:
            response = client.get(url)
        assert response.status_code == 200, url
        assert "publishing_item" in seen.tables("replica") or "organizations_organization" in seen.tables("replica"), (
            url
        )
        assert "publishing_item" not in seen.tables("primary"), url
        assert "organizations_organization" not in seen.tables("primary"), url
    page = client.get(f"/{staff.org.slug}/items/{item.pk}/").content.decode()
    assert "关于开展秋季征兵工作的通告" in page


def test_staff_pages_and_sessions_read_the_primary(client):
    staff = portal_staff("rs")
    client.force_login(staff.drafter)
    with _Both() as seen:
        response = client.get("/staff/", follow=True)
    assert response.status_code == 200
    assert "organizations_organization" in seen.tables("primary") and seen.tables("replica") == ""
    with _Both() as seen:
        portal = client.get(f"/{staff.org.slug}/")
    assert portal.status_code == 200
    assert "django_session" in seen.tables("primary") and "django_session" not in seen.tables("replica")
    assert "auth_user" not in seen.tables("replica")


def test_writes_go_to_the_primary_even_while_reads_go_to_the_replica():
    with replica_reads(), _Both() as seen:
        Organization.objects.create(name="写入镇人民政府", slug="write-town", path="/")
        found = Organization.objects.filter(slug="write-town").exists()
    assert found
    assert "INSERT" in seen.tables("primary") and "INSERT" not in seen.tables("replica")
    assert "organizations_organization" in seen.tables("replica")  # the read after it


def test_reads_inside_a_transaction_stay_on_the_primary():
    with replica_reads(), _Both() as seen, transaction.atomic():
        Organization.objects.filter(slug="nobody").exists()
    assert "organizations_organization" in seen.tables("primary") and seen.tables("replica") == ""


def test_a_post_to_the_portal_is_not_sent_to_the_replica(client):
    staff = portal_staff("rw")
    with _Both() as seen:
        client.post(f"/{staff.org.slug}/search/", {"q": "x"})
    assert seen.tables("replica") == ""
