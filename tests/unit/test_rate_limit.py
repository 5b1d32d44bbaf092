"""Token buckets and client addresses of the channels' rate limits (rasa_plugins/rate_limit.py)."""
from __future__ import annotations

import ipaddress

import pytest

from clinic_assistant.net import client_address
from clinic_assistant.rasa_plugins.rate_limit import (
    Rate,
    RateLimits,
    TokenBuckets,
    is_loopback,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def spend(buckets: TokenBuckets, key: str, times: int) -> None:
    for _ in range(times):
        assert buckets.tokens(key) >= 1
        buckets.take(key)


def test_a_bucket_allows_its_burst_then_refills_at_its_rate():
    clock = Clock()
    buckets = TokenBuckets(Rate(burst=30, per_minute=60), clock=clock)
    spend(buckets, "visitor", 30)
    assert buckets.tokens("visitor") < 1
    assert buckets.seconds_until_token("visitor") == pytest.approx(1.0)
    clock.now += 1.0  # 60 a minute: one token a second
    spend(buckets, "visitor", 1)
    assert buckets.tokens("visitor") < 1
    clock.now += 3600
    assert buckets.tokens("visitor") == 30  # never more than the burst


def test_keys_have_buckets_of_their_own():
    buckets = TokenBuckets(Rate(burst=2, per_minute=1), clock=Clock())
    spend(buckets, "a", 2)
    assert buckets.tokens("a") < 1
    assert buckets.tokens("b") == 2


def test_a_bucket_that_refilled_is_forgotten_so_idle_visitors_cost_no_memory():
    clock = Clock()
    buckets = TokenBuckets(Rate(burst=2, per_minute=60), clock=clock)
    for key in ("a", "b", "c"):
        buckets.take(key)
    assert len(buckets.buckets) == 3
    clock.now += 5  # all full again
    buckets.tokens("someone else")
    assert len(buckets.buckets) == 0


def test_memory_is_bounded_by_max_keys_dropping_the_least_recently_used():
    buckets = TokenBuckets(Rate(burst=5, per_minute=1), max_keys=3, clock=Clock())
    for key in ("a", "b", "c", "d"):
        buckets.take(key)
    assert list(buckets.buckets) == ["b", "c", "d"]


def test_a_clock_that_goes_back_gives_no_extra_tokens():
    clock = Clock()
    buckets = TokenBuckets(Rate(burst=1, per_minute=1), clock=clock)
    buckets.take("a")
    clock.now -= 100
    assert buckets.tokens("a") < 1


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("::ffff:127.0.0.1", True),
     ("10.0.0.1", False), ("203.0.113.9", False), ("2001:db8::1", False), ("", False), ("localhost", False)],
)
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback


PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("127.0.0.1"))


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        # No trusted proxy in front: the peer, whatever the header says.
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),
        ("203.0.113.9", [], "203.0.113.9"),
        # A trusted proxy: the last address it was given that is not a trusted proxy itself.
        ("127.0.0.1", ["198.51.100.1"], "198.51.100.1"),
        ("10.0.0.5", ["198.51.100.1, 10.0.0.7"], "198.51.100.1"),
        ("10.0.0.5", ["192.0.2.66", "198.51.100.1"], "198.51.100.1"),
        # A visitor who writes their own X-Forwarded-For only adds addresses on the left.
        ("127.0.0.1", ["1.2.3.4, 5.6.7.8, 198.51.100.1"], "198.51.100.1"),
        # Trusted all the way: the leftmost.
        ("127.0.0.1", ["10.1.1.1, 10.2.2.2"], "10.1.1.1"),
        # A trusted proxy that sent no header, or garbage: the last address we can vouch for.
        ("127.0.0.1", [], "127.0.0.1"),
        ("10.0.0.5", ["not-an-ip"], "10.0.0.5"),
        ("10.0.0.5", ["198.51.100.1, garbage, 10.0.0.9"], "10.0.0.9"),
    ],
)
def test_the_client_address_is_the_peer_unless_a_trusted_proxy_forwarded_it(peer, forwarded_for, expected):
    assert client_address(peer, forwarded_for, PROXIES) == expected


def test_without_trusted_proxies_x_forwarded_for_is_never_read():
    assert client_address("127.0.0.1", ["198.51.100.1"], ()) == "127.0.0.1"


def test_a_sender_over_its_limit_waits_and_another_sender_does_not():
    limits = RateLimits(Rate(3, 60), Rate(100, 100), clock=Clock())
    assert [limits.seconds_to_wait("flood", "203.0.113.9") for _ in range(3)] == [0, 0, 0]
    assert limits.seconds_to_wait("flood", "203.0.113.9") > 0
    assert limits.seconds_to_wait("someone", "203.0.113.9") == 0


def test_an_address_over_its_limit_stops_every_sender_behind_it():
    limits = RateLimits(Rate(30, 60), Rate(5, 60), clock=Clock())
    waits = [limits.seconds_to_wait(f"made-up-{n}", "203.0.113.9") for n in range(6)]
    assert waits[:5] == [0] * 5 and waits[5] > 0
    assert limits.seconds_to_wait("made-up-99", "198.51.100.1") == 0  # another address


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", None])
def test_loopback_or_unknown_addresses_are_not_limited_per_address_but_senders_still_are(address):
    limits = RateLimits(Rate(2, 60), Rate(5, 60), clock=Clock())
    assert all(limits.seconds_to_wait(f"harness-{n}", address) == 0 for n in range(50))
    assert [limits.seconds_to_wait("one", address) for _ in range(3)][2] > 0


def test_a_refused_message_uses_up_no_token():
    limits = RateLimits(Rate(1, 60), Rate(2, 60), clock=Clock())
    assert limits.seconds_to_wait("a", "203.0.113.9") == 0
    assert limits.seconds_to_wait("a", "203.0.113.9") > 0  # sender empty: the address keeps its token
    assert limits.seconds_to_wait("b", "203.0.113.9") == 0
    assert limits.seconds_to_wait("c", "203.0.113.9") > 0
