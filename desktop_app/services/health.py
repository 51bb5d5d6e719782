"""Tracking health (PRODUCT.md job 10): the common tracking mistakes, found in the data before
they cost a month of it. Each check gives at most one finding with a severity, how many records
it concerns, a few examples and what to do. Qt-free: the CLI's `health` and the Health page run
the same checks.

Windows are counted back from `today` in the business's time zone. The thresholds are the
issue's: a goal is silent after 3× its usual gap and at least 7 days; a campaign has spent
without result when the money since its last conversion would have bought 3 at its own CPA;
the click-id share is falling when it halves between two 4-week windows of at least 20
conversions each; the platform gap is more than 2× or less than half, with 10 on one side.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from itertools import pairwise
from statistics import median
from typing import Any

from desktop_app.domain import formatting
from desktop_app.domain.channels import UNASSIGNED
from desktop_app.domain.models import SpendPeriod
from desktop_app.domain.timeutil import EARLIEST_DAY, to_utc_text
from desktop_app.reports.spend import allocate_period, spend_by_campaign
from desktop_app.store.handle import Database
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import snapshot, writing

PROBLEM, WARNING, INFO = "problem", "warning", "info"
CHECKS = (
    "goal_silent", "spend_without_conversions", "conversions_without_source",
    "duplicate_order_ids", "future_dates", "early_dates", "click_id_share_falling", "unassigned_tags",
    "platform_gap", "spend_overlap", "zero_value_transactions", "value_outliers",
)  # fmt: skip
# What each check looks for, in a few words (the Health page's "all clear" lists them).
CHECKED = (
    "goals gone silent", "spend without conversions", "conversions without a source",
    "duplicate order ids", "dates in the future", "dates before 1900", "click ids disappearing",
    "tags that land in Unassigned", "platforms disagreeing with your records",
    "spend recorded twice", "sales without a value", "unusually large sales",
)  # fmt: skip
WEB_CHANNELS = ("Paid Search", "Paid Social")
EXAMPLES = 5
SHOWN = 5000  # records a finding's "Show records" lists at most


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    severity: str
    title: str
    count: int
    examples: list[str] = field(default_factory=list)
    fix: str = ""
    # The records behind it: a page ("conversions" or "campaigns") and what to show there
    # (goal, channel, campaign names, a search text, or the ids of the records themselves).
    opens: str = ""
    show: dict[str, Any] = field(default_factory=dict, compare=False)
    # What is flagged, as it stays while the data stays: names, days of the data, record ids;
    # never a figure of a window that moves with the calendar (a 30-day count, a share).
    subject: tuple[str, ...] = field(default=(), compare=False)

    @property
    def signature(self) -> str:
        """What a dismissal remembers: the subject (a JSON list), or for a finding without one
        a digest of what it says."""
        if self.subject:
            return json.dumps(sorted(set(self.subject)), ensure_ascii=False)
        text = "|".join([self.check, str(self.count), *self.examples])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def dismissed_by(self, signature: str) -> bool:
        """A dismissal lasts while nothing new is flagged: all this finding is about was
        dismissed (fewer things, as records leave the checked window, keep it dismissed; the
        calendar moving on does not bring it back)."""
        if self.subject and signature.startswith("["):
            return set(self.subject) <= set(json.loads(signature))
        return signature == self.signature

    def as_json(self) -> dict[str, Any]:
        return {"check": self.check, "severity": self.severity, "title": self.title,
                "count": self.count, "examples": self.examples, "fix": self.fix}  # fmt: skip


def run_checks(db: Database, today: date, since: date | None = None) -> list[Finding]:
    """Every check's finding (problems first) as seen on `today`, read from one state of the
    database. `since` (default: 90 days back): the checks that count records (no source,
    duplicate order ids, zero values, Unassigned tags, overlapping spend) count only those from
    that day on."""
    # Without `since`, the record checks look at the last 90 days: what is still worth fixing,
    # and what a million-conversion history can be checked for in well under a second.
    first = (since or today - timedelta(days=90)).isoformat()
    with snapshot(db):
        found = [f for check in _CHECKS if (f := check(db, today, first)) is not None]
    order = {PROBLEM: 0, WARNING: 1, INFO: 2}
    return sorted(found, key=lambda f: (order[f.severity], CHECKS.index(f.check)))


def _days(first: date, last: date) -> list[str]:
    return [first.isoformat(), last.isoformat()]


def _goal_silent(db: Database, today: date, since: str) -> Finding | None:
    start = today - timedelta(days=90)
    names = dict(db.execute("SELECT id, name FROM goals WHERE archived = 0").fetchall())
    days: dict[str, list[date]] = defaultdict(list)
    # The report index (status, local_date, goal_id, ...) answers this without the table.
    for goal_id, day in db.execute(
        "SELECT DISTINCT goal_id, local_date FROM conversions"
        " WHERE status = 'active' AND local_date BETWEEN ? AND ? ORDER BY goal_id, local_date",
        _days(start, today),
    ):
        if goal_id in names:
            days[names[goal_id]].append(date.fromisoformat(day))
    # A goal with fewer than three days of conversions in the window may be the most silent of
    # all (nothing for months): its rhythm is read from its last days before the window.
    for goal_id, name in names.items():
        if len(days[name]) < 3:
            days[name] = sorted(
                date.fromisoformat(day)
                for (day,) in db.execute(
                    "SELECT DISTINCT local_date FROM conversions WHERE status = 'active'"
                    " AND goal_id = ? AND local_date <= ? ORDER BY local_date DESC LIMIT 10",
                    [goal_id, today.isoformat()],
                )
            )
    silent: list[str] = []
    goals_silent: list[str] = []
    subject: list[str] = []
    for name, seen in days.items():
        if len(seen) < 3:
            continue  # too few to know its rhythm
        usual = median((b - a).days for a, b in pairwise(seen))
        quiet = (today - seen[-1]).days
        if quiet >= 7 and quiet > 3 * usual:
            rhythm = "every day" if usual == 1 else f"every {usual:g} days"
            silent.append(f"{name}: nothing since {seen[-1].isoformat()} (usually {rhythm})")
            goals_silent.append(name)
            subject.append(f"{name} {seen[-1].isoformat()}")
    if not silent:
        return None
    return Finding(
        "goal_silent", PROBLEM, "Goals that stopped receiving conversions", len(silent),
        silent[:EXAMPLES],
        "Check that the form, tag or import that records these goals still works (a changed "
        "website, a broken tag, an export that stopped).",
        "conversions", {"goal": goals_silent[0]}, tuple(subject),
    )  # fmt: skip


def _spend_without_conversions(db: Database, today: date, since: str) -> Finding | None:
    start = today - timedelta(days=90)
    currency = load_settings(db).currency

    def money_minor(minor: int) -> str:
        return f"{formatting.money_minor(minor, currency)}"

    spend90 = spend_by_campaign(db, start, today)
    conv90: dict[int, int] = {}
    last_conv: dict[int, str] = {}  # the last conversion within the window
    for cid, count, last in db.execute(
        "SELECT campaign_id, COUNT(*), MAX(local_date) FROM conversions WHERE status = 'active'"
        " AND campaign_id IS NOT NULL AND local_date BETWEEN ? AND ? GROUP BY campaign_id",
        _days(start, today),
    ):
        conv90[cid], last_conv[cid] = count, last
    campaigns = db.execute(
        "SELECT c.id, c.name, c.channel_id FROM campaigns c WHERE c.archived = 0"
    ).fetchall()
    channel_cost: dict[int, int] = defaultdict(int)
    channel_conv: dict[int, int] = defaultdict(int)
    for cid, _name, channel in campaigns:
        channel_cost[channel] += spend90[cid].cost_minor if cid in spend90 else 0
        channel_conv[channel] += conv90.get(cid, 0)
    flagged: list[str] = []
    names_flagged: list[str] = []
    subject: list[str] = []
    watched: dict[int, tuple[str, date, Decimal]] = {}
    for cid, name, channel in campaigns:
        cost, conversions = (spend90[cid].cost_minor if cid in spend90 else 0), conv90.get(cid, 0)
        if conversions:
            cpa = Decimal(cost) / conversions
        elif channel_conv[channel]:
            cpa = Decimal(channel_cost[channel]) / channel_conv[channel]
        else:
            continue  # no CPA to measure against
        after = (
            date.fromisoformat(last_conv[cid]) + timedelta(days=1) if cid in last_conv else start
        )
        if after <= today and cpa > 0:
            watched[cid] = (name, after, cpa)
    spent = _spend_since(db, {cid: after for cid, (_n, after, _c) in watched.items()}, today)
    for cid, (name, after, cpa) in watched.items():
        cost = spent.get(cid, 0)
        if cost >= 3 * cpa:
            names_flagged.append(f"{name}")
            # its last conversion ever (the window's last one moves out of it with time)
            (ever,) = db.execute("SELECT MAX(local_date) FROM conversions WHERE campaign_id = ?"
                                 " AND status = 'active'", [cid]).fetchone()  # fmt: skip
            subject.append(f"{name} {ever or ''}")
            flagged.append(f"{name}: {money_minor(cost)} spent since {after.isoformat()} "
                           "without a conversion")  # fmt: skip
    if not flagged:
        return None
    return Finding(
        "spend_without_conversions", WARNING, "Campaigns spending without conversions",
        len(flagged), flagged[:EXAMPLES],
        "Check the campaign's landing page and its tracking, or pause it; its spend since its "
        "last conversion would have bought three at its usual cost.",
        "campaigns", {"campaigns": names_flagged}, tuple(subject),
    )  # fmt: skip


def _spend_since(db: Database, since: dict[int, date], today: date) -> dict[int, int]:
    """Per campaign, its spend from its own day in `since` to `today` (minor units), shared
    out by day as the reports do; one pass over the spend rows those windows touch."""
    if not since:
        return {}
    earliest = min(since.values())
    spent: dict[int, int] = defaultdict(int)
    for cid, first, last, cost in db.execute(
        "SELECT campaign_id, period_start, period_end, cost_minor FROM spend"
        " WHERE period_start <= ? AND period_end >= ?",
        [today.isoformat(), earliest.isoformat()],
    ):
        if cid in since:
            row = SpendPeriod(date.fromisoformat(first), date.fromisoformat(last), cost)
            spent[cid] += allocate_period(row, since[cid], today).cost_minor
    return spent


def _conversions_without_source(db: Database, today: date, since: str) -> Finding | None:
    rows = db.execute(
        "SELECT c.local_date, COALESCE(c.order_id, ''), c.id FROM conversions c"
        " JOIN channels ch ON ch.id = c.channel_id WHERE c.status = 'active'"
        " AND ch.name = ? AND c.campaign_id IS NULL AND c.source = '' AND c.medium = ''"
        " AND c.utm_campaign = '' AND c.click_id IS NULL AND c.local_date >= ?"
        " ORDER BY c.local_date DESC",
        [UNASSIGNED, since],
    ).fetchall()
    if not rows:
        return None
    examples = [f"{day} {order}".strip() for day, order, _id in rows[:EXAMPLES]]
    newest = str(max(i for *_rest, i in rows))  # a new one brings it back; the window does not
    return Finding(
        "conversions_without_source", WARNING, "Conversions with no source at all", len(rows),
        examples,
        "Give these conversions a channel or campaign (edit them, or map the file's columns on "
        "import), and tag the links that bring visitors (UTM tags) so the next ones carry one.",
        "conversions", {"ids": [i for *_rest, i in rows[:SHOWN]]}, (newest,),
    )  # fmt: skip


def _duplicate_order_ids(db: Database, today: date, since: str) -> Finding | None:
    rows = db.execute(
        "SELECT order_id, COUNT(DISTINCT goal_id) FROM conversions WHERE order_id IS NOT NULL"
        " AND status = 'active' AND local_date >= ? GROUP BY order_id"
        " HAVING COUNT(DISTINCT goal_id) > 1 ORDER BY order_id",
        [since],
    ).fetchall()
    if not rows:
        return None
    ids = [i for (i,) in db.execute(
        "SELECT id FROM conversions WHERE status = 'active' AND local_date >= ? AND order_id IN"
        " (SELECT value FROM json_each(?)) ORDER BY order_id, id LIMIT ?",
        [since, json.dumps([order for order, _goals in rows]), SHOWN],
    )]  # fmt: skip
    return Finding(
        "duplicate_order_ids", PROBLEM, "The same order id under more than one goal", len(rows),
        [f"{order} ({goals} goals)" for order, goals in rows[:EXAMPLES]],
        "One order should count once: delete or cancel the extra conversions, or import the "
        "file again with the right goal.",
        "conversions", {"ids": ids}, tuple(order for order, _goals in rows),
    )  # fmt: skip


def _local_day(utc_text: str, tz: tzinfo) -> str:
    """The business's day of a stored UTC instant; at the very ends of the calendar, where the
    zone's day does not exist in Python (9999-12-31 23:30Z in Berlin), its UTC day."""
    try:
        return datetime.fromisoformat(utc_text).astimezone(tz).date().isoformat()
    except (OverflowError, ValueError):
        return utc_text[:10]


