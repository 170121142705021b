import sys

from phocol_desktop.cli import main

sys.exit(main())
