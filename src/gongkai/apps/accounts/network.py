"""The address of the client of a request, the one place that decides it (lockout and throttles)."""

from __future__ import annotations

import ipaddress

from django.conf import settings

__all__ = ["client_ip"]


def client_ip(request) -> str:
    """REMOTE_ADDR, or the first address of ``GONGKAI_CLIENT_IP_HEADER`` behind a trusted reverse proxy.

    An unparsable value gives ``"0.0.0.0"`` so that it is still counted (and throttled) as one client.
    """
    header = getattr(settings, "GONGKAI_CLIENT_IP_HEADER", "")
    raw = ""
    if header:
        raw = request.META.get(header, "").split(",")[0].strip()
    if not raw:
        raw = request.META.get("REMOTE_ADDR", "") or ""
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return "0.0.0.0"
