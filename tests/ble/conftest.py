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

    fake = FakeBlueZ()  # hosts the real VirtualPrinter
    await fake.start(system_bus)
    try:
        yield fake
    finally:
        await fake.stop()
    fake.assert_no_rejections()

