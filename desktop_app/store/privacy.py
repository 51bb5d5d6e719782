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

from sqlite_utils import Database

from desktop_app.domain.contacts import ContactError, hash_email, hash_phone
from desktop_app.store.audit import record


class EraseError(ValueError):
    """The person cannot be looked up as given (an invalid e-mail or phone)."""


@dataclass
class Person:
    """What identifies one person in the database."""

    customer_keys: set[str] = field(default_factory=set)
    email_hashes: set[str] = field(default_factory=set)
    phone_hashes: set[str] = field(default_factory=set)
    raw_values: set[str] = field(default_factory=set)  # as given, to scrub free text


@dataclass(frozen=True)
class Erased:
    conversions: int
    touchpoints: int


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
    """The keys of the person named by one of the four ways; their own records add the rest
    (an order names its customer key and contact hashes)."""
    person = Person()
    try:
        if email:
            person.email_hashes.add(hash_email(email))
            person.customer_keys.add(hash_email(email))
            person.raw_values.add(email.strip())
        if phone:
            person.phone_hashes.add(hash_phone(phone, country))
            person.customer_keys.add(hash_phone(phone, country))
            person.raw_values.add(phone.strip())
    except (ContactError, ValueError) as exc:
        raise EraseError(str(exc)) from exc
    if customer_id:
        person.customer_keys.add(customer_id.strip())
        person.raw_values.add(customer_id.strip())
    ids = {conversion_id} if conversion_id is not None else set()
    if order_id:
        ids |= {r[0] for r in db.execute(
            "SELECT id FROM conversions WHERE order_id = ? OR order_name = ?",
            [order_id.strip(), order_id.strip()],
        )}  # fmt: skip
    for _ in range(3):  # keys found on the person's records lead to their other records
        found = ids | set(_conversion_ids(db, person))
        for key, mail, tel in _keys_of(db, found):
            if key:
                person.customer_keys.add(key)
            if mail:
                person.email_hashes.add(mail)
            if tel:
                person.phone_hashes.add(tel)
        if found == ids:
            break
        ids = found
    return person


def _in(values: set[str]) -> tuple[str, list[str]]:
    items = sorted(values)
    return "(" + ",".join("?" * len(items)) + ")", items


def _conversion_ids(db: Database, person: Person) -> list[int]:
    clauses, params = [], []
    for column, values in (
        ("customer_key", person.customer_keys),
        ("email_hash", person.email_hashes),
        ("phone_hash", person.phone_hashes),
    ):
        if values:
            marks, items = _in(values)
            clauses.append(f"{column} IN {marks}")
            params += items
    if not clauses:
        return []
    return [r[0] for r in db.execute(f"SELECT id FROM conversions WHERE {' OR '.join(clauses)}",
                                      params)]  # fmt: skip


def _keys_of(db: Database, ids: set[int]) -> list[tuple[str | None, str | None, str | None]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return list(db.execute(
        f"SELECT customer_key, email_hash, phone_hash FROM conversions WHERE id IN ({marks})",
        sorted(ids),
    ))  # fmt: skip


def erase_person(db: Database, person: Person, dry_run: bool = False) -> Erased:
    """Remove the person's records and every trace of their values; then make the file forget
    them (see the module's notes). The audit log keeps only that an erasure happened."""
    conversion_ids = _conversion_ids(db, person)
    keys = person.customer_keys | person.email_hashes | person.phone_hashes
    marks, key_items = _in(keys) if keys else ("(NULL)", [])
    touchpoint_ids = [
        r[0]
        for r in db.execute(
            f"SELECT id FROM touchpoints WHERE customer_key IN {marks}"
            + (f" OR conversion_id IN ({','.join('?' * len(conversion_ids))})"
               if conversion_ids else ""),
            key_items + conversion_ids,
        )
    ]  # fmt: skip
    result = Erased(len(conversion_ids), len(touchpoint_ids))
    if dry_run:
        return result
    from desktop_app.store import report_summary

    with db.atomic():
        if conversion_ids:
            report_summary.mark_conversions(db, conversion_ids)
        _delete_ids(db, "touchpoints", touchpoint_ids)
        _delete_ids(db, "conversions", conversion_ids)
        _forget_batch_rows(db, "conversions", conversion_ids)
        _forget_batch_rows(db, "touchpoints", touchpoint_ids)
        _scrub_text(db, person)
        record(db, "erase", "person", None,
               {"conversions": result.conversions, "touchpoints": result.touchpoints})  # fmt: skip
        report_summary.refresh(db)
    forget_deleted(db, vacuum=True)
    return result


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


def forget_deleted(db: Database, vacuum: bool = False) -> None:
    """Make deleted content unrecoverable: the WAL emptied into the file (whose deleted cells
    `secure_delete` has zeroed), and with `vacuum` the file rebuilt without free pages."""
    db.execute("PRAGMA secure_delete=ON")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if vacuum:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def older_backups(db_path: Path) -> list[Path]:
    """Backups that were made before now: after an erasure they still hold the person."""
    from desktop_app.store.backup import list_backups

    return [b.path for b in list_backups(db_path, count=False)]


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

    with db.atomic():
        report_summary.mark_conversions(db, conversions)
        db.execute("DELETE FROM touchpoints WHERE occurred_at < ?", [first])
        _delete_ids(db, "conversions", conversions)
        _forget_batch_rows(db, "conversions", conversions)
        record(db, "purge", "retention", None, {"before": first, "conversions": len(conversions),
                                                 "touchpoints": touchpoints})  # fmt: skip
        report_summary.refresh(db)
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
        with db.atomic():
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
