"""Upload files for the ad platforms against files written by hand (PRODUCT.md: offline
conversion upload formats; issue: upload files).

A furniture shop in Berlin (EUR, country DE). Europe/Berlin moves to summer time on 29 March
2026, so 28 March is UTC+1 and 30 March UTC+2. Four conversions typed in through the app's own
form:
1. a sofa sale, 28 Mar 10:00, gclid Cj0KCQ-A, 1,200.00, order S-1, e-mail " Jane.Doe@Gmail.com "
   (spaces, capitals, a dotted gmail address), consent granted for both;
2. a sofa sale, 30 Mar 10:00, gbraid 0AbC-1, 300.00, order S-2, phone "0170 555 0123" (national);
3. a sofa sale, 31 Mar 09:00, gclid Cj0KCQ-C, 50.00, order S-3, ad-user-data consent denied;
4. a quote request by phone, 30 Mar 15:30, msclkid ms-123, 120.00, e-mail person@example.com.
Every expected file below is typed out here; hashes are SHA-256 of the normalised text written
by hand.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.conversion_form import ConversionDraft
from desktop_app.main import main
from desktop_app.services.conversion_entry import check_draft
from desktop_app.store import close_database, open_database
from desktop_app.store.conversions import insert_conversion
from desktop_app.store.settings import save_settings

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
RANGE = ["--from", "2026-03-01", "--to", "2026-03-31"]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def unix(*utc: int) -> int:
    return int(datetime(*utc, tzinfo=UTC).timestamp())  # type: ignore[misc]


@pytest.fixture
def shop(db_path: Path) -> Path:
    db = open_database(db_path)
    save_settings(db, {"name": "Shop", "currency": "EUR", "timezone": "Europe/Berlin",
                       "country": "DE"})  # fmt: skip
    sale = db.execute(
        "INSERT INTO goals (name, category, currency, google_ads_name) VALUES"
        " ('Sofa sale', 'transaction', 'EUR', 'Offline sale')"
    ).lastrowid
    quote = db.execute(
        "INSERT INTO goals (name, category, currency, microsoft_name) VALUES"
        " ('Quote request', 'lead', 'EUR', 'Quote')"
    ).lastrowid
    phone = db.execute("SELECT id FROM channels WHERE name = 'Phone'").fetchone()[0]
    drafts = [
        ConversionDraft(sale, datetime(2026, 3, 28, 10, 0), "1200.00", order_id="S-1",
                        email=" Jane.Doe@Gmail.com ", consent_ad_user_data="granted",
                        consent_ad_personalization="granted", click_id="Cj0KCQ-A",
                        click_id_type="gclid"),
        ConversionDraft(sale, datetime(2026, 3, 30, 10, 0), "300.00", order_id="S-2",
                        phone="0170 555 0123", click_id="0AbC-1", click_id_type="gbraid"),
        ConversionDraft(sale, datetime(2026, 3, 31, 9, 0), "50.00", order_id="S-3",
                        email="c@example.com", consent_ad_user_data="denied",
                        click_id="Cj0KCQ-C", click_id_type="gclid"),
        ConversionDraft(quote, datetime(2026, 3, 30, 15, 30), "120.00", channel_id=phone,
                        email="person@example.com", click_id="ms-123", click_id_type="msclkid"),
    ]  # fmt: skip
    for draft in drafts:
        checked = check_draft(db, draft, now=NOW)
        assert checked.ok, checked.errors
        insert_conversion(db, checked.row)  # type: ignore[arg-type]
    close_database(db)
    return db_path


def export(capsys: pytest.CaptureFixture[str], shop: Path, target: str, out: Path,
           *extra: str) -> tuple[int, dict[str, Any]]:  # fmt: skip
    status = main(["export", target, str(out), "--db", str(shop), *RANGE, *extra,
                   "--format", "json"])  # fmt: skip
    return status, json.loads(capsys.readouterr().out)


def change(shop: Path, *statements: str) -> None:
    """Change the stored records directly, as another program (or an older version) would."""
    db = open_database(shop)
    for statement in statements:
        db.execute(statement)
    close_database(db)


def reasons(document: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(item["order_id"], item["reason"]) for item in document["left_out"]]


def test_google_ads_click_conversions(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "google.csv"
    status, document = export(capsys, shop, "google-ads", out)
    assert status == 0
    assert out.read_text(encoding="utf-8") == (
        "Parameters:TimeZone=Europe/Berlin\n"
        "Google Click ID,GBRAID,Conversion Name,Conversion Time,Conversion Value,"
        "Conversion Currency,Order ID\n"
        "Cj0KCQ-A,,Offline sale,2026-03-28 10:00:00,1200.00,EUR,S-1\n"
        ",0AbC-1,Offline sale,2026-03-30 10:00:00,300.00,EUR,S-2\n"
    )
    assert document["rows"] == 2 and document["file"] == str(out)
    assert reasons(document) == [(None, "no identifier"), ("S-3", "no consent")]
    left = {item["reason"]: item for item in document["left_out"]}
    assert left["no consent"] == {"order_id": "S-3", "goal": "Sofa sale",
                                  "time": "2026-03-31 09:00:00", "reason": "no consent"}  # fmt: skip


def test_enhanced_conversions_for_leads(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "ecl.csv"
    assert export(capsys, shop, "google-ads-ecl", out)[0] == 0
    assert out.read_text(encoding="utf-8") == (
        "Parameters:TimeZone=Europe/Berlin\n"
        "Email,Phone Number,Conversion Name,Conversion Time,Conversion Value,"
        "Conversion Currency,Order ID,Ad User Data,Ad Personalization\n"
        f"{sha('janedoe@gmail.com')},,Offline sale,2026-03-28 10:00:00,1200.00,EUR,S-1,"
        "Granted,Granted\n"
        f",{sha('+491705550123')},Offline sale,2026-03-30 10:00:00,300.00,EUR,S-2,,\n"
        f"{sha('person@example.com')},,Quote request,2026-03-30 15:30:00,120.00,EUR,,,\n"
    )


def test_meta_offline_events(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "meta.csv"
    assert export(capsys, shop, "meta", out)[0] == 0
    assert out.read_text(encoding="utf-8") == (
        "event_name,event_time,event_id,value,currency,action_source,email,phone,order_id\n"
        f"Purchase,{unix(2026, 3, 28, 9, 0)},ct-1,1200.00,EUR,physical_store,"
        f"{sha('jane.doe@gmail.com')},,S-1\n"
        f"Purchase,{unix(2026, 3, 30, 8, 0)},ct-2,300.00,EUR,physical_store,,"
        f"{sha('491705550123')},S-2\n"
        f"Lead,{unix(2026, 3, 30, 13, 30)},ct-4,120.00,EUR,phone_call,"
        f"{sha('person@example.com')},,\n"
    )


def test_microsoft_offline_conversions_in_utc(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "microsoft.csv"
    status, document = export(capsys, shop, "microsoft", out)
    assert status == 0
    assert out.read_text(encoding="utf-8") == (
        "Microsoft Click Id,Conversion Name,Conversion Time,Conversion Value,"
        "Conversion Currency\n"
        "ms-123,Quote,2026-03-30 13:30:00,120.00,EUR\n"
    )
    assert sorted(reasons(document), key=str) == [
        ("S-1", "no identifier"), ("S-2", "no identifier"), ("S-3", "no consent")
    ]  # fmt: skip


def test_nothing_is_sent_twice_and_changes_go_as_adjustments(
    shop: Path, tmp_path: Path, capsys
) -> None:
    first = tmp_path / "first.csv"
    assert export(capsys, shop, "google-ads", first)[0] == 0
    again = tmp_path / "again.csv"
    status, document = export(capsys, shop, "google-ads", again)
    assert status == 1 and not again.exists()  # nothing new: no file
    assert document["already_exported"] == 2 and document["rows"] == 0
    assert "already_exported" not in reasons(document)  # sent rows are counted, not listed
    assert main(["export", "google-ads", str(again), "--db", str(shop), *RANGE]) == 1
    assert "Nothing new to upload: 2 already exported" in capsys.readouterr().out
    status, document = export(capsys, shop, "google-ads", again, "--again")
    assert status == 0 and document["rows"] == 2  # sent deliberately once more
    assert again.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")

    # S-1's value is corrected to 1,000.00 on 2 April; S-2 is refunded (cancelled) on 3 April.
    change(
        shop,
        "UPDATE conversions SET value_minor = 100000, original_value_minor = 100000,"
            " updated_at = '2026-04-02T08:00:00Z' WHERE order_id = 'S-1'",
        "UPDATE conversions SET status = 'cancelled', updated_at = '2026-04-03T07:30:00Z'"
            " WHERE order_id = 'S-2'",
    )  # fmt: skip
    adjustments = tmp_path / "adjustments.csv"
    status, document = export(capsys, shop, "google-ads-adjustments", adjustments)
    assert status == 0
    assert adjustments.read_text(encoding="utf-8") == (
        "Parameters:TimeZone=Europe/Berlin\n"
        "Order ID,Conversion Name,Adjustment Time,Adjustment Type,Adjusted Value,"
        "Adjusted Value Currency\n"
        "S-1,Offline sale,2026-04-02 10:00:00,RESTATE,1000.00,EUR\n"
        "S-2,Offline sale,2026-04-03 09:30:00,RETRACT,,\n"
    )
    assert set(reasons(document)) == {(None, "no order id"), ("S-3", "never sent")}
    # Once sent, the adjustments are not sent again.
    assert export(capsys, shop, "google-ads-adjustments", tmp_path / "twice.csv")[0] == 1


def test_a_click_more_than_90_days_old_is_left_out(shop: Path, tmp_path: Path, capsys) -> None:
    # The click behind S-1 happened on 27 December 2025: 91 days before the sale.
    change(
        shop,
        "INSERT INTO touchpoints (customer_key, occurred_at, channel_id, click_id,"
            " click_id_type, kind) VALUES ('k', '2025-12-27T08:00:00Z', 1, 'Cj0KCQ-A',"
            " 'gclid', 'click')",
    )  # fmt: skip
    status, document = export(capsys, shop, "google-ads", tmp_path / "g.csv")
    assert status == 0 and document["rows"] == 1  # S-2's gbraid has no known click time
    assert ("S-1", "click too old") in reasons(document)


def test_a_record_kept_with_googles_hash_only_is_left_out_of_meta(
    shop: Path, tmp_path: Path, capsys
) -> None:
    change(shop, "UPDATE conversions SET meta_email_hash = NULL WHERE order_id = 'S-1'")
    status, document = export(capsys, shop, "meta", tmp_path / "m.csv")
    assert status == 0 and document["rows"] == 2
    assert ("S-1", "recorded before Meta hashes were kept") in reasons(document)


def test_a_record_stored_before_meta_hashes_but_kept_in_clear_gets_them_now(
    shop: Path, tmp_path: Path, capsys
) -> None:
    """Was: an older record (Google's hashes only) was left out of Meta's file even where the
    business keeps contacts and its address and number were there in clear."""
    change(
        shop,
        "UPDATE conversions SET meta_email_hash = NULL, meta_phone_hash = NULL,"
            " email = ' Jane.Doe@Gmail.com ' WHERE order_id = 'S-1'",
        "UPDATE conversions SET meta_email_hash = NULL, meta_phone_hash = NULL,"
            " phone = '0170 555 0123' WHERE order_id = 'S-2'",
    )  # fmt: skip
    out = tmp_path / "meta.csv"
    status, document = export(capsys, shop, "meta", out)
    assert status == 0 and document["rows"] == 3 and reasons(document) == [("S-3", "no consent")]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert f"{sha('jane.doe@gmail.com')},,S-1" in lines[1]  # dots kept: Meta's rule
    assert f",{sha('491705550123')},S-2" in lines[2]  # digits with the country code, no +


def test_a_deleted_conversion_brought_back_by_undo_is_not_sent_twice(
    shop: Path, tmp_path: Path, capsys
) -> None:
    """Was: its lines in the upload ledger went with the delete (ON DELETE CASCADE) and did not
    come back with the undo, so the next export sent the sale to Meta a second time."""
    from desktop_app.store.conversions import delete_conversion, restore_conversion

    assert export(capsys, shop, "meta", tmp_path / "first.csv")[0] == 0
    db = open_database(shop)
    (sale,) = db.execute("SELECT id FROM conversions WHERE order_id = 'S-1'").fetchone()
    restore_conversion(db, delete_conversion(db, sale))
    assert db.execute("SELECT COUNT(*) FROM uploads WHERE conversion_id = ?",
                      [sale]).fetchone() == (1,)  # fmt: skip
    close_database(db)
    status, document = export(capsys, shop, "meta", tmp_path / "again.csv")
    assert status == 1 and document["rows"] == 0 and document["already_exported"] == 3


def test_an_import_undone_and_done_again_is_not_sent_twice(tmp_path: Path, capsys) -> None:
    """The same for an import: Undo import, then Redo, keeps what was sent of its rows."""
    from desktop_app.importing.restore import restore_batch, undo_batch_restorable

    path = tmp_path / "shop.db"
    orders = tmp_path / "orders.csv"
    orders.write_text("Order ID,Created at,Total,gclid\nA-1,2026-03-10 10:00,99.00,Cj0-a\n"
                      "A-2,2026-03-11 11:00,45.50,Cj0-b\n", encoding="utf-8")  # fmt: skip
    assert main(["settings", "--db", str(path), "currency=EUR", "timezone=Europe/Berlin"]) == 0
    assert main(["import", str(orders), "--db", str(path), "--kind", "conversions",
                 "--goal", "Sale"]) == 0  # fmt: skip
    capsys.readouterr()
    status, document = export(capsys, path, "google-ads", tmp_path / "first.csv")
    assert status == 0 and document["rows"] == 2
    db = open_database(path)
    _result, snapshot = undo_batch_restorable(db, 1)
    assert db.execute("SELECT COUNT(*) FROM uploads").fetchone() == (0,)
    restore_batch(db, snapshot)
    assert db.execute("SELECT COUNT(*) FROM uploads").fetchone() == (2,)
    close_database(db)
    status, document = export(capsys, path, "google-ads", tmp_path / "again.csv")
    assert status == 1 and document["rows"] == 0 and document["already_exported"] == 2


def test_a_read_only_database_writes_no_upload(shop: Path, tmp_path: Path) -> None:
    from tests.e2e.test_cli_faults import run  # a child without root's bypass of permissions

    shop.chmod(0o444)
    try:
        done = run("export", "meta", str(tmp_path / "m.csv"), "--db", str(shop), *RANGE,
                   "--format", "json")  # fmt: skip
    finally:
        shop.chmod(0o644)
    assert done.returncode == 2, done.stderr
    document = json.loads(done.stdout)
    assert document["file"] is None and document["target"] == "meta"
    assert "read-only" in document["error"]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "m.csv").exists()


def test_erasing_a_person_removes_their_meta_hashes_and_their_uploads(
    shop: Path, tmp_path: Path, capsys
) -> None:
    assert export(capsys, shop, "meta", tmp_path / "m.csv")[0] == 0
    db = open_database(shop)
    assert db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 3
    close_database(db)
    assert main(["erase", "--email", "jane.doe@gmail.com", "--db", str(shop)]) == 0
    capsys.readouterr()
    db = open_database(shop)
    assert db.execute("SELECT COUNT(*) FROM conversions WHERE order_id = 'S-1'").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 2  # the others' stay
    close_database(db)
    data = b"".join(p.read_bytes() for p in shop.parent.glob(shop.name + "*") if p.is_file())
    for gone in (sha("jane.doe@gmail.com"), sha("janedoe@gmail.com")):
        assert gone.encode() not in data  # neither platform's hash is left in the file or WAL


def test_the_demo_business_can_be_sent_to_meta(db: Any) -> None:
    from desktop_app.exporting.uploads import NO_META_HASH, preflight
    from tests.demo_copy import load_demo_copy

    load_demo_copy(db, seed=7, last_day=datetime(2026, 6, 30).date())
    plan = preflight(db, "meta", datetime(2026, 6, 1).date(), datetime(2026, 6, 30).date())
    assert len(plan.rows) > 100
    assert NO_META_HASH not in plan.counts()


def test_a_zero_value_purchase_and_a_cancelled_sale_are_left_out_with_their_reasons(
    shop: Path, tmp_path: Path, capsys
) -> None:
    change(
        shop,
        "UPDATE conversions SET value_minor = 0, original_value_minor = 0"
            " WHERE order_id = 'S-1'",
        "UPDATE conversions SET status = 'cancelled' WHERE order_id = 'S-2'",
    )  # fmt: skip
    status, document = export(capsys, shop, "meta", tmp_path / "m.csv")
    assert status == 0 and document["rows"] == 1  # the quote request only
    assert sorted(reasons(document), key=str) == [
        ("S-1", "zero value on a purchase"), ("S-2", "cancelled"), ("S-3", "no consent")
    ]  # fmt: skip


def test_an_import_stores_both_platforms_hashes(tmp_path: Path, capsys) -> None:
    """A dotted gmail address and a national phone number from a file: Google's hash without
    the dots and with the +, Meta's with the dots and digits only (hashed by hand here)."""
    path = tmp_path / "shop.db"
    orders = tmp_path / "orders.csv"
    orders.write_text("Order ID,Created at,Total,Email,Phone\n"
                      'A-1,2026-03-10 10:00,99.00," Jane.Doe@Gmail.com ",0170 555 0123\n',
                      encoding="utf-8")  # fmt: skip
    assert main(["settings", "--db", str(path), "currency=EUR", "timezone=Europe/Berlin",
                 "country=DE"]) == 0  # fmt: skip
    assert main(["import", str(orders), "--db", str(path), "--kind", "conversions",
                 "--goal", "Sale"]) == 0  # fmt: skip
    capsys.readouterr()
    db = open_database(path)
    stored = db.execute("SELECT email_hash, meta_email_hash, phone_hash, meta_phone_hash"
                        " FROM conversions").fetchone()  # fmt: skip
    close_database(db)
    assert stored == (sha("janedoe@gmail.com"), sha("jane.doe@gmail.com"),
                      sha("+491705550123"), sha("491705550123"))  # fmt: skip
