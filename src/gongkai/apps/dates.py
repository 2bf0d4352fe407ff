"""The range of dates the platform can compute with, shared by every form that takes a date.

A date such as 9999-12-31 parses, but adding the 20 working days of 条例第三十三条 (or a year, or
a holiday table lookup) to it overflows Python's ``date`` and used to end in a 500. No record of
a government office lies outside 1900–2099, so every date field refuses such a date with a
Chinese message before any computation.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

__all__ = ["MAX_DATE", "MIN_DATE", "OUT_OF_RANGE", "bound_date_fields", "validate_computable_date"]

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
OUT_OF_RANGE = "日期超出可处理的范围（1900-01-01 至 2099-12-31），请检查年份。"


def validate_computable_date(value: dt.date | None) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


def bound_date_fields(form: forms.BaseForm) -> None:
    """Add the range check (and the matching ``min``/``max`` of the date picker) to every date field of *form*."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            if validate_computable_date not in field.validators:
                field.validators.append(validate_computable_date)
            if isinstance(field, forms.DateField):
                field.widget.attrs.setdefault("min", MIN_DATE.isoformat())
                field.widget.attrs.setdefault("max", MAX_DATE.isoformat())
