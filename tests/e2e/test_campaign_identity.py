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


def test_goals_campaigns_and_channels_from_the_command_line(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    status, out, _ = cli(capsys, "goals", "set", "Quote request", "category=lead", "margin=35%",
                         "target_per_month=40", "meta_name=Lead", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    goal = json.loads(out)
    assert status == 0
    keys = ("name", "category", "level", "counting", "margin", "target_per_month", "meta_name",
            "archived")  # fmt: skip
    expected = {
        "name": "Quote request", "category": "lead", "level": "macro", "counting": "every",
        "margin": 0.35, "target_per_month": 40, "meta_name": "Lead", "archived": False,
    }  # fmt: skip
    assert {k: goal[k] for k in keys} == expected
    status, out, _ = cli(
        capsys, "goals", "set", "Newsletter", "--db", str(db_path), "--format", "json"
    )
    assert (json.loads(out)["category"], json.loads(out)["level"]) == ("transaction", "macro")
    status, out, _ = cli(capsys, "goals", "--db", str(db_path), "--format", "json")
    assert [g["name"] for g in json.loads(out)] == ["Newsletter", "Quote request"]
    assert set(json.loads(out)[0]) == {
        "name", "category", "level", "value", "currency", "counting", "lookback_days",
        "target_per_month", "target_cpa", "margin", "google_ads_name", "meta_name",
        "microsoft_name", "archived",
    }  # fmt: skip
    status, out, err = cli(capsys, "campaigns", "set", "Spring sale", "channel=Podcasts",
                           "goal=Quote request", "budget=500", "budget_period=campaign",
                           "start=2026-03-01", "end=2026-04-30", "--db", str(db_path),
                           "--format", "json")  # fmt: skip
    campaign = json.loads(out)
    assert status == 0 and "created the channel 'Podcasts'" in err
    assert {k: campaign[k] for k in ("channel", "channel_source", "goal", "budget", "budget_period")} == {
        "channel": "Podcasts", "channel_source": "explicit", "goal": "Quote request",
        "budget": 500.0, "budget_period": "campaign",
    }  # fmt: skip
    for argv, message in (
        (["goals", "set", "X", "margin=150%"], "margin must be between 0% and 100%"),
        (["goals", "set", "X", "level=huge"], "level must be one of macro, micro"),
        (["goals", "set", "X", "colour=red"], "unknown key 'colour'"),
        (
            ["campaigns", "set", "Spring sale", "end=2026-02-01"],
            "ends (2026-02-01) before it starts",
        ),
        (["channels", "map", "google=Paid Search"], "is not SOURCE/MEDIUM=CHANNEL"),
    ):
        status, out, err = cli(capsys, *argv, "--db", str(db_path), "--format", "json")
        assert status == 2 and message in json.loads(out)["error"] and "Traceback" not in err


def test_channels_map_and_reclassify(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order,Date,Total,utm_source,utm_medium,Channel\n"
        "A1,2026-05-01,10.00,newsletter,mail,\nA2,2026-05-02,20.00,newsletter,mail,\n"
        "A3,2026-05-03,30.00,newsletter,mail,Referral\n",
        encoding="utf-8",
    )
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))[0] == 0
    status, out, _ = cli(capsys, "channels", "map", "newsletter/*=Email", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    assert status == 0 and json.loads(out) == {"mapping": "newsletter/*", "channel": "Email"}
    status, out, _ = cli(capsys, "channels", "reclassify", "--dry-run", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    expected = [{"from": "Unassigned", "to": "Email", "conversions": 2, "touchpoints": 0}]
    assert json.loads(out) == expected
    assert query(db_path, "SELECT COUNT(*) FROM conversions c JOIN channels ch"
                          " ON ch.id = c.channel_id WHERE ch.name = 'Email'") == [(0,)]  # fmt: skip
    status, out, _ = cli(capsys, "channels", "reclassify", "--db", str(db_path), "--format", "json")
    assert json.loads(out) == expected
    rows = query(db_path, "SELECT c.order_id, ch.name FROM conversions c JOIN channels ch"
                          " ON ch.id = c.channel_id ORDER BY 1")  # fmt: skip
    assert rows == [("A1", "Email"), ("A2", "Email"), ("A3", "Referral")]  # A3's was given
    status, out, _ = cli(capsys, "channels", "--db", str(db_path), "--format", "json")
    email = next(c for c in json.loads(out) if c["name"] == "Email")
    assert email == {"name": "Email", "paid": False, "hidden": False, "mappings": ["newsletter/*"]}


# ------------------------------------------------------------------ found in review


def test_undo_of_an_import_keeps_a_channel_set_after_it(tmp_path, db_path, capsys) -> None:
    spend, orders, _, _ = _write_files(tmp_path)
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "import", str(spend), "--kind", "spend", "--db", str(db_path))[0] == 0
    _, out, _ = cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path),
                    "--format", "json")  # fmt: skip
    batch = json.loads(out)["batch"]
    assert (
        cli(capsys, "campaigns", "set", "search_brand", "channel=Display", "--db", str(db_path))[0]
        == 0
    )
    assert cli(capsys, "undo-import", str(batch), "--db", str(db_path))[0] == 0
    rows = query(db_path, "SELECT c.name, ch.name, c.channel_source FROM campaigns c JOIN channels"
                          " ch ON ch.id = c.channel_id WHERE c.name IN ('search_brand', 'meta_prospecting')"
                          " ORDER BY c.name")  # fmt: skip
    # The user's later choice stays; what only the import taught goes with it.
    assert rows == [
        ("meta_prospecting", "Unassigned", "none"),
        ("search_brand", "Display", "explicit"),
    ]