@dataclass(frozen=True)
class _Dated:
    """The records dated on one side of a bound: conversions (local date, order id, id), spend
    (first day, campaign), the first visits (UTC time, customer, id) and how many visits."""

    conversions: list[Any]
    spend: list[Any]
    visits: list[Any]
    n_visits: int

    @property
    def count(self) -> int:
        return len(self.conversions) + len(self.spend) + self.n_visits

    def examples(self, tz: tzinfo) -> list[str]:
        found = [f"conversion {d} {o}".strip() for d, o, _id in self.conversions[:EXAMPLES]]
        found += [f"spend of {n} from {d}" for d, n in self.spend[: EXAMPLES - len(found)]]
        return (
            found
            + [  # on the business's calendar, as every other date here
                f"visit {_local_day(at, tz)} of {who}"
                for at, who, _id in self.visits[: EXAMPLES - len(found)]
            ]
        )

    def shown(self) -> dict[str, Any]:
        """What "Show records" opens: the conversions themselves (with only spend or visits,
        the whole table, newest first)."""
        return {"ids": [i for *_rest, i in self.conversions[:SHOWN]]} if self.conversions else {}


def _dated(db: Database, after: bool, day: str, midnight: str, visits: int) -> _Dated:
    """The records dated after `day` (`after`), or before it; visits by their UTC time from (or
    before) `midnight`, the business's midnight starting that side; at most `visits` of them."""
    days, times = (">", ">=") if after else ("<", "<")
    return _Dated(
        db.execute(
            # Both statuses named (the only two): the report index then finds the days at once.
            "SELECT local_date, COALESCE(order_id, ''), id FROM conversions WHERE status IN"
            f" ('active', 'cancelled') AND local_date {days} ? ORDER BY local_date", [day],
        ).fetchall(),
        db.execute(
            "SELECT s.period_start, c.name FROM spend s JOIN campaigns c ON c.id = s.campaign_id"
            f" WHERE s.period_start {days} ? ORDER BY s.period_start", [day],
        ).fetchall(),
        db.execute(
            f"SELECT occurred_at, customer_key, id FROM touchpoints WHERE occurred_at {times} ?"
            " ORDER BY occurred_at LIMIT ?", [midnight, visits],
        ).fetchall(),
        db.execute(
            f"SELECT COUNT(*) FROM touchpoints WHERE occurred_at {times} ?", [midnight]
        ).fetchone()[0],
    )  # fmt: skip


