"""A realistic, reproducible demo business: a year of campaigns, spend, customer journeys and conversions."""

from __future__ import annotations

import hashlib
import math
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from desktop_app.domain.timeutil import to_utc_text
from desktop_app.store import report_summary
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.settings import holds_data, load_settings, save_settings
from desktop_app.store.transactions import writing

DEMO_NAME = "Harbor & Pine Furniture"


class DemoError(RuntimeError):
    """The demo cannot be loaded into this database (it already holds data)."""


@dataclass(frozen=True)
class DemoCampaign:
    name: str
    channel: str
    platform: str
    source: str
    medium: str
    utm_campaign: str
    reach: float  # relative share of journeys this campaign starts
    target_roas: float | None  # spend is set so the campaign returns this (None: no spend)
    cpc_cents: int = 0  # average cost per click, for impressions and clicks
    ctr: float = 0.02
    period_billing: str = ""  # "month" for invoices, "once" for a single period, "" for daily
    goal: str = "Purchase"  # the goal it works for ("": brand building, linked to none)


CAMPAIGNS: tuple[DemoCampaign, ...] = (
    DemoCampaign("Search - Brand", "Paid Search", "Google Ads", "google", "cpc", "search_brand", 1.0, 7.0, 45, 0.09),
    DemoCampaign("Search - Sofas & Beds", "Paid Search", "Google Ads", "google", "cpc", "search_sofas", 1.6, 3.2, 110, 0.045),
    DemoCampaign("Shopping - All products", "Paid Shopping", "Google Ads", "google", "cpc", "shopping_all", 1.3, 3.8, 60, 0.012),
    DemoCampaign("Meta - Prospecting", "Paid Social", "Meta Ads", "facebook", "paid", "meta_prospecting", 1.8, 1.3, 55, 0.011),
    DemoCampaign("Meta - Retargeting", "Paid Social", "Meta Ads", "facebook", "paid", "meta_retargeting", 0.7, 5.5, 70, 0.018),
    DemoCampaign("Instagram - Reels", "Paid Social", "Meta Ads", "instagram", "paid", "ig_reels", 0.8, 0.7, 40, 0.008),
    DemoCampaign("Newsletter", "Email", "Mailer", "newsletter", "email", "newsletter", 0.9, 6.0, period_billing="month"),
    DemoCampaign("SEO content", "Organic Search", "", "google", "organic", "", 1.5, 3.0, period_billing="month", goal=""),
    DemoCampaign("Partner blogs", "Referral", "", "homestyle-blog.example", "referral", "partner_blogs", 0.5, 2.0, period_billing="month", goal=""),
    DemoCampaign("Spring home fair", "Event", "", "fair", "event", "spring_fair", 0.25, 1.6, period_billing="once", goal="Quote request"),
    DemoCampaign("Local newspaper ad", "Print", "", "harbor-gazette", "print", "gazette", 0.2, 0.8, period_billing="month", goal=""),
)  # fmt: skip

# Touches that are not campaigns: people come back directly, from social posts, from search.
_FREE_TOUCHES = (
    ("Direct", "(direct)", "(none)", 1.0),
    ("Organic Social", "instagram.com", "social", 0.35),
    ("Organic Search", "bing", "organic", 0.25),
)

_PRODUCTS_CENTS = (4900, 8900, 14900, 24900, 39900, 64900, 89900, 129900, 189900)
_PRODUCT_WEIGHTS = (18, 16, 14, 12, 12, 10, 8, 6, 4)
_CAMPAIGN_BY_NAME = {c.name: c for c in CAMPAIGNS}
_FREE_BY_NAME = {t[0]: t for t in _FREE_TOUCHES}
# When in the day people buy: the hours' weights, summed up once for `random.choices`.
_HOURS = range(24)
_HOUR_CUM_WEIGHTS = list(
    accumulate((1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 9, 9, 9, 9, 10, 11, 12, 12, 9, 5, 2))
)


@dataclass
class DemoSummary:
    campaigns: int
    spend_rows: int
    touchpoints: int
    conversions: int
    first_day: date
    last_day: date


