"""The search index (检索索引): one row per searchable thing, and the checkpoint of a rebuild.

:class:`SearchDocument` holds what a result shows (title, numbers, date, the page it leads to as a route — see
:mod:`~gongkai.apps.search.links` — and plain text for snippets) and
the segmented terms. The full-text index over those terms lives outside the ORM, created by migration 0002:

* SQLite: a contentless FTS5 table ``search_fts(title, body, tags)`` whose rowid is :attr:`SearchDocument.key`
  (rows are added and removed by :mod:`gongkai.apps.search.backends`);
* PostgreSQL: the narrow table of :class:`SearchVector` (key and ``tsvector`` of lexemes) with a GIN index,
  written with the documents (migration 0006).

The primary key is a *recency key*: the publication day's ordinal × 10¹⁰ + source × 10⁹ + the source row's id,
so "newest first" is the key order that FTS5 and a b-tree walk cheaply.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["LexemesField", "ReindexCheckpoint", "SearchDocument", "SearchVector", "Source"]


class Source(models.IntegerChoices):
    """What a document was made from (also the middle digit of its key)."""

    ITEM = 1, _("公开信息")
    REGULATORY = 2, _("规范性文件")
    MATTER = 3, _("权力和收费事项")
    PROCUREMENT = 4, _("政府集中采购")
    REPORT = 5, _("年度报告")
    CATALOGUE = 6, _("目录栏目")


#: The result types a visitor filters by (``type=``), each a set of sources.
TYPE_SOURCES = {
    "item": (Source.ITEM,),
    "register": (Source.REGULATORY, Source.MATTER, Source.PROCUREMENT),
    "report": (Source.REPORT,),
    "catalogue": (Source.CATALOGUE,),
}
TYPE_LABELS = {"item": "公开信息", "register": "第二十条登记", "report": "年度报告", "catalogue": "目录栏目"}


def document_key(source: int, object_id: int, ordinal: int) -> int:
    """The recency key of a document (see the module docstring)."""
    return ordinal * 10_000_000_000 + int(source) * 1_000_000_000 + int(object_id) % 1_000_000_000


class SearchDocument(models.Model):
    """One searchable thing as the index holds it (rebuilt from its source; never edited by hand)."""

    key = models.BigIntegerField(primary_key=True)
    source = models.PositiveSmallIntegerField(_("来源"), choices=Source.choices)
    object_id = models.BigIntegerField()
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    category_id = models.BigIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=20, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    index_number = models.CharField(_("索引号"), max_length=80, blank=True, db_index=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True, db_index=True)
    route = models.CharField(
        max_length=40, help_text=_("结果链接的页面和参数（如 item:123），显示时按机关的标识生成地址。")
    )
    text = models.TextField(_("正文"), blank=True, help_text=_("纯文本，用于摘要。"))
    #: The segmented terms, kept for SQLite's contentless FTS5 table (which forgets a row only when given the
    #: values it indexed); empty on PostgreSQL, whose lexemes live in :class:`SearchVector`.
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    tags = models.CharField(max_length=400, blank=True)
    indexed_at = models.DateTimeField(_("索引时间"))

    class Meta:
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_document_unique_source")]

    def __str__(self) -> str:
        return self.title


class LexemesField(models.Field):
    """A ``tsvector`` on PostgreSQL (its lexemes written as the literal ``'a' 'b'``); plain text elsewhere."""

    description = "tsvector"

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchVector(models.Model):
    """PostgreSQL's full-text index of one document: its key and its lexemes, in a narrow table with a GIN index.

    The lexemes are the document's distinct terms (title and body), ``!term`` for each title term and ``#tag``
    for each filter tag, so one GIN lookup answers the words and the filters together and reads no wide row;
    the key gives recency. Filled by :mod:`gongkai.apps.search.backends` with its document (SQLite keeps its
    FTS5 table instead and leaves this one empty).
    """

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        db_column="key",
        on_delete=models.CASCADE,
        db_constraint=False,  # derived rows written with their document; deletes go through the backend
        related_name="+",
    )
    lexemes = LexemesField()

    class Meta:
        verbose_name = _("检索向量")
        verbose_name_plural = _("检索向量")

    def __str__(self) -> str:
        return str(self.pk)


class ReindexCheckpoint(models.Model):
    """Where ``gongkai search reindex`` got to: the last source row done, per run (resumed after a stop)."""

    name = models.CharField(max_length=40, unique=True)
    source = models.PositiveSmallIntegerField(choices=Source.choices)
    last_id = models.BigIntegerField(default=0)
    full = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    done = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.get_source_display()} > {self.last_id}"
