"""Reusable widgets of the report pages."""
