"""Add, remove and inspect the "Phocol" queue of the computer's CUPS (Linux, macOS), with CUPS's own tools.

    queue = CupsQueue("Phocol")
    queue.install(model, socket_path)        # backend (if missing) + PPD + lpadmin
    queue.status(socket_path)                # QueueStatus
    queue.remove()

The queue is ``lpadmin -p NAME -E -v phocol:SOCKET -P GENERATED.ppd``: its device URI names the running
app's Unix socket, its PPD gives the printer model's media sizes as page sizes and declares that the
printer takes PDF as it is (``*cupsFilter: "application/pdf 0 -"``), so cupsd passes the application's
PDF to the backend unchanged. ``CUPS_SERVER`` (e.g. a private cupsd's socket path) is honoured because
every command runs ``lpadmin``/``lpstat`` with the environment as it is. No TCP: CUPS's tools talk to
cupsd over its Unix socket (/run/cups/cups.sock by default, or CUPS_SERVER).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

DEFAULT_QUEUE = "Phocol"
SCHEME = "phocol"
BACKEND_NAME = "phocol"
SERVERBIN_ENV = "PHOCOL_CUPS_SERVERBIN"  # where cupsd runs backends from (a private cupsd's ServerBin)
SERVERBIN_CANDIDATES = ("/usr/lib/cups", "/usr/libexec/cups")
ROLL_PAGE_MM = 100.0  # the page length offered for continuous paper (any length prints; this is a default)
TOOL_TIMEOUT_S = 30.0
_QUEUE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
PT_PER_MM = 72 / 25.4


class CupsError(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Check that CUPS is installed and running (`lpstat -r`), then try again.")


class BackendNotInstalled(CupsError):
    pass


@dataclass(frozen=True)
class QueueStatus:
    name: str
    installed: bool
    device_uri: str | None
    state: str  # lpstat's line for the queue, e.g. "printer Phocol is idle.  enabled since …"
    waiting_jobs: int
    receiver_running: bool
    backend_installed: bool


def device_uri(socket_path: Path) -> str:
    return f"{SCHEME}:{socket_path}"


def serverbin() -> Path:
    override = os.environ.get(SERVERBIN_ENV)
    if override:
        return Path(override)
    for candidate in SERVERBIN_CANDIDATES:
        if os.path.isdir(candidate):
            return Path(candidate)
    return Path(SERVERBIN_CANDIDATES[0])


def backend_source() -> str:
    """The backend as installed: services/cups_backend.py run by the system's Python in isolated mode."""
    text = resources.files("phocol_desktop.services").joinpath("cups_backend.py").read_text(encoding="utf-8")
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    return f"#!{python} -I\n" + text


def _pt(mm: float) -> str:
    return f"{mm * PT_PER_MM:.2f}"


def ppd_text(model: PrinterModel, queue: str) -> str:
    """A PPD whose page sizes are the model's papers; the printer takes PDF unchanged (no CUPS filter)."""
    sizes: list[tuple[str, str, float, float]] = []
    for paper in model.media_presets:
        if paper.length_mm is None:
            key = f"Roll{paper.width_mm:g}x{ROLL_PAGE_MM:g}mm".replace(".", "_")
            sizes.append((key, f"{paper.width_mm:g} mm roll, {ROLL_PAGE_MM:g} mm pages", paper.width_mm, ROLL_PAGE_MM))
        else:
            key = f"Label{paper.width_mm:g}x{paper.length_mm:g}mm".replace(".", "_")
            sizes.append((key, f"{paper.width_mm:g} x {paper.length_mm:g} mm label", paper.width_mm, paper.length_mm))
    default = sizes[0][0]
    lines = [
        '*PPD-Adobe: "4.3"',
        '*FormatVersion: "4.3"',
        '*FileVersion: "1.0"',
        "*LanguageVersion: English",
        "*LanguageEncoding: ISOLatin1",
        '*PCFileName: "PHOCOL.PPD"',
        '*Manufacturer: "Phocol"',
        '*Product: "(Phocol Desktop)"',
        f'*ModelName: "Phocol Desktop {model.id}"',
        '*ShortNickName: "Phocol Desktop"',
        f'*NickName: "Phocol Desktop ({_latin1(model.display_name)})"',
        '*PSVersion: "(3010.000) 0"',
        '*LanguageLevel: "3"',
        "*ColorDevice: False",
        "*DefaultColorSpace: Gray",
        "*FileSystem: False",
        '*Throughput: "1"',
        "*LandscapeOrientation: Plus90",
        "*TTRasterizer: Type42",
        "*% The printer takes PDF as it is: cupsd hands the application's PDF to the phocol backend unchanged.",
        '*cupsFilter: "application/pdf 0 -"',
        "*OpenUI *PageSize/Media Size: PickOne",
        "*OrderDependency: 10 AnySetup *PageSize",
        f"*DefaultPageSize: {default}",
    ]
    for key, label, w, h in sizes:
        lines.append(f'*PageSize {key}/{label}: "<</PageSize[{_pt(w)} {_pt(h)}]/ImagingBBox null>>setpagedevice"')
    lines += ["*CloseUI: *PageSize", "*OpenUI *PageRegion/Media Size: PickOne",
              "*OrderDependency: 10 AnySetup *PageRegion", f"*DefaultPageRegion: {default}"]
    for key, label, w, h in sizes:
        lines.append(f'*PageRegion {key}/{label}: "<</PageSize[{_pt(w)} {_pt(h)}]/ImagingBBox null>>setpagedevice"')
    lines += ["*CloseUI: *PageRegion", f"*DefaultImageableArea: {default}"]
    for key, label, w, h in sizes:
        lines.append(f'*ImageableArea {key}/{label}: "0 0 {_pt(w)} {_pt(h)}"')
    lines.append(f"*DefaultPaperDimension: {default}")
    for key, label, w, h in sizes:
        lines.append(f'*PaperDimension {key}/{label}: "{_pt(w)} {_pt(h)}"')
    lines.append(f"*% Queue {queue}: generated by phocol-desktop system-printer install")
    return "\n".join(lines) + "\n"


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1").replace('"', "'")


