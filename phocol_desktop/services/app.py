"""The one facade the desktop app talks to: photos, projects, printers, printing, privacy, settings.

The UI (``phocol_desktop/ui``) never builds protocol bytes, never touches bleak and never opens files
itself: it calls this object. Every method here is safe to call from a worker thread unless its
docstring says "GUI thread"; long work (decode, render, save) is meant to run on the UI's thread pool,
Bluetooth work runs on the single BLE worker thread (``services/ble_worker.py``) and returns futures.

Printers are addressed by a *key*: ``"virtual"`` for the built-in Virtual Phocol printer (always
present, and the default when no Bluetooth adapter or no Bluetooth permission is there) or a Bluetooth
address from the last scan.
"""

from __future__ import annotations

import concurrent.futures
import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phocol_desktop.domain.errors import PermissionDenied, PhocolError
from phocol_desktop.domain.events import LinkEvent, PrinterStatus
from phocol_desktop.domain.printer_model import MediaPreset, ModelTable, PrinterModel, load_model_table
from phocol_desktop.domain.raster import Raster
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.privacy.gate import BLUETOOTH, CAMERA, Asker, Permit, PrivacyGate
from phocol_desktop.services import privacy_views as views
from phocol_desktop.services.document import EditState
from phocol_desktop.services.privacy import PrivacyService
from phocol_desktop.services.support import SupportService
from phocol_desktop.services.virtual_printer import VirtualPrinterHost
from phocol_desktop.storage.outputs import check_output, write_output
from phocol_desktop.storage.paths import AppPaths
from phocol_desktop.storage.projects import (
    ProjectError,
    load_design_project,
    save_design_project,
    single_photo,
    single_photo_project,
)
from phocol_desktop.storage.ui_state import UiState

if TYPE_CHECKING:  # printing, Bluetooth and support machinery load on first use, not at start-up
    from PIL import Image

    from phocol_desktop.imaging.pipeline import PreparedPhoto
    from phocol_desktop.services.ble_worker import BleWorker
    from phocol_desktop.services.devices import DeviceService
    from phocol_desktop.services.print_runner import PageSource, PrintHandle, PrintProgress, PrintResult
    from phocol_desktop.services.privacy import ContactRequest, ErasureReport
    from phocol_desktop.storage.crashlogs import CrashLogInfo
    from phocol_desktop.support.bundle import BundlePlan
    from phocol_desktop.transport.base import LinkInfo
    from phocol_desktop.transport.discovery import DiscoveredDevice

log = logging.getLogger(__name__)

VIRTUAL = "virtual"
STATUS_POLL_S = 30.0  # how often a connected printer's status is re-read while idle


@dataclass(frozen=True)
class PrinterView:
    """One row of the printer list, as values (the view words them, in the UI's language)."""

    key: str  # VIRTUAL, or the Bluetooth address from the last scan
    name: str | None  # the advertised name (None for the virtual printer, or a printer without one)
    model_name: str | None  # None: a printer whose model is not known
    connected: bool = False
    rssi: int | None = None  # signal strength of the last scan, dBm
    status: PrinterStatus = field(default_factory=PrinterStatus)  # worded by the view (domain/status_words.py)

    @property
    def virtual(self) -> bool:
        return self.key == VIRTUAL


@dataclass(frozen=True)
class OpenedPhoto:
    """A decoded photo (no metadata kept) and the name to show; opaque to the UI."""

    name: str
    prepared: PreparedPhoto
    colour: Image.Image | None = None  # upright, <= 1024 px, for the editor's view only (never printed)


@dataclass(frozen=True)
class PaperImage:
    """The paper as the user reads it: 1-bit rows, MSB first, 1 = black, each row padded to whole bytes
    (a label may be any number of dots wide once turned to reading orientation)."""

    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class RenderResult:
    raster: Raster  # what the printer receives (head orientation)
    paper: PaperImage  # the same dots as the paper shows them (reading orientation): the preview
    dpi: int
    source_rgb: tuple[int, int, bytes]  # the whole photo in colour after turns and flips, for the crop view
    # Corners of the part of that photo that reaches the paper (fractions; fit/fill and fine angle applied)
    paper_region: tuple[tuple[float, float], ...] = ()
    missing_glyphs: str = ""  # caption characters no installed font has (left out; the view says so)


