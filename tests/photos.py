"""Test photos made here, at test time, with Pillow: the suite needs no photo from outside the repository.

Each photo is drawn from code, written once per session into a temporary folder and reused. The scene is
deliberately lopsided (a dark block at the top left, a light one at the bottom right, a gradient, edges),
so a photo shown upside down or mirrored is far from the upright one and a tone change is measurable.

``PhotoFactory`` (the ``photos`` fixture of tests/conftest.py) names each kind of file a user may open:

==================  ==============================================================================
``camera``          small camera JPEG: Make/Model/serial/date EXIF, GPS, a non-sRGB ICC profile, XMP
``gps``             640x480 JPEG with GPS coordinates in its EXIF
``orientation()``   the same scene stored with EXIF orientation 1-8, landscape or portrait
``icc``             a JPEG with a gamma-1.8 RGB profile (converting it to sRGB changes tones a little)
``no_exif``         a JPEG without any metadata
``phone``           a phone-sized 4032x3024 JPEG (12 MP), orientation 6 as phones store it
``heif``            a HEIF file (pillow-heif)
``tiff``            an RGBA TIFF with a transparent border
``alpha``           an RGBA PNG, half transparent
``damaged_exif``    a JPEG whose EXIF block is garbage but whose pixels decode
``truncated``       a JPEG cut in half: not a photo any more
==================  ==============================================================================

Photos under ``../shared/fixtures/photos`` (when checked out beside the repository, or wherever
``PHOCOL_TEST_PHOTOS`` points) add cases to the tests that take ``extra_photos()``; nothing *needs* them.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

# Optional real camera files: ../shared/fixtures/photos beside the repository, or PHOCOL_TEST_PHOTOS.
SHARED_PHOTOS = Path(os.environ.get("PHOCOL_TEST_PHOTOS")
                     or Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "photos")
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif", ".webp"}

# EXIF tags written into the generated photos (numbers from the EXIF 2.3 specification).
ORIENTATION, MAKE, MODEL, DATETIME, SERIAL, GPS_IFD, EXIF_IFD = 0x0112, 0x010F, 0x0110, 0x0132, 0xA431, 0x8825, 0x8769
# Every kind of photo a user may open that decodes (``truncated`` does not).
KINDS = ("camera", "gps", "icc", "no_exif", "phone", "heif", "tiff", "alpha", "damaged_exif")
CAMERA_SERIAL = "PHOCOLTEST-SN-4711"  # a needle: it must never reach anything the app writes
GPS_LATITUDE = (43.0, 28.0, 17.07)  # 43°28'17.07" N: a location is personal data


def extra_photos(*folders: str) -> list[Path]:
    """Real camera files under ../shared/fixtures/photos/<folder>, if present: extra cases, never needed."""
    found: list[Path] = []
    for folder in folders or ("",):
        root = SHARED_PHOTOS / folder
        if root.is_dir():
            found += sorted(p for p in root.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES and p.is_file())
    return found


def scene(width: int, height: int) -> Image.Image:
    """An upright RGB picture no flip or turn maps onto itself."""
    y, x = np.mgrid[0:height, 0:width]
    red = (x * 255 // max(width - 1, 1)).astype(np.uint8)
    green = (y * 255 // max(height - 1, 1)).astype(np.uint8)
    blue = (((x // 16 + y // 16) % 2) * 60 + 100).astype(np.uint8)
    image = Image.fromarray(np.dstack([red, green, blue]), "RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width * 2 // 5, height * 2 // 5), fill=(10, 10, 10))  # dark block, top left
    draw.rectangle((width * 3 // 4, height * 3 // 4, width - 1, height - 1), fill=(250, 250, 250))
    draw.ellipse((width // 2, height // 8, width // 2 + width // 6, height // 8 + width // 6), fill=(240, 40, 40))
    return image


# How a camera stores an upright picture for each EXIF orientation: the inverse of what a viewer then applies
# (a viewer turns orientation 6 by 270°, so the camera stored it turned by 90°; flips undo themselves).
_STORED = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def stored_for_orientation(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores with ``orientation`` so that a viewer shows ``upright``."""
    return upright.transpose(_STORED[orientation]) if orientation in _STORED else upright


