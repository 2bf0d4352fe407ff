"""Authentication backend that counts failed logins (django-axes) for web logins."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend

__all__ = ["LockoutBackend"]


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for requests only.

    ``authenticate()`` without a request comes from code on the server itself (a management command, a test,
    Django's ``createsuperuser`` check), not from someone guessing over the network: it passes through to the
    next backend instead of failing as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
