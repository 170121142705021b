"""The main window: printers on the left, the photo with its crop frame and the exact paper preview in
the middle, edits and printing on the right.

All image work runs on a thread pool (latest request wins) and all printer work on the services' BLE
worker; this class only moves state between widgets and the ``AppServices`` facade.
"""

from __future__ import annotations

import html
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLocale, QRectF, Qt, QThread, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.privacy.gate import BLUETOOTH as BLUETOOTH_PURPOSE
from phocol_desktop.services.app import AppServices, PrinterView
from phocol_desktop.services.document import DITHERS, EditState, History
from phocol_desktop.ui.bridge import Background, LatestOnly
from phocol_desktop.ui.crop_view import CropView
from phocol_desktop.ui.i18n import LANGUAGES, error_words, missing_font_warning
from phocol_desktop.ui.icons import icon
from phocol_desktop.ui.incoming_jobs import IncomingJobsPanel
from phocol_desktop.ui.panels import EditPanel, PrinterPanel, PrintPanel
from phocol_desktop.ui.preview import ZOOM_FIT, ZOOM_TRUE, PaperPreview, raster_to_qimage
from phocol_desktop.ui.result_view import PrintedResultView, PrintFacts

if TYPE_CHECKING:
    from phocol_desktop.domain.printer_model import MediaPreset
    from phocol_desktop.privacy.gate import Permit
    from phocol_desktop.services.print_runner import PrintProgress

log = logging.getLogger(__name__)


def system_queue_supported() -> bool:
    from phocol_desktop.services.job_receiver import platform_supported

    return platform_supported()


PHOTO_FILTER = ("Photos and PDF documents (*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.webp *.gif *.bmp *.pdf);;"
                "All files (*)")


