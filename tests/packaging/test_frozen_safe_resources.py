"""Package data is read in a way that also works in the PyInstaller bundle.

There, `importlib.resources.files()` of a package whose modules are frozen returns a MultiplexedPath whose
`joinpath` takes one name (Python 3.11): `joinpath("i18n", "x.json")` raised TypeError in the bundle only.
"""

from __future__ import annotations

import ast

from tests.packaging.conftest import ROOT


def test_no_joinpath_call_takes_more_than_one_name():
    offenders = []
    for path in sorted((ROOT / "phocol_desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "joinpath"
                    and len(node.args) > 1):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"chain .joinpath(a).joinpath(b) instead: {offenders}"
