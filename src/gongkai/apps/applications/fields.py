"""``EncryptedTextField``: personal data stored as SM4-GCM ciphertext, plaintext in Python.

The database column holds ``sm4gcm:<key id>:…`` tokens (see :mod:`gongkai.core.fieldcrypt`) or
``""`` for an empty value; the model attribute is always the plaintext. Values are encrypted on
the way in (``save``, ``update``, ``bulk_create``) and decrypted on the way out. The column
cannot be searched by content (a fresh nonce makes each token different): only ``=""`` and
``isnull`` lookups are allowed, and equality searches go through a blind index column (see
``Application.id_number_index``). Audit snapshots record :meth:`masked` values only.

Inside :func:`raw_ciphertext` (``gongkai dumpdata`` and ``gongkai loaddata``) the field neither decrypts
nor encrypts: a dump carries the stored tokens, never personal data in clear (and needs no key), and
loading it writes them back unchanged.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from gongkai.core.fieldcrypt import DecryptionError, is_token

from . import masking

__all__ = ["Ciphertext", "DecryptionError", "EncryptedTextField", "raw_ciphertext"]

LOOKUP_REFUSED = "加密字段“%s”不能按内容查询（密文每次都不同），请使用盲索引（如 id_number_index）。"


class Ciphertext(str):
    """A token written to the column as it is (``rotate_data_key`` re-encrypts outside the field)."""


_RAW = contextvars.ContextVar("gongkai_raw_ciphertext", default=False)


@contextlib.contextmanager
def raw_ciphertext():
    """Read encrypted columns as their stored tokens and write tokens back as they are (dump and load)."""
    reset = _RAW.set(True)
    try:
        yield
    finally:
        _RAW.reset(reset)


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
        if _RAW.get():
            return Ciphertext(value)
        if is_token(value):
            return self.decrypt(value)
        return value  # a row written before encryption (the data migration encrypts them)

    def to_python(self, value):
        # Loading a dump: the tokens it carries are written back unchanged (never encrypted twice). Outside
        # raw_ciphertext() a value that looks like a token is plain text like any other (see get_db_prep_save).
        if _RAW.get() and is_token(value):
            return Ciphertext(value)
        return super().to_python(value)

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
