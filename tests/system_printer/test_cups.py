"""The system printer queue against a real, private cupsd: install, print from `lp`, receiver down, refusal."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.imaging.pipeline import raster_image
from phocol_desktop.services.documents import DocumentPages
from tests.cli import run as cli
from tests.documents import pdfs

pytestmark = [pytest.mark.cups, pytest.mark.slow]


@pytest.fixture
def data_dir():
    path = Path(tempfile.mkdtemp(prefix="phd-", dir="/tmp"))  # short: the socket path must fit 104 bytes
    yield path
    shutil.rmtree(path, ignore_errors=True)


class Serve:
    """`system-printer serve` running in a thread of this process (so the network-ban hook watches it)."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.socket = data_dir / "run" / "jobs.sock"
        self.result: tuple | None = None
        self.thread = threading.Thread(
            target=lambda: setattr(self, "result", cli("--data-dir", str(data_dir), "system-printer", "serve", *args)),
            daemon=True)

    def __enter__(self) -> Serve:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.socket.exists():
            assert time.monotonic() < deadline and self.thread.is_alive(), self.result
            time.sleep(0.05)
        return self

    def wait(self, timeout: float = 60) -> tuple:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "serve did not finish"
        return self.result

    def __exit__(self, *exc) -> None:
        self.thread.join(1)


def job_states(cupsd, queue: str) -> dict[str, str]:
    """job id -> 'done' / 'waiting' from lpstat's completed and not-completed lists."""
    states = {}
    for which, word in (("completed", "done"), ("not-completed", "waiting")):
        out = cupsd.run("lpstat", "-W", which, "-o", queue, check=False).stdout
        for line in out.splitlines():
            if line.strip():
                states[line.split()[0]] = word
    return states


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def lp(cupsd, queue: str, path: Path, *extra: str) -> str:
    out = cupsd.run("lp", "-d", queue, *extra, str(path)).stdout
    return re.search(r"request id is (\S+)", out).group(1)


def expected_paper(document: Path, model) -> Image.Image:
    pages = DocumentPages(document).rendered(model)
    sheet = Image.new("1", (model.head_dots, sum(p.raster.height for p in pages)))
    top = 0
    for page in pages:
        sheet.paste(raster_image(page.raster), (0, top))
        top += page.raster.height
    return sheet


def test_install_print_from_lp_and_remove(cups_env, data_dir, tmp_path):
    cupsd, model = cups_env, load_model_table(None).default
    code, out, err = cli("--data-dir", str(data_dir), "system-printer", "install", "--name", "PhocolTest")
    assert code == 0, err
    # The backend is where cupsd runs backends from, 0700 root (so cupsd runs it as root, then it drops).
    backend = cupsd.backend_dir / "phocol"
    assert stat.S_IMODE(backend.stat().st_mode) == 0o700 and backend.stat().st_uid == 0
    # The queue: our socket as its device, the model's papers as its page sizes, never shared.
    assert cupsd.run("lpstat", "-v", "PhocolTest").stdout.strip().endswith(f"phocol:{data_dir}/run/jobs.sock")
    ppd = cupsd.root / "etc" / "ppd" / "PhocolTest.ppd"  # cupsd's own copy of the queue's PPD
    sizes = re.findall(r"^\*PageSize (\w+)/", ppd.read_text(encoding="latin-1"), re.M)
    assert sizes == ["Label50x30mm", "Label40x30mm", "Label50x50mm", "Roll57x100mm"]
    assert cupsd.run("cupstestppd", str(ppd), check=False).returncode == 0
    assert "printer-is-shared=false" in cupsd.run("lpoptions", "-p", "PhocolTest").stdout
    code, out, _ = cli("--data-dir", str(data_dir), "system-printer", "status", "--name", "PhocolTest")
    assert code == 0 and "Receiving jobs: no" in out

    one, multi = tmp_path / "one.pdf", tmp_path / "multi.pdf"
    one.write_bytes(pdfs.mixed_pdf())
    multi.write_bytes(pdfs.text_pdf(pages=3))
    papers = tmp_path / "papers"
    with Serve(data_dir, "--allow-jobs", "--paper-dir", str(papers), "--jobs", "2") as serve:
        first = lp(cupsd, "PhocolTest", one, "-t", "Shipping label")
        wait_until(lambda: job_states(cupsd, "PhocolTest").get(first) == "done", 30, "the first job")
        second = lp(cupsd, "PhocolTest", multi)
        code, out, err = serve.wait()
    assert code == 0, err
    assert "Job 1 \u201cShipping label\u201d: 1 page received." in out and "Job 2 \u201cmulti.pdf\u201d: printed" in out
    wait_until(lambda: job_states(cupsd, "PhocolTest").get(second) == "done", 30, "the second job")
    # The virtual printer's paper is the app's own render of the same document, dot for dot.
    for number, document in ((1, one), (2, multi)):
        paper = Image.open(papers / f"job-{number}.png").convert("1")
        expected = expected_paper(document, model)
        assert paper.size[0] == expected.size[0]
        assert paper.crop((0, 0, *expected.size)).tobytes() == expected.tobytes(), f"job {number}"
    # Recorded under the new purpose: activity (by the gate) and print history.
    from phocol_desktop.services.privacy import PrivacyService
    from phocol_desktop.storage.paths import resolve_paths

    service = PrivacyService.open(resolve_paths(data_dir))
    try:
        assert [a for a in service.data.activity.recent() if a.get("purpose_id") == "print.from_other_apps"]
        history = service.data.print_history.entries()
        assert [h["pages"] for h in history if h.get("source") == "system_queue"] == [1, 3]
    finally:
        service.close()

    code, out, _ = cli("--data-dir", str(data_dir), "system-printer", "remove", "--name", "PhocolTest")
    assert code == 0 and "Removed" in out
    assert cupsd.run("lpstat", "-p", "PhocolTest", check=False).returncode != 0
    code, out, _ = cli("--data-dir", str(data_dir), "system-printer", "status", "--name", "PhocolTest")
    assert "No printer queue PhocolTest" in out


