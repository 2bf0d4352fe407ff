"""Normalization of text read from published reports (文字规范化).

Published reports mix full- and half-width punctuation, put spaces inside labels, number items
``1.`` ``1、`` ``（1）``, and PDF fonts emit Kangxi radicals (⼈ U+2F08) for ordinary characters
(人). This module maps only what is needed to compare labels and read numbers; it never applies
NFKC to the whole text, which would turn Chinese punctuation (，：；（）) into ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = [
    "BLANK",
    "TRADITIONAL_HINTS",
    "to_simplified",
    "NULL",
    "NUMBER",
    "clean_text",
    "label_key",
    "parse_value",
    "split_numbering",
    "strip_numbering",
]


def _radical_table() -> dict[int, str]:
    """Kangxi radicals (U+2F00–U+2FD5) and the CJK radical supplement forms that stand for a whole
    character (U+2E80–U+2EF3) mapped to the CJK unified ideograph; nothing else."""
    table: dict[int, str] = {}
    for cp in range(0x2E80, 0x2FE0):
        mapped = unicodedata.normalize("NFKC", chr(cp))
        if mapped != chr(cp) and len(mapped) == 1:
            table[cp] = mapped
    # Supplement forms without a compatibility decomposition that PDF fonts use for a whole
    # character (simplified forms); component-only shapes (氵 etc.) are left alone.
    extra = {
        0x2EA0: "民",
        0x2EC5: "见",
        0x2EC6: "角",
        0x2EC8: "讠",
        0x2EC9: "贝",
        0x2ECB: "车",
        0x2ED0: "钅",
        0x2ED1: "長",
        0x2ED3: "长",
        0x2ED4: "门",
        0x2ED7: "雨",
        0x2ED8: "青",
        0x2ED9: "韦",
        0x2EDA: "页",
        0x2EDB: "风",
        0x2EDC: "飞",
        0x2EDD: "食",
        0x2EE2: "马",
        0x2EE3: "骨",
        0x2EE4: "鬼",
        0x2EE5: "鱼",
        0x2EE6: "鸟",
        0x2EE7: "卤",
        0x2EE8: "麦",
        0x2EE9: "黄",
        0x2EEA: "黾",
        0x2EEC: "齐",
        0x2EEE: "齿",
        0x2EF0: "龙",
    }
    table.update(extra)
    return table


#: Applied to every string read from a source file.
_CLEAN = _radical_table()
_CLEAN.update({0x3000: " ", 0x00A0: " ", 0x200B: "", 0xFEFF: "", 0x2002: " ", 0x2003: " ", 0x2009: " "})

# Full-width ASCII (！ … ～) to half-width, for label keys and numbers only.
_HALF = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_HALF.update(
    {
        0x3001: "、",
        0x2212: "-",  # minus sign
        0x2013: "-",
        0x2014: "—",
        0x2015: "—",
        0xFE63: "-",
        0x3010: "[",
        0x3011: "]",
        0x201C: "",
        0x201D: "",
        0x2018: "",
        0x2019: "",
        0x0022: "",
        0x0027: "",
        0x300C: "",
        0x300D: "",
        0x3002: ".",
    }
)
_HALF.update(_CLEAN)
_HALF[0x3000] = ""
_HALF[0x00A0] = ""

_WS = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Map Kangxi radicals and odd spaces; keep every other character (text as the report wrote it)."""
    return text.translate(_CLEAN)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """A comparison key for a label: half-width, no spaces or quotes, radicals mapped.

    ``（三） 不予公开`` and ``(三)不予公开`` give the same key; the numbering stays (see
    :func:`split_numbering`).
    """
    return _WS.sub("", text.translate(_HALF)).rstrip(":：;；,，.")


_CN_NUM = "一二三四五六七八九十"
# One numbering item at the start of a key: 一、 / 一. / (一) / 1. / 1、 / (1) / 1) / 第一部分 / 第一项
_NUMBERING = re.compile(
    rf"^(?:第?([{_CN_NUM}]{{1,3}})(?:部分)?[、.,:]|\(([{_CN_NUM}]{{1,3}})\)|([0-9]{{1,2}})(?:[、.,:)](?![0-9])|(?=[^0-9.,]))|\(([0-9]{{1,2}})\)|[\[]([{_CN_NUM}0-9]{{1,3}})[\]])"
)


