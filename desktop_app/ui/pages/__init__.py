"""The sidebar's pages, one module each, loaded when first shown (`registry.py` lists them).
Report pages (`range_page.py`) share the date range and compute their data off the GUI thread
through `services/`; every page asks the store, never SQLite."""
