"""Every Markdown file (optionally with ``§n``) the code, tests or docs cite resolves inside this repository.

A bare name is looked up in ``docs/`` and then at the repository root; a name with a folder is relative to
the root. ``§4`` or ``§3.1`` must match a numbered heading of that file (``## 4. …``, ``### 3.1 …``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCANNED = [*(REPO / "phocol_desktop").rglob("*"), *(REPO / "tests").rglob("*"), *(REPO / "docs").glob("*.md"),
           REPO / "README.md"]
SUFFIXES = {".py", ".json", ".md", ".toml", ".txt"}
REFERENCE = re.compile(r"(?P<path>(?:\.{0,2}[\w-]*/)*[A-Z][A-Z0-9_-]*\.md)(?:\s*§\s*(?P<section>\d+(?:\.\d+)*))?")
NUMBERED_HEADING = re.compile(r"^#{1,6}\s+§?\s*(\d+(?:\.\d+)*)\.?\s", re.MULTILINE)
# Files the app itself writes (the privacy export's VERIFY.md): named in code, never a file of the repository.
WRITTEN_BY_THE_APP = {"VERIFY.md"}


def references() -> list[tuple[str, int, str, str | None]]:
    found = []
    for path in SCANNED:
        if path.suffix not in SUFFIXES or not path.is_file() or path == Path(__file__) or ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for match in REFERENCE.finditer(line):
                found.append((str(path.relative_to(REPO)), number, match["path"], match["section"]))
    return found


def resolve(name: str) -> Path | None:
    candidates = [REPO / name] if "/" in name else [REPO / "docs" / name, REPO / name]
    return next((c for c in candidates if c.is_file() and REPO in c.resolve().parents), None)


def sections(path: Path) -> set[str]:
    return set(NUMBERED_HEADING.findall(path.read_text(encoding="utf-8")))


def test_the_scan_finds_the_references_the_code_is_known_to_make():
    """The checker cannot pass by finding nothing: known citations are among its results."""
    cited = {(name, section) for _, _, name, section in references()}
    assert ("PROTOCOL.md", "9") in cited and ("TESTING.md", "3") in cited
    assert ("docs/PROJECT-FORMAT.md", None) in cited
    assert len(cited) > 30


def test_every_cited_markdown_file_and_section_exists_in_the_repository():
    broken = []
    for where, line, name, section in references():
        if Path(name).name in WRITTEN_BY_THE_APP:
            continue
        target = resolve(name)
        if target is None:
            broken.append(f"{where}:{line}: {name} is not a file of this repository")
        elif section and section not in sections(target):
            broken.append(f"{where}:{line}: {name} has no heading numbered {section}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(("text", "expected"), [
    ("see PROTOCOL.md §9 for why", [("PROTOCOL.md", "9")]),
    ("(TESTING.md §3.4)", [("TESTING.md", "3.4")]),
    ("docs/PROJECT-FORMAT.md and README.md", [("docs/PROJECT-FORMAT.md", None), ("README.md", None)]),
    ("../shared/design/PRIVACY.md §8.2", [("../shared/design/PRIVACY.md", "8.2")]),
])
def test_the_reference_pattern(text, expected):
    assert [(m["path"], m["section"]) for m in REFERENCE.finditer(text)] == expected


def test_a_reference_outside_the_repository_does_not_resolve(tmp_path):
    assert resolve("../shared/design/PRIVACY.md") is None
    assert resolve("NO-SUCH-FILE" + ".md") is None  # a made-up name, spelled so no citation scan takes it for one
    assert resolve("PROTOCOL.md") == REPO / "docs" / "PROTOCOL.md"
    assert {"4", "9", "12"} <= sections(REPO / "docs" / "PROTOCOL.md")
    assert {"3.1", "3.4"} <= sections(REPO / "docs" / "TESTING.md")
