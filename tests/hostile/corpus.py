"""The hostile-input corpus: every hostile file the hardening tests feed the app, generated at test time.

Nothing here is copied from anywhere: each function writes one hostile file (or special file) under a
directory the test owns and returns its path. Grouped by the class of failure it probes (docs/HARDENING.md).
"""

from __future__ import annotations

import io
import json
import os
import socket
import struct
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# -- damaged JSON: each is bytes a JSON reader must refuse with a message naming the file -------------------


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_object(depth: int = 5000) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


JSON_DAMAGE: dict[str, bytes] = {
    "deep_list": deep_json(),
    "deep_object": deep_object(),
    "huge_int": b'{"n": ' + b"9" * 5000 + b"}",
    "nan": b'{"n": NaN}',
    "infinity": b'{"n": Infinity}',
    "invalid_utf8": b'{"n": "\xff\xfe"}',
    "truncated": b'{"models": [{"id": "x"',
    "list_not_object": b"[1, 2, 3]",
    "string_not_object": b'"hello"',
    "null": b"null",
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "utf16": '{"a": 1}'.encode("utf-16"),
}


def write_all_json_damage(directory: Path, suffix: str = ".json") -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, data in JSON_DAMAGE.items():
        p = directory / f"{name}{suffix}"
        p.write_bytes(data)
        out[name] = p
    return out


# -- special files: refused by name, never read (a FIFO would block, /dev/zero never ends) ---------------


def fifo(directory: Path, name: str = "pipe.png") -> Path:
    p = directory / name
    os.mkfifo(p)
    return p


@contextmanager
def unix_socket(directory: Path, name: str = "sock.png") -> Iterator[Path]:
    p = directory / name
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(p))
    try:
        yield p
    finally:
        s.close()


def folder(directory: Path, name: str = "folder.png") -> Path:
    p = directory / name
    p.mkdir()
    return p


def dev_zero_link(directory: Path, name: str = "zero.json") -> Path:
    """A symlink with an innocent name to /dev/zero: endless input that stat() calls size 0."""
    p = directory / name
    p.symlink_to("/dev/zero")
    return p


SPECIAL_KINDS = ("fifo", "socket", "folder", "dev_zero")


@contextmanager
def special_file(kind: str, directory: Path, name: str) -> Iterator[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    if kind == "socket":
        with unix_socket(directory, name) as p:
            yield p
        return
    make: dict[str, Callable[[Path, str], Path]] = {"fifo": fifo, "folder": folder, "dev_zero": dev_zero_link}
    yield make[kind](directory, name)


# -- zips (projects) ---------------------------------------------------------------------------------------


def _zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def zip_with_corrupt_deflate(members: dict[str, bytes], victim: str) -> bytes:
    """A zip whose ``victim`` member's deflate stream is garbage (``zlib.error`` when read), CRC untouched."""
    raw = bytearray(_zip_bytes(members))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        info = z.getinfo(victim)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + min(info.compress_size, 16)):
        raw[i] = 0xFF
    return bytes(raw)


def zip_with_encrypted_flag(members: dict[str, bytes], victim: str) -> bytes:
    """Sets the 'encrypted' bit of ``victim`` in its local header and central-directory entry."""
    raw = bytearray(_zip_bytes(members))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        info = z.getinfo(victim)
    raw[info.header_offset + 6] |= 0x01
    pos = bytes(raw).find(b"PK\x01\x02")
    while pos != -1:  # walk the central directory to the victim's entry
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46:pos + 46 + name_len]).decode() == victim:
            raw[pos + 8] |= 0x01
            break
        pos = bytes(raw).find(b"PK\x01\x02", pos + 4)
    return bytes(raw)


def zip_with_lying_size(members: dict[str, bytes], victim: str) -> bytes:
    """A zip whose ``victim`` declares a tiny uncompressed size but inflates to much more (a bomb's trick)."""
    raw = bytearray(_zip_bytes(members))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        info = z.getinfo(victim)
    struct.pack_into("<I", raw, info.header_offset + 22, 10)
    pos = bytes(raw).find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46:pos + 46 + name_len]).decode() == victim:
            struct.pack_into("<I", raw, pos + 24, 10)
            break
        pos = bytes(raw).find(b"PK\x01\x02", pos + 4)
    return bytes(raw)


def zip_of(members: dict[str, bytes]) -> bytes:
    return _zip_bytes(members)


def json_bytes(doc: object) -> bytes:
    return json.dumps(doc).encode()
