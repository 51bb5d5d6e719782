"""The schema, as numbered migrations. Never edit a released migration: add the next one."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

from desktop_app.domain.channels import DEFAULT_CHANNELS
from desktop_app.store.schema_version import (
    MIGRATION_NAMES,
    MIGRATION_SET,
    MIGRATIONS_TABLE,
)

migrations = Migrations(MIGRATION_SET)

_INITIAL = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('conversions', 'spend', 'touchpoints')),
    preset TEXT,
    sheet TEXT,
    imported_at TEXT NOT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    options TEXT NOT NULL DEFAULT '{}',
    undone_at TEXT
);

CREATE TABLE import_rejects (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    sheet TEXT,
    row INTEGER,
    "column" TEXT,
    value TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX idx_import_rejects_batch ON import_rejects(batch_id);

-- What a batch changed in rows that existed before it, so undo can restore them exactly.
CREATE TABLE batch_updates (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    old_values TEXT NOT NULL
);
CREATE INDEX idx_batch_updates_batch ON batch_updates(batch_id);

CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    paid INTEGER NOT NULL DEFAULT 0,
    offline INTEGER NOT NULL DEFAULT 0,
    color TEXT NOT NULL DEFAULT '#A0A0A0',
    hidden INTEGER NOT NULL DEFAULT 0,
    builtin INTEGER NOT NULL DEFAULT 0,
    sort_order INTEGER NOT NULL DEFAULT 1000,
    batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Raw source values (or channel names used by other tools) that stand for a channel.
CREATE TABLE channel_aliases (
    raw_value TEXT PRIMARY KEY COLLATE NOCASE,
    channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE
);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    platform TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT,
    budget_minor INTEGER,
    utm_source TEXT NOT NULL DEFAULT '',
    utm_medium TEXT NOT NULL DEFAULT '',
    utm_campaign TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX idx_campaigns_channel ON campaigns(channel_id);
CREATE INDEX idx_campaigns_utm ON campaigns(utm_campaign COLLATE NOCASE);

CREATE TABLE spend (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    cost_minor INTEGER NOT NULL CHECK (cost_minor >= 0),
    currency TEXT NOT NULL,
    original_cost_minor INTEGER NOT NULL,
    original_currency TEXT NOT NULL,
    impressions INTEGER NOT NULL DEFAULT 0,
    clicks INTEGER NOT NULL DEFAULT 0,
    platform_conversions REAL NOT NULL DEFAULT 0,
    platform_value_minor INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'manual',
    batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (period_end >= period_start),
    UNIQUE (campaign_id, period_start, period_end)
);
CREATE INDEX idx_spend_dates ON spend(period_start, period_end);
CREATE INDEX idx_spend_batch ON spend(batch_id);
CREATE INDEX idx_spend_periods ON spend(period_end, period_start) WHERE period_start < period_end;

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    category TEXT NOT NULL DEFAULT 'lead' CHECK (category IN ('lead', 'engagement', 'transaction')),
    level TEXT NOT NULL DEFAULT 'macro' CHECK (level IN ('macro', 'micro')),
    default_value_minor INTEGER NOT NULL DEFAULT 0 CHECK (default_value_minor >= 0),
    currency TEXT NOT NULL DEFAULT '',
    counting TEXT NOT NULL DEFAULT 'every' CHECK (counting IN ('every', 'one_per_customer')),
    lookback_days INTEGER NOT NULL DEFAULT 30 CHECK (lookback_days BETWEEN 1 AND 540),
    target_count INTEGER,
    target_cpa_minor INTEGER,
    platform_names TEXT NOT NULL DEFAULT '[]',
    archived INTEGER NOT NULL DEFAULT 0,
    batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE conversions (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    occurred_at TEXT NOT NULL,
    local_date TEXT NOT NULL,
    value_minor INTEGER NOT NULL DEFAULT 0,
    currency TEXT NOT NULL,
    original_value_minor INTEGER NOT NULL DEFAULT 0,
    original_currency TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    status_detail TEXT NOT NULL DEFAULT '',
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    channel_rule TEXT NOT NULL DEFAULT '',
    campaign_id INTEGER REFERENCES campaigns(id),
    source TEXT NOT NULL DEFAULT '',
    medium TEXT NOT NULL DEFAULT '',
    utm_campaign TEXT NOT NULL DEFAULT '',
    order_id TEXT,
    order_name TEXT,
    customer_key TEXT,
    click_id TEXT,
    click_id_type TEXT,
    email_hash TEXT,
    phone_hash TEXT,
    email TEXT,
    phone TEXT,
    consent_ad_user_data TEXT NOT NULL DEFAULT 'unknown',
    consent_ad_personalization TEXT NOT NULL DEFAULT 'unknown',
    notes TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'manual',
    batch_id INTEGER REFERENCES import_batches(id),
    fingerprint TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT
);
CREATE UNIQUE INDEX idx_conversions_order ON conversions(goal_id, order_id) WHERE order_id IS NOT NULL;
CREATE UNIQUE INDEX idx_conversions_fingerprint ON conversions(goal_id, fingerprint)
    WHERE fingerprint IS NOT NULL;
CREATE INDEX idx_conversions_time ON conversions(occurred_at);
CREATE INDEX idx_conversions_report ON conversions(status, local_date, goal_id, channel_id, campaign_id, value_minor);
CREATE INDEX idx_conversions_goal ON conversions(goal_id, local_date);
CREATE INDEX idx_conversions_channel ON conversions(channel_id, local_date);
CREATE INDEX idx_conversions_campaign ON conversions(campaign_id, local_date);
CREATE INDEX idx_conversions_customer ON conversions(customer_key, occurred_at);
CREATE INDEX idx_conversions_goal_customer ON conversions(goal_id, customer_key, occurred_at);
CREATE INDEX idx_conversions_first_active ON conversions(goal_id, customer_key, occurred_at, local_date, channel_id, campaign_id, value_minor) WHERE status = 'active';
CREATE INDEX idx_conversions_batch ON conversions(batch_id);

CREATE TABLE touchpoints (
    id INTEGER PRIMARY KEY,
    customer_key TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    campaign_id INTEGER REFERENCES campaigns(id),
    source TEXT NOT NULL DEFAULT '',
    medium TEXT NOT NULL DEFAULT '',
    utm_campaign TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'visit',
    click_id TEXT,
    click_id_type TEXT,
    rule TEXT NOT NULL DEFAULT '',
    conversion_id INTEGER REFERENCES conversions(id) ON DELETE SET NULL,
    batch_id INTEGER REFERENCES import_batches(id),
    fingerprint TEXT
);
CREATE INDEX idx_touchpoints_customer ON touchpoints(customer_key, occurred_at);
CREATE INDEX idx_touchpoints_time ON touchpoints(occurred_at);
CREATE INDEX idx_touchpoints_batch ON touchpoints(batch_id);
CREATE UNIQUE INDEX idx_touchpoints_fingerprint ON touchpoints(fingerprint) WHERE fingerprint IS NOT NULL;

CREATE TABLE exchange_rates (
    id INTEGER PRIMARY KEY,
    currency TEXT NOT NULL,
    rate TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    UNIQUE (currency, valid_from)
);

CREATE TABLE import_mappings (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL,
    header_signature TEXT NOT NULL DEFAULT '',
    mapping TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE export_log (
    id INTEGER PRIMARY KEY,
    exported_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    platform TEXT,
    file_name TEXT NOT NULL,
    period_from TEXT,
    period_to TEXT,
    goal TEXT,
    rows INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '{}'
);

-- One line per thing done to the data; never holds contact details.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_audit_at ON audit_log(at);
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    for statement in _split_sql(_INITIAL):
        db.execute(statement)
    for order, spec in enumerate(DEFAULT_CHANNELS):
        db.execute(
            "INSERT INTO channels (name, paid, offline, color, builtin, sort_order)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            [spec.name, int(spec.paid), int(spec.offline), spec.color, order],
        )


# Monthly sums of the conversions that count (see store/report_summary.py), and the triggers that
# mark the (month, goal) pairs any change to conversions or a goal's counting may touch. Every
# month with conversions starts marked; open_database rebuilds marked months.
_CONVERSION_MONTHS = """
-- The summary's refresh and the reports name these indexes; files from early builds lack one.
CREATE INDEX IF NOT EXISTS idx_conversions_report
    ON conversions(status, local_date, goal_id, channel_id, campaign_id, value_minor);
