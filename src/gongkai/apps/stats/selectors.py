"""Reads of the statistics (统计): one GROUP BY query per measure over every body in scope.

Each query groups by organization as well, so the county's totals and its per-body table come from the
same rows; Python only adds up the grouped rows (at most bodies × months × categories), never the
records themselves. The counting rules are the annual report's, so the figures agree with it:

* items: distributions (发布记录) whose 发布时间 falls in the year, local time, per channel kind and month;
  per category for the portal only (the report's 一、总体情况 counts the website's items by category);
* applications received: 收到申请之日 in the year (table 3 一、本年新收), by channel, applicant type, month;
* outcomes: applications closed (办结) in the year, by decision (table 3 三), in the template's six groups;
* days to answer: working days from 收到申请之日 to 办结日期 (the statutory count), for the year's replies,
  not counting those closed as abandoned (逾期不补正, 逾期未缴费: no reply was made); median and 90th
  percentile (nearest rank); 按期 = closed on or before the stored 答复期限;
* 复议/诉讼: cases filed in the year, in the column of their result as of 31 December (table 4);
* registers: the 第二十条 registers' yearly counts (table 2's rules).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from gongkai.apps.applications.calendar import holiday_calendar
from gongkai.apps.applications.choices import (
    OPEN_STATUSES,
    ApplicantType,
    CaseResult,
    Decision,
    LawsuitRoute,
)
from gongkai.apps.applications.choices import Channel as ApplicationChannel
from gongkai.apps.applications.models import Application, LawsuitCase, ReviewCase
from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import organizations_for_user, user_can
from gongkai.apps.publishing.choices import ChannelKind
from gongkai.apps.publishing.models import Distribution
from gongkai.apps.registers.choices import DecisionKind, DocumentKind
from gongkai.apps.registers.models import Decision as RegisterDecision
from gongkai.apps.registers.models import FeeIncome, ProcurementProject, RegulatoryDocument
from gongkai.apps.registers.selectors import to_wanyuan

__all__ = [
    "ABANDONED",
    "OUTCOME_GROUPS",
    "BodyRow",
    "Statistics",
    "Timeliness",
    "latest_year_with_data",
    "scope_organizations",
    "statistics_for",
]

VIEW = "stats.view"

#: Decisions that close an application without a reply (视为放弃): left out of the days to answer.
ABANDONED = (Decision.OTHER_NO_CORRECTION, Decision.OTHER_UNPAID_FEE)
#: Table 3's result rows in the template's six groups.
OUTCOME_GROUPS = (
    ("予以公开", ("disclosed",)),
    ("部分公开", ("partially_disclosed",)),
    ("不予公开", ("withheld_",)),
    ("无法提供", ("unavailable_",)),
    ("不予处理", ("not_processed_",)),
    ("其他处理", ("other_",)),
)
REMEDY_RESULTS = (CaseResult.UPHELD, CaseResult.CORRECTED, CaseResult.OTHER, CaseResult.PENDING)


def _outcome_group(decision: str) -> str:
    for label, prefixes in OUTCOME_GROUPS:
        if decision.startswith(prefixes):
            return label
    return "其他处理"


@dataclass
class Timeliness:
    """Days to answer (working days) of the year's replies, and how many kept the 答复期限."""

    answered: int = 0
    median: int | None = None
    p90: int | None = None
    mean: float | None = None
    on_time: int = 0
    late: int = 0
    histogram: list[tuple[str, int]] = field(default_factory=list)

    @property
    def on_time_share(self) -> float | None:
        """Share of replies made within the 答复期限 (of those whose period is known)."""
        known = self.on_time + self.late
        return self.on_time / known if known else None

    @property
    def late_share(self) -> float | None:
        """逾期率: share of replies made after the 答复期限."""
        known = self.on_time + self.late
        return self.late / known if known else None


@dataclass
class BodyRow:
    """One body's headline figures (the county's per-body table)."""

    organization: Organization
    items: int = 0
    received: int = 0
    closed: int = 0
    on_time: int = 0
    late: int = 0
    overdue_open: int = 0
    median_days: int | None = None
    reconsideration: int = 0
    litigation: int = 0

    @property
    def on_time_share(self) -> float | None:
        known = self.on_time + self.late
        return self.on_time / known if known else None


