"""Contacts as the app may keep them where they do not belong: masked, still recognisable.

`jane.doe@example.com` -> `j•••@example.com`; `+49 170 1234567` -> `+49•••67`. The audit log,
import problems and the log file hold only these forms (issue: data safety and privacy).
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def mask_email(text: str) -> str:
    """Every e-mail address in `text`, masked."""
    return _EMAIL.sub(lambda m: f"{m.group(1)}•••@{m.group(2)}", text)


def mask_phone(text: str) -> str:
    """A phone number: its first two and last two digits."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 5:
        return "•••"
    return ("+" if text.strip().startswith("+") else "") + digits[:2] + "•••" + digits[-2:]


def mask_contacts(text: str, phone: bool = False) -> str:
    """E-mail addresses masked anywhere; the whole text masked as a phone when `phone`."""
    return mask_phone(text) if phone and text else mask_email(text)