@lru_cache(maxsize=8192)
def split_numbering(key: str) -> tuple[tuple[str, ...], str]:
    """Split the leading numbering items off a label key: ``(三)1.属于国家秘密`` → (("(三)", "1"), "属于国家秘密")."""
    numbers: list[str] = []
    while True:
        match = _NUMBERING.match(key)
        if not match or match.end() == 0 or match.end() >= len(key):
            break
        cn_top, cn_paren, arabic, arabic_paren, bracket = match.groups()
        if cn_top:
            numbers.append(cn_top)
        elif cn_paren:
            numbers.append(f"({cn_paren})")
        elif arabic:
            numbers.append(arabic)
        elif arabic_paren:
            numbers.append(f"({arabic_paren})")
        else:
            numbers.append(f"[{bracket}]")
        key = key[match.end() :]
    return tuple(numbers), key


def strip_numbering(key: str) -> str:
    """The label key without its leading numbering."""
    return split_numbering(key)[1]


# ------------------------------------------------------------------ cell values

NUMBER = "number"
NULL = "null"
BLANK = "blank"

#: Cell texts that say "no value" (not zero): slash, dashes, 无; ``⁇`` is a number OCR was unsure of.
_NULL_MARKS = frozenset(
    {"/", "\\", "-", "—", "——", "--", "---", "–", "－", "/ ", "无", "空", "×", "x", "X", "—-", "-—", "⁇"}
)
_UNIT = re.compile(r"(?:件|项|个|条|次|人次|家|万元|元)$")
_NUM = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SPACED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?$")


@lru_cache(maxsize=8192)
def parse_value(text: str | None) -> tuple[str, int | Decimal | None, str]:
    """Read one table cell.

    Returns ``(kind, value, unit)``: kind is ``number`` (value an int, or a Decimal when written
    with a fraction), ``null`` (a mark that says there is no value: ``/``, ``—``, ``-``, ``无``),
    ``blank`` (empty) or ``text`` (anything else, e.g. a label). ``unit`` is a unit suffix the cell
    carried (``元``, ``万元``, ``件``) or ``""``.
    """
    if text is None:
        return BLANK, None, ""
    raw = text.translate(_HALF).strip()
    if not raw:
        return BLANK, None, ""
    compact = raw.replace(" ", "")
    if compact in _NULL_MARKS or set(compact) <= {"-", "—", "/", "－"}:
        return NULL, None, ""
    unit = ""
    match = _UNIT.search(compact)
    if match and match.start() > 0:
        unit = match.group(0)
        compact = compact[: match.start()]
        raw = raw[: len(raw) - len(unit)].strip()
    if not _NUM.match(compact):
        if _SPACED_THOUSANDS.match(raw):
            compact = raw.replace(" ", "")
        else:
            return "text", None, ""
    digits = compact.replace(",", "")
    if "." in digits:
        try:
            return NUMBER, Decimal(digits), unit
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return "text", None, ""
    return NUMBER, int(digits), unit


# ------------------------------------------------------------------ traditional characters

#: Characters that occur in every annual report written in Traditional characters (開 報 務 …)
#: and never in a Simplified one: seeing any of them switches the text to Simplified.
TRADITIONAL_HINTS = frozenset("開報務處請機關與數來發國為會條項經該總計結轉復訟規範決費應")
_TRADITIONAL = re.compile("[" + "".join(sorted(TRADITIONAL_HINTS)) + "]")
# Pinyin some sites print after a character: 數(shù)據(jù).
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)")
# The few characters the annual-report labels need, for when zhconv is not installed.
_T2S = str.maketrans(
    "開報務處請機關與數來發國為會條項經該總計結轉復訟規範決費應況動況類屬隱穩獲單織構補確處濟聯係網頁標題質廢現製門產權無辦業區縣鎮鄉際專紀錄統這書從頒佈實檢視擁讓監護證歸檔審覈環節內兩個參見於並層鬥廣東樂誌腦遞邊訊電話傳真郵編址達義舉離頭龍聲產點線構劃協調館圖憑據點觀"
    "",
    "开报务处请机关与数来发国为会条项经该总计结转复讼规范决费应况动况类属隐稳获单织构补确处济联系网页标题质废现制门产权无办业区县镇乡际专纪录统这书从颁布实检视拥让监护证归档审核环节内两个参见于并层斗广东乐志脑递边讯电话传真邮编址达义举离头龙声产点线构划协调馆图凭据点观"
    "",
)


def to_simplified(text: str) -> tuple[str, bool]:
    """Text written in Traditional characters → Simplified (labels, headings, names), and whether it was.

    Uses ``zhconv`` (offline tables) when installed, else a small table of the characters the
    template's labels use. Pinyin printed after characters (``數(shù)``) is dropped.
    """
    if not _TRADITIONAL.search(text):
        return text, False
    text = _PINYIN.sub("", text)
    try:
        import zhconv
    except ImportError:  # pragma: no cover - zhconv is a dependency; the table is the fallback
        return text.translate(_T2S), True
    return zhconv.convert(text, "zh-cn"), True