@dataclass
class Statistics:
    """The statistics of one year over the bodies in scope."""

    year: int
    organizations: list[Organization]
    monthly_items: dict[str, list[int]] = field(default_factory=dict)  # channel kind label → 12 months
    per_category: list[tuple[str, int]] = field(default_factory=list)
    monthly_applications: list[int] = field(default_factory=lambda: [0] * 12)
    app_channels: list[tuple[str, int]] = field(default_factory=list)
    applicant_types: list[tuple[str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    timeliness: Timeliness = field(default_factory=Timeliness)
    overdue_open: int = 0
    remedies: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # row → REMEDY_RESULTS
    documents: list[tuple[str, tuple[int, int, int]]] = field(default_factory=list)  # made, published, repealed
    decisions: list[tuple[str, int]] = field(default_factory=list)
    procurement: tuple[int, Decimal] = (0, Decimal(0))  # projects, 万元
    fees: Decimal = Decimal(0)  # 万元
    bodies: list[BodyRow] = field(default_factory=list)

    @property
    def items_total(self) -> int:
        return sum(sum(months) for months in self.monthly_items.values())

    @property
    def per_channel(self) -> list[tuple[str, int]]:
        return [(label, sum(months)) for label, months in self.monthly_items.items()]

    @property
    def received(self) -> int:
        return sum(self.monthly_applications)

    @property
    def closed(self) -> int:
        return sum(n for _, n in self.outcomes)


def scope_organizations(user, organization: Organization) -> list[Organization]:
    """The bodies whose statistics *user* sees from *organization*: itself and, for a supervisor, the bodies
    below it that he may see (村（居）委员会 are not 机关 and are left out), in tree order."""
    if not user_can(user, VIEW, organization):
        return []
    below = (
        organization.descendants(include_self=True)
        .exclude(kind=OrganizationKind.VILLAGE)
        .filter(pk__in=organizations_for_user(user, VIEW).values("pk"))
    )
    found = list(below.order_by("path", "sort_order", "name"))
    if organization not in found:
        found.insert(0, organization)
    return found


def latest_year_with_data(organizations: list[Organization], *, today: dt.date | None = None) -> int:
    """The year the statistics page opens on: the latest year up to this one in which a body in scope
    published an item or received or closed an application; the last complete year when none did."""
    today = today or timezone.localdate()
    ids = [org.pk for org in organizations]
    applications = Application.objects.filter(organization_id__in=ids)
    received = applications.filter(received_year__lte=today.year).aggregate(y=Max("received_year"))["y"]
    closed = applications.filter(closed_year__lte=today.year).aggregate(y=Max("closed_year"))["y"]
    _start, end = _year_range(today.year)
    published = Distribution.objects.filter(channel__organization_id__in=ids, published_at__lt=end).aggregate(
        last=Max("published_at")
    )["last"]
    found = [y for y in (received, closed) if y]
    if published is not None:
        found.append(timezone.localtime(published).year)
    return max(found) if found else today.year - 1


def _month_starts(year: int, *, aware: bool) -> list:
    """The first moment (or day) of each month of *year* and of the next January: 13 bounds."""
    days = [dt.date(year, m, 1) for m in range(1, 13)] + [dt.date(year + 1, 1, 1)]
    if not aware:
        return days
    tz = timezone.get_current_timezone()
    return [dt.datetime(d.year, d.month, 1, tzinfo=tz) for d in days]


def _month_counts(field_name: str, bounds: list) -> dict[str, Count]:
    """``m1`` … ``m12``: counts per month as range conditions, which every database answers from plain
    comparisons (extracting the month would call a Python function per row on SQLite)."""
    return {
        f"m{m + 1}": Count("id", filter=Q(**{f"{field_name}__gte": bounds[m], f"{field_name}__lt": bounds[m + 1]}))
        for m in range(12)
    }


def _year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def statistics_for(*, organizations: list[Organization], year: int, today: dt.date | None = None) -> Statistics:
    """The statistics of *year* over *organizations* (from :func:`scope_organizations`)."""
    today = today or timezone.localdate()
    ids = [org.pk for org in organizations]
    stats = Statistics(year=year, organizations=list(organizations))
    bodies = {org.pk: BodyRow(org) for org in organizations}
    _items(stats, ids, year, bodies)
    _applications(stats, ids, year, bodies)
    _closed(stats, ids, year, bodies)
    _days(stats, ids, year, bodies)
    _overdue_open(stats, ids, year, today, bodies)
    _remedies(stats, ids, year, bodies)
    _registers(stats, ids, year)
    stats.bodies = list(bodies.values())
    return stats


def _items(stats: Statistics, ids: list[int], year: int, bodies: dict[int, BodyRow]) -> None:
    start, end = _year_range(year)
    distributions = Distribution.objects.filter(
        channel__organization_id__in=ids, published_at__gte=start, published_at__lt=end
    )
    rows = (
        distributions.values("channel__organization_id", "channel__kind")
        .annotate(**_month_counts("published_at", _month_starts(year, aware=True)))
        .order_by()
    )
    labels = dict(ChannelKind.choices)
    monthly: dict[str, list[int]] = {str(labels[kind]): [0] * 12 for kind in ChannelKind.values}
    for row in rows:
        months = monthly[str(labels[row["channel__kind"]])]
        for m in range(12):
            months[m] += row[f"m{m + 1}"]
            bodies[row["channel__organization_id"]].items += row[f"m{m + 1}"]
    stats.monthly_items = {label: months for label, months in monthly.items() if any(months)}
    by_category = (
        distributions.filter(channel__kind=ChannelKind.PORTAL)
        .values("item__category_id", "item__category__name", "item__category__sort_order")
        .annotate(n=Count("id"))
        .order_by("item__category__sort_order", "item__category_id")
    )
    merged: dict[str, int] = {}
    if len(ids) == 1:  # one body: one line per category, as its report counts them
        stats.per_category = [(row["item__category__name"] or "（未分类）", row["n"]) for row in by_category]
        return
    for row in by_category:  # several bodies: categories of the same name add up
        name = row["item__category__name"] or "（未分类）"
        merged[name] = merged.get(name, 0) + row["n"]
    stats.per_category = list(merged.items())


def _applications(stats: Statistics, ids: list[int], year: int, bodies: dict[int, BodyRow]) -> None:
    received = Application.objects.filter(organization_id__in=ids, received_year=year)
    rows = received.values("organization_id", "channel", "applicant_type").annotate(n=Count("id")).order_by()
    channels: dict[str, int] = defaultdict(int)
    types: dict[str, int] = defaultdict(int)
    for row in rows:
        channels[row["channel"]] += row["n"]
        types[row["applicant_type"]] += row["n"]
        bodies[row["organization_id"]].received += row["n"]
    months = received.aggregate(**_month_counts("received_on", _month_starts(year, aware=False)))
    stats.monthly_applications = [months[f"m{m + 1}"] or 0 for m in range(12)]
    stats.app_channels = [(str(label), channels.get(value, 0)) for value, label in ApplicationChannel.choices]
    stats.applicant_types = [(str(label), types.get(value, 0)) for value, label in ApplicantType.choices]


def _closed(stats: Statistics, ids: list[int], year: int, bodies: dict[int, BodyRow]) -> None:
    rows = (
        Application.objects.filter(organization_id__in=ids, closed_year=year)
        .values("organization_id", "decision")
        .annotate(
            n=Count("id"),
            on_time=Count("id", filter=Q(due_on__isnull=False, closed_on__lte=F("due_on"))),
            late=Count("id", filter=Q(due_on__isnull=False, closed_on__gt=F("due_on"))),
        )
        .order_by()
    )
    groups = {label: 0 for label, _ in OUTCOME_GROUPS}
    for row in rows:
        groups[_outcome_group(row["decision"])] += row["n"]
        body = bodies[row["organization_id"]]
        body.closed += row["n"]
        if row["decision"] not in ABANDONED:
            body.on_time += row["on_time"]
            body.late += row["late"]
            stats.timeliness.on_time += row["on_time"]
            stats.timeliness.late += row["late"]
    stats.outcomes = list(groups.items())


HALF, NINE_TENTHS = Fraction(1, 2), Fraction(9, 10)
HISTOGRAM = ((0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 40), (41, None))


def _nearest_rank(counts: list[tuple[int, int]], share: Fraction) -> int | None:
    """The *share* quantile (nearest rank: the ⌈share × n⌉-th value) of sorted (value, count) pairs."""
    total = sum(n for _, n in counts)
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value, n in counts:
        seen += n
        if seen >= rank:
            return value
    return counts[-1][0]


def _days(stats: Statistics, ids: list[int], year: int, bodies: dict[int, BodyRow]) -> None:
    pairs = list(
        Application.objects.filter(organization_id__in=ids, closed_year=year, received_on__isnull=False)
        .exclude(decision__in=ABANDONED)
        .values("organization_id", "received_on", "closed_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not pairs:
        stats.timeliness.histogram = [(_bucket_label(b), 0) for b in HISTOGRAM]
        return
    first = min(p["received_on"] for p in pairs)
    last = max(p["closed_on"] for p in pairs)
    # working-day ordinals over the span: days(a, b] = ordinal[b] − ordinal[a], one calendar pass
    calendar = holiday_calendar()
    ordinal: dict[dt.date, int] = {}
    count, day = 0, first
    while day <= last:
        if day != first and calendar.is_workday(day):
            count += 1
        ordinal[day] = count
        day += dt.timedelta(days=1)
    totals: dict[int, int] = defaultdict(int)
    per_body: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for p in pairs:
        days = max(0, ordinal[p["closed_on"]] - ordinal[p["received_on"]])
        totals[days] += p["n"]
        per_body[p["organization_id"]][days] += p["n"]
    counts = sorted(totals.items())
    timeliness = stats.timeliness
    timeliness.answered = sum(n for _, n in counts)
    timeliness.median = _nearest_rank(counts, HALF)
    timeliness.p90 = _nearest_rank(counts, NINE_TENTHS)
    timeliness.mean = sum(d * n for d, n in counts) / timeliness.answered
    timeliness.histogram = [
        (_bucket_label(b), sum(n for d, n in counts if b[0] <= d and (b[1] is None or d <= b[1]))) for b in HISTOGRAM
    ]
    for org_id, found in per_body.items():
        bodies[org_id].median_days = _nearest_rank(sorted(found.items()), HALF)


def _bucket_label(bucket: tuple[int, int | None]) -> str:
    low, high = bucket
    return f"{low}个工作日以上" if high is None else f"{low}–{high}个工作日"


def _overdue_open(stats: Statistics, ids: list[int], year: int, today: dt.date, bodies: dict[int, BodyRow]) -> None:
    rows = (
        Application.objects.filter(
            organization_id__in=ids, status__in=OPEN_STATUSES, due_on__lt=today, received_year__lte=year
        )
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        bodies[row["organization_id"]].overdue_open = row["n"]
        stats.overdue_open += row["n"]


def _remedy_counts(qs, year: int) -> dict[int, list[int]]:
    """Cases filed in *year* per organization, in the order of REMEDY_RESULTS (result as of 31 December)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    concluded = Q(concluded_on__isnull=False, concluded_on__lte=end)
    rows = (
        qs.filter(filed_on__gte=start, filed_on__lte=end)
        .values("organization_id")
        .annotate(
            total=Count("id"),
            **{r.value: Count("id", filter=concluded & Q(result=r.value)) for r in REMEDY_RESULTS[:3]},
        )
        .order_by()
    )
    out = {}
    for row in rows:
        decided = [row[r.value] for r in REMEDY_RESULTS[:3]]
        out[row["organization_id"]] = [*decided, row["total"] - sum(decided)]
    return out


def _remedies(stats: Statistics, ids: list[int], year: int, bodies: dict[int, BodyRow]) -> None:
    lawsuits = LawsuitCase.objects.filter(organization_id__in=ids)
    groups = (
        ("行政复议", _remedy_counts(ReviewCase.objects.filter(organization_id__in=ids), year)),
        ("行政诉讼（未经复议直接起诉）", _remedy_counts(lawsuits.filter(route=LawsuitRoute.DIRECT), year)),
        ("行政诉讼（复议后起诉）", _remedy_counts(lawsuits.filter(route=LawsuitRoute.AFTER_RECONSIDERATION), year)),
    )
    for index, (label, per_org) in enumerate(groups):
        totals = [0] * len(REMEDY_RESULTS)
        for org_id, counts in per_org.items():
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            if index == 0:
                bodies[org_id].reconsideration += sum(counts)
            else:
                bodies[org_id].litigation += sum(counts)
        stats.remedies.append((label, tuple(totals)))


def _registers(stats: Statistics, ids: list[int], year: int) -> None:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = (start, end)
    documents = (
        RegulatoryDocument.objects.filter(organization_id__in=ids)
        .values("kind")
        .annotate(
            made=Count("id", filter=Q(made_on__range=in_year)),
            published=Count("id", filter=Q(published_on__range=in_year)),
            repealed=Count("id", filter=Q(repealed_on__range=in_year)),
        )
        .order_by()
    )
    found = {row["kind"]: (row["made"], row["published"], row["repealed"]) for row in documents}
    stats.documents = [(str(label), found.get(value, (0, 0, 0))) for value, label in DocumentKind.choices]
    decisions = (
        RegisterDecision.objects.filter(organization_id__in=ids, decided_on__range=in_year)
        .values("kind")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    counted = {row["kind"]: row["n"] or 0 for row in decisions}
    stats.decisions = [(str(label), counted.get(value, 0)) for value, label in DecisionKind.choices]
    procurement = ProcurementProject.objects.filter(organization_id__in=ids, procured_on__range=in_year).aggregate(
        n=Count("id"), total=Sum("amount")
    )
    stats.procurement = (procurement["n"], to_wanyuan(procurement["total"]))
    fees = FeeIncome.objects.filter(organization_id__in=ids, received_on__range=in_year).aggregate(total=Sum("amount"))
    stats.fees = to_wanyuan(fees["total"])
