"""Redaction for anything that leaves the app in a support bundle or a crash log.

The app never reads the user name or host name (PRIVACY.md AT-35), so it cannot search for them; instead
it removes the places they live: every absolute path (home directories carry the user name; photo paths
carry places and names) becomes ``<path>``, photo file names become ``<photo>.ext``, and every MAC- or
UUID-shaped address (also the ``AA_BB_…`` form BlueZ object paths use) becomes the install's stable
pseudonym (``storage.crypto.pseudonymise``), so a support engineer can still tell printers apart.
"""

from __future__ import annotations

import os
import re

from phocol_desktop.storage.crypto import pseudonymise, redact_addresses
from phocol_desktop.storage.secrets import InstallSecrets

_UNDERSCORE_MAC = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{2}(?:_[0-9A-Fa-f]{2}){5}(?![0-9A-Za-z])")
# An absolute POSIX, home-relative or Windows path: from its first separator to the next delimiter.
_PATH = re.compile(r"""(?<![\w.\-])(?:~|[A-Za-z]:)?[/\\][^\s"'<>|,;()\[\]{}]*""")
_PHOTO = re.compile(r"[^\s\"'<>|/\\]+\.(jpe?g|png|heic|heif|tiff?|bmp|gif|webp|dng)\b", re.IGNORECASE)


def redact_text(text: str, secrets: InstallSecrets | None = None) -> str:
    home = os.path.expanduser("~")
    if home not in ("", "/", "~"):
        text = text.replace(home, "<home>")  # first: a home path may hold spaces the path pattern stops at
    text = _UNDERSCORE_MAC.sub(lambda m: pseudonymise(m.group(0).replace("_", ":"), secrets), text)
    text = redact_addresses(text, secrets)
    text = _PATH.sub(lambda m: "<path>" if len(m.group(0)) > 1 else m.group(0), text)
    return _PHOTO.sub(lambda m: f"<photo>.{m.group(1).lower()}", text)
