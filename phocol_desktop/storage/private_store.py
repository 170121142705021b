"""One JSON document of personal data, encrypted at rest with the install key.

Three modes, decided each time a document is written:
- ``encrypted``: the keyring has the install key; the file is AES-GCM sealed (``crypto.seal``), 0600.
- ``memory``: no keyring and no opt-in: the document lives only in this process (lost at exit).
- ``plaintext``: no keyring, and the user opted into unencrypted storage in settings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.safe_input import loads_json
from phocol_desktop.storage.crypto import DecryptError, is_sealed, seal, unseal
from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.storage.safe_files import quarantine, quarantine_dir, read_personal
from phocol_desktop.storage.secrets import InstallSecrets


class PrivateStore:
    def __init__(self, paths: AppPaths, path: Path, what: str, secrets: InstallSecrets,
                 allow_plaintext: Callable[[], bool] = lambda: False, *,
                 validate: Callable[[Any], str] | None = None) -> None:
        self.paths = paths
        self.validate = validate  # "" for a good document, else what is wrong with it
        self.path = path
        self.what = what
        self.secrets = secrets
        self.allow_plaintext = allow_plaintext
        self._memory: Any = None

    @property
    def mode(self) -> str:
        if self.secrets.subkey(f"file/{self.what}") is not None:
            return "encrypted"
        return "plaintext" if self.allow_plaintext() else "memory"

    def load(self, default: Any = None) -> Any:
        """The document; ``default`` when there is none. A damaged file (not a regular file, too large, not
        JSON once decrypted, or failing ``validate``) is quarantined and counts as none (safe_files)."""
        if self._memory is not None:
            return self._memory
        qdir = quarantine_dir(self.paths)
        blob = read_personal(qdir, self.path, what=f"{self.what} file")
        if blob is None:
            return default
        if is_sealed(blob):
            key = self.secrets.subkey(f"file/{self.what}")
            if key is None:
                raise DecryptError(f"The {self.what} file is encrypted and the keyring is not available.",
                                   "Unlock the system keyring and try again.")
            blob = unseal(key, blob, self.what)  # a wrong key is not damage: the file stays, erasable
        try:
            doc = loads_json(blob, what=f"{self.what} file", name=self.path.name)
            problem = self.validate(doc) if self.validate is not None else ""
        except PhocolError as exc:
            problem = exc.reason
        if problem:
            quarantine(qdir, self.path, problem)
            return default
        return doc

    def save(self, document: Any) -> None:
        data = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
        mode = self.mode
        if mode == "memory":
            self._memory = document
            return
        self._memory = None
        self.paths.ensure(self.path.parent)
        if mode == "encrypted":
            key = self.secrets.subkey(f"file/{self.what}")
            assert key is not None
            data = seal(key, data, self.what)
        secure_write(self.path, data)

    def delete(self) -> bool:
        had = self._memory is not None or self.path.exists()
        self._memory = None
        self.path.unlink(missing_ok=True)
        return had

    def size(self) -> int:
        if self._memory is not None:
            return len(json.dumps(self._memory).encode())
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0
