"""The bundle's entry point (PyInstaller runs this file as __main__): the same CLI as `phocol-desktop`.

Started as `phocol-desktop-gui` (a link with that name, as the .desktop file's Exec expects) or as the
windowed Windows .exe, it is the GUI entry point instead, so files passed by the desktop open in the app.
"""

import multiprocessing
import sys
from pathlib import Path

from phocol_desktop.cli import gui_main, main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app must not re-run itself if any library spawns a process
    as_gui = sys.platform == "win32" or Path(sys.argv[0]).stem == "phocol-desktop-gui"
    sys.exit(gui_main() if as_gui else main())
