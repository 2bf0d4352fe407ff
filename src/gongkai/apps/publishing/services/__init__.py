"""Writes of proactive disclosure (主动公开). One atomic, audited function per workflow step.

Each workflow step checks, in this order: permission (``gongkai.apps.organizations.permissions``), then
the item's current status (read under a row lock), then writes the change, the review record and the
audit row. Errors carry Chinese messages: :class:`PermissionDeniedError` and :class:`WorkflowError` /
``ValidationError``; views show them as they are.

Workflow (条例第十七条 保密审查, then 签发)::

    草稿 --submit--> 待审核 --review_approve--> 待签发 --sign--> 已发布 --withdraw--> 已撤回
      ^                 |                          |                                     |
      +--review_return--+----------sign_return-----+                 revise (back to 草稿)+
"""

from .attachments import (
    attachment_add,
    attachment_remove,
    distribution_record,
)
from .catalogue import (
    catalogue_node_create,
    catalogue_node_delete,
    catalogue_node_update,
    catalogue_seed_township,
    channel_create,
    channel_portal,
)
from .checks import (
    FINDINGS_OPEN,
    attachment_limits,
    attachment_text,
    item_finding_confirm,
    item_prepublish_check,
    item_validity_change,
    require_findings_settled,
)
from .common import (
    ATTACHMENT_BAD_TYPE,
    ATTACHMENT_EMPTY,
    ATTACHMENT_MISMATCH,
    ATTACHMENT_TOO_LARGE,
    CATEGORY_HAS_CONTENT,
    CATEGORY_OTHER_ORG,
    CATEGORY_PARENT_CYCLE,
    CHANNEL_OTHER_ORG,
    CHANNEL_REQUIRED,
    COMMENT_REQUIRED,
    ITEM_FIELDS,
    PUBLISHED_ON_BEFORE_FORMED,
    PUBLISHED_ON_FUTURE,
    REASON_REQUIRED,
    TITLE_REQUIRED,
    WorkflowError,
)
from .word import (
    WORD_EMPTY,
    WORD_NOT_DOCX,
    WORD_TOO_LARGE,
    WordImport,
    item_body_from_word,
    word_document_read,
)
from .workflow import (
    item_create,
    item_import_published,
    item_review_approve,
    item_review_return,
    item_revise,
    item_sign,
    item_sign_return,
    item_submit,
    item_update,
    item_withdraw,
    item_withdraw_synced,
)

__all__ = [
    "FINDINGS_OPEN",
    "attachment_limits",
    "attachment_text",
    "item_finding_confirm",
    "item_prepublish_check",
    "item_validity_change",
    "require_findings_settled",
    "ATTACHMENT_BAD_TYPE",
    "ATTACHMENT_EMPTY",
    "ATTACHMENT_MISMATCH",
    "ATTACHMENT_TOO_LARGE",
    "CATEGORY_HAS_CONTENT",
    "CATEGORY_OTHER_ORG",
    "CATEGORY_PARENT_CYCLE",
    "CHANNEL_OTHER_ORG",
    "CHANNEL_REQUIRED",
    "COMMENT_REQUIRED",
    "ITEM_FIELDS",
    "PUBLISHED_ON_BEFORE_FORMED",
    "PUBLISHED_ON_FUTURE",
    "REASON_REQUIRED",
    "TITLE_REQUIRED",
    "WorkflowError",
    "attachment_add",
    "attachment_remove",
    "catalogue_node_create",
    "catalogue_node_delete",
    "catalogue_node_update",
    "catalogue_seed_township",
    "channel_create",
    "channel_portal",
    "distribution_record",
    "item_create",
    "item_import_published",
    "item_review_approve",
    "item_review_return",
    "item_revise",
    "item_sign",
    "item_sign_return",
    "item_submit",
    "item_update",
    "item_withdraw",
    "item_withdraw_synced",
    "WORD_EMPTY",
    "WORD_NOT_DOCX",
    "WORD_TOO_LARGE",
    "WordImport",
    "item_body_from_word",
    "word_document_read",
]
