"""Support bundle privacy (grep every member for this machine's user name, host name, home path and the
printer's address: none present), preview == written, gate + ledger; crash logs opt-in, redacted,
viewable, deletable, deleted on withdrawal (AT-32)."""

from __future__ import annotations

import faulthandler
import hashlib
import io
import json
import os
import pwd
import re
import subprocess
import sys
import textwrap
import threading
import zipfile
from pathlib import Path

import pytest

from phocol_desktop.cli import main
from phocol_desktop.domain.clock import SimClock
from phocol_desktop.privacy.gate import BLUETOOTH, Decision, PurposeDenied
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.services.privacy import PrivacyService
from phocol_desktop.services.support import SupportService
from phocol_desktop.storage.crypto import pseudonymise
from phocol_desktop.storage.logging_setup import LOG_FILE
from phocol_desktop.support.crash import CrashCapture
from phocol_desktop.support.trace import LINK, NOTIFY, WRITE, TraceRecorder
from tests.cli import run

PRINTER = "DC:0D:30:A1:B2:C3"
SERIAL = "Q198G5949230062"


def machine_identity():
    """Read in the TEST only (the app never may): the real user name, host name and home directory."""
    entry = pwd.getpwuid(os.getuid())
    try:
        host = Path("/etc/hostname").read_text().strip() or os.uname().nodename
    except OSError:
        host = os.uname().nodename
    return entry.pw_name, host, entry.pw_dir


def needles(user, host, real_home, test_home):
    compact = PRINTER.replace(":", "")
    out = {
        "printer address": [PRINTER, PRINTER.lower(), PRINTER.replace(":", "_"), PRINTER.replace(":", "-"),
                            compact, compact.lower()],
        "serial": [SERIAL],
        "test home": [str(test_home)],
        "photo name": ["holiday_at_grandmas"],
    }
    if real_home not in ("/", ""):
        out["real home"] = [real_home]
    # Short names ("vm", "root") also occur inside ordinary words: match them as whole words.
    out["user name"] = [user]
    out["host name"] = [host]
    return out


def found_in(text, needle):
    if len(needle) <= 4:
        return re.search(rf"(?<![A-Za-z0-9]){re.escape(needle)}(?![A-Za-z0-9])", text, re.IGNORECASE) is not None
    return needle.lower() in text.lower()


def support_with_history(app_paths, model_table, asker, user, host, real_home):
    privacy = PrivacyService.open(app_paths, asker=asker)
    privacy.grant(BLUETOOTH)
    privacy.remember_printer(PRINTER, f"M02-{user}", "phomemo.m02")
    test_home = Path.home()
    # app log lines as careless code might have written them
    logs = app_paths.ensure(app_paths.logs)
    (logs / f"{LOG_FILE}.1").write_text(f"2026-01-01 INFO old: opened {real_home}/Pictures/holiday_at_grandmas.jpg\n")
    (logs / LOG_FILE).write_text("\n".join([
        f"2026-01-02 INFO phocol_desktop.ui: opened {test_home}/Photos/holiday_at_grandmas.JPG",
        f"2026-01-02 INFO phocol_desktop.transport: connected {PRINTER} via /org/bluez/hci0/dev_"
        f"{PRINTER.replace(':', '_')}",
        f"2026-01-02 WARNING phocol_desktop.x: cache at /mnt/{host}/cache and C:\\Users\\{user}\\Pictures\\a.png",
        "2026-01-02 INFO phocol_desktop.print: job printed, 300 rows",
    ]) + "\n")
    clock = SimClock()
    recorder = TraceRecorder(clock.now)
    recorder.start(model_id="phomemo.m02", printer=pseudonymise(PRINTER, privacy.secrets), link="ble")
    recorder.record(LINK, b"", f"connected to {PRINTER}")
    recorder.record(WRITE, bytes.fromhex("1f1107"))
    recorder.record(NOTIFY, frames.firmware(3, 0, 1))
    recorder.record(WRITE, bytes.fromhex("1f1109"))
    recorder.record(NOTIFY, frames.serial(SERIAL))
    recorder.record(WRITE, bytes.fromhex("1b40"))
    return SupportService(app_paths, model_table, privacy, recorder)


