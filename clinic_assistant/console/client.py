"""Who is asking, as far as the web app can tell: the client's address and whether it reached
the site over HTTPS.

The peer address is the client's, unless the peer is one of TRUSTED_PROXIES (the reverse proxy):
then X-Forwarded-For's last hop that is not a trusted proxy is. Hops further left were written by
the client itself and prove nothing. X-Forwarded-Proto counts only from a trusted proxy too.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from flask import request

from clinic_assistant.settings import IPNetwork, Settings

MAX_ADDRESS_CHARS = 64  # a key for the login back-off, never trusted beyond that


def _is_trusted(address: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: Sequence[IPNetwork]) -> str:
    if not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop[:MAX_ADDRESS_CHARS]
    return hops[0][:MAX_ADDRESS_CHARS] if hops else peer


def request_address(settings: Settings) -> str:
    """This request's client address."""
    return client_address(request.remote_addr or "", request.headers.get("X-Forwarded-For"),
                          settings.trusted_proxies)


def request_is_https(settings: Settings) -> bool:
    """Whether the visitor's browser reached the site over HTTPS: PUBLIC_URL says so, the request
    itself is, or a trusted proxy's X-Forwarded-Proto says so (its last value, the proxy's own)."""
    if settings.served_over_https or request.scheme == "https":
        return True
    if not _is_trusted(request.remote_addr or "", settings.trusted_proxies):
        return False
    protos = [p.strip().lower() for p in request.headers.get("X-Forwarded-Proto", "").split(",") if p.strip()]
    return bool(protos) and protos[-1] == "https"
