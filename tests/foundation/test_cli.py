import json

import pytest

from phocol_desktop.cli import main
from tests.cli import run

COMMANDS = ["gui", "models", "render", "print", "scan", "status", "emulate", "trace", "privacy", "support"]


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for command in COMMANDS:
        assert command in text


@pytest.mark.parametrize("argv", [["trace", "--help"], ["privacy", "--help"], ["support", "--help"]])
def test_sub_actions_are_listed(argv, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    text = capsys.readouterr().out
    expected = {"trace": ["decode", "replay"],
                "privacy": ["status", "grant", "revoke", "export", "erase", "verify"],
                "support": ["bundle"]}[argv[0]]
    for action in expected:
        assert action in text


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2


def test_models_lists_the_table(model_table):
    code, out, err = run("models")
    assert code == 0, err
    for m in model_table.models:
        assert m.id in out
    assert "phocol.generic384" in out and "(unverified)" in out


def test_models_json_is_machine_readable(model_table):
    code, out, _ = run("models", "--json")
    assert code == 0
    assert {m["id"] for m in json.loads(out)} == {m.id for m in model_table.models}


def test_models_reports_a_broken_override_naming_the_entry(private_dirs):
    overrides = private_dirs / "config" / "printers.d"
    overrides.mkdir(parents=True)
    (overrides / "50-mine.json").write_text(json.dumps({"models": [{"id": "phomemo.m110", "head_dots": 385}]}))
    code, out, err = run("models")
    assert code == 1
    assert err.count("\n") == 1
    assert "phomemo.m110" in err and "head_dots" in err
