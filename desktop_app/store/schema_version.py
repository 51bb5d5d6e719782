"""The data version this version of the app writes, kept apart from the migrations.

A look at a file's version (is it current, newer, in need of an upgrade?) then needs neither
the migrations nor sqlite-utils, which the command line's reads do without. `schema.py`
refuses to load when its migrations and these names disagree."""

MIGRATION_SET = "conversion_tracker"
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records the migrations applied
# The migrations of store/schema.py, in order: a new one is added here too.
MIGRATION_NAMES = (
    "0001_initial",
    "0002_conversion_months",
    "0003_spend_original_platform_value",
    "0004_campaign_channel_source",
    "0005_privacy_indexes",
    "0006_uploads",
    "0007_health_dismissed",
    "0008_unassigned_touchpoints",
    "0009_spend_campaign_totals",
)
SCHEMA_VERSION = len(MIGRATION_NAMES)  # SQLite's user_version after the last migration
