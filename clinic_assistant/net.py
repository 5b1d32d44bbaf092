"""Who sent a request, as far as a server behind a reverse proxy can tell; for the channels' rate
limits (rasa_plugins/rate_limit.py) and the console's login back-off (console/client.py).

The peer address is the client's, unless the peer is one of TRUSTED_PROXIES (the reverse proxy):
then X-Forwarded-For's last hop that is not a trusted proxy is. Hops further left were written by
the client itself and prove nothing.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from clinic_assistant.settings import IPNetwork


def in_networks(address: str, networks: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: Iterable[str], trusted_proxies: Sequence[IPNetwork]) -> str:
    """Who sent the request: the socket peer, unless the peer is a trusted proxy; then the last
    address of X-Forwarded-For that is not a trusted proxy (each proxy appends the address it saw,
    so everything left of that is the visitor's own say and could be made up)."""
    if not in_networks(peer, trusted_proxies):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    nearest = peer
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return nearest  # not an address: the proxy that passed it on is the best we know
        if not in_networks(hop, trusted_proxies):
            return hop
        nearest = hop
    return nearest
