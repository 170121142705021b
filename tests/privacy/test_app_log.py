"""Issue #16 item 8: the application log has a retention period (and obeys the print-history purpose)."""

from __future__ import annotations

import os
import time

from phocol_desktop.privacy.timebase import DAY


def log_line(epoch: float, text: str) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch)) + f",123 INFO phocol_desktop.x: {text}\n"


def test_app_log_entries_past_their_retention_are_purged_with_their_tracebacks(open_service, app_paths, fake_clock):
    svc = open_service()
    logs = app_paths.ensure(app_paths.logs)
    now = fake_clock.now()
    (logs / "phocol-desktop.log").write_text(
        log_line(now - 40 * DAY, "old entry") + "Traceback (most recent call last):\n  old frame\n"
        + log_line(now - 2 * DAY, "recent entry") + log_line(now - 31 * DAY, "another old one")
        + log_line(now - 60, "a minute ago"), encoding="utf-8")
    backup = logs / "phocol-desktop.log.1"
    backup.write_text(log_line(now - 50 * DAY, "rotated long ago"), encoding="utf-8")
    os.utime(backup, (now - 50 * DAY, now - 50 * DAY))
    results = {r.category: r for r in svc.run_retention()}
    assert results["app_log"].deleted_count == 3
    text = (logs / "phocol-desktop.log").read_text(encoding="utf-8")
    assert "recent entry" in text and "a minute ago" in text
    assert "old entry" not in text and "old frame" not in text and "another old one" not in text
    assert not backup.exists()
    purge = [r["payload"] for r in svc.store.records if r["type"] == "retention_purge"]
    assert any(p["category"] == "app_log" and p["deleted_count"] == 3 for p in purge)  # counts only, no text


def test_the_app_log_period_is_a_choice(open_service, app_paths, fake_clock):
    svc = open_service()
    svc.set_retention("app_log", 1)
    logs = app_paths.ensure(app_paths.logs)
    now = fake_clock.now()
    (logs / "phocol-desktop.log").write_text(log_line(now - 2 * DAY, "two days") + log_line(now - 3600, "an hour"),
                                             encoding="utf-8")
    svc.run_retention()
    text = (logs / "phocol-desktop.log").read_text(encoding="utf-8")
    assert "two days" not in text and "an hour" in text


def test_the_app_log_records_prints_only_while_print_history_is_on(private_dirs, tmp_path):
    import io

    from PIL import Image

    from phocol_desktop.cli import main

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        assert main(list(argv), stdout=out, stderr=err) == 0, err.getvalue()

    photo = tmp_path / "p.png"
    Image.new("RGB", (120, 80), (90, 90, 90)).save(photo)
    run("privacy", "revoke", "print-history")
    run("print", str(photo), "--printer", "virtual")
    log_file = next(private_dirs.rglob("phocol-desktop.log"))
    before = log_file.read_text(encoding="utf-8")
    assert "print job" not in before and "page 1 on virtual" not in before
    run("privacy", "grant", "print-history")
    run("print", str(photo), "--printer", "virtual")
    after = log_file.read_text(encoding="utf-8")
    assert "print job done" in after or "print job" in after
    assert "page 1 on virtual" in after
