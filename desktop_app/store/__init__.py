"""The one package that owns SQLite: connection, migrations, settings, channels, backups."""

from desktop_app.store.connection import (
    DatabaseLockedError,
    FutureDatabaseError,
    StoreError,
    close_database,
    default_database_path,
    demo_database_path,
    open_database,
)
from desktop_app.store.handle import Database

__all__ = [
    "Database",
    "DatabaseLockedError",
    "FutureDatabaseError",
    "StoreError",
    "close_database",
    "default_database_path",
    "demo_database_path",
    "open_database",
]
