"""Starting imports: File > Import…, the Import page's button, and files dropped on the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence

from desktop_app.importing.wording import plural
from desktop_app.ui import seams
from desktop_app.ui.folders import remember_folder, start_folder

if TYPE_CHECKING:
    from desktop_app.importing.engine import ImportResult
    from desktop_app.ui.import_wizard.wizard import ImportWizard
    from desktop_app.ui.shell.main_window import MainWindow

IMPORT_FILTER = (
    "Spreadsheets and CSV files (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls *.xlsb *.ods);;All files (*)"
)


IMPORT_FOLDER = "import"  # QSettings folders/import


class ImportLauncher(QObject):
    """Opens one wizard per file, one after another."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.queue: list[Path] = []
        self.wizard: ImportWizard | None = None

    def choose_files(self) -> None:
        # Documents the first time, then the folder of the last import (never the data folder).
        folder = str(start_folder(IMPORT_FOLDER))
        paths = seams.choose_open_files(self.window, "Import files", IMPORT_FILTER, folder)
        if paths:
            remember_folder(IMPORT_FOLDER, paths[0])
        self.start([Path(p) for p in paths])

    def start(self, paths: list[Path]) -> None:
        if not paths:
            return
        if self.ctx.db is None:
            seams.show_error(
                self.window,
                "No database is open",
                "Create or open a database first (File > New database…), then import.",
            )
            return
        self.queue.extend(paths)
        if self.wizard is None:
            self._next()

    def _next(self) -> None:
        if not self.queue or self.wizard is not None:
            return
        from desktop_app.ui.import_wizard.wizard import ImportWizard

        path = self.queue.pop(0)
        wizard = ImportWizard(self.ctx, path, self.window)
        self.wizard = wizard
        wizard.imported.connect(self._imported)
        wizard.show_batch.connect(self._show_batch)
        wizard.finished.connect(lambda _code: self._closed(wizard))
        wizard.planned.connect(lambda: self._first_plan(wizard))
        wizard.start(on_failed=lambda: self._closed(wizard))

    def _first_plan(self, wizard: ImportWizard) -> None:
        if wizard.isVisible() or wizard.outcome is not None or wizard.asked_again:
            return
        wizard.asked_again = True
        if not self._import_again(wizard):
            wizard.reject()
            return
        wizard.open()

    def _import_again(self, wizard: ImportWizard) -> bool:
        """A file whose exact bytes were imported before (and not undone): ask first."""
        from desktop_app.importing.batches import earlier_import

        plan = wizard.plan
        earlier = earlier_import(self.ctx.require_db(), plan.file_hash) if plan else None
        if earlier is None:
            return True
        return seams.confirm(
            self.window,
            "Already imported",
            f"{plan.file if plan else ''} was imported on {earlier.imported_at[:10]} (batch "
            f"{earlier.batch}, {earlier.file}). Import it again? Records that are already there "
            "are skipped, or updated where a figure changed, never doubled.",
            "Import again",
        )

    def _closed(self, wizard: ImportWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
            wizard.hide()
            wizard.deleteLater()
            QTimer.singleShot(0, self._next)

    def _imported(self, result: ImportResult) -> None:
        if result.batch is not None:  # Edit > Undo (Ctrl+Z) takes the import back
            from desktop_app.ui.commands.imports import ImportCommand

            self.ctx.undo_stack.push(
                ImportCommand(self.ctx, result.batch, result.file, self.window)
            )
        else:
            self.ctx.notify("imports")
        self.window.statusBar().showMessage(
            f"Imported {result.file}: {plural(result.inserted + result.updated, 'row')}.", 8000
        )

    def _show_batch(self, batch: int) -> None:
        page = self.window.show_page("import")
        select = getattr(page, "select_batch", None)
        if callable(select):
            select(batch)

    # -- drag and drop ----------------------------------------------------------------------
    def drag_enter(self, event: QDragEnterEvent) -> None:
        if _local_files(event):
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> None:
        paths = _local_files(event)
        if paths:
            event.acceptProposedAction()
            self.start(paths)


def _local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [
        Path(u.toLocalFile())
        for u in mime.urls()
        if u.isLocalFile() and Path(u.toLocalFile()).is_file()
    ]


def install_import(window: MainWindow) -> ImportLauncher:
    """File > Import… (Ctrl+I) and dropping files on the window."""
    launcher = ImportLauncher(window)
    action = QAction("&Import…", window)
    action.setShortcut(QKeySequence("Ctrl+I"))
    action.triggered.connect(launcher.choose_files)
    window.add_file_action(action)
    window.import_action = action  # type: ignore[attr-defined]
    window.setAcceptDrops(True)
    return launcher
