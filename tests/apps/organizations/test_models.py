import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.services import organization_create, organization_update
from gongkai.apps.organizations.testing import make_org

pytestmark = pytest.mark.django_db


def test_tree_paths_and_descendants():
    county = make_org("某县人民政府", slug="county")
    town = make_org("某镇人民政府", slug="town", parent=county)
    village = make_org("某村", slug="village", parent=town, kind=OrganizationKind.VILLAGE)
    assert county.path == f"/{county.pk}/"
    assert town.path == f"/{county.pk}/{town.pk}/"
    assert village.ancestor_ids == [county.pk, town.pk]
    assert village.depth == 2
    assert set(county.descendants()) == {town, village}
    assert set(town.descendants(include_self=True)) == {town, village}


def test_name_and_slug_unique_and_code_unique_when_set():
    make_org("甲镇人民政府", slug="jia")
    with pytest.raises(ValidationError) as exc:
        make_org("甲镇人民政府", slug="jia2")
    assert "name" in exc.value.message_dict
    make_org("乙镇人民政府", slug="yi")  # two empty codes are fine
    make_org("丙镇人民政府", slug="bing", code="ABC")
    with pytest.raises(IntegrityError):
        Organization.objects.create(name="丁镇人民政府", kind=OrganizationKind.TOWNSHIP, slug="ding", code="ABC")


def test_slug_must_be_ascii():
    with pytest.raises(ValidationError) as exc:
        organization_create(actor=None, name="戊镇", kind=OrganizationKind.TOWNSHIP, slug="戊镇")
    assert "slug" in exc.value.message_dict


def test_index_prefix_falls_back_to_slug():
    assert make_org("己镇", slug="ji-zhen").index_prefix == "JI-ZHEN"
    assert make_org("庚镇", slug="geng", code="11370783MB").index_prefix == "11370783MB"


def test_move_repaths_subtree_and_refuses_cycles():
    a = make_org("甲县", slug="a")
    b = make_org("乙县", slug="b")
    town = make_org("丙镇", slug="town", parent=a)
    village = make_org("丁村", slug="village", parent=town, kind=OrganizationKind.VILLAGE)
    organization_update(actor=None, organization=town, parent=b)
    village.refresh_from_db()
    assert village.path == f"/{b.pk}/{town.pk}/{village.pk}/"
    with pytest.raises(ValidationError):
        organization_update(actor=None, organization=town, parent=village)
