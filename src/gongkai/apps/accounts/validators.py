"""Password rules (等保 8.1.4.1 a 口令复杂度), each with a plain Chinese message and help text.

Django's own validators do the checking (its list of 20,000 common passwords, its similarity measure); these
subclasses only word the messages, and :class:`CharacterClassesValidator` adds the character-class rule.
"""

from __future__ import annotations

import string

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError

__all__ = [
    "CharacterClassesValidator",
    "CommonPasswordValidator",
    "MinimumLengthValidator",
    "UserAttributeSimilarityValidator",
]


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = 10) -> None:
        super().__init__(min_length=min_length)

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"至少 {self.min_length} 个字符"


_CLASSES = (
    ("大写字母", lambda c: "A" <= c <= "Z"),
    ("小写字母", lambda c: "a" <= c <= "z"),
    ("数字", lambda c: c in string.digits),
    ("符号", lambda c: not c.isalnum() or not c.isascii()),
)


class CharacterClassesValidator:
    """At least *min_classes* of: upper-case letters, lower-case letters, digits, symbols (any other character)."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        present = [name for name, test in _CLASSES if any(test(c) for c in password)]
        if len(present) < self.min_classes:
            raise ValidationError(self.get_error_message(), code="password_too_simple")

    def get_error_message(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号四类中的至少 {self.min_classes} 类。"

    def get_help_text(self) -> str:
        return f"大写字母、小写字母、数字、符号中至少 {self.min_classes} 类"


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "密码与您的用户名、姓名或电子邮箱太相似。"

    def get_help_text(self) -> str:
        return "不能与用户名、姓名或电子邮箱相似"


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "这个密码太常见，很容易被猜中，请换一个。"

    def get_help_text(self) -> str:
        return "不能是常见密码"