class MainWindow(QMainWindow):
    def __init__(self, services: AppServices, background: Background | None = None) -> None:
        super().__init__()
        self.services = services
        self.background = background or Background(self)
        self.previews = LatestOnly(self.background)
        self.history = History(self._initial_state())
        self.photo = None  # a prepared photo handle from services (opaque here)
        self.photo_name = ""
        self.preview_raster = None
        self.print_handle = None
        self.setWindowTitle("Phocol Desktop")
        self.setAccessibleName(self.tr("Phocol Desktop main window"))
        self.setAcceptDrops(True)
        self._build()
        self._build_actions()
        self._recent: list[Path] = []
        self.refresh_printers()
        self._apply_privacy_mode()
        self._start_retention_timer()
        self._restore_geometry()
        self.refresh_recent()
        self._start_system_queue()

    def _initial_state(self) -> EditState:
        """A new photo starts with the paper and dithering the user chose last time (when still valid)."""
        last = self.services.settings_get("last_edit")
        state = EditState(preset=self.services.default_preset())
        if isinstance(last, dict):
            presets = {preset.id for preset in self.services.presets()}
            if last.get("preset") in presets:
                state = state.with_change("preset", last["preset"])
            if last.get("dither") in DITHERS:
                state = state.with_change("dither", last["dither"])
        return state

    # ------------------------------------------------------------------------------------------ layout
    def _limited_mode_banner(self) -> QWidget:
        """Shown while limited mode is on: why Bluetooth and the camera are off, and the way out."""
        self.limited_banner = QFrame(self)
        self.limited_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.limited_banner.setAccessibleName(self.tr("Limited mode"))
        row = QHBoxLayout(self.limited_banner)
        text = QLabel(self.tr("Limited mode: you disagreed with the privacy notice, so Bluetooth and the camera "
                              "are off. The editor works. You can read the notice again and agree at any time."),
                      self.limited_banner)
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.review_notice_button = QPushButton(self.tr("Review the privacy notice…"), self.limited_banner)
        self.review_notice_button.setAccessibleName(self.tr("Review the privacy notice"))
        self.review_notice_button.clicked.connect(self.review_notice)
        row.addWidget(self.review_notice_button)
        self.limited_banner.hide()
        return self.limited_banner

    def _font_banner(self) -> QWidget:
        """Shown at start when no installed font can show the UI language (the UI would be boxes), in both
        languages; "" from missing_font_warning keeps it hidden."""
        self.font_banner = QFrame(self)
        self.font_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.font_banner.setAccessibleName("No font for the UI language / 没有可显示界面语言的字体")
        row = QHBoxLayout(self.font_banner)
        self.font_warning = QLabel(missing_font_warning(self.services.ui_locale), self.font_banner)
        self.font_warning.setWordWrap(True)
        row.addWidget(self.font_warning, 1)
        hide = QPushButton("OK", self.font_banner)
        hide.setAccessibleName("Hide this warning / 隐藏此警告")
        hide.clicked.connect(self.font_banner.hide)
        row.addWidget(hide)
        self.font_banner.setVisible(bool(self.font_warning.text()))
        return self.font_banner

    def _paper_pane(self) -> QWidget:
        """The exact paper preview with its zoom bar (fit, true size, whole pixels per dot)."""
        pane = QWidget(self)
        column = QVBoxLayout(pane)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        title = QLabel(self.tr("Paper (exact dots)"), pane)
        title.setAccessibleName(self.tr("Paper preview"))
        bar.addWidget(title, 1)
        self.zoom_buttons: dict[str, QToolButton] = {}
        zooms = ((ZOOM_FIT, self.tr("Fit"), self.tr("Show the whole paper (Ctrl+0)")),
                 ("1", self.tr("1:1"), self.tr("One screen pixel per printer dot")),
                 ("2", self.tr("2×"), self.tr("Two screen pixels per printer dot (Ctrl+2)")),
                 ("4", self.tr("4×"), self.tr("Four screen pixels per printer dot (Ctrl+4)")),
                 ("8", self.tr("8×"), self.tr("Eight screen pixels per printer dot, with a dot grid")))
        for key, text, tip in zooms:
            button = QToolButton(pane)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, k=key: self.set_paper_zoom(k))
            bar.addWidget(button)
            self.zoom_buttons[key] = button
        self.zoom_label = QLabel(pane)
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_label.setMinimumWidth(70)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.zoom_label)
        column.addLayout(bar)
        # The preview and what the last job actually printed share the zoom bar, one tab each.
        self.paper_tabs = QTabWidget(pane)
        self.paper_tabs.setAccessibleName(self.tr("Paper"))
        self.paper_tabs.setDocumentMode(True)
        self.paper_tabs.addTab(self.paper_preview, self.tr("Preview"))
        self.paper_tabs.addTab(self.result_view, self.tr("Printed"))
        self.paper_tabs.setTabToolTip(1, self.tr("What the last print put on paper, with the job's facts"))
        self.paper_tabs.currentChanged.connect(lambda _i: self._show_zoom())
        column.addWidget(self.paper_tabs, 1)
        self.set_paper_zoom(ZOOM_FIT)
        return pane

    def set_paper_zoom(self, zoom: str | float) -> None:
        """Fit, true size, or a whole number of screen pixels per dot (crisp, with scroll bars and panning)."""
        if zoom not in (ZOOM_FIT, ZOOM_TRUE):
            zoom = float(zoom)
        self.paper_preview.set_zoom(zoom)
        self.result_view.paper.set_zoom(zoom)
        self._show_zoom()

    def _shown_paper(self) -> PaperPreview:
        """The preview on the paper pane's current tab (the exact preview, or the printed result)."""
        return self.result_view.paper if self.paper_tabs.currentWidget() is self.result_view else self.paper_preview

    def _zoom_step(self, step: str) -> None:
        for preview in (self.paper_preview, self.result_view.paper):
            preview.zoom_in() if step == "in" else preview.zoom_out()
        self._show_zoom()

    def _show_zoom(self) -> None:
        shown = self._shown_paper()
        zoom = shown.zoom
        key = zoom if isinstance(zoom, str) else f"{zoom:.0f}"
        for name, button in self.zoom_buttons.items():
            button.setChecked(name == key)
        self.zoom_label.setText(shown.zoom_words() if shown.image() is not None else "")

    def _build(self) -> None:
        self.printer_panel = PrinterPanel(self)
        self.edit_panel = EditPanel(self)
        self.print_panel = PrintPanel(self)
        self.crop_view = CropView(self)
        self.paper_preview = PaperPreview(self)
        self.result_view = PrintedResultView(self)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.addWidget(self.printer_panel)
        lv.addStretch(1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.addWidget(self.edit_panel)
        rv.addWidget(self.print_panel)
        rv.addStretch(1)
        right_scroll = QScrollArea(self)
        right_scroll.setWidget(right)
        right_scroll.setWidgetResizable(True)
        right_scroll.setMinimumWidth(310)
        right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        middle = QSplitter(Qt.Orientation.Horizontal, self)
        middle.addWidget(self.crop_view)
        middle.addWidget(self._paper_pane())
        middle.setStretchFactor(0, 2)
        middle.setStretchFactor(1, 3)  # the paper is the hero: the largest pane
        middle.setSizes([300, 460])
        outer = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(left)
        outer.addWidget(middle)
        outer.addWidget(right_scroll)
        outer.setStretchFactor(1, 1)
        outer.setSizes([230, 700, 350])
        central = QWidget(self)
        cv = QVBoxLayout(central)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self._limited_mode_banner())
        cv.addWidget(self._font_banner())
        cv.addWidget(outer, 1)
        self.setCentralWidget(central)
        self.incoming = IncomingJobsPanel(self.services, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.incoming)
        self.incoming.hide()  # shown when a job arrives, or from View ▸ Incoming jobs
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Status"))
        self.statusBar().addWidget(self.status_label, 1)
        self.privacy_badge = QLabel(self)
        self.privacy_badge.setAccessibleName(self.tr("Privacy state"))
        self.statusBar().addPermanentWidget(self.privacy_badge)

        self.printer_panel.scanRequested.connect(self.scan)
        self.printer_panel.connectRequested.connect(self.connect_printer)
        self.printer_panel.selectionChanged.connect(self._printer_selected)
        self.printer_panel.bluetooth_note.linkActivated.connect(self._bluetooth_link)
        self.edit_panel.changed.connect(self._edit_changed)
        self.edit_panel.rotateRequested.connect(lambda q: self._set_state(self.state.rotated(q)))
        self.edit_panel.flipRequested.connect(self._flip)
        self.edit_panel.resetCropRequested.connect(self.crop_view.reset_crop)
        self.edit_panel.autoLevelsRequested.connect(self.auto_levels)
        self.crop_view.cropChanged.connect(self._crop_changed)
        self.print_panel.printRequested.connect(self.print_photo)
        self.print_panel.cancelRequested.connect(self.cancel_print)
        self.print_panel.settingsChanged.connect(self._print_setting_changed)

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Main"), self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)  # icon and words, never a riddle
        bar.setObjectName("main_toolbar")
        bar.setAccessibleName(self.tr("Main toolbar"))
        self.addToolBar(bar)

        def action(text: str, shortcut, slot, menu, toolbar: bool = False) -> QAction:  # type: ignore[no-untyped-def]
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            menu.addAction(a)
            if toolbar:
                bar.addAction(a)
            return a

        m = self.menuBar()
        file_menu = m.addMenu(self.tr("&File"))
        self.open_action = action(self.tr("&Open photo or PDF…"), QKeySequence.StandardKey.Open, self.open_dialog,
                                  file_menu, True)
        self.camera_action = action(self.tr("Take photo with &camera…"), "Ctrl+Shift+C", self.take_photo, file_menu)
        action(self.tr("New from &template…"), "Ctrl+Shift+N", self.open_design_editor, file_menu)
        action(self.tr("Open &project…"), "Ctrl+Shift+O", self.open_project_dialog, file_menu)
        self.save_action = action(self.tr("&Save project…"), QKeySequence.StandardKey.Save, self.save_project_dialog,
                                  file_menu, True)
        action(self.tr("&Export paper as PNG…"), "Ctrl+E", self.export_png_dialog, file_menu)
        action(self.tr("Print &banner…"), None, self.open_banner, file_menu)
        self.recent_menu = file_menu.addMenu(self.tr("Recent projects"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, file_menu)
        edit_menu = m.addMenu(self.tr("&Edit"))
        self.undo_action = action(self.tr("&Undo"), QKeySequence.StandardKey.Undo, self.undo, edit_menu, True)
        self.redo_action = action(self.tr("&Redo"), QKeySequence.StandardKey.Redo, self.redo, edit_menu, True)
        action(self.tr("&Paste photo"), QKeySequence.StandardKey.Paste, self.paste, edit_menu)
        view_menu = m.addMenu(self.tr("&View"))
        action(self.tr("Fit preview to window"), "Ctrl+0", lambda: self.set_paper_zoom(ZOOM_FIT), view_menu)
        action(self.tr("True size (as on paper)"), "Ctrl+1", lambda: self.set_paper_zoom(ZOOM_TRUE), view_menu)
        action(self.tr("Zoom 2 px per dot"), "Ctrl+2", lambda: self.set_paper_zoom(2.0), view_menu)
        action(self.tr("Zoom 4 px per dot"), "Ctrl+4", lambda: self.set_paper_zoom(4.0), view_menu)
        action(self.tr("Zoom in"), QKeySequence.StandardKey.ZoomIn, lambda: self._zoom_step("in"), view_menu)
        action(self.tr("Zoom out"), QKeySequence.StandardKey.ZoomOut, lambda: self._zoom_step("out"), view_menu)
        action(self.tr("&Printed result"), "Ctrl+R", lambda: self.paper_tabs.setCurrentWidget(self.result_view),
               view_menu)
        view_menu.addAction(self.incoming.toggleViewAction())
        printer_menu = m.addMenu(self.tr("&Printer"))
        action(self.tr("&Search printers"), "Ctrl+F", self.scan, printer_menu)
        action(self.tr("Save the virtual printer's &paper…"), None, self.save_virtual_paper_dialog, printer_menu)
        action(self.tr("&Calibrate…"), None, self.open_calibration, printer_menu)
        action(self.tr("Bluetooth &adapter…"), None, self.choose_adapter, printer_menu)
        self.system_queue_action = action(self.tr("&Add to the system's printers…"), None, self.add_system_printer,
                                          printer_menu)
        self.system_queue_action.setEnabled(system_queue_supported())
        self.print_action = action(self.tr("&Print"), QKeySequence.StandardKey.Print, self.print_photo, printer_menu,
                                   True)
        privacy_menu = m.addMenu(self.tr("P&rivacy"))
        self.privacy_action = action(self.tr("Privacy &dashboard…"), "Ctrl+Shift+P", self.open_privacy, privacy_menu,
                                     True)
        for act, name in ((self.open_action, "open"), (self.save_action, "save"), (self.undo_action, "undo"),
                          (self.redo_action, "redo"), (self.print_action, "print"), (self.privacy_action, "privacy")):
            act.setIcon(icon(name))
        action(self.tr("Privacy &notice…"), None, self.review_notice, privacy_menu)
        action(self.tr("Privacy &policy…"), None, lambda: self.open_privacy("policy"), privacy_menu)
        language_menu = view_menu.addMenu(self.tr("&Language"))
        current = str(self.services.settings_get("language") or "system")
        languages = QActionGroup(self)
        for code, label in LANGUAGES.items():
            a = language_menu.addAction(self.tr("System language") if code == "system" else label)
            a.setCheckable(True)
            languages.addAction(a)
            a.setChecked(code == current)
            a.triggered.connect(lambda _=False, c=code: self.set_language(c))
        help_menu = m.addMenu(self.tr("&Help"))
        action(self.tr("Create &support bundle…"), None, self.support_bundle, help_menu)
        action(self.tr("&Crash logs…"), None, self.open_crash_logs, help_menu)
        help_menu.addSeparator()
        action(self.tr("&About Phocol Desktop"), None, self.about, help_menu)
        self._update_undo()

    # ------------------------------------------------------------------------------------------ state
    @property
    def state(self) -> EditState:
        return self.history.current

    def _set_state(self, state: EditState, merge_key: str | None = None) -> None:
        self.history.push(state, merge_key)
        self._state_shown()

    def _state_shown(self) -> None:
        s = self.state
        self.edit_panel.show_values(s.to_dict())
        model = self.services.current_model()
        self.print_panel.set_presets([(p.id, self._preset_words(p)) for p in self.services.presets()], s.preset)
        density = model.density
        chosen = s.density if s.density is not None else density.default
        self.print_panel.set_density_range(density.min, density.max, chosen)
        self.print_panel.fit.setCurrentIndex(max(0, self.print_panel.fit.findData(s.fit)))
        self.crop_view.set_aspect(self.services.paper_aspect(s))
        self.crop_view.set_crop(QRectF(*s.crop) if s.crop else None)
        self._update_undo()
        self.request_preview()

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(self.history.can_undo())
        self.redo_action.setEnabled(self.history.can_redo())

    def undo(self) -> None:
        self.history.undo()
        self._state_shown()

    def redo(self) -> None:
        self.history.redo()
        self._state_shown()

    def _edit_changed(self, field: str, value: object) -> None:
        self._set_state(self.state.with_change(field, value), merge_key=field)

    def auto_levels(self) -> None:
        """Brightness, contrast and gamma from the photo's tones, as one undoable edit (worked out off the
        GUI thread)."""
        if self.photo is None:
            self.status(self.tr("Open a photo first."))
            return
        photo, state = self.photo, self.state
        self.background.run(lambda: self.services.auto_levels(photo, state),
                            lambda levelled: self._set_state(levelled) if self.photo is photo else None,
                            self.show_error)

    def _flip(self, axis: str) -> None:
        key = "flip_h" if axis == "h" else "flip_v"
        self._set_state(self.state.with_change(key, not getattr(self.state, key)))

    def _crop_changed(self, rect: QRectF) -> None:
        crop = (rect.x(), rect.y(), rect.width(), rect.height())
        full = crop == (0.0, 0.0, 1.0, 1.0)
        self._set_state(self.state.with_change("crop", None if full else list(crop)))

    def _print_setting_changed(self, field: str, value: object) -> None:
        self._set_state(self.state.with_change(field, value), merge_key=field)

    # ------------------------------------------------------------------------------------------ photos
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open photo or PDF"), self._open_folder(), PHOTO_FILTER)
        if path:
            self._last_folder = str(Path(path).parent)
            self.open_path(Path(path))

    def _open_folder(self) -> str:
        """Where Open starts: the folder used last in this session, else Pictures. Kept in memory only: a
        folder path can hold the user's name, which the app never stores."""
        from PySide6.QtCore import QStandardPaths

        last = getattr(self, "_last_folder", "")
        if last and Path(last).is_dir():
            return last
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)

    def open_path(self, path: Path) -> None:
        """A photo opens in the editor; a PDF (told by its first bytes) opens in the page picker."""
        from phocol_desktop.services.documents import looks_like_document

        self.status(self.tr("Opening {0}…").format(path.name))

        def load():  # type: ignore[no-untyped-def]
            if looks_like_document(path):
                return "document", self.services.documents.open(path)
            return "photo", self.services.open_photo(path)

        def ready(result) -> None:  # type: ignore[no-untyped-def]
            kind, opened = result
            if kind == "document":
                self.open_document(opened)
            else:
                self._photo_ready(opened, path.name)

        self.background.run(load, ready, self.show_error)

    def open_design_editor(self) -> None:
        """File ▸ New from template…: the design editor, in its own window (ui/design_editor.py)."""
        from phocol_desktop.ui.design_editor import DesignEditor

        self.design_editor = DesignEditor(self.services, self)
        self.design_editor.show()

    def open_document(self, opened) -> None:  # type: ignore[no-untyped-def]
        from phocol_desktop.ui.document_dialog import DocumentDialog

        self.status(self.tr("Opened {0}").format(opened.name))
        key = self.printer_panel.current_key() or self.services.selected_printer_key()
        self.document_dialog = DocumentDialog(self.services, opened, self.background, key, self)
        self.document_dialog.open()

    # ------------------------------------------------------------------------------------ system queue
    def _start_system_queue(self) -> None:
        """Receive jobs from the system queue when the user added it (not before: no socket until then)."""
        queue = self.services.system_queue.installed_name()
        if queue is None or not system_queue_supported():
            return
        try:
            self.services.system_queue.start(
                ask=self.ask_blocking, on_change=lambda q: self.background.call_soon(self.incoming.job_changed, q))
        except PhocolError as exc:
            self.status(error_words(exc))
            return
        self.incoming.show_receiving(True, queue)

    def add_system_printer(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Add to the system's printers"),
                          self.tr("Add a printer called \u201cPhocol\u201d to this computer, so any app can print "
                                  "to it? Documents printed to it come to Phocol Desktop over a private local "
                                  "connection (no network) and wait here until you press Print."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAccessibleName(self.tr("Add to the system's printers"))
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        self.status(self.tr("Adding the system printer…"))
        self.background.run(self.services.system_queue.install, self._system_printer_added, self.show_error)

    def _system_printer_added(self, name: str) -> None:
        self.status(self.tr("Added the system printer \u201c{0}\u201d.").format(name))
        self._start_system_queue()
        self.incoming.show()

    def take_photo(self) -> None:
        """Ask the gate (prompt here, record written off the GUI thread), then open the capture view."""
        self.background.run(lambda: self.services.camera_allowed(ask=self.ask_blocking), self._camera_answered,
                            self.show_error)

    def _camera_answered(self, allowed: bool) -> None:
        from phocol_desktop.ui.camera import capture_photo

        outcome = capture_photo(self, lambda: allowed, self.services.camera_closed)
        if isinstance(outcome, bytes):
            self.background.run(lambda: self.services.open_photo_bytes(outcome, "camera.png"),
                                lambda photo: self._photo_ready(photo, self.tr("Camera photo")), self.show_error)
        else:
            self.status(outcome)
            self.camera_message = QMessageBox(QMessageBox.Icon.Information, self.tr("Camera"), outcome,
                                              QMessageBox.StandardButton.Ok, self)
            self.camera_message.setAccessibleName(self.tr("Camera message"))
            self.camera_message.open()

    def paste(self) -> None:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.status(self.tr("The clipboard holds no picture."))
            return
        data = QByteArray()
        from PySide6.QtCore import QBuffer

        buffer = QBuffer(data)
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        png = bytes(data.data())
        self.background.run(lambda: self.services.open_photo_bytes(png, "pasted.png"),
                            lambda photo: self._photo_ready(photo, self.tr("Pasted picture")), self.show_error)

    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            path = Path(urls[0].toLocalFile())
            (self.open_project if path.suffix.lower() == ".phocol" else self.open_path)(path)
            event.acceptProposedAction()

    def _photo_ready(self, photo, name: str, state: EditState | None = None) -> None:  # type: ignore[no-untyped-def]
        self.photo = photo
        self.photo_name = name
        self.setWindowTitle(self.tr("{0} — Phocol Desktop").format(name))
        self.history = History(state or EditState(preset=self.state.preset, dither=self.state.dither,
                                                  density=self.state.density))
        self.status(self.tr("Opened {0}").format(name))
        if self.print_handle is None:  # the last print's words belong to the last photo
            self.print_panel.progress.reset()
            self.print_panel.message.clear()
        self.paper_tabs.setCurrentWidget(self.paper_preview)
        self._state_shown()

    def _print_enabled(self, enabled: bool) -> None:
        """Print (menu, toolbar and panel) is off without a photo, and says so in its tooltip."""
        why = "" if enabled else self.tr("Open a photo first (File ▸ Open photo or PDF…).")
        self.print_action.setEnabled(enabled)
        self.print_action.setToolTip(why or self.tr("Print the paper as previewed"))
        if self.print_handle is None:
            self.print_panel.print_button.setEnabled(enabled)
        self.print_panel.print_button.setToolTip(why or self.tr("Print the paper as previewed"))

    def request_preview(self) -> None:
        if self.photo is None:
            self._print_enabled(False)
            return
        self._print_enabled(True)
        photo, state = self.photo, self.state
        self.previews.submit(lambda: self.services.render(photo, state), self._preview_ready, self.show_error)

    def _preview_ready(self, result) -> None:  # type: ignore[no-untyped-def]
        self.preview_raster = result.raster
        self.crop_view.set_image(qimage_from_rgb(*result.source_rgb))
        self.crop_view.set_paper_region(result.paper_region)
        raster = result.paper
        self.paper_preview.set_raster(raster_to_qimage(raster.width, raster.height, raster.data), result.dpi)
        self._show_zoom()
        self.status(self.tr("{0} × {1} dots · {2:.0f} × {3:.0f} mm").format(
            raster.width, raster.height, raster.width / result.dpi * 25.4, raster.height / result.dpi * 25.4))
        if result.missing_glyphs:
            # Never boxes on paper: the caption leaves these out, and the status line says why.
            self.status(self.tr("No installed font has {0}: left out of the caption. Install a font for that "
                                "script (for example Noto fonts).").format(
                " ".join(f"{c} (U+{ord(c):04X})" for c in result.missing_glyphs[:6])))

    # ------------------------------------------------------------------------------------------ projects
    def save_project_dialog(self) -> None:
        if self.photo is None:
            self.status(self.tr("Open a photo first."))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save project"), "", "Phocol project (*.phocol)")
        if path:
            self.save_project(Path(path))

    def save_project(self, path: Path) -> None:
        if path.suffix != ".phocol":
            path = path.with_suffix(".phocol")
        photo, state = self.photo, self.state
        def saved(_result: object) -> None:
            self.status(self.tr("Saved {0}").format(path.name))
            self.refresh_recent()

        self.background.run(lambda: self.services.save_project(path, photo, state), saved, self.show_error)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", "Phocol project (*.phocol)")
        if path:
            self.open_project(Path(path))

    def open_project(self, path: Path) -> None:
        def done(result) -> None:  # type: ignore[no-untyped-def]
            photo, state = result
            self._photo_ready(photo, path.name, state)
            self.refresh_recent()

        self.background.run(lambda: self.services.open_project(path), done, self.show_error)

    def refresh_recent(self) -> None:
        """Re-read the recent projects (an encrypted file) off the GUI thread; the menu shows this list."""
        self.background.run(lambda: (self.services.recent_projects(), self.services.storage_mode()),
                            self._recent_read, self._recent_unreadable)

    def _recent_read(self, read) -> None:  # type: ignore[no-untyped-def]
        entries, self._storage_mode = read
        self._recent = list(entries)

    def _recent_unreadable(self, exc: BaseException) -> None:
        """The menu stays empty; say why in the status bar (a dialog at start-up would be too much)."""
        log.warning("recent projects unreadable: %s", type(exc).__name__)
        self._recent = []
        reason = error_words(exc) if isinstance(exc, PhocolError) else type(exc).__name__
        self.status(self.tr("Recent projects could not be read: {0}").format(reason))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        entries = self._recent
        if not entries:
            a = self.recent_menu.addAction(self.tr("(none)"))
            a.setEnabled(False)
        for entry in entries:
            a = self.recent_menu.addAction(entry.name)
            a.triggered.connect(lambda _=False, p=entry: self.open_project(p))
        if getattr(self, "_storage_mode", "encrypted") == "memory":
            # Honest storage: without a system keyring this list (and the print history) lasts until the app
            # quits, whatever the retention choice says; the dashboard offers the documented choices.
            self.recent_menu.addSeparator()
            note = self.recent_menu.addAction(self.tr("Kept only until you quit: this computer has no system "
                                                      "keyring to encrypt it"))
            note.setEnabled(False)
            choices = self.recent_menu.addAction(self.tr("Storage choices…"))
            choices.triggered.connect(lambda: self.open_privacy("data"))

    def export_png_dialog(self) -> None:
        if self.preview_raster is None:
            self.status(self.tr("Open a photo first."))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export paper as PNG"), "", "PNG (*.png)")
        if path:
            raster = self.preview_raster
            self.background.run(lambda: self.services.export_png(Path(path), raster),
                                lambda _r: self.status(self.tr("Exported {0}").format(Path(path).name)),
                                self.show_error)

    def save_virtual_paper_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the virtual printer's paper"), "virtual-paper.png",
                                              "PNG (*.png)")
        if path:
            self.background.run(lambda: self.services.save_virtual_paper(Path(path)),
                                lambda _r: self.status(self.tr("Saved {0}").format(Path(path).name)), self.show_error)

    # ------------------------------------------------------------------------------------------ printers
    def _printer_words(self, view: PrinterView) -> tuple[str, str, str]:
        """(key, title, tooltip) of one row of the printer list."""
        if view.virtual:
            return view.key, self.tr("Virtual Phocol printer"), self.tr("Built in: prints to an image on this computer")
        model = view.model_name or self.tr("unknown model")
        return (view.key, view.name or view.key,
                self.tr("{0} · signal {1} dBm").format(model, view.rssi) if view.rssi is not None else model)

    def _preset_words(self, preset: MediaPreset) -> str:
        if preset.length_mm is None:
            return self.tr("{0} mm roll").format(f"{preset.width_mm:g}")
        return self.tr("{0} × {1} mm label").format(f"{preset.width_mm:g}", f"{preset.length_mm:g}")

    def _bluetooth_off_words(self) -> str:
        """Why Bluetooth controls are off, in words; empty when they are usable."""
        return {"limited_mode": self.tr("Bluetooth is off in limited mode (you disagreed with the privacy notice). "
                                        "The editor works."),
                "denied": self.tr("Bluetooth is not allowed. Allow it in Privacy to find printers; the virtual "
                                  "printer works.")}.get(self.services.bluetooth_off_reason() or "", "")

    def show_bluetooth_note(self, words: str, *, refused_now: bool = False) -> None:
        """The printer panel's inline note: why Bluetooth is off, with the way to change it as a link (the
        dashboard's Bluetooth row, or the notice in limited mode). Empty words hide it."""
        if not words and refused_now:
            words = self.tr("Bluetooth was not allowed this time, so no search ran. The virtual printer works.")
        if not words:
            self.printer_panel.bluetooth_note.clear()
            return
        link = ("notice", self.tr("Review the privacy notice…")) if self.services.limited_mode() else \
            ("allow", self.tr("Allow…"))
        self.printer_panel.bluetooth_note.setText(f"{html.escape(words)} <a href=\"{link[0]}\">{link[1]}</a>")

    def _bluetooth_link(self, target: str) -> None:
        if target == "notice":
            self.review_notice()
        else:
            self.open_privacy("permissions", focus=f"allow_{BLUETOOTH_PURPOSE}")

    def refresh_printers(self) -> None:
        views: list[PrinterView] = self.services.printers()
        self.printer_panel.set_printers([self._printer_words(v) for v in views])
        self._printer_selected(self.printer_panel.current_key() or "")

    def _printer_selected(self, key: str) -> None:
        if not key:
            return
        self.services.select_printer(key)
        view = self.services.printer_view(key)
        self.printer_panel.show_status(view.model_name, view.connected, view.status)
        self._state_shown()

    def scan(self) -> None:
        """Ask the gate (the prompt shows here; its record is written off the GUI thread), then search."""
        self.printer_panel.scan.setEnabled(False)
        self.background.run(lambda: self.services.bluetooth_allowed(ask=self.ask_blocking),
                            self._scan_allowed, self._scan_failed)

    def _scan_failed(self, exc: BaseException) -> None:
        self.printer_panel.scan.setEnabled(not self.services.limited_mode())
        self.show_error(exc)

    def _scan_allowed(self, permit: Permit | None) -> None:
        if permit is None:
            self.printer_panel.scan.setEnabled(not self.services.limited_mode())
            self.show_bluetooth_note(self._bluetooth_off_words(), refused_now=True)
            self.status(self.tr("No search: Bluetooth is not allowed."))
            return
        self.show_bluetooth_note("")
        self.status(self.tr("Searching for printers…"))

        def done(_r) -> None:  # type: ignore[no-untyped-def]
            self.printer_panel.scan.setEnabled(True)
            self.refresh_printers()
            self.status(self.tr("Search finished."))

        self.background.deliver_future(self.services.scan(action=permit), done, self._scan_failed)

    def _devices_started(self) -> bool:
        """Whether any Bluetooth machinery exists yet (it must not before the user allows it, AT-08)."""
        return self.services.bluetooth_started()

    def connect_printer(self, key: str) -> None:
        if not key:
            return
        view = self.services.printer_view(key)
        name = self._printer_words(view)[1]
        if view.virtual:  # built in: nothing to connect, and saying "Connected." would be a flash of nothing
            self.status(self.tr("{0} is built in and always ready: no connection needed.").format(name))
            return
        self.status(self.tr("Connecting to {0}…").format(name))
        self.printer_panel.connect_button.setEnabled(False)

        def connected(_r: object) -> None:
            self.printer_panel.connect_button.setEnabled(not self.services.limited_mode())
            self.refresh_printers()
            self.status(self.tr("Connected to {0}.").format(name))

        def failed(exc: BaseException) -> None:
            self.printer_panel.connect_button.setEnabled(not self.services.limited_mode())
            self.show_error(exc)

        self.background.deliver_future(
            self.services.connect(key, ask=self.ask_blocking, on_status=self._status_from_worker), connected, failed)

    def open_banner(self) -> None:
        """File ▸ Print banner…: text down a continuous roll on the selected printer, band by band."""
        from phocol_desktop.ui.banner_dialog import BannerDialog

        dialog = BannerDialog(self.services, self.background, self.printer_panel.current_key() or "virtual", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.banner_dialog = dialog

    def open_calibration(self) -> None:
        """Printer ▸ Calibrate…: the wizard for the connected Bluetooth printer (speed ladder or darkness)."""
        from phocol_desktop.ui.calibration_wizard import CalibrationWizard

        wizard = CalibrationWizard(self.services, self.background, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(lambda _r: self.refresh_printers())
        wizard.open()
        self.calibration_wizard = wizard

    def choose_adapter(self) -> None:
        """Printer ▸ Bluetooth adapter…: asks for Bluetooth first (listing adapters talks to BlueZ)."""
        self.background.run(lambda: self.services.bluetooth_allowed(ask=self.ask_blocking),
                            self._adapters_allowed, self.show_error)

    def _adapters_allowed(self, permit: Permit | None) -> None:
        if permit is None:
            self.show_bluetooth_note(self._bluetooth_off_words(), refused_now=True)
            self.status(self.tr("Bluetooth is not allowed, so the adapters cannot be listed."))
            return
        self.background.deliver_future(self.services.bluetooth_adapters(action=permit), self._show_adapters,
                                       self.show_error)

    def _show_adapters(self, adapters: list) -> None:  # type: ignore[type-arg]
        from phocol_desktop.ui.adapter_dialog import AdapterDialog

        dialog = AdapterDialog(adapters, self.services.settings_get("bluetooth_adapter") or "", self)
        self.adapter_dialog = dialog

        def chosen(result: int) -> None:
            if result == AdapterDialog.DialogCode.Accepted:
                name = dialog.chosen()
                self.background.run(lambda: self.services.set_bluetooth_adapter(name),
                                    lambda _r: self.status(self.tr("Bluetooth adapter: {0}").format(
                                        name or self.tr("system's choice"))), self.show_error)

        dialog.finished.connect(chosen)
        dialog.open()

    def _status_from_worker(self, key: str) -> None:
        self.background.call_soon(lambda _v: self._printer_selected(key) if key == self.printer_panel.current_key()
                                  else None)

    # ------------------------------------------------------------------------------------------ printing
    def print_photo(self) -> None:
        if self.preview_raster is None or self.print_handle is not None:
            if self.preview_raster is None:
                self.status(self.tr("Open a photo first."))
            return
        key = self.printer_panel.current_key()
        if key is None:
            return
        raster, copies = self.preview_raster, self.print_panel.copies.value()
        self.print_panel.set_busy(True)
        self.print_panel.show_starting(self.tr("Starting…"))
        self.print_panel.message.setText(self.tr("Printing…"))
        try:
            self.print_handle = self.services.print(
                key, raster, copies=copies, density=self.print_panel.density.value(),
                on_progress=lambda p: self.background.call_soon(self._print_update, p))
        except PhocolError as exc:
            self.print_panel.set_busy(False)
            self.print_panel.progress.reset()
            self.print_panel.message.setText(exc.user_message())
            self.print_handle = None
            self.show_error(exc)
            return
        view = self.services.printer_view(key)
        printer = self._printer_words(view)[1]
        self.background.deliver_future(
            self.print_handle.future, lambda result: self._print_done(result, raster, copies, printer, view.virtual),
            self._print_failed)

    def _print_update(self, progress: PrintProgress) -> None:
        if self.print_handle is None:
            return  # a late report after the result arrived
        eta = progress.eta_s
        words = (self.tr("%p% · about {0} s left").format(max(1, round(eta))) if eta is not None and eta >= 1
                 else "%p%")
        self.print_panel.show_progress(int(progress.fraction * 100), words)

    def _print_done(self, result, raster, copies: int, printer: str, virtual: bool) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QTime

        self.print_handle = None
        self.print_panel.set_busy(False)
        self.print_panel.show_progress(100, "%p%")
        self.print_panel.message.setText(self.tr("Printed."))
        paper = self.services.virtual_paper() if virtual else None
        shown = paper if paper is not None else raster
        facts = PrintFacts(printer=printer, virtual=paper is not None, pages=len(result.jobs), copies=copies,
                           sent_bytes=result.sent_bytes, seconds=sum(job.duration_s for job in result.jobs),
                           finished=QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat))
        self.result_view.show_result(raster_to_qimage(shown.width, shown.height, shown.data),
                                     result.model.dpi, facts)
        self.paper_tabs.setCurrentWidget(self.result_view)  # the result panel: what came out, at once
        self.status(self.tr("Printed on {0}. The Printed tab shows the paper (Preview to go back).").format(printer))
        self.refresh_printers()

    def _print_failed(self, exc: BaseException) -> None:
        self.print_handle = None
        self.print_panel.set_busy(False)
        self.print_panel.progress.reset()
        if isinstance(exc, PhocolError):
            text = error_words(exc)
        else:
            log.error("print failed unexpectedly", exc_info=exc)
            text = self.tr("Printing stopped because of an unexpected error ({0}). Nothing will be re-sent.").format(
                type(exc).__name__)
        self.print_panel.message.setText(text)
        self.status(text)

    def cancel_print(self) -> None:
        if self.print_handle is not None:
            self.print_handle.cancel()

    # ------------------------------------------------------------------------------------------ privacy
    def ask_permission(self, request) -> str:  # type: ignore[no-untyped-def]
        """The gate's asker on the GUI thread: an in-context prompt with the catalog's rationale."""
        from phocol_desktop.ui.consent_dialogs import PermissionPrompt

        text = self.services.purpose_text(request.purpose_id)  # in the UI's language
        prompt = PermissionPrompt(text.title, text.rationale, text.this_build, tuple(str(o) for o in request.options),
                                  self)
        prompt.exec()
        return prompt.decision

    def ask_blocking(self, request) -> str:  # type: ignore[no-untyped-def]
        """The asker for work on other threads: shows the prompt on the GUI thread and waits for the answer."""
        if QThread.currentThread() is self.thread():
            return self.ask_permission(request)
        answer: list[str] = []
        done = threading.Event()

        def ask(_value: object) -> None:
            try:
                answer.append(self.ask_permission(request))
            finally:
                done.set()

        self.background.call_soon(ask)
        done.wait()
        return answer[0] if answer else "dismissed"

    # ------------------------------------------------------------------------------------------ support
    def support_bundle(self) -> None:
        self.status(self.tr("Preparing the support bundle…"))
        self.background.run(self.services.bundle_preview, self._bundle_previewed, self.show_error)

    def support_bundle_now(self) -> None:
        """Like the menu action, but builds the preview synchronously (tests drive the dialog with it)."""
        self._bundle_previewed(self.services.bundle_preview())

    def _bundle_previewed(self, plan) -> None:  # type: ignore[no-untyped-def]
        from phocol_desktop.ui.support_dialogs import BundleDialog

        dialog = BundleDialog(plan.preview_words(), self)
        if dialog.exec() != BundleDialog.DialogCode.Accepted or dialog.target is None:
            self.status(self.tr("No support bundle was saved."))
            return
        target = dialog.target
        self.background.run(lambda: self.services.create_bundle(target, plan, ask=self.ask_blocking),
                            lambda path: self.status(self.tr("Saved the support bundle as {0}").format(path.name)),
                            self.show_error)

    def open_crash_logs(self) -> None:
        from phocol_desktop.ui.support_dialogs import CrashLogsDialog

        CrashLogsDialog(self.services, self.background, self).exec()

    def open_privacy(self, tab: str = "", focus: str = "") -> None:
        """The dashboard, at ``tab``; ``focus``: the object name of a control to put the keyboard on once the
        page is drawn (e.g. Allow on the Bluetooth row, from the printer panel's note)."""
        from phocol_desktop.ui.privacy_dashboard import PrivacyDashboard

        dashboard = PrivacyDashboard(self.services, self.background, self)
        self.privacy_dashboard = dashboard
        if tab:
            dashboard.show_tab(tab)
        if focus:
            self._focus_when_loaded(dashboard, focus)
        dashboard.exec()
        self._apply_privacy_mode()
        self.refresh_printers()

    def _focus_when_loaded(self, dashboard, name: str, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
        """The dashboard draws its pages off a background read: look for the control until it is there."""
        control = dashboard.findChild(QWidget, name) if dashboard.loaded else None
        if control is None:
            if tries > 0 and dashboard.isVisible() or tries == 100:
                QTimer.singleShot(50, lambda: self._focus_when_loaded(dashboard, name, tries - 1))
            return
        scroll = control.parent()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parent()
        if scroll is not None:
            scroll.ensureWidgetVisible(control)
        control.setFocus(Qt.FocusReason.OtherFocusReason)

    RETENTION_INTERVAL_MS = 60 * 60 * 1000

    def _start_retention_timer(self) -> None:
        """Retention runs at start-up (PrivacyService.open) and then hourly while the window is open, so an app
        left open for days still deletes what is past its period. The purge runs on the background pool."""
        self.retention_timer = QTimer(self)
        self.retention_timer.setInterval(self.RETENTION_INTERVAL_MS)
        self.retention_timer.timeout.connect(self.run_retention)
        self.retention_timer.start()

    def run_retention(self) -> None:
        self.background.run(self.services.privacy.run_retention, lambda _r: None,
                            lambda exc: log.warning("retention purge failed: %s", type(exc).__name__))

    def review_notice(self) -> None:
        """Privacy ▸ Privacy notice…: the notice again with equal Agree / Disagree (the way out of limited mode)."""
        from phocol_desktop.ui.consent_dialogs import review_notice

        review_notice(self.services, self.background, self, lambda _answer: self._apply_privacy_mode())

    def _apply_privacy_mode(self) -> None:
        limited = self.services.limited_mode()
        self.limited_banner.setVisible(limited)
        reason = self._bluetooth_off_words()
        self.printer_panel.scan.setEnabled(not limited)
        self.printer_panel.connect_button.setEnabled(not limited)
        self.show_bluetooth_note(reason)
        self.camera_action.setEnabled(not limited)
        self.camera_action.setToolTip(self.tr("Off in limited mode (you disagreed with the privacy notice)")
                                      if limited else "")
        self.privacy_badge.setText(self.tr("Limited mode — editor only") if limited
                                   else self.tr("Data stays on this device"))

    def set_language(self, code: str) -> None:
        self.services.settings_set("language", code)
        self.status(self.tr("The language changes the next time Phocol Desktop starts."))

    def about(self) -> None:
        # The box shows the app's window icon (QApplication.setWindowIcon) beside the text.
        text = self.tr("Phocol Desktop {0}\n\nPrints photos on Phocol Bluetooth printers. Everything stays on this "
                       "computer: the app has no network access.").format(self.services.app_version())
        QMessageBox.about(self, self.tr("About Phocol Desktop"), text)

    # ------------------------------------------------------------------------------------------ misc
    def status(self, text: str) -> None:
        self.status_label.setText(text)

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, PhocolError):
            text = error_words(exc)
        else:
            log.exception("unexpected error", exc_info=exc)
            text = self.tr("Something went wrong: {0}").format(type(exc).__name__)
        self.status(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Phocol Desktop"), text, QMessageBox.StandardButton.Ok,
                          self)
        box.setAccessibleName(self.tr("Error"))
        box.open()  # non-blocking: never stalls the event loop
        self._last_error = box
        QTimer.singleShot(0, box.raise_)

    def _restore_geometry(self) -> None:
        geometry = self.services.settings_get("window_geometry")
        if isinstance(geometry, str) and geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        else:
            self.resize(1280, 780)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.services.settings_set("window_geometry", bytes(self.saveGeometry().toBase64().data()).decode())
        self.services.settings_set("last_edit", {"dither": self.state.dither, "preset": self.state.preset})
        super().closeEvent(event)


def qimage_from_rgb(width: int, height: int, data: bytes) -> QImage:
    return QImage(data, width, height, width * 3, QImage.Format.Format_RGB888).copy()
