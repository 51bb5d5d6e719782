"""The attribution models: one table of their names and how the app, the CLI and the workbook
spell them, in the order every list shows them (no numpy: start-up reads it)."""

from __future__ import annotations

from typing import NamedTuple


class ModelSpelling(NamedTuple):
    name: str  # the key: `--model`, JSON, settings
    label: str  # the full name: menus, tooltips, the workbook, the README
    header: str  # a table column where seven stand side by side
    two_lines: str  # the same header over two lines (keeps the columns narrow)
    cli: str  # the command line's narrow column


MODELS: tuple[ModelSpelling, ...] = (
    ModelSpelling("last_touch", "Last touch", "Last touch", "Last\ntouch", "Last touch"),
    ModelSpelling("last_non_direct", "Last non-direct touch", "Last non-direct",
                  "Last non-\ndirect", "Non-direct"),
    ModelSpelling("first_touch", "First touch", "First touch", "First\ntouch", "First touch"),
    ModelSpelling("linear", "Linear", "Linear", "\nLinear", "Linear"),
    ModelSpelling("time_decay", "Time decay", "Time decay", "Time\ndecay", "Time decay"),
    ModelSpelling("position_based", "Position-based", "Position-based", "Position-\nbased",
                  "Position"),
    ModelSpelling("markov", "Data-driven (Markov chain)", "Data-driven", "Data-\ndriven",
                  "Markov"),
)  # fmt: skip
MODEL_LABELS: dict[str, str] = {m.name: m.label for m in MODELS}
MODEL_HEADERS: dict[str, str] = {m.name: m.header for m in MODELS}
MODEL_TWO_LINES: dict[str, str] = {m.name: m.two_lines for m in MODELS}
MODEL_CLI: dict[str, str] = {m.name: m.cli for m in MODELS}
MODEL_NAMES: tuple[str, ...] = tuple(MODEL_LABELS)
DEFAULT_MODEL = "last_non_direct"
