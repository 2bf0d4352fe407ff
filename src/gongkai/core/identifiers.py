"""National identifier check digits (校验码): pure functions, no Django.

* 公民身份号码, GB 11643-1999: 17 digits and a check character (0–9 or X), ISO 7064 MOD 11-2.
* 统一社会信用代码, GB 32100-2015: 18 characters over 31 symbols (no I, O, Z, S, V), MOD 31 check.
* 组织机构代码, GB 11714-1997: 8 characters and a check character (0–9 or X), MOD 11.
* Bank card numbers: the Luhn check (ISO/IEC 7812).

Used by the 三审三校 checks before publishing (an ID number in a notice is personal information) and to
validate the 统一社会信用代码 that heads a body's 索引号.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "id_card_check_char",
    "is_bank_card",
    "is_id_card",
    "is_organization_code",
    "is_uscc",
    "luhn_valid",
    "uscc_check_char",
]

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_card_check_char(first17: str) -> str:
    """The check character of a 公民身份号码 from its first 17 digits (GB 11643-1999)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_id_card(value: str) -> bool:
    """Whether *value* is an 18-character 公民身份号码 with a valid birth date and check character."""
    if len(value) != 18 or not value[:17].isdigit() or not value[:17].isascii():
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not (dt.date(1900, 1, 1) <= born <= dt.date.today()):
        return False
    return id_card_check_char(value[:17]) == value[17].upper()


def uscc_check_char(first17: str) -> str:
    """The check character of a 统一社会信用代码 from its first 17 characters (GB 32100-2015)."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def _org_code_check_char(first8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_organization_code(value: str) -> bool:
    """Whether *value* is a 9-character 组织机构代码 (``12345678-9`` or ``123456789``) with a valid check."""
    value = value.replace("-", "").upper()
    if len(value) != 9 or not value.isascii() or not value[:8].isalnum():
        return False
    return _org_code_check_char(value[:8]) == value[8]


def is_uscc(value: str) -> bool:
    """Whether *value* is an 18-character 统一社会信用代码 whose check and embedded 组织机构代码 are valid."""
    value = value.upper()
    if len(value) != 18 or any(c not in _USCC_ALPHABET for c in value):
        return False
    if uscc_check_char(value[:17]) != value[17]:
        return False
    return is_organization_code(value[8:17])


def luhn_valid(digits: str) -> bool:
    """The Luhn check over a string of digits."""
    if not digits.isdigit() or not digits.isascii():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def is_bank_card(digits: str) -> bool:
    """Whether *digits* looks like a bank card number: 16–19 digits passing the Luhn check."""
    return 16 <= len(digits) <= 19 and luhn_valid(digits)
