"""The parts of a letter (title, 文号, 主送, paragraphs, 附件, 落款) from an application and its events.

The text comes from the body's template for the kind (:class:`~..models.LetterTemplate`) or the shipped
default (:mod:`.kinds`), filled in by :func:`.wording.fill`. :func:`sample_parts` fills a template with a
made-up case, for the editor's preview and its checks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..choices import DeliveryForm, DeliveryMethod, EventKind, FeeMethod, Status
from .kinds import KINDS, LetterKind, kind_for
from .wording import cn_date, fill, quote_request

__all__ = [
    "LetterParts",
    "file_name",
    "letter_parts",
    "notice_parts",
    "sample_parts",
    "template_text",
    "third_party_salutation",
]

#: Notice key → the event it is written for.
NOTICE_EVENTS = {
    "correction": EventKind.CORRECTION_REQUESTED,
    "extension": EventKind.EXTENSION,
    "delay": EventKind.DELAY,
    "fee": EventKind.FEE_NOTICE_SENT,
    "consultation": EventKind.CONSULTATION,
}

_DELIVERY_FORM = {DeliveryForm.PAPER: "纸质", DeliveryForm.ELECTRONIC: "电子文档"}
_DELIVERY_METHOD = {
    DeliveryMethod.MAIL: "通过邮寄方式",
    DeliveryMethod.EMAIL: "通过电子邮件",
    DeliveryMethod.PICKUP: "通过当面领取方式",
    DeliveryMethod.ONLINE: "通过网上申请平台",
}
_ORGANISATION_ENDINGS = re.compile(
    r"(公司|单位|集团|企业|厂|店|行|社|所|院|校|中心|协会|学会|商会|委员会|委|局|办|厅|部|处|科|站|队|会|组)$"
)


@dataclass
class LetterParts:
    """Everything a renderer needs; also readable as a dict (``parts["number"]``) for the views."""

    kind: str
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    signature: str
    date: str
    attachments: list[str] = field(default_factory=list)
    contact: str = ""
    stem: str = ""

    def __getitem__(self, key: str):
        return getattr(self, key)


def third_party_salutation(party: str) -> str:
    """贵单位 for an organization consulted, 您 for a person."""
    return "贵单位" if _ORGANISATION_ENDINGS.search((party or "").strip()) else "您"


def template_text(organization, kind: LetterKind) -> str:
    """The body's own template for *kind*, else the shipped default."""
    from ..models import LetterTemplate

    if organization is not None and getattr(organization, "pk", None):
        own = LetterTemplate.objects.filter(organization=organization, kind=kind.key).values_list("body", flat=True)
        for body in own:
            return body
    return kind.default


def _common(application) -> dict[str, str]:
    return {
        "机关名称": application.organization.name,
        "申请人": application.applicant_name,
        "申请编号": application.tracking_number,
        "收到日期": cn_date(application.received_on) if application.received_on else "",
        "申请内容": quote_request(application.description),
    }


def _paid(application) -> bool:
    """Whether the fee was paid (a fee notice alone, then 视为放弃, collects nothing)."""
    return bool(application.pk) and application.events.filter(kind=EventKind.FEE_PAID).exists()


def _delivery(application) -> str:
    form = _DELIVERY_FORM.get(application.delivery_form, "")
    method = _DELIVERY_METHOD.get(application.delivery_method, "")
    return (f"以{form}形式" if form else "") + method


def _contact(org) -> str:
    parts = [f"联系电话：{org.phone}" if org.phone else "", f"地址：{org.address}" if org.address else ""]
    return "，".join(p for p in parts if p)


def _attachment_names(application) -> list[str]:
    if not application.pk:
        return []
    names = []
    for name in application.attachments.values_list("name", flat=True):
        stem, dot, ext = name.rpartition(".")
        # GB/T 9704 7.3.4: 附件名称后不加标点符号; the file's extension is no part of its name.
        names.append(stem if dot and stem and len(ext) <= 5 else name)
    return names


def file_name(parts: LetterParts, extension: str) -> str:
    """``思礼镇人民政府政府信息公开申请答复书（GK…）.docx``: the name the download is saved under."""
    return f"{parts.stem}.{extension}"


def _stem(org_name: str, title: str, tracking_number: str) -> str:
    return f"{org_name}{title}（{tracking_number}）"


def letter_parts(application) -> LetterParts:
    """The reply letter of an application whose reply was issued (办结: approved where required).

    Raises:
        ValueError: the reply is not issued yet (Chinese message).
    """
    if application.status != Status.CLOSED or not application.decision:
        msg = (
            "该答复尚待领导审批，审批通过后才能出具答复书。"
            if application.status == Status.AWAITING_APPROVAL
            else "该申请尚未作出答复，不能生成答复书。"
        )
        raise ValueError(msg)
    kind = kind_for(application.decision)
    org = application.organization
    attachments = _attachment_names(application)
    delivery = _delivery(application)
    values = {
        **_common(application),
        "文号": application.reply_number,
        "答复日期": cn_date(application.decided_on),
        "提供方式": delivery + ("（见附件）" if attachments else ""),
        "答复理由": (application.decision_reason or "").strip(),
        "信息处理费": f"{application.fee_amount}元" if application.fee_amount and _paid(application) else "",
        "文书": kind.short_title,
    }
    return LetterParts(
        kind=kind.key,
        title=kind.title,
        number=application.reply_number,
        addressee=f"{application.applicant_name}：",
        paragraphs=fill(template_text(org, kind), values),
        attachments=attachments,
        contact=_contact(org),
        signature=org.name,
        date=cn_date(application.decided_on),
        stem=_stem(org.name, kind.title, application.tracking_number),
    )


