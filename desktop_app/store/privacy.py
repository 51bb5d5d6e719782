"""Personal data: erasing one person, purging old records, clearing stored contacts, masking.

An erasure removes the person's conversions and touchpoints with their contacts, customer keys
and every hash of them, and the places a raw value could linger (import problems, the rows kept
for undoing an import, audit details). SQLite's `secure_delete` (set explicitly on every
connection) overwrites deleted content; a TRUNCATE checkpoint empties the WAL and VACUUM rewrites
the file, so neither the value nor its hashes remain in the database file, its WAL or its free
pages. Backups made before the erasure still hold the person: the caller is told which.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain import google_contacts, meta_contacts
from desktop_app.domain.contacts import ContactError, e164
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.transactions import writing


class EraseError(ValueError):
    """The person cannot be looked up as given (an invalid e-mail or phone)."""


@dataclass
class Person:
    """What identifies one person in the database."""

    customer_keys: set[str] = field(default_factory=set)
    email_hashes: set[str] = field(default_factory=set)
    phone_hashes: set[str] = field(default_factory=set)
    conversion_ids: set[int] = field(default_factory=set)  # where the search started
    raw_values: set[str] = field(default_factory=set)  # to scrub from free text
    shared_keys: set[str] = field(default_factory=set)  # keys of several people: not followed


@dataclass(frozen=True)
class Erased:
    conversions: int
    touchpoints: int
    complete: bool = True  # False: another connection kept the old pages in the WAL


def find_person(
    db: Database,
    *,
    email: str | None = None,
    phone: str | None = None,
    customer_id: str | None = None,
    order_id: str | None = None,
    conversion_id: int | None = None,
    country: str = "US",
) -> Person:
    """The keys of the person named by one of the ways; their own records add the rest (an
    order names its customer key and contact hashes). A key that records of different people
    share (a shop's `0` for every guest, an office's switchboard) is not followed."""
    person = Person()
    try:
        if email:
            normal = email.strip().lower()
            google = google_contacts.email_hash(email)
            meta = meta_contacts.email_hash(email)
            person.email_hashes |= {h for h in (google, meta) if h}  # both platforms'
            person.customer_keys |= {h for h in (google, normal, email.strip()) if h}
            person.raw_values |= {email.strip(), normal}
        if phone:
            number = e164(phone, country)
            google = google_contacts.phone_hash(phone, country)
            meta = meta_contacts.phone_hash(phone, country)
            person.phone_hashes |= {h for h in (google, meta) if h}
            person.customer_keys |= {h for h in (google, number, phone.strip()) if h}
            person.raw_values |= {phone.strip(), number}
    except (ContactError, ValueError) as exc:
        raise EraseError(str(exc)) from exc
    if customer_id:
        person.customer_keys.add(customer_id.strip())
        person.raw_values.add(customer_id.strip())
    if conversion_id is not None:
        person.conversion_ids.add(conversion_id)
    if order_id:
        person.raw_values.add(order_id.strip())
        person.conversion_ids |= {r[0] for r in db.execute(
            "SELECT id FROM conversions WHERE order_id = ? OR order_name = ?",
            [order_id.strip(), order_id.strip()],
        )}  # fmt: skip
    for _ in range(4):  # keys found on the person's records lead to their other records
        before = (len(person.customer_keys), len(person.email_hashes), len(person.phone_hashes))
        for key, mail, tel in _keys_of(db, set(_conversion_ids(db, person))):
            if key and key not in person.customer_keys and key not in person.shared_keys:
                if _shared(db, key):
                    person.shared_keys.add(key)
                else:
                    person.customer_keys.add(key)
            if mail:
                person.email_hashes.add(mail)
            if tel:
                person.phone_hashes.add(tel)
        if before == (len(person.customer_keys), len(person.email_hashes),
                      len(person.phone_hashes)):  # fmt: skip
            break
    return person


def _shared(db: Database, key: str) -> bool:
    """Whether records under `key` belong to different people (different e-mail or phone)."""
    row = db.execute(
        "SELECT COUNT(DISTINCT email_hash), COUNT(DISTINCT phone_hash) FROM conversions"
        " WHERE customer_key = ?",
        [key],
    ).fetchone()
    return bool(row and (row[0] > 1 or row[1] > 1))


def _in(values: set[str]) -> tuple[str, list[str]]:
    items = sorted(values)
    return "(" + ",".join("?" * len(items)) + ")", items


def _conversion_ids(db: Database, person: Person) -> list[int]:
    clauses, params = [], []
    for column, values in (
        ("customer_key", person.customer_keys),
        ("email_hash", person.email_hashes),
        ("phone_hash", person.phone_hashes),
        ("meta_email_hash", person.email_hashes),
        ("meta_phone_hash", person.phone_hashes),
    ):
        if values:
            marks, items = _in(values)
            clauses.append(f"{column} IN {marks}")
            params += items
    if person.conversion_ids:
        marks = ",".join("?" * len(person.conversion_ids))
        clauses.append(f"id IN ({marks})")
        params += sorted(person.conversion_ids)  # type: ignore[arg-type]
    if not clauses:
        return []
    return [r[0] for r in db.execute(f"SELECT id FROM conversions WHERE {' OR '.join(clauses)}",
                                      params)]  # fmt: skip


def _keys_of(db: Database, ids: set[int]) -> list[tuple[str | None, str | None, str | None]]:
    found: list[tuple[str | None, str | None, str | None]] = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found += db.execute(
            "SELECT customer_key, email_hash, phone_hash FROM conversions WHERE id IN "
            f"({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
    return found


def _texts_of(db: Database, ids: list[int]) -> set[str]:
    """The person's own values that free text may quote: order ids and names, click ids, and
    contacts kept in clear."""
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in db.execute(
            "SELECT order_id, order_name, click_id, email, phone, customer_key FROM conversions"
            f" WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found |= {v for v in row if v and len(v) >= 3}
    return found


def erase_person(db: Database, person: Person, dry_run: bool = False) -> Erased:
    """Remove the person's records and every trace of their values; then make the file forget
    them (see the module's notes). The audit log keeps only that an erasure happened."""
    conversion_ids = _conversion_ids(db, person)
    keys = person.customer_keys | person.email_hashes | person.phone_hashes
    marks, key_items = _in(keys) if keys else ("(NULL)", [])
    touchpoint_ids = [r[0] for r in db.execute(
        f"SELECT id FROM touchpoints WHERE customer_key IN {marks}", key_items)]  # fmt: skip
    for start in range(0, len(conversion_ids), 500):
        chunk = conversion_ids[start : start + 500]
        touchpoint_ids += [r[0] for r in db.execute(
            f"SELECT id FROM touchpoints WHERE conversion_id IN ({','.join('?' * len(chunk))})",
            chunk,
        )]  # fmt: skip
    touchpoint_ids = sorted(set(touchpoint_ids))
    if dry_run:
        return Erased(len(conversion_ids), len(touchpoint_ids))
    from desktop_app.store import report_summary

    person.raw_values |= _texts_of(db, conversion_ids)
    with writing(db):
        if conversion_ids:
            report_summary.mark_conversions(db, conversion_ids)
        _delete_ids(db, "touchpoints", touchpoint_ids)
        _delete_ids(db, "conversions", conversion_ids)
        _forget_batch_rows(db, "conversions", conversion_ids)
        _forget_batch_rows(db, "touchpoints", touchpoint_ids)
        _forget_audit_rows(db, conversion_ids)
        _scrub_text(db, person)
        record(db, "erase", "person", None,
               {"conversions": len(conversion_ids), "touchpoints": len(touchpoint_ids)})  # fmt: skip
    complete = forget_deleted(db, vacuum=True)
    return Erased(len(conversion_ids), len(touchpoint_ids), complete)


def _forget_audit_rows(db: Database, ids: list[int]) -> None:
    """The audit log's lines about the person's conversions (they name order ids)."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.execute(
            "DELETE FROM audit_log WHERE entity = 'conversion' AND entity_id IN "
            f"({','.join('?' * len(chunk))})",
            chunk,
        )


def _delete_ids(db: Database, table: str, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.execute(f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def _forget_batch_rows(db: Database, table: str, ids: list[int]) -> None:
    """The copies an import keeps to undo its updates hold the person's old values."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.execute(
            f"DELETE FROM batch_updates WHERE table_name = ? AND row_id IN "
            f"({','.join('?' * len(chunk))})",
            [table, *chunk],
        )


