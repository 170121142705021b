"""The app's end of the system queue, without CUPS: the socket's permissions, who may connect, what is refused."""

from __future__ import annotations

import json
import os
import socket
import stat
import tempfile
import threading
from pathlib import Path

import pytest

from phocol_desktop.domain.errors import PermissionDenied
from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.services import cups_backend
from phocol_desktop.services.job_receiver import (
    PROTOCOL,
    IncomingJob,
    JobAnswer,
    JobReceiver,
    ReceiverUnavailable,
)
from phocol_desktop.services.system_printer import PURPOSE, IncomingJobs, PagesPrinted
from tests.documents import pdfs


@pytest.fixture
def sock_dir():
    path = Path(tempfile.mkdtemp(prefix="phr-", dir="/tmp"))
    yield path / "run"
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def send(path: Path, header: dict | bytes, body: bytes = b"") -> list[dict]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(os.fspath(path))
    s.sendall(header if isinstance(header, bytes) else json.dumps(header).encode() + b"\n")
    reader = s.makefile("rb")
    first = json.loads(reader.readline())
    if "result" in first:
        return [first]
    s.sendall(body)
    s.shutdown(socket.SHUT_WR)
    data = reader.read()
    s.close()
    return [json.loads(line) for line in data.splitlines()]


def header(doc: bytes, **kw) -> dict:
    return {"protocol": PROTOCOL, "job_id": "7", "title": "Invoice\x1b[31m 42", "copies": 1, "size": len(doc), **kw}


