"""Letters and notices of 依申请公开 (答复书、告知书、通知书、征询函), sent as they come out.

- :mod:`.kinds`: every kind (a decision of table 3, or a notice during handling) with its shipped text.
- :mod:`.wording`: the rules that text obeys (the request quoted cleanly, no doubled punctuation, no
  template alternatives left in) and the filling of placeholders.
- :mod:`.compose`: the parts of one letter from an application (the body's own template, else the default).
- :mod:`.render`: DOCX and PDF after GB/T 9704 (fonts, 文号, 附件说明, 落款 with room for the seal).

docs/letters.md describes them for the office.
"""

from .compose import LetterParts, file_name, letter_parts, notice_parts, sample_parts, template_text
from .kinds import KINDS, NOTICE_KEYS, LetterKind, kind_for
from .render import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE, render_docx, render_html, render_pdf
from .wording import PlaceholderError, quote_request, wording_problems

__all__ = [
    "DOCX_MEDIA_TYPE",
    "KINDS",
    "NOTICE_KEYS",
    "PDF_MEDIA_TYPE",
    "LetterKind",
    "LetterParts",
    "PlaceholderError",
    "file_name",
    "kind_for",
    "letter_parts",
    "notice_parts",
    "quote_request",
    "render_docx",
    "render_html",
    "render_pdf",
    "sample_parts",
    "template_text",
    "wording_problems",
]