def test_a_job_waits_while_the_app_is_not_running(cups_env, data_dir, tmp_path):
    cupsd, model = cups_env, load_model_table(None).default
    assert cli("--data-dir", str(data_dir), "system-printer", "install", "--name", "PhocolWait")[0] == 0
    document = tmp_path / "wait.pdf"
    document.write_bytes(pdfs.text_pdf(pages=2))
    job = lp(cupsd, "PhocolWait", document)
    log = cupsd.root / "log" / "error_log"
    wait_until(lambda: "Phocol Desktop is not running" in log.read_text(errors="replace"), 20, "the backend's message")
    time.sleep(2)
    assert job_states(cupsd, "PhocolWait").get(job) == "waiting"  # kept in the queue, not lost
    code, out, _ = cli("--data-dir", str(data_dir), "system-printer", "status", "--name", "PhocolWait")
    assert "Jobs waiting: 1" in out
    papers = tmp_path / "papers"
    with Serve(data_dir, "--allow-jobs", "--paper-dir", str(papers), "--jobs", "1") as serve:
        code, out, err = serve.wait(90)  # CUPS retries the held job on its own schedule
    assert code == 0 and "printed" in out, err
    paper = Image.open(papers / "job-1.png").convert("1")
    expected = expected_paper(document, model)
    assert paper.crop((0, 0, *expected.size)).tobytes() == expected.tobytes()
    wait_until(lambda: job_states(cupsd, "PhocolWait").get(job) == "done", 30, "the job to complete")
    cli("--data-dir", str(data_dir), "system-printer", "remove", "--name", "PhocolWait")


def test_a_job_the_user_refuses_fails_with_the_reason(cups_env, data_dir, tmp_path):
    cupsd = cups_env
    assert cli("--data-dir", str(data_dir), "system-printer", "install", "--name", "PhocolNo")[0] == 0
    assert cli("--data-dir", str(data_dir), "privacy", "revoke", "print.from_other_apps")[0] == 0
    document = tmp_path / "no.pdf"
    document.write_bytes(pdfs.text_pdf())
    papers = tmp_path / "papers"
    with Serve(data_dir, "--paper-dir", str(papers), "--jobs", "1") as serve:
        job = lp(cupsd, "PhocolNo", document)
        code, out, err = serve.wait()
    assert code == 0 and "refused" in out, out + err
    wait_until(lambda: job_states(cupsd, "PhocolNo").get(job) == "done", 30, "the job to end")
    details = cupsd.run("lpstat", "-W", "completed", "-l", "-o", "PhocolNo").stdout
    assert "job refused: Printing from other apps is not allowed" in details
    assert not papers.exists() or not any(papers.iterdir())  # nothing printed
    cli("--data-dir", str(data_dir), "system-printer", "remove", "--name", "PhocolNo")


