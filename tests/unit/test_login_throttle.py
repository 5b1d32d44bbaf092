"""The console's log-in throttle (back-off per key, the global cap) and the client's address."""
from __future__ import annotations

import ipaddress

import pytest

from clinic_assistant.console.login_throttle import (
    ADDRESS_FREE_FAILURES,
    MAX_DELAY_SECONDS,
    NAME_FREE_FAILURES,
    Attempt,
    BackOff,
    LoginThrottle,
    RateCap,
)
from clinic_assistant.net import client_address


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_back_off_doubles_after_the_free_failures_up_to_fifteen_minutes_and_is_forgotten():
    clock = Clock()
    back_off = BackOff(clock)
    waits = []
    for _ in range(NAME_FREE_FAILURES + 14):
        back_off.fail("k", NAME_FREE_FAILURES)
        waits.append(back_off.wait_seconds("k"))
    assert waits[:NAME_FREE_FAILURES] == [0.0] * NAME_FREE_FAILURES
    assert waits[NAME_FREE_FAILURES:NAME_FREE_FAILURES + 4] == [1.0, 2.0, 4.0, 8.0]
    assert waits[-1] == MAX_DELAY_SECONDS
    clock.now += 3601
    assert back_off.wait_seconds("k") == 0.0


def test_the_global_cap_allows_its_rate_and_says_how_long_to_wait():
    clock = Clock()
    cap = RateCap(2, clock)
    assert [cap.take() for _ in range(3)] == [0.0, 0.0, 0.5]
    clock.now += 0.5
    assert cap.take() == 0.0


def test_a_known_device_is_throttled_on_its_own_key_and_not_held_to_the_global_cap():
    throttle = LoginThrottle(checks_per_second=1, clock=Clock())
    outsider = Attempt("sam", "10.0.0.1")
    staff = Attempt("sam", "10.0.0.1", device="device-1")
    for _ in range(ADDRESS_FREE_FAILURES + 5):
        throttle.failed(outsider)
    assert throttle.wait_seconds(outsider) > 0
    assert throttle.wait_seconds(staff) == 0 and throttle.wait_seconds(staff) == 0  # no cap either
    for _ in range(NAME_FREE_FAILURES + 1):
        throttle.failed(staff)  # a stolen device cookie still backs off
    assert throttle.wait_seconds(staff) > 0


TRUSTED = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("127.0.0.1/32"))


@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not a proxy: its header is the client's own words
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the last hop the proxy saw
        ("127.0.0.1", "203.0.113.9, 10.1.1.1", "203.0.113.9"),  # through two trusted proxies
        ("10.1.1.1", "10.2.2.2", "10.2.2.2"),  # every hop trusted: the first one
    ],
)
def test_the_client_address_believes_x_forwarded_for_only_from_trusted_proxies(peer, forwarded, expected):
    assert client_address(peer, [forwarded] if forwarded else [], TRUSTED) == expected
