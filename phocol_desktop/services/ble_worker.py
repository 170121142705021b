"""The one Bluetooth worker thread: a stock asyncio loop that owns every bleak object.

Why a thread (ARCHITECTURE.md): PySide6.QtAsyncio cannot run bleak's Linux backend (its loop lacks
``sock_connect``/``add_reader``), and the GUI thread must never block on I/O. The UI and the CLI submit
coroutines and get ``concurrent.futures.Future`` objects back; events reach subscribers through
``EventHub`` callbacks, which run on the worker thread and must therefore be thread-safe (emitting a Qt
signal is: Qt queues it to the receiver's thread). No Qt here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class EventHub:
    """Thread-safe publish/subscribe. A failing subscriber is logged and never breaks the publisher."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Callable[[Any], None]] = []

    def subscribe(self, callback: Callable[[Any], None]) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, event: Any) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:
                log.exception("event subscriber failed on %s", type(event).__name__)


class BleWorker:
    """Runs coroutines on its own thread and loop. Start it once; ``stop()`` cancels what is still running."""

    def __init__(self, name: str = "phocol-ble") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._shutdown_hooks: list[Callable[[], Awaitable[None]]] = []

    # ----------------------------------------------------------------------------------------- lifecycle

    def start(self) -> BleWorker:
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self._ready.wait()
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            try:
                pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
                for task in pending:
                    task.cancel()
                if pending:
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    def add_shutdown_hook(self, hook: Callable[[], Awaitable[None]]) -> None:
        """A coroutine function run on the loop at ``stop()`` (e.g. disconnect the printer politely)."""
        self._shutdown_hooks.append(hook)

    def stop(self, timeout: float = 10.0) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if loop.is_running() and self._shutdown_hooks:
            async def run_hooks() -> None:
                for hook in reversed(self._shutdown_hooks):
                    try:
                        await asyncio.wait_for(hook(), timeout / 2)
                    except Exception:  # noqa: BLE001 (shutting down: log and go on)
                        log.debug("shutdown hook failed", exc_info=True)

            try:
                asyncio.run_coroutine_threadsafe(run_hooks(), loop).result(timeout)
            except Exception:  # noqa: BLE001
                log.debug("shutdown hooks did not finish", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._thread = None
        self._loop = None

    def __enter__(self) -> BleWorker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------------------------------ work

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("the BLE worker is not running")
        return self._loop

    def in_worker(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Schedule ``coro`` on the worker; ``future.cancel()`` cancels it there (jobs are cancellable)."""
        if self.in_worker():
            coro.close()
            raise RuntimeError("submit() from the worker thread would deadlock; await the coroutine instead")
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Blocking convenience for the CLI: submit and wait. Ctrl-C cancels the work on the worker."""
        future = self.submit(coro)
        try:
            return future.result(timeout)
        except BaseException:
            future.cancel()
            raise

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        self.loop.call_soon_threadsafe(fn, *args)
