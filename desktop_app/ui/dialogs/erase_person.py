"""Erase a customer…: find one person by e-mail, phone, customer id or order id (or from a
conversion), see what would go, erase it, and deal with the backups that still hold them."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.importing.wording import plural
from desktop_app.store.backup import BackupError, backup_database
from desktop_app.store.faults import DatabaseError
from desktop_app.store.privacy import (
    EraseError,
    Person,
    erase_person,
    find_person,
    older_backups,
)
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext

WAYS = [("email", "E-mail address"), ("phone", "Phone number"), ("customer_id", "Customer id"),
        ("order_id", "Order id")]  # fmt: skip


class ErasePersonDialog(QDialog):
    """Find, then erase; `conversion_id` starts from that conversion's customer."""

    def __init__(
        self, ctx: AppContext, conversion_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.conversion_id = conversion_id
        self.person: Person | None = None
        self.setWindowTitle("Erase a customer")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        intro = QLabel(
            "Removes everything the app holds about one person: their conversions and visits, "
            "their e-mail address and phone number, and every hash of them. It cannot be undone."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.way = QComboBox()
        for key, label in WAYS:
            self.way.addItem(label, key)
        self.value = QLineEdit()
        self.value.setPlaceholderText("jane@example.com")
        if conversion_id is None:
            form.addRow("Find by", self.way)
            form.addRow("", self.value)
        else:
            form.addRow("Customer", QLabel("The person of the selected conversion"))
        layout.addLayout(form)
        self.found = QLabel()
        self.found.setWordWrap(True)
        layout.addWidget(self.found)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = self.buttons.addButton(
            "Erase", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Looked up as the user types, once typing pauses (each look-up reads the database).
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.look_up)
        self.way.currentIndexChanged.connect(lambda _i: self.timer.start())
        self.value.textChanged.connect(lambda _t: self.timer.start())
        self.look_up()

    def look_up(self) -> None:
        """What would go, as the user types (a dry run; nothing is changed)."""
        db = self.ctx.require_db()
        self.person = None
        text = self.value.text().strip()
        if self.conversion_id is None and not text:
            self.found.setText("Type what identifies the person.")
            self.erase_button.setEnabled(False)
            return
        key = self.way.currentData()
        given = {key: text} if self.conversion_id is None else {}
        try:
            person = find_person(db, conversion_id=self.conversion_id,
                                 country=self.ctx.settings.country or "US", **given)  # fmt: skip
        except EraseError as exc:
            self.found.setText(f"{str(exc)[0].upper()}{str(exc)[1:]}.")
            self.erase_button.setEnabled(False)
            return
        counted = erase_person(db, person, dry_run=True)
        self.person = person if counted.conversions or counted.touchpoints else None
        self.found.setText(
            f"Found {plural(counted.conversions, 'conversion')} and "
            f"{plural(counted.touchpoints, 'visit')} of this person."
            if self.person
            else "Nothing is stored about this person."
        )
        self.erase_button.setEnabled(self.person is not None)

    def erase(self) -> None:
        if self.timer.isActive():  # typed a moment ago: look it up first
            self.timer.stop()
            self.look_up()
        if self.person is None:
            return
        if not seams.confirm(
            self, "Erase this customer", f"{self.found.text()} Erase them for good?", "Erase"
        ):
            return
        db = self.ctx.require_db()
        erased = erase_person(db, self.person)
        self.ctx.undo_stack.clear()  # earlier steps may refer to what is gone
        self.ctx.notify("all")
        text = (
            f"Erased {plural(erased.conversions, 'conversion')} and "
            f"{plural(erased.touchpoints, 'visit')}, with their contacts and every hash of them."
        )
        if not erased.complete:
            text += (
                " Another window or command was reading the database, so its old pages may "
                "still hold them: close it and erase again to finish."
            )
        path = self.ctx.db_path
        backups = older_backups(path) if path is not None else []
        if (
            backups
            and path is not None
            and seams.confirm(
                self,
                "Backups still hold this customer",
                f"{text}\n\n{plural(len(backups), 'copy', 'copies')} made before now (backups, "
                "and files kept by a restore) still hold this person. Delete them? A new backup "
                "without them is made first.",
                "Delete those copies",
            )
        ):
            try:
                backup_database(db.conn, path, "manual")
            except (OSError, DatabaseError, BackupError) as exc:
                seams.show_error(self, "The older copies were kept", f"A new backup could not "
                                 f"be made first ({exc}), so the older ones were not deleted.")  # fmt: skip
                backups = []
            for backup in backups:
                backup.unlink(missing_ok=True)
            n = len(backups)
            text += f" {plural(n, 'older backup')} {'was' if n == 1 else 'were'} deleted as well."
        seams.inform(self, "Customer erased", text)
        self.accept()