def _future_dates(db: Database, today: date, since: str) -> Finding | None:
    # Visits are stored in UTC: after today is from the next midnight in the business's zone.
    tz = load_settings(db).tz
    midnight = to_utc_text(datetime.combine(today + timedelta(days=1), time(0), tzinfo=tz))
    found = _dated(db, True, today.isoformat(), midnight, EXAMPLES)
    if not found.count:
        return None
    (last_visit,) = db.execute(
        "SELECT MAX(occurred_at) FROM touchpoints WHERE occurred_at >= ?", [midnight]
    ).fetchone()
    return Finding(
        "future_dates", PROBLEM, "Records dated after today", found.count, found.examples(tz),
        "A date in the future is usually a day and month swapped on import: undo that import "
        "and import the file again with the right date order.",
        "conversions", found.shown(),
        (*(str(i) for *_rest, i in found.conversions), *(f"{n} {d}" for d, n in found.spend),
         f"visits to {last_visit}"),
    )  # fmt: skip


def _early_dates(db: Database, today: date, since: str) -> Finding | None:
    """Records dated before EARLIEST_DAY: only another program (or a database edited by hand)
    writes them, and no report reaches them (the date fields and --from start there)."""
    tz = load_settings(db).tz
    midnight = to_utc_text(datetime.combine(EARLIEST_DAY, time(0), tzinfo=tz))
    found = _dated(db, False, EARLIEST_DAY.isoformat(), midnight, SHOWN)
    if not found.count:
        return None
    return Finding(
        "early_dates", PROBLEM, "Records dated before 1900", found.count, found.examples(tz),
        "Reports cover 1 January 1900 to 31 December 2099, so these records are in none of "
        "them. Another program wrote them, or a date was typed wrong: correct the date, or "
        "delete the record.",
        "conversions", found.shown(),
        # each visit by its id (not their count, nor the person: a dismissal is kept after
        # the person is erased), so that fewer of them keep a dismissal
        (*(str(i) for *_rest, i in found.conversions), *(f"{n} {d}" for d, n in found.spend),
         *(f"visit {i}" for *_rest, i in found.visits)),
    )  # fmt: skip


