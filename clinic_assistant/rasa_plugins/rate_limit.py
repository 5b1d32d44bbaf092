"""Rate limits per visitor (sender id) and per client address, for the input channels.

Each key has a token bucket: `burst` tokens, refilled at `per_minute` tokens a minute; a message
takes one token from its sender's bucket and one from its address's bucket, and passes only when
both have one. The buckets live in this process's memory (a cluster routes one conversation to one
server, so the per-sender limit holds; the per-address limit is per server). Memory stays bounded:
a bucket that has refilled completely is the same as no bucket and is dropped, and past `max_keys`
the least recently used bucket goes.

Loopback addresses are never limited per address: the evaluation harnesses and a reverse proxy on
the same machine connect from 127.0.0.1, so one bucket would hold every visitor. Behind a proxy,
list it in TRUSTED_PROXIES and the visitor's address is read from X-Forwarded-For instead.
"""
from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_KEYS = 100_000
# Buckets checked for idleness on each use: amortised clean-up without a timer.
IDLE_SWEEP = 4


@dataclass(frozen=True)
class Rate:
    burst: int
    per_minute: int

    @property
    def per_second(self) -> float:
        return self.per_minute / 60


class TokenBuckets:
    """One token bucket per key, on a monotonic clock (wall-clock jumps neither free nor block anyone)."""

    def __init__(self, rate: Rate, *, max_keys: int = MAX_KEYS, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.max_keys, self.clock = rate, max_keys, clock
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, at)

    def tokens(self, key: str) -> float:
        """The tokens `key` has now (a full bucket for a key never seen or long idle)."""
        now = self.clock()
        self._drop_idle(now)
        if key not in self.buckets:
            return float(self.rate.burst)
        tokens, at = self.buckets[key]
        return min(float(self.rate.burst), tokens + max(0.0, now - at) * self.rate.per_second)

    def take(self, key: str) -> None:
        self.buckets[key] = (self.tokens(key) - 1, self.clock())
        self.buckets.move_to_end(key)
        while len(self.buckets) > self.max_keys:
            self.buckets.popitem(last=False)

    def seconds_until_token(self, key: str) -> float:
        return max(0.0, (1 - self.tokens(key)) / self.rate.per_second)

    def _drop_idle(self, now: float) -> None:
        # The oldest-used buckets come first; a full one carries no information.
        for _ in range(IDLE_SWEEP):
            if not self.buckets:
                return
            key, (tokens, at) = next(iter(self.buckets.items()))
            if tokens + (now - at) * self.rate.per_second < self.rate.burst:
                return
            del self.buckets[key]


def is_loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


class RateLimits:
    """The per-sender and per-address limits of one process, for both channels."""

    def __init__(self, per_sender: Rate, per_address: Rate, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.senders = TokenBuckets(per_sender, clock=clock)
        self.addresses = TokenBuckets(per_address, clock=clock)

    def seconds_to_wait(self, sender_id: str, address: str | None) -> float:
        """0 when the message may go (its tokens are taken), else how long until it could."""
        limited_by_address = address is not None and not is_loopback(address)
        waits = [self.senders.seconds_until_token(sender_id)]
        if limited_by_address:
            waits.append(self.addresses.seconds_until_token(address))
        if max(waits) > 0:
            return max(waits)
        self.senders.take(sender_id)
        if limited_by_address:
            self.addresses.take(address)
        return 0.0


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