CREATE INDEX IF NOT EXISTS idx_conversions_first_active
    ON conversions(goal_id, customer_key, occurred_at, local_date, channel_id, campaign_id,
    value_minor) WHERE status = 'active';

CREATE TABLE conversion_months (
    month TEXT NOT NULL,
    goal_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    campaign_id INTEGER,
    conversions INTEGER NOT NULL,
    value_minor INTEGER NOT NULL
);
CREATE INDEX idx_conversion_months
    ON conversion_months(month, goal_id, channel_id, campaign_id, conversions, value_minor);

CREATE TABLE conversion_months_stale (
    month TEXT NOT NULL,
    goal_id INTEGER NOT NULL,
    PRIMARY KEY (month, goal_id)
) WITHOUT ROWID;

-- A changed row's own month, and the month of the earliest other active conversion of its
-- customer and goal when the goal counts one per customer (its counting may switch).
CREATE TRIGGER conversions_summary_insert AFTER INSERT ON conversions BEGIN
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        VALUES (substr(NEW.local_date, 1, 7), NEW.goal_id);
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        SELECT substr(p.local_date, 1, 7), p.goal_id FROM conversions p
        WHERE NEW.customer_key IS NOT NULL AND p.goal_id = NEW.goal_id
        AND p.customer_key = NEW.customer_key AND p.status = 'active' AND p.id <> NEW.id
        AND (SELECT counting FROM goals WHERE id = NEW.goal_id) = 'one_per_customer'
        ORDER BY p.occurred_at, p.id LIMIT 1;
