"""Throttling of console log-ins, without a lock an outsider could use against staff.

- Back-off, not a lock: after a few free failures, each further failure of a key makes the next
  attempt wait twice as long (1 s, 2 s, 4 s, ... at most 15 minutes). Keys: the client's address,
  and the name together with the address, so an outsider hammering a name slows only themselves.
- A browser where the staff member logged in before (a signed known-device cookie,
  known_device.py) is throttled on its own key (name and device) instead, and is not held to
  the global cap: an outsider, even behind the same address, cannot keep them out.
- A global cap on password checks per second (argon2 is slow on purpose): attempts over it are
  told to try again in N seconds without any hashing.

None of this depends on whether the name exists, so it says nothing about accounts. The state
lives in this process (bounded); the web app runs as one process (waitress, with threads).
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 15 * 60.0
FORGET_AFTER_SECONDS = 60 * 60.0  # an hour without failures: the key starts afresh
NAME_FREE_FAILURES = 3  # a typo or two, then back-off
ADDRESS_FREE_FAILURES = 20  # several colleagues behind one clinic address
MAX_KEYS = 20_000


@dataclass
class _Failures:
    count: int
    retry_at: float
    last: float


class BackOff:
    """Failure counts per key, and how long each key must wait before its next attempt."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: OrderedDict[Hashable, _Failures] = OrderedDict()

    def wait_seconds(self, key: Hashable) -> float:
        with self._lock:
            entry = self._current(key)
            return max(0.0, entry.retry_at - self._clock()) if entry else 0.0

    def fail(self, key: Hashable, free_failures: int) -> None:
        now = self._clock()
        with self._lock:
            entry = self._current(key) or _Failures(0, 0.0, now)
            entry.count += 1
            entry.last = now
            over = entry.count - free_failures
            if over > 0:
                entry.retry_at = now + min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (over - 1))
            self._keys[key] = entry
            self._keys.move_to_end(key)
            while len(self._keys) > MAX_KEYS:
                self._keys.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._keys.pop(key, None)

    def _current(self, key: Hashable) -> _Failures | None:
        entry = self._keys.get(key)
        if entry is not None and self._clock() - entry.last > FORGET_AFTER_SECONDS:
            del self._keys[key]
            return None
        return entry


class RateCap:
    """At most `per_second` events a second (a token bucket holding one second's worth)."""

    def __init__(self, per_second: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = float(per_second)
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = self._rate
        self._at = clock()

    def take(self) -> float:
        """0 when the event may happen now (and counts it), else the seconds until it may."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self._rate, self._tokens + (now - self._at) * self._rate)
            self._at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            return (1 - self._tokens) / self._rate


@dataclass(frozen=True)
class Attempt:
    """One log-in attempt: the name typed, where it came from, and the known device, if any,
    on which this name logged in before."""

    name: str
    address: str
    device: str | None = None

    def keys(self) -> Iterable[tuple[Hashable, int]]:
        """(key, free failures) pairs this attempt is throttled on."""
        if self.device:
            return [(("device", self.device, self.name), NAME_FREE_FAILURES)]
        return [(("address", self.address), ADDRESS_FREE_FAILURES),
                (("name", self.name, self.address), NAME_FREE_FAILURES)]


class LoginThrottle:
    def __init__(self, checks_per_second: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.back_off = BackOff(clock)
        self.global_cap = RateCap(checks_per_second, clock)

    def wait_seconds(self, attempt: Attempt) -> int:
        """0 when the attempt may check its password now (counted against the global cap), else
        the whole seconds to wait first."""
        wait = max(self.back_off.wait_seconds(key) for key, _ in attempt.keys())
        if not wait and not attempt.device:
            wait = self.global_cap.take()
        return math.ceil(wait)

    def failed(self, attempt: Attempt) -> None:
        for key, free in attempt.keys():
            self.back_off.fail(key, free)

    def succeeded(self, attempt: Attempt) -> None:
        """Forgets the name's failures (the address's stay: one good log-in does not clear them)."""
        for key, _ in attempt.keys():
            if key[0] != "address":
                self.back_off.forget(key)
