"""The app's frame: starting Qt (`app.py`), the main window with its sidebar, menus and banners
(`main_window.py`), the open database and what the pages share (`context.py`), the menu actions
that open a feature from anywhere (`log_action.py`, `export_action.py`), the last-resort error
dialog (`errors.py`) and the installer's self-test (`selftest.py`)."""
