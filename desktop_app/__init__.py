"""Conversion Tracker: which marketing channels bring leads and sales, on the owner's laptop."""

__version__ = "0.1.0"
APP_NAME = "Conversion Tracker"
ORG_NAME = "Conversion Tracker"
