"""Shared builders for publishing tests."""

from __future__ import annotations

import datetime as dt

from gongkai.apps.organizations.testing import make_staff
from gongkai.apps.publishing.models import CatalogueNode
from gongkai.apps.publishing.services import catalogue_seed_township, item_create


def staff_with_catalogue(prefix: str = "t"):
    staff = make_staff(prefix)
    catalogue_seed_township(actor=None, organization=staff.org)
    catalogue_seed_township(actor=None, organization=staff.other_org)
    return staff


def category(org, code: str = "local.overview") -> CatalogueNode:
    return CatalogueNode.objects.get(organization=org, code=code)


def draft(staff, title: str = "关于开展春季植树活动的通知", **kw):
    kw.setdefault("formed_on", dt.date(2020, 3, 2))
    return item_create(actor=staff.drafter, organization=staff.org, title=title, category=category(staff.org), **kw)


def blank_pdf() -> bytes:
    """A real one-page PDF without text (the checks read attachments; a damaged one is a finding)."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()
