"""The wording rules of letters (pure text, no Django): quoting the request, filling a template, checking.

A letter goes out unedited only if its text reads right: the applicant's request quoted once and cleanly
(``申请获取“…标准”。``, never ``“…标准。”。``), no doubled punctuation, no alternatives left from a model
letter (``（或告知获取的方式、途径和时间）``), no placeholder left unfilled. :func:`quote_request` and
:func:`tidy` make the text so; :func:`wording_problems` says what is still wrong (the template editor
refuses such a template, and the tests run it on every letter type).
"""

from __future__ import annotations

import re
import string

__all__ = [
    "PlaceholderError",
    "cn_date",
    "fill",
    "placeholders_in",
    "quote_request",
    "tidy",
    "wording_problems",
]

#: Marks that end or divide a sentence: two of them side by side are a doubled punctuation.
_MARKS = "。，；：、！？"
_END = "。！？"
#: Closing brackets and quotes that may follow a sentence end (``……。”`` or ``（……。）``).
_CLOSERS = "”’）》」』"

_DOUBLED = re.compile(rf"[{_MARKS}][{_MARKS}]|[{_END}][{_CLOSERS}][{_END}，；]|[，；：、][{_CLOSERS}]?[{_END}]")
#: What a model letter leaves for the writer to choose or fill in.
_ALTERNATIVES = re.compile(
    r"[（(]\s*或[^）)]*[）)]"  # （或告知获取的方式、途径和时间）
    r"|[（(][^）)]*/[^）)]*[）)]"  # （予以公开/部分公开）
    r"|[×ＸX]{2,}|○{2,}|＿{2,}|_{2,}|…{3,}"  # XX年XX月, ○○, ____
    r"|【[^】]*】|\[[^\]]*\]"
)
_LEFTOVER = re.compile(r"[{}｛｝]")

_STRIP_END = "。．.；;，,、：:！!？? \u3000"


def cn_date(value) -> str:
    """A date as a letter writes it: ``2025年3月5日`` (no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日"


def quote_request(text: str) -> str:
    """The applicant's request, ready to stand inside “…” in a sentence.

    One line (lines joined by ``；``), no sentence mark at its end (the letter's sentence supplies it),
    no quotes around the whole, and quotes inside turned into the inner pair ‘…’ (ASCII, corner and
    double quotes alike), so that the letter's “…” stay the only outer pair.
    """
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line.rstrip(_STRIP_END) for line in lines if line.strip(_STRIP_END)]
    result = "；".join(lines)
    # Quotes around the whole request: “…”, "…", 「…」.
    for left, right in (("“", "”"), ('"', '"'), ("「", "」"), ("『", "』")):
        if len(result) > 2 and result.startswith(left) and result.endswith(right):
            inner = result[1:-1]
            if left not in inner and right not in inner:
                result = inner.rstrip(_STRIP_END)
    result = re.sub(r'"([^"]*)"', r"‘\1’", result)
    result = result.replace("“", "‘").replace("”", "’").replace("「", "‘").replace("」", "’")
    result = result.replace("『", "‘").replace("』", "’").replace('"', "")
    return result


def tidy(text: str) -> str:
    """Collapse doubled marks that filling a template can leave (``。。``, ``，。``) and end with a mark.

    A reason typed with or without its final 。 reads the same once filled in: the doubled mark is
    dropped here and a missing one added.
    """
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        text = re.sub(rf"[，；、]([{_END}])", r"\1", text)
        text = re.sub(rf"([{_END}])[{_END}，；、]", r"\1", text)
        # “…标准。”。 → “…标准”。: the quoted words end inside the letter's sentence.
        text = re.sub(rf"[{_END}]([{_CLOSERS}][{_END}])", r"\1", text)
    if text and text[-1] not in _END and not (text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _END):
        if text[-1] in "：:":
            return text  # a label line (附件：) is left as it is
        text = text.rstrip("，；、") + "。"
    return text


def wording_problems(text: str) -> list[str]:
    """What is wrong with *text* as a letter's sentence, in Chinese (empty when it reads right)."""
    problems = []
    for match in _DOUBLED.finditer(text):
        problems.append(f"标点重复：“{text[max(0, match.start() - 6) : match.end() + 2]}”")
    for match in _ALTERNATIVES.finditer(text):
        problems.append(f"留有模板备选或待填内容：“{match.group(0)}”")
    if _LEFTOVER.search(text):
        problems.append("留有未替换的占位符（花括号）。")
    if "““" in text or "””" in text or text.count("“") != text.count("”"):
        problems.append("引号不成对。")
    return problems


class PlaceholderError(ValueError):
    """A template that cannot be filled: unknown placeholder or unbalanced braces (message in Chinese)."""


def placeholders_in(template: str) -> list[str]:
    """The placeholder names of *template* in order (``{申请人}`` → ``申请人``).

    Raises:
        PlaceholderError: a brace without its pair, a format spec, or an empty name.
    """
    names = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        msg = "花括号不成对：占位符写作 {名称}，正文中不要单独使用 { 或 }。"
        raise PlaceholderError(msg) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.strip() or spec or conversion:
            msg = f"占位符“{{{name}}}”写法不对：只写名称，如 {{申请人}}。"
            raise PlaceholderError(msg)
        names.append(name)
    return names


def fill(template: str, values: dict[str, str]) -> list[str]:
    """The paragraphs of *template* (one a line) with *values* filled in and tidied.

    A line whose placeholders all come out empty (``不予公开部分的理由：{答复理由}`` with no reason) is
    left out, and so is an empty line.

    Raises:
        PlaceholderError: unknown placeholder (the message lists the known ones) or bad braces.
    """
    paragraphs = []
    for line in template.splitlines():
        names = placeholders_in(line)
        unknown = [n for n in names if n not in values]
        if unknown:
            known = "、".join(f"{{{k}}}" for k in values)
            msg = f"未知的占位符：{'、'.join(f'{{{n}}}' for n in unknown)}。可用的占位符：{known}。"
            raise PlaceholderError(msg)
        if names and not any(str(values[n]).strip() for n in names):
            continue
        text = line.format_map({n: str(values[n]) for n in names}) if names else line
        text = tidy(text)
        if text:
            paragraphs.append(text)
    return paragraphs
