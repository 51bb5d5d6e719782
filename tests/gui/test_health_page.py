"""The Health page: the planted problems of tests/unit/test_health.py as cards, dismiss and snooze
(also left out by the command line), the sidebar's count and the Dashboard's line."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.unit.test_health import TODAY, Shop


@pytest.fixture
def troubled(main_window: Any) -> Any:
    ctx = main_window.ctx
    db = ctx.require_db()
    shop = Shop(db)
    sale = shop.goal("Sale")
    for day in (date(2026, 6, 1), date(2026, 6, 2)):
        shop.conversion(sale, day, "Walk-in", value=0)  # zero_value_transactions
    shop.conversion(sale, date(2026, 7, 5), "Walk-in")  # future_dates
    ctx.today = lambda: TODAY  # type: ignore[method-assign]
    ctx.report_range.today = lambda: TODAY + timedelta(days=1)
    ctx.notify("all")
    return main_window


def test_findings_show_as_cards_and_can_be_dismissed_or_snoozed(
    troubled: Any, qtbot: Any, db_path: Any
) -> None:
    page = shown_health(troubled, qtbot)
    assert set(page.cards) == {"future_dates", "zero_value_transactions"}
    assert not page.empty.isVisible() and not page.hidden_bar.isVisible()
    qtbot.waitUntil(lambda: troubled.health_count == 2, timeout=10000)
    label = next(troubled.sidebar.item(i).text() for i in range(troubled.sidebar.count())
                 if troubled.sidebar.item(i).data(Qt.ItemDataRole.UserRole) == "health")  # fmt: skip
    assert label == "Health  (2)"
    card = page.cards["zero_value_transactions"]
    dismiss = next(b for b in card.findChildren(QPushButton) if b.text() == "Dismiss")
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert set(page.cards) == {"future_dates"}
    snooze = next(b for b in page.cards["future_dates"].findChildren(QPushButton)
                  if b.text() == "Snooze a week")  # fmt: skip
    qtbot.mouseClick(snooze, Qt.MouseButton.LeftButton)
    assert page.cards == {}
    qtbot.waitUntil(lambda: not page.busy and page.empty.isVisible(), timeout=10000)
    assert page.empty_title.text().endswith("All clear as of 30 Jun 2026")
    assert page.hidden_label.text() == "2 findings dismissed or snoozed."
    qtbot.waitUntil(lambda: troubled.health_count == 0, timeout=10000)
    # A changed finding comes back: a third zero-value sale.
    db = troubled.ctx.require_db()
    Shop(db).conversion(db.execute("SELECT id FROM goals").fetchone()[0], date(2026, 6, 29),
                        "Walk-in", value=0)  # fmt: skip
    troubled.ctx.notify("conversions")
    qtbot.waitUntil(lambda: set(page.cards) == {"zero_value_transactions"}, timeout=10000)
    title = page.cards["zero_value_transactions"].findChildren(QLabel)[1].text()
    assert title == "Sales recorded with no value (3)"
    # The snoozed one can be brought back before its week is over.
    assert page.hidden_label.text() == "1 finding dismissed or snoozed."
    qtbot.mouseClick(page.bring_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: set(page.cards) == {"future_dates", "zero_value_transactions"},
                    timeout=10000)  # fmt: skip
    assert not page.hidden_bar.isVisible()


def shown_health(window: Any, qtbot: Any) -> Any:
    """The Health page, once its checks (run on a worker) have come back."""
    page = window.show_page("health")
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    return page


def test_the_command_line_leaves_out_what_the_app_dismissed(
    troubled: Any, qtbot: Any, db_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from desktop_app.main import main

    page = shown_health(troubled, qtbot)
    dismiss = next(b for b in page.cards["future_dates"].findChildren(QPushButton)
                   if b.text() == "Dismiss")  # fmt: skip
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    args = ["health", "--db", str(troubled.ctx.db_path), "--to", TODAY.isoformat(), "--format",
            "json"]  # fmt: skip
    assert main(args) == 1
    assert [f["check"] for f in json.loads(capsys.readouterr().out)] == ["zero_value_transactions"]
    assert main([*args, "--all"]) == 1
    checks = {f["check"] for f in json.loads(capsys.readouterr().out)}
    assert checks == {"future_dates", "zero_value_transactions"}


def test_the_dashboard_says_so_in_one_line(troubled: Any, qtbot: Any) -> None:
    dashboard = troubled.show_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.data is not None and not dashboard.loader.busy,
                    timeout=20000)  # fmt: skip
    # The window's one count (its sidebar badge shows the same) arrives from a worker.
    qtbot.waitUntil(dashboard.health_line.isVisible, timeout=20000)
    assert "found 2 things to look at" in dashboard.health_line.text()
    assert troubled.health_count == 2
    dashboard.health_line.linkActivated.emit("health")
    assert troubled.current_page_key() == "health"


def test_show_records_opens_the_records_behind_a_finding(troubled: Any, qtbot: Any) -> None:
    page = shown_health(troubled, qtbot)
    show = next(b for b in page.cards["zero_value_transactions"].findChildren(QPushButton)
                if b.text() == "Show records")  # fmt: skip
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert troubled.current_page_key() == "conversions"
    conversions = troubled.page("conversions")
    # Exactly the two sales worth 0, not every sale of the goal (it showed all three).
    qtbot.waitUntil(lambda: not conversions.model.loading and conversions.model.rowCount() == 2,
                    timeout=10000)  # fmt: skip
    assert {conversions.model.row_at(r).value_minor for r in range(2)} == {0}
    assert conversions.only_bar.isVisible()
    assert conversions.only_label.text() == "Showing the 2 records of a tracking health finding."
    qtbot.mouseClick(conversions.show_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not conversions.model.loading and conversions.model.rowCount() == 3,
                    timeout=10000)  # fmt: skip
    assert not conversions.only_bar.isVisible()


def test_a_record_dated_before_1900_is_named_and_shown(troubled: Any, qtbot: Any) -> None:
    """No report reaches a day before 1900, so the finding is the way to such a record."""
    db = troubled.ctx.require_db()
    Shop(db).conversion(db.execute("SELECT id FROM goals").fetchone()[0], date(1899, 12, 31),
                        "Walk-in", order="OLD-1")  # fmt: skip
    troubled.ctx.notify("conversions")
    page = shown_health(troubled, qtbot)
    qtbot.waitUntil(lambda: "early_dates" in page.cards, timeout=10000)
    texts = [label.text() for label in page.cards["early_dates"].findChildren(QLabel)]
    assert "Records dated before 1900 (1)" in texts
    assert any("conversion 1899-12-31 OLD-1" in t for t in texts)
    show = next(b for b in page.cards["early_dates"].findChildren(QPushButton)
                if b.text() == "Show records")  # fmt: skip
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    conversions = troubled.page("conversions")
    qtbot.waitUntil(lambda: not conversions.model.loading and conversions.model.rowCount() == 1,
                    timeout=10000)  # fmt: skip
    assert conversions.model.row_at(0).order_id == "OLD-1"


def _unassigned_card_button(window: Any, qtbot: Any) -> QPushButton:
    page = shown_health(window, qtbot)
    return next(b for b in page.cards["unassigned_tags"].findChildren(QPushButton)
                if b.text() in ("Show records", "Map the tags…"))  # fmt: skip


def _flyer_visit(db: Any, customer: str) -> None:
    # as an import stores it: classified by the rules, which found none
    db.execute("INSERT INTO touchpoints (customer_key, occurred_at, channel_id, source, medium,"
               " rule) SELECT ?, '2026-06-20T09:00:00Z', id, 'flyer-qr', 'print-ad',"
               " 'no GA4 rule matches these tags' FROM channels WHERE name = 'Unassigned'",
               [customer])  # fmt: skip


def test_tags_seen_only_on_visits_open_the_mapping_that_fixes_them(
    troubled: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: "Show records" opened the Unassigned conversions, none of which carried the tags
    (here: none at all). The visits have no page; the mapping that fixes them has."""
    from desktop_app.ui import seams

    db = troubled.ctx.require_db()
    _flyer_visit(db, "k")
    troubled.ctx.notify("all")
    button = _unassigned_card_button(troubled, qtbot)
    assert button.text() == "Map the tags…"
    qtbot.waitUntil(lambda: troubled.health_count == 3, timeout=10000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert troubled.current_page_key() == "settings"
    settings = troubled.page("settings")
    channels = settings.channels
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "Channels"
    assert channels.isVisible()
    assert channels.alias_edit.text() == "flyer-qr/print-ad"
    assert channels.alias_channel.currentIndex() == -1  # no channel guessed for the user
    qtbot.mouseClick(channels.map_button, Qt.MouseButton.LeftButton)  # nothing chosen: nothing
    assert db.execute("SELECT COUNT(*) FROM channel_aliases").fetchone()[0] == 0
    # Choosing the channel and mapping (and re-classifying, as offered) ends the finding.
    monkeypatch.setattr(seams, "confirm", lambda *a: True)
    channels.alias_channel.setCurrentIndex(channels.alias_channel.findText("Print"))
    qtbot.mouseClick(channels.map_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: troubled.health_count == 2, timeout=10000)  # was 3
    assert "unassigned_tags" not in shown_health(troubled, qtbot).cards
    assert db.execute("SELECT c.name FROM touchpoints t JOIN channels c ON c.id = t.channel_id"
                      " WHERE t.source = 'flyer-qr'").fetchone()[0] == "Print"  # fmt: skip


def test_tags_on_a_customer_s_visit_show_the_sale_that_followed(troubled: Any, qtbot: Any) -> None:
    db = troubled.ctx.require_db()
    shop = Shop(db)
    sale = db.execute("SELECT id FROM goals WHERE name = 'Sale'").fetchone()[0]
    shop.conversion(sale, date(2026, 6, 22), "Walk-in", order="AFTER-FLYER")
    db.execute("UPDATE conversions SET customer_key = 'ben' WHERE order_id = 'AFTER-FLYER'")
    _flyer_visit(db, "ben")
    troubled.ctx.notify("all")
    button = _unassigned_card_button(troubled, qtbot)
    assert button.text() == "Show records"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    conversions = troubled.page("conversions")
    qtbot.waitUntil(lambda: not conversions.model.loading and conversions.model.rowCount() == 1,
                    timeout=10000)  # fmt: skip
    assert conversions.model.row_at(0).order_id == "AFTER-FLYER"


def test_the_badge_counts_a_database_that_holds_only_visits(main_window: Any, qtbot: Any) -> None:
    """Was: a database without conversions was never checked for the badge, though the Health
    page showed its findings (a touchpoint log dated next year)."""
    main_window.ctx.require_db().execute(
        "INSERT INTO touchpoints (customer_key, occurred_at, channel_id) VALUES"
        " ('k', '2099-01-01T09:00:00Z', 1)"
    )
    main_window.ctx.notify("all")
    qtbot.waitUntil(lambda: main_window.health_count == 1, timeout=10000)


def test_show_records_selects_every_campaign_of_a_finding(troubled: Any, qtbot: Any) -> None:
    """Was: a finding about several campaigns selected the first of them only."""
    db = troubled.ctx.require_db()
    shop = Shop(db)
    for name in ("Newsletter", "Radio"):
        campaign = shop.campaign(name, "Email")
        shop.spend(campaign, date(2026, 6, 1), date(2026, 6, 30), 9000)
        shop.spend(campaign, date(2026, 6, 15), date(2026, 6, 15), 300)  # the same day again
    troubled.ctx.notify("all")
    page = shown_health(troubled, qtbot)
    show = next(b for b in page.cards["spend_overlap"].findChildren(QPushButton)
                if b.text() == "Show records")  # fmt: skip
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    campaigns = troubled.page("campaigns")
    assert troubled.current_page_key() == "campaigns"
    selected = {campaigns.model.row_at(r).name for r in campaigns.table.selected_rows()}
    assert selected == {"Newsletter", "Radio"}


def test_the_badge_and_a_visible_page_share_one_run_of_the_checks(
    troubled: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a big database the checks take half a second on a worker: a change while the Health
    page is open runs them once, for the page and the sidebar's count alike."""
    from desktop_app.services import health

    page = shown_health(troubled, qtbot)
    qtbot.waitUntil(lambda: troubled.health_count == 2, timeout=10000)
    runs: list[date] = []
    real = health.run_checks

    def counted(db: Any, today: date) -> Any:
        runs.append(today)
        return real(db, today)

    monkeypatch.setattr(health, "run_checks", counted)
    db = troubled.ctx.require_db()
    Shop(db).conversion(db.execute("SELECT id FROM goals").fetchone()[0], date(2026, 6, 29),
                        "Walk-in", value=0)  # fmt: skip
    troubled.ctx.notify("conversions")
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    title = page.cards["zero_value_transactions"].findChildren(QLabel)[1].text()
    assert title == "Sales recorded with no value (3)"
    assert troubled.health_count == 2
    from desktop_app.ui.workers import wait_for_all

    wait_for_all(10_000)
    assert runs == [TODAY]


def test_checks_that_failed_out_of_sight_run_again_when_the_page_is_shown(
    troubled: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that fails while another page is shown leaves no stale result posing as current:
    the Health page, shown later, runs the checks again."""
    from desktop_app.services import health

    qtbot.waitUntil(lambda: troubled.health_count == 2 and not troubled.ctx.health_checking,
                    timeout=10000)  # fmt: skip
    real = health.run_checks

    def broken(db: Any, today: date) -> Any:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(health, "run_checks", broken)
    db = troubled.ctx.require_db()
    Shop(db).conversion(db.execute("SELECT id FROM goals").fetchone()[0], date(2026, 6, 29),
                        "Walk-in", value=0)  # fmt: skip
    troubled.ctx.notify("conversions")
    qtbot.waitUntil(lambda: not troubled.ctx.health_checking, timeout=10000)
    monkeypatch.setattr(health, "run_checks", real)
    page = troubled.show_page("health")
    qtbot.waitUntil(lambda: not page.busy and "zero_value_transactions" in page.cards,
                    timeout=10000)  # fmt: skip
    title = page.cards["zero_value_transactions"].findChildren(QLabel)[1].text()
    assert title == "Sales recorded with no value (3)"
