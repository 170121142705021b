"""The Simplified Chinese UI is Chinese: every visible text of every window and dialog, walked in zh_CN.

The walk reads what a user reads — labels, buttons, tooltips, menus and their actions, combo items, tab
titles, window titles, placeholders, group box titles, table headers and cells, list and tree items, wizard
page titles — of the main window (empty, with a photo, after a virtual print), the privacy dashboard (every
tab), the first-run notice, the permission prompt and each dialog under phocol_desktop/ui, and fails on any
English word left over. Allowed: proper names (ALLOWED), the English-only privacy policy text (Phocol has
published no Chinese text; the dialog says so in Chinese), the e-mail subject Phocol requires, file names,
paths, addresses, hashes, and the names and licences of the installed components (the SBOM lists them as
their authors spell them).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QLocale, QModelIndex, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
    QWizard,
)

from phocol_desktop.ui.i18n import install_translator

from .conftest import open_photo

pytestmark = pytest.mark.gui

# Proper names and technical names a Chinese UI writes in Latin letters too.
ALLOWED = {
    "phocol", "phomemo", "bluetooth", "bluez", "png", "pdf", "cups", "qr", "csv", "json", "svg", "jpeg", "jpg",
    "sha", "ble", "usb", "sbom", "spdx", "cyclonedx", "ipp", "dpi", "id", "uuid", "gatt", "utf", "os", "api",
    "floyd", "steinberg", "atkinson", "stucki", "bayer", "jarvis", "judice", "ninke", "burkes", "sierra",
    "linux", "windows", "macos", "qt", "pyside", "python", "noto", "cjk", "wqy", "gdpr", "pipl", "ccpa", "eu",
    "uk", "prc", "ok", "ctrl", "shift", "alt", "esc", "del", "ascii", "mac", "hci", "tcp", "udp", "dbus",
    "keyring", "secretservice", "kwallet", "gnome", "kde", "cookie", "exif", "apple", "google", "facebook", "wireshark",
    "btsnoop", "quyin", "webp", "heic", "heif", "avif",
    "kib", "mib",  # byte units are written so in Chinese too
    "english",  # the language menu names each language in itself
}
# The product's name is a proper name as a whole.
NAMES = ("Phocol Desktop",)


def data_names() -> set[str]:
    """Words of names the dashboard shows as their owners spell them: the SDKs and vendors the policy lists,
    the installed components, their licences (SPDX expressions) and the distributions that need them."""
    from phocol_desktop.privacy.disclosures import LICENCE_NOT_DECLARED, POLICY_SDKS, components_in_build

    texts = [t for k in POLICY_SDKS for t in (k.name, k.provider)]
    texts += [t for c in components_in_build() for t in (c.name, c.required_by)]
    texts += [c.licence for c in components_in_build() if c.licence != LICENCE_NOT_DECLARED]  # ours: translated
    return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]+", t)}

# Model names and such: letters with digits ("M02S", "T02") are names, never English words.
_WORD = re.compile(r"(?<![\w.@/\\-])[A-Za-z][A-Za-z'’]+(?![\w@/\\]|\.\w)")
_NOT_WORDS = [
    re.compile(r"<[^>]+>"),                                   # rich-text tags
    re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b"),            # e-mail addresses
    re.compile(r"\b(?:https?|mailto|file)://?\S+"),           # addresses
    re.compile(r"\b[\w.-]+(?:/[\w.-]+)+"),                      # relative paths (bundle members)
    re.compile(r"(?:~|\.{1,2})?/[\w./~ -]*\w"),               # absolute paths
    re.compile(r"\b[\w-]+\.(?:png|jpe?g|pdf|json|zip|txt|log|phocol|csv|ts|qm|svg)\b", re.I),  # file names
    re.compile(r"\b[0-9a-f]{12,}\b", re.I),                   # hashes
    re.compile(r"\b\w*\d\w*\b"),                              # model names, versions, sizes with digits
]


def english_words(text: str, allowed: set[str], english_only: tuple[str, ...] = ()) -> list[str]:
    text = " ".join(html.unescape(text).split())
    for kept in english_only:  # the legal texts Phocol publishes in English only
        text = text.replace(" ".join(kept.split()), " ")
    for pattern in _NOT_WORDS:
        text = pattern.sub(" ", text)
    for name in NAMES:
        text = text.replace(name, " ")
    # An all-capitals word is an acronym or a name (IP, MAC, SDK, EXIF), not an English sentence.
    return [w for w in _WORD.findall(text) if w.lower().strip("'’") not in allowed and not w.isupper()]


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can read in root and its children, menus included."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if isinstance(w, QHeaderView):  # its model is its table's: read there
            continue
        where = f"{type(w).__name__}({w.objectName() or '-'})"
        if w.isWindow() and w.windowTitle():
            yield f"{where}.windowTitle", w.windowTitle()
        if w.toolTip():
            yield f"{where}.toolTip", w.toolTip()
        if isinstance(w, QLabel):
            yield f"{where}.text", w.text()
        elif isinstance(w, QAbstractButton):
            yield f"{where}.text", w.text()
        elif isinstance(w, QGroupBox):
            yield f"{where}.title", w.title()
        elif isinstance(w, QLineEdit):
            yield f"{where}.placeholder", w.placeholderText()
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            yield f"{where}.placeholder", w.placeholderText()
            if w.objectName() != "policy_text":  # the English-only policy, introduced by a Chinese note
                yield f"{where}.text", w.toPlainText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{where}.item[{i}]", w.itemText(i)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield f"{where}.tab[{i}]", w.tabText(i)
                yield f"{where}.tabToolTip[{i}]", w.tabToolTip(i)
        elif isinstance(w, QMenu):
            yield f"{where}.title", w.title()
        elif isinstance(w, QWizard):
            for page_id in w.pageIds():
                page = w.page(page_id)
                yield f"{type(page).__name__}.title", page.title()
                yield f"{type(page).__name__}.subTitle", page.subTitle()
                for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                               QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton):
                    yield f"{where}.buttonText", w.buttonText(button)
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model, top = w.model(), QModelIndex()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
            for i in range(columns):
                yield f"{where}.header[{i}]", str(model.headerData(i, Qt.Orientation.Horizontal) or "")
            if isinstance(w, QTreeWidget | QListWidget) or w.objectName() not in {"components"}:
                for r in range(min(model.rowCount(top), 200)):
                    for c in range(columns):
                        index = model.index(r, c)
                        yield f"{where}.cell[{r},{c}]", str(model.data(index) or "")
                        yield f"{where}.cellToolTip[{r},{c}]", str(model.data(index, Qt.ItemDataRole.ToolTipRole) or "")
        for action in w.actions():
            for kind, text in (("text", action.text()), ("toolTip", action.toolTip()),
                               ("statusTip", action.statusTip())):
                if text:
                    yield f"{where}.action.{kind}", text
            if action.menu() is not None:
                yield from visible_texts(action.menu())


def english_only(services) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The policy text, the English half of the note that says why it is English, and Phocol's own name,
    address and the e-mail subject it requires."""
    from phocol_desktop.ui.i18n import POLICY_ZH_CN_MISSING_EN

    policy, contact = services.policy(), services.contact()
    return tuple(t for t in (policy.text, POLICY_ZH_CN_MISSING_EN.format(policy.sha256), contact.name,
                             contact.address, contact.subject) if t)


