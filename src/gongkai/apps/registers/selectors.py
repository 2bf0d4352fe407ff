"""Reads of the 第二十条 registers, above all table 2 of the annual report (主动公开政府信息情况)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import restrict

from .choices import DecisionKind, DocumentKind, MatterKind
from .models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter

__all__ = ["register_list_for_user", "table2_for", "to_wanyuan"]

_TEN_THOUSAND = Decimal(10000)


def to_wanyuan(yuan: Decimal | int | None) -> Decimal:
    """Yuan → 万元 as an exact Decimal without trailing zeros (322526.00 → 32.2526, 0 → 0)."""
    value = (Decimal(yuan or 0) / _TEN_THOUSAND).normalize()
    if value == 0:
        return Decimal(0)
    if value.as_tuple().exponent > 0:  # normalize() writes 10 as 1E+1
        value = value.quantize(Decimal(1))
    return value


def register_list_for_user(*, user, model) -> QuerySet:
    """Entries of one register that *user* may view (``registers.view``)."""
    return restrict(model.objects.select_related("organization"), user, "registers.view")


def _documents(organization: Organization, year: int, kind: str) -> dict[str, int]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    row = RegulatoryDocument.objects.filter(organization=organization, kind=kind).aggregate(
        made=Count("id", filter=Q(made_on__range=(start, end))),
        published=Count("id", filter=Q(published_on__range=(start, end))),
        total_published=Count("id", filter=Q(published_on__lte=end)),
        repealed=Count("id", filter=Q(repealed_on__range=(start, end))),
        in_force=Count("id", filter=Q(made_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))),
    )
    return row


def _listed_at(organization: Organization, kind: str, day: dt.date) -> int:
    return (
        ServiceMatter.objects.filter(organization=organization, kind=kind, listed_on__lte=day)
        .filter(Q(delisted_on__isnull=True) | Q(delisted_on__gt=day))
        .count()
    )


def _decisions(organization: Organization, year: int) -> dict[str, int]:
    rows = (
        Decision.objects.filter(organization=organization, decided_on__year=year)
        .values("kind")
        .annotate(n=Sum("quantity"))
    )
    found = {r["kind"]: r["n"] or 0 for r in rows}
    return {kind: found.get(kind, 0) for kind in DecisionKind.values}


def _matters(organization: Organization, year: int, kind: str) -> tuple[int, int]:
    previous = _listed_at(organization, kind, dt.date(year - 1, 12, 31))
    current = _listed_at(organization, kind, dt.date(year, 12, 31))
    return previous, current - previous


def table2_for(organization: Organization, year: int, format: str | int) -> dict[str, dict[str, int | Decimal]]:
    """Table 2 (主动公开政府信息情况) of *organization*'s *year* report, keyed as in report-schema.md.

    Counting rules (documented choices where the template is silent):

    * 规章/规范性文件: 本年新制作 = 制发日期 in the year; 本年新公开 = 公开日期 in the year; 对外公开总数 = every
      document published by the end of the year (repealed ones included: they stay disclosed).
      2021: 制发 = made in the year, 废止 = repealed in the year, 现行有效 = made by the year end and not
      repealed by then.
    * 事项 rows: 上一年项目数量 = matters listed at 31 December of the previous year; 本年增/减 = listed at the
      end of this year minus that (signed); 处理决定数量 = the sum of decision quantities in the year.
    * 政府集中采购: projects with 采购日期 in the year; 采购总金额 and 2021 收费金额 in **万元** as exact
      Decimals (the seed prints 32.2526 for 322,526 元).

    Args:
        organization: the reporting body.
        year: report year.
        format: ``"2019"`` or ``"2021"`` (template version).

    Raises:
        ValueError: for another format.
    """
    fmt = str(format)
    decisions = _decisions(organization, year)
    regs = _documents(organization, year, DocumentKind.REGULATION)
    norms = _documents(organization, year, DocumentKind.NORMATIVE)
    if fmt == "2019":
        table: dict[str, dict[str, int | Decimal]] = {}
        for key, counts in (("regulations", regs), ("normative_documents", norms)):
            table[key] = {
                "new_made": counts["made"],
                "new_published": counts["published"],
                "total_published": counts["total_published"],
            }
        for key in ("licensing", "other_services", "penalty", "coercion"):
            previous, change = _matters(organization, year, key)
            table[key] = {"previous_items": previous, "change": change, "decisions": decisions[key]}
        previous, change = _matters(organization, year, MatterKind.FEES)
        table["fees"] = {"previous_items": previous, "change": change}
        procurement = ProcurementProject.objects.filter(organization=organization, procured_on__year=year).aggregate(
            n=Count("id"), total=Sum("amount")
        )
        table["procurement"] = {"projects": procurement["n"], "amount": to_wanyuan(procurement["total"])}
        return table
    if fmt == "2021":
        fees = FeeIncome.objects.filter(organization=organization, received_on__year=year).aggregate(
            total=Sum("amount")
        )
        return {
            "regulations": {"made": regs["made"], "repealed": regs["repealed"], "in_force": regs["in_force"]},
            "normative_documents": {
                "made": norms["made"],
                "repealed": norms["repealed"],
                "in_force": norms["in_force"],
            },
            "licensing": {"decisions": decisions["licensing"]},
            "penalty": {"decisions": decisions["penalty"]},
            "coercion": {"decisions": decisions["coercion"]},
            "fees": {"amount": to_wanyuan(fees["total"])},
        }
    msg = f"unknown report format {format!r} (expected 2019 or 2021)"
    raise ValueError(msg)
