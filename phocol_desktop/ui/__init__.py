"""PySide6 desktop UI. Talks to services only: never builds protocol bytes, never calls bleak."""