class CupsQueue:
    def __init__(self, name: str = DEFAULT_QUEUE) -> None:
        if not _QUEUE_NAME.match(name or ""):
            raise CupsError(f"{name!r:.70} is not a printer queue name.",
                            "Use letters, digits, '-', '_' or '.', at most 64 characters (no spaces).")
        self.name = name

    # ---------------------------------------------------------------------------------------------- tools

    @staticmethod
    def _tool(name: str) -> str:
        path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)),
                                          None)
        if path is None:
            raise CupsError(f"CUPS's {name} is not installed.",
                            "Install CUPS (Debian/Ubuntu: sudo apt install cups-daemon cups-client).")
        return path

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run([self._tool(tool), *args], capture_output=True, text=True, timeout=TOOL_TIMEOUT_S,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise CupsError(f"CUPS's {tool} did not answer within {TOOL_TIMEOUT_S:g} s.") from None
        if check and done.returncode != 0:
            message = (done.stderr or done.stdout).strip().splitlines()
            raise CupsError(f"{tool} failed: {message[-1] if message else f'exit {done.returncode}'}.")
        return done

    # ------------------------------------------------------------------------------------------ install

    def backend_path(self) -> Path:
        return serverbin() / "backend" / BACKEND_NAME

    def backend_current(self) -> bool:
        try:
            return self.backend_path().read_text(encoding="utf-8") == backend_source()
        except OSError:
            return False

    def install_backend(self, staging_dir: Path) -> Path:
        """Put the backend where cupsd runs backends (0700 root: cupsd runs it as root). Without the rights
        to do so, write it to ``staging_dir`` and say the one command an administrator runs."""
        target = self.backend_path()
        source = backend_source()
        try:
            fd, tmp = tempfile.mkstemp(prefix=".phocol-", dir=target.parent)
        except OSError:
            staging_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            staged = staging_dir / "phocol-cups-backend"
            staged.write_text(source, encoding="utf-8")
            os.chmod(staged, 0o600)
            raise BackendNotInstalled(
                f"Adding the queue needs the Phocol backend in {target.parent}, which only an administrator can "
                "write.", f"Run: sudo install -o root -m 0700 {staged} {target} — then run this command again."
            ) from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(source)
            os.chmod(tmp, 0o700)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def install(self, model: PrinterModel, socket_path: Path, staging_dir: Path) -> None:
        if not self.backend_current():
            self.install_backend(staging_dir)
        with tempfile.TemporaryDirectory(prefix="phocol-ppd-") as tmp:
            ppd = Path(tmp) / f"{self.name}.ppd"
            ppd.write_text(ppd_text(model, self.name), encoding="latin-1")
            # lpadmin (running as this user) reads it and uploads it to cupsd, which keeps its own copy.
            self._run("lpadmin", "-p", self.name, "-E", "-v", device_uri(socket_path), "-P", str(ppd),
                      "-D", f"Phocol Desktop ({model.display_name})", "-L", "Phocol Desktop on this computer",
                      "-o", "printer-is-shared=false", "-o", "printer-error-policy=abort-job")

    def remove(self) -> bool:
        """Delete the queue (its waiting jobs are cancelled by CUPS). False when there was none."""
        if not self.status_line():
            return False
        self._run("lpadmin", "-x", self.name)
        return True

    # ------------------------------------------------------------------------------------------- status

    def status_line(self) -> str:
        done = self._run("lpstat", "-p", self.name, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    def device(self) -> str | None:
        done = self._run("lpstat", "-v", self.name, check=False)
        if done.returncode != 0:
            return None
        line = done.stdout.strip()
        return line.split(": ", 1)[1] if ": " in line else None

    def waiting_jobs(self) -> int:
        done = self._run("lpstat", "-o", self.name, check=False)
        return len([line for line in done.stdout.splitlines() if line.strip()]) if done.returncode == 0 else 0

    def status(self, receiver_running: bool) -> QueueStatus:
        state = self.status_line()
        return QueueStatus(self.name, bool(state), self.device() if state else None, state,
                           self.waiting_jobs() if state else 0, receiver_running, self.backend_current())
