"""行政复议 and 行政诉讼 cases about applications (annual report table 4)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.apps.audit.services import audit_log, snapshot
from gongkai.apps.organizations.models import Organization

from .. import permissions
from ..choices import LawsuitRoute
from ..models import Application, LawsuitCase, ReviewCase
from .common import (
    ROUTE_NEEDS_REVIEW,
    _check_date,
)

# -- 行政复议 and 行政诉讼 -------------------------------------------------------------------------


@transaction.atomic
def review_case_record(
    *,
    actor,
    organization: Organization,
    filed_on: dt.date,
    application: Application | None = None,
    case_number: str = "",
    reviewing_body: str = "",
    note: str = "",
) -> ReviewCase:
    """Record a 行政复议 case against the organization (table 4, group 行政复议)."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.APPROVE), organization)
    if application is not None and application.organization_id != organization.pk:
        raise ValidationError("关联的申请不属于本机关。")
    _check_date(filed_on, "复议申请日期")
    case = ReviewCase(
        organization=organization,
        application=application,
        filed_on=filed_on,
        case_number=case_number,
        reviewing_body=reviewing_body,
        note=note,
    )
    case.full_clean()
    case.save()
    audit_log(
        actor=actor, action="applications.review_case.record", obj=case, after=snapshot(case), organization=organization
    )
    return case


@transaction.atomic
def lawsuit_case_record(
    *,
    actor,
    organization: Organization,
    filed_on: dt.date,
    route: str,
    application: Application | None = None,
    review: ReviewCase | None = None,
    case_number: str = "",
    court: str = "",
    note: str = "",
) -> LawsuitCase:
    """Record a 行政诉讼 case: sued directly or after 行政复议 (table 4, litigation groups)."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.APPROVE), organization)
    if route == LawsuitRoute.AFTER_RECONSIDERATION and review is None:
        raise ValidationError(ROUTE_NEEDS_REVIEW)
    if route == LawsuitRoute.DIRECT and review is not None:
        raise ValidationError("直接起诉的案件不应关联行政复议案件。")
    _check_date(filed_on, "起诉日期")
    case = LawsuitCase(
        organization=organization,
        application=application or (review.application if review else None),
        filed_on=filed_on,
        route=route,
        review=review,
        case_number=case_number,
        court=court,
        note=note,
    )
    case.full_clean()
    case.save()
    audit_log(
        actor=actor,
        action="applications.lawsuit_case.record",
        obj=case,
        after=snapshot(case),
        organization=organization,
    )
    return case


@transaction.atomic
def remedy_case_conclude(
    *, actor, case: ReviewCase | LawsuitCase, result: str, concluded_on: dt.date
) -> ReviewCase | LawsuitCase:
    """Record the result of a 复议 or 诉讼 case: 维持, 纠正 or 其他."""
    permissions.require_any(actor, (permissions.REGISTER, permissions.APPROVE), case.organization)
    if result not in ("upheld", "corrected", "other"):
        raise ValidationError("审结结果只能是维持、纠正或其他。")
    _check_date(concluded_on, "审结日期")
    if concluded_on < case.filed_on:
        raise ValidationError("审结日期不能早于立案日期。")
    case = type(case).objects.select_for_update().get(pk=case.pk)
    before = snapshot(case)
    case.result, case.concluded_on = result, concluded_on
    case.full_clean()
    case.save()
    kind = "review_case" if isinstance(case, ReviewCase) else "lawsuit_case"
    audit_log(actor=actor, action=f"applications.{kind}.conclude", obj=case, before=before, after=snapshot(case))
    return case
