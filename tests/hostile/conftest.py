from tests.privacy.conftest import catalog, make_store  # noqa: F401 - shared ledger fixtures
from tests.ui.conftest import services, window  # noqa: F401 - the real main window, offscreen
