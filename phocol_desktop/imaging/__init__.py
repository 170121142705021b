"""Pure photo pipeline (Pillow + numpy, no Qt): load, edit, render to printer dots, dither, pack."""
