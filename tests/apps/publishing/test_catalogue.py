import pytest
from django.core.exceptions import ValidationError

from gongkai.apps.organizations.testing import check_access
from gongkai.apps.publishing.models import CatalogueNode
from gongkai.apps.publishing.selectors import catalogue_tree
from gongkai.apps.publishing.services import (
    catalogue_node_create,
    catalogue_node_delete,
    catalogue_node_update,
    catalogue_seed_township,
)

from .helpers import draft, staff_with_catalogue

pytestmark = pytest.mark.django_db


def test_seed_has_standard_columns_and_is_idempotent():
    staff = staff_with_catalogue()
    nodes = CatalogueNode.objects.filter(organization=staff.org)
    names = set(nodes.values_list("name", flat=True))
    assert {"概况信息", "综合管理信息", "政策文件及解读", "村居信息"} <= names
    assert nodes.filter(code__startswith="art20.").count() == 15
    assert nodes.filter(code__startswith="art21.").count() == 8
    assert nodes.get(code="art20.9").basis == "条例第二十条第（九）项"
    assert {"社会救助", "公共资源交易"} <= set(nodes.filter(code__startswith="area.").values_list("name", flat=True))
    count = nodes.count()
    assert catalogue_seed_township(actor=None, organization=staff.org) == 0
    assert nodes.count() == count
    tree = catalogue_tree(staff.org)
    assert [e.node.name for e in tree[:4]] == ["概况信息", "综合管理信息", "政策文件及解读", "村居信息"]
    assert max(e.depth for e in tree) == 1


def test_sysadmin_edits_catalogue_others_cannot():
    staff = staff_with_catalogue()

    def attempt(user):
        node = catalogue_node_create(actor=user, organization=staff.org, name=f"专栏{user.pk}")
        catalogue_node_update(actor=user, node=node, name=f"专栏改{user.pk}")
        catalogue_node_delete(actor=user, node=node)

    check_access(staff, attempt, allowed_roles={"sysadmin"})


def test_catalogue_rules():
    staff = staff_with_catalogue()
    parent = catalogue_node_create(actor=staff.sysadmin, organization=staff.org, name="专题")
    child = catalogue_node_create(actor=staff.sysadmin, organization=staff.org, name="子栏目", parent=parent)
    with pytest.raises(ValidationError):
        catalogue_node_create(actor=staff.sysadmin, organization=staff.org, name="子栏目", parent=parent)
    with pytest.raises(ValidationError) as exc:
        catalogue_node_update(actor=staff.sysadmin, node=parent, parent=child)
    assert "下级栏目" in str(exc.value)
    with pytest.raises(ValidationError):
        catalogue_node_delete(actor=staff.sysadmin, node=parent)  # has a child
    with pytest.raises(ValidationError):
        catalogue_node_create(actor=staff.sysadmin, organization=staff.org, name="  ")
    other_parent = CatalogueNode.objects.filter(organization=staff.other_org).first()
    with pytest.raises(ValidationError):
        catalogue_node_create(actor=staff.sysadmin, organization=staff.org, name="越界", parent=other_parent)
    used = draft(staff).category
    with pytest.raises(ValidationError) as exc:
        catalogue_node_delete(actor=staff.sysadmin, node=used)
    assert "不能删除" in exc.value.messages[0]
