"""Step 5: what the import would do (a dry run) — rows as stored, every problem, new names — then import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop_app.domain import formatting
from desktop_app.importing.choices import campaign_names, currency_problem, goal_names
from desktop_app.importing.engine import ImportResult
from desktop_app.store.channels import list_channels
from desktop_app.ui import seams
from desktop_app.ui.import_wizard.common import Step, muted
from desktop_app.ui.import_wizard.preview_tables import (
    copy_problems,
    fill_problems,
    fill_rows,
    read_only_table,
    save_problems,
)
from desktop_app.ui.import_wizard.rate_question import RateQuestion

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

NEW = "Create it"
KIND_NAMES = {"campaigns": "Campaign", "channels": "Channel", "goals": "Goal"}


class PreviewStep(Step):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "Preview", "Nothing is saved until you press Import.")
        self.setButtonText(QWizard.WizardButton.NextButton, "Import")
        self.dry: ImportResult | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.summary = QLabel()
        self.summary.setObjectName("stepTitle")
        layout.addWidget(self.summary)
        self.rate_question = RateQuestion(wizard.ctx)
        self.rate_question.added.connect(lambda _code: self.show_plan())
        layout.addWidget(self.rate_question)
        self.blocked = QLabel()  # why Import is disabled: nothing could be stored
        self.blocked.setObjectName("fieldError")
        self.blocked.setWordWrap(True)
        self.blocked.hide()
        layout.addWidget(self.blocked)
        self.tabs = QTabWidget()
        self.rows_table = read_only_table()
        self.tabs.addTab(self.rows_table, "Rows as stored")
        problems = QWidget()
        box = QVBoxLayout(problems)
        box.setContentsMargins(0, 8, 0, 0)
        self.problems_table = read_only_table()
        box.addWidget(self.problems_table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.copy_button = QPushButton("Copy all")
        self.copy_button.clicked.connect(lambda: copy_problems(self._problems()))
        self.save_button = QPushButton("Save as CSV…")
        self.save_button.clicked.connect(self.save_problems)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        self.tabs.addTab(problems, "Problems")
        names = QWidget()
        box = QVBoxLayout(names)
        box.setContentsMargins(0, 8, 0, 0)
        box.addWidget(
            muted(
                "Names the import would add. Map a campaign to an existing one when it is the same."
            )
        )
        self.names_table = read_only_table(4)
        self.names_table.setHorizontalHeaderLabels(["", "New name", "Similar to", "On import"])
        box.addWidget(self.names_table, 1)
        self.tabs.addTab(names, "New names")
        left_out = QWidget()
        box = QVBoxLayout(left_out)
        box.setContentsMargins(0, 8, 0, 0)
        box.addWidget(
            muted(
                "These rows are imported without the value named: an e-mail address or phone "
                "number that is not valid, or that a spreadsheet has changed. Fix it in the file "
                "and import again to add it."
            )
        )
        self.warnings_table = read_only_table()
        box.addWidget(self.warnings_table, 1)
        self.tabs.addTab(left_out, "Values left out")
        layout.addWidget(self.tabs, 1)
        self.skip = QCheckBox()
        self.skip.setChecked(True)
        layout.addWidget(self.skip)
        self.blank_zero = QCheckBox()  # the CLI's --blank-cost
        self.blank_zero.toggled.connect(self._blank_cost_chosen)
        layout.addWidget(self.blank_zero)
        self.notes = muted()
        layout.addWidget(self.notes)
        self.merge_combos: dict[str, QComboBox] = {}

    # -- the dry run ------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.show_plan()

    def show_plan(self) -> None:
        self.dry = None
        self.summary.setText("Checking every row…")
        self.w.run_dry(self._checked)

    def _checked(self, result: ImportResult | None) -> None:
        if result is None:  # cancelled or failed: back to the choices
            self.w.back()
            return
        self.dry = result
        missing = result.missing_rates
        first = sorted(missing)[0] if missing else ""
        self.rate_question.ask(
            missing,
            sum(1 for p in result.rejected if f"no exchange rate for {first} " in p.reason),
        )
        usable = result.inserted + result.updated
        parts = [f"{formatting.number(usable)} {'row' if usable == 1 else 'rows'} will be imported"]
        if result.duplicates:
            parts.append(f"{formatting.number(result.duplicates)} already imported")
        parts.append(f"{formatting.number(len(result.rejected))} with problems")
        if result.total_rows_skipped:
            parts.append(f"{result.total_rows_skipped} total rows skipped")
        self.summary.setText(" · ".join(parts))
        self.blocked.setVisible(usable == 0)
        if usable == 0:
            reason = result.nothing_reason or "every record of the file is already in the database"
            problem = None if missing else currency_problem(self.plan, self.w.ctx.require_db())
            # The currency problem, when there is one, says why and what to do in fewer words.
            if missing:
                reason = "enter the exchange rate above, and the rows are checked again"
            self.blocked.setText(
                f"Nothing can be imported. {problem}"
                if problem
                else f"Nothing can be imported: {reason}."
            )
        fill_rows(self.rows_table, result.preview, self.w.ctx.settings.tz)
        fill_problems(self.problems_table, result.rejected)
        self.tabs.setTabText(1, f"Problems ({formatting.number(len(result.rejected))})")
        fill_problems(self.warnings_table, result.warnings, hint=" (the same reasons as above)")
        self.tabs.setTabText(3, f"Values left out ({formatting.number(len(result.warnings))})")
        self.tabs.setTabVisible(3, bool(result.warnings))
        self._fill_names(result)
        # Nothing to show as stored: open the problems, which say why.
        self.tabs.setCurrentIndex(1 if not result.preview and result.rejected else 0)
        self.copy_button.setEnabled(bool(result.rejected))
        self.save_button.setEnabled(bool(result.rejected))
        self.skip.setVisible(bool(result.rejected))
        self.skip.setText(
            f"Import the good rows and skip the {formatting.number(len(result.rejected))} with problems "
            "(unchecked: import nothing until every row is fixed)"
        )
        zero = self.plan.options.blank_cost == "zero"
        self.blank_zero.setVisible(bool(result.blank_costs))
        self.blank_zero.blockSignals(True)
        self.blank_zero.setChecked(zero)
        self.blank_zero.blockSignals(False)
        n = result.blank_costs
        self.blank_zero.setText(
            f"Read the {formatting.number(n)} blank or NA {'cost' if n == 1 else 'costs'} as 0 (unchecked: the "
            "campaign-days they belong to are refused)"
        )
        notes = [n for n in result.notes if "--" not in n]
        explained = [f"{line[0].upper()}{line[1:]}." for line in result.explained]
        self.notes.setText("\n".join(explained + notes[:4]))
        self.completeChanged.emit()

    def _fill_names(self, result: ImportResult) -> None:
        options = self.w.import_options
        merges = {
            "campaigns": dict(options.merge_campaigns),
            "channels": dict(options.merge_channels),
            "goals": dict(options.merge_goals),
        }
        similar: dict[str, str] = {}
        for a, b in result.merge_suggestions:
            similar.setdefault(a, b)
            similar.setdefault(b, a)
        rows: list[tuple[str, str]] = []
        for kind in ("campaigns", "channels", "goals"):
            created = result.created.get(kind, [])
            rows += [(kind, n) for n in created]
            # Names mapped already are no longer created; keep them listed to change back.
            rows += [(kind, n) for n in merges[kind] if n not in created]
        db = self.w.ctx.require_db()
        existing = {
            "campaigns": campaign_names(db),
            "channels": [c.name for c in list_channels(db)],
            "goals": goal_names(db),
        }
        self.names_table.setRowCount(len(rows))
        self.merge_combos = {}
        self.map_combos: dict[tuple[str, str], QComboBox] = {}
        for row, (kind, name) in enumerate(rows):
            self.names_table.setItem(row, 0, QTableWidgetItem(KIND_NAMES[kind]))
            self.names_table.setItem(row, 1, QTableWidgetItem(name))
            self.names_table.setItem(row, 2, QTableWidgetItem(similar.get(name, "")))
            combo = QComboBox()
            combo.addItem(NEW, "")
            targets = [similar[name]] if kind == "campaigns" and name in similar else []
            targets += [n for n in existing[kind] if n.lower() != name.lower() and n not in targets]
            for target in targets:
                combo.addItem(f"Same as '{target}'", target)
            combo.setCurrentIndex(max(0, combo.findData(merges[kind].get(name, ""))))
            combo.activated.connect(lambda _i, k=kind, n=name: self._merge_chosen(n, k))
            self.names_table.setCellWidget(row, 3, combo)
            self.map_combos[(kind, name)] = combo
            if kind == "campaigns":
                self.merge_combos[name] = combo
        self.names_table.resizeColumnsToContents()
        self.names_table.horizontalHeader().setStretchLastSection(True)
        suggested = sum(1 for kind, n in rows if n in similar and kind == "campaigns")
        self.tabs.setTabText(2, f"New names ({len(rows)})" + (" ⚠" if suggested else ""))

    def _merge_chosen(self, name: str, kind: str = "campaigns") -> None:
        """Map a new name to an existing campaign, channel or goal (or back to 'create it')."""
        key = f"merge_{kind}"
        merges = dict(getattr(self.w.import_options, key))
        target = self.map_combos[(kind, name)].currentData()
        if target:
            merges[name] = target
        else:
            merges.pop(name, None)
        self.w.replan(**{key: merges})

    def _blank_cost_chosen(self, zero: bool) -> None:
        self.w.replan(blank_cost="zero" if zero else "reject")

    def _problems(self) -> list[Any]:
        return list(self.dry.rejected) if self.dry else []

    def save_problems(self) -> None:
        stem = Path(self.w.path).stem
        path = seams.choose_save_file(
            self, "Save the problems", "CSV files (*.csv)", f"{stem} problems.csv"
        )
        if path:
            try:
                save_problems(self._problems(), Path(path))
            except OSError as exc:
                seams.show_error(self, "Cannot save", f"{Path(path).name}: {exc.strerror or exc}")

    # -- importing --------------------------------------------------------------------------
    def isComplete(self) -> bool:
        return super().isComplete() and self.dry is not None and self.dry.stored > 0

    def validatePage(self) -> bool:
        if self.w.outcome is not None:
            return True
        if self.dry is not None and not self.w.busy:
            self.w.run_import(self.skip.isChecked(), self._imported)
        return False

    def _imported(self, result: ImportResult | None) -> None:
        if result is None:
            return  # cancelled (rolled back) or failed: the user stays here
        if not result.committed:
            seams.show_error(
                self,
                "Nothing was imported",
                f"{formatting.number(len(result.rejected))} rows have problems, and you chose to import nothing "
                "until every row is fixed. Fix them in the file (the Problems tab lists them), or "
                "tick 'Import the good rows', and import again.",
            )
            return
        self.w.outcome = result
        self.w.imported.emit(result)
        self.w.next()