class AppServices:
    """Built once per app run by ``start``; ``shutdown`` stops the worker thread and closes files."""

    def __init__(self, paths: AppPaths, models: ModelTable, privacy: PrivacyService) -> None:
        self._opened_file: Path | None = None
        self.paths = paths
        self.models = models
        self.privacy = privacy
        self.gate: PrivacyGate = privacy.gate
        self._lock = threading.RLock()
        self._selected = VIRTUAL
        self._model: PrinterModel = models.default
        self.ui_state = UiState(paths)
        self.ui_locale = "en"  # the GUI sets the language it installed (notice and prompt texts follow it)
        self._notice_shown: views.NoticeView | None = None
        self._ask_lock = threading.RLock()  # one prompt at a time; separate from state so a prompt never blocks it
        self.support = SupportService(paths, models, privacy)
        self._scan: list[DiscoveredDevice] = []  # the last scan's devices: memory only, never stored (AT-12)
        self._devices: DeviceService | None = None
        self._worker: BleWorker | None = None
        self._connected: str | None = None
        self._status_unsubscribe: Callable[[], None] | None = None
        self.virtual = VirtualPrinterHost()  # the built-in printer: its last job's paper, its status
        from phocol_desktop.services.app_documents import DocumentService, SystemQueueService

        self.documents = DocumentService(self)  # PDFs: open, thumbnails, exact page renders
        self.system_queue = SystemQueueService(self)  # the CUPS queue and the jobs other apps send

    @classmethod
    def start(cls, paths: AppPaths) -> AppServices:
        paths.ensure(paths.data)
        models = load_model_table(paths.printer_overrides)
        services = cls(paths, models, PrivacyService.open(paths, surface="gui"))
        services.support.install_crash_capture()  # records nothing until the user opts in (diag.crash_local)
        return services

    def shutdown(self) -> None:
        self.system_queue.stop()  # undecided jobs go back to CUPS before the printer worker stops
        if self._worker is not None:
            self._worker.stop()
        if self.support.capture is not None:
            self.support.capture.uninstall()
        self.privacy.close()

    # ------------------------------------------------------------------------------------------ models
    def current_model(self) -> PrinterModel:
        """The selected printer's model; once it is connected, with its own measured speed and darkness."""
        devices = self._devices
        if (devices is not None and self._connected is not None and self._connected == self._selected
                and devices.model is not None and devices.model.id == self._model.id):
            return devices.model
        return self._model

    def presets(self) -> tuple[MediaPreset, ...]:
        """The current model's paper sizes (the view words them: "57 mm roll", "40 × 30 mm label")."""
        return self._model.media_presets

    def default_preset(self) -> str:
        return self._model.media_presets[0].id if self._model.media_presets else ""

    def preset(self, state: EditState) -> MediaPreset | None:
        for p in self._model.media_presets:
            if p.id == state.preset:
                return p
        return self._model.media_presets[0] if self._model.media_presets else None

    def paper_aspect(self, state: EditState) -> float | None:
        """Width / height of the picture on the paper as the user reads it, for the crop frame; None for a
        continuous roll. From the imaging layout, so labels printed turned (D30) get the right shape."""
        from phocol_desktop.imaging.pipeline import paper_aspect

        return paper_aspect(self._model, self._preset_id(state), state)

    # ------------------------------------------------------------------------------------------ photos
    def open_photo(self, path: Path) -> OpenedPhoto:
        """Decode a photo the user picked (worker thread). Only that file is read (AT-15)."""
        from phocol_desktop.imaging.pipeline import colour_view, prepare_photo

        self.privacy.file_picked("open_photo")  # the gate: files.import_export, one activity-log entry
        prepared = prepare_photo(Path(path))
        colour = colour_view(Path(path))
        self._remember_recent_file(Path(path))
        self._opened_file = Path(path)  # what no save may overwrite (storage/outputs.py)
        return OpenedPhoto(Path(path).name, prepared, colour)

    def open_photo_bytes(self, data: bytes, name: str) -> OpenedPhoto:
        """A picture pasted or dropped as data (worker thread)."""
        from phocol_desktop.imaging.pipeline import colour_view, prepare_photo

        return OpenedPhoto(name, prepare_photo(data), colour_view(data))

    def render(self, photo: OpenedPhoto, state: EditState) -> RenderResult:
        """The exact dots the printer will burn, plus the photo for the crop view (worker thread)."""
        import numpy as np

        from phocol_desktop.imaging.pipeline import paper_region, render

        model = self._model
        preset_id = self._preset_id(state)
        rendered = render(photo.prepared, state, model, preset_id)
        region = paper_region(photo.prepared, state, model, preset_id)
        black = np.asarray(rendered.paper) == 0
        paper = PaperImage(black.shape[1], black.shape[0], np.packbits(black, axis=1).tobytes())
        from phocol_desktop.imaging.text import MissingGlyphs

        missing = "".join(w.chars for w in rendered.warnings if isinstance(w, MissingGlyphs))
        return RenderResult(rendered.raster, paper, model.dpi, self._crop_source(photo, state),
                            missing_glyphs=missing, paper_region=region)

    def auto_levels(self, photo: OpenedPhoto, state: EditState) -> EditState:
        """``state`` with brightness, contrast and gamma that spread the photo's tones (worker thread)."""
        from phocol_desktop.imaging.pipeline import auto_levels

        return EditState.from_dict({**state.to_dict(), **auto_levels(photo.prepared, state)})

    def _preset_id(self, state: EditState) -> str | None:
        preset = self.preset(state)
        return preset.id if preset is not None else None

    @staticmethod
    def _crop_source(photo: OpenedPhoto, state: EditState) -> tuple[int, int, bytes]:
        """The whole photo after quarter turns and flips (the frame the crop is drawn in), ~800 px."""
        from phocol_desktop.imaging.pipeline import quarter_turns_and_flips

        prepared = photo.prepared
        shown = photo.colour if photo.colour is not None else prepared.reduced(max(1, max(prepared.size) // 800))
        rgb = quarter_turns_and_flips(shown, state).convert("RGB")
        return rgb.width, rgb.height, rgb.tobytes()

    def export_png(self, path: Path, raster: Raster) -> None:
        """Save the paper as a 1-bit PNG, 1 px per dot (worker thread)."""
        import io

        from phocol_desktop.imaging.pipeline import raster_image

        self.privacy.file_picked("export_png")
        buffer = io.BytesIO()
        raster_image(raster).save(buffer, "PNG")
        # The save dialog asked about replacing; the opened photo or project is never replaced.
        write_output(path, buffer.getvalue(), inputs=[self._opened_file], overwrite=True, what="image")

    # ------------------------------------------------------------------------------------------ projects
    def save_project(self, path: Path, photo: OpenedPhoto, state: EditState) -> None:
        """Write a .phocol project (version 2: a one-photo design) with the photo without any metadata
        (worker thread)."""
        import io

        self.privacy.file_picked("save_project")
        # A fresh lossless encode of the decoded photo: no EXIF, GPS or profile travels, and reopening gives
        # the very same pixels, so the same dots (error diffusion turns any JPEG noise into other dots).
        buffer = io.BytesIO()
        photo.prepared.image.save(buffer, "PNG")
        project = single_photo_project(self._model, state, buffer.getvalue(), photo.prepared.size)
        if self._opened_file is not None and self._opened_file.suffix.lower() != ".phocol":
            # Saving over the project that was opened is "Save"; saving over the opened photo never is.
            check_output(path, inputs=[self._opened_file], overwrite=True, what="project")
        save_design_project(Path(path), project)
        self._remember_recent_project(Path(path))

    def open_project(self, path: Path) -> tuple[OpenedPhoto, EditState]:
        from phocol_desktop.imaging.pipeline import prepare_photo

        self.privacy.file_picked("open_project")
        project = load_design_project(Path(path), self.models)  # version 1 files are migrated
        opened = single_photo(project)
        if opened is None:
            raise ProjectError("This project holds a design of several elements; the photo editor opens one-photo "
                               "projects.", "Render or print it with `phocol-desktop render|print PROJECT.phocol`.")
        state, image_bytes = opened
        if any(m.id == project.model_id for m in self.models.models) and self._selected == VIRTUAL:
            self._model = self.models.get(project.model_id)
        photo = OpenedPhoto(Path(path).name, prepare_photo(image_bytes))
        self._remember_recent_project(Path(path))
        self._opened_file = Path(path)
        return photo, state

    def recent_projects(self) -> list[Path]:
        """Projects opened or saved lately, newest first: the "Recent files" history under its purpose and
        retention rules (nothing is listed when the user has not allowed or has paused it)."""
        entries = self.privacy.data.recent_files.entries()
        paths = [Path(e["path"]) for e in reversed(entries) if str(e.get("path", "")).endswith(".phocol")]
        return [p for p in paths if p.exists()][:10]

    def storage_mode(self) -> str:
        """encrypted / memory (no system keyring: history and recents last until the app quits) / plaintext
        (no keyring, the user chose unencrypted files); worker thread."""
        return self.privacy.storage_mode()

    def _remember_recent_project(self, path: Path) -> None:
        self.privacy.data.recent_files.add(Path(path).resolve())

    def _remember_recent_file(self, path: Path) -> None:
        self.privacy.data.recent_files.add(Path(path).resolve())

    # ------------------------------------------------------------------------------------------ printing
    def _loop(self) -> BleWorker:
        """The worker thread with a stock asyncio loop that runs every printer conversation (one job at a time)."""
        with self._lock:
            if self._worker is None:
                from phocol_desktop.services.ble_worker import BleWorker

                self._worker = BleWorker().start()
                capture = self.support.capture
                if capture is not None:  # a task failing unawaited on the worker is a crash too (when opted in)
                    self._worker.call_soon(self._worker.loop.set_exception_handler, capture.asyncio_handler)
        return self._worker

    def virtual_paper(self) -> Raster | None:
        """What the virtual printer printed in its last job (1 px per dot), or None before any job."""
        return self.virtual.paper()

    def save_virtual_paper(self, path: Path) -> None:
        png = self.virtual.paper_png()
        if png is None:
            raise ServiceError("The virtual printer has not printed anything yet.")
        write_output(path, png, inputs=[getattr(self, "_opened_file", None)], overwrite=True, what="image")

    def selected_printer_key(self) -> str:
        return self._selected

    def print(self, key: str, raster: Raster, *, copies: int = 1, density: int | None = None,
              on_progress: Callable[[PrintProgress], None] | None = None) -> PrintHandle:
        """Start printing ``raster`` (the preview's own dots) on printer ``key``; returns at once."""
        return self.print_pages(key, (raster,), copies=copies, density=density, on_progress=on_progress)

    def print_pages(self, key: str, rasters: tuple[Raster, ...], *, copies: int = 1, density: int | None = None,
                    on_progress: Callable[[PrintProgress], None] | None = None,
                    record_history: bool = True, banner: Any = None) -> PrintHandle:
        """Start printing ``rasters`` (the previews' own dots: a photo, or a document's pages) on ``key``.

        Progress arrives through ``on_progress`` on the worker thread; the handle's future holds the
        ``PrintResult`` or the typed error (paper out, cover open, disconnected...). Nothing is re-sent.
        Raises at once when the printer is known not to be ready. ``record_history=False``: the caller writes
        the print history itself (jobs from other apps: one entry per job, under their own purpose).
        """
        from phocol_desktop.services.print_runner import RasterPages

        source: Any = RasterPages(tuple(rasters)) if banner is None else banner
        return self.print_source(key, source, copies=copies, density=density, on_progress=on_progress,
                                 record_history=record_history)

    def print_source(self, key: str, source: PageSource, *, copies: int = 1, density: int | None = None,
                     on_progress: Callable[[PrintProgress], None] | None = None,
                     record_history: bool = True) -> PrintHandle:
        """Start printing any page source (e.g. a design or a CSV batch, rendered as it prints) on ``key``;
        as :meth:`print_pages`."""
        from phocol_desktop.domain.job import JobOptions
        from phocol_desktop.services.print_runner import (
            BluetoothTarget,
            PrintHandle,
            PrintRequest,
            PrintRunner,
            VirtualTarget,
        )

        model = self._model
        target: VirtualTarget | BluetoothTarget
        if key == VIRTUAL:
            target = VirtualTarget(model)
        else:
            devices = self._device_service()
            if self._connected != key:
                raise ServiceError("The printer is not connected.", "Select it and press Connect, then print again.")
            target = BluetoothTarget(devices, self.current_model())  # its measured pacing, when calibrated
        request = PrintRequest(source, target, JobOptions(copies=copies, density=density))
        handle = PrintRunner(self._loop()).start(
            request, on_progress=on_progress, history=self.privacy.data.print_history if record_history else None)

        return PrintHandle(_failing_on_error(handle.future, self.virtual.printed), handle.cancel)

    def print_banner(self, key: str, text: str, length_mm: float | None, *, density: int | None = None,
                     on_progress: Callable[[PrintProgress], None] | None = None) -> PrintHandle:
        """File ▸ Print banner…: ``text`` down a continuous roll, ``length_mm`` long (the text repeats), rendered
        and sent band by band (``services.banners``)."""
        from phocol_desktop.services.banners import BannerPages

        return self.print_pages(key, (), density=density, on_progress=on_progress,
                                banner=BannerPages(text, length_mm))

    # ------------------------------------------------------------------------------------------ notice
    def pending_notice(self) -> views.NoticeView | None:
        """The notice to show at start-up (first run, or a changed policy or purpose), in the UI's language."""
        notice = self.privacy.pending_notice()
        self._notice_shown = None if notice is None else views.notice_view(notice, self.gate, self.ui_locale)
        return self._notice_shown

    def review_notice(self) -> views.NoticeView:
        """The notice again, on request (Privacy ▸ Privacy notice…, the limited-mode banner): answerable."""
        self._notice_shown = views.notice_view(self.privacy.notice(), self.gate, self.ui_locale)
        return self._notice_shown

    def notice_summary_html(self) -> str:
        from phocol_desktop.privacy.notice import build_notice

        return views.notice_view(build_notice(self.gate.catalog, None), self.gate, self.ui_locale).summary_html

    def notice_answered(self, decision: str, *, scroll_reached_end: bool = False) -> None:
        """Record the answer with the language and the hash of the text the user actually saw (AT-07/38)."""
        shown = self._notice_shown
        self.privacy.record_notice(decision, scroll_reached_end=scroll_reached_end,
                                   locale=shown.locale if shown else "en",
                                   shown_text_sha256=shown.text_sha256 if shown else None)

    def purpose_text(self, purpose_id: str) -> views.PurposeText:
        """A purpose's title, rationale and what this build does, in the UI's language."""
        return views.purpose_text(self.gate, purpose_id, self.ui_locale)

    # ------------------------------------------------------------------------------------------ settings
    def settings_get(self, key: str) -> Any:
        return self.ui_state.get(key)

    def settings_set(self, key: str, value: Any) -> None:
        self.ui_state.set(key, value)

    # ------------------------------------------------------------------------------------------ privacy
    def limited_mode(self) -> bool:
        return self.gate.limited_mode

    def bluetooth_off_reason(self) -> str | None:
        """Why Bluetooth controls are off: "limited_mode" or "denied"; None when they are usable."""
        if self.gate.limited_mode:
            return "limited_mode"
        return "denied" if self.gate.state_of(BLUETOOTH) == "denied" else None

    def privacy_rows(self) -> list[views.PrivacyRow]:
        return views.privacy_rows(self.gate, self.ui_locale)

    def privacy_decide(self, purpose_id: str, decision: str) -> None:
        """One click on the dashboard: "allow" grants (or asks every time where only that is offered),
        "ask_every_time", or "deny" withdraws (stopping use, deleting its data). The record carries the hash
        of the purpose's text as the dashboard showed it (in the UI's language)."""
        shown = self.purpose_text(purpose_id).rationale
        if decision == "allow":
            self.privacy.grant(purpose_id, shown_text=shown)
        else:
            self.privacy.set_decision(purpose_id, decision, shown_text=shown)

    def activity(self) -> list[views.ActivityRow]:
        """The 7-day activity log (the log keeps no more than that)."""
        return views.activity_rows(self.gate, self.privacy.activity(), self.ui_locale)

    def clear_activity(self) -> None:
        self.privacy.clear_activity()

    def ledger_rows(self) -> list[views.LedgerRow]:
        return views.ledger_rows(self.gate, self.privacy.store.records, self.ui_locale)

    def ledger_status(self) -> views.LedgerStatus:
        """The dashboard's banner: the integrity notice after a failed check, else the last verification."""
        damaged = tuple(self.privacy.damaged_data_names())
        banner = self.privacy.ledger_banner()
        if banner or damaged:
            return views.LedgerStatus(False, banner or "", damaged_files=damaged)
        report = self.privacy.open_report
        failure = getattr(report, "failure", None)
        return views.ledger_status(failure is None, len(self.privacy.store.records),
                                   failure.summary() if failure is not None else "")

    def acknowledge_integrity(self) -> views.LedgerStatus:
        """The user has seen the integrity banner (worker thread): one ledger record; `privacy verify` passes
        again and the banner goes until something else fails (docs/PRIVACY.md)."""
        self.privacy.acknowledge_integrity()
        return self.ledger_status()

    def verify_ledger(self) -> views.LedgerStatus:
        """Re-check every segment of the consent record now (worker thread)."""
        result = self.privacy.verify()
        detail = "" if result.ok else (result.failure_at_open or f"first bad record {result.first_bad_seq}")
        return views.ledger_status(result.ok, result.record_count, detail)

    def disclosures(self) -> views.Disclosures:
        return views.disclosures(self.gate, self.ui_locale)

    def contact(self) -> views.ContactView:
        return views.contact(self.gate)


    def bluetooth_allowed(self, ask: Asker) -> Permit | None:
        """Ask at the user's action (on the calling thread) whether Bluetooth may be used now.

        The gate prompts at most once per user action (AT-11); a refusal is recorded and answered with
        None, and nothing Bluetooth has happened yet (AT-08). The permit goes with the action
        (``scan(action=...)``): the worker's own check honours the answer instead of asking again.
        """
        return self._allowed_now(BLUETOOTH, "scan_printers", ask)

    def camera_allowed(self, ask: Asker) -> bool:
        """Ask the gate for the camera at the user's click; True when it may be opened now."""
        return self._allowed_now(CAMERA, "capture_photo", ask) is not None

    def camera_closed(self) -> None:
        """The capture view closed: an "Only this time" answer ends here (AT-14)."""
        self.gate.end_once(CAMERA)

    def _allowed_now(self, purpose_id: str, feature: str, ask: Asker) -> Permit | None:
        with self._ask_lock:  # one prompt at a time
            try:
                return self.gate.require(purpose_id, feature=feature, asker=ask)
            except PermissionDenied:
                return None

    # ------------------------------------------------------------------------------------------ printers
    def printers(self) -> list[PrinterView]:
        virtual = PrinterView(VIRTUAL, None, self.models.default.display_name, connected=True,  # always at hand
                              status=self.virtual.status(self.models.default))
        devices = self._devices
        found = [PrinterView(d.address, d.name, d.model_name,
                             connected=devices is not None and self._connected == d.address, rssi=d.rssi,
                             status=devices.status if devices is not None and self._connected == d.address
                             else PrinterStatus())
                 for d in self._scan]
        return [virtual, *found]

    def printer_view(self, key: str) -> PrinterView:
        for view in self.printers():
            if view.key == key:
                return view
        return self.printers()[0]

    def select_printer(self, key: str) -> None:
        with self._lock:
            self._selected = key
            if key == VIRTUAL:
                self._model = self.models.default
            else:
                device = next((d for d in self._scan if d.address == key), None)
                model_id = device.model_id if device is not None else None
                self._model = self.models.get(model_id) if model_id else self.models.default

    def bluetooth_started(self) -> bool:
        return self._devices is not None

    def _device_service(self) -> DeviceService:
        """The Bluetooth device lifecycle, created on the first Bluetooth action (never at start-up, AT-08)."""
        with self._lock:
            if self._devices is None:
                from phocol_desktop.services.devices import DeviceService
                from phocol_desktop.storage.crypto import pseudonymise
                from phocol_desktop.support.recording import recording_link_factory
                from phocol_desktop.transport.ble import BleLink

                # Bluetooth sessions are traced in memory like virtual ones, the printer named by its pseudonym.
                links = recording_link_factory(BleLink, pseudonym=lambda a: pseudonymise(a, self.privacy.secrets))
                self._devices = DeviceService(self._loop(), self.models, require=self.gate.require, link_factory=links,
                                              personalise=self.tuning().personalise,
                                              adapter=self.settings_get("bluetooth_adapter") or None)
                self._devices.events.subscribe(self._link_event)
                self.gate.on_withdraw(BLUETOOTH, self._bluetooth_withdrawn)
            return self._devices

    # ------------------------------------------------------------------------ calibration and adapters
    def tuning(self) -> Any:
        """Per-printer measured speed and darkness (``printers.d``, keyed by pseudonym)."""
        from phocol_desktop.storage.tuning import TuningStore

        return TuningStore(self.paths, self.privacy.secrets)

    def calibrator(self) -> Any:
        """The calibration flow for the connected Bluetooth printer (Printer ▸ Calibrate…)."""
        from phocol_desktop.services.calibration import Calibrator

        return Calibrator(self._device_service(), self.tuning())

    def calibration_printer(self) -> PrinterView | None:
        """The connected Bluetooth printer the wizard would calibrate, or None (the virtual one needs none)."""
        if self._devices is None or self._connected is None or self._devices.model is None:
            return None
        return self.printer_view(self._connected)

    def calibration_printer_recognised(self) -> bool:
        """False when the connected printer matched no model (it prints as the default one): "add this printer"."""
        link = self._devices.link if self._devices is not None else None
        return link is None or getattr(link, "model", None) is not None

    def printer_adder(self) -> Any:
        """Printer ▸ Calibrate… ▸ Add this printer: family probe, width ruler, user-added model."""
        from phocol_desktop.services.new_printer import PrinterAdder

        return PrinterAdder(self._device_service(), self.paths)

    def reload_models(self) -> None:
        """The model table again, with the user's printers.d files (after "add this printer")."""
        models = load_model_table(self.paths.printer_overrides)
        with self._lock:
            self.models = models
            if self._devices is not None:
                self._devices.models = models

    def bluetooth_adapters(self, action: Permit | None = None) -> concurrent.futures.Future[Any]:
        """Linux: the adapters by name and powered state (asks the privacy gate; never reads an address).
        ``action``: the permit ``bluetooth_allowed`` gave at the click."""
        from phocol_desktop.transport.adapters import list_adapters

        return self._loop().submit(list_adapters(functools.partial(self.gate.require, action=action)))

    def set_bluetooth_adapter(self, name: str) -> None:
        """"" = the system's choice. Takes effect for the next scan or connection."""
        self.settings_set("bluetooth_adapter", name)
        if self._devices is not None:
            self._devices.set_adapter(name or None)

    def _link_event(self, event: object) -> None:
        """Worker thread: a lost link shows as "not connected" at once; Connect reconnects on demand."""
        if isinstance(event, LinkEvent) and event.state == "lost":
            self._connected = None

    def _bluetooth_withdrawn(self, _purpose_id: str) -> None:
        if self._devices is not None:
            self._devices.withdraw()
        self._scan = []
        self._connected = None

    def scan(self, timeout: float = 5.0, action: Permit | None = None
             ) -> concurrent.futures.Future[list[DiscoveredDevice]]:
        """Search on the worker; ``action``: the permit ``bluetooth_allowed`` gave at the click."""
        devices = self._device_service()
        future = devices.scan(timeout, require=functools.partial(self.gate.require, action=action))

        def keep(f: concurrent.futures.Future[list[DiscoveredDevice]]) -> None:
            if f.exception() is None:
                self._scan = list(f.result())

        future.add_done_callback(keep)
        return future

    def connect(self, key: str, ask: Asker | None = None,
                on_status: Callable[[str], None] | None = None) -> concurrent.futures.Future[LinkInfo | None]:
        """Connect on the worker. ``ask`` (called on the worker thread: it must be safe there) asks when the
        connection needs an answer (Bluetooth set to "ask every time", or not decided yet)."""
        if key == VIRTUAL:
            done: concurrent.futures.Future[LinkInfo | None] = concurrent.futures.Future()
            done.set_result(None)
            return done
        devices = self._device_service()
        target = next((d for d in self._scan if d.address == key), key)
        if on_status is not None:
            if self._status_unsubscribe is not None:
                self._status_unsubscribe()
            self._status_unsubscribe = devices.events.subscribe(lambda _event: on_status(key))

        async def connect_and_read_status() -> LinkInfo | None:
            info = await devices.connect_async(target, require=functools.partial(self.gate.require, asker=ask))
            self._connected = key
            await devices.query_status_async()  # battery, paper, cover, temperature straight away
            await devices._set_polling(STATUS_POLL_S)  # then every so often while idle (paused while printing)
            if on_status is not None:
                on_status(key)
            return info

        return self._loop().submit(connect_and_read_status())

    def privacy_snapshot(self) -> views.DashboardData:
        """Everything the privacy dashboard shows, read in one go (worker thread: it reads files)."""
        return views.DashboardData(
            rows=self.privacy_rows(), activity=self.activity(), ledger=self.ledger_rows(),
            status=self.ledger_status(), retention=self.retention_rows(), disclosures=self.disclosures(),
            policy=self.policy(), contact=self.contact(), rights=self.rights(),
            settings=views.privacy_settings(self.privacy))

    def policy(self) -> views.PolicyView:
        return views.policy(self.gate)

    def retention_rows(self) -> list[views.RetentionRule]:
        return views.retention_rules(self.privacy.data.settings())

    def set_retention(self, category: str, days: int | None) -> None:
        self.privacy.set_retention(category, days)
        self.privacy.run_retention()

    def export_data(self, folder: Path) -> list[Path]:
        """Everything held about the user, as files in ``folder`` (worker thread)."""
        return self.privacy.export(folder)

    def erase_all(self) -> ErasureReport:
        """Erase every file, keyring item and the consent record; the app starts over (worker thread)."""
        with self._lock:
            self._scan = []
            self.virtual.forget()
        report = self.privacy.erase()
        self.ui_state.forget()
        return report

    def rights(self) -> tuple[str, ...]:
        """The rights a user can write to Phocol about (ids; the view words them)."""
        from phocol_desktop.services.privacy import RIGHTS

        return tuple(RIGHTS)

    def contact_request(self, right: str = "access") -> ContactRequest:
        """The mailto for contacting Phocol about a right (recorded as a rights request)."""
        return self.privacy.contact(right)

    # ------------------------------------------------------------------------------------------ support
    def bundle_preview(self) -> BundlePlan:
        """Build the support bundle in memory (worker thread); ``.preview()`` lists its files."""
        return self.support.bundle_contents_preview()

    def create_bundle(self, path: Path, plan: BundlePlan, ask: Asker) -> Path:
        """Ask "share once" (every time, recorded), then write exactly the previewed files (worker thread).

        ``ask`` must be safe to call from this thread (the window's blocking asker shows the prompt on
        the GUI thread and waits for the answer).
        """
        with self._ask_lock:  # one prompt at a time
            return self.support.create_bundle(path, plan, asker=ask)

    def crash_logs_enabled(self) -> bool:
        return self.support.crash_logs_enabled()

    def set_crash_logs_enabled(self, enabled: bool) -> None:
        self.support.set_crash_logs_enabled(enabled)

    def crash_logs(self) -> list[CrashLogInfo]:
        return self.support.crash_logs()

    def crash_log_text(self, name: str) -> str:
        return self.support.crash_log_text(name)

    def delete_crash_log(self, name: str) -> bool:
        return self.support.delete_crash_log(name)

    def app_version(self) -> str:
        from phocol_desktop import __version__

        return __version__


def _failing_on_error(future: concurrent.futures.Future[PrintResult],
                      printed: Callable[[PrintResult], None]) -> concurrent.futures.Future[PrintResult]:
    """The print's future for the window: the ``PrintResult`` when every page printed, else its typed error
    (paper out, cover open, lost link...). A virtual printer's paper is shown either way."""
    outer: concurrent.futures.Future[PrintResult] = concurrent.futures.Future()

    def settle(inner: concurrent.futures.Future[PrintResult]) -> None:
        if inner.cancelled():
            outer.cancel()
        elif inner.exception() is not None:
            outer.set_exception(inner.exception())  # type: ignore[arg-type]
        else:
            result = inner.result()
            printed(result)
            if result.error is not None:
                outer.set_exception(result.error)
            else:
                outer.set_result(result)

    future.add_done_callback(settle)
    return outer


class ServiceError(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Try again; if it keeps happening, create a support bundle from the Help "
                                         "menu.")
