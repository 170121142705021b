"""A private cupsd per test module (tests/system_printer/cupsd.py). CI sets PHOCOL_REQUIRE_CUPS=1: a missing
cupsd then fails the tests instead of skipping them."""

from __future__ import annotations

import os

import pytest

from tests.system_printer.cupsd import PrivateCupsd, available


@pytest.fixture(scope="module")
def cupsd():
    why = available()
    if why is not None:
        if os.environ.get("PHOCOL_REQUIRE_CUPS") == "1":
            pytest.fail(f"PHOCOL_REQUIRE_CUPS=1 but {why}")
        pytest.skip(why)
    server = PrivateCupsd(retry_s=1).start()
    yield server
    server.cleanup()


@pytest.fixture
def cups_env(cupsd, monkeypatch):
    """The app's CUPS commands talk to the private cupsd and install the backend into its ServerBin."""
    monkeypatch.setenv("CUPS_SERVER", str(cupsd.socket))
    monkeypatch.setenv("PHOCOL_CUPS_SERVERBIN", str(cupsd.root / "lib"))
    return cupsd
