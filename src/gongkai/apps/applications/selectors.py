"""Reads for applications: annual-report tables 3 and 4, work lists (due soon, overdue, waiting).

Table 3 of an organization-year, by construction (report-schema.md keys):

* ``new_received``: received (第三十一条 date) in the year;
* ``carried_over``: received before the year and not closed before 1 January;
* result rows: closed in the year, one row per decision (2019 format: the three （六） rows sum into ``other``);
* ``carried_forward``: received by 31 December and not closed by then (结转下年度).

So 一 + 二 = （七） + 四 in every column, and this year's 上年结转 equals last year's 结转下年度.

Table 4 counts the 复议/诉讼 cases filed in the year, each in the column of its result as of
31 December (a case concluded later is 尚未审结 in that year's report).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from gongkai.apps.organizations import permissions as core_permissions
from gongkai.apps.prepared import Statement
from gongkai.core.deadlines import working_days_between

from . import permissions
from .calendar import holiday_calendar
from .choices import OPEN_STATUSES, ApplicantType, CaseResult, Decision, LawsuitRoute
from .models import Application, LawsuitCase, ReviewCase, id_number_indexes

__all__ = [
    "TABLE3_COLUMNS",
    "TABLE3_RESULT_ROWS_2019",
    "TABLE3_RESULT_ROWS_2021",
    "application_get_by_tracking",
    "application_list_for_user",
    "applications_of_applicant",
    "applications_due_soon",
    "applications_overdue",
    "report_table3",
    "report_table3_many",
    "report_table4",
    "report_table4_many",
    "workload_summary",
]

TABLE3_COLUMNS = [c.value for c in ApplicantType]
_DECISION_ROWS = [d.value for d in Decision]
TABLE3_RESULT_ROWS_2021 = _DECISION_ROWS
TABLE3_RESULT_ROWS_2019 = [d for d in _DECISION_ROWS if not d.startswith("other_")] + ["other"]
_OTHER_2021 = [d for d in _DECISION_ROWS if d.startswith("other_")]


def _row(counts: dict[str, int]) -> dict[str, int]:
    row = {col: int(counts.get(col, 0)) for col in TABLE3_COLUMNS}
    row["total"] = sum(row.values())
    return row


# The reads of tables 3 and 4: each one GROUP BY over all the bodies asked for, compiled once per database
# and shape (gongkai.apps.prepared), since building them through the ORM cost more than running them.


def _by_type(where, *extra: str, **sums):  # noqa: ANN001, ANN202 - builds a Statement's queryset
    def build(ids, year):  # noqa: ANN001, ANN202
        qs = Application.objects.filter(organization_id__in=ids).filter(where(year))
        return qs.values("organization_id", *extra, "applicant_type").annotate(n=Count("applicant_type"), **{
            name: Sum(Case(When(condition(year), then=Value(1)), default=Value(0), output_field=IntegerField()))
            for name, condition in sums.items()
        }).order_by()

    return Statement(Application, build)


_NEW = _by_type(lambda year: Q(received_year=year))
_OPEN = _by_type(lambda year: Q(closed_year__isnull=True, received_year__lte=year), before=lambda year: Q(received_year__lt=year))
_CLOSED_FROM_BEFORE = _by_type(lambda year: Q(closed_year=year, received_year__lt=year))
_CLOSED_AFTER = _by_type(
    lambda year: Q(closed_year__gt=year, received_year__lte=year), before=lambda year: Q(received_year__lt=year)
)
_RESULTS = _by_type(lambda year: Q(closed_year=year), "decision")
_REVIEWS = Statement(
    ReviewCase,
    lambda ids, start, end: ReviewCase.objects.filter(organization_id__in=ids, filed_on__gte=start, filed_on__lte=end)
    .values("organization_id", "result", "concluded_on")
    .annotate(n=Count("id"))
    .order_by(),
)
_LAWSUITS = Statement(
    LawsuitCase,
    lambda ids, start, end: LawsuitCase.objects.filter(organization_id__in=ids, filed_on__gte=start, filed_on__lte=end)
    .values("organization_id", "route", "result", "concluded_on")
    .annotate(n=Count("id"))
    .order_by(),
)


def report_table3(*, organization, year: int, format: str = "2021") -> dict[str, dict[str, int]]:
    """Table 3 (收到和处理政府信息公开申请情况) of *organization* for *year*, as schema keys.

    Args:
        organization: the organization (its own applications only, not its subordinates').
        year: the report year.
        format: ``"2021"`` (（六） split into three rows) or ``"2019"`` (one ``other`` row).
    """
    return report_table3_many([organization.pk], year=year, format=format)[organization.pk]


def report_table3_many(ids, *, year: int, format: str = "2021") -> dict[int, dict[str, dict[str, int]]]:
    """:func:`report_table3` of every organization in *ids* at once (each query grouped by organization too)."""
    if format not in ("2019", "2021"):
        msg = f"unknown report format {format!r}"
        raise ValueError(msg)
    ids = list(ids)

    def add(into: dict, rec: dict, n: int) -> None:
        counts = into.setdefault(rec["organization_id"], {})
        counts[rec["applicant_type"]] = counts.get(rec["applicant_type"], 0) + n

    # 一 本年新收: received in the year (index application_received_year_idx, read in group order).
    new: dict[int, dict[str, int]] = {}
    for rec in _NEW.rows(ids=ids, year=year):
        add(new, rec, rec["n"])
    # 二 上年结转 and 四 结转下年度 come from three small index ranges (application_carry_idx):
    # still open; closed in the year but received before it; closed after the year.
    carried: dict[int, dict[str, int]] = {}
    forward: dict[int, dict[str, int]] = {}
    for rec in _OPEN.rows(ids=ids, year=year):
        add(carried, rec, rec["before"] or 0)
        add(forward, rec, rec["n"])
    for rec in _CLOSED_FROM_BEFORE.rows(ids=ids, year=year):
        add(carried, rec, rec["n"])
    for rec in _CLOSED_AFTER.rows(ids=ids, year=year):
        add(carried, rec, rec["before"] or 0)
        add(forward, rec, rec["n"])
    # 三 results: closed in the year, by decision (application_closed_year_idx, in group order).
    results: dict[int, dict[str, dict[str, int]]] = {}
    for rec in _RESULTS.rows(ids=ids, year=year):
        results.setdefault(rec["organization_id"], {}).setdefault(rec["decision"], {})[rec["applicant_type"]] = rec["n"]
    tables = {}
    result_rows = TABLE3_RESULT_ROWS_2021 if format == "2021" else TABLE3_RESULT_ROWS_2019
    zero = _row({})
    every_row = ["new_received", "carried_over", *result_rows, "total_processed", "carried_forward"]
    for org_id in ids:
        if org_id not in new and org_id not in carried and org_id not in forward and org_id not in results:
            tables[org_id] = {row: dict(zero) for row in every_row}  # no application in reach: all zeros
            continue
        decided = results.get(org_id, {})
        table: dict[str, dict[str, int]] = {
            "new_received": _row(new.get(org_id, {})),
            "carried_over": _row(carried.get(org_id, {})),
        }
        if format == "2021":
            for row in _DECISION_ROWS:
                table[row] = _row(decided.get(row, {}))
        else:
            for row in _DECISION_ROWS:
                if not row.startswith("other_"):
                    table[row] = _row(decided.get(row, {}))
            merged: dict[str, int] = {}
            for row in _OTHER_2021:
                for col, n in decided.get(row, {}).items():
                    merged[col] = merged.get(col, 0) + n
            table["other"] = _row(merged)
        table["total_processed"] = {col: sum(table[r][col] for r in result_rows) for col in [*TABLE3_COLUMNS, "total"]}
        table["carried_forward"] = _row(forward.get(org_id, {}))
        tables[org_id] = table
    return tables


def report_table4(*, organization, year: int) -> dict[str, dict[str, int]]:
    """Table 4 (政府信息公开行政复议、行政诉讼情况) of *organization* for *year*, as schema keys."""
    return report_table4_many([organization.pk], year=year)[organization.pk]


def report_table4_many(ids, *, year: int) -> dict[int, dict[str, dict[str, int]]]:
    """:func:`report_table4` of every organization in *ids* at once: one query for 复议, one for 诉讼."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ids = list(ids)
    counts: dict[tuple[int, str], dict[str, int]] = {}

    def tally(row_key: str, rec: dict) -> None:
        into = counts.setdefault((rec["organization_id"], row_key), {r.value: 0 for r in CaseResult})
        concluded_in_time = rec["concluded_on"] is not None and rec["concluded_on"] <= end
        key = rec["result"] if concluded_in_time and rec["result"] != CaseResult.PENDING else CaseResult.PENDING
        into[key] += rec["n"]

    for rec in _REVIEWS.rows(ids=ids, start=start, end=end):
        tally("reconsideration", rec)
    routes = {LawsuitRoute.DIRECT: "litigation_direct", LawsuitRoute.AFTER_RECONSIDERATION: "litigation_after_reconsideration"}
    for rec in _LAWSUITS.rows(ids=ids, start=start, end=end):
        if rec["route"] in routes:
            tally(routes[rec["route"]], rec)
    empty = {r.value: 0 for r in CaseResult}
    tables = {}
    for org_id in ids:
        table = {}
        for row_key in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
            c = counts.get((org_id, row_key), empty)
            out = {"upheld": c["upheld"], "corrected": c["corrected"], "other": c["other"]}
            out["pending"] = c["pending"]
            out["total"] = sum(out.values())
            table[row_key] = out
        tables[org_id] = table
    return tables


# -- work lists ----------------------------------------------------------------------------------


def application_list_for_user(*, user) -> QuerySet[Application]:
    """Applications the user may see (own organization; supervisors also those below)."""
    qs = core_permissions.restrict(Application.objects.all(), user, permissions.VIEW)
    return qs.select_related("organization", "handler").defer("deadline_explanation")


def applications_overdue(
    *, organization=None, today: dt.date, queryset: QuerySet | None = None
) -> QuerySet[Application]:
    """Open applications whose reply period has run out (答复期限 before *today*), oldest first."""
    qs = queryset if queryset is not None else Application.objects.all()
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.filter(status__in=OPEN_STATUSES, due_on__lt=today).order_by("due_on", "id")


def applications_due_soon(
    *, organization=None, today: dt.date, working_days: int = 5, queryset: QuerySet | None = None
) -> QuerySet[Application]:
    """Open applications due within the next *working_days* working days (today included)."""
    from gongkai.core.deadlines import add_working_days

    limit = add_working_days(today, working_days, holiday_calendar()).due or today
    qs = queryset if queryset is not None else Application.objects.all()
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.filter(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=limit).order_by("due_on", "id")


def days_waiting(application: Application, today: dt.date, calendar=None) -> int | None:
    """Working days since receipt (the statutory count, not minus pauses), or None if not received."""
    if application.received_on is None:
        return None
    end = application.closed_on or today
    return working_days_between(application.received_on, end, calendar or holiday_calendar())


def workload_summary(*, queryset: QuerySet[Application], today: dt.date) -> list[dict]:
    """Open, due-soon and overdue counts per organization and handler (for the staff dashboard)."""
    from gongkai.core.deadlines import add_working_days

    soon = add_working_days(today, 5, holiday_calendar()).due or today
    rows = (
        queryset.filter(status__in=OPEN_STATUSES)
        .values("organization__name", "handler__username", "handler__first_name", "handler__last_name")
        .annotate(
            open=Count("id"),
            due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
            overdue=Count("id", filter=Q(due_on__lt=today)),
        )
        .order_by("organization__name", "handler__username")
    )
    return [
        {
            "organization": r["organization__name"],
            "handler": (
                f"{r['handler__first_name'] or ''} {r['handler__last_name'] or ''}".strip()
                or r["handler__username"]
                or "（未分办）"
            ),
            "open": r["open"],
            "due_soon": r["due_soon"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]


def application_get_by_tracking(*, tracking_number: str) -> Application | None:
    """The application with this tracking number (申请编号), or None."""
    return Application.objects.select_related("organization").filter(tracking_number=tracking_number.strip()).first()


def applications_of_applicant(*, user, id_number: str) -> QuerySet[Application]:
    """The applications with this ID number that *user* handles (own organization's 经办人/审核人), newest first.

    The number is matched through its HMAC-SM3 blind index (``id_number_index``), never decrypted
    in the database; during a key rotation both keys' indexes are tried.
    """
    indexes = id_number_indexes(id_number)
    if not indexes:
        return Application.objects.none()
    qs = core_permissions.restrict(Application.objects.all(), user, permissions.HANDLE)
    return qs.filter(id_number_index__in=indexes).select_related("organization").order_by("-submitted_at", "-id")
