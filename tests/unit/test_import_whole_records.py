"""A record summed from several rows (keywords of a campaign, line items of an order) is stored
whole or not at all: one rejected row rejects every row of its record, with the reason."""

from __future__ import annotations

from desktop_app.importing.engine import ImportOptions, plan_import, run_import


def test_a_campaign_with_a_rejected_keyword_row_is_not_stored_as_a_partial_sum(
    db, tmp_path
) -> None:
    path = tmp_path / "keywords.csv"
    path.write_text(
        "Day,Campaign,Keyword,Cost,Currency code,Impr.,Clicks\n"
        "2026-03-01,Brand,shoes,1.00,EUR,4,0\n"  # row 2
        "2026-03-01,Brand,boots,2.00,CAD,10,1\n"  # row 3: CAD, no rate: rejected
        "2026-03-01,Brand,socks,3.00,EUR,6,0\n"  # row 4
        "2026-03-01,Generic,hats,5.00,EUR,7,2\n"  # row 5: another campaign, stored
        "2026-03-02,Brand,shoes,4.00,EUR,1,1\n",  # row 6: another day of Brand, stored
        encoding="utf-8",
    )
    result = run_import(db, plan_import(path, ImportOptions(), db))
    assert [(p.row, p.column) for p in result.rejected] == [
        (2, "Campaign"), (3, "Cost"), (4, "Campaign")
    ]  # fmt: skip
    assert result.rejected[0].reason == (
        "part of campaign Brand, period 2026-03-01, which could not be stored whole because "
        "row 3 was rejected"
    )
    assert "no exchange rate for CAD" in result.rejected[1].reason
    stored = db.execute(
        "SELECT c.name, s.period_start, s.cost_minor, s.impressions, s.clicks FROM spend s"
        " JOIN campaigns c ON c.id = s.campaign_id ORDER BY 1, 2"
    ).fetchall()
    assert stored == [("Brand", "2026-03-02", 400, 1, 1), ("Generic", "2026-03-01", 500, 7, 2)]
    assert (result.inserted, result.exit_status) == (2, 1)


def test_a_rejected_order_row_takes_its_line_items_with_it(db, tmp_path) -> None:
    path = tmp_path / "orders_export.csv"
    path.write_text(
        "Name,Id,Created at,Total,Lineitem quantity\n"
        "#1001,11,2026-03-01 10:00:00 +0100,30.00,1\n"  # row 2
        "#1001,,,,2\n"  # row 3: second line item of #1001
        "#1002,12,not a date,20.00,1\n"  # row 4: rejected
        "#1002,,,,1\n"  # row 5: its line item
        "#1002,,,,3\n"  # row 6: its line item
        "#1003,13,2026-03-02 10:00:00 +0100,5.00,1\n",  # row 7
        encoding="utf-8",
    )
    plan = plan_import(path, ImportOptions(preset="shopify-orders"), db)
    result = run_import(db, plan)
    assert [p.row for p in result.rejected] == [4, 5, 6]
    assert result.rejected[1].reason == (
        "part of order #1002, which could not be stored whole because row 4 was rejected"
    )
    assert db.execute(
        "SELECT order_name, value_minor, quantity FROM conversions ORDER BY order_name"
    ).fetchall() == [("#1001", 3000, 3), ("#1003", 500, 1)]


