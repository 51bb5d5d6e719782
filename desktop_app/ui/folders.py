"""Where file choosers start: the user's Documents folder the first time, then the last folder chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

# One remembered folder per kind of file, so charts and databases do not pull each other around.
EXPORT = "export"
CHART = "chart"
DATABASE = "database"


def documents_folder() -> Path:
    """The user's Documents folder, or their home folder where there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def start_folder(kind: str) -> Path:
    """The folder a chooser for `kind` opens in: the last one the user chose, if it still exists."""
    stored = QSettings().value(f"folders/{kind}", "")
    if isinstance(stored, str) and stored and Path(stored).is_dir():
        return Path(stored)
    return documents_folder()


def remember_folder(kind: str, chosen_file: str | Path) -> None:
    """Remember the folder of a file the user chose, for the next chooser of the same kind."""
    QSettings().setValue(f"folders/{kind}", str(Path(chosen_file).parent))
