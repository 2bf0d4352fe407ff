"""Catalogue columns (公开目录) and publication channels."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import require

from .. import constants
from ..choices import CatalogueKind, ChannelKind
from ..models import CatalogueNode, Channel
from .common import (
    CATEGORY_HAS_CONTENT,
    CATEGORY_OTHER_ORG,
    CATEGORY_PARENT_CYCLE,
)

# ------------------------------------------------------------------------------------------ catalogue


@transaction.atomic
def catalogue_node_create(
    *,
    actor,
    organization: Organization,
    name: str,
    parent: CatalogueNode | None = None,
    kind: str = CatalogueKind.LOCAL,
    code: str = "",
    basis: str = "",
    description: str = "",
    sort_order: int = 0,
) -> CatalogueNode:
    """Add a catalogue column (栏目); needs ``publishing.catalogue.manage``."""
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    if parent is not None and parent.organization_id != organization.pk:
        raise ValidationError({"parent": CATEGORY_OTHER_ORG})
    node = CatalogueNode(
        organization=organization,
        parent=parent,
        name=(name or "").strip(),
        kind=kind,
        code=code,
        basis=basis,
        description=description,
        sort_order=sort_order,
    )
    node.full_clean()
    node.save()
    audit_log(
        actor=actor, action="publishing.catalogue.create", obj=node, after=snapshot(node), organization=organization
    )
    return node


@transaction.atomic
def catalogue_node_update(*, actor, node: CatalogueNode, **fields) -> CatalogueNode:
    """Rename, move or describe a column; needs ``publishing.catalogue.manage``."""
    organization = node.organization
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    node = CatalogueNode.objects.select_for_update().get(pk=node.pk)
    before = snapshot(node)
    allowed = {"name", "parent", "basis", "description", "sort_order", "is_active"}
    if set(fields) - allowed:
        msg = f"unknown catalogue fields: {sorted(set(fields) - allowed)}"
        raise TypeError(msg)
    if "parent" in fields and fields["parent"] is not None:
        parent = fields["parent"]
        if parent.organization_id != organization.pk:
            raise ValidationError({"parent": CATEGORY_OTHER_ORG})
        cursor = parent
        while cursor is not None:
            if cursor.pk == node.pk:
                raise ValidationError({"parent": CATEGORY_PARENT_CYCLE})
            cursor = cursor.parent
    for key, value in fields.items():
        setattr(node, key, value.strip() if isinstance(value, str) else value)
    node.full_clean()
    node.save()
    audit_log(
        actor=actor,
        action="publishing.catalogue.update",
        obj=node,
        before=before,
        after=snapshot(node),
        organization=organization,
    )
    return node


@transaction.atomic
def catalogue_node_delete(*, actor, node: CatalogueNode) -> None:
    """Delete an empty column (no children, no items); needs ``publishing.catalogue.manage``."""
    organization = node.organization
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    if node.children.exists() or node.items.exists():
        raise ValidationError(CATEGORY_HAS_CONTENT)
    audit_log(
        actor=actor, action="publishing.catalogue.delete", obj=node, before=snapshot(node), organization=organization
    )
    node.delete()


@transaction.atomic
def catalogue_seed_township(*, actor, organization: Organization) -> int:
    """Seed a township's catalogue with the standard columns; existing codes are kept. Returns rows added.

    Columns: the seed report's four (概况信息, 综合管理信息, 政策文件及解读, 村居信息), 条例第二十条 （一）–（十五）,
    第二十一条's township list, and the recommended 基层政务公开 areas (law-and-formats.md §6.1).
    """
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    existing = set(CatalogueNode.objects.filter(organization=organization).values_list("code", flat=True))
    added = 0

    def add(code: str, name: str, *, parent=None, kind=CatalogueKind.LOCAL, basis: str = "", order: int = 0):
        nonlocal added
        if code in existing:
            return CatalogueNode.objects.get(organization=organization, code=code)
        node = CatalogueNode.objects.create(
            organization=organization, parent=parent, name=name, kind=kind, code=code, basis=basis, sort_order=order
        )
        added += 1
        return node

    for order, (code, name) in enumerate(constants.LOCAL_CATEGORIES, start=1):
        add(code, name, order=order)
    code, name = constants.ARTICLE_20_ROOT
    root = add(code, name, kind=CatalogueKind.ARTICLE_20, basis="条例第二十条", order=10)
    for i, title in enumerate(constants.ARTICLE_20_ITEMS, start=1):
        numeral = constants.CHINESE_NUMERALS[i - 1]
        add(
            f"art20.{i}",
            title,
            parent=root,
            kind=CatalogueKind.ARTICLE_20,
            basis=f"条例第二十条第（{numeral}）项",
            order=i,
        )
    code, name = constants.ARTICLE_21_ROOT
    root = add(code, name, kind=CatalogueKind.ARTICLE_21, basis="条例第二十一条", order=20)
    for i, title in enumerate(constants.ARTICLE_21_TOWNSHIP_ITEMS, start=1):
        add(f"art21.{i}", title, parent=root, kind=CatalogueKind.ARTICLE_21, basis="条例第二十一条", order=i)
    code, name = constants.AREAS_ROOT
    root = add(code, name, kind=CatalogueKind.GRASSROOTS_AREA, basis="国办发〔2019〕54号", order=30)
    for i, title in enumerate(constants.TOWNSHIP_AREAS, start=1):
        add(f"area.{i}", title, parent=root, kind=CatalogueKind.GRASSROOTS_AREA, basis="基层政务公开标准目录", order=i)
    channel_portal(organization)
    if added:
        audit_log(
            actor=actor,
            action="publishing.catalogue.seed",
            obj=organization,
            after={"added": added},
            organization=organization,
        )
    return added


# ------------------------------------------------------------------------------------------- channels


def channel_portal(organization: Organization) -> Channel:
    """The organization's portal channel (政府网站), created on first use."""
    channel = Channel.objects.filter(organization=organization, kind=ChannelKind.PORTAL).first()
    if channel is None:
        try:
            with transaction.atomic():
                channel = Channel.objects.create(organization=organization, kind=ChannelKind.PORTAL, name="政府网站")
        except IntegrityError:
            channel = Channel.objects.get(organization=organization, kind=ChannelKind.PORTAL)
    return channel


@transaction.atomic
def channel_create(*, actor, organization: Organization, kind: str, name: str) -> Channel:
    """Register a channel (e.g. the WeChat account “文明思礼”); needs ``publishing.catalogue.manage``."""
    if actor is not None:
        require(actor, "publishing.catalogue.manage", organization)
    if kind == ChannelKind.PORTAL and Channel.objects.filter(organization=organization, kind=kind).exists():
        raise ValidationError({"kind": "本机关已有政府网站渠道。"})
    channel = Channel(organization=organization, kind=kind, name=(name or "").strip())
    channel.full_clean()
    channel.save()
    audit_log(actor=actor, action="publishing.channel.create", obj=channel, after=snapshot(channel))
    return channel