def _scrub_text(db: Database, person: Person) -> None:
    """Import problems and audit details that quote one of the person's values or hashes."""
    needles = sorted(person.raw_values | person.customer_keys | person.email_hashes
                     | person.phone_hashes)  # fmt: skip
    for needle in needles:
        if not needle:
            continue
        # A short value (an order number such as 1001) is matched whole, never inside other
        # text, so unrelated problems are not removed with it.
        db.execute("DELETE FROM import_rejects WHERE value = ?", [needle])
        if len(needle) < 6:
            continue
        like = "%" + needle.replace("%", "\\%").replace("_", "\\_") + "%"
        db.execute(
            "DELETE FROM import_rejects WHERE value LIKE ? ESCAPE '\\' OR reason LIKE ? "
            "ESCAPE '\\'",
            [like, like],
        )
        for row_id, details in list(db.execute(
            "SELECT id, details FROM audit_log WHERE details LIKE ? ESCAPE '\\'", [like]
        )):  # fmt: skip
            db.execute(
                "UPDATE audit_log SET details = ? WHERE id = ?",
                [details.replace(needle, "•••").replace(json.dumps(needle)[1:-1], "•••"),
                 row_id],
            )  # fmt: skip


def forget_deleted(db: Database, vacuum: bool = False) -> bool:
    """Make deleted content unrecoverable: the WAL emptied into the file (whose deleted cells
    `secure_delete` has zeroed), and with `vacuum` the file rebuilt without free pages. False
    when another connection's open read kept the WAL from being emptied (retried for a while)."""
    db.execute("PRAGMA secure_delete=ON")
    if not _checkpoint(db):
        return False
    if vacuum:
        db.execute("VACUUM")
        return _checkpoint(db)
    return True


