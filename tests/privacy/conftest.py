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


class CountingAsker:
    """An in-context prompt stand-in: answers with ``answer`` and remembers every request it was shown."""

    def __init__(self, answer=None):
        self.answer = answer
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        return self.answer


@pytest.fixture
def asker():
    return CountingAsker()


@pytest.fixture
def open_service(app_paths, fake_clock, asker):
    """Open a PrivacyService on the test's private data dir (call again to simulate a restart)."""
    from phocol_desktop.services.privacy import PrivacyService

    def make(**kw):
        kw.setdefault("clock", fake_clock)
        kw.setdefault("asker", asker)
        return PrivacyService.open(app_paths, **kw)

    return make


@pytest.fixture
def service(open_service):
    return open_service()


def all_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())
