"""Models of the 基层政务公开标准目录 (国办发〔2019〕54号): entries, with owners and computed time limits."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.timelimits import LimitKind, TimeLimit

from .choices import CHANNEL_LABELS, CHANNELS, RuleKind, RuleSource, UpdateCycle

__all__ = ["Entry", "ReminderSent"]


class Entry(models.Model):
    """One row of a body's standard catalogue (标准目录事项), in the columns county catalogues publish.

    ``nodes`` are the catalogue columns (``publishing.CatalogueNode``) whose published items fulfil the entry.
    The ``rule_*`` fields hold the 公开时限 read into a rule (:mod:`gongkai.core.timelimits`); when the text
    cannot be read, ``rule_kind`` is ``unknown`` and the office sets the rule by hand (``rule_source`` manual).
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="standard_entries"
    )
    area = models.CharField(_("领域"), max_length=50, help_text=_("如 社会救助、涉农补贴（国办发〔2019〕54号的26个领域）。"))
    number = models.PositiveIntegerField(_("序号"), default=0)
    level1 = models.CharField(_("一级事项"), max_length=100)
    level2 = models.CharField(_("二级事项"), max_length=200, blank=True)
    content = models.TextField(_("公开内容（要素）"))
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit = models.CharField(_("公开时限"), max_length=300)
    subject = models.CharField(_("公开主体"), max_length=200)
    channels = models.JSONField(_("公开渠道和载体"), default=list, blank=True)
    audience_public = models.BooleanField(_("全社会"), default=True)
    audience_specific = models.BooleanField(_("特定群体"), default=False)
    mode_proactive = models.BooleanField(_("主动公开"), default=True)
    mode_on_request = models.BooleanField(_("依申请公开"), default=False)
    level_county = models.BooleanField(_("县级"), default=False)
    level_township = models.BooleanField(_("乡级"), default=True)
    level_village = models.BooleanField(_("村级"), default=False)
    office = models.CharField(_("责任科室"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="standard_entries",
    )
    update_cycle = models.CharField(
        _("更新周期"), max_length=20, choices=UpdateCycle.choices, default=UpdateCycle.EVENT
    )
    nodes = models.ManyToManyField(
        "publishing.CatalogueNode", verbose_name=_("对应栏目"), blank=True, related_name="standard_entries"
    )
    rule_kind = models.CharField(_("时限规则"), max_length=20, choices=RuleKind.choices, default=RuleKind.UNKNOWN)
    rule_days = models.PositiveSmallIntegerField(_("天数"), null=True, blank=True)
    rule_working = models.BooleanField(_("按工作日"), default=False)
    rule_month = models.PositiveSmallIntegerField(_("截止月"), null=True, blank=True)
    rule_day = models.PositiveSmallIntegerField(_("截止日"), null=True, blank=True)
    rule_source = models.CharField(_("规则来源"), max_length=10, choices=RuleSource.choices, default=RuleSource.PARSED)
    tracked_since = models.DateField(_("开始督查日期"), default=dt.date.today)
    sort_order = models.IntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("标准目录事项")
        verbose_name_plural = _("标准目录事项")
        ordering = ["sort_order", "area", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "area", "level1", "level2"], name="catalogue_entry_unique_matter"
            ),
        ]
        indexes = [models.Index(fields=["organization", "area"], name="catalogue_entry_org_area_idx")]

    def __str__(self) -> str:
        return f"{self.area}·{self.level1}" + (f"·{self.level2}" if self.level2 else "")

    @property
    def rule(self) -> TimeLimit:
        """The stored rule as the core's :class:`~gongkai.core.timelimits.TimeLimit`."""
        return TimeLimit(
            LimitKind(self.rule_kind),
            days=self.rule_days,
            working=self.rule_working,
            month=self.rule_month,
            day=self.rule_day,
            text=self.time_limit,
        )

    @property
    def rule_flagged(self) -> bool:
        """The 时限 could not be read and nobody has set the rule: the office must set it."""
        return self.rule_kind == RuleKind.UNKNOWN

    @property
    def channel_labels(self) -> list[str]:
        return [CHANNEL_LABELS[c] for c, _label in CHANNELS if c in set(self.channels or ())]

    @property
    def owner_name(self) -> str:
        if self.owner is None:
            return ""
        return self.owner.get_full_name() or self.owner.get_username()


class ReminderSent(models.Model):
    """One reminder e-mail sent to one owner on one day (so a task run twice a day does not mail twice)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    lines = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user", "sent_on"], name="catalogue_reminder_once_a_day")
        ]
