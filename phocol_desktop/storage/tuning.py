"""Per-printer tuning (measured speed, chosen darkness) in ``printers.d``, keyed by the printer's pseudonym.

One file per printer, ``printers.d/printer-<pseudonym>.json`` (0600, directory 0700)::

    {"schema": "phocol.printer_tuning/1",
     "printers": {"printer-1a2b3c4d5e6f": {"model": "phomemo.m220",
                                          "pacing": {"lines_per_s": 184.3, "buffer_bytes": 508, "chunk": 182},
                                          "density": 9, "calibration": {...how it was measured...}}}}

The key is the HMAC pseudonym of the printer's address (``storage.crypto.pseudonymise``): the address itself
is never written. The pseudonym key lives in the system keyring; without one the pseudonym would change with
every run, so nothing is saved and the user is told why. The model table loader ignores these files (they
have no ``models``); ``personalise`` applies them when that printer connects.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from phocol_desktop.domain.calibration import TUNING_SCHEMA, PrinterTuning
from phocol_desktop.domain.errors import ConfigError
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.storage.crypto import pseudonymise
from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.storage.secrets import InstallSecrets

log = logging.getLogger(__name__)
MAX_FILE_BYTES = 64 * 1024


class NoStablePseudonym(ConfigError):
    advice = QT_TRANSLATE_NOOP("Errors", "Calibration is kept under a pseudonym whose key lives in the system "
                                         "keyring; without a keyring it would be lost when the app closes. Set up a "
                                         "keyring (e.g. GNOME Keyring or KWallet) and calibrate again.")


class TuningStore:
    def __init__(self, paths: AppPaths, secrets: InstallSecrets | None = None,
                 pseudonym: Callable[[str], str] | None = None) -> None:
        self.paths = paths
        self._secrets = secrets
        self._pseudonym = pseudonym

    def pseudonym(self, address: str) -> str:
        if self._pseudonym is not None:
            return self._pseudonym(address)
        return pseudonymise(address, self._secrets)

    def _stable(self) -> bool:
        if self._pseudonym is not None:
            return True
        from phocol_desktop.storage.crypto import default_secrets

        return (self._secrets or default_secrets()).subkey("pseudonym") is not None

    def _path(self, pseudonym: str) -> Path:
        return self.paths.printer_overrides / f"{pseudonym}.json"

    def get(self, address: str) -> PrinterTuning | None:
        return self.get_by_pseudonym(self.pseudonym(address))

    def get_by_pseudonym(self, pseudonym: str) -> PrinterTuning | None:
        path = self._path(pseudonym)
        try:
            with path.open("rb") as fh:  # bounded read: a huge or special file cannot stall start-up
                raw = fh.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ConfigError(f"Cannot read the printer tuning {path.name}: {exc.strerror or exc}.") from None
        if len(raw) > MAX_FILE_BYTES:
            raise ConfigError(f"The printer tuning {path.name} is too large to be one.",
                              "Delete it and calibrate the printer again.")
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise ConfigError(f"The printer tuning {path.name} is not valid JSON.",
                              "Delete it and calibrate the printer again.") from None
        if not isinstance(doc, dict) or doc.get("schema") != TUNING_SCHEMA or not isinstance(doc.get("printers"), dict):
            raise ConfigError(f"The printer tuning {path.name} is not a {TUNING_SCHEMA} file.",
                              "Delete it and calibrate the printer again.")
        entry = doc["printers"].get(pseudonym)
        return None if entry is None else PrinterTuning.from_json(pseudonym, entry, path.name)

    def save(self, tuning: PrinterTuning) -> Path:
        if not self._stable():
            raise NoStablePseudonym("No system keyring: this printer's calibration cannot be kept.")
        self.paths.ensure(self.paths.printer_overrides)
        path = self._path(tuning.pseudonym)
        doc = {"schema": TUNING_SCHEMA, "printers": {tuning.pseudonym: tuning.to_json()}}
        secure_write(path, json.dumps(doc, indent=1).encode("utf-8"))
        return path

    def update(self, address: str, model_id: str, **changes: object) -> PrinterTuning:
        """Merge ``changes`` (speed or darkness) into this printer's tuning and save it."""
        import dataclasses

        pseudonym = self.pseudonym(address)
        current = self.get_by_pseudonym(pseudonym)
        if current is None or current.model_id != model_id:
            current = PrinterTuning(pseudonym, model_id)
        tuning = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
        self.save(tuning)
        return tuning

    def forget(self, address: str) -> bool:
        """``calibrate --reset``: the printer goes back to the model's pacing and darkness."""
        path = self._path(self.pseudonym(address))
        try:
            path.unlink()
            return True
        except FileNotFoundError:
            return False

    def personalise(self, address: str | None, model: PrinterModel) -> PrinterModel:
        """``model`` with this printer's tuning applied (unchanged when there is none or it is for another model)."""
        if not address:
            return model
        try:
            tuning = self.get(address)
        except ConfigError as exc:
            log.warning("printer tuning ignored: %s", exc.reason)  # a broken file never blocks printing
            return model
        if tuning is None:
            return model
        if tuning.model_id != model.id:
            log.info("printer tuning is for model %s, not %s: ignored", tuning.model_id, model.id)
            return model
        return tuning.apply(model)
