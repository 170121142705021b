"""A private cupsd for one test run: its own config, spool, state, logs and ServerBin, listening only on a
Unix domain socket in a fresh directory (no Port, no TCP Listen, no browsing). Several test runs can each
have one at the same time. Needs root (cupsd drops to lp for filters) and Debian's cups-daemon/cups-client.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

# cupsd and lpadmin live in /usr/sbin, which a non-login shell's PATH may lack.
SBIN_PATH = os.pathsep.join(["/usr/sbin", "/sbin", os.environ.get("PATH", "/usr/bin:/bin")])
CUPSD = shutil.which("cupsd", path=SBIN_PATH) or "/usr/sbin/cupsd"
SYSTEM_DATADIR = "/usr/share/cups"
SYSTEM_SERVERBIN = next((p for p in ("/usr/lib/cups", "/usr/libexec/cups") if os.path.isdir(p)), "/usr/lib/cups")

CUPSD_CONF = """\
# Private test cupsd: a Unix domain socket and nothing else (no Port, no host:port Listen, no browsing).
LogLevel debug
Listen {socket}
Browsing No
BrowseLocalProtocols none
DefaultShared No
WebInterface No
JobRetryInterval {retry_s}
JobRetryLimit {retry_limit}
PreserveJobHistory Yes
MaxJobs 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
ServerBin {root}/lib
DataDir {root}/share
RequestRoot {root}/spool
StateDir {root}/state
CacheDir {root}/cache
TempDir {root}/spool/tmp
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
FileDevice No
User lp
Group lp
SystemGroup root
"""


def available() -> str | None:
    """None when a private cupsd can run here, else why not."""
    if os.geteuid() != 0:
        return "cupsd tests need root"
    for tool in (CUPSD, "lpadmin", "lp", "lpstat", "cupstestppd"):
        if not shutil.which(tool, path=SBIN_PATH):
            return f"{tool} is not installed (Debian: cups-daemon, cups-client)"
    return None


class PrivateCupsd:
    def __init__(self, retry_s: int = 1, retry_limit: int = 1000) -> None:
        # Short path: a Unix socket path must fit in 108 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="phcups-", dir="/tmp"))
        os.chmod(self.root, 0o755)  # cupsd's lp user must reach its spool's temp dir
        self.socket = self.root / "cups.sock"
        self.backend_dir = self.root / "lib" / "backend"
        self.retry_s = retry_s
        self.retry_limit = retry_limit
        self.process: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket), "PATH": SBIN_PATH}

    def _layout(self) -> None:
        for sub in ("etc", "etc/ppd", "etc/ssl", "spool", "state", "cache", "log", "lib", "lib/backend", "share",
                    "share/mime"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "spool" / "tmp").mkdir(mode=0o1770, exist_ok=True)
        # A private ServerBin: the system's helpers (cups-exec, filters…) but a backend dir of our own, which
        # holds only what the test installs (the phocol backend).
        for entry in os.listdir(SYSTEM_SERVERBIN):
            if entry != "backend":
                target = self.root / "lib" / entry
                if not target.exists():
                    target.symlink_to(Path(SYSTEM_SERVERBIN) / entry)
        # A private DataDir: the system's, but MIME rules from cupsd's own mime.types only, so the tests see
        # what a machine with just cups-daemon sees (no cups-filters conversions, whatever is installed here).
        for entry in os.listdir(SYSTEM_DATADIR):
            if entry != "mime" and not (self.root / "share" / entry).exists():
                (self.root / "share" / entry).symlink_to(Path(SYSTEM_DATADIR) / entry)
        (self.root / "share" / "mime" / "mime.types").symlink_to(Path(SYSTEM_DATADIR) / "mime" / "mime.types")
        (self.root / "etc" / "cupsd.conf").write_text(CUPSD_CONF.format(socket=self.socket, retry_s=self.retry_s,
                                                                             retry_limit=self.retry_limit))
        (self.root / "etc" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=self.root))
        for sub in ("spool", "spool/tmp", "cache", "state"):
            shutil.chown(self.root / sub, "root", "lp")
            os.chmod(self.root / sub, 0o1770 if sub == "spool/tmp" else 0o770)

    def start(self, timeout_s: float = 20.0) -> PrivateCupsd:
        self._layout()
        self.process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(self.root / "etc" / "cupsd.conf"),
             "-s", str(self.root / "etc" / "cups-files.conf")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(self.root / "log" / "stderr", "wb"),
            start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"cupsd exited ({self.process.returncode}): {self.log_tail()}")
            if self.socket.exists() and self.run("lpstat", "-r", check=False).returncode == 0:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"cupsd did not start: {self.log_tail()}")

    def run(self, *argv: str, check: bool = True, timeout: float = 30) -> subprocess.CompletedProcess:
        return subprocess.run(argv, env=self.env, capture_output=True, text=True, check=check, timeout=timeout)

    def log_tail(self, lines: int = 40) -> str:
        text = ""
        for name in ("stderr", "error_log"):
            path = self.root / "log" / name
            if path.exists():
                text += path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
