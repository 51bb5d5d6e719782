"""State the report pages share, none of it a Qt model: the chosen date range (`range.py`), the
attribution model reports credit with (`model_choice.py`), the loader that computes a page's data
off the GUI thread and keeps only the latest request (`loader.py`), and the figures' text in the
user's locale (`format.py`, over domain/formatting.py)."""
