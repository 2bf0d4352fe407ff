"""The freshness watch (更新督查): what is overdue or due soon, column by column and entry by entry, per body.

Read-only. One :func:`watch_report` per body and day; :func:`county_report` over the bodies below a county.
Every line names its owner: the entry's 责任人 (and 科室); for a column, the owners of the entries linked to it;
for an item, the linked entry's owner or else the item's drafter; otherwise the body's 系统管理员 (who configures the catalogue).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from gongkai.apps.organizations.models import Membership, Organization
from gongkai.apps.publishing.models import CatalogueNode, Item
from gongkai.core.timelimits import LimitKind, TimeLimit, event_due, periodic_status

from .choices import UpdateCycle
from .inspection import ColumnClass, Thresholds, thresholds
from .models import Entry

__all__ = [
    "COLUMN_SOURCES",
    "ColumnState",
    "CountyReport",
    "WatchLine",
    "WatchReport",
    "county_report",
    "register_column_source",
    "watch_report",
]

UNPUBLISHED = ("draft", "pending_review", "pending_signoff")

#: Other apps' content shown in catalogue columns (e.g. the 第二十条 registers on the portal): callables
#: ``f(organization) -> {node_id: last update date}``. A column with such content is not blank.
COLUMN_SOURCES: list[Callable[[Organization], dict[int, dt.date]]] = []


def register_column_source(source: Callable[[Organization], dict[int, dt.date]]) -> None:
    """Let another app tell the watch when it last put content into a column."""
    if source not in COLUMN_SOURCES:
        COLUMN_SOURCES.append(source)


def _calendar():
    from django.apps import apps

    if apps.is_installed("gongkai.apps.applications"):
        from gongkai.apps.applications.calendar import holiday_calendar

        return holiday_calendar()
    from gongkai.core.workdays import HolidayCalendar

    return HolidayCalendar()


@dataclass
class Owner:
    name: str
    office: str = ""
    user_id: int | None = None
    email: str = ""

    @property
    def text(self) -> str:
        if not self.name:
            return "未指定责任人"
        return f"{self.office} {self.name}".strip()


@dataclass
class WatchLine:
    """One thing to act on. ``state``: overdue 已超期, due_soon 即将到期, stale 超期未更新, blank 空白栏目,
    unset 时限待设定, unowned 未指定责任人, unlinked 未关联栏目."""

    state: str
    what: str  # entry / item / column / home
    title: str
    detail: str
    owners: list[Owner]
    due: dt.date | None = None
    url: str = ""
    organization: str = ""

    def __post_init__(self) -> None:
        unique: dict[tuple, Owner] = {}
        for owner in self.owners:
            unique.setdefault((owner.user_id, owner.office, owner.name), owner)
        self.owners = list(unique.values())

    STATE_LABELS = {
        "overdue": "已超期",
        "due_soon": "即将到期",
        "stale": "超期未更新",
        "blank": "空白栏目",
        "unset": "时限待设定",
        "unowned": "未指定责任人",
        "unlinked": "未关联栏目",
        "no_interpretation": "缺少政策解读",
    }

    @property
    def state_label(self) -> str:
        return self.STATE_LABELS[self.state]

    @property
    def owner_text(self) -> str:
        return "、".join(dict.fromkeys(o.text for o in self.owners)) or "未指定责任人"

    def to_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "state_label": self.state_label,
            "what": self.what,
            "title": self.title,
            "detail": self.detail,
            "due": self.due.isoformat() if self.due else None,
            "owners": [{"name": o.name, "office": o.office, "email": o.email} for o in self.owners],
            "owner": self.owner_text,
            "organization": self.organization,
        }


@dataclass
class ColumnState:
    node_id: int
    path: str
    cls: ColumnClass | None
    last_update: dt.date | None
    items: int
    stale: bool
    blank: bool
    owners: list[Owner]

    @property
    def owner_text(self) -> str:
        return "、".join(dict.fromkeys(o.text for o in self.owners)) or "未指定责任人"


@dataclass
class WatchReport:
    organization: Organization
    today: dt.date
    thresholds: Thresholds
    lines: list[WatchLine] = field(default_factory=list)
    columns: list[ColumnState] = field(default_factory=list)
    home_last_update: dt.date | None = None
    entries: int = 0

    def of(self, *states: str) -> list[WatchLine]:
        return [line for line in self.lines if line.state in states]

    @property
    def overdue(self) -> list[WatchLine]:
        return self.of("overdue")

    @property
    def due_soon(self) -> list[WatchLine]:
        return self.of("due_soon")

    @property
    def column_lines(self) -> list[WatchLine]:
        return self.of("stale", "blank")

    @property
    def flags(self) -> list[WatchLine]:
        return self.of("unset", "unowned", "unlinked", "no_interpretation")

    @property
    def stale_columns(self) -> list[ColumnState]:
        return [c for c in self.columns if c.stale]

    @property
    def blank_columns(self) -> list[ColumnState]:
        return [c for c in self.columns if c.blank]

    @property
    def home_stale(self) -> bool:
        last = self.home_last_update
        return last is None or (self.today - last).days > self.thresholds.home_days

    @property
    def veto_reached(self) -> bool:
        t = self.thresholds
        return self.home_stale or len(self.stale_columns) >= t.stale_veto or len(self.blank_columns) >= t.blank_veto

    @property
    def has_overdue(self) -> bool:
        """Something is overdue: an entry or item past its due date, or a stale or blank column."""
        return bool(self.overdue or self.stale_columns or self.blank_columns or self.home_stale)

    @property
    def risk_statements(self) -> list[str]:
        """The 单项否决 risk in plain sentences, worst first."""
        t = self.thresholds
        out = []
        if self.home_last_update is None:
            out.append(f"首页尚无任何公开信息：监测 {t.home_days // 7} 周首页无更新即单项否决。")
        elif self.home_stale:
            days = (self.today - self.home_last_update).days
            out.append(
                f"首页已 {days} 天未更新（最近 {self.home_last_update:%Y-%m-%d}），已达到单项否决标准（{t.home_days // 7} 周）。"
            )
        else:
            days = (self.today - self.home_last_update).days
            left = t.home_days - days
            out.append(f"首页最近更新于 {self.home_last_update:%Y-%m-%d}，{left} 天内再无更新即单项否决。")
        for count, limit, what in (
            (len(self.stale_columns), t.stale_veto, "栏目超期未更新"),
            (len(self.blank_columns), t.blank_veto, "空白栏目"),
        ):
            noun = f"已有 {count} 个{what}"
            if count >= limit:
                out.append(f"{noun}，已达到单项否决标准（{limit} 个）。")
            else:
                out.append(f"{noun}，达到 {limit} 个即单项否决。")
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "organization": self.organization.name,
            "slug": self.organization.slug,
            "today": self.today.isoformat(),
            "source": self.thresholds.source,
            "entries": self.entries,
            "overdue": [line.to_dict() for line in self.overdue],
            "due_soon": [line.to_dict() for line in self.due_soon],
            "flags": [line.to_dict() for line in self.of("unset", "unowned", "unlinked", "no_interpretation")],
            "home_last_update": self.home_last_update.isoformat() if self.home_last_update else None,
            "stale_columns": [_column_dict(c) for c in self.stale_columns],
            "blank_columns": [_column_dict(c) for c in self.blank_columns],
            "veto_reached": self.veto_reached,
            "risk": self.risk_statements,
        }


def _column_dict(c: ColumnState) -> dict[str, object]:
    return {
        "column": c.path,
        "class": c.cls.label if c.cls else "",
        "last_update": c.last_update.isoformat() if c.last_update else None,
        "owner": c.owner_text,
    }


def _months_before(day: dt.date, months: int) -> dt.date:
    import calendar

    index = day.year * 12 + day.month - 1 - months
    y, m = divmod(index, 12)
    m += 1
    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def _owner(entry: Entry) -> Owner:
    user = entry.owner
    if user is None:
        return Owner("", entry.office)
    return Owner(user.get_full_name() or user.get_username(), entry.office, user.pk, user.email or "")


def _admins(org: Organization) -> list[Owner]:
    rows = Membership.objects.filter(organization=org, role="sysadmin").select_related("user")
    return [
        Owner(m.user.get_full_name() or m.user.get_username(), "系统管理员", m.user_id, m.user.email or "")
        for m in rows
    ]


def effective_periodic_rule(entry: Entry) -> TimeLimit | None:
    """The periodic rule an entry is held to: its 公开时限 when periodic, else its 更新周期 when periodic."""
    rule = entry.rule
    if rule.kind.periodic:
        return rule
    if entry.update_cycle != UpdateCycle.EVENT:
        return TimeLimit(LimitKind(entry.update_cycle), text=entry.get_update_cycle_display())
    return None


def watch_report(organization: Organization, *, today: dt.date | None = None, with_urls: bool = True) -> WatchReport:
    """Everything the watch page, the command, the reminders and the 自查 report show for one body."""
    today = today or timezone.localdate()
    t = thresholds()
    report = WatchReport(organization=organization, today=today, thresholds=t)
    calendar = _calendar()
    soon = today + dt.timedelta(days=t.due_soon_days)
    admins = _admins(organization)

    nodes = {n.pk: n for n in CatalogueNode.objects.filter(organization=organization, is_active=True)}
    children: dict[int | None, list[int]] = defaultdict(list)
    for n in nodes.values():
        children[n.parent_id if n.parent_id in nodes else None].append(n.pk)

    def subtree(pk: int) -> list[int]:
        out, stack = [], [pk]
        while stack:
            cur = stack.pop()
            out.append(cur)
            stack.extend(children.get(cur, ()))
        return out

    def path(pk: int) -> str:
        names, cur = [], nodes.get(pk)
        while cur is not None:
            names.append(cur.name)
            cur = nodes.get(cur.parent_id) if cur.parent_id else None
        return " / ".join(reversed(names))

    published = Item.objects.filter(organization=organization, status="published", published_on__isnull=False)
    per_node = {
        row["category_id"]: (row["last"], row["n"])
        for row in published.values("category_id").annotate(last=Max("published_on"), n=Count("id"))
    }
    # Content other apps show in a column on the portal (the 第二十条 registers …) counts too.
    from gongkai.apps.portal.columns import column_content

    for pk, node in nodes.items():
        if not node.code:
            continue
        content = column_content(node.code, organization=organization, item_url=lambda _pk: "")
        if content is not None and content.has_rows:
            last, n = per_node.get(pk, (None, 0))
            day = content.updated_on or last
            per_node[pk] = (max(filter(None, (last, day)), default=None), n + sum(len(t.rows) for t in content.tables))
    for source in COLUMN_SOURCES:
        for pk, day in (source(organization) or {}).items():
            last, n = per_node.get(pk, (None, 0))
            per_node[pk] = (max(filter(None, (last, day))), n + 1)
    report.home_last_update = max((v[0] for v in per_node.values() if v[0]), default=None)

    entries = list(Entry.objects.filter(organization=organization).select_related("owner").prefetch_related("nodes"))
    report.entries = len(entries)
    node_owners: dict[int, list[Owner]] = defaultdict(list)
    node_entries: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        for node in entry.nodes.all():
            for pk in subtree(node.pk) if node.pk in nodes else [node.pk]:
                node_owners[pk].append(_owner(entry))
                node_entries[pk].append(entry)

    staff = reverse("catalogue:entry_list", args=[organization.slug]) if with_urls else ""

    # -- columns: last update, stale and blank against the 检查指标
    for pk in sorted(nodes, key=lambda k: path(k)):
        tree = subtree(pk)
        dates = [per_node[k][0] for k in tree if k in per_node and per_node[k][0]]
        count = sum(per_node[k][1] for k in tree if k in per_node)
        last = max(dates, default=None)
        is_leaf = not children.get(pk)
        cls = t.classify(nodes[pk].name)
        stale = False
        if cls is not None and last is not None:
            limit = today - dt.timedelta(days=cls.days) if cls.days else _months_before(today, cls.months or 6)
            stale = last < limit
        blank = is_leaf and count == 0
        owners = node_owners.get(pk) or admins
        state = ColumnState(pk, path(pk), cls, last, count, stale, blank, owners)
        report.columns.append(state)
        if stale:
            report.lines.append(
                WatchLine(
                    "stale",
                    "column",
                    state.path,
                    f"{cls.label}栏目，最近更新 {last:%Y-%m-%d}，超过 {cls.limit_text} 未更新",
                    owners,
                    None,
                    staff,
                )
            )
        elif blank:
            report.lines.append(WatchLine("blank", "column", state.path, "栏目无任何公开信息", owners, None, staff))

    # -- entries: periodic obligations, unreadable limits, missing owner or column
    dates_by_node: dict[int, list[dt.date]] = defaultdict(list)
    for cat, day in published.values_list("category_id", "published_on"):
        dates_by_node[cat].append(day)
    for entry in entries:
        owner = [_owner(entry)]
        title = str(entry)
        url = reverse("catalogue:entry_edit", args=[organization.slug, entry.pk]) if with_urls else ""
        linked = [pk for node in entry.nodes.all() for pk in (subtree(node.pk) if node.pk in nodes else [node.pk])]
        if entry.rule_flagged:
            report.lines.append(
                WatchLine(
                    "unset",
                    "entry",
                    title,
                    f"公开时限“{entry.time_limit}”无法自动识别，请设定计算规则",
                    owner,
                    None,
                    url,
                )
            )
        if entry.owner_id is None:
            report.lines.append(WatchLine("unowned", "entry", title, "未指定责任人", admins, None, url))
        if not linked:
            report.lines.append(
                WatchLine("unlinked", "entry", title, "未关联公开栏目，无法核对是否已公开", owner, None, url)
            )
            continue
        rule = effective_periodic_rule(entry)
        if rule is None:
            continue
        status = periodic_status(
            rule,
            since=entry.tracked_since,
            published=[d for pk in linked for d in dates_by_node.get(pk, ())],
            today=today,
            calendar=calendar,
        )
        if status.overdue is not None:
            extra = (
                f"（自 {entry.tracked_since:%Y-%m-%d} 督查以来共 {status.missed} 期未公开）"
                if status.missed > 1
                else ""
            )
            report.lines.append(
                WatchLine(
                    "overdue",
                    "entry",
                    title,
                    f"{status.overdue.label}应于 {status.overdue.due:%Y-%m-%d} 前公开，尚未公开{extra}",
                    owner,
                    status.overdue.due,
                    url,
                )
            )
        elif status.next is not None and status.next.due <= soon:
            report.lines.append(
                WatchLine(
                    "due_soon",
                    "entry",
                    title,
                    f"{status.next.label}应于 {status.next.due:%Y-%m-%d} 前公开",
                    owner,
                    status.next.due,
                    url,
                )
            )

    # -- items not yet published: due by the linked entry's per-event rule, else 条例第二十六条
    pending = Item.objects.filter(organization=organization, status__in=UNPUBLISHED).select_related(
        "created_by", "category"
    )
    for item in pending:
        # Several entries may share a column: the strictest per-event limit among them applies, and every owner
        # of those entries is named.
        due, rule_text = item.publish_due, "条例第二十六条（20个工作日）"
        linked_entries = node_entries.get(item.category_id, [])
        if item.formed_on:
            for entry in linked_entries:
                if not entry.rule.kind.per_event:
                    continue
                found, _provisional = event_due(entry.rule, item.formed_on, calendar)
                if found is not None and (due is None or found < due or rule_text.startswith("条例")):
                    due, rule_text = found, f"标准目录“{entry}”的时限“{entry.time_limit}”"
        if due is None or due > soon:
            continue
        owners = [_owner(e) for e in linked_entries if e.owner_id is not None]
        if not owners and item.created_by is not None:
            u = item.created_by
            owners = [Owner(u.get_full_name() or u.get_username(), "起草人", u.pk, u.email or "")]
        owners = owners or admins
        state = "overdue" if due < today else "due_soon"
        url = reverse("publishing:item_detail", args=[organization.slug, item.pk]) if with_urls else ""
        report.lines.append(
            WatchLine(
                state,
                "item",
                item.title,
                f"{item.category.name}：{item.formed_on:%Y-%m-%d} 形成，按{rule_text}应于 {due:%Y-%m-%d} 前公开，"
                f"当前“{item.get_status_display()}”",
                owners,
                due,
                url,
            )
        )
    # -- 政策文件 published without a 政策解读 after the configured number of days (政府透明度 indices check it)
    grace = int(getattr(settings, "GONGKAI_POLICY_INTERPRETATION_DAYS", 3))
    lacking = (
        Item.objects.filter(
            organization=organization,
            kind="policy",
            status="published",
            published_on__lte=today - dt.timedelta(days=grace),
        )
        .exclude(interpretations__status="published")
        .select_related("created_by")
    )
    for item in lacking:
        owners = (
            [
                Owner(
                    item.created_by.get_full_name() or item.created_by.get_username(),
                    "起草人",
                    item.created_by.pk,
                    item.created_by.email or "",
                )
            ]
            if item.created_by
            else admins
        )
        url = reverse("publishing:item_detail", args=[organization.slug, item.pk]) if with_urls else ""
        report.lines.append(
            WatchLine(
                "no_interpretation",
                "item",
                item.title,
                f"政策文件于 {item.published_on:%Y-%m-%d} 发布，{grace} 日后仍无已发布的政策解读",
                owners,
                None,
                url,
            )
        )
    order = {
        "overdue": 0,
        "due_soon": 1,
        "stale": 2,
        "blank": 3,
        "unset": 4,
        "unowned": 5,
        "unlinked": 6,
        "no_interpretation": 7,
    }
    report.lines.sort(key=lambda line: (order[line.state], line.due or dt.date.max, line.title))
    for line in report.lines:
        line.organization = organization.name
    return report


@dataclass
class CountyReport:
    county: Organization
    today: dt.date
    bodies: list[WatchReport]

    @property
    def overdue(self) -> list[WatchLine]:
        return [line for r in self.bodies for line in r.overdue]

    @property
    def due_soon(self) -> list[WatchLine]:
        return [line for r in self.bodies for line in r.due_soon]


def county_report(county: Organization, *, today: dt.date | None = None) -> CountyReport:
    """The watch over every active body below *county* that has a catalogue (townships, 街道, departments)."""
    today = today or timezone.localdate()
    bodies = (
        county.descendants()
        .filter(is_active=True, catalogue__isnull=False)
        .exclude(kind="village")
        .distinct()
        .order_by("path", "sort_order", "name")
    )
    return CountyReport(county, today, [watch_report(org, today=today) for org in bodies])
