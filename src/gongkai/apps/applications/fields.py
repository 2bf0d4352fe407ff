"""``EncryptedTextField``: personal data stored as SM4-GCM ciphertext, plaintext in Python.

The database column holds ``sm4gcm:<key id>:…`` tokens (see :mod:`gongkai.core.fieldcrypt`) or
``""`` for an empty value; the model attribute is always the plaintext. Values are encrypted on
the way in (``save``, ``update``, ``bulk_create``) and decrypted on the way out. The column
cannot be searched by content (a fresh nonce makes each token different): only ``=""`` and
``isnull`` lookups are allowed, and equality searches go through a blind index column (see
``Application.id_number_index``). Audit snapshots record :meth:`masked` values only.
"""

from __future__ import annotations

from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from gongkai.core.fieldcrypt import DecryptionError, is_token

from . import masking

__all__ = ["Ciphertext", "DecryptionError", "EncryptedTextField"]

LOOKUP_REFUSED = "加密字段“%s”不能按内容查询（密文每次都不同），请使用盲索引（如 id_number_index）。"


class Ciphertext(str):
    """A token written to the column as it is (``rotate_data_key`` re-encrypts outside the field)."""


class _EmptyOnlyExact(Exact):
    def __init__(self, lhs, rhs):
        if rhs not in ("", None):
            raise FieldError(LOOKUP_REFUSED % lhs.target.name)
        super().__init__(lhs, rhs)


class EncryptedTextField(models.TextField):
    """A text field encrypted at rest. *mask* names the masking used outside the case page."""

    def __init__(self, *args, mask: str = "all", **kwargs):
        self.mask = mask
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.mask != "all":
            kwargs["mask"] = self.mask
        return name, path, args, kwargs

    @property
    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def _keyring(self):
        from gongkai.web.datakey import keyring

        return keyring()

    def encrypt(self, value: str) -> str:
        return self._keyring().encrypt(value, context=self.context)

    def decrypt(self, token: str) -> str:
        return self._keyring().decrypt(token, context=self.context)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        if is_token(value):
            return self.decrypt(value)
        return value  # a row written before encryption (the data migration encrypts them)

    def get_db_prep_save(self, value, connection):
        if isinstance(value, Ciphertext):  # already encrypted (key rotation)
            return str(value)
        value = super().get_db_prep_save(value, connection)
        if value is None or value == "":
            return value
        # Always encrypted, even text that looks like a token: an applicant cannot plant one.
        return self.encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def get_transform(self, lookup_name):
        return None

    def masked(self, value: str) -> str:
        """*value* as shown to those who may not see it (lists, admin, audit rows)."""
        return masking.mask_value(self.mask, value)