def load_demo(
    db: Database,
    seed: int = 7,
    last_day: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo business in one transaction."""
    if holds_data(db):
        raise DemoError(
            "This database already holds data; the demo business is only loaded into an empty "
            "database. Create a new database (File > New database…) for the demo."
        )
    settings = load_settings(db)
    changes = {} if settings.name else {"name": DEMO_NAME}
    if not settings.currency:
        changes["currency"] = "EUR"
    if settings.timezone == "UTC" and not settings.currency:
        changes["timezone"] = "Europe/Berlin"
        changes["country"] = "DE"
    if changes:
        settings = save_settings(db, changes)
    # Yesterday is the last full day: a demo must not hold conversions later than now.
    end = last_day or date.today() - timedelta(days=1)
    builder = _DemoBuilder(db, random.Random(seed), end, settings.currency)
    with writing(db):
        summary = builder.build(progress)
        record(db, "demo", "database", None, {"seed": seed, "conversions": summary.conversions})
    return summary


class _DemoBuilder:
    def __init__(self, db: Database, rng: random.Random, last_day: date, currency: str) -> None:
        self.db = db
        self.rng = rng
        self.last_day = last_day
        self.first_day = last_day - timedelta(days=364)
        self.currency = currency
        self.tz = load_settings(db).tz
        self.channel_ids = {r[1]: r[0] for r in db.execute("SELECT id, name FROM channels")}
        self.campaign_ids: dict[str, int] = {}
        self.goal_ids: dict[str, int] = {}
        self.value_by_campaign: dict[str, int] = {c.name: 0 for c in CAMPAIGNS}
        self.journeys_by_day: dict[str, list[int]] = {c.name: [0] * 365 for c in CAMPAIGNS}

    def build(self, progress: Callable[[int, int], None] | None) -> DemoSummary:
        goals = self.goal_ids = self._goals()
        self._campaigns()
        touch_rows, conv_rows = self._journeys(goals, progress)
        conv_rows += self._offline_conversions(goals)
        conv_rows.sort(key=lambda r: r[1])
        self._insert_conversions_and_touches(conv_rows, touch_rows)
        spend_rows = self._spend()
        return DemoSummary(
            len(CAMPAIGNS),
            spend_rows,
            len(touch_rows),
            len(conv_rows),
            self.first_day,
            self.last_day,
        )

    def _goals(self) -> dict[str, int]:
        spec = (
            ("Purchase", "transaction", "macro", 0, "every", 30, 120, 15000, "Purchase", "0.35"),
            ("Quote request", "lead", "macro", 12000, "every", 30, 40, None, "Quote form", "0.35"),
            (
                "Newsletter sign-up",
                "engagement",
                "micro",
                0,
                "one_per_customer",
                30,
                None,
                None,
                "",
                None,
            ),
            ("Brochure download", "engagement", "micro", 0, "every", 30, None, None, "", None),
        )
        ids = {}
        # A furniture shop keeps about 35 % of a sale after the cost of the goods.
        for name, cat, level, value, counting, lookback, target, tcpa, names, margin in spec:
            cur = self.db.execute(
                "INSERT INTO goals (name, category, level, default_value_minor, currency, counting,"
                " lookback_days, target_count, target_cpa_minor, google_ads_name, margin)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [name, cat, level, value, self.currency, counting, lookback, target, tcpa, names,
                 margin],
            )  # fmt: skip
            ids[name] = int(cur.lastrowid or 0)
        return ids

    def _campaigns(self) -> None:
        for c in CAMPAIGNS:
            cur = self.db.execute(
                "INSERT INTO campaigns (name, channel_id, platform, start_date, utm_source,"
                " utm_medium, utm_campaign, notes, goal_id) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    c.name, self.channel_ids[c.channel], c.platform, self.first_day.isoformat(),
                    c.source, c.medium, c.utm_campaign, "Demo campaign",
                    self.goal_ids[c.goal] if c.goal else None,
                ],
            )  # fmt: skip
            self.campaign_ids[c.name] = int(cur.lastrowid or 0)

    def _season(self, day: date) -> float:
        # Furniture sells in spring and before Christmas; weekends are busier online.
        yearly = 1.0 + 0.25 * math.cos((day.timetuple().tm_yday - 100) / 365 * 2 * math.pi)
        yearly += 0.35 * math.exp(-(((day.timetuple().tm_yday - 335) / 18) ** 2))
        return yearly * (1.15 if day.weekday() >= 5 else 1.0)

    def _moment(self, day: date) -> datetime:
        hour = self.rng.choices(_HOURS, cum_weights=_HOUR_CUM_WEIGHTS)[0]
        local = datetime.combine(day, time(hour, self.rng.randrange(60), self.rng.randrange(60)))
        return local.replace(tzinfo=self.tz)

    def _journeys(
        self, goals: dict[str, int], progress: Callable[[int, int], None] | None
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng = self.rng
        # Cumulative weights, worked out once: `choices` draws exactly as with the weights.
        weights = list(accumulate(c.reach for c in CAMPAIGNS))
        free_weights = list(accumulate(t[3] for t in _FREE_TOUCHES))
        more_weights = list(accumulate((30, 30, 20, 12, 8)))
        days = [self.first_day + timedelta(days=i) for i in range(365)]
        day_weights = list(accumulate(self._season(d) for d in days))
        year = range(365)
        n_customers = 9000
        touch_rows: list[tuple[Any, ...]] = []
        conv_rows: list[tuple[Any, ...]] = []
        for n in range(n_customers):
            if progress and n % 1000 == 0:
                progress(n, n_customers)
            key = f"cust-{n + 1:05d}"
            start_idx = rng.choices(year, cum_weights=day_weights)[0]
            first = rng.choices(CAMPAIGNS, cum_weights=weights)[0]
            touches = [(start_idx, first.name)]
            for _ in range(rng.choices((0, 1, 2, 3, 4), cum_weights=more_weights)[0]):
                idx = touches[-1][0] + rng.choice((0, 0, 1, 2, 3, 5, 8, 13))
                if rng.random() < 0.45:
                    touches.append(
                        (idx, rng.choices(_FREE_TOUCHES, cum_weights=free_weights)[0][0])
                    )
                else:
                    touches.append((idx, rng.choices(CAMPAIGNS, cum_weights=weights)[0].name))
            # Touches after the last day have not happened yet (clamping them to the last day
            # would pile a year's late journeys onto it and draw a false spike).
            touches = [t for t in touches if t[0] < len(days)]
            moments = sorted(self._moment(days[i]) for i, _ in touches)
            named = [t[1] for t in touches]
            for moment, name in zip(moments, named, strict=True):
                touch_rows.append(self._touch(key, moment, name))
            converting = self._conversion_for(key, named, moments[-1], goals)
            if converting:
                conv_rows.extend(converting)
        if progress:
            progress(n_customers, n_customers)
        return touch_rows, conv_rows

    def _touch(self, key: str, moment: datetime, name: str) -> tuple[Any, ...]:
        campaign = _CAMPAIGN_BY_NAME.get(name)
        if campaign is None:
            channel, source, medium = _FREE_BY_NAME[name][:3]
            return (
                key,
                to_utc_text(moment),
                self.channel_ids[channel],
                None,
                source,
                medium,
                "",
                "visit",
                None,
                None,
                "demo",
            )
        click = None
        click_type = None
        if campaign.medium == "cpc":
            click, click_type = (
                "Cj0K" + hashlib.sha1(f"{key}{moment}".encode()).hexdigest()[:20],
                "gclid",
            )
        elif campaign.medium == "paid":
            click, click_type = (
                "IwAR" + hashlib.sha1(f"{key}{moment}".encode()).hexdigest()[:20],
                "fbclid",
            )
        kind = "email" if campaign.channel == "Email" else "click" if click else "visit"
        return (
            key, to_utc_text(moment), self.channel_ids[campaign.channel], self.campaign_ids[campaign.name],
            campaign.source, campaign.medium, campaign.utm_campaign, kind, click, click_type, "demo",
        )  # fmt: skip

    def _conversion_for(
        self, key: str, path: list[str], last_touch: datetime, goals: dict[str, int]
    ) -> list[tuple[Any, ...]]:
        rng = self.rng
        credited = next((p for p in reversed(path) if p != "Direct"), path[-1])
        campaign = _CAMPAIGN_BY_NAME.get(credited)
        quality = {"Search - Brand": 1.6, "Meta - Retargeting": 1.4, "Newsletter": 1.3}.get(
            credited, 1.0
        )
        p_buy = min(0.9, (0.1 + 0.035 * len(path)) * quality)
        rows = []
        moment = last_touch + timedelta(minutes=rng.randrange(2, 90))
        if moment.date() > self.last_day:
            return []
        roll = rng.random()
        if roll < p_buy:
            goal, value = "Purchase", rng.choices(_PRODUCTS_CENTS, weights=_PRODUCT_WEIGHTS)[0]
            value += rng.choice((0, 0, 0, 4900, 9900))
        elif roll < p_buy + 0.06:
            goal, value = "Quote request", 12000
        elif roll < p_buy + 0.16:
            goal, value = "Newsletter sign-up", 0
        elif roll < p_buy + 0.22:
            goal, value = "Brochure download", 0
        else:
            return []
        channel = self.channel_ids[campaign.channel if campaign else credited]
        campaign_id = self.campaign_ids[campaign.name] if campaign else None
        if campaign is not None and goal in ("Purchase", "Quote request"):
            self.value_by_campaign[campaign.name] += value
            day_idx = (moment.astimezone(self.tz).date() - self.first_day).days
            self.journeys_by_day[campaign.name][day_idx] += 1
        order = f"HP-{int(key[5:]) + 10000}" if goal == "Purchase" else None
        email_hash = hashlib.sha256(f"{key}@example.com".encode()).hexdigest()
        consent = rng.choices(("granted", "denied", "unknown"), weights=(70, 10, 20))[0]
        rows.append(
            (
                goals[goal], moment, value, channel, campaign_id,
                campaign.source if campaign else "", campaign.medium if campaign else "",
                campaign.utm_campaign if campaign else "", order, key, email_hash, consent, "", "demo",
            )
        )  # fmt: skip
        return rows

    def _offline_conversions(self, goals: dict[str, int]) -> list[tuple[Any, ...]]:
        """Phone calls, walk-ins and word of mouth typed in by hand at the shop."""
        rows = []
        for i in range(365):
            day = self.first_day + timedelta(days=i)
            for channel, rate, note in (
                ("Phone", 0.45, "Called about a sofa"),
                ("Walk-in", 0.6, "Walk-in at the showroom"),
                ("Word of mouth", 0.2, "Recommended by a friend"),
            ):
                if self.rng.random() < rate * self._season(day) / 1.3:
                    if self.rng.random() < 0.55:
                        goal, value = (
                            "Purchase",
                            self.rng.choices(_PRODUCTS_CENTS, weights=_PRODUCT_WEIGHTS)[0],
                        )
                    else:
                        goal, value = "Quote request", 12000
                    moment = self._moment(day).replace(hour=self.rng.randrange(10, 18))
                    rows.append(
                        (goals[goal], moment, value, self.channel_ids[channel], None, "", "", "", None,
                         None, None, "unknown", note, "manual")
                    )  # fmt: skip
        return rows

    def _insert_conversions_and_touches(
        self, conv_rows: list[tuple[Any, ...]], touch_rows: list[tuple[Any, ...]]
    ) -> None:
        cur = self.currency
        with report_summary.batch_marked_in_bulk(self.db, None):  # months marked once, after
            self._insert_conversions(conv_rows, cur)
        ordered: list[tuple[Any, ...]] = sorted(touch_rows, key=lambda r: (r[0], r[1]))
        self.db.conn.executemany(
            "INSERT INTO touchpoints (customer_key, occurred_at, channel_id, campaign_id, source,"
            " medium, utm_campaign, kind, click_id, click_id_type, rule)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            ordered,
        )

    def _insert_conversions(self, conv_rows: list[tuple[Any, ...]], cur: str) -> None:
        # The demo's addresses are lower-case name@example.com: Google's and Meta's hash agree.
        self.db.conn.executemany(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, campaign_id, source, medium,"
            " utm_campaign, order_id, customer_key, email_hash, meta_email_hash,"
            " consent_ad_user_data, consent_ad_personalization, notes, origin, channel_rule)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    g, to_utc_text(m), m.astimezone(self.tz).date().isoformat(), v, cur, v, cur, ch,
                    camp, src, med, utm, order, key, eh, eh, consent, consent, note, origin,
                    "channel given" if origin == "manual" else "demo journey: last non-direct touch",
                )
                for g, m, v, ch, camp, src, med, utm, order, key, eh, consent, note, origin in conv_rows
            ],
        )  # fmt: skip

    def _spend(self) -> int:
        """Spend calibrated so each campaign returns roughly its target ROAS."""
        rows = []
        for c in CAMPAIGNS:
            if c.target_roas is None:
                continue
            total = max(20000, int(self.value_by_campaign[c.name] / c.target_roas))
            cid = self.campaign_ids[c.name]
            if c.period_billing == "month":
                rows += self._monthly(cid, total)
            elif c.period_billing == "once":
                start = self.first_day + timedelta(days=150)
                rows.append(
                    (
                        cid,
                        start.isoformat(),
                        (start + timedelta(days=2)).isoformat(),
                        total,
                        0,
                        0,
                        0.0,
                        0,
                    )
                )
            else:
                daily = self._daily(c, cid, total)
                rows += daily
                # A monthly budget a little above a month at its busiest daily pace, so the
                # Campaigns page and the Dashboard show pacing; the prospecting one is kept
                # tight and runs over.
                months: dict[str, list[int]] = {}
                for row in daily:
                    months.setdefault(row[1][:7], []).append(row[3])
                busiest = max(sum(costs) / len(costs) for costs in months.values()) * 31
                headroom = 0.8 if c.name == "Meta - Prospecting" else 1.1
                budget = math.ceil(busiest * headroom / 10000) * 10000  # whole hundreds
                self.db.execute("UPDATE campaigns SET budget_minor = ?, budget_period = 'month'"
                                " WHERE id = ?", [budget, cid])  # fmt: skip
        self.db.conn.executemany(
            "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
            " original_cost_minor, original_currency, impressions, clicks, platform_conversions,"
            " platform_value_minor, original_platform_value_minor, origin)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?, 'demo')",
            [
                (r[0], r[1], r[2], r[3], self.currency, r[3], self.currency, *r[4:], r[7])
                for r in rows
            ],
        )
        return len(rows)

    def _monthly(self, cid: int, total: int) -> list[tuple[Any, ...]]:
        months: list[tuple[date, date]] = []
        day = self.first_day
        while day <= self.last_day:
            nxt = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
            months.append((day, min(self.last_day, nxt - timedelta(days=1))))
            day = nxt
        each = total // len(months)
        return [(cid, a.isoformat(), b.isoformat(), each, 0, 0, 0.0, 0) for a, b in months]

    def _daily(self, c: DemoCampaign, cid: int, total: int) -> list[tuple[Any, ...]]:
        activity = [
            w + 0.6 * self._season(self.first_day + timedelta(days=i))
            for i, w in enumerate(self.journeys_by_day[c.name])
        ]
        scale = total / sum(activity)
        rows = []
        for i, act in enumerate(activity):
            cost = int(act * scale * self.rng.uniform(0.85, 1.15))
            clicks = max(1, int(cost / c.cpc_cents * self.rng.uniform(0.9, 1.1)))
            impressions = int(clicks / c.ctr * self.rng.uniform(0.9, 1.1))
            claimed = self.journeys_by_day[c.name][i] * self.rng.uniform(1.1, 1.6)
            value = int(claimed * 26000)
            day = (self.first_day + timedelta(days=i)).isoformat()
            rows.append((cid, day, day, cost, impressions, clicks, round(claimed, 2), value))
        return rows


def is_demo_database(db: Database) -> bool:
    """Whether the demo business was loaded into this database (the window shows a Demo badge)."""
    return (
        db.execute("SELECT 1 FROM audit_log WHERE action = 'demo' LIMIT 1").fetchone() is not None
    )


def build_demo_database(
    path: Path,
    seed: int = 7,
    last_day: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """(Re)create the separate demo database at `path` with a fresh demo business.

    The demo is built in a file of its own beside `path` and moved into place only when whole,
    so a failure leaves the previous demo as it was; the demo's dates end yesterday, so an old
    demo is replaced rather than reused. Refused while another program has `path` open."""
    from desktop_app.store import close_database, open_database
    from desktop_app.store.lock import ProcessLock

    lock = ProcessLock(path)
    lock.acquire()  # DatabaseLockedError when the app (or another `demo`) has the demo open
    try:
        building = path.with_name(path.name + ".building")
        for leftover in _sqlite_files(building):
            leftover.unlink(missing_ok=True)
        db = open_database(building)
        try:
            summary = load_demo(db, seed=seed, last_day=last_day, progress=progress)
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            close_database(db)
            for leftover in _sqlite_files(building):
                leftover.unlink(missing_ok=True)
            raise
        close_database(db)
        for stale in _sqlite_files(path)[1:]:  # a journal of the old file must not meet the new
            stale.unlink(missing_ok=True)
        os.replace(building, path)
    finally:
        lock.release()
    return summary


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
            path.with_name(path.name + "-journal")]  # fmt: skip


def demo_summary_text(summary: DemoSummary) -> str:
    return (
        f"Demo business loaded: {summary.campaigns} campaigns, {summary.spend_rows} spend records, "
        f"{summary.touchpoints} touchpoints, {summary.conversions} conversions "
        f"from {summary.first_day} to {summary.last_day}."
    )