def test_bundle_holds_no_user_host_home_or_printer_address(app_paths, model_table, tmp_path):
    user, host, real_home = machine_identity()
    asked = []

    def asker(request):
        asked.append(request)
        return Decision.ALLOW_ONCE

    support = support_with_history(app_paths, model_table, asker, user, host, real_home)
    plan = support.bundle_contents_preview()
    names = [n for n, _, _ in plan.preview()]
    assert names == ["versions.json", "printers.json", "settings.json", "log/recent.log", "traces/01-ble.json",
                     "traces/01-ble.btsnoop", "manifest.json"]
    assert not asked  # previewing asks nothing and records nothing
    descriptions = {n: d for n, _, d in plan.preview()}
    assert "printed picture" not in descriptions["traces/01-ble.json"]  # no raster in this session
    out = tmp_path / "bundle.zip"
    support.create_bundle(out, plan)
    assert out.read_bytes() == plan.zip_bytes()  # what was previewed is what was written
    assert [r.purpose_id for r in asked] == ["diag.share_once"]
    assert (out.stat().st_mode & 0o777) == 0o600

    with zipfile.ZipFile(out) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    assert list(members) == names
    for name, data in members.items():
        text = data.decode("latin-1")  # every byte maps to one char: binary members are searched too
        for what, variants in needles(user, host, real_home, Path.home()).items():
            for needle in variants:
                assert not found_in(text, needle), f"{what} {needle!r} found in {name}"
    assert not re.search(rb"[0-9A-Fa-f]{2}(?:[:_-][0-9A-Fa-f]{2}){5}", b"".join(members.values()))

    manifest = json.loads(members["manifest.json"])
    for f in manifest["files"]:
        assert hashlib.sha256(members[f["name"]]).hexdigest() == f["sha256"]
    printers_doc = json.loads(members["printers.json"])
    assert printers_doc["firmware_in_traces"] == [{"trace": "traces/01-ble.json", "model_id": "phomemo.m02",
                                                   "firmware": "3.0.1"}]
    printers = printers_doc["known_printers"]
    assert printers == [{"printer": pseudonymise(PRINTER, support.privacy.secrets), "model_id": "phomemo.m02",
                         "model": "Phomemo M02", "profile_unverified": printers[0]["profile_unverified"],
                         "firmware": "3.0.1"}]
    log_text = members["log/recent.log"].decode()
    assert "job printed, 300 rows" in log_text and "opened <path>" in log_text
    assert f"connected {pseudonymise(PRINTER, support.privacy.secrets)} via <path>" in log_text
    versions = json.loads(members["versions.json"])
    assert set(versions) >= {"app", "python", "qt_binding", "bleak", "os"}
    trace = json.loads(members["traces/01-ble.json"])
    assert frames.serial("*" * 15).hex() in [e["hex"] for e in trace["events"]]
    # creating it is recorded in the ledger as the consent for this one share
    recs = [r for r in support.privacy.store.records if r["type"] == "consent_decision"
            and r["payload"]["purpose_id"] == "diag.share_once"]
    assert len(recs) == 1 and recs[0]["payload"]["decision"] == "granted"


