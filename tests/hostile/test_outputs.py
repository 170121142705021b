"""Class 5 of issue #12: an output never replaces one of the command's inputs (same path, symlink, hard link,
``..`` spelling), an existing file is replaced only with --overwrite (atomically), and ``--data-dir ""`` is
refused."""

from __future__ import annotations

import io
import os
import stat

import pytest

from phocol_desktop.cli import main

pytestmark = pytest.mark.timeout(120)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    from PIL import Image

    photo = tmp_path / "photo.png"
    Image.new("L", (60, 40), 90).save(photo)
    trace = tmp_path / "t.btsnoop"
    code, _, err = run("print", photo, "--printer", "virtual", "--trace", trace)
    assert code == 0, err
    (tmp_path / "sub").mkdir()
    return {"photo": photo, "trace": trace, "scenario": tmp_path / "s.json", "dir": tmp_path}


def spellings(path):
    """The same file under other names: itself, a symlink, a hard link, a path through '..'."""
    link = path.with_name("link-" + path.name)
    link.symlink_to(path)
    hard = path.with_name("hard-" + path.name)
    os.link(path, hard)
    return {"same": path, "symlink": link, "hardlink": hard, "dotdot": path.parent / "sub" / ".." / path.name}


COMMANDS = {
    "print_paper": lambda f, o: ("print", f["photo"], "--printer", "virtual", "--paper", o),
    "print_trace": lambda f, o: ("print", f["photo"], "--printer", "virtual", "--trace", o),
    "render": lambda f, o: ("render", f["photo"], "-o", o),
    "decode_render": lambda f, o: ("trace", "decode", f["trace"], "--render", o),
    "replay_paper": lambda f, o: ("trace", "replay", f["trace"], "--printer", "virtual", "--fast", "--paper", o),
    "bundle": lambda f, o: ("support", "bundle", o, "--yes", "--trace", f["trace"]),
    "emulate_paper": lambda f, o: ("emulate", "--input", f["trace"], "--paper", o),
}
VICTIM = {"print_paper": "photo", "print_trace": "photo", "render": "photo", "decode_render": "trace",
          "replay_paper": "trace", "bundle": "trace", "emulate_paper": "trace"}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_never_replaces_an_input_under_any_name(files, command):
    victim = files[VICTIM[command]]
    before = victim.read_bytes()
    for how, name in spellings(victim).items():
        code, out, err = run(*COMMANDS[command](files, name), "--overwrite")  # not even when asked
        assert code == 1, (command, how, out, err)
        assert "one of the inputs" in err and err.count("\n") == 1, err
        assert victim.read_bytes() == before, (command, how)
        assert "Virtual printer" not in out  # refused before printing


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_existing_output_is_replaced_only_with_overwrite(files, command):
    existing = files["dir"] / "existing.out"
    existing.write_bytes(b"keep me")
    code, _out, err = run(*COMMANDS[command](files, existing))
    assert code == 1 and "already exists" in err and "--overwrite" in err, err
    assert existing.read_bytes() == b"keep me"
    code, _out, err = run(*COMMANDS[command](files, existing), "--overwrite")
    assert code == 0, err
    assert existing.read_bytes() != b"keep me"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert not list(files["dir"].glob(".existing.out.tmp-*"))  # replaced atomically, no temp left


def test_an_empty_data_dir_is_refused_and_the_current_folder_untouched(tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    (cwd / "logs").mkdir(parents=True)
    os.chmod(cwd / "logs", 0o755)
    monkeypatch.chdir(cwd)
    for value in ("", "  "):
        code, _out, err = run("--data-dir", value, "models")
        assert code == 1 and "--data-dir is empty" in err
    assert stat.S_IMODE((cwd / "logs").stat().st_mode) == 0o755
    assert sorted(p.name for p in cwd.iterdir()) == ["logs"]


def test_the_gui_saves_never_replace_the_opened_photo(app_paths, files):
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.storage.outputs import OutputRefused

    services = AppServices.start(app_paths)
    try:
        photo = services.open_photo(files["photo"])
        before = files["photo"].read_bytes()
        from phocol_desktop.imaging.edits import EditState

        raster = services.render(photo, EditState()).raster
        for name in spellings(files["photo"]).values():
            with pytest.raises(OutputRefused):
                services.export_png(name, raster)
            with pytest.raises(OutputRefused):
                services.save_project(name, photo, EditState())
        assert files["photo"].read_bytes() == before
    finally:
        services.shutdown()
