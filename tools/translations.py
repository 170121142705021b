#!/usr/bin/env python3
"""Keep the Simplified Chinese UI translation in step with the source strings of the whole phocol_desktop package.

    python tools/translations.py                  # lupdate -> phocol_zh_CN.ts, lrelease -> .qm, list what is unfinished
    python tools/translations.py --check          # change nothing; exit 1 if the .ts is stale or anything is unfinished
    python tools/translations.py --todo todo.json     # write the unfinished entries as {context: {source: translation}}
    python tools/translations.py --apply todo.json    # fill those translations in (checked), then update and release

Translating a new string: run the script, then either open the .ts in `pyside6-linguist`, or use --todo, fill
in the JSON (suggestions come pre-filled where the same English text is already translated elsewhere) and
--apply it. Both files under phocol_desktop/assets/i18n/ are committed; tests/ui/test_translations.py fails
when they drift from the code or from each other.

Chinese conventions used here: accelerators go in brackets after the text ("打开(&O)…"), placeholders such as
{0} or {2:.0f} stay exactly as in the English text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET  # noqa: S405 - parses only our own committed .ts file
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "phocol_desktop"
# The whole package, not only ui/: words composed in the pure layers (status values, paper sizes, permission
# states, retention choices, errors' advice…) are marked there with QT_TRANSLATE_NOOP (domain/words.py) and
# translated by the view that shows them, so they must reach the catalogue too.
SOURCES = (PACKAGE,)
I18N_DIR = ROOT / "phocol_desktop" / "assets" / "i18n"
TS_FILE = I18N_DIR / "phocol_zh_CN.ts"
QM_FILE = I18N_DIR / "phocol_zh_CN.qm"
TARGET_LANGUAGE = "zh_CN"
HINT = "run `python tools/translations.py` and translate the new entries (see its docstring)"

# No source locations in the .ts: line numbers change with every UI edit and would make the committed file
# churn and conflict between branches; the context (class name) is enough to find a string.
LUPDATE_OPTIONS = ["-no-obsolete", "-locations", "none", "-extensions", "py", "-source-language", "en",
                   "-target-language", TARGET_LANGUAGE, "-silent"]
# Only finished translations ship: a text lupdate carried over from a similar old string is marked
# unfinished and may be wrong, so the English original is shown until someone confirms it.
LRELEASE_OPTIONS = ["-nounfinished", "-silent"]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%\d")
_MNEMONIC = re.compile(r"&(?!&)(\w)")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str
    finished: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


def qt_tool(name: str) -> Path:
    """The Qt tool shipped inside the PySide6 wheel (what pyside6-lupdate/-lrelease wrap)."""
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} not found in {folder}; install PySide6 (python3 dev.py test does)")


def run_lupdate(ts_file: Path, sources: Path | tuple[Path, ...] = SOURCES) -> None:
    """Create or update ts_file from the tr() calls under sources, keeping existing translations."""
    paths = (sources,) if isinstance(sources, Path) else sources
    subprocess.run([str(qt_tool("lupdate")), *LUPDATE_OPTIONS, *map(str, paths), "-ts", str(ts_file)],
                   check=True, capture_output=True)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([str(qt_tool("lrelease")), *LRELEASE_OPTIONS, str(ts_file), "-qm", str(qm_file)],
                   check=True, capture_output=True)


def read_messages(ts_file: Path) -> list[Message]:
    root = ET.parse(ts_file).getroot()  # noqa: S314 - our own committed file, not untrusted input
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            # A plural string (tr(..., n)) keeps its texts in <numerusform>s; Chinese has a single form.
            forms = [f.text or "" for f in translation.iter("numerusform")] if translation is not None else []
            text = "\n".join(forms) if forms else (translation.text or "") if translation is not None else ""
            unfinished = translation is None or translation.get("type") in {"unfinished", "vanished", "obsolete"}
            complete = all(forms) if forms else bool(text)
            messages.append(Message(name, message.findtext("source") or "", message.findtext("comment") or "",
                                    text, complete and not unfinished))
    return messages


def code_messages(sources: Path | tuple[Path, ...] = SOURCES) -> list[Message]:
    """Every translatable string in the code, as lupdate sees it now (written to a throw-away .ts)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / f"fresh_{TARGET_LANGUAGE}.ts"
        run_lupdate(fresh, sources)
        return read_messages(fresh)


def problems(source: str, translation: str) -> list[str]:
    """Mistakes that break the UI: lost or changed placeholders, a lost or invented accelerator key."""
    found = []
    if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
        found.append(f"placeholders differ: {_PLACEHOLDER.findall(source)} vs {_PLACEHOLDER.findall(translation)}")
    wanted, got = _MNEMONIC.findall(source), _MNEMONIC.findall(translation)
    if [k.upper() for k in wanted] != [k.upper() for k in got]:
        found.append(f"accelerator differs: {wanted} vs {got} (Chinese style: 打开(&O))")
    if source.endswith("…") != translation.endswith("…"):
        found.append("the '…' that marks a command opening a dialog must be kept at the end")
    return found


