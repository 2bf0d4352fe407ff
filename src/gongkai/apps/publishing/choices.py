"""Enumerations for proactive disclosure."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemStatus(models.TextChoices):
    """Workflow status of an item (信息状态): 草稿 → 待审核 → 待签发 → 已发布 (→ 已撤回)."""

    DRAFT = "draft", _("草稿")
    PENDING_REVIEW = "pending_review", _("待审核")
    PENDING_SIGNOFF = "pending_signoff", _("待签发")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Validity(models.TextChoices):
    """Validity of a policy document (有效性), as 政府透明度 evaluators expect it marked."""

    NOT_APPLICABLE = "", _("不涉及")
    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class ItemKind(models.TextChoices):
    """What an item is (信息类型): 政策文件 carry 有效性 and get a 政策解读 linked to them."""

    GENERAL = "", _("一般信息")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")


class FindingStatus(models.TextChoices):
    """State of a 三审三校 finding (检查提示)."""

    OPEN = "open", _("待确认")
    CONFIRMED = "confirmed", _("已确认无误")


class ReviewStage(models.TextChoices):
    """Stage of a review (审核环节)."""

    CONFIDENTIALITY = "confidentiality", _("保密审查")
    SIGNOFF = "signoff", _("领导签发")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    APPROVED = "approved", _("通过")
    RETURNED = "returned", _("退回修改")
    CANCELLED = "cancelled", _("已取消")


class CatalogueKind(models.TextChoices):
    """Where a catalogue node comes from (目录来源)."""

    LOCAL = "local", _("本机关栏目")
    ARTICLE_20 = "art20", _("条例第二十条")
    ARTICLE_21 = "art21", _("条例第二十一条")
    GRASSROOTS_AREA = "area", _("基层政务公开领域")


class ChannelKind(models.TextChoices):
    """Publication channel (公开渠道)."""

    PORTAL = "portal", _("政府网站")
    WECHAT = "wechat", _("政务微信公众号")
    NOTICE_BOARD = "notice_board", _("信息公告栏")
    OTHER = "other", _("其他")


#: Suggestions for 主题分类 (the State Council's subject classification of documents). The exact official
#: list varies between platforms — UNVERIFIED, configurable: the field is free text and these are only
#: offered as suggestions in the form.
TOPIC_SUGGESTIONS = (
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
)