def gamma_rgb_profile(gamma: float = 1.8, description: str = "Phocol test RGB (gamma 1.8)") -> bytes:
    """A minimal ICC v2 display profile (matrix + tone curves) that is deliberately not sRGB.

    Built by hand because Pillow can only create sRGB, LAB and XYZ profiles; primaries are sRGB's,
    adapted to D50, and the tone curve is a plain gamma, like the old "Generic RGB" of Mac cameras.
    """

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    text = description.encode("ascii")
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(text) + 1) + text + b"\0" + b"\0" * 11 + b"\0" * 67
    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
        (b"cprt", b"text" + b"\0" * 4 + b"Made by the Phocol Desktop tests\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"\0" * 4 + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 24 + b"\0" * 4
              + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 4 + b"\0" * 16 + b"\0" * 28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def camera_exif(orientation: int = 1, gps: bool = False, serial: bool = False) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "PhocolTestCam"
    exif[MODEL] = "Generated 1"
    exif[DATETIME] = "2026:01:02 03:04:05"
    exif[ORIENTATION] = orientation
    if serial:
        exif.get_ifd(EXIF_IFD)[SERIAL] = CAMERA_SERIAL
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: GPS_LATITUDE, 3: "W", 4: (80.0, 32.0, 12.34)})
    return exif


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Phocol Test Person"/>'
       b"</rdf:RDF></x:xmpmeta>")


def damage_exif(jpeg: bytes) -> bytes:
    """Overwrite the TIFF structure inside the APP1 Exif segment with garbage of the same length."""
    start = jpeg.index(b"Exif\x00\x00") + 6
    length = struct.unpack(">H", jpeg[start - 8 : start - 6])[0] - 8
    garbage = bytes((i * 37 + 11) % 256 for i in range(length))
    return jpeg[:start] + b"MM\x00\x2a\xff\xff\xff\xf0" + garbage[8:] + jpeg[start + length :]


class PhotoFactory:
    """Writes each kind of photo once into ``folder`` and returns its path (see the module docstring)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def _cached(self, name: str, write: Callable[[Path], None]) -> Path:
        path = self.folder / name
        if not path.exists():
            partial = path.with_name(path.name + ".part")
            write(partial)
            partial.replace(path)
        return path

    def _jpeg(self, name: str, image: Image.Image, **options) -> Path:
        return self._cached(name, lambda p: image.save(p, format="JPEG", quality=90, **options))

    @property
    def camera(self) -> Path:
        exif = camera_exif(gps=True, serial=True).tobytes()
        return self._jpeg("camera.jpg", scene(160, 108), exif=exif, icc_profile=gamma_rgb_profile(), xmp=XMP)

    @property
    def gps(self) -> Path:
        return self._jpeg("gps.jpg", scene(640, 480), exif=camera_exif(gps=True).tobytes())

    def orientation(self, shape: str, value: int) -> Path:
        """``shape`` is how the photo looks upright ("landscape" 600x450 or "portrait" 450x600)."""
        upright = scene(600, 450) if shape == "landscape" else scene(450, 600)
        stored = stored_for_orientation(upright, value)
        return self._jpeg(f"{shape}_{value}.jpg", stored, exif=camera_exif(orientation=value).tobytes())

    @property
    def icc(self) -> Path:
        return self._jpeg("icc.jpg", scene(300, 200), icc_profile=gamma_rgb_profile())

    @property
    def no_exif(self) -> Path:
        return self._jpeg("no_exif.jpg", scene(322, 466))

    @property
    def phone(self) -> Path:
        upright = scene(3024, 4032)  # a portrait phone photo, stored sideways with orientation 6
        stored = stored_for_orientation(upright, 6)
        return self._jpeg("phone.jpg", stored, exif=camera_exif(orientation=6, gps=True).tobytes())

    @property
    def heif(self) -> Path:
        import pillow_heif

        pillow_heif.register_heif_opener()
        image = scene(640, 426)
        return self._cached("photo.heif", lambda p: image.save(p, format="HEIF", quality=90))

    @property
    def tiff(self) -> Path:
        image = scene(635, 348).convert("RGBA")
        alpha = Image.new("L", image.size, 0)
        ImageDraw.Draw(alpha).rectangle((20, 20, image.width - 21, image.height - 21), fill=255)
        image.putalpha(alpha)
        return self._cached("photo.tiff", lambda p: image.save(p, format="TIFF", compression="tiff_deflate"))

    @property
    def alpha(self) -> Path:
        image = scene(200, 150).convert("RGBA")
        image.putalpha(Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(image.size))
        return self._cached("alpha.png", lambda p: image.save(p, format="PNG"))

    @property
    def damaged_exif(self) -> Path:
        buffer = io.BytesIO()
        scene(400, 300).save(buffer, format="JPEG", quality=90, exif=camera_exif(gps=True).tobytes())
        return self._cached("damaged_exif.jpg", lambda p: p.write_bytes(damage_exif(buffer.getvalue())))

    @property
    def truncated(self) -> Path:
        data = self.gps.read_bytes()
        return self._cached("truncated.jpg", lambda p: p.write_bytes(data[: len(data) // 2]))

    def all(self) -> dict[str, Path]:
        """Every kind, by name: the cases every loader test runs over."""
        found = {kind: getattr(self, kind) for kind in KINDS}
        for shape in ("landscape", "portrait"):
            found |= {f"{shape}_{n}": self.orientation(shape, n) for n in range(1, 9)}
        return found
