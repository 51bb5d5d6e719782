"""The frozen program's entry: the same `main` as the `conversion-tracker` command."""

import multiprocessing
import sys

from desktop_app.main import main

if __name__ == "__main__":
    # The importer reads workbooks in a spawned child; in a frozen app that child re-runs this
    # executable, and freeze_support() turns it into the worker instead of a second app.
    multiprocessing.freeze_support()
    sys.exit(main())
