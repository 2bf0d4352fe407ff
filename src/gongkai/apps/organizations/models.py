"""Organizations (机关) as a tree, and memberships of staff users with roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.identifiers import is_organization_code, is_uscc

from .choices import OrganizationKind, Role

__all__ = ["RESERVED_SLUGS", "Membership", "Organization"]

#: Top-level URL prefixes of the site (web/urls.py, static and media files). The portal serves an
#: organization at ``/<slug>/`` after every other prefix, so an organization with one of these slugs
#: would never be reachable: they are refused.
RESERVED_SLUGS = frozenset({"admin", "apply", "staff", "accounts", "static", "media", "captcha", "api"})


class Organization(models.Model):
    """A body that discloses information (政府信息公开主体): a government, department, township or village.

    Organizations form a tree (市 → 县/区 → 乡镇/街道/部门 → 村/社区). ``path`` is a materialized path of
    primary keys (``/1/5/12/``) kept in step with ``parent`` by :meth:`save`, so that ancestors are known
    without queries and descendants are one ``startswith`` filter away.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("层级路径"), max_length=255, db_index=True, editable=False, default="")
    slug = models.SlugField(
        _("网址标识"), max_length=60, unique=True, help_text=_("用于网址，只能包含英文字母、数字、连字符。")
    )
    code = models.CharField(
        _("索引号前缀"),
        max_length=40,
        blank=True,
        help_text=_("一般为统一社会信用代码或机构代码，用作索引号的前缀；为空时使用网址标识。"),
    )
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真号码"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("互联网联系方式"), blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    sort_order = models.IntegerField(_("排序"), default=0)
    # Changed only through services.organization_set_reply_approval (audited), never in a plain form.
    reply_approval_required = models.BooleanField(
        _("答复须经领导审批"),
        default=True,
        help_text=_("依申请公开的答复在出具答复书前须由领导审批（四眼原则）。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["path", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="organization_code_unique_when_set",
                violation_error_message="索引号前缀已被其他机关使用。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse a 网址标识 that a top-level URL prefix would shadow (see :data:`RESERVED_SLUGS`)."""
        super().clean()
        code = (self.code or "").strip().upper()
        if len(code) == 18 and code.isalnum() and not is_uscc(code):
            raise ValidationError({"code": "统一社会信用代码校验位不正确（GB 32100-2015），请核对。"})
        if (
            len(code.replace("-", "")) == 9
            and code.replace("-", "").isalnum()
            and "-" in code
            and not is_organization_code(code)
        ):
            raise ValidationError({"code": "组织机构代码校验位不正确（GB 11714），请核对。"})
        if self.slug and self.slug.lower() in RESERVED_SLUGS:
            reserved = "、".join(sorted(RESERVED_SLUGS))
            msg = f"网址标识“{self.slug}”是系统保留的网址前缀，不能用作机关网址标识（保留：{reserved}）。"
            raise ValidationError({"slug": msg})

    @property
    def index_prefix(self) -> str:
        """Prefix of this body's 索引号 (the code, or the slug in capitals when no code is set)."""
        return self.code or self.slug.upper()

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys of the ancestors, root first (from ``path``, no query)."""
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return ids[:-1]

    @property
    def depth(self) -> int:
        """0 for a root, 1 for its children, and so on."""
        return len(self.ancestor_ids)

    def compute_path(self) -> str:
        """Return the materialized path for the current parent and primary key."""
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"

    def save(self, *args, **kwargs) -> None:
        """Save, then make ``path`` agree with ``parent`` (a new row needs its primary key first)."""
        super().save(*args, **kwargs)
        path = self.compute_path()
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def descendants(self, *, include_self: bool = False) -> models.QuerySet[Organization]:
        """All organizations below this one (optionally including it)."""
        qs = type(self).objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)


class Membership(models.Model):
    """A staff user's role in one organization (人员岗位). A user may hold several roles and organizations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("人员岗位")
        verbose_name_plural = _("人员岗位")
        ordering = ["organization__path", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}: {self.get_role_display()}"
