"""How report figures read on screen: the one formatter (domain/formatting.py), in the user's
locale once `locale_numbers.apply_locale` has run."""

from desktop_app.domain.formatting import count, money, percent, roas

__all__ = ["count", "money", "percent", "roas"]