def leftovers(root: QWidget, services=None, allowed: set[str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    allowed = ALLOWED | data_names() if allowed is None else allowed
    kept = english_only(services) if services is not None else ()
    found = []
    for where, text in visible_texts(root):
        words = english_words(text, allowed, kept)
        if words:
            found.append(f"{where}: {text!r} -> {words}")
    return sorted(set(found))


@pytest.fixture
def zh(qapp, services):
    before = QLocale()
    install_translator(qapp, "zh_CN")
    services.ui_locale = "zh_CN"
    yield
    install_translator(qapp, "en")
    services.ui_locale = "en"
    QLocale.setDefault(before)


@pytest.fixture
def zh_window(zh, qtbot, services):
    from phocol_desktop.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.background.wait_idle()


def assert_chinese(widget: QWidget, services) -> None:  # type: ignore[no-untyped-def]
    found = leftovers(widget, services)
    assert not found, "English left in the zh_CN UI:\n" + "\n".join(found)


# ------------------------------------------------------------------------------------------------ the walk
def test_main_window_is_chinese_empty_with_a_photo_and_after_a_virtual_print(qtbot, zh_window, services, photo):
    assert_chinese(zh_window, services)
    open_photo(qtbot, zh_window, photo)
    assert_chinese(zh_window, services)
    zh_window.print_photo()
    assert zh_window.print_handle is not None
    qtbot.waitUntil(lambda: zh_window.print_handle is None, timeout=60_000)
    assert_chinese(zh_window, services)


def test_privacy_dashboard_is_chinese_on_every_tab(qtbot, zh_window, services):
    from phocol_desktop.ui.privacy_dashboard import TABS, PrivacyDashboard

    dashboard = PrivacyDashboard(services, zh_window.background, zh_window)
    qtbot.addWidget(dashboard)
    dashboard.show()
    qtbot.waitUntil(lambda: dashboard.loaded, timeout=15_000)
    for tab in TABS:
        dashboard.show_tab(tab)
        assert_chinese(dashboard, services)


def test_first_run_notice_and_permission_prompt_are_chinese(qtbot, zh, services):
    from phocol_desktop.ui.consent_dialogs import NoticeDialog, PermissionPrompt

    policy = services.policy()
    notice = NoticeDialog(services.notice_summary_html(), policy.text, policy.version_raw, policy.sha256)
    qtbot.addWidget(notice)
    assert_chinese(notice, services)
    for purpose in ("bt.discover_connect_print", "camera.capture", "diag.share_once"):
        text = services.purpose_text(purpose)
        prompt = PermissionPrompt(text.title, text.rationale, text.this_build, ("allow", "allow_once", "not_now"))
        qtbot.addWidget(prompt)
        assert_chinese(prompt, services)


def test_support_privacy_data_and_adapter_dialogs_are_chinese(qtbot, zh_window, services, photo):
    from types import SimpleNamespace

    from phocol_desktop.ui.adapter_dialog import AdapterDialog
    from phocol_desktop.ui.privacy_data import ErasePlanDialog
    from phocol_desktop.ui.support_dialogs import BundleDialog, CrashLogsDialog

    open_photo(qtbot, zh_window, photo)
    zh_window.print_photo()  # the bundle then lists the print's traces too
    qtbot.waitUntil(lambda: zh_window.print_handle is None, timeout=60_000)
    bundle = BundleDialog(services.bundle_preview().preview_words(), zh_window)
    logs = CrashLogsDialog(services, zh_window.background, zh_window)
    adapters = AdapterDialog([SimpleNamespace(name="hci0", powered=True, address=""),
                              SimpleNamespace(name="hci1", powered=False, address="")], "", zh_window)
    erase = ErasePlanDialog(services.privacy.erase_plan(), lambda _dialog: None, zh_window)
    for dialog in (bundle, logs, adapters, erase):
        qtbot.addWidget(dialog)
        assert_chinese(dialog, services)


def test_calibration_wizard_is_chinese_on_every_page(qtbot, zh_window, services):
    from phocol_desktop.ui.calibration_wizard import CalibrationWizard

    wizard = CalibrationWizard(services, zh_window.background, zh_window)
    qtbot.addWidget(wizard)
    wizard.show()
    assert len(wizard.pageIds()) >= 5  # every page's widgets are its children, walked even when not shown
    assert_chinese(wizard, services)


def test_pdf_page_picker_is_chinese_before_and_after_printing(qtbot, zh_window, services, tmp_path):
    from tests.documents import pdfs

    path = tmp_path / "label.pdf"
    path.write_bytes(pdfs.text_pdf(pages=3))
    zh_window.open_path(path)
    qtbot.waitUntil(lambda: getattr(zh_window, "document_dialog", None) is not None, timeout=15_000)
    dialog = zh_window.document_dialog
    qtbot.waitUntil(lambda: dialog.preview.image() is not None, timeout=15_000)
    assert_chinese(dialog, services)
    dialog.range.setText("2")
    dialog.print_pages()
    printed = QCoreApplication.translate("DocumentDialog", "Printed. Pages: {0}.").format(1)
    qtbot.waitUntil(lambda: dialog.message.text() == printed, timeout=30_000)
    assert_chinese(dialog, services)


def test_incoming_jobs_panel_is_chinese_with_a_job_waiting_and_printed(qtbot, zh, services):
    from phocol_desktop.services.system_printer import PURPOSE
    from phocol_desktop.ui.main_window import MainWindow
    from tests.documents import pdfs
    from tests.ui.test_incoming_jobs import start_job

    services.settings_set("system_queue", "Phocol")  # the user added the system printer earlier
    services.privacy_decide(PURPOSE, "allow")
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    thread, answer = start_job(services.system_queue.socket_path, pdfs.text_pdf(pages=2), "发票 42")  # the user's title
    qtbot.waitUntil(lambda: win.incoming.jobs.count() == 1, timeout=15_000)
    assert_chinese(win.incoming, services)
    win.incoming.print_button.click()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)
    assert answer["result"] == "printed", answer
    assert_chinese(win.incoming, services)
    win.background.wait_idle()


def test_errors_are_worded_in_chinese(qtbot, zh_window, services, tmp_path):
    """Errors are composed below the UI: their marked reasons and advice reach the message box translated."""
    from phocol_desktop.transport.ble_errors import NO_ADAPTER, BluetoothUnavailable

    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a photo")
    zh_window._last_error = None
    zh_window.open_path(broken)  # the real path: the loader's typed error, worded by the window
    qtbot.waitUntil(lambda: getattr(zh_window, "_last_error", None) is not None, timeout=15_000)
    assert "broken.jpg" in zh_window._last_error.text()
    assert_chinese(zh_window._last_error, services)
    zh_window.show_error(BluetoothUnavailable(NO_ADAPTER))  # the no-adapter error of a bare computer
    assert zh_window._last_error.text().startswith("这台电脑上没有找到蓝牙适配器。请打开蓝牙")  # no space after 。
    assert_chinese(zh_window._last_error, services)
    assert_chinese(zh_window, services)  # the status line says it too


def test_a_fault_mid_print_is_worded_in_chinese(qtbot, zh_window, services, photo, monkeypatch):
    from phocol_desktop.emulator import virtual_printer
    from phocol_desktop.emulator.scenario import Scenario

    class RollRunsOut(virtual_printer.VirtualPrinter):
        def __init__(self, model, scenario=None, **kw):
            super().__init__(model, Scenario.from_json('{"faults": [{"kind": "paper_out", "at_row": 30}]}'), **kw)

    open_photo(qtbot, zh_window, photo)
    monkeypatch.setattr(virtual_printer, "VirtualPrinter", RollRunsOut)
    zh_window.print_photo()
    qtbot.waitUntil(lambda: zh_window.print_handle is None, timeout=60_000)
    assert "打印机缺纸。" in zh_window.print_panel.message.text()  # the fault (status words) inside the error's words
    assert_chinese(zh_window, services)


def test_the_command_line_keeps_the_english_error():
    from phocol_desktop.transport.ble_errors import NO_ADAPTER, BluetoothUnavailable

    error = BluetoothUnavailable(NO_ADAPTER)
    assert error.user_message() == ("No Bluetooth adapter was found on this computer. Switch Bluetooth on (or plug "
                                    "in an adapter), then try again. The virtual printer works without it.")


def test_the_walk_finds_an_untranslated_label(qtbot, zh_window, services):
    # Guards the walk: English put on the window must be reported.
    zh_window.status("Printed.")
    assert any("Printed" in line for line in leftovers(zh_window, services))


# ------------------------------------------------------------------------------------------ the detector
@pytest.mark.parametrize("text", ["Open photo", "打开 photo", "Paper: loaded", "<b>Printed</b> 100%"])
def test_the_detector_finds_english(text):
    assert english_words(text, ALLOWED)


@pytest.mark.parametrize("text", ["打开照片(&O)…", "Phocol 蓝牙", "M02S · 384 点", "已保存为 paper-1.png",
                                  "/home/a/b c/photo.jpg", "privacy@phocol.example", "SHA-256 c837526d73e32a8ad3e5",
                                  "Floyd–Steinberg", "<b>已打印</b>"])
def test_the_detector_lets_chinese_names_and_paths_pass(text):
    assert not english_words(text, ALLOWED)


# ----------------------------------------------------------------------------------- 您, and a missing font
def test_chinese_addresses_the_user_as_nin_throughout():
    """The polite 您 everywhere: no 你 (or its plural 你们) in the UI catalogue or the notice and prompt texts."""
    from importlib import resources

    folder = resources.files("phocol_desktop.assets").joinpath("i18n")
    for name in ("phocol_zh_CN.ts", "catalog_zh_CN.json"):
        text = folder.joinpath(name).read_text(encoding="utf-8")
        lines = [line.strip() for line in text.splitlines() if "你" in line]
        assert not lines, f"{name} uses 你 where the app says 您:\n" + "\n".join(lines)


def test_a_missing_chinese_font_is_said_once_in_the_window_and_logged(qtbot, zh, services, monkeypatch, caplog):
    from phocol_desktop.ui import i18n
    from phocol_desktop.ui.main_window import MainWindow

    asked = []
    monkeypatch.setattr(i18n, "font_families", lambda ws: asked.append(ws) or [])  # a system without CJK fonts
    with caplog.at_level("WARNING", logger="phocol_desktop.ui.i18n"):
        win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    assert asked == [QFontDatabase.WritingSystem.SimplifiedChinese]
    assert win.font_banner.isVisible()
    assert "No installed font can show Simplified Chinese" in win.font_warning.text()  # readable without the font
    assert "没有任何已安装的字体能显示简体中文" in win.font_warning.text()
    assert [r.getMessage() for r in caplog.records].count(
        "no installed font can show the UI language zh_CN (SimplifiedChinese); the UI will show boxes") == 1
    win.font_banner.findChild(QPushButton).click()
    assert not win.font_banner.isVisible()
    win.background.wait_idle()


def test_no_font_warning_with_a_chinese_font_installed_or_in_english(qtbot, services, qapp, monkeypatch):
    from phocol_desktop.ui import i18n
    from phocol_desktop.ui.main_window import MainWindow

    assert i18n.font_families(QFontDatabase.WritingSystem.SimplifiedChinese), "a CJK font (fonts-noto-cjk) is needed"
    services.ui_locale = "zh_CN"
    try:
        with_font = MainWindow(services)
        qtbot.addWidget(with_font)
        assert with_font.font_banner.isHidden() and with_font.font_warning.text() == ""
    finally:
        services.ui_locale = "en"
    monkeypatch.setattr(i18n, "font_families", lambda ws: [])
    english = MainWindow(services)  # English needs no extra font, whatever is installed
    qtbot.addWidget(english)
    assert english.font_banner.isHidden()
    with_font.background.wait_idle()
    english.background.wait_idle()
