"""Import: start an import (button or drop), and the import history with each batch's rows, problems and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.importing.batch_rows import batch_row_count, batch_rows
from desktop_app.importing.batches import BatchRow, batch_rejects, list_batches
from desktop_app.importing.errors import Problem
from desktop_app.importing.wording import plural
from desktop_app.ui import seams
from desktop_app.ui.commands.imports import RemoveImportCommand
from desktop_app.ui.import_wizard.preview_tables import fill_problems, fill_rows, read_only_table
from desktop_app.ui.models.batches_model import FILE, BatchesModel, local_time
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.theme import page_icon

ROWS_SHOWN = 200


class ImportPage(Page):
    key = "import"
    title = "Import"
    icon = "import"
    subtitle = "Bring in ad costs, orders and visits from CSV or Excel files."

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.import_button = QPushButton("Import a file…")
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.start_import)
        self.header.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addWidget(self._drop_card())
        history = QLabel("Import history")
        history.setObjectName("stepTitle")
        self.body.addWidget(history)
        self.empty = QLabel("Nothing imported yet. Every import you make is listed here.")
        self.empty.setObjectName("muted")
        self.body.addWidget(self.empty)
        self.model = BatchesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self._details())
        self.splitter.setSizes([260, 320])
        self.body.addWidget(self.splitter, 1)
        # With no history the splitter is hidden; this filler takes the space instead, so the
        # card and labels keep their natural height at the top of the page.
        self.filler = QWidget()
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.body.addWidget(self.filler, 1)

    def _drop_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        row = QHBoxLayout(card)
        row.setContentsMargins(18, 14, 18, 14)
        row.setSpacing(14)
        icon = QLabel()
        icon.setPixmap(page_icon("import", size=32).pixmap(32, 32))
        row.addWidget(icon)
        text = QVBoxLayout()
        text.setSpacing(2)
        title = QLabel("Drop CSV or Excel files anywhere on this window")
        title.setObjectName("strong")
        hint = QLabel(
            "Google Ads, Meta Ads, Shopify and GA4 exports are recognised by their columns. "
            "You check everything before it is saved, and every import can be undone."
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        text.addWidget(title)
        text.addWidget(hint)
        row.addLayout(text, 1)
        return card

    def _details(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.batch_title = QLabel()
        self.batch_title.setObjectName("strong")
        top.addWidget(self.batch_title, 1)
        self.undo_button = QPushButton("Undo import…")
        self.undo_button.setToolTip(
            "Remove exactly what this import added and restore what it changed"
        )
        self.undo_button.clicked.connect(self.undo_selected)
        top.addWidget(self.undo_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.rows_table = read_only_table()
        self.problems_table = read_only_table()
        self.tabs.addTab(self.rows_table, "Rows")
        self.tabs.addTab(self.problems_table, "Problems")
        layout.addWidget(self.tabs, 1)
        self.details = box
        return box

    # -- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        selected = self.selected_batch()
        self.model.tz = self.ctx.settings.tz  # the business time zone may have changed
        self.model.load(list(reversed(list_batches(self.ctx.db))))
        has = bool(self.model.rows)
        self.empty.setVisible(not has)
        self.filler.setVisible(not has)
        self.splitter.setVisible(has)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)
        if has:
            self._select(selected.batch if selected else self.model.rows[0].batch)

    def selected_batch(self) -> BatchRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_batch(self, batch: int) -> None:
        """Show `batch` (the import wizard's link to the rows it imported)."""
        if self._stale:
            self._stale = False
            self.refresh()
        self._select(batch)

    def _select(self, batch: int) -> None:
        row = self.model.row_of_batch(batch)
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    def _show_selected(self) -> None:
        batch = self.selected_batch()
        self.details.setEnabled(batch is not None)
        if batch is None or self.ctx.db is None:
            return
        db, tz = self.ctx.db, self.ctx.settings.tz
        when = local_time(batch.imported_at, tz)
        state = f" · undone {local_time(batch.undone, tz)}" if batch.undone else ""
        self.batch_title.setText(f"Batch {batch.batch} · {batch.file} · {when}{state}")
        self.undo_button.setEnabled(not batch.undone)
        records = batch_rows(db, batch.batch, batch.kind, ROWS_SHOWN)
        fill_rows(self.rows_table, records, tz)
        count = batch_row_count(db, batch.batch, batch.kind)
        shown = (
            f"Rows ({formatting.number(count)})"
            if count <= ROWS_SHOWN
            else f"Rows (first {ROWS_SHOWN} of {formatting.number(count)})"
        )
        self.tabs.setTabText(0, shown)
        problems = [Problem(*r) for r in batch_rejects(db, batch.batch)]
        fill_problems(self.problems_table, problems)
        self.tabs.setTabText(1, f"Problems ({formatting.number(len(problems))})")

    # -- actions ----------------------------------------------------------------------------
    def start_import(self) -> None:
        launcher = getattr(self.window(), "import_launcher", None)
        if launcher is not None:
            launcher.choose_files()

    def undo_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.undone:
            return
        ok = seams.confirm(
            self,
            "Undo import",
            f"Remove what the import of {batch.file} added ({plural(batch.inserted, 'row')})"
            + (
                f" and restore the {plural(batch.updated, 'row')} it changed"
                if batch.updated
                else ""
            )
            + "?\n\nYou can bring it back with Edit > Undo.",
            "Undo import",
        )
        if ok:
            self.undo_button.setEnabled(False)  # until the history shows the batch undone
            # Runs in the background (progress after half a second); still an Edit-menu step.
            self.ctx.undo_stack.push(RemoveImportCommand(self.ctx, batch.batch, batch.file, self))
