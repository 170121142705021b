"""Wall-clock time for the ledger, expiry and retention, injectable so tests move time by hand.

A clock here has ``now()`` (seconds since the epoch, UTC) and ``monotonic()`` (seconds, never going back).
The test suite's ``FakeClock`` fits this shape.
"""

from __future__ import annotations

import time
from typing import Protocol

DAY = 86_400.0


class WallClock(Protocol):
    def now(self) -> float: ...

    def monotonic(self) -> float: ...


class SystemWallClock:
    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


class MonoCounter:
    """``mono`` of ledger records: integer nanoseconds since this app session started."""

    def __init__(self, clock: WallClock) -> None:
        self._clock = clock
        self._start = clock.monotonic()

    def ns(self) -> int:
        return max(0, int(round((self._clock.monotonic() - self._start) * 1e9)))
