"""Real PDFs made at test time: vector text and lines and a photo (reportlab), an encrypted one, and
hand-written files for what generators will not make (JavaScript actions, embedded files, damage)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def text_pdf(pages: int = 1, size: tuple[float, float] = (50 * mm, 30 * mm), **kw) -> bytes:
    """Vector text and hairlines, one distinct line of text per page (so page order is visible)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=size, **kw)
    for i in range(pages):
        c.setFont("Helvetica", 7)
        for k in range(5):
            c.drawString(3 * mm, size[1] - 6 * mm - k * 3.5 * mm, f"Page {i + 1} line {k}: SHIP TO 1234 Main St")
        c.setLineWidth(0.25)
        c.line(2 * mm, 3 * mm, size[0] - 2 * mm, 3 * mm)
        c.rect(1 * mm, 1 * mm, size[0] - 2 * mm, size[1] - 2 * mm)
        c.rect(3 * mm + i * 4 * mm, 4.5 * mm, 3 * mm, 2 * mm, fill=1)  # a block that moves with the page
        c.showPage()
    c.save()
    return buffer.getvalue()


def gradient(size: int = 200) -> Image.Image:
    x = np.linspace(0, 255, size)
    rng = np.random.default_rng(1)
    img = np.add.outer(x, x) / 2 + rng.normal(0, 20, (size, size))
    return Image.fromarray(img.clip(0, 255).astype("uint8"))


def mixed_pdf() -> bytes:
    """A photo above a caption: the photo must be dithered, the caption thresholded."""
    buffer = io.BytesIO()
    size = (50 * mm, 60 * mm)
    c = canvas.Canvas(buffer, pagesize=size)
    c.drawImage(ImageReader(gradient()), 5 * mm, 25 * mm, 40 * mm, 30 * mm)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(3 * mm, 15 * mm, "Photo caption 0123456789")
    c.setFont("Helvetica", 6)
    c.drawString(3 * mm, 8 * mm, "small print: the quick brown fox jumps")
    c.showPage()
    c.save()
    return buffer.getvalue()


def hand_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def hostile_pdf() -> bytes:
    """JavaScript on open and on the page, a launch action, a URI link and an embedded file: none may run,
    be fetched or extracted; the page (a black bar) still prints."""
    content = b"0 0 0 rg 10 10 100 20 re f"
    return hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names [(a) 5 0 R] >> "
        b"/EmbeddedFiles << /Names [(x.exe) 7 0 R] >> >> /AcroForm << /Fields [] /NeedAppearances true >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 144 72] /Contents 4 0 R /AA << /O 5 0 R >> "
        b"/Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /S /JavaScript /JS (app.launchURL\\('http://198.51.100.7/x'\\); this.exportDataObject\\({cName: "
        b"'x.exe', nLaunch: 2}\\);) /Next 8 0 R >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 144 72] /A << /S /URI /URI (http://198.51.100.7/) >> >>",
        b"<< /Type /Filespec /F (x.exe) /EF << /F 9 0 R >> >>",
        b"<< /S /Launch /F (x.exe) >>",
        b"<< /Type /EmbeddedFile /Length 4 >>\nstream\nMZ\x90\x00\nendstream",
    ])


def many_pages_pdf(count: int) -> bytes:
    """``count`` pages sharing one content stream (small file, huge page count)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    content = b"0 0 0 rg 10 10 50 20 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 144 72] /Contents 3 0 R >>"] * count
    return hand_pdf(objects)


def page_of_size(width_pt: float, height_pt: float) -> bytes:
    content = b"0 0 0 rg 0 0 10 10 re f"
    return hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 4 0 R >>" % (width_pt, height_pt),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ])
