"""Manual conversions in the store: checks, exact values, hashing, duplicates, undo snapshots, paging."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal

from desktop_app.domain.conversion_form import ConversionDraft, split_click_id
from desktop_app.domain.money import EU
from desktop_app.services.conversion_entry import check_draft
from desktop_app.store.conversion_query import ConversionFilter, count_conversions, fetch_page
from desktop_app.store.conversions import (
    cancel_reversibly,
    conversion_snapshot,
    delete_conversion,
    delete_reversibly,
    edit_conversion,
    insert_conversion,
    log_conversion,
    restore_conversion,
    update_conversion,
    write_snapshot,
)
from desktop_app.store.exchange import set_rate
from desktop_app.store.settings import save_settings

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _goal(db, name: str = "Quote request", value: int = 12000) -> int:
    cur = db.execute(
        "INSERT INTO goals (name, default_value_minor, currency) VALUES (?, ?, 'EUR')",
        [name, value],
    )
    return int(cur.lastrowid)


def _channel(db, name: str) -> int:
    return db.execute("SELECT id FROM channels WHERE name = ?", [name]).fetchone()[0]


def _draft(goal: int, **kw) -> ConversionDraft:
    base = {"local_time": datetime(2026, 6, 1, 9, 30), "value_text": "1.234,50"}
    return ConversionDraft(goal_id=goal, **{**base, **kw})


def test_value_time_and_channel_of_a_draft(db) -> None:
    goal = _goal(db)
    phone = _channel(db, "Phone")
    checked = check_draft(db, _draft(goal, channel_id=phone), EU, now=NOW)
    assert checked.ok
    row = checked.row
    assert row["value_minor"] == 123450  # 1.234,50 EUR = 1234.50 * 100 cents
    # 09:30 in Berlin during summer time (UTC+2) is 07:30 UTC.
    assert row["occurred_at"] == "2026-06-01T07:30:00Z"
    assert row["local_date"] == "2026-06-01"
    assert row["channel_id"] == phone
    assert row["channel_rule"] == "channel given: Phone"


def test_other_currency_needs_a_rate(db) -> None:
    goal = _goal(db)
    checked = check_draft(db, _draft(goal, value_text="USD 100"), EU, now=NOW)
    assert "No exchange rate for USD" in checked.errors["value"]
    set_rate(db, "USD", Decimal("0.9"), date(2026, 1, 1))
    checked = check_draft(db, _draft(goal, value_text="USD 100"), EU, now=NOW)
    assert checked.row["value_minor"] == 9000  # 100 USD * 0.9 = 90.00 EUR
    assert checked.row["original_value_minor"] == 10000
    assert checked.row["original_currency"] == "USD"


def test_every_rule_names_its_field(db) -> None:
    goal = _goal(db)
    bad = _draft(
        goal, value_text="12,3,4", local_time=datetime(2026, 7, 2, 9, 0), email="nobody",
        phone="12", click_id="has space", quantity=0,
    )  # fmt: skip
    errors = check_draft(db, bad, EU, now=NOW).errors
    assert set(errors) == {"value", "time", "email", "phone", "click_id", "quantity"}
    assert "future" in errors["time"]
    assert check_draft(db, _draft(None), EU, now=NOW).errors["goal"].startswith("Choose a goal")
    assert "negative" in check_draft(db, _draft(goal, value_text="-5"), EU, now=NOW).errors["value"]


def test_contacts_are_hashed_and_not_kept_by_default(db) -> None:
    goal = _goal(db)
    draft = _draft(goal, email="  Person@Example.com ", phone="030 1234567")
    # Read as a US number it would be +1 030 1234567, which no ad platform matches: refused,
    # naming the country it was read for.
    checked = check_draft(db, draft, EU, now=NOW)
    assert checked.row is None
    assert checked.errors["phone"].startswith(
        "'030 1234567' is not a valid phone number in United States (numbers without +country "
        "code are read as United States numbers)"
    )
    # A German national number with the business's country DE becomes +49 30 1234567.
    save_settings(db, {"country": "DE"})
    row = check_draft(db, draft, EU, now=NOW).row
    assert row["email_hash"] == hashlib.sha256(b"person@example.com").hexdigest()
    assert row["phone_hash"] == hashlib.sha256(b"+49301234567").hexdigest()
    assert row["email"] is None and row["phone"] is None
    save_settings(db, {"keep_contacts": "true"})
    row = check_draft(db, draft, EU, now=NOW).row
    assert (row["email"], row["phone"]) == ("person@example.com", "+49301234567")


def test_duplicate_order_id_is_refused_for_the_same_goal(db) -> None:
    goal, other = _goal(db), _goal(db, "Purchase")
    first = insert_conversion(db, check_draft(db, _draft(goal, order_id="A-1"), EU, now=NOW).row)
    errors = check_draft(db, _draft(goal, order_id=" A-1 "), EU, now=NOW).errors
    assert "Order id 'A-1' is already logged for 'Quote request'" in errors["order_id"]
    assert check_draft(db, _draft(other, order_id="A-1"), EU, now=NOW).ok
    assert check_draft(db, _draft(goal, order_id="A-1"), EU, editing_id=first, now=NOW).ok


def test_click_id_from_a_pasted_url() -> None:
    assert split_click_id("https://shop.example/?utm_source=x&gbraid=0AbC-_1") == (
        "gbraid",
        "0AbC-_1",
    )
    assert split_click_id(" Cj0KCQ ") == (None, "Cj0KCQ")


def test_edit_delete_and_restore_are_exact(db) -> None:
    goal = _goal(db)
    cid = insert_conversion(db, check_draft(db, _draft(goal, notes="first"), EU, now=NOW).row)
    before = conversion_snapshot(db, cid)
    update_conversion(db, cid, check_draft(db, _draft(goal, value_text="5"), EU, now=NOW).row)
    assert conversion_snapshot(db, cid)["row"]["value_minor"] == 500
    write_snapshot(db, before)
    assert conversion_snapshot(db, cid) == before
    snap = delete_conversion(db, cid)
    assert db.execute("SELECT COUNT(*) FROM conversions").fetchone()[0] == 0
    restore_conversion(db, snap)
    assert conversion_snapshot(db, cid) == before
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE entity='conversion'")]
    assert actions == ["create", "edit", "undo edit", "delete", "restore"]


def test_audit_never_holds_contacts(db) -> None:
    goal = _goal(db)
    save_settings(db, {"keep_contacts": "true"})
    row = check_draft(
        db, _draft(goal, email="a.b@example.com", phone="+4930123456"), EU, now=NOW
    ).row
    cid = insert_conversion(db, row)
    delete_conversion(db, cid)
    text = " ".join(r[0] for r in db.execute("SELECT details FROM audit_log"))
    for secret in ("a.b@example.com", "4930123456", row["email_hash"], row["phone_hash"]):
        assert secret not in text


def test_paging_is_keyset_and_filters_in_sql(db) -> None:
    goal = _goal(db)
    phone, walk = _channel(db, "Phone"), _channel(db, "Walk-in")
    rows = [
        (goal, f"2026-05-{d:02d}T10:00:00Z", f"2026-05-{d:02d}", d * 100, "EUR", d * 100, "EUR",
         phone if d % 2 else walk, f"note {d}", "manual" if d < 10 else "import")
        for d in range(1, 31)
    ]  # fmt: skip
    db.conn.executemany(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, notes, origin)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    everything = ConversionFilter()
    assert count_conversions(db, everything) == 30
    seen, after = [], None
    while True:
        page = fetch_page(db, everything, "value", descending=False, after=after, limit=7)
        if not page:
            break
        seen += [r.value_minor for r in page]
        after = (page[-1].sort_key, page[-1].id)
    assert seen == [d * 100 for d in range(1, 31)]
    assert count_conversions(db, ConversionFilter(channel_id=phone)) == 15  # odd days
    assert count_conversions(db, ConversionFilter(origin="manual")) == 9  # days 1..9
    assert (
        count_conversions(db, ConversionFilter(first=date(2026, 5, 10), last=date(2026, 5, 12)))
        == 3
    )
    assert [r.notes for r in fetch_page(db, ConversionFilter(text="note 2"), "notes", False)] == [
        "note 2", *[f"note {d}" for d in range(20, 30)],
    ]  # fmt: skip


def _state(db) -> tuple[list, list, list]:
    """Every conversion row, touchpoint link and upload-ledger line, to compare states exactly."""
    return (
        db.execute("SELECT * FROM conversions ORDER BY id").fetchall(),
        db.execute("SELECT id, conversion_id FROM touchpoints ORDER BY id").fetchall(),
        db.execute("SELECT * FROM uploads ORDER BY id").fetchall(),
    )


def test_a_change_by_hand_undoes_and_redoes_to_the_same_rows(db) -> None:
    """The undo stack's record of a change (store/changes.py) puts back the very rows: ids,
    touchpoint links and sent-upload lines, forward and back, as often as asked."""
    goal = _goal(db)
    first = log_conversion(db, check_draft(db, _draft(goal, order_id="A"), EU, now=NOW).row)
    second = log_conversion(db, check_draft(db, _draft(goal, order_id="B"), EU, now=NOW).row)
    a, b = first.ids[0], second.ids[0]
    web = _channel(db, "Direct")
    db.execute(
        "INSERT INTO touchpoints (id, customer_key, occurred_at, channel_id, conversion_id)"
        " VALUES (7, 'k', '2026-05-30T10:00:00Z', ?, ?)",
        [web, a],
    )
    db.execute(
        "INSERT INTO export_log (id, exported_at, kind, file_name) VALUES (1, 'x', 'upload', 'f')"
    )
    db.execute(
        "INSERT INTO uploads (id, export_id, conversion_id, platform, sent_at, status)"
        " VALUES (3, 1, ?, 'google', '2026-06-02', 'active')",
        [b],
    )
    db.conn.commit()
    logged = _state(db)

    edit = edit_conversion(db, a, check_draft(db, _draft(goal, value_text="5"), EU, now=NOW).row)
    cancel = cancel_reversibly(db, [b], cancelled=True)
    edited = _state(db)
    delete = delete_reversibly(db, [a, b])
    assert _state(db) == ([], [(7, None)], [])
    for _ in range(2):  # undo all three, redo all three, twice: the same rows each time
        delete.undo(db)
        assert _state(db) == edited
        cancel.undo(db)
        edit.undo(db)
        assert _state(db) == logged
        edit.redo(db)
        cancel.redo(db)
        assert _state(db) == edited
        delete.redo(db)
        assert _state(db) == ([], [(7, None)], [])
    for change in (delete, cancel, edit, second):  # back to the first log, in stack order
        change.undo(db)
    assert [r[0] for r in db.execute("SELECT id FROM conversions")] == [a]
    second.redo(db)
    assert [r[0] for r in db.execute("SELECT id FROM conversions")] == [a, b]
    actions = [r[0] for r in db.execute(
        "SELECT action FROM audit_log WHERE entity = 'conversion' AND entity_id = ? ORDER BY id",
        [b])][-4:]  # fmt: skip
    assert actions == ["undo delete", "undo cancel", "undo create", "redo create"]


def _sent(db, conversion_id: int, line_id: int) -> None:  # type: ignore[no-untyped-def]
    """An upload of the conversion, recorded in the ledger (as exporting an upload file does)."""
    db.execute(
        "INSERT OR IGNORE INTO export_log (id, exported_at, kind, file_name)"
        " VALUES (1, 'x', 'upload', 'f')"
    )
    db.execute(
        "INSERT INTO uploads (id, export_id, conversion_id, platform, sent_at, status)"
        " VALUES (?, 1, ?, 'google', '2026-06-02', 'active')",
        [line_id, conversion_id],
    )
    db.conn.commit()


def test_what_was_sent_between_undo_steps_comes_back_with_the_conversion(db) -> None:
    """An upload is no undo step: sent after a log, or after a delete was undone, the ledger
    line comes back with every later undo and redo, so the conversion is never sent twice."""
    goal = _goal(db)
    logged = log_conversion(db, check_draft(db, _draft(goal), EU, now=NOW).row)
    cid = logged.ids[0]
    _sent(db, cid, 1)
    logged.undo(db)
    logged.redo(db)
    assert db.execute("SELECT id FROM uploads").fetchall() == [(1,)]
    deleted = delete_reversibly(db, [cid])
    deleted.undo(db)
    _sent(db, cid, 2)
    deleted.redo(db)
    deleted.undo(db)
    assert db.execute("SELECT id FROM uploads ORDER BY id").fetchall() == [(1,), (2,)]