def test_refused_bundle_writes_nothing(app_paths, model_table, tmp_path):
    user, host, real_home = machine_identity()
    support = support_with_history(app_paths, model_table, lambda r: Decision.NOT_NOW, user, host, real_home)
    with pytest.raises(PurposeDenied):
        support.create_bundle(tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


def test_cli_bundle_lists_then_writes_with_yes_and_refuses_without(app_paths, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    code = main(["support", "bundle", str(tmp_path / "b.zip")], stdout=out, stderr=err)
    assert code == 1 and "--yes" in err.getvalue() and "manifest.json" in out.getvalue()
    assert not (tmp_path / "b.zip").exists()
    out, err = io.StringIO(), io.StringIO()
    assert main(["support", "bundle", str(tmp_path / "b.zip"), "--yes"], stdout=out, stderr=err) == 0, err.getvalue()
    listing = out.getvalue()
    assert listing.index("versions.json") < listing.index("Support bundle written")
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert "manifest.json" in zf.namelist()


# ------------------------------------------------------------------------------------------------ crash logs

@pytest.fixture
def restore_hooks():
    saved = sys.excepthook, threading.excepthook, faulthandler.is_enabled()
    yield
    sys.excepthook, threading.excepthook = saved[0], saved[1]
    if saved[2]:
        faulthandler.enable()
    else:
        faulthandler.disable()


def crash_once(message):
    try:
        raise RuntimeError(message)
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)


def test_crash_logs_off_until_opt_in_then_redacted_viewable_deletable(app_paths, model_table, restore_hooks,
                                                                      capsys):
    user, host, real_home = machine_identity()
    privacy = PrivacyService.open(app_paths)
    support = SupportService(app_paths, model_table, privacy)
    # the app's hooks chain to the previous ones; pytest's and pytest-qt's would fail the test on purpose
    threading.excepthook = lambda args: None
    sys.excepthook = lambda *args: None
    capture = support.install_crash_capture()
    # identifiers reach crash text through paths and addresses (the app cannot know bare words)
    secret = (f"cannot open {real_home}/Pictures/holiday_at_grandmas.jpg, {Path.home()}/x/{user}.png or "
              f"/mnt/{host}/share via {PRINTER}")
    crash_once(secret)
    assert support.crash_logs() == [] and not capture.armed and not capture.fault_path.exists()

    support.set_crash_logs_enabled(True)
    assert capture.armed and capture.fault_path.exists()
    crash_once(secret)
    worker = threading.Thread(target=lambda: 1 / 0, name="print-worker")
    worker.start()
    worker.join()
    logs = support.crash_logs()
    assert len(logs) == 2
    texts = [support.crash_log_text(c.name) for c in logs]
    assert "RuntimeError: cannot open" in texts[0] and "test_bundle_and_crash.py" in texts[0]
    assert "ZeroDivisionError" in texts[1] and "thread print-worker" in texts[1]
    for text in texts:
        for what, variants in needles(user, host, real_home, Path.home()).items():
            for needle in variants:
                if what != "serial":
                    assert not found_in(text, needle), f"{what} {needle!r} in a crash log"
    assert support.delete_crash_log(logs[0].name) and len(support.crash_logs()) == 1
    capsys.readouterr()

    # withdrawing stops capture and deletes every crash log and the pending fault file
    support.set_crash_logs_enabled(False)
    assert support.crash_logs() == [] and not capture.armed and not capture.fault_path.exists()
    crash_once("after withdrawal")
    assert support.crash_logs() == []
    withdrawals = [r for r in privacy.store.records if r["type"] == "withdrawal"]
    assert len(withdrawals) == 1 and withdrawals[0]["payload"]["effects"]["deleted_categories"]["crash_logs"] == 1


def test_fault_dump_from_a_previous_run_becomes_a_crash_log(app_paths, model_table, restore_hooks):
    privacy = PrivacyService.open(app_paths)
    support = SupportService(app_paths, model_table, privacy)
    support.set_crash_logs_enabled(True)
    capture = support.install_crash_capture()
    # what faulthandler writes at a hard fault, into the armed file
    capture.fault_path.write_text(f'Fatal Python error: Segmentation fault\n\nCurrent thread 0x1 (most recent call '
                                  f'first):\n  File "{Path.home()}/.venv/lib/python3.11/site-packages/PySide6/x.py"'
                                  f', line 5 in paint\n')
    capture.uninstall()
    again = SupportService(app_paths, model_table, privacy)
    again.install_crash_capture()
    logs = again.crash_logs()
    assert len(logs) == 1
    text = again.crash_log_text(logs[0].name)
    assert "hard fault" in text and 'File "PySide6/x.py", line 5 in paint' in text
    assert str(Path.home()) not in text
    assert again.capture.fault_path.read_bytes() == b""  # consumed; armed again for this run
    again.capture.uninstall()


def test_a_real_segfault_lands_in_the_armed_file(tmp_path):
    script = textwrap.dedent(f"""
        import faulthandler, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from pathlib import Path
        from phocol_desktop.support.crash import CrashCapture
        CrashCapture(print, lambda: True, Path({str(tmp_path)!r})).install()
        faulthandler._sigsegv()
    """)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, timeout=60)
    assert proc.returncode != 0
    dump = (tmp_path / "pending-fault.txt").read_text()
    assert "Segmentation fault" in dump and "Current thread" in dump
    assert (tmp_path / "pending-fault.txt").stat().st_mode & 0o777 == 0o600
    # the next start turns it into a crash log through the given recorder
    got = []
    cap = CrashCapture(got.append, lambda: True, tmp_path)
    cap.install()
    cap.uninstall()
    assert len(got) == 1 and "hard fault" in got[0] and str(tmp_path) not in got[0]


