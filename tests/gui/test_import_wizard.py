"""The import wizard driven through its widgets: a Google Ads report, a messy European CSV, drops."""

from __future__ import annotations

import csv
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextDocumentFragment
from PySide6.QtWidgets import QApplication

from desktop_app.store.settings import save_settings
from tests.gui.import_helpers import (
    choose_field,
    click_option,
    open_wizard,
    press_continue,
    shown_wizard,
    wizards_deleted,  # noqa: F401 - an autouse fixture
)


def test_google_ads_campaign_report_from_file_choice_to_import(
    main_window, qtbot, monkeypatch, shared_data: Path
) -> None:
    db = main_window.ctx.require_db()
    save_settings(db, {"currency": "USD"})  # the report is in USD; no exchange rate needed
    path = shared_data / "googleads-calpreserving" / "Campaign report.csv"
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)

    assert wizard.file_step.format_label.text() == "Text file (CSV)"
    assert wizard.file_step.delimiter.currentData() == ","
    press_continue(wizard, qtbot)

    step = wizard.kind_step
    assert step.kind_buttons["spend"].isChecked()
    assert step.preset.currentText().startswith("Google Ads report")
    assert step.header_row.value() == 3
    assert [step.role_of(n) for n in (1, 2, 3, 4, 16, 20)] == [
        "title", "title", "header", "data", "total", "total"
    ]  # fmt: skip
    press_continue(wizard, qtbot)

    fields = {c.property("column"): c.currentData() for c in wizard.mapping_step.combos}
    assert fields["Cost"] == "cost" and fields["Campaign"] == "campaign"
    assert fields["Budget"] == "ignore"
    needed = QTextDocumentFragment.fromHtml(wizard.mapping_step.required.text()).toPlainText()
    # Every required field, the date too (this report has none: its period is asked next).
    assert " ".join(needed.split()) == (
        "Needed: ○ Date (or the period the file covers, asked next) ✓ Cost ✓ Campaign or Channel"
    )
    press_continue(wizard, qtbot)

    choices = wizard.choices_step
    assert choices.period_card.isVisible()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # the period is open
    # An "All time" report: no period is preselected (last month would get lifetime spend).
    assert choices.period_from.text() == choices.period_to.text() == "choose a day"
    assert not choices.period_button.isEnabled()
    choices.period_from.setDate(QDate(2026, 1, 1))
    assert not choices.period_button.isEnabled()
    choices.period_to.setDate(QDate(2026, 1, 31))
    assert choices.period_button.isEnabled()
    qtbot.mouseClick(choices.period_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled())
    press_continue(wizard, qtbot)

    preview = wizard.preview_step
    assert preview.dry is not None and preview.dry.rejected == []
    assert preview.summary.text().startswith("12 rows will be imported")
    assert db.execute("SELECT COUNT(*) FROM spend").fetchone()[0] == 0  # a preview writes nothing
    press_continue(wizard, qtbot)  # Import

    assert wizard.currentPage() is wizard.summary_step
    assert wizard.summary_step.values["inserted"].text() == "12"
    # The Cost column of the twelve campaign rows (4..15), summed by hand from the file.
    with open(path, encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    expected = sum(Decimal(row[13].replace(",", "")) for row in lines[3:15])
    assert expected == Decimal("199421.15")  # the sample README's campaign sum
    stored = db.execute(
        "SELECT SUM(cost_minor), MIN(period_start), MAX(period_end), COUNT(*) FROM spend"
    ).fetchone()
    assert stored == (19942115, "2026-01-01", "2026-01-31", 12)

    qtbot.mouseClick(wizard.summary_step.history_button, Qt.MouseButton.LeftButton)
    page = main_window.page("import")
    assert main_window.stack.currentWidget() is page
    assert page.selected_batch() is not None and page.selected_batch().inserted == 12
    qtbot.waitUntil(lambda: main_window.import_launcher.wizard is None)


def _european_file(tmp_path: Path) -> Path:
    path = tmp_path / "kosten.csv"
    path.write_bytes(
        "Datum;Kampagne;Anzeigengruppe;Kosten;Klicks\n"
        "03.04.2026;Marke;Schuhe;1.234,50;10\n"
        "05.04.2026;Marke;Süßwaren;12,25;3\n"
        "04.06.2026;Suche;Schuhe;7,00;1\n".encode("cp1252")
    )
    return path


def test_semicolon_file_with_decimal_commas_changed_mapping_and_date_order(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    db = main_window.ctx.require_db()
    wizard = open_wizard(main_window, qtbot, monkeypatch, _european_file(tmp_path))
    assert wizard.file_step.delimiter.currentData() == ";"
    assert wizard.file_step.encoding.currentData() == "cp1252"
    press_continue(wizard, qtbot)
    assert wizard.kind_step.kind_buttons["spend"].isChecked()
    press_continue(wizard, qtbot)

    # The ad group, not the campaign, is what this shop calls a campaign.
    choose_field(wizard, qtbot, "Anzeigengruppe", "Campaign")
    fields = {c.property("column"): c.currentData() for c in wizard.mapping_step.combos}
    assert fields["Anzeigengruppe"] == "campaign" and fields["Kampagne"] == "ignore"
    press_continue(wizard, qtbot)

    choices = wizard.choices_step
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # date order is open
    dmy = choices.order_buttons["dmy"]
    assert "'03.04.2026' is 3 April 2026" in dmy.text()
    assert "'03.04.2026' is 4 March 2026" in choices.order_buttons["mdy"].text()
    click_option(qtbot, dmy)
    qtbot.waitUntil(lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled())
    comma = choices.decimal_buttons[","]
    assert "'1.234,50' is 1234.50" in comma.text()
    click_option(qtbot, comma)
    qtbot.waitUntil(lambda: wizard.plan.options.decimal == "," and not wizard.busy)
    press_continue(wizard, qtbot)
    assert wizard.preview_step.dry.rejected == []
    press_continue(wizard, qtbot)

    rows = db.execute(
        "SELECT c.name, s.period_start, s.cost_minor FROM spend s"
        " JOIN campaigns c ON c.id = s.campaign_id ORDER BY s.period_start"
    ).fetchall()
    # Day first: 03.04 is 3 April; 1.234,50 is 1234.50 (123450 cents).
    assert rows == [
        ("Schuhe", "2026-04-03", 123450),
        ("Süßwaren", "2026-04-05", 1225),
        ("Schuhe", "2026-06-04", 700),
    ]
    schuhe = 123450 + 700
    assert db.execute(
        "SELECT SUM(cost_minor) FROM spend JOIN campaigns c ON c.id = campaign_id"
        " WHERE c.name = 'Schuhe'"
    ).fetchone() == (schuhe,)
    assert db.execute(
        "SELECT COUNT(*) FROM campaigns WHERE name IN ('Marke', 'Suche')"
    ).fetchone() == (0,)
    wizard.accept()


def _drop(window, paths: list[Path]) -> QDropEvent:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = QPointF(window.width() / 2, window.height() / 2)
    with warnings.catch_warnings():  # Qt 6 has only this (QPoint) form, marked as deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            where.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window, drop)
    return drop


def test_dropping_files_opens_one_wizard_after_another(main_window, qtbot, tmp_path: Path) -> None:
    first = _european_file(tmp_path)
    second = tmp_path / "orders.csv"
    second.write_text("Order ID,Created at,Total\nA1,2026-01-02 10:00,10.00\n", encoding="utf-8")
    drop = _drop(main_window, [first, second])
    assert drop.isAccepted()
    wizard = shown_wizard(main_window, qtbot)
    assert wizard.path == first and wizard.windowTitle() == "Import kosten.csv"
    assert wizard.file_step.file_label.text().startswith("kosten.csv")
    wizard.reject()
    qtbot.waitUntil(lambda: main_window.import_launcher.wizard not in (None, wizard))
    following = shown_wizard(main_window, qtbot)
    assert following.path == second
    assert following.plan.kind == "conversions"
    following.reject()
    qtbot.waitUntil(lambda: main_window.import_launcher.wizard is None)


def test_an_unreadable_file_gets_a_friendly_message(main_window, qtbot, dialogs, tmp_path) -> None:
    locked = tmp_path / "report.xlsx"
    locked.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a zip header and nothing after it
    _drop(main_window, [locked])
    qtbot.waitUntil(lambda: bool(dialogs))
    title, text = dialogs[0]
    assert title == "This file cannot be imported"
    assert "report.xlsx" in text and "Traceback" not in text and "again" in text
    qtbot.waitUntil(lambda: main_window.import_launcher.wizard is None)
    db = main_window.ctx.require_db()
    assert db.execute("SELECT COUNT(*) FROM import_batches").fetchone() == (0,)
    assert db.execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'import_refused'"
    ).fetchone() == (1,)


def test_a_workbook_that_kills_its_reader_leaves_the_app_running(
    main_window, qtbot, dialogs, monkeypatch, tmp_path
) -> None:
    from desktop_app.importing import safety
    from tests.hostile_files import xlsx

    # With the pre-scan's check switched off, the reader reserves 103 GB and aborts: in its own
    # process, so the window lives on and says what happened.
    monkeypatch.setattr(safety, "_check_shared_strings", lambda *args: None)
    path = xlsx(tmp_path / "strings.xlsx", [["Order", "Date", "Total"], ["A1", "2026-05-01", 1]],
                shared_count=4_294_967_295)  # fmt: skip
    _drop(main_window, [path])
    qtbot.waitUntil(lambda: bool(dialogs), timeout=30_000)
    title, text = dialogs[0]
    assert title == "This file cannot be imported"
    assert text.startswith("strings.xlsx could not be read: the spreadsheet reader stopped")
    assert main_window.isVisible()


def test_a_misspelt_campaign_is_offered_for_merging(main_window, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "leads.csv"
    path.write_text(
        "Order ID,Created at,Total,Campaign\n"
        "L1,2026-02-01 10:00,10.00,Data Analytics\n"
        "L2,2026-02-02 10:00,20.00,Data Analytcis\n"
        "L3,2026-02-03 10:00,30.00,Data Analytics\n",
        encoding="utf-8",
    )
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    for _ in range(4):
        press_continue(wizard, qtbot)
    preview = wizard.preview_step
    assert ("Data Analytcis", "Data Analytics") in preview.dry.merge_suggestions
    combo = preview.merge_combos["Data Analytcis"]
    assert combo.currentText() == "Create it"
    combo.setFocus()
    qtbot.keyClicks(combo, "Same")  # the similar name is offered first
    assert combo.currentText() == "Same as 'Data Analytics'"
    qtbot.waitUntil(lambda: preview.dry is not None and not wizard.busy)
    assert preview.dry.created["campaigns"] == ["Data Analytics"]
    press_continue(wizard, qtbot)
    db = main_window.ctx.require_db()
    assert db.execute("SELECT name FROM campaigns").fetchall() == [("Data Analytics",)]
    # All three leads count for the one campaign: 10 + 20 + 30 = 60.00 €.
    assert db.execute(
        "SELECT COUNT(*), SUM(value_minor) FROM conversions WHERE campaign_id IS NOT NULL"
    ).fetchone() == (3, 6000)
    wizard.accept()


@pytest.mark.slow
def test_mixed_date_orders_are_asked_with_examples_and_the_choice_applies(
    main_window, qtbot, monkeypatch, shared_data: Path
) -> None:
    db = main_window.ctx.require_db()
    save_settings(db, {"currency": "USD"})
    path = shared_data / "googleads-sales-uncleaned" / "GoogleAds_DataAnalytics_Sales_Uncleaned.csv"
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    for _ in range(3):
        press_continue(wizard, qtbot)
    choices = wizard.choices_step
    assert choices.date_card.isVisible()
    assert choices.status.text() == "Please check the date order below before continuing."
    note = " ".join(choices.date_note.text().split())
    assert "day-first (20-11-2024)" in note and "month-first (11/16/2024)" in note
    assert "6/11/2024 as 6 November 2024" in note
    auto = choices.order_buttons[None]
    assert auto.isChecked() and "'6/11/2024' is 6 November 2024" in auto.text()
    mdy = choices.order_buttons["mdy"]
    assert "'6/11/2024' is 11 June 2024" in mdy.text()
    click_option(qtbot, mdy)
    qtbot.waitUntil(lambda: wizard.plan.options.date_order == "mdy" and not wizard.busy)
    assert choices.order_buttons[None].isVisible()  # the way back stays offered
    press_continue(wizard, qtbot)
    dry = wizard.preview_step.dry
    summed = dry.rows_read - len(dry.rejected)
    assert (
        f"{summed:,} rows were summed into {dry.inserted:,} spend records (one per campaign and day)."
        in wizard.preview_step.notes.text()
    )
    press_continue(wizard, qtbot)  # Import
    created = wizard.summary_step.created.text()
    assert "rows were summed into" in created and "Created 3 new campaigns." in created
    months = {r[0] for r in db.execute("SELECT DISTINCT substr(period_start, 1, 7) FROM spend")}
    # Month first for 6/11/2024 and its kind (1/11 .. 12/11 but 11/11): June, January… December.
    assert months == {f"2024-{m:02d}" for m in range(1, 13)}
    wizard.accept()


def test_dollar_amounts_in_a_euro_business_ask_for_the_rate_on_the_spot(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    """Was a dead end: the rows were rejected and only Settings could take a rate, valid from
    today, which never covered the file's older dates."""
    path = tmp_path / "ads.csv"
    path.write_text("Day,Campaign,Cost\n2026-03-02,Brand,$231.88\n2026-03-01,Brand,$10.00\n")
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)  # the business is in EUR
    for _ in range(3):
        press_continue(wizard, qtbot)
    choices = wizard.choices_step
    assert choices.currency_card.isVisible() and not choices.currency.isVisible()
    assert choices.currency_note.text() == (
        "The file names the currency of its amounts: USD ('$231.88' in column 'Cost')."
    )
    assert choices.status.text() == (
        "The amounts cannot be imported as they are: see Currency below."
    )
    problem = choices.currency_problem.text()
    assert "business's currency is EUR and no exchange rate for USD" in problem
    assert "when the preview asks for it" in problem and "change the business currency" in problem
    press_continue(wizard, qtbot)
    preview = wizard.preview_step
    assert preview.summary.text().startswith("0 rows will be imported")
    assert preview.blocked.isVisible() and "Nothing can be imported" in preview.blocked.text()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    db = main_window.ctx.require_db()
    assert db.execute("SELECT COUNT(*) FROM import_batches").fetchone() == (0,)
    # The preview asks for the rate, from the file's earliest date, and checks the rows again.
    question = preview.rate_question
    assert question.isVisible()
    assert question.question.text().startswith("<b>2 rows are in USD, which has no exchange rate")
    assert (question.one_label.text(), question.base_label.text()) == ("1 USD =", "EUR")
    assert question.from_edit.date() == QDate(2026, 3, 1)
    qtbot.keyClicks(question.rate_edit, "abc")
    qtbot.mouseClick(question.add_button, Qt.MouseButton.LeftButton)
    assert question.error.isVisible() and db.execute(
        "SELECT COUNT(*) FROM exchange_rates"
    ).fetchone() == (0,)
    question.rate_edit.clear()
    qtbot.keyClicks(question.rate_edit, "0.92")
    qtbot.mouseClick(question.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.dry is not None and preview.dry.inserted == 2, timeout=30000)
    assert not question.isVisible() and not preview.blocked.isVisible()
    assert db.execute("SELECT currency, rate, valid_from FROM exchange_rates").fetchall() == [
        ("USD", "0.92", "2026-03-01")
    ]
    press_continue(wizard, qtbot)  # Import
    costs = db.execute(
        "SELECT period_start, cost_minor, original_cost_minor, original_currency FROM spend"
        " ORDER BY period_start"
    ).fetchall()
    # 10.00 USD × 0.92 = 9.20 EUR; 231.88 USD × 0.92 = 213.3296, rounded to 213.33 EUR.
    assert costs == [("2026-03-01", 920, 1000, "USD"), ("2026-03-02", 21333, 23188, "USD")]
    # The rate is one undoable step of its own, under the import.
    assert main_window.ctx.undo_stack.count() >= 1


def test_file_chooser_starts_in_documents_then_in_the_last_folder(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    from desktop_app.ui import seams
    from desktop_app.ui.folders import documents_folder

    folders: list[str] = []
    answers: list[list[str]] = [[], [], []]
    path = tmp_path / "shop" / "kosten.csv"
    path.parent.mkdir()
    path.write_bytes(_european_file(tmp_path).read_bytes())
    answers[1] = [str(path)]

    def chooser(parent, title, filters, folder):  # type: ignore[no-untyped-def]
        folders.append(folder)
        return answers[len(folders) - 1]

    from PySide6.QtCore import QSettings

    QSettings().remove("folders/import")  # earlier tests of this process imported files
    monkeypatch.setattr(seams, "choose_open_files", chooser)
    main_window.import_action.trigger()
    assert folders == [str(documents_folder())]
    assert Path(folders[0]) != main_window.ctx.db_path.parent  # never the hidden data folder
    main_window.import_action.trigger()
    wizard = shown_wizard(main_window, qtbot)
    wizard.reject()
    qtbot.waitUntil(lambda: main_window.import_launcher.wizard is None)
    main_window.import_action.trigger()
    assert folders[2] == str(path.parent)


# An open combo list on the offscreen platform warns that it cannot raise or grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_new_channel_and_goal_mapped_to_existing_ones_in_the_preview(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    db = main_window.ctx.require_db()
    db.execute(
        "INSERT INTO goals (name, category, level, currency) VALUES ('Purchase', 'transaction',"
        " 'macro', 'EUR')"
    )
    path = tmp_path / "orders.csv"
    path.write_text(
        "Order ID,Created at,Total,Channel,Goal\n"
        "A1,2026-01-02 10:00,10.00,Newsletter X,Sale\n"
        "A2,2026-01-03 10:00,5.00,Newsletter X,Sale\n",
        encoding="utf-8",
    )
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    for _ in range(4):
        press_continue(wizard, qtbot)
    preview = wizard.preview_step
    assert preview.dry.created["channels"] == ["Newsletter X"]
    for key, shown in (
        (("channels", "Newsletter X"), "Same as 'Email'"),
        (("goals", "Sale"), "Same as 'Purchase'"),
    ):
        combo = preview.map_combos[key]
        assert combo.currentText() == "Create it"
        combo.showPopup()  # pick the item in the open list, as a user would
        view = combo.view()
        item = view.model().index(combo.findText(shown), 0)
        view.scrollTo(item)
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(item).center()
        )
        assert combo.currentText() == shown
        qtbot.waitUntil(lambda: preview.dry is not None and not wizard.busy)
    assert preview.dry.created == {"campaigns": [], "channels": [], "goals": []}
    assert preview.map_combos[("goals", "Sale")].currentText() == "Same as 'Purchase'"
    press_continue(wizard, qtbot)
    stored = db.execute(
        "SELECT g.name, ch.name, COUNT(*) FROM conversions c JOIN goals g ON g.id = c.goal_id"
        " JOIN channels ch ON ch.id = c.channel_id GROUP BY 1, 2"
    ).fetchall()
    assert stored == [("Purchase", "Email", 2)]
    assert db.execute("SELECT COUNT(*) FROM goals WHERE name = 'Sale'").fetchone() == (0,)
    wizard.accept()


@pytest.mark.slow
def test_the_system_switching_light_and_dark_with_a_wizard_open(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    """Re-applying the theme (the system's colour scheme changed) must not disturb an open wizard."""
    from desktop_app.ui.theme import apply_theme, is_dark

    path = tmp_path / "costs.csv"
    path.write_text("Date,Campaign,Cost\n2026-01-05,Brand,12.50\n", encoding="utf-8")
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    app = QApplication.instance()
    for dark in (True, False, True):
        apply_theme(app, dark)
        qtbot.wait(50)
    assert is_dark() and wizard.isVisible()
    press_continue(wizard, qtbot)  # the wizard still works after the switches
    assert wizard.currentPage() is not None and wizard.currentId() == 1
    apply_theme(app, False)
    wizard.reject()


def test_values_left_out_are_shown_before_importing(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    db = main_window.ctx.require_db()
    path = tmp_path / "leads.csv"
    path.write_text(
        "Order ID,Created at,Total,Email,Goal\n"
        "A1,2026-01-02 10:00,10.00,not-an-address,Sale\n"
        "A2,2026-01-03 10:00,5.00,b@example.com,Sale\n",
        encoding="utf-8",
    )
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    for _ in range(4):
        press_continue(wizard, qtbot)
    preview = wizard.preview_step
    tabs = preview.tabs
    assert tabs.isTabVisible(3) and tabs.tabText(3) == "Values left out (1)"
    qtbot.mouseClick(
        tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(3).center()
    )
    table = preview.warnings_table
    assert table.isVisible()
    shown = [table.item(0, c).text() for c in range(1, 4)]
    assert shown == ["2", "Email", "not-an-address"]
    assert "is not an e-mail address" in table.item(0, 4).text()
    press_continue(wizard, qtbot)
    assert db.execute(
        "SELECT order_id, email_hash IS NULL FROM conversions ORDER BY 1"
    ).fetchall() == [
        ("A1", 1),
        ("A2", 0),
    ]
    wizard.accept()


def test_a_long_list_of_problems_shows_the_first_thousand_and_counts_the_rest(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    path = tmp_path / "orders.csv"
    rows = "".join(f"B{n},2026-01-02 10:00,abc\n" for n in range(1_200))
    path.write_text(f"Order ID,Created at,Total\nA1,2026-01-02 10:00,10.00\n{rows}",
                    encoding="utf-8")  # fmt: skip
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    for _ in range(4):
        press_continue(wizard, qtbot)
    preview = wizard.preview_step
    assert preview.tabs.tabText(1) == "Problems (1,200)"
    table = preview.problems_table
    assert table.rowCount() == 1_001
    assert table.item(999, 1).text() == "1002"  # row 1 is the header, row 2 imports
    assert table.item(1_000, 4).text() == (
        "… and 200 more: Copy all or Save as CSV gives every one."
    )
    wizard.reject()
