"""Enumerations of the 第二十条 registers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """条例第二十条第（一）项."""

    REGULATION = "regulation", _("规章")
    NORMATIVE = "normative", _("规范性文件")


class MatterKind(models.TextChoices):
    """条例第二十条第（五）、（六）、（八）项: items (事项) of these kinds are listed with dates."""

    LICENSING = "licensing", _("行政许可")
    OTHER_SERVICES = "other_services", _("其他对外管理服务事项")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    FEES = "fees", _("行政事业性收费")


class DecisionKind(models.TextChoices):
    """Kinds of decisions counted in table 2 (处理决定)."""

    LICENSING = "licensing", _("行政许可")
    OTHER_SERVICES = "other_services", _("其他对外管理服务事项")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