END;

CREATE TRIGGER conversions_summary_delete AFTER DELETE ON conversions BEGIN
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        VALUES (substr(OLD.local_date, 1, 7), OLD.goal_id);
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        SELECT substr(p.local_date, 1, 7), p.goal_id FROM conversions p
        WHERE OLD.customer_key IS NOT NULL AND p.goal_id = OLD.goal_id
        AND p.customer_key = OLD.customer_key AND p.status = 'active' AND p.id <> OLD.id
        AND (SELECT counting FROM goals WHERE id = OLD.goal_id) = 'one_per_customer'
        ORDER BY p.occurred_at, p.id LIMIT 1;
END;

CREATE TRIGGER conversions_summary_update AFTER UPDATE OF
    id, goal_id, local_date, occurred_at, status, customer_key, channel_id, campaign_id,
    value_minor ON conversions BEGIN
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        VALUES (substr(OLD.local_date, 1, 7), OLD.goal_id);
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        VALUES (substr(NEW.local_date, 1, 7), NEW.goal_id);
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        SELECT substr(p.local_date, 1, 7), p.goal_id FROM conversions p
        WHERE OLD.customer_key IS NOT NULL AND p.goal_id = OLD.goal_id
        AND p.customer_key = OLD.customer_key AND p.status = 'active' AND p.id <> NEW.id
        AND (SELECT counting FROM goals WHERE id = OLD.goal_id) = 'one_per_customer'
        ORDER BY p.occurred_at, p.id LIMIT 1;
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        SELECT substr(p.local_date, 1, 7), p.goal_id FROM conversions p
        WHERE NEW.customer_key IS NOT NULL AND p.goal_id = NEW.goal_id
        AND p.customer_key = NEW.customer_key AND p.status = 'active' AND p.id <> NEW.id
        AND (SELECT counting FROM goals WHERE id = NEW.goal_id) = 'one_per_customer'
        ORDER BY p.occurred_at, p.id LIMIT 1;