def test_crash_logs_go_into_a_bundle_only_when_included(app_paths, model_table, tmp_path, restore_hooks):
    privacy = PrivacyService.open(app_paths, asker=lambda r: Decision.ALLOW_ONCE)
    support = SupportService(app_paths, model_table, privacy, TraceRecorder(SimClock().now))
    support.set_crash_logs_enabled(True)
    privacy.record_crash(f"Traceback: boom in {Path.home()}/x.py")
    assert [n for n, _, _ in support.bundle_contents_preview().preview() if n.startswith("crash/")] == []
    plan = support.bundle_contents_preview(include_crash_logs=True)
    crash = [e for e in plan.entries if e.name.startswith("crash/")]
    assert len(crash) == 1 and b"boom in" in crash[0].data and str(Path.home()).encode() not in crash[0].data


def test_an_unawaited_task_failure_on_a_worker_loop_is_captured(tmp_path):
    import asyncio
    import gc

    got = []
    enabled = [False]
    capture = CrashCapture(got.append, lambda: enabled[0], tmp_path)

    async def boom():
        raise ValueError(f"bad chunk from {Path.home()}/photo.jpg")

    async def run():
        asyncio.get_running_loop().set_exception_handler(capture.asyncio_handler)
        asyncio.get_running_loop().create_task(boom())
        await asyncio.sleep(0.01)
        gc.collect()  # the task is dropped with its exception never retrieved: the loop reports it
        await asyncio.sleep(0)

    asyncio.run(run())
    assert got == []  # not opted in: nothing kept
    enabled[0] = True
    asyncio.run(run())
    assert len(got) == 1 and "ValueError: bad chunk from <home><path>" in got[0] and "asyncio worker loop" in got[0]


def test_cli_crash_logs_enable_list_show_delete_disable(app_paths, model_table):
    def cli(*argv):
        return run("support", "crash-logs", *argv)

    assert cli("list")[1].startswith("crash logs are off; 0 kept")
    code, out, _ = cli("enable")
    assert code == 0 and "encrypted" in out  # the tests' in-memory keyring counts as a keyring
    privacy = PrivacyService.open(app_paths)
    name = privacy.record_crash(f"Traceback: boom at {Path.home()}/a.py")
    privacy.close()
    code, out, _ = cli("list")
    assert "crash logs are on; 1 kept" in out and name in out
    code, out, _ = cli("show", name)
    assert code == 0 and "boom at" in out and str(Path.home()) not in out
    assert cli("delete", "crash-nope.log")[0] == 1
    assert cli("delete", name)[1].startswith("1 crash log(s) deleted")
    privacy = PrivacyService.open(app_paths)
    privacy.record_crash("second")
    privacy.close()
    code, out, _ = cli("disable")
    assert code == 0 and "1 crash log(s) deleted" in out
    assert cli("list")[1].startswith("crash logs are off; 0 kept")


def test_preview_says_when_a_trace_carries_the_printed_picture(app_paths, model_table):
    recorder = TraceRecorder(SimClock().now)
    recorder.start(link="virtual")
    recorder.record(WRITE, bytes.fromhex("1d76300001000100ff"))
    support = SupportService(app_paths, model_table, PrivacyService.open(app_paths), recorder)
    descriptions = {n: d for n, _, d in support.bundle_contents_preview().preview()}
    assert "includes the printed picture" in descriptions["traces/01-virtual.json"]
    assert "includes the printed picture" in descriptions["traces/01-virtual.btsnoop"]