def test_reclassify_lets_campaigns_learn_again_so_spend_follows(tmp_path, db_path, capsys) -> None:
    spend, orders, _, costs = _write_files(tmp_path)
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "import", str(spend), "--kind", "spend", "--db", str(db_path))[0] == 0
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))[0] == 0
    assert cli(capsys, "channels", "map", "facebook/*=Meta Ads", "--db", str(db_path))[0] == 0
    status, out, _ = cli(capsys, "channels", "reclassify", "--db", str(db_path), "--format", "json")
    assert status == 0 and json.loads(out) == [
        {"from": "Paid Social", "to": "Meta Ads", "conversions": 6, "touchpoints": 0}
    ]
    _, out, _ = cli(capsys, "report", "--db", str(db_path), "--from", "2026-05-01", "--to",
                    "2026-05-31", "--format", "json")  # fmt: skip
    report = {r["name"]: r for r in json.loads(out)}
    assert report["Meta Ads"]["conversions"] == 6
    assert Decimal(str(report["Meta Ads"]["spend"])) == Decimal(costs["meta_prospecting"]) / 100
    assert report["Paid Social"]["spend"] == 0 and report["Paid Social"]["conversions"] == 0


def test_an_unassigned_campaign_channel_never_overrides_a_rows_tags(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    cli(capsys, "campaigns", "set", "summer", "channel=Unassigned", "--db", str(db_path))
    orders = tmp_path / "orders.csv"
    orders.write_text("Order,Date,Total,utm_source,utm_medium,utm_campaign\n"
                      "A1,2026-05-01,10.00,facebook,paid,summer\n", encoding="utf-8")  # fmt: skip
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))[0] == 0
    assert query(db_path, "SELECT ch.name FROM conversions c JOIN channels ch"
                          " ON ch.id = c.channel_id") == [("Paid Social",)]  # fmt: skip
    # channel= gives the campaign back to learning from its rows.
    assert cli(capsys, "campaigns", "set", "summer", "channel=", "--db", str(db_path))[0] == 0
    cli(capsys, "channels", "reclassify", "--db", str(db_path))
    assert query(db_path, "SELECT ch.name, c.channel_source FROM campaigns c JOIN channels ch"
                          " ON ch.id = c.channel_id") == [("Paid Social", "learned")]  # fmt: skip


def test_goals_set_on_a_new_database_takes_the_computers_currency(db_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    for var in ("LC_ALL", "LC_MONETARY"):
        monkeypatch.delenv(var, raising=False)
    status, out, err = cli(capsys, "goals", "set", "Sale", "margin=35%", "value=19.90",
                           "--db", str(db_path), "--format", "json")  # fmt: skip
    assert status == 0 and json.loads(out)["currency"] == "EUR" and json.loads(out)["value"] == 19.9
    assert "The business currency was not set; it is now EUR (this computer's settings)." in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["goals", "set", "X", "value=1e30"], "from 0 to 1,000,000,000"),
        (["goals", "set", "X", "value=0.001"], "has more decimals than EUR has (2)"),
        (["campaigns", "set", "X", "budget=-5"], "from 0 to 1,000,000,000"),
        (["channels", "map", "/*=X"], "names neither a source nor a medium"),
    ],
)
def test_bad_amounts_and_mappings_are_sentences(db_path, capsys, argv, message) -> None:
    set_currency(capsys, db_path, "EUR")
    status, out, err = cli(capsys, *argv, "--db", str(db_path), "--format", "json")
    assert status == 2 and message in json.loads(out)["error"] and "Traceback" not in err


def test_a_source_named_like_a_channel_can_be_mapped(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    status, out, _ = cli(capsys, "channels", "map", "email/*=Email", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    assert status == 0 and json.loads(out) == {"mapping": "email/*", "channel": "Email"}
    orders = tmp_path / "orders.csv"
    orders.write_text("Order,Date,Total,utm_source,utm_medium\nA1,2026-05-01,10.00,email,mail\n",
                      encoding="utf-8")  # fmt: skip
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))[0] == 0
    assert query(db_path, "SELECT ch.name, c.channel_rule FROM conversions c JOIN channels ch"
                          " ON ch.id = c.channel_id") == [("Email", "email/* mapped to this channel")]  # fmt: skip


def test_placeholders_never_name_a_spend_campaign(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    sheet = tmp_path / "spend.csv"
    sheet.write_text("Date,Campaign,Cost\n2026-05-01,(organic),1.00\n2026-05-01,(not set),2.00\n"
                     "2026-05-01,Brand,3.00\n", encoding="utf-8")  # fmt: skip
    status, out, _ = cli(capsys, "import", str(sheet), "--kind", "spend", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 1 and doc["created"]["campaigns"] == ["Brand"]
    assert [(p["row"], p["value"]) for p in doc["rejected"]] == [(2, "(organic)"), (3, "(not set)")]
    assert all("is a placeholder" in p["reason"] for p in doc["rejected"])


def test_created_is_empty_when_nothing_was_stored(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order,Date,Total,utm_campaign\nA1,2026-05-01,10.00,summer\n", encoding="utf-8"
    )
    cli(capsys, "import", str(orders), "--goal", "Sale", "--map", "utm_campaign=notes",
        "--db", str(db_path))  # fmt: skip
    status, out, _ = cli(capsys, "import", str(orders), "--goal", "Sale", "--again",
                         "--db", str(db_path), "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 0 and doc["batch"] is None and doc["duplicates"] == 1
    assert doc["created"] == {"goals": [], "campaigns": [], "channels": []}
    assert query(db_path, "SELECT COUNT(*) FROM campaigns") == [(0,)]