END;

CREATE TRIGGER goals_summary_counting AFTER UPDATE OF counting ON goals
    WHEN OLD.counting IS NOT NEW.counting BEGIN
    INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)
        SELECT DISTINCT substr(local_date, 1, 7), goal_id FROM conversions WHERE goal_id = NEW.id;
END;

INSERT INTO conversion_months_stale (month, goal_id)
    SELECT DISTINCT substr(local_date, 1, 7), goal_id FROM conversions;
"""


@migrations(name="0002_conversion_months")
def m0002_conversion_months(db: Database) -> None:
    for statement in _split_sql(_CONVERSION_MONTHS):
        db.execute(statement)


# A spend record's platform-reported value in the currency the platform reported it in, so a
# changed exchange rate re-prices it like the cost. NULL for records stored before this column in
# another currency than the business's: their original is not known, and they keep their value.
@migrations(name="0003_spend_original_platform_value")
def m0003_spend_original_platform_value(db: Database) -> None:
    db.execute("ALTER TABLE spend ADD COLUMN original_platform_value_minor INTEGER")
    db.execute(
        "UPDATE spend SET original_platform_value_minor = platform_value_minor"
        " WHERE original_currency = currency OR platform_value_minor = 0"
    )


# Campaigns: where their channel comes from (PRODUCT.md: explicit, learned from their tagged
# rows, or none yet), the goal they work for and what their budget covers. Goals: gross margin
# (a decimal fraction as text, exact) and their names in each ad platform.
_CAMPAIGN_CHANNEL_SOURCE = """
ALTER TABLE campaigns ADD COLUMN channel_source TEXT NOT NULL DEFAULT 'explicit'
    CHECK (channel_source IN ('explicit', 'learned', 'none'));
UPDATE campaigns SET channel_source = 'none'
    WHERE channel_id = (SELECT id FROM channels WHERE name = 'Unassigned');
ALTER TABLE campaigns ADD COLUMN goal_id INTEGER REFERENCES goals(id);
ALTER TABLE campaigns ADD COLUMN budget_period TEXT NOT NULL DEFAULT 'month'
    CHECK (budget_period IN ('month', 'campaign'));
ALTER TABLE goals ADD COLUMN margin TEXT;
ALTER TABLE goals ADD COLUMN google_ads_name TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN meta_name TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN microsoft_name TEXT NOT NULL DEFAULT '';
-- A campaign learns its channel from its rows (importing.context.learn_channels).
CREATE INDEX idx_touchpoints_campaign ON touchpoints(campaign_id, channel_id)
    WHERE campaign_id IS NOT NULL;
UPDATE goals SET google_ads_name = COALESCE(json_extract(platform_names, '$[0]'), '')
    WHERE json_valid(platform_names) AND json_array_length(platform_names) > 0;
"""


@migrations(name="0004_campaign_channel_source")
def m0004_campaign_channel_source(db: Database) -> None:
    for statement in _split_sql(_CAMPAIGN_CHANNEL_SOURCE):
        db.execute(statement)


# Erasing a person and purging old records: deleting a conversion sets its touchpoints'
# conversion_id to NULL (the foreign key), which without an index scans every touchpoint once per
# deleted conversion; and a person is found by the hashes of their contacts.
_PRIVACY_INDEXES = """
CREATE INDEX idx_touchpoints_conversion ON touchpoints(conversion_id)
    WHERE conversion_id IS NOT NULL;
