"""At-rest encryption of personal data files (AES-256-GCM) and pseudonyms for printer addresses.

A sealed file is ``PHC1 ‖ 12-byte random nonce ‖ ciphertext+tag``; the associated data names what the file
is (``printers``, ``print_history``…), so one sealed file cannot be swapped in for another.

``pseudonymise(address)`` gives a stable ``printer-xxxxxxxxxxxx`` for logs and support bundles: an HMAC keyed
by the install key, so the same printer reads the same within an install, and the address cannot be
recovered or matched across installs. Without a keyring the key is random per process.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

from phocol_desktop.domain.errors import StorageError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.storage.secrets import InstallSecrets

MAGIC = b"PHC1"
NONCE_BYTES = 12
_MAC_RE = re.compile(r"\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b")
_UUID_RE = re.compile(r"\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b")


class DecryptError(StorageError):
    advice = QT_TRANSLATE_NOOP("Errors", "The file was changed or the keyring key was replaced; delete it in Privacy "
                                         "▸ Data on this device.")


def seal(key: bytes, plaintext: bytes, what: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, what.encode())


def unseal(key: bytes, blob: bytes, what: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE_BYTES + 16:
        raise DecryptError(f"The {what} file is not an encrypted Phocol file.")
    nonce = blob[len(MAGIC):len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES:], what.encode())
    except InvalidTag as exc:
        raise DecryptError(f"The {what} file cannot be decrypted.") from exc


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


_default_secrets: InstallSecrets | None = None
_process_key = os.urandom(32)


def default_secrets() -> InstallSecrets:
    global _default_secrets
    if _default_secrets is None:
        _default_secrets = InstallSecrets()
    return _default_secrets


def normalise_address(address: str) -> str:
    return address.strip().upper().replace("-", ":")


def pseudonymise(address: str, secrets: InstallSecrets | None = None) -> str:
    """A stable, non-reversible stand-in for a printer address (MAC or CoreBluetooth UUID) in logs and bundles."""
    key = (secrets or default_secrets()).subkey("pseudonym") or _process_key
    digest = hmac.new(key, normalise_address(address).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"printer-{digest[:12]}"


def redact_addresses(text: str, secrets: InstallSecrets | None = None) -> str:
    """Replace every MAC- or UUID-shaped address in free text with its pseudonym."""
    text = _MAC_RE.sub(lambda m: pseudonymise(m.group(0), secrets), text)
    return _UUID_RE.sub(lambda m: pseudonymise(m.group(0), secrets), text)
