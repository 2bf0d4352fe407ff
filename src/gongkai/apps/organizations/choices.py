"""Enumerations for organizations and roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    """Kind of body (机关类型)."""

    CITY = "city", _("市级人民政府")
    COUNTY = "county", _("县（市、区）人民政府")
    TOWNSHIP = "township", _("乡镇人民政府")
    SUBDISTRICT = "subdistrict", _("街道办事处")
    DEPARTMENT = "department", _("政府部门")
    VILLAGE = "village", _("村（社区）")
    OTHER = "other", _("其他")


class Role(models.TextChoices):
    """Staff role within one organization (岗位角色)."""

    DRAFTER = "drafter", _("经办人")
    REVIEWER = "reviewer", _("审核人")
    LEADER = "leader", _("领导")
    ADMIN = "admin", _("管理员")
