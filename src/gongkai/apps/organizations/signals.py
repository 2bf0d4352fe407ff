"""Signals of the organizations app, so that work apps hook into a body's life without the base depending on them.

``organization_setup`` is sent when a new body is asked to get its standard set-up (``gongkai org_create
--catalogue``). Receivers (e.g. the catalogue app, which seeds the columns and the standard catalogue) return a
one-line Chinese summary of what they did.
"""

from django.dispatch import Signal

__all__ = ["organization_setup"]

#: Sent with ``organization`` and ``actor`` (None for the system); receivers return a summary line.
organization_setup = Signal()
