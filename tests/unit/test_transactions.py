"""`writing(db)` holds the write lock from its first statement, so a write that another
connection committed after the block's first read cannot make the block fail at once."""

from __future__ import annotations

import threading

from desktop_app.store.connection import open_database
from desktop_app.store.transactions import writing


def test_a_write_from_another_connection_waits_instead_of_breaking_the_block(tmp_path) -> None:
    path = tmp_path / "shop.db"
    first = open_database(path)
    second = open_database(path, lock=False)
    try:
        other_done = threading.Event()

        def other_write() -> None:
            with writing(second):
                second.execute("INSERT INTO goals (name) VALUES ('From elsewhere')")
            other_done.set()

        with writing(first):
            taken = first.execute("SELECT COUNT(*) FROM goals").fetchone()[0]
            worker = threading.Thread(target=other_write)
            worker.start()
            # The other connection must wait for this block; it must not slip in between
            # this block's read and its write (SQLite would then refuse the write at once).
            assert not other_done.wait(0.5)
            first.execute("INSERT INTO goals (name) VALUES (?)", [f"Goal {taken + 1}"])
        worker.join(10)
        assert other_done.is_set()
        names = {r[0] for r in first.execute("SELECT name FROM goals")}
        assert {"From elsewhere", f"Goal {taken + 1}"} <= names
    finally:
        second.close()
        first.close()
