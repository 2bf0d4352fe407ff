"""Staff pages of proactive disclosure. Views parse input and call services; errors become Chinese messages."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.apps.audit.selectors import audit_log_for_object
from gongkai.apps.organizations.permissions import is_other_person, user_can
from gongkai.apps.staff.decorators import add_errors, add_form_errors, org_page, staff_context

from . import services
from .choices import FindingStatus, ItemKind, ItemStatus
from .forms import (
    AttachmentForm,
    CatalogueNodeForm,
    ChannelForm,
    CommentForm,
    DistributionForm,
    FindingConfirmForm,
    ItemForm,
    ReturnForm,
    SignForm,
    ValidityForm,
    WithdrawForm,
)
from .models import Attachment, CatalogueNode, Channel, Item, ItemFinding
from .sanitize import page_body
from .selectors import catalogue_tree, distribution_counts, item_author_ids, item_list_for_user, review_queue

ITEM_FORM_FIELDS = (
    "title",
    "category",
    "document_number",
    "publisher",
    "written_on",
    "formed_on",
    "topic",
    "validity",
    "summary",
    "body",
    "kind",
    "keywords",
)


def _item(org, pk: int) -> Item:
    item = Item.objects.filter(pk=pk, organization=org).select_related("category", "organization").first()
    if item is None:
        raise Http404("没有找到该信息。")
    return item


def _apply_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields (or the form itself)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


# ---------------------------------------------------------------------------------------------- lists


@org_page("publishing.item.view")
def item_list(request, org):
    """All items of the organization the user may view, with filters (状态, 栏目, 关键词)."""
    status = request.GET.get("status", "")
    if status not in ItemStatus.values:
        status = ""
    category = None
    category_pk = request.GET.get("category", "")
    if category_pk.isdigit():
        category = CatalogueNode.objects.filter(pk=int(category_pk), organization=org).first()
    q = request.GET.get("q", "").strip()[:100]
    qs = item_list_for_user(user=request.user, organization=org, status=status, category=category, q=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/item_list.html",
        staff_context(
            request,
            org,
            "items",
            page=page,
            status=status,
            statuses=ItemStatus.choices,
            category=category,
            catalogue=[(e.node.pk, "　" * e.depth + e.node.name) for e in catalogue_tree(org)],
            q=q,
            can_create=user_can(request.user, "publishing.item.create", org),
        ),
    )


@org_page("publishing.item.view")
def queue(request, org):
    """What waits for the user here: 待审核 (审核人), 待签发 (领导), returned drafts (经办人)."""
    items = review_queue(user=request.user, organization=org)
    return render(request, "publishing/queue.html", staff_context(request, org, "queue", items=items))


# ---------------------------------------------------------------------------------------- create/edit


def _import_word(request, item: Item, document, word_file):
    """The Word body of a create/edit form (read beforehand, outside the transaction), or None."""
    if document is None:
        return None
    return services.item_body_from_word(actor=request.user, item=item, document=document, file_name=word_file.name)


def _word_messages(request, imported) -> None:
    if imported is None:
        return
    text = "已从 Word 导入正文"
    if imported.attachments:
        text += f"，另有 {len(imported.attachments)} 个图片或文件成为附件"
    messages.success(request, text + "。请核对正文后再提交审核。")
    if imported.skipped:
        messages.warning(request, "以下嵌入内容未导入：" + "；".join(imported.skipped))


@org_page("publishing.item.create")
def item_create(request, org):
    """Draft a new item (起草)."""
    form = ItemForm(request.POST or None, request.FILES or None, organization=org)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        word_file = fields.pop("word_file", None)
        try:
            document = services.word_document_read(upload=word_file) if word_file else None
            with transaction.atomic():  # the draft and its Word body together, or neither
                item = services.item_create(actor=request.user, organization=org, **fields)
                imported = _import_word(request, item, document, word_file)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已保存草稿，索引号 {item.index_number}。")
            _word_messages(request, imported)
            return redirect("publishing:item_detail", org.slug, item.pk)
    return render(
        request,
        "publishing/item_form.html",
        staff_context(request, org, "items", form=form, title="起草公开信息", submit_label="保存草稿"),
    )


@org_page("publishing.item.edit")
def item_edit(request, org, pk: int):
    """Edit a draft."""
    item = _item(org, pk)
    if item.status != ItemStatus.DRAFT:
        messages.error(request, f"该信息当前状态为“{item.get_status_display()}”，不能修改。")
        return redirect("publishing:item_detail", org.slug, item.pk)
    initial = {name: getattr(item, name) for name in ITEM_FORM_FIELDS}
    initial["category"] = item.category_id
    initial["interprets"] = item.interprets_id
    form = ItemForm(request.POST or None, request.FILES or None, organization=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        word_file = fields.pop("word_file", None)
        try:
            document = services.word_document_read(upload=word_file) if word_file else None
            with transaction.atomic():
                services.item_update(actor=request.user, item=item, **fields)
                imported = _import_word(request, item, document, word_file)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            _word_messages(request, imported)
            return redirect("publishing:item_detail", org.slug, item.pk)
    return render(
        request,
        "publishing/item_form.html",
        staff_context(request, org, "items", form=form, item=item, title="修改草稿", submit_label="保存"),
    )


# ------------------------------------------------------------------------------------------- detail


def _available_steps(user, item: Item, drafted_by_user: bool) -> list[str]:
    steps = []
    s = item.status
    if s == ItemStatus.DRAFT and user_can(user, "publishing.item.submit", item):
        steps.append("submit")
    # Whoever drafted the item is offered neither 审核 nor 签发 (four eyes; the services refuse it too).
    if s == ItemStatus.PENDING_REVIEW and user_can(user, "publishing.item.review", item) and not drafted_by_user:
        steps += ["review_approve", "review_return"]
    if s == ItemStatus.PENDING_SIGNOFF and user_can(user, "publishing.item.sign", item) and not drafted_by_user:
        steps += ["sign", "sign_return"]
    if s == ItemStatus.PUBLISHED and user_can(user, "publishing.item.withdraw", item):
        steps.append("withdraw")
    if s == ItemStatus.WITHDRAWN and user_can(user, "publishing.item.edit", item):
        steps.append("revise")
    return steps


@org_page("publishing.item.view")
def item_detail(request, org, pk: int):
    """An item with its metadata block, body, attachments, reviews, channels, history and the user's actions."""
    item = _item(org, pk)
    user = request.user
    drafted_by_user = not is_other_person(user, item_author_ids(item))
    steps = _available_steps(user, item, drafted_by_user)
    would_decide = (item.status == ItemStatus.PENDING_REVIEW and user_can(user, "publishing.item.review", item)) or (
        item.status == ItemStatus.PENDING_SIGNOFF and user_can(user, "publishing.item.sign", item)
    )
    can_edit = item.status == ItemStatus.DRAFT and user_can(user, "publishing.item.edit", item)
    can_record = item.status == ItemStatus.PUBLISHED and user_can(user, "publishing.item.record_channel", item)
    in_review = item.status in (ItemStatus.PENDING_REVIEW, ItemStatus.PENDING_SIGNOFF)
    can_confirm = (
        in_review
        and not drafted_by_user
        and (user_can(user, "publishing.item.review", item) or user_can(user, "publishing.item.sign", item))
    )
    can_change_validity = (
        item.status == ItemStatus.PUBLISHED
        and item.kind == ItemKind.POLICY
        and user_can(user, "publishing.item.validity", item)
    )
    return render(
        request,
        "publishing/item_detail.html",
        staff_context(
            request,
            org,
            "items",
            item=item,
            body_html=mark_safe(page_body(item.body)),  # safe: nh3-cleaned; styles as classes for the CSP
            steps=steps,
            can_edit=can_edit,
            can_record=can_record,
            four_eyes_note=drafted_by_user and would_decide,
            comment_form=CommentForm(),
            return_form=ReturnForm(),
            withdraw_form=WithdrawForm(),
            sign_form=SignForm(organization=org) if "sign" in steps else None,
            attachment_form=AttachmentForm() if can_edit else None,
            distribution_form=DistributionForm(organization=org) if can_record else None,
            reviews=item.reviews.select_related("submitted_by").all(),
            distributions=item.distributions.select_related("channel").all(),
            attachments=item.attachments.all(),
            history=audit_log_for_object(item)[:50],
            findings=item.findings.all(),
            open_findings=item.findings.filter(status=FindingStatus.OPEN).count(),
            can_confirm=can_confirm,
            confirm_form=FindingConfirmForm() if can_confirm else None,
            validity_form=ValidityForm(item=item) if can_change_validity else None,
            interpretations=item.interpretations.exclude(status=ItemStatus.WITHDRAWN),
        ),
    )


