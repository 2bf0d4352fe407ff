"""Enumerations of the applications app. Values of :class:`ApplicantType` and :class:`Decision`
are the column and row keys of table 3 in ``report-schema.md``, so a record lands in exactly one cell."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantType(models.TextChoices):
    """申请人类型: the six applicant columns of table 3."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    SOCIAL_WELFARE = "social_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


class Channel(models.TextChoices):
    """申请渠道, each with its 第三十一条 receipt rule."""

    ONLINE = "online", _("网上申请平台")
    COUNTER = "counter", _("当面提交")
    MAIL = "mail", _("邮寄")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


class IdType(models.TextChoices):
    """身份证明类型."""

    ID_CARD = "id_card", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MO_TW = "hk_mo_tw", _("港澳台居民证件")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他证件")


class DeliveryForm(models.TextChoices):
    """获取信息的形式 (第二十九条第（三）项)."""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文档")


class DeliveryMethod(models.TextChoices):
    """获取信息的方式、途径 (第二十九条第（三）项)."""

    MAIL = "mail", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class Status(models.TextChoices):
    """办理状态."""

    SUBMITTED = "submitted", _("已提交，待确认收到")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_PAYMENT = "awaiting_payment", _("待缴费")
    # The handler decided; the reply is issued (文号, letter, 办结) only once a 领导 approves it.
    AWAITING_APPROVAL = "awaiting_approval", _("答复待领导审批")
    CLOSED = "closed", _("已办结")


#: Statuses in which the application is open (counted as 结转 on 31 December; the reply period runs on).
OPEN_STATUSES = (
    Status.IN_PROGRESS,
    Status.AWAITING_CORRECTION,
    Status.CONSULTING,
    Status.AWAITING_PAYMENT,
    Status.AWAITING_APPROVAL,
)


class Decision(models.TextChoices):
    """办理结果: exactly one leaf row of table 3 (2021 format keys; 区分处理 counts only as 部分公开)."""

    DISCLOSED = "disclosed", _("（一）予以公开")
    PARTIALLY_DISCLOSED = "partially_disclosed", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("（三）不予公开：1.属于国家秘密")
    WITHHELD_PROHIBITED = "withheld_prohibited", _("（三）不予公开：2.其他法律行政法规禁止公开")
    WITHHELD_SECURITY_STABILITY = "withheld_security_stability", _("（三）不予公开：3.危及“三安全一稳定”")
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("（三）不予公开：4.保护第三方合法权益")
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs", _("（三）不予公开：5.属于三类内部事务信息")
    WITHHELD_PROCESS_INFO = "withheld_process_info", _("（三）不予公开：6.属于四类过程性信息")
    WITHHELD_ENFORCEMENT_FILE = "withheld_enforcement_file", _("（三）不予公开：7.属于行政执法案卷")
    WITHHELD_QUERY_MATTER = "withheld_query_matter", _("（三）不予公开：8.属于行政查询事项")
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", _("（四）无法提供：1.本机关不掌握相关政府信息")
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation", _("（四）无法提供：2.没有现成信息需要另行制作")
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", _("（四）无法提供：3.补正后申请内容仍不明确")
    NOT_PROCESSED_PETITION = "not_processed_petition", _("（五）不予处理：1.信访举报投诉类申请")
    NOT_PROCESSED_DUPLICATE = "not_processed_duplicate", _("（五）不予处理：2.重复申请")
    NOT_PROCESSED_PUBLICATION = "not_processed_publication", _("（五）不予处理：3.要求提供公开出版物")
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive", _("（五）不予处理：4.无正当理由大量反复申请")
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed_confirmation",
        _("（五）不予处理：5.要求行政机关确认或重新出具已获取信息"),
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        _("（六）其他处理：1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    )
    OTHER_UNPAID_FEE = (
        "other_unpaid_fee",
        _("（六）其他处理：2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    )
    OTHER_MISC = "other_misc", _("（六）其他处理：3.其他")


class EventKind(models.TextChoices):
    """办理过程中影响期限的事件."""

    CORRECTION_REQUESTED = "correction_requested", _("发出补正通知")
    CORRECTION_RECEIVED = "correction_received", _("收到补正申请")
    CONSULTATION = "consultation", _("征求第三方或其他机关意见")
    EXTENSION = "extension", _("延长答复期限")
    DELAY = "delay", _("第三十五条延期答复")
    FEE_NOTICE_SENT = "fee_notice_sent", _("发出收费通知")
    FEE_NOTICE_RECEIVED = "fee_notice_received", _("申请人收到收费通知")
    FEE_PAID = "fee_paid", _("缴纳信息处理费")
    # The 领导 approval of the reply (no effect on the reply period).
    REPLY_PROPOSED = "reply_proposed", _("作出答复，报领导审批")
    REPLY_APPROVED = "reply_approved", _("领导批准答复，出具答复书")
    REPLY_RETURNED = "reply_returned", _("领导退回答复")


class FeeMethod(models.TextChoices):
    """信息处理费计收方式 (国办函〔2020〕109号第三条)."""

    PIECES = "pieces", _("按件计收")
    PAGES = "pages", _("按量计收")


class CaseResult(models.TextChoices):
    """Result of a 行政复议 or 行政诉讼 case: the columns of table 4."""

    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class LawsuitRoute(models.TextChoices):
    """行政诉讼: sued directly or after 行政复议 (the two litigation groups of table 4)."""

    DIRECT = "direct", _("未经复议直接起诉")
    AFTER_RECONSIDERATION = "after_reconsideration", _("复议后起诉")
