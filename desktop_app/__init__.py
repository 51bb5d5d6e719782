"""Conversion Tracker: which marketing channels bring leads and sales, on the owner's laptop."""

__version__ = "0.1.0"
APP_NAME = "Conversion Tracker"
ORG_NAME = "Conversion Tracker"


def _sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy and pandas when they are installed, only to name their number
    types as column types; the app never hands it numpy values (sqlite3 cannot store them), and
    numpy costs about 100 ms on every start of the command line. This finder answers "not
    installed" to those two imports while sqlite_utils.db itself is loading, and nothing else:
    attribution and charts import numpy as usual."""
    import sys

    class _Finder:  # a meta path finder needs only find_spec (importlib.abc costs 20 ms)
        def find_spec(self, name: str, path: object = None, target: object = None) -> None:
            if name in ("numpy", "pandas"):
                loading = sys.modules.get("sqlite_utils.db")
                spec = getattr(loading, "__spec__", None)
                if spec is not None and getattr(spec, "_initializing", False):
                    raise ModuleNotFoundError(f"{name} is left out of sqlite-utils", name=name)
            return None

    if "sqlite_utils.db" not in sys.modules:
        sys.meta_path.insert(0, _Finder())


_sqlite_utils_without_numpy()