@require_POST
@org_page("publishing.item.view")
def finding_confirm(request, org, pk: int, finding_pk: int):
    """The reviewer confirms one 三审三校 finding (确认无误)."""
    item = _item(org, pk)
    finding = ItemFinding.objects.filter(item=item, pk=finding_pk).first()
    if finding is None:
        raise Http404("未找到该检查提示。")
    form = FindingConfirmForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.item_finding_confirm(actor=request.user, finding=finding, comment=comment)
    except ValidationError as exc:
        add_errors(request, exc)
    else:
        messages.success(request, "已确认该提示无误。")
    return redirect("publishing:item_detail", org.slug, item.pk)


@require_POST
@org_page("publishing.item.view")
def validity_change(request, org, pk: int):
    """Change a published 政策文件's 有效性 (audited step)."""
    item = _item(org, pk)
    form = ValidityForm(request.POST, item=item)
    if not form.is_valid():
        add_form_errors(request, form)
        return redirect("publishing:item_detail", org.slug, item.pk)
    try:
        services.item_validity_change(actor=request.user, item=item, **form.cleaned_data)
    except ValidationError as exc:
        add_errors(request, exc)
    else:
        messages.success(request, "已变更有效性。")
    return redirect("publishing:item_detail", org.slug, item.pk)