def test_the_private_cupsd_has_no_tcp_or_udp_socket(cupsd):
    """Our cupsd config listens on a Unix socket only; check the running daemon's own file descriptors."""
    conf = (cupsd.root / "etc" / "cupsd.conf").read_text()
    assert not re.search(r"^\s*Port\b", conf, re.M) and not re.search(r"^\s*Listen\s+[^/\s]", conf, re.M)
    assert re.search(r"^Browsing No$", conf, re.M)
    inet_inodes = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        path = Path("/proc/net") / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                inet_inodes.add(line.split()[9])
    socket_inodes = set()
    for fd in os.listdir(f"/proc/{cupsd.process.pid}/fd"):
        target = os.readlink(f"/proc/{cupsd.process.pid}/fd/{fd}")
        if target.startswith("socket:["):
            socket_inodes.add(target[8:-1])
    assert socket_inodes, "cupsd should hold its Unix socket"
    assert not socket_inodes & inet_inodes


def test_install_without_rights_to_the_backend_folder_says_what_to_run(cups_env, data_dir, tmp_path, monkeypatch):
    readonly = tmp_path / "serverbin"
    (readonly / "backend").mkdir(parents=True)
    monkeypatch.setenv("PHOCOL_CUPS_SERVERBIN", str(readonly))
    os.chmod(readonly / "backend", 0o500)
    try:
        if os.access(readonly / "backend", os.W_OK):  # root ignores permission bits: use a read-only mount instead
            monkeypatch.setenv("PHOCOL_CUPS_SERVERBIN", "/proc/self")
        code, _, err = cli("--data-dir", str(data_dir), "system-printer", "install", "--name", "PhocolRo")
    finally:
        os.chmod(readonly / "backend", 0o700)
    assert code == 1 and "sudo install -o root -m 0700" in err
    assert cups_env.run("lpstat", "-p", "PhocolRo", check=False).returncode != 0


@pytest.mark.gui
def test_the_gui_adds_the_queue_and_prints_a_job_from_lp(qtbot, cups_env, data_dir, tmp_path):
    """Printer ▸ Add to the system's printers, then a real `lp` job through cupsd into the Incoming jobs panel."""
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.services.system_printer import PURPOSE
    from phocol_desktop.storage.paths import resolve_paths
    from phocol_desktop.ui.main_window import MainWindow

    cupsd = cups_env
    services = AppServices.start(resolve_paths(data_dir))
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        services.privacy_decide(PURPOSE, "allow")
        window.background.run(services.system_queue.install, window._system_printer_added, window.show_error)
        qtbot.waitUntil(lambda: services.system_queue.receiving, timeout=30_000)
        assert cupsd.run("lpstat", "-v", "Phocol").stdout.strip().endswith(str(services.system_queue.socket_path))
        document = tmp_path / "from-another-app.pdf"
        document.write_bytes(pdfs.text_pdf(pages=2))
        job = lp(cupsd, "Phocol", document, "-t", "Invoice from the mail app")
        qtbot.waitUntil(lambda: window.incoming.jobs.count() == 1, timeout=30_000)
        assert "Invoice from the mail app" in window.incoming.jobs.item(0).text()
        assert job_states(cupsd, "Phocol").get(job) == "waiting"  # CUPS shows it printing until the user decides
        window.incoming.print_button.click()
        qtbot.waitUntil(lambda: job_states(cupsd, "Phocol").get(job) == "done", timeout=60_000)
        expected = b"".join(r.data for r in DocumentPages(document, preset=services.default_preset())
                            .pages(services.current_model()))
        assert services.virtual_paper().data[: len(expected)] == expected
        window.close()
    finally:
        services.shutdown()
        cupsd.run("lpadmin", "-x", "Phocol", check=False)