def test_socket_is_0600_in_a_0700_dir_and_jobs_are_handled(sock_dir):
    seen: list[IncomingJob] = []

    def handle(job, say):
        say("working")
        seen.append(job)
        return JobAnswer("printed", "ok")

    receiver = JobReceiver(sock_dir / "jobs.sock", handle).start()
    try:
        assert stat.S_IMODE(sock_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((sock_dir / "jobs.sock").stat().st_mode) == 0o600
        doc = pdfs.text_pdf(pages=2)
        replies = send(receiver.socket_path, header(doc), doc)
        assert replies[0] == {"state": "info", "message": "working"}  # after {"state": "ready"}
        assert replies[-1] == {"result": "printed", "message": "ok"}
        assert seen[0].page_count == 2 and seen[0].document == doc
        assert seen[0].title == "Invoice [31m 42"  # control characters never reach the GUI
    finally:
        receiver.stop()
    assert not (sock_dir / "jobs.sock").exists()


@pytest.mark.parametrize(("raw", "body", "expected"), [
    (b"GET / HTTP/1.1\r\n\r\n", b"", "did not come from the Phocol backend"),
    (b'{"protocol": "phocol-job/1", "size": 999999999999}\n', b"", "larger than"),
    (None, b"not a pdf at all", "not a PDF"),
    (None, pdfs.text_pdf(encrypt="pw"), "password"),
])
def test_bad_jobs_are_refused_before_rendering(sock_dir, raw, body, expected):
    handled = []
    receiver = JobReceiver(sock_dir / "jobs.sock", lambda job, say: handled.append(job)).start()
    try:
        replies = send(receiver.socket_path, raw if raw is not None else header(body), body)
        assert replies[-1]["result"] == "unprintable" and expected in replies[-1]["message"]
        assert handled == []
    finally:
        receiver.stop()


def test_a_truncated_document_fails_and_the_receiver_keeps_serving(sock_dir):
    receiver = JobReceiver(sock_dir / "jobs.sock", lambda job, say: JobAnswer("printed")).start()
    try:
        doc = pdfs.text_pdf()
        assert send(receiver.socket_path, header(doc), doc[:100])[-1]["result"] == "failed"
        assert send(receiver.socket_path, header(doc), doc)[-1]["result"] == "printed"
    finally:
        receiver.stop()


def test_a_second_receiver_is_refused_and_a_stale_socket_is_replaced(sock_dir):
    first = JobReceiver(sock_dir / "jobs.sock", lambda job, say: JobAnswer("printed")).start()
    try:
        with pytest.raises(ReceiverUnavailable, match="already receiving"):
            JobReceiver(sock_dir / "jobs.sock", lambda job, say: JobAnswer("printed")).start()
    finally:
        first.stop()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(os.fspath(sock_dir / "jobs.sock"))
    stale.close()  # left behind by a crashed app: nobody listens
    second = JobReceiver(sock_dir / "jobs.sock", lambda job, say: JobAnswer("printed")).start()
    second.stop()


def test_another_users_socket_folder_is_refused(sock_dir):
    sock_dir.mkdir(mode=0o700)
    os.chown(sock_dir, 65534, 65534)
    with pytest.raises(ReceiverUnavailable, match="another user"):
        JobReceiver(sock_dir / "jobs.sock", lambda job, say: JobAnswer("printed")).start()


def test_a_connection_from_another_uid_is_refused(sock_dir):
    """SO_PEERCRED: a process of another user (here: nobody) gets a refusal, the handler never runs."""
    handled = []
    receiver = JobReceiver(sock_dir / "jobs.sock", lambda job, say: handled.append(job)).start()
    os.chmod(sock_dir.parent, 0o711)
    os.chmod(sock_dir, 0o711)
    os.chmod(receiver.socket_path, 0o666)  # loosen only to let the other user reach it in this test
    doc = pdfs.text_pdf()  # made before the fork: the child only does socket calls (no locks to inherit)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: become nobody, connect, report the answer
        try:
            os.setgid(65534)
            os.setuid(65534)
            reply = send(receiver.socket_path, header(doc), doc)[-1]
            os.write(write_end, json.dumps(reply).encode())
        except BaseException as exc:
            os.write(write_end, json.dumps({"child_error": repr(exc)}).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    reply = json.loads(os.read(read_end, 4096))
    receiver.stop()
    assert reply.get("result") == "refused" and "its own user" in reply["message"], reply
    assert handled == []


def test_backend_refuses_another_users_job_and_retries_when_the_app_is_not_running(sock_dir, monkeypatch, capsys):
    doc_file = sock_dir.parent / "job.pdf"
    doc_file.write_bytes(pdfs.text_pdf())
    monkeypatch.setenv("DEVICE_URI", f"phocol:{sock_dir / 'jobs.sock'}")
    sock_dir.mkdir(mode=0o700)
    # Not running: the job stays in CUPS (RETRY) with a message saying why.
    assert cups_backend.main(["phocol", "1", "root", "t", "1", "", str(doc_file)]) == cups_backend.BACKEND_RETRY
    assert "Phocol Desktop is not running" in capsys.readouterr().err
    receiver = JobReceiver(sock_dir / "jobs.sock", lambda job, say: JobAnswer("printed", "Printed 1 page")).start()
    try:
        # A job of another user of this computer never reaches the app.
        assert cups_backend.main(["phocol", "2", "nobody", "t", "1", "", str(doc_file)]) == cups_backend.BACKEND_CANCEL
        assert "belongs to another user" in capsys.readouterr().err
        assert cups_backend.main(["phocol", "3", "root", "t", "1", "", str(doc_file)]) == cups_backend.BACKEND_OK
    finally:
        receiver.stop()
    monkeypatch.setenv("DEVICE_URI", "phocol://not-a-socket")
    assert cups_backend.main(["phocol", "4", "root", "t", "1", "", str(doc_file)]) == cups_backend.BACKEND_CANCEL


class _History:
    def __init__(self):
        self.entries = []

    def add(self, **fields):
        self.entries.append(fields)
        return True


def test_incoming_jobs_ask_the_gate_then_print_and_record(tmp_path):
    model = load_model_table(None).default
    asked, printed, history = [], [], _History()

    def require(purpose, *, feature):
        asked.append((purpose, feature))

    def print_pages(job, rasters):
        printed.append(rasters)
        return PagesPrinted(len(rasters))

    jobs = IncomingJobs(require=require, model=model, print_pages=print_pages, history=history)
    doc = pdfs.text_pdf(pages=3)
    job = IncomingJob(1, "5", "t", 2, doc, 3, 0.0)
    answer = jobs.handle(job, lambda message: None)
    assert answer.result == "printed" and "3 pages" in answer.message
    assert asked == [(PURPOSE, "system_queue_job")]
    from phocol_desktop.services.documents import DocumentPages

    assert printed[0] == DocumentPages(doc).pages(model)  # the same dots as `print doc.pdf`
    assert history.entries == [{"model_id": model.id, "copies": 2, "pages": 3, "result": "printed",
                                "purpose": PURPOSE, "source": "system_queue"}]


def test_a_refused_or_cancelled_job_prints_nothing():
    model = load_model_table(None).default
    printed = []

    def deny(purpose, *, feature):
        raise PermissionDenied("not allowed")

    jobs = IncomingJobs(require=deny, model=model, print_pages=lambda j, r: printed.append(r))
    job = IncomingJob(1, "5", "t", 1, pdfs.text_pdf(), 1, 0.0)
    assert jobs.handle(job, lambda m: None).result == "refused"
    cancelled = IncomingJobs(require=lambda p, *, feature: None, model=model,
                             print_pages=lambda j, r: printed.append(r), confirm=lambda job: False)
    assert cancelled.handle(job, lambda m: None) == JobAnswer("refused", "Cancelled in Phocol Desktop.")
    assert printed == []


def test_no_inet_socket_anywhere_in_the_queue_code():
    """The receiver and the backend use AF_UNIX only (the audit hook would also catch one at run time)."""
    import inspect

    from phocol_desktop.services import cups_queue, job_receiver, system_printer

    for module in (cups_backend, job_receiver, system_printer, cups_queue):
        source = inspect.getsource(module)
        assert "AF_INET" not in source and "create_connection" not in source and "getaddrinfo" not in source
    assert threading.active_count() >= 1


def test_at_most_four_jobs_are_held_at_once_and_the_rest_wait(sock_dir):
    from phocol_desktop.services.job_receiver import MAX_CONCURRENT_JOBS

    release, running, peak, lock = threading.Event(), [0], [0], threading.Lock()

    def handle(job, say):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        release.wait(20)
        with lock:
            running[0] -= 1
        return JobAnswer("printed")

    receiver = JobReceiver(sock_dir / "jobs.sock", handle).start()
    doc = pdfs.text_pdf()
    answers = []
    clients = [threading.Thread(target=lambda: answers.append(send(receiver.socket_path, header(doc), doc)[-1]))
               for _ in range(MAX_CONCURRENT_JOBS + 2)]
    try:
        for client in clients:
            client.start()
        import time

        time.sleep(1.5)
        assert peak[0] == MAX_CONCURRENT_JOBS
        release.set()
        for client in clients:
            client.join(20)
        assert [a["result"] for a in answers] == ["printed"] * (MAX_CONCURRENT_JOBS + 2)
    finally:
        release.set()
        receiver.stop()
