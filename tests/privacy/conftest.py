from __future__ import annotations

import pytest

from phocol_desktop.privacy.catalog import load_catalog
from phocol_desktop.privacy.envelope import app_envelope
from phocol_desktop.privacy.ledger_store import LedgerStore

MAC_KEY = bytes(range(32))


@pytest.fixture
def catalog():
    return load_catalog()


@pytest.fixture
def make_store(tmp_path, catalog, fake_clock):
    """A LedgerStore in tmp_path/privacy; call again for a second handle on the same files (a restart)."""

    def make(key: bytes | None = MAC_KEY, directory=None) -> LedgerStore:
        store = LedgerStore(directory or tmp_path / "privacy", app_envelope(catalog), clock=fake_clock,
                            mac_key=lambda: key, affected_purposes=lambda: [p.id for p in catalog.gated()])
        store.open()
        return store

    return make
