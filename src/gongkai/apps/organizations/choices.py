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
    """Staff role within one organization (岗位角色).

    Three business roles (经办人, 审核人, 领导) and the three administrators of 等保 2.0 三员分立
    (GB/T 22239-2019: 访问控制 asks for the separation of administrative users' rights, 安全管理中心 for
    系统管理, 安全管理 and 审计管理 by separate administrators): the 系统管理员 configures, the 安全管理员 manages accounts and
    roles, the 审计管理员 reads the audit log. Which roles one person may combine is decided in
    :mod:`gongkai.apps.organizations.duties`.
    """

    DRAFTER = "drafter", _("经办人")
    REVIEWER = "reviewer", _("审核人")
    LEADER = "leader", _("领导")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


#: The roles that do the disclosure work itself.
BUSINESS_ROLES = frozenset({Role.DRAFTER, Role.REVIEWER, Role.LEADER})
#: The three administrators (三员).
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
