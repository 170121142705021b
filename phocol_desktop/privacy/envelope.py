"""The envelope every ledger record of this install carries (docs/PRIVACY.md §2.2), built from data only.

Nothing here reads an identifier: ``platform`` is ``sys.platform`` (a family name such as ``linux``), the Qt
version comes from the installed distribution's metadata (Qt itself is not imported), and ``subject_ref`` is
a random UUIDv4 that the ledger store makes at genesis and rotates on erasure.
"""

from __future__ import annotations

import sys
from importlib import metadata

from phocol_desktop import __version__
from phocol_desktop.privacy.catalog import Catalog
from phocol_desktop.privacy.ledger import Envelope, canonical, sha256_hex

PLACEHOLDER_SUBJECT = "00000000-0000-4000-8000-000000000000"  # replaced by the store at genesis


def _qt_version() -> str:
    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return ""


def controller_ref(catalog: Catalog) -> str:
    """Kantara ``piiControllers``: the hash of the bundled controller block, so a changed block is visible."""
    return sha256_hex(canonical(dict(catalog.controller)))


def app_envelope(catalog: Catalog, *, jurisdiction: str = "unspecified", language: str = "en") -> Envelope:
    return Envelope(
        subject_ref=PLACEHOLDER_SUBJECT,
        controller_ref=controller_ref(catalog),
        policy={"version_raw": str(catalog.policy["version_raw"]), "sha256": str(catalog.policy["sha256"]),
                "lang": str(catalog.policy.get("lang", "en"))},
        app={"version": __version__, "build": f"catalog-{catalog.version}", "platform": sys.platform,
             "qt": _qt_version()},
        jurisdiction=jurisdiction, language=language,
    )
