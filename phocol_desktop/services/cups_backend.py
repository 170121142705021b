"""The CUPS backend of the Phocol system printer queue (installed as ``<ServerBin>/backend/phocol``).

CUPS runs it once per job with the job's PDF: ``phocol JOB-ID USER TITLE COPIES OPTIONS [FILE]`` and the
queue's device URI in ``DEVICE_URI`` (``phocol:/run/user/1000/phocol-desktop/jobs.sock``). It hands the
document to the running Phocol Desktop over that Unix domain socket and waits for its answer. It opens
no other socket: no TCP, no UDP, not even loopback (docs/SYSTEM-PRINTER.md).

Standard library only, and self-contained: ``system-printer install`` copies this file as it is. It is
installed 0700 root, so cupsd runs it as root (backends with no "other" permission bits run as root); it
reads the spooled document, checks that the job's owner is the socket's owner, then drops to that user
before connecting, so the app sees its own uid on the socket (SO_PEERCRED) and nobody else's.

Exit codes (cups/backend.h): 0 printed; 6 CUPS_BACKEND_RETRY when the app is not running (the job stays
in the queue and CUPS retries it later); 5 CUPS_BACKEND_CANCEL when the user refused the job or the
document cannot be printed (the job is cancelled with the reason in its state message); 1 when printing
failed on the printer.
"""

from __future__ import annotations

import errno
import json
import os
import pwd
import socket
import stat
import sys

BACKEND_OK, BACKEND_FAILED, BACKEND_CANCEL, BACKEND_RETRY = 0, 1, 5, 6
SCHEME = "phocol"
PROTOCOL = "phocol-job/1"
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
MAX_REPLY_BYTES = 64 * 1024
CONNECT_TIMEOUT_S = 5.0
# The app may wait for the user to press Print or Cancel; CUPS shows the job as printing meanwhile.
ANSWER_TIMEOUT_S = 24 * 3600.0


def say(kind: str, message: str) -> None:
    """A line for cupsd: INFO/ERROR become the printer's and the job's state message."""
    print(f"{kind}: {message}", file=sys.stderr, flush=True)


def socket_path(uri: str) -> str:
    if not uri.startswith(f"{SCHEME}:"):
        raise ValueError("not a phocol: device URI")
    path = uri[len(SCHEME) + 1 :]
    while path.startswith("//"):
        path = path[1:]
    if not path.startswith("/") or not path.endswith(".sock") or "\x00" in path:
        raise ValueError("the device URI must name the app's socket, "
                         "e.g. phocol:/run/user/1000/phocol-desktop/jobs.sock")
    return path


def read_document(argv: list[str]) -> bytes:
    if len(argv) == 7:
        with open(argv[6], "rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
    else:
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(f"the document is larger than {MAX_DOCUMENT_BYTES // 2**20} MB")
    return data


def become_socket_owner(path: str, job_user: str) -> None:
    """Running as root: refuse jobs of anyone but the socket's owner, then become that user."""
    owner = os.stat(os.path.dirname(path)).st_uid
    if os.geteuid() != 0:
        return  # cupsd ran us as an ordinary user: the kernel's permissions decide
    try:
        job_uid = pwd.getpwnam(job_user).pw_uid
    except KeyError:
        job_uid = -1
    if job_uid != owner:
        raise PermissionError("this printer belongs to another user of this computer")
    if owner != 0:
        gid = os.stat(os.path.dirname(path)).st_gid
        os.setgroups([])
        os.setgid(gid)
        os.setuid(owner)


def exchange(path: str, header: dict, document: bytes) -> dict:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT_S)
        sock.connect(path)
        sock.settimeout(ANSWER_TIMEOUT_S)
        sock.sendall(json.dumps(header).encode() + b"\n")
        reader = sock.makefile("rb")
        first = json.loads(reader.readline(MAX_REPLY_BYTES) or b'{"result": "failed"}')
        if "result" in first:  # refused before the document was sent
            return first
        sock.sendall(document)
        while True:
            line = reader.readline(MAX_REPLY_BYTES)
            if not line:
                return {"result": "failed", "message": "Phocol Desktop closed the connection."}
            reply = json.loads(line)
            if "result" in reply:
                return reply
            if reply.get("state"):
                say("INFO", str(reply.get("message", ""))[:200])
    finally:
        sock.close()


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        return BACKEND_OK  # device discovery: a queue is added by `phocol-desktop system-printer install`
    if len(argv) not in (6, 7):
        say("ERROR", "usage: phocol job-id user title copies options [file]")
        return BACKEND_FAILED
    try:
        path = socket_path(os.environ.get("DEVICE_URI", ""))
        document = read_document(argv)
    except (OSError, ValueError) as exc:
        say("ERROR", f"Phocol: {exc}")
        return BACKEND_CANCEL
    try:
        info = os.stat(path)
        if not stat.S_ISSOCK(info.st_mode):
            raise FileNotFoundError(path)
        become_socket_owner(path, argv[2])
    except FileNotFoundError:
        return not_running()
    except PermissionError as exc:
        say("ERROR", f"Phocol: job refused: {exc}.")
        return BACKEND_CANCEL
    try:
        copies = max(1, min(99, int(argv[4])))
    except ValueError:
        copies = 1
    header = {"protocol": PROTOCOL, "job_id": argv[1], "title": argv[3][:200], "copies": copies,
              "size": len(document)}
    say("STATE", "-offline-report")
    say("INFO", "Sending the job to Phocol Desktop")
    try:
        reply = exchange(path, header, document)
    except OSError as exc:
        if exc.errno in (errno.ECONNREFUSED, errno.ENOENT):
            return not_running()
        say("ERROR", f"Phocol: the connection to Phocol Desktop failed ({os.strerror(exc.errno or 0)}).")
        return BACKEND_RETRY
    except ValueError:
        say("ERROR", "Phocol: Phocol Desktop gave an answer this backend does not understand.")
        return BACKEND_FAILED
    result, message = reply.get("result"), str(reply.get("message", ""))[:300]
    if result == "printed":
        say("INFO", message or "Printed")
        return BACKEND_OK
    if result == "retry":  # the app closed before the user decided: keep the job in the queue
        say("INFO", message or "The job waits in the queue")
        return BACKEND_RETRY
    if result == "refused":
        say("ERROR", f"Phocol: job refused: {message}")
        return BACKEND_CANCEL
    say("ERROR", f"Phocol: printing failed: {message}")
    return BACKEND_CANCEL if result == "unprintable" else BACKEND_FAILED


def not_running() -> int:
    say("STATE", "+offline-report")
    say("INFO", "Phocol Desktop is not running; the job waits in the queue until it starts")
    return BACKEND_RETRY


if __name__ == "__main__":
    sys.exit(main(sys.argv))
