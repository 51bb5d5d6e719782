"""Why a conversion is in its channel (Conversions table), and re-classifying stored records after
a mapping changes (Settings > Channels), as one undoable step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.importing.engine import ImportOptions, plan_import, run_import
from desktop_app.ui import seams
from desktop_app.ui.models.conversions_model import COL_CHANNEL, COL_WHY, COLUMNS
from tests.gui.settings_helpers import open_tab
from tests.gui.table_helpers import wait_for_rows


def _import_orders(db, folder: Path) -> None:  # type: ignore[no-untyped-def]
    orders = folder / "orders.csv"
    orders.write_text(
        "Order,Date,Total,utm_source,utm_medium\n"
        "A1,2026-05-01,10.00,newsletter,mail\nA2,2026-05-02,20.00,google,cpc\n"
        "A3,2026-05-03,30.00,newsletter,mail\n",
        encoding="utf-8",
    )
    run_import(db, plan_import(orders, ImportOptions(goal="Sale"), db))


def _channels(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(db.execute(
        "SELECT c.order_id, ch.name FROM conversions c JOIN channels ch ON ch.id = c.channel_id"
    ).fetchall())  # fmt: skip


def test_the_conversions_table_says_why_each_channel(main_window, qtbot, tmp_path) -> None:
    db = main_window.ctx.require_db()
    _import_orders(db, tmp_path)
    main_window.ctx.notify("all")
    page = main_window.show_page("conversions")
    model = wait_for_rows(qtbot, page)
    assert COLUMNS[COL_WHY][1] == "Why this channel"
    assert model.headerData(COL_WHY, Qt.Orientation.Horizontal) == "Why this channel"
    shown = {
        model.index(r, COL_CHANNEL).data(): model.index(r, COL_WHY).data()
        for r in range(model.rowCount())
    }
    assert shown == {
        "Paid Search": "GA4 4: search source, paid medium",
        "Unassigned": "No GA4 rule matches these tags",
    }
    row = next(
        r for r in range(model.rowCount()) if model.index(r, COL_CHANNEL).data() == "Paid Search"
    )
    assert model.index(row, COL_CHANNEL).data(Qt.ItemDataRole.ToolTipRole) == (
        "Paid Search: GA4 4: search source, paid medium"
    )


def test_a_new_mapping_offers_to_move_the_stored_records_undoably(
    main_window, qtbot, tmp_path, monkeypatch
) -> None:
    db = main_window.ctx.require_db()
    _import_orders(db, tmp_path)
    asked: list[str] = []

    def confirm(parent, title, text, ok_text="OK"):  # type: ignore[no-untyped-def]
        asked.append(text)
        return True

    monkeypatch.setattr(seams, "confirm", confirm)
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Channels")
    tab = page.channels
    qtbot.keyClicks(tab.alias_edit, "newsletter/*")
    tab.alias_channel.setCurrentIndex(tab.alias_channel.findText("Email"))
    qtbot.keyClick(tab.alias_edit, Qt.Key.Key_Return)
    assert asked and "2 stored records would be in another channel" in asked[0]
    assert "Unassigned → Email: 2 conversions" in asked[0]
    assert _channels(db) == {"A1": "Email", "A2": "Paid Search", "A3": "Email"}
    rule = db.execute("SELECT channel_rule FROM conversions WHERE order_id = 'A1'").fetchone()[0]
    assert rule == "newsletter/* mapped to this channel"
    stack = main_window.ctx.undo_stack
    assert stack.undoText() == "Re-classify stored records"
    stack.undo()
    assert _channels(db) == {"A1": "Unassigned", "A2": "Paid Search", "A3": "Unassigned"}
    stack.redo()
    assert _channels(db)["A1"] == "Email"


def test_the_wizard_asks_before_importing_the_same_file_again(
    main_window, qtbot, monkeypatch, tmp_path
) -> None:
    from tests.gui.import_helpers import open_wizard

    db = main_window.ctx.require_db()
    orders = tmp_path / "orders.csv"
    _import_orders(db, tmp_path)
    asked: list[str] = []
    answers = [False, True]

    def confirm(parent, title, text, ok_text="OK"):  # type: ignore[no-untyped-def]
        asked.append(f"{title}: {text}")
        return answers.pop(0)

    monkeypatch.setattr(seams, "confirm", confirm)
    from desktop_app.ui import seams as real

    monkeypatch.setattr(real, "choose_open_files", lambda *a, **k: [str(orders)])
    main_window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    assert asked[0].startswith("Already imported: orders.csv was imported on ")
    assert "never doubled" in asked[0]
    qtbot.waitUntil(lambda: main_window.import_launcher.wizard is None, timeout=10_000)
    wizard = open_wizard(main_window, qtbot, monkeypatch, orders)  # answered "Import again"
    assert wizard.isVisible() and len(asked) == 2
    wizard.reject()


def test_blank_costs_are_a_choice_in_the_preview(main_window, qtbot, monkeypatch, tmp_path):
    from tests.gui.import_helpers import open_wizard, press_continue

    report = tmp_path / "spend.csv"
    report.write_text(
        "Date,Campaign,Cost\n2026-05-01,Brand,NA\n2026-05-02,Brand,3.00\n2026-05-03,Brand,\n",
        encoding="utf-8",
    )
    wizard = open_wizard(main_window, qtbot, monkeypatch, report)
    while wizard.currentPage() is not wizard.preview_step:
        press_continue(wizard, qtbot)
    preview = wizard.preview_step
    assert preview.dry is not None and preview.dry.inserted == 1
    assert preview.blank_zero.isVisible() and not preview.blank_zero.isChecked()
    assert preview.blank_zero.text().startswith("Read the 2 blank or NA costs as 0")
    qtbot.mouseClick(preview.blank_zero, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.dry is not None and preview.dry.inserted == 3, timeout=30_000)
    assert preview.blank_zero.isChecked()
    press_continue(wizard, qtbot)  # Import
    db = main_window.ctx.require_db()
    assert db.execute("SELECT period_start, cost_minor FROM spend ORDER BY 1").fetchall() == [
        ("2026-05-01", 0), ("2026-05-02", 300), ("2026-05-03", 0)
    ]  # fmt: skip
    wizard.accept()  # Done
