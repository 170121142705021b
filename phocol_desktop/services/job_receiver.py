"""The receiving end of the system printer queue: documents other apps printed, handed over by the CUPS
backend (services/cups_backend.py) on a Unix domain socket in the app's private runtime directory.

    receiver = JobReceiver(socket_path, handle)     # handle(job, say) -> JobAnswer, on a worker thread
    receiver.start()                                # raises ReceiverUnavailable with a reason
    ...
    receiver.stop()

Security (docs/SYSTEM-PRINTER.md): the socket lives in a directory that must be ours and 0700, the socket
itself is 0600, and each connection's peer is checked with SO_PEERCRED where the OS offers it (Linux):
only a process running as this user is served (the backend drops to the socket owner's uid before it
connects). A document must be a PDF under the size cap; everything else is refused before anything is
rendered. No TCP/UDP socket is ever created: only ``AF_UNIX``.

Wire format (``phocol-job/1``), one JSON object per line, in turns so that nothing is ever sent into a
closed connection: the backend sends ``{"protocol", "job_id", "title", "copies", "size"}``; the app answers
``{"state": "ready"}`` (or a final answer: refused, unprintable); the backend sends exactly ``size`` bytes
of PDF; the app sends zero or more ``{"state", "message"}`` lines (shown as the CUPS job's state message)
and one final ``{"result": "printed"|"refused"|"failed"|"unprintable"|"retry", "message"}``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import socket
import stat
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.document import MAX_DOCUMENT_BYTES, DocumentError, open_document

log = logging.getLogger(__name__)

PROTOCOL = "phocol-job/1"
MAX_HEADER_BYTES = 16 * 1024
READ_TIMEOUT_S = 60.0  # a backend that stops sending mid-document is dropped
MAX_SOCKET_PATH = 104  # sun_path is 108 bytes on Linux, 104 on macOS
MAX_CONCURRENT_JOBS = 4  # more connections wait in the listen backlog (CUPS sends one job per queue anyway)

PRINTED, REFUSED, FAILED, UNPRINTABLE, RETRY = "printed", "refused", "failed", "unprintable", "retry"


class ReceiverUnavailable(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Close the other Phocol Desktop that is receiving jobs, or check the app's "
                                         "runtime folder.")


@dataclass(frozen=True, eq=False)
class IncomingJob:
    """A document another app printed to the Phocol queue. Only its title comes from the sender; CUPS gives
    no more about the sending app (its user name and host are deliberately not passed on)."""

    number: int  # this receiver's own counter, from 1
    cups_job_id: str
    title: str
    copies: int
    document: bytes = field(repr=False)
    page_count: int
    received_at: float


@dataclass(frozen=True)
class JobAnswer:
    result: str  # printed / refused / failed / unprintable / retry (CUPS keeps the job and tries again later)
    message: str = ""


Handler = Callable[[IncomingJob, Callable[[str], None]], JobAnswer]


def peer_uid(conn: socket.socket) -> int | None:
    """The connecting process's uid (Linux SO_PEERCRED), or None where the OS has no such option."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    creds = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid


def _private_dir(path: Path) -> None:
    """Create the socket's directory 0700 (and check an existing one is ours and private)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ReceiverUnavailable(f"The socket folder {path} is not a folder.")
    if info.st_uid != os.getuid():
        raise ReceiverUnavailable(f"The socket folder {path} belongs to another user.")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)


class JobReceiver:
    def __init__(self, socket_path: Path, handle: Handler) -> None:
        self.socket_path = Path(socket_path)
        self._handle = handle
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._numbers = itertools.count(1)
        self._workers: set[threading.Thread] = set()
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self) -> JobReceiver:
        path = self.socket_path
        if len(os.fsencode(path)) > MAX_SOCKET_PATH:
            raise ReceiverUnavailable(f"The socket path is {len(os.fsencode(path))} bytes long; Unix sockets allow "
                                      f"{MAX_SOCKET_PATH}.", "Use a shorter data folder.")
        _private_dir(path.parent)
        if path.exists() or path.is_symlink():
            if stat.S_ISSOCK(path.lstat().st_mode) and self.someone_listens(path):
                raise ReceiverUnavailable("Another Phocol Desktop is already receiving jobs from the system queue.")
            path.unlink()  # a stale socket of an app that did not stop cleanly
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)  # the socket is created 0600: no window in which others could connect
        try:
            listener.bind(os.fspath(path))
        except OSError as exc:
            listener.close()
            raise ReceiverUnavailable(f"Cannot listen on {path.name} ({exc.strerror}).") from None
        finally:
            os.umask(old_umask)
        os.chmod(path, 0o600)
        listener.listen(8)
        listener.settimeout(0.2)
        self._listener = listener
        self._stopping.clear()
        self._thread = threading.Thread(target=self._accept_loop, name="job-receiver", daemon=True)
        self._thread.start()
        log.info("system queue receiver listening")
        return self

    @staticmethod
    def someone_listens(path: Path) -> bool:
        """True when a receiver (this app, or `system-printer serve`) is listening on ``path``."""
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.settimeout(1.0)
        try:
            probe.connect(os.fspath(path))
        except OSError:
            return False
        finally:
            probe.close()
        return True

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            worker.join(timeout_s)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            with self._lock:
                busy = len(self._workers) >= MAX_CONCURRENT_JOBS
            if busy:  # bounded memory: at most this many documents are held at once
                time.sleep(0.05)
                continue
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                if self._stopping.is_set():
                    return
                time.sleep(0.1)
                continue
            worker = threading.Thread(target=self._serve, args=(conn,), name="job-receiver-conn", daemon=True)
            with self._lock:
                self._workers.add(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            with conn:
                answer = self._receive(conn)
                with contextlib.suppress(OSError):
                    conn.sendall(json.dumps({"result": answer.result, "message": answer.message}).encode() + b"\n")
        except Exception:  # one broken job must never stop the receiver
            log.exception("system queue job failed")
        finally:
            with self._lock:
                self._workers.discard(threading.current_thread())

    def _receive(self, conn: socket.socket) -> JobAnswer:
        conn.settimeout(READ_TIMEOUT_S)
        reader = conn.makefile("rb")
        try:
            line = reader.readline(MAX_HEADER_BYTES + 1)
            header = json.loads(line) if line.endswith(b"\n") else None
        except (ValueError, OSError):
            header = None
        # The header is read first in every case: answering before the sender's turn is over could reset
        # the connection and lose the answer.
        uid = peer_uid(conn)
        if uid is not None and uid != os.getuid():
            log.warning("system queue: connection from another user refused")
            return JobAnswer(REFUSED, "Phocol Desktop accepts jobs only from its own user.")
        if not isinstance(header, dict) or header.get("protocol") != PROTOCOL:
            return JobAnswer(UNPRINTABLE, "The job did not come from the Phocol backend.")
        size = header.get("size")
        if not isinstance(size, int) or not 0 < size <= MAX_DOCUMENT_BYTES:
            return JobAnswer(UNPRINTABLE, f"The document is empty or larger than {MAX_DOCUMENT_BYTES // 2**20} MB.")
        try:
            conn.sendall(b'{"state": "ready"}\n')
        except OSError:
            return JobAnswer(FAILED, "The backend went away.")
        try:
            document = reader.read(size)
        except OSError:
            return JobAnswer(FAILED, "The document did not arrive completely.")
        if len(document) != size:
            return JobAnswer(FAILED, "The document did not arrive completely.")
        try:
            with open_document(document, name="The document") as doc:
                pages = doc.page_count
        except DocumentError as exc:
            return JobAnswer(UNPRINTABLE, exc.user_message())
        copies = header.get("copies")
        job = IncomingJob(
            number=next(self._numbers), cups_job_id=str(header.get("job_id", ""))[:20],
            title=_clean_title(header.get("title")), copies=copies if isinstance(copies, int) and 0 < copies < 100
            else 1, document=document, page_count=pages, received_at=time.time())

        def say(message: str) -> None:
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps({"state": "info", "message": message[:200]}).encode() + b"\n")

        return self._handle(job, say)


def _clean_title(title: object) -> str:
    """The job's title as a single printable line (it is shown in the GUI and the log)."""
    if not isinstance(title, str):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in title).strip()
    return text[:120]


def default_socket_path(runtime_dir: Path) -> Path:
    return runtime_dir / "jobs.sock"


def platform_supported() -> bool:
    return sys.platform != "win32"