def _click_id_share_falling(db: Database, today: date, since: str) -> Finding | None:
    last = (today - timedelta(days=27), today)
    previous = (today - timedelta(days=55), today - timedelta(days=28))

    def share(first: date, until: date) -> tuple[int, int]:
        total, with_id = db.execute(
            "SELECT COUNT(*), COUNT(c.click_id) FROM conversions c"
            " JOIN channels ch ON ch.id = c.channel_id WHERE c.status = 'active'"
            " AND ch.name IN (?, ?) AND c.local_date BETWEEN ? AND ?",
            [*WEB_CHANNELS, first.isoformat(), until.isoformat()],
        ).fetchone()
        return int(total), int(with_id)

    (n_now, id_now), (n_before, id_before) = share(*last), share(*previous)
    if n_now < 20 or n_before < 20 or not id_before:
        return None
    now, before = Decimal(id_now) / n_now, Decimal(id_before) / n_before
    if now * 2 >= before:
        return None
    # "Show records" opens the last 4 weeks' paid web conversions without a click id; the
    # finding is about the channel where most of them are.
    missing = [i for (i,) in db.execute(
        "SELECT c.id FROM conversions c JOIN channels ch ON ch.id = c.channel_id"
        " WHERE c.status = 'active' AND c.click_id IS NULL AND ch.name IN (?, ?)"
        " AND c.local_date BETWEEN ? AND ? ORDER BY c.id DESC LIMIT ?",
        [*WEB_CHANNELS, last[0].isoformat(), last[1].isoformat(), SHOWN],
    )]  # fmt: skip
    (worst,) = db.execute(
        "SELECT ch.name FROM conversions c JOIN channels ch ON ch.id = c.channel_id"
        " WHERE c.status = 'active' AND c.click_id IS NULL AND ch.name IN (?, ?)"
        " AND c.local_date BETWEEN ? AND ? GROUP BY ch.name ORDER BY COUNT(*) DESC, ch.name"
        " LIMIT 1",
        [*WEB_CHANNELS, last[0].isoformat(), last[1].isoformat()],
    ).fetchone()
    return Finding(
        "click_id_share_falling", WARNING, "Fewer paid web conversions carry a click id",
        n_now - id_now,
        [f"last 4 weeks: {now:.0%} of {n_now}", f"4 weeks before: {before:.0%} of {n_before}"],
        "Check that the website still passes gclid/fbclid to the order or lead form (a new "
        "checkout or form plug-in often drops them), and that auto-tagging is on.",
        "conversions", {"ids": missing}, (worst,),
    )  # fmt: skip


