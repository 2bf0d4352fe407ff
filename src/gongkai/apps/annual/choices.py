"""Enumerations for annual reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReportStatus(models.TextChoices):
    """Status of an annual report (年报状态)."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
