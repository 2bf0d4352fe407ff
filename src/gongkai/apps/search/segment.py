"""Chinese word segmentation for the search index (分词), with rjieba and a domain dictionary.

Documents are segmented with ``cut_for_search`` (every dictionary word and its shorter dictionary sub-words:
``政府采购`` → ``政府 采购 政府采购``), queries with ``cut`` (the longest words), so that a query word is always
one of the words indexed for the same text. Terms are lower-cased runs of letters and digits: punctuation and
spaces are dropped, and a token such as ``2020-00001`` becomes ``2020 00001``. A few function words (的、和…)
are not indexed.

The domain dictionary (:data:`DOMAIN_WORDS`) keeps the field's own words whole (依申请公开, 政府信息公开申请表…);
organization names are added by :func:`add_words` when they are indexed.
"""

from __future__ import annotations

import re
import threading

import rjieba

__all__ = ["DOMAIN_WORDS", "STOP_WORDS", "add_words", "index_terms", "query_terms"]

#: Words of government information disclosure work, kept whole by the segmenter (besides their sub-words).
DOMAIN_WORDS = (
    "政府信息公开",
    "政务公开",
    "主动公开",
    "依申请公开",
    "不予公开",
    "部分公开",
    "政府信息公开申请表",
    "政府信息公开指南",
    "政府信息公开目录",
    "政府信息公开工作年度报告",
    "政府信息公开条例",
    "法定主动公开内容",
    "信息处理费",
    "行政复议",
    "行政诉讼",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "规范性文件",
    "政策解读",
    "政府集中采购",
    "政府采购",
    "村务公开",
    "财务公开",
    "党务公开",
    "索引号",
    "文号",
    "发布机构",
    "成文日期",
    "人民政府",
    "街道办事处",
    "村民委员会",
    "居民委员会",
    "人居环境",
    "人居环境整治",
    "最低生活保障",
    "低保",
    "特困供养",
    "临时救助",
    "乡村振兴",
    "高标准农田",
    "耕地地力保护补贴",
    "森林防火",
    "防汛抗旱",
    "安全生产",
    "城乡居民基本医疗保险",
    "城乡居民基本养老保险",
    "便民服务中心",
    "党政综合办公室",
)

#: Function words not worth an index entry (a query made only of them finds nothing).
STOP_WORDS = frozenset("的 了 和 与 及 或 等 在 是 对 为 将 把 被 于 之 其 并 由 以 从 向 也 就 都 而 且".split())

_WORD = re.compile(r"[^\W_]+")
_lock = threading.Lock()
_ready = False
_added: set[str] = set()
_SUBWORDS: dict[str, list[str]] = {}


def _ensure_dictionary() -> None:
    global _ready
    if _ready:
        return
    with _lock:
        if not _ready:
            for word in DOMAIN_WORDS:
                rjieba.add_word(word, 50000, None)
            _ready = True


def add_words(words) -> None:
    """Add words (organization names, short names) to the dictionary of this process, once each."""
    _ensure_dictionary()
    with _lock:
        for word in words:
            word = (word or "").strip()
            if len(word) >= 2 and word not in _added and " " not in word:
                rjieba.add_word(word, 30000, None)
                _added.add(word)
                _SUBWORDS.clear()  # a new word may lie inside a long word seen before


def _terms(tokens) -> dict[str, None]:
    """The distinct lower-cased runs of letters and digits of *tokens*, in order, stop words left out (one
    regular expression over the joined tokens: a loop over tokens in Python costs more than the segmentation)."""
    found = dict.fromkeys(_WORD.findall(" ".join(tokens).lower()))
    for word in STOP_WORDS.intersection(found):
        del found[word]
    return found


def _long_subwords(tokens) -> list[str]:
    """``cut_for_search`` gives the 2- and 3-character dictionary words inside a long word; the longer ones too
    (``政府信息公开工作年度报告`` → … ``年度报告``), which a query's ``cut`` may give as one word."""
    found = []
    for token in [t for t in set(tokens) if len(t) >= 5]:
        parts = _SUBWORDS.get(token)
        if parts is None:
            size = len(token)
            parts = [
                token[start : start + length]
                for length in range(4, size)
                for start in range(size - length + 1)
                if rjieba.has_word(token[start : start + length])
            ]
            if len(_SUBWORDS) < 200_000:  # the same long words recur from document to document
                _SUBWORDS[token] = parts
        found.extend(parts)
    return found


def index_terms(text: str) -> list[str]:
    """The distinct index terms of *text* (``cut_for_search``), in order of first occurrence.

    Repeats are dropped: a document matches a word or not (ranking counts a match in the title, not how often a
    word occurs), and a shorter term list is written faster.
    """
    if not text:
        return []
    _ensure_dictionary()
    tokens = rjieba.cut_for_search(text)
    return list(_terms(tokens + _long_subwords(tokens)))


def query_terms(text: str) -> list[str]:
    """The distinct words of a query (``cut``), in order; a query's words must all occur in a document."""
    if not text:
        return []
    _ensure_dictionary()
    return list(_terms(rjieba.cut(text)))
