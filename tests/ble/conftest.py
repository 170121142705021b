"""Fixtures for the Bluetooth LE tests: a fake BlueZ on the private system bus, a bluetoothctl shim, gates.

Every test here that touches D-Bus requests ``system_bus`` (tests/conftest.py), so CI fails instead of
skipping when dbus-daemon is missing. The fake runs in-process on the test's event loop; unmodified bleak
talks to it over the private bus exactly as it would to the real bluetoothd.
"""

from __future__ import annotations

import os
import stat
import time

import pytest

from phocol_desktop.domain.errors import PermissionDenied

UUID = "0000{}-0000-1000-8000-00805f9b34fb".format
PRINTER_ADDRESS = "AA:BB:CC:DD:EE:01"


class EchoPrinter:
    """A minimal stand-in with the VirtualPrinter surface: keeps the bytes, answers with a fixed frame."""

    def __init__(self, spec=None):
        self.received = bytearray()
        self.pending: list[bytes] = []
        self.disconnected = False
        scenario = getattr(spec, "scenario", None) or {}
        self.disconnect_after: int | None = scenario.get("disconnect_after_bytes")

    def receive(self, data: bytes) -> None:
        self.received += data
        if self.disconnect_after is not None and len(self.received) >= self.disconnect_after:
            self.disconnected = True
        if data[:2] == b"\x1f\x11":
            self.pending.append(b"\x1a\x04\x5a")  # battery 90 %

    def advance(self) -> None:
        pass

    def pop_notifications(self) -> list[bytes]:
        out, self.pending = self.pending, []
        return out


class RecordingGate:
    """The privacy gate's ``require`` as the transport sees it: records every ask, refuses until allowed."""

    def __init__(self, allowed: bool = False):
        self.allowed = allowed
        self.asks: list[tuple[float, str, str]] = []

    def __call__(self, purpose_id: str, /, *, feature: str) -> None:
        self.asks.append((time.monotonic(), purpose_id, feature))
        if not self.allowed:
            raise PermissionDenied("Bluetooth has not been allowed (test gate).")


@pytest.fixture(scope="session")
def _shim_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("shim")
    shim = d / "bluetoothctl"
    shim.write_text('#!/bin/sh\necho "${FAKE_BLUEZ_VERSION:-5.66}"\n')
    shim.chmod(stat.S_IRWXU)
    return d


@pytest.fixture
def bluetoothctl_shim(_shim_dir, monkeypatch):
    """bleak runs ``bluetoothctl --version`` on its first connect: a shim answers (never apt-install bluez)."""
    monkeypatch.setenv("PATH", f"{_shim_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return _shim_dir / "bluetoothctl"


@pytest.fixture
def gate():
    return RecordingGate(allowed=True)


@pytest.fixture
async def fake_bluez(system_bus, bluetoothctl_shim):
    """A fresh fake BlueZ owning org.bluez on the private bus; fails the test if bytes were rejected unexpectedly."""
    from phocol_desktop.emulator.fake_bluez import FakeBlueZ

    fake = FakeBlueZ(printer_factory=_printer_factory)
    await fake.start(system_bus)
    try:
        yield fake
    finally:
        await fake.stop()
    fake.assert_no_rejections()


def _printer_factory(spec):
    """The real VirtualPrinter once it exists; until then the echo stand-in above."""
    try:
        from phocol_desktop.emulator.virtual_printer import VirtualPrinter  # noqa: F401
    except ImportError:
        return EchoPrinter(spec)
    from phocol_desktop.emulator.fake_bluez.host import _virtual_printer_factory

    return _virtual_printer_factory(spec)
