from __future__ import annotations

import pytest

from phocol_desktop.storage.ui_state import UiState


def test_values_persist_privately(app_paths):
    state = UiState(app_paths)
    state.set("language", "zh_CN")
    state.set("last_edit", {"dither": "atkinson"})
    again = UiState(app_paths)
    assert again.get("language") == "zh_CN" and again.get("last_edit") == {"dither": "atkinson"}
    assert state.path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"language": 5, "window_geometry": []}',
                                     b"\xff\xfe", b'{"x": "' + b"a" * 70_000 + b'"}'])
def test_a_damaged_file_falls_back_to_defaults(app_paths, content):
    app_paths.ensure(app_paths.config)
    (app_paths.config / "ui.json").write_bytes(content)
    state = UiState(app_paths)
    assert state.get("language") is None and state.get("window_geometry") is None


def test_unknown_keys_and_wrong_types_are_refused(app_paths):
    state = UiState(app_paths)
    with pytest.raises(ValueError):
        state.set("home_path", "/home/someone")
    with pytest.raises(ValueError):
        state.set("language", 3)
