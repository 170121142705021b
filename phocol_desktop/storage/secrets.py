"""The per-install secret in the OS keyring (keychain, Credential Manager, Secret Service).

One random 256-bit key per install, stored base64 under service ``phocol-desktop``. Purpose keys are derived
from it with HKDF (``subkey``): AES-GCM for personal data files, the HMAC that pseudonymises printer addresses,
and the ledger MAC. Erasing all data deletes the item; the next use makes a new one.

No keyring backend (``keyring.errors.KeyringError``, including ``NoKeyringError``), or only a plaintext one
from ``keyrings.alt``: ``available`` is False and ``status`` says so in words; personal data then stays in
memory unless the user opts into unencrypted files (settings).
"""

from __future__ import annotations

import base64
import logging
import os
import threading

log = logging.getLogger(__name__)

SERVICE = "phocol-desktop"
ITEM = "install-key"  # an item name, never the OS user name
KEY_BYTES = 32
# Backends that would store the key in a file next to the data it protects: treated as no keyring.
_REFUSED_BACKEND_MODULES = ("keyrings.alt", "keyrings.cryptfile", "keyring.backends.fail", "keyring.backends.null")


class InstallSecrets:
    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._key: bytes | None = None
        self._lock = threading.Lock()
        self.error: str | None = None

    def _backend_usable(self) -> bool:
        import keyring

        backend = keyring.get_keyring()
        backends = getattr(backend, "backends", None)  # the chainer: usable if any member is
        members = list(backends) if backends is not None else [backend]
        usable = [b for b in members if not type(b).__module__.startswith(_REFUSED_BACKEND_MODULES)]
        if not usable:
            self.error = "no secure keyring backend (only a plaintext or null one)"
            return False
        return True

    def key(self, create: bool = True) -> bytes | None:
        """The install key, made on first use; None when no keyring backend is available."""
        with self._lock:
            if self._key is not None:
                return self._key
            import keyring
            import keyring.errors

            try:
                if not self._backend_usable():
                    return None
                stored = keyring.get_password(self.service, ITEM)
                if stored is None:
                    if not create:
                        return None
                    stored = base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")
                    keyring.set_password(self.service, ITEM, stored)
                key = base64.b64decode(stored)
                if len(key) != KEY_BYTES:
                    raise ValueError("keyring item has the wrong length")
            except (keyring.errors.KeyringError, ValueError) as exc:
                self.error = f"{type(exc).__name__}: the OS keyring is not available"
                log.warning("keyring unavailable (%s); personal data stays in memory", type(exc).__name__)
                return None
            self.error = None
            self._key = key
            return key

    @property
    def available(self) -> bool:
        return self.key() is not None

    def subkey(self, label: str) -> bytes | None:
        master = self.key()
        if master is None:
            return None
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=f"phocol-desktop/{label}/v1".encode()).derive(master)

    def exists(self) -> bool:
        import keyring
        import keyring.errors

        try:
            return self._backend_usable() and keyring.get_password(self.service, ITEM) is not None
        except keyring.errors.KeyringError:
            return False

    def delete(self) -> bool:
        """Remove the keyring item (erase). True if one was removed."""
        import keyring
        import keyring.errors

        with self._lock:
            self._key = None
            try:
                keyring.delete_password(self.service, ITEM)
                return True
            except keyring.errors.PasswordDeleteError:
                return False
            except keyring.errors.KeyringError:
                return False

    def backend_available(self) -> bool:
        """Is there a keyring that keeps secrets outside our data directory? Creates nothing."""
        import keyring.errors

        try:
            return self._backend_usable()
        except keyring.errors.KeyringError:
            return False

    def status(self) -> str:
        """One sentence for the privacy dashboard and ``privacy status`` (the degraded mode said plainly)."""
        if self.backend_available():
            return "Personal data files are encrypted with a key kept in the system keyring."
        return ("No system keyring is available, so history, known printers and crash logs are kept in memory "
                "only (lost when the app closes) unless you choose to store them unencrypted.")
