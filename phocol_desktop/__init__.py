"""Phocol Desktop: find, edit and print on Phocol Bluetooth LE printers, keeping all data on the device.

Importing this package has no side effects: no file, directory, thread or socket is created until the
application (``phocol_desktop.cli.main``) builds its paths and services at start-up.
"""

# The one source of the version: pyproject.toml reads it (setuptools dynamic version), the CLI prints it,
# and tests check the AppStream release notes against it.
__version__ = "0.1.0"

# The reverse-DNS application id: the .desktop file, the AppStream metainfo, the icon names under assets/
# and Qt's desktop file name (Wayland's app id) all use it.
APP_ID = "io.github.phocol.PhocolDesktop"
