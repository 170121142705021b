"""Guard rails every test runs under (docs/TESTING.md §2). A test cannot opt out of them.

- Qt is offscreen; no test can reach a display.
- The network is banned by an audit hook (AT-01): any AF_INET/AF_INET6 socket, INET connect or DNS
  lookup raises ``NetworkBanned`` (not an OSError, so ``except OSError`` cannot hide it) and is recorded,
  so a teardown check fails the test even if app code swallowed the exception.
- Identifier APIs (MAC, host name, user name: AT-35) raise when called.
- The system bus is a private dbus-daemon (or a dead address): no test can drive a real Bluetooth stack.
- keyring is an in-memory backend; HOME, XDG dirs and the app data dir point into tmp_path.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import
os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)  # keyring must never reach a real Secret Service
os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/phocol-test-bus"  # until the fixture runs

REPO = Path(__file__).resolve().parents[1]


class NetworkBanned(RuntimeError):  # deliberately not an OSError
    pass


NETWORK_ATTEMPTS: list[str] = []
_INET = (socket.AF_INET, socket.AF_INET6)


def _no_network(event: str, args: tuple) -> None:
    if (
        (event == "socket.__new__" and len(args) > 1 and args[1] in _INET)
        or (event == "socket.connect" and getattr(args[0], "family", None) in _INET)
        or event == "socket.getaddrinfo"
    ):
        NETWORK_ATTEMPTS.append(event)
        raise NetworkBanned(f"{event}: the network is banned in tests (AT-01)")


sys.addaudithook(_no_network)  # audit hooks cannot be removed: installed once, for the whole session


class IdentifierBanned(RuntimeError):
    pass


def _banned(name: str):
    def fail(*_a, **_k):
        raise IdentifierBanned(f"{name} reads a device or user identifier (AT-35)")

    return fail


@pytest.fixture(autouse=True)
def no_network_attempts():
    NETWORK_ATTEMPTS.clear()
    yield
    assert not NETWORK_ATTEMPTS, f"network access attempted: {NETWORK_ATTEMPTS}"


@pytest.fixture(autouse=True)
def no_identifiers(monkeypatch):
    import getpass
    import platform
    import uuid

    for mod, attr in ((uuid, "getnode"), (uuid, "uuid1"), (platform, "node"), (socket, "gethostname"),
                      (getpass, "getuser")):
        monkeypatch.setattr(mod, attr, _banned(f"{mod.__name__}.{attr}"))


@pytest.fixture(scope="session", autouse=True)
def private_system_bus(tmp_path_factory):
    """Every test sees a private bus or a dead address, never the host's BlueZ."""
    exe = shutil.which("dbus-daemon")
    if exe is None:
        yield None
        return
    rundir = tmp_path_factory.mktemp("bus")
    out = subprocess.run(
        [exe, "--session", f"--address=unix:tmpdir={rundir}", "--print-address=1", "--print-pid=1",
         "--fork", "--nosyslog"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    addr, pid = out[0], int(out[1])
    os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = addr
    yield addr
    os.kill(pid, signal.SIGTERM)


@pytest.fixture
def system_bus(private_system_bus):
    """Requested by every D-Bus test: CI (PHOCOL_REQUIRE_DBUS=1) fails instead of skipping."""
    if private_system_bus is None:
        if os.environ.get("PHOCOL_REQUIRE_DBUS") == "1":
            pytest.fail("dbus-daemon is missing and PHOCOL_REQUIRE_DBUS=1")
        pytest.skip("dbus-daemon not installed (apt-get install dbus-daemon)")
    return private_system_bus


class MemoryKeyring:
    """In-memory keyring backend; ``delete`` of a missing item raises like real backends."""

    def __new__(cls):
        import keyring.backend
        import keyring.errors

        class _Backend(keyring.backend.KeyringBackend):
            priority = 1

            def __init__(self):
                super().__init__()
                self.items: dict[tuple[str, str], str] = {}

            def get_password(self, service, username):
                return self.items.get((service, username))

            def set_password(self, service, username, password):
                self.items[(service, username)] = password

            def delete_password(self, service, username):
                if (service, username) not in self.items:
                    raise keyring.errors.PasswordDeleteError(username)
                del self.items[(service, username)]

        return _Backend()


@pytest.fixture(autouse=True)
def memory_keyring():
    import keyring

    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """HOME, XDG dirs and the app's data dir live in tmp_path; returns the app data root."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    root = tmp_path / "appdata"
    monkeypatch.setenv("PHOCOL_DESKTOP_DATA_DIR", str(root))
    return root


@pytest.fixture
def app_paths(private_dirs):
    from phocol_desktop.storage.paths import resolve_paths

    return resolve_paths(private_dirs)


class FakeClock:
    """Injectable clock for retention, expiry and pacing code: ``now()`` in seconds, moved by hand."""

    def __init__(self, start: float = 1_790_000_000.0):
        self.t = float(start)

    def now(self) -> float:
        return self.t

    def monotonic(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture(scope="session")
def photos(tmp_path_factory):
    """Photos drawn by tests/photos.py at test time, each written once per session: ``photos.camera``,
    ``photos.orientation("portrait", 6)``, ``photos.heif``… (docs/TESTING.md §5)."""
    from tests.photos import PhotoFactory

    return PhotoFactory(tmp_path_factory.mktemp("photos"))


@pytest.fixture
def model_table():
    from phocol_desktop.domain.printer_model import load_model_table

    return load_model_table()


@pytest.fixture(scope="session")
def update_goldens(request):
    return request.config.getoption("--update-goldens")


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite golden files under tests/golden/ (review them visually before committing)")
