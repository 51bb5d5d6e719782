"""The data version this version of the app writes, kept apart from the migrations.

A look at a file's version (is it current, newer, in need of an upgrade?) then needs neither
the migrations nor sqlite-utils, which the command line's reports do without. `schema.py`
refuses to load when its migrations and these names disagree."""

SCHEMA_VERSION = 9  # SQLite's user_version after the last migration: one per migration
MIGRATION_SET = "conversion_tracker"
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records the migrations applied
