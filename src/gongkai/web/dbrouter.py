"""A read replica for the public portal (``DATABASE_REPLICA_URL``).

The router sends a read to the ``replica`` database only while a public page marked for it runs (the portal's
pages, the public standard catalogue, the open API's public reads: :class:`ReplicaReadsMiddleware` marks GET and
HEAD requests to them, :func:`replica_reads` marks a block of code), and only for the published content's
models. Everything else reads the primary: staff pages, sessions, accounts, throttles, the task queue, and any
read inside a transaction. Every write goes to the primary. With no replica configured the router answers
``None`` (Django's default: the primary) and the middleware does nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

__all__ = ["REPLICA", "PortalReplicaRouter", "ReplicaReadsMiddleware", "replica_reads"]

REPLICA = "replica"
#: The apps whose rows the public pages show (published items, catalogues, bodies, registers, annual reports).
CONTENT_APPS = frozenset({"organizations", "publishing", "catalogue", "registers", "annual", "portal"})
#: URL namespaces of the public pages that read from the replica.
PUBLIC_NAMESPACES = frozenset({"portal", "catalogue_public"})

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("gongkai_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads of published content go to the replica (when one is configured)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class PortalReplicaRouter:
    """Portal reads of content models to the replica while marked; all else, and every write, to the primary."""

    def db_for_read(self, model, **hints):  # noqa: ANN001
        if not _reading_replica.get() or model._meta.app_label not in CONTENT_APPS or not replica_configured():
            return None
        if connections["default"].in_atomic_block:  # read-your-writes inside a transaction
            return None
        return REPLICA

    def db_for_write(self, model, **hints):  # noqa: ANN001
        return "default"

    def allow_relation(self, obj1, obj2, **hints):  # noqa: ANN001
        # the replica holds the primary's rows: objects from either may be related
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):  # noqa: ANN001
        return db != REPLICA  # the replica follows the primary; never migrated on its own


class ReplicaReadsMiddleware:
    """Mark GET/HEAD requests to the public pages so that their content reads go to the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = replica_configured()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled:
            return self.get_response(request)
        token = _reading_replica.set(False)
        try:
            return self.get_response(request)
        finally:
            _reading_replica.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # noqa: ANN001
        if not self.enabled or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is not None and PUBLIC_NAMESPACES.intersection(match.namespaces):
            _reading_replica.set(True)
        return None
