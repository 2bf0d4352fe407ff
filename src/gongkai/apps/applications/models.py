"""Disclosure applications (政府信息公开申请), their events, 复议/诉讼 cases and the holiday table."""

from __future__ import annotations

from django.conf import settings
from django.core import validators
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    ApplicantType,
    CaseResult,
    Channel,
    Decision,
    DeliveryForm,
    DeliveryMethod,
    EventKind,
    FeeMethod,
    IdType,
    LawsuitRoute,
    Status,
)
from .fields import EncryptedTextField

__all__ = [
    "PERSONAL_FIELDS",
    "Application",
    "ApplicationAttachment",
    "ApplicationEvent",
    "Holiday",
    "LawsuitCase",
    "LetterSettings",
    "LetterTemplate",
    "ReplyNumberSequence",
    "QueryGuard",
    "ReviewCase",
    "id_number_index",
    "id_number_indexes",
    "normalise_id_number",
]


class Application(models.Model):
    """A disclosure application (政府信息公开申请), 条例第二十七条–第四十五条.

    ``received_on`` is the date of receipt fixed by 第三十一条 for the channel; the reply period is
    computed by the core from it and the events, and stored (``due_on`` plus the explanation) so
    that lists and reports need no recomputation.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="applications"
    )
    tracking_number = models.CharField(_("申请编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(_("查询码摘要"), max_length=64, editable=False)
    # The one-time token of an online submission (its SHA-256): a second POST with the same token (a double
    # click, a retry after a dropped connection) finds this application instead of creating another.
    submission_token_hash = models.CharField(
        _("提交令牌摘要"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    # 第二十九条第（一）项
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    # Personal data (个人信息): SM4-GCM ciphertext in the database (see fields.EncryptedTextField),
    # masked for everyone but the handling staff, erased after the retention period.
    applicant_name = EncryptedTextField(_("姓名或者名称"), max_length=200, mask="name")
    contact_person = EncryptedTextField(_("联系人"), max_length=100, blank=True, mask="name")
    id_type = models.CharField(_("身份证明类型"), max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField(_("身份证明号码"), max_length=50, mask="id")
    #: HMAC-SM3 blind index of the normalised ID number (lookups of an applicant's applications).
    id_number_index = models.CharField(_("身份证明号码索引"), max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedTextField(_("联系电话"), max_length=50, blank=True, mask="phone")
    email = EncryptedTextField(
        _("电子邮箱"), max_length=254, blank=True, validators=[validators.validate_email], mask="email"
    )
    address = EncryptedTextField(_("通信地址"), max_length=300, blank=True, mask="address")
    postcode = EncryptedTextField(_("邮政编码"), max_length=10, blank=True, mask="all")
    personal_data_erased_on = models.DateField(_("个人信息删除日期"), null=True, blank=True, editable=False)
    # 第二十九条第（二）项
    description = models.TextField(_("所需政府信息的名称、文号或者其他特征性描述"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    # 第二十九条第（三）项
    delivery_form = models.CharField(_("获取信息的形式"), max_length=20, choices=DeliveryForm.choices)
    delivery_method = models.CharField(_("获取信息的方式"), max_length=20, choices=DeliveryMethod.choices)

    # 第三十一条
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True)
    receipt_basis = models.CharField(_("收到日期依据"), max_length=200, blank=True)

    status = models.CharField(_("办理状态"), max_length=30, choices=Status.choices, default=Status.SUBMITTED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_applications",
    )

    # Stored result of gongkai.core.deadlines.reply_deadline.
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    deadline_status = models.CharField(_("计时状态"), max_length=30, blank=True)
    deadline_explanation = models.JSONField(_("期限说明"), default=dict, blank=True)

    fee_method = models.CharField(_("计费方式"), max_length=10, choices=FeeMethod.choices, blank=True)
    fee_units = models.PositiveIntegerField(_("计费件数或页数"), null=True, blank=True)
    fee_amount = models.PositiveIntegerField(_("信息处理费（元）"), null=True, blank=True)

    decision = models.CharField(_("办理结果"), max_length=40, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("答复理由"), blank=True)
    decided_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_number = models.CharField(_("答复文号"), max_length=100, blank=True)
    # The 领导 who approved the reply (四眼原则), by name too: the record outlives the account.
    reply_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复审批人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reply_approved_by_name = models.CharField(_("答复审批人姓名"), max_length=150, blank=True)
    reply_approved_at = models.DateTimeField(_("答复审批时间"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # Years of received_on / closed_on, kept by save(): equality on a year lets tables 3 and 4 be
    # read from indexes in group order, with no sort (see selectors.report_table3).
    received_year = models.PositiveSmallIntegerField(_("收到年度"), null=True, blank=True, editable=False)
    closed_year = models.PositiveSmallIntegerField(_("办结年度"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-id"]
        # Tables 3 and 4 read only index entries, in group order (issue 5 targets: 100,000
        # applications per organization-year, tables in ≤ 200 ms, the overdue list in ≤ 50 ms).
        indexes = [
            models.Index(
                fields=["organization", "received_year", "applicant_type"], name="application_received_year_idx"
            ),
            models.Index(
                fields=["organization", "closed_year", "decision", "applicant_type"], name="application_closed_year_idx"
            ),
            models.Index(
                fields=["organization", "closed_year", "received_year", "applicant_type"],
                name="application_carry_idx",
            ),
            models.Index(fields=["organization", "status", "due_on"], name="application_org_due_idx"),
            # PostgreSQL reads the overdue list in due-date order from this partial index and stops
            # after a page; SQLite prefers the one above.
            models.Index(
                fields=["organization", "due_on", "id"],
                condition=models.Q(
                    status__in=["in_progress", "awaiting_correction", "consulting", "awaiting_payment", "awaiting_approval"]
                ),
                name="application_open_due_idx",
            ),
        ]
        constraints = [
            # A closed application has exactly one decision (one row of table 3) and a close date; a reply
            # waiting for the 领导 has its proposed decision but no close date; any other has neither.
            models.CheckConstraint(
                condition=(models.Q(status=Status.CLOSED, closed_on__isnull=False) & ~models.Q(decision=""))
                | (models.Q(status=Status.AWAITING_APPROVAL, closed_on__isnull=True) & ~models.Q(decision=""))
                | (
                    ~models.Q(status__in=[Status.CLOSED, Status.AWAITING_APPROVAL])
                    & models.Q(decision="", closed_on__isnull=True)
                ),
                name="application_closed_has_decision",
            ),
        ]

    def __str__(self) -> str:
        # The number only: this text is frozen into audit rows, which supervisors also read.
        return self.tracking_number

    def save(self, *args, **kwargs) -> None:
        """Save, keeping ``received_year``, ``closed_year`` and the ID number's blind index in step."""
        self.received_year = self.received_on.year if self.received_on else None
        self.closed_year = self.closed_on.year if self.closed_on else None
        self.id_number_index = id_number_index(self.id_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {"received_year"} if "received_on" in update_fields else set()
            extra |= {"closed_year"} if "closed_on" in update_fields else set()
            extra |= {"id_number_index"} if "id_number" in update_fields else set()
            kwargs["update_fields"] = [*update_fields, *extra]
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.SUBMITTED, Status.CLOSED)