def _unassigned_tags(db: Database, today: date, since: str) -> Finding | None:
    """Tagged conversions, and touchpoints of the last 30 days (ten million of them over a
    history would take seconds), that land in Unassigned; and campaigns whose tags do. The
    records behind it: those conversions and the ones that followed such a visit by the same
    customer; with none, the campaigns; with only visits, the mapping that fixes them."""
    unassigned = db.execute("SELECT id FROM channels WHERE name = ?", [UNASSIGNED]).fetchone()
    if unassigned is None:
        return None
    recent = max(since, (today - timedelta(days=30)).isoformat())
    # The channel's id as a literal, as the partial index idx_touchpoints_unassigned names it
    # (older SQLite versions match a partial index to literals only).
    channel = int(unassigned[0])
    tagged = "channel_id = ? AND local_date >= ? AND (source <> '' OR medium <> '')"

    def visited(t: str = "") -> str:  # Unassigned visits with tags, of table alias `t`
        return (f"{t}occurred_at >= ? AND {t}channel_id = {channel}"
                f" AND ({t}source <> '' OR {t}medium <> '')")  # fmt: skip

    rows = db.execute(
        "SELECT source, medium, SUM(kind = 'c'), SUM(kind = 'v') FROM ("
        f" SELECT source, medium, 'c' AS kind FROM conversions WHERE {tagged}"
        f" UNION ALL SELECT source, medium, 'v' FROM touchpoints WHERE {visited()})"
        " GROUP BY source, medium ORDER BY COUNT(*) DESC, source, medium",
        [channel, since, recent],
    ).fetchall()
    campaigns = [name for (name,) in db.execute(
        "SELECT c.name FROM campaigns c JOIN channels ch ON ch.id = c.channel_id"
        " WHERE ch.name = ? AND c.archived = 0 AND (c.utm_source <> '' OR c.utm_medium <> '')",
        [UNASSIGNED],
    )]  # fmt: skip
    if not rows and not campaigns:
        return None

    def counted(n: int, what: str) -> str:
        return f"{n} {what}{'s' if n != 1 else ''}"

    examples = [
        f"{s or '(none)'} / {m or '(none)'}: "
        + ", ".join(counted(n, what) for n, what in ((c, "conversion"), (v, "visit")) if n)
        for s, m, c, v in rows
    ]
    examples += [f"campaign {name}" for name in campaigns]
    mapping = f"{rows[0][0] or '*'}/{rows[0][1] or '*'}" if rows else ""
    rule = (f"conversion-tracker channels map '{mapping}=CHANNEL'" if rows
            else "set the campaign's channel on the Campaigns page")  # fmt: skip
    ids = [i for (i,) in db.execute(
        f"SELECT id FROM conversions WHERE {tagged} UNION SELECT c.id FROM touchpoints t"
        " JOIN conversions c ON c.customer_key = t.customer_key"
        f" AND c.occurred_at >= t.occurred_at WHERE {visited('t.')}"
        " ORDER BY 1 DESC LIMIT ?",
        [channel, since, recent, SHOWN],
    )]  # fmt: skip
    opens, show = (("conversions", {"ids": ids}) if ids
                   else ("campaigns", {"campaigns": campaigns}) if campaigns
                   else ("settings", {"mapping": mapping}))  # fmt: skip
    return Finding(
        "unassigned_tags", WARNING, "Tags that land in Unassigned",
        sum(c + v for _, _, c, v in rows) + len(campaigns), examples[:EXAMPLES],
        f"Map each source/medium to its channel ({rule}), or use the mediums GA4 knows "
        "(cpc, email, social, referral) in new links.",
        opens, show, (*(f"{s}/{m}" for s, m, _c, _v in rows), *campaigns),
    )  # fmt: skip


