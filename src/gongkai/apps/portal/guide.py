"""Texts of the 政府信息公开指南 and the standard 政府信息公开制度, generated from an organization's records.

条例第十二条: the 指南 gives 信息分类、编排体系、获取方式 and the 政府信息公开工作机构's 名称、办公地址、办公时间、
联系电话、传真号码、互联网联系方式. Everything specific to a body comes from its
:class:`~gongkai.apps.organizations.models.Organization` fields and its catalogue; a field left empty is
shown as “暂未提供” rather than guessed. The 制度 text restates the 条例's own rules (articles cited), used when the
body's catalogue has no column of its own for its rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.apps.organizations.models import Organization

__all__ = ["NOT_PROVIDED", "RULES", "ContactRow", "RuleText", "contact_rows"]

NOT_PROVIDED = "暂未提供"


@dataclass(frozen=True)
class ContactRow:
    """One line of the 工作机构 block: label, value, and a ``href`` for phone, e-mail and web links."""

    label: str
    value: str
    href: str = ""


def contact_rows(organization: Organization) -> list[ContactRow]:
    """The 政府信息公开工作机构's contact block (条例第十二条), in the article's order."""
    org = organization
    rows = [
        ContactRow("机构名称", org.office_name or org.name),
        ContactRow("办公地址", org.address or NOT_PROVIDED),
        ContactRow("邮政编码", org.postcode or NOT_PROVIDED),
        ContactRow("办公时间", org.office_hours or NOT_PROVIDED),
        ContactRow("联系电话", org.phone or NOT_PROVIDED, f"tel:{_dial(org.phone)}" if org.phone else ""),
        ContactRow("传真号码", org.fax or NOT_PROVIDED),
        ContactRow("电子邮箱", org.email or NOT_PROVIDED, f"mailto:{org.email}" if org.email else ""),
        ContactRow("互联网联系方式", org.website or NOT_PROVIDED, org.website if org.website else ""),
    ]
    return rows


def _dial(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit() or ch in "+-")


@dataclass(frozen=True)
class RuleText:
    """One standard rule of disclosure work, with the 条例 article(s) it rests on (``第四条``)."""

    title: str
    basis: str
    text: str


#: The standard rules shown in the 政府信息公开制度 column when the body publishes none of its own.
RULES: tuple[RuleText, ...] = (
    RuleText(
        "政府信息公开工作机构",
        "第四条",
        "本机关指定政府信息公开工作机构负责本机关政府信息公开的日常工作，办理政府信息公开事宜，维护和更新"
        "本机关公开的政府信息，组织编制政府信息公开指南、政府信息公开目录和政府信息公开工作年度报告。",
    ),
    RuleText(
        "公开前审查（保密审查）",
        "第十七条",
        "拟公开的政府信息在公开前依照《中华人民共和国保守国家秘密法》以及其他法律、法规和国家有关规定进行审查；"
        "不能确定是否可以公开的，依法报有关主管部门或者保密行政管理部门确定。",
    ),
    RuleText(
        "主动公开时限",
        "第二十六条",
        "属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开。"
        "法律、法规对政府信息公开的期限另有规定的，从其规定。",
    ),
    RuleText(
        "依申请公开办理",
        "第二十九条至第四十五条",
        "建立健全政府信息公开申请登记、审核、办理、答复、归档的工作制度。能够当场答复的当场答复；"
        "不能当场答复的，自收到申请之日起20个工作日内答复；需要延长答复期限的，经政府信息公开工作机构"
        "负责人同意并告知申请人，延长的期限最长不超过20个工作日。",
    ),
    RuleText(
        "收费",
        "第四十二条",
        "依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        "可以按照国家有关规定收取信息处理费。",
    ),
    RuleText(
        "动态调整",
        "第十八条",
        "建立健全政府信息管理动态调整机制，对本机关不予公开的政府信息进行定期评估审查，"
        "对因情势变化可以公开的政府信息应当公开。",
    ),
    RuleText(
        "年度报告",
        "第四十九条、第五十条",
        "每年编制并公布上一年度政府信息公开工作年度报告，内容包括主动公开、收到和处理政府信息公开申请、"
        "行政复议和行政诉讼、存在的主要问题及改进情况等。",
    ),
    RuleText(
        "监督和保障",
        "第四十六条、第四十七条、第五十一条",
        "政府信息公开工作纳入考核、社会评议和责任追究。公民、法人或者其他组织认为本机关在政府信息公开工作中"
        "侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
        "也可以依法申请行政复议或者提起行政诉讼。",
    ),
)
