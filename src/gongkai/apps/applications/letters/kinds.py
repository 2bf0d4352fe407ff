"""Every letter and notice of 依申请公开, with its default text (shipped) and its placeholders.

A *kind* is a decision (one row of table 3, :class:`~..choices.Decision`: the 答复书 or 告知书 that closes
the case) or a notice sent during handling (补正, 延期, 延迟答复, 收费, 第三方征求意见). Each has a title, a
default template (one paragraph a line, placeholders in braces) and the placeholders it may use. A body
may replace the template with its own (:class:`~..models.LetterTemplate`); the title and the layout
(文号, 主送, 附件说明, 落款, 印章位置) stay as GB/T 9704 has them.

The article cited for each decision is the one the old letters cited, plus 第三十六条第（三）项 for the
不予公开 grounds (告知申请人不予公开并说明理由); docs/deadlines-and-fees.md marks the citations an office
should check before use.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import Decision

__all__ = [
    "COMMON_PLACEHOLDERS",
    "DECISION_PLACEHOLDERS",
    "KINDS",
    "NOTICE_KEYS",
    "LetterKind",
    "kind_for",
]

_REG = "《中华人民共和国政府信息公开条例》"
_OPENING = "本机关于{收到日期}收到您提出的政府信息公开申请（申请编号：{申请编号}），申请获取“{申请内容}”。"
_REMEDIES = (
    "如您对本{文书}不服，可以自收到本{文书}之日起六十日内依法申请行政复议，"
    "或者自收到本{文书}之日起六个月内依法向人民法院提起行政诉讼。"
)
_REASON = "{答复理由}"
_FEE = "本申请已按规定收取信息处理费{信息处理费}。"

#: Placeholder → what it stands for (shown in the template editor).
COMMON_PLACEHOLDERS: dict[str, str] = {
    "机关名称": "本机关的名称",
    "申请人": "申请人的姓名或者名称",
    "申请编号": "申请编号（GK…）",
    "收到日期": "收到申请之日（如 2025年3月3日）",
    "申请内容": "申请人所需信息的描述（已去掉句末标点和外层引号）",
}
DECISION_PLACEHOLDERS: dict[str, str] = {
    "文号": "答复书的文号",
    "答复日期": "答复日期",
    "提供方式": "提供信息的形式和方式（如 以电子文档形式通过电子邮件）",
    "答复理由": "经办人填写的答复理由（未填写时整行略去）",
    "信息处理费": "已收取的信息处理费（如 1700元；未收费时整行略去）",
    "文书": "文书简称：答复书或告知书",
}


@dataclass(frozen=True)
class LetterKind:
    """One letter or notice: its key, title, default template and placeholders (name → meaning)."""

    key: str
    title: str
    label: str  # or a lazy translation (a Decision's label)
    default: str
    placeholders: dict[str, str]
    #: Decision letters close a case and carry a 文号 and the remedies clause; notices do not.
    is_decision: bool = True
    #: To whom: the applicant, or the third party consulted (第三十二条).
    to_third_party: bool = False

    @property
    def short_title(self) -> str:
        return "告知书" if self.title.endswith("告知书") else self.title[-3:]


def _decision(key: Decision, body: str, *, reason: bool = True, notice: bool = False) -> LetterKind:
    title = "政府信息公开申请告知书" if notice else "政府信息公开申请答复书"
    lines = [_OPENING, body]
    if reason:
        lines.append(_REASON)
    lines += [_FEE, _REMEDIES]
    return LetterKind(
        key=str(key),
        title=title,
        label=key.label,  # lazy: translated when shown, not at import
        default="\n".join(lines),
        placeholders={**COMMON_PLACEHOLDERS, **DECISION_PLACEHOLDERS},
    )


_WITHHELD = "根据" + _REG + "{article}和第三十六条第（三）项的规定，本机关不予公开。"

_DECISIONS = [
    _decision(
        Decision.DISCLOSED,
        "经审查，您申请获取的政府信息属于公开范围。根据" + _REG + "第三十六条第（二）项的规定，本机关予以公开，"
        "现{提供方式}向您提供。",
    ),
    LetterKind(
        key=str(Decision.PARTIALLY_DISCLOSED),
        title="政府信息公开申请答复书",
        label=Decision.PARTIALLY_DISCLOSED.label,
        default="\n".join(
            [
                _OPENING,
                "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容。根据"
                + _REG
                + "第三十七条的规定，本机关经区分处理，现{提供方式}向您提供可以公开的部分。",
                "不予公开部分的理由：{答复理由}",
                _FEE,
                _REMEDIES,
            ]
        ),
        placeholders={**COMMON_PLACEHOLDERS, **DECISION_PLACEHOLDERS},
    ),
    _decision(
        Decision.WITHHELD_STATE_SECRET,
        "经审查，您申请获取的政府信息属于国家秘密。" + _WITHHELD.format(article="第十四条"),
    ),
    _decision(
        Decision.WITHHELD_PROHIBITED,
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。" + _WITHHELD.format(article="第十四条"),
    ),
    _decision(
        Decision.WITHHELD_SECURITY_STABILITY,
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
        + _WITHHELD.format(article="第十四条"),
    ),
    _decision(
        Decision.WITHHELD_THIRD_PARTY,
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
        + _WITHHELD.format(article="第十五条、第三十二条"),
    ),
    _decision(
        Decision.WITHHELD_INTERNAL_AFFAIRS,
        "经审查，您申请获取的政府信息属于行政机关的人事管理、后勤管理、内部工作流程等内部事务信息。"
        + _WITHHELD.format(article="第十六条第一款"),
    ),
    _decision(
        Decision.WITHHELD_PROCESS_INFO,
        "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息。" + _WITHHELD.format(article="第十六条第二款"),
    ),
    _decision(
        Decision.WITHHELD_ENFORCEMENT_FILE,
        "经审查，您申请获取的政府信息属于行政执法案卷信息。" + _WITHHELD.format(article="第十六条第二款"),
    ),
    _decision(
        Decision.WITHHELD_QUERY_MATTER,
        "经审查，您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项。根据"
        + _REG
        + "第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理查询。",
    ),
    _decision(
        Decision.UNAVAILABLE_NOT_HELD,
        "经检索查找，本机关没有制作或者获取您申请的政府信息。根据"
        + _REG
        + "第三十六条第（四）项、第（五）项的规定，现告知您该政府信息不存在。",
    ),
    _decision(
        Decision.UNAVAILABLE_NEEDS_CREATION,
        "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析后才能形成。根据"
        + _REG
        + "第三十八条的规定，本机关不予提供。",
    ),
    _decision(
        Decision.UNAVAILABLE_UNCLEAR,
        "本机关已通知您对申请内容作出补正。经补正后，您的申请内容仍不明确，本机关无法确定您申请获取的政府信息。根据"
        + _REG
        + "第三十条的规定，本机关无法提供。",
    ),
    _decision(
        Decision.NOT_PROCESSED_PETITION,
        "经审查，您是以政府信息公开申请的形式提出信访、投诉、举报等诉求。根据"
        + _REG
        + "第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过信访、投诉、举报等相应渠道提出。",
        notice=True,
    ),
    _decision(
        Decision.NOT_PROCESSED_DUPLICATE,
        "经审查，本机关已就您申请获取的政府信息作出过答复，您的申请属于重复申请。根据"
        + _REG
        + "第三十六条第（六）项的规定，本机关不予重复处理。",
        notice=True,
    ),
    _decision(
        Decision.NOT_PROCESSED_PUBLICATION,
        "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据"
        + _REG
        + "第三十九条第二款的规定，请您通过获取公开出版物的相应渠道获取。",
        notice=True,
    ),
    _decision(
        Decision.NOT_PROCESSED_EXCESSIVE,
        "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查，您说明的理由不合理。根据"
        + _REG
        + "第三十五条的规定，本机关不予处理。",
        notice=True,
    ),
    _decision(
        Decision.NOT_PROCESSED_CONFIRMATION,
        "经审查，您要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请的处理范围。根据"
        + _REG
        + "第三十八条的规定，本机关不予处理。",
        notice=True,
    ),
    _decision(
        Decision.OTHER_NO_CORRECTION,
        "本机关已书面通知您对申请作出补正，您无正当理由逾期未补正。根据"
        + _REG
        + "第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。",
        reason=False,
        notice=True,
    ),
    _decision(
        Decision.OTHER_UNPAID_FEE,
        "本机关已向您发出信息处理费收费通知，您逾期未按收费通知的要求缴纳费用。根据"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为您放弃申请，"
        "本机关不再处理该政府信息公开申请。",
        reason=False,
        notice=True,
    ),
    LetterKind(
        key=str(Decision.OTHER_MISC),
        title="政府信息公开申请告知书",
        label=Decision.OTHER_MISC.label,
        default="\n".join([_OPENING, "现将您的申请办理情况告知如下：{答复理由}", _FEE, _REMEDIES]),
        placeholders={**COMMON_PLACEHOLDERS, **DECISION_PLACEHOLDERS},
    ),
]

_NOTICES = [
    LetterKind(
        key="correction",
        title="政府信息公开申请补正告知书",
        label="补正告知书（第三十条）",
        default="\n".join(
            [
                _OPENING,
                "经审查，您的申请内容不明确。根据"
                + _REG
                + "第三十条的规定，请您于{补正期限}前对申请作出补正：{补正内容}",
                "答复期限自本机关收到补正的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，"
                "本机关不再处理该政府信息公开申请。",
            ]
        ),
        placeholders={
            **COMMON_PLACEHOLDERS,
            "告知日期": "发出本告知书的日期",
            "补正期限": "补正期限（如 2025年3月20日）",
            "补正内容": "需要补正的内容（未填写时为：请明确所需政府信息的名称、文号或者其他特征性描述）",
        },
        is_decision=False,
    ),
    LetterKind(
        key="extension",
        title="延长政府信息公开申请答复期限告知书",
        label="延期告知书（第三十三条第二款）",
        default="\n".join(
            [
                _OPENING,
                "因{延期理由}，本机关不能在法定期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据"
                + _REG
                + "第三十三条第二款的规定，答复期限延长{延长天数}个工作日，延长后的答复期限为{延长后期限}。",
            ]
        ),
        placeholders={
            **COMMON_PLACEHOLDERS,
            "告知日期": "发出本告知书的日期",
            "延期理由": "延长期限的理由（未填写时为：需要进一步检索、审查）",
            "延长天数": "延长的工作日数",
            "延长后期限": "延长后的答复期限",
        },
        is_decision=False,
    ),
    LetterKind(
        key="delay",
        title="政府信息公开申请延迟答复告知书",
        label="延迟答复告知书（第三十五条）",
        default="\n".join(
            [
                _OPENING,
                "您申请公开政府信息的数量、频次明显超过合理范围。经审查，本机关认为您说明的理由合理，"
                "但无法在" + _REG + "第三十三条规定的期限内答复。根据该条例第三十五条的规定，"
                "本机关将于{延迟答复期限}前作出答复。",
                "{延迟理由}",
            ]
        ),
        placeholders={
            **COMMON_PLACEHOLDERS,
            "告知日期": "发出本告知书的日期",
            "延迟答复期限": "确定的延迟答复期限",
            "延迟理由": "延迟答复的说明（未填写时整行略去）",
        },
        is_decision=False,
    ),
    LetterKind(
        key="fee",
        title="政府信息公开信息处理费收费通知书",
        label="收费通知书（国办函〔2020〕109号）",
        default="\n".join(
            [
                _OPENING,
                "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请需缴纳信息处理费"
                "{收费金额}（{计费方式}，超额累进计算）。",
                "请您自收到本通知书之日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ]
        ),
        placeholders={
            **COMMON_PLACEHOLDERS,
            "告知日期": "发出本通知书的日期",
            "收费金额": "应缴金额（如 1700元）",
            "计费方式": "计费方式和数量（如 按量计收，150页）",
        },
        is_decision=False,
    ),
    LetterKind(
        key="consultation",
        title="政府信息公开第三方意见征询函",
        label="第三方意见征询函（第三十二条）",
        default="\n".join(
            [
                "本机关于{收到日期}收到一份政府信息公开申请（申请编号：{申请编号}），申请获取“{申请内容}”。",
                "经审查，该申请所涉政府信息公开后可能损害{称谓}的合法权益。根据"
                + _REG
                + "第三十二条的规定，现书面征求{称谓}的意见。",
                "请{称谓}自收到本函之日起15个工作日内提出书面意见，说明是否同意公开及理由。逾期未提出意见的，"
                "本机关将依照" + _REG + "的规定决定是否公开。",
                "{征询说明}",
            ]
        ),
        placeholders={
            **COMMON_PLACEHOLDERS,
            "告知日期": "发出本函的日期",
            "第三方": "征求意见的对象",
            "称谓": "对第三方的称呼：单位为“贵单位”，个人为“您”",
            "征询说明": "经办人填写的说明（未填写时整行略去）",
        },
        is_decision=False,
        to_third_party=True,
    ),
]

#: Every kind by key, decisions first in the order of table 3.
KINDS: dict[str, LetterKind] = {k.key: k for k in (*_DECISIONS, *_NOTICES)}
NOTICE_KEYS = tuple(k.key for k in _NOTICES)


def kind_for(key: str) -> LetterKind:
    """The kind *key*.

    Raises:
        ValueError: unknown key (Chinese message).
    """
    try:
        return KINDS[key]
    except KeyError:
        msg = f"未知的文书类型：{key}"
        raise ValueError(msg) from None
