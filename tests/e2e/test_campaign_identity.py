"""Campaigns and channels as real files name them: a spend sheet without a channel column and a
UTM-tagged order export give a channel report with every conversion where its tags say."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tests.e2e.test_import_cli import cli, query, set_currency

# (utm_source, utm_medium, utm_campaign) -> the channel GA4's rules (and PRODUCT.md) give it.
TAGS = {
    ("facebook", "paid_social", "meta_prospecting"): "Paid Social",
    ("google", "cpc", "search_brand"): "Paid Search",
    ("google", "cpc", "google_shopping"): "Paid Shopping",
    ("newsletter", "email", "spring_newsletter"): "Email",
    ("flyer", "print", "flyer_may"): "Print",
    ("(direct)", "(none)", ""): "Direct",
    ("(direct)", "(not set)", "(direct)"): "Direct",
}
PAID = ("meta_prospecting", "search_brand", "google_shopping")


def _write_files(folder: Path) -> tuple[Path, Path, list[dict[str, str]], dict[str, int]]:
    spend = folder / "ad spend.csv"
    costs: dict[str, int] = defaultdict(int)
    with spend.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Date", "Campaign", "Cost", "Clicks"])
        for day in range(1, 11):
            for n, name in enumerate(PAID):
                cents = 1_000 + 137 * day + 501 * n
                costs[name] += cents
                out.writerow([f"2026-05-{day:02d}", name, f"{cents / 100:.2f}", 10 + day])
    orders = folder / "orders.csv"
    rows: list[dict[str, str]] = []
    tags = list(TAGS)
    for n in range(42):
        source, medium, campaign = tags[n % len(tags)]
        rows.append({
            "Order": f"#{1000 + n}", "Date": f"2026-05-{1 + n % 10:02d} 1{n % 10}:15",
            "Total": f"{19 + 3 * n}.{n % 100:02d}", "Currency": "EUR",
            "utm_source": source, "utm_medium": medium, "utm_campaign": campaign,
        })  # fmt: skip
    with orders.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return spend, orders, rows, dict(costs)


def test_spend_sheet_and_tagged_orders_give_every_channel_its_own(tmp_path, db_path, capsys):
    spend, orders, rows, costs = _write_files(tmp_path)
    set_currency(capsys, db_path, "EUR")
    status, out, _ = cli(capsys, "import", str(spend), "--kind", "spend", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    assert status == 0 and json.loads(out)["created"]["campaigns"] == list(PAID)
    status, out, _ = cli(capsys, "import", str(orders), "--kind", "conversions", "--goal", "Sale",
                         "--db", str(db_path), "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 0 and doc["rejected"] == [] and doc["inserted"] == 42
    # The email and flyer campaigns have no spend: their utm_campaign creates them.
    assert sorted(doc["created"]["campaigns"]) == ["flyer_may", "spring_newsletter"]

    expected: dict[str, list[Decimal]] = defaultdict(list)
    by_campaign: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:
        key = (row["utm_source"], row["utm_medium"], row["utm_campaign"])
        expected[TAGS[key]].append(Decimal(row["Total"]))
        name = (
            row["utm_campaign"] if row["utm_campaign"] not in ("", "(direct)") else "(no campaign)"
        )
        by_campaign[name].append(Decimal(row["Total"]))
    status, out, _ = cli(capsys, "report", "--db", str(db_path), "--from", "2026-05-01",
                         "--to", "2026-05-31", "--format", "json")  # fmt: skip
    report = {r["name"]: r for r in json.loads(out)}
    for channel, values in expected.items():
        assert report[channel]["conversions"] == len(values), channel
        assert Decimal(str(report[channel]["value"])) == sum(values), channel
    assert report["Unassigned"]["conversions"] == 0 and report["Unassigned"]["spend"] == 0
    # Each paid campaign's spend sits in the channel its conversions' tags taught it.
    spend_by_channel = {
        "Paid Social": costs["meta_prospecting"],
        "Paid Search": costs["search_brand"],
        "Paid Shopping": costs["google_shopping"],
    }
    for channel, cents in spend_by_channel.items():
        assert Decimal(str(report[channel]["spend"])) == Decimal(cents) / 100, channel
    status, out, _ = cli(capsys, "report", "--by", "campaign", "--db", str(db_path),
                         "--from", "2026-05-01", "--to", "2026-05-31", "--format", "json")  # fmt: skip
    campaigns = {r["name"]: r for r in json.loads(out)}
    for name, values in by_campaign.items():
        assert campaigns[name]["conversions"] == len(values), name
        assert Decimal(str(campaigns[name]["value"])) == sum(values), name
    learned = query(db_path, "SELECT c.name, ch.name, c.channel_source FROM campaigns c"
                             " JOIN channels ch ON ch.id = c.channel_id ORDER BY c.name")  # fmt: skip
    assert learned == [
        ("flyer_may", "Print", "learned"),
        ("google_shopping", "Paid Shopping", "learned"),
        ("meta_prospecting", "Paid Social", "learned"),
        ("search_brand", "Paid Search", "learned"),
        ("spring_newsletter", "Email", "learned"),
    ]
    assert query(db_path, "SELECT COUNT(*) FROM campaigns WHERE name LIKE '(%'") == [(0,)]


def test_one_campaign_tagged_from_two_platforms_keeps_each_rows_channel(tmp_path, db_path, capsys):
    """A learned (or unknown) campaign channel never overrides a row's own tags."""
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order,Date,Total,utm_source,utm_medium,utm_campaign\n"
        "A1,2026-05-01,10.00,facebook,cpc,summer\nA2,2026-05-02,20.00,facebook,cpc,summer\n"
        "A3,2026-05-03,30.00,google,cpc,summer\nA4,2026-05-04,40.00,,,summer\n",
        encoding="utf-8",
    )
    status, _, _ = cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))
    assert status == 0
    rows = query(db_path, "SELECT c.order_id, ch.name, c.channel_rule FROM conversions c"
                          " JOIN channels ch ON ch.id = c.channel_id ORDER BY c.order_id")  # fmt: skip
    assert [(r[0], r[1]) for r in rows] == [
        ("A1", "Paid Social"), ("A2", "Paid Social"), ("A3", "Paid Search"),
        ("A4", "Paid Social"),  # no tags of its own: the campaign's learned channel
    ]  # fmt: skip
    assert rows[3][2] == "learned channel of its campaign (its other tagged rows)"
    assert query(db_path, "SELECT channel_source FROM campaigns WHERE name = 'summer'") == [
        ("learned",)
    ]