def _platform_gap(db: Database, today: date, since: str) -> Finding | None:
    first = today - timedelta(days=29)
    spend = spend_by_campaign(db, first, today)
    recorded = dict(db.execute(
        "SELECT campaign_id, COUNT(*) FROM conversions WHERE status = 'active'"
        " AND campaign_id IS NOT NULL AND local_date BETWEEN ? AND ? GROUP BY campaign_id",
        _days(first, today),
    ).fetchall())  # fmt: skip
    names = dict(db.execute("SELECT id, name FROM campaigns").fetchall())
    gaps: list[str] = []
    gap_names: list[str] = []
    for cid, totals in spend.items():
        claimed, ours = totals.platform_conversions, Decimal(recorded.get(cid, 0))
        if max(claimed, ours) < 10 or not claimed:
            continue
        if claimed > 2 * ours or claimed * 2 < ours:
            gaps.append(f"{names.get(cid, cid)}: the platform says {claimed:.0f}, "
                        f"recorded {ours:.0f}")  # fmt: skip
            gap_names.append(str(names.get(cid, cid)))
    if not gaps:
        return None
    return Finding(
        "platform_gap", WARNING, "Platforms and your records disagree about conversions",
        len(gaps), gaps[:EXAMPLES],
        "A platform counting far more than you record often counts view-throughs or a wrong "
        "conversion action; far fewer, a missing tag or consent mode. Compare the conversion "
        "action's settings with what you record.",
        "campaigns", {"campaigns": gap_names}, tuple(gap_names),
    )  # fmt: skip


