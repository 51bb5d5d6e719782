"""The frozen program's entry: the same `main` as the `conversion-tracker` command."""

import multiprocessing
import os
import sys
from pathlib import Path

from desktop_app.main import main

if __name__ == "__main__":
    # The importer reads workbooks in a spawned child; in a frozen app that child re-runs this
    # executable, and freeze_support() turns it into the worker instead of a second app.
    multiprocessing.freeze_support()
    if getattr(sys, "frozen", False):
        # PyInstaller's run-time hook gives matplotlib a new temporary config folder on every
        # start, so it would rebuild its font list each time (about a second); keep its cache
        # in the app's own cache folder instead.
        import platformdirs

        cache = Path(platformdirs.user_cache_dir("Conversion Tracker", appauthor=False))
        os.environ["MPLCONFIGDIR"] = str(cache / "matplotlib")
    sys.exit(main())
