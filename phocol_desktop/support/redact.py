"""Redaction for anything that leaves the app in a support bundle or a crash log.

The app never reads the user name or host name (PRIVACY.md AT-35), so it cannot search for them; instead
it removes the places they live: every absolute path (home directories carry the user name; photo paths
carry places and names) becomes ``<path>``, the names of the user's files become ``<file>.ext``
(``domain/redaction.py`` holds the grammar, shared with the app log), and every MAC- or
UUID-shaped address (also the ``AA_BB_…`` form BlueZ object paths use) becomes the install's stable
pseudonym (``storage.crypto.pseudonymise``), so a support engineer can still tell printers apart.
"""

from __future__ import annotations

import re

from phocol_desktop.domain.redaction import redact_paths, replace_home
from phocol_desktop.storage.crypto import pseudonymise, redact_addresses
from phocol_desktop.storage.secrets import InstallSecrets

_UNDERSCORE_MAC = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{2}(?:_[0-9A-Fa-f]{2}){5}(?![0-9A-Za-z])")


def redact_text(text: str, secrets: InstallSecrets | None = None) -> str:
    text = replace_home(text)  # first: the home folder is the one path we can name exactly
    text = _UNDERSCORE_MAC.sub(lambda m: pseudonymise(m.group(0).replace("_", ":"), secrets), text)
    text = redact_addresses(text, secrets)
    return redact_paths(text)  # the grammar of domain/redaction.py: quoted, absolute, relative, file names
