"""State the report pages share, none of it a Qt model: the chosen date range (`range.py`), the
attribution model reports credit with (`model_choice.py`), and the loader that computes a page's
data off the GUI thread and keeps only the latest request (`loader.py`). Figures are written by
domain/formatting.py, in the user's locale."""
