"""Masking of identity numbers and contact details for everyone but the handling staff."""

from __future__ import annotations


def mask_middle(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """``110101199001011234`` → ``110***********1234``; short values are fully masked."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_email(value: str) -> str:
    """``zhang.san@example.cn`` → ``z***@example.cn``."""
    if not value or "@" not in value:
        return mask_middle(value, 1, 0)
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_name(value: str) -> str:
    """``张三丰`` → ``张**``."""
    return value[:1] + "*" * (len(value) - 1) if value else ""


def mask_value(kind: str, value: str) -> str:
    """*value* masked by *kind*: ``id``, ``phone``, ``email``, ``name``, ``address`` or ``all``."""
    if not value:
        return ""
    if kind == "id":
        return mask_middle(value)
    if kind == "phone":
        return mask_middle(value, 3, 2)
    if kind == "email":
        return mask_email(value)
    if kind == "name":
        return mask_name(value)
    if kind == "address":
        return "（已隐藏）"
    return "*" * min(len(value), 6)
