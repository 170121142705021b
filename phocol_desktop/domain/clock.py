"""Time as a dependency: pacing, drain timeouts, retention and expiry all take a ``Clock``.

``SystemClock`` is real time. ``SimClock`` is virtual time that only moves when someone sleeps on it, so
tests and benchmarks of pacing against the virtual printer are exact and instant, never wall-clock flaky.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds; monotonic for SystemClock."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class SimClock:
    """Virtual time. ``sleep`` advances it immediately (yielding once to the loop so others run)."""

    def __init__(self, start: float = 0.0) -> None:
        self._t = float(start)

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> None:
        if seconds > 0:
            self._t += seconds

    async def sleep(self, seconds: float) -> None:
        self.advance(seconds)
        await asyncio.sleep(0)
