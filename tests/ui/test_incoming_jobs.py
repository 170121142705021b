"""The GUI's side of the system queue and of PDFs: a job from another app waits in the Incoming jobs panel
until Print or Cancel; a PDF opens in the page picker, whose preview is the exact dots and prints them."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from phocol_desktop.services import cups_backend
from phocol_desktop.services.documents import DocumentPages
from phocol_desktop.services.job_receiver import PROTOCOL
from phocol_desktop.services.system_printer import PURPOSE
from tests.documents import pdfs

pytestmark = pytest.mark.gui


@pytest.fixture
def queue_window(qtbot, services):
    from phocol_desktop.ui.main_window import MainWindow

    services.settings_set("system_queue", "Phocol")  # the user added the queue earlier
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.background.wait_idle()


def send_job(socket_path, document: bytes, title: str) -> dict:
    """What the CUPS backend does for a job, run in a thread: returns the app's final answer."""
    header = {"protocol": PROTOCOL, "job_id": "1", "title": title, "copies": 1, "size": len(document)}
    return cups_backend.exchange(str(socket_path), header, document)


def start_job(socket_path, document, title):
    answer: dict = {}
    thread = threading.Thread(target=lambda: answer.update(send_job(socket_path, document, title)), daemon=True)
    thread.start()
    return thread, answer


def test_a_job_waits_for_print_then_prints_the_exact_pages(qtbot, queue_window, services):
    win = queue_window
    services.privacy_decide(PURPOSE, "allow")
    assert services.system_queue.receiving and win.incoming.jobs.count() == 0
    document = pdfs.text_pdf(pages=2)
    thread, answer = start_job(services.system_queue.socket_path, document, "Invoice 42 - Mail")
    qtbot.waitUntil(lambda: win.incoming.jobs.count() == 1, timeout=15_000)
    assert win.incoming.isVisible()
    text = win.incoming.jobs.item(0).text()
    assert "Invoice 42 - Mail" in text and "Pages: 2" in text and "waiting for you" in text
    assert win.incoming.print_button.isEnabled()
    assert thread.is_alive()  # nothing prints before the user says so
    first = DocumentPages(document, preset=services.default_preset()).rendered(services.current_model())[0]
    shown = win.incoming.selected().preview  # the panel's preview is the first page's exact dots
    assert (shown.width, shown.height) == first.paper.size
    assert shown.data == np.packbits(np.asarray(first.paper) == 0, axis=1).tobytes()
    win.incoming.print_button.click()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)
    assert answer["result"] == "printed", answer
    qtbot.waitUntil(lambda: "printed" in win.incoming.jobs.item(0).text(), timeout=10_000)
    # The virtual printer's paper is the document's pages as `print doc.pdf` renders them.
    paper = services.virtual_paper()
    expected = b"".join(r.data for r in DocumentPages(document).pages(services.current_model()))
    assert paper.data[: len(expected)] == expected
    rows = services.privacy.data.activity.recent()
    assert any(r.get("purpose_id") == PURPOSE for r in rows)


def test_cancel_refuses_the_job_and_prints_nothing(qtbot, queue_window, services):
    win = queue_window
    services.privacy_decide(PURPOSE, "allow")
    thread, answer = start_job(services.system_queue.socket_path, pdfs.mixed_pdf(), "Photo")
    qtbot.waitUntil(lambda: win.incoming.jobs.count() == 1, timeout=15_000)
    win.incoming.cancel_button.click()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)
    assert answer == {"result": "refused", "message": "Cancelled in Phocol Desktop."}
    assert services.virtual_paper() is None
    qtbot.waitUntil(lambda: "cancelled" in win.incoming.jobs.item(0).text(), timeout=10_000)


def test_closing_the_app_hands_waiting_jobs_back_to_cups(qtbot, queue_window, services):
    services.privacy_decide(PURPOSE, "allow")
    thread, answer = start_job(services.system_queue.socket_path, pdfs.text_pdf(), "Later")
    qtbot.waitUntil(lambda: queue_window.incoming.jobs.count() == 1, timeout=15_000)
    services.system_queue.stop()
    thread.join(30)
    assert answer["result"] == "retry"  # the backend turns this into CUPS_BACKEND_RETRY: the job waits


def test_a_pdf_opens_in_the_page_picker_with_the_exact_dots(qtbot, window, services, tmp_path):
    path = tmp_path / "label.pdf"
    path.write_bytes(pdfs.text_pdf(pages=3))
    window.open_path(path)
    qtbot.waitUntil(lambda: getattr(window, "document_dialog", None) is not None, timeout=15_000)
    dialog = window.document_dialog
    assert dialog.pages.count() == 3 and dialog.range.text() == "1-3"
    qtbot.waitUntil(lambda: dialog.preview.image() is not None, timeout=15_000)
    model = services.current_model()
    pages = DocumentPages(path, preset=services.default_preset()).rendered(model)
    shown = dialog.preview.image()
    assert (shown.width(), shown.height()) == pages[0].paper.size
    ptr = shown.constBits()
    rows = np.frombuffer(bytes(ptr), dtype=np.uint8).reshape(shown.height(), shown.bytesPerLine())
    bits = np.unpackbits(rows, axis=1)[:, : shown.width()].astype(bool)
    assert (bits == (np.asarray(pages[0].paper) == 0)).all()  # the preview is the paper, dot for dot
    qtbot.waitUntil(lambda: not dialog.pages.item(2).icon().isNull(), timeout=15_000)  # thumbnails, off-thread
    dialog.range.setText("2-3")
    dialog.print_pages()
    qtbot.waitUntil(lambda: "Printed" in dialog.message.text(), timeout=30_000)
    expected = pages[1].raster.data + pages[2].raster.data
    assert services.virtual_paper().data[: len(expected)] == expected


def test_the_first_job_asks_in_context_and_a_refusal_fails_the_job(qtbot, queue_window, services, monkeypatch):
    asked = []

    def answer(request):
        asked.append(request.purpose_id)
        return "not_now"

    monkeypatch.setattr(queue_window, "ask_permission", answer)
    thread, result = start_job(services.system_queue.socket_path, pdfs.text_pdf(), "Refused")
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)  # the prompt is shown on the GUI thread
    assert asked == [PURPOSE]
    assert result["result"] == "refused" and "not allowed" in result["message"]
    assert services.virtual_paper() is None
    qtbot.waitUntil(lambda: "not allowed" in queue_window.incoming.jobs.item(0).text(), timeout=10_000)