STEP_MESSAGES = {
    "submit": "已提交审核。",
    "review_approve": "保密审查通过，已送领导签发。",
    "review_return": "已退回经办人修改。",
    "sign": "已签发发布。",
    "sign_return": "已退回经办人修改。",
    "withdraw": "已撤回。",
    "revise": "已转为草稿，可修改后重新提交。",
}


@require_POST
@org_page("publishing.item.view")
def item_step(request, org, pk: int, step: str):
    """Run one workflow step (POST). The service checks permission and status; errors come back as messages."""
    item = _item(org, pk)
    user = request.user
    post = request.POST
    try:
        if step == "submit":
            services.item_submit(actor=user, item=item, comment=post.get("comment", ""))
        elif step == "review_approve":
            services.item_review_approve(actor=user, item=item, comment=post.get("comment", ""))
        elif step == "review_return":
            services.item_review_return(actor=user, item=item, comment=post.get("comment", ""))
        elif step == "sign":
            form = SignForm(post, organization=org)
            if not form.is_valid():
                add_form_errors(request, form)
                return redirect("publishing:item_detail", org.slug, item.pk)
            services.item_sign(
                actor=user,
                item=item,
                comment=form.cleaned_data["comment"],
                published_on=form.cleaned_data["published_on"],
                channels=list(form.cleaned_data["channels"]),
            )
        elif step == "sign_return":
            services.item_sign_return(actor=user, item=item, comment=post.get("comment", ""))
        elif step == "withdraw":
            services.item_withdraw(actor=user, item=item, reason=post.get("reason", ""))
        elif step == "revise":
            services.item_revise(actor=user, item=item)
        else:
            raise Http404("未知操作。")
    except ValidationError as exc:
        add_errors(request, exc)
    else:
        messages.success(request, STEP_MESSAGES[step])
    return redirect("publishing:item_detail", org.slug, item.pk)


