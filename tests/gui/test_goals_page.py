"""The Goals page driven through its widgets: keyboard entry, validation, archive vs delete, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.models import GoalValues
from desktop_app.store.goals import create_goal
from desktop_app.ui import seams
from desktop_app.ui.dialogs.goal_form import GoalForm
from desktop_app.ui.models.goals_model import NAME, TARGET, VALUE

GOAL_TABLES = ("goals",)


def dump(db, tables=GOAL_TABLES) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    return {t: list(db.execute(f"SELECT * FROM {t} ORDER BY id")) for t in tables}


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def test_create_a_goal_with_the_keyboard(main_window, qtbot, monkeypatch) -> None:
    seen = []

    def fill(form: GoalForm) -> int:
        form.show()
        form.activateWindow()
        qtbot.waitUntil(lambda: focused() is form.name_edit)
        qtbot.keyClicks(focused(), "Quote request")
        order = []
        for text in ("", "", "1234.50", "", "45", "40", "12.00", "35", "Quote form", "Lead"):
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
            order.append(focused())
            if text:
                qtbot.keyClicks(focused(), text)  # Tab selects the field's text, typing replaces it
        assert order == [
            form.category_combo, form.level_combo, form.value_edit, form.counting_combo,
            form.lookback_edit, form.target_edit, form.cpa_edit, form.margin_edit,
            form.google_edit, form.meta_edit,
        ]  # fmt: skip
        assert form.save_button.isEnabled()
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        seen.append(form.result())
        return form.result()

    monkeypatch.setattr(seams, "run_dialog", fill)
    main_window.create_first_goal()  # the welcome page's "Create your first goal"
    assert seen == [1]
    page = main_window.page("goals")
    assert main_window.stack.currentWidget() is page
    db = main_window.ctx.require_db()
    row = db.execute(
        "SELECT name, category, level, default_value_minor, currency, lookback_days, target_count,"
        " target_cpa_minor, margin, google_ads_name, meta_name, microsoft_name, archived FROM goals"
    ).fetchall()
    # 1234.50 € is 123450 cents; 12.00 € is 1200 cents.
    assert row == [
        (
            "Quote request",
            "lead",
            "macro",
            123450,
            "EUR",
            45,
            40,
            1200,
            "0.35",
            "Quote form",
            "Lead",
            "",
            0,
        )
    ]
    model = page.model
    assert model.rowCount() == 1
    assert model.index(0, NAME).data() == "Quote request"
    assert model.index(0, VALUE).data() == "€1,234.50"
    assert model.index(0, TARGET).data() == "0 / 40  (0 %)"
    assert page.stack.currentIndex() == 1  # the table, no longer the empty state
    assert main_window.undo_action.text() == "&Undo Add goal 'Quote request'"
    audit = db.execute(
        "SELECT action, entity, details FROM audit_log WHERE entity = 'goal'"
    ).fetchall()
    assert audit == [("create", "goal", '{"name": "Quote request"}')]


def _existing(db) -> int:  # type: ignore[no-untyped-def]
    return create_goal(db, GoalValues("Purchase", "transaction", currency="EUR")).row_id


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("name_edit", "x\b", "A goal needs a name."),
        ("name_edit", "PURCHASE", "There is already a goal called 'PURCHASE'."),
        ("value_edit", "-5", "'-5' is negative; an amount cannot be."),
        ("value_edit", "12abc", "'12abc' is not an amount; write it like 1234.50."),
        ("lookback_edit", "0", "Between 1 and 540 days."),
        ("lookback_edit", "541", "Between 1 and 540 days."),
        ("lookback_edit", "", "Enter a number of days."),
        (
            "target_edit",
            "0",
            "A target is from 1 to 1,000,000,000 conversions a month; leave it empty for none.",
        ),
        ("name_edit", "N" * 201, "A goal's name has at most 200 characters; this one has 201."),
        ("google_edit", "g" * 201, "At most 200 characters fit; this has 201."),
        ("target_edit", "forty", "'forty' is not a whole number."),
        ("cpa_edit", "-1", "'-1' is negative; an amount cannot be."),
    ],
)
def test_each_rule_shows_its_message_and_saves_nothing(
    main_window, qtbot, monkeypatch, field: str, text: str, message: str
) -> None:
    db = main_window.ctx.require_db()
    _existing(db)
    before = dump(db)
    shown = []

    def fill(form: GoalForm) -> int:
        form.show()
        if field != "name_edit":
            qtbot.keyClicks(form.name_edit, "Walk-in visit")
        edit = getattr(form, field)
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        qtbot.keyClicks(edit, text.replace("\b", ""))
        if "\b" in text:
            qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        key = field.removesuffix("_edit")
        label = form.form.errors[{"value": "default_value", "lookback": "lookback_days",
                                  "target": "target_count", "cpa": "target_cpa",
                                  "google": "google_ads_name"}.get(key, key)]  # fmt: skip
        shown.append((label.text(), label.isVisible(), form.save_button.isEnabled()))
        qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter does not save an invalid form
        assert form.isVisible()
        form.reject()
        return form.result()

    monkeypatch.setattr(seams, "run_dialog", fill)
    main_window.show_page("goals").new_goal()
    assert shown == [(message, True, False)]
    assert dump(db) == before
    assert main_window.ctx.undo_stack.count() == 0


def test_untouched_fields_show_no_message(main_window, qtbot) -> None:
    form = GoalForm(main_window.ctx.require_db(), "EUR", parent=main_window)
    form.show()
    assert not form.save_button.isEnabled()  # no name yet
    assert not any(label.isVisible() for label in form.form.errors.values())
    form.reject()


def _select(page, name: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    for n, row in enumerate(page.model.rows):
        if row.name == name:
            page.table.select_source_row(n)
    assert page.selected_goal().name == name


def test_archive_a_used_goal_delete_an_unused_one_and_undo(main_window, qtbot, monkeypatch) -> None:
    db = main_window.ctx.require_db()
    used = _existing(db)
    create_goal(db, GoalValues("Brochure download", "engagement", "micro", currency="EUR"))
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency,"
        " channel_id) VALUES (?, '2026-06-01T10:00:00Z', '2026-06-01', 'EUR', 'EUR', 1)",
        [used],
    )
    start = dump(db)
    page = main_window.show_page("goals")
    page.refresh()
    asked = []
    monkeypatch.setattr(seams, "confirm", lambda *a: asked.append(a[2]) or True)

    _select(page, "Purchase", qtbot)
    assert not page.delete_button.isEnabled()  # it has a conversion
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert db.execute("SELECT archived FROM goals WHERE id = ?", [used]).fetchone() == (1,)
    archived = dump(db)

    _select(page, "Brochure download", qtbot)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete the goal 'Brochure download'? It has no conversions."]
    assert [r.name for r in page.model.rows] == ["Purchase"]
    assert main_window.undo_action.text() == "&Undo Delete goal 'Brochure download'"

    main_window.undo_action.trigger()
    assert dump(db) == archived  # the deleted goal is back with its id and created_at
    main_window.undo_action.trigger()
    assert dump(db) == start
    main_window.redo_action.trigger()
    main_window.redo_action.trigger()
    assert [r[1] for r in dump(db)["goals"]] == ["Purchase"]
    assert [r.name for r in page.model.rows] == ["Purchase"]
    actions = [
        r[0] for r in db.execute("SELECT action FROM audit_log WHERE entity='goal' ORDER BY id")
    ]
    assert actions == ["create", "create", "archive", "delete", "undo", "undo", "redo", "redo"]


def test_edit_a_goal_then_undo(main_window, qtbot, monkeypatch) -> None:
    db = main_window.ctx.require_db()
    _existing(db)
    before = dump(db)
    page = main_window.show_page("goals")
    page.refresh()
    _select(page, "Purchase", qtbot)

    def fill(form: GoalForm) -> int:
        form.show()
        assert form.name_edit.text() == "Purchase" and form.lookback_edit.text() == "30"
        form.value_edit.setFocus()
        qtbot.keyClicks(form.value_edit, "89.90")
        qtbot.keyClick(form.value_edit, Qt.Key.Key_Return)
        return form.result()

    monkeypatch.setattr(seams, "run_dialog", fill)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on a row opens it
    assert db.execute("SELECT default_value_minor FROM goals").fetchone() == (8990,)
    assert main_window.undo_action.text() == "&Undo Edit goal 'Purchase'"
    main_window.undo_action.trigger()
    assert dump(db) == before


def test_empty_state_offers_the_first_goal(main_window) -> None:
    page = main_window.show_page("goals")
    assert page.stack.currentWidget() is page.empty


def test_goals_model(main_window, qtmodeltester) -> None:
    from datetime import date

    from tests.demo_copy import load_demo_copy

    db = main_window.ctx.require_db()
    load_demo_copy(db, seed=7, last_day=date(2026, 6, 30))
    page = main_window.show_page("goals")
    page.refresh()
    assert len(page.model.rows) == 4
    qtmodeltester.check(page.model)


def test_every_goal_column_fits_at_1280_wide(main_window, qtbot) -> None:
    from datetime import date

    from tests.demo_copy import load_demo_copy

    load_demo_copy(main_window.ctx.require_db(), seed=7, last_day=date(2026, 6, 30))
    main_window.ctx.notify("all")
    main_window.resize(1280, 820)
    page = main_window.show_page("goals")
    table = page.table
    qtbot.waitUntil(lambda: table.viewport().width() > 900)
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0  # no sideways scroll
    last = header.logicalIndex(header.count() - 1)
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        table.viewport().width()
    )
    assert page.model.headerData(7, Qt.Orientation.Horizontal) == "Last 30 days"
    # The name column takes the slack: every name shows whole.
    metrics = table.fontMetrics()
    widest = max(
        metrics.horizontalAdvance(page.model.index(r, NAME).data())
        for r in range(page.model.rowCount())
    )
    assert header.sectionSize(NAME) > widest


def test_a_one_sentence_margin_hint_until_a_goal_has_one_or_it_is_dismissed(
    main_window, qtbot
) -> None:
    from desktop_app.domain.models import GoalValues
    from desktop_app.store.goals import create_goal

    db = main_window.ctx.require_db()
    page = main_window.show_page("goals")
    assert not page.margin_hint.isVisible()  # no goals yet: the empty page explains goals
    create_goal(db, GoalValues("Purchase", "transaction", currency="EUR"))
    main_window.ctx.notify("goals")
    qtbot.waitUntil(lambda: page.margin_hint.isVisible())
    assert "gross margin" in page.margin_hint_text.text()
    assert page.margin_hint_text.text().count(".") == 1  # one sentence
    db.execute("UPDATE goals SET margin = '0.35'")
    main_window.ctx.notify("goals")
    qtbot.waitUntil(lambda: not page.margin_hint.isVisible())  # a margin is set: no need
    db.execute("UPDATE goals SET margin = NULL")
    main_window.ctx.notify("goals")
    qtbot.waitUntil(lambda: page.margin_hint.isVisible())
    qtbot.mouseClick(page.margin_hint_button, Qt.MouseButton.LeftButton)
    assert not page.margin_hint.isVisible()
    main_window.ctx.notify("goals")
    assert not page.margin_hint.isVisible()  # dismissed for good
