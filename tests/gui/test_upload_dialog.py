"""File > Export upload file…: the pre-flight on screen, the file, what to do next, and nothing
sent twice (the shop of tests/e2e/test_upload_files.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop_app.domain.conversion_form import ConversionDraft
from desktop_app.services.conversion_entry import check_draft
from desktop_app.store.conversions import insert_conversion
from desktop_app.store.settings import save_settings


@pytest.fixture
def shop_window(main_window: Any) -> Any:
    db = main_window.ctx.require_db()
    save_settings(db, {"currency": "EUR", "timezone": "Europe/Berlin", "country": "DE"})
    sale = db.execute("INSERT INTO goals (name, category, currency, google_ads_name) VALUES"
                      " ('Sofa sale', 'transaction', 'EUR', 'Offline sale')").lastrowid  # fmt: skip
    now = datetime(2026, 4, 1, 12, tzinfo=UTC)
    for draft in (
        ConversionDraft(sale, datetime(2026, 3, 28, 10, 0), "1200.00", order_id="S-1",
                        click_id="Cj0KCQ-A", consent_ad_user_data="granted"),
        ConversionDraft(sale, datetime(2026, 3, 31, 9, 0), "50.00", order_id="S-3",
                        click_id="Cj0KCQ-C", consent_ad_user_data="denied"),
        ConversionDraft(sale, datetime(2026, 3, 30, 9, 0), "80.00", order_id="S-4"),
    ):  # fmt: skip
        insert_conversion(db, check_draft(db, draft, now=now).row)  # type: ignore[arg-type]
    main_window.ctx.report_range.set_custom(date(2026, 3, 1), date(2026, 3, 31))
    main_window.ctx.notify("all")
    return main_window


def settled(qtbot: Any, dialog: Any) -> None:
    """The pre-flight and the save run on workers: wait until both are done."""
    qtbot.waitUntil(lambda: not dialog.loader.busy and not dialog.saving, timeout=10000)


def _open(window: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from desktop_app.ui import seams

    opened: list[Any] = []
    monkeypatch.setattr(seams, "run_dialog", lambda d: opened.append(d) or 0)
    window.upload_action.trigger()
    dialog = opened[0]
    dialog.show()
    return dialog


@pytest.mark.slow  # 1-2 s; .ci/run's slow step runs it (the README command stays near 100 s)
def test_the_preflight_the_file_the_next_step_and_no_second_upload(
    shop_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(shop_window, monkeypatch)
    settled(qtbot, dialog)
    qtbot.addWidget(dialog)
    assert dialog.platform == "google-ads"  # the first platform, the range on screen
    assert dialog.summary.text() == (
        "1 conversions go into the file. Left out: 1 no consent, 1 no identifier."
    )
    assert dialog.left_table.rowCount() == 2
    assert dialog.left_table.item(0, 3).text() in ("no consent", "no identifier")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0] == "order_id\tgoal\ttime\treason" and len(copied) == 3
    target = tmp_path / "google.csv"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert target.read_text(encoding="utf-8") == (
        "Parameters:TimeZone=Europe/Berlin\n"
        "Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency,"
        "Order ID\n"
        "Cj0KCQ-A,Offline sale,2026-03-28 10:00:00,1200.00,EUR,S-1\n"
    )
    assert dialog.summary.text() == "Saved google.csv with 1 conversions."
    assert (
        dialog.next_step.isVisible() and "Goals > Conversions > Uploads" in dialog.next_step.text()
    )
    table = dialog.history_table  # when, which file, its period, goals, rows and value
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert cells[1:] == ["google.csv", "1 – 31 Mar 2026", "every goal", "1", "€1,200.00"]
    assert not dialog.save_button.isEnabled()  # sent: nothing new to upload
    dialog.platform_combo.setCurrentIndex(dialog.platform_combo.findData("microsoft"))
    settled(qtbot, dialog)
    assert "Nothing qualifies" in dialog.summary.text()
    dialog.platform_combo.setCurrentIndex(dialog.platform_combo.findData("google-ads"))
    settled(qtbot, dialog)
    assert "1 already exported" in dialog.summary.text()
    dialog.again_box.setFocus()
    qtbot.keyClick(dialog.again_box, Qt.Key.Key_Space)
    settled(qtbot, dialog)
    assert (
        dialog.again_box.isChecked() and dialog.save_button.isEnabled()
    )  # send again, deliberately
    dialog.reject()


def test_the_conversions_pages_selection_can_be_sent(
    shop_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui import seams
    from desktop_app.ui.models.conversions_model import COL_ORDER

    page = shop_window.show_page("conversions")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)
    assert not page.send_button.isEnabled()  # nothing selected
    row = next(r for r in range(3) if page.model.index(r, COL_ORDER).data() == "S-1")
    page.table.selectRow(row)
    opened: list[Any] = []
    monkeypatch.setattr(seams, "run_dialog", lambda d: opened.append(d) or 0)
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    dialog = opened[0]
    qtbot.addWidget(dialog)
    settled(qtbot, dialog)
    assert dialog.conversion_ids is not None and len(dialog.conversion_ids) == 1
    assert dialog.summary.text() == "1 conversions go into the file."  # S-1 only: no left-outs
    target = tmp_path / "one.csv"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert target.read_text(encoding="utf-8").splitlines()[-1] == (
        "Cj0KCQ-A,Offline sale,2026-03-28 10:00:00,1200.00,EUR,S-1"
    )
    dialog.reject()


@pytest.mark.slow
def test_the_left_out_list_saved_and_copied_keeps_its_cells_and_defuses_formulas(
    shop_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: Copy turned every comma into a tab, so a goal named "Sofa, beds" split in two; and
    an order id read from a file as `=HYPERLINK(…)` went out as a formula."""
    import csv

    from desktop_app.ui import seams
    from desktop_app.ui.models.conversions_model import COL_ORDER, COL_SENT

    db = shop_window.ctx.require_db()
    db.execute("UPDATE goals SET name = 'Sofa, beds'")
    db.execute("UPDATE conversions SET order_id = '=HYPERLINK(\"x\")' WHERE order_id = 'S-4'")
    shop_window.ctx.notify("all")
    dialog = _open(shop_window, monkeypatch)
    settled(qtbot, dialog)
    qtbot.addWidget(dialog)
    saved = tmp_path / "left out.csv"
    monkeypatch.setattr(seams, "choose_save_file", lambda *a, **k: str(saved))
    qtbot.mouseClick(dialog.save_list_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(saved.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["order_id", "goal", "time", "reason"]
    assert sorted((r[0], r[1], r[3]) for r in rows[1:]) == [
        ('\'=HYPERLINK("x")', "Sofa, beds", "no identifier"),
        ("S-3", "Sofa, beds", "no consent"),
    ]
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    pasted = list(csv.reader(QGuiApplication.clipboard().text().splitlines(), delimiter="\t"))
    assert pasted == rows  # the same cells, tab-separated
    # The file itself: saved in a folder that is remembered for this platform only.
    target = tmp_path / "uploads" / "google.csv"
    target.parent.mkdir()
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert target.exists()
    dialog.reject()
    again = _open(shop_window, monkeypatch)
    settled(qtbot, again)
    qtbot.addWidget(again)
    assert Path(again.path_edit.text()).parent == target.parent
    again.platform_combo.setCurrentIndex(again.platform_combo.findData("meta"))
    settled(qtbot, again)
    assert Path(again.path_edit.text()).parent != target.parent
    again.reject()
    # The Conversions table says where each record went.
    page = shop_window.show_page("conversions")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 3, timeout=10000)
    sent = {page.model.index(r, COL_ORDER).data(): page.model.index(r, COL_SENT).data()
            for r in range(3)}  # fmt: skip
    assert sent["S-1"] == "Google Ads" and sent["S-3"] == "—"


@pytest.mark.slow  # 1-2 s; .ci/run's slow step runs it (the README command stays near 100 s)
def test_the_goal_and_the_period_chosen_decide_what_goes_in(
    shop_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QDate

    db = shop_window.ctx.require_db()
    db.execute("INSERT INTO goals (name, category, currency) VALUES ('Brochure', 'engagement',"
               " 'EUR')")  # fmt: skip
    shop_window.ctx.notify("goals")
    dialog = _open(shop_window, monkeypatch)
    settled(qtbot, dialog)
    qtbot.addWidget(dialog)
    assert dialog.summary.text().startswith("1 conversions go into the file.")
    goals = {dialog.goal_list.item(i).text(): dialog.goal_list.item(i)
             for i in range(dialog.goal_list.count())}  # fmt: skip
    assert all(item.checkState() == Qt.CheckState.Checked for item in goals.values())
    goals["Sofa sale"].setCheckState(Qt.CheckState.Unchecked)  # only Brochure: none of its own
    settled(qtbot, dialog)
    assert "Nothing qualifies" in dialog.summary.text() and not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.no_goals_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert dialog.summary.text() == "Tick at least one goal."
    assert not dialog.save_button.isEnabled()
    goals["Sofa sale"].setCheckState(Qt.CheckState.Checked)
    settled(qtbot, dialog)
    assert dialog.summary.text().startswith("1 conversions go into the file.")
    dialog.to_edit.setDate(QDate(2026, 3, 27))  # before the one sale that qualifies (28 March)
    settled(qtbot, dialog)
    assert "Nothing qualifies" in dialog.summary.text() and not dialog.save_button.isEnabled()
    # The suggested name follows the period (it kept saying "to 2026-03-31"); a name the
    # user typed stays.
    assert Path(dialog.path_edit.text()).name == "google-ads upload 2026-03-01 to 2026-03-27.csv"
    dialog.path_edit.setText("/somewhere/mine.csv")
    dialog.to_edit.setDate(QDate(2026, 3, 30))
    settled(qtbot, dialog)
    assert dialog.path_edit.text() == "/somewhere/mine.csv"
    dialog.platform_combo.setCurrentIndex(dialog.platform_combo.findData("meta"))
    settled(qtbot, dialog)
    assert dialog.path_edit.text() == "/somewhere/mine.csv"  # a platform changed it before
    dialog.reject()


def test_two_goals_of_three_go_in_and_the_history_names_them(
    shop_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several goals at once (one goal, or every goal, was all the dialog offered)."""
    db = shop_window.ctx.require_db()
    now = datetime(2026, 4, 1, 12, tzinfo=UTC)
    ids = {}
    for name, order, click in (("Kitchen sale", "K-1", "Cj0KCQ-K"), ("Lamp sale", "L-1",
                                                                      "Cj0KCQ-L")):  # fmt: skip
        ids[name] = db.execute("INSERT INTO goals (name, category, currency) VALUES (?,"
                               " 'transaction', 'EUR')", [name]).lastrowid  # fmt: skip
        draft = ConversionDraft(ids[name], datetime(2026, 3, 29, 10, 0), "300.00", order_id=order,
                                click_id=click, consent_ad_user_data="granted")  # fmt: skip
        insert_conversion(db, check_draft(db, draft, now=now).row)  # type: ignore[arg-type]
    shop_window.ctx.notify("all")
    dialog = _open(shop_window, monkeypatch)
    settled(qtbot, dialog)
    qtbot.addWidget(dialog)
    assert dialog.summary.text().startswith("3 conversions go into the file.")
    for i in range(dialog.goal_list.count()):
        item = dialog.goal_list.item(i)
        if item.text() == "Lamp sale":
            item.setCheckState(Qt.CheckState.Unchecked)
            settled(qtbot, dialog)
    assert dialog.summary.text().startswith("2 conversions go into the file.")
    target = tmp_path / "two goals.csv"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    orders = {line.rsplit(",", 1)[1] for line in target.read_text().splitlines()[2:]}
    assert orders == {"S-1", "K-1"}  # the sofa and the kitchen, not the lamp
    logged = db.execute("SELECT goal FROM export_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert logged == "Kitchen sale, Sofa sale"  # in the order the list shows them
    assert dialog.history_table.item(0, 3).text() == "Kitchen sale, Sofa sale"
    assert dialog.history_table.item(0, 5).text() == "€1,500.00"  # 1,200.00 + 300.00
    dialog.reject()


def test_a_refund_marked_in_the_app_is_retracted_and_a_sent_record_is_not_deleted_blindly(
    shop_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: nothing in the app could cancel a conversion (only a re-imported file with a status
    column), so no RETRACT could follow a refund; and deleting a sent conversion silently
    dropped its upload ledger, so no later file could take it back either."""
    from desktop_app.exporting.uploads import write_upload
    from desktop_app.ui import seams
    from desktop_app.ui.models.conversions_model import COL_ORDER

    db = shop_window.ctx.require_db()
    first, last = date(2026, 3, 1), date(2026, 3, 31)
    sent = write_upload(db, "google-ads", tmp_path / "clicks.csv", first, last,
                        now=datetime(2026, 4, 1, 12, tzinfo=UTC))  # fmt: skip
    assert len(sent.preflight.rows) == 1  # S-1
    page = shop_window.show_page("conversions")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 3, timeout=10000)
    row = next(r for r in range(3) if page.model.index(r, COL_ORDER).data() == "S-1")
    page.table.selectRow(row)
    assert page.cancel_button.text() == "Mark cancelled"
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    status = "SELECT status FROM conversions WHERE order_id = 'S-1'"
    assert db.execute(status).fetchone()[0] == "cancelled"
    assert shop_window.undo_action.text() == "&Undo Cancel conversion 'Sofa sale'"
    out = tmp_path / "adjust.csv"
    write_upload(db, "google-ads-adjustments", out, first, last,
                 now=datetime(2026, 4, 2, 12, tzinfo=UTC))  # fmt: skip
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[2].startswith("S-1,Offline sale,") and ",RETRACT" in lines[2]
    shop_window.ctx.undo_stack.undo()  # the cancel, undone
    assert db.execute(status).fetchone()[0] == "active"
    # Deleting S-1 now asks first (it was sent); declining keeps it.
    asked: list[str] = []
    monkeypatch.setattr(seams, "confirm", lambda _p, title, text, ok="OK": asked.append(text))
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == 3, timeout=10000)
    row = next(r for r in range(3) if page.model.index(r, COL_ORDER).data() == "S-1")
    page.table.selectRow(row)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "sent to Google Ads" in asked[0] and "Mark cancelled" in asked[0]
    assert db.execute(status).fetchone() == ("active",)


def test_the_preflight_and_the_save_run_off_the_gui_thread(
    shop_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: both ran on the GUI thread, and over a month of a million-conversion business the
    pre-flight took a second (a year, eleven) on every tick of a goal or change of date."""
    import threading

    from desktop_app.ui.dialogs import export_upload

    threads: list[str] = []
    real_preflight, real_write = export_upload.preflight, export_upload.write_upload

    def preflight(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_preflight(*args, **kwargs)

    def write_upload(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(export_upload, "preflight", preflight)
    monkeypatch.setattr(export_upload, "write_upload", write_upload)
    dialog = _open(shop_window, monkeypatch)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog)
    dialog.path_edit.setText(str(tmp_path / "g.csv"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert (tmp_path / "g.csv").exists() and len(threads) >= 3  # checked, saved, checked again
    assert threading.main_thread().name not in threads
    dialog.reject()
