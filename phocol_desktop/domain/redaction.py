"""The redaction grammar for paths and file names: what the app log, crash logs and support bundles keep.

Paths carry the user's name (home folders, ``/media/<user>/…`` mounts) and the names of their photos and
projects; none of it may leave the app's own files or reach its log. The grammar, applied in this order:

1. **Quoted text** (``'…'`` or ``"…"``, as Python's ``repr`` and tracebacks print paths) that holds a path
   separator or ends in a file extension becomes ``'<path>'`` / ``'<file>.ext'`` whole, spaces and all.
2. **Absolute paths**: POSIX ``/…``, ``~/…``, ``<home>/…``, ``file://…``, Windows ``C:\\…``/``C:/…`` and UNC
   ``\\\\server\\share``. A path continues across a space while the next word still looks like part of it
   (holds a separator, or ends in a file extension): ``/media/bob/My Photos/IMG 1.jpg`` is one path.
3. **Relative paths**: a word holding a separator that ends in a file extension or has two separators
   (``Projects/alice.phocol``, ``../a/b``); ``and/or`` and ``1/2`` stay.
4. **File names** with an extension of the user's files (photos, projects, documents, traces) become
   ``<file>.ext``.

Source locations (``phocol_desktop/services/app.py``, ``bleak/x.py``) stay: ``.py`` names are code, and a
traceback needs them. Stdlib only, so the logging set-up (storage) and support bundles share it.
"""

from __future__ import annotations

import os
import re

# The extensions of files a user opens or saves with this app (photos, projects, documents, data, traces).
USER_FILE_EXTENSIONS = (
    "jpg", "jpeg", "jpe", "jfif", "png", "apng", "heic", "heif", "hif", "avif", "tif", "tiff", "bmp", "dib", "gif",
    "webp", "dng", "raw", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf", "pef", "srw", "ico", "ppm", "pgm",
    "pbm", "pnm", "psd", "svg", "jxl", "phocol", "pdf", "csv", "tsv", "txt", "xlsx", "xls", "ods", "docx", "doc",
    "odt", "rtf", "zip", "btsnoop", "log", "cfa", "pcap", "pcapng", "json", "ttf", "otf",
)
_EXT = "|".join(sorted(USER_FILE_EXTENSIONS, key=len, reverse=True))

# Characters that end a path (besides whitespace): quotes, brackets, separators of prose and markup.
_STOP = r"""\s"'`<>|,;()\[\]{}"""
_SEP = r"[/\\]"

_QUOTED = re.compile(r"""(?P<q>['"])(?P<body>[^'"\n]*?)(?P=q)""")
_WORD = re.compile(rf"[^{_STOP}]+")
_ABSOLUTE = re.compile(r"(?:[A-Za-z]:|~|file:)?[/\\]")
_HAS_EXT = re.compile(rf"\w\.(?:{_EXT})[:.,;)\]]*$", re.IGNORECASE)
_FILE_NAME = re.compile(rf"(?<![\w\-<])[^{_STOP}/\\:]*[^{_STOP}/\\:.]\.(?P<ext>{_EXT})(?![\w])", re.IGNORECASE)
_CODE = re.compile(r"\.pyc?$|\.so$|\.pyd$")
_LOOKAHEAD_WORDS = 6  # plain words a path may hold between two of its pieces ("My Old Photos/…")


def _looks_like_path(body: str) -> bool:
    return bool(re.search(_SEP, body)) or bool(_HAS_EXT.search(body))


def _is_code(word: str) -> bool:
    return bool(_CODE.search(word.rstrip(":.,;)]")))


def _ext(word: str) -> str:
    m = re.search(rf"\.({_EXT})(?=[:.,;)\]]*$)", word, re.IGNORECASE)
    return m.group(1).lower() if m else ""


def _placeholder(body: str) -> str:
    if re.search(_SEP, body):
        return "<path>"
    ext = _ext(body)
    return f"<file>.{ext}" if ext else "<file>"


_ANCHORS = ("phocol_desktop", "site-packages", "dist-packages", "lib-dynload")


def short_code_path(path: str) -> str:
    """``/home/alice/.venv/lib/python3.11/site-packages/bleak/x.py`` -> ``bleak/x.py``: a code location
    without the folders above the package (which name the user)."""
    parts = re.split(r"[/\\]", path)
    for anchor in _ANCHORS:
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            keep = parts[i:] if anchor == "phocol_desktop" else parts[i + 1:]
            return "/".join(keep)
    if "lib" in parts and any(p.startswith("python3") for p in parts):  # the standard library
        return "stdlib/" + parts[-1]
    return parts[-1] if parts else path


def _quoted(m: re.Match[str]) -> str:
    body = m.group("body")
    if _is_code(body):  # a code location: keep it, without the folders above the package when absolute
        absolute = re.match(r"(?:[A-Za-z]:|~|<home>)?[/\\]", body)
        return f"{m.group('q')}{short_code_path(body) if absolute else body}{m.group('q')}"
    if not body or body.startswith("<") or not _looks_like_path(body):
        return m.group(0)
    return f"{m.group('q')}{_placeholder(body)}{m.group('q')}"


def _paths(text: str) -> str:
    """Absolute and relative paths, absorbing the words after a path that still belong to it."""
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(text):
        start, end = m.span()
        if start < pos or not re.search(_SEP, m.group(0)):
            continue
        # Absorb the following words up to the last one (within a few) that still looks like part of this
        # path: "My Photos/IMG 1.jpg", and "0 0 000/0 0 0.jpg" where plain words sit between the pieces.
        # Erring towards hiding a word of prose is the safe side.
        probe, seen = end, 0
        while seen < _LOOKAHEAD_WORDS:
            gap = re.match(r"[ \t]+", text[probe:])
            nxt = _WORD.match(text, probe + len(gap.group(0))) if gap else None
            if nxt is None:
                break
            seen += 1
            probe = nxt.end()
            if re.search(_SEP, nxt.group(0)) or _HAS_EXT.search(nxt.group(0)):
                end, seen = probe, 0
        span = text[start:end]
        tail = re.search(r"[:.,;)\]]+$", span)  # prose punctuation after the path stays
        core = span[: len(span) - len(tail.group(0))] if tail else span
        absolute = bool(_ABSOLUTE.match(core)) or (start >= 6 and text.startswith("<home>", start - 6))
        if re.match(r"[A-Za-z][\w+.-]*://", core) and not core.startswith("file:"):
            continue  # a web address, never a user's file
        if _is_code(core):
            replacement = short_code_path(core) if absolute else core
        elif absolute and len(core) > 1:
            replacement = "<path>"
        elif not absolute and (_ext(core) or core.startswith(".")
                               or any(len(re.findall(_SEP, w)) >= 2 for w in core.split())):
            replacement = "<path>"
        else:
            continue  # "and/or", "1/2", "3/5": prose
        out.append(text[pos:start] + replacement)
        pos = start + len(core)
    out.append(text[pos:])
    return "".join(out)


def redact_paths(text: str) -> str:
    """Every path and user file name in ``text`` replaced by a placeholder (see the module docstring)."""
    text = _QUOTED.sub(_quoted, text)
    text = _paths(text)
    return _FILE_NAME.sub(lambda m: m.group(0) if m.group(0).startswith("<") else f"<file>.{m.group('ext').lower()}",
                          text)


def replace_home(text: str) -> str:
    """The home folder (from ``HOME``; never the user name API) becomes ``<home>``, spaces and all."""
    home = os.path.expanduser("~").rstrip("/\\")
    return text.replace(home, "<home>") if home not in ("", "~") else text
