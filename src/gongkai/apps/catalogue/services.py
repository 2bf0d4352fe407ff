"""Writes of the standard catalogue. One atomic, audited function per step: permission → state → write → audit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Membership, Organization
from gongkai.apps.organizations.permissions import require
from gongkai.apps.publishing.models import CatalogueNode
from gongkai.core.timelimits import parse_time_limit

from . import seed_data, xlsx
from .choices import CHANNEL_LABELS, RuleKind, RuleSource, UpdateCycle
from .models import Entry

__all__ = [
    "ImportResult",
    "catalogue_seed_body",
    "entries_import",
    "entry_create",
    "entry_delete",
    "entry_update",
]

TEXT_FIELDS = ("area", "level1", "level2", "content", "basis", "time_limit", "subject", "office")
FLAG_FIELDS = xlsx.TICK_FIELDS
RULE_FIELDS = ("rule_kind", "rule_days", "rule_working", "rule_month", "rule_day")
EDITABLE = (
    *TEXT_FIELDS,
    *FLAG_FIELDS,
    *RULE_FIELDS,
    "number",
    "channels",
    "owner",
    "update_cycle",
    "nodes",
    "rule_source",
    "tracked_since",
    "sort_order",
)


def _apply_rule(entry: Entry) -> None:
    """Read 公开时限 into the rule fields unless the office set the rule by hand."""
    if entry.rule_source == RuleSource.MANUAL and entry.rule_kind != RuleKind.UNKNOWN:
        return
    entry.rule_source = RuleSource.PARSED
    rule = parse_time_limit(entry.time_limit)
    entry.rule_kind = rule.kind.value
    entry.rule_days = rule.days
    entry.rule_working = rule.working
    entry.rule_month = rule.month
    entry.rule_day = rule.day


def _check(entry: Entry, nodes: list[CatalogueNode] | None) -> None:
    errors: dict[str, list[str]] = {}
    for name in TEXT_FIELDS:
        setattr(entry, name, (getattr(entry, name) or "").strip())
    unknown = [c for c in entry.channels or [] if c not in CHANNEL_LABELS]
    if unknown:
        errors.setdefault("channels", []).append(f"公开渠道“{'、'.join(unknown)}”不在规定的渠道列表中。")
    if not (entry.audience_public or entry.audience_specific):
        errors.setdefault("audience_public", []).append("请勾选公开对象（全社会或特定群体）。")
    if not (entry.mode_proactive or entry.mode_on_request):
        errors.setdefault("mode_proactive", []).append("请勾选公开方式（主动或依申请）。")
    if not (entry.level_county or entry.level_township or entry.level_village):
        errors.setdefault("level_township", []).append("请勾选公开层级（县级、乡级或村级）。")
    if entry.owner_id is not None and not Membership.objects.filter(
        organization_id=entry.organization_id, user_id=entry.owner_id
    ).exists():
        errors.setdefault("owner", []).append("责任人须是本机关的工作人员。")
    if nodes and any(n.organization_id != entry.organization_id for n in nodes):
        errors.setdefault("nodes", []).append("所选栏目不属于本机关。")
    if entry.rule_source == RuleSource.MANUAL:
        kind = entry.rule_kind
        if kind in (RuleKind.WORKING_DAYS, RuleKind.CALENDAR_DAYS) and not entry.rule_days:
            errors.setdefault("rule_days", []).append("按天计算的时限请填写天数。")
        if entry.rule_month is not None and not 1 <= entry.rule_month <= 12:
            errors.setdefault("rule_month", []).append("截止月应为 1–12。")
        if entry.rule_day is not None and not 1 <= entry.rule_day <= 31:
            errors.setdefault("rule_day", []).append("截止日应为 1–31。")
    if errors:
        raise ValidationError(errors)
    clash = Entry.objects.filter(
        organization_id=entry.organization_id, area=entry.area, level1=entry.level1, level2=entry.level2
    ).exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError({"level2": f"本机关的标准目录中已有“{entry}”。"})
    entry.full_clean(exclude=["nodes", "owner"])


def _snapshot(entry: Entry) -> dict:
    data = snapshot(entry)
    data["nodes"] = sorted(entry.nodes.values_list("pk", flat=True)) if entry.pk else []
    return data


@transaction.atomic
def entry_create(*, actor, organization: Organization, nodes=(), **fields) -> Entry:
    """Add one entry; needs ``catalogue.manage``."""
    if actor is not None:
        require(actor, "catalogue.manage", organization)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        msg = f"unknown entry fields: {sorted(unknown)}"
        raise TypeError(msg)
    entry = Entry(organization=organization, **fields)
    nodes = list(nodes)
    _apply_rule(entry)
    _check(entry, nodes)
    entry.save()
    entry.nodes.set(nodes)
    audit_log(actor=actor, action="catalogue.entry.create", obj=entry, after=_snapshot(entry), organization=organization)
    return entry


@transaction.atomic
def entry_update(*, actor, entry: Entry, **fields) -> Entry:
    """Edit an entry (a new 公开时限 is read again unless the rule was set by hand); needs ``catalogue.manage``."""
    organization = entry.organization
    if actor is not None:
        require(actor, "catalogue.manage", organization)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        msg = f"unknown entry fields: {sorted(unknown)}"
        raise TypeError(msg)
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    before = _snapshot(locked)
    nodes = fields.pop("nodes", None)
    for key, value in fields.items():
        setattr(locked, key, value)
    if fields.get("rule_source") == RuleSource.PARSED:
        locked.rule_source = RuleSource.PARSED
    _apply_rule(locked)
    _check(locked, list(nodes) if nodes is not None else None)
    locked.save()
    if nodes is not None:
        locked.nodes.set(list(nodes))
    audit_log(
        actor=actor,
        action="catalogue.entry.update",
        obj=locked,
        before=before,
        after=_snapshot(locked),
        organization=organization,
    )
    if locked is not entry:
        entry.refresh_from_db()
    return locked


@transaction.atomic
def entry_delete(*, actor, entry: Entry) -> None:
    organization = entry.organization
    if actor is not None:
        require(actor, "catalogue.manage", organization)
    audit_log(actor=actor, action="catalogue.entry.delete", obj=entry, before=_snapshot(entry), organization=organization)
    entry.delete()


# ------------------------------------------------------------------------------------------------ import


@dataclass
class ImportResult:
    created: int
    updated: int
    rows: int
    flagged: int  # entries whose 公开时限 could not be read

    @property
    def message(self) -> str:
        text = f"已导入 {self.rows} 条：新增 {self.created} 条，更新 {self.updated} 条。"
        if self.flagged:
            text += f"其中 {self.flagged} 条的公开时限无法自动识别，已标记待科室设定。"
        return text


def _tick(value, where: str, label: str, errors: list[str]) -> bool:
    text = str(value).strip() if value is not None else ""
    if text in xlsx.TICKS_TRUE:
        return True
    if text in xlsx.TICKS_FALSE:
        return False
    errors.append(f"{where}：“{label}”列应为“√”或留空，读到“{text[:20]}”。")
    return False


def _resolve_owner(text: str, members: dict[str, list], where: str, errors: list[str]):
    text = (text or "").strip()
    if not text:
        return None
    found = members.get(text, [])
    if len(found) == 1:
        return found[0]
    if not found:
        errors.append(f"{where}：责任人“{text}”不是本机关的工作人员（可填登录名或姓名）。")
    else:
        errors.append(f"{where}：责任人“{text}”有重名，请改填登录名。")
    return None


def node_labeller(organization: Organization):
    """A function writing each column of *organization* unambiguously (see :func:`node_label`)."""
    from collections import Counter

    counts = Counter(CatalogueNode.objects.filter(organization=organization).values_list("name", flat=True))
    duplicated = {name for name, n in counts.items() if n > 1}
    return lambda node: node_label(node, duplicated)


def node_label(node: CatalogueNode, duplicated: set[str]) -> str:
    """How a column is written in the 对应栏目 cell: its name, or 上级/名称 when the name is not unique."""
    if node.name in duplicated and node.parent_id:
        return f"{node.parent.name}/{node.name}"
    return node.name


def _resolve_nodes(text: str, nodes: list[CatalogueNode], where: str, errors: list[str]) -> list[CatalogueNode]:
    by_pk = {n.pk: n for n in nodes}

    def candidates(name: str) -> list[CatalogueNode]:
        parts = [p.strip() for p in name.split("/") if p.strip()]
        last, parent = parts[-1], (parts[-2] if len(parts) > 1 else None)
        return [
            n
            for n in nodes
            if (n.name == last and (parent is None or (n.parent_id and by_pk[n.parent_id].name == parent)))
            or n.code == name
        ]

    # One column per line (or separated by ；). Column names may contain 、 (条例第二十条's items), so a part is
    # split at 、 or ， only when it names no column as a whole.
    names: list[str] = []
    for part in (p.strip() for p in re.split(r"[;；\n]+", text or "")):
        if not part:
            continue
        if candidates(part) or not re.search(r"[、，,]", part):
            names.append(part)
        else:
            names.extend(p.strip() for p in re.split(r"[、，,]+", part) if p.strip())
    found = []
    for name in names:
        last = name.split("/")[-1].strip()
        matches = candidates(name)
        if len(matches) == 1:
            found.append(matches[0])
        elif not matches:
            errors.append(f"{where}：没有名为“{name}”的栏目。")
        else:
            parents = "、".join(f"“{by_pk[m.parent_id].name}/{last}”" for m in matches if m.parent_id)
            errors.append(f"{where}：栏目“{name}”有重名，请写明上级栏目，如{parents}。")
    return found


@transaction.atomic
def entries_import(*, actor, organization: Organization, data: bytes, filename: str = "") -> ImportResult:
    """Import an XLSX catalogue in the published layout: all rows or none.

    Rows are matched to existing entries by (领域, 一级事项, 二级事项) and updated; other rows are added; entries
    not in the file are kept. Any error (in any row) refuses the whole file with the list of row-level Chinese
    messages (``ValidationError``). Needs ``catalogue.manage``.
    """
    if actor is not None:
        require(actor, "catalogue.manage", organization)
    rows, errors = xlsx.read_workbook(data)
    if not rows and not errors:
        errors.append("表格中没有可导入的事项。")
    User = get_user_model()
    members: dict[str, list] = {}
    for user in User.objects.filter(memberships__organization=organization).distinct():
        for key in {user.get_username(), user.get_full_name()}:
            if key:
                members.setdefault(key, []).append(user)
    nodes = list(CatalogueNode.objects.filter(organization=organization))
    cycles = xlsx.CYCLE_BY_LABEL
    seen: dict[tuple[str, str, str], str] = {}
    prepared = []
    for row in rows:
        where, v = row.where, row.values
        row_errors: list[str] = []
        text = {k: str(v.get(k) or "").strip() for k in (*TEXT_FIELDS, "owner", "update_cycle", "nodes", "channels")}
        text["area"] = row.area
        for key, label in xlsx.REQUIRED.items():
            if not text[key]:
                row_errors.append(f"{where}：“{label}”不能为空。")
        channels, unknown = xlsx.parse_channels(text["channels"])
        if unknown:
            row_errors.append(f"{where}：公开渠道“{'、'.join(unknown)}”不在规定的渠道列表中。")
        flags = {key: _tick(v.get(key), where, xlsx.FIELD_LABELS[key], row_errors) for key in FLAG_FIELDS if key in v}
        cycle = cycles.get(text["update_cycle"])
        if cycle is None:
            row_errors.append(f"{where}：更新周期“{text['update_cycle']}”应为 随事项更新、每月、每季度、每半年 或 每年。")
        owner = _resolve_owner(text["owner"], members, where, row_errors)
        linked = _resolve_nodes(text["nodes"], nodes, where, row_errors)
        number = v.get("number")
        try:
            number = int(float(str(number).strip())) if number not in (None, "") else 0
        except ValueError:
            row_errors.append(f"{where}：序号“{number}”不是数字。")
            number = 0
        key = (row.area, text["level1"], text["level2"])
        if key in seen and text["level1"]:
            row_errors.append(f"{where}：与{seen[key]}的事项重复（{row.area}·{text['level1']}·{text['level2']}）。")
        seen.setdefault(key, where)
        for field in ("level1", "level2", "subject", "office", "time_limit"):
            limit = Entry._meta.get_field(field).max_length
            if len(text[field]) > limit:
                row_errors.append(f"{where}：“{xlsx.FIELD_LABELS.get(field, field)}”超过 {limit} 字。")
        errors.extend(row_errors)
        if not row_errors:
            prepared.append((row, text, channels, flags, cycle, owner, linked, number))
    if errors:
        raise ValidationError(errors[:200] + ([f"……另有 {len(errors) - 200} 处错误。"] if len(errors) > 200 else []))

    created = updated = flagged = 0
    for order, (row, text, channels, flags, cycle, owner, linked, number) in enumerate(prepared, start=1):
        fields = {k: text[k] for k in TEXT_FIELDS}
        fields.update(flags)
        fields.update(channels=channels, update_cycle=cycle, owner=owner, number=number, sort_order=order)
        existing = Entry.objects.filter(
            organization=organization, area=text["area"], level1=text["level1"], level2=text["level2"]
        ).first()
        try:
            if existing is None:
                entry = entry_create(actor=None, organization=organization, nodes=linked, **fields)
                created += 1
            else:
                entry = entry_update(actor=None, entry=existing, nodes=linked, **fields)
                updated += 1
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
            raise ValidationError([f"{row.where}：{m}" for m in messages]) from None
        flagged += entry.rule_flagged
    result = ImportResult(created=created, updated=updated, rows=len(prepared), flagged=flagged)
    audit_log(
        actor=actor,
        action="catalogue.entries.import",
        obj=organization,
        after={"file": filename[:200], "rows": result.rows, "created": created, "updated": updated, "flagged": flagged},
        organization=organization,
    )
    return result


# -------------------------------------------------------------------------------------------------- seed


@transaction.atomic
def catalogue_seed_body(*, actor, organization: Organization) -> tuple[int, int]:
    """Seed a new body: the standard columns (publishing) and the standard catalogue entries of
    :mod:`~gongkai.apps.catalogue.seed_data`, each linked to its area's column. Existing entries are kept.

    Returns (columns added, entries added). Needs ``catalogue.manage``.
    """
    from gongkai.apps.publishing.services import catalogue_seed_township

    if actor is not None:
        require(actor, "catalogue.manage", organization)
    columns = catalogue_seed_township(actor=actor, organization=organization)
    nodes = list(CatalogueNode.objects.filter(organization=organization))
    by_code = {n.code: n for n in nodes if n.code}
    area_root = by_code.get("area")
    area_nodes = {n.name: n for n in nodes if area_root is not None and n.parent_id == area_root.pk}
    added = 0
    today = timezone.localdate()
    numbers: dict[str, int] = {}
    for order, spec in enumerate(seed_data.ENTRIES, start=1):
        area = str(spec["area"])
        numbers[area] = numbers.get(area, 0) + 1
        if Entry.objects.filter(
            organization=organization, area=area, level1=spec["level1"], level2=spec["level2"]
        ).exists():
            continue
        linked = [area_nodes[area]] if area in area_nodes else []
        linked += [by_code[c] for c in seed_data.AREA_EXTRA_COLUMNS.get(area, ()) if c in by_code]
        audience, mode, levels = spec["audience"], spec["mode"], spec["levels"]
        entry = Entry(
            organization=organization,
            area=area,
            number=numbers[area],
            level1=str(spec["level1"]),
            level2=str(spec["level2"]),
            content=str(spec["content"]),
            basis=str(spec["basis"]),
            time_limit=str(spec["time_limit"]),
            subject=str(spec["subject"]).replace("{body}", organization.name),
            channels=list(spec["channels"]),
            audience_public=audience[0],
            audience_specific=audience[1],
            mode_proactive=mode[0],
            mode_on_request=mode[1],
            level_county=levels[0],
            level_township=levels[1],
            level_village=levels[2],
            update_cycle=UpdateCycle.EVENT,
            tracked_since=today,
            sort_order=order,
        )
        _apply_rule(entry)
        entry.full_clean(exclude=["nodes", "owner"])
        entry.save()
        entry.nodes.set(linked)
        added += 1
    if added:
        audit_log(
            actor=actor,
            action="catalogue.entries.seed",
            obj=organization,
            after={"entries": added, "columns": columns},
            organization=organization,
        )
    return columns, added
