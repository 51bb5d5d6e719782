"""The owner's first hour on the command line: settings that never trace back, a currency always,
exchange rates that make foreign files importable, and a demo that lives apart."""

from __future__ import annotations

import csv
import json
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.e2e.test_import_cli import cents, cli, query, set_currency

CAMPAIGN_REPORT = ("googleads-calpreserving", "Campaign report.csv")


@pytest.fixture
def computer(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A computer whose locale and zone say something (or nothing)."""

    def set_up(locale: str = "", zone: str = "Etc/UTC") -> None:
        for var in ("LC_ALL", "LC_MONETARY"):
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv("LANG", locale)
        monkeypatch.setenv("TZ", zone)

    set_up()
    return set_up


def _campaign_costs(shared_data: Path) -> dict[str, int]:
    """Cost in cents per campaign, read from the report with csv (the import's own reader unused)."""
    lines = (shared_data.joinpath(*CAMPAIGN_REPORT)).read_text(encoding="utf-8-sig").splitlines()
    rows = [r for r in csv.reader(lines[3:]) if not any(c.startswith("Total") for c in r[:3])]
    header = next(csv.reader(lines[2:3]))
    return {r[header.index("Campaign")]: cents(r[header.index("Cost")]) for r in rows}


def _eur(usd_cents: int, rate: str) -> int:
    return int((Decimal(usd_cents) * Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------ settings


@pytest.mark.parametrize("value", ["America", "Europe", "Europe/", "../../etc/passwd"])
def test_a_partial_time_zone_is_refused_with_a_sentence(db_path, capsys, value) -> None:
    status, out, err = cli(capsys, "settings", "--db", str(db_path), f"timezone={value}")
    assert status == 2 and out == ""
    assert err == (f"conversion-tracker: '{value}' is not a time zone name such as Europe/Berlin\n")
    assert "Traceback" not in err


def test_settings_json_failure_is_one_json_document(db_path, capsys) -> None:
    status, out, err = cli(
        capsys, "settings", "--db", str(db_path), "retention_months=²", "--format", "json"
    )
    assert status == 2
    assert json.loads(out) == {"error": err.removeprefix("conversion-tracker: ").strip()}
    assert "whole number of months" in err


def test_db_before_the_command_is_the_database_used(db_path, capsys, tmp_path) -> None:
    set_currency(capsys, db_path, "EUR")
    status, out, _ = cli(capsys, "--db", str(db_path), "settings", "--format", "json")
    assert status == 0 and json.loads(out)["currency"] == "EUR"  # not the default database
    from desktop_app.store import default_database_path

    assert not default_database_path().exists()


# ------------------------------------------------------------------ a currency always


@pytest.mark.slow  # over 8 s: run by .ci/run's slow step
def test_touchpoint_log_imports_whole_into_a_new_database(shared_data, db_path, capsys, computer):
    """Was: 60,645 touchpoints stored and all 1,838 conversion rows refused, one message each."""
    computer("de_DE.UTF-8", "Europe/Berlin")
    log = shared_data / "mta-touchpoints" / "attribution_data.csv"
    with log.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    converted = [r for r in rows if r["conversion"] == "1"]
    value = sum(Decimal(r["conversion_value"]) for r in converted)
    assert (len(converted), value) == (1838, Decimal("11423.5"))  # the data README's figures
    status, out, _ = cli(capsys, "import", str(log), "--db", str(db_path), "--format", "json")
    doc = json.loads(out)
    assert status == 0 and doc["rejected"] == [] and doc["warnings"] == []
    assert (
        "The business currency was not set; it is now EUR (the file names no currency; "
        "this computer's settings)." in doc["notes"]
    )
    assert query(db_path, "SELECT COUNT(*), SUM(value_minor), currency FROM conversions") == [
        (1838, 1142350, "EUR")
    ]
    settings = dict(query(db_path, "SELECT key, value FROM settings"))
    assert (
        settings.items()
        >= {"currency": "EUR", "timezone": "Europe/Berlin", "country": "DE"}.items()
    )


def test_without_a_locale_the_currency_is_the_us_dollar(shared_data, db_path, capsys, computer):
    computer("C.UTF-8", "Etc/UTC")
    log = shared_data / "dp6-mam" / "test_dataset.csv"
    status, out, _ = cli(capsys, "import", str(log), "--db", str(db_path))
    assert status == 0
    assert (
        "it is now USD (the file names no currency, nor do this computer's settings: "
        "the default)" in out
    )
    assert dict(query(db_path, "SELECT key, value FROM settings"))["timezone"] == "UTC"


def test_an_older_database_without_a_currency_gets_the_default_with_a_note(
    db_path, capsys, computer
):
    computer("en_GB.UTF-8", "Europe/London")
    from desktop_app.store import close_database, open_database

    close_database(open_database(db_path))  # as an early build left it: data, no currency
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO goals (name, currency) VALUES ('Lead', '')")
    conn.commit()
    conn.close()
    status, out, err = cli(capsys, "settings", "--db", str(db_path), "--format", "json")
    assert status == 0 and json.loads(out)["currency"] == "GBP"
    assert "note: This database had no currency; it now uses GBP" in err
    assert query(db_path, "SELECT currency FROM goals") == [("GBP",)]


def test_identical_problems_are_grouped_in_text_output(db_path, capsys, tmp_path) -> None:
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    lines = ["Date,Order,Value,Currency"]
    lines += [f"2026-01-{d:02d},A{d},{d}.50,USD" for d in range(1, 7)]
    lines += ["2026-01-09,B1,12.00,EUR"]
    orders.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = cli(capsys, "import", str(orders), "--db", str(db_path), "--goal", "Sale")
    assert status == 1
    rejected = [line for line in out.splitlines() if "rejected:" in line and "column" in line]
    assert rejected == [
        "  rejected: orders.csv, 6 rows, column 'Value': the amount is in USD but the business's "
        "currency is EUR, and no exchange rate for USD has been entered; add one (Settings > "
        "Exchange rates, or: conversion-tracker rates add USD RATE --from DATE) and import again "
        "(rows 2, 3, 4 and 3 more)"
    ]
    assert (
        "note: Rows in USD were refused: there is no exchange rate for USD. Add one, valid from "
        "the file's earliest USD date (2026-01-01): conversion-tracker rates add USD RATE --from "
        "2026-01-01, then import the file again with --again." in out
    )


# ------------------------------------------------------------------ exchange rates


def test_a_usd_report_into_a_eur_business_with_a_rate(shared_data, db_path, capsys) -> None:
    """The issue's acceptance run: rates add, import the USD report, change the rate."""
    costs = _campaign_costs(shared_data)
    set_currency(capsys, db_path, "EUR")
    status, out, _ = cli(
        capsys, "rates", "add", "USD", "0.92", "--from", "2025-01-01", "--db", str(db_path),
        "--format", "json",
    )  # fmt: skip
    assert status == 0
    assert json.loads(out) == {
        "currency": "USD",
        "rate": 0.92,
        "valid_from": "2025-01-01",
        "repriced": 0,
    }
    report = shared_data.joinpath(*CAMPAIGN_REPORT)
    status, out, _ = cli(
        capsys, "import", str(report), "--kind", "spend", "--period", "2025-01-01:2026-01-16",
        "--db", str(db_path), "--format", "json",
    )  # fmt: skip
    assert status == 0 and json.loads(out)["inserted"] == 12
    stored = dict(
        query(
            db_path,
            "SELECT c.name, s.cost_minor FROM spend s JOIN campaigns c ON c.id = s.campaign_id",
        )
    )
    assert stored == {name: _eur(usd, "0.92") for name, usd in costs.items()}  # row by row
    originals = query(db_path, "SELECT DISTINCT original_currency, currency FROM spend")
    assert originals == [("USD", "EUR")]
    moved = sum(1 for usd in costs.values() if _eur(usd, "0.92") != _eur(usd, "0.95"))
    status, out, _ = cli(
        capsys, "rates", "add", "USD", "0.95", "--from", "2025-01-01", "--db", str(db_path)
    )
    assert status == 0
    assert (
        out
        == f"1 USD = 0.95 EUR from 2025-01-01 (replaces the rate 0.92); re-priced {moved} stored amounts.\n"
    )
    stored = dict(
        query(
            db_path,
            "SELECT c.name, s.cost_minor FROM spend s JOIN campaigns c ON c.id = s.campaign_id",
        )
    )
    assert stored == {name: _eur(usd, "0.95") for name, usd in costs.items()}
    status, out, _ = cli(capsys, "rates", "--db", str(db_path), "--format", "json")
    assert json.loads(out) == [{"currency": "USD", "rate": 0.95, "valid_from": "2025-01-01"}]
    status, out, _ = cli(
        capsys,
        "rates",
        "remove",
        "USD",
        "--from",
        "2025-01-01",
        "--db",
        str(db_path),
        "--format",
        "json",
    )
    assert status == 2
    assert json.loads(out)["error"].startswith("12 stored amounts are in USD")
    assert query(db_path, "SELECT COUNT(*) FROM exchange_rates") == [(1,)]


def test_a_later_first_rate_still_covers_an_older_file(shared_data, db_path, capsys) -> None:
    """A rate added 'today' (the default) covers the file's older dates: it is the earliest."""
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "rates", "add", "USD", "0.9", "--db", str(db_path))[0] == 0
    report = shared_data.joinpath(*CAMPAIGN_REPORT)
    status, _, _ = cli(
        capsys, "import", str(report), "--period", "2025-01-01:2025-12-31", "--db", str(db_path)
    )
    assert status == 0
    total = sum(_eur(usd, "0.9") for usd in _campaign_costs(shared_data).values())
    assert query(db_path, "SELECT SUM(cost_minor) FROM spend") == [(total,)]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rates", "add", "EUR", "1"], "EUR is the business's own currency"),
        (["rates", "add", "USD", "0,92"], "write the rate with a dot"),
        (["rates", "add", "USD", "-1"], "greater than zero"),
        (["rates", "add", "XYZ", "1"], "not a currency code"),
        (["rates", "add", "USD", "1", "--from", "2025-13-01"], "--from '2025-13-01' is not a date"),
        (
            ["rates", "remove", "USD", "--from", "2025-01-01"],
            "There is no USD rate valid from 2025-01-01",
        ),
    ],
)
def test_rate_mistakes_exit_2_with_a_sentence(db_path, capsys, argv, message) -> None:
    set_currency(capsys, db_path, "EUR")
    status, out, err = cli(capsys, *argv, "--db", str(db_path))
    assert status == 2 and out == "" and message in err and "Traceback" not in err


# ------------------------------------------------------------------ the demo


@pytest.mark.slow  # about 3 s (a whole demo, a real export or a child process)
def test_demo_without_db_fills_the_separate_demo_database(capsys) -> None:
    from desktop_app.store import default_database_path, demo_database_path

    own, demo = default_database_path(), demo_database_path()
    status, out, _ = cli(capsys, "demo")
    assert status == 0
    assert out.splitlines()[-1] == str(demo)
    assert not own.exists()  # the user's own database is never created nor touched
    first = query(demo, "SELECT COUNT(*) FROM conversions")[0][0]
    assert first > 100
    assert dict(query(demo, "SELECT key, value FROM settings"))["name"] == "Harbor & Pine Furniture"
    # Again: a fresh demo replaces the old one (its dates end yesterday), never added on top.
    assert cli(capsys, "demo")[0] == 0
    assert query(demo, "SELECT COUNT(*) FROM conversions") == [(first,)]
    assert sorted(p.name for p in demo.parent.iterdir() if p.name.startswith("demo.db")) == [
        "demo.db"
    ]


def test_demo_with_db_still_refuses_a_database_with_data(db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT OR IGNORE INTO goals (name, currency) VALUES ('Lead', 'EUR')")
    conn.commit()
    conn.close()
    status, _, err = cli(capsys, "demo", "--db", str(db_path))
    assert status == 2 and "already holds data" in err


# ------------------------------------------------------------------ found in review


@pytest.mark.parametrize("rate", ["abc", "1.2.3", "€1", "nan"])
def test_a_rate_that_is_not_a_number_is_a_sentence_not_a_traceback(db_path, capsys, rate) -> None:
    set_currency(capsys, db_path, "EUR")
    status, out, err = cli(
        capsys, "rates", "add", "GBP", rate, "--from", "2025-01-01", "--db", str(db_path),
        "--format", "json",
    )  # fmt: skip
    assert status == 2 and "Traceback" not in err
    doc = json.loads(out)
    assert doc["error"].startswith(f"RATE {rate!r} is not a number")
    assert (doc["currency"], doc["rate"], doc["valid_from"]) == ("GBP", None, "2025-01-01")


@pytest.mark.parametrize(
    "argv",
    [
        ["rates", "remove", "USD", "--format", "json"],  # --from is required
        ["import", "orders.csv", "--kind", "bogus", "--format", "json"],
        ["report", "--by", "week", "--format", "json"],
    ],
)
def test_usage_errors_under_json_print_json_too(db_path, capsys, argv) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli(capsys, *argv, "--db", str(db_path))
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert (
        doc["error"].startswith("conversion-tracker")
        and doc["error"].split(": ", 1)[1] in captured.err
    )


def test_refused_commands_leave_no_new_database(tmp_path, capsys, shared_data) -> None:
    target = tmp_path / "new.db"
    assert cli(capsys, "settings", "--db", str(target), "currency=XYZ")[0] == 2
    assert cli(capsys, "rates", "add", "USD", "0.92", "--db", str(target))[0] == 2
    report = shared_data.joinpath(*CAMPAIGN_REPORT)
    status, _, _ = cli(capsys, "import", str(report), "--period", "2025-01-01:2025-01-31",
                       "--dry-run", "--db", str(target))  # fmt: skip
    assert status == 0
    assert list(tmp_path.iterdir()) == []  # a dry run stores nothing, not even a file


def test_spend_of_one_campaign_day_in_two_currencies_is_refused_whole(db_path, capsys, tmp_path):
    set_currency(capsys, db_path, "EUR")
    for code, rate in (("USD", "0.9"), ("GBP", "1.2")):
        assert (
            cli(capsys, "rates", "add", code, rate, "--from", "2025-01-01", "--db", str(db_path))[0]
            == 0
        )
    sheet = tmp_path / "spend.csv"
    sheet.write_text(
        "Campaign,Date,Cost,Currency\nAlpha,2025-03-01,100.00,USD\nAlpha,2025-03-01,50.00,GBP\n"
        "Beta,2025-03-01,10.00,GBP\n",
        encoding="utf-8",
    )
    status, out, _ = cli(capsys, "import", str(sheet), "--kind", "spend", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 1 and doc["inserted"] == 1
    assert [(p["row"], p["reason"][:60]) for p in doc["rejected"]] == [
        (2, "campaign Alpha, period 2025-03-01, has amounts in several cu"),
        (3, "campaign Alpha, period 2025-03-01, has amounts in several cu"),
    ]
    assert doc["created"]["campaigns"] == ["Beta"]  # nothing created for refused rows
    assert query(
        db_path, "SELECT cost_minor, original_cost_minor, original_currency FROM spend"
    ) == [(1200, 1000, "GBP")]


def test_an_older_database_keeps_the_currency_its_amounts_are_in(
    shared_data, db_path, capsys, computer
):
    computer("de_DE.UTF-8", "Europe/Berlin")
    set_currency(capsys, db_path, "USD")
    log = shared_data / "dp6-mam" / "test_dataset.csv"
    assert cli(capsys, "import", str(log), "--db", str(db_path))[0] == 0
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM settings WHERE key = 'currency'")  # as an early build left it
    conn.commit()
    conn.close()
    status, out, err = cli(capsys, "settings", "--db", str(db_path), "--format", "json")
    assert status == 0 and json.loads(out)["currency"] == "USD"  # not the computer's EUR
    assert "it now uses USD (the currency its amounts are stored in)" in err
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM settings WHERE key = 'currency'")
    conn.commit()
    conn.close()
    # The user's own answer wins over any default.
    status, out, err = cli(
        capsys, "settings", "--db", str(db_path), "currency=USD", "--format", "json"
    )
    assert status == 0 and json.loads(out)["currency"] == "USD" and "note:" not in err


def test_grouped_problems_name_rows_only_when_they_have_some() -> None:
    from desktop_app.cli.import_cmd import grouped_problems
    from desktop_app.importing.errors import Problem

    same = [Problem(None, None, "Cost", str(n), "is not an amount") for n in range(3)]
    rows = [Problem("Data", r, "Cost", "x", "is not an amount") for r in (7, 9, 12, 40, 41)]
    assert grouped_problems(same + rows, "a.xlsx") == [
        "a.xlsx, 3 rows, column 'Cost': is not an amount",
        "a.xlsx, sheet Data, 5 rows, column 'Cost': is not an amount (rows 7, 9, 12 and 2 more)",
    ]
