"""Phocol Desktop: find, edit and print on Phocol Bluetooth LE printers, keeping all data on the device.

Importing this package has no side effects: no file, directory, thread or socket is created until the
application (``phocol_desktop.cli.main``) builds its paths and services at start-up.
"""

__version__ = "0.1.0"
