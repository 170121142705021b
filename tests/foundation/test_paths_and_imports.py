import os
import stat
import subprocess
import sys

from phocol_desktop.storage.paths import resolve_paths, secure_write


def test_data_dir_argument_beats_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PHOCOL_DESKTOP_DATA_DIR", str(tmp_path / "env"))
    p = resolve_paths(tmp_path / "arg")
    assert all(str(root).startswith(str(tmp_path / "arg")) for root in p.all_roots())
    p2 = resolve_paths()
    assert all(str(root).startswith(str(tmp_path / "env")) for root in p2.all_roots())


def test_platformdirs_used_without_override(tmp_path):
    p = resolve_paths(environ={})
    assert "phocol-desktop" in str(p.data)


def test_ensure_and_secure_write_are_private(app_paths):
    d = app_paths.ensure(app_paths.privacy / "quarantine")
    for path in (d, d.parent, app_paths.data):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
    f = d / "x.json"
    secure_write(f, b"{}")
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
    secure_write(f, b'{"a":1}')
    assert f.read_bytes() == b'{"a":1}'
    assert [x.name for x in d.iterdir()] == ["x.json"]  # no temp file left behind


def test_importing_the_package_creates_nothing_and_loads_no_qt_or_bleak(tmp_path):
    home = tmp_path / "fresh-home"
    home.mkdir()
    code = (
        "import sys, phocol_desktop, phocol_desktop.cli, phocol_desktop.domain.printer_model, "
        "phocol_desktop.storage.paths\n"
        "bad = [m for m in ('PySide6', 'bleak', 'platformdirs', 'keyring') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "d"), "XDG_CONFIG_HOME": str(home / "c"),
           "XDG_CACHE_HOME": str(home / "k"), "XDG_STATE_HOME": str(home / "s")}
    env.pop("PHOCOL_DESKTOP_DATA_DIR", None)
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh-home", "home"]


def test_cli_log_file_is_private(private_dirs):
    from phocol_desktop.cli import main

    assert main(["models"]) == 0
    log = private_dirs / "logs" / "phocol-desktop.log"
    assert log.exists()
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(log.parent).st_mode) == 0o700


def test_no_runtime_dir_means_a_private_folder_and_no_warning(monkeypatch):
    """Without XDG_RUNTIME_DIR (containers, logins without systemd) nothing is printed on stderr and the
    app's socket folder is under its own cache, not in the shared /tmp."""
    import sys
    import warnings

    from phocol_desktop.storage.paths import resolve_paths

    monkeypatch.delenv("PHOCOL_DESKTOP_DATA_DIR", raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = resolve_paths(environ={"HOME": "/home/someone"})
    if sys.platform.startswith("linux"):
        assert paths.runtime_dir == paths.cache / "run"
        assert "runtime-" not in str(paths.runtime_dir)  # not platformdirs' shared /tmp/runtime-UID
