"""Every staff page of these apps, with odd query strings and as every kind of user, answers without a 500."""

import pytest
from django.urls import reverse

from gongkai.apps.organizations.testing import make_user
from gongkai.apps.publishing.models import Attachment, CatalogueNode
from gongkai.apps.publishing.services import catalogue_seed_township, item_create

pytestmark = pytest.mark.django_db

ODD = [
    "",
    "?page=-1",
    "?page=abc&status=zzz",
    "?year=99999&format=x",
    "?year=0",
    "?q=%00%27%22<script>",
    "?category=-5",
]


def test_pages_never_500(client):
    from gongkai.apps.organizations.testing import make_staff

    staff = make_staff()
    catalogue_seed_township(actor=None, organization=staff.org)
    node = CatalogueNode.objects.filter(organization=staff.org).first()
    item = item_create(actor=staff.drafter, organization=staff.org, title="标题", category=node)
    root = make_user("root")
    root.is_superuser = True
    root.save()
    slug = staff.org.slug
    urls = [
        reverse("staff:dashboard"),
        reverse("staff:org_home", args=[slug]),
        reverse("staff:members", args=[slug]),
        reverse("staff:audit", args=[slug]),
        reverse("staff:org_settings", args=[slug]),
        reverse("publishing:item_list", args=[slug]),
        reverse("publishing:item_create", args=[slug]),
        reverse("publishing:item_detail", args=[slug, item.pk]),
        reverse("publishing:item_edit", args=[slug, item.pk]),
        reverse("publishing:item_wechat", args=[slug, item.pk]),
        reverse("publishing:review_queue", args=[slug]),
        reverse("publishing:catalogue", args=[slug]),
        reverse("publishing:catalogue_create", args=[slug]),
        reverse("publishing:catalogue_edit", args=[slug, node.pk]),
        reverse("publishing:channels", args=[slug]),
        reverse("publishing:attachment_download", args=[slug, 987654]),
        reverse("registers:index", args=[slug]),
        *[
            reverse("registers:register_list", args=[slug, k])
            for k in ("documents", "matters", "decisions", "fees", "procurement")
        ],
    ]
    assert not Attachment.objects.exists()
    users = [None, staff.drafter, staff.reviewer, staff.leader, staff.sysadmin, staff.secadmin, staff.auditor, staff.outsider, root]
    for user in users:
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            for odd in ODD:
                response = client.get(url + odd)
                assert response.status_code < 500, (user, url + odd, response.status_code)
        # POSTs with empty or junk bodies
        for url in urls[5:]:
            response = client.post(url, {"junk": "x", "published_on": "not-a-date", "amount": "NaN"})
            assert response.status_code < 500, (user, url, response.status_code)
        for step in ("submit", "review_approve", "review_return", "sign", "sign_return", "withdraw", "revise"):
            response = client.post(reverse("publishing:item_step", args=[slug, item.pk, step]), {"published_on": "x"})
            assert response.status_code < 500, (user, step, response.status_code)
