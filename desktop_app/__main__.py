"""`python -m desktop_app` does what the `conversion-tracker` command does."""

import sys

from desktop_app.main import main

sys.exit(main())
