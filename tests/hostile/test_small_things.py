"""The smaller things of issue #12, one test each."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from phocol_desktop.cli import describe_os_error, main

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(120)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main([str(a) for a in argv], stdout=out, stderr=err)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def cli(*argv, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "phocol_desktop", *map(str, argv)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})}, timeout=60, **kw)


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    p = tmp_path / "p.png"
    Image.new("L", (40, 30), 100).save(p)
    return p


def test_an_out_of_range_option_is_a_usage_error_not_a_damaged_project(photo, tmp_path, capsys):
    code, _out, _err = run("render", photo, "--strength", "999", "-o", tmp_path / "o.png")
    err = capsys.readouterr().err
    assert code == 2 and "--strength" in err and "999 is outside 0..100" in err
    assert "project" not in err.lower()


def test_an_os_error_names_the_file_and_the_right_advice():
    line = describe_os_error(IsADirectoryError(errno.EISDIR, "Is a directory", "/home/u/Pictures/out.png"))
    assert "out.png" in line and "folder" in line and "disk space" not in line and "Pictures" not in line
    assert "Free some disk space" in describe_os_error(OSError(errno.ENOSPC, "No space left on device", "x"))


def test_revoking_core_processing_says_what_it_is(private_dirs):
    code, _out, err = run("privacy", "revoke", "core.print_and_edit")
    assert code == 1 and "not included in this build" not in err
    assert "never optional" in err or "cannot be switched off" in err


@pytest.mark.parametrize("argv", [("print", "{photo}", "--printer", ""), ("status", "--printer", " "),
                                  ("trace", "replay", "x.json", "--printer", "")])
def test_an_empty_printer_is_a_usage_error_before_any_permission(private_dirs, photo, argv, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # a prompt would read this
    code, out, _err = run(*[a.format(photo=photo) for a in argv])
    assert code == 2 and "--printer" in capsys.readouterr().err
    assert sys.stdin.read() == "y\n"  # nobody asked
    ledger = private_dirs / "data" / "privacy"
    recs = [json.loads(x) for p in ledger.glob("ledger-*.jsonl") for x in p.read_bytes().splitlines()]
    assert not [r for r in recs if r["type"].startswith("permission")]


def test_replay_never_reports_infinite_times(tmp_path, photo, capsys):
    t = tmp_path / "t.btsnoop"
    assert run("print", photo, "--printer", "virtual", "--trace", t)[0] == 0
    code, _out, _err = run("trace", "replay", t, "--drain", "inf")
    assert code == 2 and "--drain" in capsys.readouterr().err
    bad = tmp_path / "inf.json"
    bad.write_text('{"schema": "phocol.trace/1", "meta": {}, "events": [{"t": 1e999, "kind": "write", "hex": "1b40"}]}')
    code, out, err = run("trace", "replay", bad, "--printer", "virtual", "--fast")
    assert code == 1 and "inf" not in out + err.replace("inflates", "")
    code, out, err = run("trace", "replay", t, "--printer", "virtual", "--fast")
    assert code == 0 and "inf" not in out


def test_a_broken_pipe_is_not_reported_as_a_disk_problem(tmp_path):
    env = {"PHOCOL_DESKTOP_DATA_DIR": str(tmp_path / "d")}
    proc = subprocess.Popen([sys.executable, "-m", "phocol_desktop", "privacy", "notice"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO), **env})
    proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    proc.stderr.close()
    assert "disk" not in err and "Traceback" not in err and "Broken pipe" not in err, err


def test_no_decompression_bomb_or_numpy_warning_reaches_stderr(tmp_path):
    import numpy as np
    from PIL import Image

    bomb = tmp_path / "huge.png"
    Image.new("1", (9500, 9500), 1).save(bomb)  # 90 MP: over Pillow's warning limit and the app's own cap
    nan = tmp_path / "nan.tiff"
    Image.fromarray(np.full((64, 64), np.nan, np.float32), "F").save(nan)
    env = {"PHOCOL_DESKTOP_DATA_DIR": str(tmp_path / "d")}
    res = cli("render", bomb, "-o", tmp_path / "a.png", env=env)
    assert res.returncode == 1 and res.stderr.count("\n") == 1 and "Warning" not in res.stderr, res.stderr
    res = cli("render", nan, "-o", tmp_path / "b.png", env=env)
    assert "RuntimeWarning" not in res.stderr and "Warning" not in res.stderr, res.stderr


def test_a_photo_with_damaged_exif_prints_without_a_warning_on_stderr(tmp_path, photos):
    env = {"PHOCOL_DESKTOP_DATA_DIR": str(tmp_path / "d")}
    res = cli("render", photos.damaged_exif, "-o", tmp_path / "d.png", env=env)
    assert res.returncode == 0 and "Warning" not in res.stderr and "EXIF" not in res.stderr, res.stderr
