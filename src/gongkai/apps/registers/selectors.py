"""Reads of the 第二十条 registers, above all table 2 of the annual report (主动公开政府信息情况)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import restrict
from gongkai.apps.prepared import Statement

from .choices import DecisionKind, DocumentKind, MatterKind
from .models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter

__all__ = ["register_list_for_user", "table2_for", "table2_many", "to_wanyuan"]

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


# The four register reads of table 2, each one GROUP BY over all the bodies asked for, compiled once per
# database and shape (gongkai.apps.prepared): building them through the ORM cost more than running them.
_DOCUMENTS = Statement(
    RegulatoryDocument,
    lambda ids, start, end: (
        RegulatoryDocument.objects.filter(organization_id__in=ids)
        .values("organization_id", "kind")
        .annotate(
            made=Count("id", filter=Q(made_on__range=(start, end))),
            published=Count("id", filter=Q(published_on__range=(start, end))),
            total_published=Count("id", filter=Q(published_on__lte=end)),
            repealed=Count("id", filter=Q(repealed_on__range=(start, end))),
            in_force=Count("id", filter=Q(made_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))),
        )
        .order_by()
    ),
)


def _documents(ids: list[int], year: int) -> dict[tuple[int, str], dict[str, int]]:
    """Counts of regulations and normative documents per (organization, kind): one GROUP BY."""
    rows = _DOCUMENTS.rows(ids=ids, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    return {(r.pop("organization_id"), r.pop("kind")): r for r in rows}


_NO_DOCUMENTS = {"made": 0, "published": 0, "total_published": 0, "repealed": 0, "in_force": 0}


def _listed(day) -> Q:  # noqa: ANN001 - a date or its statement parameter
    return Q(listed_on__lte=day) & (Q(delisted_on__isnull=True) | Q(delisted_on__gt=day))


_MATTERS = Statement(
    ServiceMatter,
    lambda ids, before, now: (
        ServiceMatter.objects.filter(organization_id__in=ids)
        .values("organization_id", "kind")
        .annotate(previous=Count("id", filter=_listed(before)), current=Count("id", filter=_listed(now)))
        .order_by()
    ),
)


def _matters(ids: list[int], year: int) -> dict[tuple[int, str], tuple[int, int]]:
    """(listed at the end of last year, change over this year) per (organization, kind): one GROUP BY."""
    rows = _MATTERS.rows(ids=ids, before=dt.date(year - 1, 12, 31), now=dt.date(year, 12, 31))
    return {(r["organization_id"], r["kind"]): (r["previous"], r["current"] - r["previous"]) for r in rows}


# ``__range`` over the year's first and last day is what the ORM writes for ``decided_on__year`` on a date
_DECISIONS = Statement(
    Decision,
    lambda ids, start, end: (
        Decision.objects.filter(organization_id__in=ids, decided_on__range=(start, end))
        .values("organization_id", "kind")
        .annotate(n=Sum("quantity"))
        .order_by()
    ),
)


def _decisions(ids: list[int], year: int) -> dict[tuple[int, str], int]:
    rows = _DECISIONS.rows(ids=ids, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    return {(r["organization_id"], r["kind"]): r["n"] or 0 for r in rows}


def _sums_statement(model, date_field: str) -> Statement:  # noqa: ANN001 - a model
    return Statement(
        model,
        lambda ids, start, end: (
            model.objects.filter(organization_id__in=ids, **{f"{date_field}__range": (start, end)})
            .values("organization_id")
            .annotate(n=Count("id"), total=Sum("amount"))
            .order_by()
        ),
    )


_SUMS = {
    ProcurementProject: _sums_statement(ProcurementProject, "procured_on"),
    FeeIncome: _sums_statement(FeeIncome, "received_on"),
}


def _sums(model, ids: list[int], year: int) -> dict[int, dict]:  # noqa: ANN001 - a model
    rows = _SUMS[model].rows(ids=ids, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    return {r["organization_id"]: r for r in rows}


def table2_many(ids: list[int], year: int, format: str | int) -> dict[int, dict[str, dict[str, int | Decimal]]]:
    """:func:`table2_for` of every organization in *ids* at once: one GROUP BY per register table."""
    fmt = str(format)
    if fmt not in ("2019", "2021"):
        msg = f"unknown report format {format!r} (expected 2019 or 2021)"
        raise ValueError(msg)
    ids = list(ids)
    documents = _documents(ids, year)
    decisions = _decisions(ids, year)
    if fmt == "2019":
        matters = _matters(ids, year)
        procurement = _sums(ProcurementProject, ids, year)
    else:
        fees = _sums(FeeIncome, ids, year)
    tables = {}
    for org_id in ids:
        regs = documents.get((org_id, DocumentKind.REGULATION), _NO_DOCUMENTS)
        norms = documents.get((org_id, DocumentKind.NORMATIVE), _NO_DOCUMENTS)
        decided = {kind: decisions.get((org_id, kind), 0) for kind in DecisionKind.values}
        if fmt == "2019":
            table: dict[str, dict[str, int | Decimal]] = {}
            for key, counts in (("regulations", regs), ("normative_documents", norms)):
                table[key] = {
                    "new_made": counts["made"],
                    "new_published": counts["published"],
                    "total_published": counts["total_published"],
                }
            for key in ("licensing", "other_services", "penalty", "coercion"):
                previous, change = matters.get((org_id, key), (0, 0))
                table[key] = {"previous_items": previous, "change": change, "decisions": decided[key]}
            previous, change = matters.get((org_id, MatterKind.FEES), (0, 0))
            table["fees"] = {"previous_items": previous, "change": change}
            bought = procurement.get(org_id, {"n": 0, "total": None})
            table["procurement"] = {"projects": bought["n"], "amount": to_wanyuan(bought["total"])}
        else:
            table = {
                "regulations": {"made": regs["made"], "repealed": regs["repealed"], "in_force": regs["in_force"]},
                "normative_documents": {
                    "made": norms["made"],
                    "repealed": norms["repealed"],
                    "in_force": norms["in_force"],
                },
                "licensing": {"decisions": decided["licensing"]},
                "penalty": {"decisions": decided["penalty"]},
                "coercion": {"decisions": decided["coercion"]},
                "fees": {"amount": to_wanyuan(fees.get(org_id, {}).get("total"))},
            }
        tables[org_id] = table
    return tables


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
    return table2_many([organization.pk], year, format)[organization.pk]
