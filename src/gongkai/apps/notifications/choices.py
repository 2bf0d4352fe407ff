"""Enumerations of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification tells (提醒类型)."""

    SUBMITTED = "submitted", _("提交给您")
    RETURNED = "returned", _("退回给您")
    ASSIGNED = "assigned", _("分办给您")
    APPROVAL = "approval", _("待您审批")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")