def test_a_line_item_that_is_not_a_count_takes_its_whole_order_with_it(db, tmp_path) -> None:
    """Was: a line item's quantity was added only when it was all digits, so 2.5, "3 pcs" or
    -1 was dropped without a word (the order stored with fewer items), "²" stopped the import
    with a traceback, and a line item past the limit was refused while its order was stored.
    Now every row of such an order is refused, the line items before the bad one too, and the
    first row's warnings go with it (nothing of it is imported)."""
    path = tmp_path / "orders_export.csv"
    path.write_text(
        "Name,Id,Created at,Total,Email,Lineitem quantity\n"
        "#1001,11,2026-03-01 10:00:00 +0100,30.00,not-an-email,1\n"  # row 2: warned
        "#1001,,,,,2\n"  # row 3: a good line item before the bad one
        "#1001,,,,,2.5\n"  # row 4: not a count
        "#1001,,,,,1\n"  # row 5: the rest of the refused order
        "#1002,12,2026-03-02 10:00:00 +0100,20.00,,999999\n"  # row 6
        "#1002,,,,,5\n"  # row 7: past 1,000,000 items in all
        "#1003,13,2026-03-03 10:00:00 +0100,5.00,,1\n"  # row 8
        "#1003,,,,,²\n"  # row 9: a digit to str.isdigit, not a number
        "#1004,14,2026-03-04 10:00:00 +0100,7.00,,2\n"  # row 10
        "#1004,,,,,3\n"  # row 11
        "#1004,,,,,0\n",  # row 12: a line taken off the order counts nothing, as before
        encoding="utf-8",
    )
    result = run_import(db, plan_import(path, ImportOptions(preset="shopify-orders"), db))
    assert [(p.row, p.column) for p in result.rejected] == [
        (2, "Name"), (3, "Name"), (4, "Lineitem quantity"), (5, "Name"), (6, "Name"),
        (7, "Lineitem quantity"), (8, "Name"), (9, "Lineitem quantity"),
    ]  # fmt: skip
    reasons = {p.row: p.reason for p in result.rejected}
    part = "part of order #1001, which could not be stored whole because row 4 was rejected"
    assert reasons[2] == reasons[3] == reasons[5] == part
    assert (
        reasons[4] == reasons[9] == ("a line item's quantity is a whole number from 0 to 1,000,000")
    )
    assert reasons[7] == (
        "the order's line items add up to 1,000,004 items; a quantity is a whole number from 1 "
        "to 1,000,000"
    )
    assert result.warnings == []  # row 2's e-mail was not imported: nothing of row 2 was
    assert db.execute("SELECT order_name, quantity FROM conversions").fetchall() == [("#1004", 5)]
    assert (result.inserted, result.exit_status) == (1, 1)
    assert result.explained == ["2 rows were further line items of orders above (one conversion"
                                " per order)"]  # fmt: skip


def test_an_order_refused_for_its_line_item_names_the_line_item_when_nothing_is_stored(
    db, tmp_path
) -> None:
    """The message of an import that stores nothing names the row that caused it, not a row
    refused only for belonging to the same order."""
    path = tmp_path / "orders_export.csv"
    path.write_text(
        "Name,Id,Created at,Total,Lineitem quantity\n"
        "#2001,21,2026-03-01 10:00:00 +0100,30.00,1\n"
        "#2001,,,,x\n",
        encoding="utf-8",
    )
    result = run_import(db, plan_import(path, ImportOptions(preset="shopify-orders"), db))
    assert result.inserted == 0
    assert result.nothing_reason == (
        "every row was rejected (2 rows); row 3: a line item's quantity is a whole number from 0 "
        "to 1,000,000"
    )


def test_an_amount_read_before_the_currency_was_known_is_not_reused_after(db_path, tmp_path):
    """A file settles the business's currency at its first named one: a 0 read before that has
    no currency yet, and the same 0 read after it is in that currency, not a remembered ''."""
    from desktop_app.store import close_database, open_database

    path = tmp_path / "orders.csv"
    path.write_text(
        "Order ID,Created at,Total,Currency\n"
        "A1,2026-03-01 10:00,0,\n"
        "A2,2026-03-02 10:00,10.00,USD\n"
        "A3,2026-03-03 10:00,0,\n"
    )
    db = open_database(db_path)  # no business currency yet
    try:
        result = run_import(db, plan_import(path, ImportOptions(kind="conversions"), db))
        assert result.inserted == 3
        rows = db.execute(
            "SELECT order_id, original_currency FROM conversions ORDER BY order_id"
        ).fetchall()
        assert dict(rows)["A3"] == "USD"
    finally:
        close_database(db)
