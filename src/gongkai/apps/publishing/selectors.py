"""Reads of proactive disclosure: staff lists, review queues, the portal's published items, yearly counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import restrict, user_can

from .choices import ChannelKind, ItemStatus, ReviewStage, ReviewStatus
from .models import Attachment, CatalogueNode, Channel, Distribution, Item, Review

__all__ = [
    "CatalogueEntry",
    "catalogue_tree",
    "distribution_counts",
    "item_counts_by_category",
    "item_list_for_user",
    "published_items",
    "review_queue",
]


def item_list_for_user(
    *,
    user,
    organization: Organization | None = None,
    status: str = "",
    category: CatalogueNode | None = None,
    q: str = "",
) -> QuerySet[Item]:
    """Items *user* may view (``publishing.item.view``), filtered by organization, status, column and text."""
    qs = restrict(Item.objects.select_related("organization", "category"), user, "publishing.item.view")
    if organization is not None:
        qs = qs.filter(organization=organization)
    if status:
        qs = qs.filter(status=status)
    if category is not None:
        qs = qs.filter(category__in=_subtree_ids(category))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(index_number__icontains=q) | Q(document_number__icontains=q))
    return qs.order_by("-updated_at", "-id")


#: Audit actions on an item that make their actor one of its drafters.
_DRAFTING_ACTIONS = ("publishing.item.create", "publishing.item.update", "publishing.item.revise")


def item_author_ids(item: Item) -> set[int]:
    """The people who drafted *item* (起草人): its creator and whoever edited, revised, attached a file to or
    submitted it. None of them may review or sign it (four eyes, whatever roles they hold)."""
    from django.contrib.contenttypes.models import ContentType

    from gongkai.apps.audit.models import AuditLog

    ids = {item.created_by_id}
    ids |= set(
        Review.objects.filter(item=item, stage=ReviewStage.CONFIDENTIALITY).values_list("submitted_by_id", flat=True)
    )
    ids |= set(
        AuditLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Item), object_id=str(item.pk), action__in=_DRAFTING_ACTIONS
        ).values_list("actor_id", flat=True)
    )
    attachment_ids = [str(pk) for pk in Attachment.objects.filter(item=item).values_list("pk", flat=True)]
    if attachment_ids:
        ids |= set(
            AuditLog.objects.filter(
                content_type=ContentType.objects.get_for_model(Attachment),
                object_id__in=attachment_ids,
                action="publishing.attachment.add",
            ).values_list("actor_id", flat=True)
        )
    ids.discard(None)
    return ids


def review_queue(*, user, organization: Organization) -> QuerySet[Item]:
    """Items waiting for *user* in *organization*: 待审核 for a 审核人, 待签发 for a 领导 (not those he drafted),
    returned drafts for a 经办人."""
    statuses = []
    if user_can(user, "publishing.item.review", organization):
        statuses.append(ItemStatus.PENDING_REVIEW)
    if user_can(user, "publishing.item.sign", organization):
        statuses.append(ItemStatus.PENDING_SIGNOFF)
    # Not the items the user created or submitted himself: he may not review or sign them (four eyes).
    own = Review.objects.filter(stage=ReviewStage.CONFIDENTIALITY, submitted_by_id=user.pk).values("item_id")
    condition = Q(status__in=statuses) & ~Q(created_by_id=user.pk) & ~Q(pk__in=own)
    if user_can(user, "publishing.item.edit", organization):
        returned = Review.objects.filter(status=ReviewStatus.RETURNED).values("item_id")
        condition |= Q(status=ItemStatus.DRAFT, pk__in=returned)
    if not statuses and not user_can(user, "publishing.item.edit", organization):
        return Item.objects.none()
    return (
        Item.objects.filter(organization=organization)
        .filter(condition)
        .select_related("category")
        .order_by("updated_at", "id")
    )


def published_items(
    *, organization: Organization, category: CatalogueNode | None = None, channel_kind: str = ChannelKind.PORTAL
) -> QuerySet[Item]:
    """Published items of *organization* that went out on its channel of *channel_kind* (default the portal).

    Withdrawn items are excluded. With *category*, the column and everything below it.
    """
    qs = Item.objects.filter(
        organization=organization,
        status=ItemStatus.PUBLISHED,
        distributions__channel__organization=organization,
        distributions__channel__kind=channel_kind,
    )
    if category is not None:
        qs = qs.filter(category__in=_subtree_ids(category))
    return qs.select_related("category").order_by("-published_on", "-index_year", "-index_sequence")


def _subtree_ids(node: CatalogueNode) -> list[int]:
    """Primary keys of *node* and its descendants (one query for the organization's whole catalogue)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in CatalogueNode.objects.filter(organization_id=node.organization_id).values_list("pk", "parent"):
        children.setdefault(parent, []).append(pk)
    result, stack = [], [node.pk]
    while stack:
        current = stack.pop()
        result.append(current)
        stack.extend(children.get(current, []))
    return result


def item_counts_by_category(*, organization: Organization, year: int) -> list[tuple[str, int]]:
    """Items published in *year*, counted per top-level catalogue column, in catalogue order.

    Counts items whose 发布日期 falls in *year* and which are still published (withdrawn items are not
    counted). Columns with no item are included with 0.
    """
    nodes = list(
        CatalogueNode.objects.filter(organization=organization).values("pk", "parent_id", "name", "sort_order")
    )
    by_pk = {n["pk"]: n for n in nodes}

    def root_of(pk: int) -> int:
        while by_pk[pk]["parent_id"] is not None:
            pk = by_pk[pk]["parent_id"]
        return pk

    per_category = (
        Item.objects.filter(organization=organization, status=ItemStatus.PUBLISHED, published_on__year=year)
        .values("category_id")
        .annotate(n=Count("id"))
    )
    totals: Counter[int] = Counter()
    for row in per_category:
        totals[root_of(row["category_id"])] += row["n"]
    roots = sorted((n for n in nodes if n["parent_id"] is None), key=lambda n: (n["sort_order"], n["pk"]))
    return [(n["name"], totals.get(n["pk"], 0)) for n in roots]


def distribution_counts(*, organization: Organization, year: int) -> list[tuple[Channel, int]]:
    """Per channel of *organization*, how many items went out on it in *year* (by the distribution's time)."""
    counts = dict(
        Distribution.objects.filter(
            channel__organization=organization, published_at__year=year, item__status=ItemStatus.PUBLISHED
        )
        .values("channel_id")
        .annotate(n=Count("id"))
        .values_list("channel_id", "n")
    )
    channels = Channel.objects.filter(organization=organization).order_by("kind", "id")
    return [(c, counts.get(c.pk, 0)) for c in channels]


@dataclass
class CatalogueEntry:
    """One node of the catalogue tree with its depth, for templates."""

    node: CatalogueNode
    depth: int
    item_count: int = 0


def catalogue_tree(
    organization: Organization, *, active_only: bool = False, with_counts: bool = False
) -> list[CatalogueEntry]:
    """The organization's catalogue flattened in tree order (depth-first), optionally with published counts."""
    qs = CatalogueNode.objects.filter(organization=organization)
    if active_only:
        qs = qs.filter(is_active=True)
    nodes = list(qs.order_by("sort_order", "id"))
    counts: dict[int, int] = {}
    if with_counts:
        counts = dict(
            Item.objects.filter(organization=organization, status=ItemStatus.PUBLISHED)
            .values("category_id")
            .annotate(n=Count("id"))
            .values_list("category_id", "n")
        )
    children: dict[int | None, list[CatalogueNode]] = {}
    present = {n.pk for n in nodes}
    for node in nodes:
        parent = node.parent_id if node.parent_id in present else None
        children.setdefault(parent, []).append(node)
    result: list[CatalogueEntry] = []

    def walk(parent: int | None, depth: int) -> None:
        for node in children.get(parent, []):
            result.append(CatalogueEntry(node=node, depth=depth, item_count=counts.get(node.pk, 0)))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return result