CREATE INDEX idx_conversions_email_hash ON conversions(email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX idx_conversions_phone_hash ON conversions(phone_hash) WHERE phone_hash IS NOT NULL;
"""


@migrations(name="0005_privacy_indexes")
def m0005_privacy_indexes(db: Database) -> None:
    for statement in _split_sql(_PRIVACY_INDEXES):
        db.execute(statement)


# Upload files for the ad platforms (PRODUCT.md: offline conversion upload formats). Meta
# normalises contacts differently from Google (gmail dots kept, phones without `+`), so its
# hashes are kept beside Google's. `uploads` is the ledger: one line per conversion sent to a
# platform, with the value and status it had then (what a later adjustment compares with).
_UPLOADS = """
ALTER TABLE conversions ADD COLUMN meta_email_hash TEXT;
ALTER TABLE conversions ADD COLUMN meta_phone_hash TEXT;
CREATE INDEX idx_conversions_meta_email_hash ON conversions(meta_email_hash)
    WHERE meta_email_hash IS NOT NULL;
CREATE INDEX idx_conversions_meta_phone_hash ON conversions(meta_phone_hash)
    WHERE meta_phone_hash IS NOT NULL;
CREATE INDEX idx_touchpoints_click ON touchpoints(click_id, occurred_at)
    WHERE click_id IS NOT NULL;
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    export_id INTEGER NOT NULL REFERENCES export_log(id),
    conversion_id INTEGER NOT NULL REFERENCES conversions(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    value_minor INTEGER,
    currency TEXT,
    status TEXT NOT NULL,
    adjustment TEXT
);
CREATE INDEX idx_uploads_conversion ON uploads(conversion_id, platform, sent_at);
CREATE INDEX idx_uploads_export ON uploads(export_id);
"""


@migrations(name="0006_uploads")
def m0006_uploads(db: Database) -> None:
    for statement in _split_sql(_UPLOADS):
        db.execute(statement)


# Tracking-health findings the user dismissed (until the finding changes: `signature`) or
# snoozed (until a day).
_HEALTH = """
CREATE TABLE health_dismissed (
    check_id TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    until TEXT,
    dismissed_at TEXT NOT NULL
);
"""


@migrations(name="0007_health_dismissed")
def m0007_health_dismissed(db: Database) -> None:
    for statement in _split_sql(_HEALTH):
        db.execute(statement)


# The tracking check for Unassigned tags reads the last 30 days of visits that landed in
# Unassigned: through the time index alone it looked up every visit of those days (0.5 s of 5M
# touchpoints). A partial index holds the Unassigned ones only, so it stays small and costs an
# import of visits next to nothing. Its WHERE names the channel's id; the query repeats it as
# a literal (services.health._unassigned_tags), which every SQLite matches to the index (newer
# ones also match a bound value).
@migrations(name="0008_unassigned_touchpoints")
def m0008_unassigned_touchpoints(db: Database) -> None:
    found = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()
    if found is None:
        return
    script = f"""
DROP INDEX IF EXISTS idx_touchpoints_unassigned;
CREATE INDEX idx_touchpoints_unassigned ON touchpoints(occurred_at)
    WHERE channel_id = {int(found[0])};
"""
    for statement in _split_sql(script):
        db.execute(statement)


# The Campaigns page lists every campaign with its spend to date (store.campaigns.list_campaigns)
# on each visit and change: through the unique (campaign, period) index alone the sum looked up
# every spend row in the table (20 ms for three years of 50 campaigns' days on the GUI thread);
# from an index that holds the cost too it reads the index only (8 ms).
@migrations(name="0009_spend_campaign_totals")
def m0009_spend_campaign_totals(db: Database) -> None:
    script = "CREATE INDEX IF NOT EXISTS idx_spend_campaign_cost ON spend(campaign_id, cost_minor);"
    for statement in _split_sql(script):  # as every migration's script (the fault tests hook it)
        db.execute(statement)


def _split_sql(script: str) -> list[str]:
    """Statements of a script (executescript would commit the migration's transaction); a
    trigger's body stays whole."""
    statements, current = [], []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        current.append(line)
        if sqlite3.complete_statement("\n".join(current)):
            statements.append("\n".join(current))
            current = []
    return [s for s in statements if s.strip()]


if (
    tuple(m.name for m in migrations._migrations) != MIGRATION_NAMES
    or migrations.migrations_table != MIGRATIONS_TABLE
):
    raise RuntimeError("A new migration is named in MIGRATION_NAMES of store/schema_version.py.")