def apply_translations(ts_file: Path, wanted: dict[str, dict[str, str]]) -> tuple[int, list[str]]:
    """Fill in {context: {source: translation}}; empty values are skipped. Returns (filled, errors)."""
    tree = ET.parse(ts_file)  # noqa: S314 - our own committed file, not untrusted input
    filled, errors = 0, []
    known = set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            known.add((name, source))
            text = wanted.get(name, {}).get(source, "")
            if not text:
                continue
            bad = problems(source, text)
            if bad:
                errors.append(f"{name}: {source!r} -> {text!r}: {'; '.join(bad)}")
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            forms = list(translation.iter("numerusform"))
            for form in forms:  # Chinese does not inflect for number: one text serves every form
                form.text = text
            if not forms:
                translation.text = text
            translation.attrib.pop("type", None)
            filled += 1
    for name, entries in wanted.items():
        errors += [f"{name}: {s!r} is not in {ts_file.name} (changed or removed in the code?)"
                   for s, text in entries.items() if text and (name, s) not in known]
    if filled:
        tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled, errors


def todo(messages: list[Message]) -> dict[str, dict[str, str]]:
    """Unfinished entries, pre-filled with the translation of the same English text elsewhere, if any."""
    done = {m.source: m.translation for m in messages if m.finished}
    out: dict[str, dict[str, str]] = {}
    for m in messages:
        if not m.finished:
            out.setdefault(m.context, {})[m.source] = done.get(m.source) or m.translation
    return out


def stale(committed: list[Message], current: list[Message]) -> tuple[set, set]:
    """(in the code but not the .ts, in the .ts but no longer in the code), by (context, source, comment)."""
    have, need = {m.key for m in committed}, {m.key for m in current}
    return need - have, have - need


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale or unfinished")
    action.add_argument("--todo", type=Path, metavar="JSON", help="write the unfinished entries to JSON")
    action.add_argument("--apply", type=Path, metavar="JSON", help="fill translations in from JSON")
    args = parser.parse_args(argv)
    errors: list[str] = []

    if args.check:
        missing, gone = stale(read_messages(TS_FILE), code_messages())
        unfinished = [m for m in read_messages(TS_FILE) if not m.finished]
        with tempfile.TemporaryDirectory() as tmp:
            qm = Path(tmp) / QM_FILE.name
            run_lrelease(TS_FILE, qm)
            qm_drift = not QM_FILE.exists() or qm.read_bytes() != QM_FILE.read_bytes()
        for label, items in (("new in the code", missing), ("gone from the code", gone)):
            for context, source, _ in sorted(items):
                print(f"{label}: {context}: {source!r}")
        _report(unfinished)
        if qm_drift:
            print(f"{QM_FILE.name} does not match {TS_FILE.name}")
        failed = bool(missing or gone or unfinished or qm_drift)
        if failed:
            print(HINT)
        else:
            print(f"{TS_FILE.name}: in step with the code, every string translated, {QM_FILE.name} up to date")
        return 1 if failed else 0

    if args.apply:
        filled, errors = apply_translations(TS_FILE, json.loads(args.apply.read_text(encoding="utf-8")))
        for error in errors:
            print(f"not applied: {error}")
        print(f"applied {filled} translation(s)")

    I18N_DIR.mkdir(parents=True, exist_ok=True)
    run_lupdate(TS_FILE)
    run_lrelease(TS_FILE, QM_FILE)
    messages = read_messages(TS_FILE)
    done = sum(m.finished for m in messages)
    print(f"{TS_FILE.relative_to(ROOT)}: {done} of {len(messages)} strings translated; "
          f"{QM_FILE.relative_to(ROOT)} rebuilt")
    if args.todo:
        args.todo.write_text(json.dumps(todo(messages), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote the unfinished entries to {args.todo}; fill them in and run --apply {args.todo}")
    for m in messages:
        bad = problems(m.source, m.translation) if m.finished else []
        if bad:
            print(f"check {m.context}: {m.source!r} -> {m.translation!r}: {'; '.join(bad)}")
    _report([m for m in messages if not m.finished])
    return 1 if args.apply and errors else 0


def _report(unfinished: list[Message]) -> None:
    for m in unfinished:
        print(f"unfinished: {m.context}: {m.source!r}")
    if unfinished:
        print(f"{len(unfinished)} unfinished; they show in English until translated")


def _reexec_in_venv() -> None:
    """`python tools/translations.py` with a system python: rerun under the project's .venv, which has PySide6."""
    try:
        import PySide6  # noqa: F401
    except ImportError:
        venv_python = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if not venv_python.exists() or Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
            sys.exit("PySide6 is not installed: run `python3 dev.py test` once to create .venv")
        sys.exit(subprocess.run([str(venv_python), __file__, *sys.argv[1:]], check=False).returncode)


if __name__ == "__main__":
    _reexec_in_venv()
    sys.exit(main())
