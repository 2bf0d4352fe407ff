"""Enumerations of the report checking app (年报检查)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadStatus(models.TextChoices):
    """Whether an uploaded file could be read as an annual report (读取结果)."""

    QUEUED = "queued", _("排队等待读取")
    READING = "reading", _("正在读取")
    PARSED = "parsed", _("已读取")
    UNREADABLE = "unreadable", _("无法读取")


class SourceKind(models.TextChoices):
    """The kind of file a report was read from (文件类型)."""

    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word 文档")
    DOC = "doc", _("旧版 Word 文档（.doc）")
    WPS = "wps", _("WPS 文字文档（.wps）")
    OFD = "ofd", _("OFD 版式文档")
    HTML = "html", _("网页")
    MARKDOWN = "markdown", _("Markdown")
    TEXT = "text", _("文本")
    JSON = "json", _("JSON 数据")


class MatchMethod(models.TextChoices):
    """How the report was matched to an organization of the platform (机关匹配方式)."""

    EXACT = "exact", _("名称完全一致")
    NORMALIZED = "normalized", _("去除空格和标点后一致")
    VARIANT = "variant", _("简称或全称变体一致")
    MANUAL = "manual", _("人工指定")
    AMBIGUOUS = "ambiguous", _("有多个同名机关，需人工指定")
    NONE = "none", _("未匹配")


class Decision(models.TextChoices):
    """A supervisor's decision on one finding (人工复核结论)."""

    CONFIRMED = "confirmed", _("确认是问题")
    DISMISSED = "dismissed", _("不是问题")
