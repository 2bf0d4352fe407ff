"""Reply letters (答复书 / 告知书) for each decision, as DOCX (python-docx) and PDF (WeasyPrint).

Each letter carries the 文号, the decision, the legal basis and the remedies clause (行政复议 within
60 days, 行政复议法第二十条; 行政诉讼 within 6 months, 行政诉讼法第四十六条). The article cited
for each decision is in :data:`LEGAL_BASIS`; the ones marked UNVERIFIED in
docs/deadlines-and-fees.md should be checked by the office before use.
"""

from __future__ import annotations

import html
import io

from .choices import Decision, EventKind, Status
from .models import Application

#: Decision → (letter title, legal basis, body sentence).
LEGAL_BASIS: dict[str, tuple[str, str, str]] = {
    Decision.DISCLOSED: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
        "您申请获取的政府信息予以公开，现向您提供（或告知获取的方式、途径和时间）。",
    ),
    Decision.PARTIALLY_DISCLOSED: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第三十七条",
        "您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，经区分处理，现向您提供可以公开的部分，不予公开部分的理由如下。",
    ),
    Decision.WITHHELD_STATE_SECRET: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第十四条",
        "您申请获取的政府信息属于国家秘密，不予公开。",
    ),
    Decision.WITHHELD_PROHIBITED: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第十四条",
        "您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，不予公开。",
    ),
    Decision.WITHHELD_SECURITY_STABILITY: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第十四条",
        "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。",
    ),
    Decision.WITHHELD_THIRD_PARTY: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
        "您申请获取的政府信息涉及第三方合法权益，公开会对第三方合法权益造成损害，不予公开。",
    ),
    Decision.WITHHELD_INTERNAL_AFFAIRS: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第十六条第一款",
        "您申请获取的政府信息属于行政机关的内部事务信息，不予公开。",
    ),
    Decision.WITHHELD_PROCESS_INFO: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
        "您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，不予公开。",
    ),
    Decision.WITHHELD_ENFORCEMENT_FILE: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第十六条第二款",
        "您申请获取的政府信息属于行政执法案卷信息，不予公开。",
    ),
    Decision.WITHHELD_QUERY_MATTER: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
        "您申请获取的信息属于行政查询事项，请按照相关规定办理查询。",
    ),
    Decision.UNAVAILABLE_NOT_HELD: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
        "经检索，本机关未制作或者获取您申请的政府信息，该政府信息不存在。",
    ),
    Decision.UNAVAILABLE_NEEDS_CREATION: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第三十八条",
        "您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。",
    ),
    Decision.UNAVAILABLE_UNCLEAR: (
        "答复书",
        "《中华人民共和国政府信息公开条例》第三十条",
        "经补正后，您的申请内容仍不明确，本机关无法确定您申请获取的政府信息。",
    ),
    Decision.NOT_PROCESSED_PETITION: (
        "告知书",
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
        "您的申请实为信访、投诉、举报等诉求，不作为政府信息公开申请处理，可以通过相应渠道提出。",
    ),
    Decision.NOT_PROCESSED_DUPLICATE: (
        "告知书",
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
        "您的申请属于重复申请，本机关已就同一政府信息作出答复，不予重复处理。",
    ),
    Decision.NOT_PROCESSED_PUBLICATION: (
        "告知书",
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
        "您申请获取的是政府公报、报刊、书籍等公开出版物，可以通过相应渠道获取。",
    ),
    Decision.NOT_PROCESSED_EXCESSIVE: (
        "告知书",
        "《中华人民共和国政府信息公开条例》第三十五条",
        "您的申请数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。",
    ),
    Decision.NOT_PROCESSED_CONFIRMATION: (
        "告知书",
        "《中华人民共和国政府信息公开条例》第三十八条",
        "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围。",
    ),
    Decision.OTHER_NO_CORRECTION: (
        "告知书",
        "《中华人民共和国政府信息公开条例》第三十条",
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Decision.OTHER_UNPAID_FEE: (
        "告知书",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    Decision.OTHER_MISC: ("告知书", "《中华人民共和国政府信息公开条例》", "现将您的申请办理情况告知如下。"),
}

REMEDIES = (
    "如您对本{title}不服，可以自收到之日起六十日内依法申请行政复议，"
    "或者自收到之日起六个月内依法向人民法院提起行政诉讼。"
)


def letter_parts(application: Application) -> dict[str, object]:
    """Title, 文号, addressee and paragraphs of the reply letter of an application whose reply was issued
    (办结: approved by the 领导 where the organization requires it)."""
    if application.status != Status.CLOSED or not application.decision:
        msg = (
            "该答复尚待领导审批，审批通过后才能出具答复书。"
            if application.status == Status.AWAITING_APPROVAL
            else "该申请尚未作出答复，不能生成答复书。"
        )
        raise ValueError(msg)
    kind, basis, body = LEGAL_BASIS[application.decision]
    org = application.organization
    title = f"政府信息公开申请{kind}"
    received = application.received_on.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月")
    paragraphs = [
        f"本机关于{received}收到您提出的政府信息公开申请（申请编号：{application.tracking_number}），"
        f"申请获取“{application.description}”。",
        f"经审查，根据{basis}的规定，现答复如下：{body}",
    ]
    if application.decision_reason:
        paragraphs.append(application.decision_reason)
    if application.fee_amount:
        paragraphs.append(f"本申请已按规定收取信息处理费{application.fee_amount}元。")
    paragraphs.append(REMEDIES.format(title=kind))
    names = [a.name for a in application.attachments.all()] if application.pk else []
    if names:
        paragraphs.append("附件：" + "；".join(f"{i}. {n}" for i, n in enumerate(names, start=1)))
    contact = "；".join(
        x for x in (f"联系电话：{org.phone}" if org.phone else "", f"地址：{org.address}" if org.address else "") if x
    )
    decided = application.decided_on.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月")
    return {
        "title": title,
        "number": application.reply_number,
        "addressee": f"{application.applicant_name}：",
        "paragraphs": paragraphs,
        "contact": contact,
        "signature": org.name,
        "date": decided,
    }


def reply_letter_docx(application: Application) -> bytes:
    """The reply letter as a DOCX file."""
    return render_docx(letter_parts(application))


def render_docx(parts: dict) -> bytes:
    """Render letter *parts* (title, number, addressee, paragraphs, contact, signature, date) as DOCX."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(parts["title"])
    run.bold = True
    run.font.size = Pt(22)
    number = doc.add_paragraph(parts["number"])
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(parts["addressee"])
    for text in parts["paragraphs"]:
        p = doc.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(32)
    if parts["contact"]:
        doc.add_paragraph(parts["contact"])
    for text in (parts["signature"], parts["date"]):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def reply_letter_html(application: Application) -> str:
    """The reply letter as a standalone HTML page (used for the PDF)."""
    return render_html(letter_parts(application))


def render_html(parts: dict) -> str:
    """Render letter *parts* as a standalone HTML page."""
    esc = html.escape
    body = "".join(f'<p class="indent">{esc(p)}</p>' for p in parts["paragraphs"])
    contact = f"<p>{esc(parts['contact'])}</p>" if parts["contact"] else ""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(parts['title'])}</title><style>"
        "@page{size:A4;margin:3.7cm 2.6cm 3.5cm 2.8cm}"
        "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:16pt;line-height:1.8}"
        "h1{text-align:center;font-size:22pt;margin:0 0 .5em}.num{text-align:center}"
        ".indent{text-indent:2em;margin:0}.right{text-align:right;margin:0}"
        "</style></head><body>"
        f'<h1>{esc(parts["title"])}</h1><p class="num">{esc(parts["number"])}</p>'
        f"<p>{esc(parts['addressee'])}</p>{body}{contact}"
        f'<p class="right" style="margin-top:2em">{esc(parts["signature"])}</p>'
        f'<p class="right">{esc(parts["date"])}</p></body></html>'
    )


def reply_letter_pdf(application: Application) -> bytes:
    """The reply letter as a PDF file (WeasyPrint, fonts from fonts-noto-cjk)."""
    return render_pdf(letter_parts(application))


def render_pdf(parts: dict) -> bytes:
    """Render letter *parts* as PDF."""
    from weasyprint import HTML

    return HTML(string=render_html(parts)).write_pdf()


# -- notices to the applicant during handling (告知书、通知书) -------------------------------------

NOTICE_KINDS = {
    "correction": (EventKind.CORRECTION_REQUESTED, "政府信息公开申请补正告知书"),
    "extension": (EventKind.EXTENSION, "延长政府信息公开申请答复期限告知书"),
    "fee": (EventKind.FEE_NOTICE_SENT, "政府信息公开信息处理费收费通知书"),
}


def _cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def notice_parts(application: Application, kind: str) -> dict[str, object]:
    """Parts of the notice of *kind* (``correction``, ``extension`` or ``fee``) for its latest event.

    Raises:
        ValueError: unknown kind, or the application has no such event.
    """
    if kind not in NOTICE_KINDS:
        msg = f"未知的告知书类型：{kind}"
        raise ValueError(msg)
    event_kind, title = NOTICE_KINDS[kind]
    event = application.events.filter(kind=event_kind).order_by("-date", "-id").first()
    if event is None:
        msg = "该申请没有相应的办理记录，不能生成此告知书。"
        raise ValueError(msg)
    org = application.organization
    opening = (
        f"本机关于{_cn_date(application.received_on)}收到您提出的政府信息公开申请"
        f"（申请编号：{application.tracking_number}），申请获取“{application.description}”。"
    )
    if kind == "correction":
        deadline = f"于{_cn_date(event.deadline)}前" if event.deadline else "在合理期限内"
        body = [
            opening,
            "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，"
            f"请您{deadline}对申请作出补正：{event.note or '请明确所需政府信息的名称、文号或者其他特征性描述'}。",
            "答复期限自本机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，视为放弃申请，"
            "本机关不再处理该政府信息公开申请。",
        ]
    elif kind == "extension":
        from .services import application_deadline_on

        due = application_deadline_on(application, event.date).due
        due_text = _cn_date(due) if due else "另行告知（期限中止中）"
        body = [
            opening,
            f"因{event.note or '需要进一步检索、审查'}，本机关不能在法定期限内作出答复。经本机关政府信息公开工作机构负责人"
            f"同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长{event.days}个工作日，"
            f"延长后的答复期限为{due_text}。",
        ]
    else:
        method = "按件计收" if application.fee_method == "pieces" else "按量计收"
        unit = "件" if application.fee_method == "pieces" else "页"
        body = [
            opening,
            "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请需缴纳信息处理费"
            f"{application.fee_amount}元（{method}，{application.fee_units}{unit}，超额累进计算）。",
            "请您自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    return {
        "title": title,
        "number": f"申请编号：{application.tracking_number}",
        "addressee": f"{application.applicant_name}：",
        "paragraphs": body,
        "contact": "；".join(
            x
            for x in (f"联系电话：{org.phone}" if org.phone else "", f"地址：{org.address}" if org.address else "")
            if x
        ),
        "signature": org.name,
        "date": _cn_date(event.date),
    }