def _due_after_extension(application, event) -> str:
    from ..services import application_deadline_on

    due = application_deadline_on(application, event.date).due
    return cn_date(due) if due else "另行告知（期限中止中）"


def notice_parts(application, key: str) -> LetterParts:
    """The notice *key* (``correction``, ``extension``, ``delay``, ``fee``, ``consultation``) for its latest event.

    Raises:
        ValueError: unknown kind, or the application has no such event (Chinese message).
    """
    if key not in NOTICE_EVENTS:
        msg = f"未知的告知书类型：{key}"
        raise ValueError(msg)
    kind = KINDS[key]
    event = application.events.filter(kind=NOTICE_EVENTS[key]).order_by("-date", "-id").first()
    if event is None:
        msg = "该申请没有相应的办理记录，不能生成此告知书。"
        raise ValueError(msg)
    org = application.organization
    values = {**_common(application), "告知日期": cn_date(event.date)}
    addressee = application.applicant_name
    if key == "correction":
        values["补正期限"] = cn_date(event.deadline) if event.deadline else "收到本告知书之日起15个工作日"
        values["补正内容"] = (event.note or "").strip() or "请明确所需政府信息的名称、文号或者其他特征性描述"
    elif key == "extension":
        values["延期理由"] = (event.note or "").strip().rstrip("。") or "需要进一步检索、审查"
        values["延长天数"] = str(event.days or "")
        values["延长后期限"] = _due_after_extension(application, event)
    elif key == "delay":
        if event.deadline:
            until = cn_date(event.deadline)
        elif event.days:
            until = _due_after_extension(application, event)
        else:
            until = "另行告知的期限"
        values["延迟答复期限"] = until
        values["延迟理由"] = (event.note or "").strip()
    elif key == "fee":
        pieces = application.fee_method == FeeMethod.PIECES
        values["收费金额"] = f"{application.fee_amount}元" if application.fee_amount is not None else ""
        values["计费方式"] = (
            f"{'按件计收' if pieces else '按量计收'}，{application.fee_units}{'件' if pieces else '页'}"
        )
    else:
        addressee = event.party
        values["第三方"] = event.party
        values["称谓"] = third_party_salutation(event.party)
        values["征询说明"] = (event.note or "").strip()
    return LetterParts(
        kind=key,
        title=kind.title,
        number=f"申请编号：{application.tracking_number}",
        addressee=f"{addressee}：",
        paragraphs=fill(template_text(org, kind), values),
        contact=_contact(org),
        signature=org.name,
        date=cn_date(event.date),
        stem=_stem(org.name, kind.title, application.tracking_number),
    )


# -- the editor's sample -------------------------------------------------------------------------

_SAMPLE_DATE = dt.date(2026, 3, 2)


def sample_values(kind: LetterKind, org_name: str = "某某镇人民政府") -> dict[str, str]:
    """Made-up values for every placeholder of *kind* (the preview, and the checks of a template)."""
    values = {
        "机关名称": org_name,
        "申请人": "张三",
        "申请编号": "GK20260302ABCD",
        "收到日期": cn_date(_SAMPLE_DATE),
        "申请内容": quote_request("2025年本镇农村人居环境整治项目的招标文件。"),
        "文号": f"{org_name}依申请公开〔2026〕1号",
        "答复日期": cn_date(_SAMPLE_DATE + dt.timedelta(days=14)),
        "提供方式": "以电子文档形式通过电子邮件（见附件）",
        "答复理由": "该部分内容涉及投标人的商业秘密，经征求意见，投标人不同意公开。",
        "信息处理费": "",
        "文书": kind.short_title,
        "告知日期": cn_date(_SAMPLE_DATE + dt.timedelta(days=3)),
        "补正期限": cn_date(_SAMPLE_DATE + dt.timedelta(days=17)),
        "补正内容": "请写明所需招标文件的项目名称或者招标编号",
        "延期理由": "需要调取档案并逐页审查",
        "延长天数": "20",
        "延长后期限": cn_date(_SAMPLE_DATE + dt.timedelta(days=56)),
        "延迟答复期限": cn_date(_SAMPLE_DATE + dt.timedelta(days=70)),
        "延迟理由": "",
        "收费金额": "1700元",
        "计费方式": "按量计收，150页",
        "第三方": "某某建设工程有限公司",
        "称谓": "贵单位",
        "征询说明": "",
    }
    return {name: values.get(name, name) for name in kind.placeholders}


def sample_parts(kind: LetterKind, body: str, org_name: str = "某某镇人民政府", number: str = "") -> LetterParts:
    """*body* filled in with the sample case, laid out as the letter would be (*number*: the sample 文号).

    Raises:
        PlaceholderError: unknown placeholder or bad braces.
    """
    values = sample_values(kind, org_name)
    if number and "文号" in values:
        values["文号"] = number
    return LetterParts(
        kind=kind.key,
        title=kind.title,
        number=values["文号"] if kind.is_decision else f"申请编号：{values['申请编号']}",
        addressee=f"{values['第三方'] if kind.to_third_party else values['申请人']}：",
        paragraphs=fill(body, values),
        attachments=["招标文件（可以公开部分）"] if kind.is_decision else [],
        contact="联系电话：0000-0000000",
        signature=org_name,
        date=values["答复日期"] if kind.is_decision else values["告知日期"],
        stem=_stem(org_name, kind.title, values["申请编号"]),
    )
