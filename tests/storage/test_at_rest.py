"""At-rest protection: AES-GCM with the install key in the OS keyring, the no-keyring degraded mode (never
plaintext silently), pseudonymised printer addresses, and the settings file's defences."""

from __future__ import annotations

import json
import stat

import keyring
import keyring.backends.fail
import pytest

from phocol_desktop.storage.crypto import DecryptError, pseudonymise, redact_addresses, seal, unseal
from phocol_desktop.storage.history import PrintHistory, RecentFiles
from phocol_desktop.storage.printers import KnownPrinters
from phocol_desktop.storage.secrets import ITEM, SERVICE, InstallSecrets
from phocol_desktop.storage.settings import DEFAULT_RETENTION, Settings, SettingsStore

ADDRESS = "A4:C1:38:00:11:22"


@pytest.fixture
def no_keyring():
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the memory_keyring fixture restores afterwards


def test_seal_round_trips_and_detects_tampering_and_swapped_files():
    key = bytes(32)
    blob = seal(key, b"secret", "printers")
    assert b"secret" not in blob and unseal(key, blob, "printers") == b"secret"
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(DecryptError):
        unseal(key, bytes(flipped), "printers")
    with pytest.raises(DecryptError):  # the associated data names the file: no swapping one for another
        unseal(key, blob, "print_history")
    with pytest.raises(DecryptError):
        unseal(b"\x01" * 32, blob, "printers")


def test_the_install_key_lives_in_the_keyring_and_printers_are_encrypted_at_rest(app_paths, memory_keyring):
    secrets = InstallSecrets()
    printers = KnownPrinters(app_paths, secrets)
    assert printers.store.mode == "encrypted"
    printers.select(ADDRESS, "Q155E1", "phomemo.m220", now=1.0)
    assert (SERVICE, ITEM) in memory_keyring.items
    raw = printers.store.path.read_bytes()
    assert ADDRESS.encode() not in raw and b"Q155E1" not in raw
    assert stat.S_IMODE(printers.store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(printers.store.path.parent.stat().st_mode) == 0o700
    assert KnownPrinters(app_paths, InstallSecrets()).selected().address == ADDRESS  # a restart reads it
    assert printers.forget() == 1 and not printers.store.path.exists()


def test_no_keyring_is_a_clear_degraded_mode_that_never_writes_plaintext_silently(app_paths, no_keyring):
    secrets = InstallSecrets()
    assert not secrets.available and not secrets.backend_available()
    assert "No system keyring" in secrets.status() and "memory" in secrets.status()
    history = PrintHistory(app_paths, secrets, now=lambda: 5.0)
    printers = KnownPrinters(app_paths, secrets)
    assert history.store.mode == "memory"
    assert history.add(model_id="m", title="t") and printers.select(ADDRESS, "n", "m").address == ADDRESS
    assert history.count() == 1 and printers.count() == 1
    assert not (app_paths.data / "history").exists() and not printers.store.path.exists()


def test_the_plaintext_opt_in_writes_private_unencrypted_files(app_paths, no_keyring):
    recent = RecentFiles(app_paths, InstallSecrets(), now=lambda: 5.0, allow_plaintext=lambda: True)
    assert recent.store.mode == "plaintext"
    recent.add("/photos/a.jpg")
    doc = json.loads(recent.store.path.read_bytes())
    assert doc["entries"][0]["path"] == "/photos/a.jpg"
    assert stat.S_IMODE(recent.store.path.stat().st_mode) == 0o600


def test_a_plaintext_keyring_backend_counts_as_no_keyring(monkeypatch):
    class Plain:
        pass

    Plain.__module__ = "keyrings.alt.file"
    monkeypatch.setattr(keyring, "get_keyring", lambda: Plain())
    secrets = InstallSecrets()
    assert secrets.key() is None and "plaintext" in secrets.error


def test_erasing_the_keyring_item_makes_old_files_unreadable(app_paths, memory_keyring):
    secrets = InstallSecrets()
    printers = KnownPrinters(app_paths, secrets)
    printers.select(ADDRESS, "n", "m")
    assert secrets.delete() and (SERVICE, ITEM) not in memory_keyring.items
    with pytest.raises(DecryptError):
        KnownPrinters(app_paths, InstallSecrets()).selected()


def test_printer_pseudonyms_are_stable_per_install_unlinkable_across_installs(memory_keyring):
    first = InstallSecrets()
    a = pseudonymise(ADDRESS, first)
    assert a == pseudonymise(ADDRESS.lower().replace(":", "-"), first) and a.startswith("printer-")
    assert ADDRESS not in a and "A4C138" not in a.upper()
    memory_keyring.items.clear()  # another install: another key
    assert pseudonymise(ADDRESS, InstallSecrets()) != a
    text = redact_addresses(f"connect {ADDRESS} failed; uuid 12345678-1234-1234-1234-1234567890ab", first)
    assert ADDRESS not in text and "12345678-1234" not in text and a in text


def test_settings_fall_back_to_defaults_on_damage_and_reject_out_of_range_values(app_paths):
    store = SettingsStore(app_paths)
    assert store.load() == Settings()
    app_paths.ensure(app_paths.config)
    store.path.write_text(json.dumps({"retention_days": {"crash_logs": 500, "recent_files": 7},
                                      "paused": ["recent_files", "bogus"], "jurisdiction": "Mars"}))
    s = store.load()
    assert s.retention("crash_logs") == DEFAULT_RETENTION["crash_logs"] and s.retention("recent_files") == 7
    assert s.paused == ["recent_files"] and s.jurisdiction == "unspecified"
    store.path.write_text("{broken")
    assert store.load() == Settings()
    with pytest.raises(Exception, match="not a choice"):
        s.set_retention("recent_files", 45)
