"""Text for CSV files and the clipboard that a spreadsheet will not run as a formula.

OWASP's rule for CSV injection: a text field that starts with `=`, `+`, `-`, `@`, tab or carriage
return gets a leading apostrophe (and the CSV writer quotes it where needed); numbers are written
as numbers and never changed. Upload files for the ad platforms are exempt: they must hold the
exact values."""

from __future__ import annotations

# What makes a spreadsheet read text as a formula. Kept here, free of openpyxl, so the pages
# that copy tables to the clipboard load without the Excel library (about 250 ms).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """`=HYPERLINK(...)` -> `'=HYPERLINK(...)`; other text unchanged."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
