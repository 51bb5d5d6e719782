"""Hostile, broken and tricky files: each refused or rejected with a clear message, nothing written."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop_app.importing.engine import ImportOptions, ImportRefused, plan_import, run_import


def dump(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in db.conn.iterdump() if "audit_log" not in line]


def refused(db, path: Path, **options) -> str:  # type: ignore[no-untyped-def]
    before = dump(db)
    with pytest.raises(ImportRefused) as info:
        plan = plan_import(path, ImportOptions(**options), db)
        run_import(db, plan)
    assert dump(db) == before
    assert path.name in str(info.value)
    return str(info.value)


def test_empty_file(db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "empty" in refused(db, path)


def test_truncated_xlsx(db, tmp_path):
    good = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Date", "Campaign", "Cost"])
    wb.save(good)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "damaged or incomplete" in refused(db, cut)


def test_csv_renamed_xlsx_is_read_as_csv(db, tmp_path):
    path = tmp_path / "spend.xlsx"
    path.write_text("Date,Campaign,Cost\n2026-05-01,Brand,12.50\n", encoding="utf-8")
    result = run_import(db, plan_import(path, ImportOptions(), db))
    assert (result.kind, result.inserted) == ("spend", 1)
    assert db.execute("SELECT cost_minor FROM spend").fetchall() == [(1250,)]


def test_password_protected_file(db, tmp_path):
    path = tmp_path / "locked.xlsx"
    # An encrypted workbook is an OLE container holding an "EncryptedPackage" stream.
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    assert "password" in refused(db, path)


def test_zip_bomb(db, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
        out.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (60 << 20) + b"/>")
    assert "unsafe" in refused(db, path)


def test_unclosed_quote_names_row_and_line(db, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('Date,Campaign,Cost\n2026-05-01,Brand,1\n2026-05-02,"Brand,2\n2026-05-03,X,3\n')
    message = refused(db, path)
    assert "row 3 (line 3)" in message and "never closed" in message


def test_cp1252_with_euro_sign(db, tmp_path):
    path = tmp_path / "kosten.csv"
    path.write_bytes("Datum;Kampagne;Kosten\n24.05.2026;Frühling;1.234,50 €\n".encode("cp1252"))
    result = run_import(db, plan_import(path, ImportOptions(), db))
    assert result.inserted == 1 and not result.rejected
    assert db.execute(
        "SELECT c.name, s.cost_minor FROM spend s JOIN campaigns c ON c.id = s.campaign_id"
    ).fetchall() == [("Frühling", 123450)]


def test_ambiguous_dates_need_a_choice(db, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Date,Total\nA1,01/02/2026,10\nA2,03/04/2026,20\n")
    plan = plan_import(path, ImportOptions(kind="conversions"), db)
    assert [q.key for q in plan.questions] == ["date_order"] and "01/02/2026" in plan.questions[
        0
    ].message
    assert "--date-order" in refused(db, path, kind="conversions")
    plan = plan_import(path, ImportOptions(kind="conversions", date_order="dmy"), db)
    run_import(db, plan)
    assert db.execute("SELECT local_date FROM conversions ORDER BY order_id").fetchall() == [
        ("2026-02-01",),
        ("2026-04-03",),
    ]


def test_a_day_above_twelve_settles_the_order(db, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Date,Total\nA1,01/02/2026,10\nA2,23/04/2026,20\n")
    plan = plan_import(path, ImportOptions(kind="conversions"), db)
    # 23/04 settles day first; 01/02 could still be read both ways: said, but not blocking.
    assert [(q.key, q.blocking) for q in plan.questions] == [("date_order", False)]
    assert "1 date such as 01/02/2026 could be read either way and was read day-first" in (
        plan.questions[0].message
    )
    run_import(db, plan)
    assert db.execute("SELECT local_date FROM conversions ORDER BY order_id").fetchall() == [
        ("2026-02-01",),
        ("2026-04-23",),
    ]


def test_error_cells_and_formulas_without_values(db, tmp_path):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Orders"
    ws.append(["Order ID", "Date", "Total"])
    ws.append(["A1", "2026-05-01", 10])
    ws.append(["A2", "2026-05-02", "#N/A"])  # openpyxl stores this as an error cell
    ws.append(["A3", "2026-05-03", "=B3*2"])  # a formula saved without its result
    wb.save(path)
    before = db.execute("SELECT COUNT(*) FROM conversions").fetchone()[0]
    result = run_import(db, plan_import(path, ImportOptions(kind="conversions", goal="Sale"), db))
    assert result.inserted == 1 and before == 0
    reasons = {(p.sheet, p.row, p.column): p for p in result.rejected}
    assert reasons[("Orders", 3, "Total")].value == "#N/A"
    assert "error #N/A" in reasons[("Orders", 3, "Total")].reason
    assert "never saved" in reasons[("Orders", 4, "Total")].reason


def test_all_or_nothing_writes_nothing(db, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Date,Total\nA1,2026-05-01,10\nA2,not a date,20\n")
    before = dump(db)
    result = run_import(
        db, plan_import(path, ImportOptions(kind="conversions"), db), skip_invalid=False
    )
    assert (
        not result.committed and result.rejected[0].row == 3 and result.rejected[0].column == "Date"
    )
    assert dump(db) == before


def test_dry_run_and_cancel_write_nothing(db, tmp_path):
    import threading

    from desktop_app.importing.engine import ImportCancelled

    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Date,Total\n" + "".join(f"A{i},2026-05-01,10\n" for i in range(5000)))
    before = dump(db)
    plan = plan_import(path, ImportOptions(kind="conversions"), db)
    preview = run_import(db, plan, dry_run=True)
    assert preview.inserted == 5000 and len(preview.preview) == 50 and dump(db) == before
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        cancel.set()

    with pytest.raises(ImportCancelled):
        run_import(db, plan, progress=progress, cancel=cancel)
    assert seen[0] == (2000, 5000) and dump(db) == before


def test_meta_ads_manager_export(db, tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text(
        "Reporting starts,Reporting ends,Campaign name,Ad set name,Amount spent (USD),Impressions,"
        "Reach,Results,Result indicator,Cost per result\n"
        "2026-05-01,2026-05-31,Spring Sale,Lookalike,120.50,10000,8000,12,actions:purchase,10.04\n"
        "2026-05-01,2026-05-31,Spring Sale,Retargeting,79.50,5000,3000,8,actions:purchase,9.94\n"
        "2026-05-01,2026-05-31,Brand,Broad,10.00,100,90,0,,\n"
    )
    db.execute(
        "INSERT INTO exchange_rates (currency, rate, valid_from) VALUES ('USD', '0.5', '2026-01-01')"
    )
    plan = plan_import(path, ImportOptions(), db)
    assert (plan.kind, plan.preset.name if plan.preset else None) == ("spend", "meta-ads")
    result = run_import(db, plan)
    assert result.inserted == 2 and not result.rejected
    rows = db.execute(
        "SELECT c.name, ch.name, s.period_start, s.period_end, s.cost_minor, s.original_cost_minor,"
        " s.original_currency, s.platform_conversions FROM spend s JOIN campaigns c ON c.id = s.campaign_id"
        " JOIN channels ch ON ch.id = c.channel_id ORDER BY c.name"
    ).fetchall()
    # Spring Sale: 120.50 + 79.50 = 200.00 USD at 0.5 = 100.00 EUR; 12 + 8 results.
    assert rows == [
        ("Brand", "Paid Social", "2026-05-01", "2026-05-31", 500, 1000, "USD", 0.0),
        ("Spring Sale", "Paid Social", "2026-05-01", "2026-05-31", 10000, 20000, "USD", 20.0),
    ]


def test_missing_exchange_rate_rejects_the_row(db, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Date,Total,Currency\nA1,2026-05-01,10,USD\nA2,2026-05-01,10,EUR\n")
    result = run_import(db, plan_import(path, ImportOptions(kind="conversions"), db))
    assert result.inserted == 1
    assert "no exchange rate for USD" in result.rejected[0].reason


def test_german_headers(db, tmp_path):
    path = tmp_path / "bestellungen.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["Bestellnummer", "Bestelldatum", "Umsatz", "Währung", "Kampagne", "Quelle", "Medium"]
    )
    ws.append(["B-1", "03.05.2026 14:30", "1.299,00", "EUR", "Frühjahr", "google", "cpc"])
    ws.append(["B-2", "24.05.2026 09:00", "49,90", "EUR", "Frühjahr", "google", "cpc"])
    wb.save(path)
    plan = plan_import(path, ImportOptions(goal="Kauf"), db)
    assert plan.kind == "conversions"
    assert plan.field_columns() == {
        "order_id": "Bestellnummer", "time": "Bestelldatum", "value": "Umsatz",
        "currency": "Währung", "campaign": "Kampagne", "source": "Quelle", "medium": "Medium",
    }  # fmt: skip
    result = run_import(db, plan)
    assert result.inserted == 2 and not result.rejected
    assert db.execute("SELECT SUM(value_minor) FROM conversions").fetchone()[0] == 129900 + 4990
    # 14:30 in Berlin (summer time, UTC+2) is 12:30 UTC.
    assert (
        db.execute("SELECT occurred_at FROM conversions WHERE order_id='B-1'").fetchone()[0]
        == "2026-05-03T12:30:00Z"
    )
    assert result.created["campaigns"] == ["Frühjahr"] and result.created["goals"] == ["Kauf"]


def test_shopify_offsets_and_idempotent_update_with_undo(db, tmp_path):
    from desktop_app.importing.batches import undo_batch

    header = "Name,Id,Financial Status,Created at,Total,Currency,Lineitem quantity,Lineitem name,Note Attributes,Cancelled at\n"
    first = tmp_path / "orders1.csv"
    first.write_text(
        header + "#1,11,paid,2024-05-01 10:00:00 +0600,100.00,EUR,1,A,,\n#1,,,,,,2,B,,\n"
    )
    second = tmp_path / "orders2.csv"
    second.write_text(
        header
        + "#1,11,refunded,2024-05-01 10:00:00 +0600,100.00,EUR,3,A,,\n#1,22,paid,2024-05-02 10:00:00 +0000,5.00,EUR,1,A,,\n"
    )
    one = run_import(db, plan_import(first, ImportOptions(), db))
    assert (one.inserted, one.rows_read) == (1, 2)
    assert db.execute("SELECT occurred_at, quantity, status FROM conversions").fetchall() == [
        ("2024-05-01T04:00:00Z", 3, "active")
    ]
    before = [
        line
        for line in db.conn.iterdump()
        if 'INTO "conversions"' in line or 'INTO "goals"' in line
    ]
    two = run_import(db, plan_import(second, ImportOptions(), db))
    assert (two.inserted, two.updated) == (1, 1)  # same name '#1' but another Id: another order
    assert (
        db.execute("SELECT status FROM conversions WHERE order_id='11'").fetchone()[0]
        == "cancelled"
    )
    undo_batch(db, two.batch or 0)
    after = [
        line
        for line in db.conn.iterdump()
        if 'INTO "conversions"' in line or 'INTO "goals"' in line
    ]
    assert after == before


def test_saved_mapping_is_found_by_header(db, tmp_path):
    from desktop_app.importing.mappings import find_mapping, list_mappings, save_mapping

    path = tmp_path / "odd.csv"
    path.write_text("When,Ref,Money\n2026-05-01,X1,10\n")
    save_mapping(
        db,
        "My shop",
        "conversions",
        ["When", "Ref", "Money"],
        {"When": "time", "Ref": "order_id", "Money": "value"},
    )
    assert [m.name for m in list_mappings(db)] == ["My shop"]
    assert find_mapping(db, ["when", "REF", "Money"]) is not None
    plan = plan_import(path, ImportOptions(kind="conversions"), db)
    assert plan.saved_mapping == "My shop" and plan.field_columns()["order_id"] == "Ref"
    assert run_import(db, plan).inserted == 1
    assert sqlite3.sqlite_version


def test_random_bytes_named_xlsx_are_not_a_readable_spreadsheet(db, tmp_path):
    import random

    path = tmp_path / "report.xlsx"
    rng = random.Random(3)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    before = list(db.conn.iterdump())
    message = refused(db, path)
    assert message.startswith("report.xlsx is not a spreadsheet the app can read: it is neither")
    assert "not a text file" not in message and "save it again" in message
    assert [line for line in db.conn.iterdump() if "audit_log" not in line] == [
        line for line in before if "audit_log" not in line
    ]


@pytest.mark.parametrize(
    "data",
    [b"\x00\x00\x01\x00\x00", b"\xff\xfeD\x00a\x00t\x00e\x00\n"],  # both: an odd byte count
    ids=["utf16-look-alike", "utf16-bom-truncated"],
)
def test_text_that_looks_like_utf16_but_does_not_decode_is_read_otherwise_or_refused(
    tmp_path: Path, data: bytes
) -> None:
    """Hypothesis found it: the encoding was guessed from the first bytes alone, and the reader
    then raised UnicodeDecodeError instead of reading the file another way or refusing it."""
    from desktop_app.importing.readers import open_source

    path = tmp_path / "odd.csv"
    path.write_bytes(data)
    try:
        source = open_source(path)
        rows = list(source.rows())
    except ImportRefused as exc:
        assert "odd.csv" in str(exc)
    else:
        assert source.format.encoding not in ("utf-16", "utf-16-le") and rows