def _checkpoint(db: Database, tries: int = 20) -> bool:
    import time

    for _ in range(tries):
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:
            return True
        time.sleep(0.1)
    return False


def older_backups(db_path: Path) -> list[Path]:
    """Copies made before now, which still hold an erased person: the backups, and the files a
    restore kept (`NAME.before-restore…`)."""
    from desktop_app.store.backup import list_backups

    found = [b.path for b in list_backups(db_path, count=False)]
    folder = Path(db_path).resolve().parent
    found += sorted(folder.glob(f"{Path(db_path).name}.before-restore*"))
    return found


# ------------------------------------------------------------------------ retention


@dataclass(frozen=True)
class Purged:
    conversions: int
    touchpoints: int
    before: date | None  # None: retention is 0 (keep for ever)


def retention_cutoff(months: int, today: date) -> date | None:
    """The first day kept: `months` calendar months before today (None for 0 = keep all)."""
    if months <= 0:
        return None
    year, month = today.year, today.month - months
    while month <= 0:
        month += 12
        year -= 1
    day = min(today.day, _days_in(year, month))
    return date(year, month, day)


def _days_in(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def purge_old(db: Database, months: int, today: date, dry_run: bool = False) -> Purged:
    """Remove conversions and touchpoints dated before the retention cutoff."""
    cutoff = retention_cutoff(months, today)
    if cutoff is None:
        return Purged(0, 0, None)
    first = cutoff.isoformat()
    conversions = [r[0] for r in db.execute(
        "SELECT id FROM conversions WHERE local_date < ?", [first])]  # fmt: skip
    touchpoints = int(db.execute(
        "SELECT COUNT(*) FROM touchpoints WHERE occurred_at < ?", [first]).fetchone()[0])  # fmt: skip
    result = Purged(len(conversions), touchpoints, cutoff)
    if dry_run or not (conversions or touchpoints):
        return result
    from desktop_app.store import report_summary

    with writing(db):
        report_summary.mark_conversions(db, conversions)
        db.execute("DELETE FROM touchpoints WHERE occurred_at < ?", [first])
        _delete_ids(db, "conversions", conversions)
        _forget_batch_rows(db, "conversions", conversions)
        record(db, "purge", "retention", None, {"before": first, "conversions": len(conversions),
                                                 "touchpoints": touchpoints})  # fmt: skip
    forget_deleted(db)
    return result


# ------------------------------------------------------------------------ keep_contacts off


def count_stored_contacts(db: Database) -> int:
    """How many records keep an e-mail address or phone number in clear text."""
    return int(db.execute(
        "SELECT COUNT(*) FROM conversions WHERE email IS NOT NULL OR phone IS NOT NULL"
    ).fetchone()[0])  # fmt: skip


def clear_stored_contacts(db: Database) -> int:
    """Switching keep_contacts off: the hashes stay (they are what matching and uploads use), the
    clear e-mail addresses and phone numbers go. Returns how many records held one."""
    n = count_stored_contacts(db)
    if n:
        with writing(db):
            _keep_meta_hashes(db)
            db.execute(
                "UPDATE conversions SET email = NULL, phone = NULL"
                " WHERE email IS NOT NULL OR phone IS NOT NULL"
            )
            db.execute(
                "UPDATE batch_updates SET old_values = json_remove(old_values, '$.email', "
                "'$.phone') WHERE table_name = 'conversions' AND json_valid(old_values)"
            )
            record(db, "clear_contacts", "conversions", None, {"records": n})
        forget_deleted(db)
    return n


def _keep_meta_hashes(db: Database) -> None:
    """Before the clear contacts go: Meta's hashes for records that have none yet (stored
    before they were kept, their Meta file row made from the clear contact), so no record
    loses its place in Meta's files. A contact that is not an address or a number gets none."""
    from desktop_app.store.settings import load_settings

    country = load_settings(db).country

    def meta(hashing: Any, *args: str) -> str | None:
        try:
            return hashing(*args)  # type: ignore[no-any-return]
        except ContactError:
            return None

    rows = db.execute(
        "SELECT id, email, phone, meta_email_hash, meta_phone_hash FROM conversions"
        " WHERE (email IS NOT NULL AND meta_email_hash IS NULL)"
        " OR (phone IS NOT NULL AND meta_phone_hash IS NULL)"
    ).fetchall()
    db.conn.executemany(
        "UPDATE conversions SET meta_email_hash = ?, meta_phone_hash = ? WHERE id = ?",
        [(mail or (meta(meta_contacts.email_hash, email) if email else None),
          tel or (meta(meta_contacts.phone_hash, phone, country) if phone else None), i)
         for i, email, phone, mail, tel in rows],
    )  # fmt: skip
