"""Exports: the Excel report workbook and ad-platform upload files (no Qt)."""
