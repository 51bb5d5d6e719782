"""The attribution models by name, in the order every list shows them (no numpy: start-up reads it)."""

from __future__ import annotations

MODEL_LABELS: dict[str, str] = {
    "last_touch": "Last touch",
    "last_non_direct": "Last non-direct touch",
    "first_touch": "First touch",
    "linear": "Linear",
    "time_decay": "Time decay",
    "position_based": "Position based",
    "markov": "Data-driven (Markov chain)",
}
MODEL_NAMES: tuple[str, ...] = tuple(MODEL_LABELS)
DEFAULT_MODEL = "last_non_direct"
