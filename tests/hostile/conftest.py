from tests.privacy.conftest import catalog, make_store  # noqa: F401 - shared ledger fixtures