#: The encrypted personal fields of an application (erased after the retention period).
PERSONAL_FIELDS = ("applicant_name", "contact_person", "id_number", "phone", "email", "address", "postcode")


def normalise_id_number(value: str) -> str:
    """The form of an ID number that the blind index hashes: no spaces, upper-case (``x`` → ``X``)."""
    return "".join((value or "").split()).upper()


def id_number_index(value: str, *, key_id: str | None = None) -> str:
    """The blind index of *value* under the current key (or *key_id*); ``""`` for no number."""
    from gongkai.web.datakey import keyring

    normalised = normalise_id_number(value)
    return keyring().blind_index(normalised, key_id=key_id) if normalised else ""


def id_number_indexes(value: str) -> list[str]:
    """Every blind index *value* may have (one per key while a rotation is under way)."""
    from gongkai.web.datakey import keyring

    normalised = normalise_id_number(value)
    return keyring().blind_indexes(normalised) if normalised else []


class ApplicationEvent(models.Model):
    """An event that moves the reply period (补正、征求意见、延期、收费): input to the core's counter."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事件"), max_length=30, choices=EventKind.choices)
    date = models.DateField(_("日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    deadline = models.DateField(_("期限"), null=True, blank=True)
    days = models.PositiveIntegerField(_("工作日数"), null=True, blank=True)
    party = models.CharField(_("征求意见对象"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    approved_by = models.CharField(_("批准人（机构负责人）"), max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理事件")
        verbose_name_plural = _("办理事件")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class ApplicationAttachment(models.Model):
    """A document delivered to the applicant with the reply (答复所附政府信息), kept with the case."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="applications/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class _RemedyCase(models.Model):
    """Common fields of 行政复议 and 行政诉讼 cases (table 4)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("被申请（被告）机关"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("关联申请"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("申请（立案）日期"))
    result = models.CharField(_("结果"), max_length=20, choices=CaseResult.choices, default=CaseResult.PENDING)
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        abstract = True


class ReviewCase(_RemedyCase):
    """A 行政复议 case against a disclosure decision (条例第五十一条; 行政复议法第二十条: 60日内申请)."""

    reviewing_body = models.CharField(_("复议机关"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("行政复议案件")
        verbose_name_plural = _("行政复议案件")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["organization", "filed_on"], name="review_org_filed_idx")]

    def __str__(self) -> str:
        return self.case_number or f"行政复议 {self.filed_on}"


class LawsuitCase(_RemedyCase):
    """A 行政诉讼 case (行政诉讼法第四十六条: 六个月内起诉), directly or after 行政复议."""

    route = models.CharField(_("起诉方式"), max_length=30, choices=LawsuitRoute.choices)
    review = models.ForeignKey(
        ReviewCase, verbose_name=_("前置复议案件"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    court = models.CharField(_("人民法院"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("行政诉讼案件")
        verbose_name_plural = _("行政诉讼案件")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["organization", "filed_on"], name="lawsuit_org_filed_idx")]

    def __str__(self) -> str:
        return self.case_number or f"行政诉讼 {self.filed_on}"


class Holiday(models.Model):
    """One row of the editable holiday table (节假日表), which overrides chinesecalendar."""

    KIND_CHOICES = [
        ("holiday", _("法定节假日")),
        ("rest", _("调休休息")),
        ("workday", _("调休上班")),
    ]

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=KIND_CHOICES)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日表")
        verbose_name_plural = _("节假日表")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class QueryGuard(models.Model):
    """Wrong query codes (查询码) tried against one application on the public status page.

    After ``GONGKAI_QUERY_MAX_FAILURES`` wrong codes in a row the tracking number is locked until
    ``locked_until`` (``GONGKAI_QUERY_LOCK_MINUTES`` later): no code, right or wrong, is checked meanwhile, so a
    guesser gets a handful of tries per lock period instead of the whole code space.
    """

    application = models.OneToOneField(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="query_guard"
    )
    failures = models.PositiveIntegerField(_("连续错误次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    locks = models.PositiveIntegerField(_("累计锁定次数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("查询码错误记录")
        verbose_name_plural = _("查询码错误记录")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.failures}"


class LetterTemplate(models.Model):
    """A body's own text for one letter or notice kind (the shipped default applies where there is none).

    ``kind`` is a key of :data:`gongkai.apps.applications.letters.kinds.KINDS` (a decision or a notice);
    ``body`` is one paragraph a line with placeholders in braces, checked by the services before it is
    saved (known placeholders only, no doubled punctuation or template alternatives once filled in).
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("文书类型"), max_length=40)
    body = models.TextField(_("正文模板"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("答复文书模板")
        verbose_name_plural = _("答复文书模板")
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="letter_template_unique_kind")]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.kind}"


class LetterSettings(models.Model):
    """A body's 文号 scheme for reply letters (e.g. ``{机关简称}信复〔{年}〕{序号}号`` → 思政信复〔2026〕3号)."""

    organization = models.OneToOneField(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    number_pattern = models.CharField(_("答复书文号格式"), max_length=60)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("答复书文号格式")
        verbose_name_plural = _("答复书文号格式")

    def __str__(self) -> str:
        return self.number_pattern


class ReplyNumberSequence(models.Model):
    """The last 序号 given to a reply letter of a body in a year: numbers are taken under a row lock."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("答复书文号序号")
        verbose_name_plural = _("答复书文号序号")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="reply_number_sequence_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.year}:{self.last}"