@require_POST
@org_page("publishing.item.edit")
def attachment_add(request, org, pk: int):
    """Upload an attachment to a draft."""
    item = _item(org, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            services.attachment_add(actor=request.user, item=item, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            add_errors(request, exc)
        else:
            messages.success(request, "已上传附件。")
    return redirect("publishing:item_detail", org.slug, item.pk)


@org_page("publishing.item.view")
def attachment_download(request, org, pk: int):
    """Download an attachment (staff may see drafts' attachments, so this checks ``publishing.item.view``)."""
    attachment = Attachment.objects.filter(pk=pk, item__organization=org).first()
    if attachment is None or not attachment.file:
        raise Http404("没有找到该附件。")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员。") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


@require_POST
@org_page("publishing.item.edit")
def attachment_remove(request, org, pk: int):
    """Remove an attachment from a draft."""
    attachment = Attachment.objects.filter(pk=pk, item__organization=org).select_related("item").first()
    if attachment is None:
        raise Http404("没有找到该附件。")
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        add_errors(request, exc)
    else:
        messages.success(request, "已删除附件。")
    return redirect("publishing:item_detail", org.slug, attachment.item_id)


@require_POST
@org_page("publishing.item.record_channel")
def distribution_add(request, org, pk: int):
    """Record that a published item went out on another channel."""
    item = _item(org, pk)
    form = DistributionForm(request.POST, organization=org)
    if not form.is_valid():
        add_form_errors(request, form)
    else:
        try:
            services.distribution_record(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(request, exc)
        else:
            messages.success(request, "已登记发布渠道。")
    return redirect("publishing:item_detail", org.slug, item.pk)


def wechat_article_html(item: Item) -> str:
    """The item as WeChat-ready HTML: inline styles only (the editor drops classes and external CSS)."""
    return render_to_string(
        "publishing/wechat_article.html", {"item": item, "attachments": item.attachments.all()}
    ).strip()


# The preview shows the article exactly as WeChat gets it, inline styles included: this one page lets
# style="…" attributes through its Content-Security-Policy (scripts stay as strict as everywhere).
@csp_update({"style-src-attr": [UNSAFE_INLINE]})
@org_page("publishing.item.view")
def item_wechat(request, org, pk: int):
    """A page to preview and copy the WeChat article HTML (微信公众号图文)."""
    item = _item(org, pk)
    html = wechat_article_html(item)
    return render(request, "publishing/item_wechat.html", staff_context(request, org, "items", item=item, html=html))


# ---------------------------------------------------------------------------------- catalogue, channels


@org_page("publishing.item.view")
def catalogue(request, org):
    """The catalogue tree; the 系统管理员 may add, edit and delete columns."""
    can_manage = user_can(request.user, "publishing.catalogue.manage", org)
    return render(
        request,
        "publishing/catalogue.html",
        staff_context(
            request,
            org,
            "catalogue",
            tree=catalogue_tree(org, with_counts=True),
            can_manage=can_manage,
        ),
    )


@org_page("publishing.catalogue.manage")
def catalogue_create(request, org):
    form = CatalogueNodeForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_node_create(actor=request.user, organization=org, **form.cleaned_data_for_create())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已添加栏目。")
            return redirect("publishing:catalogue", org.slug)
    return render(
        request,
        "staff/form.html",
        staff_context(request, org, "catalogue", form=form, title="添加栏目", cancel_url=_catalogue_url(org)),
    )


@org_page("publishing.catalogue.manage")
def catalogue_edit(request, org, pk: int):
    node = CatalogueNode.objects.filter(pk=pk, organization=org).first()
    if node is None:
        raise Http404("没有找到该栏目。")
    initial = {
        "name": node.name,
        "parent": node.parent_id,
        "basis": node.basis,
        "description": node.description,
        "sort_order": node.sort_order,
        "is_active": node.is_active,
    }
    form = CatalogueNodeForm(request.POST or None, organization=org, node=node, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_node_update(actor=request.user, node=node, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存栏目。")
            return redirect("publishing:catalogue", org.slug)
    return render(
        request,
        "staff/form.html",
        staff_context(
            request, org, "catalogue", form=form, title=f"修改栏目：{node.name}", cancel_url=_catalogue_url(org)
        ),
    )


@require_POST
@org_page("publishing.catalogue.manage")
def catalogue_delete(request, org, pk: int):
    node = CatalogueNode.objects.filter(pk=pk, organization=org).first()
    if node is None:
        raise Http404("没有找到该栏目。")
    try:
        services.catalogue_node_delete(actor=request.user, node=node)
    except ValidationError as exc:
        add_errors(request, exc)
    else:
        messages.success(request, f"已删除栏目“{node.name}”。")
    return redirect("publishing:catalogue", org.slug)


@require_POST
@org_page("publishing.catalogue.manage")
def catalogue_seed(request, org):
    added = services.catalogue_seed_township(actor=request.user, organization=org)
    messages.success(request, f"已补充标准目录栏目 {added} 个。" if added else "标准目录栏目已齐全。")
    return redirect("publishing:catalogue", org.slug)


def _catalogue_url(org) -> str:
    from django.urls import reverse

    return reverse("publishing:catalogue", args=[org.slug])


@org_page("publishing.item.view")
def channels(request, org):
    """Channels and how many items went out on each this year; the 系统管理员 may add channels."""
    from django.utils import timezone

    can_manage = user_can(request.user, "publishing.catalogue.manage", org)
    form = ChannelForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            from gongkai.apps.staff.decorators import forbidden

            return forbidden(request, "您没有权限管理公开渠道。")
        if form.is_valid():
            try:
                services.channel_create(actor=request.user, organization=org, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, "已添加渠道。")
                return redirect("publishing:channels", org.slug)
    year = timezone.localdate().year
    year_param = request.GET.get("year", "")
    if year_param.isdigit() and 1990 <= int(year_param) <= 2100:
        year = int(year_param)
    counts = distribution_counts(organization=org, year=year)
    return render(
        request,
        "publishing/channels.html",
        staff_context(
            request,
            org,
            "channels",
            counts=counts,
            year=year,
            form=form,
            channels=Channel.objects.filter(organization=org),
        ),
    )
