"""Privacy on the command line (issue: data safety and privacy; PRODUCT.md `erase`, `purge`,
`settings keep_contacts`): a person erased is gone from the file, its WAL and later backups."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain import google_contacts, meta_contacts
from desktop_app.domain.conversion_form import ConversionDraft
from desktop_app.services.conversion_entry import check_draft
from desktop_app.store import close_database, open_database
from desktop_app.store.conversions import insert_conversion
from tests.e2e.test_import_cli import cli, query, set_currency

EMAIL = "Jane.Sentinel@gmail.com"
PHONE = "+49 170 5550123"


def _sentinels() -> list[bytes]:
    """Every form the person could be stored in: as typed, normalised, and each platform's hash
    (as hex text and as raw bytes)."""
    texts = [EMAIL, EMAIL.lower(), "janesentinel@gmail.com", PHONE, "+491705550123",
             "491705550123", "1705550123"]  # fmt: skip
    hashes = [google_contacts.email_hash(EMAIL), meta_contacts.email_hash(EMAIL),
              google_contacts.phone_hash(PHONE, "DE"), meta_contacts.phone_hash(PHONE, "DE")]  # fmt: skip
    found = [t.encode() for t in texts] + [h.encode() for h in hashes]
    found += [bytes.fromhex(h) for h in hashes]
    found += [t.encode("utf-16-le") for t in texts[:3]]
    assert hashlib.sha256(b"janesentinel@gmail.com").hexdigest() in hashes
    return found


def _holds(path: Path) -> list[bytes]:
    data = path.read_bytes() if path.exists() else b""
    return [s for s in _sentinels() if s in data]


def test_an_erased_person_is_found_nowhere_in_the_file_its_wal_or_a_later_backup(
    tmp_path, db_path, capsys
) -> None:
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "settings", "--db", str(db_path), "country=DE",
               "keep_contacts=true")[0] == 0  # fmt: skip
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order,Date,Total,Email,Phone\n"
        f"S1,2026-05-01,10.00,{EMAIL},{PHONE}\n"
        "K1,2026-05-02,20.00,kept@example.com,\n",
        encoding="utf-8",
    )
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))[0] == 0
    refused = tmp_path / "refused.csv"
    refused.write_text(f"Order,Date,Total,Email\nS2,2026-05-03,abc,{EMAIL}\n"
                       "K2,2026-05-04,5.00,kept@example.com\n", encoding="utf-8")  # fmt: skip
    assert cli(capsys, "import", str(refused), "--goal", "Sale", "--db", str(db_path))[0] == 1
    db = open_database(db_path)
    goal = db.execute("SELECT id FROM goals WHERE name = 'Sale'").fetchone()[0]
    checked = check_draft(db, ConversionDraft(goal, datetime(2026, 5, 5, 12), "7.00",
                                              email=EMAIL.upper(), phone="0170 5550123"))  # fmt: skip
    assert checked.ok, checked.errors
    insert_conversion(db, checked.row)
    close_database(db)
    assert _holds(db_path) or _holds(db_path.with_name(db_path.name + "-wal"))

    status, out, _ = cli(capsys, "erase", "--email", EMAIL.lower(), "--db", str(db_path),
                           "--format", "json")  # fmt: skip
    assert status == 0 and json.loads(out) == {"conversions": 2, "touchpoints": 0}
    assert query(db_path, "SELECT order_id FROM conversions ORDER BY 1") == [("K1",), ("K2",)]
    assert cli(capsys, "backup", "--db", str(db_path))[0] == 0
    after = sorted((db_path.parent / "backups").glob("*-manual.db"))[-1]
    for path in (db_path, db_path.with_name(db_path.name + "-wal"), after):
        assert _holds(path) == [], path
    audit = query(db_path, "SELECT details FROM audit_log WHERE action = 'erase'")
    assert [json.loads(a[0]) for a in audit] == [{"conversions": 2, "touchpoints": 0}]


def test_erase_by_order_id_takes_the_persons_other_orders_too(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text("Order,Date,Total,Email\nA1,2026-05-01,1,a@example.com\n"
                      "A2,2026-05-02,2,a@example.com\nB1,2026-05-03,3,b@example.com\n",
                      encoding="utf-8")  # fmt: skip
    cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))
    status, out, _ = cli(capsys, "erase", "--order-id", "A2", "--db", str(db_path), "--dry-run")
    assert status == 0 and out.startswith("Would erase 2 conversions")
    assert len(query(db_path, "SELECT id FROM conversions")) == 3
    status, _, _ = cli(capsys, "erase", "--order-id", "A2", "--db", str(db_path))
    assert query(db_path, "SELECT order_id FROM conversions") == [("B1",)]
    status, _, err = cli(capsys, "erase", "--phone", "not a phone", "--db", str(db_path))
    assert status == 2 and "not a phone number" in err


def test_refused_contacts_are_stored_masked(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    refused = tmp_path / "refused.csv"
    refused.write_text(f"Order,Date,Total,Email\nS2,2026-05-03,abc,{EMAIL}\n"
                       "K2,2026-05-04,5.00,kept@example.com\n", encoding="utf-8")  # fmt: skip
    cli(capsys, "import", str(refused), "--goal", "Sale", "--db", str(db_path))
    rows = query(db_path, 'SELECT "column", value, reason FROM import_rejects')
    assert rows == [
        ("Total", "abc", "'abc' is not an amount; write a plain number such as 1234.50")
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text(f"Order,Date,Total,Email\nS3,2026-05-05,1,{EMAIL}\nS3,2026-05-05,x,x\n",
                   encoding="utf-8")  # fmt: skip
    cli(capsys, "import", str(bad), "--goal", "Sale", "--db", str(db_path))
    everything = "\n".join(
        str(r)
        for t in ("import_rejects", "audit_log")
        for r in query(db_path, f"SELECT * FROM {t}")
    )
    assert EMAIL not in everything and EMAIL.lower() not in everything


def test_switching_keep_contacts_off_clears_those_stored(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    cli(capsys, "settings", "--db", str(db_path), "keep_contacts=true")
    orders = tmp_path / "orders.csv"
    orders.write_text(f"Order,Date,Total,Email\nS1,2026-05-01,1,{EMAIL}\n", encoding="utf-8")
    cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))
    assert query(db_path, "SELECT email FROM conversions") == [(EMAIL.lower(),)] or query(
        db_path, "SELECT email FROM conversions"
    ) == [(EMAIL,)]
    status, _, err = cli(capsys, "settings", "--db", str(db_path), "keep_contacts=false")
    assert status == 0 and "cleared the e-mail address or phone number of 1 record" in err
    assert query(db_path, "SELECT email, email_hash FROM conversions") == [
        (None, google_contacts.email_hash(EMAIL))
    ]
    assert [s for s in _sentinels()[:3] if s in db_path.read_bytes()] == []


def test_keep_contacts_off_first_makes_meta_hashes_a_record_lacks(tmp_path, db_path, capsys):
    """Was: a record kept in clear from before Meta's hashes were stored got them only at export
    time, from the clear contact; switching keep_contacts off cleared the contact and lost them
    for good ("recorded before Meta hashes were kept" in every Meta file after)."""
    set_currency(capsys, db_path, "EUR")
    cli(capsys, "settings", "--db", str(db_path), "keep_contacts=true", "country=DE")
    orders = tmp_path / "orders.csv"
    orders.write_text(f"Order,Date,Total,Email,Phone\nS1,2026-05-01,1,{EMAIL},{PHONE}\n",
                      encoding="utf-8")  # fmt: skip
    cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))
    with sqlite3.connect(db_path) as raw:  # as a record stored before the Meta columns
        raw.execute("UPDATE conversions SET meta_email_hash = NULL, meta_phone_hash = NULL")
    cli(capsys, "settings", "--db", str(db_path), "keep_contacts=false")
    found = query(db_path, "SELECT email, phone, meta_email_hash, meta_phone_hash FROM conversions")
    assert found == [(
        None, None,
        "8d1c9121f86473fd8c2abe593ca6b22410d041ae9843a4e3e9f9e96f054a2421",  # jane.sentinel@gmail.com
        "419fb10abc5f748cb9cf6b61a297ea5cfb5fbc4d1c42ca4cc89020a2056aa2e8",  # 491705550123
    )]  # fmt: skip


def test_purge_removes_records_past_the_retention(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    today = date.today()
    old = date(today.year - 2, 1, 15).isoformat()
    recent = date(today.year, 1, 1).isoformat() if today.month > 1 else today.isoformat()
    orders = tmp_path / "orders.csv"
    orders.write_text(f"Order,Date,Total\nOLD,{old},1\nNEW,{recent},2\n", encoding="utf-8")
    cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))
    status, out, _ = cli(capsys, "purge", "--db", str(db_path), "--format", "json")
    assert status == 0 and json.loads(out) == {"conversions": 0, "touchpoints": 0, "before": None}
    cli(capsys, "settings", "--db", str(db_path), "retention_months=12")
    status, out, _ = cli(capsys, "purge", "--db", str(db_path), "--format", "json")
    doc = json.loads(out)
    assert status == 0 and doc["conversions"] == 1 and doc["touchpoints"] == 0
    cutoff = date.fromisoformat(doc["before"])
    assert (today.year - cutoff.year) * 12 + today.month - cutoff.month == 12
    assert query(db_path, "SELECT order_id FROM conversions") == [("NEW",)]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_erase_does_not_follow_a_key_that_several_people_share(tmp_path, db_path, capsys):
    # A shop writes customer id 0 for every guest: erasing one guest erases only that guest.
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text("Order,Date,Total,Email,Customer ID\n"
                      "G1,2026-05-01,1,guest1@example.com,0\n"
                      "G2,2026-05-02,2,guest2@example.com,0\n"
                      "G3,2026-05-03,3,guest3@example.com,0\n", encoding="utf-8")  # fmt: skip
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))[0] == 0
    status, out, _ = cli(capsys, "erase", "--order-id", "G1", "--db", str(db_path), "--format",
                         "json")  # fmt: skip
    assert status == 0 and json.loads(out)["conversions"] == 1
    assert query(db_path, "SELECT order_id FROM conversions ORDER BY 1") == [("G2",), ("G3",)]


def test_erase_by_order_id_takes_an_order_without_contacts_and_its_audit_lines(
    tmp_path, db_path, capsys
):
    set_currency(capsys, db_path, "EUR")
    db = open_database(db_path)
    db.execute("INSERT INTO goals (name, category, level, currency) VALUES ('Sale',"
               " 'transaction', 'macro', 'EUR')")  # fmt: skip
    checked = check_draft(db, ConversionDraft(1, datetime(2026, 5, 5, 12), "7.00",
                                              order_id="SECRET-ORDER-77"))  # fmt: skip
    assert checked.ok, checked.errors
    insert_conversion(db, checked.row)
    close_database(db)
    status, out, _ = cli(capsys, "erase", "--order-id", "SECRET-ORDER-77", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    assert status == 0 and json.loads(out) == {"conversions": 1, "touchpoints": 0}
    assert query(db_path, "SELECT COUNT(*) FROM conversions") == [(0,)]
    assert b"SECRET-ORDER-77" not in db_path.read_bytes()
    assert query(db_path, "SELECT COUNT(*) FROM audit_log WHERE details LIKE '%SECRET%'") == [(0,)]
