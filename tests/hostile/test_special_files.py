"""Class 3 of issue #12: a FIFO, socket, folder or /dev/zero given as any input (photo, project, design, PDF,
CSV, edits, trace, scenario, `emulate --input`) is refused at once with one line naming it; nothing blocks,
nothing reads forever; the GUI's loaders stay free and the window still opens the next photo and closes."""

from __future__ import annotations

import io

import pytest

from phocol_desktop.cli import main
from phocol_desktop.domain.safe_input import InputRefused, read_input
from tests.hostile.corpus import SPECIAL_KINDS, special_file

pytestmark = pytest.mark.timeout(60)  # on main a FIFO blocked forever: a regression fails here, not hangs


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def a_photo(tmp_path):
    from PIL import Image

    p = tmp_path / "ok.png"
    Image.new("L", (64, 48), 128).save(p)
    return p


# (file name the special file gets, argv using it as {f}, {photo} = a real photo, {out} = an output)
CASES = {
    "photo": ("x.png", ["render", "{f}", "-o", "{out}"]),
    "project": ("x.phocol", ["render", "{f}", "-o", "{out}"]),
    "design": ("x.json", ["render", "{f}", "-o", "{out}"]),
    "pdf": ("x.pdf", ["render", "{f}", "-o", "{out}"]),
    "csv": ("rows.csv", ["render", "--template", "qr-label", "--csv", "{f}", "-o", "{out}"]),
    "edits": ("edits.json", ["render", "{photo}", "--edits", "{f}", "-o", "{out}"]),
    "trace": ("t.btsnoop", ["trace", "decode", "{f}"]),
    "replay": ("t.json", ["trace", "replay", "{f}", "--printer", "virtual", "--fast"]),
    "scenario": ("s.json", ["print", "{photo}", "--printer", "virtual", "--scenario", "{f}"]),
    "emulate_input": ("bytes.bin", ["emulate", "--input", "{f}"]),
}


@pytest.mark.parametrize("kind", SPECIAL_KINDS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_special_file_as_any_input_is_refused_by_name(tmp_path, a_photo, case, kind):
    name, argv = CASES[case]
    with special_file(kind, tmp_path / "in", name) as f:
        args = [a.format(f=f, photo=a_photo, out=tmp_path / "out.png") for a in argv]
        code, _out, err = run(*args)
    assert code == 1, (case, kind, err)
    assert err.count("\n") == 1, err
    assert name in err or f.name in err, err
    assert any(w in err for w in ("not a regular file", "folder", "device", "pipe", "socket")), err
    assert not (tmp_path / "out.png").exists()


def test_the_shared_helper_counts_bytes_actually_read(tmp_path):
    """/dev/zero reports size 0 to stat(): the cap must apply to what is read, so the refusal is by kind."""
    with special_file("dev_zero", tmp_path, "z.json") as z, pytest.raises(InputRefused, match="device"):
        read_input(z, max_bytes=10, what="trace")
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 11)
    with pytest.raises(InputRefused, match="larger than"):
        read_input(big, max_bytes=10, what="trace")


@pytest.mark.gui
def test_the_gui_refuses_fifos_and_still_opens_the_next_photo_and_quits(qtbot, tmp_path, a_photo, window):
    from tests.ui.conftest import open_photo

    messages = []
    window.show_error = messages.append
    with special_file("fifo", tmp_path, "a.png") as f1, special_file("fifo", tmp_path, "b.phocol") as f2, \
            special_file("fifo", tmp_path, "c.png") as f3:
        for f in (f1, f3):
            window.open_path(f)
        window.open_project(f2)
        qtbot.waitUntil(lambda: len(messages) == 3, timeout=10_000)
    assert all("not a regular file" in m.user_message() for m in messages), messages
    open_photo(qtbot, window, a_photo)  # both loaders are free: the next photo opens
    assert window.photo is not None
    window.close()


def test_special_files_among_the_apps_own_crash_logs_are_skipped(app_paths):
    from phocol_desktop.storage.crashlogs import CrashLogs
    from phocol_desktop.storage.secrets import InstallSecrets

    logs = CrashLogs(app_paths, InstallSecrets(), now=lambda: 1.0, allow_plaintext=lambda: True)
    logs.dir.mkdir(parents=True, exist_ok=True)
    with special_file("fifo", logs.dir, "crash-1.log"), special_file("dev_zero", logs.dir, "crash-2.log"):
        assert logs.list() == []
        for name in ("crash-1.log", "crash-2.log"):
            with pytest.raises(InputRefused):
                logs.read(name)