@pytest.mark.parametrize("medium", ["(none)", "(not set)", ""])
def test_direct_traffic_as_ga4_writes_it_is_direct(tmp_path, db_path, capsys, medium):
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        f"Order,Date,Total,utm_source,utm_medium\nA1,2026-05-01,10.00,(direct),{medium}\n",
        encoding="utf-8",
    )
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))[0] == 0
    found = query(
        db_path,
        "SELECT ch.name, c.channel_rule FROM conversions c JOIN channels ch ON ch.id = c.channel_id",
    )
    assert found == [("Direct", "GA4 1: source (direct), medium (none)")]


def test_undo_puts_back_a_campaign_channel_that_an_import_taught(tmp_path, db_path, capsys):
    spend, orders, _, _ = _write_files(tmp_path)
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "import", str(spend), "--kind", "spend", "--db", str(db_path))[0] == 0
    before = query(db_path, "SELECT id, channel_id, channel_source FROM campaigns ORDER BY id")
    assert {r[2] for r in before} == {"none"}
    _, out, _ = cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path),
                    "--format", "json")  # fmt: skip
    batch = json.loads(out)["batch"]
    assert cli(capsys, "undo-import", str(batch), "--db", str(db_path))[0] == 0
    assert (
        query(db_path, "SELECT id, channel_id, channel_source FROM campaigns ORDER BY id") == before
    )
