"""Keep the GUI thread free: image work runs on a QThreadPool, BLE work on the services' worker thread,
and results come back as queued Qt signals.

``LatestOnly`` implements "the newest request wins" for previews: while the user drags a slider, stale
renders are dropped instead of queueing up, so the preview always converges on the last value.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from other threads are delivered there (queued).

    A relay is never deleted while the app runs (``_RELAYS`` keeps it): a worker thread may be emitting
    on it at the very moment its window closes, and destroying a QObject under a cross-thread emit is a
    native crash. When the owner goes, the relay is only *closed*: results still in flight are dropped
    instead of reaching widgets that no longer exist.
    """

    done = Signal(object, object)  # (callback, result)
    failed = Signal(object, object)  # (callback, exception)

    def __init__(self) -> None:
        super().__init__(None)
        self.closed = False
        self.done.connect(self._deliver)
        self.failed.connect(self._deliver)

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        if not self.closed:
            callback(value)

    def close(self) -> None:
        self.closed = True


_RELAYS: list[_Relay] = []  # one per window that ran background work: a few per app run


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self.fn, self.relay, self.on_done, self.on_error = fn, relay, on_done, on_error

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the GUI, which shows a typed error's advice
            self._deliver(self.relay.failed, self.on_error, exc)
        else:
            self._deliver(self.relay.done, self.on_done, result)

    def _deliver(self, signal, callback, value) -> None:  # type: ignore[no-untyped-def]
        if not self.relay.closed:
            signal.emit(callback, value)


class Background:
    """Run callables off the GUI thread; deliver results on it."""

    def __init__(self, owner: QObject | None = None, max_threads: int = 2) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max_threads)
        # Closed (never deleted) with the window: results still in flight are then dropped.
        self.relay = _Relay()
        _RELAYS.append(self.relay)
        if owner is not None:
            owner.destroyed.connect(self.relay.close)

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None]) -> None:
        self.pool.start(_Task(fn, self.relay, on_done, on_error))

    def deliver_future(self, future: Future, on_done: Callable[[Any], None],
                       on_error: Callable[[BaseException], None]) -> None:
        """Bridge a concurrent.futures.Future (e.g. from the BLE worker) to GUI-thread callbacks."""

        def finished(f: Future) -> None:
            if self.relay.closed:
                return
            exc = f.exception()
            if exc is not None:
                self.relay.failed.emit(on_error, exc)
            else:
                self.relay.done.emit(on_done, f.result())

        future.add_done_callback(finished)

    def call_soon(self, fn: Callable[[Any], None], value: Any = None) -> None:
        """Thread-safe: run ``fn(value)`` on the GUI thread."""
        self.relay.done.emit(fn, value)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


class LatestOnly:
    """Submit jobs so that only the most recent one's result is delivered."""

    def __init__(self, background: Background) -> None:
        self.background = background
        self._generation = 0
        self._running = False
        self._pending: tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]] | None = None

    @property
    def busy(self) -> bool:
        return self._running or self._pending is not None

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None]) -> None:
        self._generation += 1
        self._pending = (fn, on_done, on_error)
        if not self._running:
            self._start_next()

    def _start_next(self) -> None:
        if self._pending is None:
            self._running = False
            return
        fn, on_done, on_error = self._pending
        self._pending = None
        self._running = True
        generation = self._generation

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            # Deliver only if no newer request arrived meanwhile; then run the newest one.
            if generation == self._generation:
                callback(value)
            self._start_next()

        self.background.run(fn, lambda r: finish(on_done, r), lambda e: finish(on_error, e))
