"""The import wizard: one file, planned by the engine in the background, step by step to a batch."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop_app.importing import engine
from desktop_app.importing.engine import ImportOptions, ImportPlan, ImportRefused, ImportResult
from desktop_app.importing.isolated import cancel_reading
from desktop_app.store.connection import wait_for_write_lock
from desktop_app.store.faults import DatabaseError, explain
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.workers import WAITING, BackgroundTask, run_with_database

log = logging.getLogger(__name__)

PREVIEW_ROWS = 25


def friendly_error(exc: BaseException, file: str, db_path: Path | None = None) -> str:
    """What the user reads when the engine gives up: its own message, or a plain one (never a trace)."""
    if isinstance(exc, ImportRefused):
        return str(exc)
    fault = explain(exc, db_path) if not isinstance(exc, FileNotFoundError) else None
    if fault and (isinstance(exc, DatabaseError) or getattr(exc, "filename", None) != file):
        return fault  # the database or its disk, not the file being imported
    if isinstance(exc, MemoryError):
        return f"{file} is too large to read on this computer. Split it into smaller files."
    if isinstance(exc, OSError):
        return f"{file} cannot be read ({exc.strerror or exc}). Check that it still exists."
    return (
        f"{file} could not be read ({type(exc).__name__}: {str(exc)[:200]}). Open it in your "
        "spreadsheet program, save it again as .xlsx or .csv, and import the new copy."
    )


class ImportWizard(QWizard):
    """Holds the plan of one file; steps change options and ask for a new plan."""

    planned = Signal()  # a new plan is ready (the first, or after a change)
    imported = Signal(object)  # ImportResult of a committed import
    show_batch = Signal(int)  # the user wants to see the batch in the import history

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.ui.import_wizard.choices_step import ChoicesStep
        from desktop_app.ui.import_wizard.file_step import FileStep
        from desktop_app.ui.import_wizard.kind_step import KindStep
        from desktop_app.ui.import_wizard.mapping_step import MappingStep
        from desktop_app.ui.import_wizard.preview_step import PreviewStep
        from desktop_app.ui.import_wizard.summary_step import SummaryStep

        self.ctx = ctx
        self.path = path
        self.import_options = ImportOptions()
        self.asked_again = False  # the "already imported" question is asked once
        self.plan: ImportPlan | None = None
        self.rows: list[engine.PreviewRow] = []  # the file's first rows, with their roles
        self.outcome: ImportResult | None = None  # the committed import
        self.busy = False
        self.task: BackgroundTask | None = None
        self.setWindowTitle(f"Import {path.name}")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "Continue")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Done")
        self.resize(980, 680)
        self.file_step = FileStep(self)
        self.kind_step = KindStep(self)
        self.mapping_step = MappingStep(self)
        self.choices_step = ChoicesStep(self)
        self.preview_step = PreviewStep(self)
        self.summary_step = SummaryStep(self)
        for step in (
            self.file_step,
            self.kind_step,
            self.mapping_step,
            self.choices_step,
            self.preview_step,
            self.summary_step,
        ):
            self.addPage(step)

    # -- planning ---------------------------------------------------------------------------
    def start(self, on_failed: Callable[[], None] | None = None) -> None:
        """Plan the file with detected options; refuse it with a friendly message if hopeless."""
        self._plan(self.import_options, on_failed=on_failed, first=True)

    def replan(self, **changes: Any) -> None:
        """Plan again with some options changed; on refusal, keep the previous plan and say why."""
        options = engine.with_options(self.plan, **changes) if self.plan else ImportOptions()
        self._plan(options)

    def _plan(
        self,
        options: ImportOptions,
        on_failed: Callable[[], None] | None = None,
        first: bool = False,
    ) -> None:
        path, ctx = self.path, self.ctx

        def work(
            db: Any, progress: Callable[[int, int], None], cancelled: Any
        ) -> tuple[ImportPlan, list[engine.PreviewRow]]:
            token = cancel_reading.set(cancelled)  # Cancel ends the workbook reader's process
            try:
                plan = engine.plan_import(path, options, db)
                return plan, engine.preview_rows(plan, PREVIEW_ROWS)
            finally:
                cancel_reading.reset(token)

        def done(found: tuple[ImportPlan, list[engine.PreviewRow]]) -> None:
            self.busy = False
            self.plan, self.rows = found
            self.import_options = self.plan.options
            self.planned.emit()
            self._changed()

        def failed(exc: BaseException, details: str) -> None:
            self.busy = False
            if isinstance(exc, engine.ImportCancelled):  # the user stopped the reading
                self._changed()
                if first and on_failed is not None:
                    on_failed()
                return
            log.info("import of %s refused: %s", path.name, details)
            message = friendly_error(exc, path.name)
            if ctx.db is not None:
                engine.audit_refusal(ctx.db, path, message)
            title = "This file cannot be imported" if first else "That choice does not work"
            seams.show_error(self, title, message)
            self._changed()
            if self.plan is not None:
                self.planned.emit()  # the steps show the plan that still holds
            if first and on_failed is not None:
                on_failed()

        self.busy = True
        self._changed()
        self.task = run_with_database(
            ctx, work, done, failed, parent=self, label=f"Reading {path.name}…", cancellable=True
        )

    def run_dry(self, on_done: Callable[[ImportResult], None]) -> None:
        """Check every row without writing (the preview), in the background."""
        self._run(dry_run=True, skip_invalid=True, on_done=on_done, label="Checking every row…")

    def run_import(
        self, skip_invalid: bool, on_done: Callable[[ImportResult | None], None]
    ) -> None:
        """The real import, in one transaction, with progress and Cancel (which rolls back)."""
        self._run(dry_run=False, skip_invalid=skip_invalid, on_done=on_done, label="Importing…")

    def _run(
        self, *, dry_run: bool, skip_invalid: bool, on_done: Callable[[Any], None], label: str
    ) -> None:
        plan, ctx = self.plan, self.ctx
        assert plan is not None

        def work(db: Any, progress: Callable[[int, int], None], cancelled: Any) -> ImportResult:
            if not ctx.read_only:  # another program writing: say so, and let Cancel work
                try:
                    wait_for_write_lock(db, lambda: progress(0, WAITING), cancelled.is_set)
                except KeyboardInterrupt:
                    raise engine.ImportCancelled(
                        f"the import of {plan.file} was cancelled; nothing was changed"
                    ) from None
            return engine.run_import(
                db,
                plan,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=progress,
                cancel=cancelled,
            )

        def done(result: ImportResult) -> None:
            self.busy = False
            self._changed()
            on_done(result)

        def failed(exc: BaseException, details: str) -> None:
            self.busy = False
            self._changed()
            if isinstance(exc, engine.ImportCancelled):
                seams.inform(self, "Import cancelled", f"{exc}.".replace("..", "."))
            else:
                log.info("import of %s failed: %s", plan.file, details)
                seams.show_error(
                    self, "The import did not run", friendly_error(exc, plan.file, self.ctx.db_path)
                )
            on_done(None)

        self.busy = True
        self._changed()
        self.task = run_with_database(
            ctx, work, done, failed, parent=self, label=label, writes=not dry_run
        )

    def _changed(self) -> None:
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()