def _spend_overlap(db: Database, today: date, since: str) -> Finding | None:
    rows = db.execute(
        # Two periods overlap when the later-starting one starts inside the other: each row
        # looks only at the rows starting within its own period (idx_spend_dates).
        "SELECT c.name, a.period_start, a.period_end, b.period_start, b.period_end"
        " FROM spend a JOIN spend b ON b.period_start BETWEEN a.period_start AND a.period_end"
        " AND b.campaign_id = a.campaign_id AND b.id <> a.id"
        " AND (b.period_start > a.period_start OR b.id > a.id)"
        " AND IFNULL(a.batch_id, -a.id) <> IFNULL(b.batch_id, -b.id)"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE a.period_end >= ?"
        " ORDER BY c.name, a.period_start",
        [since],
    ).fetchall()
    if not rows:
        return None
    return Finding(
        "spend_overlap", PROBLEM, "Spend recorded twice for the same days", len(rows),
        [f"{n}: {a}..{b} and {c}..{d}" for n, a, b, c, d in rows[:EXAMPLES]],
        "Two files (or a file and a typed record) cover the same days of one campaign, so its "
        "cost counts twice: undo one of the imports on the Import page.",
        "campaigns", {"campaigns": sorted({r[0] for r in rows})}, tuple(" ".join(r) for r in rows),
    )  # fmt: skip


def _zero_value_transactions(db: Database, today: date, since: str) -> Finding | None:
    rows = db.execute(
        "SELECT c.local_date, COALESCE(c.order_id, ''), g.name, c.id FROM conversions c"
        " JOIN goals g ON g.id = c.goal_id WHERE g.category = 'transaction'"
        " AND c.status = 'active' AND c.value_minor = 0 AND c.local_date >= ?"
        " ORDER BY c.local_date DESC",
        [since],
    ).fetchall()
    if not rows:
        return None
    return Finding(
        "zero_value_transactions", WARNING, "Sales recorded with no value", len(rows),
        [f"{g} {d} {o}".strip() for d, o, g, _id in rows[:EXAMPLES]],
        "A sale worth 0 lowers ROAS and ROI; check the value column on import, or give the goal "
        "a default value.",
        "conversions", {"ids": [i for *_rest, i in rows[:SHOWN]]},
        tuple(str(i) for *_rest, i in rows),
    )  # fmt: skip


