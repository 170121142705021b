"""Designs: pages of photos, text, codes and line art in millimetres, rendered to the printer's exact dots.

- :mod:`.model` — the immutable design document and its JSON form (docs/DESIGN-FORMAT.md)
- :mod:`.edit` — element edits (add, change, remove, reorder) and undo/redo for editors
- :mod:`.render` — design + printer model → 1-bit raster, with typed warnings (:mod:`.errors`)
- :mod:`.codes` — QR codes and barcodes snapped to whole dots
- :mod:`.templates` — templates as data, with named fields
- :mod:`.batch` — CSV rows filling a template, one design per row

Pure: no Qt, no printer I/O (the import-linter contract in pyproject.toml).
"""
