"""Qt table models, one per table the app shows. They follow one template (ui/models/row_table.py:
column constants, a sort role, a row-object role, resets around reloads); the Conversions model
fetches its rows page by page."""