def _value_outliers(db: Database, today: date, since: str) -> Finding | None:
    """A sale worth more than 10x its goal's median over the last 90 days (at least 20 sales):
    most often a value typed or imported with its decimals lost (129900 for 1299.00)."""
    start = (today - timedelta(days=90)).isoformat()
    values: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for goal, value, day, order in db.execute(
        "SELECT g.name, c.value_minor, c.local_date, COALESCE(c.order_id, '') FROM conversions c"
        " JOIN goals g ON g.id = c.goal_id WHERE g.category = 'transaction'"
        " AND c.status = 'active' AND c.value_minor > 0 AND c.local_date BETWEEN ? AND ?",
        [max(start, since), today.isoformat()],
    ):
        values[goal].append((value, day, order))
    outliers: list[str] = []
    first: dict[str, str] = {}
    for goal, rows in values.items():
        if len(rows) < 20:
            continue
        usual = median(v for v, _d, _o in rows)
        for v, day, order in rows:
            if v > 10 * usual:
                outliers.append(f"{goal} {day} {order}".strip())
                first = first or ({"text": order} if order else {"goal": goal})
    if not outliers:
        return None
    return Finding(
        "value_outliers", WARNING, "Sales worth more than ten times the usual", len(outliers),
        outliers[:EXAMPLES],
        "Check these values: a price read without its decimal point (129900 for 1,299.00) "
        "inflates value, ROAS and ROI. Edit the conversion, or fix the column and import again.",
        "conversions", first, tuple(outliers),
    )  # fmt: skip


_CHECKS = (
    _goal_silent, _spend_without_conversions, _conversions_without_source, _duplicate_order_ids,
    _future_dates, _early_dates, _click_id_share_falling, _unassigned_tags, _platform_gap, _spend_overlap,
    _zero_value_transactions, _value_outliers,
)  # fmt: skip


def dismiss(db: Database, finding: Finding, until: date | None = None) -> None:
    """Leave `finding` out until it changes, or (`until`, a snooze) until that day."""
    from datetime import UTC, datetime

    with writing(db):
        db.execute(
            "INSERT OR REPLACE INTO health_dismissed (check_id, signature, until, dismissed_at)"
            " VALUES (?, ?, ?, ?)",
            [finding.check, finding.signature, until.isoformat() if until else None,
             datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")],
        )  # fmt: skip


def open_findings(db: Database, findings: list[Finding], today: date) -> list[Finding]:
    """The findings not dismissed: a dismissed one comes back when it changes, a snoozed one
    on its day."""
    kept = {check: (signature, until) for check, signature, until in db.execute(
        "SELECT check_id, signature, until FROM health_dismissed")}  # fmt: skip
    shown = []
    for f in findings:
        signature, until = kept.get(f.check, (None, None))
        if until is not None and today < date.fromisoformat(until):
            continue
        if until is None and signature is not None and f.dismissed_by(signature):
            continue
        shown.append(f)
    return shown


@dataclass(frozen=True, slots=True)
class Checked:
    """The checks as of `today`: the findings still open, and how many are dismissed or
    snoozed (kept out of `findings`)."""

    today: date
    findings: list[Finding]
    hidden: int


def health_as_of(db: Database, today: date) -> Checked:
    found = run_checks(db, today)
    shown = open_findings(db, found, today)
    return Checked(today, shown, len(found) - len(shown))


def bring_back_dismissed(db: Database) -> None:
    """Undo every dismissal and snooze: the findings they hid show again."""
    with writing(db):
        db.execute("DELETE FROM health_dismissed")


def today_of(db: Database) -> date:
    """Today in the business's time zone."""
    from datetime import datetime

    return datetime.now(load_settings(db).tz).date()
