"""Columns that step aside while a table is too narrow for all of them, and the header's
right-click menu that lets the user choose the columns instead (remembered per table)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtWidgets import QMenu, QTableView

SQUEEZE_MIN = 120  # the narrowest a squeezed column of long text gets before columns hide


class StepAside(QObject):
    """For `view`: `configure(optional, key)` names the columns that hide, the first first, while
    the viewport is narrower than all the columns' `widths` (each cell's tooltip should then carry
    what they show); the header's menu shows or hides any column but the first, remembered under
    `key`, until "Fit to the window" goes back to the automatic choice."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.optional: tuple[int, ...] = ()
        self.key = ""
        self.chosen: set[int] | None = None  # the columns the user chose to hide; None: automatic
        self.widths: list[int] = []  # each column's full width, as its owner measured it
        self.squeeze: int | None = None  # a column that narrows to SQUEEZE_MIN before any hides
        header = view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._popup)
        view.viewport().installEventFilter(self)

    def configure(self, optional: Sequence[int], key: str) -> None:
        self.optional = tuple(optional)
        if key != self.key:
            self.key = key
            stored = QSettings().value(f"columns/{key}")
            self.chosen = (
                {int(c) for c in stored.split(",") if c.isdigit()}
                if isinstance(stored, str) and stored != "auto"
                else None
            )
        self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def place(self) -> None:
        view = self.view
        model = view.model()
        count = model.columnCount() if model is not None else 0
        if self.chosen is not None:
            for col in range(count):
                view.setColumnHidden(col, col in self.chosen)
            return
        measured = self.widths if len(self.widths) == count else [100] * count
        widths = [SQUEEZE_MIN if c == self.squeeze else measured[c] for c in range(count)]
        room = view.viewport().width() if view.isVisible() else view.width()
        needed = sum(widths)
        hide = set()
        for col in self.optional:
            if needed <= room:
                break
            if col < count:
                hide.add(col)
                needed -= widths[col]
        for col in range(count):
            view.setColumnHidden(col, col in hide)

    def _popup(self, at: QPoint) -> None:
        self.menu().popup(self.view.horizontalHeader().mapToGlobal(at))

    def menu(self) -> QMenu:
        """Show or hide each column but the first; "Fit to the window" goes back to hiding the
        optional columns only when there is no room for them."""
        menu = QMenu(self.view)
        model = self.view.model()
        for col in range(1, model.columnCount()):
            name = str(model.headerData(col, Qt.Orientation.Horizontal)).replace("\n", " ")
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(col))
            action.toggled.connect(lambda shown, col=col: self._choose(col, shown))
        menu.addSeparator()
        auto = menu.addAction("Fit to the window")
        auto.setCheckable(True)
        auto.setChecked(self.chosen is None)
        auto.triggered.connect(self._automatic)
        return menu

    def _choose(self, col: int, shown: bool) -> None:
        count = self.view.model().columnCount()
        chosen = {c for c in range(count) if self.view.isColumnHidden(c)}
        (chosen.discard if shown else chosen.add)(col)
        self.chosen = chosen
        if self.key:
            QSettings().setValue(f"columns/{self.key}", ",".join(map(str, sorted(chosen))))
        self.place()

    def _automatic(self) -> None:
        self.chosen = None
        if self.key:
            QSettings().setValue(f"columns/{self.key}", "auto")
        self.place()
