"""django-axes' database handler with two separate limits: one per account, one per client address.

``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`` makes axes count failures per username and per
address, but holds both counts to one limit (``AXES_FAILURE_LIMIT``). Here:

* a **username** is locked after ``AXES_FAILURE_LIMIT`` failures from any addresses
  (``GONGKAI_LOGIN_FAILURE_LIMIT``, default 5): a password guesser cannot try more on one account;
* an **address** is locked after ``GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT`` failures over any usernames (default
  20): one machine trying one password on many accounts (password spraying) is stopped, while a county office
  whose staff all reach the platform through one NAT address is not locked out as a whole by five typos;
* a **successful login** clears only that username's failures from that address (the user's own typos).
  axes' default clears every row of the username *or* the address, so an attacker holding one valid account
  could reset his address's count after each round of guesses.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

__all__ = ["LockoutHandler", "failure_counts"]


def _sum(queryset) -> int:  # noqa: ANN001
    return queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0


def failure_counts(handler: AxesDatabaseHandler, request, credentials=None) -> tuple[int, int]:  # noqa: ANN001
    """Failures within the cool-off of the request's username and of its address."""
    by_username, by_address = handler.get_user_attempts(request, credentials)
    return _sum(by_username), _sum(by_address)


def address_limit() -> int:
    return getattr(settings, "GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT", settings.AXES_FAILURE_LIMIT)


class LockoutHandler(AxesDatabaseHandler):
    """See the module. Needs ``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`` (in this order)."""

    def get_failures(self, request, credentials=None) -> int:
        account, address = failure_counts(self, request, credentials)
        request.gongkai_lock = {
            "account": account >= settings.AXES_FAILURE_LIMIT,
            "address": address >= address_limit(),
        }
        # axes locks when this reaches AXES_FAILURE_LIMIT: the account's count, or the limit itself once the
        # address has reached its own.
        if request.gongkai_lock["address"]:
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        if username is None:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
