"""Who is asking, as far as the web app can tell: the client's address and whether it reached
the site over HTTPS.

The address comes from clinic_assistant/net.py (X-Forwarded-For only from TRUSTED_PROXIES);
X-Forwarded-Proto counts only from a trusted proxy too.
"""
from __future__ import annotations

from flask import request

from clinic_assistant.net import client_address, in_networks
from clinic_assistant.settings import Settings


def request_address(settings: Settings) -> str:
    """This request's client address."""
    return client_address(request.remote_addr or "", request.headers.getlist("X-Forwarded-For"),
                          settings.trusted_proxies)


def request_is_https(settings: Settings) -> bool:
    """Whether the visitor's browser reached the site over HTTPS: PUBLIC_URL says so, the request
    itself is, or a trusted proxy's X-Forwarded-Proto says so (its last value, the proxy's own)."""
    if settings.served_over_https or request.scheme == "https":
        return True
    if not in_networks(request.remote_addr or "", settings.trusted_proxies):
        return False
    protos = [p.strip().lower() for p in request.headers.get("X-Forwarded-Proto", "").split(",") if p.strip()]
    return bool(protos) and protos[-1] == "https"
